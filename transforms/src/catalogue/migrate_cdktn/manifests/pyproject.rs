//! `Pipfile` and `pyproject.toml` (PEP 621 arrays and Poetry tables).

use super::requirements::{migrate_requirement, raise_constructs, requirement};
use super::{quoted_strings, specs, unindexed, Migration, Target};
use crate::index::versions::normalize_pypi;
use crate::manifest::Manifest;

/// Pipfile and pyproject.toml, read line by line (the `toml` crate checks the result parses):
/// `name = "spec"` / `name = {version = "spec", ...}` in the dependency tables, and the
/// requirement strings of PEP 621 arrays.
pub(super) fn migrate(m: &mut Migration, kind: Manifest) {
    let text = m.text;
    let mut table = String::new();
    let mut in_array = false;
    let mut any = false;
    let mut constructs_pip = Vec::new();
    let mut constructs_poetry = Vec::new();
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        let start = pos;
        pos += line.len();
        let code = line.trim();
        if code.starts_with('[') && !in_array {
            table = code
                .trim_start_matches('[')
                .split(']')
                .next()
                .unwrap_or("")
                .replace([' ', '"'], "");
            continue;
        }
        let table_kind = match (kind, table.as_str()) {
            (Manifest::Pipfile, "packages" | "dev-packages") => Some(false),
            (Manifest::PyProject, t)
                if t == "tool.poetry.dependencies"
                    || t == "tool.poetry.dev-dependencies"
                    || (t.starts_with("tool.poetry.group.") && t.ends_with(".dependencies")) =>
            {
                Some(true)
            }
            _ => None,
        };
        let arrays = kind == Manifest::PyProject
            && matches!(
                table.as_str(),
                "project" | "project.optional-dependencies" | "dependency-groups"
            );
        if arrays {
            // Arrays of requirement strings: `dependencies = [` (PEP 621) or any key in the
            // optional-dependencies and dependency-groups tables.
            let opens = code
                .split_once('=')
                .filter(|(k, v)| {
                    v.trim_start().starts_with('[')
                        && (table != "project" || k.trim() == "dependencies")
                })
                .is_some();
            if opens || in_array {
                for r in quoted_strings(text, start..start + line.len()) {
                    if let Some(req) = requirement(text, r) {
                        any |= migrate_requirement(m, &req, &mut constructs_pip);
                    }
                }
                let (opened, closed) = (code.matches('[').count(), code.matches(']').count());
                in_array = if opens {
                    opened > closed
                } else {
                    in_array && closed < 1 + opened
                };
            }
            continue;
        }
        let Some(poetry) = table_kind else { continue };
        let Some((key, value)) = line.split_once('=') else {
            continue;
        };
        let key_lead = key.len() - key.trim_start().len();
        let raw_key = key.trim();
        let name = raw_key.trim_matches('"').trim_matches('\'');
        let quote = (raw_key.len() - name.len()) / 2;
        let name_range = start + key_lead + quote..start + key_lead + quote + name.len();
        // The version string: the value itself, or `version = "..."` inside an inline table.
        let value_start = start + key.len() + 1;
        let spec_range = {
            let v = value.trim_start();
            if v.starts_with('{') {
                value.find("version").and_then(|i| {
                    let after = &value[i..];
                    let eq = after.find('=')?;
                    quoted_strings(text, value_start + i + eq..value_start + value.len())
                        .into_iter()
                        .next()
                })
            } else {
                quoted_strings(text, value_start..value_start + value.len())
                    .into_iter()
                    .next()
            }
        };
        let spec = spec_range
            .clone()
            .map(|r| text[r].to_string())
            .unwrap_or_default();
        if normalize_pypi(name) == "constructs" {
            if let Some(r) = spec_range {
                if poetry {
                    constructs_poetry.push((r, spec));
                } else {
                    constructs_pip.push((r, spec));
                }
            }
            continue;
        }
        if poetry && name == "python" {
            continue;
        }
        let Some(old) = m.versions.cdktf_by_pypi(name) else {
            if normalize_pypi(name).starts_with("cdktf-cdktf-provider-") {
                m.block(name_range, unindexed(name));
            }
            continue;
        };
        match m.target(old, true) {
            Target::Blocked(why) => m.block(name_range, why),
            Target::New(new) => {
                any = true;
                let new_spec = if poetry {
                    specs::npm(&spec, new.pypi_version)
                } else {
                    specs::pip(&spec, new.pypi_version)
                };
                m.edit(name_range, new.pypi);
                if let Some(r) = spec_range {
                    m.edit(r, new_spec.clone());
                }
                m.change(name, &spec, new.pypi, &new_spec);
            }
        }
    }
    if any {
        raise_constructs(m, constructs_pip, true);
        raise_constructs(m, constructs_poetry, false);
    }
}
