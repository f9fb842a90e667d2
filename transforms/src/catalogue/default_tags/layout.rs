//! Adding elements to the lists `default-tags` extends (objects, arrays, argument lists,
//! dictionaries, composite literals) laid out like their neighbours, and writing new multi-line
//! values at a given indentation.

use crate::syntax::layout::{after_last, comma_after, starts_line};
use crate::syntax::{indent_at, N};
use crate::Edit;

/// How a list is laid out, for adding elements to it.
pub(super) struct Layout {
    /// One element per line.
    pub(super) multiline: bool,
    /// The elements' indentation (multi-line lists).
    pub(super) indent: String,
    /// One level of indentation.
    pub(super) unit: String,
    /// Whether the last element is followed by a comma (multi-line lists).
    pub(super) trailing_comma: bool,
}

/// The smallest indentation of the file (lines of block comments aside): its indentation unit,
/// or `default`.
pub(super) fn file_unit(text: &str, default: &str) -> String {
    let mut best: Option<&str> = None;
    for line in crate::source::lines(text) {
        // Leading ASCII whitespace by bytes; a line whose indentation runs into a non-ASCII
        // character takes the Unicode-aware path (`trim`), as every line once did.
        let b = line.as_bytes();
        let n = b
            .iter()
            .take_while(|c| matches!(c, b' ' | b'\t' | b'\n' | b'\x0B' | b'\x0C' | b'\r'))
            .count();
        let (indent, blank_or_comment) = match b.get(n) {
            Some(c) if !c.is_ascii() => {
                let content = line.trim();
                let indent = &line[..line.len() - line.trim_start().len()];
                (indent, content.is_empty() || content.starts_with('*'))
            }
            Some(c) => (&line[..n], *c == b'*'),
            None => (line, true),
        };
        if blank_or_comment {
            continue;
        }
        if indent.starts_with('\t') {
            return "\t".into();
        }
        if !indent.is_empty() && best.is_none_or(|b| indent.len() < b.len()) {
            best = Some(indent);
        }
    }
    best.map_or(default.to_string(), str::to_string)
}

pub(super) fn layout(
    text: &str,
    list: &N,
    items: &[N],
    unit: &str,
    trailing_comma: bool,
) -> Layout {
    let open_indent = indent_at(text, list.range().start);
    match items.last() {
        Some(last) => {
            let start = last.range().start;
            let indent = indent_at(text, start).to_string();
            let unit = match indent.strip_prefix(open_indent) {
                Some(u) if !u.is_empty() => u.to_string(),
                _ => unit.to_string(),
            };
            let multiline = starts_line(text, start);
            Layout {
                multiline,
                indent,
                unit,
                trailing_comma: if multiline {
                    comma_after(last).is_some()
                } else {
                    trailing_comma
                },
            }
        }
        None => {
            let close = list.range().end.saturating_sub(1);
            Layout {
                multiline: list.text().contains('\n'),
                indent: format!("{}{unit}", indent_at(text, close)),
                unit: unit.to_string(),
                trailing_comma,
            }
        }
    }
}

/// The edits adding `new` elements at the end of a list. `pad` goes inside the brackets of an
/// empty single-line list (`{ a: 1 }` in TypeScript). `None` when the list cannot take them
/// cleanly (an empty list holding only a comment).
pub(super) fn insert_items(
    text: &str,
    nl: &str,
    list: &N,
    items: &[N],
    lay: &Layout,
    new: &[String],
    pad: &str,
) -> Option<Vec<Edit>> {
    if new.is_empty() {
        return Some(Vec::new());
    }
    let Some(last) = items.last() else {
        if list.children().any(|c| c.kind() == "comment") {
            return None;
        }
        let open = list.child(0)?;
        let close = list.children().last()?;
        let inner = open.range().end..close.range().start;
        let body = if lay.multiline {
            let close_indent = indent_at(text, close.range().start);
            let lines: Vec<String> = new.iter().map(|s| format!("{}{s}", lay.indent)).collect();
            format!(
                "{nl}{}{}{nl}{close_indent}",
                lines.join(&format!(",{nl}")),
                if lay.trailing_comma { "," } else { "" }
            )
        } else {
            format!("{pad}{}{pad}", new.join(", "))
        };
        return Some(vec![Edit::replace(inner, body)]);
    };
    let end = last.range().end;
    if !lay.multiline {
        return Some(vec![Edit::insert(end, format!(", {}", new.join(", ")))]);
    }
    let after = after_last(text, last);
    let body: String = new
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let comma = if i + 1 < new.len() || lay.trailing_comma {
                ","
            } else {
                ""
            };
            format!("{nl}{}{s}{comma}", lay.indent)
        })
        .collect();
    Some(after.insert(body))
}

/// `open`, one element per line at `indent`, `close` at `close_indent`.
pub(super) fn block(
    open: &str,
    close: &str,
    items: &[String],
    indent: &str,
    close_indent: &str,
    trailing_comma: bool,
    nl: &str,
) -> String {
    let mut s = open.to_string();
    for (i, item) in items.iter().enumerate() {
        s.push_str(nl);
        s.push_str(indent);
        s.push_str(item);
        if i + 1 < items.len() || trailing_comma {
            s.push(',');
        }
    }
    s.push_str(nl);
    s.push_str(close_indent);
    s.push_str(close);
    s
}

/// How a multi-line value is indented: the indentation of its first line, one unit, and whether
/// its lists end with a comma.
pub(super) struct Indent<'a> {
    pub(super) base: &'a str,
    pub(super) unit: &'a str,
    pub(super) trailing_comma: bool,
}

impl Indent<'_> {
    pub(super) fn at(&self, depth: usize) -> String {
        format!("{}{}", self.base, self.unit.repeat(depth))
    }
}

/// A string literal for JavaScript or Python with quote `q`.
pub(super) fn quote_str(s: &str, q: char) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push(q);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == q => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push(q);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `file_unit` reads indentation by bytes; it must agree with the `trim`-based reading it
    /// replaced, Unicode whitespace and block-comment lines included.
    #[test]
    fn file_unit_reads_indentation_as_trim_does() {
        fn by_trim(text: &str, default: &str) -> String {
            let mut best: Option<&str> = None;
            for line in text.lines() {
                let content = line.trim();
                if content.is_empty() || content.starts_with('*') {
                    continue;
                }
                let indent = &line[..line.len() - line.trim_start().len()];
                if indent.starts_with('\t') {
                    return "\t".into();
                }
                if !indent.is_empty() && best.is_none_or(|b| indent.len() < b.len()) {
                    best = Some(indent);
                }
            }
            best.map_or(default.to_string(), str::to_string)
        }
        let texts = [
            "a\n    b\n  c\n",
            "a\r\n   b\r\n",
            "/**\n * doc\n */\nx\n      y\n",
            "a\n\tb\n  c\n",
            "a\n  \tb\n",
            "a\n \u{a0}b\n    c\n",
            "a\n\u{3000}b\n",
            "a\n   \n\u{a0}\n  \u{b}x\n",
            "a\n  é\n    b\n",
            "",
            "only\n",
        ];
        for text in texts {
            for default in ["  ", "\t"] {
                assert_eq!(file_unit(text, default), by_trim(text, default), "{text:?}");
            }
        }
    }

    #[test]
    fn strings_are_quoted_and_escaped() {
        assert_eq!(quote_str("it's", '\''), "'it\\'s'");
    }
}
