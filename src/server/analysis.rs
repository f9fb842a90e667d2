//! One document through the engine, as the command line would take the file: its
//! configuration, its transforms, its project's facts, `check` for the findings and `fix` for
//! "fix all". Nothing here speaks the protocol.

use std::path::{Path, PathBuf};

use std::sync::Arc;

use crate::config::{ConfigError, Resolver, Settings};
use crate::engine::file::{
    process_bytes, FileOptions, FileReport, FileStatus, Finding, Mode, Sink, TextEdit,
};
use crate::engine::Engine;
use crate::run::{file_transforms, select_transforms, CliSelection, DEFAULT_MAX_FILE_SIZE};
use crate::suppress::Warning;
use transforms::lang::Lang;

/// The settings that govern `file` (`None`: a buffer with no file): the closest
/// `cdktf-fix.toml` above it up to its repository root, else the working directory's, as the
/// command line finds them. The one place the server finds configuration.
pub fn settings_for(file: Option<&Path>) -> Result<Arc<Settings>, ConfigError> {
    let resolver = Resolver::new(None)?;
    let Some(file) = file else {
        return Ok(resolver.settings(0));
    };
    let (_, settings) = resolver.for_file(file);
    match resolver.error() {
        Some(e) => Err(e),
        None => Ok(settings),
    }
}

/// The engine for a document under `settings`: its transforms (the default set, `select`,
/// `extend-select`, `ignore`, then the test-file and `per-file-ignores` filters for its file),
/// its `unsafe-fixes`.
pub fn engine_for(settings: &Settings, file: Option<&Path>) -> Result<Engine, String> {
    let none = CliSelection {
        select: &[],
        extend_select: &[],
        ignore: &[],
    };
    let base = select_transforms(none, &settings.config)?;
    let transforms = match file {
        Some(file) => file_transforms(&base, settings, file),
        None => base,
    };
    let unsafe_fixes = settings.config.unsafe_fixes;
    Ok(Engine::new(
        transforms,
        settings.config.clone(),
        unsafe_fixes,
    ))
}

/// `fix` on a document: the edits that turn its text into the fixed text.
pub enum FixAll {
    /// Nothing to change.
    Unchanged,
    /// Replacements of the text (spans in it), and how many fixes they apply.
    Edits { edits: Vec<TextEdit>, fixes: usize },
    /// The engine refused the fixes, or could not run; why, for the log.
    Refused(String),
}

/// The path the engine is told the text is at: the file, or a name in the working directory
/// that only gives the language.
fn shown_path(path: Option<&Path>, lang: Lang) -> PathBuf {
    path.map(Path::to_path_buf).unwrap_or_else(|| {
        let ext = match lang {
            Lang::Python => "py",
            Lang::Go => "go",
            _ => "ts",
        };
        PathBuf::from(format!("untitled.{ext}"))
    })
}

/// What `check` reports on a document.
#[derive(Default)]
pub struct Report {
    pub findings: Vec<Finding>,
    /// Suppression comments that name unknown transforms or directives.
    pub warnings: Vec<Warning>,
}

/// Runs the file pipeline on the text, as `--stdin-filename` does (no write), a panic caught.
/// A text larger than the command line's default `--max-file-size` is skipped, as a file is.
fn process(engine: &Engine, text: &str, path: &Path, lang: Lang, mode: Mode) -> FileReport {
    let opts = FileOptions {
        mode,
        max_file_size: DEFAULT_MAX_FILE_SIZE,
        color: false,
    };
    let display = path.to_string_lossy().into_owned();
    // As the command line skips a file over `--max-file-size`'s default.
    if text.len() as u64 > opts.max_file_size {
        return FileReport {
            display,
            status: FileStatus::Skipped {
                reason: format!(
                    "larger than {} bytes: not checked (the command line skips it too)",
                    opts.max_file_size
                ),
                error: false,
            },
            warnings: Vec::new(),
        };
    }
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        process_bytes(
            engine,
            text.as_bytes(),
            Sink::Stdout,
            display.clone(),
            lang,
            &opts,
        )
    }))
    .unwrap_or_else(|_| FileReport {
        display: String::new(),
        status: FileStatus::Failed {
            title: "internal error while checking the file (a transform panicked)".into(),
            help: String::new(),
        },
        warnings: Vec::new(),
    })
}

/// `check` on a document's text: its findings placed in the text, or why it was not checked
/// (a binary file, a transform's panic), for the log.
pub fn check(
    engine: &Engine,
    text: &str,
    path: Option<&Path>,
    lang: Lang,
) -> Result<Report, String> {
    let report = process(engine, text, &shown_path(path, lang), lang, Mode::Check);
    match report.status {
        FileStatus::Checked { findings } => Ok(Report {
            findings,
            warnings: report.warnings,
        }),
        FileStatus::Skipped { reason, .. } => Err(reason),
        FileStatus::Failed { title, .. } => Err(title),
        FileStatus::Fixed { .. } => Err("unexpected fix report".into()),
    }
}

/// `fix` on a document's text: every fix `cdktf-fix fix` would apply to the file (safe ones,
/// unsafe ones too when the configuration says `unsafe-fixes = true`), through the engine's
/// rounds and checks.
pub fn fix_all(engine: &Engine, text: &str, path: Option<&Path>, lang: Lang) -> FixAll {
    let mode = Mode::Fix { dry_run: false };
    match process(engine, text, &shown_path(path, lang), lang, mode).status {
        FileStatus::Fixed { changed: false, .. } => FixAll::Unchanged,
        FileStatus::Fixed { edits, applied, .. } => FixAll::Edits {
            edits,
            fixes: applied.len(),
        },
        FileStatus::Skipped { reason, .. } => FixAll::Refused(reason),
        FileStatus::Failed { title, .. } => FixAll::Refused(title),
        FileStatus::Checked { .. } => FixAll::Refused("unexpected check report".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BARREL: &str =
        "import * as aws from \"@cdktf/provider-aws\";\nnew aws.vpc.Vpc(this, \"v\", {});\n";

    #[test]
    fn a_text_over_the_command_lines_size_limit_is_not_checked() {
        let engine = engine_for(&Settings::new(crate::config::Config::default()), None).unwrap();
        let path = Some(Path::new("/no-such-folder/main.ts"));
        let found = check(&engine, BARREL, path, Lang::TypeScript).unwrap();
        assert_eq!(found.findings.len(), 1);
        assert_eq!(found.findings[0].transform, "provider-imports");
        let huge = format!("{BARREL}{}", " ".repeat(DEFAULT_MAX_FILE_SIZE as usize));
        let why = check(&engine, &huge, path, Lang::TypeScript).err().unwrap();
        assert!(why.contains("larger than"), "{why}");
        assert!(matches!(
            fix_all(&engine, &huge, path, Lang::TypeScript),
            FixAll::Refused(_)
        ));
    }

    #[test]
    fn a_buffer_without_a_file_is_checked_by_its_language() {
        let engine = engine_for(&Settings::new(crate::config::Config::default()), None).unwrap();
        let found = check(&engine, BARREL, None, Lang::TypeScript).unwrap();
        assert_eq!(found.findings.len(), 1);
        match fix_all(&engine, BARREL, None, Lang::TypeScript) {
            FixAll::Edits { fixes, .. } => assert_eq!(fixes, 1),
            _ => panic!("fix all should change the buffer"),
        }
    }
}
