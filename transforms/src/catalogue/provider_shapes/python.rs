//! `provider-shapes` in Python: the keyword arguments of provider constructs
//! (`S3BucketLifecycleConfiguration(self, "x", rule=[...])`) and of the provider's struct classes
//! (`S3BucketLifecycleConfigurationRule(expiration=...)`), whose names are the snake_case of the
//! TypeScript properties. jsii cannot deserialize a single struct where a list is expected (the
//! stack fails when constructed), and Python rejects an unknown keyword argument.

use super::{
    removed_argument, removed_message, single_blocks_typed_as_objects, spelling_suggestion, unwrap,
    valid_when_pinned, wrap, META,
};
use crate::index::shapes::ArgumentFix;
use crate::index::shapes::{Interface, Shape, Shapes};
use crate::syntax::construct::snake;
use crate::syntax::construct::Scope;
use crate::syntax::python::{self, keyword_arguments, KeywordArgument};
use crate::syntax::N;
use crate::{Context, Diagnostic, Edit, Fix, ParsedFile};

pub(super) fn check(file: &ParsedFile, ctx: &Context, out: &mut Vec<Diagnostic>) {
    let Some(scope) = Scope::of(file, ctx.index) else {
        return;
    };
    let provider = "aws";
    let Some(shapes) = Shapes::of(provider) else {
        return;
    };
    let cx = Cx {
        file,
        ctx,
        provider,
        scope: &scope,
        shapes,
    };
    // Every call of a provider class or struct class is checked on its own: a struct call nested
    // in another is reached here too, so nothing below descends into calls.
    for call in file.of_kind("call") {
        let (Some(callee), Some(args)) = (call.field("function"), call.field("arguments")) else {
            continue;
        };
        if args.kind() != "argument_list" {
            continue;
        }
        let Some((name, _)) = scope.class_of(&callee) else {
            continue;
        };
        let Some(iface) = shapes.interface(&name).or_else(|| shapes.config_of(&name)) else {
            continue;
        };
        let open = args
            .children()
            .any(|c| c.kind() == "dictionary_splat" || c.kind() == "list_splat");
        let kwargs = keyword_arguments(&args);
        for kw in &kwargs {
            let key = kw.name.as_str();
            match iface.properties.iter().find(|p| snake(p.name) == key) {
                Some(p) => value(&cx, iface, key, &p.shape, &kw.value, out),
                None if iface.accepted_names().any(|n| snake(n) == key) => {}
                None if open => {}
                None => {
                    let camel = camel_of(key);
                    if let Some(d) = renamed(&cx, iface, &kwargs, kw, &camel) {
                        out.push(d);
                    } else if !valid_when_pinned(ctx, provider, iface, &camel) {
                        // A name the pinned provider still has is no misspelling.
                        if let Some(d) = misspelt(iface, &kwargs, kw) {
                            out.push(d);
                        }
                    }
                }
            }
        }
    }
}

/// What every call of a file is checked with.
struct Cx<'a> {
    file: &'a ParsedFile<'a>,
    ctx: &'a Context<'a>,
    provider: &'static str,
    scope: &'a Scope<'a>,
    shapes: &'static Shapes,
}

/// The camelCase property a snake_case keyword argument names (`db_name` → `dbName`).
fn camel_of(snake: &str) -> String {
    let mut out = String::with_capacity(snake.len());
    let mut upper = false;
    for c in snake.chars() {
        if c == '_' && !out.is_empty() {
            upper = true;
        } else if upper {
            out.push(c.to_ascii_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// Checks the value of property `key` of `owner`, whose shape is `shape`.
fn value(
    cx: &Cx,
    owner: &Interface,
    key: &str,
    shape: &Shape,
    value: &N,
    out: &mut Vec<Diagnostic>,
) {
    match shape {
        Shape::StructList(item) => match value.kind().as_ref() {
            "call" if names_struct(cx.scope, value, item) => {
                out.push(wrap(value.range(), key, owner.name, item));
            }
            "dictionary" => {
                out.push(wrap(value.range(), key, owner.name, item));
                dictionary(cx, item, value, out);
            }
            "list" => {
                for el in value.children().filter(|c| c.kind() == "dictionary") {
                    dictionary(cx, item, &el, out);
                }
            }
            _ => {}
        },
        Shape::Struct(s) => match value.kind().as_ref() {
            "dictionary" => dictionary(cx, s, value, out),
            "list" => {
                let items: Vec<N> = value
                    .children()
                    .filter(|c| c.is_named() && c.kind() != "comment")
                    .collect();
                let [item] = items.as_slice() else {
                    return;
                };
                let block = match item.kind().as_ref() {
                    "dictionary" => true,
                    "call" => names_struct(cx.scope, item, s),
                    _ => false,
                };
                if !block || !single_blocks_typed_as_objects(cx.ctx) {
                    return;
                }
                out.push(unwrap(
                    cx.file.text,
                    value.range(),
                    item.range(),
                    key,
                    owner.name,
                    s,
                ));
                if item.kind() == "dictionary" {
                    dictionary(cx, s, item, out);
                }
            }
            _ => {}
        },
        _ => {}
    }
}

/// Whether a call constructs the struct class `name`.
fn names_struct(scope: &Scope, call: &N, name: &str) -> bool {
    call.field("function")
        .and_then(|f| scope.class_of(&f))
        .is_some_and(|(c, _)| c == name)
}

/// A struct written as a dictionary (`{"days": 30}`): only its blocks' shapes are checked.
fn dictionary(cx: &Cx, name: &str, dict: &N, out: &mut Vec<Diagnostic>) {
    let Some(iface) = cx.shapes.interface(name) else {
        return;
    };
    for pair in dict.children().filter(|c| c.kind() == "pair") {
        let (Some(k), Some(v)) = (pair.field("key"), pair.field("value")) else {
            continue;
        };
        let Some(key) = python::string_value(&k) else {
            continue;
        };
        if let Some(p) = iface.properties.iter().find(|p| snake(p.name) == key) {
            value(cx, iface, &key, &p.shape, &v, out);
        }
    }
}

fn has_key(kwargs: &[KeywordArgument], key: &str) -> bool {
    kwargs.iter().any(|k| k.name == key)
}

/// A keyword argument the provider removed or renamed (from its upgrade guides): renamed when
/// the value keeps its meaning, reported with what to write instead otherwise.
fn renamed(
    cx: &Cx,
    iface: &Interface,
    kwargs: &[KeywordArgument],
    kw: &KeywordArgument,
    camel: &str,
) -> Option<Diagnostic> {
    let row = removed_argument(cx.ctx, cx.provider, iface, camel)?;
    let old = snake(row.old);
    let new = snake(row.new);
    let taken = has_key(kwargs, &new);
    let py = |v: &str| match v {
        "true" => "True".to_string(),
        "false" => "False".to_string(),
        v => v.replace('"', &quote_style(cx.file).to_string()),
    };
    let key = kw.node.field("name")?;
    let fix = match row.fix {
        ArgumentFix::Rename if !taken => Some(Fix::safe(vec![Edit::replace(key.range(), &new)])),
        ArgumentFix::Map { from, to } if !taken && kw.value.text() == py(from) => Some(Fix::safe(
            vec![Edit::replace(kw.node.range(), format!("{new}={}", py(to)))],
        )),
        _ => None,
    };
    let message = match row.fix {
        ArgumentFix::Map { from, to } => format!(
            "{} has no `{old}` since version {} of the provider: `{old}={}` is `{new}={}` now ({})",
            iface.name,
            row.major,
            py(from),
            py(to),
            row.source
        ),
        _ => removed_message(iface, row, &old, &new, false),
    };
    Some(Diagnostic {
        transform: META.id,
        range: if fix.is_some() && matches!(row.fix, ArgumentFix::Rename) {
            key.range()
        } else {
            kw.node.range()
        },
        message,
        fix,
    })
}

/// The quote character of the file's first string literal (`"` when it has none).
fn quote_style(file: &ParsedFile) -> char {
    file.of_kind("string")
        .next()
        .and_then(|s| python::quote_of(&s))
        .unwrap_or('"')
}

fn misspelt(
    iface: &Interface,
    kwargs: &[KeywordArgument],
    kw: &KeywordArgument,
) -> Option<Diagnostic> {
    let names: Vec<String> = iface.accepted_names().map(snake).collect();
    let best = spelling_suggestion(&kw.name, names.iter().map(String::as_str))?;
    if has_key(kwargs, best) {
        return None;
    }
    let key = kw.node.field("name")?;
    Some(Diagnostic {
        transform: META.id,
        range: key.range(),
        message: format!(
            "{} has no keyword argument `{}`; the one argument this close is `{best}`",
            iface.name, kw.name
        ),
        fix: Some(Fix::safe(vec![Edit::replace(key.range(), best)])),
    })
}
