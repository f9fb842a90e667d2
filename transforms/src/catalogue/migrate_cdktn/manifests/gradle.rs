//! `build.gradle` / `build.gradle.kts`: CDKTF dependencies as `'group:artifact:version'` or in
//! the map notation.

use std::ops::Range;

use super::Migration;
use crate::manifest::gradle;

/// A dependency of a Gradle script: `'group:artifact:version'` (any configuration, Groovy or
/// Kotlin) or the map notation `group: 'g', name: 'a', version: 'v'` (Kotlin: `group = "g", ...`).
struct GradleDependency<'t> {
    /// The index of its first literal and how many it spans.
    literals: Range<usize>,
    group: (&'t str, Range<usize>),
    artifact: (&'t str, Range<usize>),
    version: Option<(&'t str, Range<usize>)>,
}

fn gradle_dependencies<'t>(text: &'t str, literals: &[Range<usize>]) -> Vec<GradleDependency<'t>> {
    let lit = |l: &Range<usize>| (&text[l.clone()], l.clone());
    // The text between two literals, quotes and all, is `, <key>:` or `, <key> =`.
    let keyed = |a: &Range<usize>, b: &Range<usize>, key: &str| {
        let between = text[a.end..b.start]
            .trim_start_matches(['\'', '"'])
            .trim_end_matches(['\'', '"'])
            .trim();
        between
            .strip_prefix(',')
            .and_then(|r| r.trim_start().strip_prefix(key))
            .and_then(|r| r.trim_start().strip_prefix([':', '=']))
            .is_some_and(|r| r.trim().is_empty())
    };
    let mut found = Vec::new();
    let mut i = 0;
    while i < literals.len() {
        let l = &literals[i];
        if let Some(parts) = gradle::coordinates(&text[l.clone()]) {
            let at = |r: &Range<usize>| l.start + r.start..l.start + r.end;
            found.push(GradleDependency {
                literals: i..i + 1,
                group: (parts[0].0, at(&parts[0].1)),
                artifact: (parts[1].0, at(&parts[1].1)),
                version: parts.get(2).map(|(v, r)| (*v, at(r))),
            });
        } else if let Some(name) = literals.get(i + 1).filter(|n| keyed(l, n, "name")) {
            let version = literals.get(i + 2).filter(|v| keyed(name, v, "version"));
            found.push(GradleDependency {
                literals: i..i + 2 + usize::from(version.is_some()),
                group: lit(l),
                artifact: lit(name),
                version: version.map(lit),
            });
            i += 1 + usize::from(version.is_some());
        }
        i += 1;
    }
    found
}

/// Gradle: the CDKTF dependencies of `build.gradle` / `build.gradle.kts`, in either notation.
/// Gradle resolves a version conflict to the highest version asked for, so `constructs` is left
/// as it is (cdktn's own requirement outranks an older one); a version that comes from a variable
/// (`"io.x:y:$v"`) cannot be changed here, so the script is reported and left whole.
pub(super) fn migrate(m: &mut Migration) {
    let text = m.text;
    let Ok(literals) = gradle::literals(text) else {
        return;
    };
    let dependencies = gradle_dependencies(text, &literals);
    // A string naming CDKTF's group outside any dependency read here (`name:` before `group:`,
    // an artifact from a variable): migrating the rest would leave the build half on CDKTF.
    let mut read = vec![false; literals.len()];
    for dep in &dependencies {
        read[dep.literals.clone()].fill(true);
    }
    for (l, _) in literals.iter().zip(read).filter(|(_, read)| !read) {
        let s = &text[l.clone()];
        if s == "com.hashicorp" || s.starts_with("com.hashicorp:") {
            m.block(
                l.clone(),
                format!("`{s}` names a CDKTF dependency in a form this transform does not read: write it as `'group:artifact:version'` or migrate it by hand"),
            );
        }
    }
    for dep in dependencies {
        let ((group, group_r), (artifact, artifact_r)) = (dep.group, dep.artifact);
        let Some((new, new_group, new_artifact)) = m.maven_target(group, artifact, &artifact_r)
        else {
            continue;
        };
        let name = format!("{group}:{artifact}");
        match dep.version {
            Some((v, r)) if v.contains('$') => m.block(
                r,
                format!(
                    "the version `{v}` of `{name}` comes from a variable: set `{}` {} by hand",
                    new.maven, new.version
                ),
            ),
            Some((v, r)) => {
                m.edit(group_r, new_group);
                m.edit(artifact_r, new_artifact);
                m.edit(r, new.version);
                m.change(&name, v, new.maven, new.version);
            }
            None => {
                m.edit(group_r, new_group);
                m.edit(artifact_r, new_artifact);
                m.change(&name, "", new.maven, "");
            }
        }
    }
}
