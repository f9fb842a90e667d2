//! `sg-port-range` in TypeScript: inline `ingress`/`egress` object literals of `SecurityGroup`,
//! and the configurations of `SecurityGroupRule` and `VpcSecurityGroup{Ingress,Egress}Rule`.

use super::{insert_before, report, End, Kind, Part, Parts, Site};
use crate::style::Style;
use crate::syntax::layout;
use crate::syntax::ts::{self, Property};
use crate::syntax::{removal_with_line, N};
use crate::{Context, Diagnostic, Edit, ParsedFile};

pub(super) fn check(file: &ParsedFile, ctx: &Context, out: &mut Vec<Diagnostic>) {
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
                            check_block(file, ctx, &block, "protocol", Kind::Block, out);
                        }
                    }
                }
            }
            Some("SecurityGroupRule") => {
                check_block(file, ctx, &config, "protocol", Kind::Rule, out)
            }
            Some("VpcSecurityGroupIngressRule" | "VpcSecurityGroupEgressRule") => {
                check_block(file, ctx, &config, "ipProtocol", Kind::VpcRule, out)
            }
            _ => {}
        }
    }
}

fn find<'a, 'r>(props: &'a [Property<'r>], key: &str) -> Option<&'a Property<'r>> {
    props.iter().find(|p| p.key == key)
}

fn check_block(
    file: &ParsedFile,
    ctx: &Context,
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
    let site = TsSite {
        file,
        style: ctx.style,
        from,
        to,
    };
    report(&parts, kind, &proto, keys, &site, out);
}

/// Adds and removes ports in an object literal.
struct TsSite<'a, 'p, 'r> {
    file: &'a ParsedFile<'a>,
    style: &'a Style,
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
        vec![insert_before(self.file, present.pair.range().start, item)]
    }
    fn remove_ports(&self) -> Vec<Edit> {
        let text = self.file.text;
        [self.from, self.to]
            .into_iter()
            .flatten()
            .map(|p| Edit::delete(removal_with_line(text, ts::property_removal(text, &p.pair))))
            .collect()
    }
    /// In a prettier project, the changed construct as prettier prints it.
    fn finish(&self, edits: Vec<Edit>) -> Vec<Edit> {
        layout::ts_edits(self.style, self.file, edits)
    }
}
