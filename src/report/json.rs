//! `--format json`: one document, schema version [`SCHEMA_VERSION`], documented in
//! docs/json-schema.md and pinned by the `json_*` CLI snapshots.

use crate::engine::file::{AppliedFix, FileReport, FileStatus, Finding, Mode, Pos, Span, TextEdit};
use crate::report::jsonw::Json;
use crate::report::text::Totals;
use crate::report::{applicability, Statistics};
use crate::walk::WalkProblem;

/// Raised on any change a consumer could trip over (a field removed, renamed or retyped).
pub const SCHEMA_VERSION: usize = 1;

#[derive(Default)]
pub struct JsonReport {
    files: Vec<Json>,
    errors: Vec<Json>,
}

fn pos(p: &Pos) -> Json {
    Json::obj([
        ("line", p.line.into()),
        ("column", p.column.into()),
        ("offset", p.offset.into()),
    ])
}

pub fn range(s: &Span) -> Json {
    Json::obj([("start", pos(&s.start)), ("end", pos(&s.end))])
}

pub fn edits(edits: &[TextEdit]) -> Json {
    Json::Arr(
        edits
            .iter()
            .map(|e| {
                Json::obj([
                    ("range", range(&e.span)),
                    ("content", e.text.clone().into()),
                ])
            })
            .collect(),
    )
}

fn finding(f: &Finding, tally: &Totals) -> Json {
    let fix = match (f.fix, applicability(tally, f)) {
        (Some(safety), Some(how)) => Json::obj([
            ("safety", safety.name().into()),
            ("applicability", how.into()),
            ("applied", false.into()),
            ("edits", edits(&f.edits)),
        ]),
        _ => Json::Null,
    };
    Json::obj([
        ("transform", f.transform.into()),
        ("message", f.message.clone().into()),
        ("range", range(&f.span)),
        ("fix", fix),
    ])
}

fn applied(a: &AppliedFix, dry_run: bool) -> Json {
    Json::obj([
        ("transform", a.transform.into()),
        ("message", a.message.clone().into()),
        ("range", range(&a.span)),
        (
            "fix",
            Json::obj([
                ("safety", a.safety.name().into()),
                ("applicability", "automatic".into()),
                ("applied", (!dry_run).into()),
                ("edits", a.edits.as_deref().map_or(Json::Null, edits)),
            ]),
        ),
    ])
}

impl JsonReport {
    pub fn walk_problem(&mut self, p: &WalkProblem) {
        self.errors.push(Json::obj([
            ("path", p.display.clone().into()),
            ("message", p.message.clone().into()),
        ]));
    }

    /// Adds a file to the document when it has anything to report.
    pub fn file(&mut self, report: &FileReport, tally: &Totals) {
        let path: Json = report.display.clone().into();
        let dry_run = tally.mode == (Mode::Fix { dry_run: true });
        let entry = match &report.status {
            FileStatus::Skipped { reason, error } => Json::obj([
                ("path", path),
                ("status", if *error { "error" } else { "skipped" }.into()),
                ("message", format!("skipped: {reason}").into()),
            ]),
            FileStatus::Failed { title, help } => Json::obj([
                ("path", path),
                ("status", "error".into()),
                ("message", title.clone().into()),
                ("help", help.clone().into()),
            ]),
            FileStatus::Checked { findings } if findings.is_empty() => return,
            FileStatus::Checked { findings } => Json::obj([
                ("path", path),
                ("status", "checked".into()),
                (
                    "findings",
                    Json::Arr(findings.iter().map(|f| finding(f, tally)).collect()),
                ),
            ]),
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
                Json::obj([
                    ("path", path),
                    (
                        "status",
                        if *changed { "changed" } else { "unchanged" }.into(),
                    ),
                    (
                        "fixes",
                        Json::Arr(fixes.iter().map(|a| applied(a, dry_run)).collect()),
                    ),
                    ("edits", edits(changes)),
                    (
                        "findings",
                        Json::Arr(remaining.iter().map(|f| finding(f, tally)).collect()),
                    ),
                ])
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
        let mut doc = Json::obj([
            ("version", SCHEMA_VERSION.into()),
            (
                "tool",
                Json::obj([
                    ("name", "cdktf-fix".into()),
                    ("version", env!("CARGO_PKG_VERSION").into()),
                ]),
            ),
            ("command", command.into()),
            ("dry_run", dry_run.into()),
            ("unsafe_fixes", tally.unsafe_fixes.into()),
        ]);
        if statistics_only {
            doc.push("statistics", statistics(stats, tally.mode));
        } else {
            doc.push("files", Json::Arr(self.files.clone()));
        }
        doc.push("errors", Json::Arr(self.errors.clone()));
        doc.push(
            "summary",
            Json::obj([
                ("findings", tally.findings.into()),
                ("fixable", tally.fixable.into()),
                ("fixed", tally.applied.into()),
                ("changed_files", tally.changed_files.into()),
                (
                    "remaining",
                    (tally.remaining_unfixable
                        + if tally.mode == Mode::Check {
                            0
                        } else {
                            tally.hidden_unsafe
                        })
                    .into(),
                ),
                ("errors", tally.errors.into()),
                ("exit_code", tally.exit_code().into()),
            ]),
        );
        doc.pretty()
    }
}

fn statistics(stats: &Statistics, mode: Mode) -> Json {
    Json::Arr(
        stats
            .sorted()
            .into_iter()
            .map(|(id, c)| match mode {
                Mode::Check => Json::obj([
                    ("transform", id.into()),
                    ("count", c.found.into()),
                    ("fixable", c.fixable.into()),
                ]),
                Mode::Fix { .. } => Json::obj([
                    ("transform", id.into()),
                    ("fixed", c.fixed.into()),
                    ("remaining", c.remaining.into()),
                ]),
            })
            .collect(),
    )
}
