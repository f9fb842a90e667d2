//! The open documents: what the editor holds, by URI, with the path and language they are
//! checked as. Full synchronisation: every change carries the whole text.

use std::collections::HashMap;
use std::path::PathBuf;

use lsp_types::{TextDocumentContentChangeEvent, Uri};
use transforms::lang::Lang;

use super::position::LineIndex;

/// One open document.
pub struct Document {
    pub text: String,
    pub version: i32,
    /// The file it is (for `file:` URIs), for its configuration, project and `go.mod`.
    pub path: Option<PathBuf>,
    /// `None`: not a file cdktf-fix reads; it gets no diagnostics.
    pub lang: Option<Lang>,
}

#[derive(Default)]
pub struct Documents {
    open: HashMap<Uri, Document>,
}

impl Documents {
    pub fn open(&mut self, uri: Uri, language_id: &str, version: i32, text: String) {
        let path = file_path(&uri);
        let lang = lang_of(&uri, path.as_deref(), language_id);
        self.open.insert(
            uri,
            Document {
                text,
                version,
                path,
                lang,
            },
        );
    }

    /// Applies an editor's changes, in order; `false` when the document is not open. The
    /// server asks for whole texts, but a change with a range is applied as the range says.
    pub fn change(
        &mut self,
        uri: &Uri,
        version: i32,
        changes: Vec<TextDocumentContentChangeEvent>,
    ) -> bool {
        let Some(doc) = self.open.get_mut(uri) else {
            return false;
        };
        for change in changes {
            match change.range {
                None => doc.text = change.text,
                Some(range) => {
                    let index = LineIndex::new(&doc.text);
                    let start = index.offset(range.start);
                    let end = index.offset(range.end).max(start);
                    doc.text.replace_range(start..end, &change.text);
                }
            }
        }
        doc.version = version;
        true
    }

    pub fn uris(&self) -> impl Iterator<Item = &Uri> {
        self.open.keys()
    }

    pub fn close(&mut self, uri: &Uri) -> Option<Document> {
        self.open.remove(uri)
    }

    pub fn get(&self, uri: &Uri) -> Option<&Document> {
        self.open.get(uri)
    }
}

/// The language of a document: by its path's extension, as the command line picks it; a
/// buffer with no file name (`untitled:`) by the editor's language id.
fn lang_of(uri: &Uri, path: Option<&std::path::Path>, language_id: &str) -> Option<Lang> {
    let by_name = path
        .map(std::path::PathBuf::from)
        .or_else(|| {
            let name = uri.path().as_str().rsplit('/').next()?;
            Some(PathBuf::from(percent_decode(name)?))
        })
        .and_then(|p| Lang::from_path(&p));
    by_name.or_else(|| {
        let ext = match language_id {
            "typescript" | "typescriptreact" => "ts",
            "python" => "py",
            "go" => "go",
            "java" => "java",
            "csharp" => "cs",
            _ => return None,
        };
        Lang::from_path(std::path::Path::new(&format!("buffer.{ext}")))
    })
}

/// The path of a `file:` URI (`file:///home/a/b%20c.ts` → `/home/a/b c.ts`;
/// `file:///c%3A/x.ts` → `c:/x.ts` on Windows); `None` for other schemes.
pub fn file_path(uri: &Uri) -> Option<PathBuf> {
    if !uri
        .scheme()
        .is_some_and(|s| s.as_str().eq_ignore_ascii_case("file"))
    {
        return None;
    }
    let path = percent_decode(uri.path().as_str())?;
    if cfg!(windows) {
        // `/c:/x` → `c:/x`; `//server/share` (a UNC path, the host in the authority) stays.
        let bytes = path.as_bytes();
        if bytes.len() >= 3 && bytes[0] == b'/' && bytes[2] == b':' {
            return Some(PathBuf::from(&path[1..]));
        }
        if let Some(host) = uri
            .authority()
            .map(|a| a.as_str())
            .filter(|h| !h.is_empty())
        {
            return Some(PathBuf::from(format!("//{host}{path}")));
        }
    }
    Some(PathBuf::from(path))
}

fn percent_decode(s: &str) -> Option<String> {
    percent_encoding::percent_decode_str(s)
        .decode_utf8()
        .ok()
        .map(|s| s.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn uri(s: &str) -> Uri {
        Uri::from_str(s).unwrap()
    }

    #[test]
    fn file_uris_become_paths_and_other_schemes_do_not() {
        assert_eq!(
            file_path(&uri("file:///home/me/my%20stack/main.ts")),
            Some(PathBuf::from("/home/me/my stack/main.ts"))
        );
        assert_eq!(file_path(&uri("untitled:Untitled-1")), None);
    }

    #[test]
    fn the_language_comes_from_the_extension_then_the_language_id() {
        let mut docs = Documents::default();
        docs.open(uri("file:///p/main.py"), "plaintext", 1, String::new());
        docs.open(uri("untitled:Untitled-1"), "typescript", 1, String::new());
        docs.open(uri("file:///p/notes.md"), "markdown", 1, String::new());
        let lang = |u: &str| docs.get(&uri(u)).unwrap().lang;
        assert_eq!(lang("file:///p/main.py"), Some(Lang::Python));
        assert_eq!(lang("untitled:Untitled-1"), Some(Lang::TypeScript));
        assert_eq!(lang("file:///p/notes.md"), None);
    }

    #[test]
    fn ranged_changes_apply_in_order_and_whole_ones_replace() {
        let mut docs = Documents::default();
        let u = uri("file:///p/main.ts");
        docs.open(u.clone(), "typescript", 1, "ä = 1;\nb = 2;\n".into());
        let at = |line, character| lsp_types::Position { line, character };
        let change = |range: Option<(lsp_types::Position, lsp_types::Position)>, text: &str| {
            TextDocumentContentChangeEvent {
                range: range.map(|(start, end)| lsp_types::Range { start, end }),
                range_length: None,
                text: text.into(),
            }
        };
        assert!(docs.change(
            &u,
            2,
            vec![
                change(Some((at(0, 4), at(0, 5))), "10"),
                change(Some((at(1, 0), at(1, 1))), "c"),
            ]
        ));
        assert_eq!(docs.get(&u).unwrap().text, "ä = 10;\nc = 2;\n");
        assert_eq!(docs.get(&u).unwrap().version, 2);
        assert!(docs.change(&u, 3, vec![change(None, "x")]));
        assert_eq!(docs.get(&u).unwrap().text, "x");
        assert!(!docs.change(&uri("file:///p/other.ts"), 1, vec![]));
    }
}
