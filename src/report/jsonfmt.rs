//! The printer of the `json` and `sarif` documents: serde_json's pretty printer (two-space
//! indent, keys in insertion order through `preserve_order`) with the escaping the documents
//! have always had.
//!
//! serde_json alone differs in two places, so [`Escaping`] wraps its [`PrettyFormatter`]:
//! - U+2028 and U+2029 are escaped (`\u2028`, `\u2029`): JavaScript parsers before ES2019 take
//!   them for line breaks inside a string; serde_json writes them as they are.
//! - Backspace and form feed are written `\u0008` and `\u000c` like every other control
//!   character, not `\b` and `\f`.

use std::io::{self, Write};

use serde::Serialize;
use serde_json::ser::{CharEscape, Formatter, PrettyFormatter};

/// `value` as two-space indented JSON, ending with a newline.
pub fn pretty<T: Serialize + ?Sized>(value: &T) -> String {
    let mut out = Vec::with_capacity(4096);
    let mut ser = serde_json::Serializer::with_formatter(&mut out, Escaping::default());
    value
        .serialize(&mut ser)
        .expect("a JSON value serializes into memory");
    out.push(b'\n');
    String::from_utf8(out).expect("serde_json writes UTF-8")
}

/// serde_json's [`PrettyFormatter`], escaping U+2028/U+2029 and every control character as
/// `\u00XX` except `\n`, `\r` and `\t`.
#[derive(Default)]
struct Escaping(PrettyFormatter<'static>);

impl Formatter for Escaping {
    fn write_string_fragment<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        let mut rest = fragment;
        while let Some(at) = rest.find(['\u{2028}', '\u{2029}']) {
            writer.write_all(&rest.as_bytes()[..at])?;
            let c = rest[at..].chars().next().unwrap_or_default();
            write!(writer, "\\u{:04x}", c as u32)?;
            rest = &rest[at + c.len_utf8()..];
        }
        writer.write_all(rest.as_bytes())
    }

    fn write_char_escape<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        char_escape: CharEscape,
    ) -> io::Result<()> {
        match char_escape {
            CharEscape::Backspace => writer.write_all(b"\\u0008"),
            CharEscape::FormFeed => writer.write_all(b"\\u000c"),
            other => self.0.write_char_escape(writer, other),
        }
    }

    // The layout is the pretty printer's.

    fn begin_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.begin_array(writer)
    }

    fn end_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_array(writer)
    }

    fn begin_array_value<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.0.begin_array_value(writer, first)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_array_value(writer)
    }

    fn begin_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.begin_object(writer)
    }

    fn end_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_object(writer)
    }

    fn begin_object_key<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.0.begin_object_key(writer, first)
    }

    fn end_object_key<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_object_key(writer)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.begin_object_value(writer)
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_object_value(writer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn pretty_prints_in_insertion_order_and_escapes() {
        let v = json!({
            "b": "a\"\\\n\u{1}é",
            "a": [1, 2],
            "e": [],
            "o": {},
            "n": null,
        });
        assert_eq!(
            pretty(&v),
            "{\n  \"b\": \"a\\\"\\\\\\n\\u0001é\",\n  \"a\": [\n    1,\n    2\n  ],\n  \"e\": [],\n  \"o\": {},\n  \"n\": null\n}\n"
        );
    }

    #[test]
    fn line_separators_and_every_control_character_but_three_are_unicode_escapes() {
        let v = json!({ "k\u{2029}": "\u{8}\u{c}\t\r\u{1f}\u{7f}x\u{2028}y\u{2028}\u{2029}/" });
        assert_eq!(
            pretty(&v),
            "{\n  \"k\\u2029\": \"\\u0008\\u000c\\t\\r\\u001f\u{7f}x\\u2028y\\u2028\\u2029/\"\n}\n"
        );
    }
}
