//! A language-neutral view of provider constructions for the catalogue rules that read
//! TypeScript and Python alike: which provider class a `new X(...)` / `X(...)` builds, its config
//! properties, the variable it is bound to, and the JSON-like literals handed to
//! `JSON.stringify` / `json.dumps`.

use crate::index::ProviderIndex;
use crate::lang::Lang;
use crate::syntax::python::{self, Bindings};
use crate::syntax::ts::{self, ProviderScope};
use crate::syntax::{indent_at, N};
use crate::transforms::{Edit, ParsedFile};

/// The Python packages of the AWS provider (CDKTF and CDK Terrain).
pub const PY_AWS_PACKAGES: &[&str] = &["cdktf_cdktf_provider_aws", "cdktn_provider_aws"];

/// How a file names provider classes: its provider imports.
pub enum Scope<'i> {
    Ts(ProviderScope<'i>),
    Py(Bindings),
}

impl<'i> Scope<'i> {
    /// The file's provider imports; `None` when it imports no provider at all.
    pub fn of(file: &ParsedFile, index: &'i ProviderIndex) -> Option<Scope<'i>> {
        let root = file.root.root();
        if file.lang == Lang::Python {
            let b = Bindings::of(file);
            let relevant = b
                .names
                .values()
                .chain(b.star.iter())
                .any(|p| PY_AWS_PACKAGES.iter().any(|pkg| p.starts_with(pkg)));
            relevant.then_some(Scope::Py(b))
        } else {
            let scope = ProviderScope::of(&ts::imports(&root), index);
            (!scope.bindings.is_empty()).then_some(Scope::Ts(scope))
        }
    }

    /// The provider class a constructor/callee expression names, with the Python package it
    /// comes from (`None` for TypeScript).
    pub fn class_of(&self, expr: &N) -> Option<(String, Option<&'static str>)> {
        match self {
            Scope::Ts(s) => s.class_of(expr).map(|c| (c, None)),
            Scope::Py(b) => {
                for path in b.qualified_names(expr) {
                    for pkg in PY_AWS_PACKAGES {
                        let Some(rest) = path.strip_prefix(pkg).and_then(|r| r.strip_prefix('.'))
                        else {
                            continue;
                        };
                        let mut parts = rest.split('.');
                        let (Some(module), Some(class), None) =
                            (parts.next(), parts.next(), parts.next())
                        else {
                            continue;
                        };
                        let aws = ProviderIndex::get().provider("aws")?;
                        let known = aws
                            .module_by_folder(&module.replace('_', "-"))
                            .is_some_and(|m| m.exports(class));
                        if known {
                            return Some((class.to_string(), Some(*pkg)));
                        }
                    }
                }
                None
            }
        }
    }
}

/// One `new X(scope, id, config)` (TypeScript) or `X(scope, id, **kwargs)` (Python) of a provider
/// class.
pub struct Construct<'r> {
    pub class: String,
    /// The Python package the class comes from.
    pub py_package: Option<&'static str>,
    /// The `new_expression` / `call`.
    pub node: N<'r>,
    /// The class expression.
    pub ctor: N<'r>,
    /// The construct id argument.
    pub id_arg: Option<N<'r>>,
    /// TypeScript: the config object literal (absent when there is no third argument);
    /// Python: the `argument_list` (its keyword arguments are the config).
    pub config: Option<N<'r>>,
    /// The name the construct is bound to: `igw`, `this.igw`, `self.igw`.
    pub binding: Option<String>,
    /// The statement that holds the construction when it is the whole statement
    /// (`new X(...);`, `const x = new X(...);`, `this.x = new X(...);`, `x = X(...)`).
    pub statement: Option<N<'r>>,
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
        let Some((class, py_package)) = scope.class_of(&ctor) else {
            continue;
        };
        let Some(args) = node.field("arguments") else {
            continue;
        };
        let positional: Vec<N> = args
            .children()
            .filter(|c| c.is_named() && c.kind() != "comment" && c.kind() != "keyword_argument")
            .collect();
        let id_arg = positional.get(1).cloned();
        let config = if lang == Lang::Python {
            (args.kind() == "argument_list").then(|| args.clone())
        } else {
            positional.get(2).filter(|c| c.kind() == "object").cloned()
        };
        let (binding, statement) = binding_of(lang, &node);
        out.push(Construct {
            class,
            py_package,
            node,
            ctor,
            id_arg,
            config,
            binding,
            statement,
        });
    }
    out
}

/// Whether a TypeScript construction passes a third argument that is not an object literal
/// (`new X(this, "x", config)`): its keys are unknown.
pub fn opaque_config(c: &Construct) -> bool {
    if c.config.is_some() || c.py_package.is_some() {
        return false;
    }
    c.node.field("arguments").is_some_and(|a| {
        a.children()
            .filter(|c| c.is_named() && c.kind() != "comment")
            .count()
            > 2
    })
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

/// The key a camelCase config property has in the file's language (snake_case in Python).
pub fn key_in(lang: Lang, camel: &str) -> String {
    if lang != Lang::Python {
        return camel.to_string();
    }
    let mut s = String::new();
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

/// A `key: value` property, `key=value` argument or `"key": value` dictionary entry.
pub struct Prop<'r> {
    pub key: String,
    pub node: N<'r>,
    pub value: N<'r>,
}

/// The properties of a config or JSON-like literal: a TypeScript object, a Python argument list,
/// a call of a provider struct class (`SecurityGroupIngress(...)`) or a dictionary. `None` when
/// the node is none of these or holds a spread, so its set of keys is unknown.
pub fn props<'r>(lang: Lang, node: &N<'r>) -> Option<Vec<Prop<'r>>> {
    match node.kind().as_ref() {
        "object" if lang != Lang::Python => {
            if ts::has_spread(node) {
                return None;
            }
            Some(
                ts::properties(node)
                    .into_iter()
                    .map(|p| Prop {
                        key: p.key,
                        node: p.pair,
                        value: p.value,
                    })
                    .collect(),
            )
        }
        "argument_list" => {
            if node
                .children()
                .any(|c| c.kind() == "dictionary_splat" || c.kind() == "list_splat")
            {
                return None;
            }
            Some(
                python::keyword_arguments(node)
                    .into_iter()
                    .map(|k| Prop {
                        key: k.name,
                        node: k.node,
                        value: k.value,
                    })
                    .collect(),
            )
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
                            node: c.clone(),
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

/// The value of a plain string literal (no escapes, no substitutions).
pub fn string_value(lang: Lang, node: &N) -> Option<String> {
    if lang == Lang::Python {
        python::string_value(node)
    } else {
        ts::string_value(node)
    }
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
            let lit = serialized_literal(lang, &call, bindings.as_ref())?;
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

// Go

/// The package (last path element) of a Go import of the AWS provider.
pub fn go_aws_package(path: &str) -> Option<&str> {
    // `github.com/cdktf/cdktf-provider-aws-go/aws/v19/<package>` and CDK Terrain's fork of it.
    let parts: Vec<&str> = path.split('/').collect();
    let at = parts.iter().position(|p| *p == "aws")?;
    if at == 0 || !parts[at - 1].ends_with("provider-aws-go") {
        return None;
    }
    match &parts[at + 1..] {
        [version, package]
            if version.len() > 1
                && version.starts_with('v')
                && version[1..].bytes().all(|b| b.is_ascii_digit()) =>
        {
            Some(package)
        }
        [package] => Some(package),
        _ => None,
    }
}

/// The `key: value` elements of a Go composite literal `T{...}` / `&T{...}` / elided `{...}`,
/// or `None` when `node` is none of these.
pub fn go_fields<'r>(node: &N<'r>) -> Option<Vec<crate::syntax::go::KeyedElement<'r>>> {
    let node = crate::syntax::go::unwrap_element(node);
    let body = if node.kind() == "literal_value" {
        node
    } else {
        crate::syntax::go::composite(&node)?.0.field("body")?
    };
    Some(crate::syntax::go::keyed_elements(&body))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transforms::ParsedFile;

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
        let root = file.root.root();
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
    fn snake_case_keys_for_python() {
        assert_eq!(key_in(Lang::Python, "dependsOn"), "depends_on");
        assert_eq!(key_in(Lang::TypeScript, "dependsOn"), "dependsOn");
    }

    #[test]
    fn literal_bodies_ignore_quotes_and_prefixes() {
        let file = ParsedFile::parse(Lang::Python, "a = f'/x/{e}'\nb = \"/x\"\n");
        let root = file.root.root();
        let s: Vec<N> = root.dfs().filter(|n| n.kind() == "string").collect();
        assert_eq!(literal_body(Lang::Python, &s[0]).as_deref(), Some("/x/{e}"));
        assert_eq!(literal_body(Lang::Python, &s[1]).as_deref(), Some("/x"));
    }
}
