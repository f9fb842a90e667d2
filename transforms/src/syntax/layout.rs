//! Where things sit in a file's text and list literals: the helpers every language's insertion
//! and removal code shares (one definition each).

use crate::diagnostic::Edit;
use crate::style::Prettier;
use crate::syntax::N;

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
