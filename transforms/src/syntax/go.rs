//! Go: imports, string literals and composite literals. gofmt's layout of what an edit writes
//! is [`crate::syntax::gofmt`]; the meaning of a provider import path is
//! [`crate::index::go_paths`].

use std::collections::HashMap;

use crate::index::{Module, ProviderIndex};
use crate::syntax::N;

// Re-exported at their former paths for the callers that still name them here.
pub use crate::index::go_paths::{
    normalize_package, parse_provider_path, version, ProviderPath, Source,
};
pub use crate::syntax::gofmt::{align_comments, relayout, value_padding, AlignItem, Change};

/// One import spec: `alias "path"` or `"path"`.
pub struct Import<'r> {
    pub node: N<'r>,
    /// The alias, when there is one (`_` and `.` included).
    pub alias: Option<String>,
    pub path: String,
}

impl Import<'_> {
    /// The name the file uses for the package: the alias, else the last path element that is
    /// not a major-version suffix (`.../aws/v19/provider` → `provider`). Packages whose name
    /// differs from their path (`jsii-runtime-go` is `jsii`) need the caller's knowledge.
    pub fn local_name(&self) -> String {
        if let Some(a) = &self.alias {
            return a.clone();
        }
        let mut parts = self.path.rsplit('/');
        let last = parts.next().unwrap_or("");
        let is_version = |s: &str| {
            s.len() > 1 && s.starts_with('v') && s[1..].bytes().all(|b| b.is_ascii_digit())
        };
        if is_version(last) {
            parts.next().unwrap_or(last).to_string()
        } else {
            last.to_string()
        }
    }
}

/// The file's import specs.
pub fn imports<'r>(root: &N<'r>) -> Vec<Import<'r>> {
    root.children()
        .filter(|n| n.kind() == "import_declaration")
        .flat_map(|decl| {
            decl.dfs()
                .filter(|n| n.kind() == "import_spec")
                .collect::<Vec<_>>()
        })
        .filter_map(|node| {
            let path = string_value(&node.field("path")?)?;
            let alias = node.field("name").map(|n| n.text().to_string());
            Some(Import { node, alias, path })
        })
        .collect()
}

/// One import spec in its line: what gofmt's sort of an import group moves around.
pub struct SpecLine<'r> {
    pub imp: Import<'r>,
    /// From the spec's start to the end of its line (a trailing comment included, the line
    /// ending not).
    pub range: std::ops::Range<usize>,
}

/// The end of the line holding byte `at`, before its `\n` or `\r\n`.
pub fn line_end(text: &str, at: usize) -> usize {
    let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    if end > at && text.as_bytes()[end - 1] == b'\r' {
        end - 1
    } else {
        end
    }
}

/// The import specs in the runs gofmt sorts together: consecutive lines of one parenthesized
/// declaration, without blank or comment lines between them.
pub fn sort_groups<'r>(text: &str, imports: Vec<Import<'r>>) -> Vec<Vec<SpecLine<'r>>> {
    let mut out: Vec<Vec<SpecLine<'r>>> = Vec::new();
    let mut last_list = None;
    for imp in imports {
        let list = imp
            .node
            .parent()
            .filter(|p| p.kind() == "import_spec_list")
            .map(|p| p.range());
        let start = imp.node.range().start;
        let range = start..line_end(text, imp.node.range().end);
        let joins = match out.last().and_then(|g| g.last()) {
            Some(prev) if list.is_some() && last_list == list => {
                let gap = &text[prev.range.end..start];
                gap.matches('\n').count() == 1 && gap.trim().is_empty()
            }
            _ => false,
        };
        last_list = list;
        let spec = SpecLine { imp, range };
        if joins {
            out.last_mut().unwrap().push(spec);
        } else {
            out.push(vec![spec]);
        }
    }
    out
}

/// The edit that gives the import spec at `spec` (a range of one of `imports`) the path
/// `path` and the alias `alias` (`None`: none), keeping a trailing comment, with its run of
/// specs re-sorted by path (then alias) as gofmt sorts it. `None` when `spec` is not one of
/// `imports`.
pub fn repath_import(
    text: &str,
    imports: Vec<Import>,
    spec: std::ops::Range<usize>,
    alias: Option<&str>,
    path: &str,
) -> Option<crate::Edit> {
    let group = sort_groups(text, imports)
        .into_iter()
        .find(|g| g.iter().any(|u| u.imp.node.range() == spec))?;
    let mut lines: Vec<(String, String, String)> = group
        .iter()
        .map(|u| {
            let own = &text[u.range.clone()];
            if u.imp.node.range() != spec {
                let alias = u.imp.alias.clone().unwrap_or_default();
                return (u.imp.path.clone(), alias, own.to_string());
            }
            // The spec's trailing comment stays on its line.
            let rest = &own[u.imp.node.range().end - u.range.start..];
            let name = alias.map(|a| format!("{a} ")).unwrap_or_default();
            let line = format!("{name}{}{rest}", quote(path));
            (
                path.to_string(),
                alias.unwrap_or_default().to_string(),
                line,
            )
        })
        .collect();
    lines.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
    let sep = match group.get(1) {
        Some(next) => &text[group[0].range.end..next.range.start],
        None => "",
    };
    let joined: Vec<&str> = lines.iter().map(|l| l.2.as_str()).collect();
    Some(crate::Edit::replace(
        group[0].range.start..group.last()?.range.end,
        joined.join(sep),
    ))
}

/// The parts of a call through a selector, `pkg.Name(...)`.
pub struct SelectorCall<'r> {
    /// `pkg.Name`.
    pub function: N<'r>,
    /// `pkg`.
    pub operand: N<'r>,
    /// `Name`.
    pub name: N<'r>,
}

/// `pkg.Name(...)`: its parts; `None` for any other node.
pub fn selector_call<'r>(call: &N<'r>) -> Option<SelectorCall<'r>> {
    if call.kind() != "call_expression" {
        return None;
    }
    let function = call
        .field("function")
        .filter(|f| f.kind() == "selector_expression")?;
    Some(SelectorCall {
        function,
        operand: function.field("operand")?,
        name: function.field("field")?,
    })
}

/// The text of a string literal without quotes: an interpreted literal without escapes, or a
/// raw literal.
pub fn string_value(node: &N) -> Option<String> {
    let t = node.text();
    match node.kind().as_ref() {
        "interpreted_string_literal" => {
            let inner = t.get(1..t.len().checked_sub(1)?)?;
            (!inner.contains('\\')).then(|| inner.to_string())
        }
        "raw_string_literal" => {
            let inner = t.get(1..t.len().checked_sub(1)?)?;
            Some(inner.replace('\r', ""))
        }
        _ => None,
    }
}

/// The expression inside a `literal_element` (keys and values of composite literals).
pub fn unwrap_element<'r>(node: &N<'r>) -> N<'r> {
    if node.kind() == "literal_element" {
        if let Some(inner) = node
            .children()
            .find(|c| c.is_named() && c.kind() != "comment")
        {
            return inner;
        }
    }
    *node
}

/// `T{...}` or `&T{...}`: the composite literal, and whether it is taken by address.
pub fn composite<'r>(expr: &N<'r>) -> Option<(N<'r>, bool)> {
    let expr = unwrap_element(expr);
    match expr.kind().as_ref() {
        "composite_literal" => Some((expr, false)),
        "unary_expression" if expr.text().starts_with('&') => {
            let operand = expr.field("operand")?;
            (operand.kind() == "composite_literal").then_some((operand, true))
        }
        _ => None,
    }
}

/// The type name of a composite literal's type: `Name` for `pkg.Name` and `Name`, with the
/// package qualifier when there is one.
pub fn type_name(ty: &N) -> Option<(Option<String>, String)> {
    match ty.kind().as_ref() {
        "qualified_type" => Some((
            Some(ty.field("package")?.text().to_string()),
            ty.field("name")?.text().to_string(),
        )),
        "type_identifier" => Some((None, ty.text().to_string())),
        _ => None,
    }
}

/// A `key: value` element of a composite literal.
pub struct KeyedElement<'r> {
    pub node: N<'r>,
    /// The key expression (unwrapped from its `literal_element`).
    pub key: N<'r>,
    /// The `:` token.
    pub colon: N<'r>,
    /// The value expression (unwrapped).
    pub value: N<'r>,
}

impl KeyedElement<'_> {
    /// The key as a name: an identifier (struct field) or a string literal (map key).
    pub fn key_name(&self) -> Option<String> {
        match self.key.kind().as_ref() {
            "identifier" | "field_identifier" => Some(self.key.text().to_string()),
            _ => string_value(&self.key),
        }
    }
}

/// The `key: value` elements of a `literal_value`.
pub fn keyed_elements<'r>(body: &N<'r>) -> Vec<KeyedElement<'r>> {
    body.children()
        .filter(|c| c.kind() == "keyed_element")
        .filter_map(|node| {
            let key = unwrap_element(&node.field("key").or_else(|| node.child(0))?);
            let colon = node.children().find(|c| c.kind() == ":")?;
            let value_node = node.field("value").or_else(|| node.children().last())?;
            let value = unwrap_element(&value_node);
            Some(KeyedElement {
                node,
                key,
                colon,
                value,
            })
        })
        .collect()
}

/// The provider modules a file imports, by the name the file uses for them: the alias, else
/// the package's own name (an unaliased import is bound to the package clause, whatever the
/// path says). Dot and blank imports are left out.
pub fn provider_modules(
    imports: &[Import],
    index: &'static ProviderIndex,
) -> HashMap<String, &'static Module> {
    let mut out = HashMap::new();
    for imp in imports {
        let Some(module) = parse_provider_path(&imp.path, index).and_then(|p| p.module()) else {
            continue;
        };
        let name = match imp.alias.as_deref() {
            Some("_" | ".") => continue,
            Some(a) => a.to_string(),
            None => module.go_package(),
        };
        out.insert(name, module);
    }
    out
}

/// A Go interpreted string literal for `s`.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Lang;
    use crate::ParsedFile;

    #[test]
    fn import_names() {
        let src = "package p\n\nimport (\n\t\"github.com/aws/jsii-runtime-go\"\n\tp2 \"x/aws/v19/provider\"\n\t\"x/aws/v19\"\n)\n";
        let file = ParsedFile::parse(Lang::Go, src);
        let imps = imports(&file.tree().root());
        let names: Vec<String> = imps.iter().map(|i| i.local_name()).collect();
        assert_eq!(names, vec!["jsii-runtime-go", "p2", "aws"]);
        assert_eq!(imps[1].path, "x/aws/v19/provider");
    }

    #[test]
    fn a_new_path_is_sorted_into_its_run_as_gofmt_sorts_it() {
        let src = "package p\n\nimport (\n\t\"fmt\"\n\n\t\"x/aws/v21/randomid\" // the suffix\n\t\"x/aws/v21/s3object\"\n\t\"y/cdktf\"\n)\n";
        let file = ParsedFile::parse(Lang::Go, src);
        let imps = imports(&file.tree().root());
        let spec = imps[1].node.range();
        let edit = repath_import(src, imps, spec, Some("randomid"), "x/random/v12/id").unwrap();
        let mut out = src.to_string();
        out.replace_range(edit.range, &edit.text);
        assert_eq!(out, "package p\n\nimport (\n\t\"fmt\"\n\n\t\"x/aws/v21/s3object\"\n\trandomid \"x/random/v12/id\" // the suffix\n\t\"y/cdktf\"\n)\n");
    }

    #[test]
    fn quotes_like_go() {
        assert_eq!(quote("a\"b\\c\n"), "\"a\\\"b\\\\c\\n\"");
    }
}
