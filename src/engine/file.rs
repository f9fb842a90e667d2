//! One file through the pipeline: read, decode, prefilter, fix or check, verify, write or diff.
//! Runs on a worker thread and returns a [`FileReport`]; it never prints.

use std::borrow::Cow;
use std::path::Path;

use crate::engine::patch;
use crate::engine::write::{write_atomic, WriteError};
use crate::engine::{Engine, FileFacts, FilePlan};
use crate::project;
use crate::suppress::Warning;
use transforms::gomod::GoMod;
use transforms::lang::Lang;
use transforms::source::{SourceText, BOM};
use transforms::{Diagnostic, Edit, Safety};

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

/// A place in a file: 1-based line and column (in characters; a BOM is not one), and the byte
/// offset in the file's bytes (a UTF-8 BOM counts).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pos {
    pub line: usize,
    pub column: usize,
    pub offset: usize,
}

/// A region of a file; `end` is exclusive (the place after its last character).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Span {
    pub start: Pos,
    pub end: Pos,
}

/// A replacement of a region of a file by `text`, placed like [`Span`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TextEdit {
    pub span: Span,
    pub text: String,
}

/// A diagnostic placed in a file: `check`, the file as read; `fix`, the file as fixed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub transform: &'static str,
    pub line: usize,
    pub column: usize,
    pub message: String,
    /// The safety of the diagnostic's fix, if it has one.
    pub fix: Option<Safety>,
    pub span: Span,
    /// The fix's edits, in the same file as `span` (empty without a fix).
    pub edits: Vec<TextEdit>,
}

/// A fix `fix` applied (or would apply, with `--dry-run`), placed in the file as read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AppliedFix {
    pub transform: &'static str,
    pub message: String,
    pub safety: Safety,
    pub span: Span,
    /// Its edits in the file as read; `None` when it rewrote text an earlier round's fix wrote
    /// (the file's `edits` hold every change).
    pub edits: Option<Vec<TextEdit>>,
}

/// Line starts of a file's text, to place byte offsets.
pub struct LineIndex<'a> {
    /// The whole file (with its BOM, if any).
    text: &'a str,
    starts: Vec<usize>,
    bom: usize,
    /// The last place counted: (line start, offset, characters between them). Places are asked
    /// for in increasing order, so a long line is counted once, not once per finding on it (a
    /// 10 MiB one-line file holds tens of thousands of findings).
    last: std::cell::Cell<(usize, usize, usize)>,
}

impl<'a> LineIndex<'a> {
    /// `text` is the whole file; `bom` whether it starts with a UTF-8 BOM.
    pub fn new(text: &'a str) -> LineIndex<'a> {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        let bom = if text.starts_with(BOM) { BOM.len() } else { 0 };
        LineIndex {
            text,
            starts,
            bom,
            last: std::cell::Cell::new((0, 0, 0)),
        }
    }

    /// The place of a byte offset of the file.
    pub fn pos(&self, offset: usize) -> Pos {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset);
        let start = self.starts[line - 1].max(if line == 1 { self.bom } else { 0 });
        let offset_in_line = offset.max(start);
        let (last_start, last_offset, last_chars) = self.last.get();
        let chars = if last_start == start && last_offset <= offset_in_line {
            last_chars + self.text[last_offset..offset_in_line].chars().count()
        } else {
            self.text[start..offset_in_line].chars().count()
        };
        self.last.set((start, offset_in_line, chars));
        let column = chars + 1;
        Pos {
            line,
            column,
            offset,
        }
    }

    /// A byte range of the BOM-less text the transforms see, placed in the file.
    pub fn span(&self, range: &std::ops::Range<usize>) -> Span {
        Span {
            start: self.pos(range.start + self.bom),
            end: self.pos(range.end + self.bom),
        }
    }

    /// Transform edits (on the BOM-less text), placed in the file.
    pub fn edits(&self, edits: &[Edit]) -> Vec<TextEdit> {
        edits
            .iter()
            .map(|e| TextEdit {
                span: self.span(&e.range),
                text: e.text.clone(),
            })
            .collect()
    }
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
        applied: Vec<AppliedFix>,
        remaining: Vec<Finding>,
        output: Option<String>,
        changed: bool,
        /// Every change, as replacements of the file as read (empty when nothing changed).
        edits: Vec<TextEdit>,
        /// The change as an uncoloured unified diff, when something changed (reports show it).
        patch: Option<String>,
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

/// Places diagnostics in `file`, the whole file they were found in (BOM included).
fn findings(file: &str, diagnostics: &[Diagnostic]) -> Vec<Finding> {
    if diagnostics.is_empty() {
        return Vec::new();
    }
    let index = LineIndex::new(file);
    diagnostics
        .iter()
        .map(|d| {
            let span = index.span(&d.range);
            Finding {
                transform: d.transform,
                line: span.start.line,
                column: span.start.column,
                message: d.message.clone(),
                fix: d.fix.as_ref().map(|f| f.safety),
                span,
                edits: d
                    .fix
                    .as_ref()
                    .map(|f| index.edits(&f.edits))
                    .unwrap_or_default(),
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
    let bytes = match read(path, opts) {
        Ok(bytes) => bytes,
        Err(status) => {
            return FileReport {
                display,
                status,
                warnings: Vec::new(),
            }
        }
    };
    // A transform that panics on one odd file costs that file (left as it was: nothing is
    // written before the fixes are verified), not the run.
    let shown = display.clone();
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        process_source(engine, Cow::Owned(bytes), Sink::File(path), display, lang, opts)
    }))
    .unwrap_or_else(|panic| {
        let what = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        FileReport {
            display: shown,
            status: FileStatus::Failed {
                title: format!("internal error while processing the file ({what}); the file is left unchanged"),
                help: "this is a cdktf-fix bug: please report it with the file, and use --ignore on the transform named in the panic message to fix the rest".into(),
            },
            warnings: Vec::new(),
        }
    })
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
    process_source(engine, Cow::Borrowed(bytes), sink, display, lang, opts)
}

/// [`process_bytes`], given the bytes to keep or to drop.
fn process_source(
    engine: &Engine,
    bytes: Cow<[u8]>,
    sink: Sink,
    display: String,
    lang: Lang,
    opts: &FileOptions,
) -> FileReport {
    let source = match SourceText::decode(&bytes) {
        Ok(s) => s,
        Err(e) => {
            let error = !matches!(e, transforms::source::Unreadable::Binary);
            return FileReport {
                display,
                status: skipped(e.to_string(), error),
                warnings: Vec::new(),
            };
        }
    };
    // Without a BOM the decoded text is the file as read, byte for byte: the bytes read are
    // dropped rather than kept beside it (on a large file, one copy of it less for as long as the
    // file is checked or fixed: BENCHMARKS.md, issue 24).
    let bytes: Cow<[u8]> = if source.bom {
        bytes
    } else {
        debug_assert_eq!(source.text.as_bytes(), &*bytes);
        drop(bytes);
        Cow::Borrowed(source.text.as_bytes())
    };
    let mut plan = engine.plan(lang, &source.text);
    // The report carries the suppression warnings; the engine needs only the directives.
    let warnings = std::mem::take(&mut plan.suppressions.warnings);
    let status = process_text(engine, &bytes, &source, plan, sink, &display, opts);
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
    plan: FilePlan,
    sink: Sink,
    display: &str,
    opts: &FileOptions,
) -> FileStatus {
    let lang = plan.lang;
    // A Go file's transforms may need its module's requirements: read once per file, and only
    // when some transform will look at the file.
    let go_mod = match (lang, sink) {
        (Lang::Go, _) if plan.transforms.is_empty() => None,
        (Lang::Go, Sink::File(path)) => GoMod::nearest(path),
        (Lang::Go, Sink::Stdout) => GoMod::nearest(Path::new(display)),
        _ => None,
    };
    let go_mod = go_mod.as_ref();
    // The project's facts (its tests' provider mocks, the provider versions it pins, the
    // packages it declares), for the transforms that read them (read once per project).
    let reads_project = plan.transforms.iter().any(|t| t.meta().reads_project);
    // Otherwise its style only, for what the transforms write into TypeScript and Python.
    let path = if let Sink::File(p) = sink {
        p
    } else {
        Path::new(display)
    };
    let project = if reads_project {
        project::facts_for(path)
    } else if project::reads_style(lang) && !plan.transforms.is_empty() {
        project::style_for(path)
    } else {
        Default::default()
    };
    // Where the project's `cdktf.json` has `cdktn get` write bindings, seen from this file.
    let app = project.app.as_ref().map(|a| a.for_file(path));
    let facts = FileFacts {
        go_mod,
        project: &project,
        app: app.as_ref(),
    };
    // `bytes` is valid UTF-8: it decoded above.
    let old = std::str::from_utf8(bytes).unwrap_or_default();
    match opts.mode {
        Mode::Check => FileStatus::Checked {
            findings: findings(old, &engine.check_planned(&source.text, plan, facts)),
        },
        Mode::Fix { dry_run } => {
            let fixed = match engine.fix_planned(&source.text, plan, facts) {
                Ok(f) => f,
                Err(refused) => {
                    return FileStatus::Failed {
                        title: format!("{refused}; the file is left unchanged"),
                        help: "this is a cdktf-fix bug: please report it with the file, and use --ignore on the transforms named to fix the rest".into(),
                    }
                }
            };
            let changed = fixed.changed(&source.text);
            let new_text = source.encode(&fixed.text);
            let remaining = findings(&new_text, &fixed.remaining);
            if !changed && fixed.applied.is_empty() && !matches!(sink, Sink::Stdout) {
                return FileStatus::Fixed {
                    applied: Vec::new(),
                    remaining,
                    output: None,
                    changed,
                    edits: Vec::new(),
                    patch: None,
                };
            }
            let index = LineIndex::new(old);
            let applied = fixed
                .applied
                .iter()
                .map(|a| AppliedFix {
                    transform: a.transform,
                    message: a.message.clone(),
                    safety: a.safety,
                    span: index.span(&a.range),
                    edits: a.original_edits.as_ref().map(|e| index.edits(e)),
                })
                .collect();
            let mut output = None;
            let (edits, patch) = if changed {
                let (edits, unified) = patch::edits_and_unified(display, old, &new_text);
                let edits = edits
                    .into_iter()
                    .map(|(range, text)| TextEdit {
                        span: Span {
                            start: index.pos(range.start),
                            end: index.pos(range.end),
                        },
                        text,
                    })
                    .collect();
                (edits, Some(unified))
            } else {
                (Vec::new(), None)
            };
            if let (true, Some(p)) = (dry_run, &patch) {
                output = Some(if opts.color {
                    patch::colorize(p)
                } else {
                    p.clone()
                });
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
                applied,
                remaining,
                output,
                changed,
                edits,
                patch,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use transforms::{Context, ParsedFile, Transform, TransformMeta};

    #[test]
    fn positions_count_characters_and_offsets_count_file_bytes() {
        let file = "\u{feff}ab\r\néx y";
        let index = LineIndex::new(file);
        let at = |o| {
            let p = index.pos(o);
            (p.line, p.column, p.offset)
        };
        assert_eq!(at(3), (1, 1, 3), "the BOM is not a column");
        assert_eq!(at(5), (1, 3, 5));
        assert_eq!(at(7), (2, 1, 7));
        let y = file.find('y').unwrap();
        assert_eq!(at(y), (2, 4, y));
        // Asked again, and backwards: the cache of the last place changes nothing.
        assert_eq!(at(5), (1, 3, 5));
        assert_eq!(at(y), (2, 4, y));
        assert_eq!(at(7), (2, 1, 7));
        // Offsets of the BOM-less text the transforms see are shifted by the BOM.
        let span = index.span(&(0..2));
        assert_eq!(
            (span.start.offset, span.end.offset, span.end.column),
            (3, 5, 3)
        );
    }

    struct Panics;
    static META: TransformMeta = TransformMeta {
        id: "panics",
        kind: transforms::Kind::Defect,
        summary: "",
        languages: &[Lang::TypeScript],
        fixes: &[Safety::Safe],
        triggers: &["boom"],
        reads_project: false,
        docs: "",
    };
    impl Transform for Panics {
        fn meta(&self) -> &'static TransformMeta {
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
