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
    /// One line for `rules`.
    pub summary: &'static str,
    pub languages: &'static [Lang],
    /// The safety of every fix the rule may offer; empty for a detect-only rule. The fixture
    /// harness fails a rule that offers a fix outside this list.
    pub fixes: &'static [Safety],
    /// Byte strings of which at least one occurs in any file the rule can act on: the prefilter.
    pub triggers: &'static [&'static str],
    /// Markdown: What it does / Why / Example / Fix safety / Source. `explain` prints it.
    pub docs: &'static str,
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
    /// Opt-in rules (`migrate-cdktn`) run only when selected by id, never by default.
    fn opt_in(&self) -> bool {
        false
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
