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
use crate::report::jsonfmt;
use crate::report::place::applied_fixes;
use crate::report::text::Totals;
use crate::walk::WalkProblem;
use serde::Serialize;
use serde_json::{json, Map, Value};
use transforms::catalogue::REGISTRY;

pub const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";

#[derive(Default)]
pub struct SarifReport {
    results: Vec<Value>,
    notifications: Vec<Value>,
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

fn artifact(path: &str) -> Value {
    json!({ "uri": uri(path) })
}

/// A region: lines and columns, and the byte offset and length in the file.
fn region(span: &Span) -> Value {
    json!({
        "startLine": span.start.line,
        "startColumn": span.start.column,
        "endLine": span.end.line,
        "endColumn": span.end.column,
        "byteOffset": span.start.offset,
        "byteLength": span.end.offset.saturating_sub(span.start.offset),
    })
}

fn location(path: &str, span: &Span) -> Value {
    json!({
        "physicalLocation": {
            "artifactLocation": artifact(path),
            "region": region(span),
        },
    })
}

fn fix(path: &str, description: &str, edits: &[TextEdit]) -> Value {
    let replacements: Value = edits
        .iter()
        .map(|e| {
            json!({
                "deletedRegion": region(&e.span),
                "insertedContent": { "text": e.text },
            })
        })
        .collect();
    json!({
        "description": { "text": description },
        "artifactChanges": [{
            "artifactLocation": artifact(path),
            "replacements": replacements,
        }],
    })
}

fn result(
    rule: &str,
    level: &str,
    message: &str,
    path: &str,
    span: &Span,
    fixes: Option<Value>,
) -> Value {
    let mut r = Map::new();
    r.insert("ruleId".into(), rule.into());
    if let Some(i) = rule_index(rule) {
        r.insert("ruleIndex".into(), i.into());
    }
    r.insert("level".into(), level.into());
    r.insert("message".into(), json!({ "text": message }));
    r.insert("locations".into(), json!([location(path, span)]));
    if let Some(f) = fixes {
        r.insert("fixes".into(), json!([f]));
    }
    Value::Object(r)
}

fn finding(path: &str, f: &Finding, tally: &Totals) -> Value {
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

fn notification(path: Option<&str>, message: &str) -> Value {
    let mut n = json!({
        "level": "error",
        "message": { "text": message },
    });
    if let Some(p) = path.filter(|p| !p.is_empty()) {
        n["locations"] = json!([{ "physicalLocation": { "artifactLocation": artifact(p) } }]);
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
        let rules: Value = REGISTRY
            .iter()
            .map(|r| {
                let m = r.meta();
                let langs: Vec<&str> = m.languages.iter().map(|l| l.name()).collect();
                let help = format!(
                    "{}\n{}\n",
                    transforms::transform::explain_header(*r),
                    m.docs.trim()
                );
                json!({
                    "id": m.id,
                    "shortDescription": { "text": m.summary },
                    "help": { "text": help, "markdown": help },
                    "defaultConfiguration": { "level": "warning" },
                    "properties": {
                        "fixes": m.safety_label(),
                        "tags": langs,
                    },
                })
            })
            .collect();
        let doc = Log {
            schema: SCHEMA_URI,
            version: "2.1.0",
            runs: [Run {
                tool: json!({
                    "driver": {
                        "name": "cdktf-fix",
                        "version": env!("CARGO_PKG_VERSION"),
                        "semanticVersion": env!("CARGO_PKG_VERSION"),
                        "rules": rules,
                    },
                }),
                invocations: [Invocation {
                    execution_successful: tally.errors == 0,
                    exit_code: tally.exit_code(),
                    tool_execution_notifications: &self.notifications,
                }],
                column_kind: "unicodeCodePoints",
                results: &self.results,
            }],
        };
        jsonfmt::pretty(&doc)
    }
}

/// The SARIF log's top level, keys in this order; results and notifications are borrowed.
#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Value,
    invocations: [Invocation<'a>; 1],
    column_kind: &'static str,
    results: &'a [Value],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Invocation<'a> {
    execution_successful: bool,
    exit_code: u8,
    tool_execution_notifications: &'a [Value],
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
