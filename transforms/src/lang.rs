//! The languages cdktf-fix reads, picked by file extension, and the dependency manifests
//! (`package.json`, `go.mod`, ...) that only `migrate-cdktn` reads, picked by file name.

use std::path::Path;

use ast_grep_language::SupportLang;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Lang {
    TypeScript,
    Tsx,
    Python,
    Go,
    Java,
    CSharp,
    /// A dependency manifest: not a source language (no syntax tree; [`crate::manifest`] checks
    /// that a rewritten one still parses). Walked only when a selected rule declares it.
    Manifest(crate::manifest::Manifest),
}

impl Lang {
    pub const ALL: &'static [Lang] = &[
        Lang::TypeScript,
        Lang::Tsx,
        Lang::Python,
        Lang::Go,
        Lang::Java,
        Lang::CSharp,
    ];

    /// The language of a path, by extension (a manifest by its file name); `None` for files
    /// cdktf-fix does not read.
    pub fn from_path(path: &Path) -> Option<Lang> {
        if let Some(m) = crate::manifest::Manifest::from_path(path) {
            return Some(Lang::Manifest(m));
        }
        let ext = path.extension()?.to_str()?;
        Some(match ext {
            "ts" | "mts" | "cts" => Lang::TypeScript,
            "tsx" => Lang::Tsx,
            "py" => Lang::Python,
            "go" => Lang::Go,
            "java" => Lang::Java,
            "cs" => Lang::CSharp,
            _ => return None,
        })
    }

    /// The tree-sitter grammar. A manifest has none: its [`crate::ParsedFile`] holds
    /// an empty tree of this grammar, and the rule reads its text.
    pub fn grammar(self) -> SupportLang {
        match self {
            Lang::Manifest(_) => SupportLang::TypeScript,
            Lang::TypeScript => SupportLang::TypeScript,
            Lang::Tsx => SupportLang::Tsx,
            Lang::Python => SupportLang::Python,
            Lang::Go => SupportLang::Go,
            Lang::Java => SupportLang::Java,
            Lang::CSharp => SupportLang::CSharp,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Lang::TypeScript => "typescript",
            Lang::Tsx => "tsx",
            Lang::Python => "python",
            Lang::Go => "go",
            Lang::Java => "java",
            Lang::CSharp => "csharp",
            Lang::Manifest(m) => m.name(),
        }
    }

    /// TypeScript and TSX share every transform.
    pub fn is_typescript(self) -> bool {
        matches!(self, Lang::TypeScript | Lang::Tsx)
    }

    /// A dependency manifest rather than source code.
    pub fn is_manifest(self) -> bool {
        matches!(self, Lang::Manifest(_))
    }

    /// The token that starts a line comment.
    pub fn line_comment(self) -> &'static str {
        match self {
            Lang::Python => "#",
            Lang::Manifest(m) => m.line_comment(),
            _ => "//",
        }
    }
}
