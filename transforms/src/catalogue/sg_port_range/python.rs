//! `sg-port-range` for Python: keyword arguments of `SecurityGroupIngress`/`SecurityGroupEgress`,
//! `SecurityGroupRule`, `VpcSecurityGroup*Rule`, and dictionaries in a `SecurityGroup`'s
//! `ingress=`/`egress=` lists.

use super::META;
use super::{insert_before, report, End, Kind, Part, Parts, Site};
use crate::syntax::construct::PY_AWS_PACKAGES;
use crate::syntax::python::{self, Bindings};
use crate::syntax::{removal_with_line, N};
use crate::{Context, Diagnostic, Edit, ParsedFile};

/// The AWS provider class a call's function names (`SecurityGroup`, `sg.SecurityGroup`, ...).
fn class_of(b: &Bindings, function: &N) -> Option<String> {
    b.qualified_names(function).into_iter().find_map(|path| {
        let (pkg, rest) = path.split_once('.')?;
        if !PY_AWS_PACKAGES.contains(&pkg) {
            return None;
        }
        Some(rest.rsplit('.').next()?.to_string())
    })
}

/// One `key=value` argument or `"key": value` pair.
struct Item<'r> {
    key: String,
    node: N<'r>,
    value: N<'r>,
}

/// The items of a call's arguments or of a dictionary; `None` when a `**splat` (or a key that is
/// not a plain string) makes the set of keys unknown.
fn items<'r>(container: &N<'r>) -> Option<Vec<Item<'r>>> {
    let mut out = Vec::new();
    for c in container.children().filter(|c| c.is_named()) {
        match c.kind().as_ref() {
            "keyword_argument" => out.push(Item {
                key: c.field("name")?.text().to_string(),
                value: c.field("value")?,
                node: c,
            }),
            "pair" => out.push(Item {
                key: python::string_value(&c.field("key")?)?,
                value: c.field("value")?,
                node: c,
            }),
            "dictionary_splat" => return None,
            "comment" => {}
            _ if container.kind() == "argument_list" => {} // positional: scope, id
            _ => return None,
        }
    }
    Some(out)
}

pub(super) fn check(file: &ParsedFile, ctx: &Context, out: &mut Vec<Diagnostic>) {
    let b = Bindings::of(file);
    if !b.imports_from_any(PY_AWS_PACKAGES) {
        return;
    }
    let first = out.len();
    check_calls(file, b, out);
    // In a black project, each changed statement as black prints it.
    for d in &mut out[first..] {
        if let Some(fix) = &mut d.fix {
            fix.edits = python::black_edits(ctx.style, file, std::mem::take(&mut fix.edits));
        }
    }
}

fn check_calls(file: &ParsedFile, b: &Bindings, out: &mut Vec<Diagnostic>) {
    for call in file.of_kind("call") {
        let (Some(function), Some(args)) = (call.field("function"), call.field("arguments")) else {
            continue;
        };
        if args.kind() != "argument_list" {
            continue;
        }
        match class_of(b, &function).as_deref() {
            Some("SecurityGroup") => {
                for kw in python::keyword_arguments(&args) {
                    if (kw.name == "ingress" || kw.name == "egress") && kw.value.kind() == "list" {
                        for block in kw.value.children().filter(|c| c.kind() == "dictionary") {
                            check_dict(file, &block, &kw.name, out);
                        }
                    }
                }
            }
            Some(
                class @ ("SecurityGroupIngress" | "SecurityGroupEgress" | "SecurityGroupRule"),
            ) => {
                let kind = if class == "SecurityGroupRule" {
                    Kind::Rule
                } else {
                    Kind::Block
                };
                check_block(file, &args, ["protocol", "from_port", "to_port"], kind, out)
            }
            Some("VpcSecurityGroupIngressRule" | "VpcSecurityGroupEgressRule") => check_block(
                file,
                &args,
                ["ip_protocol", "from_port", "to_port"],
                Kind::VpcRule,
                out,
            ),
            _ => {}
        }
    }
}

/// `from_port=0` or `"from_port": 0` in the container's own style.
fn item_text(container: &N, key: &str) -> String {
    if container.kind() == "dictionary" {
        let q = container
            .children()
            .filter(|c| c.kind() == "pair")
            .find_map(|p| p.field("key").and_then(|k| python::quote_of(&k)))
            .unwrap_or('"');
        format!("{q}{key}{q}: 0")
    } else {
        format!("{key}=0")
    }
}

/// A dictionary in a `SecurityGroup`'s `ingress=`/`egress=` list. jsii hands a dictionary inside
/// a list to JavaScript as it is, so only the JavaScript keys (`fromPort`) count there; Python
/// keys (`from_port`) are dropped and the block deploys without ports.
fn check_dict(file: &ParsedFile, dict: &N, list: &str, out: &mut Vec<Diagnostic>) {
    let Some(items) = items(dict) else {
        return;
    };
    let snake: Vec<&Item> = items
        .iter()
        .filter(|i| i.key == "from_port" || i.key == "to_port")
        .collect();
    if let Some(first) = snake.first() {
        if !items
            .iter()
            .any(|i| i.key == "fromPort" || i.key == "toPort")
        {
            out.push(Diagnostic {
                transform: META.id,
                range: first.node.range(),
                message: format!(
                    "jsii passes a dictionary inside `{list}=[...]` to JavaScript unchanged: `{}` is ignored and the block has no ports; write `fromPort`/`toPort` (and camelCase for every other key) or use `SecurityGroup{}(from_port=...)`",
                    first.key,
                    if list == "ingress" { "Ingress" } else { "Egress" }
                ),
                fix: None,
            });
            return;
        }
    }
    check_block(
        file,
        dict,
        ["protocol", "fromPort", "toPort"],
        Kind::Block,
        out,
    );
}

fn check_block(
    file: &ParsedFile,
    container: &N,
    [protocol_key, from_key, to_key]: [&str; 3],
    kind: Kind,
    out: &mut Vec<Diagnostic>,
) {
    let Some(items) = items(container) else {
        return;
    };
    let find = |key: &str| items.iter().find(|i| i.key == key);
    let Some(protocol) = find(protocol_key) else {
        return;
    };
    let Some(proto) = python::string_value(&protocol.value) else {
        return;
    };
    let (from, to) = (find(from_key), find(to_key));
    let part = |p: &Item| Part::new(p.node.range(), python::int_value(&p.value), &p.value);
    let parts = Parts::of(protocol.node.range(), [from, to], part);
    let site = PySite {
        file,
        container,
        from,
        to,
        keys: [from_key, to_key],
    };
    let keys = [protocol_key, from_key, to_key];
    report(&parts, kind, &proto, keys, &site, out);
}

/// Adds and removes ports in a call's arguments or a dictionary.
struct PySite<'a, 'p, 'r> {
    file: &'a ParsedFile<'a>,
    container: &'p N<'r>,
    from: Option<&'p Item<'r>>,
    to: Option<&'p Item<'r>>,
    /// How the ports are spelled here: `from_port` or `fromPort`, ...
    keys: [&'p str; 2],
}

impl Site for PySite<'_, '_, '_> {
    /// Before the port that is present, in its layout and quotes.
    fn insert_zero(&self, end: End) -> Vec<Edit> {
        let present = self.from.or(self.to).expect("one port is present");
        let key = match end {
            End::From => self.keys[0],
            End::To => self.keys[1],
        };
        let item = item_text(self.container, key);
        vec![insert_before(self.file, present.node.range().start, &item)]
    }
    fn remove_ports(&self) -> Vec<Edit> {
        let text = self.file.text;
        let mut deleted: Vec<&Item> = [self.from, self.to].into_iter().flatten().collect();
        deleted.sort_by_key(|p| p.node.range().start);
        let adjacent = deleted.len() == 2
            && deleted[1]
                .node
                .prev()
                .and_then(|c| c.prev())
                .map(|n| n.range())
                == Some(deleted[0].node.range());
        if !adjacent {
            return deleted
                .iter()
                .map(|p| {
                    Edit::delete(removal_with_line(
                        text,
                        python::item_removal(text, &p.node, false),
                    ))
                })
                .collect();
        }
        // One span: `from_port=0, to_port=0` with the comma after it, or before it when it
        // ends the list.
        let (first, last) = (&deleted[0].node, &deleted[1].node);
        let span = match last.next().filter(|n| n.kind() == ",") {
            Some(c) => {
                let end = c.range().end;
                first.range().start
                    ..end + text[end..].len() - text[end..].trim_start_matches([' ', '\t']).len()
            }
            None => match first.prev().filter(|n| n.kind() == ",") {
                Some(c) => c.range().start..last.range().end,
                None => first.range().start..last.range().end,
            },
        };
        vec![Edit::delete(removal_with_line(text, span))]
    }
}
