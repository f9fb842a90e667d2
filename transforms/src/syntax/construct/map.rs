//! A construct's literal configuration as a key/value [`Map`] (a TypeScript object, Python
//! keyword arguments or a dict) with edits that keep its layout: inserting an entry like its
//! neighbours, removing one with its comma and line, appending to any object or argument list.

use super::props::{plain_entries, props, string_value};
use super::snake;
use crate::lang::Lang;
use crate::syntax::layout::{after_last, comma_after, named_children, starts_line};
use crate::syntax::{indent_at, python, removal_with_line, ts, N};
use crate::Edit;

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
        let after = after_last(text, last);
        let trailing = if after.comma.is_some() { "," } else { "" };
        let body = format!("{nl}{indent}{entry}{trailing}");
        Some(after.insert(body))
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
        let quote_in = |node: &N| {
            node.dfs()
                .filter(|n| n.kind() == "string" && string_value(lang, n).is_some())
                .find_map(|n| n.text().chars().next().filter(|c| matches!(c, '"' | '\'')))
        };
        // The map's own quote, else the file's (its first plain string: in TypeScript, the
        // module of its first import), else a double quote.
        let mut root = self.node;
        while let Some(parent) = root.parent() {
            root = parent;
        }
        let q = quote_in(&self.node)
            .or_else(|| quote_in(&root))
            .unwrap_or('"');
        format!("{q}{s}{q}")
    }
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
    use crate::lang::Lang;
    use crate::{Edit, ParsedFile};

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
}
