//! `--format github`: GitHub Actions workflow commands, which the runner turns into annotations
//! on the pull request's files: `::warning file=F,line=L,col=C,endLine=L,endColumn=C,title=ID::msg`.
//!
//! `check`: one `warning` per finding. `fix`: one `notice` per fix applied (`Fixed: ...`; with
//! `--dry-run` a `warning`, `Would fix: ...`), one `warning` per finding left, all placed in the
//! file as written (as read with `--dry-run`). Files that could not be processed: `error`.

use crate::engine::file::{FileReport, FileStatus, Mode, Span};
use crate::report::place::applied_fixes;
use crate::report::text::Totals;
use crate::walk::WalkProblem;

/// Escapes a command's message: `%`, CR and LF.
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value: as [`escape_data`], and `:` and `,` too.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// One workflow command: `::kind key=value,...::message`.
pub fn command(kind: &str, props: &[(&str, String)], message: &str) -> String {
    let props: Vec<String> = props
        .iter()
        .map(|(k, v)| format!("{k}={}", escape_property(v)))
        .collect();
    let sep = if props.is_empty() { "" } else { " " };
    format!(
        "::{kind}{sep}{}::{}\n",
        props.join(","),
        escape_data(message)
    )
}

fn located(path: &str, span: &Span, title: &str) -> Vec<(&'static str, String)> {
    vec![
        ("file", path.to_string()),
        ("line", span.start.line.to_string()),
        ("col", span.start.column.to_string()),
        ("endLine", span.end.line.to_string()),
        ("endColumn", span.end.column.to_string()),
        ("title", title.to_string()),
    ]
}

/// The annotations for one file.
pub fn file(report: &FileReport, tally: &Totals) -> String {
    let path = &report.display;
    let mut out = String::new();
    match &report.status {
        FileStatus::Skipped { reason, error } => {
            if *error {
                let msg = format!("skipped: {reason}");
                out.push_str(&command("error", &[("file", path.clone())], &msg));
            }
        }
        FileStatus::Failed { title, help } => {
            let msg = format!("{title}\n{help}");
            out.push_str(&command("error", &[("file", path.clone())], &msg));
        }
        FileStatus::Checked { findings } => {
            for f in findings {
                let props = located(path, &f.span, f.transform);
                out.push_str(&command("warning", &props, &f.message));
            }
        }
        FileStatus::Fixed { remaining, .. } => {
            let dry_run = tally.mode == (Mode::Fix { dry_run: true });
            for (a, span) in applied_fixes(tally.mode, &report.status) {
                let props = located(path, &span, a.transform);
                out.push_str(&if dry_run {
                    command("warning", &props, &format!("Would fix: {}", a.message))
                } else {
                    command("notice", &props, &format!("Fixed: {}", a.message))
                });
            }
            for f in remaining {
                let props = located(path, &f.span, f.transform);
                out.push_str(&command("warning", &props, &f.message));
            }
        }
    }
    out
}

pub fn walk_problem(p: &WalkProblem) -> String {
    if p.display.is_empty() {
        command("error", &[], &p.message)
    } else {
        command("error", &[("file", p.display.clone())], &p.message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_escape_percent_and_line_breaks_only() {
        assert_eq!(
            escape_data("100% done\r\nnext: a,b"),
            "100%25 done%0D%0Anext: a,b"
        );
    }

    #[test]
    fn properties_also_escape_colon_and_comma() {
        assert_eq!(escape_property("C:\\a,b%\n"), "C%3A\\a%2Cb%25%0A");
    }

    #[test]
    fn escaping_percent_first_keeps_escapes_unambiguous() {
        // A literal "%0A" must not turn into a line break for the runner.
        assert_eq!(escape_data("%0A"), "%250A");
        assert_eq!(escape_property("%3A"), "%253A");
    }

    #[test]
    fn a_command_joins_escaped_properties_with_commas() {
        assert_eq!(
            command(
                "warning",
                &[("file", "a,b.ts".into()), ("title", "x:y".into())],
                "m\nn"
            ),
            "::warning file=a%2Cb.ts,title=x%3Ay::m%0An\n"
        );
        assert_eq!(command("error", &[], "boom"), "::error::boom\n");
    }
}
