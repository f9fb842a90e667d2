//! A small XML reader for `pom.xml` and `*.csproj`: elements with the byte ranges of their
//! attribute values and text, and a well-formedness check (tags nest and close, attributes are
//! quoted, comments, CDATA, processing instructions and the DOCTYPE are skipped whole). Entities
//! are not decoded: package ids and versions do not use them.

use std::ops::Range;

#[derive(Debug)]
pub struct Element {
    pub name: String,
    /// (name, value range without quotes).
    pub attrs: Vec<(String, Range<usize>)>,
    /// Between the start and the end tag (`None` for `<empty/>`).
    pub content: Option<Range<usize>>,
    pub children: Vec<Element>,
}

impl Element {
    pub fn attr<'t>(&self, text: &'t str, name: &str) -> Option<(&'t str, Range<usize>)> {
        self.attrs
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, r)| (&text[r.clone()], r.clone()))
    }

    pub fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.name == name)
    }

    /// The element's text content, trimmed, with its range, when it has no child elements.
    pub fn text<'t>(&self, text: &'t str) -> Option<(&'t str, Range<usize>)> {
        let r = self.content.clone()?;
        if !self.children.is_empty() {
            return None;
        }
        let s = &text[r.clone()];
        let start = r.start + (s.len() - s.trim_start().len());
        let trimmed = s.trim();
        Some((trimmed, start..start + trimmed.len()))
    }

    /// Every element below this one, depth first.
    pub fn descendants(&self) -> Vec<&Element> {
        let mut out = Vec::new();
        let mut stack: Vec<&Element> = self.children.iter().rev().collect();
        while let Some(e) = stack.pop() {
            out.push(e);
            stack.extend(e.children.iter().rev());
        }
        out
    }
}

#[derive(Debug)]
pub struct XmlError {
    pub at: usize,
    pub message: &'static str,
}

fn err<T>(at: usize, message: &'static str) -> Result<T, XmlError> {
    Err(XmlError { at, message })
}

/// Reads a document; its root element.
pub fn parse(text: &str) -> Result<Element, XmlError> {
    let b = text.as_bytes();
    let mut pos = 0;
    // Open elements; the bottom one collects the root.
    let mut stack: Vec<(Element, usize)> = vec![(
        Element {
            name: String::new(),
            attrs: Vec::new(),
            content: None,
            children: Vec::new(),
        },
        0,
    )];
    while pos < b.len() {
        if b[pos] != b'<' {
            pos += 1;
            continue;
        }
        let rest = &text[pos..];
        let skip = |open: &str, close: &str| -> Option<Option<usize>> {
            rest.starts_with(open).then(|| {
                rest[open.len()..]
                    .find(close)
                    .map(|i| open.len() + i + close.len())
            })
        };
        if let Some(len) = skip("<!--", "-->")
            .or_else(|| skip("<![CDATA[", "]]>"))
            .or_else(|| skip("<?", "?>"))
            .or_else(|| skip("<!", ">"))
        {
            match len {
                Some(l) => pos += l,
                None => return err(pos, "unterminated comment, CDATA or declaration"),
            }
            continue;
        }
        if rest.starts_with("</") {
            let end = match rest.find('>') {
                Some(e) => pos + e,
                None => return err(pos, "unterminated end tag"),
            };
            let name = text[pos + 2..end].trim();
            let Some((mut el, content_start)) = stack.pop().filter(|_| !stack.is_empty()) else {
                return err(pos, "end tag without a start tag");
            };
            if stack.is_empty() || el.name != name {
                return err(pos, "end tag does not match the open element");
            }
            el.content = Some(content_start..pos);
            stack.last_mut().unwrap().0.children.push(el);
            pos = end + 1;
            continue;
        }
        // A start tag.
        let mut i = pos + 1;
        let name_start = i;
        while i < b.len() && !b[i].is_ascii_whitespace() && !matches!(b[i], b'>' | b'/') {
            i += 1;
        }
        if i == name_start {
            return err(pos, "a tag without a name");
        }
        let name = text[name_start..i].to_string();
        let mut attrs = Vec::new();
        let empty;
        loop {
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            match b.get(i) {
                None => return err(pos, "unterminated start tag"),
                Some(b'>') => {
                    empty = false;
                    i += 1;
                    break;
                }
                Some(b'/') if b.get(i + 1) == Some(&b'>') => {
                    empty = true;
                    i += 2;
                    break;
                }
                _ => {}
            }
            let an = i;
            while i < b.len() && !b[i].is_ascii_whitespace() && !matches!(b[i], b'=' | b'>' | b'/')
            {
                i += 1;
            }
            let attr_name = text[an..i].to_string();
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            if attr_name.is_empty() || b.get(i) != Some(&b'=') {
                return err(i, "an attribute without a value");
            }
            i += 1;
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            let Some(&q) = b.get(i).filter(|q| matches!(q, b'"' | b'\'')) else {
                return err(i, "an attribute value without quotes");
            };
            let Some(close) = text[i + 1..].find(q as char) else {
                return err(i, "unterminated attribute value");
            };
            attrs.push((attr_name, i + 1..i + 1 + close));
            i += close + 2;
        }
        let el = Element {
            name,
            attrs,
            content: None,
            children: Vec::new(),
        };
        if empty {
            stack.last_mut().unwrap().0.children.push(el);
        } else {
            stack.push((el, i));
        }
        pos = i;
    }
    if stack.len() != 1 {
        return err(text.len(), "an element is not closed");
    }
    let mut doc = stack.pop().unwrap().0;
    if doc.children.len() != 1 {
        return err(0, "a document has exactly one root element");
    }
    Ok(doc.children.pop().unwrap())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn elements_attributes_and_text_are_placed() {
        let text = "<?xml version=\"1.0\"?>\n<!-- c <x> -->\n<Project Sdk='a'>\n  <ItemGroup>\n    <PackageReference Include=\"A.B\" Version=\"1.0\" />\n    <P><Version> 2.0 </Version></P>\n  </ItemGroup>\n</Project>\n";
        let root = parse(text).unwrap();
        assert_eq!(root.name, "Project");
        let all = root.descendants();
        let pr = all.iter().find(|e| e.name == "PackageReference").unwrap();
        let (v, r) = pr.attr(text, "version").unwrap();
        assert_eq!((v, &text[r]), ("1.0", "1.0"));
        let version = all.iter().find(|e| e.name == "Version").unwrap();
        let (t, r) = version.text(text).unwrap();
        assert_eq!((t, &text[r]), ("2.0", "2.0"));
        for bad in [
            "<a><b></a>",
            "<a x=1></a>",
            "<a>",
            "</a>",
            "<a></a><b></b>",
            "<a><!-- x</a>",
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }
}
