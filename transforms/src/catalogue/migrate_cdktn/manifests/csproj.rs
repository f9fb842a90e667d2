//! `*.csproj`: the ids and versions of CDKTF `PackageReference`s.

use super::{raise_exact_constructs, unindexed, Migration, Target};
use crate::manifest::xml;

pub(super) fn migrate(m: &mut Migration) {
    let text = m.text;
    let Ok(root) = xml::parse(text) else { return };
    let mut constructs = Vec::new();
    let mut any = false;
    for r in root
        .descendants()
        .into_iter()
        .filter(|e| e.name == "PackageReference")
    {
        let Some((id, id_r)) = r.attr(text, "Include").or_else(|| r.attr(text, "Update")) else {
            continue;
        };
        if let Some(c) = m.constructs().filter(|c| c.nuget.eq_ignore_ascii_case(id)) {
            let version = r
                .attr(text, "Version")
                .or_else(|| r.child("Version").and_then(|v| v.text(text)));
            if let Some((v, vr)) = version {
                constructs.push((vr, v.to_string(), c.nuget));
            }
            continue;
        }
        let Some(old) = m.versions.cdktf_by_nuget(id) else {
            if id
                .to_ascii_lowercase()
                .starts_with("hashicorp.cdktf.providers.")
            {
                m.block(id_r, unindexed(id));
            }
            continue;
        };
        let new = match m.target(old, false) {
            Target::Blocked(why) => {
                m.block(id_r, why);
                continue;
            }
            Target::New(new) => new,
        };
        any = true;
        m.edit(id_r, new.nuget);
        let version = r
            .attr(text, "Version")
            .or_else(|| r.child("Version").and_then(|v| v.text(text)));
        match version {
            Some((v, vr)) => {
                m.edit(vr, new.version);
                m.change(id, v, new.nuget, new.version);
            }
            None => m.change(id, "", new.nuget, ""),
        }
    }
    if any {
        raise_exact_constructs(m, constructs);
    }
}
