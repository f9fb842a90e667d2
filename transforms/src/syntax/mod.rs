//! Reading syntax trees: small helpers the transforms share, one module per language.

pub mod add_import;
pub mod bindings;
pub mod construct;
mod file;
pub mod go;
pub mod gofmt;
pub mod imported;
pub mod layout;
pub mod python;
pub mod tree;
pub mod ts;

use std::ops::Range;

pub use file::ParsedFile;
/// A node of a parsed file.
pub use tree::N;

/// The range to delete to remove `range` (e.g. a property and its trailing comma) along with
/// its line, when nothing else but whitespace shares that line.
pub fn removal_with_line(text: &str, range: Range<usize>) -> Range<usize> {
    let line_start = text[..range.start].rfind('\n').map_or(0, |i| i + 1);
    let before_blank = text[line_start..range.start].trim().is_empty();
    let rest = &text[range.end..];
    let line_end = rest.find('\n').map_or(text.len(), |i| range.end + i + 1);
    let after_blank = text[range.end..line_end].trim().is_empty();
    if !(before_blank && after_blank) {
        range
    } else if line_end == text.len() && !text.ends_with('\n') {
        // The last line, without a final newline: the line break before it goes too, and the
        // blank lines before that, so the file still ends without one.
        let mut start = line_start;
        while let Some(before) = text[..start].strip_suffix('\n') {
            let before = before.strip_suffix('\r').unwrap_or(before);
            start = before.len();
            let blank_from = before.rfind('\n').map_or(0, |i| i + 1);
            if !before[blank_from..].trim().is_empty() {
                break;
            }
            start = blank_from;
        }
        start..line_end
    } else {
        line_start..line_end
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
    fn removing_the_last_line_keeps_a_missing_final_newline_missing() {
        for (t, kept) in [
            ("a;\nimport x;", "a;"),
            ("a;\r\nimport x;", "a;"),
            ("a;\nimport x;\n", "a;\n"),
            ("a;  \r\n\r\n  \nimport x;", "a;  "),
            ("\n\nimport x;", ""),
            ("import x;", ""),
        ] {
            let i = t.find("import").unwrap();
            let r = removal_with_line(t, i..i + 9);
            let mut out = t.to_string();
            out.replace_range(r, "");
            assert_eq!(out, kept, "{t:?}");
        }
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
