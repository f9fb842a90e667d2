//! TypeScript statements printed as prettier 3 prints them, for the subset cdktf-fix writes or
//! rewrites: construct calls (`new X(this, "id", { ... })`), calls, object and array literals,
//! assignments and `const` declarations, around names, member accesses and literals.
//!
//! Two halves, both following prettier's published algorithm
//! (<https://prettier.io/docs/rationale>, "Print width" and "Objects"; the printer described in
//! Wadler's "A prettier printer"): a small document model (text, groups that are printed flat
//! when they fit and broken otherwise, indentation, line breaks, conditional groups trying
//! layouts in turn) with its line-fitting printer, and the TypeScript nodes of the subset
//! turned into documents with prettier's layout rules (the last argument of a call hugged when
//! it is an object or array, an object kept expanded when its source has a line break after
//! `{`, a property's value moved to the next line when a string or member chain does not fit,
//! blank lines between properties and arguments kept, trailing commas per `trailingComma`).
//!
//! Anything outside the subset (comments, functions, classes, type-heavy code, a node printed
//! over several lines that is not an object, array or call of the subset) makes the printer
//! give up: the caller then keeps its plain edit. A node outside the subset that fits on one
//! line is kept as its text ("rigid") when prettier would print it the same way, which the
//! printer checks: it gives up when such a node ends up on a line longer than `printWidth`,
//! or when a layout decision would depend on where prettier could break inside it.

use std::collections::HashMap;

use crate::lang::Lang;
use crate::style::{Prettier, TrailingComma};
use crate::syntax::layout::named_children;
use crate::syntax::{ParsedFile, N};

/// Why printing stopped: the statement holds something outside the subset.
#[derive(Debug)]
struct Bail;

type R<T> = Result<T, Bail>;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum LineKind {
    /// Nothing when flat.
    Soft,
    /// A space when flat.
    Normal,
    /// Always a line break; breaks every enclosing group.
    Hard,
}

#[derive(Clone, Debug)]
enum Doc {
    Text(String),
    /// A node outside the subset, printed as its one-line source text.
    Rigid(String),
    Concat(Vec<Doc>),
    Indent(Box<Doc>),
    /// `states[0]` is the content; more states make a conditional group (tried in turn).
    Group {
        brk: bool,
        id: Option<u32>,
        states: Vec<Doc>,
        conditional: bool,
    },
    Line(LineKind),
    IfBreak(Box<Doc>, Box<Doc>),
    IndentIfBreak(u32, Box<Doc>),
    BreakParent,
}

use Doc::*;

fn text(s: impl Into<String>) -> Doc {
    Text(s.into())
}
fn cat(v: Vec<Doc>) -> Doc {
    Concat(v)
}
fn group(d: Doc) -> Doc {
    Group {
        brk: false,
        id: None,
        states: vec![d],
        conditional: false,
    }
}
fn group_break(d: Doc, brk: bool) -> Doc {
    Group {
        brk,
        id: None,
        states: vec![d],
        conditional: false,
    }
}
fn conditional(states: Vec<Doc>) -> Doc {
    Group {
        brk: false,
        id: None,
        states,
        conditional: true,
    }
}
fn indent(d: Doc) -> Doc {
    Indent(Box::new(d))
}
const LINE: Doc = Line(LineKind::Normal);
const SOFT: Doc = Line(LineKind::Soft);
fn hardline() -> Doc {
    cat(vec![Line(LineKind::Hard), BreakParent])
}
fn if_break(b: Doc, f: Doc) -> Doc {
    IfBreak(Box::new(b), Box::new(f))
}

/// Whether the document forces a line break (prettier's `willBreak`: a broken group, a hard
/// line; conditional groups by their first state).
fn will_break(d: &Doc) -> bool {
    match d {
        Text(_) | Rigid(_) | Line(LineKind::Soft | LineKind::Normal) => false,
        Line(LineKind::Hard) | BreakParent => true,
        Concat(v) => v.iter().any(will_break),
        Indent(c) | IndentIfBreak(_, c) => will_break(c),
        IfBreak(b, f) => will_break(b) || will_break(f),
        Group { brk, states, .. } => *brk || will_break(&states[0]),
    }
}

/// Marks the groups that hold a forced break as broken, up to the nearest conditional group
/// (prettier's `propagateBreaks`). Returns whether `d` breaks its enclosing group.
fn propagate(d: &mut Doc) -> bool {
    match d {
        Text(_) | Rigid(_) | Line(LineKind::Soft | LineKind::Normal) => false,
        Line(LineKind::Hard) | BreakParent => true,
        Concat(v) => v.iter_mut().fold(false, |acc, c| propagate(c) | acc),
        Indent(c) | IndentIfBreak(_, c) => propagate(c),
        IfBreak(b, f) => propagate(b) | propagate(f),
        Group {
            brk,
            states,
            conditional,
            ..
        } => {
            let inner = states.iter_mut().fold(false, |acc, c| propagate(c) | acc);
            if inner && !*conditional {
                *brk = true;
            }
            *brk
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    Break,
    Flat,
}

#[derive(Clone, Debug)]
struct Ind {
    value: String,
    width: usize,
}

struct Cmd<'d> {
    ind: Ind,
    mode: Mode,
    doc: &'d Doc,
}

fn width(s: &str) -> usize {
    s.chars().count()
}

struct Printer<'p> {
    p: &'p Prettier,
    group_modes: HashMap<u32, Mode>,
    /// A fitting decision depended on where prettier could break inside a rigid node.
    uncertain: bool,
}

impl Printer<'_> {
    fn indent(&self, ind: &Ind) -> Ind {
        Ind {
            value: format!("{}{}", ind.value, self.p.indent()),
            width: ind.width + self.p.tab_width,
        }
    }

    fn fits(&mut self, next: (Mode, &Doc), rest: &[Cmd], mut room: isize) -> bool {
        let mut rest_idx = rest.len();
        let mut cmds: Vec<(Mode, &Doc)> = vec![next];
        let mut rigid_in_break = false;
        while room >= 0 {
            let Some((mode, doc)) = cmds.pop() else {
                if rest_idx == 0 {
                    return true;
                }
                rest_idx -= 1;
                cmds.push((rest[rest_idx].mode, rest[rest_idx].doc));
                continue;
            };
            match doc {
                Text(s) => room -= width(s) as isize,
                Rigid(s) => {
                    rigid_in_break |= mode == Mode::Break;
                    room -= width(s) as isize;
                }
                Concat(v) => cmds.extend(v.iter().rev().map(|d| (mode, d))),
                Indent(c) | IndentIfBreak(_, c) => cmds.push((mode, c)),
                Group {
                    brk,
                    states,
                    conditional,
                    ..
                } => {
                    let m = if *brk { Mode::Break } else { mode };
                    let c = if *conditional && m == Mode::Break {
                        states.last().unwrap()
                    } else {
                        &states[0]
                    };
                    cmds.push((m, c));
                }
                IfBreak(b, f) => cmds.push((mode, if mode == Mode::Break { b } else { f })),
                Line(k) => {
                    if mode == Mode::Break || *k == LineKind::Hard {
                        return true;
                    }
                    if *k == LineKind::Normal {
                        room -= 1;
                    }
                }
                BreakParent => {}
            }
        }
        // Prettier might have found a break inside the rigid node before running out of room.
        self.uncertain |= rigid_in_break;
        false
    }

    /// Prints `doc` starting after the indentation `root` on its first line. Also returns the
    /// lines (0-based) holding a rigid node.
    fn print(&mut self, doc: &Doc, root: Ind) -> (String, Vec<usize>) {
        let mut out = String::new();
        let mut pos = root.width;
        let mut line_no = 0;
        let mut rigid_lines = Vec::new();
        let mut remeasure = false;
        let mut cmds = vec![Cmd {
            ind: root,
            mode: Mode::Break,
            doc,
        }];
        let print_width = self.p.print_width as isize;
        while let Some(Cmd { ind, mode, doc }) = cmds.pop() {
            match doc {
                Text(s) => {
                    out.push_str(s);
                    pos += width(s);
                }
                Rigid(s) => {
                    out.push_str(s);
                    pos += width(s);
                    rigid_lines.push(line_no);
                }
                Concat(v) => cmds.extend(v.iter().rev().map(|d| Cmd {
                    ind: ind.clone(),
                    mode,
                    doc: d,
                })),
                Indent(c) => cmds.push(Cmd {
                    ind: self.indent(&ind),
                    mode,
                    doc: c,
                }),
                Group {
                    brk,
                    id,
                    states,
                    conditional,
                } => {
                    let chosen = if mode == Mode::Flat && !remeasure {
                        Cmd {
                            ind,
                            mode: if *brk { Mode::Break } else { Mode::Flat },
                            doc: &states[0],
                        }
                    } else {
                        remeasure = false;
                        let room = print_width - pos as isize;
                        if !*brk && self.fits((Mode::Flat, &states[0]), &cmds, room) {
                            Cmd {
                                ind,
                                mode: Mode::Flat,
                                doc: &states[0],
                            }
                        } else if *conditional {
                            let most = states.last().unwrap();
                            if *brk {
                                Cmd {
                                    ind,
                                    mode: Mode::Break,
                                    doc: most,
                                }
                            } else {
                                let mut pick = None;
                                for state in &states[1..] {
                                    if self.fits((Mode::Flat, state), &cmds, room) {
                                        pick = Some(state);
                                        break;
                                    }
                                }
                                match pick {
                                    Some(state) => Cmd {
                                        ind,
                                        mode: Mode::Flat,
                                        doc: state,
                                    },
                                    None => Cmd {
                                        ind,
                                        mode: Mode::Break,
                                        doc: most,
                                    },
                                }
                            }
                        } else {
                            Cmd {
                                ind,
                                mode: Mode::Break,
                                doc: &states[0],
                            }
                        }
                    };
                    if let Some(id) = id {
                        self.group_modes.insert(*id, chosen.mode);
                    }
                    cmds.push(chosen);
                }
                IfBreak(b, f) => cmds.push(Cmd {
                    ind,
                    mode,
                    doc: if mode == Mode::Break { b } else { f },
                }),
                IndentIfBreak(id, c) => match self.group_modes.get(id) {
                    Some(Mode::Break) => cmds.push(Cmd {
                        ind: self.indent(&ind),
                        mode,
                        doc: c,
                    }),
                    Some(Mode::Flat) => cmds.push(Cmd { ind, mode, doc: c }),
                    None => {}
                },
                Line(k) => {
                    if mode == Mode::Flat && *k != LineKind::Hard {
                        if *k == LineKind::Normal {
                            out.push(' ');
                            pos += 1;
                        }
                        continue;
                    }
                    if mode == Mode::Flat {
                        remeasure = true;
                    }
                    let trimmed = out.trim_end_matches([' ', '\t']).len();
                    out.truncate(trimmed);
                    out.push('\n');
                    out.push_str(&ind.value);
                    pos = ind.width;
                    line_no += 1;
                }
                BreakParent => {}
            }
        }
        (out, rigid_lines)
    }
}

/// The width of a printed line as prettier counts it (a tab of indentation is `tabWidth`).
fn line_width(line: &str, tab_width: usize) -> usize {
    let tabs = line.chars().take_while(|c| *c == '\t').count();
    tabs * tab_width + width(&line[tabs..])
}

/// `statement`, the text of one TypeScript statement, printed as prettier prints it at the
/// indentation `indent` (the statement starts a line), with `nl` line endings; `None` when the
/// statement holds something this printer does not print (see the module's documentation).
pub fn print_ts_statement(
    prettier: &Prettier,
    statement: &str,
    indent: &str,
    nl: &str,
) -> Option<String> {
    let source = statement.replace("\r\n", "\n");
    let file = ParsedFile::parse(Lang::TypeScript, &source);
    let root = file.tree().root();
    if root
        .dfs()
        .any(|n| n.is_error() || n.is_missing() || n.kind() == "comment")
    {
        return None;
    }
    let stmts = named_children(&root);
    let [stmt] = stmts.as_slice() else {
        return None;
    };
    let ts = Ts {
        text: &source,
        p: prettier,
        next_id: std::cell::Cell::new(0),
        depth: std::cell::Cell::new(0),
    };
    let mut doc = ts.statement(stmt).ok()?;
    propagate(&mut doc);
    let root_ind = Ind {
        value: indent.to_string(),
        width: line_width(indent, prettier.tab_width),
    };
    let mut printer = Printer {
        p: prettier,
        group_modes: HashMap::new(),
        uncertain: false,
    };
    let (out, rigid_lines) = printer.print(&doc, root_ind.clone());
    if printer.uncertain {
        return None;
    }
    let lines: Vec<&str> = out.split('\n').collect();
    for &l in &rigid_lines {
        let w = line_width(lines[l], prettier.tab_width) + if l == 0 { root_ind.width } else { 0 };
        if w > prettier.print_width {
            return None;
        }
    }
    Some(out.replace('\n', nl))
}

/// TypeScript nodes to documents.
struct Ts<'t> {
    text: &'t str,
    p: &'t Prettier,
    next_id: std::cell::Cell<u32>,
    /// How many expressions deep the printer is.
    depth: std::cell::Cell<u32>,
}

/// Whether `node` is printed by prettier exactly as its one-line text with no place to break:
/// names, `this`, literals, template literals over names and member chains of names.
fn unbreakable(node: &N) -> bool {
    match node.kind().as_ref() {
        "identifier"
        | "this"
        | "property_identifier"
        | "number"
        | "true"
        | "false"
        | "null"
        | "undefined"
        | "shorthand_property_identifier"
        | "super" => true,
        "string" => !node.text().contains('\n'),
        "template_string" => {
            // prettier prints a "simple" template literal (its expressions names or member
            // chains of names) on one line whatever its length.
            !node.text().contains('\n')
                && node
                    .children()
                    .filter(|c| c.kind() == "template_substitution")
                    .all(|s| {
                        let inner = named_children(&s);
                        inner.len() == 1 && simple_chain(&inner[0])
                    })
        }
        _ => false,
    }
}

/// A name, `this`, or a member chain of names on one of them (`this.bucket.id`): a `new`
/// callee or assignment target, which prettier prints inline.
fn simple_chain(node: &N) -> bool {
    let mut node = *node;
    loop {
        match node.kind().as_ref() {
            "identifier" | "this" => return true,
            "member_expression"
                if node
                    .field("property")
                    .is_some_and(|p| p.kind() == "property_identifier")
                    && !node.children().any(|c| c.kind() == "optional_chain") =>
            {
                match node.field("object") {
                    Some(o) => node = o,
                    None => return false,
                }
            }
            _ => return false,
        }
    }
}

/// How deep the printer follows nested expressions before it gives up (a deeply nested
/// statement is printed by no transform's fix, and recursion must stay shallow).
const MAX_DEPTH: u32 = 64;

fn is_kind(node: &N, kinds: &[&str]) -> bool {
    kinds.contains(&node.kind().as_ref())
}

/// Whether only blank space (and the list's comma) stands between `node` and an empty line
/// after it (prettier's `isNextLineEmpty`).
fn next_line_empty(text: &str, node: &N) -> bool {
    let rest = &text[node.range().end..];
    let rest = rest.trim_start_matches([' ', '\t', ',', ';']);
    let Some(rest) = rest.strip_prefix('\n') else {
        return false;
    };
    let line = rest.split('\n').next().unwrap_or_default();
    rest.contains('\n') && line.trim().is_empty()
}

impl Ts<'_> {
    fn id(&self) -> u32 {
        let id = self.next_id.get();
        self.next_id.set(id + 1);
        id
    }

    fn src(&self, node: &N) -> String {
        self.text[node.range()].to_string()
    }

    fn semi(&self, stmt: &N) -> &'static str {
        if stmt.children().last().is_some_and(|c| c.kind() == ";") {
            ";"
        } else {
            ""
        }
    }

    fn statement(&self, stmt: &N) -> R<Doc> {
        match stmt.kind().as_ref() {
            "expression_statement" => {
                let [expr] = named_children(stmt)[..] else {
                    return Err(Bail);
                };
                let doc = match expr.kind().as_ref() {
                    "assignment_expression" => self.assignment(&expr)?,
                    _ => self.expr(&expr)?,
                };
                Ok(cat(vec![doc, text(self.semi(stmt))]))
            }
            "lexical_declaration" => {
                let kw = stmt.child(0).ok_or(Bail)?;
                let decls = named_children(stmt);
                let [decl] = decls.as_slice() else {
                    return Err(Bail);
                };
                if decl.kind() != "variable_declarator" {
                    return Err(Bail);
                }
                let name = decl.field("name").ok_or(Bail)?;
                if !is_kind(&name, &["identifier"]) {
                    return Err(Bail);
                }
                let mut left = self.src(&name);
                if let Some(t) = decl.field("type") {
                    // `: Type` with a plain type name only.
                    let ty = named_children(&t);
                    let plain = |n: &N| {
                        is_kind(n, &["type_identifier", "predefined_type"])
                            || (n.kind() == "nested_type_identifier"
                                && !n.text().contains(char::is_whitespace))
                    };
                    if ty.len() != 1 || !plain(&ty[0]) {
                        return Err(Bail);
                    }
                    left = format!("{left}: {}", self.src(&ty[0]));
                }
                let doc = match decl.field("value") {
                    Some(value) => {
                        self.assign_like(text(format!("{left} =")), &value, false, false)?
                    }
                    None => text(left),
                };
                Ok(group(cat(vec![
                    text(format!("{} ", kw.text())),
                    doc,
                    text(self.semi(stmt)),
                ])))
            }
            "return_statement" => {
                let args = named_children(stmt);
                match args.as_slice() {
                    [] => Ok(text(format!("return{}", self.semi(stmt)))),
                    [arg] if !is_kind(arg, &["binary_expression", "sequence_expression"]) => {
                        Ok(cat(vec![
                            text("return "),
                            self.expr(arg)?,
                            text(self.semi(stmt)),
                        ]))
                    }
                    _ => Err(Bail),
                }
            }
            _ => Err(Bail),
        }
    }

    fn assignment(&self, node: &N) -> R<Doc> {
        let left = node.field("left").ok_or(Bail)?;
        let right = node.field("right").ok_or(Bail)?;
        if !simple_chain(&left) || right.kind() == "assignment_expression" {
            return Err(Bail);
        }
        let left = text(format!("{} =", self.src(&left)));
        self.assign_like(left, &right, false, true)
    }

    /// prettier's `printAssignment` for `left` (with its operator: `x =`, `key:`) and `right`.
    fn assign_like(&self, left: Doc, right: &N, is_property: bool, _expr: bool) -> R<Doc> {
        let Text(left_text) = &left else {
            return Err(Bail);
        };
        let key_width = width(left_text.trim_end_matches([':', '=', ' ']));
        let short_key = is_property && key_width < self.p.tab_width + 3;
        let layout = self.layout(right, short_key)?;
        let value = self.expr(right)?;
        Ok(match layout {
            Layout::BreakAfterOperator => group(cat(vec![
                group(left),
                group(indent(cat(vec![LINE, value]))),
            ])),
            Layout::NeverBreakAfterOperator => group(cat(vec![group(left), text(" "), value])),
            Layout::Fluid => {
                let id = self.id();
                group(cat(vec![
                    group(left),
                    Group {
                        brk: false,
                        id: Some(id),
                        states: vec![indent(LINE)],
                        conditional: false,
                    },
                    IndentIfBreak(id, Box::new(value)),
                ]))
            }
        })
    }

    /// prettier's `chooseLayout` for the right side `right`.
    fn layout(&self, right: &N, short_key: bool) -> R<Layout> {
        let kind = right.kind();
        match kind.as_ref() {
            "binary_expression" => {
                // Logical expressions whose right side is a non-empty object or array inline.
                let op = right
                    .child(1)
                    .map(|o| o.text().to_string())
                    .unwrap_or_default();
                let inline = matches!(op.as_str(), "&&" | "||" | "??")
                    && right.field("right").is_some_and(|r| {
                        is_kind(&r, &["object", "array"]) && !named_children(&r).is_empty()
                    });
                if !inline {
                    return Ok(Layout::BreakAfterOperator);
                }
            }
            "sequence_expression" => return Ok(Layout::BreakAfterOperator),
            // Whether a binary test inlines is not worked out here.
            "ternary_expression"
                if right
                    .field("condition")
                    .is_some_and(|c| c.kind() == "binary_expression") =>
            {
                return Err(Bail)
            }
            "class" => return Err(Bail),
            _ => {}
        }
        if !short_key {
            let mut node = *right;
            while is_kind(
                &node,
                &[
                    "unary_expression",
                    "await_expression",
                    "non_null_expression",
                ],
            ) {
                node = *named_children(&node).last().ok_or(Bail)?;
            }
            if node.kind() == "string" || self.poorly_breakable_chain(&node, false)? {
                return Ok(Layout::BreakAfterOperator);
            }
        }
        if short_key || is_kind(right, &["template_string", "true", "false", "number"]) {
            return Ok(Layout::NeverBreakAfterOperator);
        }
        Ok(Layout::Fluid)
    }

    /// prettier's `isPoorlyBreakableMemberOrCallChain`: a chain of member accesses (and calls
    /// without arguments or with one short argument) on a name or `this`.
    fn poorly_breakable_chain(&self, node: &N, deep: bool) -> R<bool> {
        let chain = [
            "member_expression",
            "subscript_expression",
            "non_null_expression",
            "call_expression",
        ];
        if !deep
            && is_kind(node, &chain)
            && node.dfs().take(MAX_DEPTH as usize * 4).count() >= MAX_DEPTH as usize * 4
        {
            // Long chains are left to prettier's member-chain rules, not followed here.
            return Err(Bail);
        }
        match node.kind().as_ref() {
            "call_expression" => {
                if node.field("type_arguments").is_some() {
                    return Err(Bail);
                }
                let args = named_children(&node.field("arguments").ok_or(Bail)?);
                let calls = node.dfs().filter(|n| n.kind() == "call_expression").count();
                if calls > 1 {
                    // prettier's member-chain printing decides there; not followed here.
                    return Err(Bail);
                }
                let poorly = args.is_empty() || (args.len() == 1 && self.lone_short(&args[0]));
                if !poorly {
                    return Ok(false);
                }
                self.poorly_breakable_chain(&node.field("function").ok_or(Bail)?, true)
            }
            "member_expression" | "subscript_expression" | "non_null_expression" => {
                let object = node.field("object").or_else(|| node.child(0)).ok_or(Bail)?;
                self.poorly_breakable_chain(&object, true)
            }
            "identifier" | "this" => Ok(deep),
            _ => Ok(false),
        }
    }

    /// prettier's `isLoneShortArgument`, for the kinds of this subset.
    fn lone_short(&self, arg: &N) -> bool {
        let threshold = self.p.print_width / 4;
        match arg.kind().as_ref() {
            "this" => true,
            "identifier" | "number" => width(&self.src(arg)) <= threshold,
            "string" => width(&self.src(arg)) <= threshold,
            "object" | "array" => named_children(arg).is_empty(),
            _ => false,
        }
    }

    fn expr(&self, node: &N) -> R<Doc> {
        if unbreakable(node) {
            return Ok(text(self.src(node)));
        }
        if self.depth.get() >= MAX_DEPTH {
            return Err(Bail);
        }
        self.depth.set(self.depth.get() + 1);
        let doc = self.expr_inner(node);
        self.depth.set(self.depth.get() - 1);
        doc
    }

    fn expr_inner(&self, node: &N) -> R<Doc> {
        match node.kind().as_ref() {
            "object" => self.object(node),
            "member_expression" => self.member(node),
            "subscript_expression" => {
                let object = node.field("object").ok_or(Bail)?;
                let index = node.field("index").ok_or(Bail)?;
                if node.children().any(|c| c.kind() == "optional_chain") {
                    return Err(Bail);
                }
                let lookup = if index.kind() == "number" {
                    text(format!("[{}]", self.src(&index)))
                } else {
                    group(cat(vec![
                        text("["),
                        indent(cat(vec![SOFT, self.expr(&index)?])),
                        SOFT,
                        text("]"),
                    ]))
                };
                Ok(cat(vec![self.expr(&object)?, lookup]))
            }
            "non_null_expression" => {
                let [inner] = named_children(node)[..] else {
                    return Err(Bail);
                };
                Ok(cat(vec![self.expr(&inner)?, text("!")]))
            }
            "array" => self.array(node),
            "new_expression" => {
                let callee = node.field("constructor").ok_or(Bail)?;
                if !simple_chain(&callee) || node.field("type_arguments").is_some() {
                    return Err(Bail);
                }
                let Some(args) = node.field("arguments") else {
                    return Err(Bail);
                };
                Ok(cat(vec![
                    text(format!("new {}", self.src(&callee))),
                    self.arguments(&args)?,
                ]))
            }
            "call_expression"
                if node
                    .field("function")
                    .is_some_and(|f| f.kind() == "identifier")
                    && node.field("type_arguments").is_none()
                    && node
                        .field("arguments")
                        .is_some_and(|a| a.kind() == "arguments") =>
            {
                let callee = node.field("function").unwrap();
                Ok(cat(vec![
                    text(self.src(&callee)),
                    self.arguments(&node.field("arguments").unwrap())?,
                ]))
            }
            "arrow_function" | "function_expression" | "function" | "class" => Err(Bail),
            _ if !node.text().contains('\n') && !self.src(node).contains("//") => {
                Ok(Rigid(self.src(node)))
            }
            _ => Err(Bail),
        }
    }

    /// prettier's `printMemberExpression` for `a.b`: the lookup stays on the line after a
    /// name that is not itself part of a longer chain, else it may break before the `.`.
    fn member(&self, node: &N) -> R<Doc> {
        let object = node.field("object").ok_or(Bail)?;
        let property = node.field("property").ok_or(Bail)?;
        if !is_kind(
            &property,
            &["property_identifier", "private_property_identifier"],
        ) {
            return Err(Bail);
        }
        let dot = if node.children().any(|c| c.kind() == "optional_chain") {
            "?."
        } else {
            "."
        };
        let lookup = text(format!("{dot}{}", self.src(&property)));
        let mut parent = node.parent();
        while let Some(p) = parent.filter(|p| p.kind() == "non_null_expression") {
            parent = p.parent();
        }
        let inline =
            object.kind() == "identifier" && parent.is_none_or(|p| p.kind() != "member_expression");
        Ok(cat(vec![
            self.expr(&object)?,
            if inline {
                lookup
            } else {
                group(indent(cat(vec![SOFT, lookup])))
            },
        ]))
    }

    /// prettier's `printCallArguments`.
    fn arguments(&self, node: &N) -> R<Doc> {
        let args = named_children(node);
        if args.is_empty() {
            return Ok(text("()"));
        }
        if args
            .iter()
            .any(|a| is_kind(a, &["arrow_function", "function_expression", "function"]))
        {
            // Function arguments have layouts of their own (first-argument hugging, function
            // composition); not followed here.
            return Err(Bail);
        }
        let mut any_empty_line = false;
        let mut printed = Vec::new();
        for (i, arg) in args.iter().enumerate() {
            let doc = self.expr(arg)?;
            if i + 1 == args.len() {
                printed.push(doc);
            } else if next_line_empty(self.text, arg) {
                any_empty_line = true;
                printed.push(cat(vec![doc, text(","), hardline(), hardline()]));
            } else {
                printed.push(cat(vec![doc, text(","), LINE]));
            }
        }
        let trailing = if self.p.trailing_comma == TrailingComma::All {
            ","
        } else {
            ""
        };
        let all_broken_out = |printed: &[Doc]| {
            group_break(
                cat(vec![
                    text("("),
                    indent(cat([vec![LINE], printed.to_vec()].concat())),
                    text(trailing),
                    LINE,
                    text(")"),
                ]),
                true,
            )
        };
        if any_empty_line {
            return Ok(all_broken_out(&printed));
        }
        let last = args.last().unwrap();
        let penultimate = args.len().checked_sub(2).map(|i| args[i]);
        let could_expand =
            |n: &N| is_kind(n, &["object", "array"]) && !named_children(n).is_empty();
        if args.iter().any(|a| self.concise_array(a)) {
            return Err(Bail);
        }
        let expand_last = could_expand(last) && penultimate.is_none_or(|p| p.kind() != last.kind());
        if expand_last {
            let head = &printed[..printed.len() - 1];
            if head.iter().any(will_break) {
                return Ok(all_broken_out(&printed));
            }
            let last_doc = self.expr(last)?;
            let hugged_broken = cat([
                vec![text("(")],
                head.to_vec(),
                vec![group_break(last_doc.clone(), true), text(")")],
            ]
            .concat());
            if will_break(&last_doc) {
                return Ok(cat(vec![
                    BreakParent,
                    conditional(vec![hugged_broken, all_broken_out(&printed)]),
                ]));
            }
            return Ok(conditional(vec![
                cat([vec![text("(")], head.to_vec(), vec![last_doc, text(")")]].concat()),
                hugged_broken,
                all_broken_out(&printed),
            ]));
        }
        let brk = printed.iter().any(will_break);
        Ok(group_break(
            cat(vec![
                text("("),
                indent(cat([vec![SOFT], printed].concat())),
                if_break(text(trailing), text("")),
                SOFT,
                text(")"),
            ]),
            brk,
        ))
    }

    /// An array of numbers, which prettier fills line by line (not printed here).
    fn concise_array(&self, node: &N) -> bool {
        node.kind() == "array" && {
            let items = named_children(node);
            !items.is_empty()
                && items.iter().all(|i| {
                    i.kind() == "number"
                        || (i.kind() == "unary_expression"
                            && named_children(i)
                                .first()
                                .is_some_and(|n| n.kind() == "number"))
                })
        }
    }

    /// prettier's `printObject` for an object literal.
    fn object(&self, node: &N) -> R<Doc> {
        let props = named_children(node);
        if props.is_empty() {
            return Ok(text("{}"));
        }
        // Kept expanded when the source breaks the line after `{` (objectWrap "preserve").
        let brk = self.p.object_wrap_preserve
            && self.text[node.range().start..props[0].range().start].contains('\n');
        let mut parts = Vec::new();
        for (i, prop) in props.iter().enumerate() {
            if i > 0 {
                parts.push(text(","));
                parts.push(LINE);
                if next_line_empty(self.text, &props[i - 1]) {
                    parts.push(hardline());
                }
            }
            parts.push(group(self.property(prop)?));
        }
        let spacing = if self.p.bracket_spacing { LINE } else { SOFT };
        let comma = if self.p.es5_comma() { "," } else { "" };
        Ok(group_break(
            cat(vec![
                text("{"),
                indent(cat([vec![spacing.clone()], parts].concat())),
                if_break(text(comma), text("")),
                spacing,
                text("}"),
            ]),
            brk,
        ))
    }

    fn property(&self, prop: &N) -> R<Doc> {
        match prop.kind().as_ref() {
            "shorthand_property_identifier" => Ok(text(self.src(prop))),
            "spread_element" => {
                let [arg] = named_children(prop)[..] else {
                    return Err(Bail);
                };
                Ok(cat(vec![text("..."), self.expr(&arg)?]))
            }
            "pair" => {
                let key = prop.field("key").ok_or(Bail)?;
                let value = prop.field("value").ok_or(Bail)?;
                if !is_kind(&key, &["property_identifier", "string", "number"]) {
                    return Err(Bail);
                }
                self.assign_like(text(format!("{}:", self.src(&key))), &value, true, false)
            }
            _ => Err(Bail),
        }
    }

    /// prettier's `printArray` for an array literal.
    fn array(&self, node: &N) -> R<Doc> {
        let items = named_children(node);
        if items.is_empty() {
            return Ok(text("[]"));
        }
        if self.concise_array(node) {
            return Err(Bail);
        }
        let brk = items.len() > 1
            && items.iter().enumerate().all(|(i, item)| {
                is_kind(item, &["object", "array"])
                    && items.get(i + 1).is_none_or(|n| n.kind() == item.kind())
                    && named_children(item).len() > 1
            });
        let mut parts = Vec::new();
        for (i, item) in items.iter().enumerate() {
            parts.push(group(self.expr(item)?));
            if i + 1 < items.len() {
                parts.push(text(","));
                parts.push(LINE);
                if next_line_empty(self.text, item) {
                    parts.push(SOFT);
                }
            }
        }
        let comma = if self.p.es5_comma() { "," } else { "" };
        Ok(group_break(
            cat(vec![
                text("["),
                indent(cat([
                    vec![SOFT],
                    parts,
                    vec![if_break(text(comma), text(""))],
                ]
                .concat())),
                SOFT,
                text("]"),
            ]),
            brk,
        ))
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Layout {
    BreakAfterOperator,
    NeverBreakAfterOperator,
    Fluid,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn single() -> Prettier {
        Prettier {
            single_quote: true,
            ..Prettier::default()
        }
    }

    // The expected texts are what prettier 3.6.2 prints for the same input
    // (`--single-quote`); tests/prettier.rs runs the real prettier over the fixtures.

    #[test]
    fn a_call_whose_arguments_now_fit_hugs_its_last_object() {
        let src = "this.lambdaFunction = new AwsLambdaFunction(\n  this,\n  'lambda_function',\n  {\n    functionName: props.name,\n  },\n);";
        assert_eq!(
            print_ts_statement(&single(), src, "", "\n").unwrap(),
            "this.lambdaFunction = new AwsLambdaFunction(this, 'lambda_function', {\n  functionName: props.name,\n});"
        );
        // Indented, with CRLF line endings.
        let src = "new A(this, 'a', { b: 1 });";
        assert_eq!(
            print_ts_statement(&single(), src, "    ", "\r\n").unwrap(),
            "new A(this, 'a', { b: 1 });"
        );
    }

    #[test]
    fn arguments_break_one_a_line_when_the_hugged_head_does_not_fit() {
        let src = "this.lambdaFunctionWithAVeryLongName = new AwsLambdaFunctionWithALongName(this, 'lambda_function', {\n  functionName: props.name,\n});";
        assert_eq!(
            print_ts_statement(&single(), src, "", "\n").unwrap(),
            "this.lambdaFunctionWithAVeryLongName = new AwsLambdaFunctionWithALongName(\n  this,\n  'lambda_function',\n  {\n    functionName: props.name,\n  },\n);"
        );
    }

    #[test]
    fn objects_keep_a_break_after_the_brace_and_blank_lines_between_properties() {
        let src = "const bucket = new S3Bucket(this, 'b', {\n  bucket: 'x',\n\n  tags: { Name: 'x', Environment: props.environment, Owner: props.owner, Team: 'x' },\n});";
        assert_eq!(
            print_ts_statement(&single(), src, "", "\n").unwrap(),
            "const bucket = new S3Bucket(this, 'b', {\n  bucket: 'x',\n\n  tags: {\n    Name: 'x',\n    Environment: props.environment,\n    Owner: props.owner,\n    Team: 'x',\n  },\n});"
        );
        // A flat object that fits stays flat.
        let src = "new Instance(this, 'i', { ami: 'ami-1', options: { tokens: 'required' } });";
        assert_eq!(print_ts_statement(&single(), src, "", "\n").unwrap(), src);
    }

    #[test]
    fn a_long_string_or_member_chain_value_moves_to_the_next_line_unless_its_key_is_short() {
        let src = "new DbInstance(this, 'db', { description: 'a very long string that goes past the print width for sure yes', k: 'a very long string that goes past the print width for sure yes it does', m: props.vpcConfig.privateSubnets[0].id, x: 1 });";
        let p = Prettier {
            print_width: 60,
            trailing_comma: TrailingComma::None,
            use_tabs: true,
            ..single()
        };
        assert_eq!(
            print_ts_statement(&p, src, "", "\n").unwrap(),
            "new DbInstance(this, 'db', {\n\tdescription:\n\t\t'a very long string that goes past the print width for sure yes',\n\tk: 'a very long string that goes past the print width for sure yes it does',\n\tm: props.vpcConfig.privateSubnets[0].id,\n\tx: 1\n});"
        );
    }

    #[test]
    fn deep_nesting_makes_the_printer_give_up_not_overflow() {
        let deep = format!(
            "new A(this, 'a', {}1{});",
            "{ a: ".repeat(5000),
            " }".repeat(5000)
        );
        assert_eq!(print_ts_statement(&single(), &deep, "", "\n"), None);
        let chain = format!("new A(this, 'a', {{ a: x{} }});", ".b".repeat(5000));
        assert_eq!(print_ts_statement(&single(), &chain, "", "\n"), None);
    }

    #[test]
    fn the_printer_gives_up_on_what_it_does_not_follow() {
        for src in [
            // A rigid call that would pass the print width: prettier would break inside it.
            "new DbInstance(this, 'db', { kmsKeyId: Fn.join(',', [dataAwsKmsAliasForTheDatabaseInstanceKey.targetKeyArn]), x: 1 });",
            // Numbers are filled line by line.
            "new Foo(this, 'foo', [1, 2, 3]);",
            // Comments, functions.
            "new Foo(this, 'foo', { a: 1 /* one */ });",
            "new Foo(this, 'foo', { a: () => {\n  return 1;\n} });",
            "function f() {}",
            "a; b;",
        ] {
            assert_eq!(print_ts_statement(&single(), src, "", "\n"), None, "{src}");
        }
    }
}
