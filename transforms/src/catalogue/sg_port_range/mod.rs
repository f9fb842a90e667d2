//! `sg-port-range`: security-group port ranges that the AWS provider rejects or that do not
//! mean what their author meant.
//!
//! This file holds the language-neutral half: from the facts one rule block holds (its
//! protocol, and what its two ports are as read from the source) to what is wrong, the fixed
//! values and their safety. The language files only read the facts and render the edits.

mod go;
mod python;
mod typescript;

use crate::lang::Lang;
use crate::syntax::layout::starts_line;
use crate::syntax::{indent_at, N};
use crate::{Context, Diagnostic, Edit, Fix, ParsedFile, Safety, Transform, TransformMeta};
use std::ops::Range;

pub struct SgPortRange;

static META: TransformMeta = TransformMeta {
    id: "sg-port-range",
    kind: crate::Kind::Defect,
    summary: "Security-group port ranges: 0/0 for protocol \"-1\", no ports on VPC \"-1\" rules, 0-65535 for tcp/udp 0/0",
    languages: &[Lang::TypeScript, Lang::Tsx, Lang::Python, Lang::Go],
    fixes: &[Safety::Safe, Safety::Unsafe],
    triggers: &["fromPort", "toPort", "from_port", "to_port", "FromPort", "ToPort"],
    reads_project: false,
    docs: r#"
## What it does
Checks the port ranges of security-group rules:
- inline `ingress`/`egress` blocks of `SecurityGroup` with protocol `"-1"` (or `"all"`) and
  ports other than 0/0: sets both ports to 0;
- `SecurityGroupRule` with protocol `"-1"` (or `"all"`): its port values are left alone, whatever
  they are (the provider does not send them, see below); only a port missing next to the other
  is reported, and set to 0, since the resource requires both;
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
`SecurityGroupRule` it ignores the ports: it sends none to the EC2 API with protocol `"-1"`
(the API rejects ports with the "ALL" protocol) and suppresses the difference between configured
ports and the stored 0, so `0`/`65535` there deploys the same rule as 0/0 and is not reported. The
`aws_vpc_security_group_*_rule` resources document that the ports must not be set with
`ip_protocol = "-1"`; set ports cause a diff on every plan and a failed update. A tempting
"fix" of `-1` rules is `toPort: 65535`; the provider rejects it: keep 0/0.

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
Protocol `"-1"` fixes are safe: the input cannot be applied (inline blocks, a rule missing a
required port) or the ports must be absent, so nothing deployed changes beyond what was asked. The tcp/udp 0/0 →
0-65535 fix is unsafe: it widens network access, so it needs `--unsafe-fixes`; `check` reports
it either way. If "all traffic" was meant, protocol `"-1"` with ports 0/0 is the choice.
A rewritten block keeps `fromPort`, `toPort` and the protocol present: the provider requires
them even where the TypeScript types mark them optional.

## Source
The `aws_security_group` documentation (protocol `"-1"` requires `from_port` and `to_port` 0):
https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/security_group; the `aws_security_group_rule`
(https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/security_group_rule) and `aws_vpc_security_group_egress_rule`
(https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/vpc_security_group_egress_rule) documentation; the provider's
validation of the "-1" protocol, and the `aws_security_group_rule` code that sends no ports for
it (`expandIPPermission` and the `from_port`/`to_port` diff suppression in
`internal/service/ec2/vpc_security_group_rule.go`), in its source,
https://github.com/hashicorp/terraform-provider-aws.
"#,
};

impl Transform for SgPortRange {
    fn meta(&self) -> &'static TransformMeta {
        &META
    }

    fn check(&self, file: &ParsedFile, ctx: &Context, out: &mut Vec<Diagnostic>) {
        match file.lang {
            Lang::Go => go::check(file, ctx, out),
            Lang::Python => python::check(file, ctx, out),
            _ => typescript::check(file, ctx, out),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    /// Inline blocks: ports must be 0/0 with "-1".
    Block,
    /// `SecurityGroupRule`: both ports are required, but with "-1" the provider sends none of
    /// them (and suppresses their diff), so any values are fine.
    Rule,
    /// `VpcSecurityGroup*Rule`: ports must be absent with "-1".
    VpcRule,
}

/// One port of a block as the source spells it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Port {
    /// No such key.
    Absent,
    /// A literal whole number (`0`, `65535`, `jsii.Number(0)`).
    Number(i64),
    /// Anything else: a variable, a call, an expression.
    Computed,
}

impl Port {
    fn shown(self) -> String {
        match self {
            Port::Number(n) => n.to_string(),
            Port::Absent | Port::Computed => "unset".to_string(),
        }
    }
}

/// Which of the two ports.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum End {
    From,
    To,
}

/// A block's facts, and the keys as the language spells them (for the messages).
struct Block<'a> {
    pub kind: Kind,
    /// The protocol's literal value, as written (`"-1"`, `"TCP"`).
    pub protocol: &'a str,
    pub from: Port,
    pub to: Port,
    /// `[protocol key, from key, to key]`: `ipProtocol`/`ip_protocol`/`IpProtocol`, ...
    pub keys: [&'a str; 3],
}

/// Where a finding is reported.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum At {
    /// The protocol's key/value pair.
    Protocol,
    /// That port's key/value pair.
    Port(End),
}

/// What the fix does; the language renders it as edits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Action {
    /// Nothing can be rewritten (a computed port next to "-1"): report only.
    None,
    /// Remove every port that is present (a VPC rule with "-1"). Safe.
    RemovePorts,
    /// Set the listed present ports to 0 and insert the missing one (if any) as 0: the provider
    /// requires both. Safe.
    ZeroPorts {
        from: bool,
        to: bool,
        insert: Option<End>,
    },
    /// Set the `to` port (present, 0) to 65535: widens access, so unsafe.
    OpenToPort,
}

struct Verdict {
    pub at: At,
    pub action: Action,
    pub message: String,
}

/// What is wrong with the block, if anything.
fn judge(b: &Block) -> Option<Verdict> {
    let Block {
        kind,
        protocol: proto,
        from,
        to,
        keys: [protocol_key, from_key, to_key],
    } = *b;
    match proto.to_ascii_lowercase().as_str() {
        "-1" | "all" => {
            if from == Port::Absent && to == Port::Absent {
                return None;
            }
            if kind == Kind::Rule {
                // The values are ignored; only a missing port (the provider requires both) is
                // wrong, and 0 is the conventional value to write.
                let insert = match (from, to) {
                    (Port::Absent, _) => End::From,
                    (_, Port::Absent) => End::To,
                    _ => return None,
                };
                return Some(Verdict {
                    at: At::Protocol,
                    action: Action::ZeroPorts {
                        from: false,
                        to: false,
                        insert: Some(insert),
                    },
                    message: format!(
                        "a security group rule needs both {from_key} and {to_key} (found {} to {}); with protocol \"{proto}\" the provider ignores their values, so set the missing one to 0",
                        from.shown(),
                        to.shown()
                    ),
                });
            }
            if from == Port::Computed || to == Port::Computed {
                let end = if from == Port::Computed {
                    End::From
                } else {
                    End::To
                };
                return Some(Verdict {
                    at: At::Port(end),
                    action: Action::None,
                    message: format!(
                        "protocol \"{proto}\" needs both ports to be 0{}; this port is computed, so make sure it evaluates to 0",
                        if kind == Kind::VpcRule { " or absent" } else { "" }
                    ),
                });
            }
            if kind == Kind::VpcRule {
                return Some(Verdict {
                    at: At::Protocol,
                    action: Action::RemovePorts,
                    message: format!(
                        "{protocol_key} \"{proto}\" must not set ports (found {} to {}): remove {from_key} and {to_key}",
                        from.shown(),
                        to.shown()
                    ),
                });
            }
            if from == Port::Number(0) && to == Port::Number(0) {
                return None;
            }
            let wrong = |p: Port| matches!(p, Port::Number(n) if n != 0);
            let insert = match (from, to) {
                (Port::Absent, _) => Some(End::From),
                (_, Port::Absent) => Some(End::To),
                _ => None,
            };
            Some(Verdict {
                at: At::Protocol,
                action: Action::ZeroPorts {
                    from: wrong(from),
                    to: wrong(to),
                    insert,
                },
                message: format!(
                    "protocol \"{proto}\" (all traffic) needs {from_key} and {to_key} to be 0 (found {} to {}); 0/0 already means every port",
                    from.shown(),
                    to.shown()
                ),
            })
        }
        "tcp" | "udp" | "6" | "17" if from == Port::Number(0) && to == Port::Number(0) => {
            Some(Verdict {
                at: At::Port(End::To),
                action: Action::OpenToPort,
                message: format!(
                    "protocol \"{proto}\" with ports 0 to 0 opens port 0 only; every port is 0 to 65535 (or protocol \"-1\" for all traffic)"
                ),
            })
        }
        _ => None,
    }
}

/// Where a block's protocol and ports are in the source, whatever the language.
struct Parts {
    /// The protocol's item (`protocol: "-1"`, `ip_protocol="-1"`, `Protocol: jsii.String("-1")`).
    pub protocol: Range<usize>,
    pub from: Option<Part>,
    pub to: Option<Part>,
}

/// A port's item, when present.
struct Part {
    /// The whole item (`fromPort: 0`, `from_port=0`, `FromPort: jsii.Number(0)`).
    pub range: Range<usize>,
    /// The literal whole number it holds, with the range a new number replaces (in Go the
    /// literal inside `jsii.Number(...)`); `None` when the port is computed.
    pub number: Option<(i64, Range<usize>)>,
}

impl Part {
    /// An item whose value, `value`, holds `number` when it is a literal.
    pub fn new(range: Range<usize>, number: Option<i64>, value: &N) -> Part {
        Part {
            range,
            number: number.map(|n| (n, value.range())),
        }
    }
}

impl Parts {
    /// From one language's items: the protocol's range, and the ports read by `part`.
    pub fn of<T>(
        protocol: Range<usize>,
        [from, to]: [Option<T>; 2],
        part: impl Fn(T) -> Part,
    ) -> Parts {
        Parts {
            protocol,
            from: from.map(&part),
            to: to.map(&part),
        }
    }

    /// The facts of the block for [`judge`].
    pub fn facts<'a>(&self, kind: Kind, protocol: &'a str, keys: [&'a str; 3]) -> Block<'a> {
        let port = |p: &Option<Part>| match p {
            None => Port::Absent,
            Some(Part {
                number: Some((n, _)),
                ..
            }) => Port::Number(*n),
            Some(_) => Port::Computed,
        };
        Block {
            kind,
            protocol,
            from: port(&self.from),
            to: port(&self.to),
            keys,
        }
    }

    fn port(&self, end: End) -> &Part {
        match end {
            End::From => &self.from,
            End::To => &self.to,
        }
        .as_ref()
        .expect("the verdict names a present port")
    }

    /// Replaces a port's literal number by `value`.
    fn set(&self, end: End, value: &str) -> Edit {
        let number = self.port(end).number.as_ref();
        let (_, literal) = number.expect("the verdict sets literal ports only");
        Edit::replace(literal.clone(), value)
    }
}

/// How one language's syntax spells the edits that add or remove a port; the verdict decides
/// which, and replaces numbers itself.
trait Site {
    /// Inserts the absent port `end` as 0 next to the present one.
    fn insert_zero(&self, end: End) -> Vec<Edit>;
    /// Removes every present port.
    fn remove_ports(&self) -> Vec<Edit>;
    /// A last pass over a fix's edits (Go re-aligns the comments after them).
    fn finish(&self, edits: Vec<Edit>) -> Vec<Edit> {
        edits
    }
}

impl Verdict {
    /// The diagnostic, with the action rendered as edits, under the action's safety.
    pub fn render(self, parts: &Parts, site: &impl Site) -> Diagnostic {
        let fix = match self.action {
            Action::None => None,
            Action::RemovePorts => Some(Fix::safe(site.finish(site.remove_ports()))),
            Action::ZeroPorts { from, to, insert } => {
                let mut edits = Vec::new();
                for (zero, end) in [(from, End::From), (to, End::To)] {
                    if zero {
                        edits.push(parts.set(end, "0"));
                    }
                }
                if let Some(end) = insert {
                    edits.extend(site.insert_zero(end));
                }
                Some(Fix::safe(site.finish(edits)))
            }
            Action::OpenToPort => {
                Some(Fix::unsafe_(site.finish(vec![parts.set(End::To, "65535")])))
            }
        };
        let range = match self.at {
            At::Protocol => parts.protocol.clone(),
            At::Port(end) => parts.port(end).range.clone(),
        };
        Diagnostic {
            transform: META.id,
            range,
            message: self.message,
            fix,
        }
    }
}

/// Judges the block and reports what is wrong with it, with its fix.
fn report(
    parts: &Parts,
    kind: Kind,
    protocol: &str,
    keys: [&str; 3],
    site: &impl Site,
    out: &mut Vec<Diagnostic>,
) {
    if let Some(verdict) = judge(&parts.facts(kind, protocol, keys)) {
        out.push(verdict.render(parts, site));
    }
}

/// Inserts `item` (`fromPort: 0`) before the item that starts at `start`: on a line of its own
/// when that item starts its line, else inline.
fn insert_before(file: &ParsedFile, start: usize, item: &str) -> Edit {
    let text = if starts_line(file.text, start) {
        format!("{item},{}{}", file.newline(), indent_at(file.text, start))
    } else {
        format!("{item}, ")
    };
    Edit::insert(start, text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use Port::{Absent, Computed, Number};

    /// The verdict on a block with the TypeScript keys.
    fn judged(kind: Kind, protocol: &str, from: Port, to: Port) -> Option<Verdict> {
        judge(&Block {
            kind,
            protocol,
            from,
            to,
            keys: ["protocol", "fromPort", "toPort"],
        })
    }

    /// Protocol at 1..2, fromPort at 10..15 with its number at 12..13, toPort at 20..25 with
    /// its number at 22..23.
    fn parts(from: bool, to: bool) -> Parts {
        let part = |at: usize| Part {
            range: at..at + 5,
            number: Some((0, at + 2..at + 3)),
        };
        Parts {
            protocol: 1..2,
            from: from.then(|| part(10)),
            to: to.then(|| part(20)),
        }
    }

    /// Inserts and removes by marker edits.
    struct Fake;
    impl Site for Fake {
        fn insert_zero(&self, end: End) -> Vec<Edit> {
            vec![Edit::insert(0, format!("{end:?}"))]
        }
        fn remove_ports(&self) -> Vec<Edit> {
            vec![Edit::delete(10..25)]
        }
    }

    #[test]
    fn rendered_fixes_set_and_insert_the_ports_the_verdict_names() {
        let d = judged(Kind::Block, "-1", Absent, Number(65535))
            .unwrap()
            .render(&parts(false, true), &Fake);
        assert_eq!(d.range, 1..2);
        assert_eq!(
            d.fix.unwrap(),
            Fix::safe(vec![Edit::replace(22..23, "0"), Edit::insert(0, "From")])
        );
        let d = judged(Kind::Block, "-1", Number(0), Computed)
            .unwrap()
            .render(&parts(true, true), &Fake);
        assert_eq!((d.range, d.fix), (20..25, None));
    }

    #[test]
    fn ports_are_read_as_absent_literal_or_computed() {
        let mut p = parts(true, true);
        p.from.as_mut().unwrap().number = Some((7, 12..13));
        p.to.as_mut().unwrap().number = None;
        let b = p.facts(Kind::Block, "-1", ["p", "f", "t"]);
        assert_eq!((b.from, b.to), (Number(7), Computed));
        let b = parts(false, true).facts(Kind::VpcRule, "tcp", ["p", "f", "t"]);
        assert_eq!((b.kind, b.protocol), (Kind::VpcRule, "tcp"));
        assert_eq!((b.from, b.to), (Absent, Number(0)));
    }

    #[test]
    fn report_pushes_only_what_is_wrong() {
        let mut out = Vec::new();
        let keys = ["protocol", "fromPort", "toPort"];
        report(&parts(true, true), Kind::Block, "-1", keys, &Fake, &mut out);
        assert!(out.is_empty());
        report(
            &parts(true, true),
            Kind::VpcRule,
            "-1",
            keys,
            &Fake,
            &mut out,
        );
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].fix, Some(Fix::safe(vec![Edit::delete(10..25)])));
    }

    #[test]
    fn all_protocol_with_ports_other_than_zero_sets_them_to_zero() {
        let v = judged(Kind::Block, "-1", Number(0), Number(65535)).unwrap();
        assert_eq!(v.at, At::Protocol);
        assert_eq!(
            v.action,
            Action::ZeroPorts {
                from: false,
                to: true,
                insert: None
            }
        );
        assert!(v.message.contains("found 0 to 65535"), "{}", v.message);
    }

    #[test]
    fn all_protocol_with_one_port_inserts_the_other() {
        let v = judged(Kind::Block, "ALL", Absent, Number(5)).unwrap();
        assert_eq!(
            v.action,
            Action::ZeroPorts {
                from: false,
                to: true,
                insert: Some(End::From)
            }
        );
        assert!(v.message.contains("found unset to 5"), "{}", v.message);
        let v = judged(Kind::Block, "-1", Number(0), Absent).unwrap();
        assert_eq!(
            v.action,
            Action::ZeroPorts {
                from: false,
                to: false,
                insert: Some(End::To)
            }
        );
    }

    #[test]
    fn correct_or_portless_blocks_are_fine() {
        assert!(judged(Kind::Block, "-1", Number(0), Number(0)).is_none());
        assert!(judged(Kind::Block, "-1", Absent, Absent).is_none());
        assert!(judged(Kind::VpcRule, "-1", Absent, Absent).is_none());
        assert!(judged(Kind::Block, "tcp", Number(0), Number(65535)).is_none());
        assert!(judged(Kind::Block, "icmp", Number(0), Number(0)).is_none());
        assert!(judged(Kind::Block, "tcp", Computed, Number(0)).is_none());
    }

    #[test]
    fn security_group_rule_ports_are_ignored_with_all_protocol_but_required() {
        // The provider sends no ports for "-1": any values deploy the same rule.
        for (from, to) in [
            (Number(0), Number(65535)),
            (Number(-1), Number(-1)),
            (Number(0), Computed),
            (Number(0), Number(0)),
            (Absent, Absent),
        ] {
            assert!(
                judged(Kind::Rule, "-1", from, to).is_none(),
                "{from:?} {to:?}"
            );
            assert!(
                judged(Kind::Rule, "ALL", from, to).is_none(),
                "{from:?} {to:?}"
            );
        }
        // A missing one is still required: inserted as 0, the other left alone.
        let v = judged(Kind::Rule, "-1", Absent, Number(65535)).unwrap();
        assert_eq!(
            v.action,
            Action::ZeroPorts {
                from: false,
                to: false,
                insert: Some(End::From)
            }
        );
        assert!(v.message.contains("ignores their values"), "{}", v.message);
        assert!(!v.message.contains("to be 0"), "{}", v.message);
        // tcp 0/0 opens port 0 only on a rule too.
        let v = judged(Kind::Rule, "tcp", Number(0), Number(0)).unwrap();
        assert_eq!(v.action, Action::OpenToPort);
    }

    #[test]
    fn computed_port_is_reported_without_a_fix() {
        let v = judged(Kind::Block, "-1", Number(1), Computed).unwrap();
        assert_eq!((v.at, v.action), (At::Port(End::To), Action::None));
        assert!(!v.message.contains("or absent"), "{}", v.message);
        let v = judged(Kind::VpcRule, "-1", Computed, Number(0)).unwrap();
        assert_eq!(v.at, At::Port(End::From));
        assert!(v.message.contains("or absent"), "{}", v.message);
    }

    #[test]
    fn vpc_rule_with_all_protocol_drops_its_ports_even_at_zero() {
        let v = judge(&Block {
            kind: Kind::VpcRule,
            protocol: "-1",
            from: Number(0),
            to: Number(0),
            keys: ["ip_protocol", "from_port", "to_port"],
        })
        .unwrap();
        assert_eq!((v.at, v.action), (At::Protocol, Action::RemovePorts));
        assert_eq!(
            v.message,
            "ip_protocol \"-1\" must not set ports (found 0 to 0): remove from_port and to_port"
        );
        let d = v.render(&parts(true, true), &Fake);
        assert_eq!(d.range, 1..2);
        assert_eq!(d.fix.unwrap(), Fix::safe(vec![Edit::delete(10..25)]));
    }

    #[test]
    fn tcp_zero_to_zero_opens_every_port_as_an_unsafe_fix() {
        for proto in ["tcp", "UDP", "6", "17"] {
            let v = judged(Kind::Block, proto, Number(0), Number(0)).unwrap();
            assert_eq!((v.at, v.action), (At::Port(End::To), Action::OpenToPort));
            let d = v.render(&parts(true, true), &Fake);
            assert_eq!(d.range, 20..25);
            assert_eq!(
                d.fix.unwrap(),
                Fix::unsafe_(vec![Edit::replace(22..23, "65535")])
            );
        }
    }
}
