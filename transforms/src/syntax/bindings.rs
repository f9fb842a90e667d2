//! The names a file binds and reads, per language, read the same way for TypeScript, Python and
//! Go: what each import binds (and from where), which names other declarations bind, and where
//! each name is read (with the member chain after it, `aws.vpc.Vpc`). A coarse reading, without
//! scopes beyond the import's: enough to compare a text with the text a fix made of it (an
//! import removed while a use remains, a name imported twice, a provider export that does not
//! exist) without false alarms, not a type checker.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::ops::Range;

use crate::index::{EntryPoint, ProviderIndex};
use crate::lang::Lang;
use crate::syntax::{go, python, ParsedFile, N};

/// One name an import binds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Imported {
    /// The name the file uses.
    pub local: String,
    /// What it binds, comparable between two imports: `module.Name`, the package (`a` for
    /// Python's `import a.b`), a Go import path.
    pub target: String,
    /// The module imported from, or imported (TypeScript's source, Python's module or
    /// `import`ed dotted name, Go's path).
    pub module: String,
    /// The name imported from the module; `None` when the import binds the module itself
    /// (`import * as aws`, `import a.b as c`, a Go package).
    pub name: Option<String>,
    /// TypeScript's `import type`.
    pub type_only: bool,
    /// The range of the scope the import binds in (the file, or a Python function or class).
    pub scope: Range<usize>,
}

/// One read of a name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Read {
    pub name: String,
    /// A value (an expression) rather than a type (TypeScript's type positions).
    pub value: bool,
    /// The member names read after it: `["vpc", "Vpc"]` for `aws.vpc.Vpc`.
    pub chain: Vec<String>,
}

/// A file's bindings and reads.
#[derive(Debug, Default)]
pub struct Bindings {
    pub imports: Vec<Imported>,
    /// Names bound by anything but an import (variables, parameters, functions, classes, ...),
    /// anywhere in the file.
    pub declared: HashSet<String>,
    pub reads: Vec<Read>,
}

impl Bindings {
    /// Reads a parsed source file (a manifest binds nothing).
    pub fn of(file: &ParsedFile) -> Bindings {
        Bindings::read(file, None)
    }

    /// [`Bindings::of`] narrowed to what questions about some names need: every import, and the
    /// declarations and reads of the names the file imports or `keep` accepts (the others'
    /// are left out). Every answer about those names is the one [`Bindings::of`] gives
    /// (`imported_twice`, `provider_problems`, and `binds` and `reads` of them); on a large file
    /// it is a fraction of the memory and the time, most reads being of other names (the
    /// whole-file check reads a fixed text so: BENCHMARKS.md, issue 24).
    pub fn of_names(file: &ParsedFile, keep: &dyn Fn(&str) -> bool) -> Bindings {
        Bindings::read(file, Some(keep))
    }

    fn read(file: &ParsedFile, keep: Option<&dyn Fn(&str) -> bool>) -> Bindings {
        let mut b = Bindings::default();
        match file.lang {
            l if l.is_typescript() => {
                typescript_imports(file, &mut b);
                typescript(file, &Wanted::new(&b, keep), &mut b);
            }
            Lang::Python => {
                python_imports(file, &mut b);
                python_bindings(file, &Wanted::new(&b, keep), &mut b);
            }
            Lang::Go => {
                let root = file.tree().root();
                go_imports(&root, &mut b);
                go_bindings(&root, &Wanted::new(&b, keep), &mut b);
            }
            _ => {}
        }
        b
    }

    /// The names bound by imports, each once.
    pub fn imported_names(&self) -> BTreeSet<&str> {
        self.imports.iter().map(|i| i.local.as_str()).collect()
    }

    /// The names imports bind again in a scope, once per extra binding: TypeScript and Go
    /// reject any second binding; Python rebinds silently, so there only two different targets
    /// count (`import a.b` and `import a.c` both bind the package `a`).
    pub fn imported_twice(&self, lang: Lang) -> Vec<String> {
        let mut seen: HashMap<(&str, usize, usize), &Imported> = HashMap::new();
        let mut twice = Vec::new();
        for i in &self.imports {
            if i.local == "_" || i.local == "." {
                continue;
            }
            match seen.get(&(i.local.as_str(), i.scope.start, i.scope.end)) {
                Some(first) if lang != Lang::Python || first.target != i.target => {
                    twice.push(i.local.clone());
                }
                Some(_) => {}
                None => {
                    seen.insert((i.local.as_str(), i.scope.start, i.scope.end), i);
                }
            }
        }
        twice
    }

    /// Whether `name` is bound anywhere in the file.
    pub fn binds(&self, name: &str) -> bool {
        self.declared.contains(name) || self.imports.iter().any(|i| i.local == name)
    }

    /// Whether `name` is read anywhere in the file.
    pub fn reads(&self, name: &str) -> bool {
        self.reads.iter().any(|r| r.name == name)
    }

    /// The references to provider exports the provider index says do not exist, or that are of
    /// the wrong kind for their use (a TypeScript interface, which is only a type, used as a
    /// value), each described in a sentence, keyed by the reference as the file writes it
    /// (`Vpc`, `aws.vpc.Vpc`): a fix that moves an import (to the other family, to another
    /// module) keeps the reference, so a problem the original had is recognised.
    pub fn provider_problems(
        &self,
        lang: Lang,
        index: &'static ProviderIndex,
    ) -> BTreeMap<String, String> {
        let mut out = BTreeMap::new();
        self.provider_sentences(lang, index, &mut out);
        out
    }

    fn provider_sentences(
        &self,
        lang: Lang,
        index: &'static ProviderIndex,
        out: &mut BTreeMap<String, String>,
    ) {
        for i in &self.imports {
            // A name the file also declares may be read as that declaration (a `const vpc`
            // beside `import * as vpc`): its reads prove nothing about the import.
            // So may a name imported twice (the duplicate is reported as such).
            if self.declared.contains(&i.local)
                || self.imports.iter().filter(|j| j.local == i.local).count() > 1
            {
                continue;
            }
            let resolved = if lang.is_typescript() {
                index.resolve_npm(&i.module)
            } else if lang == Lang::Python {
                index.resolve_python(&i.module)
            } else {
                None
            };
            let Some(package) = resolved else { continue };
            let module = &i.module;
            match package.entry {
                EntryPoint::UnknownModule => {
                    out.insert(
                        i.local.clone(),
                        format!("`{module}` is not a module of {}", package.provider.package),
                    );
                }
                EntryPoint::Module(m) => {
                    if let Some(name) = &i.name {
                        if !m.exports(name) {
                            out.insert(
                                i.local.clone(),
                                format!("`{module}` does not export `{name}`"),
                            );
                        } else if lang.is_typescript()
                            && !i.type_only
                            && self.interface_as_value(&i.local, name, m)
                        {
                            out.insert(
                                i.local.clone(),
                                format!(
                                    "`{name}` of `{module}` is an interface, a type, used as a value"
                                ),
                            );
                        }
                    } else if lang == Lang::Python && i.target != i.module {
                        // `import pkg.vpc` binds `pkg`: the module is there, its reads go
                        // through the package.
                    } else {
                        // The module itself: `vpc.Vpc`.
                        for r in self.reads.iter().filter(|r| r.name == i.local) {
                            if let Some(first) = r.chain.first() {
                                if !m.exports(first) {
                                    out.insert(
                                        format!("{}.{first}", i.local),
                                        format!("`{module}` does not export `{first}`"),
                                    );
                                }
                            }
                        }
                    }
                }
                EntryPoint::Root | EntryPoint::Lib => {
                    let provider = package.provider;
                    let namespace = |n: &str| {
                        if lang == Lang::Python {
                            provider.module_by_python(n)
                        } else {
                            provider.module_by_namespace(n)
                        }
                    };
                    match &i.name {
                        Some(name) if namespace(name).is_none() => {
                            out.insert(
                                i.local.clone(),
                                format!("`{module}` has no module `{name}`"),
                            );
                        }
                        Some(name) => {
                            let m = namespace(name).unwrap();
                            for r in self.reads.iter().filter(|r| r.name == i.local) {
                                chain_problem(lang, r, 0, m, name, out);
                            }
                        }
                        None => {
                            for r in self.reads.iter().filter(|r| r.name == i.local) {
                                let Some(first) = r.chain.first() else {
                                    continue;
                                };
                                match namespace(first) {
                                    None => {
                                        out.insert(
                                            format!("{}.{first}", i.local),
                                            format!("`{module}` has no module `{first}`"),
                                        );
                                    }
                                    Some(m) => chain_problem(lang, r, 1, m, first, out),
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Whether `local`, bound to `name` of `m`, is an interface read as a value.
    fn interface_as_value(&self, local: &str, name: &str, m: &crate::index::Module) -> bool {
        is_interface(m, name)
            && self
                .reads
                .iter()
                .any(|r| r.name == local && r.value && r.chain.is_empty())
    }
}

/// Records the problem of a read whose member `chain[at]` is not exported by `m` (shown as
/// `shown`), or names an interface used as a value (TypeScript).
fn chain_problem(
    lang: Lang,
    r: &Read,
    at: usize,
    m: &crate::index::Module,
    shown: &str,
    out: &mut BTreeMap<String, String>,
) {
    let Some(name) = r.chain.get(at) else {
        return;
    };
    let key = std::iter::once(r.name.as_str())
        .chain(r.chain[..=at].iter().map(String::as_str))
        .collect::<Vec<_>>()
        .join(".");
    if !m.exports(name) {
        out.insert(key, format!("module `{shown}` does not export `{name}`"));
    } else if lang.is_typescript() && r.value && r.chain.len() == at + 1 && is_interface(m, name) {
        out.insert(
            key,
            format!("`{name}` of module `{shown}` is an interface, a type, used as a value"),
        );
    }
}

fn is_interface(m: &crate::index::Module, name: &str) -> bool {
    m.interfaces.binary_search(&name).is_ok() && m.classes.binary_search(&name).is_err()
}

/// The names whose declarations and reads are recorded: all, or those a file imports and
/// those a caller asks for ([`Bindings::of_names`]).
struct Wanted<'k> {
    /// The names the file imports (`None`: every name is wanted).
    imported: Option<HashSet<String>>,
    keep: &'k dyn Fn(&str) -> bool,
}

impl<'k> Wanted<'k> {
    /// For a file whose imports `b` holds already.
    fn new(b: &Bindings, keep: Option<&'k dyn Fn(&str) -> bool>) -> Wanted<'k> {
        Wanted {
            imported: keep.map(|_| b.imports.iter().map(|i| i.local.clone()).collect()),
            keep: keep.unwrap_or(&|_| true),
        }
    }

    fn wants(&self, name: &str) -> bool {
        match &self.imported {
            None => true,
            Some(imported) => imported.contains(name) || (self.keep)(name),
        }
    }
}

/// Adds every identifier-like node inside `node` (itself included) to `names`.
fn names_in(node: &N, wanted: &Wanted, names: &mut HashSet<String>) {
    for n in node.dfs() {
        if matches!(
            n.kind().as_ref(),
            "identifier"
                | "type_identifier"
                | "shorthand_property_identifier_pattern"
                | "package_identifier"
        ) {
            let name = n.text();
            if wanted.wants(&name) {
                names.insert(name.into_owned());
            }
        }
    }
}

/// Whether a node holds or lies in a syntax error: an import read from broken text (`from`
/// followed by a comment) binds nothing reliable.
fn broken(node: &N) -> bool {
    node.dfs().any(|n| n.is_error() || n.is_missing()) || node.ancestors().any(|a| a.is_error())
}

/// Whether a node lies inside an import statement.
fn in_import(node: &N, kinds: &[&str]) -> bool {
    node.ancestors().any(|a| kinds.contains(&a.kind().as_ref()))
}

/// The member names read after `node`: `.vpc.Vpc` (values, types and Python attributes), and
/// whether they are read in a type (`aws.vpc.VpcConfig` as a TypeScript type).
fn chain_after(node: &N) -> (Vec<String>, bool) {
    let mut chain = Vec::new();
    let mut in_type = false;
    let mut at = *node;
    while let Some(parent) = at.parent() {
        let kind = parent.kind();
        let member = match kind.as_ref() {
            "member_expression" | "nested_identifier" | "nested_type_identifier" | "attribute" => {
                let mut named = parent.children().filter(|c| c.is_named());
                let (Some(object), Some(property)) = (named.next(), named.last()) else {
                    break;
                };
                if object.range() != at.range() {
                    break;
                }
                in_type |= kind != "member_expression" && kind != "attribute";
                property
            }
            _ => break,
        };
        chain.push(member.text().to_string());
        at = parent;
    }
    (chain, in_type)
}

fn typescript_imports(file: &ParsedFile, b: &mut Bindings) {
    let whole = file.tree().root().range();
    for imp in file.ts_imports().iter().filter(|i| !broken(&i.node)) {
        let mut bind = |local: String, name: Option<String>, type_only: bool| {
            b.imports.push(Imported {
                target: format!("{}:{}", imp.source, name.as_deref().unwrap_or("*")),
                local,
                module: imp.source.clone(),
                name,
                type_only: imp.type_only || type_only,
                scope: whole.clone(),
            })
        };
        if let Some(ns) = &imp.namespace {
            bind(ns.text().to_string(), None, false);
        }
        for spec in &imp.named {
            let type_only = spec
                .node
                .children()
                .next()
                .is_some_and(|c| c.kind() == "type");
            bind(spec.local(), Some(spec.imported()), type_only);
        }
        // `import Default from "..."`, `import Default, { ... } from "..."`.
        if let Some(clause) = imp.node.children().find(|c| c.kind() == "import_clause") {
            for d in clause.children().filter(|c| c.kind() == "identifier") {
                bind(d.text().to_string(), Some("default".into()), false);
            }
        }
    }
}

fn typescript(file: &ParsedFile, wanted: &Wanted, b: &mut Bindings) {
    const DECLARING: &[(&str, &str)] = &[
        ("variable_declarator", "name"),
        ("function_declaration", "name"),
        ("generator_function_declaration", "name"),
        ("function_expression", "name"),
        ("class_declaration", "name"),
        ("abstract_class_declaration", "name"),
        ("class", "name"),
        ("interface_declaration", "name"),
        ("type_alias_declaration", "name"),
        ("enum_declaration", "name"),
        ("internal_module", "name"),
        ("module", "name"),
        ("required_parameter", "pattern"),
        ("optional_parameter", "pattern"),
        ("arrow_function", "parameter"),
        ("catch_clause", "parameter"),
        ("for_in_statement", "left"),
        ("type_parameter", "name"),
        ("import_alias", "name"),
    ];
    for n in file.tree().root().dfs() {
        let kind = n.kind();
        if let Some((_, field)) = DECLARING.iter().find(|(k, _)| *k == kind.as_ref()) {
            if let Some(f) = n.field(field) {
                names_in(&f, wanted, &mut b.declared);
            }
            continue;
        }
        let value = match kind.as_ref() {
            "identifier" | "shorthand_property_identifier" => true,
            "type_identifier" => false,
            _ => continue,
        };
        let name = n.text();
        if !wanted.wants(&name) || in_import(&n, &["import_statement"]) {
            continue;
        }
        let (chain, in_type) = chain_after(&n);
        b.reads.push(Read {
            name: name.into_owned(),
            value: value && !in_type,
            chain,
        });
    }
}

fn python_imports(file: &ParsedFile, b: &mut Bindings) {
    for imp in python::imports_of(file)
        .into_iter()
        .filter(|i| !broken(&i.node))
    {
        let scope = imp
            .node
            .ancestors()
            .find(|a| {
                matches!(
                    a.kind().as_ref(),
                    "function_definition" | "class_definition" | "module"
                )
            })
            .map_or(0..file.text.len(), |s| s.range());
        for name in &imp.names {
            let (target, module, imported) = if imp.from {
                (
                    format!("{}.{}", imp.module, name.name),
                    imp.module.clone(),
                    Some(name.name.clone()),
                )
            } else if name.alias.is_some() {
                (name.name.clone(), name.name.clone(), None)
            } else {
                // `import a.b` binds the package `a`; the module is read through it.
                (name.local(), name.name.clone(), None)
            };
            b.imports.push(Imported {
                local: name.local(),
                target,
                module,
                name: imported,
                type_only: false,
                scope: scope.clone(),
            });
        }
    }
}

fn python_bindings(file: &ParsedFile, wanted: &Wanted, b: &mut Bindings) {
    const DECLARING: &[(&str, &str)] = &[
        ("assignment", "left"),
        ("augmented_assignment", "left"),
        ("function_definition", "name"),
        ("function_definition", "parameters"),
        ("lambda", "parameters"),
        ("class_definition", "name"),
        ("for_statement", "left"),
        ("for_in_clause", "left"),
        ("named_expression", "name"),
        ("as_pattern", "alias"),
        ("except_clause", "alias"),
    ];
    for n in file.tree().root().dfs() {
        let kind = n.kind();
        let mut declaring = false;
        for (_, field) in DECLARING.iter().filter(|(k, _)| *k == kind.as_ref()) {
            if let Some(f) = n.field(field) {
                names_in(&f, wanted, &mut b.declared);
                declaring = true;
            }
        }
        match kind.as_ref() {
            "global_statement" | "nonlocal_statement" | "except_clause" | "as_pattern" => {
                names_in(&n, wanted, &mut b.declared);
                continue;
            }
            _ if declaring => continue,
            "identifier" => {}
            _ => continue,
        }
        let name = n.text();
        if !wanted.wants(&name)
            || !python::is_reference(&n)
            || in_import(&n, &["import_statement", "import_from_statement"])
        {
            continue;
        }
        b.reads.push(Read {
            name: name.into_owned(),
            value: true,
            chain: chain_after(&n).0,
        });
    }
}

fn go_imports(root: &N, b: &mut Bindings) {
    let whole = root.range();
    for imp in go::imports(root).into_iter().filter(|i| !broken(&i.node)) {
        let local = imp.local_name();
        // A package whose name is not its path's last element (`jsii-runtime-go` is `jsii`)
        // cannot be told apart here: left out.
        if !local.chars().all(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        b.imports.push(Imported {
            local,
            target: imp.path.clone(),
            module: imp.path.clone(),
            name: None,
            type_only: false,
            scope: whole.clone(),
        });
    }
}

fn go_bindings(root: &N, wanted: &Wanted, b: &mut Bindings) {
    const DECLARING: &[(&str, &str)] = &[
        ("short_var_declaration", "left"),
        ("var_spec", "name"),
        ("const_spec", "name"),
        ("parameter_declaration", "name"),
        ("variadic_parameter_declaration", "name"),
        ("function_declaration", "name"),
        ("type_spec", "name"),
        ("range_clause", "left"),
        ("receive_statement", "left"),
    ];
    for n in root.dfs() {
        let kind = n.kind();
        if let Some((_, field)) = DECLARING.iter().find(|(k, _)| *k == kind.as_ref()) {
            if let Some(f) = n.field(field) {
                names_in(&f, wanted, &mut b.declared);
            }
        }
        if !matches!(kind.as_ref(), "identifier" | "package_identifier") {
            continue;
        }
        let name = n.text();
        if !wanted.wants(&name) || in_import(&n, &["import_declaration"]) {
            continue;
        }
        b.reads.push(Read {
            name: name.into_owned(),
            value: true,
            chain: Vec::new(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(lang: Lang, text: &str) -> Bindings {
        Bindings::of(&ParsedFile::parse(lang, text))
    }

    #[test]
    fn typescript_imports_declarations_and_reads() {
        let b = of(
            Lang::TypeScript,
            "import { A, B as C } from \"m\";\nimport * as aws from \"@cdktf/provider-aws\";\nconst x: C = new A();\nnew aws.vpc.Vpc(x);\n",
        );
        assert_eq!(
            b.imported_names().into_iter().collect::<Vec<_>>(),
            ["A", "C", "aws"]
        );
        assert!(b.declared.contains("x"));
        assert!(b.reads.iter().any(|r| r.name == "C" && !r.value));
        let typed = of(
            Lang::TypeScript,
            "import * as aws from \"@cdktf/provider-aws\";\nlet c: aws.vpc.VpcConfig;\n",
        );
        assert!(typed
            .reads
            .iter()
            .any(|r| r.name == "aws" && !r.value && r.chain == ["vpc", "VpcConfig"]));
        assert!(b
            .reads
            .iter()
            .any(|r| r.name == "aws" && r.value && r.chain == ["vpc", "Vpc"]));
        assert!(!b.reads("B"), "the imported name is not a read");
    }

    #[test]
    fn python_imports_bind_in_their_scope() {
        let b = of(
            Lang::Python,
            "import a.b\nimport a.c\nfrom m import X\n\ndef f(y):\n    from n import X\n    return X(y)\n",
        );
        assert!(b.imported_twice(Lang::Python).is_empty(), "{b:?}");
        let again = of(Lang::Python, "from m import X\nfrom m import X\n");
        assert!(
            again.imported_twice(Lang::Python).is_empty(),
            "the same target"
        );
        assert!(b.declared.contains("y") && b.declared.contains("f"));
        assert!(b.reads("X") && b.reads("y"));
        let twice = of(Lang::Python, "from m import X\nfrom n import X\n");
        assert_eq!(twice.imported_twice(Lang::Python), ["X"]);
    }

    #[test]
    fn provider_exports_are_checked_against_the_index() {
        let index = ProviderIndex::get();
        let problems = |lang, text| of(lang, text).provider_problems(lang, index);
        assert!(problems(
            Lang::TypeScript,
            "import { Vpc } from \"@cdktf/provider-aws/lib/vpc\";\nnew Vpc();\n"
        )
        .is_empty());
        assert_eq!(
            problems(
                Lang::TypeScript,
                "import { Vpcc } from \"@cdktf/provider-aws/lib/vpc\";\n"
            )
            .len(),
            1
        );
        assert_eq!(
            problems(
                Lang::TypeScript,
                "import { VpcConfig } from \"@cdktf/provider-aws/lib/vpc\";\nnew VpcConfig();\n"
            )
            .len(),
            1,
            "an interface used as a value"
        );
        assert!(problems(
            Lang::TypeScript,
            "import { VpcConfig } from \"@cdktf/provider-aws/lib/vpc\";\nlet c: VpcConfig;\n"
        )
        .is_empty());
        assert_eq!(
            problems(
                Lang::TypeScript,
                "import * as aws from \"@cdktf/provider-aws\";\nnew aws.vpc.Vpcc();\nnew aws.nope.X();\n"
            )
            .len(),
            2
        );
        let found = problems(
            Lang::Python,
            "from cdktf_cdktf_provider_aws.vpc import Vpcc\nfrom cdktf_cdktf_provider_aws.nope import X\n",
        );
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(problems(
            Lang::Python,
            "from cdktf_cdktf_provider_aws.vpc import Vpc\nfrom cdktf_cdktf_provider_aws import s3_bucket\n"
        )
        .is_empty());
    }

    /// `of_names` answers every question about the names it keeps as `of` does, and reads
    /// nothing of the other names.
    #[test]
    fn bindings_of_some_names_answer_as_all_bindings_do() {
        let index = ProviderIndex::get();
        let cases = [
            (
                Lang::TypeScript,
                "import { Vpc, Vpcc } from \"@cdktf/provider-aws/lib/vpc\";\nimport * as aws from \"@cdktf/provider-aws\";\nimport { VpcConfig } from \"@cdktf/provider-aws/lib/vpc\";\nconst x: VpcConfig = {};\nnew VpcConfig();\nconst v = new Vpc(this, \"v\", x);\nnew aws.vpc.Vpcc(v);\nFn.join(\",\", []);\n",
            ),
            (
                Lang::Python,
                "from cdktf_cdktf_provider_aws.vpc import Vpcc\nimport cdktf_cdktf_provider_aws.vpc as vpc\n\ndef f(y):\n    Fn = y\n    return vpc.Vpc(y, Vpcc)\n",
            ),
            (
                Lang::Go,
                "package main\n\nimport \"github.com/cdktf/cdktf-provider-aws-go/aws/v19/vpc\"\n\nfunc f(x int) { vpc.NewVpc(nil, x, nil); cdktf.Fn_Join() }\n",
            ),
        ];
        for (lang, text) in cases {
            let file = ParsedFile::parse(lang, text);
            let all = Bindings::of(&file);
            let kept = ["Fn", "cdktf", "x"];
            let some = Bindings::of_names(&file, &|n| kept.contains(&n));
            assert_eq!(some.imports, all.imports, "{text}");
            assert_eq!(some.imported_twice(lang), all.imported_twice(lang));
            assert_eq!(
                some.provider_problems(lang, index),
                all.provider_problems(lang, index),
                "{text}"
            );
            let names: Vec<&str> = all.imported_names().into_iter().chain(kept).collect();
            for name in &names {
                assert_eq!(some.binds(name), all.binds(name), "{name} in {text}");
                assert_eq!(some.reads(name), all.reads(name), "{name} in {text}");
            }
            // (Go's provider exports are not checked.)
            assert!(
                lang == Lang::Go || !all.provider_problems(lang, index).is_empty(),
                "{text}"
            );
            // The other names' declarations and reads are left out.
            assert!(some.reads.iter().all(|r| names.contains(&r.name.as_str())));
            assert!(some.declared.iter().all(|d| names.contains(&d.as_str())));
            assert!(some.reads.len() < all.reads.len(), "{text}");
        }
    }

    #[test]
    fn go_imports_and_reads() {
        let b = of(
            Lang::Go,
            "package main\n\nimport (\n\t\"github.com/cdktf/cdktf-provider-aws-go/aws/v19/vpc\"\n\tjsii \"github.com/aws/jsii-runtime-go\"\n)\n\nfunc f(x int) { vpc.NewVpc(nil, jsii.String(\"a\"), nil) }\n",
        );
        assert_eq!(
            b.imported_names().into_iter().collect::<Vec<_>>(),
            ["jsii", "vpc"]
        );
        assert!(b.reads("vpc") && b.reads("jsii") && b.declared.contains("x"));
    }
}
