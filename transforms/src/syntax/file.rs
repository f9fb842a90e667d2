//! [`ParsedFile`]: a source file, its syntax tree and the analyses several transforms share.

use std::cell::OnceCell;

use crate::index::ProviderIndex;
use crate::lang::Lang;
use crate::syntax::construct::{self, Construct, Scope};
use crate::syntax::python::Bindings;
use crate::syntax::tree::{Reusable, Tree};
use crate::syntax::ts::{self, Import, ProviderScope};
use crate::syntax::N;

/// A parsed source file as the transforms see it.
pub struct ParsedFile<'a> {
    pub lang: Lang,
    pub text: &'a str,
    /// Analyses several transforms make of the same file, made once.
    bindings: OnceCell<Bindings>,
    provider_scope: OnceCell<ProviderScope<'static>>,
    /// Nodes of `tree`, which `'static` stands in for: sound because `Tree` keeps its flat form
    /// (what nodes point at) boxed and never changes it, so the nodes stay valid when this
    /// struct moves, and they are handed out only re-bound to a borrow of `self`. Declared
    /// before `tree` so that they are dropped first.
    ts_imports: OnceCell<Vec<Import<'static>>>,
    constructs: OnceCell<Vec<Construct<'static>>>,
    /// The syntax tree (`file.tree().root()`), flattened the first time a transform reads it.
    /// Private: the memos above hold nodes of this very tree, so it is never replaced.
    tree: Tree<'a>,
}

impl<'a> ParsedFile<'a> {
    pub fn parse(lang: Lang, text: &'a str) -> ParsedFile<'a> {
        ParsedFile {
            lang,
            text,
            bindings: Default::default(),
            provider_scope: Default::default(),
            ts_imports: Default::default(),
            constructs: Default::default(),
            tree: Tree::parse(lang, text),
        }
    }

    /// [`ParsedFile::parse`] of `text`, the text of the file `old` was kept from after the edits
    /// recorded in it ([`Reusable::edit`]): the same file, re-parsed incrementally.
    pub fn reparse(lang: Lang, text: &'a str, old: &Reusable) -> ParsedFile<'a> {
        ParsedFile {
            lang,
            text,
            bindings: Default::default(),
            provider_scope: Default::default(),
            ts_imports: Default::default(),
            constructs: Default::default(),
            tree: Tree::reparse(lang, text, old),
        }
    }

    /// The file's tree, kept for [`ParsedFile::reparse`] after edits.
    pub fn reusable(&self) -> Reusable {
        self.tree.reusable()
    }

    /// The file's top-level TypeScript imports, read once (up to eight transforms read them).
    pub fn ts_imports(&self) -> &[Import<'_>] {
        self.ts_imports.get_or_init(|| {
            let imports = ts::imports(&self.tree.root());
            // SAFETY: see the field: the nodes point into `self.tree`'s boxed flat form, which
            // lives as long as `self`; the slice returned is bound to `&self`.
            unsafe { std::mem::transmute::<Vec<Import<'_>>, Vec<Import<'static>>>(imports) }
        })
    }

    /// The syntax tree; `file.tree().root()` is its root node.
    pub fn tree(&self) -> &Tree<'a> {
        &self.tree
    }

    /// The file's Python imports, read once: call [`Bindings::of`].
    pub(crate) fn py_bindings(&self) -> &Bindings {
        self.bindings.get_or_init(|| Bindings::read(self))
    }

    /// The file's constructions of provider classes ([`construct::constructs`]), read once
    /// (five transforms read them); empty when the file imports no provider. `index` is the
    /// file's own (`Context::index`, one per file): the first call's is the one kept.
    pub fn constructs(&self, index: &'static ProviderIndex) -> &[Construct<'_>] {
        self.constructs.get_or_init(|| {
            let all = match Scope::of(self, index) {
                Some(scope) => construct::constructs(self, &scope),
                None => Vec::new(),
            };
            // SAFETY: as for `ts_imports`: nodes of `self.tree`, bound to `&self` when read.
            unsafe { std::mem::transmute::<Vec<Construct<'_>>, Vec<Construct<'static>>>(all) }
        })
    }

    /// What the file's TypeScript imports bind from provider packages, read once.
    pub fn provider_scope(&self, index: &'static ProviderIndex) -> &ProviderScope<'static> {
        self.provider_scope
            .get_or_init(|| ProviderScope::of(self.ts_imports(), index))
    }

    /// Every named node of this kind, in document order. Use this rather than a walk of the
    /// whole tree per transform: the file is walked once, whatever the number of transforms
    /// (`bench/run.sh`; BENCHMARKS.md says what the walks cost).
    pub fn of_kind<'s>(&'s self, kind: &'s str) -> impl Iterator<Item = N<'s>> + 's {
        self.tree.of_kind(kind)
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
        let mut found: Vec<N<'s>> = kinds
            .iter()
            .flat_map(|&k| self.tree.of_kind(k))
            .filter(|n| self.spelled(n).is_some_and(&keep))
            .collect();
        found.sort_unstable_by_key(N::preorder);
        found.into_iter()
    }

    /// Whether some named node of `kind` spells exactly `text`.
    pub fn has_kind_with_text(&self, kind: &str, text: &str) -> bool {
        self.tree
            .of_kind(kind)
            .any(|n| self.spelled(&n) == Some(text))
    }

    fn spelled(&self, node: &N) -> Option<&'a str> {
        self.text.get(node.range())
    }

    /// The file's own line ending, for transforms that insert lines.
    pub fn newline(&self) -> &'static str {
        crate::source::line_ending(self.text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `ts_imports` keeps nodes beside the tree they point into: they must still read the
    /// file after the `ParsedFile` moves (the flat form is boxed for this).
    #[test]
    fn memoised_imports_survive_a_move_of_the_file() {
        let text = "import { S3Bucket } from \"@cdktf/provider-aws/lib/s3-bucket\";\nnew S3Bucket(this, \"b\");\n";
        let file = ParsedFile::parse(Lang::TypeScript, text);
        assert_eq!(file.ts_imports().len(), 1); // built where `file` is
        let moved = Box::new(file);
        let imports = moved.ts_imports();
        // Equal nodes: the same index into the same flat form (compared by address).
        assert!(imports[0].node.parent() == Some(moved.tree().root()));
        assert_eq!(imports[0].named[0].local(), "S3Bucket");
        assert_eq!(
            imports[0].source_node.text(),
            "\"@cdktf/provider-aws/lib/s3-bucket\""
        );
    }

    #[test]
    fn the_kind_index_agrees_with_a_walk_of_the_tree() {
        let src =
            "const a = new A(this, \"a\", { x: [1, 2], y: { z: f(g(1)) } });\nlet b = a.x[0];\n";
        let file = ParsedFile::parse(Lang::TypeScript, src);
        for kind in ["call_expression", "number", "object", "identifier", "pair"] {
            let walked: Vec<_> = file
                .tree()
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
}
