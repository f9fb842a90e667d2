//! `sg-port-range` in Go: the same rules as in TypeScript, on the struct literals of the Go
//! bindings: `securitygroup.SecurityGroupIngress` / `SecurityGroupEgress` (also as the elided
//! elements of `&[]*securitygroup.SecurityGroupEgress{{...}}`), `securitygrouprule.SecurityGroupRuleConfig`
//! and `vpcsecuritygroup{ingress,egress}rule.VpcSecurityGroup{Ingress,Egress}RuleConfig`, whose
//! fields are `FromPort: jsii.Number(0)`, `ToPort`, `Protocol` / `IpProtocol: jsii.String("-1")`.

use super::{Kind, META};
use crate::syntax::go::{self, Change, KeyedElement};
use crate::syntax::N;
use crate::transforms::{Context, Diagnostic, Edit, Fix, ParsedFile};

/// What a struct of the bindings is, by its type name.
fn kind_of(name: &str) -> Option<(Kind, &'static str)> {
    match name {
        "SecurityGroupIngress" | "SecurityGroupEgress" | "SecurityGroupRuleConfig" => {
            Some((Kind::Block, "Protocol"))
        }
        "VpcSecurityGroupIngressRuleConfig" | "VpcSecurityGroupEgressRuleConfig" => {
            Some((Kind::VpcRule, "IpProtocol"))
        }
        _ => None,
    }
}

/// `jsii.String("-1")`: the string, and the `jsii` operand's spelling.
fn jsii_string(value: &N) -> Option<(String, String)> {
    let (operand, field, arg) = jsii_call(value)?;
    (field == "String").then_some(())?;
    Some((go::string_value(&arg)?, operand))
}

/// `jsii.Number(65535)`: the number when it is a literal (`None` inside for anything else).
fn jsii_number<'r>(value: &N<'r>) -> Option<(Option<i64>, Option<N<'r>>)> {
    let Some((_, field, arg)) = jsii_call(value) else {
        return Some((None, None));
    };
    if field != "Number" {
        return Some((None, None));
    }
    let n = number(&arg);
    Some((n, n.map(|_| arg)))
}

/// A literal whole number: `65535`, `65_535`, `0.0`, `-1`.
fn number(node: &N) -> Option<i64> {
    match node.kind().as_ref() {
        "int_literal" => node.text().replace('_', "").parse().ok(),
        "float_literal" => node
            .text()
            .replace('_', "")
            .parse::<f64>()
            .ok()
            .filter(|f| f.fract() == 0.0)
            .map(|f| f as i64),
        "unary_expression" if node.text().starts_with('-') => {
            number(&node.field("operand")?).map(|v| -v)
        }
        "parenthesized_expression" => number(&node.children().find(|c| c.is_named())?),
        _ => None,
    }
}

/// `pkg.Name(arg)` with one argument: the operand, the name and the argument.
fn jsii_call<'r>(value: &N<'r>) -> Option<(String, String, N<'r>)> {
    if value.kind() != "call_expression" {
        return None;
    }
    let function = value.field("function")?;
    if function.kind() != "selector_expression" {
        return None;
    }
    let args: Vec<N> = value
        .field("arguments")?
        .children()
        .filter(|c| c.is_named() && c.kind() != "comment")
        .collect();
    let [arg] = args.as_slice() else {
        return None;
    };
    Some((
        function.field("operand")?.text().to_string(),
        function.field("field")?.text().to_string(),
        arg.clone(),
    ))
}

pub(super) fn check(file: &ParsedFile, ctx: &Context, out: &mut Vec<Diagnostic>) {
    let root = file.root.root();
    let modules = go::provider_modules(&go::imports(&root), ctx.index);
    if modules.is_empty() {
        return;
    }
    // `pkg.Name` of a provider module that exports it, as a kind of block.
    let kind = |ty: &N| -> Option<(Kind, &'static str)> {
        let (pkg, name) = go::type_name(ty)?;
        let module = modules.get(pkg?.as_str())?;
        module.exports(&name).then_some(())?;
        kind_of(&name)
    };
    for lit in file.of_kind("composite_literal") {
        let (Some(ty), Some(body)) = (lit.field("type"), lit.field("body")) else {
            continue;
        };
        if let Some((k, protocol)) = kind(&ty) {
            check_block(file, &body, protocol, k, out);
            continue;
        }
        // `[]*securitygroup.SecurityGroupEgress{{...}}`: elements whose type is elided.
        if !matches!(ty.kind().as_ref(), "slice_type" | "array_type") {
            continue;
        }
        let Some(mut element) = ty.field("element") else {
            continue;
        };
        while element.kind() == "pointer_type" {
            let inner = element.children().find(|c| c.is_named());
            match inner {
                Some(inner) => element = inner,
                None => break,
            }
        }
        let Some((k, protocol)) = kind(&element) else {
            continue;
        };
        for item in body.children().filter(|c| c.kind() == "literal_element") {
            if let Some(inner) = item.children().find(|c| c.kind() == "literal_value") {
                check_block(file, &inner, protocol, k, out);
            }
        }
    }
}

fn find<'a, 'r>(
    elements: &'a [KeyedElement<'r>],
    key: &str,
) -> Option<(usize, &'a KeyedElement<'r>)> {
    elements
        .iter()
        .enumerate()
        .find(|(_, e)| e.key.kind() != "literal_value" && e.key_name().as_deref() == Some(key))
}

fn check_block(
    file: &ParsedFile,
    body: &N,
    protocol_key: &str,
    kind: Kind,
    out: &mut Vec<Diagnostic>,
) {
    let elements = go::keyed_elements(body);
    let Some((_, protocol)) = find(&elements, protocol_key) else {
        return;
    };
    let Some((proto, jsii)) = jsii_string(&protocol.value) else {
        return;
    };
    let from = find(&elements, "FromPort");
    let to = find(&elements, "ToPort");
    let (from_n, to_n) = (
        from.and_then(|(_, e)| jsii_number(&e.value)),
        to.and_then(|(_, e)| jsii_number(&e.value)),
    );
    let (from_v, to_v) = (
        from.map(|_| from_n.as_ref().and_then(|v| v.0)),
        to.map(|_| to_n.as_ref().and_then(|v| v.0)),
    );
    let shown = |v: Option<Option<i64>>| v.flatten().map_or("unset".to_string(), |v| v.to_string());
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
                    range: computed.unwrap().1.node.range(),
                    message: format!(
                        "protocol \"{proto}\" needs both ports to be 0{}; this port is computed, so make sure it evaluates to 0",
                        if kind == Kind::VpcRule { " or absent" } else { "" }
                    ),
                    fix: None,
                });
                return;
            }
            if kind == Kind::VpcRule {
                let changes: Vec<Change> = [from, to]
                    .into_iter()
                    .flatten()
                    .map(|(i, _)| Change::Remove(i))
                    .collect();
                out.push(Diagnostic {
                    rule: META.id,
                    range: protocol.node.range(),
                    message: format!(
                        "IpProtocol \"{proto}\" must not set ports (found {} to {}): remove FromPort and ToPort",
                        shown(from_v),
                        shown(to_v)
                    ),
                    fix: Some(Fix::safe(go::align_comments(
                        file.text,
                        go::relayout(file.text, body, &changes, file.newline()),
                    ))),
                });
                return;
            }
            if from_v == Some(Some(0)) && to_v == Some(Some(0)) {
                return;
            }
            let mut edits = Vec::new();
            for n in [&from_n, &to_n].into_iter().flatten() {
                if let (Some(v), Some(arg)) = (n.0, &n.1) {
                    if v != 0 {
                        edits.push(Edit::replace(arg.range(), "0"));
                    }
                }
            }
            // Keep both ports present: the provider requires them.
            let zero = format!("{jsii}.Number(0)");
            let change = match (from, to) {
                (None, Some((i, _))) => Some(Change::Insert {
                    at: i,
                    after: false,
                    key: "FromPort",
                    value: zero,
                }),
                (Some((i, _)), None) => Some(Change::Insert {
                    at: i,
                    after: true,
                    key: "ToPort",
                    value: zero,
                }),
                _ => None,
            };
            if let Some(change) = change {
                edits.extend(go::relayout(file.text, body, &[change], file.newline()));
            }
            out.push(Diagnostic {
                rule: META.id,
                range: protocol.node.range(),
                message: format!(
                    "protocol \"{proto}\" (all traffic) needs FromPort and ToPort to be 0 (found {} to {}); 0/0 already means every port",
                    shown(from_v),
                    shown(to_v)
                ),
                fix: Some(Fix::safe(go::align_comments(file.text, edits))),
            });
        }
        "tcp" | "udp" | "6" | "17" if from_v == Some(Some(0)) && to_v == Some(Some(0)) => {
            let (_, to) = to.expect("ToPort is present: its value is 0");
            let Some(arg) = to_n.and_then(|n| n.1) else {
                return;
            };
            out.push(Diagnostic {
                rule: META.id,
                range: to.node.range(),
                message: format!(
                    "protocol \"{proto}\" with ports 0 to 0 opens port 0 only; every port is 0 to 65535 (or protocol \"-1\" for all traffic)"
                ),
                fix: Some(Fix::unsafe_(go::align_comments(
                    file.text,
                    vec![Edit::replace(arg.range(), "65535")],
                ))),
            });
        }
        _ => {}
    }
}
