//! `check --add-suppressions` (as ruff's `--add-noqa`): an ignore comment for every current
//! finding, so a fleet can enforce "no new findings" from the day it adopts the tool.
//!
//! Each finding's line gets `// cdktf-fix: ignore[<ids>]` (`#` in Python) on a line of its own
//! above it, indented like it, with the file's line ending; a suppression comment already there is
//! extended with the missing ids instead. The result must parse with no new syntax error and
//! every inserted line must be a comment (never inside a multi-line string); otherwise the file is
//! left alone and a warning says so. Written atomically; a BOM stays; a second run adds nothing,
//! as every finding is then suppressed.

use std::collections::BTreeMap;
use std::io::Write;

use transforms::lang::Lang;
use transforms::source::SourceText;
use transforms::ParsedFile;

use crate::bulk::plural;
use crate::engine::file::{FileReport, FileStatus};
use crate::engine::syntax_errors;
use crate::engine::write::write_atomic;
use crate::report::text::exit;
use crate::suppress::MARKER;
use crate::walk::Candidate;

/// What `--add-suppressions` wrote.
#[derive(Debug, Default)]
pub struct Tally {
    pub comments: usize,
    pub files: usize,
    pub failed: usize,
}

impl Tally {
    /// Adds the comments for `report`'s findings to its file.
    pub fn file(&mut self, candidate: &Candidate, report: &FileReport, err: &mut dyn Write) {
        let FileStatus::Checked { findings } = &report.status else {
            return;
        };
        if findings.is_empty() {
            return;
        }
        let mut by_line: BTreeMap<usize, Vec<&'static str>> = BTreeMap::new();
        for f in findings {
            let ids = by_line.entry(f.line).or_default();
            if !ids.contains(&f.transform) {
                ids.push(f.transform);
            }
        }
        let result = std::fs::read(&candidate.path)
            .map_err(|e| format!("cannot read the file: {e}"))
            .and_then(|bytes| {
                let new = with_suppressions(candidate.lang, &bytes, &by_line)?;
                write_atomic(&candidate.path, &bytes, new.as_bytes())
                    .map_err(|e| format!("cannot write the file: {e}"))
            });
        match result {
            Ok(()) => {
                self.files += 1;
                self.comments += by_line.len();
            }
            Err(message) => {
                self.failed += 1;
                let _ = writeln!(
                    err,
                    "error: {}: no suppression comments added: {message}",
                    candidate.display
                );
            }
        }
    }

    /// Prints what was added; the run's exit code becomes 0 when every finding was suppressed.
    pub fn finish(&self, code: u8, quiet: bool, err: &mut dyn Write) -> u8 {
        if !quiet {
            let _ = writeln!(
                err,
                "Added {} in {}.",
                plural(self.comments, "suppression comment"),
                plural(self.files, "file")
            );
        }
        match code {
            exit::FOUND if self.failed == 0 => exit::OK,
            exit::FOUND => exit::ERROR,
            other => other,
        }
    }
}

/// The file's text with a suppression comment above each line of `by_line` (1-based line →
/// transform ids); an error when the comments would not be comments or would break the file.
pub fn with_suppressions(
    lang: Lang,
    bytes: &[u8],
    by_line: &BTreeMap<usize, Vec<&'static str>>,
) -> Result<String, String> {
    let source = SourceText::decode(bytes).map_err(|e| e.to_string())?;
    let text = source.text.as_str();
    let token = lang.line_comment();
    if token.is_empty() {
        return Err(format!("{} has no comments", lang.name()));
    }
    let starts: Vec<usize> = std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let line_at = |line: usize| -> &str {
        let start = starts[line - 1];
        let end = starts.get(line).copied().unwrap_or(text.len());
        &text[start..end]
    };
    // (offset, text to insert, whether it is a new comment line starting there).
    let mut inserts: Vec<(usize, String, bool)> = Vec::new();
    for (&line, ids) in by_line {
        if line == 0 || line > starts.len() {
            continue;
        }
        let code = line_at(line);
        let eol = if code.ends_with("\r\n") || (!code.ends_with('\n') && text.contains("\r\n")) {
            "\r\n"
        } else {
            "\n"
        };
        // A suppression comment of its own on the line above: add the missing ids to it.
        if line > 1 {
            let above = line_at(line - 1);
            let trimmed = above.trim_start();
            let prefix = format!("{token} {MARKER} ignore[");
            if let (Some(rest), Some(close)) = (trimmed.strip_prefix(&prefix), trimmed.find(']')) {
                let listed: Vec<&str> = rest[..rest.find(']').unwrap_or(0)]
                    .split(',')
                    .map(str::trim)
                    .collect();
                let missing: Vec<&str> = ids
                    .iter()
                    .copied()
                    .filter(|id| !listed.contains(id))
                    .collect();
                if !missing.is_empty() {
                    let at = starts[line - 2] + (above.len() - trimmed.len()) + close;
                    inserts.push((at, format!(", {}", missing.join(", ")), false));
                }
                continue;
            }
        }
        let indent: String = code
            .chars()
            .take_while(|c| *c == ' ' || *c == '\t')
            .collect();
        let comment = format!("{indent}{token} {MARKER} ignore[{}]{eol}", ids.join(", "));
        inserts.push((starts[line - 1], comment, true));
    }
    if inserts.is_empty() {
        return Ok(source.encode(text));
    }
    inserts.sort_by_key(|(at, _, _)| *at);
    let mut out = String::with_capacity(text.len() + inserts.len() * 48);
    let mut comment_starts = Vec::new();
    let mut last = 0;
    for (at, insert, new_line) in &inserts {
        out.push_str(&text[last..*at]);
        if *new_line {
            let indent = insert.len() - insert.trim_start().len();
            comment_starts.push(out.len() + indent);
        }
        out.push_str(insert);
        last = *at;
    }
    out.push_str(&text[last..]);
    if syntax_errors(lang, &out) > syntax_errors(lang, text) {
        return Err("a comment there would break the file's syntax".into());
    }
    let parsed = ParsedFile::parse(lang, &out);
    let comments: Vec<usize> = parsed
        .tree()
        .root()
        .dfs()
        .filter(|n| n.kind().contains("comment"))
        .map(|n| n.range().start)
        .collect();
    if let Some(&bad) = comment_starts.iter().find(|s| !comments.contains(s)) {
        let line = out[..bad].matches('\n').count() + 1;
        return Err(format!(
            "line {line} of the result would not be a comment (inside a multi-line string?); suppress it by hand"
        ));
    }
    Ok(source.encode(&out))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn add(lang: Lang, text: &str, lines: &[(usize, &[&'static str])]) -> Result<String, String> {
        let by_line = lines.iter().map(|(l, ids)| (*l, ids.to_vec())).collect();
        with_suppressions(lang, text.as_bytes(), &by_line)
    }

    #[test]
    fn a_comment_goes_above_the_line_indented_like_it_with_its_line_ending() {
        let got = add(
            Lang::TypeScript,
            "\u{feff}const a = 1;\r\n  new X(this, \"x\", {});\r\n",
            &[(2, &["sg-port-range", "ebs-gp3"])],
        )
        .unwrap();
        assert_eq!(
            got,
            "\u{feff}const a = 1;\r\n  // cdktf-fix: ignore[sg-port-range, ebs-gp3]\r\n  new X(this, \"x\", {});\r\n"
        );
        let py = add(Lang::Python, "x = 1\n", &[(1, &["ebs-gp3"])]).unwrap();
        assert_eq!(py, "# cdktf-fix: ignore[ebs-gp3]\nx = 1\n");
    }

    #[test]
    fn an_existing_comment_above_is_extended_not_doubled() {
        let text = "  // cdktf-fix: ignore[ebs-gp3] -- on purpose\n  x();\n";
        let got = add(Lang::TypeScript, text, &[(2, &["ebs-gp3", "imds-v2"])]).unwrap();
        assert_eq!(
            got,
            "  // cdktf-fix: ignore[ebs-gp3, imds-v2] -- on purpose\n  x();\n"
        );
        assert_eq!(
            add(Lang::TypeScript, text, &[(2, &["ebs-gp3"])]).unwrap(),
            text
        );
    }

    #[test]
    fn a_line_inside_a_multi_line_string_is_refused() {
        let text = "const s = `a\nb`;\n";
        let e = add(Lang::TypeScript, text, &[(2, &["ebs-gp3"])]).unwrap_err();
        assert!(e.contains("would not be a comment"), "{e}");
    }
}
