//! One file through the pipeline: read, decode, prefilter, fix or check, verify, write or diff.
//! Runs on a worker thread and returns a [`FileReport`]; it never prints.

use std::path::Path;

use crate::engine::write::{write_atomic, WriteError};
use crate::engine::{Applied, Engine};
use crate::lang::Lang;
use crate::report::diff;
use crate::source::{line_cols, SourceText};
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
}

fn findings(text: &str, diagnostics: &[Diagnostic]) -> Vec<Finding> {
    let starts: Vec<usize> = diagnostics.iter().map(|d| d.range.start).collect();
    diagnostics
        .iter()
        .zip(line_cols(text, &starts))
        .map(|(d, (line, column))| Finding {
            rule: d.rule,
            line,
            column,
            message: d.message.clone(),
            fix: d.fix.as_ref().map(|f| f.safety),
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
    // A transform that panics on one odd file costs that file (left as it was: nothing is
    // written before the fixes are verified), not the run.
    let status = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        process_status(engine, path, &display, lang, opts)
    }))
    .unwrap_or_else(|panic| {
        let what = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        FileStatus::Failed {
            title: format!("internal error while processing the file ({what}); the file is left unchanged"),
            help: "this is a cdktf-fix bug: please report it with the file, and use --ignore on the transform named in the panic message to fix the rest".into(),
        }
    });
    FileReport { display, status }
}

fn skipped(reason: impl Into<String>, error: bool) -> FileStatus {
    FileStatus::Skipped {
        reason: reason.into(),
        error,
    }
}

fn process_status(
    engine: &Engine,
    path: &Path,
    display: &str,
    lang: Lang,
    opts: &FileOptions,
) -> FileStatus {
    match std::fs::metadata(path) {
        Ok(m) if m.len() > opts.max_file_size => {
            return skipped(
                format!(
                    "file is larger than --max-file-size ({} > {} bytes)",
                    m.len(),
                    opts.max_file_size
                ),
                false,
            )
        }
        Ok(_) => {}
        Err(e) => return skipped(format!("cannot read: {e}"), true),
    }
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => return skipped(format!("cannot read: {e}"), true),
    };
    process_bytes(engine, &bytes, Sink::File(path), display, lang, opts)
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
    display: &str,
    lang: Lang,
    opts: &FileOptions,
) -> FileStatus {
    let source = match SourceText::decode(bytes) {
        Ok(s) => s,
        Err(e @ crate::source::Unreadable::Binary) => return skipped(e.to_string(), false),
        Err(e) => return skipped(e.to_string(), true),
    };
    match opts.mode {
        Mode::Check => FileStatus::Checked {
            findings: findings(&source.text, &engine.check(lang, &source.text)),
        },
        Mode::Fix { dry_run } => {
            let fixed = match engine.fix(lang, &source.text) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::transforms::{Context, ParsedFile, Rule, RuleMeta};

    struct Panics;
    static META: RuleMeta = RuleMeta {
        id: "panics",
        summary: "",
        languages: &[Lang::TypeScript],
        fixes: &[Safety::Safe],
        triggers: &["boom"],
        docs: "",
    };
    impl Rule for Panics {
        fn meta(&self) -> &'static RuleMeta {
            &META
        }
        fn check(&self, _: &ParsedFile, _: &Context, _: &mut Vec<Diagnostic>) {
            panic!("boom");
        }
    }

    #[test]
    fn a_panicking_transform_fails_its_file_and_leaves_it_unchanged() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.ts");
        std::fs::write(&path, "const boom = 1;\n").unwrap();
        let engine = Engine::new(vec![&Panics], Config::default(), false);
        let opts = FileOptions {
            mode: Mode::Fix { dry_run: false },
            max_file_size: u64::MAX,
            color: false,
        };
        let report = process(&engine, &path, "a.ts".into(), Lang::TypeScript, &opts);
        match report.status {
            FileStatus::Failed { title, .. } => assert!(title.contains("boom"), "{title}"),
            other => panic!("{other:?}"),
        }
        assert_eq!(std::fs::read(&path).unwrap(), b"const boom = 1;\n");
    }
}
