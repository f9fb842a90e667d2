//! `--format json`: one document, schema version [`SCHEMA_VERSION`], documented in
//! docs/json-schema.md and pinned by the `json_*` CLI snapshots.

use serde::Serialize;
use serde_json::{json, Value};

use crate::engine::file::{AppliedFix, FileReport, FileStatus, Finding, Mode, Pos, Span, TextEdit};
use crate::report::jsonfmt;
use crate::report::text::Totals;
use crate::report::{applicability, Statistics};
use crate::walk::WalkProblem;

/// Raised on any change a consumer could trip over (a field removed, renamed or retyped).
pub const SCHEMA_VERSION: usize = 1;

/// The document's top level, its keys in this order; exactly one of `statistics` and `files`.
#[derive(Serialize)]
struct Document<'a> {
    version: usize,
    tool: Value,
    command: &'static str,
    dry_run: bool,
    unsafe_fixes: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    statistics: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    files: Option<&'a [Value]>,
    errors: &'a [Value],
    summary: Value,
}

#[derive(Default)]
pub struct JsonReport {
    files: Vec<Value>,
    errors: Vec<Value>,
}

fn pos(p: &Pos) -> Value {
    json!({
        "line": p.line,
        "column": p.column,
        "offset": p.offset,
    })
}

pub fn range(s: &Span) -> Value {
    json!({ "start": pos(&s.start), "end": pos(&s.end) })
}

pub fn edits(edits: &[TextEdit]) -> Value {
    edits
        .iter()
        .map(|e| json!({ "range": range(&e.span), "content": e.text }))
        .collect()
}

fn finding(f: &Finding, tally: &Totals) -> Value {
    let fix = match (f.fix, applicability(tally, f)) {
        (Some(safety), Some(how)) => json!({
            "safety": safety.name(),
            "applicability": how,
            "applied": false,
            "edits": edits(&f.edits),
        }),
        _ => Value::Null,
    };
    json!({
        "transform": f.transform,
        "message": f.message,
        "range": range(&f.span),
        "fix": fix,
    })
}

fn applied(a: &AppliedFix, dry_run: bool) -> Value {
    json!({
        "transform": a.transform,
        "message": a.message,
        "range": range(&a.span),
        "fix": {
            "safety": a.safety.name(),
            "applicability": "automatic",
            "applied": !dry_run,
            "edits": a.edits.as_deref().map_or(Value::Null, edits),
        },
    })
}

impl JsonReport {
    pub fn walk_problem(&mut self, p: &WalkProblem) {
        self.errors
            .push(json!({ "path": p.display, "message": p.message }));
    }

    /// Adds a file to the document when it has anything to report.
    pub fn file(&mut self, report: &FileReport, tally: &Totals) {
        let path = &report.display;
        let dry_run = tally.mode == (Mode::Fix { dry_run: true });
        let entry = match &report.status {
            FileStatus::Skipped { reason, error } => json!({
                "path": path,
                "status": if *error { "error" } else { "skipped" },
                "message": format!("skipped: {reason}"),
            }),
            FileStatus::Failed { title, help } => json!({
                "path": path,
                "status": "error",
                "message": title,
                "help": help,
            }),
            FileStatus::Checked { findings } if findings.is_empty() => return,
            FileStatus::Checked { findings } => json!({
                "path": path,
                "status": "checked",
                "findings": findings.iter().map(|f| finding(f, tally)).collect::<Value>(),
            }),
            FileStatus::Fixed {
                applied: fixes,
                remaining,
                changed,
                edits: changes,
                ..
            } => {
                if fixes.is_empty() && remaining.is_empty() && !changed {
                    return;
                }
                json!({
                    "path": path,
                    "status": if *changed { "changed" } else { "unchanged" },
                    "fixes": fixes.iter().map(|a| applied(a, dry_run)).collect::<Value>(),
                    "edits": edits(changes),
                    "findings": remaining.iter().map(|f| finding(f, tally)).collect::<Value>(),
                })
            }
        };
        self.files.push(entry);
    }

    /// The whole document; with `--statistics`, the counts per transform instead of `files`.
    pub fn render(&self, tally: &Totals, stats: &Statistics, statistics_only: bool) -> String {
        let (command, dry_run) = match tally.mode {
            Mode::Check => ("check", false),
            Mode::Fix { dry_run } => ("fix", dry_run),
        };
        let remaining = tally.remaining_unfixable
            + if tally.mode == Mode::Check {
                0
            } else {
                tally.hidden_unsafe
            };
        let doc = Document {
            version: SCHEMA_VERSION,
            tool: json!({ "name": "cdktf-fix", "version": env!("CARGO_PKG_VERSION") }),
            command,
            dry_run,
            unsafe_fixes: tally.unsafe_fixes,
            statistics: statistics_only.then(|| statistics(stats, tally.mode)),
            files: (!statistics_only).then_some(self.files.as_slice()),
            errors: &self.errors,
            summary: json!({
                "findings": tally.findings,
                "fixable": tally.fixable,
                "fixed": tally.applied,
                "changed_files": tally.changed_files,
                "remaining": remaining,
                "errors": tally.errors,
                "exit_code": tally.exit_code(),
            }),
        };
        jsonfmt::pretty(&doc)
    }
}

fn statistics(stats: &Statistics, mode: Mode) -> Value {
    stats
        .sorted()
        .into_iter()
        .map(|(id, c)| match mode {
            Mode::Check => json!({
                "transform": id,
                "count": c.found,
                "fixable": c.fixable,
            }),
            Mode::Fix { .. } => json!({
                "transform": id,
                "fixed": c.fixed,
                "remaining": c.remaining,
            }),
        })
        .collect()
}
