//! Choosing fixes whose edits do not collide, and applying them to a text.

use std::ops::Range;

use crate::transforms::{Edit, Fix};

/// Two edits collide when their ranges overlap, or when both insert at the same point
/// (their order would be arbitrary). Edits that merely touch do not collide.
pub fn collide(a: &Range<usize>, b: &Range<usize>) -> bool {
    (a.start < b.end && b.start < a.end) || a.start == b.start
}

/// Whether a fix's own edits are sorted-able without overlap (a rule bug otherwise).
pub fn is_well_formed(fix: &Fix) -> bool {
    let mut ranges: Vec<&Range<usize>> = fix.edits.iter().map(|e| &e.range).collect();
    ranges.sort_by_key(|r| (r.start, r.end));
    ranges
        .windows(2)
        .all(|w| w[0].end <= w[1].start && w[0].start != w[1].start)
        && fix.edits.iter().all(|e| e.range.start <= e.range.end)
}

/// Picks, in order of position, every fix none of whose edits collides with an edit of a fix
/// picked before it. The rest wait for the next round. Returns the indexes of the picked fixes.
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
    let mut taken: Vec<Range<usize>> = Vec::new();
    let mut picked = Vec::new();
    for i in order {
        let fix = fixes[i];
        if fix.edits.is_empty() || !is_well_formed(fix) {
            continue;
        }
        if fix
            .edits
            .iter()
            .any(|e| taken.iter().any(|t| collide(t, &e.range)))
        {
            continue;
        }
        taken.extend(fix.edits.iter().map(|e| e.range.clone()));
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
    use crate::transforms::Safety;

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

    #[test]
    fn apply_replaces_in_position_order() {
        let a = Edit::replace(0..3, "let");
        let b = Edit::insert(10, ";");
        let c = Edit::delete(4..5);
        assert_eq!(apply("var xy = 1", &[&b, &a, &c]), "let y = 1;");
    }
}
