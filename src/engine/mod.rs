//! The per-text engine: run the selected transforms, apply non-colliding fixes, re-parse, and
//! repeat until nothing changes; refuse any result with more syntax errors than the input.

pub mod edits;
pub mod file;
pub mod patch;
pub mod write;

use std::collections::{BTreeSet, HashMap};
use std::ops::Range;
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, MatchKind};

use crate::config::Config;
use crate::suppress::Suppressions;
use transforms::gomod::GoMod;
use transforms::index::ProviderIndex;
use transforms::lang::Lang;
use transforms::{Context, Diagnostic, Fix, ParsedFile, Safety, Transform};

/// Rounds of fixing before a file is declared not to converge.
pub const MAX_ROUNDS: usize = 10;

/// The selected transforms and settings, built once per process and shared by every thread.
pub struct Engine {
    rules: Vec<&'static dyn Transform>,
    /// Every selected rule's trigger literals and the searches for them ([`Triggers`]).
    triggers: Triggers,
    pub unsafe_fixes: bool,
    pub config: Config,
}

/// A text's suppression comments and the rules worth running on it ([`Engine::plan`]).
pub struct FilePlan {
    pub lang: Lang,
    pub suppressions: Suppressions,
    /// Empty when no trigger occurs (or `ignore-file` rules everything out): nothing is parsed.
    pub rules: Vec<&'static dyn Transform>,
}

/// A fix the engine applied.
#[derive(Clone, Debug)]
pub struct Applied {
    pub transform: &'static str,
    pub message: String,
    pub safety: Safety,
    /// Where the diagnostic was, in the original text (a place inside text inserted by an earlier
    /// round maps to the start of that insertion).
    pub range: Range<usize>,
    /// The fix's edits placed in the original text; `None` when they touch text an earlier
    /// round wrote.
    pub original_edits: Option<Vec<transforms::Edit>>,
}

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
fn to_original(rounds: &[Vec<(Range<usize>, usize)>], range: &Range<usize>) -> Range<usize> {
    let mut range = range.clone();
    for round in rounds.iter().rev() {
        range = map_back(round, range.start, false)..map_back(round, range.end, true);
    }
    range
}

/// A later round's edits as edits of the original text, when none of them touches text an
/// earlier round wrote (then they apply to the original next to the earlier rounds' edits).
fn edits_to_original(
    rounds: &[Vec<(Range<usize>, usize)>],
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

/// The result of fixing one text.
#[derive(Debug)]
pub struct Fixed {
    pub text: String,
    pub applied: Vec<Applied>,
    /// What the transforms still report on the final text: detect-only findings, fixes that
    /// need `--unsafe-fixes`, fixes held back by syntax errors around them.
    pub remaining: Vec<Diagnostic>,
}

impl Fixed {
    pub fn changed(&self, original: &str) -> bool {
        self.text != original
    }
}

/// Why a text's fixes were refused as a whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refused {
    /// Fixes kept proposing edits after [`MAX_ROUNDS`] rounds.
    NotConverged { rules: Vec<&'static str> },
    /// The fixed text would have more syntax errors than the input.
    WouldBreakSyntax {
        rules: Vec<&'static str>,
        before: usize,
        after: usize,
    },
}

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refused::NotConverged { rules } => write!(
                f,
                "fixes did not converge after {MAX_ROUNDS} rounds (transforms: {})",
                rules.join(", ")
            ),
            Refused::WouldBreakSyntax {
                rules,
                before,
                after,
            } => write!(
                f,
                "fixes would raise the syntax errors from {before} to {after} (transforms: {})",
                rules.join(", ")
            ),
        }
    }
}

/// Which rules' trigger literals occur in a text.
///
/// Every position where some trigger starts is visited once: a leftmost-longest search finds
/// the longest trigger starting at the next such position, and the search resumes one byte
/// after its start. The shorter triggers starting there are its prefixes, and every trigger
/// inside a found one occurs too, so each found literal marks the rules of all the literals it
/// contains. The result is what an overlapping search reports (a test holds them together),
/// but the search runs aho-corasick's vectorised prefilter between matches instead of stepping
/// an automaton through every byte; most files hold no trigger at all and are done after one
/// scan.
struct Triggers {
    /// The same literals leftmost-first, only asked whether any occurs: the cheapest scan for
    /// the files with none (most of a monorepo; leftmost-longest scans them about 3% slower).
    gate: AhoCorasick,
    /// The literals and their rules.
    owned: Vec<(&'static str, usize)>,
    /// Built when a first file passes the gate (a tree with no CDKTF file never needs it).
    search: OnceLock<Search>,
}

struct Search {
    automaton: AhoCorasick,
    /// By pattern: the rules owning a literal the pattern contains (itself included).
    implied: Vec<Vec<usize>>,
}

impl Triggers {
    fn new(rules: &[&'static dyn Transform]) -> Triggers {
        let owned: Vec<(&'static str, usize)> = rules
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
                    let mut rules: Vec<usize> = owned
                        .iter()
                        .filter(|(inner, _)| literal.contains(inner))
                        .map(|&(_, rule)| rule)
                        .collect();
                    rules.sort_unstable();
                    rules.dedup();
                    rules
                })
                .collect();
            Search { automaton, implied }
        })
    }

    /// `hit[i]`: a trigger of rule `i` (of `rules` rules) occurs in `text`; `None` when no
    /// trigger does.
    fn rules_hit(&self, text: &str, rules: usize) -> Option<Vec<bool>> {
        if !self.gate.is_match(text) {
            return None;
        }
        let mut hit = vec![false; rules];
        let search = self.search();
        let mut left = rules;
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

impl Engine {
    pub fn new(rules: Vec<&'static dyn Transform>, config: Config, unsafe_fixes: bool) -> Engine {
        let triggers = Triggers::new(&rules);
        Engine {
            rules,
            triggers,
            unsafe_fixes,
            config,
        }
    }

    pub fn rules(&self) -> &[&'static dyn Transform] {
        &self.rules
    }

    /// The rules worth running on this text: right language, a trigger literal occurs, and no
    /// `cdktf-fix: ignore-file` comment rules them out. An empty result means the file is never
    /// parsed.
    pub fn candidates(&self, lang: Lang, text: &str) -> Vec<&'static dyn Transform> {
        self.plan(lang, text).rules
    }

    fn candidates_for(
        &self,
        lang: Lang,
        text: &str,
        suppressions: &Suppressions,
    ) -> Vec<&'static dyn Transform> {
        if suppressions.skip_file {
            return Vec::new();
        }
        let Some(hit) = self.triggers.rules_hit(text, self.rules.len()) else {
            return Vec::new();
        };
        self.rules
            .iter()
            .zip(hit)
            .filter(|(r, h)| {
                *h && r.meta().languages.contains(&lang) && suppressions.allows_rule(r.meta().id)
            })
            .map(|(r, _)| *r)
            .collect()
    }

    fn context<'a>(&'a self, go_mod: Option<&'a GoMod>) -> Context<'a> {
        Context {
            options: &self.config.rules,
            index: ProviderIndex::get(),
            go_mod,
        }
    }

    /// Runs `rules` over the file; findings suppressed by a `cdktf-fix: ignore` comment are
    /// dropped here, with their fixes, whatever the transform.
    fn run_rules(
        &self,
        rules: &[&'static dyn Transform],
        file: &ParsedFile,
        go_mod: Option<&GoMod>,
        suppressions: &Suppressions,
    ) -> Vec<Diagnostic> {
        let ctx = self.context(go_mod);
        let mut out = Vec::new();
        for rule in rules {
            rule.check(file, &ctx, &mut out);
        }
        out.retain(|d| !suppressions.suppresses(d.transform, &d.range));
        for d in &mut out {
            let protected = d.fix.as_ref().is_some_and(|f| {
                f.edits
                    .iter()
                    .any(|e| suppressions.protects(d.transform, &e.range))
            });
            if protected {
                d.fix = None;
                d.message.push_str(
                    " (not fixed automatically: the fix would also change code where a `cdktf-fix: ignore` comment suppresses this transform)",
                );
            }
        }
        out.sort_by_key(|d| (d.range.start, d.range.end, d.transform));
        out
    }

    /// One pass of the transforms over the text, nothing applied: what `check` reports.
    pub fn check(&self, lang: Lang, text: &str) -> Vec<Diagnostic> {
        self.check_in(lang, text, None)
    }

    /// [`Engine::check`] for a file whose nearest `go.mod` is `go_mod`.
    pub fn check_in(&self, lang: Lang, text: &str, go_mod: Option<&GoMod>) -> Vec<Diagnostic> {
        self.check_planned(text, self.plan(lang, text), go_mod)
    }

    /// Reads the text's suppression comments and picks the rules worth running, once per file:
    /// the pipeline looks at the plan before it decides to read a Go file's `go.mod`.
    pub fn plan(&self, lang: Lang, text: &str) -> FilePlan {
        let suppressions = Suppressions::parse(lang, text);
        let rules = self.candidates_for(lang, text, &suppressions);
        FilePlan {
            lang,
            suppressions,
            rules,
        }
    }

    /// [`Engine::check_in`] with the plan already made for this text.
    pub fn check_planned(
        &self,
        text: &str,
        plan: FilePlan,
        go_mod: Option<&GoMod>,
    ) -> Vec<Diagnostic> {
        let FilePlan {
            lang,
            suppressions,
            rules,
        } = plan;
        if rules.is_empty() {
            return Vec::new();
        }
        self.run_rules(
            &rules,
            &ParsedFile::parse(lang, text),
            go_mod,
            &suppressions,
        )
    }

    fn allowed(&self, safety: Safety) -> bool {
        safety == Safety::Safe || self.unsafe_fixes
    }

    /// Applies every allowed fix, round after round, until the transforms propose nothing.
    pub fn fix(&self, lang: Lang, text: &str) -> Result<Fixed, Refused> {
        self.fix_in(lang, text, None)
    }

    /// [`Engine::fix`] for a file whose nearest `go.mod` is `go_mod`.
    pub fn fix_in(&self, lang: Lang, text: &str, go_mod: Option<&GoMod>) -> Result<Fixed, Refused> {
        self.fix_planned(text, self.plan(lang, text), go_mod)
    }

    /// [`Engine::fix_in`] with the plan already made for this text.
    pub fn fix_planned(
        &self,
        text: &str,
        plan: FilePlan,
        go_mod: Option<&GoMod>,
    ) -> Result<Fixed, Refused> {
        // Read again whenever the text changes: fixes move lines, and suppressions with them.
        let FilePlan {
            lang,
            mut suppressions,
            rules,
        } = plan;
        let mut current = text.to_string();
        let mut applied = Vec::new();
        if rules.is_empty() {
            return Ok(Fixed {
                text: current,
                applied,
                remaining: Vec::new(),
            });
        }
        let mut baseline = None;
        // Each applied round's edits, to place later rounds' diagnostics in the original text.
        let mut rounds: Vec<Vec<(Range<usize>, usize)>> = Vec::new();
        let mut last_round_rules: Vec<&'static str> = Vec::new();
        // In a file that already has syntax errors: the text before the last round, how many
        // fixes were applied before it, and its diagnostics.
        let mut undo: Option<(String, usize, Vec<Diagnostic>)> = None;
        for round in 0..=MAX_ROUNDS {
            let parsed = ParsedFile::parse(lang, &current);
            let errors = error_ranges(&parsed);
            let before = *baseline.get_or_insert(errors.len());
            if errors.len() > before {
                // A broken file's error recovery can shift when a valid statement elsewhere is
                // edited: the round is undone and its fixes are held back, as next to an error.
                if let Some((text, n, remaining)) = undo.take() {
                    applied.truncate(n);
                    return Ok(Fixed {
                        text,
                        applied,
                        remaining,
                    });
                }
                return Err(Refused::WouldBreakSyntax {
                    rules: last_round_rules,
                    before,
                    after: errors.len(),
                });
            }
            let diagnostics = self.run_rules(&rules, &parsed, go_mod, &suppressions);
            let errors = ErrorSpans::new(errors);
            let (ready, remaining): (Vec<Diagnostic>, Vec<Diagnostic>) =
                diagnostics.into_iter().partition(|d| {
                    d.fix.as_ref().is_some_and(|f| {
                        self.allowed(f.safety)
                            && edits::fits(f, &current)
                            && !f.edits.iter().any(|e| errors.touches(&e.range))
                    })
                });
            if ready.is_empty() {
                return Ok(Fixed {
                    text: current,
                    applied,
                    remaining,
                });
            }
            if round == MAX_ROUNDS {
                last_round_rules = ready
                    .iter()
                    .map(|d| d.transform)
                    .collect::<BTreeSet<_>>()
                    .into_iter()
                    .collect();
                break;
            }
            let fixes: Vec<_> = ready.iter().map(|d| d.fix.as_ref().unwrap()).collect();
            let picked = edits::pick_non_overlapping(&fixes);
            if picked.is_empty() {
                // Every proposed fix is malformed: report them as remaining, change nothing.
                return Ok(Fixed {
                    text: current,
                    applied,
                    remaining: ready.into_iter().chain(remaining).collect(),
                });
            }
            let chosen: Vec<_> = picked.iter().flat_map(|&i| fixes[i].edits.iter()).collect();
            let next = edits::apply(&current, &chosen);
            if before > 0 {
                let diagnostics = ready.iter().chain(&remaining).cloned().collect();
                undo = Some((
                    std::mem::replace(&mut current, next),
                    applied.len(),
                    diagnostics,
                ));
            } else {
                current = next;
            }
            suppressions = Suppressions::parse(lang, &current);
            let done = rounds.len();
            let round_rules: BTreeSet<&'static str> =
                picked.iter().map(|&i| ready[i].transform).collect();
            last_round_rules = round_rules.into_iter().collect();
            // Diagnostics sharing an applied fix (one rewrite repairing several problems) are
            // fixed by it too.
            // Looked up by first edit, then compared: a file can hold tens of thousands of fixes.
            let mut is_picked = vec![false; ready.len()];
            let mut by_first: HashMap<Option<&Range<usize>>, Vec<&Fix>> = HashMap::new();
            for &i in &picked {
                is_picked[i] = true;
                by_first
                    .entry(fixes[i].edits.first().map(|e| &e.range))
                    .or_default()
                    .push(fixes[i]);
            }
            applied.extend(
                ready
                    .iter()
                    .enumerate()
                    .filter(|(i, d)| {
                        is_picked[*i]
                            || d.fix.as_ref().is_some_and(|f| {
                                by_first
                                    .get(&f.edits.first().map(|e| &e.range))
                                    .is_some_and(|same| same.contains(&f))
                            })
                    })
                    .map(|(i, d)| Applied {
                        transform: d.transform,
                        message: d.message.clone(),
                        safety: fixes[i].safety,
                        range: to_original(&rounds, &d.range),
                        original_edits: edits_to_original(&rounds[..done], &fixes[i].edits),
                    }),
            );
            let mut round_edits: Vec<(Range<usize>, usize)> = chosen
                .iter()
                .map(|e| (e.range.clone(), e.text.len()))
                .collect();
            round_edits.sort_by_key(|(r, _)| (r.start, r.end));
            rounds.push(round_edits);
        }
        Err(Refused::NotConverged {
            rules: last_round_rules,
        })
    }
}

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
struct ErrorSpans(Vec<Range<usize>>);

impl ErrorSpans {
    fn new(mut errors: Vec<Range<usize>>) -> ErrorSpans {
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
    fn touches(&self, range: &Range<usize>) -> bool {
        // The last merged span starting at or before the range's end; spans are disjoint and
        // sorted, so it is the only one that can reach back to the range's start.
        let i = self.0.partition_point(|e| e.start <= range.end);
        i > 0 && self.0[i - 1].end >= range.start
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use transforms::lang::Lang;
    use transforms::{Edit, TransformMeta};

    /// The start-position search must report exactly the rules an overlapping search over
    /// every byte reports, for the real triggers: texts built from triggers, their prefixes and
    /// suffixes (overlaps that are not containment), and noise.
    #[test]
    fn trigger_search_agrees_with_an_overlapping_search() {
        let rules: Vec<&'static dyn Transform> = transforms::catalogue::REGISTRY.to_vec();
        let triggers = Triggers::new(&rules);
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
            let mut expected = vec![false; rules.len()];
            for m in overlapping.find_overlapping_iter(&text) {
                expected[owned[m.pattern().as_usize()].1] = true;
            }
            let found = triggers.rules_hit(&text, rules.len());
            let found = found.unwrap_or_else(|| vec![false; rules.len()]);
            assert_eq!(found, expected, "{text:?}");
            some_hit += usize::from(expected.contains(&true));
        }
        assert!(
            some_hit > 1000,
            "the texts must exercise the search: {some_hit}"
        );
    }

    /// A test rule whose fix is given by a function of the file text.
    struct Scripted {
        meta: &'static TransformMeta,
        fix: fn(&str) -> Option<Edit>,
    }

    impl Transform for Scripted {
        fn meta(&self) -> &'static TransformMeta {
            self.meta
        }
        fn check(&self, file: &ParsedFile, _ctx: &Context, out: &mut Vec<Diagnostic>) {
            if let Some(edit) = (self.fix)(file.text) {
                out.push(Diagnostic {
                    transform: self.meta.id,
                    range: edit.range.clone(),
                    message: "scripted".into(),
                    fix: Some(Fix::safe(vec![edit])),
                });
            }
        }
    }

    static META: TransformMeta = TransformMeta {
        id: "scripted",
        summary: "",
        languages: &[Lang::TypeScript],
        fixes: &[Safety::Safe],
        triggers: &["let"],
        docs: "",
    };

    fn engine(rule: &'static Scripted) -> Engine {
        Engine::new(vec![rule], Config::default(), false)
    }

    #[test]
    fn a_fix_that_breaks_the_syntax_is_refused_and_nothing_changes() {
        static BREAKS: Scripted = Scripted {
            meta: &META,
            fix: |t| (!t.contains("((")).then(|| Edit::insert(t.len() - 1, "((")),
        };
        let refused = engine(&BREAKS)
            .fix(Lang::TypeScript, "let a = 1;\n")
            .unwrap_err();
        assert!(
            matches!(refused, Refused::WouldBreakSyntax { before: 0, .. }),
            "{refused}"
        );
    }

    #[test]
    fn fixes_that_never_converge_are_refused() {
        static FOREVER: Scripted = Scripted {
            meta: &META,
            fix: |t| Some(Edit::insert(t.find(';').unwrap(), " + 1")),
        };
        let refused = engine(&FOREVER)
            .fix(Lang::TypeScript, "let a = 1;\n")
            .unwrap_err();
        assert_eq!(
            refused,
            Refused::NotConverged {
                rules: vec!["scripted"]
            }
        );
    }

    #[test]
    fn a_fix_touching_an_existing_syntax_error_is_held_back() {
        static NEAR_ERROR: Scripted = Scripted {
            meta: &META,
            fix: |t| t.find("let b").map(|i| Edit::replace(i..i + 3, "const")),
        };
        // `let b = (;` is broken around the edit: the fix must wait, the file stays as it is.
        let text = "let a = 1;\nlet b = (;\n";
        let fixed = engine(&NEAR_ERROR).fix(Lang::TypeScript, text).unwrap();
        assert_eq!(fixed.text, text);
        assert_eq!(fixed.remaining.len(), 1);
    }

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

    #[test]
    fn applied_fixes_are_placed_in_the_original_text() {
        static TWICE: Scripted = Scripted {
            meta: &META,
            // Round 1 renames `let a` to `const a`; round 2 renames `let b` (now 2 bytes later).
            fix: |t| t.find("let").map(|i| Edit::replace(i..i + 3, "const")),
        };
        let fixed = engine(&TWICE)
            .fix(Lang::TypeScript, "let a = 1;\nlet b = 2;\n")
            .unwrap();
        assert_eq!(fixed.text, "const a = 1;\nconst b = 2;\n");
        let ranges: Vec<_> = fixed.applied.iter().map(|a| a.range.clone()).collect();
        assert_eq!(ranges, vec![0..3, 11..14]);
        // Both fixes apply to the original text as they are, together.
        let edits: Vec<_> = fixed
            .applied
            .iter()
            .flat_map(|a| a.original_edits.clone().unwrap())
            .collect();
        let original = "let a = 1;\nlet b = 2;\n";
        assert_eq!(
            edits::apply(original, &edits.iter().collect::<Vec<_>>()),
            fixed.text
        );
    }

    #[test]
    fn a_later_fix_inside_text_an_earlier_round_wrote_has_no_original_edits() {
        static INSIDE: Scripted = Scripted {
            meta: &META,
            // Round 1 writes `let`, round 2 rewrites it to `const`.
            fix: |t| match t.find("var") {
                Some(i) => Some(Edit::replace(i..i + 3, "let")),
                None => t.find("let y").map(|i| Edit::replace(i..i + 3, "const")),
            },
        };
        // (The comment holds the trigger literal `let`.)
        let fixed = engine(&INSIDE)
            .fix(Lang::TypeScript, "var y = 1; // let\n")
            .unwrap();
        assert_eq!(fixed.text, "const y = 1; // let\n");
        assert!(fixed.applied[0].original_edits.is_some());
        assert_eq!(fixed.applied[1].original_edits, None);
        assert_eq!(
            fixed.applied[1].range,
            0..3,
            "placed where the earlier edit was"
        );
    }

    #[test]
    fn in_a_broken_file_a_round_that_adds_errors_elsewhere_is_undone_not_refused() {
        static SHIFTS_RECOVERY: Scripted = Scripted {
            meta: &META,
            // Edits the valid first statement, far from the broken second one.
            fix: |t| (!t.starts_with('(')).then(|| Edit::insert(0, "(")),
        };
        let text = "let a = 1;\nlet b = (;\n";
        let fixed = engine(&SHIFTS_RECOVERY)
            .fix(Lang::TypeScript, text)
            .unwrap();
        assert_eq!(fixed.text, text);
        assert!(fixed.applied.is_empty());
        assert_eq!(fixed.remaining.len(), 1, "held back, still reported");
        // In a file without errors the same fix is a transform bug: refused.
        assert!(engine(&SHIFTS_RECOVERY)
            .fix(Lang::TypeScript, "let a = 1;\n")
            .is_err());
    }

    #[test]
    fn a_fix_inside_a_multibyte_character_is_held_back_not_a_panic() {
        static MID_CHAR: Scripted = Scripted {
            meta: &META,
            fix: |t| t.find('é').map(|i| Edit::replace(i + 1..i + 2, "e")),
        };
        let text = "let é = 1;\n";
        let fixed = engine(&MID_CHAR).fix(Lang::TypeScript, text).unwrap();
        assert_eq!(fixed.text, text);
        assert_eq!(fixed.remaining.len(), 1, "reported, not applied");
    }

    #[test]
    fn a_fix_past_the_end_of_the_text_is_held_back_not_a_panic() {
        static PAST_END: Scripted = Scripted {
            meta: &META,
            fix: |t| Some(Edit::insert(t.len() + 5, ";")),
        };
        let text = "let a = 1\n";
        let fixed = engine(&PAST_END).fix(Lang::TypeScript, text).unwrap();
        assert_eq!(fixed.text, text);
        assert_eq!(fixed.remaining.len(), 1);
    }

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

    #[test]
    fn a_file_without_trigger_literals_is_never_parsed() {
        static ANY: Scripted = Scripted {
            meta: &META,
            fix: |_| Some(Edit::insert(0, "x")),
        };
        assert!(engine(&ANY)
            .candidates(Lang::TypeScript, "const a = 1;")
            .is_empty());
        assert!(
            engine(&ANY).candidates(Lang::Python, "let = 1").is_empty(),
            "wrong language"
        );
        assert_eq!(
            engine(&ANY)
                .candidates(Lang::TypeScript, "let a = 1;")
                .len(),
            1
        );
    }

    /// A scripted rule under a registered id, so suppressions can name it.
    static DEFAULT_TAGS_META: TransformMeta = TransformMeta {
        id: "default-tags",
        ..META
    };

    static LET_B: Scripted = Scripted {
        meta: &DEFAULT_TAGS_META,
        fix: |t| t.find("let b").map(|i| Edit::replace(i..i + 3, "const")),
    };

    #[test]
    fn a_suppressed_finding_is_neither_reported_nor_fixed() {
        for comment in [
            "// cdktf-fix: ignore[default-tags]\nlet b = 2;",
            "// cdktf-fix: ignore\nlet b = 2;",
            "let b = 2; // cdktf-fix: ignore[default-tags]",
        ] {
            let text = format!("let a = 1;\n{comment}\n");
            let eng = Engine::new(vec![&LET_B], Config::default(), false);
            assert!(eng.check(Lang::TypeScript, &text).is_empty(), "{text}");
            let fixed = eng.fix(Lang::TypeScript, &text).unwrap();
            assert_eq!(fixed.text, text);
            assert!(fixed.applied.is_empty() && fixed.remaining.is_empty());
        }
        // Not suppressed: another id, or the comment two lines up.
        for text in [
            "// cdktf-fix: ignore[sg-port-range]\nlet b = 2;\n",
            "// cdktf-fix: ignore[default-tags]\n\nlet b = 2;\n",
        ] {
            let eng = Engine::new(vec![&LET_B], Config::default(), false);
            assert_eq!(eng.check(Lang::TypeScript, text).len(), 1, "{text}");
            let fixed = eng.fix(Lang::TypeScript, text).unwrap();
            assert!(fixed.text.contains("const b = 2;"), "{text}");
        }
    }

    #[test]
    fn a_fix_that_would_rewrite_suppressed_code_is_held_back() {
        // One fix for the finding on line 1 that also rewrites line 3, where the rule is
        // suppressed: the finding stays, without its fix, and nothing changes.
        static WIDE: Scripted = Scripted {
            meta: &DEFAULT_TAGS_META,
            fix: |t| {
                let (a, b) = (t.find("let a")?, t.find("let b")?);
                Some(Edit::replace(a..b + "let b = ".len(), "let a = 1, b = "))
            },
        };
        let text = "let a = 1;\n// cdktf-fix: ignore[default-tags]\nlet b = 2;\n";
        let eng = Engine::new(vec![&WIDE], Config::default(), false);
        let found = eng.check(Lang::TypeScript, text);
        assert_eq!(found.len(), 1);
        assert!(found[0].fix.is_none());
        assert!(found[0].message.contains("not fixed automatically"));
        let fixed = eng.fix(Lang::TypeScript, text).unwrap();
        assert_eq!((fixed.text.as_str(), fixed.remaining.len()), (text, 1));
        // Without the suppression the same fix applies.
        let plain = "let a = 1;\n\nlet b = 2;\n";
        assert_ne!(eng.fix(Lang::TypeScript, plain).unwrap().text, plain);
    }

    #[test]
    fn suppressions_follow_their_lines_when_an_earlier_round_moves_them() {
        static INSERT_LINE: Scripted = Scripted {
            meta: &META,
            fix: |t| (!t.starts_with("let z")).then(|| Edit::insert(0, "let z = 0;\n")),
        };
        let text = "let a = 1;\n// cdktf-fix: ignore[default-tags]\nlet b = 2;\n";
        let eng = Engine::new(vec![&INSERT_LINE, &LET_B], Config::default(), false);
        let fixed = eng.fix(Lang::TypeScript, text).unwrap();
        assert_eq!(fixed.text, format!("let z = 0;\n{text}"));
        assert_eq!(fixed.applied.len(), 1);
    }

    #[test]
    fn ignore_file_means_the_file_is_never_parsed() {
        let eng = Engine::new(vec![&LET_B], Config::default(), false);
        let text = "let b = 2;\n// cdktf-fix: ignore-file -- generated\n";
        assert!(eng.candidates(Lang::TypeScript, text).is_empty());
        assert_eq!(eng.fix(Lang::TypeScript, text).unwrap().text, text);
        let only_other = "let b = 2;\n// cdktf-fix: ignore-file[sg-port-range]\n";
        assert_eq!(eng.candidates(Lang::TypeScript, only_other).len(), 1);
        let this_one = "let b = 2;\n// cdktf-fix: ignore-file[default-tags]\n";
        assert!(eng.candidates(Lang::TypeScript, this_one).is_empty());
    }
}
