//! Choosing fixes whose edits do not collide, and applying them to a text.

use std::collections::BTreeMap;
use std::ops::Range;

use transforms::{Edit, Fix};

/// Two edits collide when their ranges overlap, or when both insert at the same point
/// (their order would be arbitrary). Edits that merely touch do not collide. [`Taken`] answers
/// this for one edit against all picked so far; the tests check both agree.
pub fn collide(a: &Range<usize>, b: &Range<usize>) -> bool {
    (a.start < b.end && b.start < a.end) || a.start == b.start
}

/// Whether a fix's own edits are sorted-able without overlap (a transform bug otherwise).
pub fn is_well_formed(fix: &Fix) -> bool {
    let mut ranges: Vec<&Range<usize>> = fix.edits.iter().map(|e| &e.range).collect();
    ranges.sort_by_key(|r| (r.start, r.end));
    ranges
        .windows(2)
        .all(|w| w[0].end <= w[1].start && w[0].start != w[1].start)
        && fix.edits.iter().all(|e| e.range.start <= e.range.end)
}

/// The ranges of the edits picked so far, keyed by start. They never collide with each other,
/// so no two share a start, non-empty ones are disjoint, and an empty one never lies strictly
/// inside another: a lookup is a range query plus a look at the one entry before it.
#[derive(Default)]
struct Taken(BTreeMap<usize, usize>);

impl Taken {
    fn collides(&self, r: &Range<usize>) -> bool {
        // Entries starting in [r.start, r.end), or at r.start for an insertion.
        let end = r.end.max(r.start + 1);
        if self.0.range(r.start..end).next().is_some() {
            return true;
        }
        // The entry starting just before r: it reaches into r.
        self.0
            .range(..r.start)
            .next_back()
            .is_some_and(|(_, &e)| e > r.start)
    }

    fn insert(&mut self, r: &Range<usize>) {
        self.0.insert(r.start, r.end);
    }
}

/// Whether every edit of a fix lies inside `text` and on character boundaries. A fix that does
/// not (a transform bug) is never applied: slicing the text there would panic.
pub fn fits(fix: &Fix, text: &str) -> bool {
    fix.edits.iter().all(|e| {
        e.range.start <= e.range.end
            && text.is_char_boundary(e.range.start)
            && text.is_char_boundary(e.range.end)
    })
}

/// Picks, in order of position, every fix none of whose edits collides with an edit of a fix
/// picked before it. The rest wait for the next round. Returns the indexes of the picked fixes.
/// O(n log n) in the number of edits: a file can hold tens of thousands of fixes.
pub fn pick_non_overlapping(fixes: &[&Fix]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..fixes.len()).collect();
    let first = |f: &Fix| {
        f.edits
            .iter()
            .map(|e| e.range.start)
            .min()
            .unwrap_or(usize::MAX)
    };
    order.sort_by_key(|&i| (first(fixes[i]), i));
    let mut taken = Taken::default();
    let mut picked = Vec::new();
    for i in order {
        let fix = fixes[i];
        if fix.edits.is_empty() || !is_well_formed(fix) {
            continue;
        }
        if fix.edits.iter().any(|e| taken.collides(&e.range)) {
            continue;
        }
        for e in &fix.edits {
            taken.insert(&e.range);
        }
        picked.push(i);
    }
    picked
}

/// Applies non-colliding edits to `text`.
pub fn apply(text: &str, edits: &[&Edit]) -> String {
    let mut sorted: Vec<&Edit> = edits.to_vec();
    sorted.sort_by_key(|e| (e.range.start, e.range.end));
    let mut out = String::with_capacity(text.len() + 64);
    let mut at = 0;
    for e in sorted {
        out.push_str(&text[at..e.range.start]);
        out.push_str(&e.text);
        at = e.range.end;
    }
    out.push_str(&text[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use transforms::Safety;

    fn fix(edits: &[(usize, usize, &str)]) -> Fix {
        Fix {
            safety: Safety::Safe,
            edits: edits
                .iter()
                .map(|&(s, e, t)| Edit::replace(s..e, t))
                .collect(),
        }
    }

    #[test]
    fn overlapping_fixes_wait_for_the_next_round() {
        let a = fix(&[(0, 5, "x")]);
        let b = fix(&[(3, 8, "y")]);
        let c = fix(&[(8, 9, "z")]);
        assert_eq!(pick_non_overlapping(&[&b, &a, &c]), vec![1, 2]);
    }

    #[test]
    fn two_insertions_at_one_point_collide() {
        let a = fix(&[(4, 4, "x")]);
        let b = fix(&[(4, 4, "y")]);
        assert_eq!(pick_non_overlapping(&[&a, &b]), vec![0]);
    }

    #[test]
    fn touching_edits_do_not_collide() {
        let a = fix(&[(0, 4, "x")]);
        let b = fix(&[(4, 6, "y")]);
        assert_eq!(pick_non_overlapping(&[&a, &b]), vec![0, 1]);
    }

    #[test]
    fn a_fix_with_self_overlapping_edits_is_never_applied() {
        let bad = fix(&[(0, 4, "x"), (2, 6, "y")]);
        assert!(pick_non_overlapping(&[&bad]).is_empty());
    }

    /// The collision test `pick_non_overlapping` did before it kept the taken ranges in a map.
    fn pick_pairwise(fixes: &[&Fix]) -> Vec<usize> {
        let mut order: Vec<usize> = (0..fixes.len()).collect();
        let first = |f: &Fix| f.edits.iter().map(|e| e.range.start).min().unwrap();
        order.sort_by_key(|&i| (first(fixes[i]), i));
        let mut taken: Vec<Range<usize>> = Vec::new();
        let mut picked = Vec::new();
        for i in order {
            if !is_well_formed(fixes[i])
                || fixes[i]
                    .edits
                    .iter()
                    .any(|e| taken.iter().any(|t| collide(t, &e.range)))
            {
                continue;
            }
            taken.extend(fixes[i].edits.iter().map(|e| e.range.clone()));
            picked.push(i);
        }
        picked
    }

    #[test]
    fn the_range_map_picks_what_pairwise_comparison_picks() {
        // A small linear congruential generator: deterministic, no dependency.
        let mut seed = 0x2545_f491_u64;
        let mut next = |n: u64| {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            ((seed >> 33) % n) as usize
        };
        for _ in 0..2000 {
            let fixes: Vec<Fix> = (0..1 + next(8))
                .map(|_| {
                    let edits: Vec<(usize, usize, &str)> = (0..1 + next(3))
                        .map(|_| {
                            let start = next(12);
                            (start, start + next(4), "x")
                        })
                        .collect();
                    fix(&edits)
                })
                .collect();
            let refs: Vec<&Fix> = fixes.iter().collect();
            assert_eq!(
                pick_non_overlapping(&refs),
                pick_pairwise(&refs),
                "{fixes:?}"
            );
        }
    }

    #[test]
    fn an_edit_off_a_character_boundary_or_past_the_end_does_not_fit() {
        let text = "é = 1"; // `é` is two bytes
        assert!(fits(&fix(&[(0, 2, "e")]), text));
        assert!(!fits(&fix(&[(1, 2, "e")]), text));
        assert!(!fits(&fix(&[(0, 99, "e")]), text));
        assert!(fits(&fix(&[(6, 6, ";")]), text));
    }

    #[test]
    fn apply_replaces_in_position_order() {
        let a = Edit::replace(0..3, "let");
        let b = Edit::insert(10, ";");
        let c = Edit::delete(4..5);
        assert_eq!(apply("var xy = 1", &[&b, &a, &c]), "let y = 1;");
    }
}
