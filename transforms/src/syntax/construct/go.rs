//! Go: constructs of the prebuilt AWS provider (`dbinstance.NewDbInstance(stack, id,
//! &dbinstance.DbInstanceConfig{...})`) and gofmt-clean edits of their configuration literals.

use crate::syntax::go;
use crate::syntax::gofmt::{self, AlignItem};
use crate::syntax::layout::starts_line;
use crate::syntax::{indent_at, N};
use crate::{Edit, ParsedFile};

const JSII: &str = "github.com/aws/jsii-runtime-go";

/// The module (last path element) of an import path of the AWS provider for Go
/// (`github.com/cdktf/cdktf-provider-aws-go/aws/v21/dbinstance` → `dbinstance`, also without
/// the major version and from CDK Terrain's fork of the repository).
pub fn aws_module(path: &str) -> Option<&str> {
    let parts: Vec<&str> = path.split('/').collect();
    let at = (1..parts.len())
        .find(|&i| parts[i] == "aws" && parts[i - 1].ends_with("provider-aws-go"))?;
    match &parts[at + 1..] {
        [v, module]
            if v.len() > 1 && v.starts_with('v') && v[1..].bytes().all(|b| b.is_ascii_digit()) =>
        {
            Some(module)
        }
        [module] => Some(module),
        _ => None,
    }
}

/// How the file calls jsii's helpers (`jsii.` or `alias.`), if it imports them usably.
pub fn jsii_prefix(file: &ParsedFile) -> Option<String> {
    let root = file.tree().root();
    go::imports(&root)
        .into_iter()
        .find(|i| i.path == JSII)
        .and_then(|i| match i.alias.as_deref() {
            None => Some("jsii.".to_string()),
            Some("_") => None,
            Some(".") => Some(String::new()),
            Some(a) => Some(format!("{a}.")),
        })
}

/// A construct of the AWS provider in Go.
pub struct GoConstruct<'r> {
    pub class: &'static str,
    /// The package's local name (`dbinstance`).
    pub pkg: String,
    pub call: N<'r>,
    /// The `literal_value` of the configuration, when it is a literal.
    pub body: Option<N<'r>>,
}

/// The `literal_value` body of `&T{...}`, `T{...}` or an elided `{...}`.
pub fn body_of<'r>(node: &N<'r>) -> Option<N<'r>> {
    let node = go::unwrap_element(node);
    if node.kind() == "literal_value" {
        return Some(node);
    }
    go::composite(&node)?.0.field("body")
}

/// The `key: value` elements of a composite literal `T{...}` / `&T{...}` / elided `{...}`, or
/// `None` when `node` is none of these.
pub fn elements_of<'r>(node: &N<'r>) -> Option<Vec<go::KeyedElement<'r>>> {
    Some(go::keyed_elements(&body_of(node)?))
}

/// The value of `key` in a literal body.
pub fn field<'r>(body: &N<'r>, key: &str) -> Option<go::KeyedElement<'r>> {
    go::keyed_elements(body)
        .into_iter()
        .find(|e| e.key_name().as_deref() == Some(key))
}

/// Every `<pkg>.New<Class>(...)` for the (module, class) pairs given.
pub fn constructs<'r>(
    file: &'r ParsedFile,
    classes: &[(&str, &'static str)],
) -> Vec<GoConstruct<'r>> {
    let root = file.tree().root();
    let packages: Vec<(String, String)> = go::imports(&root)
        .iter()
        .filter_map(|i| Some((i.local_name(), aws_module(&i.path)?.to_string())))
        .collect();
    let mut out = Vec::new();
    if packages.is_empty() {
        return out;
    }
    for call in file.of_kind("call_expression") {
        let Some(go::SelectorCall { operand, name, .. }) = go::selector_call(&call) else {
            continue;
        };
        let Some((pkg, module)) = packages.iter().find(|(l, _)| *l == operand.text()) else {
            continue;
        };
        let Some((_, class)) = classes
            .iter()
            .find(|(m, c)| *m == module.as_str() && name.text().strip_prefix("New") == Some(*c))
        else {
            continue;
        };
        let body = call.field("arguments").and_then(|args| {
            args.children()
                .filter(|c| c.is_named() && c.kind() != "comment")
                .nth(2)
                .and_then(|c| body_of(&c))
        });
        out.push(GoConstruct {
            class,
            pkg: pkg.clone(),
            call,
            body,
        });
    }
    out
}

/// The string literal of a literal string value: `jsii.String("x")` or `"x"`.
pub fn literal_string<'r>(value: &N<'r>) -> Option<N<'r>> {
    if go::string_value(value).is_some() {
        return Some(*value);
    }
    if value.kind() != "call_expression" {
        return None;
    }
    let function = value.field("function")?;
    if !function.text().ends_with("String") {
        return None;
    }
    let args = value.field("arguments")?;
    let mut named = args
        .children()
        .filter(|c| c.is_named() && c.kind() != "comment");
    let s = named.next()?;
    (named.next().is_none() && go::string_value(&s).is_some()).then_some(s)
}

/// Adds `key: value` as the last element of a literal body, keeping it gofmt-clean: inline
/// (`{A: 1, Key: value}`) when the body is on one line, else on its own line with the values of
/// its alignment section re-padded as gofmt would. `None` when the body holds comments (gofmt
/// aligns trailing comments too; the fix is left to the author) or mixes elements on a line.
pub fn insert(text: &str, nl: &str, body: &N, key: &str, value: &str) -> Option<Vec<Edit>> {
    rewrite(text, nl, body, None, Some((key, value)), None)
}

/// Removes the element `element` of a literal body (its whole line in a multi-line body),
/// re-padding the rest as [`insert`] does.
pub fn remove(text: &str, nl: &str, body: &N, element: &N) -> Option<Vec<Edit>> {
    rewrite(text, nl, body, None, None, Some(element))
}

/// Whether a blank line lies in `between` (the text between two elements).
fn blank_line(between: &str) -> bool {
    between
        .split('\n')
        .skip(1)
        .take(between.matches('\n').count().saturating_sub(1))
        .any(|l| l.trim().is_empty())
}

/// Replaces the keyed element `element` of a literal body by `key: value`, re-padding as
/// [`insert`] does.
pub fn replace(
    text: &str,
    nl: &str,
    body: &N,
    element: &N,
    key: &str,
    value: &str,
) -> Option<Vec<Edit>> {
    rewrite(text, nl, body, Some((element, key, value)), None, None)
}

fn rewrite(
    text: &str,
    nl: &str,
    body: &N,
    replaced: Option<(&N, &str, &str)>,
    appended: Option<(&str, &str)>,
    removed: Option<&N>,
) -> Option<Vec<Edit>> {
    if body.children().any(|c| c.kind() == "comment") {
        return None;
    }
    let elements: Vec<N> = body
        .children()
        .filter(|c| matches!(c.kind().as_ref(), "keyed_element" | "literal_element"))
        .collect();
    let close = body.children().last()?;
    let is_replaced = |e: &N| replaced.is_some_and(|(r, _, _)| r.range() == e.range());
    let is_removed = |e: &N| removed.is_some_and(|r| r.range() == e.range());
    let Some(last) = elements.last() else {
        let (key, value) = appended?;
        return Some(vec![Edit::replace(
            body.range().start + 1..close.range().start,
            format!("{key}: {value}"),
        )]);
    };
    if !starts_line(text, last.range().start) {
        if body.text().contains('\n') {
            return None;
        }
        let mut edits = Vec::new();
        if let Some(r) = removed {
            let (start, end) = match (r.prev().filter(|p| p.kind() == ","), r.next()) {
                (_, Some(n)) if n.kind() == "," => (r.range().start, {
                    let e = n.range().end;
                    e + text[e..].len() - text[e..].trim_start_matches(' ').len()
                }),
                (Some(p), _) => (p.range().start, r.range().end),
                _ => (r.range().start, r.range().end),
            };
            edits.push(Edit::delete(start..end));
        }
        if let Some((r, key, value)) = replaced {
            edits.push(Edit::replace(r.range(), format!("{key}: {value}")));
        }
        if let Some((key, value)) = appended {
            edits.push(Edit::insert(last.range().end, format!(", {key}: {value}")));
        }
        return Some(edits);
    }
    if elements.iter().any(|e| !starts_line(text, e.range().start)) {
        return None;
    }
    let keyed = go::keyed_elements(body);
    let mut items = Vec::new();
    let mut prev_end: Option<usize> = None;
    let kept: Vec<&N> = elements.iter().filter(|e| !is_removed(e)).collect();
    for e in kept.iter().copied() {
        let k = keyed.iter().find(|k| k.node.range() == e.range());
        let gap = prev_end.is_some_and(|p| blank_line(&text[p..e.range().start]));
        let (key_width, single_line) = match replaced.filter(|_| is_replaced(e)) {
            Some((_, key, value)) => (key.chars().count(), !value.contains('\n')),
            None => (
                k.map_or(0, |k| k.key.text().chars().count()),
                !e.text().contains('\n'),
            ),
        };
        items.push(AlignItem {
            key_width,
            keyed: k.is_some(),
            single_line,
            gap_before: gap,
        });
        prev_end = Some(e.range().end);
    }
    if let Some((key, value)) = appended {
        items.push(AlignItem {
            key_width: key.chars().count(),
            keyed: true,
            single_line: !value.contains('\n'),
            gap_before: false,
        });
    }
    let pads = gofmt::value_padding(&items);
    let mut edits = Vec::new();
    if let Some(r) = removed {
        let line_start = text[..r.range().start].rfind('\n').map_or(0, |i| i + 1);
        let comma = r.next().filter(|n| n.kind() == ",")?;
        let end = comma.range().end;
        let line_end = text[end..].find('\n').map_or(text.len(), |i| end + i + 1);
        if !text[end..line_end].trim().is_empty() {
            return None;
        }
        edits.push(Edit::delete(line_start..line_end));
    }
    for (e, pad) in kept.iter().copied().zip(&pads) {
        if let Some((r, key, value)) = replaced.filter(|_| is_replaced(e)) {
            edits.push(Edit::replace(
                r.range(),
                format!("{key}:{}{value}", " ".repeat(*pad)),
            ));
            continue;
        }
        let Some(k) = keyed.iter().find(|k| k.node.range() == e.range()) else {
            continue;
        };
        let gap = k.colon.range().end..k.value.range().start;
        if text[gap.clone()].contains('\n') {
            continue;
        }
        if gap.len() != *pad {
            edits.push(Edit::replace(gap, " ".repeat(*pad)));
        }
    }
    if let Some((key, value)) = appended {
        if removed.is_some() {
            return None;
        }
        let comma = last.next().filter(|n| n.kind() == ",")?;
        let indent = indent_at(text, last.range().start);
        let pad = " ".repeat(*pads.last()?);
        edits.push(Edit::insert(
            comma.range().end,
            format!("{nl}{indent}{key}:{pad}{value},"),
        ));
    }
    Some(edits)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Lang;

    fn body<'r>(file: &'r ParsedFile) -> N<'r> {
        file.tree()
            .root()
            .dfs()
            .find(|n| n.kind() == "literal_value")
            .unwrap()
    }

    fn apply(text: &str, mut edits: Vec<Edit>) -> String {
        edits.sort_by_key(|e| e.range.start);
        let mut out = text.to_string();
        for e in edits.into_iter().rev() {
            out.replace_range(e.range, &e.text);
        }
        out
    }

    #[test]
    fn a_longer_key_repads_its_section() {
        let src = "package p\n\nvar x = T{\n\tA:  1,\n\tBb: 2,\n}\n";
        let f = ParsedFile::parse(Lang::Go, src);
        let edits = insert(src, "\n", &body(&f), "Longer", "3").unwrap();
        assert_eq!(
            apply(src, edits),
            "package p\n\nvar x = T{\n\tA:      1,\n\tBb:     2,\n\tLonger: 3,\n}\n"
        );
    }

    #[test]
    fn replacing_a_key_repads_and_comments_block_the_fix() {
        let src = "package p\n\nvar x = T{\n\tPassword: s(\"x\"),\n\tA:        1,\n}\n";
        let f = ParsedFile::parse(Lang::Go, src);
        let b = body(&f);
        let el = go::keyed_elements(&b).remove(0).node;
        let edits = replace(src, "\n", &b, &el, "Pw", "true").unwrap();
        assert_eq!(
            apply(src, edits),
            "package p\n\nvar x = T{\n\tPw: true,\n\tA:  1,\n}\n"
        );
        let commented = "package p\n\nvar x = T{\n\tA: 1, // one\n}\n";
        let f = ParsedFile::parse(Lang::Go, commented);
        assert!(insert(commented, "\n", &body(&f), "B", "2").is_none());
    }

    #[test]
    fn removing_an_element_repads_the_rest() {
        let src =
            "package p\n\nvar x = T{\n\tA:           1,\n\tUseLockfile: b(true),\n\n\tBb: 2,\n}\n";
        let f = ParsedFile::parse(Lang::Go, src);
        let b = body(&f);
        let el = go::keyed_elements(&b).remove(1).node;
        let edits = remove(src, "\n", &b, &el).unwrap();
        assert_eq!(
            apply(src, edits),
            "package p\n\nvar x = T{\n\tA: 1,\n\n\tBb: 2,\n}\n"
        );
        let src = "package p\n\nvar x = T{A: 1, U: 2}\n";
        let f = ParsedFile::parse(Lang::Go, src);
        let b = body(&f);
        let el = go::keyed_elements(&b).remove(1).node;
        assert_eq!(
            apply(src, remove(src, "\n", &b, &el).unwrap()),
            "package p\n\nvar x = T{A: 1}\n"
        );
    }

    #[test]
    fn provider_modules_are_read_from_import_paths() {
        assert_eq!(
            aws_module("github.com/cdktf/cdktf-provider-aws-go/aws/v21/dbinstance"),
            Some("dbinstance")
        );
        assert_eq!(
            aws_module("github.com/hashicorp/terraform-cdk-go/cdktf"),
            None
        );
        assert_eq!(
            aws_module("github.com/cdktf/cdktf-provider-aws-go/aws/vpc"),
            Some("vpc")
        );
        assert_eq!(
            aws_module("github.com/cdktn-io/cdktn-provider-aws-go/aws/v25/s3bucket"),
            Some("s3bucket")
        );
        assert_eq!(aws_module("github.com/aws/jsii-runtime-go"), None);
        assert_eq!(
            aws_module("github.com/cdktf/cdktf-provider-aws-go/aws/v21/x/internal"),
            None
        );
    }
}
