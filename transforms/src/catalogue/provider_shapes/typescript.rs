//! `provider-shapes` in TypeScript: the configuration objects of provider constructs and the
//! object literals annotated with a provider interface (`const rule: X = { ... }`).

use super::{
    removed_argument, removed_message, single_blocks_typed_as_objects, spelling_suggestion, unwrap,
    valid_when_pinned, wrap, META,
};
use crate::index::shapes::ArgumentFix;
use crate::index::shapes::{Interface, Shape, Shapes};
use crate::index::Provider;
use crate::syntax::construct::{Map, MapKind, Prop};
use crate::syntax::ts::{self, Binding, ProviderScope};
use crate::syntax::N;
use crate::{Context, Diagnostic, Edit, Fix, ParsedFile};

pub(super) fn check(file: &ParsedFile, ctx: &Context, out: &mut Vec<Diagnostic>) {
    let scope = file.provider_scope(ctx.index);
    if scope.bindings.is_empty() {
        return;
    }
    for (ctor, config) in ts::constructions(file) {
        let Some(class) = scope.class_of(&ctor) else {
            continue;
        };
        let Some(provider) = provider_of(scope, &ctor) else {
            continue;
        };
        let Some(shapes) = Shapes::of(provider.name) else {
            continue;
        };
        let Some(iface) = shapes.config_of(&class) else {
            continue;
        };
        let cx = Cx {
            file,
            ctx,
            provider: provider.name,
            shapes,
        };
        check_object(&cx, iface, &config, out);
    }
    // `const rule: S3BucketLifecycleConfigurationRule = { ... }` (or `X[] = [{ ... }]`).
    for decl in file.of_kind("variable_declarator") {
        let (Some(ty), Some(value)) = (decl.field("type"), decl.field("value")) else {
            continue;
        };
        let Some(ty) = ty.children().find(|c| c.is_named()) else {
            continue;
        };
        let (ty, objects) = match (ty.kind().as_ref(), value.kind().as_ref()) {
            ("array_type", "array") => match ty.children().find(|c| c.is_named()) {
                Some(item) => (
                    item,
                    value.children().filter(|c| c.kind() == "object").collect(),
                ),
                None => continue,
            },
            (_, "object") => (ty, vec![value]),
            _ => continue,
        };
        let Some((name, provider)) = provider_type(scope, &ty) else {
            continue;
        };
        let Some(iface) = Shapes::of(provider.name).and_then(|s| s.interface(&name)) else {
            continue;
        };
        let cx = Cx {
            file,
            ctx,
            provider: provider.name,
            shapes: Shapes::of(provider.name).expect("checked above"),
        };
        for object in objects {
            check_object(&cx, iface, &object, out);
        }
    }
}

/// The provider interface a type annotation names (`S3BucketLifecycleConfigurationRule`,
/// `mod.X`, `aws.mod.X`) through the file's provider imports, and its provider.
fn provider_type<'i>(scope: &ProviderScope<'i>, ty: &N) -> Option<(String, &'i Provider)> {
    match ty.kind().as_ref() {
        "type_identifier" => match scope.bindings.get(ty.text().as_ref())? {
            (Binding::Name(p, _), imported) => Some((imported.clone(), p.provider)),
            _ => None,
        },
        "nested_type_identifier" => {
            let (module, name) = ts::qualified_parts(ty)?;
            let base = match module.kind().as_ref() {
                "identifier" => match scope.bindings.get(module.text().as_ref())? {
                    (Binding::Module(p, _), _) => p,
                    _ => return None,
                },
                "nested_identifier" => {
                    let (base, _) = ts::qualified_parts(&module)?;
                    match scope.bindings.get(base.text().as_ref())? {
                        (Binding::Package(p), _) if base.kind() == "identifier" => p,
                        _ => return None,
                    }
                }
                _ => return None,
            };
            Some((name.text().to_string(), base.provider))
        }
        _ => None,
    }
}

/// The provider a constructor expression's leftmost name was imported from.
fn provider_of<'i>(scope: &ProviderScope<'i>, expr: &N) -> Option<&'i Provider> {
    let mut base = *expr;
    while base.kind() == "member_expression" {
        base = ts::qualified_parts(&base)?.0;
    }
    if base.kind() != "identifier" {
        return None;
    }
    match scope.bindings.get(base.text().as_ref())?.0 {
        Binding::Package(p) | Binding::Module(p, _) | Binding::Name(p, _) => Some(p.provider),
    }
}

/// What every object of a file is checked with.
struct Cx<'a> {
    file: &'a ParsedFile<'a>,
    ctx: &'a Context<'a>,
    provider: &'static str,
    shapes: &'static Shapes,
}

fn check_object(cx: &Cx, iface: &Interface, object: &N, out: &mut Vec<Diagnostic>) {
    let props = ts::properties(object);
    let open = ts::has_spread(object);
    for prop in &props {
        match iface.property(&prop.key) {
            Some(p) => match &p.shape {
                Shape::StructList(item) => match prop.value.kind().as_ref() {
                    "object" => {
                        out.push(wrap(prop.value.range(), &prop.key, iface.name, item));
                        recurse(cx, item, &prop.value, out);
                    }
                    "array" => {
                        for el in prop.value.children().filter(|c| c.kind() == "object") {
                            recurse(cx, item, &el, out);
                        }
                    }
                    _ => {}
                },
                Shape::Struct(s) => match prop.value.kind().as_ref() {
                    "object" => recurse(cx, s, &prop.value, out),
                    "array" => {
                        let items: Vec<N> = prop
                            .value
                            .children()
                            .filter(|c| c.is_named() && c.kind() != "comment")
                            .collect();
                        if let [item] = items.as_slice() {
                            if item.kind() == "object" && single_blocks_typed_as_objects(cx.ctx) {
                                out.push(unwrap(
                                    cx.file.text,
                                    prop.value.range(),
                                    item.range(),
                                    &prop.key,
                                    iface.name,
                                    s,
                                ));
                                recurse(cx, s, item, out);
                            }
                        }
                    }
                    _ => {}
                },
                _ => {}
            },
            None if iface.accepted_names().any(|n| n == prop.key) => {}
            None if open => {}
            None => {
                if let Some(d) = renamed(cx, iface, object, &props, prop) {
                    out.push(d);
                } else if !valid_when_pinned(cx.ctx, cx.provider, iface, &prop.key) {
                    // A name the pinned provider still has is no misspelling.
                    if let Some(d) = misspelt(cx, iface, &props, prop) {
                        out.push(d);
                    } else if let Some(d) = unwrapped(cx.file.text, iface, &props, prop) {
                        out.push(d);
                    }
                }
            }
        }
    }
}

fn recurse(cx: &Cx, name: &str, object: &N, out: &mut Vec<Diagnostic>) {
    if let Some(iface) = cx.shapes.interface(name) {
        check_object(cx, iface, object, out);
    }
}

fn has_key(props: &[ts::Property], key: &str) -> bool {
    props.iter().any(|p| p.key == key)
}

/// A property the provider removed or renamed (from its upgrade guides): renamed when the value
/// keeps its meaning, reported with what to write instead otherwise.
fn renamed(
    cx: &Cx,
    iface: &Interface,
    object: &N,
    props: &[ts::Property],
    prop: &ts::Property,
) -> Option<Diagnostic> {
    let row = removed_argument(cx.ctx, cx.provider, iface, &prop.key)?;
    let key = prop.pair.field("key")?;
    let taken = has_key(props, row.new);
    let fix = match row.fix {
        ArgumentFix::Rename if !taken => {
            let range = match key.kind().as_ref() {
                "property_identifier" => key.range(),
                "string" => key.range().start + 1..key.range().end - 1,
                _ => return None,
            };
            Some(Fix::safe(vec![Edit::replace(range, row.new)]))
        }
        ArgumentFix::Map { from, to } if !taken && prop.value.text() == from => {
            let to = if uses_single_quotes(cx.file) {
                to.replace('"', "'")
            } else {
                to.to_string()
            };
            Some(Fix::safe(vec![Edit::replace(
                prop.pair.range(),
                format!("{}: {to}", row.new),
            )]))
        }
        ArgumentFix::Drop => {
            let map = Map {
                kind: MapKind::Object,
                node: *object,
            };
            let entry = Prop {
                key: prop.key.clone(),
                node: prop.pair,
                value: prop.value,
            };
            Some(Fix::safe(vec![map.remove(cx.file.text, &entry)]))
        }
        _ => None,
    };
    let message = match row.fix {
        ArgumentFix::Map { from, to } => format!(
            "{} has no `{}` since version {} of the provider: `{}: {from}` is `{}: {to}` now ({})",
            iface.name, row.old, row.major, row.old, row.new, row.source
        ),
        _ => removed_message(iface, row, row.old, row.new, true),
    };
    Some(Diagnostic {
        transform: META.id,
        range: if fix.is_some() && matches!(row.fix, ArgumentFix::Rename) {
            key.range()
        } else {
            prop.pair.range()
        },
        message,
        fix,
    })
}

/// Whether the file's imports are written with single quotes (the style new strings follow).
fn uses_single_quotes(file: &ParsedFile) -> bool {
    file.ts_imports()
        .first()
        .is_some_and(|i| i.source_node.text().starts_with('\''))
}

fn misspelt(
    cx: &Cx,
    iface: &Interface,
    props: &[ts::Property],
    prop: &ts::Property,
) -> Option<Diagnostic> {
    let best = spelling_suggestion(&prop.key, iface.accepted_names())?;
    if has_key(props, best) {
        return None;
    }
    let key = prop.pair.field("key")?;
    let range = match key.kind().as_ref() {
        "property_identifier" => key.range(),
        "string" => key.range().start + 1..key.range().end - 1,
        _ => return None,
    };
    let mut edits = vec![Edit::replace(range, best)];
    let mut message = format!(
        "{} has no property `{}`; the one property this close is `{best}`",
        iface.name, prop.key
    );
    // Terraform's `depends_on = [aws_x.y.id]` written as is: `dependsOn` takes the resources.
    if best == "dependsOn" && iface.meta {
        match dependables(cx, &prop.value) {
            Some(more) => edits.extend(more),
            None => {
                message.push_str(
                    ", which takes the resources themselves (`[recorder]`), not their attributes or names",
                );
                return Some(Diagnostic {
                    transform: META.id,
                    range: key.range(),
                    message,
                    fix: None,
                });
            }
        }
    }
    Some(Diagnostic {
        transform: META.id,
        range: key.range(),
        message,
        fix: Some(Fix::safe(edits)),
    })
}

/// The edits that make the items of a `depends_on` list resources, as `dependsOn` takes them:
/// an attribute of a provider construct the file binds (`recorder.id`, `this.bucket.arn`)
/// becomes the construct; the construct itself stays. `None` when an item is anything else (a
/// string, a call, a name not bound to a construct here), whose type cannot be known.
fn dependables(cx: &Cx, value: &N) -> Option<Vec<Edit>> {
    if value.kind() != "array" {
        return None;
    }
    // The file's constructions, read once per file for every transform.
    let constructs = cx.file.constructs(cx.ctx.index);
    let is_bound = |n: &N| {
        constructs
            .iter()
            .any(|c| c.binding.as_deref() == Some(n.text().as_ref()))
    };
    let mut edits = Vec::new();
    for item in value
        .children()
        .filter(|c| c.is_named() && c.kind() != "comment")
    {
        if is_bound(&item) {
            continue;
        }
        let object = (item.kind() == "member_expression")
            .then(|| item.field("object"))
            .flatten()
            .filter(|o| is_bound(o))?;
        edits.push(Edit::replace(item.range(), object.text().to_string()));
    }
    Some(edits)
}

/// A block written around properties the object takes itself, the older resource's inline
/// block on the resource that replaced it (`serverSideEncryptionConfiguration: { rule }` on an
/// `S3BucketServerSideEncryptionConfigurationA`): its properties move up a level, outdented by
/// the block's indentation. Not with a spread or shorthand inside; with a comment inside
/// (which the move would lose), reported without a fix.
fn unwrapped(
    text: &str,
    iface: &Interface,
    props: &[ts::Property],
    prop: &ts::Property,
) -> Option<Diagnostic> {
    let block = prop.value;
    if block.kind() != "object" {
        return None;
    }
    let members: Vec<N> = block
        .children()
        .filter(|c| c.is_named() && c.kind() != "comment")
        .collect();
    if members.iter().any(|m| m.kind() != "pair") {
        return None;
    }
    let commented = block.children().any(|c| c.kind() == "comment");
    let inner = ts::properties(&block);
    let names: Vec<String> = inner.iter().map(|p| p.key.clone()).collect();
    if inner.len() != members.len()
        || !crate::index::shapes::unwraps_into(
            &names,
            |n| iface.accepted_names().any(|a| a == n),
            |n| has_key(props, n),
        )
    {
        return None;
    }
    let (first, last) = (members.first()?, members.last()?);
    let column = |at: usize| at - text[..at].rfind('\n').map_or(0, |i| i + 1);
    let starts_line = text[..first.range().start]
        .rsplit('\n')
        .next()
        .is_some_and(|l| l.trim().is_empty());
    let outdent = if starts_line {
        column(first.range().start).saturating_sub(column(prop.pair.range().start))
    } else {
        0
    };
    let moved = text[first.range().start..last.range().end]
        .split('\n')
        .enumerate()
        .map(|(i, line)| {
            if i == 0 {
                return line;
            }
            let blank = line.len() - line.trim_start_matches([' ', '\t']).len();
            &line[blank.min(outdent)..]
        })
        .collect::<Vec<_>>()
        .join("\n");
    Some(Diagnostic {
        transform: META.id,
        range: prop.pair.field("key")?.range(),
        message: format!(
            "{} has no `{}`: {} belong{} on the {} itself (the inline block of an older resource){}",
            iface.name,
            prop.key,
            names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", "),
            if names.len() == 1 { "s" } else { "" },
            iface.name.strip_suffix("Config").unwrap_or(iface.name),
            match (commented, names.len()) {
                (false, _) => "",
                (true, 1) => "; move it out of the block",
                (true, _) => "; move them out of the block",
            },
        ),
        fix: (!commented).then(|| Fix::safe(vec![Edit::replace(prop.pair.range(), moved)])),
    })
}
