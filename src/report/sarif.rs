//! `--format sarif`: SARIF 2.1.0 as GitHub code scanning reads it.
//!
//! One run; `tool.driver.rules` lists every transform (id, summary as `shortDescription`, the
//! `explain` documentation as `help`). Results: `check`, one `warning` per finding, with its fix
//! as `fixes` (artifactChanges/replacements); `fix`, one result per fix applied (`note`, or
//! `warning` with `--dry-run` together with the edits when they apply to the file as read) and
//! one `warning` per finding left; once the file is written, both are placed in it. Locations are relative `/`-separated URIs with 1-based
//! lines and columns counted in Unicode code points (`columnKind`). Files that could not be
//! processed become `toolExecutionNotifications` and make `executionSuccessful` false.

use crate::engine::file::{FileReport, FileStatus, Finding, Mode, Span, TextEdit};
use crate::report::jsonw::Json;
use crate::report::place::applied_fixes;
use crate::report::text::Totals;
use crate::walk::WalkProblem;
use transforms::catalogue::REGISTRY;

pub const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";

#[derive(Default)]
pub struct SarifReport {
    results: Vec<Json>,
    notifications: Vec<Json>,
}

fn rule_index(id: &str) -> Option<usize> {
    REGISTRY.iter().position(|r| r.meta().id == id)
}

/// A `uri` relative to where cdktf-fix ran, `/`-separated, with URI-unsafe characters escaped.
pub fn uri(path: &str) -> String {
    let mut out = String::new();
    for b in path.bytes() {
        match b {
            b'A'..=b'Z'
            | b'a'..=b'z'
            | b'0'..=b'9'
            | b'-'
            | b'.'
            | b'_'
            | b'~'
            | b'/'
            | b'@'
            | b'+'
            | b'=' => out.push(b as char),
            b'\\' => out.push('/'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

fn artifact(path: &str) -> Json {
    Json::obj([("uri", uri(path).into())])
}

/// A region: lines and columns, and the byte offset and length in the file.
fn region(span: &Span) -> Json {
    Json::obj([
        ("startLine", span.start.line.into()),
        ("startColumn", span.start.column.into()),
        ("endLine", span.end.line.into()),
        ("endColumn", span.end.column.into()),
        ("byteOffset", span.start.offset.into()),
        (
            "byteLength",
            (span.end.offset.saturating_sub(span.start.offset)).into(),
        ),
    ])
}

fn location(path: &str, span: &Span) -> Json {
    Json::obj([(
        "physicalLocation",
        Json::obj([
            ("artifactLocation", artifact(path)),
            ("region", region(span)),
        ]),
    )])
}

fn fix(path: &str, description: &str, edits: &[TextEdit]) -> Json {
    let replacements = edits
        .iter()
        .map(|e| {
            Json::obj([
                ("deletedRegion", region(&e.span)),
                (
                    "insertedContent",
                    Json::obj([("text", e.text.clone().into())]),
                ),
            ])
        })
        .collect();
    Json::obj([
        ("description", Json::obj([("text", description.into())])),
        (
            "artifactChanges",
            Json::Arr(vec![Json::obj([
                ("artifactLocation", artifact(path)),
                ("replacements", Json::Arr(replacements)),
            ])]),
        ),
    ])
}

fn result(
    rule: &str,
    level: &str,
    message: &str,
    path: &str,
    span: &Span,
    fixes: Option<Json>,
) -> Json {
    let mut r = Json::obj([("ruleId", rule.into())]);
    if let Some(i) = rule_index(rule) {
        r.push("ruleIndex", i.into());
    }
    r.push("level", level.into());
    r.push("message", Json::obj([("text", message.into())]));
    r.push("locations", Json::Arr(vec![location(path, span)]));
    if let Some(f) = fixes {
        r.push("fixes", Json::Arr(vec![f]));
    }
    r
}

fn finding(path: &str, f: &Finding, tally: &Totals) -> Json {
    let fixes = f.fix.filter(|_| !f.edits.is_empty()).map(|safety| {
        let what = if tally.allowed(safety) {
            format!("{} fix: `cdktf-fix fix` applies it", safety.name())
        } else {
            format!(
                "{} fix: needs `cdktf-fix fix --unsafe-fixes`",
                safety.name()
            )
        };
        fix(path, &what, &f.edits)
    });
    result(f.transform, "warning", &f.message, path, &f.span, fixes)
}

fn notification(path: Option<&str>, message: &str) -> Json {
    let mut n = Json::obj([
        ("level", "error".into()),
        ("message", Json::obj([("text", message.into())])),
    ]);
    if let Some(p) = path.filter(|p| !p.is_empty()) {
        n.push(
            "locations",
            Json::Arr(vec![Json::obj([(
                "physicalLocation",
                Json::obj([("artifactLocation", artifact(p))]),
            )])]),
        );
    }
    n
}

impl SarifReport {
    pub fn walk_problem(&mut self, p: &WalkProblem) {
        self.notifications
            .push(notification(Some(&p.display), &p.message));
    }

    pub fn file(&mut self, report: &FileReport, tally: &Totals) {
        let path = report.display.as_str();
        match &report.status {
            FileStatus::Skipped { reason, error } => {
                if *error {
                    self.notifications
                        .push(notification(Some(path), &format!("skipped: {reason}")));
                }
            }
            FileStatus::Failed { title, help } => {
                self.notifications
                    .push(notification(Some(path), &format!("{title} ({help})")));
            }
            FileStatus::Checked { findings } => {
                for f in findings {
                    self.results.push(finding(path, f, tally));
                }
            }
            FileStatus::Fixed { remaining, .. } => {
                let dry_run = tally.mode == (Mode::Fix { dry_run: true });
                for (a, span) in applied_fixes(tally.mode, &report.status) {
                    let (level, message, fixes) = if dry_run {
                        let fixes = a.edits.as_ref().map(|e| {
                            fix(
                                path,
                                &format!("{} fix: `cdktf-fix fix` applies it", a.safety.name()),
                                e,
                            )
                        });
                        ("warning", format!("Would fix: {}", a.message), fixes)
                    } else {
                        ("note", format!("Fixed: {}", a.message), None)
                    };
                    self.results
                        .push(result(a.transform, level, &message, path, &span, fixes));
                }
                for f in remaining {
                    self.results.push(finding(path, f, tally));
                }
            }
        }
    }

    pub fn render(&self, tally: &Totals) -> String {
        let rules = REGISTRY
            .iter()
            .map(|r| {
                let m = r.meta();
                let langs: Vec<&str> = m.languages.iter().map(|l| l.name()).collect();
                let help = format!(
                    "# {}\n\n{}\n\nFixes: {}. Languages: {}.\n\n{}\n",
                    m.id,
                    m.summary,
                    m.safety_label(),
                    langs.join(", "),
                    m.docs.trim()
                );
                Json::obj([
                    ("id", m.id.into()),
                    ("shortDescription", Json::obj([("text", m.summary.into())])),
                    (
                        "help",
                        Json::obj([("text", help.clone().into()), ("markdown", help.into())]),
                    ),
                    (
                        "defaultConfiguration",
                        Json::obj([("level", "warning".into())]),
                    ),
                    (
                        "properties",
                        Json::obj([
                            ("fixes", m.safety_label().into()),
                            ("tags", Json::from(langs)),
                        ]),
                    ),
                ])
            })
            .collect();
        let driver = Json::obj([
            ("name", "cdktf-fix".into()),
            ("version", env!("CARGO_PKG_VERSION").into()),
            ("semanticVersion", env!("CARGO_PKG_VERSION").into()),
            ("rules", Json::Arr(rules)),
        ]);
        let invocation = Json::obj([
            ("executionSuccessful", (tally.errors == 0).into()),
            ("exitCode", tally.exit_code().into()),
            (
                "toolExecutionNotifications",
                Json::Arr(self.notifications.clone()),
            ),
        ]);
        let run = Json::obj([
            ("tool", Json::obj([("driver", driver)])),
            ("invocations", Json::Arr(vec![invocation])),
            ("columnKind", "unicodeCodePoints".into()),
            ("results", Json::Arr(self.results.clone())),
        ]);
        Json::obj([
            ("$schema", SCHEMA_URI.into()),
            ("version", "2.1.0".into()),
            ("runs", Json::Arr(vec![run])),
        ])
        .pretty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_relative_with_forward_slashes_and_escapes() {
        assert_eq!(
            uri("examples/typescript/main.ts"),
            "examples/typescript/main.ts"
        );
        assert_eq!(uri("a dir\\b#1.ts"), "a%20dir/b%231.ts");
        assert_eq!(uri("é.ts"), "%C3%A9.ts");
    }
}
