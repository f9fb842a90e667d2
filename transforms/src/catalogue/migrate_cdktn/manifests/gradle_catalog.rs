//! A Gradle version catalog (`gradle/libs.versions.toml`): its `[libraries]` entries naming CDKTF
//! packages, and the `[versions]` entries only they use.

use std::collections::BTreeMap;
use std::ops::Range;

use super::{quoted_strings, Migration};
use crate::manifest::gradle;

/// The key a quoted string is the value of on its line (`key = "..."`, `version.ref = "..."`),
/// `None` when it is not (an array element, a second string).
fn toml_key<'t>(text: &'t str, string: &Range<usize>, line_start: usize) -> Option<&'t str> {
    let before = text[line_start..string.start - 1].trim_end();
    let before = before.strip_suffix('=')?.trim_end();
    let key_start = before
        .rfind(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_')))
        .map_or(0, |i| i + 1);
    let key = &before[key_start..];
    (!key.is_empty()).then(|| &text[line_start + key_start..line_start + key_start + key.len()])
}

/// A Gradle version catalog (`gradle/libs.versions.toml`): the `[libraries]` entries naming CDKTF
/// packages, as `"group:artifact:version"` strings or inline tables (`module = "group:artifact"`
/// or `group` and `name`; `version = "..."`, or `version.ref` / `version = { ref = ... }`, whose
/// `[versions]` entry is changed when only CDKTF packages needing the same version use it).
/// An entry in a form not read here (a `[libraries.<alias>]` table, a rich version) is reported
/// and the catalog left whole: migrating part of it would leave the build half on CDKTF.
pub(super) fn migrate(m: &mut Migration) {
    let text = m.text;
    let Ok(doc) = text.parse::<toml::Table>() else {
        return;
    };
    let cdktf = |group: &str, artifact: &str| {
        group == "com.hashicorp" && (artifact == "cdktf" || artifact.starts_with("cdktf-provider-"))
    };
    // What TOML says the catalog holds, to check below that every CDKTF entry was read here.
    let declared = doc
        .get("libraries")
        .and_then(|l| l.as_table())
        .map_or(0, |libs| {
            libs.values()
                .filter(|v| {
                    let (g, a) = match v {
                        toml::Value::String(s) => {
                            let mut p = s.split(':');
                            (p.next().unwrap_or(""), p.next().unwrap_or(""))
                        }
                        toml::Value::Table(t) => match t.get("module").and_then(|x| x.as_str()) {
                            Some(module) => module.split_once(':').unwrap_or((module, "")),
                            None => (
                                t.get("group").and_then(|x| x.as_str()).unwrap_or(""),
                                t.get("name").and_then(|x| x.as_str()).unwrap_or(""),
                            ),
                        },
                        _ => ("", ""),
                    };
                    cdktf(g, a)
                })
                .count()
        });
    let mut table = String::new();
    let mut libraries_at = 0..0;
    let mut read = 0;
    let mut pos = 0;
    // [versions] key → its value; version key → how many entries refer to it (any entry).
    let mut versions: BTreeMap<&str, Range<usize>> = BTreeMap::new();
    let mut refs: BTreeMap<&str, usize> = BTreeMap::new();
    // version key → (the version the CDKTF entries need, where the first refers to it, how many).
    let mut wanted: BTreeMap<&str, (&'static str, Range<usize>, usize)> = BTreeMap::new();
    for line in text.split_inclusive('\n') {
        let start = pos;
        pos += line.len();
        let code = line.trim();
        if code.starts_with('[') {
            table = code.trim_matches(['[', ']', ' ']).to_string();
            if table.starts_with("libraries") && libraries_at.is_empty() {
                libraries_at = start..start + code.len();
            }
            continue;
        }
        let strings = quoted_strings(text, start..start + line.len());
        let keyed: Vec<(&str, Range<usize>)> = strings
            .iter()
            .filter_map(|r| toml_key(text, r, start).map(|k| (k, r.clone())))
            .collect();
        let get = |key: &str| {
            keyed
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, r)| r.clone())
        };
        for (k, r) in &keyed {
            if matches!(*k, "version.ref" | "ref") {
                *refs.entry(&text[r.clone()]).or_default() += 1;
            }
        }
        match table.as_str() {
            "versions" => {
                if let [(key, r)] = keyed.as_slice() {
                    if code.starts_with(key) {
                        versions.insert(key, r.clone());
                    }
                }
            }
            "libraries" => {
                // (group, artifact, literal version) of the entry's one string or its table.
                let (group, artifact, version) = match keyed.as_slice() {
                    [(_, r)] if !code.contains('{') => {
                        let Some(parts) = gradle::coordinates(&text[r.clone()]) else {
                            continue;
                        };
                        let at = |p: &Range<usize>| r.start + p.start..r.start + p.end;
                        (
                            at(&parts[0].1),
                            at(&parts[1].1),
                            parts.get(2).map(|(_, p)| at(p)),
                        )
                    }
                    _ => {
                        let (group, artifact) = match get("module") {
                            Some(r) => {
                                let Some(parts) = gradle::coordinates(&text[r.clone()]) else {
                                    continue;
                                };
                                let at = |p: &Range<usize>| r.start + p.start..r.start + p.end;
                                (at(&parts[0].1), at(&parts[1].1))
                            }
                            None => match (get("group"), get("name")) {
                                (Some(g), Some(a)) => (g, a),
                                _ => continue,
                            },
                        };
                        (group, artifact, get("version"))
                    }
                };
                let (g, a) = (&text[group.clone()], &text[artifact.clone()]);
                if !cdktf(g, a) {
                    continue;
                }
                read += 1;
                // `cdktf` is always indexed: what is not is a `cdktf-provider-*`, blocked.
                let Some((new, new_group, new_artifact)) = m.maven_target(g, a, &artifact) else {
                    continue;
                };
                let name = format!("{g}:{a}");
                let reference = get("version.ref").or_else(|| get("ref"));
                match (version, reference) {
                    (Some(v), _) => {
                        m.edit(v.clone(), new.version);
                        m.change(&name, &text[v], new.maven, new.version);
                    }
                    (None, Some(r)) => {
                        let key = &text[r.clone()];
                        match wanted.get_mut(key) {
                            Some((other, _, _)) if *other != new.version => m.block(
                                r,
                                format!("the version `{key}` is shared by packages whose CDK Terrain versions differ ({other} and {}): give each its own", new.version),
                            ),
                            Some((_, _, uses)) => *uses += 1,
                            None => {
                                wanted.insert(key, (new.version, r, 1));
                            }
                        }
                        let old_version = versions.get(key).map_or("", |v| &text[v.clone()]);
                        m.change(
                            &name,
                            &format!("{old_version} (`{key}`)"),
                            new.maven,
                            new.version,
                        );
                    }
                    // A rich version (`version = { strictly = ... }`, `version.prefer = ...`).
                    (None, None)
                        if keyed.iter().any(|(k, _)| {
                            k.starts_with("version")
                                || matches!(*k, "strictly" | "require" | "prefer" | "reject")
                        }) =>
                    {
                        m.block(
                            artifact,
                            format!("the version of `{name}` is not a plain version or reference: set `{}` {} by hand", new.maven, new.version),
                        );
                        continue;
                    }
                    (None, None) => m.change(&name, "", new.maven, ""),
                }
                m.edit(group, new_group);
                m.edit(artifact, new_artifact);
            }
            _ => {}
        }
    }
    for (key, (version, at, uses)) in wanted {
        match versions.get(key) {
            None => m.block(at, format!("the version `{key}` is not a plain entry of `[versions]`: set it to {version} by hand")),
            Some(_) if refs.get(key).copied().unwrap_or(0) > uses => m.block(
                at,
                format!("the version `{key}` also sets versions that are not CDKTF's: give the CDKTF libraries a version of their own"),
            ),
            Some(r) => m.edit(r.clone(), version),
        }
    }
    if declared > read {
        m.block(
            libraries_at,
            match declared - read {
                1 => "a CDKTF library is declared in a form this transform does not read (a `[libraries.<alias>]` table?): migrate it by hand".to_string(),
                n => format!("{n} CDKTF libraries are declared in a form this transform does not read (`[libraries.<alias>]` tables?): migrate them by hand"),
            },
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_toml_string_is_known_by_the_key_it_is_the_value_of() {
        let keys = |line: &str| -> Vec<Option<String>> {
            quoted_strings(line, 0..line.len())
                .iter()
                .map(|r| toml_key(line, r, 0).map(str::to_string))
                .collect()
        };
        assert_eq!(keys(r#"cdktf = "0.21.0""#), [Some("cdktf".to_string())]);
        assert_eq!(
            keys(r#"aws = { group = "g", name="a", version.ref = "k" }"#),
            [
                Some("group".into()),
                Some("name".into()),
                Some("version.ref".into())
            ]
        );
        assert_eq!(keys(r#"deps = ["a", "b"]"#), [None, None]);
        // A quoted key is not read (a catalog entry under one is then reported as unread).
        assert_eq!(keys(r#""quoted-key" = "v""#), [None, None]);
    }
}
