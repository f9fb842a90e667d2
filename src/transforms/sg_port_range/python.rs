//! `sg-port-range` for Python: keyword arguments of `SecurityGroupIngress`/`SecurityGroupEgress`,
//! `SecurityGroupRule`, `VpcSecurityGroup*Rule`, and dictionaries in a `SecurityGroup`'s
//! `ingress=`/`egress=` lists.

use super::META;
use crate::syntax::python::{self, Bindings};
use crate::syntax::{indent_at, removal_with_line, N};
use crate::transforms::{Context, Diagnostic, Edit, Fix, ParsedFile};

const PACKAGES: &[&str] = &["cdktf_cdktf_provider_aws", "cdktn_provider_aws"];

/// The AWS provider class a call's function names (`SecurityGroup`, `sg.SecurityGroup`, ...).
fn class_of(b: &Bindings, function: &N) -> Option<String> {
    b.qualified_names(function).into_iter().find_map(|path| {
        let (pkg, rest) = path.split_once('.')?;
        if !PACKAGES.contains(&pkg) {
            return None;
        }
        Some(rest.rsplit('.').next()?.to_string())
    })
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Inline blocks and `SecurityGroupRule`: ports must be 0/0 with "-1".
    Block,
    /// `VpcSecurityGroup*Rule`: ports must be absent with "-1".
    VpcRule,
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

pub(super) fn check(file: &ParsedFile, _ctx: &Context, out: &mut Vec<Diagnostic>) {
    let b = Bindings::of(file);
    let relevant = b
        .names
        .values()
        .chain(b.star.iter())
        .any(|p| PACKAGES.iter().any(|pkg| p.starts_with(pkg)));
    if !relevant {
        return;
    }
    for call in file.of_kind("call") {
        let (Some(function), Some(args)) = (call.field("function"), call.field("arguments")) else {
            continue;
        };
        if args.kind() != "argument_list" {
            continue;
        }
        match class_of(&b, &function).as_deref() {
            Some("SecurityGroup") => {
                for kw in python::keyword_arguments(&args) {
                    if (kw.name == "ingress" || kw.name == "egress") && kw.value.kind() == "list" {
                        for block in kw.value.children().filter(|c| c.kind() == "dictionary") {
                            check_dict(file, &block, &kw.name, out);
                        }
                    }
                }
            }
            Some("SecurityGroupIngress" | "SecurityGroupEgress" | "SecurityGroupRule") => {
                check_block(
                    file,
                    &args,
                    ["protocol", "from_port", "to_port"],
                    Kind::Block,
                    out,
                )
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
                rule: META.id,
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
    let value = |p: Option<&Item>| p.map(|p| python::int_value(&p.value));
    let (from_v, to_v) = (value(from), value(to));
    match proto.to_ascii_lowercase().as_str() {
        "-1" | "all" => {
            if from.is_none() && to.is_none() {
                return;
            }
            if matches!(from_v, Some(None)) || matches!(to_v, Some(None)) {
                let computed = if matches!(from_v, Some(None)) {
                    from
                } else {
                    to
                };
                out.push(Diagnostic {
                    rule: META.id,
                    range: computed.unwrap().node.range(),
                    message: format!(
                        "protocol \"{proto}\" needs both ports to be 0{}; this port is computed, so make sure it evaluates to 0",
                        if kind == Kind::VpcRule { " or absent" } else { "" }
                    ),
                    fix: None,
                });
                return;
            }
            let shown =
                |v: Option<Option<i64>>| v.flatten().map_or("unset".to_string(), |v| v.to_string());
            if kind == Kind::VpcRule {
                let mut deleted: Vec<&Item> = [from, to].into_iter().flatten().collect();
                deleted.sort_by_key(|p| p.node.range().start);
                let adjacent = deleted.len() == 2
                    && deleted[1]
                        .node
                        .prev()
                        .and_then(|c| c.prev())
                        .map(|n| n.range())
                        == Some(deleted[0].node.range());
                let mut edits = Vec::new();
                if adjacent {
                    // One span: `from_port=0, to_port=0` with the comma after it, or before it
                    // when it ends the list.
                    let (first, last) = (&deleted[0].node, &deleted[1].node);
                    let text = file.text;
                    let span = match last.next().filter(|n| n.kind() == ",") {
                        Some(c) => {
                            let end = c.range().end;
                            first.range().start
                                ..end + text[end..].len()
                                    - text[end..].trim_start_matches([' ', '\t']).len()
                        }
                        None => match first.prev().filter(|n| n.kind() == ",") {
                            Some(c) => c.range().start..last.range().end,
                            None => first.range().start..last.range().end,
                        },
                    };
                    edits.push(Edit::delete(removal_with_line(text, span)));
                } else {
                    for p in &deleted {
                        edits.push(Edit::delete(removal_with_line(
                            file.text,
                            python::item_removal(file.text, &p.node, false),
                        )));
                    }
                }
                out.push(Diagnostic {
                    rule: META.id,
                    range: protocol.node.range(),
                    message: format!(
                        "ip_protocol \"{proto}\" must not set ports (found {} to {}): remove from_port and to_port",
                        shown(from_v),
                        shown(to_v)
                    ),
                    fix: Some(Fix::safe(edits)),
                });
                return;
            }
            if from_v == Some(Some(0)) && to_v == Some(Some(0)) {
                return;
            }
            let mut edits = Vec::new();
            for p in [from, to].into_iter().flatten() {
                if python::int_value(&p.value) != Some(0) {
                    edits.push(Edit::replace(p.value.range(), "0"));
                }
            }
            // Keep both ports present: the provider requires them.
            let present = from.or(to).unwrap();
            let missing = if from.is_none() {
                Some(from_key)
            } else if to.is_none() {
                Some(to_key)
            } else {
                None
            };
            if let Some(key) = missing {
                let start = present.node.range().start;
                let line_start = file.text[..start].rfind('\n').map_or(0, |i| i + 1);
                let item = item_text(container, key);
                let text = if file.text[line_start..start].trim().is_empty() {
                    format!("{item},{}{}", file.newline(), indent_at(file.text, start))
                } else {
                    format!("{item}, ")
                };
                edits.push(Edit::insert(start, text));
            }
            out.push(Diagnostic {
                rule: META.id,
                range: protocol.node.range(),
                message: format!(
                    "protocol \"{proto}\" (all traffic) needs {from_key} and {to_key} to be 0 (found {} to {}); 0/0 already means every port",
                    shown(from_v),
                    shown(to_v)
                ),
                fix: Some(Fix::safe(edits)),
            });
        }
        "tcp" | "udp" | "6" | "17" if from_v == Some(Some(0)) && to_v == Some(Some(0)) => {
            let to = to.expect("to_port is present: its value is 0");
            out.push(Diagnostic {
                rule: META.id,
                range: to.node.range(),
                message: format!(
                    "protocol \"{proto}\" with ports 0 to 0 opens port 0 only; every port is 0 to 65535 (or protocol \"-1\" for all traffic)"
                ),
                fix: Some(Fix::unsafe_(vec![Edit::replace(to.value.range(), "65535")])),
            });
        }
        _ => {}
    }
}
