//! Where things sit in a file's text and list literals: the helpers every language's insertion
//! and removal code shares (one definition each).

pub mod prettier;

use std::collections::BTreeMap;
use std::ops::Range;

use crate::diagnostic::Edit;
use crate::lang::Lang;
use crate::style::{Prettier, Style};
use crate::syntax::{ParsedFile, N};

/// Whether only whitespace stands between the start of `offset`'s line and `offset`.
pub fn starts_line(text: &str, offset: usize) -> bool {
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    text[line_start..offset].trim().is_empty()
}

/// The comma after a list element, if any (comments between them skipped).
pub fn comma_after<'r>(item: &N<'r>) -> Option<N<'r>> {
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

/// The named children of a node, comments left out: the elements of a bracketed list, the
/// entries of an object, the arguments of a call.
pub fn named_children<'r>(node: &N<'r>) -> Vec<N<'r>> {
    node.children()
        .filter(|c| c.is_named() && c.kind() != "comment")
        .collect()
}

/// The edit that replaces a TypeScript import list (`named_imports`: `{ a, b }`) by the list
/// with `added` after its specifiers, printed as prettier prints it: flat when the statement
/// then fits in `printWidth`, else one specifier a line. `None` when a comment is inside the
/// list (its place in the new layout is not known) or the list is not an import's.
pub fn reprint_import_list(
    prettier: &Prettier,
    text: &str,
    named: &N,
    added: &[impl AsRef<str>],
    nl: &str,
) -> Option<Edit> {
    let mut specs: Vec<String> = named
        .children()
        .filter(|c| c.kind() == "import_specifier")
        .map(|c| text[c.range()].to_string())
        .collect();
    specs.extend(added.iter().map(|a| a.as_ref().to_string()));
    print_import_list(prettier, text, named, &specs, nl)
}

/// The edit that replaces a TypeScript import list (`named_imports`) by `specs`, printed as
/// prettier prints it (see [`reprint_import_list`]); `None` when a comment is inside the list.
pub fn print_import_list(
    prettier: &Prettier,
    text: &str,
    named: &N,
    specs: &[String],
    nl: &str,
) -> Option<Edit> {
    if named.children().any(|c| c.kind() == "comment") {
        return None;
    }
    let specs: Vec<&str> = specs.iter().map(String::as_str).collect();
    let mut statement = named.parent()?;
    while statement.kind() != "import_statement" {
        statement = statement.parent()?;
    }
    let range = named.range();
    let rest = &text[range.end..statement.range().end.max(range.end)];
    let tail = rest.split(['\r', '\n']).next().unwrap_or_default();
    let line_start = text[..range.start].rfind('\n').map_or(0, |i| i + 1);
    let column = text[line_start..range.start].chars().count();
    let indent = crate::syntax::indent_at(text, range.start);
    let list = prettier.import_list(&specs, column, tail, indent, nl);
    Some(Edit::replace(range, list))
}

/// The TypeScript statement kinds [`reprint_statements`] reprints.
const STATEMENTS: &[&str] = &[
    "expression_statement",
    "lexical_declaration",
    "return_statement",
];

/// The innermost statement of [`STATEMENTS`] holding `range` of `file`.
fn statement_around<'f>(file: &'f ParsedFile, range: &Range<usize>) -> Option<N<'f>> {
    let mut node = file.tree().root();
    let mut found = None;
    'down: loop {
        if STATEMENTS.contains(&node.kind().as_ref()) {
            found = Some(node);
        }
        for child in node.children() {
            let r = child.range();
            if r.start <= range.start && range.end <= r.end && r != (range.start..range.start) {
                node = child;
                continue 'down;
            }
        }
        return found;
    }
}

/// In a project that formats with prettier, `edits` (rewriting parts of TypeScript statements,
/// e.g. `new aws.s3Bucket.S3Bucket(` → `new S3Bucket(`) with each statement they touch
/// reprinted whole as prettier prints it: a call whose callee got shorter may now fit on fewer
/// lines. A statement keeps its plain edits unless it starts its line and the printer
/// ([`prettier::print_ts_statement`]) knows everything in it and prints its original text
/// unchanged (so the file was formatted by prettier and the printer agrees with it there).
pub fn reprint_statements(prettier: &Prettier, file: &ParsedFile, edits: Vec<Edit>) -> Vec<Edit> {
    let text = file.text;
    let nl = file.newline();
    let mut out = Vec::new();
    let mut by_statement: BTreeMap<(usize, usize), Vec<Edit>> = BTreeMap::new();
    for edit in edits {
        match statement_around(file, &edit.range) {
            Some(s) => by_statement
                .entry((s.range().start, s.range().end))
                .or_default()
                .push(edit),
            None => out.push(edit),
        }
    }
    for ((start, end), mut edits) in by_statement {
        let reprinted = (|| {
            let original = &text[start..end];
            if !starts_line(text, start) {
                return None;
            }
            let indent = crate::syntax::indent_at(text, start);
            if prettier::print_ts_statement(prettier, original, indent, nl)? != original {
                return None;
            }
            edits.sort_by_key(|e| std::cmp::Reverse(e.range.start));
            let mut edited = original.to_string();
            let mut last = usize::MAX;
            for e in &edits {
                if e.range.end > last {
                    return None;
                }
                edited.replace_range(e.range.start - start..e.range.end - start, &e.text);
                last = e.range.start;
            }
            prettier::print_ts_statement(prettier, &edited, indent, nl)
        })();
        match reprinted {
            Some(t) => out.push(Edit::replace(start..end, t)),
            None => out.extend(edits),
        }
    }
    out
}

/// A TypeScript statement cdktf-fix writes (`statement`, starting a line at `indent`), as
/// prettier prints it when the project formats with prettier and the printer knows all of it;
/// otherwise as it is.
pub fn ts_statement(style: &Style, statement: String, indent: &str, nl: &str) -> String {
    style
        .prettier
        .as_ref()
        .and_then(|p| prettier::print_ts_statement(p, &statement, indent, nl))
        .unwrap_or(statement)
}

/// [`reprint_statements`] in a TypeScript file of a project that formats with prettier;
/// `edits` as they are otherwise.
pub fn ts_edits(style: &Style, file: &ParsedFile, edits: Vec<Edit>) -> Vec<Edit> {
    match &style.prettier {
        Some(p) if matches!(file.lang, Lang::TypeScript | Lang::Tsx) => {
            reprint_statements(p, file, edits)
        }
        _ => edits,
    }
}

/// Where a new element goes after the last one of a multi-line list: after its comma, and after
/// a comment that ends its line.
pub struct AfterLast<'r> {
    /// The end of the last element.
    pub end: usize,
    /// Where the new lines go.
    pub at: usize,
    /// The last element's comma, if it has one.
    pub comma: Option<N<'r>>,
}

/// [`AfterLast`] for the last element `last` of a list in `text`.
pub fn after_last<'r>(text: &str, last: &N<'r>) -> AfterLast<'r> {
    let end = last.range().end;
    let comma = comma_after(last);
    let mut at = comma.as_ref().map_or(end, |c| c.range().end);
    // A comment ending the line of the last element stays on that line.
    if let Some(c) = comma.as_ref().unwrap_or(last).next() {
        if c.kind() == "comment"
            && c.range().start >= at
            && !text[at..c.range().start].contains('\n')
        {
            // (Some grammars end a line comment after the `\r` of a CRLF line ending.)
            at = c.range().end;
            while at > c.range().start && text.as_bytes()[at - 1] == b'\r' {
                at -= 1;
            }
        }
    }
    AfterLast { end, at, comma }
}

impl AfterLast<'_> {
    /// The edits that add `body` (starting with its line break) after the last element, giving
    /// that element the comma it lacks.
    pub fn insert(&self, body: String) -> Vec<Edit> {
        match self.comma {
            Some(_) => vec![Edit::insert(self.at, body)],
            None if self.at == self.end => vec![Edit::insert(self.end, format!(",{body}"))],
            None => vec![Edit::insert(self.end, ","), Edit::insert(self.at, body)],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Lang, ParsedFile};

    #[test]
    fn a_line_starts_after_indentation_only() {
        let text = "a\n  b c\n";
        assert!(starts_line(text, 0));
        assert!(starts_line(text, 4));
        assert!(!starts_line(text, 6));
    }

    #[test]
    fn the_comma_after_an_element_skips_comments_and_stops_at_the_next_element() {
        let file = ParsedFile::parse(Lang::TypeScript, "f([1 /* one */, 2]);\n");
        let array = file.of_kind("array").next().unwrap();
        let items = named_children(&array);
        assert_eq!(
            items
                .iter()
                .map(|n| n.text().to_string())
                .collect::<Vec<_>>(),
            ["1", "2"]
        );
        assert_eq!(comma_after(&items[0]).map(|n| n.range().start), Some(14));
        assert!(comma_after(&items[1]).is_none());
    }
}
