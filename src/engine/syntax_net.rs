//! The syntax safety net: a file's syntax errors, counted (no fix may add one) and located (no
//! fix may touch one).

use std::ops::Range;

use transforms::lang::Lang;
use transforms::ParsedFile;

/// One byte range per ERROR or MISSING node of the parse: the node that contains it (the broken
/// statement or expression, not the whole file), where no fix may apply.
pub fn error_ranges(file: &ParsedFile) -> Vec<Range<usize>> {
    // A manifest has no syntax tree: its own parser says whether it still parses.
    if let Lang::Manifest(kind) = file.lang {
        return kind.errors(file.text);
    }
    if !file.tree().raw_root().get_inner_node().has_error() {
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
pub(super) struct ErrorSpans(Vec<Range<usize>>);

impl ErrorSpans {
    pub(super) fn new(mut errors: Vec<Range<usize>>) -> ErrorSpans {
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
    pub(super) fn touches(&self, range: &Range<usize>) -> bool {
        // The last merged span starting at or before the range's end; spans are disjoint and
        // sorted, so it is the only one that can reach back to the range's start.
        let i = self.0.partition_point(|e| e.start <= range.end);
        i > 0 && self.0[i - 1].end >= range.start
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
