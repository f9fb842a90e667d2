//! `provider-shapes` in Python: the keyword arguments of provider constructs
//! (`S3BucketLifecycleConfiguration(self, "x", rule=[...])`) and of the provider's struct classes
//! (`S3BucketLifecycleConfigurationRule(expiration=...)`), whose names are the snake_case of the
//! TypeScript properties. jsii cannot deserialize a single struct where a list is expected (the
//! stack fails when constructed), and Python rejects an unknown keyword argument.

use super::{spelling_suggestion, wrap, META, RENAMES};
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
    let Some(shapes) = Shapes::of("aws") else {
        return;
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
                Some(p) => value(&scope, shapes, iface, key, &p.shape, &kw.value, out),
                None if iface.accepted_names().any(|n| snake(n) == key) => {}
                None if open => {}
                None => {
                    if let Some(d) = renamed(file, iface, &kwargs, kw) {
                        out.push(d);
                    } else if let Some(d) = misspelt(iface, &kwargs, kw) {
                        out.push(d);
                    }
                }
            }
        }
    }
}

/// Checks the value of property `key` of `owner`, whose shape is `shape`.
fn value(
    scope: &Scope,
    shapes: &Shapes,
    owner: &Interface,
    key: &str,
    shape: &Shape,
    value: &N,
    out: &mut Vec<Diagnostic>,
) {
    match shape {
        Shape::StructList(item) => match value.kind().as_ref() {
            "call" if names_struct(scope, value, item) => {
                out.push(wrap(value.range(), key, owner.name, item));
            }
            "dictionary" => {
                out.push(wrap(value.range(), key, owner.name, item));
                dictionary(scope, shapes, item, value, out);
            }
            "list" => {
                for el in value.children().filter(|c| c.kind() == "dictionary") {
                    dictionary(scope, shapes, item, &el, out);
                }
            }
            _ => {}
        },
        Shape::Struct(s) if value.kind() == "dictionary" => {
            dictionary(scope, shapes, s, value, out)
        }
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
fn dictionary(scope: &Scope, shapes: &Shapes, name: &str, dict: &N, out: &mut Vec<Diagnostic>) {
    let Some(iface) = shapes.interface(name) else {
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
            value(scope, shapes, iface, &key, &p.shape, &v, out);
        }
    }
}

fn has_key(kwargs: &[KeywordArgument], key: &str) -> bool {
    kwargs.iter().any(|k| k.name == key)
}

fn renamed(
    file: &ParsedFile,
    iface: &Interface,
    kwargs: &[KeywordArgument],
    kw: &KeywordArgument,
) -> Option<Diagnostic> {
    let &(_, old, ts_value, new, ts_new_value) = RENAMES
        .iter()
        .find(|(i, old, ..)| *i == iface.name && snake(old) == kw.name)?;
    let py_value = match ts_value {
        "true" => "True",
        "false" => "False",
        v => v,
    };
    let new_key = snake(new);
    if kw.value.text() != py_value || iface.property(new).is_none() || has_key(kwargs, &new_key) {
        return None;
    }
    let quote = quote_style(file);
    let new_value = ts_new_value.replace('"', &quote.to_string());
    Some(Diagnostic {
        transform: META.id,
        range: kw.node.range(),
        message: format!(
            "{} has no `{}` any more: the provider replaced `{}={py_value}` with `{new_key}={new_value}`",
            iface.name,
            snake(old),
            snake(old)
        ),
        fix: Some(Fix::safe(vec![Edit::replace(
            kw.node.range(),
            format!("{new_key}={new_value}"),
        )])),
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
