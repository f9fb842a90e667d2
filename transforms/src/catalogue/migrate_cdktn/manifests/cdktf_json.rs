//! `cdktf.json` keeps its name (the cdktn CLI reads it): the names of CDKTF packages in `app`,
//! `terraformProviders` and `terraformModules` change.

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
