//! `migrate-cdktn` for dependency manifests: the CDKTF packages a manifest names become their
//! CDK Terrain counterparts at the versions of `transforms/providers/versions.tsv`, every other
//! byte kept. A package CDK Terrain does not publish blocks the whole file, as in sources.

use std::collections::BTreeMap;
use std::ops::Range;

use super::{specs, MigrationPlan};
use crate::index::versions::{normalize_pypi, Package, Versions};
use crate::index::Family;
use crate::manifest::{gradle, json, xml, Manifest};
use crate::ParsedFile;

/// The manifest's migration, collected into `plan`.
struct Migration<'a> {
    text: &'a str,
    versions: &'static Versions,
    plan: &'a mut MigrationPlan,
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
                "CDK Terrain publishes no counterpart of `{}` (it has {})",
                if python { old.pypi } else { old.npm },
                published(self.versions)
            )),
            Some(new) if python && new.pypi_version.is_empty() => {
                Target::Blocked(format!("`{}` {} is not on PyPI", new.pypi, new.version))
            }
            Some(new) => Target::New(new),
        }
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
                    super::unindexed(&format!("{group}:{artifact}")),
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

/// `@cdktn/provider-archive`, ...: the providers the table has for CDK Terrain.
fn published(v: &Versions) -> String {
    let names: Vec<String> = v
        .packages
        .iter()
        .filter(|p| p.family == Family::Cdktn && !matches!(p.member, "core" | "cli" | "constructs"))
        .map(|p| format!("`{}`", p.npm))
        .collect();
    names.join(", ")
}

pub(super) fn check(file: &ParsedFile, kind: Manifest, plan: &mut MigrationPlan) {
    let mut m = Migration {
        text: file.text,
        versions: Versions::get(),
        plan,
    };
    match kind {
        Manifest::PackageJson => package_json(&mut m),
        Manifest::CdktfJson => cdktf_json(&mut m),
        Manifest::Requirements => requirements(&mut m),
        Manifest::Pipfile | Manifest::PyProject => toml_manifest(&mut m, kind),
        Manifest::GoMod => go_mod(&mut m),
        Manifest::Pom => pom(&mut m),
        Manifest::Csproj => csproj(&mut m),
        Manifest::Gradle => gradle_script(&mut m),
        Manifest::GradleCatalog => gradle_catalog(&mut m),
    }
    if !m.plan.edits.is_empty() || !m.plan.blockers.is_empty() {
        m.plan.manifest = Some(kind);
    }
}

const NPM_SECTIONS: &[&str] = &[
    "dependencies",
    "devDependencies",
    "peerDependencies",
    "optionalDependencies",
];

fn package_json(m: &mut Migration) {
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
                    m.block(member.key_range.clone(), super::unindexed(name));
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

/// `cdktf.json` keeps its name (the cdktn CLI reads it); in `app` and the provider and module
/// entries, the names of CDKTF packages change.
fn cdktf_json(m: &mut Migration) {
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

/// One PEP 508 requirement inside `text` at `range` (`name[extras] spec ; marker`).
struct Requirement {
    name: String,
    name_range: Range<usize>,
    spec: String,
    spec_range: Range<usize>,
}

fn requirement(text: &str, range: Range<usize>) -> Option<Requirement> {
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
fn migrate_requirement(
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
            m.block(r.name_range.clone(), super::unindexed(&r.name));
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

fn raise_constructs(m: &mut Migration, found: Vec<(Range<usize>, String)>, pip_style: bool) {
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

fn requirements(m: &mut Migration) {
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

/// Pipfile and pyproject.toml, read line by line (the `toml` crate checks the result parses):
/// `name = "spec"` / `name = {version = "spec", ...}` in the dependency tables, and the
/// requirement strings of PEP 621 arrays.
fn toml_manifest(m: &mut Migration, kind: Manifest) {
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
                m.block(name_range, super::unindexed(name));
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

fn go_mod(m: &mut Migration) {
    let text = m.text;
    let mut in_require = false;
    let mut pos = 0;
    let mut any = false;
    for line in text.split_inclusive('\n') {
        let start = pos;
        pos += line.len();
        let code = line.split("//").next().unwrap_or("");
        let trimmed = code.trim();
        if in_require && trimmed == ")" {
            in_require = false;
            continue;
        }
        let spec = if in_require {
            trimmed
        } else if let Some(rest) = trimmed.strip_prefix("require") {
            let rest = rest.trim();
            if rest == "(" {
                in_require = true;
                continue;
            }
            rest
        } else {
            continue;
        };
        let mut words = spec.split_whitespace();
        let (Some(path), Some(version)) = (words.next(), words.next()) else {
            continue;
        };
        let path_at = start + code.find(path).unwrap_or(0);
        let version_at = path_at
            + path.len()
            + code[path_at - start + path.len()..]
                .find(version)
                .unwrap_or(0);
        let Some(old) = m.versions.cdktf_by_go(path) else {
            if path.starts_with("github.com/cdktf/cdktf-provider-") {
                m.block(path_at..path_at + path.len(), super::unindexed(path));
            }
            continue;
        };
        match m.target(old, false) {
            Target::Blocked(why) => m.block(path_at..path_at + path.len(), why),
            Target::New(new) => {
                any = true;
                let new_version = format!("v{}", new.version);
                m.edit(path_at..path_at + path.len(), new.go);
                m.edit(version_at..version_at + version.len(), new_version.clone());
                m.change(path, version, new.go, &new_version);
            }
        }
    }
    if any {
        m.plan
            .changes
            .push("run `go mod tidy` to update go.sum and the indirect requirements".into());
    }
}

fn pom(m: &mut Migration) {
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
fn gradle_script(m: &mut Migration) {
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
                format!("`{s}` names a CDKTF dependency in a form this rule does not read: write it as `'group:artifact:version'` or migrate it by hand"),
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
fn gradle_catalog(m: &mut Migration) {
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
                1 => "a CDKTF library is declared in a form this rule does not read (a `[libraries.<alias>]` table?): migrate it by hand".to_string(),
                n => format!("{n} CDKTF libraries are declared in a form this rule does not read (`[libraries.<alias>]` tables?): migrate them by hand"),
            },
        );
    }
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

fn csproj(m: &mut Migration) {
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
                m.block(id_r, super::unindexed(id));
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

    #[test]
    fn commands_and_package_words_are_renamed_whole() {
        assert_eq!(rename_command("cdktf synth"), "cdktn synth");
        assert_eq!(
            rename_command("npm run build && npx cdktf deploy --auto-approve"),
            "npm run build && npx cdktn deploy --auto-approve"
        );
        assert_eq!(rename_command("node cdktf-local.js"), "node cdktf-local.js");
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
