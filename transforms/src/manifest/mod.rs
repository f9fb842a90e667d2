//! Dependency manifests: the files that name a project's packages (`package.json`,
//! `requirements.txt`, `go.mod`, `pom.xml`, ...). They are not source languages: the engine gives
//! them a [`crate::lang::Lang::Manifest`], no syntax tree, and asks [`Manifest::errors`] where a
//! tree-sitter grammar would count ERROR nodes, so a rewritten manifest that no longer parses is
//! refused like a broken source file.
//!
//! Adding a kind: a variant here (its file names in [`Manifest::from_path`], its name, comment
//! token and parser in [`Manifest::errors`]), and the rule that rewrites it.

pub mod gradle;
pub mod json;
pub mod xml;

use std::ops::Range;
use std::path::Path;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Manifest {
    /// npm's `package.json`.
    PackageJson,
    /// The CDKTF CLI's project file (the cdktn CLI reads it under the same name).
    CdktfJson,
    /// pip's `requirements*.txt` (and pip-compile's `requirements*.in`).
    Requirements,
    /// pipenv's `Pipfile` (TOML).
    Pipfile,
    /// `pyproject.toml` (PEP 621 `[project]` or Poetry's tables).
    PyProject,
    /// Go's `go.mod`.
    GoMod,
    /// Maven's `pom.xml`.
    Pom,
    /// An MSBuild C# project, `*.csproj`.
    Csproj,
    /// A Gradle build script: `build.gradle` (Groovy) or `build.gradle.kts` (Kotlin).
    Gradle,
    /// A Gradle version catalog: `gradle/libs.versions.toml` (any `*.versions.toml`).
    GradleCatalog,
}

impl Manifest {
    pub const ALL: &'static [Manifest] = &[
        Manifest::PackageJson,
        Manifest::CdktfJson,
        Manifest::Requirements,
        Manifest::Pipfile,
        Manifest::PyProject,
        Manifest::GoMod,
        Manifest::Pom,
        Manifest::Csproj,
        Manifest::Gradle,
        Manifest::GradleCatalog,
    ];

    /// The manifest kind of a path, by its file name.
    pub fn from_path(path: &Path) -> Option<Manifest> {
        let name = path.file_name()?.to_str()?;
        Some(match name {
            "package.json" => Manifest::PackageJson,
            "cdktf.json" => Manifest::CdktfJson,
            "Pipfile" => Manifest::Pipfile,
            "pyproject.toml" => Manifest::PyProject,
            "go.mod" => Manifest::GoMod,
            "pom.xml" => Manifest::Pom,
            "build.gradle" | "build.gradle.kts" => Manifest::Gradle,
            // `requirements.in`: what pip-compile compiles a requirements.txt from.
            n if n.starts_with("requirements") && (n.ends_with(".txt") || n.ends_with(".in")) => {
                Manifest::Requirements
            }
            n if n.ends_with(".csproj") && n.len() > ".csproj".len() => Manifest::Csproj,
            n if n.ends_with(".versions.toml") && n.len() > ".versions.toml".len() => {
                Manifest::GradleCatalog
            }
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            Manifest::PackageJson => "package.json",
            Manifest::CdktfJson => "cdktf.json",
            Manifest::Requirements => "requirements.txt",
            Manifest::Pipfile => "Pipfile",
            Manifest::PyProject => "pyproject.toml",
            Manifest::GoMod => "go.mod",
            Manifest::Pom => "pom.xml",
            Manifest::Csproj => "csproj",
            Manifest::Gradle => "build.gradle",
            Manifest::GradleCatalog => "libs.versions.toml",
        }
    }

    /// The token a suppression comment follows (JSON has no comments: `//` never matches).
    pub fn line_comment(self) -> &'static str {
        match self {
            Manifest::Requirements
            | Manifest::Pipfile
            | Manifest::PyProject
            | Manifest::GradleCatalog => "#",
            Manifest::Pom | Manifest::Csproj => "<!--",
            Manifest::PackageJson | Manifest::CdktfJson | Manifest::GoMod | Manifest::Gradle => {
                "//"
            }
        }
    }

    /// Where the text fails to parse as this kind of file: empty when it parses. One range (the
    /// rest of the text from the first error) is enough: the engine compares counts.
    pub fn errors(self, text: &str) -> Vec<Range<usize>> {
        let at = match self {
            Manifest::PackageJson | Manifest::CdktfJson => {
                serde_json::from_str::<serde_json::Value>(text)
                    .err()
                    .map(|e| offset_of(text, e.line(), e.column()))
            }
            Manifest::Pipfile | Manifest::PyProject | Manifest::GradleCatalog => text
                .parse::<toml::Table>()
                .err()
                .map(|e| e.span().map_or(0, |s| s.start)),
            Manifest::Pom | Manifest::Csproj => xml::parse(text).err().map(|e| e.at),
            Manifest::GoMod => go_mod_error(text),
            Manifest::Gradle => gradle::literals(text).err(),
            // Every line of a requirements file is something pip reads or rejects by itself.
            Manifest::Requirements => None,
        };
        at.map(|a| std::iter::once(a.min(text.len())..text.len()).collect())
            .unwrap_or_default()
    }
}

/// The byte offset of a 1-based line and column (serde_json's error position).
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    (start + column.saturating_sub(1)).min(text.len())
}

/// `go.mod`: every parenthesized block is closed, and no block opens inside another.
fn go_mod_error(text: &str) -> Option<usize> {
    let mut open: Option<usize> = None;
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        let code = line.split("//").next().unwrap_or("").trim();
        if code.ends_with('(') {
            if open.is_some() {
                return Some(pos);
            }
            open = Some(pos);
        } else if code == ")" && open.take().is_none() {
            return Some(pos);
        }
        pos += line.len();
    }
    open
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_are_recognised_by_file_name_only() {
        let m = |p: &str| Manifest::from_path(Path::new(p));
        assert_eq!(m("a/package.json"), Some(Manifest::PackageJson));
        assert_eq!(m("cdktf.json"), Some(Manifest::CdktfJson));
        assert_eq!(m("requirements.txt"), Some(Manifest::Requirements));
        assert_eq!(m("requirements-dev.txt"), Some(Manifest::Requirements));
        assert_eq!(m("requirements.in"), Some(Manifest::Requirements));
        assert_eq!(m("x/Pipfile"), Some(Manifest::Pipfile));
        assert_eq!(m("pyproject.toml"), Some(Manifest::PyProject));
        assert_eq!(m("go.mod"), Some(Manifest::GoMod));
        assert_eq!(m("pom.xml"), Some(Manifest::Pom));
        assert_eq!(m("src/App.csproj"), Some(Manifest::Csproj));
        assert_eq!(m("build.gradle"), Some(Manifest::Gradle));
        assert_eq!(m("app/build.gradle.kts"), Some(Manifest::Gradle));
        assert_eq!(
            m("gradle/libs.versions.toml"),
            Some(Manifest::GradleCatalog)
        );
        for other in [
            "tsconfig.json",
            "package-lock.json",
            "go.sum",
            "Pipfile.lock",
            "settings.gradle",
            ".versions.toml",
            "x.txt",
        ] {
            assert_eq!(m(other), None, "{other}");
        }
    }

    #[test]
    fn each_kind_reports_text_that_does_not_parse() {
        let cases: &[(Manifest, &str, &str)] = &[
            (Manifest::PackageJson, "{\"a\": 1}\n", "{\"a\": 1,}\n"),
            (
                Manifest::Pipfile,
                "[packages]\ncdktn = \"*\"\n",
                "[packages\n",
            ),
            (
                Manifest::PyProject,
                "[project]\nname = \"x\"\n",
                "name = \n",
            ),
            (
                Manifest::Pom,
                "<project><a>1</a></project>\n",
                "<project><a>1</b></project>\n",
            ),
            (
                Manifest::GoMod,
                "module x\nrequire (\n\ta v1\n)\n",
                "module x\nrequire (\n\ta v1\n",
            ),
            (
                Manifest::Gradle,
                "dependencies {\n  implementation 'a:b:1'\n}\n",
                "dependencies {\n  implementation 'a:b:1\n}\n",
            ),
        ];
        for (kind, good, bad) in cases {
            assert!(kind.errors(good).is_empty(), "{kind:?}: {good}");
            assert_eq!(kind.errors(bad).len(), 1, "{kind:?}: {bad}");
        }
        assert_eq!(offset_of("ab\ncd", 2, 2), 4);
    }
}
