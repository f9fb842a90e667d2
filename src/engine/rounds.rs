//! The fix loop: rounds of running the transforms and applying their non-colliding fixes
//! until nothing changes, with the syntax safety net checked after every round.

use std::collections::{BTreeSet, HashMap};
use std::ops::Range;

use crate::engine::edits;
use crate::engine::origin::{edits_to_original, to_original, RoundEdits};
use crate::engine::syntax_net::{error_ranges, hold_back, ErrorSpans, HELD_BACK};
use crate::engine::whole_file;
use crate::engine::{Engine, FileFacts, FilePlan};
use crate::suppress::Suppressions;
use transforms::lang::Lang;
use transforms::syntax::bindings::Bindings;
use transforms::syntax::tree::Reusable;
use transforms::{Diagnostic, Edit, Fix, ParsedFile, Safety, Transform};

/// Rounds of fixing before a file is declared not to converge.
pub const MAX_ROUNDS: usize = 10;

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
    NotConverged { transforms: Vec<&'static str> },
    /// The fixed text would have more syntax errors than the input.
    WouldBreakSyntax {
        transforms: Vec<&'static str>,
        before: usize,
        after: usize,
    },
    /// The fixed text parses but fails the whole-file check ([`whole_file`]): a name imported
    /// twice, a provider export that does not exist, an import removed while a use remains.
    WouldBreakFile {
        transforms: Vec<&'static str>,
        problem: String,
    },
}

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refused::NotConverged { transforms } => write!(
                f,
                "fixes did not converge after {MAX_ROUNDS} rounds (transforms: {})",
                transforms.join(", ")
            ),
            Refused::WouldBreakSyntax {
                transforms,
                before,
                after,
            } => write!(
                f,
                "fixes would raise the syntax errors from {before} to {after} (transforms: {})",
                transforms.join(", ")
            ),
            Refused::WouldBreakFile {
                transforms,
                problem,
            } => write!(
                f,
                "fixes would break the file: {problem} (transforms: {})",
                transforms.join(", ")
            ),
        }
    }
}

/// Applies every allowed fix of `transforms` to `text`, round after round, until they propose
/// nothing: each round parses the text, stops if it has more syntax errors than the input (a
/// round undone in a broken file, refused otherwise), runs the transforms, and applies the
/// non-colliding fixes that are allowed and clear of syntax errors. The result must then pass
/// the whole-file check ([`whole_file`]), or it is refused.
pub(super) fn fix(
    engine: &Engine,
    text: &str,
    plan: FilePlan,
    facts: FileFacts,
) -> Result<Fixed, Refused> {
    let lang = plan.lang;
    let transforms = plan.transforms.clone();
    let (fixed, sides) = rounds(engine, text, plan, facts, Pace::AllAtOnce)?;
    let Some(problem) = sides.problem(lang, text, &fixed.text) else {
        return Ok(fixed);
    };
    if error_ranges(&ParsedFile::parse(lang, text)).is_empty() {
        // Fixes of different transforms, proposed on the same text and applied in one round,
        // may not fit together (two imports of one name). Each transform then sees what the
        // others wrote when its fixes are applied one transform per round.
        let plan = FilePlan {
            lang,
            suppressions: Suppressions::parse(lang, text),
            transforms,
        };
        if let Ok((serial, sides)) = rounds(engine, text, plan, facts, Pace::OneTransformPerRound) {
            if sides.problem(lang, text, &serial.text).is_none() {
                return Ok(serial);
            }
        }
        return Err(Refused::WouldBreakFile {
            transforms: transform_ids_of(&fixed.applied),
            problem,
        });
    }
    // In a file with syntax errors, fixes held back next to an error can leave the others
    // inconsistent (an import renamed, a use next to the error not): nothing is applied, and
    // every fix waits for the errors to be fixed.
    let mut remaining = engine.check_planned(text, engine.plan(lang, text), facts);
    for d in remaining.iter_mut().filter(|d| d.fix.is_some()) {
        d.fix = None;
        d.message.push_str(&format!(
            " ({HELD_BACK}: the file has syntax errors, and the fixes around them would not fit together; fix them first)"
        ));
    }
    Ok(Fixed {
        text: text.to_string(),
        applied: Vec::new(),
        remaining,
    })
}

/// How many transforms' fixes one round applies.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Pace {
    /// Every transform's non-colliding fixes: the usual, fewest rounds.
    AllAtOnce,
    /// Only the fixes of the first transform (in plan order) that has any: the retry when the
    /// usual way fails the whole-file check. It may take a round per transform, so its limit is
    /// [`MAX_ROUNDS`] per selected transform.
    OneTransformPerRound,
}

/// The whole-file check's reading of the original text and of the fixed one, when the rounds
/// parsed them anyway (the first round parses the original, the last the fixed text): the check
/// then parses neither again.
#[derive(Default)]
struct Sides {
    before: Option<whole_file::Before>,
    after: Option<Bindings>,
}

impl Sides {
    fn problem(&self, lang: Lang, original: &str, fixed: &str) -> Option<String> {
        match (&self.before, &self.after) {
            _ if !whole_file::applies(lang) || original == fixed => None,
            (Some(before), Some(after)) => before.problem(lang, after),
            _ => whole_file::problem(lang, original, fixed),
        }
    }
}

fn rounds(
    engine: &Engine,
    text: &str,
    plan: FilePlan,
    facts: FileFacts,
    pace: Pace,
) -> Result<(Fixed, Sides), Refused> {
    let FilePlan {
        lang,
        suppressions,
        transforms,
    } = plan;
    let mut run = Run {
        engine,
        lang,
        transforms: &transforms,
        facts,
        suppressions,
        text: text.to_string(),
        applied: Vec::new(),
        history: Vec::new(),
        last_round_transforms: Vec::new(),
        undo: None,
    };
    if transforms.is_empty() {
        return Ok((run.finish(Vec::new()), Sides::default()));
    }
    let mut sides = Sides::default();
    // The last round's tree, edited as its text was: the next round re-parses incrementally.
    let mut reuse: Option<Reusable> = None;
    let mut baseline = None;
    let max_rounds = match pace {
        Pace::AllAtOnce => MAX_ROUNDS,
        Pace::OneTransformPerRound => MAX_ROUNDS * transforms.len(),
    };
    for round in 0..=max_rounds {
        let parsed = match reuse.take() {
            Some(old) => ParsedFile::reparse(lang, &run.text, &old),
            None => ParsedFile::parse(lang, &run.text),
        };
        let errors = error_ranges(&parsed);
        let clean = errors.is_empty();
        let before = *baseline.get_or_insert(errors.len());
        if errors.len() > before {
            return run.undo_or_refuse(before, errors.len()).map(|f| (f, sides));
        }
        let (mut ready, mut remaining) = run.sort_out(&parsed, &ErrorSpans::new(errors));
        if ready.is_empty() {
            if let (true, Some(original)) = (round > 0, &sides.before) {
                sides.after = Some(original.bindings_after(&parsed));
            }
            return Ok((run.finish(remaining), sides));
        }
        if pace == Pace::OneTransformPerRound {
            let first = transforms
                .iter()
                .map(|t| t.meta().id)
                .find(|id| ready.iter().any(|d| d.transform == *id));
            let (now, later): (Vec<_>, Vec<_>) =
                ready.into_iter().partition(|d| Some(d.transform) == first);
            ready = now;
            remaining.extend(later);
        }
        if round == max_rounds {
            run.last_round_transforms = transform_ids(ready.iter());
            break;
        }
        let fixes: Vec<&Fix> = ready.iter().map(|d| d.fix.as_ref().unwrap()).collect();
        let picked = edits::pick_non_overlapping(&fixes);
        if picked.is_empty() {
            // Every proposed fix is malformed: report them as remaining, change nothing.
            if let (true, Some(original)) = (round > 0, &sides.before) {
                sides.after = Some(original.bindings_after(&parsed));
            }
            return Ok((
                run.finish(ready.into_iter().chain(remaining).collect()),
                sides,
            ));
        }
        if round == 0 && whole_file::applies(lang) {
            sides.before = Some(whole_file::Before::read(&parsed));
        }
        // Only a tree without errors is reused: tree-sitter's error recovery is where an
        // incremental parse is likeliest to differ from a fresh one.
        let mut keep = clean.then(|| parsed.reusable());
        drop(parsed);
        run.apply(
            &ready,
            &fixes,
            &picked,
            &remaining,
            before > 0,
            keep.as_mut(),
        );
        reuse = keep;
    }
    Err(Refused::NotConverged {
        transforms: run.last_round_transforms,
    })
}

/// One text being fixed: the text after the rounds so far, and what they did.
struct Run<'a> {
    engine: &'a Engine,
    lang: Lang,
    transforms: &'a [&'static dyn Transform],
    facts: FileFacts<'a>,
    /// Read again whenever the text changes: fixes move lines, and suppressions with them.
    suppressions: Suppressions,
    text: String,
    applied: Vec<Applied>,
    /// Each applied round's edits, to place later rounds' diagnostics in the original text.
    history: Vec<RoundEdits>,
    /// The transforms whose fixes the last round applied (or, past [`MAX_ROUNDS`], proposed).
    last_round_transforms: Vec<&'static str>,
    /// In a file that already has syntax errors: how to take the last round back.
    undo: Option<Undo>,
}

/// The text before the last round, how many fixes were applied before it, and its diagnostics.
struct Undo {
    text: String,
    applied: usize,
    diagnostics: Vec<Diagnostic>,
}

impl Run<'_> {
    fn finish(self, remaining: Vec<Diagnostic>) -> Fixed {
        Fixed {
            text: self.text,
            applied: self.applied,
            remaining,
        }
    }

    /// The last round raised the syntax errors from `before` to `after`. A broken file's error
    /// recovery can shift when a valid statement elsewhere is edited: there the round is undone
    /// and its fixes are held back, as next to an error. In a file without errors it is a
    /// transform bug, and the whole result is refused.
    fn undo_or_refuse(mut self, before: usize, after: usize) -> Result<Fixed, Refused> {
        match self.undo.take() {
            Some(undo) => {
                self.applied.truncate(undo.applied);
                self.text = undo.text;
                Ok(self.finish(undo.diagnostics))
            }
            None => Err(Refused::WouldBreakSyntax {
                transforms: self.last_round_transforms,
                before,
                after,
            }),
        }
    }

    /// Runs the transforms on the parsed text and splits their diagnostics: the fixes ready to
    /// apply (allowed, fitting the text, clear of every syntax error) and the rest.
    fn sort_out(
        &self,
        parsed: &ParsedFile,
        errors: &ErrorSpans,
    ) -> (Vec<Diagnostic>, Vec<Diagnostic>) {
        let mut diagnostics =
            self.engine
                .run_transforms(self.transforms, parsed, self.facts, &self.suppressions);
        // A fix next to a syntax error waits for the error to be fixed: reported without it.
        hold_back(parsed, errors, &mut diagnostics);
        diagnostics.into_iter().partition(|d| {
            d.fix
                .as_ref()
                .is_some_and(|f| self.engine.allowed(f.safety) && edits::fits(f, &self.text))
        })
    }

    /// Applies the `picked` of the `ready` diagnostics' `fixes` as one round, and records them
    /// placed in the original text; with `undoable` (the file had syntax errors), remembers how
    /// to take the round back.
    fn apply(
        &mut self,
        ready: &[Diagnostic],
        fixes: &[&Fix],
        picked: &[usize],
        remaining: &[Diagnostic],
        undoable: bool,
        tree: Option<&mut Reusable>,
    ) {
        let chosen: Vec<&Edit> = picked.iter().flat_map(|&i| fixes[i].edits.iter()).collect();
        if let Some(tree) = tree {
            tree.edit(&self.text, &chosen);
        }
        let next = edits::apply(&self.text, &chosen);
        let before = std::mem::replace(&mut self.text, next);
        if undoable {
            self.undo = Some(Undo {
                text: before,
                applied: self.applied.len(),
                // The round's fixes, taken back, are held back as next to an error.
                diagnostics: ready
                    .iter()
                    .map(|d| Diagnostic {
                        fix: None,
                        message: format!(
                            "{} ({HELD_BACK}: applying it moves the file's syntax errors; fix them first)",
                            d.message
                        ),
                        ..d.clone()
                    })
                    .chain(remaining.iter().cloned())
                    .collect(),
            });
        }
        self.suppressions = Suppressions::parse(self.lang, &self.text);
        self.last_round_transforms = transform_ids(picked.iter().map(|&i| &ready[i]));
        for i in fixed_by(fixes, picked) {
            let d = &ready[i];
            self.applied.push(Applied {
                transform: d.transform,
                message: d.message.clone(),
                safety: fixes[i].safety,
                range: to_original(&self.history, &d.range),
                original_edits: edits_to_original(&self.history, &fixes[i].edits),
            });
        }
        self.history.push(RoundEdits::new(
            chosen
                .iter()
                .map(|e| (e.range.clone(), e.text.len()))
                .collect(),
        ));
    }
}

/// The distinct transforms of some applied fixes, sorted.
fn transform_ids_of(applied: &[Applied]) -> Vec<&'static str> {
    let ids: BTreeSet<&'static str> = applied.iter().map(|a| a.transform).collect();
    ids.into_iter().collect()
}

/// The distinct transforms of some diagnostics, sorted.
fn transform_ids<'d>(diagnostics: impl Iterator<Item = &'d Diagnostic>) -> Vec<&'static str> {
    let ids: BTreeSet<&'static str> = diagnostics.map(|d| d.transform).collect();
    ids.into_iter().collect()
}

/// Which of `fixes` a round applying the `picked` ones carries out, in order: the picked, and
/// every other equal to one of them (one rewrite repairing several problems fixes them all).
fn fixed_by(fixes: &[&Fix], picked: &[usize]) -> Vec<usize> {
    // Looked up by first edit, then compared: a file can hold tens of thousands of fixes.
    let mut is_picked = vec![false; fixes.len()];
    let mut by_first: HashMap<Option<&Range<usize>>, Vec<&Fix>> = HashMap::new();
    for &i in picked {
        is_picked[i] = true;
        by_first
            .entry(fixes[i].edits.first().map(|e| &e.range))
            .or_default()
            .push(fixes[i]);
    }
    (0..fixes.len())
        .filter(|&i| {
            is_picked[i]
                || by_first
                    .get(&fixes[i].edits.first().map(|e| &e.range))
                    .is_some_and(|same| same.contains(&fixes[i]))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::engine::scripted::{engine, Scripted, LET_B, META};

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
    fn a_result_that_fails_the_whole_file_check_is_refused_or_held_back_in_a_broken_file() {
        static DROPS_IMPORT: Scripted = Scripted {
            meta: &META,
            fix: |t| {
                let line = "import { A } from \"a\";\n";
                t.find(line).map(|i| Edit::replace(i..i + line.len(), ""))
            },
        };
        let text = "import { A } from \"a\";\nlet b = A;\n";
        let refused = engine(&DROPS_IMPORT)
            .fix(Lang::TypeScript, text)
            .unwrap_err();
        assert!(
            matches!(&refused, Refused::WouldBreakFile { problem, .. } if problem.contains("`A`")),
            "{refused}"
        );
        // With a syntax error elsewhere: nothing applied, the fix held back and said so.
        let broken = format!("{text}let c = (;\n");
        let fixed = engine(&DROPS_IMPORT)
            .fix(Lang::TypeScript, &broken)
            .unwrap();
        assert_eq!(fixed.text, broken);
        assert!(fixed.applied.is_empty());
        assert!(fixed.remaining[0].fix.is_none());
        assert!(fixed.remaining[0].message.contains(HELD_BACK));
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
                transforms: vec!["scripted"]
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
}
