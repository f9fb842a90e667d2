//! Turning per-file results into what the user reads: one consumer, in path order.
//!
//! [`Reporter`] receives every [`FileReport`] on the printing thread, keeps the totals shared by
//! all formats ([`text::Totals`]: summary line, exit code) and the per-transform
//! [`Statistics`], and hands the report to the chosen [`Format`]: `text` and `github` print as
//! files come; `json`, `sarif` and `markdown` build one document printed by [`Reporter::finish`].

pub mod github;
pub mod json;
pub mod jsonfmt;
pub mod markdown;
pub mod migration;
pub mod place;
pub mod progress;
pub mod sarif;
pub mod text;

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::engine::file::{AppliedFix, FileReport, FileStatus, Finding, Mode};
use crate::walk::WalkProblem;
use text::{exit, TextPrinter, Totals};

/// `--format`: what stdout carries.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Format {
    /// `path:line:col: ID [*] message` lines and patches.
    #[default]
    Text,
    /// One JSON document (docs/json-schema.md).
    Json,
    /// SARIF 2.1.0, for code scanning.
    Sarif,
    /// GitHub Actions workflow commands (`::warning file=...::message`).
    Github,
    /// A pull-request body.
    Markdown,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Json => "json",
            Format::Sarif => "sarif",
            Format::Github => "github",
            Format::Markdown => "markdown",
        }
    }
}

/// The reporting flags of `check` and `fix`.
#[derive(Clone, Debug, Default)]
pub struct OutputOptions {
    pub format: Format,
    /// `--statistics`: counts per transform instead of one line per finding.
    pub statistics: bool,
    /// `--show-fixes`: list the fixes applied, per file (text format).
    pub show_fixes: bool,
    /// `--quiet`: findings and errors only: no summary, no warnings, no progress.
    pub quiet: bool,
    /// Draw a progress line on stderr (only ever set when stderr is a terminal).
    pub progress: bool,
    /// `--output FILE`: the full report, in the chosen format, is also written there (atomically).
    pub output_file: Option<PathBuf>,
    /// `--max-report-chars N`: the markdown body on stdout stops at N characters (None: the
    /// default, [`DEFAULT_MAX_REPORT_CHARS`]; 0: no cap).
    pub max_report_chars: Option<usize>,
    /// `--exit-zero`: the exit code the reports state is 0 where findings alone would make it 1.
    pub exit_zero: bool,
}

/// GitHub refuses a pull-request body (or issue, or comment) over 65,536 characters; the default
/// cap leaves room for text a workflow adds around the report.
pub const DEFAULT_MAX_REPORT_CHARS: usize = 60_000;

/// How often each transform was found, fixed, or left.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RuleCounts {
    /// `check`: findings; `fix`: fixes applied plus findings left.
    pub found: usize,
    /// `check`: findings whose fix this run's options allow.
    pub fixable: usize,
    /// `fix`: fixes applied (or that would be, with `--dry-run`).
    pub fixed: usize,
    /// `fix`: findings left.
    pub remaining: usize,
}

/// Per-transform counts, for `--statistics` and the markdown table.
#[derive(Clone, Debug, Default)]
pub struct Statistics {
    pub transforms: BTreeMap<&'static str, RuleCounts>,
}

impl Statistics {
    pub fn count(&mut self, report: &FileReport, tally: &Totals) {
        match &report.status {
            FileStatus::Checked { findings } => {
                for f in findings {
                    let c = self.transforms.entry(f.transform).or_default();
                    c.found += 1;
                    if f.fix.is_some_and(|s| tally.allowed(s)) {
                        c.fixable += 1;
                    }
                }
            }
            FileStatus::Fixed {
                applied, remaining, ..
            } => {
                for a in applied {
                    let c = self.transforms.entry(a.transform).or_default();
                    c.found += 1;
                    c.fixed += 1;
                }
                for f in remaining {
                    let c = self.transforms.entry(f.transform).or_default();
                    c.found += 1;
                    c.remaining += 1;
                }
            }
            _ => {}
        }
    }

    /// Most frequent first, then by id.
    pub fn sorted(&self) -> Vec<(&'static str, RuleCounts)> {
        let mut rows: Vec<_> = self.transforms.iter().map(|(k, v)| (*k, *v)).collect();
        rows.sort_by(|a, b| b.1.found.cmp(&a.1.found).then(a.0.cmp(b.0)));
        rows
    }

    /// The `--statistics` table.
    pub fn table(&self, mode: Mode) -> String {
        let mut out = String::new();
        match mode {
            Mode::Check => {
                out.push_str("count  fixable  transform\n");
                for (id, c) in self.sorted() {
                    out.push_str(&format!("{:>5}  {:>7}  {id}\n", c.found, c.fixable));
                }
            }
            Mode::Fix { dry_run } => {
                let head = if dry_run { "would fix" } else { "fixed" };
                out.push_str(&format!("{head}  remaining  transform\n"));
                for (id, c) in self.sorted() {
                    out.push_str(&format!(
                        "{:>w$}  {:>9}  {id}\n",
                        c.fixed,
                        c.remaining,
                        w = head.len()
                    ));
                }
            }
        }
        out
    }
}

/// How a finding's fix stands in this run: `automatic` (`fix` applies it),
/// `requires-unsafe-fixes`, or, for a finding left by `fix` although allowed, `held-back`
/// (next to a syntax error, or colliding with another fix).
pub fn applicability(tally: &Totals, f: &Finding) -> Option<&'static str> {
    let safety = f.fix?;
    Some(match (tally.mode, tally.allowed(safety)) {
        (_, false) => "requires-unsafe-fixes",
        (Mode::Check, true) => "automatic",
        (Mode::Fix { .. }, true) => "held-back",
    })
}

enum Doc {
    Text,
    Github,
    Json(json::JsonReport),
    Sarif(sarif::SarifReport),
    Markdown(markdown::MarkdownReport),
}

/// The printing side of a run: receives reports in path order, prints, and picks the exit code.
pub struct Reporter {
    opts: OutputOptions,
    tally: Totals,
    stats: Statistics,
    text: TextPrinter,
    doc: Doc,
    /// `--show-fixes`: the fixes applied, per file, in path order.
    shown_fixes: Vec<(String, Vec<AppliedFix>)>,
    progress: progress::Progress,
    /// `--output FILE` with `text` or `github`: a copy of what stdout carried, for the file.
    copy: Option<Vec<u8>>,
    /// While the bar is on the screen: what the files printed since the last release, in order
    /// (`true`: stderr).
    held: Vec<(bool, Vec<u8>)>,
    released: std::time::Instant,
    /// The folders of the `cdktf.json` files `migrate-cdktn` gave `terraformProviders` entries:
    /// `cdktn get` must run there (said after the summary).
    cdktn_get: std::collections::BTreeSet<String>,
}

/// How long output waits, at most, while the bar is on the screen.
const RELEASE_EVERY: std::time::Duration = std::time::Duration::from_millis(100);

/// A stream whose writes are held, in order with the other stream's ([`Reporter::release`]).
struct Held<'a> {
    chunks: &'a std::cell::RefCell<Vec<(bool, Vec<u8>)>>,
    stderr: bool,
}

impl Write for Held<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let mut chunks = self.chunks.borrow_mut();
        match chunks.last_mut() {
            Some((stderr, bytes)) if *stderr == self.stderr => bytes.extend_from_slice(buf),
            _ => chunks.push((self.stderr, buf.to_vec())),
        }
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Reporter {
    pub fn new(mode: Mode, unsafe_fixes: bool, opts: &OutputOptions) -> Reporter {
        let mut text = TextPrinter::new(mode, unsafe_fixes);
        text.hide_findings = opts.statistics;
        let doc = match opts.format {
            Format::Text => Doc::Text,
            Format::Github => Doc::Github,
            Format::Json => Doc::Json(json::JsonReport::default()),
            Format::Sarif => Doc::Sarif(sarif::SarifReport::default()),
            Format::Markdown => Doc::Markdown(markdown::MarkdownReport::default()),
        };
        Reporter {
            opts: opts.clone(),
            tally: Totals {
                exit_zero: opts.exit_zero,
                ..Totals::new(mode, unsafe_fixes)
            },
            stats: Statistics::default(),
            text,
            doc,
            shown_fixes: Vec::new(),
            progress: progress::Progress::new(opts.progress && !opts.quiet),
            copy: (opts.output_file.is_some()
                && matches!(opts.format, Format::Text | Format::Github))
            .then(Vec::new),
            held: Vec::new(),
            released: std::time::Instant::now(),
            cdktn_get: Default::default(),
        }
    }

    /// `fix --stdin-filename`: stdout carries the fixed source, findings go to stderr.
    pub fn set_source_on_stdout(&mut self) {
        self.text.source_on_stdout = true;
    }

    /// How many files the run will report (for the progress line).
    pub fn set_total(&mut self, total: usize) {
        self.progress.set_total(total);
    }

    pub fn walk_problem(&mut self, p: &WalkProblem, out: &mut dyn Write, err: &mut dyn Write) {
        match self.copy.take() {
            Some(mut copy) => {
                self.walk_problem_to(
                    p,
                    &mut Tee {
                        out,
                        copy: &mut copy,
                    },
                    err,
                );
                self.copy = Some(copy);
            }
            None => self.walk_problem_to(p, out, err),
        }
    }

    fn walk_problem_to(&mut self, p: &WalkProblem, out: &mut dyn Write, err: &mut dyn Write) {
        self.tally.walk_problem();
        let _ = if p.display.is_empty() {
            writeln!(err, "error: {}", p.message)
        } else {
            writeln!(err, "error: {}: {}", p.display, p.message)
        };
        match &mut self.doc {
            Doc::Text => {}
            Doc::Github => {
                let _ = out.write_all(github::walk_problem(p).as_bytes());
            }
            Doc::Json(j) => j.walk_problem(p),
            Doc::Sarif(s) => s.walk_problem(p),
            Doc::Markdown(m) => m.walk_problem(p),
        }
    }

    /// Whether printing this report writes anything now (the progress bar is erased first).
    fn prints_now(&self, report: &FileReport) -> bool {
        match &report.status {
            FileStatus::Skipped { error, .. } => *error || !self.opts.quiet,
            FileStatus::Failed { .. } => true,
            _ if !matches!(self.doc, Doc::Text | Doc::Github) => false,
            FileStatus::Checked { findings } => !findings.is_empty(),
            FileStatus::Fixed {
                applied,
                remaining,
                output,
                ..
            } => output.is_some() || !remaining.is_empty() || !applied.is_empty(),
        }
    }

    pub fn file(&mut self, report: &FileReport, out: &mut dyn Write, err: &mut dyn Write) {
        if let FileStatus::Fixed { applied, .. } = &report.status {
            // `migrate-cdktn` listed providers in cdktf.json whose bindings `cdktn get` makes.
            if applied
                .iter()
                .any(|a| a.transform == "migrate-cdktn" && a.message.contains("run `cdktn get`"))
            {
                let dir = std::path::Path::new(&report.display)
                    .parent()
                    .map(|d| d.to_string_lossy().into_owned())
                    .filter(|d| !d.is_empty())
                    .unwrap_or_else(|| ".".to_string());
                self.cdktn_get.insert(dir);
            }
        }
        if !self.progress.visible() {
            if self.prints_now(report) {
                // Stdout goes to the terminal too: flush it before the bar comes back.
                self.progress.clear(err);
            }
            match self.copy.take() {
                Some(mut copy) => {
                    self.file_to(
                        report,
                        &mut Tee {
                            out,
                            copy: &mut copy,
                        },
                        err,
                    );
                    self.copy = Some(copy);
                }
                None => self.file_to(report, out, err),
            }
            self.progress.tick(err);
            return;
        }
        // The bar is on the screen: what this file prints waits with the output of the files
        // before it, and is let out at most ten times a second, in one go between taking the
        // bar off and drawing it again. Taking it off for every line, on a run that prints a
        // line per file, left it off the screen a good part of the time.
        let held = std::cell::RefCell::new(std::mem::take(&mut self.held));
        self.file_to(
            report,
            &mut Held {
                chunks: &held,
                stderr: false,
            },
            &mut Held {
                chunks: &held,
                stderr: true,
            },
        );
        self.held = held.into_inner();
        if !self.held.is_empty() && self.released.elapsed() >= RELEASE_EVERY {
            self.release(out, err);
        }
        self.progress.tick(err);
    }

    /// For a caller about to write to stderr itself (the per-repository summary lines of
    /// run.rs): lets out the held output and takes the bar off the screen, so what it writes
    /// comes after the files before it and not over the bar. The bar comes back at the next file.
    pub fn before_other_output(&mut self, out: &mut dyn Write, err: &mut dyn Write) {
        self.release(out, err);
        self.progress.clear(err);
        let _ = out.flush();
    }

    /// Writes the held output, in order, with the bar off the screen (it comes back at the
    /// next tick).
    fn release(&mut self, out: &mut dyn Write, err: &mut dyn Write) {
        self.released = std::time::Instant::now();
        if self.held.is_empty() {
            return;
        }
        self.progress.clear(err);
        for (stderr, bytes) in std::mem::take(&mut self.held) {
            if stderr {
                let _ = out.flush();
                let _ = err.write_all(&bytes);
            } else {
                if let Some(copy) = &mut self.copy {
                    copy.extend_from_slice(&bytes);
                }
                let _ = out.write_all(&bytes);
            }
        }
        let _ = out.flush();
    }

    fn file_to(&mut self, report: &FileReport, out: &mut dyn Write, err: &mut dyn Write) {
        self.tally.count(report);
        self.stats.count(report, &self.tally);
        let display = &report.display;
        // Suppression comments that name no transform: a warning in every format.
        if !self.opts.quiet {
            for w in &report.warnings {
                let _ = writeln!(
                    err,
                    "warning: {display}:{}:{}: {}",
                    w.line, w.column, w.message
                );
            }
        }
        match &report.status {
            FileStatus::Skipped { reason, error } => {
                if *error {
                    let _ = writeln!(err, "error: {display}: skipped: {reason}");
                } else if !self.opts.quiet {
                    let _ = writeln!(err, "warning: {display}: skipped: {reason}");
                }
            }
            FileStatus::Failed { title, help } => {
                let _ = writeln!(err, "error: {display}: {title}\n  help: {help}");
            }
            FileStatus::Fixed { applied, edits, .. }
                if self.opts.show_fixes && !applied.is_empty() =>
            {
                // Listed where they are in the file this run leaves.
                let spans = place::written_spans(self.tally.mode, applied, edits);
                let mut shown = applied.clone();
                for (a, span) in shown.iter_mut().zip(spans) {
                    a.span = span;
                }
                self.shown_fixes.push((display.clone(), shown));
            }
            _ => {}
        }
        match &mut self.doc {
            Doc::Text => self.text.file(report, out, err),
            Doc::Github => {
                let _ = out.write_all(github::file(report, &self.tally).as_bytes());
            }
            Doc::Json(j) => j.file(report, &self.tally),
            Doc::Sarif(s) => s.file(report, &self.tally),
            Doc::Markdown(m) => m.file(report, &self.tally),
        }
        if self.progress.visible() {
            let _ = out.flush();
        }
    }

    /// Prints what waits for the end (documents, statistics, the summary); returns the exit code.
    pub fn finish(&mut self, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
        self.release(out, err);
        self.progress.clear(err);
        let mode = self.tally.mode;
        let table = self.opts.statistics.then(|| self.stats.table(mode));
        let mut copy = self.copy.take();
        let mut tee;
        let out: &mut dyn Write = match &mut copy {
            Some(copy) => {
                tee = Tee { out, copy };
                &mut tee
            }
            None => out,
        };
        // The document, whole: stdout's, and `--output`'s.
        let document = match &self.doc {
            Doc::Text | Doc::Github => None,
            Doc::Json(j) => Some(j.render(&self.tally, &self.stats, self.opts.statistics)),
            Doc::Sarif(s) => Some(s.render(&self.tally)),
            Doc::Markdown(m) => Some(m.render(&self.tally, &self.stats)),
        };
        match (&self.doc, &document) {
            (Doc::Text, _) => {
                if let Some(t) = &table {
                    let _ = out.write_all(t.as_bytes());
                }
            }
            (Doc::Markdown(m), Some(whole)) => {
                let max = self
                    .opts
                    .max_report_chars
                    .unwrap_or(DEFAULT_MAX_REPORT_CHARS);
                let body = if max == 0 {
                    None
                } else {
                    let cap = markdown::Cap {
                        max_chars: max,
                        full_report: self
                            .opts
                            .output_file
                            .as_ref()
                            .map(|p| p.display().to_string()),
                    };
                    Some(m.render_capped(&self.tally, &self.stats, &cap))
                };
                let _ = out.write_all(body.as_deref().unwrap_or(whole).as_bytes());
            }
            (_, Some(whole)) => {
                let _ = out.write_all(whole.as_bytes());
            }
            _ => {}
        }
        if let (Some(t), Doc::Github | Doc::Sarif(_) | Doc::Markdown(_)) = (&table, &self.doc) {
            let _ = err.write_all(t.as_bytes());
        }
        if !self.shown_fixes.is_empty() && matches!(self.doc, Doc::Text) {
            let list = show_fixes(&self.shown_fixes, mode);
            let _ = if self.text.source_on_stdout {
                err.write_all(list.as_bytes())
            } else {
                out.write_all(list.as_bytes())
            };
        }
        let _ = out.flush();
        let mut written = exit::OK;
        if let Some(path) = &self.opts.output_file {
            let contents = document
                .map(String::into_bytes)
                .or(copy)
                .unwrap_or_default();
            if let Err(e) = write_report(path, &contents) {
                let _ = writeln!(
                    err,
                    "error: cannot write the report {}: {e}\n  help: check the folder exists and is writable",
                    path.display()
                );
                written = exit::ERROR;
            }
        }
        if !self.opts.quiet {
            let _ = writeln!(err, "{}", self.tally.summary());
            let then = if self.tally.mode == (Mode::Fix { dry_run: true }) {
                "After the migration, run"
            } else {
                "Next, run"
            };
            for dir in &self.cdktn_get {
                let _ = writeln!(
                    err,
                    "{then} `cdktn get` in {dir}: it generates the bindings of the providers cdktf.json now lists in `terraformProviders`, which the migrated imports use (it needs the Terraform registry)."
                );
            }
        }
        if let Some(line) = self.tally.errors_line() {
            let _ = writeln!(err, "{line}");
        }
        self.tally.exit_code().max(written)
    }
}

/// Writes what stdout carries to it and keeps a copy (`--output` with `text` or `github`). The
/// copy is whole even when stdout fails (a closed pipe: `| head`), as the file must be.
struct Tee<'a> {
    out: &'a mut dyn Write,
    copy: &'a mut Vec<u8>,
}

impl Write for Tee<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.copy.extend_from_slice(buf);
        // Stdout's errors are ignored, as everywhere in the reporter.
        let _ = self.out.write_all(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}

/// `--output FILE`: its folder made if missing, a temporary file in it, synced, renamed over FILE, so a reader
/// (or a killed run) never sees half a report.
fn write_report(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    // `--output reports/cdktf-fix.md` in a fresh CI checkout: the folder is made.
    std::fs::create_dir_all(dir)?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".cdktf-fix-report-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    tmp.write_all(contents)?;
    // A report is read by others (a CI upload): the permissions of the file it replaces, or
    // those of an ordinary new file rather than a temporary file's owner-only ones.
    match std::fs::metadata(path) {
        Ok(meta) => tmp.as_file().set_permissions(meta.permissions())?,
        #[cfg(unix)]
        Err(_) => {
            use std::os::unix::fs::PermissionsExt;
            tmp.as_file()
                .set_permissions(std::fs::Permissions::from_mode(0o644))?
        }
        #[cfg(not(unix))]
        Err(_) => {}
    }
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// `--show-fixes`: each file's applied fixes, where they were in the file as read.
fn show_fixes(files: &[(String, Vec<AppliedFix>)], mode: Mode) -> String {
    let total: usize = files.iter().map(|(_, f)| f.len()).sum();
    let verb = if mode == (Mode::Fix { dry_run: true }) {
        "Would fix"
    } else {
        "Fixed"
    };
    let mut out = format!("{verb} {}:\n", text::plural(total, "problem", "problems"));
    for (display, fixes) in files {
        out.push_str(&format!("- {display}:\n"));
        for f in fixes {
            out.push_str(&format!(
                "    {}:{} {} {}\n",
                f.span.start.line, f.span.start.column, f.transform, f.message
            ));
        }
    }
    out
}
