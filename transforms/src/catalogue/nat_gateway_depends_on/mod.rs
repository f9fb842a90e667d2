//! `nat-gateway-depends-on`: a public NAT gateway without an explicit dependency on the
//! internet gateway of its VPC.

mod go;

use crate::lang::Lang;
use crate::syntax::construct::{self, key_in, Construct};
use crate::syntax::layout;
use crate::syntax::{indent_at, N};
use crate::{Context, Diagnostic, Edit, Fix, ParsedFile, Safety, Transform, TransformMeta};

pub struct NatGatewayDependsOn;

static META: TransformMeta = TransformMeta {
    id: "nat-gateway-depends-on",
    kind: crate::Kind::Defect,
    summary: "NAT gateways without dependsOn on the internet gateway the file creates",
    languages: &[Lang::TypeScript, Lang::Tsx, Lang::Python, Lang::Go],
    fixes: &[Safety::Safe],
    triggers: &["NatGateway"],
    reads_project: false,
    docs: r#"
## What it does
Finds each `NatGateway` without `dependsOn` (`depends_on` in Python) in a file that creates an
`InternetGateway` bound to a variable (`const igw = new InternetGateway(...)`,
`this.igw = ...`, `igw = InternetGateway(...)`) before it and in view of it (the same block for
a local variable, the same class for `this.igw` / `self.igw`), and adds `dependsOn: [igw]`
as the config's last property, in its layout (Go: `DependsOn:
&[]cdktf.ITerraformDependable{igw}` for `igw := internetgateway.NewInternetGateway(...)` in the
same block, aligned as gofmt aligns it). Private NAT gateways
(`connectivityType: "private"`) need no internet gateway and are left alone, and so is a NAT
gateway that already depends on the internet gateway through a construct its configuration
reads: `allocationId: eip.id` where `eip` was created with `dependsOn: [igw]` (Go:
`AllocationId: natEip.AllocationId()` where `natEip` was created with `DependsOn:
&[]cdktf.ITerraformDependable{igw}`): the NAT gateway depends on the EIP, so transitively on the
internet gateway. With several
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
            if visible.is_empty() || reaches_through(lang, all, &props, &visible) {
                continue;
            }
            let (item, fix) = match visible.as_slice() {
                [] => continue,
                [igw] => {
                    let item = if lang == Lang::Python {
                        format!("depends_on=[{igw}]")
                    } else {
                        format!("dependsOn: [{igw}]")
                    };
                    let edits = append(file.text, file.newline(), &config.node, &item);
                    // In a prettier project, the grown construct as prettier prints it; in a
                    // black project, as black prints it.
                    let edits = layout::ts_edits(ctx.style, file, edits);
                    let edits = crate::syntax::python::black_edits(ctx.style, file, edits);
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

/// Whether the NAT gateway already depends on one of the `gateways` through a construct its
/// configuration references: `allocationId: eip.id` where `eip` was created with
/// `dependsOn: [igw]` (the NAT gateway depends on the EIP, so on the gateway too).
fn reaches_through(
    lang: Lang,
    all: &[Construct],
    props: &[construct::Prop],
    gateways: &[&str],
) -> bool {
    let depends_on = key_in(lang, "dependsOn");
    // The objects the configuration reads attributes of, wherever they stand (`eip.id`,
    // `this.eip.allocationId`, `Token.asString(eip.id)`, `` `${eip.id}` ``).
    let objects: Vec<String> = props
        .iter()
        .flat_map(|p| p.value.dfs())
        .filter(|n| matches!(n.kind().as_ref(), "member_expression" | "attribute"))
        .filter_map(|n| n.field("object").map(|o| o.text().to_string()))
        .collect();
    objects.iter().any(|object| {
        all.iter()
            .filter(|c| c.binding.as_deref() == Some(object.as_str()))
            .filter_map(|c| c.config.as_ref()?.props())
            .filter_map(|props| {
                let list = construct::find(&props, &depends_on)?;
                construct::items(&list.value)
            })
            .flatten()
            .any(|item| gateways.contains(&item.text().as_ref()))
    })
}

/// [`construct::append_item`], except when the items are one per line and the closing bracket
/// ends the last item's line (`subnet_id="s")`): there the item goes on a line of its own
/// before the bracket, at the last item's indentation (appending after the bracket would turn
/// it into a statement of its own).
fn append(text: &str, nl: &str, container: &N, item: &str) -> Vec<Edit> {
    let elements: Vec<N> = container
        .children()
        .filter(|c| c.is_named() && c.kind() != "comment")
        .collect();
    let Some(last) = elements.last() else {
        return construct::append_item(text, nl, container, item);
    };
    let comma = last.next().filter(|n| n.kind() == ",");
    let after_last = comma.as_ref().map_or(last.range().end, |c| c.range().end);
    let close = container.range().end.saturating_sub(1);
    let line_start = text[..last.range().start].rfind('\n').map_or(0, |i| i + 1);
    let own_line = text[line_start..last.range().start].trim().is_empty()
        && text[container.range().start..last.range().start].contains('\n');
    let closes_line = after_last <= close && !text[after_last..close].contains('\n');
    if !(own_line && closes_line) {
        return construct::append_item(text, nl, container, item);
    }
    let indent = indent_at(text, last.range().start);
    match comma {
        Some(_) => vec![Edit::insert(after_last, format!("{nl}{indent}{item},"))],
        None => vec![Edit::insert(
            last.range().end,
            format!(",{nl}{indent}{item}"),
        )],
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
