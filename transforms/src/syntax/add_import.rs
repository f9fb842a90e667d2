//! Adding an import: the one way every transform that writes a provider class
//! (`S3BucketPublicAccessBlock`) or a name of the core package (`Fn`) gets the expression to
//! write and the edits that make it resolve, merged with what the file already imports.
//!
//! For a wanted name, in this order (TypeScript and Python alike, top-level value imports only):
//! 1. a named import of it: `import { S3BucketPublicAccessBlock } from ".../lib/s3-bucket-public-access-block"`,
//!    `from cdktf import Fn` → its local name;
//! 2. a binding of its module: `import { s3BucketPublicAccessBlock } from "@cdktf/provider-aws"`,
//!    `import * as m from ".../lib/s3-bucket-public-access-block"`,
//!    `from cdktf_cdktf_provider_aws import s3_bucket_public_access_block`, `import * as cdktf from "cdktf"`
//!    → `s3BucketPublicAccessBlock.S3BucketPublicAccessBlock`, `cdktf.Fn`;
//! 3. a binding of the whole package: `import * as aws from "@cdktf/provider-aws"`,
//!    `import cdktf_cdktf_provider_aws as aws` → `aws.s3BucketPublicAccessBlock.S3BucketPublicAccessBlock`;
//! 4. the name added to an import statement of its module already in the file;
//! 5. a new statement after the file's last top-level import, in the quote and semicolon style
//!    of that import (none at all: nothing can be added).
//!
//! Statements written or grown follow the project's [`Style`]: in a prettier project a
//! TypeScript import past `printWidth` is broken as prettier prints it, and a Python import past
//! the formatter's line length is a parenthesised list, one name a line, as black prints it.
//!
//! A name taken by anything else in the file is imported under an alias: the provider (or core
//! package) in PascalCase before it (`AwsS3BucketPublicAccessBlock`, `CdktfFn`), then a number.
//!
//! A name reached through a provider package's barrel (2 and 3) is what `provider-imports`
//! rewrites, in one fix with every use of that barrel: [`Imports::edits`] then adds an edit that
//! leaves a use of the barrel as it is, so that both fixes never land in the same round (the new
//! text would name a binding that the other fix removes).

use std::ops::Range;

use crate::index::{upper_first, EntryPoint, Family, PackageRef, ProviderIndex};
use crate::lang::Lang;
use crate::style::{python_from_import, Style};
use crate::syntax::layout::named_children;
use crate::syntax::{indent_at, N};
use crate::{Edit, ParsedFile};

/// What a transform wants to write.
#[derive(Clone, Copy, Debug)]
pub enum Wanted<'a> {
    /// A class (or interface) of a provider: `("aws", "S3BucketPublicAccessBlock")`.
    Class(&'a str, &'a str),
    /// A name of the core package (`cdktf`, or `cdktn` in a CDK Terrain file): `Fn`.
    Core(&'a str),
}

/// The expression to write for one wanted name and the edits that make it resolve.
pub fn add_import(
    file: &ParsedFile,
    index: &'static ProviderIndex,
    style: &Style,
    wanted: Wanted,
    keep: Option<&N>,
) -> Option<(String, Vec<Edit>)> {
    let mut imports = Imports::new(file, index, style);
    let expr = imports.get(wanted)?;
    Some((expr, imports.edits(keep)))
}

/// One top-level import statement, read the same way in both languages.
struct Stmt<'r> {
    node: N<'r>,
    /// The module: `@cdktf/provider-aws/lib/vpc`, `cdktf`, `cdktf_cdktf_provider_aws.vpc`.
    module: String,
    type_only: bool,
    /// `import * as x` (TypeScript), `import a.b as x` / `import a` (Python): the local node.
    namespace: Option<N<'r>>,
    /// `{ a, b as c }` / `from m import a, b as c`: (imported, local, the specifier's node).
    named: Vec<(String, String, N<'r>)>,
    /// Where names can be added: TypeScript's `{ ... }`, Python's `from m import ...` itself
    /// (`None`: a namespace import, a wildcard).
    list: Option<N<'r>>,
}

fn read_statements<'r>(file: &'r ParsedFile) -> Vec<Stmt<'r>> {
    let root = file.tree().root();
    if file.lang != Lang::Python {
        return file
            .ts_imports()
            .iter()
            .map(|i| Stmt {
                node: i.node,
                module: i.source.clone(),
                type_only: i.type_only,
                namespace: i.namespace,
                named: i
                    .named
                    .iter()
                    .map(|s| (s.imported(), s.local(), s.node))
                    .collect(),
                list: i.named_node,
            })
            .collect();
    }
    let dotted = |n: &N| -> Option<String> {
        (n.kind() == "dotted_name").then(|| n.text().split_whitespace().collect())
    };
    let mut out = Vec::new();
    for node in root.children() {
        match node.kind().as_ref() {
            "import_statement" => {
                for name in named_children(&node) {
                    match name.kind().as_ref() {
                        // `import a.b` binds `a` (the package: its root imports every submodule).
                        "dotted_name" => {
                            let Some(first) = name.children().find(|c| c.is_named()) else {
                                continue;
                            };
                            out.push(Stmt {
                                node,
                                module: first.text().to_string(),
                                type_only: false,
                                namespace: Some(first),
                                named: Vec::new(),
                                list: None,
                            });
                        }
                        "aliased_import" => {
                            let (Some(path), Some(alias)) = (
                                name.field("name").and_then(|n| dotted(&n)),
                                name.field("alias"),
                            ) else {
                                continue;
                            };
                            out.push(Stmt {
                                node,
                                module: path,
                                type_only: false,
                                namespace: Some(alias),
                                named: Vec::new(),
                                list: None,
                            });
                        }
                        _ => {}
                    }
                }
            }
            "import_from_statement" => {
                let Some(module_node) = node.field("module_name") else {
                    continue;
                };
                let Some(module) = dotted(&module_node) else {
                    continue; // a relative import
                };
                let mut named = Vec::new();
                let mut wildcard = false;
                for name in named_children(&node) {
                    if name.range() == module_node.range() {
                        continue;
                    }
                    match name.kind().as_ref() {
                        "wildcard_import" => wildcard = true,
                        "dotted_name" => {
                            if let Some(n) = dotted(&name) {
                                named.push((n.clone(), n, name));
                            }
                        }
                        "aliased_import" => {
                            if let (Some(n), Some(alias)) = (
                                name.field("name").and_then(|n| dotted(&n)),
                                name.field("alias"),
                            ) {
                                named.push((n, alias.text().to_string(), name));
                            }
                        }
                        _ => {}
                    }
                }
                out.push(Stmt {
                    node,
                    module,
                    type_only: false,
                    namespace: None,
                    named,
                    list: (!wildcard).then_some(node),
                });
            }
            _ => {}
        }
    }
    out
}

/// A name this plan imports.
struct Planned {
    /// The module path to import from.
    module: String,
    /// `Name` or `Name as Alias`.
    spec: String,
    /// The index of the statement of that module it joins, if any.
    into: Option<usize>,
}

/// The names a fix writes and the imports they need, planned together so that several names
/// from one module share one statement.
pub struct Imports<'f> {
    file: &'f ParsedFile<'f>,
    index: &'static ProviderIndex,
    style: &'f Style,
    family: Family,
    stmts: Vec<Stmt<'f>>,
    planned: Vec<Planned>,
    /// The barrel bindings (nodes of local names) the names given out rely on.
    barrels: Vec<N<'f>>,
    /// Local names given out to new imports.
    given: Vec<String>,
}

impl<'f> Imports<'f> {
    pub fn new(
        file: &'f ParsedFile<'f>,
        index: &'static ProviderIndex,
        style: &'f Style,
    ) -> Imports<'f> {
        let stmts = read_statements(file);
        let cdktn = stmts.iter().any(|s| {
            s.module == "cdktn" || s.module.starts_with("@cdktn/") || s.module.starts_with("cdktn")
        });
        Imports {
            file,
            index,
            style,
            family: if cdktn { Family::Cdktn } else { Family::Cdktf },
            stmts,
            planned: Vec::new(),
            barrels: Vec::new(),
            given: Vec::new(),
        }
    }

    fn py(&self) -> bool {
        self.file.lang == Lang::Python
    }

    fn resolve(&self, module: &str) -> Option<PackageRef<'static>> {
        if self.py() {
            self.index.resolve_python(module)
        } else {
            self.index.resolve_npm(module)
        }
    }

    /// The expression to write for `wanted`, planning an import when the file has none.
    /// `None` when it cannot be reached (unknown class, a file without imports).
    pub fn get(&mut self, wanted: Wanted) -> Option<String> {
        match wanted {
            Wanted::Class(provider, class) => self.class(provider, class),
            Wanted::Core(name) => self.core(name),
        }
    }

    /// The expression for a provider class.
    pub fn class(&mut self, provider: &str, class: &str) -> Option<String> {
        // The family of the file's own imports of this provider, else the file's.
        let family = self
            .stmts
            .iter()
            .filter_map(|s| self.resolve(&s.module))
            .find(|p| p.provider.name == provider)
            .map_or(self.family, |p| p.family);
        let p = self.index.provider_in(family, provider)?;
        let module = p.modules_exporting(class).next()?;
        let module_name = if self.py() {
            module.python.as_str()
        } else {
            module.namespace
        };
        let of_this = |s: &Stmt| -> Option<EntryPoint<'static>> {
            if s.type_only {
                return None;
            }
            let pkg = self.resolve(&s.module)?;
            (pkg.provider.name == provider && pkg.family == family).then_some(pkg.entry)
        };
        let is_module =
            |e: &EntryPoint| matches!(e, EntryPoint::Module(m) if m.folder == module.folder);
        let is_root = |e: &EntryPoint| matches!(e, EntryPoint::Root | EntryPoint::Lib);
        // 1. The class itself.
        for s in &self.stmts {
            if of_this(s).is_some_and(|e| is_module(&e)) {
                if let Some((_, local, _)) = s.named.iter().find(|(i, _, _)| i == class) {
                    return Some(local.clone());
                }
            }
        }
        // 2. Its module: a namespace import of it, or its name from the package root.
        for s in &self.stmts {
            let Some(entry) = of_this(s) else { continue };
            if is_module(&entry) {
                if let Some(ns) = &s.namespace {
                    return Some(format!("{}.{class}", ns.text()));
                }
            } else if is_root(&entry) {
                if let Some((_, local, node)) = s.named.iter().find(|(i, _, _)| i == module_name) {
                    self.barrels.push(*node);
                    return Some(format!("{local}.{class}"));
                }
            }
        }
        // 3. The whole package.
        for s in &self.stmts {
            if of_this(s).is_some_and(|e| is_root(&e)) {
                if let Some(ns) = &s.namespace {
                    self.barrels.push(*ns);
                    return Some(format!("{}.{module_name}.{class}", ns.text()));
                }
            }
        }
        // 4, 5. An import to add.
        let path = if self.py() {
            format!("{}.{}", family.python_package(provider), module.python)
        } else {
            format!(
                "{}/provider-{provider}/lib/{}",
                family.scope(),
                module.folder
            )
        };
        let into = self
            .stmts
            .iter()
            .position(|s| s.list.is_some() && of_this(s).is_some_and(|e| is_module(&e)));
        self.plan(path, into, class, &upper_first(provider))
    }

    /// The expression for a name of the core package (`Fn`).
    pub fn core(&mut self, name: &str) -> Option<String> {
        let core = match self.family {
            Family::Cdktf => "cdktf",
            Family::Cdktn => "cdktn",
        };
        let is_core = |s: &Stmt| !s.type_only && (s.module == "cdktf" || s.module == "cdktn");
        for s in self.stmts.iter().filter(|s| is_core(s)) {
            if let Some((_, local, _)) = s.named.iter().find(|(i, _, _)| i == name) {
                return Some(local.clone());
            }
        }
        for s in self.stmts.iter().filter(|s| is_core(s)) {
            if let Some(ns) = &s.namespace {
                return Some(format!("{}.{name}", ns.text()));
            }
        }
        let into = self
            .stmts
            .iter()
            .position(|s| is_core(s) && s.list.is_some());
        let module = into.map_or(core.to_string(), |i| self.stmts[i].module.clone());
        self.plan(module, into, name, &upper_first(core))
    }

    /// Plans `name` from `module`, under an alias when the name is taken.
    fn plan(
        &mut self,
        module: String,
        into: Option<usize>,
        name: &str,
        prefix: &str,
    ) -> Option<String> {
        if let Some(p) = self.planned.iter().find(|p| {
            p.module == module && (p.spec == name || p.spec.starts_with(&format!("{name} as ")))
        }) {
            return Some(p.spec.rsplit(' ').next()?.to_string());
        }
        if into.is_none() && self.stmts.is_empty() {
            return None; // nowhere to put a new statement
        }
        let local = if !self.taken(name) {
            name.to_string()
        } else {
            let base = format!("{prefix}{name}");
            (1..)
                .map(|n| {
                    if n == 1 {
                        base.clone()
                    } else {
                        format!("{base}{n}")
                    }
                })
                .find(|l| !self.taken(l))?
        };
        let spec = if local == name {
            name.to_string()
        } else {
            format!("{name} as {local}")
        };
        self.given.push(local.clone());
        self.planned.push(Planned { module, spec, into });
        Some(local)
    }

    /// Whether `name` is bound, or spelled as a name, anywhere in the file or by this plan. An
    /// attribute (`aws.data_archive_file.DataArchiveFile`) or a keyword (`DataArchiveFile=`)
    /// binds nothing, as TypeScript's property names do not.
    fn taken(&self, name: &str) -> bool {
        let spelled = if self.py() {
            self.file
                .of_kind("identifier")
                .any(|n| n.text() == name && crate::syntax::python::is_reference(&n))
        } else {
            [
                "identifier",
                "type_identifier",
                "shorthand_property_identifier_pattern",
            ]
            .iter()
            .any(|k| self.file.has_kind_with_text(k, name))
        };
        self.given.iter().any(|g| g == name)
            || self.stmts.iter().any(|s| {
                s.named.iter().any(|(_, l, _)| l == name)
                    || s.namespace.as_ref().is_some_and(|n| n.text() == name)
            })
            || spelled
    }

    /// The edits: the planned imports and, when a name given out goes through a provider
    /// barrel, an edit leaving one use of that barrel as it is. `keep` is such a use that the fix
    /// is about (the construct it extends: each fix its own, so that fixes of one transform do
    /// not wait for each other); without one, the barrel's binding in the import is kept.
    pub fn edits(&self, keep: Option<&N>) -> Vec<Edit> {
        let mut edits = Vec::new();
        if !self.barrels.is_empty() {
            let through_barrel = keep.and_then(|k| {
                let mut base = *k;
                while matches!(base.kind().as_ref(), "member_expression" | "attribute") {
                    base = base.child(0)?;
                }
                let is_barrel = self.stmts.iter().any(|s| {
                    let root = self
                        .resolve(&s.module)
                        .is_some_and(|p| matches!(p.entry, EntryPoint::Root | EntryPoint::Lib));
                    root && !s.type_only
                        && (s
                            .namespace
                            .as_ref()
                            .is_some_and(|n| n.text() == base.text())
                            || s.named.iter().any(|(_, l, _)| *l == base.text()))
                });
                // The last name of the use: inside it, never at its start, where a fix may insert.
                let last = k.children().filter(|c| c.is_named()).last()?;
                is_barrel.then_some(last)
            });
            match through_barrel {
                Some(last) => edits.push(Edit::replace(last.range(), last.text().to_string())),
                None => {
                    let mut ranges: Vec<Range<usize>> =
                        self.barrels.iter().map(|n| n.range()).collect();
                    ranges.sort_by_key(|r| r.start);
                    ranges.dedup();
                    for r in ranges {
                        edits.push(Edit::replace(r.clone(), &self.file.text[r]));
                    }
                }
            }
        }
        edits.extend(self.additions());
        edits
    }

    /// Names added to existing statements, and the new statements.
    fn additions(&self) -> Vec<Edit> {
        let text = self.file.text;
        let nl = self.file.newline();
        let mut edits = Vec::new();
        let mut into: Vec<usize> = self.planned.iter().filter_map(|p| p.into).collect();
        into.sort_unstable();
        into.dedup();
        for i in into {
            let specs: Vec<&str> = self
                .planned
                .iter()
                .filter(|p| p.into == Some(i))
                .map(|p| p.spec.as_str())
                .collect();
            if let Some(e) = self.add_to(&self.stmts[i], &specs, text, nl) {
                edits.push(e);
            }
        }
        let mut modules: Vec<&str> = Vec::new();
        for p in self.planned.iter().filter(|p| p.into.is_none()) {
            if !modules.contains(&p.module.as_str()) {
                modules.push(&p.module);
            }
        }
        if modules.is_empty() {
            return edits;
        }
        let Some(last) = self.stmts.last() else {
            return edits;
        };
        let last = last.node;
        let (quote, semi) = if self.py() {
            ('"', "")
        } else {
            let quote = self.style.ts_quote(
                last.field("source")
                    .and_then(|s| s.text().chars().next())
                    .filter(|q| matches!(q, '"' | '\'')),
            );
            (quote, if last.text().ends_with(';') { ";" } else { "" })
        };
        let mut lines = String::new();
        for m in modules {
            let names: Vec<&str> = self
                .planned
                .iter()
                .filter(|p| p.into.is_none() && p.module == m)
                .map(|p| p.spec.as_str())
                .collect();
            lines.push_str(nl);
            if self.py() && names.len() > 1 {
                // A list black keeps exploded (its trailing comma).
                let list: String = names.iter().map(|n| format!("{nl}    {n},")).collect();
                lines.push_str(&format!("from {m} import ({list}{nl})"));
            } else if self.py() {
                let length = self.style.python_line_length();
                lines.push_str(&python_from_import(m, &names, "", length, nl));
            } else {
                let source = format!("{quote}{m}{quote}");
                lines.push_str(&self.style.ts_import("import", &names, &source, semi, nl));
            }
        }
        // After the last import, or after the comment that ends its line.
        let end = last.range().end;
        let line_end = text[end..]
            .find(['\r', '\n'])
            .map_or(text.len(), |i| end + i);
        let rest = text[end..line_end].trim();
        let at = if rest.starts_with("//") || rest.starts_with('#') {
            line_end
        } else {
            end
        };
        edits.push(Edit::insert(at, lines));
        edits
    }

    /// Adds `specs` to an existing statement's list, in its layout.
    fn add_to(&self, stmt: &Stmt, specs: &[&str], text: &str, nl: &str) -> Option<Edit> {
        let list = stmt.list?;
        let last = stmt.named.last().map(|(_, _, n)| *n);
        let Some(last) = last else {
            // `import {} from "m"`.
            return (!self.py())
                .then(|| Edit::replace(list.range(), format!("{{ {} }}", specs.join(", "))));
        };
        if let (false, Some(p)) = (self.py(), &self.style.prettier) {
            if let Some(e) = crate::syntax::layout::reprint_import_list(p, text, &list, specs, nl) {
                return Some(e);
            }
        }
        let comma = crate::syntax::layout::comma_after(&last);
        let multiline = if self.py() {
            list.children().any(|c| c.kind() == "(") && list.text().contains('\n')
        } else {
            list.text().contains('\n')
        };
        if multiline && crate::syntax::layout::starts_line(text, last.range().start) {
            let indent = indent_at(text, last.range().start);
            let added: String = specs.iter().map(|s| format!("{nl}{indent}{s},")).collect();
            return Some(match comma {
                Some(c) => Edit::insert(c.range().end, added),
                None => Edit::insert(last.range().end, format!(",{}", &added[..added.len() - 1])),
            });
        }
        if self.py() && !multiline {
            // `from m import a, b` grown past the line length: broken as black breaks it.
            if let Some(e) = self.py_regrown(stmt, specs, text, nl) {
                return Some(e);
            }
        }
        Some(match comma {
            Some(c) => Edit::insert(c.range().end, format!(" {},", specs.join(", "))),
            None => Edit::insert(last.range().end, format!(", {}", specs.join(", "))),
        })
    }

    /// A one-line Python `from m import ...` with `specs` added, rewritten whole as black prints
    /// it when the line would be longer than the project's line length (`None`: it fits, or a
    /// comment or parenthesis in it says the statement is not a plain line).
    fn py_regrown(&self, stmt: &Stmt, specs: &[&str], text: &str, nl: &str) -> Option<Edit> {
        let range = stmt.node.range();
        let line = &text[range.clone()];
        if line.contains(['(', '#', '\\', '\n']) {
            return None;
        }
        let indent = indent_at(text, range.start);
        let mut names: Vec<&str> = stmt
            .named
            .iter()
            .map(|(_, _, n)| &text[n.range()])
            .collect();
        names.extend(specs);
        let length = self.style.python_line_length();
        let after = text[range.end..]
            .split(['\r', '\n'])
            .next()
            .unwrap_or_default();
        let grown = format!("{line}, {}", specs.join(", "));
        if indent.chars().count() + grown.chars().count() + after.chars().count() <= length {
            return None;
        }
        let printed = python_from_import(&stmt.module, &names, indent, length, nl);
        Some(Edit::replace(range, printed))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAB: Wanted = Wanted::Class("aws", "S3BucketPublicAccessBlock");
    const NO_STYLE: Style = Style {
        prettier: None,
        python_line_length: None,
    };

    /// The expression and the text after the edits.
    fn run(lang: Lang, src: &str, wanted: &[Wanted]) -> (Vec<String>, String) {
        let file = ParsedFile::parse(lang, src);
        let mut imports = Imports::new(&file, ProviderIndex::get(), &NO_STYLE);
        let exprs = wanted.iter().map(|w| imports.get(*w).unwrap()).collect();
        let mut edits = imports.edits(None);
        edits.sort_by_key(|e| std::cmp::Reverse(e.range.start));
        let mut out = src.to_string();
        for e in edits {
            out.replace_range(e.range, &e.text);
        }
        (exprs, out)
    }

    fn ts(src: &str, wanted: &[Wanted]) -> (Vec<String>, String) {
        run(Lang::TypeScript, src, wanted)
    }

    #[test]
    fn typescript_reuses_what_the_file_imports() {
        for (src, want) in [
            (
                "import { S3BucketPublicAccessBlock as Pab } from \"@cdktf/provider-aws/lib/s3-bucket-public-access-block\";\n",
                "Pab",
            ),
            (
                "import * as pab from \"@cdktf/provider-aws/lib/s3-bucket-public-access-block\";\n",
                "pab.S3BucketPublicAccessBlock",
            ),
            (
                "import { s3Bucket, s3BucketPublicAccessBlock } from '@cdktf/provider-aws';\n",
                "s3BucketPublicAccessBlock.S3BucketPublicAccessBlock",
            ),
            (
                "import * as aws from \"@cdktf/provider-aws\";\n",
                "aws.s3BucketPublicAccessBlock.S3BucketPublicAccessBlock",
            ),
        ] {
            let (exprs, out) = ts(src, &[PAB]);
            assert_eq!(exprs, [want], "{src}");
            assert_eq!(out, src, "no import added: {src}");
        }
    }

    #[test]
    fn a_type_only_import_is_not_a_value() {
        let src = "import type { S3BucketPublicAccessBlock } from \"@cdktf/provider-aws/lib/s3-bucket-public-access-block\";\n";
        let (exprs, out) = ts(src, &[PAB]);
        assert_eq!(exprs, ["AwsS3BucketPublicAccessBlock"]);
        assert!(out.ends_with("\nimport { S3BucketPublicAccessBlock as AwsS3BucketPublicAccessBlock } from \"@cdktf/provider-aws/lib/s3-bucket-public-access-block\";\n"), "{out}");
    }

    #[test]
    fn typescript_adds_to_the_module_statement_or_a_new_one_in_the_file_style() {
        let src = "import { S3BucketPublicAccessBlockConfig } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block'\n";
        let (exprs, out) = ts(src, &[PAB]);
        assert_eq!(exprs, ["S3BucketPublicAccessBlock"]);
        assert_eq!(out, "import { S3BucketPublicAccessBlockConfig, S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block'\n");

        let src = "import {\n  S3BucketPublicAccessBlockConfig,\n} from \"@cdktf/provider-aws/lib/s3-bucket-public-access-block\";\n";
        let (_, out) = ts(src, &[PAB]);
        assert_eq!(out, "import {\n  S3BucketPublicAccessBlockConfig,\n  S3BucketPublicAccessBlock,\n} from \"@cdktf/provider-aws/lib/s3-bucket-public-access-block\";\n");

        let src = "import { Construct } from 'constructs'\nimport { S3Bucket } from '@cdktn/provider-aws/lib/s3-bucket' // the bucket\n\nnew S3Bucket(this, 'b')\n";
        let (exprs, out) = ts(src, &[PAB, Wanted::Core("Fn"), PAB]);
        assert_eq!(
            exprs,
            [
                "S3BucketPublicAccessBlock",
                "Fn",
                "S3BucketPublicAccessBlock"
            ]
        );
        assert_eq!(out, "import { Construct } from 'constructs'\nimport { S3Bucket } from '@cdktn/provider-aws/lib/s3-bucket' // the bucket\nimport { S3BucketPublicAccessBlock } from '@cdktn/provider-aws/lib/s3-bucket-public-access-block'\nimport { Fn } from 'cdktn'\n\nnew S3Bucket(this, 'b')\n");
    }

    #[test]
    fn a_name_taken_by_another_binding_gets_an_alias() {
        let src = "import { Fn } from \"./fn\";\nimport { App } from \"cdktf\";\nclass S3BucketPublicAccessBlock {}\n";
        let (exprs, out) = ts(src, &[Wanted::Core("Fn"), PAB]);
        assert_eq!(exprs, ["CdktfFn", "AwsS3BucketPublicAccessBlock"]);
        assert!(out.starts_with("import { Fn } from \"./fn\";\nimport { App, Fn as CdktfFn } from \"cdktf\";\nimport { S3BucketPublicAccessBlock as AwsS3BucketPublicAccessBlock } from \"@cdktf/provider-aws/lib/s3-bucket-public-access-block\";\n"), "{out}");
    }

    #[test]
    fn a_python_attribute_or_keyword_of_that_spelling_takes_no_name() {
        // The expression the class replaces spells it as an attribute: the plain name is free.
        let src = "import cdktf_cdktf_provider_aws as aws\nz = aws.data_archive_file.DataArchiveFile(self, \"z\", DataArchiveFile=1)\n";
        let zip = Wanted::Class("archive", "DataArchiveFile");
        let (exprs, out) = run(Lang::Python, src, &[zip]);
        assert_eq!(exprs, ["DataArchiveFile"]);
        assert!(out.starts_with("import cdktf_cdktf_provider_aws as aws\nfrom cdktf_cdktf_provider_archive.data_archive_file import DataArchiveFile\n"), "{out}");
        // A name the file binds (a class of its own) is taken: the alias.
        let src = format!("{src}class DataArchiveFile:\n    pass\n");
        let (exprs, _) = run(Lang::Python, &src, &[zip]);
        assert_eq!(exprs, ["ArchiveDataArchiveFile"]);
    }

    #[test]
    fn the_core_package_is_reused_by_name_or_namespace() {
        let (exprs, _) = ts(
            "import { Fn as F } from \"cdktf\";\n",
            &[Wanted::Core("Fn")],
        );
        assert_eq!(exprs, ["F"]);
        let (exprs, _) = ts("import * as cdktf from \"cdktf\";\n", &[Wanted::Core("Fn")]);
        assert_eq!(exprs, ["cdktf.Fn"]);
    }

    #[test]
    fn python_reuses_names_modules_and_the_package() {
        for (src, want) in [
            (
                "from cdktf_cdktf_provider_aws.s3_bucket_public_access_block import S3BucketPublicAccessBlock as P\n",
                "P",
            ),
            (
                "from cdktf_cdktf_provider_aws import s3_bucket, s3_bucket_public_access_block\n",
                "s3_bucket_public_access_block.S3BucketPublicAccessBlock",
            ),
            (
                "import cdktf_cdktf_provider_aws as aws\n",
                "aws.s3_bucket_public_access_block.S3BucketPublicAccessBlock",
            ),
            (
                "import cdktf_cdktf_provider_aws.s3_bucket\n",
                "cdktf_cdktf_provider_aws.s3_bucket_public_access_block.S3BucketPublicAccessBlock",
            ),
        ] {
            let (exprs, out) = run(Lang::Python, src, &[PAB]);
            assert_eq!(exprs, [want], "{src}");
            assert_eq!(out, src, "{src}");
        }
    }

    #[test]
    fn python_adds_to_the_module_statement_or_a_new_one() {
        let src = "from cdktn_provider_aws.s3_bucket import S3Bucket\nfrom cdktn_provider_aws.s3_bucket_public_access_block import (\n    S3BucketPublicAccessBlockConfig,\n)\n";
        let (_, out) = run(Lang::Python, src, &[PAB]);
        assert_eq!(out, "from cdktn_provider_aws.s3_bucket import S3Bucket\nfrom cdktn_provider_aws.s3_bucket_public_access_block import (\n    S3BucketPublicAccessBlockConfig,\n    S3BucketPublicAccessBlock,\n)\n");
        let src = "from cdktf_cdktf_provider_aws.s3_bucket import S3Bucket\n\nS3BucketPublicAccessBlock = 1\n";
        let (exprs, out) = run(Lang::Python, src, &[PAB, Wanted::Core("Fn")]);
        assert_eq!(exprs, ["AwsS3BucketPublicAccessBlock", "Fn"]);
        // Longer than black's 88: broken as black breaks it.
        assert_eq!(out, "from cdktf_cdktf_provider_aws.s3_bucket import S3Bucket\nfrom cdktf_cdktf_provider_aws.s3_bucket_public_access_block import (\n    S3BucketPublicAccessBlock as AwsS3BucketPublicAccessBlock,\n)\nfrom cdktf import Fn\n\nS3BucketPublicAccessBlock = 1\n");
    }

    #[test]
    fn a_barrel_relied_on_is_kept_by_the_fix() {
        let src = "import { s3Bucket, s3BucketPublicAccessBlock } from \"@cdktf/provider-aws\";\nnew s3Bucket.S3Bucket(this, \"b\");\n";
        let file = ParsedFile::parse(Lang::TypeScript, src);
        let mut imports = Imports::new(&file, ProviderIndex::get(), &NO_STYLE);
        imports.get(PAB).unwrap();
        // Without a use: the binding in the import.
        let edits = imports.edits(None);
        let at = src.find("s3BucketPublicAccessBlock }").unwrap();
        assert_eq!(
            edits,
            [Edit::replace(at..at + 25, "s3BucketPublicAccessBlock")]
        );
        // With the construct's own use of the barrel: the class name of that use.
        let ctor = file.of_kind("member_expression").next().unwrap();
        let at = src.find("S3Bucket(").unwrap();
        assert_eq!(
            imports.edits(Some(&ctor)),
            [Edit::replace(at..at + 8, "S3Bucket")]
        );
        // A name of the module's own file needs nothing kept.
        let (_, edits) = add_import(
            &ParsedFile::parse(
                Lang::TypeScript,
                "import * as aws from \"@cdktf/provider-aws/lib/s3-bucket-public-access-block\";\n",
            ),
            ProviderIndex::get(),
            &Style::default(),
            PAB,
            None,
        )
        .unwrap();
        assert!(edits.is_empty());
    }

    #[test]
    fn nothing_is_added_to_a_file_without_imports() {
        let file = ParsedFile::parse(Lang::TypeScript, "const x = 1;\n");
        assert!(add_import(&file, ProviderIndex::get(), &Style::default(), PAB, None).is_none());
        assert!(add_import(
            &file,
            ProviderIndex::get(),
            &Style::default(),
            Wanted::Class("aws", "NoSuchClass"),
            None
        )
        .is_none());
    }
}
