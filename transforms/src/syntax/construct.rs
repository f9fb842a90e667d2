//! Provider constructs and literal configurations, read the same way in TypeScript
//! (`new DbInstance(this, "db", { storageEncrypted: true })`) and Python
//! (`DbInstance(self, "db", storage_encrypted=True)`): which provider class a construction
//! builds, its config as a key/value [`Map`] with layout-preserving edits, the variable it is
//! bound to, and the JSON-like literals handed to `JSON.stringify` / `json.dumps`. Keys are given
//! in TypeScript's camelCase and spelled in snake_case for Python. The Go side is [`go`].

pub mod go;

use std::ops::Range;

use crate::index::{self, ProviderIndex};
use crate::lang::Lang;
use crate::syntax::layout::{comma_after, named_children, starts_line};
use crate::syntax::python::{self, Bindings};
use crate::syntax::ts::{self, Binding, ProviderScope};
use crate::syntax::{indent_at, removal_with_line, N};
use crate::{Context, Edit, ParsedFile};

/// The Python packages of the prebuilt AWS provider (CDKTF and CDK Terrain).
pub const PY_AWS_PACKAGES: &[&str] = &["cdktf_cdktf_provider_aws", "cdktn_provider_aws"];

/// `storageEncrypted` → `storage_encrypted`.
pub fn snake(camel: &str) -> String {
    let mut s = String::with_capacity(camel.len() + 4);
    for c in camel.chars() {
        if c.is_ascii_uppercase() {
            s.push('_');
            s.push(c.to_ascii_lowercase());
        } else {
            s.push(c);
        }
    }
    s
}

/// How `camel` is spelled in `lang`.
pub fn key_in(lang: Lang, camel: &str) -> String {
    if lang == Lang::Python {
        snake(camel)
    } else {
        camel.to_string()
    }
}

/// `true` in `lang`.
pub fn true_in(lang: Lang) -> &'static str {
    if lang == Lang::Python {
        "True"
    } else {
        "true"
    }
}

/// A plain string literal's text.
pub fn string_value(lang: Lang, node: &N) -> Option<String> {
    if lang == Lang::Python {
        python::string_value(node)
    } else {
        ts::string_value(node)
    }
}

/// A boolean literal's value.
pub fn bool_value(node: &N) -> Option<bool> {
    match node.kind().as_ref() {
        "true" => Some(true),
        "false" => Some(false),
        _ => None,
    }
}

/// The range inside a string literal's quotes (to replace its text and keep its quotes).
pub fn string_inner(lang: Lang, node: &N) -> Option<Range<usize>> {
    string_value(lang, node)?;
    let r = node.range();
    if lang == Lang::Python {
        let start = node.children().find(|c| c.kind() == "string_start")?;
        let end = node.children().find(|c| c.kind() == "string_end")?;
        Some(start.range().end..end.range().start)
    } else {
        Some(r.start + 1..r.end - 1)
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum MapKind {
    /// A TypeScript object literal.
    Object,
    /// A Python call's keyword arguments (`DbInstance(self, "db", a=1)`, `Struct(a=1)`).
    Args,
    /// A Python dictionary with string keys.
    Dict,
}

/// A literal key/value configuration: a TypeScript object, Python keyword arguments or a dict.
#[derive(Clone)]
pub struct Map<'r> {
    pub kind: MapKind,
    /// The `object`, `argument_list` or `dictionary`.
    pub node: N<'r>,
}

/// One `key: value` property, `key=value` argument or `"key": value` dictionary entry of a
/// [`Map`] or of a literal read by [`props`].
pub struct Prop<'r> {
    /// As written (camelCase in TypeScript, snake_case in Python).
    pub key: String,
    /// The pair or keyword argument.
    pub node: N<'r>,
    pub value: N<'r>,
}

impl<'r> Map<'r> {
    /// The literal map a value is: an object (TypeScript), a dict or a struct-class call (Python).
    pub fn of_value(lang: Lang, node: &N<'r>) -> Option<Map<'r>> {
        match (lang, node.kind().as_ref()) {
            (Lang::Python, "dictionary") => Some(Map {
                kind: MapKind::Dict,
                node: *node,
            }),
            (Lang::Python, "call") => {
                let args = node.field("arguments")?;
                (args.kind() == "argument_list").then_some(Map {
                    kind: MapKind::Args,
                    node: args,
                })
            }
            (l, "object") if l.is_typescript() => Some(Map {
                kind: MapKind::Object,
                node: *node,
            }),
            _ => None,
        }
    }

    pub fn entries(&self) -> Vec<Prop<'r>> {
        match self.kind {
            MapKind::Object | MapKind::Args => plain_entries(&self.node),
            MapKind::Dict => self
                .node
                .children()
                .filter(|c| c.kind() == "pair")
                .filter_map(|pair| {
                    let key = python::string_value(&pair.field("key")?)?;
                    let value = pair.field("value")?;
                    Some(Prop {
                        key,
                        node: pair,
                        value,
                    })
                })
                .collect(),
        }
    }

    /// The entry for a camelCase key. A Python dict may spell it either way: the bindings turn a
    /// dict passed for a struct parameter into the struct class (snake_case keys), but a dict
    /// inside a list (`ebs_block_device=[{...}]`) goes to JavaScript as it is and needs the
    /// camelCase keys.
    pub fn get(&self, camel: &str) -> Option<Prop<'r>> {
        let key = match self.kind {
            MapKind::Object => camel.to_string(),
            _ => snake(camel),
        };
        self.entries()
            .into_iter()
            .find(|e| e.key == key || (self.kind == MapKind::Dict && e.key == camel))
    }

    /// Whether this dict spells its keys in camelCase (the JavaScript names, as in a dict inside
    /// a list), judged by its entries.
    fn camel_dict(&self) -> bool {
        self.kind == MapKind::Dict
            && self
                .entries()
                .iter()
                .any(|e| e.key.chars().any(|c| c.is_ascii_uppercase()) && !e.key.contains('_'))
    }

    /// The entries when the set of keys is known (see [`props`]).
    pub fn props(&self) -> Option<Vec<Prop<'r>>> {
        props(self.lang(), &self.node)
    }

    /// Whether keys may come from elsewhere (`...x`, `**x`, a shorthand `{ password }`), so
    /// that a missing key may be set after all.
    pub fn is_open(&self) -> bool {
        self.node.children().any(|c| {
            matches!(
                c.kind().as_ref(),
                "spread_element"
                    | "shorthand_property_identifier"
                    | "dictionary_splat"
                    | "list_splat"
            )
        })
    }

    fn lang(&self) -> Lang {
        match self.kind {
            MapKind::Object => Lang::TypeScript,
            _ => Lang::Python,
        }
    }

    /// The text of one entry `camel` = `value` (code), in this map's syntax.
    pub fn entry_text(&self, camel: &str, value: &str) -> String {
        match self.kind {
            MapKind::Object => format!("{camel}: {value}"),
            MapKind::Args => format!("{}={value}", snake(camel)),
            MapKind::Dict => {
                let q = self
                    .entries()
                    .first()
                    .and_then(|e| e.node.field("key"))
                    .and_then(|k| python::quote_of(&k))
                    .unwrap_or('"');
                let key = if self.camel_dict() {
                    camel.to_string()
                } else {
                    snake(camel)
                };
                format!("{q}{key}{q}: {value}")
            }
        }
    }

    /// The edit adding `camel` = `value` after the last entry, laid out like its neighbours
    /// (one per line at their indentation, or inline). `None` when the map holds nothing but a
    /// comment.
    pub fn insert(&self, text: &str, nl: &str, camel: &str, value: &str) -> Option<Vec<Edit>> {
        let entry = self.entry_text(camel, value);
        let items = named_children(&self.node);
        let Some(last) = items.last() else {
            if self.node.children().any(|c| c.kind() == "comment") {
                return None;
            }
            let open = self.node.child(0)?;
            let close = self.node.children().last()?;
            let pad = if self.kind == MapKind::Object {
                " "
            } else {
                ""
            };
            return Some(vec![Edit::replace(
                open.range().end..close.range().start,
                format!("{pad}{entry}{pad}"),
            )]);
        };
        let end = last.range().end;
        if !starts_line(text, last.range().start) {
            return Some(vec![Edit::insert(end, format!(", {entry}"))]);
        }
        let indent = indent_at(text, last.range().start);
        let comma = comma_after(last);
        let mut at = comma.as_ref().map_or(end, |c| c.range().end);
        // A comment ending the line of the last entry stays on that line.
        if let Some(c) = comma.as_ref().unwrap_or(last).next() {
            if c.kind() == "comment"
                && c.range().start >= at
                && !text[at..c.range().start].contains('\n')
            {
                at = c.range().end;
                while at > c.range().start && text.as_bytes()[at - 1] == b'\r' {
                    at -= 1;
                }
            }
        }
        let trailing = if comma.is_some() { "," } else { "" };
        let body = format!("{nl}{indent}{entry}{trailing}");
        Some(match comma {
            Some(_) => vec![Edit::insert(at, body)],
            None if at == end => vec![Edit::insert(end, format!(",{body}"))],
            None => vec![Edit::insert(end, ","), Edit::insert(at, body)],
        })
    }

    /// The edit removing an entry (its line when alone on it; the comma before it when it is
    /// the last entry without a trailing comma).
    pub fn remove(&self, text: &str, entry: &Prop) -> Edit {
        if comma_after(&entry.node).is_none() {
            let mut prev = entry.node.prev();
            while let Some(p) = prev.filter(|p| p.kind() == "comment") {
                prev = p.prev();
            }
            if let Some(p) = prev.filter(|p| p.kind() == ",") {
                return Edit::delete(p.range().start..entry.node.range().end);
            }
        }
        Edit::delete(removal_with_line(
            text,
            ts::property_removal(text, &entry.node),
        ))
    }

    /// A string value's literal for this map's language, with the quote of its neighbours.
    pub fn string_literal(&self, s: &str) -> String {
        let lang = self.lang();
        let q = self
            .node
            .dfs()
            .find(|n| n.kind() == "string" && string_value(lang, n).is_some())
            .and_then(|n| n.text().chars().next())
            .filter(|c| *c == '"' || *c == '\'')
            .unwrap_or('"');
        format!("{q}{s}{q}")
    }
}

/// One `new X(scope, id, config)` (TypeScript) or `X(scope, id, **kwargs)` (Python) of a
/// provider class.
pub struct Construct<'r> {
    /// The class as named at its origin (`DbInstance`).
    pub class: String,
    /// The Python package the class comes from (`None` in TypeScript).
    pub py_package: Option<&'static str>,
    /// The `new_expression` (TypeScript) or `call` (Python).
    pub node: N<'r>,
    /// The class expression as written (`DbInstance`, `rds.DbInstance`).
    pub ctor: N<'r>,
    /// The construct id argument.
    pub id_arg: Option<N<'r>>,
    /// The literal configuration: TypeScript's object literal (absent when there is no third
    /// argument or it is not a literal), Python's keyword arguments.
    pub config: Option<Map<'r>>,
    /// The configuration argument when it is not a literal (a variable, a call): its keys are
    /// unknown.
    pub computed: Option<N<'r>>,
    /// The name the construct is bound to: `igw`, `this.igw`, `self.igw`.
    pub binding: Option<String>,
    /// The statement that holds the construction when it is the whole statement
    /// (`new X(...);`, `const x = new X(...);`, `this.x = new X(...);`, `x = X(...)`).
    pub statement: Option<N<'r>>,
}

impl<'r> Construct<'r> {
    fn new(lang: Lang, node: N<'r>, ctor: N<'r>, class: (String, Option<&'static str>)) -> Self {
        let args = node.field("arguments");
        let positional: Vec<N> = args
            .iter()
            .flat_map(|a| a.children())
            .filter(|c| c.is_named() && c.kind() != "comment" && c.kind() != "keyword_argument")
            .collect();
        let (config, computed) = match &args {
            Some(args) if lang == Lang::Python => (
                (args.kind() == "argument_list").then_some(Map {
                    kind: MapKind::Args,
                    node: *args,
                }),
                None,
            ),
            _ => {
                let arg = positional.get(2);
                let config = arg.and_then(|a| Map::of_value(lang, a));
                (config.clone(), arg.filter(|_| config.is_none()).cloned())
            }
        };
        let (binding, statement) = binding_of(lang, &node);
        Construct {
            class: class.0,
            py_package: class.1,
            id_arg: positional.get(1).cloned(),
            node,
            ctor,
            config,
            computed,
            binding,
            statement,
        }
    }
}

/// How a file names provider classes: its provider imports.
pub enum Scope<'f> {
    Ts(&'f ProviderScope<'static>),
    Py(&'f Bindings),
}

impl<'f> Scope<'f> {
    /// The file's provider imports; `None` when it imports no provider at all.
    pub fn of(file: &'f ParsedFile, index: &'static ProviderIndex) -> Option<Scope<'f>> {
        if file.lang == Lang::Python {
            let b = Bindings::of(file);
            b.imports_from_any(PY_AWS_PACKAGES).then_some(Scope::Py(b))
        } else {
            let scope = file.provider_scope(index);
            (!scope.bindings.is_empty()).then_some(Scope::Ts(scope))
        }
    }

    /// The provider class a constructor/callee expression names, with the Python package it
    /// comes from (`None` for TypeScript).
    pub fn class_of(&self, expr: &N) -> Option<(String, Option<&'static str>)> {
        match self {
            Scope::Ts(s) => s.class_of(expr).map(|c| (c, None)),
            Scope::Py(b) => {
                // `<package>.<module>.<Class>`, the module by its Python name (not always the
                // folder's: `s3_control_bucket` is `s3control-bucket`), in the index of the
                // package's own family.
                b.qualified_names(expr).iter().find_map(|path| {
                    let pkg = PY_AWS_PACKAGES
                        .iter()
                        .find(|pkg| path.strip_prefix(**pkg).is_some_and(|r| r.starts_with('.')))?;
                    let (module, class) = path.rsplit_once('.')?;
                    let resolved = ProviderIndex::get().resolve_python(module)?;
                    match resolved.entry {
                        index::EntryPoint::Module(m) if m.exports(class) => {
                            Some((class.to_string(), Some(*pkg)))
                        }
                        _ => None,
                    }
                })
            }
        }
    }
}

/// Every construction of a provider class in the file, in source order.
pub fn constructs<'r>(file: &'r ParsedFile, scope: &Scope) -> Vec<Construct<'r>> {
    let lang = file.lang;
    let (kind, ctor_field) = if lang == Lang::Python {
        ("call", "function")
    } else {
        ("new_expression", "constructor")
    };
    let mut out = Vec::new();
    for node in file.of_kind(kind) {
        let Some(ctor) = node.field(ctor_field) else {
            continue;
        };
        let Some(class) = scope.class_of(&ctor) else {
            continue;
        };
        if node.field("arguments").is_none() {
            continue;
        }
        out.push(Construct::new(lang, node, ctor, class));
    }
    out
}

fn binding_of<'r>(lang: Lang, node: &N<'r>) -> (Option<String>, Option<N<'r>>) {
    let Some(parent) = node.parent() else {
        return (None, None);
    };
    let stmt_if = |n: Option<N<'r>>, kind: &str| n.filter(|s| s.kind() == kind);
    match parent.kind().as_ref() {
        "variable_declarator" if lang != Lang::Python => {
            let name = parent
                .field("name")
                .filter(|n| n.kind() == "identifier")
                .map(|n| n.text().to_string());
            let decl = parent.parent().filter(|d| {
                d.kind() == "lexical_declaration" || d.kind() == "variable_declaration"
            });
            let single = decl.as_ref().is_some_and(|d| {
                d.children()
                    .filter(|c| c.kind() == "variable_declarator")
                    .count()
                    == 1
            });
            (name, if single { decl } else { None })
        }
        "assignment_expression" if lang != Lang::Python => {
            let left = parent.field("left").map(|l| l.text().to_string());
            (left, stmt_if(parent.parent(), "expression_statement"))
        }
        "assignment" if lang == Lang::Python => {
            let left = parent
                .field("left")
                .filter(|l| l.kind() == "identifier" || l.kind() == "attribute")
                .map(|l| l.text().to_string());
            (left, stmt_if(parent.parent(), "expression_statement"))
        }
        "expression_statement" => (None, Some(parent)),
        _ => (None, None),
    }
}

/// The statement holding `node` whose parent is a block or the module: where a statement can
/// be inserted before or after it. `None` inside a class body (a field initializer).
pub fn enclosing_statement<'r>(node: &N<'r>) -> Option<N<'r>> {
    let mut cur = *node;
    loop {
        let parent = cur.parent()?;
        match parent.kind().as_ref() {
            "program" | "statement_block" | "module" | "block" => return Some(cur),
            "class_body" => return None,
            _ => cur = parent,
        }
    }
}

/// Whether a TypeScript class expression names a class of the AWS provider.
fn ts_aws_class(scope: &ProviderScope, ctor: &N) -> Option<String> {
    let class = scope.class_of(ctor)?;
    let mut base = *ctor;
    while base.kind() == "member_expression" {
        base = base.field("object")?;
    }
    let (binding, _) = scope.bindings.get(base.text().as_ref())?;
    let pkg = match binding {
        Binding::Name(p, _) | Binding::Module(p, _) | Binding::Package(p) => p,
    };
    (pkg.provider.name == "aws").then_some(class)
}

/// The AWS provider class a Python callee names (`DbInstance`, `db_instance.DbInstance`), with
/// its package.
fn py_aws_class(b: &Bindings, expr: &N) -> Option<(String, &'static str)> {
    b.qualified_names(expr).into_iter().find_map(|q| {
        let pkg = PY_AWS_PACKAGES
            .iter()
            .find(|p| q.starts_with(&format!("{p}.")))?;
        let rest = &q[pkg.len() + 1..];
        let (module, class) = rest.split_once('.')?;
        (!module.is_empty() && !class.contains('.')).then(|| (class.to_string(), *pkg))
    })
}

/// Every construct of the AWS provider whose class is one of `classes`, in source order.
pub fn aws_constructs<'r>(
    file: &'r ParsedFile,
    ctx: &Context,
    classes: &[&str],
) -> Vec<Construct<'r>> {
    let mut out = Vec::new();
    match file.lang {
        l if l.is_typescript() => {
            let scope = file.provider_scope(ctx.index);
            if scope.bindings.is_empty() {
                return out;
            }
            for new in file.of_kind("new_expression") {
                let (Some(ctor), Some(_)) = (new.field("constructor"), new.field("arguments"))
                else {
                    continue;
                };
                let Some(class) = ts_aws_class(scope, &ctor) else {
                    continue;
                };
                if !classes.contains(&class.as_str()) {
                    continue;
                }
                out.push(Construct::new(file.lang, new, ctor, (class, None)));
            }
        }
        Lang::Python => {
            let b = Bindings::of(file);
            for call in file.of_kind("call") {
                let (Some(function), Some(args)) =
                    (call.field("function"), call.field("arguments"))
                else {
                    continue;
                };
                if args.kind() != "argument_list" {
                    continue;
                }
                let Some((class, pkg)) = py_aws_class(b, &function) else {
                    continue;
                };
                if !classes.contains(&class.as_str()) {
                    continue;
                }
                out.push(Construct::new(
                    file.lang,
                    call,
                    function,
                    (class, Some(pkg)),
                ));
            }
        }
        _ => {}
    }
    out
}

/// The entries of a TypeScript object literal (its `key: value` properties) or of a Python
/// argument list (its keyword arguments).
fn plain_entries<'r>(node: &N<'r>) -> Vec<Prop<'r>> {
    let entry = |key, node, value| Prop { key, node, value };
    if node.kind() == "argument_list" {
        let args = python::keyword_arguments(node).into_iter();
        args.map(|k| entry(k.name, k.node, k.value)).collect()
    } else {
        let props = ts::properties(node).into_iter();
        props.map(|p| entry(p.key, p.pair, p.value)).collect()
    }
}

/// The properties of a config or JSON-like literal: a TypeScript object, a Python argument list,
/// a call of a provider struct class (`SecurityGroupIngress(...)`) or a dictionary. `None` when
/// the node is none of these or holds a spread, so its set of keys is unknown.
pub fn props<'r>(lang: Lang, node: &N<'r>) -> Option<Vec<Prop<'r>>> {
    match node.kind().as_ref() {
        "object" if lang != Lang::Python => (!ts::has_spread(node)).then(|| plain_entries(node)),
        "argument_list" => {
            if node
                .children()
                .any(|c| c.kind() == "dictionary_splat" || c.kind() == "list_splat")
            {
                return None;
            }
            Some(plain_entries(node))
        }
        "call" => props(lang, &node.field("arguments")?),
        "dictionary" => {
            let mut v = Vec::new();
            for c in node.children().filter(|c| c.is_named()) {
                match c.kind().as_ref() {
                    "pair" => {
                        let key = python::string_value(&c.field("key")?)?;
                        let value = c.field("value")?;
                        v.push(Prop {
                            key,
                            node: c,
                            value,
                        });
                    }
                    "comment" => {}
                    _ => return None,
                }
            }
            Some(v)
        }
        _ => None,
    }
}

/// The property named `key` (already in the file's language).
pub fn find<'a, 'r>(props: &'a [Prop<'r>], key: &str) -> Option<&'a Prop<'r>> {
    props.iter().find(|p| p.key == key)
}

/// The elements of an array / list / tuple literal; `None` for anything else or with a spread.
pub fn items<'r>(node: &N<'r>) -> Option<Vec<N<'r>>> {
    if !matches!(node.kind().as_ref(), "array" | "list" | "tuple") {
        return None;
    }
    let v: Vec<N> = node
        .children()
        .filter(|c| c.is_named() && c.kind() != "comment")
        .collect();
    (!v.iter()
        .any(|c| matches!(c.kind().as_ref(), "spread_element" | "list_splat")))
    .then_some(v)
}

/// The body of any string literal (template strings and f-strings included), between its
/// quotes: two literals with the same body denote the same string in the same scope.
pub fn literal_body(lang: Lang, node: &N) -> Option<String> {
    let text = node.text();
    match (lang, node.kind().as_ref()) {
        (Lang::Python, "string") => {
            let t = text.trim_start_matches(|c: char| c.is_ascii_alphabetic());
            for q in ["\"\"\"", "'''", "\"", "'"] {
                if let Some(inner) = t.strip_prefix(q).and_then(|r| r.strip_suffix(q)) {
                    return Some(inner.to_string());
                }
            }
            None
        }
        (Lang::Python, _) => None,
        (_, "string" | "template_string") => {
            text.get(1..text.len().checked_sub(1)?).map(str::to_string)
        }
        _ => None,
    }
}

/// The JSON-like literal passed to `JSON.stringify(...)` / `json.dumps(...)` by `call`.
pub fn serialized_literal<'r>(lang: Lang, call: &N<'r>, py: Option<&Bindings>) -> Option<N<'r>> {
    let function = call.field("function")?;
    let is_serializer = if lang == Lang::Python {
        py.is_some_and(|b| {
            b.qualified_names(&function)
                .iter()
                .any(|n| n == "json.dumps")
        })
    } else {
        function.text() == "JSON.stringify"
    };
    if !is_serializer {
        return None;
    }
    let args = call.field("arguments")?;
    let first = args
        .children()
        .find(|c| c.is_named() && c.kind() != "comment")?;
    matches!(
        first.kind().as_ref(),
        "object" | "array" | "dictionary" | "list"
    )
    .then_some(first)
}

/// The calls of the file that serialize a JSON-like literal, with that literal.
pub fn serialized_literals<'r>(file: &'r ParsedFile) -> Vec<(N<'r>, N<'r>)> {
    let lang = file.lang;
    let kind = if lang == Lang::Python {
        "call"
    } else {
        "call_expression"
    };
    let bindings = (lang == Lang::Python).then(|| Bindings::of(file));
    file.of_kind(kind)
        .filter_map(|call| {
            let lit = serialized_literal(lang, &call, bindings)?;
            Some((call, lit))
        })
        .collect()
}

/// An edit that appends `item` (`key: value` / `key=value`) to an object literal or argument
/// list, following its layout: on a line of its own at the indentation of the last item when the
/// items are one per line (a trailing comma kept when there was one), else after `, `.
pub fn append_item(text: &str, nl: &str, container: &N, item: &str) -> Vec<Edit> {
    let elements: Vec<N> = container
        .children()
        .filter(|c| c.is_named() && c.kind() != "comment")
        .collect();
    let Some(last) = elements.last() else {
        // `{}` or `()`: fill it.
        let r = container.range();
        let (open, close) = (&text[r.start..r.start + 1], &text[r.end - 1..r.end]);
        return vec![Edit::replace(
            r,
            if open == "{" {
                format!("{{ {item} }}")
            } else {
                format!("{open}{item}{close}")
            },
        )];
    };
    let comma = last.next().filter(|n| n.kind() == ",");
    let after_last = comma.as_ref().map_or(last.range().end, |c| c.range().end);
    let line_start = text[..last.range().start].rfind('\n').map_or(0, |i| i + 1);
    let own_line = text[line_start..last.range().start].trim().is_empty()
        && text[container.range().start..last.range().start].contains('\n');
    if own_line {
        let indent = indent_at(text, last.range().start);
        let line_end = text[after_last..]
            .find(['\r', '\n'])
            .map_or(text.len(), |i| after_last + i);
        let trailing = if comma.is_some() { "," } else { "" };
        let added = format!("{nl}{indent}{item}{trailing}");
        if comma.is_some() {
            vec![Edit::insert(line_end, added)]
        } else if text[after_last..line_end].trim().is_empty() {
            vec![Edit::insert(after_last, format!(",{added}"))]
        } else {
            // A comment ends the last item's line: the comma before it, the item after it.
            vec![Edit::insert(after_last, ","), Edit::insert(line_end, added)]
        }
    } else if comma.is_some() {
        vec![Edit::insert(after_last, format!(" {item},"))]
    } else {
        vec![Edit::insert(last.range().end, format!(", {item}"))]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn camel_keys_become_snake_case() {
        assert_eq!(
            snake("manageMasterUserPassword"),
            "manage_master_user_password"
        );
        assert_eq!(snake("kmsKeyId"), "kms_key_id");
        assert_eq!(key_in(Lang::TypeScript, "kmsKeyId"), "kmsKeyId");
    }

    fn map_of<'r>(file: &'r ParsedFile, kind: &str) -> Map<'r> {
        let root = file.tree().root();
        let node = root.dfs().find(|n| n.kind() == kind).unwrap();
        Map::of_value(file.lang, &node).unwrap()
    }

    #[test]
    fn insert_follows_layout() {
        let src = "x = { a: 1 };\n";
        let f = ParsedFile::parse(Lang::TypeScript, src);
        let m = map_of(&f, "object");
        let e = m.insert(src, "\n", "bC", "true").unwrap();
        assert_eq!(e, vec![Edit::insert(10, ", bC: true")]);

        let src = "x = {\n  a: 1, // one\n};\n";
        let f = ParsedFile::parse(Lang::TypeScript, src);
        let m = map_of(&f, "object");
        let e = m.insert(src, "\n", "b", "2").unwrap();
        assert_eq!(e, vec![Edit::insert(20, "\n  b: 2,")]);

        let src = "f(a=1,\n  b=2)\n";
        let f = ParsedFile::parse(Lang::Python, src);
        let m = map_of(&f, "call");
        let e = m.insert(src, "\n", "storageEncrypted", "True").unwrap();
        assert_eq!(e, vec![Edit::insert(12, ",\n  storage_encrypted=True")]);
    }

    #[test]
    fn python_dicts_are_read_and_extended_in_their_own_key_spelling() {
        let src = "x = [{'deviceName': 'a', 'volumeType': 'gp2'}]\n";
        let f = ParsedFile::parse(Lang::Python, src);
        let m = map_of(&f, "dictionary");
        assert_eq!(m.get("volumeType").unwrap().key, "volumeType");
        assert_eq!(m.entry_text("kmsKeyId", "k"), "'kmsKeyId': k");

        let src = "x = {\"volume_type\": \"gp2\"}\n";
        let f = ParsedFile::parse(Lang::Python, src);
        let m = map_of(&f, "dictionary");
        assert_eq!(m.get("volumeType").unwrap().key, "volume_type");
        assert_eq!(m.entry_text("kmsKeyId", "k"), "\"kms_key_id\": k");
    }

    #[test]
    fn remove_takes_the_comma_before_a_last_entry() {
        let src = "x = { a: 1, b: 2 };\n";
        let f = ParsedFile::parse(Lang::TypeScript, src);
        let m = map_of(&f, "object");
        let b = m.get("b").unwrap();
        let e = m.remove(src, &b);
        assert_eq!(&src[e.range.clone()], ", b: 2");
        let a = m.get("a").unwrap();
        assert_eq!(&src[m.remove(src, &a).range], "a: 1, ");
    }

    fn apply(text: &str, edits: Vec<Edit>) -> String {
        let mut t = text.to_string();
        let mut edits = edits;
        edits.sort_by_key(|e| std::cmp::Reverse(e.range.start));
        for e in edits {
            t.replace_range(e.range, &e.text);
        }
        t
    }

    fn object_of(file: &ParsedFile) -> String {
        let root = file.tree().root();
        let obj = root.dfs().find(|n| n.kind() == "object").unwrap();
        apply(file.text, append_item(file.text, "\n", &obj, "k: 1"))
    }

    #[test]
    fn append_follows_the_layout() {
        let cases = [
            ("x = { a: 1 };", "x = { a: 1, k: 1 };"),
            ("x = { a: 1, };", "x = { a: 1, k: 1, };"),
            ("x = {};", "x = { k: 1 };"),
            ("x = {\n  a: 1,\n};", "x = {\n  a: 1,\n  k: 1,\n};"),
            ("x = {\n  a: 1\n};", "x = {\n  a: 1,\n  k: 1\n};"),
            ("x = {\n  a: 1 // c\n};", "x = {\n  a: 1, // c\n  k: 1\n};"),
            (
                "x = {\n  a: 1, // c\n};",
                "x = {\n  a: 1, // c\n  k: 1,\n};",
            ),
        ];
        for (input, want) in cases {
            let file = ParsedFile::parse(Lang::TypeScript, input);
            assert_eq!(object_of(&file), want, "{input}");
        }
    }

    #[test]
    fn constructions_read_their_id_config_and_binding() {
        let src = "import { S3Bucket } from \"@cdktf/provider-aws/lib/s3-bucket\";\n\
                   const b = new S3Bucket(this, \"b\", { bucket: \"x\" });\n\
                   new S3Bucket(this, \"c\", shared);\n";
        let file = ParsedFile::parse(Lang::TypeScript, src);
        let scope = Scope::of(&file, ProviderIndex::get()).unwrap();
        let all = constructs(&file, &scope);
        assert_eq!(all.len(), 2);
        let (b, c) = (&all[0], &all[1]);
        assert_eq!((b.class.as_str(), b.py_package), ("S3Bucket", None));
        assert_eq!(b.id_arg.as_ref().unwrap().text(), "\"b\"");
        assert_eq!(b.binding.as_deref(), Some("b"));
        assert!(b.statement.is_some() && b.computed.is_none());
        let config = b.config.as_ref().unwrap();
        assert_eq!(config.kind, MapKind::Object);
        assert_eq!(config.props().unwrap()[0].key, "bucket");
        assert!(c.config.is_none());
        assert_eq!(c.computed.as_ref().unwrap().text(), "shared");
        assert_eq!(c.binding, None);

        let src = "from cdktf_cdktf_provider_aws.s3_bucket import S3Bucket\nb = S3Bucket(self, \"b\", bucket=\"x\")\n";
        let file = ParsedFile::parse(Lang::Python, src);
        let scope = Scope::of(&file, ProviderIndex::get()).unwrap();
        let all = constructs(&file, &scope);
        assert_eq!(all[0].py_package, Some("cdktf_cdktf_provider_aws"));
        assert_eq!(all[0].config.as_ref().unwrap().kind, MapKind::Args);
        assert_eq!(all[0].binding.as_deref(), Some("b"));
    }

    #[test]
    fn python_classes_are_found_in_modules_whose_name_is_not_the_folder_name() {
        // The Python module of the folder `s3control-bucket` is `s3_control_bucket`; CDK
        // Terrain's classes resolve against CDK Terrain's index.
        for src in [
            "from cdktf_cdktf_provider_aws import s3_control_bucket\ns3_control_bucket.S3ControlBucket(self, \"b\", bucket=\"x\", outpost_id=\"o\")\n",
            "from cdktf_cdktf_provider_aws.s3_control_bucket import S3ControlBucket\nS3ControlBucket(self, \"b\", bucket=\"x\", outpost_id=\"o\")\n",
            "from cdktn_provider_aws.s3_bucket import S3Bucket\nS3Bucket(self, \"b\", bucket=\"x\")\n",
        ] {
            let file = ParsedFile::parse(Lang::Python, src);
            let scope = Scope::of(&file, ProviderIndex::get()).unwrap();
            let all = constructs(&file, &scope);
            assert_eq!(all.len(), 1, "{src}");
            let package = src.split([' ', '.']).nth(1).unwrap();
            assert_eq!(all[0].py_package, Some(package), "{src}");
        }
        // A class the module does not export is not a construct of it.
        let src = "from cdktf_cdktf_provider_aws.s3_control_bucket import S3Bucket\nS3Bucket(self, \"b\")\n";
        let file = ParsedFile::parse(Lang::Python, src);
        let scope = Scope::of(&file, ProviderIndex::get()).unwrap();
        assert!(constructs(&file, &scope).is_empty());
    }

    #[test]
    fn snake_case_keys_for_python() {
        assert_eq!(key_in(Lang::Python, "dependsOn"), "depends_on");
        assert_eq!(key_in(Lang::TypeScript, "dependsOn"), "dependsOn");
    }

    #[test]
    fn literal_bodies_ignore_quotes_and_prefixes() {
        let file = ParsedFile::parse(Lang::Python, "a = f'/x/{e}'\nb = \"/x\"\n");
        let root = file.tree().root();
        let s: Vec<N> = root.dfs().filter(|n| n.kind() == "string").collect();
        assert_eq!(literal_body(Lang::Python, &s[0]).as_deref(), Some("/x/{e}"));
        assert_eq!(literal_body(Lang::Python, &s[1]).as_deref(), Some("/x"));
    }
}
