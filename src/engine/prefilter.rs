//! The prefilter: which selected transforms' trigger literals occur in a text. A file where
//! none occurs is never parsed.

use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, MatchKind};

use transforms::Transform;

/// Which transforms' trigger literals occur in a text.
///
/// Every position where some trigger starts is visited once: a leftmost-longest search finds
/// the longest trigger starting at the next such position, and the search resumes one byte
/// after its start. The shorter triggers starting there are its prefixes, and every trigger
/// inside a found one occurs too, so each found literal marks the transforms of all the literals it
/// contains. The result is what an overlapping search reports (a test holds them together),
/// but the search runs aho-corasick's vectorised prefilter between matches instead of stepping
/// an automaton through every byte; most files hold no trigger at all and are done after one
/// scan.
pub(super) struct Triggers {
    /// The same literals leftmost-first, only asked whether any occurs: the cheapest scan for
    /// the files with none (most of a monorepo; leftmost-longest scans them about 3% slower).
    gate: AhoCorasick,
    /// The literals and their transforms.
    owned: Vec<(&'static str, usize)>,
    /// Built when a first file passes the gate (a tree with no CDKTF file never needs it).
    search: OnceLock<Search>,
}

struct Search {
    automaton: AhoCorasick,
    /// By pattern: the transforms owning a literal the pattern contains (itself included).
    implied: Vec<Vec<usize>>,
}

impl Triggers {
    pub(super) fn new(transforms: &[&'static dyn Transform]) -> Triggers {
        let owned: Vec<(&'static str, usize)> = transforms
            .iter()
            .enumerate()
            .flat_map(|(i, r)| r.meta().triggers.iter().map(move |t| (*t, i)))
            .collect();
        let gate = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostFirst)
            .build(owned.iter().map(|(t, _)| t))
            .expect("trigger literals build an automaton");
        Triggers {
            gate,
            owned,
            search: OnceLock::new(),
        }
    }

    fn search(&self) -> &Search {
        self.search.get_or_init(|| {
            let owned = &self.owned;
            let automaton = AhoCorasick::builder()
                .match_kind(MatchKind::LeftmostLongest)
                .build(owned.iter().map(|(t, _)| t))
                .expect("trigger literals build an automaton");
            let implied = owned
                .iter()
                .map(|(literal, _)| {
                    let mut transforms: Vec<usize> = owned
                        .iter()
                        .filter(|(inner, _)| literal.contains(inner))
                        .map(|&(_, transform)| transform)
                        .collect();
                    transforms.sort_unstable();
                    transforms.dedup();
                    transforms
                })
                .collect();
            Search { automaton, implied }
        })
    }

    /// `hit[i]`: a trigger of transform `i` (of `transforms` transforms) occurs in `text`; `None` when no
    /// trigger does.
    pub(super) fn transforms_hit(&self, text: &str, transforms: usize) -> Option<Vec<bool>> {
        if !self.gate.is_match(text) {
            return None;
        }
        let mut hit = vec![false; transforms];
        let search = self.search();
        let mut left = transforms;
        let mut at = 0;
        while let Some(m) = search
            .automaton
            .find(aho_corasick::Input::new(text).span(at..text.len()))
        {
            for &r in &search.implied[m.pattern().as_usize()] {
                if !hit[r] {
                    hit[r] = true;
                    left -= 1;
                }
            }
            if left == 0 {
                break;
            }
            at = m.start() + 1;
        }
        Some(hit)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The start-position search must report exactly the transforms an overlapping search over
    /// every byte reports, for the real triggers: texts built from triggers, their prefixes and
    /// suffixes (overlaps that are not containment), and noise.
    #[test]
    fn trigger_search_agrees_with_an_overlapping_search() {
        let transforms: Vec<&'static dyn Transform> = transforms::catalogue::REGISTRY.to_vec();
        let triggers = Triggers::new(&transforms);
        let owned = &triggers.owned;
        let overlapping = AhoCorasick::new(owned.iter().map(|(t, _)| t)).unwrap();
        let mut pieces: Vec<String> = vec![" ".into(), "x".into(), "\n".into(), "é".into()];
        for (t, _) in owned {
            pieces.push(t.to_string());
            for cut in [1, t.len() / 2, t.len().saturating_sub(1)] {
                if t.is_char_boundary(cut) {
                    pieces.push(t[..cut].to_string());
                    pieces.push(t[cut..].to_string());
                }
            }
        }
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let mut some_hit = 0;
        for _ in 0..3000 {
            let len = (next() % 12) as usize;
            let text: String = (0..len)
                .map(|_| pieces[(next() % pieces.len() as u64) as usize].as_str())
                .collect();
            let mut expected = vec![false; transforms.len()];
            for m in overlapping.find_overlapping_iter(&text) {
                expected[owned[m.pattern().as_usize()].1] = true;
            }
            let found = triggers.transforms_hit(&text, transforms.len());
            let found = found.unwrap_or_else(|| vec![false; transforms.len()]);
            assert_eq!(found, expected, "{text:?}");
            some_hit += usize::from(expected.contains(&true));
        }
        assert!(
            some_hit > 1000,
            "the texts must exercise the search: {some_hit}"
        );
    }
}
