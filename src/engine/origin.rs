//! Placing what a later round reports in the original text: every applied round's edits are
//! kept (original range, length written), and positions are mapped back through them.

use std::ops::Range;

use crate::engine::edits;

/// One applied round's edits: the range each replaced, and the length of the text it wrote;
/// sorted by position and non-overlapping.
pub(super) type RoundEdits = Vec<(Range<usize>, usize)>;

/// Maps a position of the text after a round back to the text before it, given the round's edits
/// (original range, length of the inserted text), sorted by position and non-overlapping. A
/// position inside text the round wrote maps to the start of what it replaced, or with `end` (the
/// end of a range) to its end.
fn map_back(edits: &[(Range<usize>, usize)], pos: usize, end: bool) -> usize {
    let mut delta: isize = 0;
    for (r, len) in edits {
        let start = (r.start as isize + delta) as usize;
        if pos <= start {
            return (pos as isize - delta) as usize;
        }
        let written_end = start + len;
        if pos < written_end {
            return if end { r.end } else { r.start };
        }
        if pos == written_end {
            return r.end;
        }
        delta += *len as isize - (r.end - r.start) as isize;
    }
    (pos as isize - delta) as usize
}

/// Maps a position through every earlier round, newest first, back to the original text.
pub(super) fn to_original(rounds: &[RoundEdits], range: &Range<usize>) -> Range<usize> {
    let mut range = range.clone();
    for round in rounds.iter().rev() {
        range = map_back(round, range.start, false)..map_back(round, range.end, true);
    }
    range
}

/// A later round's edits as edits of the original text, when none of them touches text an
/// earlier round wrote (then they apply to the original next to the earlier rounds' edits).
pub(super) fn edits_to_original(
    rounds: &[RoundEdits],
    edits: &[transforms::Edit],
) -> Option<Vec<transforms::Edit>> {
    edits
        .iter()
        .map(|e| {
            let mut range = e.range.clone();
            for round in rounds.iter().rev() {
                range = map_back(round, range.start, false)..map_back(round, range.end, true);
                if round.iter().any(|(r, _)| edits::collide(r, &range)) {
                    return None;
                }
            }
            Some(transforms::Edit::replace(range, e.text.clone()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_after_a_round_map_back_to_the_original_text() {
        // "var xy = 1" with 0..3 → "let" (same length) and 4..5 deleted and ";" inserted at 10:
        // "let y = 1;".
        let round = vec![(0..3, 3), (4..5, 0), (10..10, 1)];
        assert_eq!(map_back(&round, 0, false), 0);
        assert_eq!(
            map_back(&round, 1, false),
            0,
            "inside a replacement: its start"
        );
        assert_eq!(map_back(&round, 1, true), 3, "or, ending a range, its end");
        assert_eq!(map_back(&round, 3, false), 3);
        assert_eq!(map_back(&round, 4, false), 4);
        assert_eq!(map_back(&round, 5, false), 6, "after a deletion");
        assert_eq!(map_back(&round, 9, false), 10);
        assert_eq!(map_back(&round, 10, false), 10, "the end of an insertion");
        let two = vec![round, vec![(4..4, 2)]];
        assert_eq!(to_original(&two, &(7..8)), 6..7);
    }
}
