//! The languages cdktf-fix reads, picked by file extension.

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

    /// The language of a path, by extension; `None` for files cdktf-fix does not read.
    pub fn from_path(path: &Path) -> Option<Lang> {
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

    pub fn grammar(self) -> SupportLang {
        match self {
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
        }
    }

    /// TypeScript and TSX share every transform.
    pub fn is_typescript(self) -> bool {
        matches!(self, Lang::TypeScript | Lang::Tsx)
    }

    /// The token that starts a line comment.
    pub fn line_comment(self) -> &'static str {
        match self {
            Lang::Python => "#",
            _ => "//",
        }
    }
}
