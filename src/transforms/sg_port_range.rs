//! `sg-port-range`: security-group port ranges that the AWS provider rejects or that do not
//! mean what their author meant.

mod go;

use crate::lang::Lang;
use crate::syntax::ts::{self, Property, ProviderScope};
use crate::syntax::{indent_at, removal_with_line, N};
use crate::transforms::{Context, Diagnostic, Edit, Fix, ParsedFile, Rule, RuleMeta, Safety};

mod python;

pub struct SgPortRange;

static META: RuleMeta = RuleMeta {
    id: "sg-port-range",
    summary: "Security-group port ranges: 0/0 for protocol \"-1\", no ports on VPC \"-1\" rules, 0-65535 for tcp/udp 0/0",
    languages: &[Lang::TypeScript, Lang::Tsx, Lang::Python, Lang::Go],
    fixes: &[Safety::Safe, Safety::Unsafe],
    triggers: &["fromPort", "toPort", "from_port", "to_port", "FromPort", "ToPort"],
    docs: r#"
## What it does
Checks the port ranges of security-group rules:
- inline `ingress`/`egress` blocks of `SecurityGroup`, and `SecurityGroupRule`, with protocol `"-1"`
  (or `"all"`) and ports other than 0/0: sets both ports to 0;
- `VpcSecurityGroupIngressRule` / `VpcSecurityGroupEgressRule` with `ipProtocol: "-1"`: removes
  `fromPort` and `toPort`;
- protocol tcp/udp (`"tcp"`, `"udp"`, `"6"`, `"17"`) with ports 0/0, which opens port 0 only: sets
  `toPort` to 65535, the "all ports" the author meant.

Only literal numbers are rewritten; a computed port next to protocol `"-1"` is reported.

In Go the same rules apply to the bindings' structs: `securitygroup.SecurityGroupIngress` and
`SecurityGroupEgress` (also the elided `{...}` elements of `&[]*securitygroup.SecurityGroupEgress{...}`),
`securitygrouprule.SecurityGroupRuleConfig` and `vpcsecuritygroup{ingress,egress}rule.*RuleConfig`,
with `FromPort: jsii.Number(0)`, `ToPort` and `Protocol` / `IpProtocol: jsii.String("-1")`; keys
are re-aligned as gofmt aligns them when a field is added or removed.
Python: the keyword arguments `from_port=`, `to_port=`, `protocol=` / `ip_protocol=` of
`SecurityGroupIngress(...)`, `SecurityGroupEgress(...)`, `SecurityGroupRule(...)` and
`VpcSecurityGroup*Rule(...)`, and dictionaries in a `SecurityGroup`'s `ingress=`/`egress=`
lists, with the same checks and fixes. jsii hands a dictionary inside a list to JavaScript as it
is, so there only the JavaScript keys work (`{"fromPort": 0, "toPort": 0, "protocol": "-1"}`);
a dictionary with Python keys (`"from_port"`) deploys without ports, which is reported. A call
or dictionary with `**` is left alone.

## Why
The AWS provider rejects anything but 0/0 with the "ALL" protocol on inline blocks at apply time:
`from_port (0) and to_port (65535) must both be 0 to use the 'ALL' "-1" protocol!`. On a
`SecurityGroupRule` it ignores the ports, and 0/0 already means every port. The
`aws_vpc_security_group_*_rule` resources document that the ports must not be set with
`ip_protocol = "-1"`; set ports cause a diff on every plan and a failed update. Some reviews
"fix" `-1` rules to `toPort: 65535`; the provider is right, not the review: keep 0/0.

## Example
```ts
new SecurityGroup(this, "sg", {
  egress: [{ fromPort: 0, toPort: 65535, protocol: "-1", cidrBlocks: ["0.0.0.0/0"] }],
});
```
becomes
```ts
new SecurityGroup(this, "sg", {
  egress: [{ fromPort: 0, toPort: 0, protocol: "-1", cidrBlocks: ["0.0.0.0/0"] }],
});
```

## Fix safety
Protocol `"-1"` fixes are safe: the input cannot be applied (inline blocks) or the ports are
ignored or must be absent, so nothing deployed changes beyond what was asked. The tcp/udp 0/0 →
0-65535 fix is unsafe: it widens network access, so it needs `--unsafe-fixes`; `check` reports
it either way. If "all traffic" was meant, protocol `"-1"` with ports 0/0 is the choice.
A rewritten block keeps `fromPort`, `toPort` and the protocol present: the provider requires
them even where the TypeScript types mark them optional.

## Source
Seed 001 §6 (egress ports); seed 002 §4 (Go security groups); terraform-provider-aws `resource_aws_security_group` validation of
the "-1" protocol, and the `aws_vpc_security_group_egress_rule` documentation.
"#,
};

impl Rule for SgPortRange {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, file: &ParsedFile, ctx: &Context, out: &mut Vec<Diagnostic>) {
        if file.lang == Lang::Go {
            return go::check(file, ctx, out);
        }
        if file.lang == Lang::Python {
            return python::check(file, ctx, out);
        }
        let root = file.root.root();
        let imports = ts::imports(&root);
        let scope = ProviderScope::of(&imports, ctx.index);
        if scope.bindings.is_empty() {
            return;
        }
        for (ctor, config) in ts::constructions(file) {
            match scope.class_of(&ctor).as_deref() {
                Some("SecurityGroup") => {
                    for prop in ts::properties(&config) {
                        if (prop.key == "ingress" || prop.key == "egress")
                            && prop.value.kind() == "array"
                        {
                            for block in prop.value.children().filter(|c| c.kind() == "object") {
                                check_block(file, &block, "protocol", Kind::Block, out);
                            }
                        }
                    }
                }
                Some("SecurityGroupRule") => {
                    check_block(file, &config, "protocol", Kind::Block, out)
                }
                Some("VpcSecurityGroupIngressRule" | "VpcSecurityGroupEgressRule") => {
                    check_block(file, &config, "ipProtocol", Kind::VpcRule, out)
                }
                _ => {}
            }
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Inline blocks and `SecurityGroupRule`: ports must be 0/0 with "-1".
    Block,
    /// `VpcSecurityGroup*Rule`: ports must be absent with "-1".
    VpcRule,
}

fn find<'a, 'r>(props: &'a [Property<'r>], key: &str) -> Option<&'a Property<'r>> {
    props.iter().find(|p| p.key == key)
}

fn check_block(
    file: &ParsedFile,
    object: &N,
    protocol_key: &str,
    kind: Kind,
    out: &mut Vec<Diagnostic>,
) {
    if ts::has_spread(object) {
        return;
    }
    let props = ts::properties(object);
    let Some(protocol) = find(&props, protocol_key) else {
        return;
    };
    let Some(proto) = ts::string_value(&protocol.value) else {
        return;
    };
    let from = find(&props, "fromPort");
    let to = find(&props, "toPort");
    let value = |p: Option<&Property>| p.map(|p| ts::int_value(&p.value));
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
                    range: computed.unwrap().pair.range(),
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
                let mut edits = Vec::new();
                for p in [from, to].into_iter().flatten() {
                    edits.push(Edit::delete(removal_with_line(
                        file.text,
                        ts::property_removal(file.text, &p.pair),
                    )));
                }
                out.push(Diagnostic {
                    rule: META.id,
                    range: protocol.pair.range(),
                    message: format!(
                        "ipProtocol \"{proto}\" must not set ports (found {} to {}): remove fromPort and toPort",
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
                if ts::int_value(&p.value) != Some(0) {
                    edits.push(Edit::replace(p.value.range(), "0"));
                }
            }
            // Keep both ports present: the provider requires them.
            let present = from.or(to).unwrap();
            let missing = if from.is_none() {
                Some("fromPort")
            } else if to.is_none() {
                Some("toPort")
            } else {
                None
            };
            if let Some(key) = missing {
                let start = present.pair.range().start;
                let line_start = file.text[..start].rfind('\n').map_or(0, |i| i + 1);
                let text = if file.text[line_start..start].trim().is_empty() {
                    format!("{key}: 0,{}{}", file.newline(), indent_at(file.text, start))
                } else {
                    format!("{key}: 0, ")
                };
                edits.push(Edit::insert(start, text));
            }
            out.push(Diagnostic {
                rule: META.id,
                range: protocol.pair.range(),
                message: format!(
                    "protocol \"{proto}\" (all traffic) needs fromPort and toPort to be 0 (found {} to {}); 0/0 already means every port",
                    shown(from_v),
                    shown(to_v)
                ),
                fix: Some(Fix::safe(edits)),
            });
        }
        "tcp" | "udp" | "6" | "17" if from_v == Some(Some(0)) && to_v == Some(Some(0)) => {
            let to = to.expect("toPort is present: its value is 0");
            out.push(Diagnostic {
                rule: META.id,
                range: to.pair.range(),
                message: format!(
                    "protocol \"{proto}\" with ports 0 to 0 opens port 0 only; every port is 0 to 65535 (or protocol \"-1\" for all traffic)"
                ),
                fix: Some(Fix::unsafe_(vec![Edit::replace(to.value.range(), "65535")])),
            });
        }
        _ => {}
    }
}
