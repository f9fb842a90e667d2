//! The per-text engine: pick the transforms worth running on a text (the prefilter), run them,
//! and fix: apply non-colliding fixes round after round until nothing changes, refusing any
//! result with more syntax errors than the input.
//!
//! - `prefilter`: which transforms' trigger literals occur in a text;
//! - [`rounds`]: the fix loop, and what it returns ([`Fixed`], [`Refused`]);
//! - `scope`: a suppression comment above a construct covers the findings inside it;
//! - `origin`: placing later rounds' findings and edits in the original text;
//! - [`syntax_net`]: a text's syntax errors, counted and located;
//! - [`whole_file`]: the checks a fixed text must pass as a whole (imports, provider exports);
//! - [`edits`]: choosing and applying non-colliding edits;
//! - [`file`]: one file through the pipeline (read, decode, check or fix, write or patch),
//!   with [`patch`] for its diffs and [`write`] for the atomic write.

pub mod edits;
pub mod file;
mod origin;
pub mod patch;
mod prefilter;
pub mod rounds;
mod scope;
#[cfg(test)]
mod scripted;
pub mod syntax_net;
pub mod whole_file;
pub mod write;

pub use rounds::{Applied, Fixed, Refused, MAX_ROUNDS};
pub use syntax_net::{error_ranges, syntax_errors};

use crate::config::Config;
use crate::suppress::Suppressions;
use prefilter::Triggers;
use transforms::gomod::GoMod;
use transforms::index::ProviderIndex;
use transforms::lang::Lang;
use transforms::{Context, Diagnostic, ParsedFile, Safety, Transform};

/// The selected transforms and settings, built once per process and shared by every thread.
pub struct Engine {
    transforms: Vec<&'static dyn Transform>,
    /// Every selected transform's trigger literals and the searches for them ([`Triggers`]).
    triggers: Triggers,
    pub unsafe_fixes: bool,
    pub config: Config,
}

/// A text's suppression comments and the transforms worth running on it ([`Engine::plan`]).
pub struct FilePlan {
    pub lang: Lang,
    pub suppressions: Suppressions,
    /// Empty when no trigger occurs (or `ignore-file` transforms everything out): nothing is parsed.
    pub transforms: Vec<&'static dyn Transform>,
}

/// What checking or fixing a file reads besides its text: its nearest `go.mod` and its
/// project's facts (the provider modules its tests mock, the provider majors it pins).
#[derive(Clone, Copy)]
pub struct FileFacts<'a> {
    pub go_mod: Option<&'a GoMod>,
    pub project: &'a crate::project::Facts,
    /// The project's `cdktf.json` as seen from the file (`migrate-cdktn` reads it).
    pub app: Option<&'a transforms::context::CdktfApp>,
}

impl Engine {
    pub fn new(
        transforms: Vec<&'static dyn Transform>,
        config: Config,
        unsafe_fixes: bool,
    ) -> Engine {
        let triggers = Triggers::new(&transforms);
        Engine {
            transforms,
            triggers,
            unsafe_fixes,
            config,
        }
    }

    pub fn transforms(&self) -> &[&'static dyn Transform] {
        &self.transforms
    }

    /// The transforms worth running on this text: right language, a trigger literal occurs, and no
    /// `cdktf-fix: ignore-file` comment transforms them out. An empty result means the file is never
    /// parsed.
    pub fn candidates(&self, lang: Lang, text: &str) -> Vec<&'static dyn Transform> {
        self.plan(lang, text).transforms
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
        let Some(hit) = self.triggers.transforms_hit(text, self.transforms.len()) else {
            return Vec::new();
        };
        self.transforms
            .iter()
            .zip(hit)
            .filter(|(r, h)| {
                *h && r.meta().languages.contains(&lang) && suppressions.allows_rule(r.meta().id)
            })
            .map(|(r, _)| *r)
            .collect()
    }

    fn context<'a>(
        &'a self,
        go_mod: Option<&'a GoMod>,
        project: &'a crate::project::Facts,
        app: Option<&'a transforms::context::CdktfApp>,
    ) -> Context<'a> {
        Context {
            options: &self.config.transforms,
            index: ProviderIndex::get(),
            go_mod,
            mocked_modules: &project.mocks,
            provider_majors: &project.provider_majors,
            style: &project.style,
            app,
            declared: &project.declared,
        }
    }

    /// Runs `transforms` over the file; findings suppressed by a `cdktf-fix: ignore` comment are
    /// dropped here, with their fixes, whatever the transform.
    fn run_transforms(
        &self,
        transforms: &[&'static dyn Transform],
        file: &ParsedFile,
        facts: FileFacts,
        suppressions: &Suppressions,
    ) -> Vec<Diagnostic> {
        let ctx = self.context(facts.go_mod, facts.project, facts.app);
        let mut out = Vec::new();
        for transform in transforms {
            transform.check(file, &ctx, &mut out);
        }
        // A comment above a construct covers the findings inside it too (`scope`).
        let scopes = scope::Scopes::new(file);
        out.retain(|d| {
            !suppressions.suppresses(d.transform, &d.range) && !scopes.suppress(suppressions, d)
        });
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
        let project = crate::project::Facts::default();
        let facts = FileFacts {
            go_mod,
            project: &project,
            app: None,
        };
        self.check_planned(text, self.plan(lang, text), facts)
    }

    /// Reads the text's suppression comments and picks the transforms worth running, once per file:
    /// the pipeline looks at the plan before it decides to read a Go file's `go.mod`.
    pub fn plan(&self, lang: Lang, text: &str) -> FilePlan {
        let suppressions = Suppressions::parse(lang, text);
        let transforms = self.candidates_for(lang, text, &suppressions);
        FilePlan {
            lang,
            suppressions,
            transforms,
        }
    }

    /// [`Engine::check_in`] with the plan already made for this text, and its project's facts.
    pub fn check_planned(&self, text: &str, plan: FilePlan, facts: FileFacts) -> Vec<Diagnostic> {
        let FilePlan {
            lang,
            suppressions,
            transforms,
        } = plan;
        if transforms.is_empty() {
            return Vec::new();
        }
        let parsed = ParsedFile::parse(lang, text);
        let mut found = self.run_transforms(&transforms, &parsed, facts, &suppressions);
        syntax_net::hold_back_in(&parsed, &mut found);
        found
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
        let project = crate::project::Facts::default();
        let facts = FileFacts {
            go_mod,
            project: &project,
            app: None,
        };
        self.fix_planned(text, self.plan(lang, text), facts)
    }

    /// [`Engine::fix_in`] with the plan already made for this text, and its project's facts.
    pub fn fix_planned(
        &self,
        text: &str,
        plan: FilePlan,
        facts: FileFacts,
    ) -> Result<Fixed, Refused> {
        rounds::fix(self, text, plan, facts)
    }
}

#[cfg(test)]
mod tests {
    use super::scripted::{engine, Scripted, DEFAULT_TAGS_META, LET_B, META};
    use super::*;
    use transforms::Edit;

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
        // One fix for the finding on line 1 that also rewrites line 3, where the transform is
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
