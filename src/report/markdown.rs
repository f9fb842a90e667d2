//! `--format markdown`: a pull-request body. The summary line, a table by transform with counts,
//! the files that could not be processed, then one section per file: the fixes applied, the
//! findings left, and the diff folded in a `<details>` block.
//!
//! GitHub refuses a pull-request body over 65,536 characters, and a fleet's report is easily ten
//! times that: [`MarkdownReport::render_capped`] keeps the summary and the table, then whole file
//! sections in path order while they fit under the cap, then says how many files are left out
//! and where the full report is (`--output FILE`).

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

/// The longest run of backticks in `s`.
fn longest_backtick_run(s: &str) -> usize {
    let (mut longest, mut run) = (0, 0);
    for c in s.chars() {
        if c == '`' {
            run += 1;
            longest = longest.max(run);
        } else {
            run = 0;
        }
    }
    longest
}

/// A code fence longer than any run of backticks in `body` (so no line of it closes the fence).
fn fence(body: &str) -> String {
    "`".repeat((longest_backtick_run(body) + 1).max(3))
}

/// `s` as inline code, shown as it is: delimited by a backtick run longer than any inside,
/// padded with a space when it starts or ends with a backtick (CommonMark strips one space on
/// each side). Nothing is escaped inside: a code span shows `&lt;` as those four characters.
pub(crate) fn code(s: &str) -> String {
    let s = s.replace(['\r', '\n'], " ");
    let ticks = "`".repeat(longest_backtick_run(&s) + 1);
    let pad = if s.starts_with('`') || s.ends_with('`') || (s.starts_with(' ') && s.ends_with(' '))
    {
        " "
    } else {
        ""
    };
    format!("{ticks}{pad}{s}{pad}{ticks}")
}

/// Text on one Markdown line, such as a finding's message: line breaks become spaces; outside
/// its code spans (`` `X` ``, which messages use for names and code) `<` becomes `&lt;` so it
/// cannot open HTML; inside them nothing is escaped, since a code span shows an entity literally.
/// A backtick run with no closing run of the same length is text, as CommonMark reads it.
pub(crate) fn inline(s: &str) -> String {
    let s = s.replace(['\r', '\n'], " ");
    let mut out = String::with_capacity(s.len());
    let mut rest = s.as_str();
    while let Some(open) = rest.find('`') {
        let (text, from_open) = rest.split_at(open);
        out.push_str(&text.replace('<', "&lt;"));
        let n = from_open.len() - from_open.trim_start_matches('`').len();
        let (ticks, after) = from_open.split_at(n);
        match closing_run(after, n) {
            Some(close) => {
                out.push_str(ticks);
                out.push_str(&after[..close + n]);
                rest = &after[close + n..];
            }
            None => {
                out.push_str(ticks);
                rest = after;
            }
        }
    }
    out.push_str(&rest.replace('<', "&lt;"));
    out
}

/// Where in `s` the first run of exactly `n` backticks starts.
fn closing_run(s: &str, n: usize) -> Option<usize> {
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'`' {
            let start = i;
            while i < bytes.len() && bytes[i] == b'`' {
                i += 1;
            }
            if i - start == n {
                return Some(start);
            }
        } else {
            i += 1;
        }
    }
    None
}

/// The length GitHub measures a body in: UTF-16 code units (JavaScript's `length`), never less
/// than the count of characters.
fn length(s: &str) -> usize {
    s.encode_utf16().count()
}

/// `--max-report-chars` and `--output` for [`MarkdownReport::render_capped`].
#[derive(Clone, Debug)]
pub struct Cap {
    /// The body never exceeds this many characters (UTF-16 code units) unless its summary and
    /// table alone do.
    pub max_chars: usize,
    /// Where the full report is (`--output FILE`), as the user named it.
    pub full_report: Option<String>,
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

    /// The whole report (`--output FILE`, or stdout with no cap).
    pub fn render(&self, tally: &Totals, stats: &Statistics) -> String {
        self.render_with(tally, stats, None)
    }

    /// The report as a pull-request body: at most `cap.max_chars` characters.
    pub fn render_capped(&self, tally: &Totals, stats: &Statistics, cap: &Cap) -> String {
        self.render_with(tally, stats, Some(cap))
    }

    fn render_with(&self, tally: &Totals, stats: &Statistics, cap: Option<&Cap>) -> String {
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
        let Some(cap) = cap else {
            // Errors first: a file that could not be processed matters more than a fixed one.
            if !self.errors.is_empty() {
                out.push_str("\n### Could not be processed\n\n");
                for e in &self.errors {
                    out.push_str(&format!("- {e}\n"));
                }
            }
            for s in &self.sections {
                out.push_str(&format!("\n{s}\n"));
            }
            return out;
        };
        // Room for the closing note at its longest (every file and error left out).
        let reserve = length(&omitted_note(self.sections.len(), self.errors.len(), cap));
        let mut used = length(&out);
        let fits = |used: usize, piece: &str| used + length(piece) + reserve <= cap.max_chars;
        let mut errors_left = self.errors.len();
        if !self.errors.is_empty() {
            let head = "\n### Could not be processed\n\n";
            let first = format!("- {}\n", self.errors[0]);
            if fits(used, &format!("{head}{first}")) {
                out.push_str(head);
                used += length(head);
                for e in &self.errors {
                    let line = format!("- {e}\n");
                    if !fits(used, &line) {
                        break;
                    }
                    out.push_str(&line);
                    used += length(&line);
                    errors_left -= 1;
                }
            }
        }
        let mut files_left = self.sections.len();
        if errors_left == 0 {
            for s in &self.sections {
                let piece = format!("\n{s}\n");
                // Files in path order: the first that does not fit ends the list.
                if !fits(used, &piece) {
                    break;
                }
                out.push_str(&piece);
                used += length(&piece);
                files_left -= 1;
            }
        }
        if files_left > 0 || errors_left > 0 {
            out.push_str(&omitted_note(files_left, errors_left, cap));
        }
        out
    }
}

/// The note closing a capped body: what was left out, and where the full report is.
fn omitted_note(files: usize, errors: usize, cap: &Cap) -> String {
    let mut left = Vec::new();
    if files > 0 {
        left.push(format!(
            "{files} more {}",
            if files == 1 { "file" } else { "files" }
        ));
    }
    if errors > 0 {
        left.push(format!(
            "{errors} more {}",
            if errors == 1 {
                "file that could not be processed"
            } else {
                "files that could not be processed"
            }
        ));
    }
    let where_ = match &cap.full_report {
        Some(path) => format!("The full report: {}.", code(path)),
        None => "Run cdktf-fix with `--output FILE` to write the full report.".to_string(),
    };
    format!(
        "\n---\n\n**{}** not shown: this report is cut at {} characters (`--max-report-chars`). {where_}\n",
        left.join(" and "),
        thousands(cap.max_chars)
    )
}

/// `60000` → `60,000`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
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
    }

    #[test]
    fn code_spans_are_not_entity_escaped_and_outgrow_their_backticks() {
        assert_eq!(code("Map<string, X>"), "`Map<string, X>`");
        assert_eq!(code("a`b"), "``a`b``");
        assert_eq!(code("a``b"), "```a``b```");
        assert_eq!(code("`a"), "`` `a ``");
        assert_eq!(code(" a "), "`  a  `");
        assert_eq!(code("a\nb"), "`a b`");
        // In a message, `<` is escaped in the text and left alone in its code spans.
        assert_eq!(
            inline("use `Map<K, V>` for <x> and ``a`<b`` <y>"),
            "use `Map<K, V>` for &lt;x> and ``a`<b`` &lt;y>"
        );
        // An unclosed backtick is text: what follows is escaped.
        assert_eq!(inline("a ` <b>"), "a ` &lt;b>");
        assert_eq!(inline("``a` <b>"), "``a` &lt;b>");
    }

    fn fleet(files: usize) -> MarkdownReport {
        let mut m = MarkdownReport::default();
        for i in 0..files {
            // Characters outside the Basic Multilingual Plane count twice, as GitHub counts.
            m.sections
                .push(format!("### `f{i:03}.ts`\n\n{}", "x\u{1d11e}".repeat(100)));
        }
        m
    }

    #[test]
    fn a_capped_body_keeps_the_summary_then_whole_files_and_names_the_full_report() {
        let m = fleet(50);
        let tally = Totals::new(Mode::Check, false);
        let stats = Statistics::default();
        let whole = m.render(&tally, &stats);
        assert!(length(&whole) > 15_000);
        for max in [1_000, 2_000, 5_000] {
            let cap = Cap {
                max_chars: max,
                full_report: Some("out/full.md".to_string()),
            };
            let body = m.render_capped(&tally, &stats, &cap);
            assert!(length(&body) <= max, "{} > {max}", length(&body));
            let shown = body.matches("### `f").count();
            assert!((1..50).contains(&shown), "{shown} files shown under {max}");
            // Within 600 characters (two files) of the cap: the files that fit are all there.
            assert!(length(&body) + 2 * 600 > max, "{}", length(&body));
            let (kept, note) = body.split_once("\n---\n\n").unwrap();
            assert!(
                whole.starts_with(kept),
                "the body is the report's beginning"
            );
            assert_eq!(
                note,
                format!(
                    "**{} more files** not shown: this report is cut at {} characters (`--max-report-chars`). The full report: `out/full.md`.\n",
                    50 - shown,
                    thousands(max)
                )
            );
        }
        let roomy = Cap {
            max_chars: 100_000,
            full_report: None,
        };
        assert_eq!(m.render_capped(&tally, &stats, &roomy), whole);
        let tight = Cap {
            max_chars: 1_000,
            full_report: None,
        };
        assert!(m
            .render_capped(&tally, &stats, &tight)
            .ends_with("Run cdktf-fix with `--output FILE` to write the full report.\n"));
    }

    #[test]
    fn files_that_could_not_be_processed_come_before_the_fixed_ones() {
        let mut m = fleet(3);
        m.errors.push("`a.ts`: cannot read".to_string());
        let tally = Totals::new(Mode::Check, false);
        let whole = m.render(&tally, &Statistics::default());
        let error = whole.find("### Could not be processed").unwrap();
        assert!(error < whole.find("### `f000.ts`").unwrap());
        assert_eq!(thousands(65_536), "65,536");
        assert_eq!(thousands(999), "999");
    }
}
