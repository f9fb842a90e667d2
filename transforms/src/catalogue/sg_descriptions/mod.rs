//! `sg-descriptions`: security groups and their rules without a `description`.

mod go;

use crate::lang::Lang;
use crate::syntax::construct::{self, key_in, Construct, Scope};
use crate::syntax::N;
use crate::{Context, Diagnostic, ParsedFile, Transform, TransformMeta};

pub struct SgDescriptions;

static META: TransformMeta = TransformMeta {
    id: "sg-descriptions",
    kind: crate::Kind::Policy,
    summary: "Security groups and security-group rules without a description",
    languages: &[Lang::TypeScript, Lang::Tsx, Lang::Python, Lang::Go],
    fixes: &[],
    triggers: &["SecurityGroup", "security_group"],
    reads_project: false,
    docs: r#"
## What it does
Reports, for provider classes resolved through the file's imports:
- a `SecurityGroup` without `description`;
- each inline `ingress` / `egress` rule of a `SecurityGroup` (an object literal, a Python dict or
  a `SecurityGroupIngress(...)` / `SecurityGroupEgress(...)` struct) without `description`;
- a `SecurityGroupRule`, `VpcSecurityGroupIngressRule` or `VpcSecurityGroupEgressRule` without
  `description`.
In Go the same for `securitygroup.NewSecurityGroup(...)` and the rule packages' constructors
(`Description` in the config structs, the elements of `Ingress` / `Egress`).
A config with a spread (`...common`, `**kwargs`) or passed as a variable is not reported: its
keys are unknown here. The shorthand `{ description, ... }` is a description.

## Why
Without a description AWS shows "Managed by Terraform" on the group and nothing on the rules:
ports and CIDRs alone do not say why a hole is open, which is what a security review asks. The
group's description cannot be changed later without replacing the group (the AWS API has no
update for it), so it belongs in the first version; rule descriptions are updated in place.

## Example
```ts
new SecurityGroup(this, "db", {
  vpcId: vpc.id,
  ingress: [{ fromPort: 5432, toPort: 5432, protocol: "tcp", cidrBlocks: ["10.0.0.0/16"] }],
});
```
is reported twice; what it should be:
```ts
new SecurityGroup(this, "db", {
  vpcId: vpc.id,
  description: "PostgreSQL for the application tier",
  ingress: [{
    description: "PostgreSQL from the application subnets",
    fromPort: 5432, toPort: 5432, protocol: "tcp", cidrBlocks: ["10.0.0.0/16"],
  }],
});
```

## Fix safety
Detect-only: only the author knows what the group and each rule are for. Adding a description
to an existing group later replaces it, so write it before the first deploy.

## Source
The `description` arguments of `aws_security_group` (changing it forces a new group,
https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/security_group), `aws_security_group_rule`
(https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/security_group_rule), `aws_vpc_security_group_ingress_rule`
(https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/vpc_security_group_ingress_rule) and
`aws_vpc_security_group_egress_rule` (https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/vpc_security_group_egress_rule).
"#,
};

/// The finding for an inline ingress/egress block without a description; `suggestion` spells
/// the property in the file's language.
fn block_message(direction: &str, suggestion: impl Fn(&str) -> String) -> String {
    let what = if direction == "ingress" {
        "<service> from <source>"
    } else {
        "<service> to <destination>"
    };
    format!(
        "{direction} rule without a description: ports and CIDRs do not say why this is open; add {} (updated in place, no replacement)",
        suggestion(what)
    )
}

impl Transform for SgDescriptions {
    fn meta(&self) -> &'static TransformMeta {
        &META
    }

    fn check(&self, file: &ParsedFile, ctx: &Context, out: &mut Vec<Diagnostic>) {
        if file.lang == Lang::Go {
            return go::check(file, out);
        }
        let Some(scope) = Scope::of(file, ctx.index) else {
            return;
        };
        let lang = file.lang;
        let py = lang == Lang::Python;
        let suggestion = |what: &str| {
            if py {
                format!("description=\"{what}\"")
            } else {
                format!("description: \"{what}\"")
            }
        };
        for c in file.constructs(ctx.index) {
            match c.class.as_str() {
                "SecurityGroup" => {
                    if lacks_description(lang, c) {
                        out.push(Diagnostic {
                            transform: META.id,
                            range: c.ctor.range(),
                            message: format!(
                                "security group without a description: AWS shows \"Managed by Terraform\" and the description cannot be changed later without replacing the group; add {}",
                                suggestion("<what it protects and who may connect>")
                            ),
                            fix: None,
                        });
                    }
                    let Some(config) = &c.config else { continue };
                    let Some(props) = config.props() else {
                        continue;
                    };
                    for direction in ["ingress", "egress"] {
                        let Some(list) = construct::find(&props, direction) else {
                            continue;
                        };
                        for block in construct::items(&list.value).unwrap_or_default() {
                            if block_lacks_description(lang, &scope, &block) {
                                out.push(Diagnostic {
                                    transform: META.id,
                                    range: block.range(),
                                    message: block_message(direction, suggestion),
                                    fix: None,
                                });
                            }
                        }
                    }
                }
                "SecurityGroupRule"
                | "VpcSecurityGroupIngressRule"
                | "VpcSecurityGroupEgressRule"
                    if lacks_description(lang, c) =>
                {
                    out.push(Diagnostic {
                        transform: META.id,
                        range: c.ctor.range(),
                        message: format!(
                            "{} without a description: ports and CIDRs do not say why this is open; add {} (updated in place, no replacement)",
                            c.class,
                            suggestion("<service> from/to <peer>")
                        ),
                        fix: None,
                    });
                }
                _ => {}
            }
        }
    }
}

/// Whether a construction certainly has no `description` (its keys are all known).
fn lacks_description(lang: Lang, c: &Construct) -> bool {
    if c.computed.is_some() {
        return false;
    }
    match &c.config {
        None => true,
        Some(config) => {
            !has_shorthand_description(&config.node)
                && config
                    .props()
                    .is_some_and(|p| construct::find(&p, &key_in(lang, "description")).is_none())
        }
    }
}

/// TypeScript's shorthand property `{ description, ... }`: a description from a variable of
/// that name.
fn has_shorthand_description(object: &N) -> bool {
    object
        .children()
        .any(|c| c.kind() == "shorthand_property_identifier" && c.text() == "description")
}

/// An inline rule: an object / dict literal, or a Python `SecurityGroupIngress(...)` struct.
fn block_lacks_description(lang: Lang, scope: &Scope, block: &N) -> bool {
    let literal = matches!(block.kind().as_ref(), "object" | "dictionary");
    let is_struct = block.kind() == "call"
        && block
            .field("function")
            .and_then(|f| scope.class_of(&f))
            .is_some_and(|(c, _)| c == "SecurityGroupIngress" || c == "SecurityGroupEgress");
    if !literal && !is_struct {
        return false;
    }
    !has_shorthand_description(block)
        && construct::props(lang, block)
            .is_some_and(|p| construct::find(&p, "description").is_none())
}
