//! `cdktf.json` keeps its name (the cdktn CLI reads it): the names of CDKTF packages in `app`,
//! `terraformProviders` and `terraformModules` change, and the prebuilt providers CDK Terrain
//! publishes no package of join `terraformProviders`, for `cdktn get` to generate.

use super::{Migration, Target};
use crate::index::Family;
use crate::manifest::json;

/// `cdktf.json` keeps its name (the cdktn CLI reads it); in `app` and the provider and module
/// entries, the names of CDKTF packages change.
pub(super) fn migrate(m: &mut Migration) {
    let Some(doc) = json::parse(m.text) else {
        return;
    };
    let mut strings: Vec<&json::Node> = Vec::new();
    for key in ["app", "terraformProviders", "terraformModules"] {
        let Some(node) = doc.get(key) else { continue };
        let mut stack = vec![node];
        while let Some(n) = stack.pop() {
            match &n.value {
                json::Value::String(_) => strings.push(n),
                json::Value::Array(items) => stack.extend(items.iter()),
                json::Value::Object(members) => stack.extend(members.iter().map(|mm| &mm.value)),
                json::Value::Other => {}
            }
        }
    }
    strings.sort_by_key(|n| n.range.start);
    for n in strings {
        let s = n.as_str().unwrap_or_default();
        let mut out = s.to_string();
        for old in m
            .versions
            .packages
            .iter()
            .filter(|p| p.family == Family::Cdktf)
        {
            for (name, python) in [
                (old.npm, false),
                (old.pypi, true),
                (old.python_module, true),
            ] {
                if name.is_empty() || !contains_word(&out, name) {
                    continue;
                }
                match m.target(old, python) {
                    Target::Blocked(why) => m.block(n.range.clone(), why),
                    Target::New(new) => {
                        let to = match (name == old.npm, name == old.pypi) {
                            (true, _) => new.npm,
                            (_, true) => new.pypi,
                            _ => new.python_module,
                        };
                        out = replace_word(&out, name, to);
                        m.plan.changes.push(format!("`{name}` → `{to}`"));
                    }
                }
            }
        }
        if out != s {
            m.edit(n.inner(), json::escape(&out));
        }
    }
    add_generated(m, &doc);
}

/// The `terraformProviders` entries of the prebuilt providers the project depends on that CDK
/// Terrain publishes no package of (their imports move to the bindings `cdktn get` generates),
/// unless the list names that provider already.
fn add_generated(m: &mut Migration, doc: &json::Node) {
    let Some(app) = m.app else { return };
    let listed = doc.get("terraformProviders");
    let items: &[json::Node] = match listed.map(|l| &l.value) {
        Some(json::Value::Array(items)) => items,
        Some(_) => return, // not a list: left as written
        None => &[],
    };
    // The provider names already listed: `hashicorp/null@~> 3.2`, `null@3.2`, `{"name": "null"}`.
    let names: Vec<String> = items
        .iter()
        .filter_map(|i| {
            let s = i
                .as_str()
                .map(|s| s.split('@').next().unwrap_or(s))
                .or_else(|| i.get("source").and_then(|v| v.as_str()))
                .or_else(|| i.get("name").and_then(|v| v.as_str()))?;
            Some(s.trim().rsplit('/').next().unwrap_or(s).to_lowercase())
        })
        .collect();
    let mut entries: Vec<String> = Vec::new();
    for npm in &app.providers {
        let Some(old) = m.versions.cdktf_by_npm(npm) else {
            continue;
        };
        let Some(entry) = m.generated(old) else {
            continue;
        };
        let name = entry
            .split('@')
            .next()
            .and_then(|s| s.rsplit('/').next())
            .unwrap_or_default()
            .to_lowercase();
        if !names.contains(&name) && !entries.contains(&entry) {
            entries.push(entry);
        }
    }
    if entries.is_empty() {
        return;
    }
    let quoted: Vec<String> = entries
        .iter()
        .map(|e| format!("\"{}\"", json::escape(e)))
        .collect();
    let text = m.text;
    match (listed, items.last()) {
        (Some(list), None) => {
            let inner = list.inner();
            m.plan.edit(inner, quoted.join(", "));
        }
        (Some(_), Some(last)) => {
            // The separator the list uses: its last item's line indentation, or one space.
            let line_start = text[..last.range.start].rfind('\n').map(|n| n + 1);
            let sep = match line_start {
                Some(ls) if text[ls..last.range.start].trim().is_empty() => {
                    format!(",\n{}", &text[ls..last.range.start])
                }
                _ => ", ".to_string(),
            };
            let add: String = quoted.iter().map(|q| format!("{sep}{q}")).collect();
            m.plan.edit(last.range.end..last.range.end, add);
        }
        (None, _) => {
            let Some(last) = doc.members().last() else {
                return;
            };
            let line_start = text[..last.key_range.start].rfind('\n').map(|n| n + 1);
            let (sep, indent) = match line_start {
                Some(ls) if text[ls..last.key_range.start].trim().is_empty() => {
                    (",\n", &text[ls..last.key_range.start])
                }
                _ => (", ", ""),
            };
            m.plan.edit(
                last.value.range.end..last.value.range.end,
                format!(
                    "{sep}{indent}\"terraformProviders\": [{}]",
                    quoted.join(", ")
                ),
            );
        }
    }
    for e in &entries {
        m.plan.changes.push(format!("`terraformProviders` + `{e}`"));
    }
    m.plan.changes.push(format!(
        "run `cdktn get` to generate {} bindings",
        if entries.len() == 1 { "its" } else { "their" }
    ));
}

fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '@' | '.')
}

/// Occurrences of `name` not inside a longer package name (`cdktf` in `cdktf-cli` is not one;
/// a `/` may follow: `@cdktf/provider-aws/lib/vpc`).
fn word_starts(s: &str, name: &str) -> Vec<usize> {
    s.match_indices(name)
        .map(|(i, _)| i)
        .filter(|&i| {
            let before = s[..i].chars().last();
            let after = s[i + name.len()..].chars().next();
            before.is_none_or(|c| !is_name_char(c) && c != '/')
                && after.is_none_or(|c| !is_name_char(c) || c == '.' && !name.contains('-'))
        })
        .collect()
}

fn contains_word(s: &str, name: &str) -> bool {
    !word_starts(s, name).is_empty()
}

fn replace_word(s: &str, name: &str, to: &str) -> String {
    let mut out = String::new();
    let mut last = 0;
    for i in word_starts(s, name) {
        out.push_str(&s[last..i]);
        out.push_str(to);
        last = i + name.len();
    }
    out.push_str(&s[last..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn package_words_are_renamed_whole() {
        assert_eq!(
            replace_word(
                "ts-node -r @cdktf/provider-aws/lib/x main.ts",
                "@cdktf/provider-aws",
                "@cdktn/provider-aws"
            ),
            "ts-node -r @cdktn/provider-aws/lib/x main.ts"
        );
        assert!(!contains_word("cdktf-cli", "cdktf"));
        assert!(contains_word(
            "python -m cdktf_cdktf_provider_aws.x",
            "cdktf_cdktf_provider_aws"
        ));
    }
}
