//! The default text output: findings and patches on stdout, notes and the summary on stderr.

use std::io::Write;

use crate::engine::file::{FileReport, FileStatus, Finding, Mode};
use crate::transforms::Safety;
use crate::walk::WalkProblem;

/// Exit codes, as README documents them.
pub mod exit {
    /// Nothing found (check), nothing to change (--dry-run), or fixes written (fix).
    pub const OK: u8 = 0;
    /// Problems found (check) or changes pending (--dry-run).
    pub const FOUND: u8 = 1;
    /// Usage, configuration or I/O error, or a file that could not be processed.
    pub const ERROR: u8 = 2;
}

/// Receives file reports in path order and keeps the totals for the summary.
pub struct TextPrinter {
    mode: Mode,
    unsafe_fixes: bool,
    findings: usize,
    fixable: usize,
    hidden_unsafe: usize,
    applied: usize,
    changed_files: usize,
    remaining_unfixable: usize,
    errors: usize,
    /// `fix --stdin-filename`: stdout carries the fixed source only.
    pub source_on_stdout: bool,
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

impl TextPrinter {
    pub fn new(mode: Mode, unsafe_fixes: bool) -> TextPrinter {
        TextPrinter {
            mode,
            unsafe_fixes,
            findings: 0,
            fixable: 0,
            hidden_unsafe: 0,
            applied: 0,
            changed_files: 0,
            remaining_unfixable: 0,
            errors: 0,
            source_on_stdout: false,
        }
    }

    fn allowed(&self, safety: Safety) -> bool {
        safety == Safety::Safe || self.unsafe_fixes
    }

    fn finding_line(&self, display: &str, f: &Finding) -> String {
        let mark = match f.fix {
            Some(s) if self.allowed(s) => "[*] ",
            _ => "",
        };
        format!(
            "{display}:{}:{}: {} {mark}{}\n",
            f.line, f.column, f.rule, f.message
        )
    }

    pub fn walk_problem(&mut self, p: &WalkProblem, err: &mut dyn Write) {
        self.errors += 1;
        let _ = if p.display.is_empty() {
            writeln!(err, "error: {}", p.message)
        } else {
            writeln!(err, "error: {}: {}", p.display, p.message)
        };
    }

    pub fn file(&mut self, report: &FileReport, out: &mut dyn Write, err: &mut dyn Write) {
        let display = &report.display;
        for w in &report.warnings {
            let _ = writeln!(
                err,
                "warning: {display}:{}:{}: {}",
                w.line, w.column, w.message
            );
        }
        match &report.status {
            FileStatus::Skipped { reason, error } => {
                if *error {
                    self.errors += 1;
                    let _ = writeln!(err, "error: {display}: skipped: {reason}");
                } else {
                    let _ = writeln!(err, "warning: {display}: skipped: {reason}");
                }
            }
            FileStatus::Failed { title, help } => {
                self.errors += 1;
                let _ = writeln!(err, "error: {display}: {title}\n  help: {help}");
            }
            FileStatus::Checked { findings } => {
                for f in findings {
                    self.findings += 1;
                    match f.fix {
                        Some(s) if self.allowed(s) => self.fixable += 1,
                        Some(_) => self.hidden_unsafe += 1,
                        None => {}
                    }
                    let _ = out.write_all(self.finding_line(display, f).as_bytes());
                }
            }
            FileStatus::Fixed {
                applied,
                remaining,
                output,
                changed,
            } => {
                self.applied += applied.len();
                if *changed {
                    self.changed_files += 1;
                }
                if let Some(p) = output {
                    let _ = out.write_all(p.as_bytes());
                }
                for f in remaining {
                    match f.fix {
                        Some(s) if !self.allowed(s) => self.hidden_unsafe += 1,
                        _ => self.remaining_unfixable += 1,
                    }
                    if self.mode == (Mode::Fix { dry_run: false }) {
                        // With the source on stdout (`--stdin-filename`) findings go to stderr.
                        let line = self.finding_line(display, f);
                        let _ = if self.source_on_stdout {
                            err.write_all(line.as_bytes())
                        } else {
                            out.write_all(line.as_bytes())
                        };
                    }
                }
            }
        }
    }

    /// Prints the summary and returns the exit code.
    pub fn finish(&self, err: &mut dyn Write) -> u8 {
        let more = if self.hidden_unsafe > 0 {
            format!(" ({} more with --unsafe-fixes)", self.hidden_unsafe)
        } else {
            String::new()
        };
        let summary = match self.mode {
            Mode::Check if self.findings == 0 => "No problems found.".to_string(),
            Mode::Check => {
                let mut parts = Vec::new();
                if self.fixable > 0 {
                    let how = if self.unsafe_fixes {
                        "cdktf-fix fix --unsafe-fixes"
                    } else {
                        "cdktf-fix fix"
                    };
                    parts.push(format!("{} fixable with {how}", self.fixable));
                }
                if self.hidden_unsafe > 0 {
                    parts.push(format!(
                        "{} {}with --unsafe-fixes",
                        self.hidden_unsafe,
                        if self.fixable > 0 {
                            "more "
                        } else {
                            "fixable "
                        }
                    ));
                }
                let detail = if parts.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", parts.join(", "))
                };
                format!(
                    "Found {}{detail}.",
                    plural(self.findings, "problem", "problems")
                )
            }
            Mode::Fix { dry_run } => {
                let verb = if dry_run { "Would fix" } else { "Fixed" };
                let mut s = if self.applied == 0 {
                    if self.errors > 0 {
                        "No fixes applied.".to_string()
                    } else if self.hidden_unsafe > 0 {
                        format!(
                            "Nothing to fix with safe fixes ({} fixable with --unsafe-fixes).",
                            self.hidden_unsafe
                        )
                    } else {
                        "Nothing to fix.".to_string()
                    }
                } else {
                    format!(
                        "{verb} {} in {}{more}.",
                        plural(self.applied, "problem", "problems"),
                        plural(self.changed_files, "file", "files")
                    )
                };
                if self.remaining_unfixable > 0 {
                    s.push_str(&format!(
                        " {} cannot be fixed automatically (see cdktf-fix check).",
                        plural(self.remaining_unfixable, "problem", "problems")
                    ));
                }
                s
            }
        };
        let _ = writeln!(err, "{summary}");
        if self.errors > 0 {
            let _ = writeln!(
                err,
                "{} could not be processed (see the errors above).",
                plural(self.errors, "path", "paths")
            );
            return exit::ERROR;
        }
        match self.mode {
            Mode::Check if self.findings > 0 => exit::FOUND,
            Mode::Fix { dry_run: true } if self.changed_files > 0 => exit::FOUND,
            _ => exit::OK,
        }
    }
}
