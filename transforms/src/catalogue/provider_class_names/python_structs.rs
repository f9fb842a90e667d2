//! `provider-class-names` for Python: fixes for the structs the bindings never generate
//! ([`never_generated_place`]), imported by name from a provider module (`from
//! cdktf_cdktf_provider_aws.wafv2_web_acl import Wafv2WebAclRuleStatement`). The import fails,
//! so no run of the file exists; what the calls say is read from the shapes:
//! - below a property typed `any` (`Wafv2WebAclRule.statement`): a call with keyword arguments
//!   only is the plain dict of them (`X(limit=2000)` → `{"limit": 2000}`), nested such calls
//!   too; the bindings pass that value to the Terraform JSON with its keys as they are, and
//!   Python's keyword names are the Terraform attribute names;
//! - a block the owner does not have, whose word starts flat properties of it
//!   (`stream_specification=DynamodbTableStreamSpecification(stream_enabled=True, ...)` given to
//!   `DynamodbTable`): its keyword arguments, when each is one of those flat properties, move
//!   to the owner's call (`stream_enabled=True, ...`);
//! - a name the file never uses: dropped from its import.
//!
//! A name is fixed only when every use of it is fixed, and it is then dropped from its import
//! (the whole statement when nothing is left); otherwise it is reported as before.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use super::{never_generated_place, NeverGenerated};
use crate::index::{aliases, EntryPoint, Provider, Use};
use crate::syntax::python::{self, Bindings, Import, ImportName};
use crate::syntax::N;
use crate::{Context, Edit, Fix, ParsedFile};

/// What a fix does to one never-generated name.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Action {
    /// Its calls become dicts (below an `any` property).
    Dict,
    /// Its calls' keyword arguments move to the owner's call (a block the owner does not have).
    Flatten,
    /// Unused: only dropped from its import.
    Drop,
}

/// One never-generated name imported from a provider module.
struct Candidate<'f, 'i> {
    import: &'i Import<'f>,
    name: &'i ImportName<'f>,
    action: Action,
    /// The calls of its local name (every use of it).
    calls: Vec<N<'f>>,
}

/// The fixes of the never-generated names of `file`, by the start of the imported name's node
/// (one fix shared by all of them: the calls nest and the import statements are shared), each
/// with the words the finding's message gains.
pub(super) fn fixes(
    file: &ParsedFile,
    ctx: &Context,
    imports: &[Import],
    refs: &[N],
) -> HashMap<usize, (Fix, &'static str)> {
    let mut out = HashMap::new();
    let mut candidates: Vec<Candidate> = Vec::new();
    for imp in imports.iter().filter(|i| i.from && !i.wildcard) {
        let Some(pkg) = ctx.index.resolve_python(&imp.module) else {
            continue;
        };
        let EntryPoint::Module(module) = pkg.entry else {
            continue;
        };
        for n in &imp.names {
            let name = n.name.as_str();
            if name.contains('.')
                || module.exports(name)
                || pkg.provider.modules_exporting(name).next().is_some()
                || !aliases::candidates(pkg.provider, name, Use::Type).is_empty()
            {
                continue;
            }
            let Some(place) = never_generated_place(pkg.provider, name) else {
                continue;
            };
            let local = n.local();
            let uses: Vec<&N> = refs.iter().filter(|r| r.text() == local.as_str()).collect();
            let calls: Option<Vec<N>> = uses
                .iter()
                .map(|r| {
                    let call = r.parent().filter(|p| {
                        p.kind() == "call"
                            && p.field("function").is_some_and(|f| f.range() == r.range())
                    })?;
                    keyword_only(&call).then_some(call)
                })
                .collect();
            let Some(calls) = calls else {
                continue;
            };
            let action = match &place {
                _ if calls.is_empty() => Action::Drop,
                NeverGenerated::Plain { any: true, .. } => Action::Dict,
                NeverGenerated::Flat {
                    owner,
                    missing,
                    flat,
                } => {
                    let flat: Vec<String> = flat.iter().map(|p| snake(p)).collect();
                    let fits = calls.iter().all(|c| {
                        flattens(
                            file,
                            ctx,
                            pkg.provider,
                            c,
                            owner.name,
                            &snake(missing),
                            &flat,
                        )
                    });
                    if !fits {
                        continue;
                    }
                    Action::Flatten
                }
                NeverGenerated::Plain { .. } | NeverGenerated::NoBlock { .. } => continue,
            };
            candidates.push(Candidate {
                import: imp,
                name: n,
                action,
                calls,
            });
        }
    }
    // A value that is a call of another provider name (a generated struct) would cross into the
    // `any` value as an object with its camelCase property names: a call holding one is not
    // made a dict, and then neither is one holding that call.
    let bindings = Bindings::of(file);
    loop {
        let group: HashSet<String> = candidates.iter().map(|c| c.name.local()).collect();
        let before = candidates.len();
        candidates.retain(|c| {
            c.action != Action::Dict
                || c.calls.iter().all(|call| {
                    call.field("arguments").is_none_or(|args| {
                        args.dfs().filter(|d| d.kind() == "call").all(|inner| {
                            let Some(f) = inner.field("function") else {
                                return true;
                            };
                            group.contains(f.text().as_ref() as &str)
                                || !bindings.qualified_names(&f).iter().any(|p| {
                                    p.rsplit_once('.')
                                        .is_some_and(|(m, _)| ctx.index.resolve_python(m).is_some())
                                })
                        })
                    })
                })
        });
        if candidates.len() == before {
            break;
        }
    }
    // The imports: a name is fixed only when its import can drop it.
    let mut edits: Vec<Edit> = Vec::new();
    let mut by_import: Vec<(&Import, Vec<&Candidate>)> = Vec::new();
    for c in &candidates {
        match by_import
            .iter_mut()
            .find(|(i, _)| i.node.range() == c.import.node.range())
        {
            Some((_, cs)) => cs.push(c),
            None => by_import.push((c.import, vec![c])),
        }
    }
    let mut fixed: Vec<&Candidate> = Vec::new();
    for (imp, cs) in by_import {
        let drop: Vec<&ImportName> = cs.iter().map(|c| c.name).collect();
        if let Some(e) = import_edits(file, imp, &drop) {
            edits.extend(e);
            fixed.extend(cs);
        }
    }
    if fixed.is_empty() {
        return out;
    }
    let quote = python::quote_style(file);
    let text = file.text;
    let nl = file.newline();
    let mut call_edits = Vec::new();
    for c in &fixed {
        for call in &c.calls {
            match c.action {
                Action::Dict => call_edits.extend(dict_edits(call, quote)),
                Action::Flatten => call_edits.extend(flatten_edits(text, nl, call)),
                Action::Drop => {}
            }
        }
    }
    edits.extend(python::black_edits(ctx.style, file, call_edits));
    let fix = Fix::safe(edits);
    for c in &fixed {
        let words = match c.action {
            Action::Dict => "; fixed: the call becomes the plain dict of its keyword arguments, as the bindings pass it on",
            Action::Flatten => "; fixed: its keyword arguments become the owner's",
            Action::Drop => "; fixed: the file does not use it, the import drops it",
        };
        out.insert(c.name.name_node.range().start, (fix.clone(), words));
    }
    out
}

/// The fix of a never-generated struct below an `any` property reached through its module
/// (`wafv2_web_acl.Wafv2WebAclRuleStatement(...)`, `aws.wafv2_web_acl.X(...)`; `member` is that
/// attribute): its call, with keyword arguments only, becomes the dict of them, when every call
/// of a provider name in its arguments is such a call too (each has its own fix). The module
/// stays imported: nothing else changes.
pub(super) fn member_call_fix(file: &ParsedFile, ctx: &Context, member: &N) -> Option<Fix> {
    let call = member.parent().filter(|p| {
        p.kind() == "call"
            && p.field("function")
                .is_some_and(|f| f.range() == member.range())
    })?;
    if !plain_member_call(file, ctx, &call) {
        return None;
    }
    let quote = python::quote_style(file);
    Some(Fix::safe(python::black_edits(
        ctx.style,
        file,
        dict_edits(&call, quote),
    )))
}

/// Whether `call` is `module.Name(...)` of a struct the bindings never generate below an `any`
/// property, with keyword arguments only, every call of a provider name in them such a call too.
fn plain_member_call(file: &ParsedFile, ctx: &Context, call: &N) -> bool {
    let Some(function) = call.field("function") else {
        return false;
    };
    if function.kind() != "attribute" || !keyword_only(call) {
        return false;
    }
    let bindings = Bindings::of(file);
    let below_any = bindings.qualified_names(&function).iter().any(|path| {
        let Some((module, name)) = path.rsplit_once('.') else {
            return false;
        };
        let Some(pkg) = ctx.index.resolve_python(module) else {
            return false;
        };
        pkg.provider.modules_exporting(name).next().is_none()
            && aliases::candidates(pkg.provider, name, Use::Type).is_empty()
            && matches!(
                never_generated_place(pkg.provider, name),
                Some(NeverGenerated::Plain { any: true, .. })
            )
    });
    let Some(args) = call.field("arguments") else {
        return false;
    };
    below_any
        && args
            .dfs()
            .filter(|d| d.kind() == "call" && d.range() != call.range())
            .all(|inner| {
                let provider_call = inner.field("function").is_some_and(|f| {
                    bindings.qualified_names(&f).iter().any(|p| {
                        p.rsplit_once('.')
                            .is_some_and(|(m, _)| ctx.index.resolve_python(m).is_some())
                    })
                });
                !provider_call || plain_member_call(file, ctx, &inner)
            })
}

/// `camelCase` → `snake_case`, as the Python bindings spell a property.
fn snake(name: &str) -> String {
    super::Spelling::Python.property(name)
}

/// Whether a call has keyword arguments only, each a plain snake_case name as the bindings
/// spell a Terraform attribute (no `*args`, `**kwargs`, positional argument, no trailing `_`
/// of a name escaped from a Python keyword).
fn keyword_only(call: &N) -> bool {
    let Some(args) = call.field("arguments") else {
        return false;
    };
    if args.kind() != "argument_list" {
        return false;
    }
    args.children()
        .filter(|a| a.is_named())
        .all(|a| match a.kind().as_ref() {
            "comment" => true,
            "keyword_argument" => a.field("name").is_some_and(|n| {
                let t = n.text();
                t.starts_with(|c: char| c.is_ascii_lowercase())
                    && !t.ends_with('_')
                    && t.chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
            }),
            _ => false,
        })
}

/// Whether `call` (of a block `missing` that `owner` does not have) is the value of the keyword
/// argument `missing` of a call of the class whose config is `owner` (or of the struct
/// `owner`), from `provider`'s bindings, and each of its keyword arguments is one of the
/// owner's `flat` properties the owner's call does not give already, with no comment to lose.
fn flattens(
    file: &ParsedFile,
    ctx: &Context,
    provider: &Provider,
    call: &N,
    owner: &str,
    missing: &str,
    flat: &[String],
) -> bool {
    let Some(kw) = call.parent().filter(|p| {
        p.kind() == "keyword_argument"
            && p.field("value").is_some_and(|v| v.range() == call.range())
            && p.field("name").is_some_and(|n| n.text() == missing)
    }) else {
        return false;
    };
    let Some(outer) = kw
        .parent()
        .filter(|a| a.kind() == "argument_list")
        .and_then(|a| a.parent())
        .filter(|c| c.kind() == "call")
    else {
        return false;
    };
    let Some(function) = outer.field("function") else {
        return false;
    };
    let Some(shapes) = crate::index::shapes::Shapes::of(provider.name) else {
        return false;
    };
    let package = provider.family.python_package(provider.name);
    let is_owner = Bindings::of(file)
        .qualified_names(&function)
        .iter()
        .any(|path| {
            let Some((module, class)) = path.rsplit_once('.') else {
                return false;
            };
            module.starts_with(&format!("{package}."))
                && ctx.index.resolve_python(module).is_some()
                && (class == owner || shapes.config_of(class).is_some_and(|c| c.name == owner))
        });
    if !is_owner {
        return false;
    }
    let Some(args) = call.field("arguments") else {
        return false;
    };
    let inner: Vec<String> = python::keyword_arguments(&args)
        .into_iter()
        .map(|k| k.name)
        .collect();
    let given: Vec<String> = outer
        .field("arguments")
        .map(|a| {
            python::keyword_arguments(&a)
                .into_iter()
                .map(|k| k.name)
                .collect()
        })
        .unwrap_or_default();
    !inner.is_empty()
        && inner.iter().all(|k| flat.contains(k) && !given.contains(k))
        && !args.dfs().any(|d| d.kind() == "comment")
}

/// The edits making `call` (keyword arguments only) the dict of them: `X(` → `{`, `)` → `}`,
/// `name=` → `"name": `, everything else (values, commas, line breaks, comments) kept.
fn dict_edits(call: &N, quote: char) -> Vec<Edit> {
    let (Some(function), Some(args)) = (call.field("function"), call.field("arguments")) else {
        return Vec::new();
    };
    let mut edits = Vec::new();
    for c in args.children() {
        match c.kind().as_ref() {
            "(" => edits.push(Edit::replace(function.range().start..c.range().end, "{")),
            ")" => edits.push(Edit::replace(c.range(), "}")),
            "keyword_argument" => {
                if let (Some(name), Some(value)) = (c.field("name"), c.field("value")) {
                    edits.push(Edit::replace(
                        name.range().start..value.range().start,
                        format!("{quote}{}{quote}: ", name.text()),
                    ));
                }
            }
            _ => {}
        }
    }
    edits
}

/// The edits moving the keyword arguments of `call`, the value of `missing=` in its owner's
/// call, into the owner's call: `missing=X(` up to the first argument and the rest after the
/// last argument are deleted; a line break between two arguments takes the indentation of
/// `missing=`.
fn flatten_edits(text: &str, nl: &str, call: &N) -> Vec<Edit> {
    let (Some(kw), Some(args)) = (call.parent(), call.field("arguments")) else {
        return Vec::new();
    };
    let kws = python::keyword_arguments(&args);
    let (Some(first), Some(last)) = (kws.first(), kws.last()) else {
        return Vec::new();
    };
    let indent = crate::syntax::indent_at(text, kw.range().start);
    let mut edits = vec![Edit::replace(
        kw.range().start..first.node.range().start,
        "",
    )];
    for pair in kws.windows(2) {
        let between: Range<usize> = pair[0].node.range().end..pair[1].node.range().start;
        if text[between.clone()].contains('\n') {
            edits.push(Edit::replace(between, format!(",{nl}{indent}")));
        }
    }
    edits.push(Edit::replace(last.node.range().end..call.range().end, ""));
    edits
}

/// The edits dropping `drop` from the import statement `imp`: the whole statement's lines when
/// nothing is left; a name alone on its line (a parenthesised list) with its line; otherwise
/// the names left, joined by `, `, in place of the list. `None` when that would lose a comment.
fn import_edits(file: &ParsedFile, imp: &Import, drop: &[&ImportName]) -> Option<Vec<Edit>> {
    let text = file.text;
    let dropped = |n: &ImportName| drop.iter().any(|d| d.node.range() == n.node.range());
    let line_of = |r: Range<usize>| {
        let start = text[..r.start].rfind('\n').map_or(0, |i| i + 1);
        let end = text[r.end..]
            .find('\n')
            .map_or(text.len(), |i| r.end + i + 1);
        start..end
    };
    if imp.names.iter().all(dropped) {
        let stmt = imp.node.range();
        let line = line_of(stmt.clone());
        let before = &text[line.start..stmt.start];
        let after = text[stmt.end..line.end].trim();
        if !before.trim().is_empty() || !(after.is_empty() || after.starts_with('#')) {
            return None;
        }
        // The only statement of its block (`try:`, `if TYPE_CHECKING:`): the block would be
        // left empty.
        let alone_in_block = imp.node.parent().is_some_and(|b| {
            b.kind() == "block"
                && b.children()
                    .filter(|c| c.is_named() && c.kind() != "comment")
                    .count()
                    == 1
        });
        if alone_in_block {
            return None;
        }
        // With its line, or alone when a comment follows it on the line (the comment stays).
        return Some(vec![Edit::delete(crate::syntax::removal_with_line(
            text, stmt,
        ))]);
    }
    // Each dropped name alone on its line (`    Name,`): the line goes.
    let alone: Option<Vec<Edit>> = drop
        .iter()
        .map(|d| {
            let r = d.node.range();
            let line = line_of(r.clone());
            let mut rest = text[r.end..line.end].trim_start();
            rest = rest.strip_prefix(',').unwrap_or(rest);
            (text[line.start..r.start].trim().is_empty() && rest.trim().is_empty())
                .then(|| Edit::replace(line, ""))
        })
        .collect();
    if let Some(edits) = alone {
        return Some(edits);
    }
    let first = imp.names.first()?.node.range().start;
    let last = imp.names.last()?.node.range().end;
    if imp
        .node
        .dfs()
        .any(|n| n.kind() == "comment" && n.range().start >= first && n.range().end <= last)
    {
        return None;
    }
    let kept: Vec<String> = imp
        .names
        .iter()
        .filter(|n| !dropped(n))
        .map(|n| {
            n.node
                .text()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    Some(vec![Edit::replace(first..last, kept.join(", "))])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Lang;

    /// `src` with the names `drop` dropped from its first import, as [`import_edits`] does it.
    fn dropped(src: &str, drop: &[&str]) -> Option<String> {
        let file = ParsedFile::parse(Lang::Python, src);
        let imports = python::imports_of(&file);
        let imp = &imports[0];
        let names: Vec<&ImportName> = imp
            .names
            .iter()
            .filter(|n| drop.contains(&n.name.as_str()))
            .collect();
        let mut edits = import_edits(&file, imp, &names)?;
        edits.sort_by_key(|e| std::cmp::Reverse(e.range.start));
        let mut out = src.to_string();
        for e in edits {
            out.replace_range(e.range, &e.text);
        }
        Some(out)
    }

    #[test]
    fn names_leave_their_import() {
        let m = "from cdktf_cdktf_provider_aws.wafv2_web_acl import";
        assert_eq!(
            dropped(&format!("{m} A, B, C as D\nx = 1\n"), &["B"]).unwrap(),
            format!("{m} A, C as D\nx = 1\n")
        );
        assert_eq!(
            dropped(&format!("{m} A, B\nx = 1\n"), &["A", "B"]).unwrap(),
            "x = 1\n"
        );
        // One a line: the lines go.
        assert_eq!(
            dropped(&format!("{m} (\n    A,\n    B,\n    C,\n)\n"), &["B", "C"]).unwrap(),
            format!("{m} (\n    A,\n)\n")
        );
        // Several a line: the names left, joined.
        assert_eq!(
            dropped(&format!("{m} (\n    A, B,\n    C,\n)\n"), &["B"]).unwrap(),
            format!("{m} (\n    A, C,\n)\n")
        );
        // A comment among them would be lost: no edit.
        assert_eq!(
            dropped(&format!("{m} (\n    A, B,  # b\n    C,\n)\n"), &["B"]),
            None
        );
        // The only statement of its block: no edit.
        assert_eq!(
            dropped(
                &format!("try:\n    {m} A\nexcept ImportError:\n    pass\n"),
                &["A"]
            ),
            None
        );
        // A statement sharing its line: no edit.
        assert_eq!(dropped(&format!("{m} A; x = 1\n"), &["A"]), None);
        // A comment after the statement stays; the last line without a final newline goes with
        // the line break before it.
        assert_eq!(
            dropped(&format!("x = 1\n{m} A  # the WAF rules\ny = 2\n"), &["A"]).unwrap(),
            "x = 1\n  # the WAF rules\ny = 2\n"
        );
        assert_eq!(dropped(&format!("x = 1\n{m} A"), &["A"]).unwrap(), "x = 1");
    }

    #[test]
    fn only_snake_case_keyword_calls_are_plain() {
        let plain = |src: &str| {
            let file = ParsedFile::parse(Lang::Python, src);
            let call = file.of_kind("call").next().unwrap();
            keyword_only(&call)
        };
        assert!(plain("X(limit=2000, aggregate_key_type='IP')\n"));
        assert!(plain("X()\n"));
        assert!(plain("X(\n    a=1,  # one\n)\n"));
        assert!(!plain("X(1, a=2)\n"));
        assert!(!plain("X(**kw)\n"));
        assert!(!plain("X(*args)\n"));
        assert!(!plain("X(aggregateKeyType='IP')\n"));
        assert!(!plain("X(lambda_=1)\n"));
        assert!(!plain("X(a for a in b)\n"));
    }
}
