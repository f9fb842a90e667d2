//! A parsed file's syntax tree, flattened once into arrays that the transforms navigate.
//!
//! tree-sitter answers "children", "field" and "parent" by walking its own structure on every
//! call: a child iteration re-enters hidden nodes, a field lookup by name compares the name
//! with every field name of the grammar (`strncmp`), and `parent` descends again from the root.
//! With a dozen transforms asking those questions of the same nodes, that was a third of the
//! time spent on a file (BENCHMARKS.md). One walk per parse records every node in preorder with
//! its byte range, its parent, the end of its subtree, its kind id and its field id; after that
//! each of those questions is an array lookup, and a node is a reference to the flat form and an
//! index ([`N`]).
//!
//! The flat form keeps no tree-sitter node: 20 bytes a node, where a copy of each node (ast-grep's,
//! 40 bytes) made it 52, and a 5 MB file has a million nodes (BENCHMARKS.md, issue 24). [`N`]
//! answers what the transforms read of a node (`text`, `range`, `is_error`, `is_missing`) from
//! these arrays, with the names and results of ast-grep's node, which it used to dereference to.

use std::borrow::Cow;
use std::cell::OnceCell;
use std::collections::HashMap;
use std::fmt;
use std::num::NonZeroU16;
use std::sync::OnceLock;

use ast_grep_core::tree_sitter::LanguageExt;
use ast_grep_language::SupportLang;

use crate::lang::Lang;

const NONE: u32 = u32::MAX;

/// tree-sitter's kind id for an ERROR node (outside the grammar's table of kinds).
const ERROR_KIND: u16 = u16::MAX;

/// A syntax tree of `'t`'s text and, built the first time a transform asks, its flat form: one
/// walk per parse, shared by every transform of the round.
pub struct Tree<'t> {
    text: &'t str,
    /// Boxed, so that nodes ([`N`], which point at it) stay valid when the `Tree` moves: the
    /// owner of a `Tree` may keep nodes beside it (see `ParsedFile::ts_imports`). Built once and
    /// never changed (nothing hands out `&mut`). Declared before `tree`, which its `root` points
    /// into, so that it is dropped first. `'static` stands for `'t` (the text it slices): a cell
    /// of `Flat<'t>` would make `Tree`, and the `ParsedFile` holding it, invariant in `'t`; it is
    /// handed out only as `Flat<'s>` for a borrow `'s` of the tree, which `'t` outlives.
    flat: OnceCell<Box<Flat<'static>>>,
    /// Never replaced nor edited (edits go to a [`Reusable`] copy).
    tree: tree_sitter::Tree,
    lang: SupportLang,
}

/// Every node of the tree (named and anonymous) in preorder, as parallel arrays (20 bytes a
/// node; `the_flat_form_costs_at_most_20_bytes_a_node` holds it there: an array added here is
/// to be counted in that test).
struct Flat<'t> {
    /// The parsed text (what [`N::text`] slices).
    text: &'t str,
    /// Byte range of each node in `text`.
    start: Vec<u32>,
    stop: Vec<u32>,
    parent: Vec<u32>,
    /// One past the last node of each node's subtree: its children are `i + 1`, then each
    /// child's `end`, up to its own `end`.
    end: Vec<u32>,
    /// Kind id: the question asked most, answered without a call into tree-sitter (namedness
    /// follows from it: [`Grammar::is_named`]; ERROR is [`ERROR_KIND`]).
    kind: Vec<u16>,
    /// The field under which the node hangs from its parent (0: none).
    field: Vec<u16>,
    /// The MISSING nodes (tree-sitter's error recovery inserts them), in preorder: none in a
    /// tree without errors.
    missing: Vec<u32>,
    /// Named nodes grouped by kind id, each group in preorder: `by_kind[starts[k]..starts[k+1]]`.
    by_kind: Vec<u32>,
    starts: Vec<u32>,
    grammar: &'static Grammar,
    /// tree-sitter's root node, for [`N::get_inner_node`]. `'static` stands for "as long as the
    /// `Tree` that owns this flat form": the node points into that tree, which is never replaced
    /// or edited and is dropped after the flat form; the node leaves only re-bound to a borrow of
    /// the flat form.
    root: tree_sitter::Node<'static>,
}

/// A parse's tree kept, with the edits made to its text since, for the next parse of the
/// edited text ([`Tree::reparse`]): tree-sitter then re-reads only the regions around the edits
/// and shares every untouched subtree with this tree.
pub struct Reusable {
    tree: tree_sitter::Tree,
    lang: SupportLang,
}

impl Reusable {
    /// Records that `edits` (none of which overlap; any order) replace regions of `old`, the text
    /// this tree was parsed from (or the text after the edits recorded before).
    pub fn edit(&mut self, old: &str, edits: &[&crate::Edit]) {
        let mut edits: Vec<&crate::Edit> = edits.to_vec();
        // From the end of the text: each edit's offsets and points, taken in `old`, still hold
        // in the text after the edits behind it.
        edits.sort_by_key(|e| std::cmp::Reverse((e.range.start, e.range.end)));
        let lines = LineStarts::new(old);
        for e in edits {
            let start_position = lines.point(old, e.range.start);
            let old_end_position = lines.point(old, e.range.end);
            let new_end_position = advance(start_position, &e.text);
            self.tree.edit(&tree_sitter::InputEdit {
                start_byte: e.range.start,
                old_end_byte: e.range.end,
                new_end_byte: e.range.start + e.text.len(),
                start_position,
                old_end_position,
                new_end_position,
            });
        }
    }
}

/// Where lines start in a text, to turn byte offsets into tree-sitter's (row, byte column).
struct LineStarts(Vec<usize>);

impl LineStarts {
    fn new(text: &str) -> LineStarts {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineStarts(starts)
    }

    fn point(&self, text: &str, offset: usize) -> tree_sitter::Point {
        let offset = offset.min(text.len());
        let row = self.0.partition_point(|&s| s <= offset) - 1;
        tree_sitter::Point::new(row, offset - self.0[row])
    }
}

/// The point after `text` written at `at`.
fn advance(at: tree_sitter::Point, text: &str) -> tree_sitter::Point {
    match memchr::memrchr(b'\n', text.as_bytes()) {
        None => tree_sitter::Point::new(at.row, at.column + text.len()),
        Some(last) => {
            let rows = memchr::memchr_iter(b'\n', text.as_bytes()).count();
            tree_sitter::Point::new(at.row + rows, text.len() - last - 1)
        }
    }
}

thread_local! {
    /// One parser per grammar and worker thread (ast-grep keeps one the same way).
    static PARSERS: std::cell::RefCell<Vec<(SupportLang, tree_sitter::Parser)>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

/// Parses `text` with this thread's parser for `lang`, from scratch or reusing `old`.
fn parse_with(
    lang: SupportLang,
    text: &str,
    old: Option<&tree_sitter::Tree>,
) -> Option<tree_sitter::Tree> {
    PARSERS.with(|parsers| {
        let mut parsers = parsers.borrow_mut();
        let at = match parsers.iter().position(|(l, _)| *l == lang) {
            Some(at) => at,
            None => {
                let mut parser = tree_sitter::Parser::new();
                parser
                    .set_language(&lang.get_ts_language())
                    .expect("a grammar of this build");
                parsers.push((lang, parser));
                parsers.len() - 1
            }
        };
        let parser = &mut parsers[at].1;
        // A parse that did not finish leaves state to resume from: every parse here is of a
        // whole text, so start clean.
        parser.reset();
        parser.parse(text, old)
    })
}

impl<'t> Tree<'t> {
    pub fn parse(lang: Lang, text: &'t str) -> Tree<'t> {
        let grammar = lang.grammar();
        // A manifest has no grammar: an empty tree, and the rule reads `text`.
        let parsed = if lang.is_manifest() { "" } else { text };
        Tree {
            text,
            flat: OnceCell::new(),
            tree: parse_with(grammar, parsed, None)
                .expect("tree-sitter parses without a timeout or cancellation"),
            lang: grammar,
        }
    }

    /// [`Tree::parse`] of `text`, the text `old` was parsed from after the edits recorded in it:
    /// the same tree, made in a fraction of the time when the edits are few.
    pub fn reparse(lang: Lang, text: &'t str, old: &Reusable) -> Tree<'t> {
        if lang.is_manifest() || old.lang != lang.grammar() {
            return Tree::parse(lang, text);
        }
        let Some(tree) = parse_with(old.lang, text, Some(&old.tree)) else {
            return Tree::parse(lang, text);
        };
        Tree {
            text,
            flat: OnceCell::new(),
            tree,
            lang: old.lang,
        }
    }

    /// This tree, kept for [`Tree::reparse`] (a reference-counted copy: cheap).
    pub fn reusable(&self) -> Reusable {
        Reusable {
            tree: self.tree.clone(),
            lang: self.lang,
        }
    }

    /// The root node.
    pub fn root(&self) -> N<'_> {
        N {
            flat: self.flat(),
            i: 0,
        }
    }

    /// Whether the tree holds a syntax error or a MISSING node anywhere, without building the
    /// flat form.
    pub fn has_error(&self) -> bool {
        self.tree.root_node().has_error()
    }

    /// tree-sitter's root node, without building the flat form.
    pub fn ts_root(&self) -> tree_sitter::Node<'_> {
        self.tree.root_node()
    }

    /// The named nodes of `kind`, in preorder.
    pub fn of_kind<'s>(&'s self, kind: &str) -> impl Iterator<Item = N<'s>> + 's {
        let flat = self.flat();
        let ids: &[u32] = match flat.grammar.named_id(kind) {
            Some(k) if usize::from(k) + 1 < flat.starts.len() => {
                let k = usize::from(k);
                &flat.by_kind[flat.starts[k] as usize..flat.starts[k + 1] as usize]
            }
            _ => &[],
        };
        ids.iter().map(move |&i| N { flat, i })
    }

    fn flat(&self) -> &Flat<'_> {
        self.flat.get_or_init(|| {
            // SAFETY: see the field: the text outlives the tree, and the flat form leaves the
            // cell only re-bound to a borrow of the tree (`Flat` is covariant in its lifetime).
            let text = unsafe { std::mem::transmute::<&'t str, &'static str>(self.text) };
            Box::new(Flat::build(text, &self.tree, self.lang))
        })
    }
}

impl<'t> Flat<'t> {
    fn build(text: &'t str, tree: &tree_sitter::Tree, lang: SupportLang) -> Flat<'t> {
        let grammar = Grammar::of(lang);
        let root = tree.root_node();
        // The walk visits the visible nodes, which tree-sitter counts as it builds the tree:
        // the arrays are allocated once, at their final size.
        let count = root.descendant_count();
        let with_errors = root.has_error();
        let mut flat = Flat {
            text,
            start: Vec::with_capacity(count),
            stop: Vec::with_capacity(count),
            parent: Vec::with_capacity(count),
            end: Vec::with_capacity(count),
            kind: Vec::with_capacity(count),
            field: Vec::with_capacity(count),
            missing: Vec::new(),
            by_kind: Vec::new(),
            starts: Vec::new(),
            grammar,
            // SAFETY: see the field.
            root: unsafe {
                std::mem::transmute::<tree_sitter::Node<'_>, tree_sitter::Node<'static>>(root)
            },
        };
        let mut cursor = root.walk();
        // Open nodes: (index, children still to visit). Knowing how many children a node has
        // (a field of tree-sitter's node, O(1)), the walk never asks for a next sibling that is
        // not there: a failing `goto_next_sibling` searches through hidden ancestors, and it was
        // a third of the walk.
        let mut open: Vec<(u32, u32)> = Vec::new();
        // Preorder without recursion: deep trees cannot overflow the stack.
        loop {
            let node = cursor.node();
            let i = flat.kind.len() as u32;
            flat.parent.push(open.last().map_or(NONE, |&(p, _)| p));
            flat.end.push(i + 1);
            flat.start.push(node.start_byte() as u32);
            flat.stop.push(node.end_byte() as u32);
            let kind = node.kind_id();
            flat.kind.push(kind);
            // Asking the cursor for a field id costs about 130 instructions; most parents'
            // kinds have no fields at all (a statement block, an argument list, an object).
            let field = match open.last() {
                Some(&(p, _)) if grammar.may_have_fields(flat.kind[p as usize]) => {
                    cursor.field_id().map_or(0, NonZeroU16::get)
                }
                _ => 0,
            };
            flat.field.push(field);
            if with_errors && node.is_missing() {
                flat.missing.push(i);
            }
            let children = node.child_count();
            if children > 0 {
                let moved = cursor.goto_first_child();
                debug_assert!(moved, "a node with children has a first child");
                open.push((i, children - 1));
                continue;
            }
            // Up to the nearest open node with children left, closing the ones without.
            loop {
                match open.last_mut() {
                    None => {
                        debug_assert_eq!(flat.kind.len(), count, "tree-sitter's count");
                        flat.group_by_kind();
                        return flat;
                    }
                    Some((_, 0)) => {
                        let (closed, _) = open.pop().expect("just seen");
                        flat.end[closed as usize] = flat.kind.len() as u32;
                        cursor.goto_parent();
                    }
                    Some((_, left)) => {
                        *left -= 1;
                        let moved = cursor.goto_next_sibling();
                        debug_assert!(moved, "a counted sibling exists");
                        break;
                    }
                }
            }
        }
    }

    /// Counting sort of the named nodes by kind id, stable (preorder within a kind).
    fn group_by_kind(&mut self) {
        // ERROR nodes (kind id 65535, outside the grammar's table) are not grouped.
        let kinds = self.grammar.names.len();
        let grammar = self.grammar;
        let grouped = |k: u16| usize::from(k) < kinds && grammar.is_named(k);
        let mut starts = vec![0u32; kinds + 1];
        for &k in &self.kind {
            if grouped(k) {
                starts[usize::from(k) + 1] += 1;
            }
        }
        for k in 0..kinds {
            starts[k + 1] += starts[k];
        }
        let mut next = starts.clone();
        let mut by_kind = vec![0u32; starts[kinds] as usize];
        for (i, &k) in self.kind.iter().enumerate() {
            if grouped(k) {
                let slot = &mut next[usize::from(k)];
                by_kind[*slot as usize] = i as u32;
                *slot += 1;
            }
        }
        self.by_kind = by_kind;
        self.starts = starts;
    }
}

/// What a grammar's numbers mean, built once per process and grammar.
struct Grammar {
    /// Kind name by kind id.
    names: Vec<&'static str>,
    /// The public kind id of each named kind.
    named: HashMap<&'static str, u16>,
    /// Field ids by name: an open-addressing table keyed by [`field_slot`] (a field lookup is
    /// the most frequent question the transforms ask; a binary search over the names was 3% of
    /// `check`).
    fields: Vec<(&'static str, u16)>,
    /// By kind id: false for the kinds the grammar's `node-types.json` lists without fields
    /// (their children never hang from a field); true for the rest, unknown kinds included.
    fielded: Vec<bool>,
    /// By (public) kind id: named or anonymous, as `Node::is_named` answers (a call per node).
    named_kind: Vec<bool>,
    /// Field name by field id (0: none).
    field_names: Vec<Option<&'static str>>,
    lang: SupportLang,
}

const FIELD_SLOTS: usize = 1024;

/// Where a field name's probe sequence starts: length and three bytes, which is cheap and
/// spreads a grammar's few dozen field names well enough for probes to end at once.
fn field_slot(name: &[u8]) -> usize {
    let (first, last, mid) = match name {
        [] => (0, 0, 0),
        [..] => (name[0], name[name.len() - 1], name[name.len() / 2]),
    };
    let h = (name.len() as u32)
        .wrapping_mul(0x9E37_79B1)
        .wrapping_add(u32::from(first).wrapping_mul(0x85EB_CA6B))
        .wrapping_add(u32::from(last).wrapping_mul(0xC2B2_AE35))
        .wrapping_add(u32::from(mid).wrapping_mul(0x27D4_EB2F));
    (h ^ (h >> 15)) as usize % FIELD_SLOTS
}

/// The grammar's `node-types.json`, for the languages whose crate is a dependency (Java and C#
/// parse only for `migrate-cdktn`: every node's field is asked there).
fn node_types(lang: SupportLang) -> Option<&'static str> {
    match lang {
        SupportLang::TypeScript => Some(tree_sitter_typescript::TYPESCRIPT_NODE_TYPES),
        SupportLang::Tsx => Some(tree_sitter_typescript::TSX_NODE_TYPES),
        SupportLang::Python => Some(tree_sitter_python::NODE_TYPES),
        SupportLang::Go => Some(tree_sitter_go::NODE_TYPES),
        _ => None,
    }
}

impl Grammar {
    fn of(lang: SupportLang) -> &'static Grammar {
        static TABLES: [OnceLock<Grammar>; 6] = [const { OnceLock::new() }; 6];
        let slot = match lang {
            SupportLang::TypeScript => 0,
            SupportLang::Tsx => 1,
            SupportLang::Python => 2,
            SupportLang::Go => 3,
            SupportLang::Java => 4,
            SupportLang::CSharp => 5,
            other => unreachable!("no CDKTF language parses with {other}"),
        };
        TABLES[slot].get_or_init(|| Grammar::build(lang))
    }

    fn build(lang: SupportLang) -> Grammar {
        let grammar = lang.get_ts_language();
        let leak = |s: &str| -> &'static str { Box::leak(s.to_string().into_boxed_str()) };
        let mut names = Vec::new();
        let mut named = HashMap::new();
        for id in 0..grammar.node_kind_count() as u16 {
            let name = leak(grammar.node_kind_for_id(id).unwrap_or(""));
            names.push(name);
            if grammar.node_kind_is_named(id) {
                // The public id (aliases folded), which is what `Node::kind_id` reports.
                named
                    .entry(name)
                    .or_insert(grammar.id_for_node_kind(name, true));
            }
        }
        assert!(
            grammar.field_count() < FIELD_SLOTS / 2,
            "{lang}: too many fields"
        );
        let mut fields: Vec<(&'static str, u16)> = vec![("", 0); FIELD_SLOTS];
        let mut field_names = vec![None; grammar.field_count() + 1];
        for id in 1..=grammar.field_count() as u16 {
            let Some(name) = grammar.field_name_for_id(id) else {
                continue;
            };
            field_names[usize::from(id)] = Some(leak(name));
            let mut slot = field_slot(name.as_bytes());
            while fields[slot].1 != 0 {
                slot = (slot + 1) % FIELD_SLOTS;
            }
            fields[slot] = (leak(name), id);
        }
        let mut fielded = vec![true; names.len()];
        if let Some(types) = node_types(lang) {
            /// One entry of node-types.json, read for what `fielded` needs (the rest skipped).
            #[derive(serde::Deserialize)]
            struct NodeType<'a> {
                // Escaped names (`"\""`) cannot be borrowed: `Cow`.
                #[serde(rename = "type", borrow)]
                kind: Cow<'a, str>,
                named: bool,
                #[serde(default, borrow)]
                fields: HashMap<Cow<'a, str>, serde::de::IgnoredAny>,
            }
            let types: Vec<NodeType> =
                serde_json::from_str(types).expect("a grammar's node-types.json parses");
            for t in types.iter().filter(|t| t.named && t.fields.is_empty()) {
                if let Some(&id) = named.get(&*t.kind) {
                    fielded[usize::from(id)] = false;
                }
            }
        }
        let named_kind = (0..names.len() as u16)
            .map(|id| grammar.node_kind_is_named(id))
            .collect();
        Grammar {
            names,
            named,
            fields,
            fielded,
            named_kind,
            field_names,
            lang,
        }
    }

    /// Whether nodes of kind `kind` are named; tree-sitter's ERROR (outside the table) is.
    fn is_named(&self, kind: u16) -> bool {
        self.named_kind
            .get(usize::from(kind))
            .copied()
            .unwrap_or(true)
    }

    /// Whether children of a node of kind `kind` can hang from a field.
    fn may_have_fields(&self, kind: u16) -> bool {
        self.fielded.get(usize::from(kind)).copied().unwrap_or(true)
    }

    fn named_id(&self, kind: &str) -> Option<u16> {
        self.named.get(kind).copied()
    }

    fn field_id(&self, name: &str) -> Option<u16> {
        let mut slot = field_slot(name.as_bytes());
        loop {
            let (n, id) = self.fields[slot];
            if id == 0 {
                return None;
            }
            if n == name {
                return Some(id);
            }
            slot = (slot + 1) % FIELD_SLOTS;
        }
    }
}

/// A node of a parsed file: a reference to its tree's flat form and an index into it. It
/// answers what the transforms read of a node (`text`, `range`, `kind`, …) with the names and
/// results of ast-grep's node, and navigation (`children`, `field`, `parent`, `dfs`, …) returns
/// [`N`]s, all from the flat form's arrays.
#[derive(Clone, Copy)]
pub struct N<'r> {
    flat: &'r Flat<'r>,
    i: u32,
}

impl PartialEq for N<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.i == other.i && std::ptr::eq(self.flat, other.flat)
    }
}

impl Eq for N<'_> {}

impl fmt::Debug for N<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {:?}", self.kind(), self.range())
    }
}

impl<'r> N<'r> {
    fn at(&self, i: u32) -> N<'r> {
        N { flat: self.flat, i }
    }

    fn end(&self) -> u32 {
        self.flat.end[self.i as usize]
    }

    /// The node's byte range in the parsed text.
    pub fn range(&self) -> std::ops::Range<usize> {
        let i = self.i as usize;
        self.flat.start[i] as usize..self.flat.stop[i] as usize
    }

    /// The node's source text.
    pub fn text(&self) -> Cow<'r, str> {
        Cow::Borrowed(
            self.flat
                .text
                .get(self.range())
                .expect("invalid source text encoding"),
        )
    }

    pub fn kind(&self) -> Cow<'static, str> {
        let k = self.kind_id();
        let grammar = self.flat.grammar;
        match grammar.names.get(usize::from(k)) {
            Some(name) => Cow::Borrowed(name),
            // tree-sitter's ERROR node (kind id 65535) is outside the grammar's table.
            None if k == ERROR_KIND => Cow::Borrowed("ERROR"),
            None => Cow::Owned(
                grammar
                    .lang
                    .get_ts_language()
                    .node_kind_for_id(k)
                    .unwrap_or("ERROR")
                    .to_string(),
            ),
        }
    }

    /// The node's position in a preorder walk of its tree (document order, outer first).
    pub fn preorder(&self) -> u32 {
        self.i
    }

    pub fn kind_id(&self) -> u16 {
        self.flat.kind[self.i as usize]
    }

    pub fn is_named(&self) -> bool {
        self.flat.grammar.is_named(self.kind_id())
    }

    /// An ERROR node: text tree-sitter could not fit into the grammar.
    pub fn is_error(&self) -> bool {
        self.kind_id() == ERROR_KIND
    }

    /// A MISSING node: a zero-width token tree-sitter's error recovery assumed.
    pub fn is_missing(&self) -> bool {
        !self.flat.missing.is_empty() && self.flat.missing.binary_search(&self.i).is_ok()
    }

    /// tree-sitter's node (found from the root by its preorder index: for the odd question the
    /// flat form does not answer, not for a walk).
    pub fn get_inner_node(&self) -> tree_sitter::Node<'r> {
        let mut cursor = self.flat.root.walk();
        // The walk that built the flat form visits the nodes a cursor visits, in the same
        // order, so a node's index is its descendant index under the root.
        cursor.goto_descendant(self.i as usize);
        cursor.node()
    }

    /// The name of the field under which the node hangs from its parent.
    pub fn field_name(&self) -> Option<&'static str> {
        let id = self.flat.field[self.i as usize];
        self.flat
            .grammar
            .field_names
            .get(usize::from(id))
            .copied()
            .flatten()
    }

    /// Every child, named or not, in order.
    pub fn children(&self) -> Children<'r> {
        Children {
            flat: self.flat,
            next: self.i + 1,
            end: self.end(),
        }
    }

    /// The `nth` child, named or not.
    pub fn child(&self, nth: usize) -> Option<N<'r>> {
        self.children().nth(nth)
    }

    /// The first child under the field `name`.
    pub fn field(&self, name: &str) -> Option<N<'r>> {
        let id = self.flat.grammar.field_id(name)?;
        self.children()
            .find(|c| self.flat.field[c.i as usize] == id)
    }

    pub fn parent(&self) -> Option<N<'r>> {
        let p = self.flat.parent[self.i as usize];
        (p != NONE).then(|| self.at(p))
    }

    /// The next sibling, named or not.
    pub fn next(&self) -> Option<N<'r>> {
        let parent = self.flat.parent[self.i as usize];
        let after = self.end();
        (parent != NONE && after < self.flat.end[parent as usize]).then(|| self.at(after))
    }

    /// The previous sibling, named or not.
    pub fn prev(&self) -> Option<N<'r>> {
        self.parent()?
            .children()
            .take_while(|c| c.i != self.i)
            .last()
    }

    /// The parent, its parent, and so on up to the root (not the node itself).
    pub fn ancestors(&self) -> impl Iterator<Item = N<'r>> + 'r {
        std::iter::successors(self.parent(), N::parent)
    }

    /// The node and everything below it, in preorder.
    pub fn dfs(&self) -> impl Iterator<Item = N<'r>> + 'r {
        let flat = self.flat;
        (self.i..self.end()).map(move |i| N { flat, i })
    }
}

/// The children of a node, in order.
#[derive(Clone)]
pub struct Children<'r> {
    flat: &'r Flat<'r>,
    next: u32,
    end: u32,
}

impl<'r> Iterator for Children<'r> {
    type Item = N<'r>;
    fn next(&mut self) -> Option<N<'r>> {
        if self.next >= self.end {
            return None;
        }
        let node = N {
            flat: self.flat,
            i: self.next,
        };
        self.next = self.flat.end[self.next as usize];
        Some(node)
    }
}

impl std::iter::FusedIterator for Children<'_> {}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every node of a tree: kind, range, field, in preorder.
    fn shape(tree: &Tree) -> Vec<(String, std::ops::Range<usize>, u16)> {
        let flat = tree.flat();
        tree.root()
            .dfs()
            .map(|n| (n.kind().to_string(), n.range(), flat.field[n.i as usize]))
            .collect()
    }

    #[test]
    fn an_incremental_reparse_gives_the_tree_a_fresh_parse_gives() {
        let ts = "import { A } from \"a\";\n\nclass S {\n  constructor() {\n    new A(this, \"x\", { toPort: 65535 });\n    // note\n    const b = new A(this, \"y\");\n  }\n}\n";
        let py = "from a import A\n\n\nclass S:\n    def __init__(self):\n        A(self, \"x\", to_port=65535)\n        b = A(self, \"y\")\n";
        let go = "package main\n\nimport \"a\"\n\nfunc f() {\n\ta.NewA(nil, \"x\")\n\tb := a.NewA(nil, \"y\")\n\t_ = b\n}\n";
        let at = |text: &str, s: &str| text.find(s).unwrap();
        let cases: Vec<(Lang, &str, Vec<crate::Edit>)> = vec![
            // One replacement of a token, the same length and not.
            (
                Lang::TypeScript,
                ts,
                vec![crate::Edit::replace(
                    at(ts, "65535")..at(ts, "65535") + 5,
                    "0",
                )],
            ),
            // Several at once, far apart: a rename, a line inserted, a comment deleted.
            (
                Lang::TypeScript,
                ts,
                vec![
                    crate::Edit::replace(at(ts, "{ A }") + 2..at(ts, "{ A }") + 3, "B"),
                    crate::Edit::insert(at(ts, "    const b"), "    new A(this, \"z\");\n"),
                    crate::Edit::replace(at(ts, "    // note\n")..at(ts, "    // note\n") + 12, ""),
                    crate::Edit::replace(at(ts, "65535")..at(ts, "65535") + 5, "0"),
                ],
            ),
            // An edit that breaks the syntax, and one at the very end.
            (
                Lang::TypeScript,
                ts,
                vec![
                    crate::Edit::insert(at(ts, "{ toPort"), "(("),
                    crate::Edit::insert(ts.len(), "let z = 1;\n"),
                ],
            ),
            (
                Lang::Python,
                py,
                vec![
                    crate::Edit::replace(at(py, "65535")..at(py, "65535") + 5, "0"),
                    crate::Edit::insert(at(py, "        b ="), "        A(self, \"z\")\n"),
                ],
            ),
            (
                Lang::Go,
                go,
                vec![
                    crate::Edit::insert(at(go, "\t_ = b"), "\t_ = 1\n"),
                    crate::Edit::replace(at(go, "\"x\"")..at(go, "\"x\"") + 3, "\"xyz\""),
                ],
            ),
        ];
        for (lang, text, edits) in cases {
            let old = Tree::parse(lang, text);
            let _ = shape(&old); // a flattened tree may be kept, too
            let mut reusable = old.reusable();
            let refs: Vec<&crate::Edit> = edits.iter().collect();
            reusable.edit(text, &refs);
            let mut sorted = refs.clone();
            sorted.sort_by_key(|e| e.range.start);
            let mut new = String::new();
            let mut from = 0;
            for e in sorted {
                new.push_str(&text[from..e.range.start]);
                new.push_str(&e.text);
                from = e.range.end;
            }
            new.push_str(&text[from..]);
            let fresh = Tree::parse(lang, &new);
            let again = Tree::reparse(lang, &new, &reusable);
            assert_eq!(shape(&again), shape(&fresh), "{new}");
            assert_eq!(again.ts_root().to_sexp(), fresh.ts_root().to_sexp());
            // The old tree is untouched by the edits recorded in its copy.
            assert_eq!(shape(&old), shape(&Tree::parse(lang, text)));
        }
    }

    /// ast-grep's node: the reference the flat form is compared with.
    type SgNode<'r> = ast_grep_core::Node<'r, ast_grep_core::tree_sitter::StrDoc<SupportLang>>;

    fn walked<'r>(node: SgNode<'r>, out: &mut Vec<SgNode<'r>>) {
        out.push(node.clone());
        for c in node.children() {
            walked(c, out);
        }
    }

    /// `node_types` reads the grammar crates we depend on directly; they must be the very
    /// grammars ast-grep-language parses with, or the kinds known to have no fields would be
    /// another grammar's (a version bump of one side alone fails here).
    #[test]
    fn node_types_come_from_the_grammars_ast_grep_parses_with() {
        let ours: [(SupportLang, tree_sitter::Language); 4] = [
            (
                SupportLang::TypeScript,
                tree_sitter_typescript::LANGUAGE_TYPESCRIPT.into(),
            ),
            (
                SupportLang::Tsx,
                tree_sitter_typescript::LANGUAGE_TSX.into(),
            ),
            (SupportLang::Python, tree_sitter_python::LANGUAGE.into()),
            (SupportLang::Go, tree_sitter_go::LANGUAGE.into()),
        ];
        for (lang, direct) in ours {
            let used = lang.get_ts_language();
            assert_eq!(used.abi_version(), direct.abi_version(), "{lang}");
            assert_eq!(used.node_kind_count(), direct.node_kind_count(), "{lang}");
            assert_eq!(used.field_count(), direct.field_count(), "{lang}");
            for id in 0..used.node_kind_count() as u16 {
                assert_eq!(
                    used.node_kind_for_id(id),
                    direct.node_kind_for_id(id),
                    "{lang}"
                );
            }
            // And the table is in use: some kinds are known to have no fields.
            assert!(Grammar::of(lang).fielded.contains(&false), "{lang}");
        }
    }

    /// Nodes point at the flat form, which must be the tree's own after the tree moves, not the
    /// place the tree was built in; and tree-sitter's node found from one is the tree's.
    #[test]
    fn nodes_point_into_the_tree_after_it_moves() {
        let tree = Tree::parse(Lang::Python, "x = f(1)\n");
        assert_eq!(tree.of_kind("call").count(), 1); // builds the flat form where `tree` is
        let moved = Box::new(tree);
        let call = moved.of_kind("call").next().unwrap();
        assert!(std::ptr::eq(call.flat, &**moved.flat.get().unwrap()));
        assert_eq!(call.text(), "f(1)");
        let inner = call.get_inner_node();
        assert_eq!((inner.kind(), inner.byte_range()), ("call", 4..8));
        assert_eq!(
            inner.parent().unwrap().id(),
            call.parent().unwrap().get_inner_node().id()
        );
    }

    /// The flat form's arrays, per node: a byte range, a parent, a subtree end (4 bytes each),
    /// a kind and a field (2 bytes each). It was 52 bytes with a copy of each tree-sitter node,
    /// which made it a third of the memory a large file takes (BENCHMARKS.md, issue 24): a field
    /// added per node must be worth its million copies on such a file.
    #[test]
    fn the_flat_form_costs_at_most_20_bytes_a_node() {
        let text =
            "import { A } from \"a\";\nnew A(this, \"a\", { x: [1, 2], y: f(g(1)) });\n".repeat(50);
        let tree = Tree::parse(Lang::TypeScript, &text);
        let flat = tree.flat();
        let nodes = flat.kind.len();
        assert!(nodes > 1000);
        let per_node = flat.start.capacity() * size_of::<u32>()
            + flat.stop.capacity() * size_of::<u32>()
            + flat.parent.capacity() * size_of::<u32>()
            + flat.end.capacity() * size_of::<u32>()
            + flat.kind.capacity() * size_of::<u16>()
            + flat.field.capacity() * size_of::<u16>()
            + flat.missing.capacity() * size_of::<u32>();
        assert!(per_node <= 20 * nodes, "{per_node} bytes for {nodes} nodes");
        // Sized once: no array holds room for more nodes than the tree has.
        assert_eq!(flat.kind.capacity(), nodes);
        // The index by kind: one entry per named node.
        assert!(flat.by_kind.capacity() <= nodes);
        // A node is a reference and an index.
        assert!(size_of::<N>() <= 16);
    }

    /// Every question the flat form answers, asked of every node of real files in each
    /// language, must get tree-sitter's own answer.
    #[test]
    fn the_flat_form_answers_as_tree_sitter_does() {
        let cases = [
            (
                Lang::TypeScript,
                "import { A } from \"a\";\n// c\nclass S extends B {\n  constructor(s: C, id: string) {\n    super(s, id);\n    new A(this, \"a\", { x: [1, 2], y: { z: f(g(1)) } });\n  }\n}\n",
            ),
            (
                Lang::Python,
                "from a import A\nclass S(B):\n    def __init__(self, s, id):\n        super().__init__(s, id)  # c\n        A(self, \"a\", x=[1, 2], y={\"z\": f(g(1))})\n",
            ),
            (
                Lang::Go,
                "package main\n\nimport \"a\"\n\nfunc main() {\n\ta.NewA(stack, jsii.String(\"a\"), &a.AConfig{X: 1}) // c\n}\n",
            ),
            (Lang::TypeScript, "const x = ;\nlet = 1 +\n"),
            // A MISSING `)` and `}`, and an ERROR.
            (Lang::TypeScript, "function f() {\n  g(1;\n"),
            (Lang::Python, "def f(:\n    x = [1, 2\n"),
        ];
        let (mut errors, mut missing) = (0, 0);
        for (lang, text) in cases {
            let tree = Tree::parse(lang, text);
            let sg = ast_grep_core::AstGrep::new(text, lang.grammar());
            let mut all = Vec::new();
            walked(sg.root(), &mut all);
            let flat: Vec<N> = tree.root().dfs().collect();
            assert_eq!(flat.len(), all.len(), "{text}");
            let fields = lang.grammar().get_ts_language();
            for (n, sg) in flat.iter().zip(&all) {
                assert_eq!(n.range(), sg.range());
                assert_eq!(n.text(), sg.text());
                assert_eq!(n.kind(), sg.kind());
                assert_eq!(n.kind_id(), sg.kind_id());
                assert_eq!(n.is_named(), sg.is_named());
                assert_eq!(n.is_error(), sg.is_error(), "{n:?} in {text}");
                assert_eq!(n.is_missing(), sg.is_missing(), "{n:?} in {text}");
                errors += usize::from(n.is_error());
                missing += usize::from(n.is_missing());
                let inner = n.get_inner_node();
                assert_eq!(
                    (inner.kind_id(), inner.byte_range()),
                    (sg.kind_id(), sg.range())
                );
                let field = sg.parent().and_then(|p| {
                    let at = p
                        .children()
                        .position(|c| c.get_inner_node().id() == sg.get_inner_node().id())?;
                    p.get_inner_node().field_name_for_child(at as u32)
                });
                assert_eq!(n.field_name(), field, "{n:?} in {text}");
                let kids: Vec<_> = n.children().map(|c| c.range()).collect();
                let sg_kids: Vec<_> = sg.children().map(|c| c.range()).collect();
                assert_eq!(kids, sg_kids);
                assert_eq!(
                    n.parent().map(|p| p.range()),
                    sg.parent().map(|p| p.range())
                );
                // Siblings as the parent's children list them. tree-sitter's own `next_sibling`
                // skips a zero-width MISSING node at the end of its parent: compared where the
                // tree has none.
                let same = |c: &SgNode| c.get_inner_node().id() == sg.get_inner_node().id();
                let siblings: Vec<_> = sg
                    .parent()
                    .map(|p| p.children().map(|c| c.range()).collect())
                    .unwrap_or_default();
                let at = sg
                    .parent()
                    .and_then(|p| p.children().position(|c| same(&c)));
                let after = at.and_then(|a| siblings.get(a + 1).cloned());
                let before = at
                    .and_then(|a| a.checked_sub(1))
                    .and_then(|a| siblings.get(a).cloned());
                assert_eq!(n.next().map(|p| p.range()), after);
                assert_eq!(n.prev().map(|p| p.range()), before);
                if !tree.has_error() {
                    assert_eq!(n.next().map(|p| p.range()), sg.next().map(|p| p.range()));
                    assert_eq!(n.prev().map(|p| p.range()), sg.prev().map(|p| p.range()));
                }
                for id in 1..=fields.field_count() as u16 {
                    let name = fields.field_name_for_id(id).unwrap();
                    assert_eq!(
                        n.field(name).map(|f| f.range()),
                        sg.field(name).map(|f| f.range()),
                        "field {name} of {} in {text}",
                        sg.kind()
                    );
                }
            }
            let named_calls: Vec<_> = all
                .iter()
                .filter(|n| n.is_named() && n.kind() == "identifier")
                .map(|n| n.range())
                .collect();
            let indexed: Vec<_> = tree.of_kind("identifier").map(|n| n.range()).collect();
            assert_eq!(indexed, named_calls);
        }
        assert!(
            errors > 0 && missing > 0,
            "{errors} errors, {missing} missing"
        );
    }
}
