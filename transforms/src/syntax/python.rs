//! Python: what imported names stand for, string literals, keyword arguments.

use std::collections::{BTreeMap, HashMap};

use crate::lang::Lang;
use crate::style::{black_statement, PyExpr, Style};
use crate::syntax::layout::starts_line;
use crate::syntax::N;
use crate::{Edit, ParsedFile};

/// The text of a plain string literal (`"x"` or `'x'`: no prefix, no escapes, no
/// interpolation), without quotes.
pub fn string_value(node: &N) -> Option<String> {
    if node.kind() != "string" {
        return None;
    }
    let mut value = String::new();
    for part in node.children() {
        match part.kind().as_ref() {
            "string_start" => {
                let t = part.text();
                if t != "\"" && t != "'" {
                    return None;
                }
            }
            "string_content" => value.push_str(&part.text()),
            "string_end" => {}
            _ => return None,
        }
    }
    (!value.contains('\\')).then_some(value)
}

/// The quote character a string literal uses (`"` or `'`), prefixes and triple quotes aside.
pub fn quote_of(node: &N) -> Option<char> {
    let start = node.children().find(|c| c.kind() == "string_start")?;
    start
        .text()
        .chars()
        .last()
        .filter(|c| *c == '"' || *c == '\'')
}

/// The quote character of the file's first string literal (`"` when it has none): the quotes new
/// strings follow.
pub fn quote_style(file: &crate::ParsedFile) -> char {
    file.of_kind("string")
        .next()
        .and_then(|s| quote_of(&s))
        .unwrap_or('"')
}

/// What the names a file imports stand for: local name → dotted path
/// (`from a.b import C as D` binds `D` to `a.b.C`; `import a.b` binds `a` to `a`;
/// `import a.b as x` binds `x` to `a.b`), and the modules imported with `*`.
#[derive(Default, Debug)]
pub struct Bindings {
    pub names: HashMap<String, String>,
    pub star: Vec<String>,
}

fn dotted(node: &N) -> Option<String> {
    (node.kind() == "dotted_name").then(|| node.text().split_whitespace().collect())
}

impl Bindings {
    /// The imports anywhere in the file (relative imports are left out), read once per file.
    pub fn of<'f>(file: &'f ParsedFile) -> &'f Bindings {
        file.py_bindings()
    }

    /// Whether anything is imported from one of `packages` (or a module below one).
    pub fn imports_from_any(&self, packages: &[&str]) -> bool {
        self.names
            .values()
            .chain(self.star.iter())
            .any(|p| packages.iter().any(|pkg| p.starts_with(pkg)))
    }

    /// Reads the imports (what [`Bindings::of`] keeps).
    pub(crate) fn read(file: &ParsedFile) -> Bindings {
        let mut b = Bindings::default();
        for stmt in file.of_kinds(&["import_statement", "import_from_statement"]) {
            match stmt.kind().as_ref() {
                "import_statement" => {
                    for name in stmt.children().filter(|c| c.is_named()) {
                        match name.kind().as_ref() {
                            "dotted_name" => {
                                if let Some(path) = dotted(&name) {
                                    let first = path.split('.').next().unwrap_or("").to_string();
                                    b.names.insert(first.clone(), first);
                                }
                            }
                            "aliased_import" => {
                                if let (Some(path), Some(alias)) = (
                                    name.field("name").and_then(|n| dotted(&n)),
                                    name.field("alias"),
                                ) {
                                    b.names.insert(alias.text().to_string(), path);
                                }
                            }
                            _ => {}
                        }
                    }
                }
                "import_from_statement" => {
                    let Some(module_node) = stmt.field("module_name") else {
                        continue;
                    };
                    let Some(module) = dotted(&module_node) else {
                        continue;
                    };
                    for name in stmt.children().filter(|c| c.is_named()) {
                        match name.kind().as_ref() {
                            "wildcard_import" => b.star.push(module.clone()),
                            "dotted_name" if name.range() != module_node.range() => {
                                if let Some(n) = dotted(&name) {
                                    b.names.insert(n.clone(), format!("{module}.{n}"));
                                }
                            }
                            "aliased_import" => {
                                if let (Some(n), Some(alias)) = (
                                    name.field("name").and_then(|n| dotted(&n)),
                                    name.field("alias"),
                                ) {
                                    b.names
                                        .insert(alias.text().to_string(), format!("{module}.{n}"));
                                }
                            }
                            _ => {}
                        }
                    }
                }
                _ => {}
            }
        }
        b
    }

    /// The dotted paths an expression (`Name`, `mod.Name`, `pkg.mod.Name`) may stand for:
    /// one for a bound name, one per star import for a free name.
    pub fn qualified_names(&self, expr: &N) -> Vec<String> {
        match expr.kind().as_ref() {
            "identifier" => {
                let name = expr.text();
                match self.names.get(name.as_ref()) {
                    Some(path) => vec![path.clone()],
                    None => self.star.iter().map(|m| format!("{m}.{name}")).collect(),
                }
            }
            "attribute" => {
                let (Some(object), Some(attr)) = (expr.field("object"), expr.field("attribute"))
                else {
                    return Vec::new();
                };
                self.qualified_names(&object)
                    .into_iter()
                    .map(|p| format!("{p}.{}", attr.text()))
                    .collect()
            }
            _ => Vec::new(),
        }
    }

    /// The local names bound to exactly `path`, sorted.
    pub fn locals_of(&self, path: &str) -> Vec<&str> {
        let mut v: Vec<&str> = self
            .names
            .iter()
            .filter(|(_, p)| p.as_str() == path)
            .map(|(l, _)| l.as_str())
            .collect();
        v.sort_unstable();
        v
    }
}

/// A `name=value` argument of a call.
pub struct KeywordArgument<'r> {
    pub name: String,
    pub node: N<'r>,
    pub value: N<'r>,
}

/// The keyword arguments of an `argument_list`.
pub fn keyword_arguments<'r>(args: &N<'r>) -> Vec<KeywordArgument<'r>> {
    args.children()
        .filter(|c| c.kind() == "keyword_argument")
        .filter_map(|node| {
            let name = node.field("name")?.text().to_string();
            let value = node.field("value")?;
            Some(KeywordArgument { name, node, value })
        })
        .collect()
}

/// The value of an integer literal (`0`, `65535`, `-1`), if it is one.
pub fn int_value(node: &N) -> Option<i64> {
    match node.kind().as_ref() {
        "integer" => node.text().replace('_', "").parse().ok(),
        "unary_operator" => {
            let operand = node.field("argument")?;
            let op = node.field("operator")?;
            let v = int_value(&operand)?;
            match op.text().as_ref() {
                "-" => Some(-v),
                "+" => Some(v),
                _ => None,
            }
        }
        _ => None,
    }
}

/// One name of an import statement: `A`, `A as B`, `a.b as c`.
pub struct ImportName<'r> {
    /// The `dotted_name` or `aliased_import` node.
    pub node: N<'r>,
    /// The dotted name node being imported.
    pub name_node: N<'r>,
    pub name: String,
    pub alias: Option<String>,
}

impl ImportName<'_> {
    /// The name this binds in the file (for `import a.b` without alias: `a`).
    pub fn local(&self) -> String {
        match &self.alias {
            Some(a) => a.clone(),
            None => self.name.split('.').next().unwrap_or("").to_string(),
        }
    }
}

/// An `import ...` or `from <module> import ...` statement (relative imports are left out).
pub struct Import<'r> {
    pub node: N<'r>,
    /// `from` imports: the module names are imported from; empty for `import` statements.
    pub module: String,
    pub from: bool,
    pub names: Vec<ImportName<'r>>,
    /// `from m import *`.
    pub wildcard: bool,
}

fn import_name<'r>(n: N<'r>) -> Option<ImportName<'r>> {
    match n.kind().as_ref() {
        "dotted_name" => Some(ImportName {
            name: dotted(&n)?,
            name_node: n,
            node: n,
            alias: None,
        }),
        "aliased_import" => {
            let name_node = n.field("name")?;
            Some(ImportName {
                name: dotted(&name_node)?,
                alias: Some(n.field("alias")?.text().to_string()),
                name_node,
                node: n,
            })
        }
        _ => None,
    }
}

/// Every import statement of the file, in order (a walk of the whole tree: prefer
/// [`imports_of`] where the parsed file is at hand).
pub fn imports<'r>(root: &N<'r>) -> Vec<Import<'r>> {
    root.dfs().filter_map(import_of).collect()
}

/// Every import statement of a parsed file, in order, read from its kind index (no walk).
pub fn imports_of<'f>(file: &'f ParsedFile) -> Vec<Import<'f>> {
    file.of_kinds(&["import_statement", "import_from_statement"])
        .filter_map(import_of)
        .collect()
}

/// An `import` or `from ... import` statement; `None` for any other node.
fn import_of(stmt: N) -> Option<Import> {
    match stmt.kind().as_ref() {
        "import_statement" => Some(Import {
            names: stmt
                .children()
                .filter(|c| c.is_named())
                .filter_map(import_name)
                .collect(),
            node: stmt,
            module: String::new(),
            from: false,
            wildcard: false,
        }),
        "import_from_statement" => {
            let module_node = stmt.field("module_name")?;
            let module = dotted(&module_node)?;
            let mut names = Vec::new();
            let mut wildcard = false;
            for c in stmt.children().filter(|c| c.is_named()) {
                if c.range() == module_node.range() {
                    continue;
                }
                if c.kind() == "wildcard_import" {
                    wildcard = true;
                } else if let Some(n) = import_name(c) {
                    names.push(n);
                }
            }
            Some(Import {
                node: stmt,
                module,
                from: true,
                names,
                wildcard,
            })
        }
        _ => None,
    }
}

/// Whether an identifier reads or binds a name in the file's scope: not the attribute part of
/// `x.attr`, not a keyword argument's or parameter's keyword, not inside an import.
pub fn is_reference(ident: &N) -> bool {
    let Some(parent) = ident.parent() else {
        return true;
    };
    match parent.kind().as_ref() {
        "attribute" => parent
            .field("attribute")
            .is_none_or(|a| a.range() != ident.range()),
        "keyword_argument" => parent
            .field("name")
            .is_none_or(|a| a.range() != ident.range()),
        "dotted_name" | "aliased_import" | "import_statement" | "import_from_statement" => false,
        _ => true,
    }
}

/// The range to delete to remove one item (argument, dictionary pair) of a comma-separated
/// list: with its following comma and the spaces after it; the last item without a trailing
/// comma takes the comma before it unless `keep_previous_comma`.
pub fn item_removal(text: &str, item: &N, keep_previous_comma: bool) -> std::ops::Range<usize> {
    let r = item.range();
    if let Some(next) = item.next().filter(|n| n.kind() == ",") {
        let mut end = next.range().end;
        end += text[end..].len() - text[end..].trim_start_matches([' ', '\t']).len();
        return r.start..end;
    }
    if !keep_previous_comma {
        if let Some(prev) = item.prev().filter(|n| n.kind() == ",") {
            return prev.range().start..r.end;
        }
    }
    r
}

/// An expression as black sees it when it splits a line ([`PyExpr`]), with `prefix` (`key=`,
/// `"key": `, `x = `) before it; `None` where a comment, a `*`/`**` unpacking (whose trailing
/// comma depends on the target Python versions) or a multi-line token is in it.
fn black_expr(node: &N, prefix: &str) -> Option<PyExpr> {
    let text = node.text();
    match node.kind().as_ref() {
        "comment" | "list_splat" | "dictionary_splat" | "ERROR" => None,
        "keyword_argument" => {
            let (name, value) = (node.field("name")?, node.field("value")?);
            black_expr(&value, &format!("{prefix}{}=", name.text()))
        }
        "pair" => {
            let (key, value) = (node.field("key")?, node.field("value")?);
            // A key black could split itself (a call, a tuple): not followed here.
            let plain_key =
                matches!(key.kind().as_ref(), "string" | "integer") || simple_name(&key);
            if !plain_key || key.text().contains('\n') {
                return None;
            }
            black_expr(&value, &format!("{prefix}{}: ", key.text()))
        }
        "call" if simple_name(&node.field("function")?) => {
            let args = node.field("arguments")?;
            if args.kind() != "argument_list" {
                return None;
            }
            let head = format!("{prefix}{}", node.field("function")?.text());
            black_list(&args, '(', ')', head, false)
        }
        "dictionary" => black_list(node, '{', '}', prefix.to_string(), true),
        "list" => black_list(node, '[', ']', prefix.to_string(), true),
        _ if text.contains('\n') || node.dfs().any(|n| n.kind() == "comment") => None,
        // A comma before a closing bracket in a tuple, a set or a subscript: magic or not by
        // rules not followed here.
        _ if node.dfs().any(|n| {
            n.kind() == ","
                && n.next()
                    .is_some_and(|c| matches!(c.kind().as_ref(), ")" | "]" | "}"))
        }) =>
        {
            None
        }
        kind => Some(PyExpr::Atom {
            text: format!("{prefix}{text}"),
            // What black never splits: a name or a dotted name, one string, a number.
            rigid: matches!(
                kind,
                "identifier" | "string" | "integer" | "float" | "true" | "false" | "none"
            ) || simple_name(node),
        }),
    }
}

/// A bracketed list (a call's `argument_list`, a `dictionary`, a `list`) as [`black_expr`]
/// reads it.
fn black_list(list: &N, open: char, close: char, head: String, literal: bool) -> Option<PyExpr> {
    let mut items = Vec::new();
    let mut trailing_comma = false;
    for c in list.children() {
        match c.kind().as_ref() {
            "," => trailing_comma = true,
            _ if !c.is_named() => {}
            _ => {
                items.push(black_expr(&c, "")?);
                trailing_comma = false;
            }
        }
    }
    Some(PyExpr::Brackets {
        head,
        open,
        close,
        items,
        trailing_comma,
        literal,
    })
}

/// A name or a dotted name (`Instance`, `aws.instance.Instance`, `self.igw`): black never
/// splits at its dots.
fn simple_name(node: &N) -> bool {
    match node.kind().as_ref() {
        "identifier" => true,
        "attribute" => {
            node.field("object").is_some_and(|o| simple_name(&o))
                && node
                    .field("attribute")
                    .is_some_and(|a| a.kind() == "identifier")
                && !node.text().contains(char::is_whitespace)
        }
        _ => false,
    }
}

/// An assignment's target black keeps on the line of `=` when the call after it is split there:
/// a name, a dotted name, or an item of one (`self.providers[region]`) without a comma.
fn simple_target(node: &N) -> bool {
    match node.kind().as_ref() {
        "subscript" => {
            let text = node.text();
            node.field("value").is_some_and(|v| simple_name(&v))
                && !text.contains([',', '\n'])
                && node.dfs().all(|n| n.kind() != "comment")
        }
        _ => simple_name(node),
    }
}

/// A statement black would reprint as a [`PyExpr`]: a construct call, alone (`Foo(...)`) or
/// assigned (`x = Foo(...)`, `self.x = Foo(...)`, `self.providers[region] = Foo(...)`).
fn black_statement_expr(statement: &N) -> Option<PyExpr> {
    if statement.kind() != "expression_statement" {
        return None;
    }
    let [expr] = statement.children().collect::<Vec<_>>()[..] else {
        return None;
    };
    match expr.kind().as_ref() {
        "call" => black_expr(&expr, ""),
        "assignment" => {
            let (left, right) = (expr.field("left")?, expr.field("right")?);
            if expr.field("type").is_some() || !simple_target(&left) || right.kind() != "call" {
                return None;
            }
            let value = black_expr(&right, &format!("{} = ", left.text()))?;
            matches!(value, PyExpr::Brackets { .. }).then_some(value)
        }
        _ => None,
    }
}

/// The innermost expression statement of `file` holding `range`.
fn statement_around<'f>(file: &'f ParsedFile, range: &std::ops::Range<usize>) -> Option<N<'f>> {
    let mut node = file.tree().root();
    let mut found = None;
    'down: loop {
        if node.kind() == "expression_statement" {
            found = Some(node);
        }
        for child in node.children() {
            let r = child.range();
            if r.start <= range.start && range.end <= r.end && r != (range.start..range.start) {
                node = child;
                continue 'down;
            }
        }
        return found;
    }
}

/// `statement` (the text of one expression statement starting a line at `indent`) as black
/// prints it, or `None` when it is not one [`black_statement_expr`] reads.
pub fn black_print(statement: &str, indent: &str, line_length: usize, nl: &str) -> Option<String> {
    let parsed = ParsedFile::parse(crate::Lang::Python, statement);
    let root = parsed.tree().root();
    if root.dfs().any(|n| n.is_error() || n.is_missing()) {
        return None;
    }
    let [stmt] = root.children().collect::<Vec<_>>()[..] else {
        return None;
    };
    if stmt.range() != (0..statement.trim_end().len()) {
        return None;
    }
    black_statement(&black_statement_expr(&stmt)?, indent, line_length, nl)
}

/// In a Python file of a project that formats with black (its line length is known), `edits`
/// (adding an argument to a construct call, a key to a dict in it, changing a value) with each
/// statement they touch reprinted whole as black prints it: a call that no longer fits is split
/// one argument a line, with the trailing comma that keeps it so; one already split keeps its
/// layout; one that still fits stays on its line. A statement keeps its plain edits unless it
/// starts its line and ends it, and black's layout of it ([`black_statement`]) is its original
/// text (so black formatted the file there and the printer agrees with it); edits outside a
/// statement, and in any other file, are left as they are.
pub fn black_edits(style: &Style, file: &ParsedFile, edits: Vec<Edit>) -> Vec<Edit> {
    let Some(line_length) = style
        .python_line_length
        .filter(|_| file.lang == Lang::Python)
    else {
        return edits;
    };
    let text = file.text;
    let nl = file.newline();
    let mut out = Vec::new();
    let mut by_statement: BTreeMap<(usize, usize), Vec<Edit>> = BTreeMap::new();
    for edit in edits {
        match statement_around(file, &edit.range) {
            Some(s) => by_statement
                .entry((s.range().start, s.range().end))
                .or_default()
                .push(edit),
            None => out.push(edit),
        }
    }
    for ((start, end), mut edits) in by_statement {
        let reprinted = (|| {
            let original = &text[start..end];
            let line_end = text[end..].find('\n').map_or(text.len(), |i| end + i);
            if !starts_line(text, start) || !text[end..line_end].trim().is_empty() {
                return None;
            }
            let indent = crate::syntax::indent_at(text, start);
            // Black indents with spaces, and counts wide characters twice: such statements are
            // left to the plain edits.
            if indent.contains('\t') || !original.is_ascii() {
                return None;
            }
            if black_print(original, indent, line_length, nl)? != original {
                return None;
            }
            edits.sort_by_key(|e| std::cmp::Reverse(e.range.start));
            let mut edited = original.to_string();
            let mut last = usize::MAX;
            for e in &edits {
                if e.range.end > last || e.range.start < start || e.range.end > end {
                    return None;
                }
                edited.replace_range(e.range.start - start..e.range.end - start, &e.text);
                last = e.range.start;
            }
            if !edited.is_ascii() {
                return None;
            }
            black_print(&edited, indent, line_length, nl)
        })();
        match reprinted {
            Some(t) => out.push(Edit::replace(start..end, t)),
            None => out.extend(edits),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Lang;
    use crate::ParsedFile;

    #[test]
    fn bindings_follow_every_import_form() {
        let src =
            "from a.b import C as D, E\nimport x.y\nimport x.y as z\nfrom m import *\nD\nz.W\nF\n";
        let file = ParsedFile::parse(Lang::Python, src);
        let root = file.tree().root();
        let b = Bindings::of(&file);
        assert_eq!(b.names["D"], "a.b.C");
        assert_eq!(b.names["E"], "a.b.E");
        assert_eq!(b.names["x"], "x");
        assert_eq!(b.names["z"], "x.y");
        let exprs: Vec<N> = root
            .children()
            .filter(|c| c.kind() == "expression_statement")
            .filter_map(|s| s.child(0))
            .collect();
        assert_eq!(b.qualified_names(&exprs[0]), vec!["a.b.C"]);
        assert_eq!(b.qualified_names(&exprs[1]), vec!["x.y.W"]);
        assert_eq!(b.qualified_names(&exprs[2]), vec!["m.F"]);
        assert_eq!(b.locals_of("a.b.E"), vec!["E"]);
    }

    #[test]
    fn imports_of_a_file_match_a_walk_of_its_tree() {
        let src = "import a, b as c\ndef f():\n    from x.y import (Z, W as V)  # c\n    try:\n        from m import *\n    except ImportError:\n        import n\nfrom . import rel\n";
        let file = ParsedFile::parse(Lang::Python, src);
        let shown = |imps: Vec<Import>| -> Vec<String> {
            imps.iter()
                .map(|i| {
                    let names: Vec<String> = i.names.iter().map(|n| n.local()).collect();
                    format!("{}|{}|{}|{}", i.module, i.from, i.wildcard, names.join(","))
                })
                .collect()
        };
        let indexed = shown(imports_of(&file));
        assert_eq!(indexed, shown(imports(&file.tree().root())));
        assert_eq!(
            indexed,
            [
                "|false|false|a,c",
                "x.y|true|false|Z,V",
                "m|true|true|",
                "|false|false|n"
            ]
        );
    }

    #[test]
    fn edits_reprint_their_statement_as_black_prints_it_or_stay_as_they_are() {
        use crate::style::Style;
        let black = Style {
            python_line_length: Some(40),
            ..Style::default()
        };
        let apply = |src: &str, style: &Style, edits: Vec<Edit>| {
            let file = ParsedFile::parse(Lang::Python, src);
            let mut edits = black_edits(style, &file, edits);
            edits.sort_by_key(|e| std::cmp::Reverse(e.range.start));
            let mut out = src.to_string();
            for e in edits {
                out.replace_range(e.range, &e.text);
            }
            out
        };
        let src = "import x\n\n\ndef f():\n    Foo(self, \"id\", a=1)\n";
        let at = src.find("a=1").unwrap() + 3;
        let added = || vec![Edit::insert(at, ", bbbbbbbbbbbbbbb=[xs]")];
        // Past 40 columns: split as black splits it; still within 40: on its line.
        assert_eq!(
            apply(src, &black, added()),
            "import x\n\n\ndef f():\n    Foo(\n        self,\n        \"id\",\n        a=1,\n        bbbbbbbbbbbbbbb=[xs],\n    )\n"
        );
        assert_eq!(
            apply(src, &black, vec![Edit::insert(at, ", b=2")]),
            "import x\n\n\ndef f():\n    Foo(self, \"id\", a=1, b=2)\n"
        );
        // Not a black project: the plain edit.
        let plain = "import x\n\n\ndef f():\n    Foo(self, \"id\", a=1, bbbbbbbbbbbbbbb=[xs])\n";
        assert_eq!(apply(src, &Style::default(), added()), plain);
        // A statement black would print otherwise (not formatted by black), or that holds a
        // comment: the plain edit.
        let aligned = "Foo(self, \"id\",\n    a=1)\n";
        let at = aligned.find("a=1").unwrap() + 3;
        assert_eq!(
            apply(
                aligned,
                &black,
                vec![Edit::insert(at, ", bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb=2")]
            ),
            "Foo(self, \"id\",\n    a=1, bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb=2)\n"
        );
        let commented = "Foo(\n    self,  # scope\n    \"id\",\n    a=1,\n)\n";
        let at = commented.find("a=1,").unwrap() + 4;
        assert_eq!(
            apply(commented, &black, vec![Edit::insert(at, "\n    b=2,")]),
            "Foo(\n    self,  # scope\n    \"id\",\n    a=1,\n    b=2,\n)\n"
        );
        // Tabs, or characters black counts twice: the plain edit.
        let tabs = "if x:\n\tFoo(self, \"id\", a=1)\n";
        let at = tabs.find("a=1").unwrap() + 3;
        assert_eq!(
            apply(
                tabs,
                &black,
                vec![Edit::insert(at, ", bbbbbbbbbbbbbbb=[xs]")]
            ),
            "if x:\n\tFoo(self, \"id\", a=1, bbbbbbbbbbbbbbb=[xs])\n"
        );
        let wide = "Foo(self, \"id\", a=\"\u{65e5}\u{672c}\")\n";
        let at = wide.find(")\n").unwrap();
        assert_eq!(
            apply(
                wide,
                &black,
                vec![Edit::insert(at, ", bbbbbbbbbbbbbbb=[xs]")]
            ),
            "Foo(self, \"id\", a=\"\u{65e5}\u{672c}\", bbbbbbbbbbbbbbb=[xs])\n"
        );
        // An edit outside an expression statement stays as it is.
        let src = "import x\nFoo(a=1)\n";
        assert_eq!(
            apply(
                src,
                &black,
                vec![Edit::insert(8, ", yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy")]
            ),
            "import x, yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy\nFoo(a=1)\n"
        );
    }

    #[test]
    fn plain_strings_only() {
        let file = ParsedFile::parse(Lang::Python, "'a'\nf\"b\"\n\"c\\n\"\n");
        let root = file.tree().root();
        let strings: Vec<N> = root.dfs().filter(|n| n.kind() == "string").collect();
        assert_eq!(string_value(&strings[0]).as_deref(), Some("a"));
        assert_eq!(quote_of(&strings[0]), Some('\''));
        assert_eq!(string_value(&strings[1]), None);
        assert_eq!(string_value(&strings[2]), None);
    }

    #[test]
    fn imports_and_references() {
        let src = "from a.b import (C as D,  # c\n    E)\nimport x.y, z as w\nfrom m import *\nf(D, k=E.attr)\n";
        let file = ParsedFile::parse(Lang::Python, src);
        let root = file.tree().root();
        let imps = imports(&root);
        assert_eq!(imps.len(), 3);
        assert_eq!(imps[0].module, "a.b");
        let locals: Vec<String> = imps[0].names.iter().map(|n| n.local()).collect();
        assert_eq!(locals, vec!["D", "E"]);
        assert_eq!(imps[1].names[0].local(), "x");
        assert_eq!(imps[1].names[1].local(), "w");
        assert!(imps[2].wildcard && imps[2].names.is_empty());
        let refs: Vec<String> = root
            .dfs()
            .filter(|n| n.kind() == "identifier" && is_reference(n))
            .map(|n| n.text().to_string())
            .collect();
        assert_eq!(refs, vec!["f", "D", "E"]);
    }

    #[test]
    fn integers_and_item_removal() {
        let src = "f(a=1, b=-2, c=x)\n";
        let file = ParsedFile::parse(Lang::Python, src);
        let root = file.tree().root();
        let kws: Vec<N> = root
            .dfs()
            .filter(|n| n.kind() == "keyword_argument")
            .collect();
        let values: Vec<Option<i64>> = kws
            .iter()
            .map(|k| int_value(&k.field("value").unwrap()))
            .collect();
        assert_eq!(values, vec![Some(1), Some(-2), None]);
        assert_eq!(&src[item_removal(src, &kws[0], false)], "a=1, ");
        assert_eq!(&src[item_removal(src, &kws[2], false)], ", c=x");
        assert_eq!(&src[item_removal(src, &kws[2], true)], "c=x");
    }
}
