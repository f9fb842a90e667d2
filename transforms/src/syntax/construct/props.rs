//! Reading literals the same way in TypeScript and Python: string and boolean values, the
//! properties of a config or JSON-like literal ([`props`]), the elements of a list, and the
//! literals handed to `JSON.stringify` / `json.dumps`.

use std::ops::Range;

use super::map::Prop;
use crate::lang::Lang;
use crate::syntax::python::{self, Bindings};
use crate::syntax::{ts, N};
use crate::ParsedFile;

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

/// The entries of a TypeScript object literal (its `key: value` properties) or of a Python
/// argument list (its keyword arguments).
pub(super) fn plain_entries<'r>(node: &N<'r>) -> Vec<Prop<'r>> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ParsedFile;

    #[test]
    fn literal_bodies_ignore_quotes_and_prefixes() {
        let file = ParsedFile::parse(Lang::Python, "a = f'/x/{e}'\nb = \"/x\"\n");
        let root = file.tree().root();
        let s: Vec<N> = root.dfs().filter(|n| n.kind() == "string").collect();
        assert_eq!(literal_body(Lang::Python, &s[0]).as_deref(), Some("/x/{e}"));
        assert_eq!(literal_body(Lang::Python, &s[1]).as_deref(), Some("/x"));
    }
}
