//! The catalogue: one module per transform, registered by one line in [`REGISTRY`].
//!
//! A transform reads one parsed file and the shared read-only [`Context`] and reports
//! [`Diagnostic`]s, each with an optional [`Fix`]. It never writes, never reads other files and
//! keeps no state between files; the engine applies, verifies and writes.

use std::cell::OnceCell;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::OnceLock;

use ast_grep_core::tree_sitter::StrDoc;
use ast_grep_core::AstGrep;
type TsNode<'t> = <StrDoc<SupportLang> as ast_grep_core::Doc>::Node<'t>;
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
    /// The syntax tree (read it through `Deref`: `file.root.root()`), with its kind index.
    pub root: Tree,
}

/// A syntax tree and, built the first time a transform asks, where its named nodes of each kind
/// are: one walk per parse, shared by every transform of the round.
///
/// The index holds tree-sitter nodes, which point into the tree. The tree lives on the C heap
/// (moving a `Tree` moves a pointer to it), is never edited (only `Deref`, no `DerefMut`, and the
/// fields are private), and the index sits next to it in this struct, so both move, are replaced
/// and are dropped together; that is what makes handing out nodes from the index sound.
pub struct Tree {
    grep: AstGrep<StrDoc<SupportLang>>,
    kinds: OnceCell<KindIndex>,
}

impl std::ops::Deref for Tree {
    type Target = AstGrep<StrDoc<SupportLang>>;
    fn deref(&self) -> &Self::Target {
        &self.grep
    }
}

/// The named nodes of each kind in document order, indexed by tree-sitter's numeric kind id: the
/// walk that builds it reads `kind_id()` (a table lookup), not `kind()` (a `strlen` and a UTF-8
/// check per call). `'static` stands for "as long as the `Tree` that owns the index".
type KindIndex = Vec<Vec<TsNode<'static>>>;

/// The numeric id of each named node kind of `lang`'s grammar, built once per process.
fn kind_id(lang: Lang, kind: &str) -> Option<u16> {
    static TABLES: [OnceLock<HashMap<&'static str, u16>>; 6] = [const { OnceLock::new() }; 6];
    let slot = match lang.grammar() {
        SupportLang::TypeScript => 0,
        SupportLang::Tsx => 1,
        SupportLang::Python => 2,
        SupportLang::Go => 3,
        SupportLang::Java => 4,
        SupportLang::CSharp => 5,
        _ => return None,
    };
    let table = TABLES[slot].get_or_init(|| {
        let grammar = ast_grep_core::tree_sitter::LanguageExt::get_ts_language(&lang.grammar());
        let mut ids = HashMap::new();
        for id in 0..grammar.node_kind_count() as u16 {
            if !grammar.node_kind_is_named(id) {
                continue;
            }
            if let Some(name) = grammar.node_kind_for_id(id) {
                // The public id (aliases folded), which is what `Node::kind_id` reports.
                let public = grammar.id_for_node_kind(name, true);
                let name: &'static str = Box::leak(name.to_string().into_boxed_str());
                ids.entry(name).or_insert(public);
            }
        }
        ids
    });
    table.get(kind).copied()
}

impl Tree {
    fn parse(lang: Lang, text: &str) -> Tree {
        Tree {
            // A manifest has no grammar: an empty tree, and the rule reads `text`.
            grep: AstGrep::new(if lang.is_manifest() { "" } else { text }, lang.grammar()),
            kinds: OnceCell::new(),
        }
    }

    fn kinds(&self) -> &KindIndex {
        self.kinds.get_or_init(|| {
            let mut map = KindIndex::new();
            let mut cursor = self.grep.root().get_inner_node().walk();
            // Preorder without recursion: deep trees cannot overflow the stack.
            loop {
                let node = cursor.node();
                if node.is_named() {
                    let id = usize::from(node.kind_id());
                    if map.len() <= id {
                        map.resize_with(id + 1, Vec::new);
                    }
                    // SAFETY: the node points into `self.grep`'s tree, which outlives the index
                    // and never changes (see `Tree`); nodes leave the index only through
                    // `nodes`, re-bound to a borrow of `self`.
                    map[id]
                        .push(unsafe { std::mem::transmute::<TsNode<'_>, TsNode<'static>>(node) });
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

    /// The indexed nodes of one kind, borrowed from `self`.
    fn nodes<'s>(&'s self, lang: Lang, kind: &str) -> &'s [TsNode<'s>] {
        kind_id(lang, kind)
            .and_then(|id| self.kinds().get(usize::from(id)))
            .map_or(&[], Vec::as_slice)
    }
}

impl<'a> ParsedFile<'a> {
    pub fn parse(lang: Lang, text: &'a str) -> ParsedFile<'a> {
        ParsedFile {
            lang,
            text,
            root: Tree::parse(lang, text),
        }
    }

    /// Every named node of this kind, in document order. Use this rather than a walk of the
    /// whole tree per transform: the file is walked once, whatever the number of transforms
    /// (`bench/run.sh`; BENCHMARKS.md says what the walks cost).
    pub fn of_kind<'s>(&'s self, kind: &'s str) -> impl Iterator<Item = N<'s>> + 's {
        self.root
            .nodes(self.lang, kind)
            .iter()
            .map(move |n| self.root.adopt(*n))
    }

    /// Every named node of any of these kinds, in document order (outer nodes first).
    pub fn of_kinds<'s>(&'s self, kinds: &'s [&'s str]) -> impl Iterator<Item = N<'s>> + 's {
        self.of_kinds_where(kinds, |_| true)
    }

    /// [`ParsedFile::of_kinds`] restricted to the nodes whose source text satisfies `keep`.
    pub fn of_kinds_where<'s>(
        &'s self,
        kinds: &'s [&'s str],
        keep: impl Fn(&str) -> bool,
    ) -> impl Iterator<Item = N<'s>> + 's {
        let mut found: Vec<TsNode<'s>> = kinds
            .iter()
            .flat_map(|&k| self.root.nodes(self.lang, k))
            .filter(|n| self.spelled(n).is_some_and(&keep))
            .copied()
            .collect();
        found.sort_unstable_by_key(|n| (n.start_byte(), std::cmp::Reverse(n.end_byte())));
        found.into_iter().map(move |n| self.root.adopt(n))
    }

    /// Whether some named node of `kind` spells exactly `text`.
    pub fn has_kind_with_text(&self, kind: &str, text: &str) -> bool {
        self.root
            .nodes(self.lang, kind)
            .iter()
            .any(|n| self.spelled(n) == Some(text))
    }

    fn spelled(&self, node: &TsNode) -> Option<&'a str> {
        self.text.get(node.start_byte()..node.end_byte())
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
    fn the_kind_index_agrees_with_a_walk_of_the_tree() {
        let src =
            "const a = new A(this, \"a\", { x: [1, 2], y: { z: f(g(1)) } });\nlet b = a.x[0];\n";
        let file = ParsedFile::parse(Lang::TypeScript, src);
        for kind in ["call_expression", "number", "object", "identifier", "pair"] {
            let walked: Vec<_> = file
                .root
                .root()
                .dfs()
                .filter(|n| n.is_named() && n.kind() == kind)
                .map(|n| n.range())
                .collect();
            let indexed: Vec<_> = file.of_kind(kind).map(|n| n.range()).collect();
            assert_eq!(indexed, walked, "{kind}");
            assert!(!walked.is_empty(), "{kind}");
        }
        let both: Vec<_> = file
            .of_kinds(&["call_expression", "number"])
            .map(|n| n.text().to_string())
            .collect();
        // Document order; an outer node before the nodes inside it.
        assert_eq!(
            both,
            ["1", "2", "f(g(1))", "g(1)", "1", "0"].map(String::from)
        );
        assert!(file.has_kind_with_text("identifier", "g"));
        assert!(!file.has_kind_with_text("identifier", "h"));
        assert_eq!(file.of_kind("no_such_kind").count(), 0);
    }

    #[test]
    fn indexed_nodes_stay_valid_when_the_parsed_file_moves() {
        let text = "x = f(1)\ny = g(2)\n".to_string();
        let file = ParsedFile::parse(Lang::Python, &text);
        assert_eq!(file.of_kind("call").count(), 2); // builds the index
        let moved = [Box::new(file)];
        let calls: Vec<_> = moved[0]
            .of_kind("call")
            .map(|n| n.text().to_string())
            .collect();
        assert_eq!(calls, ["f(1)", "g(2)"]);
    }

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
