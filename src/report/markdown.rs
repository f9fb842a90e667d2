//! `--format markdown`: a pull-request body. The summary line, a table by transform with counts,
//! then one section per file: the fixes applied, the findings left, and the diff folded in a
//! `<details>` block.

use crate::engine::file::{FileReport, FileStatus, Mode};
use crate::report::place::written_spans;
use crate::report::text::Totals;
use crate::report::Statistics;
use crate::walk::WalkProblem;

#[derive(Default)]
pub struct MarkdownReport {
    sections: Vec<String>,
    errors: Vec<String>,
}

/// A code fence longer than any run of backticks in `body`.
fn fence(body: &str) -> String {
    let mut longest = 0;
    let mut run = 0;
    for c in body.chars() {
        if c == '`' {
            run += 1;
            longest = longest.max(run);
        } else {
            run = 0;
        }
    }
    "`".repeat((longest + 1).max(3))
}

/// Inline code that survives backticks inside.
pub(crate) fn code(s: &str) -> String {
    if s.contains('`') {
        format!("`` {s} ``")
    } else {
        format!("`{s}`")
    }
}

/// Text on one Markdown line: line breaks become spaces, `<` cannot open HTML.
pub(crate) fn inline(s: &str) -> String {
    s.replace(['\r', '\n'], " ").replace('<', "&lt;")
}

impl MarkdownReport {
    pub fn walk_problem(&mut self, p: &WalkProblem) {
        self.errors.push(if p.display.is_empty() {
            inline(&p.message)
        } else {
            format!("{}: {}", code(&p.display), inline(&p.message))
        });
    }

    pub fn file(&mut self, report: &FileReport, tally: &Totals) {
        let path = code(&report.display);
        let mut s = String::new();
        match &report.status {
            FileStatus::Skipped { reason, error } => {
                if *error {
                    self.errors
                        .push(format!("{path}: skipped: {}", inline(reason)));
                }
                return;
            }
            FileStatus::Failed { title, help } => {
                self.errors
                    .push(format!("{path}: {} ({})", inline(title), inline(help)));
                return;
            }
            FileStatus::Checked { findings } => {
                if findings.is_empty() {
                    return;
                }
                for f in findings {
                    let mark = match f.fix {
                        Some(s) if tally.allowed(s) => " (fixable)",
                        Some(_) => " (fixable with `--unsafe-fixes`)",
                        None => "",
                    };
                    s.push_str(&format!(
                        "- line {}: {}{mark}: {}\n",
                        f.line,
                        code(f.transform),
                        inline(&f.message)
                    ));
                }
            }
            FileStatus::Fixed {
                applied,
                remaining,
                patch,
                edits,
                ..
            } => {
                if applied.is_empty() && remaining.is_empty() {
                    return;
                }
                if !applied.is_empty() {
                    let verb = if tally.mode == (Mode::Fix { dry_run: true }) {
                        "Would fix"
                    } else {
                        "Fixed"
                    };
                    s.push_str(&format!("{verb}:\n\n"));
                    let spans = written_spans(tally.mode, applied, edits);
                    for (a, span) in applied.iter().zip(spans) {
                        s.push_str(&format!(
                            "- line {}: {}: {}\n",
                            span.start.line,
                            code(a.transform),
                            inline(&a.message)
                        ));
                    }
                    s.push('\n');
                }
                if !remaining.is_empty() {
                    s.push_str("Left for a human:\n\n");
                    for f in remaining {
                        let mark = match f.fix {
                            Some(s) if !tally.allowed(s) => " (fixable with `--unsafe-fixes`)",
                            _ => "",
                        };
                        s.push_str(&format!(
                            "- line {}: {}{mark}: {}\n",
                            f.line,
                            code(f.transform),
                            inline(&f.message)
                        ));
                    }
                    s.push('\n');
                }
                if let Some(p) = patch {
                    let f = fence(p);
                    s.push_str(&format!(
                        "<details>\n<summary>Diff</summary>\n\n{f}diff\n{p}{}{f}\n\n</details>\n",
                        if p.ends_with('\n') { "" } else { "\n" }
                    ));
                }
            }
        }
        self.sections
            .push(format!("### {path}\n\n{}", s.trim_end_matches('\n')));
    }

    pub fn render(&self, tally: &Totals, stats: &Statistics) -> String {
        let mut out = format!("## cdktf-fix\n\n{}\n", tally.summary());
        let rows = stats.sorted();
        if !rows.is_empty() {
            match tally.mode {
                Mode::Check => {
                    out.push_str("\n| transform | found | fixable |\n|---|---:|---:|\n");
                    for (id, c) in &rows {
                        out.push_str(&format!("| {} | {} | {} |\n", code(id), c.found, c.fixable));
                    }
                }
                Mode::Fix { dry_run } => {
                    let head = if dry_run { "would fix" } else { "fixed" };
                    out.push_str(&format!(
                        "\n| transform | {head} | left |\n|---|---:|---:|\n"
                    ));
                    for (id, c) in &rows {
                        out.push_str(&format!(
                            "| {} | {} | {} |\n",
                            code(id),
                            c.fixed,
                            c.remaining
                        ));
                    }
                }
            }
        }
        for s in &self.sections {
            out.push_str(&format!("\n{s}\n"));
        }
        if !self.errors.is_empty() {
            out.push_str("\n### Could not be processed\n\n");
            for e in &self.errors {
                out.push_str(&format!("- {e}\n"));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fences_outgrow_backticks_in_the_diff() {
        assert_eq!(fence("a\nb"), "```");
        assert_eq!(fence("x ```` y"), "`````");
    }

    #[test]
    fn inline_text_stays_on_one_line_and_opens_no_html() {
        assert_eq!(inline("a\r\nb <c>"), "a  b &lt;c>");
        assert_eq!(code("a`b"), "`` a`b ``");
    }
}
