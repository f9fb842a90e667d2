//! One file through the pipeline: read, decode, prefilter, fix or check, verify, write or diff.
//! Runs on a worker thread and returns a [`FileReport`]; it never prints.

use std::path::Path;

use crate::engine::gomod::GoMod;
use crate::engine::write::{write_atomic, WriteError};
use crate::engine::{Applied, Engine};
use crate::lang::Lang;
use crate::report::diff;
use crate::source::{line_col, SourceText};
use crate::suppress::{Suppressions, Warning};
use crate::transforms::{Diagnostic, Safety};

/// What the run does with each file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Check,
    Fix { dry_run: bool },
}

/// Per-run options for the file pipeline.
#[derive(Clone, Debug)]
pub struct FileOptions {
    pub mode: Mode,
    pub max_file_size: u64,
    pub color: bool,
}

/// A diagnostic placed in the file as it was read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub rule: &'static str,
    pub line: usize,
    pub column: usize,
    pub message: String,
    /// The safety of the diagnostic's fix, if it has one.
    pub fix: Option<Safety>,
}

#[derive(Debug)]
pub enum FileStatus {
    /// Not a file for the transforms; `error` when the user should act on it (exit 2).
    Skipped { reason: String, error: bool },
    /// The file was read but nothing was written: a refused fix or a failed write (exit 2).
    Failed { title: String, help: String },
    /// `check`: what the transforms report.
    Checked { findings: Vec<Finding> },
    /// `fix`: what was applied, what remains, and what goes to stdout: the patch (`--dry-run`)
    /// or, for `--stdin-filename`, the whole fixed source.
    Fixed {
        applied: Vec<Applied>,
        remaining: Vec<Finding>,
        output: Option<String>,
        changed: bool,
    },
}

#[derive(Debug)]
pub struct FileReport {
    /// The path as shown to the user, `/`-separated.
    pub display: String,
    pub status: FileStatus,
    /// Suppression comments that name unknown transforms or directives.
    pub warnings: Vec<Warning>,
}

fn findings(text: &str, diagnostics: &[Diagnostic]) -> Vec<Finding> {
    diagnostics
        .iter()
        .map(|d| {
            let (line, column) = line_col(text, d.range.start);
            Finding {
                rule: d.rule,
                line,
                column,
                message: d.message.clone(),
                fix: d.fix.as_ref().map(|f| f.safety),
            }
        })
        .collect()
}

/// Runs the engine over one file.
pub fn process(
    engine: &Engine,
    path: &Path,
    display: String,
    lang: Lang,
    opts: &FileOptions,
) -> FileReport {
    match read(path, opts) {
        Ok(bytes) => process_bytes(engine, &bytes, Sink::File(path), display, lang, opts),
        Err(status) => FileReport {
            display,
            status,
            warnings: Vec::new(),
        },
    }
}

fn skipped(reason: impl Into<String>, error: bool) -> FileStatus {
    FileStatus::Skipped {
        reason: reason.into(),
        error,
    }
}

fn read(path: &Path, opts: &FileOptions) -> Result<Vec<u8>, FileStatus> {
    // One open, one fstat, one read: a walk over thousands of files that need nothing costs
    // little more than reading them (bench/run.sh compares with ripgrep).
    match read_limited(path, opts.max_file_size) {
        Ok(Ok(bytes)) => Ok(bytes),
        Ok(Err(len)) => Err(skipped(
            format!(
                "file is larger than --max-file-size ({len} > {} bytes)",
                opts.max_file_size
            ),
            false,
        )),
        Err(e) => Err(skipped(format!("cannot read: {e}"), true)),
    }
}

/// The file's bytes, or its length when that is over `max` (then nothing is read).
fn read_limited(path: &Path, max: u64) -> std::io::Result<Result<Vec<u8>, u64>> {
    use std::io::Read;
    let file = std::fs::File::open(path)?;
    let len = file.metadata()?.len();
    if len > max {
        return Ok(Err(len));
    }
    let mut bytes = Vec::with_capacity(len as usize + 1);
    // Through `take`: `File::read_to_end` would fstat and seek again for its size hint. The
    // limit holds even if the file grows while it is read.
    file.take(max.saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max {
        return Ok(Err(bytes.len() as u64));
    }
    Ok(Ok(bytes))
}

/// Where a fixed source goes.
#[derive(Clone, Copy)]
pub enum Sink<'a> {
    /// Written over the file (atomically), or shown as a patch with `--dry-run`.
    File(&'a Path),
    /// Printed whole on stdout (`--stdin-filename`), changed or not.
    Stdout,
}

/// Runs the engine over a source already read.
pub fn process_bytes(
    engine: &Engine,
    bytes: &[u8],
    sink: Sink,
    display: String,
    lang: Lang,
    opts: &FileOptions,
) -> FileReport {
    let source = match SourceText::decode(bytes) {
        Ok(s) => s,
        Err(e) => {
            let error = !matches!(e, crate::source::Unreadable::Binary);
            return FileReport {
                display,
                status: skipped(e.to_string(), error),
                warnings: Vec::new(),
            };
        }
    };
    let warnings = Suppressions::parse(lang, &source.text).warnings;
    let status = process_text(engine, bytes, &source, sink, &display, lang, opts);
    FileReport {
        display,
        status,
        warnings,
    }
}

fn process_text(
    engine: &Engine,
    bytes: &[u8],
    source: &SourceText,
    sink: Sink,
    display: &str,
    lang: Lang,
    opts: &FileOptions,
) -> FileStatus {
    // A Go file's transforms may need its module's requirements: read once per file, and only
    // when some transform will look at the file.
    let go_mod = match (lang, sink) {
        (Lang::Go, _) if engine.candidates(lang, &source.text).is_empty() => None,
        (Lang::Go, Sink::File(path)) => GoMod::nearest(path),
        (Lang::Go, Sink::Stdout) => GoMod::nearest(Path::new(display)),
        _ => None,
    };
    let go_mod = go_mod.as_ref();
    match opts.mode {
        Mode::Check => FileStatus::Checked {
            findings: findings(&source.text, &engine.check_in(lang, &source.text, go_mod)),
        },
        Mode::Fix { dry_run } => {
            let fixed = match engine.fix_in(lang, &source.text, go_mod) {
                Ok(f) => f,
                Err(refused) => {
                    return FileStatus::Failed {
                        title: format!("{refused}; the file is left unchanged"),
                        help: "this is a cdktf-fix bug: please report it with the file, and use --ignore on the transforms named to fix the rest".into(),
                    }
                }
            };
            let changed = fixed.changed(&source.text);
            let remaining = findings(&fixed.text, &fixed.remaining);
            let mut output = None;
            // `bytes` is valid UTF-8: it decoded above.
            let old = std::str::from_utf8(bytes).unwrap_or_default();
            let new_text = source.encode(&fixed.text);
            if changed && dry_run {
                let p = diff::unified(display, old, &new_text);
                output = Some(if opts.color { diff::colorize(&p) } else { p });
            } else if let Sink::Stdout = sink {
                output = Some(new_text);
            } else if let (true, Sink::File(path)) = (changed, sink) {
                if let Err(e) = write_atomic(path, bytes, new_text.as_bytes()) {
                    let help = match e {
                        WriteError::ChangedOnDisk => {
                            "run cdktf-fix again once nothing else edits the file"
                        }
                        WriteError::ReadOnly => "make the file writable to let cdktf-fix fix it",
                        WriteError::Io(_) => "check the directory's permissions and free space",
                    };
                    return FileStatus::Failed {
                        title: e.to_string(),
                        help: help.into(),
                    };
                }
            }
            FileStatus::Fixed {
                applied: fixed.applied,
                remaining,
                output,
                changed,
            }
        }
    }
}
