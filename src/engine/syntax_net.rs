//! The syntax safety net: a file's syntax errors, counted (no fix may add one) and located (no
//! fix may touch one).

use std::ops::Range;

use transforms::lang::Lang;
use transforms::{Diagnostic, ParsedFile};

/// How a finding whose fix is held back by a syntax error says so.
pub const HELD_BACK: &str = "not fixed automatically: the fix is held back";

/// Drops the fix of every diagnostic whose fix touches one of the `errors` of `file` (`fix`
/// will not apply it, so `check` must not call it fixable), saying why in its message: the line
/// of the error itself (the first ERROR or MISSING node in the broken statement).
pub fn hold_back(file: &ParsedFile, errors: &ErrorSpans, diagnostics: &mut [Diagnostic]) {
    let mut points: Option<Vec<usize>> = None;
    for d in diagnostics {
        let Some(fix) = &d.fix else { continue };
        let Some(span) = fix.edits.iter().find_map(|e| errors.touching(&e.range)) else {
            continue;
        };
        let points = points.get_or_insert_with(|| error_points(file));
        let at = points
            .iter()
            .copied()
            .find(|p| span.contains(p))
            .unwrap_or(span.start);
        let text = file.text;
        let line = text[..at.min(text.len())].matches('\n').count() + 1;
        d.fix = None;
        d.message.push_str(&format!(
            " ({HELD_BACK} because of the syntax error on line {line}; fix it first)"
        ));
    }
}

/// [`hold_back`] for a file as it is parsed: what `check` reports.
pub fn hold_back_in(file: &ParsedFile, diagnostics: &mut [Diagnostic]) {
    if diagnostics.iter().all(|d| d.fix.is_none()) {
        return;
    }
    let errors = error_ranges(file);
    if !errors.is_empty() {
        hold_back(file, &ErrorSpans::new(errors), diagnostics);
    }
}

/// Where each ERROR or MISSING node starts, in order (a manifest: where its errors start).
fn error_points(file: &ParsedFile) -> Vec<usize> {
    if let Lang::Manifest(kind) = file.lang {
        return kind.errors(file.text).iter().map(|r| r.start).collect();
    }
    let mut points: Vec<usize> = file
        .tree()
        .root()
        .dfs()
        .filter(|n| n.is_error() || n.is_missing())
        .map(|n| n.range().start)
        .collect();
    points.sort_unstable();
    points
}

/// One byte range per ERROR or MISSING node of the parse: the node that contains it (the broken
/// statement or expression, not the whole file), where no fix may apply.
pub fn error_ranges(file: &ParsedFile) -> Vec<Range<usize>> {
    // A manifest has no syntax tree: its own parser says whether it still parses.
    if let Lang::Manifest(kind) = file.lang {
        return kind.errors(file.text);
    }
    if !file.tree().has_error() {
        return Vec::new();
    }
    let root = file.tree().root();
    let whole = root.range();
    root.dfs()
        .filter(|n| n.is_error() || n.is_missing())
        .map(|n| match n.parent().map(|p| p.range()) {
            Some(p) if p != whole => p,
            _ => n.range(),
        })
        .collect()
}

/// Number of syntax errors in a text.
pub fn syntax_errors(lang: Lang, text: &str) -> usize {
    error_ranges(&ParsedFile::parse(lang, text)).len()
}

/// The syntax errors' ranges, merged and sorted, for a lookup per edit in O(log n).
pub struct ErrorSpans(Vec<Range<usize>>);

impl ErrorSpans {
    pub fn new(mut errors: Vec<Range<usize>>) -> ErrorSpans {
        errors.sort_by_key(|e| (e.start, e.end));
        let mut merged: Vec<Range<usize>> = Vec::with_capacity(errors.len());
        for e in errors {
            match merged.last_mut() {
                Some(last) if e.start <= last.end => last.end = last.end.max(e.end),
                _ => merged.push(e),
            }
        }
        ErrorSpans(merged)
    }

    /// Whether `range` overlaps or touches an error (the ends count: an insertion right after a
    /// broken statement is held back too).
    pub fn touches(&self, range: &Range<usize>) -> bool {
        self.touching(range).is_some()
    }

    /// The (merged) error span `range` touches, if it touches one.
    pub fn touching(&self, range: &Range<usize>) -> Option<Range<usize>> {
        // The last merged span starting at or before the range's end; spans are disjoint and
        // sorted, so it is the only one that can reach back to the range's start.
        let i = self.0.partition_point(|e| e.start <= range.end);
        (i > 0 && self.0[i - 1].end >= range.start).then(|| self.0[i - 1].clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merged_error_spans_answer_as_a_scan_of_every_error() {
        let errors = vec![10..20, 15..30, 40..40, 50..55, 55..60, 2..3];
        let spans = ErrorSpans::new(errors.clone());
        for start in 0..70 {
            for len in 0..8 {
                let r = start..start + len;
                let scan = errors.iter().any(|e| r.start <= e.end && e.start <= r.end);
                assert_eq!(spans.touches(&r), scan, "{r:?}");
            }
        }
    }
}
