//! `sg-port-range`: security-group port ranges that the AWS provider rejects or that do not
//! mean what their author meant.

mod go;

use crate::lang::Lang;
use crate::syntax::ts::{self, Property};
use crate::syntax::{removal_with_line, N};
use crate::{Context, Diagnostic, Edit, ParsedFile, Safety, Transform, TransformMeta};

mod python;
mod verdict;

use verdict::{End, Kind, Part, Parts, Site};

pub struct SgPortRange;

static META: TransformMeta = TransformMeta {
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
`VpcSecurityGroup*Transform(...)`, and dictionaries in a `SecurityGroup`'s `ingress=`/`egress=`
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

impl Transform for SgPortRange {
    fn meta(&self) -> &'static TransformMeta {
        &META
    }

    fn check(&self, file: &ParsedFile, ctx: &Context, out: &mut Vec<Diagnostic>) {
        if file.lang == Lang::Go {
            return go::check(file, ctx, out);
        }
        if file.lang == Lang::Python {
            return python::check(file, ctx, out);
        }
        let scope = file.provider_scope(ctx.index);
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
    let (from, to) = (find(&props, "fromPort"), find(&props, "toPort"));
    let part = |p: &Property| Part::new(p.pair.range(), ts::int_value(&p.value), &p.value);
    let parts = Parts::of(protocol.pair.range(), [from, to], part);
    let keys = [protocol_key, "fromPort", "toPort"];
    let site = TsSite { file, from, to };
    verdict::report(&parts, kind, &proto, keys, &site, out);
}

/// Adds and removes ports in an object literal.
struct TsSite<'a, 'p, 'r> {
    file: &'a ParsedFile<'a>,
    from: Option<&'p Property<'r>>,
    to: Option<&'p Property<'r>>,
}

impl Site for TsSite<'_, '_, '_> {
    /// Before the port that is present, in its layout.
    fn insert_zero(&self, end: End) -> Vec<Edit> {
        let present = self.from.or(self.to).expect("one port is present");
        let item = match end {
            End::From => "fromPort: 0",
            End::To => "toPort: 0",
        };
        vec![verdict::insert_before(
            self.file,
            present.pair.range().start,
            item,
        )]
    }
    fn remove_ports(&self) -> Vec<Edit> {
        let text = self.file.text;
        [self.from, self.to]
            .into_iter()
            .flatten()
            .map(|p| Edit::delete(removal_with_line(text, ts::property_removal(text, &p.pair))))
            .collect()
    }
}
