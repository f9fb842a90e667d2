//! `pom.xml`: `groupId`/`artifactId`/`version` of CDKTF dependencies, a version held in
//! `<properties>` changed there.

use std::collections::BTreeMap;
use std::ops::Range;

use super::{raise_exact_constructs, Migration};
use crate::manifest::xml;

pub(super) fn migrate(m: &mut Migration) {
    let text = m.text;
    let Ok(root) = xml::parse(text) else { return };
    let all = root.descendants();
    let properties: BTreeMap<&str, &xml::Element> = root
        .child("properties")
        .map(|p| p.children.iter().map(|c| (c.name.as_str(), c)).collect())
        .unwrap_or_default();
    let mut constructs = Vec::new();
    let mut any = false;
    // Property → the version the migrated dependencies that use it need, and how many do.
    let mut property_versions: BTreeMap<String, (&'static str, Range<usize>)> = BTreeMap::new();
    let mut property_uses: BTreeMap<String, (usize, Range<usize>)> = BTreeMap::new();
    for dep in all.iter().filter(|e| e.name == "dependency") {
        let (Some(g), Some(a)) = (dep.child("groupId"), dep.child("artifactId")) else {
            continue;
        };
        let (Some((group, group_r)), Some((artifact, artifact_r))) = (g.text(text), a.text(text))
        else {
            continue;
        };
        if let Some(c) = m
            .constructs()
            .filter(|c| c.maven_parts() == Some((group, artifact)))
        {
            if let Some((v, r)) = dep.child("version").and_then(|v| v.text(text)) {
                constructs.push((r, v.to_string(), c.maven));
            }
            continue;
        }
        let Some((new, new_group, new_artifact)) = m.maven_target(group, artifact, &artifact_r)
        else {
            continue;
        };
        any = true;
        m.edit(group_r, new_group);
        m.edit(artifact_r.clone(), new_artifact);
        let version = dep.child("version").and_then(|v| v.text(text));
        match version {
            Some((v, r)) if v.starts_with("${") && v.ends_with('}') => {
                let prop = &v[2..v.len() - 1];
                match properties.get(prop).and_then(|p| p.text(text)) {
                    Some((pv, pr)) => {
                        match property_versions.get(prop) {
                            Some((other, _)) if *other != new.version => m.block(
                                r.clone(),
                                format!("the property `{prop}` sets the version of packages whose CDK Terrain versions differ ({other} and {}): give each its own", new.version),
                            ),
                            _ => {
                                property_versions.insert(prop.to_string(), (new.version, pr));
                            }
                        }
                        property_uses.entry(prop.to_string()).or_insert((0, r)).0 += 1;
                        m.change(
                            &format!("{group}:{artifact}"),
                            &format!("{pv} (`{prop}`)"),
                            new.maven,
                            new.version,
                        );
                    }
                    None => m.block(
                        r,
                        format!("the version `{v}` is not a property of this pom.xml: set it to {} by hand", new.version),
                    ),
                }
            }
            Some((v, r)) => {
                m.edit(r, new.version);
                m.change(&format!("{group}:{artifact}"), v, new.maven, new.version);
            }
            None => m.change(&format!("{group}:{artifact}"), "", new.maven, ""),
        }
    }
    // A property that something else uses too (another dependency, a plugin) would change it.
    for (prop, (uses, at)) in property_uses {
        if text.matches(&format!("${{{prop}}}")).count() > uses {
            m.block(
                at,
                format!("the property `{prop}` also sets versions that are not CDKTF's: give the CDKTF dependencies a version of their own"),
            );
        }
    }
    for (_, (version, range)) in property_versions {
        m.edit(range, version);
    }
    if any {
        raise_exact_constructs(m, constructs);
    }
}
