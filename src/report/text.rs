//! The default text output: findings and patches on stdout, notes and the summary on stderr; and
//! the totals every format shares (summary line, exit code).

use std::io::Write;

use crate::engine::file::{FileReport, FileStatus, Finding, Mode};
use transforms::Safety;

/// Exit codes, as README documents them.
pub mod exit {
    /// Nothing found (check), nothing to change (--dry-run), or fixes written (fix).
    pub const OK: u8 = 0;
    /// Problems found (check) or changes pending (--dry-run).
    pub const FOUND: u8 = 1;
    /// Usage, configuration or I/O error, or a file that could not be processed.
    pub const ERROR: u8 = 2;
}

/// The run's totals: the summary line and the exit code, the same in every format.
#[derive(Clone, Debug)]
pub struct Totals {
    pub mode: Mode,
    pub unsafe_fixes: bool,
    pub findings: usize,
    pub fixable: usize,
    pub hidden_unsafe: usize,
    pub applied: usize,
    pub changed_files: usize,
    pub remaining_unfixable: usize,
    pub errors: usize,
    /// `--exit-zero`: findings and pending changes exit 0.
    pub exit_zero: bool,
}

pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

impl Totals {
    pub fn new(mode: Mode, unsafe_fixes: bool) -> Totals {
        Totals {
            mode,
            unsafe_fixes,
            findings: 0,
            fixable: 0,
            hidden_unsafe: 0,
            applied: 0,
            changed_files: 0,
            remaining_unfixable: 0,
            errors: 0,
            exit_zero: false,
        }
    }

    /// Whether this run applies fixes of this safety.
    pub fn allowed(&self, safety: Safety) -> bool {
        safety == Safety::Safe || self.unsafe_fixes
    }

    pub fn walk_problem(&mut self) {
        self.errors += 1;
    }

    pub fn count(&mut self, report: &FileReport) {
        match &report.status {
            FileStatus::Skipped { error, .. } => {
                if *error {
                    self.errors += 1;
                }
            }
            FileStatus::Failed { .. } => self.errors += 1,
            FileStatus::Checked { findings } => {
                for f in findings {
                    self.findings += 1;
                    match f.fix {
                        Some(s) if self.allowed(s) => self.fixable += 1,
                        Some(_) => self.hidden_unsafe += 1,
                        None => {}
                    }
                }
            }
            FileStatus::Fixed {
                applied,
                remaining,
                changed,
                ..
            } => {
                self.applied += applied.len();
                if *changed {
                    self.changed_files += 1;
                }
                for f in remaining {
                    match f.fix {
                        Some(s) if !self.allowed(s) => self.hidden_unsafe += 1,
                        _ => self.remaining_unfixable += 1,
                    }
                }
            }
        }
    }

    /// The one-line summary (`Found 3 problems (...)`, `Fixed 2 problems in 1 file.`).
    pub fn summary(&self) -> String {
        let more = if self.hidden_unsafe > 0 {
            format!(" ({} more with --unsafe-fixes)", self.hidden_unsafe)
        } else {
            String::new()
        };
        match self.mode {
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
        }
    }

    /// The line after the summary when some paths could not be processed.
    pub fn errors_line(&self) -> Option<String> {
        (self.errors > 0).then(|| {
            format!(
                "{} could not be processed (see the errors above).",
                plural(self.errors, "path", "paths")
            )
        })
    }

    pub fn exit_code(&self) -> u8 {
        if self.errors > 0 {
            return exit::ERROR;
        }
        let found = match self.mode {
            Mode::Check => self.findings > 0,
            Mode::Fix { dry_run: true } => self.changed_files > 0,
            _ => false,
        };
        if found && !self.exit_zero {
            exit::FOUND
        } else {
            exit::OK
        }
    }
}

/// Prints each file's findings and patch (the default format).
pub struct TextPrinter {
    mode: Mode,
    unsafe_fixes: bool,
    /// `--statistics`: the per-transform table replaces the finding lines.
    pub hide_findings: bool,
    /// `fix --stdin-filename`: stdout carries the fixed source only.
    pub source_on_stdout: bool,
}

impl TextPrinter {
    pub fn new(mode: Mode, unsafe_fixes: bool) -> TextPrinter {
        TextPrinter {
            mode,
            unsafe_fixes,
            hide_findings: false,
            source_on_stdout: false,
        }
    }

    fn finding_line(&self, display: &str, f: &Finding) -> String {
        let mark = match f.fix {
            Some(s) if s == Safety::Safe || self.unsafe_fixes => "[*] ",
            _ => "",
        };
        format!(
            "{display}:{}:{}: {} {mark}{}\n",
            f.line, f.column, f.transform, f.message
        )
    }

    pub fn file(&mut self, report: &FileReport, out: &mut dyn Write, err: &mut dyn Write) {
        let display = &report.display;
        match &report.status {
            FileStatus::Skipped { .. } | FileStatus::Failed { .. } => {}
            FileStatus::Checked { findings } => {
                if self.hide_findings {
                    return;
                }
                for f in findings {
                    let _ = out.write_all(self.finding_line(display, f).as_bytes());
                }
            }
            FileStatus::Fixed {
                remaining, output, ..
            } => {
                // `--statistics` replaces the patches too (`fix --dry-run --statistics` prints the
                // table only); a fixed source on stdout (`--stdin-filename`) always goes out.
                if let Some(p) = output
                    .as_ref()
                    .filter(|_| !self.hide_findings || self.source_on_stdout)
                {
                    let _ = out.write_all(p.as_bytes());
                }
                if self.mode != (Mode::Fix { dry_run: false }) || self.hide_findings {
                    return;
                }
                for f in remaining {
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
