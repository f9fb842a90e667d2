//! Where things are in a JSON text: a small recursive-descent reader that keeps the byte range
//! of every key and value, so a rewrite can replace one string and leave every other byte (key
//! order, indentation, line endings) as it was. Validity is serde_json's business
//! ([`super::Manifest::errors`]); this reader gives up (`None`) on anything it does not expect.

use std::ops::Range;

#[derive(Debug)]
pub enum Value {
    Object(Vec<Member>),
    Array(Vec<Node>),
    /// The decoded string.
    String(String),
    /// Numbers, booleans, null.
    Other,
}

#[derive(Debug)]
pub struct Node {
    /// The value's text, quotes included for a string.
    pub range: Range<usize>,
    pub value: Value,
}

#[derive(Debug)]
pub struct Member {
    pub key: String,
    pub key_range: Range<usize>,
    pub value: Node,
}

impl Node {
    /// The member `key` of an object.
    pub fn get(&self, key: &str) -> Option<&Node> {
        match &self.value {
            Value::Object(members) => members.iter().find(|m| m.key == key).map(|m| &m.value),
            _ => None,
        }
    }

    pub fn members(&self) -> &[Member] {
        match &self.value {
            Value::Object(m) => m,
            _ => &[],
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// A string's text between its quotes.
    pub fn inner(&self) -> Range<usize> {
        self.range.start + 1..self.range.end - 1
    }
}

/// Reads a whole JSON document (a BOM-less text).
pub fn parse(text: &str) -> Option<Node> {
    let mut r = Reader {
        b: text.as_bytes(),
        pos: 0,
    };
    let node = r.value()?;
    r.ws();
    (r.pos == r.b.len()).then_some(node)
}

/// JSON string contents, escaped (`"` and `\` and control characters), without the quotes.
pub fn escape(s: &str) -> String {
    let quoted = serde_json::Value::from(s).to_string();
    quoted[1..quoted.len() - 1].to_string()
}

struct Reader<'a> {
    b: &'a [u8],
    pos: usize,
}

impl Reader<'_> {
    fn ws(&mut self) {
        while self
            .b
            .get(self.pos)
            .is_some_and(|c| matches!(c, b' ' | b'\t' | b'\n' | b'\r'))
        {
            self.pos += 1;
        }
    }

    fn value(&mut self) -> Option<Node> {
        self.ws();
        let start = self.pos;
        let value =
            match *self.b.get(self.pos)? {
                b'{' => {
                    self.pos += 1;
                    let mut members = Vec::new();
                    self.ws();
                    if self.b.get(self.pos) == Some(&b'}') {
                        self.pos += 1;
                    } else {
                        loop {
                            self.ws();
                            let key_start = self.pos;
                            let key = self.string()?;
                            let key_range = key_start..self.pos;
                            self.ws();
                            (self.b.get(self.pos) == Some(&b':')).then_some(())?;
                            self.pos += 1;
                            let value = self.value()?;
                            members.push(Member {
                                key,
                                key_range,
                                value,
                            });
                            self.ws();
                            match self.b.get(self.pos)? {
                                b',' => self.pos += 1,
                                b'}' => {
                                    self.pos += 1;
                                    break;
                                }
                                _ => return None,
                            }
                        }
                    }
                    Value::Object(members)
                }
                b'[' => {
                    self.pos += 1;
                    let mut items = Vec::new();
                    self.ws();
                    if self.b.get(self.pos) == Some(&b']') {
                        self.pos += 1;
                    } else {
                        loop {
                            items.push(self.value()?);
                            self.ws();
                            match self.b.get(self.pos)? {
                                b',' => self.pos += 1,
                                b']' => {
                                    self.pos += 1;
                                    break;
                                }
                                _ => return None,
                            }
                        }
                    }
                    Value::Array(items)
                }
                b'"' => Value::String(self.string()?),
                _ => {
                    while self.b.get(self.pos).is_some_and(|c| {
                        c.is_ascii_alphanumeric() || matches!(c, b'-' | b'+' | b'.')
                    }) {
                        self.pos += 1;
                    }
                    (self.pos > start).then_some(())?;
                    Value::Other
                }
            };
        Some(Node {
            range: start..self.pos,
            value,
        })
    }

    fn string(&mut self) -> Option<String> {
        (self.b.get(self.pos) == Some(&b'"')).then_some(())?;
        self.pos += 1;
        let mut raw = Vec::new();
        loop {
            match *self.b.get(self.pos)? {
                b'"' => {
                    self.pos += 1;
                    break;
                }
                b'\\' => {
                    let esc = *self.b.get(self.pos + 1)?;
                    self.pos += 2;
                    match esc {
                        b'n' => raw.push(b'\n'),
                        b't' => raw.push(b'\t'),
                        b'r' => raw.push(b'\r'),
                        b'b' => raw.push(8),
                        b'f' => raw.push(12),
                        b'u' => {
                            let hex =
                                std::str::from_utf8(self.b.get(self.pos..self.pos + 4)?).ok()?;
                            let c = char::from_u32(u32::from_str_radix(hex, 16).ok()?)
                                .unwrap_or('\u{fffd}');
                            self.pos += 4;
                            raw.extend(c.to_string().as_bytes());
                        }
                        other => raw.push(other),
                    }
                }
                c => {
                    raw.push(c);
                    self.pos += 1;
                }
            }
        }
        String::from_utf8(raw).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_and_values_keep_their_places() {
        let text = "{\n  \"a\": \"x\\\"y\",\n  \"b\": [1, {\"c\": true}]\n}\n";
        let doc = parse(text).unwrap();
        let a = doc.get("a").unwrap();
        assert_eq!(a.as_str(), Some("x\"y"));
        assert_eq!(&text[a.inner()], "x\\\"y");
        let m = &doc.members()[1];
        assert_eq!(&text[m.key_range.clone()], "\"b\"");
        assert!(parse("{\"a\": }").is_none());
        assert!(parse("[1] x").is_none());
        assert_eq!(escape("a\"b\\"), "a\\\"b\\\\");
    }
}
