//! The [`Transform`] trait and what describes one ([`TransformMeta`]): one known mistake, found
//! in one parsed file and repaired by edits. The catalogue (`crate::catalogue`) holds them all.

use crate::context::Context;
use crate::diagnostic::{Diagnostic, Safety};
use crate::lang::Lang;
use crate::syntax::ParsedFile;

/// What a transform is; `rules` and `explain` print it.
pub struct TransformMeta {
    /// Stable identifier, used by `--select`, suppressions and fixture folders.
    pub id: &'static str,
    /// A defect (on by default), a policy or a migration (opt in): see [`Kind`].
    pub kind: Kind,
    /// One line for `rules`.
    pub summary: &'static str,
    pub languages: &'static [Lang],
    /// The safety of every fix the rule may offer; empty for a detect-only rule. The fixture
    /// harness fails a rule that offers a fix outside this list.
    pub fixes: &'static [Safety],
    /// Byte strings of which at least one occurs in any file the rule can act on: the prefilter.
    pub triggers: &'static [&'static str],
    /// It reads the project's facts (`Context::mocked_modules`, `provider_majors`, `app`,
    /// `declared`): only for a file such a transform looks at does the tool read the project.
    pub reads_project: bool,
    /// Markdown: What it does / Why / Example / Fix safety / Source. `explain` prints it.
    pub docs: &'static str,
}

/// What kind of problem a transform finds, which decides whether it runs by default: like
/// ruff's default rule set, the default run reports only mistakes, and opinions are opted into
/// (`select`, `extend-select`, `select = ["ALL"]`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// Code that does not compile, synthesize or deploy, or does something other than what it
    /// says: on by default, and run on test files too.
    Defect,
    /// An opinion about code that works (hardening, tagging, cost, style): opt-in, and never run
    /// on test files unless `test-files = "all"`.
    Policy,
    /// A one-time migration (`migrate-cdktn`): opt-in; run on test files too.
    Migration,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Defect => "defect",
            Kind::Policy => "policy",
            Kind::Migration => "migration",
        }
    }

    /// Whether transforms of this kind run without being selected.
    pub fn on_by_default(self) -> bool {
        self == Kind::Defect
    }

    /// Whether transforms of this kind run on test files (`*.test.ts`, `tests/`, ...) by default.
    pub fn runs_on_tests(self) -> bool {
        self != Kind::Policy
    }
}

impl TransformMeta {
    pub fn safety_label(&self) -> &'static str {
        match self.fixes {
            [] => "detect-only",
            [Safety::Safe] => "safe",
            [Safety::Unsafe] => "unsafe",
            _ => "safe+unsafe",
        }
    }
}

pub trait Transform: Send + Sync {
    fn meta(&self) -> &'static TransformMeta;
    /// Reports the file's problems of this kind into `out`.
    fn check(&self, file: &ParsedFile, ctx: &Context, out: &mut Vec<Diagnostic>);
    /// Opt-in rules (every kind but [`Kind::Defect`]) run only when selected, never by default.
    fn opt_in(&self) -> bool {
        !self.meta().kind.on_by_default()
    }
    /// Validates the rule's `[<id>]` table of `cdktf-fix.toml`. On error: the offending key
    /// (for the line number) and a message. Rules without options reject every table.
    fn validate_options(&self, table: &toml::Table) -> Result<(), (String, String)> {
        match table.keys().next() {
            Some(key) => Err((
                key.clone(),
                format!("`{}` takes no options", self.meta().id),
            )),
            None => Ok(()),
        }
    }
}

/// Whether a transform runs by default, and its kind: `on (defect)`, `off (policy)`,
/// `off (migration)` (`rules`, `explain`, SARIF's rule help).
pub fn default_label(transform: &dyn Transform) -> String {
    let kind = transform.meta().kind.name();
    if transform.opt_in() {
        format!("off ({kind})")
    } else {
        format!("on ({kind})")
    }
}

/// The first lines of `explain` (and of SARIF's rule help): id, summary, fix safety, languages,
/// whether it runs by default and on test files.
pub fn explain_header(transform: &dyn Transform) -> String {
    let m = transform.meta();
    let langs: Vec<&str> = m.languages.iter().map(|l| l.name()).collect();
    format!(
        "# {}\n\n{}\n\nFixes: {}. Languages: {}. Default: {}{}.\n",
        m.id,
        m.summary,
        m.safety_label(),
        langs.join(", "),
        default_label(transform),
        if m.kind.runs_on_tests() {
            ""
        } else {
            "; not run on test files"
        }
    )
}
