//! Provider constructs and their literal configurations, read the same way in TypeScript
//! (`new DbInstance(this, "db", { storageEncrypted: true })`) and Python
//! (`DbInstance(self, "db", storage_encrypted=True)`), for the rules that check one property of
//! a resource. Keys are given in TypeScript's camelCase and spelled in snake_case for Python.

use std::ops::Range;

use crate::lang::Lang;
use crate::syntax::python::{self, Bindings};
use crate::syntax::ts::{self, Binding, ProviderScope};
use crate::syntax::{indent_at, removal_with_line, N};
use crate::transforms::{Context, Edit, ParsedFile};

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

/// One `key: value` (`key=value`, `"key": value`) of a [`Map`].
pub struct Entry<'r> {
    /// As written (camelCase in TypeScript, snake_case in Python).
    pub key: String,
    /// The pair or keyword argument.
    pub node: N<'r>,
    pub value: N<'r>,
}

fn items<'r>(node: &N<'r>) -> Vec<N<'r>> {
    node.children()
        .filter(|c| c.is_named() && c.kind() != "comment")
        .collect()
}

fn starts_line(text: &str, offset: usize) -> bool {
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    text[line_start..offset].trim().is_empty()
}

fn comma_after<'r>(item: &N<'r>) -> Option<N<'r>> {
    let mut next = item.next();
    while let Some(n) = next {
        match n.kind().as_ref() {
            "," => return Some(n),
            "comment" => next = n.next(),
            _ => return None,
        }
    }
    None
}

impl<'r> Map<'r> {
    /// The literal map a value is: an object (TypeScript), a dict or a struct-class call (Python).
    pub fn of_value(lang: Lang, node: &N<'r>) -> Option<Map<'r>> {
        match (lang, node.kind().as_ref()) {
            (Lang::Python, "dictionary") => Some(Map {
                kind: MapKind::Dict,
                node: node.clone(),
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
                node: node.clone(),
            }),
            _ => None,
        }
    }

    pub fn entries(&self) -> Vec<Entry<'r>> {
        match self.kind {
            MapKind::Object => ts::properties(&self.node)
                .into_iter()
                .map(|p| Entry {
                    key: p.key,
                    node: p.pair,
                    value: p.value,
                })
                .collect(),
            MapKind::Args => python::keyword_arguments(&self.node)
                .into_iter()
                .map(|k| Entry {
                    key: k.name,
                    node: k.node,
                    value: k.value,
                })
                .collect(),
            MapKind::Dict => self
                .node
                .children()
                .filter(|c| c.kind() == "pair")
                .filter_map(|pair| {
                    let key = python::string_value(&pair.field("key")?)?;
                    let value = pair.field("value")?;
                    Some(Entry {
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
    pub fn get(&self, camel: &str) -> Option<Entry<'r>> {
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
        let items = items(&self.node);
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
    pub fn remove(&self, text: &str, entry: &Entry) -> Edit {
        if comma_after(&entry.node).is_none() {
            let mut prev = entry.node.prev();
            while let Some(p) = prev.clone().filter(|p| p.kind() == "comment") {
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

/// A resource (or data source) of the AWS provider created with a class the file imports.
pub struct Construct<'r> {
    /// The class as named at its origin (`DbInstance`).
    pub class: String,
    /// The class expression as written (`DbInstance`, `rds.DbInstance`).
    pub ctor: N<'r>,
    /// The `new_expression` (TypeScript) or `call` (Python).
    pub call: N<'r>,
    /// The literal configuration; `None` when it is built elsewhere.
    pub config: Option<Map<'r>>,
    /// The configuration argument when it is not a literal (a variable, a call).
    pub computed: Option<N<'r>>,
}

/// The statement holding `node` whose parent is a block or the module: where a statement can
/// be inserted before or after it. `None` inside a class body (a field initializer).
pub fn enclosing_statement<'r>(node: &N<'r>) -> Option<N<'r>> {
    let mut cur = node.clone();
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
    let mut base = ctor.clone();
    while base.kind() == "member_expression" {
        base = base.field("object")?;
    }
    let (binding, _) = scope.bindings.get(base.text().as_ref())?;
    let pkg = match binding {
        Binding::Name(p, _) | Binding::Module(p, _) | Binding::Package(p) => p,
    };
    (pkg.provider.name == "aws").then_some(class)
}

/// The AWS provider class a Python callee names (`DbInstance`, `db_instance.DbInstance`).
pub fn py_aws_class(b: &Bindings, expr: &N) -> Option<String> {
    b.qualified_names(expr).into_iter().find_map(|q| {
        let pkg = PY_AWS_PACKAGES
            .iter()
            .find(|p| q.starts_with(&format!("{p}.")))?;
        let rest = &q[pkg.len() + 1..];
        let (module, class) = rest.split_once('.')?;
        (!module.is_empty() && !class.contains('.')).then(|| class.to_string())
    })
}

/// Every construct of the AWS provider whose class is one of `classes`, in source order.
pub fn constructs<'r>(file: &'r ParsedFile, ctx: &Context, classes: &[&str]) -> Vec<Construct<'r>> {
    let root = file.root.root();
    let mut out = Vec::new();
    match file.lang {
        l if l.is_typescript() => {
            let imports = ts::imports(&root);
            let scope = ProviderScope::of(&imports, ctx.index);
            if scope.bindings.is_empty() {
                return out;
            }
            for new in file.of_kind("new_expression") {
                let (Some(ctor), Some(args)) = (new.field("constructor"), new.field("arguments"))
                else {
                    continue;
                };
                let Some(class) = ts_aws_class(&scope, &ctor) else {
                    continue;
                };
                if !classes.contains(&class.as_str()) {
                    continue;
                }
                let arg = items(&args).into_iter().nth(2);
                let config = arg.as_ref().and_then(|a| Map::of_value(file.lang, a));
                let computed = arg.filter(|_| config.is_none());
                out.push(Construct {
                    class,
                    ctor,
                    call: new,
                    config,
                    computed,
                });
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
                let Some(class) = py_aws_class(&b, &function) else {
                    continue;
                };
                if !classes.contains(&class.as_str()) {
                    continue;
                }
                out.push(Construct {
                    class,
                    ctor: function,
                    call: call.clone(),
                    config: Some(Map {
                        kind: MapKind::Args,
                        node: args,
                    }),
                    computed: None,
                });
            }
        }
        _ => {}
    }
    out
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
        let root = file.root.root();
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
}
