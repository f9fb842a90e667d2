//! Where things sit in a file's text and list literals: the helpers every language's insertion
//! and removal code shares (one definition each).

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
