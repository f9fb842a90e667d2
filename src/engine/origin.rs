//! Placing what a later round reports in the original text: every applied round's edits are
//! kept (original range, length written), and positions are mapped back through them.

use std::ops::Range;

use crate::engine::edits;

/// One applied round's edits: the range each replaced, and the length of the text it wrote;
/// sorted by position and non-overlapping. Positions are mapped back by binary search: a round
/// can apply thousands of fixes, and the next round place thousands more.
pub(super) struct RoundEdits {
    edits: Vec<(Range<usize>, usize)>,
    /// Where each edit's written text ends in the text after the round (non-decreasing).
    written_end: Vec<usize>,
    /// How much the edits before each one moved the text after them.
    delta_before: Vec<isize>,
}

impl RoundEdits {
    /// `edits`: (original range, length written), non-overlapping, in any order.
    pub(super) fn new(mut edits: Vec<(Range<usize>, usize)>) -> RoundEdits {
        edits.sort_by_key(|(r, _)| (r.start, r.end));
        let mut delta: isize = 0;
        let mut written_end = Vec::with_capacity(edits.len());
        let mut delta_before = Vec::with_capacity(edits.len());
        for (r, len) in &edits {
            delta_before.push(delta);
            written_end.push((r.start as isize + delta) as usize + len);
            delta += *len as isize - (r.end - r.start) as isize;
        }
        RoundEdits {
            edits,
            written_end,
            delta_before,
        }
    }

    /// Whether an edit of the round collides ([`edits::collide`]) with `range` of the text
    /// before it.
    fn collides(&self, range: &Range<usize>) -> bool {
        let i = self.edits.partition_point(|(r, _)| r.start < range.start);
        // The edits are disjoint: only the one starting before `range` can reach into it, and
        // only the first starting at or after its start can start inside it.
        (i > 0 && edits::collide(&self.edits[i - 1].0, range))
            || self
                .edits
                .get(i)
                .is_some_and(|(r, _)| edits::collide(r, range))
    }
}

/// Maps a position of the text after a round back to the text before it. A position inside text
/// the round wrote maps to the start of what it replaced, or with `end` (the end of a range) to
/// its end.
fn map_back(round: &RoundEdits, pos: usize, end: bool) -> usize {
    // The first edit whose written text ends at or after `pos`: the ones before it lie wholly
    // before `pos`.
    let i = round.written_end.partition_point(|&e| e < pos);
    let Some((r, len)) = round.edits.get(i) else {
        let delta = round.delta_before.last().copied().unwrap_or(0)
            + round
                .edits
                .last()
                .map_or(0, |(r, len)| *len as isize - (r.end - r.start) as isize);
        return (pos as isize - delta) as usize;
    };
    let delta = round.delta_before[i];
    let start = (r.start as isize + delta) as usize;
    if pos <= start {
        (pos as isize - delta) as usize
    } else if pos < start + len && !end {
        r.start
    } else {
        r.end
    }
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
                if round.collides(&range) {
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
        let round = RoundEdits::new(vec![(0..3, 3), (4..5, 0), (10..10, 1)]);
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
        let two = vec![round, RoundEdits::new(vec![(4..4, 2)])];
        assert_eq!(to_original(&two, &(7..8)), 6..7);
    }

    /// The walk through every edit that the binary searches replace.
    fn map_back_by_walking(edits: &[(Range<usize>, usize)], pos: usize, end: bool) -> usize {
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

    #[test]
    fn the_binary_searches_agree_with_a_walk_through_every_edit() {
        // Deterministic mixes of insertions, deletions and replacements, touching or apart.
        let mut seed = 7u64;
        let mut next = |n: u64| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((seed >> 33) % n) as usize
        };
        for _ in 0..300 {
            let mut edits = Vec::new();
            let mut at = next(3);
            for _ in 0..next(8) {
                let start = at + next(3);
                let end = start + next(3);
                edits.push((start..end, next(4)));
                at = end + usize::from(end == start);
            }
            let round = RoundEdits::new(edits.clone());
            let after = at + 8;
            for pos in 0..after {
                for end in [false, true] {
                    assert_eq!(
                        map_back(&round, pos, end),
                        map_back_by_walking(&edits, pos, end),
                        "{edits:?} {pos} {end}"
                    );
                }
            }
            for start in 0..at + 3 {
                for end in start..at + 3 {
                    let range = start..end;
                    assert_eq!(
                        round.collides(&range),
                        edits.iter().any(|(r, _)| edits::collide(r, &range)),
                        "{edits:?} {range:?}"
                    );
                }
            }
        }
    }
}
