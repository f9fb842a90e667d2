//! The catalogue: one module per transform, registered by one line in [`REGISTRY`].
//!
//! A transform reads one parsed file and the shared read-only [`Context`] and reports
//! [`Diagnostic`]s, each with an optional [`Fix`]. It never writes, never reads other files and
//! keeps no state between files; the engine applies, verifies and writes.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::OnceLock;

use ast_grep_core::tree_sitter::StrDoc;
use ast_grep_core::AstGrep;
use ast_grep_language::SupportLang;

use crate::config::Config;
use crate::engine::gomod::GoMod;
use crate::index::ProviderIndex;
use crate::lang::Lang;
use crate::syntax::N;

mod backend_state_lock;
mod default_tags;
mod ebs_gp3;
mod go_module_paths;
mod hardcoded_az;
mod iam_wildcard_actions;
mod imds_v2;
mod migrate_cdktn;
mod missing_log_group;
mod nat_gateway_depends_on;
mod provider_class_names;
mod provider_imports;
mod provider_shapes;
mod rds_kms_key_arn;
mod rds_managed_password;
mod rds_storage_encrypted;
mod s3_bucket_hardening;
mod sg_descriptions;
mod sg_port_range;
mod token_list_index;

/// Every transform, in the order `rules` lists them. Adding one: its module above, one line here.
pub static REGISTRY: &[&dyn Rule] = &[
    &backend_state_lock::BackendStateLock,
    &default_tags::DefaultTags,
    &ebs_gp3::EbsGp3,
    &go_module_paths::GoModulePaths,
    &hardcoded_az::HardcodedAz,
    &iam_wildcard_actions::IamWildcardActions,
    &imds_v2::ImdsV2,
    &migrate_cdktn::MigrateCdktn,
    &missing_log_group::MissingLogGroup,
    &nat_gateway_depends_on::NatGatewayDependsOn,
    &provider_class_names::ProviderClassNames,
    &provider_imports::ProviderImports,
    &provider_shapes::ProviderShapes,
    &rds_kms_key_arn::RdsKmsKeyArn,
    &rds_managed_password::RdsManagedPassword,
    &rds_storage_encrypted::RdsStorageEncrypted,
    &s3_bucket_hardening::S3BucketHardening,
    &sg_descriptions::SgDescriptions,
    &sg_port_range::SgPortRange,
    &token_list_index::TokenListIndex,
];

/// How much a fix may change what gets deployed (ruff's fix applicability).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Safety {
    /// Keeps the author's intent and what gets deployed (or repairs code that could not deploy).
    Safe,
    /// Changes deployed behaviour: applied only with `--unsafe-fixes`.
    Unsafe,
}

impl Safety {
    pub fn name(self) -> &'static str {
        match self {
            Safety::Safe => "safe",
            Safety::Unsafe => "unsafe",
        }
    }
}

/// One replacement of a byte range of the (BOM-less) source text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    pub range: Range<usize>,
    pub text: String,
}

impl Edit {
    pub fn replace(range: Range<usize>, text: impl Into<String>) -> Edit {
        Edit {
            range,
            text: text.into(),
        }
    }
    pub fn insert(at: usize, text: impl Into<String>) -> Edit {
        Edit::replace(at..at, text)
    }
    pub fn delete(range: Range<usize>) -> Edit {
        Edit::replace(range, "")
    }
}

/// A set of edits that together repair one diagnostic; applied whole or not at all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    pub safety: Safety,
    pub edits: Vec<Edit>,
}

impl Fix {
    pub fn safe(edits: Vec<Edit>) -> Fix {
        Fix {
            safety: Safety::Safe,
            edits,
        }
    }
    pub fn unsafe_(edits: Vec<Edit>) -> Fix {
        Fix {
            safety: Safety::Unsafe,
            edits,
        }
    }
}

/// One problem found in a file, with the fix when there is one.
#[derive(Clone, Debug)]
pub struct Diagnostic {
    pub rule: &'static str,
    pub range: Range<usize>,
    pub message: String,
    pub fix: Option<Fix>,
}

/// What a transform is; `rules` and `explain` print it.
pub struct RuleMeta {
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

impl RuleMeta {
    pub fn safety_label(&self) -> &'static str {
        match self.fixes {
            [] => "detect-only",
            [Safety::Safe] => "safe",
            [Safety::Unsafe] => "unsafe",
            _ => "safe+unsafe",
        }
    }
}

/// A parsed source file as the transforms see it.
pub struct ParsedFile<'a> {
    pub lang: Lang,
    pub text: &'a str,
    pub root: AstGrep<StrDoc<SupportLang>>,
    /// Where the named nodes of each kind are (byte ranges in document order): built by one walk
    /// the first time a transform asks, then shared by every transform of the round.
    kinds: OnceLock<HashMap<String, Vec<(usize, usize)>>>,
}

impl<'a> ParsedFile<'a> {
    pub fn parse(lang: Lang, text: &'a str) -> ParsedFile<'a> {
        ParsedFile {
            lang,
            text,
            // A manifest has no grammar: an empty tree, and the rule reads `text`.
            root: AstGrep::new(if lang.is_manifest() { "" } else { text }, lang.grammar()),
            kinds: OnceLock::new(),
        }
    }

    /// Every named node of this kind, in document order. Use this rather than a walk of the
    /// whole tree per transform: the file is walked once, whatever the number of transforms
    /// (`bench/run.sh`; BENCHMARKS.md says what the walks cost).
    pub fn of_kind<'s>(&'s self, kind: &'s str) -> impl Iterator<Item = N<'s>> + 's {
        self.kinds()
            .get(kind)
            .into_iter()
            .flatten()
            .filter_map(move |&(start, end)| self.node_at(kind, start, end))
    }

    /// Every named node of any of these kinds, in document order (outer nodes first).
    pub fn of_kinds<'s>(&'s self, kinds: &'s [&'s str]) -> impl Iterator<Item = N<'s>> + 's {
        let index = self.kinds();
        let mut found: Vec<(usize, std::cmp::Reverse<usize>, &'s str)> = kinds
            .iter()
            .flat_map(|&k| {
                index
                    .get(k)
                    .into_iter()
                    .flatten()
                    .map(move |&(s, e)| (s, std::cmp::Reverse(e), k))
            })
            .collect();
        found.sort_unstable();
        found
            .into_iter()
            .filter_map(move |(s, e, k)| self.node_at(k, s, e.0))
    }

    fn kinds(&self) -> &HashMap<String, Vec<(usize, usize)>> {
        self.kinds.get_or_init(|| {
            let mut map: HashMap<String, Vec<(usize, usize)>> = HashMap::new();
            let root = self.root.root().get_inner_node();
            let mut cursor = root.walk();
            // Preorder without recursion: deep trees cannot overflow the stack.
            loop {
                let node = cursor.node();
                if node.is_named() {
                    let at = (node.start_byte(), node.end_byte());
                    match map.get_mut(node.kind()) {
                        Some(v) => v.push(at),
                        None => {
                            map.insert(node.kind().to_string(), vec![at]);
                        }
                    }
                }
                if cursor.goto_first_child() {
                    continue;
                }
                loop {
                    if cursor.goto_next_sibling() {
                        break;
                    }
                    if !cursor.goto_parent() {
                        return map;
                    }
                }
            }
        })
    }

    /// The node of `kind` spanning exactly `start..end`: the smallest node there, or one of its
    /// ancestors with the same span.
    fn node_at(&self, kind: &str, start: usize, end: usize) -> Option<N<'_>> {
        let mut node = self
            .root
            .root()
            .get_inner_node()
            .descendant_for_byte_range(start, end)?;
        loop {
            if node.start_byte() != start || node.end_byte() != end {
                return None;
            }
            if node.is_named() && node.kind() == kind {
                return Some(self.root.adopt(node));
            }
            node = node.parent()?;
        }
    }

    /// The file's own line ending, for transforms that insert lines.
    pub fn newline(&self) -> &'static str {
        crate::source::line_ending(self.text)
    }
}

/// What every transform may read besides the file: configuration, the provider index, and for
/// a Go file its nearest `go.mod` (looked up by the pipeline).
pub struct Context<'a> {
    pub config: &'a Config,
    pub index: &'static ProviderIndex,
    pub go_mod: Option<&'a GoMod>,
}

pub trait Rule: Send + Sync {
    fn meta(&self) -> &'static RuleMeta;
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

impl Context<'_> {
    /// The rule's `[<id>]` table from the configuration, if any.
    pub fn options(&self, id: &str) -> Option<&toml::Table> {
        self.config.rules.get(id)
    }
}

/// The rule with this id.
pub fn by_id(id: &str) -> Option<&'static dyn Rule> {
    REGISTRY.iter().copied().find(|r| r.meta().id == id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn rule_ids_are_unique_and_kebab_case() {
        let mut seen = HashSet::new();
        for rule in REGISTRY {
            let id = rule.meta().id;
            assert!(seen.insert(id), "duplicate rule id {id}");
            assert!(
                id.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "{id} is not kebab-case"
            );
        }
    }

    #[test]
    fn every_rule_documents_what_why_example_and_fix_safety() {
        for rule in REGISTRY {
            let meta = rule.meta();
            for heading in [
                "## What it does",
                "## Why",
                "## Example",
                "## Fix safety",
                "## Source",
            ] {
                assert!(
                    meta.docs.contains(heading),
                    "{} docs lack {heading}",
                    meta.id
                );
            }
            assert!(
                !meta.triggers.is_empty(),
                "{} has no prefilter triggers",
                meta.id
            );
            assert!(!meta.languages.is_empty(), "{} has no languages", meta.id);
        }
    }
}
