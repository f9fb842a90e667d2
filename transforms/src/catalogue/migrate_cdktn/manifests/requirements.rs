//! `requirements*.txt`, and the PEP 508 requirements that Pipfile and pyproject.toml hold too.

use std::ops::Range;

use super::{specs, unindexed, Migration, Target};
use crate::index::versions::normalize_pypi;

/// One PEP 508 requirement inside `text` at `range` (`name[extras] spec ; marker`).
pub(super) struct Requirement {
    name: String,
    name_range: Range<usize>,
    spec: String,
    spec_range: Range<usize>,
}

pub(super) fn requirement(text: &str, range: Range<usize>) -> Option<Requirement> {
    let s = &text[range.clone()];
    let lead = s.len() - s.trim_start().len();
    let body = &s[lead..];
    let name_len = body
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
        .unwrap_or(body.len());
    if name_len == 0 {
        return None;
    }
    let name_start = range.start + lead;
    let mut pos = lead + name_len;
    // Extras.
    let after = &s[pos..];
    let trimmed = after.trim_start();
    if trimmed.starts_with('[') {
        let close = after.find(']')?;
        pos += close + 1;
    }
    // The specifier runs to a marker, a comment, or the end.
    let tail = &s[pos..];
    let end = tail.find([';', '#']).unwrap_or(tail.len());
    let spec_text = &tail[..end];
    let spec_lead = spec_text.len() - spec_text.trim_start().len();
    let spec = spec_text.trim();
    if spec.starts_with('@') {
        return None; // a direct URL reference
    }
    let spec_start = range.start + pos + spec_lead;
    Some(Requirement {
        name: body[..name_len].to_string(),
        name_range: name_start..name_start + name_len,
        spec: spec.to_string(),
        spec_range: spec_start..spec_start + spec.len(),
    })
}

/// Migrates one requirement; returns whether it named a CDKTF package.
pub(super) fn migrate_requirement(
    m: &mut Migration,
    r: &Requirement,
    constructs: &mut Vec<(Range<usize>, String)>,
) -> bool {
    if normalize_pypi(&r.name) == "constructs" {
        constructs.push((r.spec_range.clone(), r.spec.clone()));
        return false;
    }
    let Some(old) = m.versions.cdktf_by_pypi(&r.name) else {
        if normalize_pypi(&r.name).starts_with("cdktf-cdktf-provider-") {
            m.block(r.name_range.clone(), unindexed(&r.name));
        }
        return false;
    };
    match m.target(old, true) {
        Target::Blocked(why) => {
            m.block(r.name_range.clone(), why);
            false
        }
        Target::New(new) => {
            let new_spec = specs::pip(&r.spec, new.pypi_version);
            m.edit(r.name_range.clone(), new.pypi);
            if !r.spec.is_empty() {
                m.edit(r.spec_range.clone(), new_spec.clone());
            }
            m.change(&r.name, &r.spec, new.pypi, &new_spec);
            true
        }
    }
}

pub(super) fn raise_constructs(
    m: &mut Migration,
    found: Vec<(Range<usize>, String)>,
    pip_style: bool,
) {
    let Some(c) = m.constructs() else { return };
    for (range, spec) in found {
        if spec.is_empty() || spec == "*" {
            continue;
        }
        let target = if pip_style { c.pypi_version } else { c.version };
        if let Some(new_spec) = specs::constructs(&spec, c.range, target, pip_style) {
            m.edit(range, new_spec.clone());
            m.change("constructs", &spec, "constructs", &new_spec);
        }
    }
}

pub(super) fn migrate(m: &mut Migration) {
    let text = m.text;
    let mut any = false;
    let mut constructs = Vec::new();
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        let range = pos..pos + line.trim_end_matches(['\n', '\r']).len();
        pos += line.len();
        let code = line.trim_start();
        if code.is_empty() || code.starts_with('#') || code.starts_with('-') {
            continue;
        }
        if let Some(r) = requirement(text, range) {
            let name_range = r.name_range.clone();
            if migrate_requirement(m, &r, &mut constructs) {
                any = true;
                // pip checks every hash of a file that pins one: the new packages' are unknown
                // here, and a file with the old ones would not install.
                if text.contains("--hash") {
                    m.block(
                        name_range,
                        "this file pins package hashes (`--hash`), which the new packages do not match: change the file it is compiled from (`requirements.in`) and regenerate it with pip-compile".into(),
                    );
                }
            }
        }
    }
    if any {
        raise_constructs(m, constructs, true);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requirements_are_split_into_name_and_specifier() {
        let text = "cdktf[x] >= 0.21.0 ; python_version > '3.9'  # core";
        let r = requirement(text, 0..text.len()).unwrap();
        assert_eq!((r.name.as_str(), r.spec.as_str()), ("cdktf", ">= 0.21.0"));
        assert_eq!(&text[r.spec_range], ">= 0.21.0");
        let plain = "cdktf-cdktf-provider-aws";
        let r = requirement(plain, 0..plain.len()).unwrap();
        assert_eq!((r.name.as_str(), r.spec.as_str()), (plain, ""));
    }
}
