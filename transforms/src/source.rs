//! Turning a file's bytes into text a transform can read, and back, without losing a byte:
//! the UTF-8 BOM is set aside and restored, line endings are left as they are.

use std::fmt;

pub const BOM: &str = "\u{feff}";

/// Why a file's bytes are not handed to the transforms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unreadable {
    /// Contains a NUL byte: a binary file with a source extension.
    Binary,
    /// Not valid UTF-8 at the given byte offset.
    NotUtf8 { offset: usize },
}

impl fmt::Display for Unreadable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Unreadable::Binary => write!(f, "binary file (contains a NUL byte)"),
            Unreadable::NotUtf8 { offset } => {
                write!(f, "not valid UTF-8 (first invalid byte at offset {offset})")
            }
        }
    }
}

/// A decoded source file: the text the transforms see, and whether a BOM preceded it.
#[derive(Debug, Clone)]
pub struct SourceText {
    pub bom: bool,
    pub text: String,
}

impl SourceText {
    pub fn decode(bytes: &[u8]) -> Result<SourceText, Unreadable> {
        if memchr_nul(bytes) {
            return Err(Unreadable::Binary);
        }
        let text = std::str::from_utf8(bytes).map_err(|e| Unreadable::NotUtf8 {
            offset: e.valid_up_to(),
        })?;
        Ok(match text.strip_prefix(BOM) {
            Some(rest) => SourceText {
                bom: true,
                text: rest.to_string(),
            },
            None => SourceText {
                bom: false,
                text: text.to_string(),
            },
        })
    }

    /// The file's full contents for `text` (the BOM restored when the original had one).
    pub fn encode(&self, text: &str) -> String {
        if self.bom {
            format!("{BOM}{text}")
        } else {
            text.to_string()
        }
    }
}

fn memchr_nul(bytes: &[u8]) -> bool {
    bytes.contains(&0)
}

/// The line ending a file uses: `\r\n` when its first line ends so, else `\n`.
pub fn line_ending(text: &str) -> &'static str {
    match text.find('\n') {
        Some(i) if i > 0 && text.as_bytes()[i - 1] == b'\r' => "\r\n",
        _ => "\n",
    }
}

/// `str::lines` (lines split at `\n`, a `\r` before it dropped, no empty last line) with a
/// vectorised newline search (`memchr`); `str::lines` searches a word at a time, which showed
/// in the profile for long files (the provider index, every file's indentation).
pub fn lines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        match memchr::memchr(b'\n', rest.as_bytes()) {
            Some(i) => {
                let line = &rest[..i];
                rest = &rest[i + 1..];
                Some(line.strip_suffix('\r').unwrap_or(line))
            }
            // The last line, without a newline: a `\r` there stays, as in `str::lines`.
            None => Some(std::mem::take(&mut rest)),
        }
    })
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..offset];
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before[line_start..].chars().count() + 1;
    (line, col)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_split_as_str_lines_does() {
        for text in [
            "",
            "\n",
            "a",
            "a\n",
            "a\nb",
            "a\r\nb\r\n",
            "\r\n\r\n",
            "a\r",
            "a\rb\n",
            "\n\nx",
            "é\r\nü\n",
            "a\r\r\n",
        ] {
            assert_eq!(
                lines(text).collect::<Vec<_>>(),
                text.lines().collect::<Vec<_>>(),
                "{text:?}"
            );
        }
    }

    #[test]
    fn bom_is_set_aside_and_restored() {
        let src = SourceText::decode("\u{feff}let a = 1;\n".as_bytes()).unwrap();
        assert!(src.bom);
        assert_eq!(src.text, "let a = 1;\n");
        assert_eq!(src.encode("x"), "\u{feff}x");
    }

    #[test]
    fn nul_byte_means_binary() {
        assert_eq!(
            SourceText::decode(b"ab\0c").unwrap_err(),
            Unreadable::Binary
        );
    }

    #[test]
    fn invalid_utf8_reports_offset() {
        assert_eq!(
            SourceText::decode(b"ok\xffno").unwrap_err(),
            Unreadable::NotUtf8 { offset: 2 }
        );
    }

    #[test]
    fn crlf_is_detected_from_first_line() {
        assert_eq!(line_ending("a\r\nb\n"), "\r\n");
        assert_eq!(line_ending("a\nb\r\n"), "\n");
        assert_eq!(line_ending("no newline"), "\n");
    }

    #[test]
    fn line_col_counts_characters() {
        let t = "ab\néx y";
        assert_eq!(line_col(t, 0), (1, 1));
        assert_eq!(line_col(t, 3), (2, 1));
        assert_eq!(line_col(t, t.find('y').unwrap()), (2, 4));
    }
}
