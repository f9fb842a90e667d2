//! `sg-port-range` in Go: the same rules as in TypeScript, on the struct literals of the Go
//! bindings: `securitygroup.SecurityGroupIngress` / `SecurityGroupEgress` (also as the elided
//! elements of `&[]*securitygroup.SecurityGroupEgress{{...}}`), `securitygrouprule.SecurityGroupRuleConfig`
//! and `vpcsecuritygroup{ingress,egress}rule.VpcSecurityGroup{Ingress,Egress}RuleConfig`, whose
//! fields are `FromPort: jsii.Number(0)`, `ToPort`, `Protocol` / `IpProtocol: jsii.String("-1")`.

use super::{report, End, Kind, Part, Parts, Site};
use crate::syntax::go::{self, Change, KeyedElement};
use crate::syntax::layout::named_children;
use crate::syntax::N;
use crate::{Context, Diagnostic, Edit, ParsedFile};

/// What a struct of the bindings is, by its type name.
fn kind_of(name: &str) -> Option<(Kind, &'static str)> {
    match name {
        "SecurityGroupIngress" | "SecurityGroupEgress" => Some((Kind::Block, "Protocol")),
        "SecurityGroupRuleConfig" => Some((Kind::Rule, "Protocol")),
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
    let go::SelectorCall { operand, name, .. } = go::selector_call(value)?;
    let args: Vec<N> = named_children(&value.field("arguments")?);
    let [arg] = args.as_slice() else {
        return None;
    };
    Some((operand.text().to_string(), name.text().to_string(), *arg))
}

pub(super) fn check(file: &ParsedFile, ctx: &Context, out: &mut Vec<Diagnostic>) {
    let root = file.tree().root();
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
    let Some(protocol) = find(&elements, protocol_key) else {
        return;
    };
    let Some((proto, jsii)) = jsii_string(&protocol.1.value) else {
        return;
    };
    let (from, to) = (find(&elements, "FromPort"), find(&elements, "ToPort"));
    let part = |(_, e): (usize, &KeyedElement)| Part {
        range: e.node.range(),
        number: match jsii_number(&e.value) {
            Some((Some(n), Some(literal))) => Some((n, literal.range())),
            _ => None,
        },
    };
    let parts = Parts::of(protocol.1.node.range(), [from, to], part);
    let site = GoSite {
        file,
        body,
        from: from.map(|(i, _)| i),
        to: to.map(|(i, _)| i),
        jsii,
    };
    let keys = [protocol_key, "FromPort", "ToPort"];
    report(&parts, kind, &proto, keys, &site, out);
}

/// Adds and removes ports in a composite literal's body, re-aligned as gofmt aligns them.
struct GoSite<'a, 'b, 'r> {
    file: &'a ParsedFile<'a>,
    body: &'b N<'r>,
    /// The ports' places among the body's elements.
    from: Option<usize>,
    to: Option<usize>,
    /// How the file spells the `jsii` package.
    jsii: String,
}

impl Site for GoSite<'_, '_, '_> {
    /// Before ToPort, or after FromPort.
    fn insert_zero(&self, end: End) -> Vec<Edit> {
        let (key, after, present) = match end {
            End::From => ("FromPort", false, self.to),
            End::To => ("ToPort", true, self.from),
        };
        let change = Change::Insert {
            at: present.expect("the other port is present"),
            after,
            key,
            value: format!("{}.Number(0)", self.jsii),
        };
        go::relayout(self.file.text, self.body, &[change], self.file.newline())
    }
    fn remove_ports(&self) -> Vec<Edit> {
        let changes: Vec<Change> = [self.from, self.to]
            .into_iter()
            .flatten()
            .map(Change::Remove)
            .collect();
        go::relayout(self.file.text, self.body, &changes, self.file.newline())
    }
    fn finish(&self, edits: Vec<Edit>) -> Vec<Edit> {
        go::align_comments(self.file.text, edits)
    }
}
