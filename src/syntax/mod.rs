//! Reading syntax trees: small helpers the transforms share, one module per language.

pub mod construct;
pub mod construct_go;
pub mod constructs;
pub mod go;
pub mod python;
pub mod ts;

use std::ops::Range;

use ast_grep_core::tree_sitter::StrDoc;
use ast_grep_core::Node;
use ast_grep_language::SupportLang;

/// A node of a parsed file.
pub type N<'r> = Node<'r, StrDoc<SupportLang>>;

/// The range to delete to remove `range` (e.g. a property and its trailing comma) along with
/// its line, when nothing else but whitespace shares that line.
pub fn removal_with_line(text: &str, range: Range<usize>) -> Range<usize> {
    let line_start = text[..range.start].rfind('\n').map_or(0, |i| i + 1);
    let before_blank = text[line_start..range.start].trim().is_empty();
    let rest = &text[range.end..];
    let line_end = rest.find('\n').map_or(text.len(), |i| range.end + i + 1);
    let after_blank = text[range.end..line_end].trim().is_empty();
    if before_blank && after_blank {
        line_start..line_end
    } else {
        range
    }
}

/// The indentation (leading spaces and tabs) of the line that holds `offset`.
pub fn indent_at(text: &str, offset: usize) -> &str {
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line = &text[line_start..];
    let end = line
        .find(|c: char| c != ' ' && c != '\t')
        .unwrap_or(line.len());
    &line[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removal_takes_the_whole_line_when_alone() {
        let t = "{\n  a: 1,\n  b: 2,\n}";
        let a = t.find("a: 1,").unwrap();
        let r = removal_with_line(t, a..a + 5);
        assert_eq!(&t[r], "  a: 1,\n");
    }

    #[test]
    fn removal_keeps_the_line_when_shared() {
        let t = "{ a: 1, b: 2 }";
        let a = t.find("a: 1,").unwrap();
        assert_eq!(removal_with_line(t, a..a + 5), a..a + 5);
    }

    #[test]
    fn indent_is_read_from_the_line() {
        assert_eq!(indent_at("x\n    y", 6), "    ");
        assert_eq!(indent_at("\tz", 1), "\t");
    }
}
