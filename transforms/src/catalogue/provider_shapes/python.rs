//! `provider-shapes` in Python: the keyword arguments of provider constructs
//! (`S3BucketLifecycleConfiguration(self, "x", rule=[...])`) and of the provider's struct classes
//! (`S3BucketLifecycleConfigurationRule(expiration=...)`), whose names are the snake_case of the
//! TypeScript properties, and the keys of the dictionaries written for structs. jsii cannot
//! deserialize a single struct where a list is expected (the stack fails when constructed), and
//! Python rejects an unknown keyword argument.
//!
//! A dictionary is read as the bindings read it. Where the provider takes one struct
//! (`apply_server_side_encryption_by_default={...}`), the generated Python turns the dictionary
//! into the struct class (`Struct(**value)`): its keys are keyword arguments, in snake_case, and an
//! unknown one is a `TypeError`. A dictionary inside a list (`rule=[{...}]`), and everything
//! inside such a dictionary, goes to JavaScript as it is: jsii reads the camelCase keys there and
//! ignores the others (a missing required one fails). Such a dictionary is "raw" below.

use super::{
    removed_argument, removed_message, single_blocks_typed_as_objects, spelling_suggestion, unwrap,
    valid_when_pinned, wrap, META,
};
use crate::index::shapes::ArgumentFix;
use crate::index::shapes::{Interface, Shape, Shapes};
use crate::index::EntryPoint;
use crate::syntax::construct::{snake, Map, MapKind, Prop};
use crate::syntax::python::{self, keyword_arguments, Bindings};
use crate::syntax::N;
use crate::{Context, Diagnostic, Edit, Fix, ParsedFile};

/// The prefixes of the prebuilt providers' Python packages (CDKTF and CDK Terrain).
const PY_PROVIDER_PACKAGES: &[&str] = &["cdktf_cdktf_provider_", "cdktn_provider_"];

pub(super) fn check(file: &ParsedFile, ctx: &Context, out: &mut Vec<Diagnostic>) {
    let bindings = Bindings::of(file);
    if !bindings.imports_from_any(PY_PROVIDER_PACKAGES) {
        return;
    }
    // Every call of a provider class or struct class is checked on its own: a struct call nested
    // in another is reached here too, so nothing below descends into calls.
    for call in file.of_kind("call") {
        let (Some(callee), Some(args)) = (call.field("function"), call.field("arguments")) else {
            continue;
        };
        if args.kind() != "argument_list" {
            continue;
        }
        let Some((name, provider)) = class_of(ctx, bindings, &callee) else {
            continue;
        };
        let Some(shapes) = Shapes::of(provider) else {
            continue;
        };
        let Some(iface) = shapes.interface(&name).or_else(|| shapes.config_of(&name)) else {
            continue;
        };
        let cx = Cx {
            file,
            ctx,
            provider,
            bindings,
            shapes,
        };
        let entries: Vec<Entry> = keyword_arguments(&args)
            .into_iter()
            .filter_map(|kw| {
                Some(Entry {
                    key: kw.node.field("name")?,
                    name: kw.name,
                    node: kw.node,
                    value: kw.value,
                })
            })
            .collect();
        let container = Container {
            node: args,
            kind: MapKind::Args,
            raw: false,
            open: has_splat(&args),
        };
        check_entries(&cx, iface, &container, &entries, out);
    }
}

/// The provider class or struct class a callee names (`S3Bucket`, `s3_bucket.S3Bucket`,
/// `aws.s3_bucket.S3Bucket`) through the file's imports, with its provider (`aws`, `tls`, ...).
fn class_of(ctx: &Context, b: &Bindings, expr: &N) -> Option<(String, &'static str)> {
    b.qualified_names(expr).iter().find_map(|path| {
        let (module, class) = path.rsplit_once('.')?;
        let resolved = ctx.index.resolve_python(module)?;
        match resolved.entry {
            EntryPoint::Module(m) if m.exports(class) => {
                Some((class.to_string(), resolved.provider.name))
            }
            _ => None,
        }
    })
}

/// What every call of a file is checked with.
struct Cx<'a> {
    file: &'a ParsedFile<'a>,
    ctx: &'a Context<'a>,
    provider: &'static str,
    bindings: &'a Bindings,
    shapes: &'static Shapes,
}

/// A call's keyword arguments or a dictionary.
struct Container<'r> {
    node: N<'r>,
    kind: MapKind,
    /// A dictionary jsii hands to JavaScript as it is (camelCase keys).
    raw: bool,
    /// Names may come from elsewhere (`**x`, a key that is not a string literal): an unknown one
    /// may be meant for what the rest brings.
    open: bool,
}

fn has_splat(node: &N) -> bool {
    node.children()
        .any(|c| c.kind() == "dictionary_splat" || c.kind() == "list_splat")
}

/// One keyword argument (`name=value`) or dictionary entry (`"name": value`).
struct Entry<'r> {
    /// As written, without quotes.
    name: String,
    /// The keyword argument or pair.
    node: N<'r>,
    /// The argument's name or the key's string.
    key: N<'r>,
    value: N<'r>,
}

impl Entry<'_> {
    /// The edit writing `name` as this entry's name: the identifier of a keyword argument, the
    /// text between the quotes of a key (its quotes stay).
    fn rename(&self, name: &str) -> Edit {
        if self.key.kind() == "string" {
            let r = self.key.range();
            Edit::replace(r.start + 1..r.end - 1, name)
        } else {
            Edit::replace(self.key.range(), name)
        }
    }
}

/// How `container` spells the property `camel`: snake_case for keyword arguments and the
/// dictionaries the bindings turn into struct classes, camelCase in a raw dictionary.
fn spelt(container: &Container, camel: &str) -> String {
    if container.raw {
        camel.to_string()
    } else {
        snake(camel)
    }
}

/// Whether `written` names the property `camel` in `container`. A raw dictionary's snake_case
/// key is taken as its property too: jsii ignores it, but it is no misspelling.
fn names(container: &Container, camel: &str, written: &str) -> bool {
    snake(camel) == written || (container.raw && camel == written)
}

fn check_entries(
    cx: &Cx,
    iface: &Interface,
    container: &Container,
    entries: &[Entry],
    out: &mut Vec<Diagnostic>,
) {
    let open = container.open;
    for e in entries {
        let key = e.name.as_str();
        match iface
            .properties
            .iter()
            .find(|p| names(container, p.name, key))
        {
            Some(p) => value(cx, iface, key, &p.shape, &e.value, container.raw, out),
            None if iface.accepted_names().any(|n| names(container, n, key)) => {}
            None if open => {}
            None => {
                let camel = camel_of(key);
                if let Some(d) = renamed(cx, iface, container, entries, e, &camel) {
                    out.push(d);
                } else if !valid_when_pinned(cx.ctx, cx.provider, iface, &camel) {
                    // A name the pinned provider still has is no misspelling.
                    if let Some(d) = misspelt(iface, container, entries, e) {
                        out.push(d);
                    }
                }
            }
        }
    }
}

/// The camelCase property a snake_case keyword argument names (`db_name` → `dbName`); a
/// camelCase key stays as it is.
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

/// Checks the value of property `key` of `owner`, whose shape is `shape`; `raw`: the entry is in
/// a raw dictionary.
fn value(
    cx: &Cx,
    owner: &Interface,
    key: &str,
    shape: &Shape,
    value: &N,
    raw: bool,
    out: &mut Vec<Diagnostic>,
) {
    match shape {
        Shape::StructList(item) => match value.kind().as_ref() {
            "call" if names_struct(cx, value, item) => {
                out.push(wrap(value.range(), key, owner.name, item));
            }
            "dictionary" => {
                out.push(wrap(value.range(), key, owner.name, item));
                // Once in its list, the dictionary goes to JavaScript as it is.
                dictionary(cx, item, value, true, out);
            }
            "list" => {
                for el in value.children().filter(|c| c.kind() == "dictionary") {
                    dictionary(cx, item, &el, true, out);
                }
            }
            _ => {}
        },
        Shape::Struct(s) => match value.kind().as_ref() {
            "dictionary" => dictionary(cx, s, value, raw, out),
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
                    "call" => names_struct(cx, item, s),
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
                    // Read as it will be once unwrapped.
                    dictionary(cx, s, item, raw, out);
                }
            }
            _ => {}
        },
        _ => {}
    }
}

/// Whether a call constructs the struct class `name`.
fn names_struct(cx: &Cx, call: &N, name: &str) -> bool {
    call.field("function")
        .and_then(|f| class_of(cx.ctx, cx.bindings, &f))
        .is_some_and(|(c, _)| c == name)
}

/// A struct written as a dictionary (`{"days": 30}`): its string keys are checked as keyword
/// arguments are, in the spelling the bindings read there (`raw`: camelCase).
fn dictionary(cx: &Cx, name: &str, dict: &N, raw: bool, out: &mut Vec<Diagnostic>) {
    let Some(iface) = cx.shapes.interface(name) else {
        return;
    };
    let mut entries = Vec::new();
    let mut open = has_splat(dict);
    for pair in dict.children().filter(|c| c.kind() == "pair") {
        let (Some(k), Some(v)) = (pair.field("key"), pair.field("value")) else {
            continue;
        };
        // A key that is not a plain string literal (a variable, an f-string) may be any name.
        let Some(key) = python::string_value(&k) else {
            open = true;
            continue;
        };
        entries.push(Entry {
            name: key,
            node: pair,
            key: k,
            value: v,
        });
    }
    let container = Container {
        node: *dict,
        kind: MapKind::Dict,
        raw,
        open,
    };
    check_entries(cx, iface, &container, &entries, out);
}

fn has_key(container: &Container, entries: &[Entry], camel: &str) -> bool {
    entries.iter().any(|e| names(container, camel, &e.name))
}

/// An argument or key the provider removed or renamed (from its upgrade guides): renamed when
/// the value keeps its meaning, removed when the provider computes it now, reported with what
/// to write instead otherwise.
fn renamed(
    cx: &Cx,
    iface: &Interface,
    container: &Container,
    entries: &[Entry],
    e: &Entry,
    camel: &str,
) -> Option<Diagnostic> {
    let row = removed_argument(cx.ctx, cx.provider, iface, camel)?;
    let old = spelt(container, row.old);
    let new = spelt(container, row.new);
    let taken = has_key(container, entries, row.new);
    let quote = match e.key.kind().as_ref() {
        "string" => python::quote_of(&e.key),
        _ => None,
    }
    .unwrap_or_else(|| python::quote_style(cx.file));
    let py = |v: &str| match v {
        "true" => "True".to_string(),
        "false" => "False".to_string(),
        v => v.replace('"', &quote.to_string()),
    };
    let entry = |value: &str| match container.kind {
        MapKind::Dict => format!("{quote}{new}{quote}: {value}"),
        _ => format!("{new}={value}"),
    };
    let fix = match row.fix {
        ArgumentFix::Rename if !taken => Some(Fix::safe(vec![e.rename(&new)])),
        ArgumentFix::Map { from, to } if !taken && e.value.text() == py(from) => Some(Fix::safe(
            vec![Edit::replace(e.node.range(), entry(&py(to)))],
        )),
        ArgumentFix::Drop => {
            let map = Map {
                kind: container.kind,
                node: container.node,
            };
            let prop = Prop {
                key: e.name.clone(),
                node: e.node,
                value: e.value,
            };
            Some(Fix::safe(vec![map.remove(cx.file.text, &prop)]))
        }
        _ => None,
    };
    let written = |v: &str| match container.kind {
        MapKind::Dict => format!("{quote}{old}{quote}: {v}"),
        _ => format!("{old}={v}"),
    };
    let message = match row.fix {
        ArgumentFix::Map { from, to } => format!(
            "{} has no `{old}` since version {} of the provider: `{}` is `{}` now ({})",
            iface.name,
            row.major,
            written(&py(from)),
            entry(&py(to)),
            row.source
        ),
        _ => removed_message(iface, row, &old, &new, container.raw),
    };
    Some(Diagnostic {
        transform: META.id,
        range: if fix.is_some() && matches!(row.fix, ArgumentFix::Rename) {
            e.key.range()
        } else {
            e.node.range()
        },
        message,
        fix,
    })
}

fn misspelt(
    iface: &Interface,
    container: &Container,
    entries: &[Entry],
    e: &Entry,
) -> Option<Diagnostic> {
    // A raw dictionary's key is compared in camelCase (a snake_case misspelling too: the name
    // written is the one jsii reads), the rest in snake_case.
    let (written, names): (String, Vec<String>) = if container.raw {
        (
            camel_of(&e.name),
            iface.accepted_names().map(str::to_string).collect(),
        )
    } else {
        (e.name.clone(), iface.accepted_names().map(snake).collect())
    };
    // A camelCase key where the bindings make the struct class: its keyword argument, whatever
    // the distance.
    let snaked = snake(&e.name);
    let converted = (!container.raw && snaked != e.name)
        .then(|| names.iter().find(|n| **n == snaked))
        .flatten();
    let best = match converted {
        Some(n) => n.as_str(),
        None => spelling_suggestion(&written, names.iter().map(String::as_str))?,
    };
    let camel = camel_of(best);
    if has_key(container, entries, &camel) {
        return None;
    }
    let what = match container.kind {
        MapKind::Dict => "key",
        _ => "keyword argument",
    };
    let message = if converted.is_some() {
        format!(
            "the bindings make this dictionary a {}, whose keyword arguments are snake_case: `{}` is `{best}`",
            iface.name, e.name
        )
    } else {
        format!(
            "{} has no {what} `{}`; the one {} this close is `{best}`",
            iface.name,
            e.name,
            if container.raw {
                "property"
            } else {
                "argument"
            }
        )
    };
    Some(Diagnostic {
        transform: META.id,
        range: e.key.range(),
        message,
        fix: Some(Fix::safe(vec![e.rename(best)])),
    })
}
