//! `migrate-cdktn` for dependency manifests: the CDKTF packages a manifest names become their
//! CDK Terrain counterparts at the versions of `transforms/providers/versions.tsv`, every other
//! byte kept. A package CDK Terrain does not publish blocks the whole file, as in sources.
//!
//! Here: the `Migration` of one manifest (its targets, edits, blockers and changes) and the
//! dispatch to one module per format; Pipfile and pyproject.toml share `pyproject`, which reads
//! their requirement strings with `requirements`.

mod cdktf_json;
mod csproj;
mod go_mod;
mod gradle;
mod gradle_catalog;
mod package_json;
mod pom;
mod pyproject;
mod requirements;

use std::ops::Range;

use super::{generated, not_generated, specs, unindexed, MigrationPlan};
use crate::context::CdktfApp;
use crate::index::versions::{Package, Versions};
use crate::index::Family;
use crate::manifest::Manifest;
use crate::ParsedFile;

/// The manifest's migration, collected into `plan`.
struct Migration<'a> {
    text: &'a str,
    versions: &'static Versions,
    plan: &'a mut MigrationPlan,
    /// The project's `cdktf.json`, when it has one.
    app: Option<&'a CdktfApp>,
    /// Whether this kind of manifest can drop a prebuilt provider whose bindings `cdktn get`
    /// generates instead (`package.json`, `requirements.txt`; `cdktf.json` lists them).
    generates: bool,
}

/// What a CDKTF package name comes to: its CDK Terrain package, or why there is none.
enum Target {
    New(&'static Package),
    Blocked(String),
}

impl Migration<'_> {
    /// The CDK Terrain counterpart of `old`; `via` names the registry for the message.
    fn target(&self, old: &'static Package, python: bool) -> Target {
        match self.versions.counterpart(old) {
            None => Target::Blocked(format!(
                "CDK Terrain publishes no counterpart of `{}` (it has {}){}",
                if python { old.pypi } else { old.npm },
                published(self.versions),
                not_generated(
                    old.member,
                    if !self.generates {
                        "migrate-cdktn moves a project to generated bindings through `package.json` and `requirements.txt` only"
                    } else {
                        "the project has no `cdktf.json` to list it in"
                    }
                )
            )),
            Some(new) if !fits_core(new, self.versions) => Target::Blocked(format!(
                "`{}` {} asks for `cdktn` {}, not the {} the migration moves to",
                new.npm,
                new.version,
                new.range,
                self.versions
                    .member(Family::Cdktn, "core")
                    .map_or("", |c| c.version)
            )),
            Some(new) if python && new.pypi_version.is_empty() => {
                Target::Blocked(format!("`{}` {} is not on PyPI", new.pypi, new.version))
            }
            Some(new) => Target::New(new),
        }
    }

    /// For a prebuilt CDKTF provider CDK Terrain publishes no package of, in a project with a
    /// `cdktf.json` and a manifest that can drop it: the `terraformProviders` entry whose
    /// bindings `cdktn get` generates instead (`hashicorp/null@~> 3.2`).
    fn generated(&self, old: &'static Package) -> Option<String> {
        if !self.generates || self.app.is_none() || self.versions.counterpart(old).is_some() {
            return None;
        }
        generated(old.member).map(|(entry, _)| entry)
    }

    /// The CDK Terrain package, group and artifact for the Maven coordinates `group:artifact`
    /// (pom.xml, Gradle), or `None`: not a CDKTF package, or one without a counterpart (then
    /// blocked at `artifact_at`, as is a `cdktf-provider-*` the index does not know).
    fn maven_target(
        &mut self,
        group: &str,
        artifact: &str,
        artifact_at: &Range<usize>,
    ) -> Option<(&'static Package, &'static str, &'static str)> {
        let Some(old) = self.versions.cdktf_by_maven(group, artifact) else {
            if group == "com.hashicorp" && artifact.starts_with("cdktf-provider-") {
                self.block(
                    artifact_at.clone(),
                    unindexed(&format!("{group}:{artifact}")),
                );
            }
            return None;
        };
        let new = match self.target(old, false) {
            Target::Blocked(why) => {
                self.block(artifact_at.clone(), why);
                return None;
            }
            Target::New(new) => new,
        };
        let (new_group, new_artifact) = new.maven_parts()?;
        Some((new, new_group, new_artifact))
    }

    fn edit(&mut self, range: Range<usize>, text: impl Into<String>) {
        let text = text.into();
        if self.text[range.clone()] != text {
            self.plan.edit(range, text);
        }
    }

    fn block(&mut self, range: Range<usize>, why: String) {
        self.plan.blockers.push((range, why));
    }

    fn change(&mut self, old: &str, old_spec: &str, new: &str, new_spec: &str) {
        let from = if old_spec.is_empty() {
            format!("`{old}`")
        } else {
            format!("`{old}` {old_spec}")
        };
        let to = if new_spec.is_empty() {
            format!("`{new}`")
        } else {
            format!("`{new}` {new_spec}")
        };
        self.plan.changes.push(format!("{from} → {to}"));
    }

    /// The CDK Terrain `constructs` row and its peer range.
    fn constructs(&self) -> Option<&'static Package> {
        self.versions.member(Family::Cdktn, "constructs")
    }
}

/// Whether a CDK Terrain provider accepts the table's `cdktn` as its peer (npm refuses a peer
/// conflict): its `range` column holds the `cdktn` range it asks for.
fn fits_core(p: &Package, v: &Versions) -> bool {
    let provider = !matches!(p.member, "core" | "cli" | "constructs");
    match v.member(Family::Cdktn, "core") {
        Some(core) if provider && !p.range.is_empty() => specs::within(core.version, p.range),
        _ => true,
    }
}

/// `@cdktn/provider-archive`, ...: the providers the table has for CDK Terrain's core.
fn published(v: &Versions) -> String {
    let names: Vec<String> = v
        .packages
        .iter()
        .filter(|p| p.family == Family::Cdktn && !matches!(p.member, "core" | "cli" | "constructs"))
        .filter(|p| fits_core(p, v))
        .map(|p| format!("`{}`", p.npm))
        .collect();
    names.join(", ")
}

pub(super) fn check(
    file: &ParsedFile,
    kind: Manifest,
    app: Option<&CdktfApp>,
    plan: &mut MigrationPlan,
) {
    let mut m = Migration {
        text: file.text,
        versions: Versions::get(),
        plan,
        app,
        generates: matches!(
            kind,
            Manifest::PackageJson | Manifest::Requirements | Manifest::CdktfJson
        ),
    };
    match kind {
        Manifest::PackageJson => package_json::migrate(&mut m),
        Manifest::CdktfJson => cdktf_json::migrate(&mut m),
        Manifest::Requirements => requirements::migrate(&mut m),
        Manifest::Pipfile | Manifest::PyProject => pyproject::migrate(&mut m, kind),
        Manifest::GoMod => go_mod::migrate(&mut m),
        Manifest::Pom => pom::migrate(&mut m),
        Manifest::Csproj => csproj::migrate(&mut m),
        Manifest::Gradle => gradle::migrate(&mut m),
        Manifest::GradleCatalog => gradle_catalog::migrate(&mut m),
    }
    if !m.plan.edits.is_empty() || !m.plan.blockers.is_empty() {
        m.plan.manifest = Some(kind);
    }
}

/// The contents (without quotes) of the `"..."` and `'...'` strings in `range`, up to a `#`
/// comment outside them.
fn quoted_strings(text: &str, range: Range<usize>) -> Vec<Range<usize>> {
    let s = &text[range.clone()];
    let mut out = Vec::new();
    let mut open: Option<(char, usize)> = None;
    for (i, c) in s.char_indices() {
        match open {
            Some((q, at)) if c == q => {
                out.push(range.start + at..range.start + i);
                open = None;
            }
            Some(_) => {}
            None if c == '"' || c == '\'' => open = Some((c, i + 1)),
            None if c == '#' => break,
            None => {}
        }
    }
    out
}

/// Maven and NuGet pick the version a project names itself over its dependencies' ranges: a
/// `constructs` below cdktn's range is raised to the table's version (an exact version only;
/// ranges and properties are left as they are).
fn raise_exact_constructs(m: &mut Migration, found: Vec<(Range<usize>, String, &str)>) {
    let Some(c) = m.constructs() else { return };
    for (range, spec, name) in found {
        if specs::version_like(&spec) && !specs::within(&spec, c.range) {
            m.edit(range, c.version);
            m.change(name, &spec, name, c.version);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_provider_for_another_cdktn_release_does_not_fit() {
        let v = Versions::get();
        let provider = |m| v.member(Family::Cdktn, m).unwrap();
        assert!(fits_core(provider("aws"), v));
        assert!(fits_core(provider("constructs"), v));
        // @cdktn/provider-azurerm 16.1.0 asks for cdktn ^0.23.0; the table's core is 0.24.0.
        assert_eq!(provider("azurerm").range, "^0.23.0");
        assert!(!fits_core(provider("azurerm"), v));
    }
}
