//! `nat-gateway-depends-on`: a public NAT gateway without an explicit dependency on the
//! internet gateway of its VPC.

mod go;

use crate::lang::Lang;
use crate::syntax::construct::{self, key_in, Construct};
use crate::syntax::N;
use crate::{Context, Diagnostic, Fix, ParsedFile, Safety, Transform, TransformMeta};

pub struct NatGatewayDependsOn;

static META: TransformMeta = TransformMeta {
    id: "nat-gateway-depends-on",
    summary: "NAT gateways without dependsOn on the internet gateway the file creates",
    languages: &[Lang::TypeScript, Lang::Tsx, Lang::Python, Lang::Go],
    fixes: &[Safety::Safe],
    triggers: &["NatGateway"],
    docs: r#"
## What it does
Finds each `NatGateway` without `dependsOn` (`depends_on` in Python) in a file that creates an
`InternetGateway` bound to a variable (`const igw = new InternetGateway(...)`,
`this.igw = ...`, `igw = InternetGateway(...)`) before it and in view of it (the same block for
a local variable, the same class for `this.igw` / `self.igw`), and adds `dependsOn: [igw]`
as the config's last property, in its layout (Go: `DependsOn:
&[]cdktf.ITerraformDependable{igw}` for `igw := internetgateway.NewInternetGateway(...)` in the
same block, aligned as gofmt aligns it). Private NAT gateways
(`connectivityType: "private"`) need no internet gateway and are left alone. With several
internet gateways in view, the finding names them and offers no fix: which VPC the NAT gateway's
subnet belongs to is not visible here.

## Why
A NAT gateway only references its subnet and Elastic IP, so nothing tells Terraform that it needs
the internet gateway: both are created in parallel, and a NAT gateway that becomes available
before the VPC has its internet gateway can fail or come up without a working route. The
`aws_nat_gateway` documentation recommends the explicit `depends_on` on the internet gateway.

## Example
```ts
const igw = new InternetGateway(this, "igw", { vpcId: vpc.id });
new NatGateway(this, "nat", { allocationId: eip.id, subnetId: publicSubnet.id });
```
becomes
```ts
const igw = new InternetGateway(this, "igw", { vpcId: vpc.id });
new NatGateway(this, "nat", { allocationId: eip.id, subnetId: publicSubnet.id, dependsOn: [igw] });
```

## Fix safety
Safe: `depends_on` only orders creation (and destruction); the resources and their settings do
not change, and nothing is replaced.

## Source
The `aws_nat_gateway` documentation, which recommends an explicit dependency on the internet
gateway: https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/nat_gateway; `dependsOn` on resources in the CDKTF
documentation: https://developer.hashicorp.com/terraform/cdktf/concepts/resources.
"#,
};

impl Transform for NatGatewayDependsOn {
    fn meta(&self) -> &'static TransformMeta {
        &META
    }

    fn check(&self, file: &ParsedFile, ctx: &Context, out: &mut Vec<Diagnostic>) {
        if file.lang == Lang::Go {
            return go::check(file, out);
        }
        let lang = file.lang;
        let all = file.constructs(ctx.index);
        let gateways: Vec<&Construct> = all
            .iter()
            .filter(|c| {
                c.class == "InternetGateway" && c.binding.is_some() && c.statement.is_some()
            })
            .collect();
        if gateways.is_empty() {
            return;
        }
        let depends_on = key_in(lang, "dependsOn");
        for nat in all.iter().filter(|c| c.class == "NatGateway") {
            let Some(config) = &nat.config else { continue };
            let Some(props) = config.props() else {
                continue;
            };
            if construct::find(&props, &depends_on).is_some() {
                continue;
            }
            let private = construct::find(&props, &key_in(lang, "connectivityType"))
                .and_then(|p| construct::string_value(lang, &p.value))
                .is_some_and(|v| v == "private");
            if private {
                continue;
            }
            let visible: Vec<&str> = gateways
                .iter()
                .filter(|g| in_view(lang, g, &nat.node))
                .filter_map(|g| g.binding.as_deref())
                .collect();
            let (item, fix) = match visible.as_slice() {
                [] => continue,
                [igw] => {
                    let item = if lang == Lang::Python {
                        format!("depends_on=[{igw}]")
                    } else {
                        format!("dependsOn: [{igw}]")
                    };
                    let edits =
                        construct::append_item(file.text, file.newline(), &config.node, &item);
                    (format!("`{item}`"), Some(Fix::safe(edits)))
                }
                several => (
                    format!(
                        "`{}` with the one of {} that serves the NAT gateway's VPC",
                        if lang == Lang::Python {
                            "depends_on=[...]"
                        } else {
                            "dependsOn: [...]"
                        },
                        several.join(", ")
                    ),
                    None,
                ),
            };
            out.push(Diagnostic {
                transform: META.id,
                range: nat.ctor.range(),
                message: format!(
                    "NAT gateway without a dependency on the internet gateway: Terraform may create it before the VPC has its internet gateway, and the provider documentation recommends an explicit dependency; add {item}"
                ),
                fix,
            });
        }
    }
}

/// Whether the gateway's binding is declared before `use` and can be named there.
fn in_view(lang: Lang, gateway: &Construct, use_site: &N) -> bool {
    let (Some(statement), Some(binding)) = (&gateway.statement, &gateway.binding) else {
        return false;
    };
    if statement.range().end > use_site.range().start {
        return false;
    }
    let holder = if binding.contains('.') {
        // `this.igw` / `self.igw`: anywhere in the same class.
        let class = if lang == Lang::Python {
            "class_definition"
        } else {
            "class_body"
        };
        statement.ancestors().find(|a| a.kind() == class)
    } else {
        statement.parent()
    };
    holder.is_some_and(|h| {
        let (r, u) = (h.range(), use_site.range());
        r.start <= u.start && u.end <= r.end
    })
}
