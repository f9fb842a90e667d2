//! TypeScript: imports of provider packages, what a constructor expression names, object literals.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use crate::index::{EntryPoint, Module, PackageRef, ProviderIndex, Use};
use crate::syntax::N;
use crate::ParsedFile;

/// The text of a string literal without quotes, when it has no escapes or substitutions.
pub fn string_value(node: &N) -> Option<String> {
    match node.kind().as_ref() {
        "string" => {
            let t = node.text();
            let inner = t.get(1..t.len().checked_sub(1)?)?;
            (!inner.contains('\\')).then(|| inner.to_string())
        }
        "template_string" => {
            let t = node.text();
            let inner = t.get(1..t.len().checked_sub(1)?)?;
            (!inner.contains('\\') && !inner.contains("${")).then(|| inner.to_string())
        }
        _ => None,
    }
}

/// The value of an integer literal (`0`, `65535`, `-1`).
pub fn int_value(node: &N) -> Option<i64> {
    match node.kind().as_ref() {
        "number" => node.text().replace('_', "").parse().ok(),
        "unary_expression" => {
            let t = node.text();
            let rest = t.strip_prefix('-')?.trim();
            rest.replace('_', "").parse::<i64>().ok().map(|v| -v)
        }
        "parenthesized_expression" => node.child(1).and_then(|c| int_value(&c)),
        _ => None,
    }
}

/// One `name` or `name as alias` inside `import { ... }`.
pub struct Specifier<'r> {
    pub node: N<'r>,
    pub name: N<'r>,
    pub alias: Option<N<'r>>,
}

impl<'r> Specifier<'r> {
    pub fn imported(&self) -> String {
        self.name.text().to_string()
    }
    /// The name the file uses.
    pub fn local(&self) -> String {
        self.alias.as_ref().unwrap_or(&self.name).text().to_string()
    }
}

/// An `import` statement.
pub struct Import<'r> {
    pub node: N<'r>,
    pub source: String,
    /// The string literal of the source, quotes included.
    pub source_node: N<'r>,
    /// `import type { ... }` / `import type * as x`.
    pub type_only: bool,
    /// The `{ ... }` part, when there is one.
    pub named_node: Option<N<'r>>,
    /// `import * as x`: the `x`.
    pub namespace: Option<N<'r>>,
    pub named: Vec<Specifier<'r>>,
}

/// The top-level import statements of a file.
pub fn imports<'r>(root: &N<'r>) -> Vec<Import<'r>> {
    root.children()
        .filter(|n| n.kind() == "import_statement")
        .filter_map(|node| {
            let source_node = node.field("source")?;
            let source = string_value(&source_node)?;
            let type_only = node.children().nth(1).is_some_and(|c| c.kind() == "type");
            let mut namespace = None;
            let mut named = Vec::new();
            let mut named_node = None;
            if let Some(clause) = node.children().find(|c| c.kind() == "import_clause") {
                for part in clause.children() {
                    match part.kind().as_ref() {
                        "namespace_import" => {
                            namespace = part.children().find(|c| c.kind() == "identifier");
                        }
                        "named_imports" => {
                            named_node = Some(part);
                            for spec in part.children().filter(|c| c.kind() == "import_specifier") {
                                if let Some(name) = spec.field("name") {
                                    let alias = spec.field("alias");
                                    named.push(Specifier {
                                        node: spec,
                                        name,
                                        alias,
                                    });
                                }
                            }
                        }
                        _ => {}
                    }
                }
            }
            Some(Import {
                node,
                source,
                source_node,
                type_only,
                named_node,
                namespace,
                named,
            })
        })
        .collect()
}

/// The two sides of a qualified name, `a.b` in a value (`member_expression`) or a type
/// (`nested_identifier`, `nested_type_identifier`). Read from the named children rather than the
/// grammar's field names, which are not reliable inside `typeof` queries.
pub fn qualified_parts<'r>(node: &N<'r>) -> Option<(N<'r>, N<'r>)> {
    if !matches!(
        node.kind().as_ref(),
        "member_expression" | "nested_identifier" | "nested_type_identifier"
    ) {
        return None;
    }
    let mut named = node
        .children()
        .filter(|c| c.is_named() && c.kind() != "comment");
    let object = named.next()?;
    let property = named.next()?;
    named.next().is_none().then_some((object, property))
}

/// How a reference uses what it names: a type (`type_identifier`, a qualified type
/// `aws.vpc.VpcConfig`) or a value (an identifier or member expression: `new X`, `X.m()`,
/// `extends X`, an argument, `typeof X`). An `export { X }` asks nothing of `X`: a type.
pub fn use_of(node: &N) -> Use {
    match node.kind().as_ref() {
        "type_identifier" | "nested_type_identifier" | "nested_identifier" => Use::Type,
        _ if node
            .parent()
            .is_some_and(|p| p.kind() == "export_specifier") =>
        {
            Use::Type
        }
        _ => Use::Value,
    }
}

/// How the file uses each of `names` outside `skip` (its import statements): the stricter use
/// of all its references ([`use_of`]); a name without references is absent.
pub fn uses_of(
    file: &ParsedFile,
    names: &HashSet<String>,
    skip: &[Range<usize>],
) -> HashMap<String, Use> {
    let mut uses: HashMap<String, Use> = HashMap::new();
    if names.is_empty() {
        return uses;
    }
    let kinds = [
        "identifier",
        "type_identifier",
        "shorthand_property_identifier",
    ];
    for n in file.of_kinds(&kinds) {
        if skip.iter().any(|r| r.contains(&n.range().start)) {
            continue;
        }
        // The name part of a qualified type (`aws.s3Bucket.S3BucketVersioning`) is not a
        // reference to a local of that name.
        if n.parent().is_some_and(|p| {
            p.kind() == "nested_type_identifier"
                && p.field("name").is_some_and(|f| f.range() == n.range())
        }) {
            continue;
        }
        let text = n.text();
        if let Some(name) = names.get(text.as_ref() as &str) {
            let u = use_of(&n);
            uses.entry(name.clone())
                .and_modify(|e| *e = e.and(u))
                .or_insert(u);
        }
    }
    uses
}

/// What a local name bound by a provider import stands for.
#[derive(Clone, Copy, Debug)]
pub enum Binding<'i> {
    /// `import * as aws from "@cdktf/provider-aws"`: the whole package.
    Package(PackageRef<'i>),
    /// A module namespace: `import * as vpc from ".../lib/vpc"` or `{ vpc }` from the root.
    Module(PackageRef<'i>, &'i Module),
    /// A class or interface: `{ Vpc }` from ".../lib/vpc" (module known) or from the root.
    Name(PackageRef<'i>, Option<&'i Module>),
}

/// The provider bindings of a file: local name → what it is.
pub struct ProviderScope<'i> {
    pub bindings: HashMap<String, (Binding<'i>, String)>,
}

impl<'i> ProviderScope<'i> {
    pub fn of(imports: &[Import], index: &'i ProviderIndex) -> ProviderScope<'i> {
        let mut bindings = HashMap::new();
        for imp in imports {
            let Some(pkg) = index.resolve_npm(&imp.source) else {
                continue;
            };
            if let Some(ns) = &imp.namespace {
                let b = match pkg.entry {
                    EntryPoint::Module(m) => Binding::Module(pkg, m),
                    _ => Binding::Package(pkg),
                };
                bindings.insert(ns.text().to_string(), (b, String::new()));
            }
            for spec in &imp.named {
                let imported = spec.imported();
                let b = match pkg.entry {
                    EntryPoint::Root | EntryPoint::Lib => {
                        match pkg.provider.module_by_namespace(&imported) {
                            Some(m) => Binding::Module(pkg, m),
                            None => Binding::Name(pkg, None),
                        }
                    }
                    EntryPoint::Module(m) => Binding::Name(pkg, Some(m)),
                    EntryPoint::UnknownModule => Binding::Name(pkg, None),
                };
                bindings.insert(spec.local(), (b, imported));
            }
        }
        ProviderScope { bindings }
    }

    /// The provider class a constructor expression names (`Vpc`, `vpc.Vpc`, `aws.vpc.Vpc`), if it
    /// is reached through a provider import. Returns the class name as written at its origin.
    pub fn class_of(&self, expr: &N) -> Option<String> {
        match expr.kind().as_ref() {
            "identifier" => match self.bindings.get(expr.text().as_ref())? {
                (Binding::Name(..), imported) => Some(imported.clone()),
                _ => None,
            },
            "member_expression" => {
                let (object, property) = qualified_parts(expr)?;
                let property = property.text().to_string();
                match object.kind().as_ref() {
                    "identifier" => match self.bindings.get(object.text().as_ref())? {
                        (Binding::Module(..), _) => Some(property),
                        _ => None,
                    },
                    "member_expression" => {
                        let (base, _) = qualified_parts(&object)?;
                        match self.bindings.get(base.text().as_ref())? {
                            (Binding::Package(_), _) if base.kind() == "identifier" => {
                                Some(property)
                            }
                            _ => None,
                        }
                    }
                    _ => None,
                }
            }
            _ => None,
        }
    }
}

/// A property of an object literal: `key: value`.
pub struct Property<'r> {
    pub key: String,
    pub pair: N<'r>,
    pub value: N<'r>,
}

/// The `key: value` properties of an object literal (shorthands, spreads and methods are left out).
pub fn properties<'r>(object: &N<'r>) -> Vec<Property<'r>> {
    object
        .children()
        .filter(|c| c.kind() == "pair")
        .filter_map(|pair| {
            let key_node = pair.field("key")?;
            let key = match key_node.kind().as_ref() {
                "property_identifier" => key_node.text().to_string(),
                "string" => string_value(&key_node)?,
                _ => return None,
            };
            let value = pair.field("value")?;
            Some(Property { key, pair, value })
        })
        .collect()
}

/// Whether an object literal has a spread (`...x`): its full set of keys is unknown.
pub fn has_spread(object: &N) -> bool {
    object.children().any(|c| c.kind() == "spread_element")
}

/// The range that removes a property together with the comma and spaces after it.
pub fn property_removal(text: &str, pair: &N) -> std::ops::Range<usize> {
    let mut end = pair.range().end;
    if let Some(next) = pair.next() {
        if next.kind() == "," {
            end = next.range().end;
            end += text[end..].len() - text[end..].trim_start_matches([' ', '\t']).len();
        }
    }
    pair.range().start..end
}

/// Every `new X(scope, id, { ... })` in the file, with its class expression and config object.
pub fn constructions<'r>(file: &'r ParsedFile) -> Vec<(N<'r>, N<'r>)> {
    file.of_kind("new_expression")
        .filter_map(|n| {
            let ctor = n.field("constructor")?;
            let args = n.field("arguments")?;
            let config = args.children().filter(|c| c.is_named()).nth(2)?;
            (config.kind() == "object").then_some((ctor, config))
        })
        .collect()
}
