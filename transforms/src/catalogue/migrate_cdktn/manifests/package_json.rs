//! `package.json`: the CDKTF packages of the dependency sections, `constructs` when it reaches
//! outside cdktn's peer range, and with the CLI the `cdktf` commands of `scripts`.

use super::{specs, unindexed, Migration, Target};
use crate::manifest::json;

const NPM_SECTIONS: &[&str] = &[
    "dependencies",
    "devDependencies",
    "peerDependencies",
    "optionalDependencies",
];

pub(super) fn migrate(m: &mut Migration) {
    let Some(doc) = json::parse(m.text) else {
        return;
    };
    let mut cli = false;
    let mut any = false;
    let mut constructs = Vec::new();
    for section in NPM_SECTIONS {
        let Some(deps) = doc.get(section) else {
            continue;
        };
        for member in deps.members() {
            let Some(spec) = member.value.as_str() else {
                continue;
            };
            let name = member.key.as_str();
            if name == "constructs" {
                constructs.push((member.value.inner(), spec.to_string()));
                continue;
            }
            let Some(old) = m.versions.cdktf_by_npm(name) else {
                if name.starts_with("@cdktf/provider-") {
                    m.block(member.key_range.clone(), unindexed(name));
                }
                continue;
            };
            match m.target(old, false) {
                Target::Blocked(why) => m.block(member.key_range.clone(), why),
                Target::New(new) => {
                    any = true;
                    cli |= old.member == "cli";
                    let new_spec = specs::npm(spec, new.version);
                    let key = member.key_range.start + 1..member.key_range.end - 1;
                    m.edit(key, json::escape(new.npm));
                    m.edit(member.value.inner(), json::escape(&new_spec));
                    m.change(name, spec, new.npm, &new_spec);
                }
            }
        }
    }
    if !any {
        return;
    }
    if let Some(c) = m.constructs() {
        for (range, spec) in constructs {
            if let Some(new_spec) = specs::constructs(&spec, c.range, c.version, false) {
                m.edit(range, json::escape(&new_spec));
                m.change("constructs", &spec, "constructs", &new_spec);
            }
        }
    }
    // The cdktn CLI's command is `cdktn`: scripts that ran the replaced `cdktf` CLI follow it.
    if cli {
        if let Some(scripts) = doc.get("scripts") {
            for s in scripts.members() {
                let Some(cmd) = s.value.as_str() else {
                    continue;
                };
                let new = rename_command(cmd);
                if new != cmd {
                    m.edit(s.value.inner(), json::escape(&new));
                    m.plan
                        .changes
                        .push(format!("script `{}`: `cdktf` → `cdktn`", s.key));
                }
            }
        }
    }
}

/// `cdktf` as a command word (`cdktf synth`, `npx cdktf deploy`, `... && cdktf get`) → `cdktn`.
fn rename_command(cmd: &str) -> String {
    let mut out = String::with_capacity(cmd.len());
    let mut rest = cmd;
    while let Some(i) = rest.find("cdktf") {
        let before = rest[..i].chars().last();
        let after = rest[i + 5..].chars().next();
        let word = before.is_none_or(|c| c.is_whitespace() || matches!(c, '&' | ';' | '|' | '('))
            && after.is_none_or(|c| c.is_whitespace() || matches!(c, '&' | ';' | '|' | ')'));
        out.push_str(&rest[..i]);
        out.push_str(if word { "cdktn" } else { "cdktf" });
        rest = &rest[i + 5..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cdktf_commands_are_renamed_whole() {
        assert_eq!(rename_command("cdktf synth"), "cdktn synth");
        assert_eq!(
            rename_command("npm run build && npx cdktf deploy --auto-approve"),
            "npm run build && npx cdktn deploy --auto-approve"
        );
        assert_eq!(rename_command("node cdktf-local.js"), "node cdktf-local.js");
    }
}
