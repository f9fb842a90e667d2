//! One document through the engine, as the command line would take the file: its
//! configuration, its transforms, its project's facts, `check` for the findings and `fix` for
//! "fix all". Nothing here speaks the protocol.

use std::path::{Path, PathBuf};

use crate::config::{Config, ConfigError};
use crate::engine::file::{
    process_bytes, FileOptions, FileReport, FileStatus, Finding, Mode, Sink, TextEdit,
};
use crate::engine::Engine;
use crate::run::{select_transforms, DEFAULT_MAX_FILE_SIZE};
use crate::suppress::Warning;
use transforms::lang::Lang;

/// The configuration that applies to `file` (`None`: a buffer with no file; the working
/// directory's). The one place the server finds configuration: it finds it as
/// `--stdin-filename` does.
pub fn config_for(file: Option<&Path>) -> Result<Config, ConfigError> {
    match file {
        Some(file) => Config::discover_near(file),
        None => Config::discover(),
    }
}

/// The engine for a configuration: its transforms (`select`, `ignore`), its `unsafe-fixes`.
pub fn engine_for(config: Config) -> Result<Engine, String> {
    let transforms = select_transforms(&[], &[], &config)?;
    let unsafe_fixes = config.unsafe_fixes;
    Ok(Engine::new(transforms, config, unsafe_fixes))
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
fn process(engine: &Engine, text: &str, path: &Path, lang: Lang, mode: Mode) -> FileReport {
    let opts = FileOptions {
        mode,
        max_file_size: DEFAULT_MAX_FILE_SIZE,
        color: false,
    };
    let display = path.to_string_lossy().into_owned();
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
