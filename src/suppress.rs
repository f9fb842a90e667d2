//! Suppression comments, read by the engine for every transform alike:
//!
//! - `// cdktf-fix: ignore[ID,...]` (`#` in Python) suppresses those transforms' findings, and
//!   their fixes, on its own line; written on a line of its own, on the next line;
//! - `// cdktf-fix: ignore` does the same for every transform; only a reason after `--` may
//!   follow it: `ignore hardcoded-az` or `ignore: hardcoded-az` is malformed, reported, and
//!   suppresses nothing (it never widens to every transform);
//! - `// cdktf-fix: ignore-file` anywhere in the file skips the whole file (it is never parsed);
//!   `// cdktf-fix: ignore-file[ID,...]` never runs those transforms on the file.
//!
//! A fix made for a finding that is not suppressed is held back (the finding is reported without
//! it) when one of its edits would change a line where its transform is suppressed.
//!
//! Text may follow a directive (`// cdktf-fix: ignore[sg-port-range] -- opened on purpose`).
//! Comments are found by a byte search for `cdktf-fix:` before anything else, so a file without
//! the marker costs one substring search. The marker counts when it directly follows the
//! language's line-comment token (`//` or `#`); a string literal that looks like such a comment
//! counts too, which is harmless. Unknown transform ids, unknown directives and malformed id
//! lists are reported as warnings (they change no exit code) and suppress nothing.

use std::ops::Range;

use transforms::lang::Lang;
use transforms::source::line_col;

/// What every suppression comment starts with, after the comment token.
pub const MARKER: &str = "cdktf-fix:";

/// Which transforms a suppression covers.
#[derive(Clone, Debug, PartialEq, Eq)]
enum SuppressionScope {
    All,
    Transforms(Vec<String>),
}

impl SuppressionScope {
    fn covers(&self, transform: &str) -> bool {
        match self {
            SuppressionScope::All => true,
            SuppressionScope::Transforms(ids) => ids.iter().any(|id| id == transform),
        }
    }
}

/// A problem with a suppression comment, placed at its `cdktf-fix:` marker.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// The suppressions of one text.
#[derive(Debug, Default)]
pub struct Suppressions {
    /// `ignore-file` without ids: the file is skipped.
    pub skip_file: bool,
    /// `ignore-file[ID,...]`: transforms never run on the file.
    file_rules: Vec<String>,
    /// (1-based line a suppression applies to, what it covers).
    lines: Vec<(usize, SuppressionScope)>,
    /// Byte offset where each line starts; filled only when `lines` is not empty.
    line_starts: Vec<usize>,
    pub warnings: Vec<Warning>,
}

impl Suppressions {
    /// Reads every suppression comment of `text`.
    pub fn parse(lang: Lang, text: &str) -> Suppressions {
        let mut out = Suppressions::default();
        if !text.contains(MARKER) {
            return out;
        }
        let comment = lang.line_comment();
        for (pos, _) in text.match_indices(MARKER) {
            let line_start = text[..pos].rfind('\n').map_or(0, |i| i + 1);
            let line_end = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
            let Some(code) = text[line_start..pos].trim_end().strip_suffix(comment) else {
                continue; // not right after a comment token: not a directive
            };
            let own_line = code.trim().is_empty();
            let (line, column) = line_col(text, pos);
            let directive = text[pos + MARKER.len()..line_end].trim_end_matches('\r');
            let mut warn = |message: String| {
                out.warnings.push(Warning {
                    line,
                    column,
                    message,
                })
            };
            let (file_wide, scope) = match parse_directive(directive) {
                Ok(d) => d,
                Err(message) => {
                    warn(message);
                    continue;
                }
            };
            let scope = match scope {
                SuppressionScope::All => SuppressionScope::All,
                SuppressionScope::Transforms(ids) => {
                    let mut known = Vec::new();
                    for id in ids {
                        if transforms::catalogue::by_id(&id).is_some() {
                            known.push(id);
                        } else {
                            warn(unknown_id(&id));
                        }
                    }
                    if known.is_empty() {
                        continue; // suppresses nothing
                    }
                    SuppressionScope::Transforms(known)
                }
            };
            match (file_wide, scope) {
                (true, SuppressionScope::All) => out.skip_file = true,
                (true, SuppressionScope::Transforms(ids)) => out.file_rules.extend(ids),
                (false, scope) => {
                    // A comment on a line of its own covers the next line; a trailing one its own.
                    out.lines
                        .push((if own_line { line + 1 } else { line }, scope));
                }
            }
        }
        if !out.lines.is_empty() {
            out.line_starts = std::iter::once(0)
                .chain(text.match_indices('\n').map(|(i, _)| i + 1))
                .collect();
        }
        out
    }

    /// Whether `transform` may run on the file at all.
    pub fn allows_rule(&self, transform: &str) -> bool {
        !self.skip_file && !self.file_rules.iter().any(|id| id == transform)
    }

    /// Whether a finding of `transform` over byte `range` (placed by its start) is suppressed.
    pub fn suppresses(&self, transform: &str, range: &Range<usize>) -> bool {
        if !self.allows_rule(transform) {
            return true;
        }
        if self.lines.is_empty() {
            return false;
        }
        let line = self.line_of(range.start);
        self.lines
            .iter()
            .any(|(l, scope)| *l == line && scope.covers(transform))
    }

    /// Whether an edit of a `transform` fix over byte `range` would change a line where `transform` is
    /// suppressed: such a fix (made for another finding) is held back, so suppressed code is
    /// never rewritten.
    pub fn protects(&self, transform: &str, range: &Range<usize>) -> bool {
        if self.lines.is_empty() {
            return false;
        }
        let first = self.line_of(range.start);
        let last = self.line_of(range.end.saturating_sub(1).max(range.start));
        self.lines
            .iter()
            .any(|(l, scope)| (first..=last).contains(l) && scope.covers(transform))
    }

    /// 1-based line of a byte offset (only when `lines` is not empty).
    fn line_of(&self, offset: usize) -> usize {
        self.line_starts.partition_point(|&s| s <= offset)
    }
}

fn unknown_id(id: &str) -> String {
    let known: Vec<&str> = transforms::catalogue::REGISTRY
        .iter()
        .map(|r| r.meta().id)
        .collect();
    format!(
        "unknown transform `{id}` in a cdktf-fix suppression (known: {}); it suppresses nothing",
        known.join(", ")
    )
}

/// Parses what follows the marker: ` ignore`, ` ignore[a,b]`, ` ignore-file`, ...; returns
/// (file-wide, scope). Anything after the directive is a free-form reason.
fn parse_directive(s: &str) -> Result<(bool, SuppressionScope), String> {
    let s = s.trim_start();
    let word_end = s
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
        .unwrap_or(s.len());
    let (word, rest) = s.split_at(word_end);
    let file_wide = match word {
        "ignore" => false,
        "ignore-file" => true,
        _ => {
            return Err(format!(
                "unknown cdktf-fix directive `{word}` (expected `ignore[ID,...]`, `ignore` or `ignore-file`); it suppresses nothing"
            ))
        }
    };
    let Some(list) = rest.strip_prefix('[') else {
        // Bare `ignore`: nothing may follow but a reason after `--`. Anything else
        // (`ignore hardcoded-az`, `ignore: a, b`) is a malformed list of ids; reading it as
        // "every transform" would silence far more than was written.
        let reason = rest.trim_start();
        if reason.is_empty() || reason.starts_with("--") {
            return Ok((file_wide, SuppressionScope::All));
        }
        return Err(format!(
            "malformed cdktf-fix suppression `{word}{}`: the ids go in brackets, `cdktf-fix: {word}[<id>, ...]` (a reason may follow `--`); it suppresses nothing",
            rest.trim_end()
        ));
    };
    let Some(end) = list.find(']') else {
        return Err(format!(
            "`{word}[` is not closed with `]`; it suppresses nothing"
        ));
    };
    let ids: Vec<String> = list[..end]
        .split(',')
        .map(str::trim)
        .filter(|id| !id.is_empty())
        .map(str::to_string)
        .collect();
    if ids.is_empty() {
        return Err(format!(
            "`{word}[]` names no transform (write `{word}` to cover every one); it suppresses nothing"
        ));
    }
    Ok((file_wide, SuppressionScope::Transforms(ids)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str, needle: &str) -> Range<usize> {
        let i = text.find(needle).unwrap();
        i..i + needle.len()
    }

    #[test]
    fn a_text_without_the_marker_has_no_suppressions() {
        let s = Suppressions::parse(Lang::TypeScript, "let a = 1; // ignore\n");
        assert!(!s.skip_file && s.lines.is_empty() && s.warnings.is_empty());
        assert!(!s.suppresses("sg-port-range", &(0..1)));
    }

    #[test]
    fn a_comment_on_its_own_line_covers_the_next_line_only() {
        let t = "// cdktf-fix: ignore[sg-port-range]\nlet a = 1;\nlet b = 2;\n";
        let s = Suppressions::parse(Lang::TypeScript, t);
        assert!(s.suppresses("sg-port-range", &at(t, "let a")));
        assert!(!s.suppresses("sg-port-range", &at(t, "let b")));
        assert!(!s.suppresses("default-tags", &at(t, "let a")), "other id");
        assert!(s.warnings.is_empty());
    }

    #[test]
    fn a_trailing_comment_covers_its_own_line_only() {
        let t = "let a = 1; // cdktf-fix: ignore[sg-port-range, default-tags] -- on purpose\nlet b = 2;\n";
        let s = Suppressions::parse(Lang::TypeScript, t);
        assert!(s.suppresses("sg-port-range", &at(t, "let a")));
        assert!(s.suppresses("default-tags", &at(t, "a = 1")));
        assert!(!s.suppresses("sg-port-range", &at(t, "let b")));
    }

    #[test]
    fn edits_over_a_suppressed_line_are_protected_against() {
        let t = "let a = 1;\n// cdktf-fix: ignore[sg-port-range]\nlet b = 2;\nlet c = 3;\n";
        let s = Suppressions::parse(Lang::TypeScript, t);
        let (a, b, c) = (at(t, "let a"), at(t, "let b"), at(t, "let c"));
        assert!(
            s.protects("sg-port-range", &(a.start..c.end)),
            "spans line 3"
        );
        assert!(s.protects("sg-port-range", &b));
        assert!(
            s.protects("sg-port-range", &(b.start..b.start)),
            "an insertion"
        );
        assert!(!s.protects("sg-port-range", &a));
        assert!(!s.protects("sg-port-range", &(c.start..t.len())));
        // Up to the end of line 2, newline included, is still line 2.
        assert!(!s.protects("sg-port-range", &(a.start..b.start)));
        assert!(!s.protects("default-tags", &b), "another transform");
    }

    #[test]
    fn ignore_without_ids_covers_every_transform() {
        let t = "x = 1  # cdktf-fix: ignore\ny = 2\n";
        let s = Suppressions::parse(Lang::Python, t);
        assert!(s.suppresses("default-tags", &at(t, "x = 1")));
        assert!(s.suppresses("provider-imports", &at(t, "x = 1")));
        assert!(!s.suppresses("default-tags", &at(t, "y = 2")));
    }

    #[test]
    fn ids_without_brackets_suppress_nothing_and_are_reported() {
        let t = "x = 1  # cdktf-fix: ignore hardcoded-az\ny = 2  # cdktf-fix: ignore -- on purpose\nz = 3  # cdktf-fix: ignore: default-tags\n# cdktf-fix: ignore-file sg-port-range\n";
        let s = Suppressions::parse(Lang::Python, t);
        // Not widened to every transform, and not read as the id either.
        assert!(!s.suppresses("hardcoded-az", &at(t, "x = 1")));
        assert!(!s.suppresses("default-tags", &at(t, "x = 1")));
        assert!(!s.suppresses("default-tags", &at(t, "z = 3")));
        assert!(!s.skip_file && s.allows_rule("sg-port-range"));
        // A reason after `--` is still a bare `ignore`.
        assert!(s.suppresses("default-tags", &at(t, "y = 2")));
        let got: Vec<(usize, usize)> = s.warnings.iter().map(|w| (w.line, w.column)).collect();
        assert_eq!(got, vec![(1, 10), (3, 10), (4, 3)]);
        for w in &s.warnings {
            assert!(
                w.message.contains("`cdktf-fix: ignore")
                    && w.message.contains("[<id>, ...]`")
                    && w.message.ends_with("it suppresses nothing"),
                "{}",
                w.message
            );
        }
        assert!(s.warnings[0].message.contains("`ignore hardcoded-az`"));
        assert!(s.warnings[2]
            .message
            .contains("`cdktf-fix: ignore-file[<id>, ...]`"));
    }

    #[test]
    fn the_comment_token_is_the_languages() {
        // `#` is no comment in TypeScript, `//` none in Python.
        let ts = "let a = 1; # cdktf-fix: ignore\n";
        assert!(!Suppressions::parse(Lang::TypeScript, ts).suppresses("default-tags", &(0..1)));
        let py = "a = 1 // cdktf-fix: ignore\n";
        assert!(!Suppressions::parse(Lang::Python, py).suppresses("default-tags", &(0..1)));
        let go = "\ta := 1 // cdktf-fix: ignore\n";
        assert!(Suppressions::parse(Lang::Go, go).suppresses("default-tags", &(1..2)));
        // The marker inside a comment's prose is not a directive.
        let prose = "// see the cdktf-fix: ignore docs\nlet a = 1;\n";
        let s = Suppressions::parse(Lang::TypeScript, prose);
        assert!(!s.suppresses("default-tags", &at(prose, "let a")));
    }

    #[test]
    fn crlf_line_endings_are_understood() {
        let t = "// cdktf-fix: ignore[default-tags]\r\nlet a = 1;\r\nlet b = 1;\r\n";
        let s = Suppressions::parse(Lang::TypeScript, t);
        assert!(s.warnings.is_empty(), "{:?}", s.warnings);
        assert!(s.suppresses("default-tags", &at(t, "let a")));
        assert!(!s.suppresses("default-tags", &at(t, "let b")));
    }

    #[test]
    fn ignore_file_skips_the_file_or_only_the_named_transforms() {
        let t = "let a = 1;\n// cdktf-fix: ignore-file\n";
        let s = Suppressions::parse(Lang::TypeScript, t);
        assert!(s.skip_file && !s.allows_rule("default-tags"));
        let t = "# cdktf-fix: ignore-file[default-tags]\nx = 1\n";
        let s = Suppressions::parse(Lang::Python, t);
        assert!(!s.skip_file);
        assert!(!s.allows_rule("default-tags"));
        assert!(s.allows_rule("sg-port-range"));
        assert!(s.suppresses("default-tags", &at(t, "x = 1")));
    }

    #[test]
    fn unknown_ids_and_directives_are_warnings_at_the_marker() {
        let t = "let a = 1;\n  // cdktf-fix: ignore[sg-port-range,no-such-transform]\nlet b;\n// cdktf-fix: ignroe\n// cdktf-fix: ignore[]\n// cdktf-fix: ignore[x\n";
        let s = Suppressions::parse(Lang::TypeScript, t);
        let got: Vec<(usize, usize, bool)> = s
            .warnings
            .iter()
            .map(|w| (w.line, w.column, w.message.contains("suppresses nothing")))
            .collect();
        assert_eq!(
            got,
            vec![(2, 6, true), (4, 4, true), (5, 4, true), (6, 4, true)]
        );
        assert!(s.warnings[0].message.contains("`no-such-transform`"));
        assert!(s.warnings[0].message.contains("known: "));
        assert!(s.warnings[1].message.contains("`ignroe`"));
        // The known id of the first comment still works.
        assert!(s.suppresses("sg-port-range", &at(t, "let b")));
    }
}
