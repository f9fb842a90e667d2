//! The per-text engine: run the selected transforms, apply non-colliding fixes, re-parse, and
//! repeat until nothing changes; refuse any result with more syntax errors than the input.

pub mod edits;
pub mod file;
pub mod write;

use std::collections::{BTreeSet, HashMap};
use std::ops::Range;

use aho_corasick::AhoCorasick;

use crate::config::Config;
use crate::index::ProviderIndex;
use crate::lang::Lang;
use crate::transforms::{Context, Diagnostic, Fix, ParsedFile, Rule, Safety};

/// Rounds of fixing before a file is declared not to converge.
pub const MAX_ROUNDS: usize = 10;

/// The selected transforms and settings, built once per process and shared by every thread.
pub struct Engine {
    rules: Vec<&'static dyn Rule>,
    /// Every selected rule's trigger literals; pattern `i` belongs to `trigger_owner[i]`.
    prefilter: AhoCorasick,
    trigger_owner: Vec<usize>,
    pub unsafe_fixes: bool,
    pub config: Config,
}

/// A fix the engine applied.
#[derive(Clone, Debug)]
pub struct Applied {
    pub rule: &'static str,
    pub message: String,
    pub safety: Safety,
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

impl Engine {
    pub fn new(rules: Vec<&'static dyn Rule>, config: Config, unsafe_fixes: bool) -> Engine {
        let mut literals = Vec::new();
        let mut trigger_owner = Vec::new();
        for (i, rule) in rules.iter().enumerate() {
            for t in rule.meta().triggers {
                literals.push(*t);
                trigger_owner.push(i);
            }
        }
        let prefilter = AhoCorasick::new(&literals).expect("trigger literals build an automaton");
        Engine {
            rules,
            prefilter,
            trigger_owner,
            unsafe_fixes,
            config,
        }
    }

    pub fn rules(&self) -> &[&'static dyn Rule] {
        &self.rules
    }

    /// The rules worth running on this text: right language, and a trigger literal occurs.
    /// An empty result means the file is never parsed.
    pub fn candidates(&self, lang: Lang, text: &str) -> Vec<&'static dyn Rule> {
        let mut hit = vec![false; self.rules.len()];
        for m in self.prefilter.find_overlapping_iter(text) {
            hit[self.trigger_owner[m.pattern().as_usize()]] = true;
            if hit.iter().all(|h| *h) {
                break;
            }
        }
        self.rules
            .iter()
            .zip(hit)
            .filter(|(r, h)| *h && r.meta().languages.contains(&lang))
            .map(|(r, _)| *r)
            .collect()
    }

    fn context(&self) -> Context<'_> {
        Context {
            config: &self.config,
            index: ProviderIndex::get(),
        }
    }

    fn run_rules(&self, rules: &[&'static dyn Rule], file: &ParsedFile) -> Vec<Diagnostic> {
        let ctx = self.context();
        let mut out = Vec::new();
        for rule in rules {
            rule.check(file, &ctx, &mut out);
        }
        out.sort_by_key(|d| (d.range.start, d.range.end, d.rule));
        out
    }

    /// One pass of the transforms over the text, nothing applied: what `check` reports.
    pub fn check(&self, lang: Lang, text: &str) -> Vec<Diagnostic> {
        let rules = self.candidates(lang, text);
        if rules.is_empty() {
            return Vec::new();
        }
        self.run_rules(&rules, &ParsedFile::parse(lang, text))
    }

    fn allowed(&self, safety: Safety) -> bool {
        safety == Safety::Safe || self.unsafe_fixes
    }

    /// Applies every allowed fix, round after round, until the transforms propose nothing.
    pub fn fix(&self, lang: Lang, text: &str) -> Result<Fixed, Refused> {
        let rules = self.candidates(lang, text);
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
            let diagnostics = self.run_rules(&rules, &parsed);
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
                    .map(|d| d.rule)
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
            let round_rules: BTreeSet<&'static str> =
                picked.iter().map(|&i| ready[i].rule).collect();
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
                        rule: d.rule,
                        message: d.message.clone(),
                        safety: fixes[i].safety,
                    }),
            );
        }
        Err(Refused::NotConverged {
            rules: last_round_rules,
        })
    }
}

/// One byte range per ERROR or MISSING node of the parse: the node that contains it (the broken
/// statement or expression, not the whole file), where no fix may apply.
pub fn error_ranges(file: &ParsedFile) -> Vec<Range<usize>> {
    let root = file.root.root();
    if !root.get_inner_node().has_error() {
        return Vec::new();
    }
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
    use crate::lang::Lang;
    use crate::transforms::{Edit, RuleMeta};

    /// A test rule whose fix is given by a function of the file text.
    struct Scripted {
        meta: &'static RuleMeta,
        fix: fn(&str) -> Option<Edit>,
    }

    impl Rule for Scripted {
        fn meta(&self) -> &'static RuleMeta {
            self.meta
        }
        fn check(&self, file: &ParsedFile, _ctx: &Context, out: &mut Vec<Diagnostic>) {
            if let Some(edit) = (self.fix)(file.text) {
                out.push(Diagnostic {
                    rule: self.meta.id,
                    range: edit.range.clone(),
                    message: "scripted".into(),
                    fix: Some(Fix::safe(vec![edit])),
                });
            }
        }
    }

    static META: RuleMeta = RuleMeta {
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
}
