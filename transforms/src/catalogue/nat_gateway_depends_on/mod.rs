//! `nat-gateway-depends-on`: a public NAT gateway without an explicit dependency on the
//! internet gateway of its VPC.

use crate::lang::Lang;
use crate::syntax::construct::{self, key_in, Construct};
use crate::syntax::go;
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
Seed 000 §3 (NAT gateway dependency management) and seed 001 §9 (NAT gateway route dependency);
the terraform-provider-aws `aws_nat_gateway` documentation.
"#,
};

impl Transform for NatGatewayDependsOn {
    fn meta(&self) -> &'static TransformMeta {
        &META
    }

    fn check(&self, file: &ParsedFile, ctx: &Context, out: &mut Vec<Diagnostic>) {
        if file.lang == Lang::Go {
            return check_go(file, out);
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

// ---------------------------------------------------------------------------------------------
// Go

/// `pkg.NewClass(...)` of the AWS provider package `package`: the call's selector.
fn go_constructor<'r>(call: &N<'r>, packages: &[(String, String)], class: &str) -> Option<N<'r>> {
    let go::SelectorCall {
        function,
        operand,
        name: field,
    } = go::selector_call(call)?;
    let package = &packages.iter().find(|(l, _)| *l == operand.text())?.1;
    (field.text().strip_prefix("New") == Some(class) && *package == class.to_ascii_lowercase())
        .then_some(function)
}

/// The name an internet gateway call is bound to (`igw := ...`, `var igw = ...`), with the
/// statement that binds it.
fn go_binding<'r>(call: &N<'r>) -> Option<(String, N<'r>)> {
    let list = call.parent().filter(|p| p.kind() == "expression_list")?;
    let holder = list.parent()?;
    let (names, statement) = match holder.kind().as_ref() {
        "short_var_declaration" => (holder.field("left")?, holder),
        "var_spec" => (holder.field("name")?, holder.parent()?),
        _ => return None,
    };
    let name = if names.kind() == "expression_list" {
        let mut named = names.children().filter(|c| c.is_named());
        let first = named.next()?;
        named.next().is_none().then_some(first)?
    } else {
        names
    };
    (name.kind() == "identifier").then(|| (name.text().to_string(), statement))
}

fn check_go(file: &ParsedFile, out: &mut Vec<Diagnostic>) {
    let root = file.tree().root();
    let imports = crate::syntax::go::imports(&root);
    let packages: Vec<(String, String)> = imports
        .iter()
        .filter_map(|i| {
            Some((
                i.local_name(),
                construct::go::aws_module(&i.path)?.to_string(),
            ))
        })
        .collect();
    if packages.is_empty() {
        return;
    }
    let cdktf = imports
        .iter()
        .find(|i| i.path.ends_with("terraform-cdk-go/cdktf") || i.path.ends_with("/cdktn"))
        .map(|i| i.local_name())
        .filter(|l| l != "_" && l != ".");
    let calls: Vec<N> = file.of_kind("call_expression").collect();
    let gateways: Vec<(String, N)> = calls
        .iter()
        .filter(|c| go_constructor(c, &packages, "InternetGateway").is_some())
        .filter_map(go_binding)
        .collect();
    if gateways.is_empty() {
        return;
    }
    for call in &calls {
        let Some(function) = go_constructor(call, &packages, "NatGateway") else {
            continue;
        };
        let Some(config) = call.field("arguments").and_then(|a| {
            a.children()
                .filter(|c| c.is_named() && c.kind() != "comment")
                .nth(2)
        }) else {
            continue;
        };
        let Some(body) =
            crate::syntax::go::composite(&config).and_then(|(lit, _)| lit.field("body"))
        else {
            continue;
        };
        let fields = crate::syntax::go::keyed_elements(&body);
        let key = |k: &str| fields.iter().find(|f| f.key_name().as_deref() == Some(k));
        if key("DependsOn").is_some()
            || key("ConnectivityType").is_some_and(|f| f.value.text().contains("\"private\""))
        {
            continue;
        }
        let visible: Vec<&str> = gateways
            .iter()
            .filter(|(_, statement)| {
                let holder = statement.parent();
                statement.range().end <= call.range().start
                    && holder.is_some_and(|h| {
                        h.range().start <= call.range().start && call.range().end <= h.range().end
                    })
            })
            .map(|(name, _)| name.as_str())
            .collect();
        let (suggestion, fix) = match (visible.as_slice(), &cdktf) {
            ([], _) => continue,
            ([igw], Some(cdktf)) => {
                let value = format!("&[]{cdktf}.ITerraformDependable{{{igw}}}");
                let fix = go_append(file, &body, &fields, "DependsOn", &value).map(Fix::safe);
                (format!("`DependsOn: {value}`"), fix)
            }
            (several, _) => (
                format!(
                    "`DependsOn: &[]cdktf.ITerraformDependable{{...}}` with the one of {} that serves the NAT gateway's VPC",
                    several.join(", ")
                ),
                None,
            ),
        };
        out.push(Diagnostic {
            transform: META.id,
            range: function.range(),
            message: format!(
                "NAT gateway without a dependency on the internet gateway: Terraform may create it before the VPC has its internet gateway, and the provider documentation recommends an explicit dependency; add {suggestion}"
            ),
            fix,
        });
    }
}

/// Edits adding `key: value` as the last element of a struct literal body, aligned as gofmt
/// aligns it; `None` when a comment or line break inside an element makes that unclear.
fn go_append(
    file: &ParsedFile,
    body: &N,
    fields: &[crate::syntax::go::KeyedElement],
    key: &str,
    value: &str,
) -> Option<Vec<crate::Edit>> {
    use crate::syntax::go::{value_padding, AlignItem};
    use crate::Edit;
    let text = file.text;
    let elements: Vec<N> = body
        .children()
        .filter(|c| c.is_named() && c.kind() != "comment")
        .collect();
    if elements.len() != fields.len() {
        return None; // positional elements
    }
    let Some(last) = elements.last() else {
        let r = body.range();
        return Some(vec![Edit::replace(r, format!("{{{key}: {value}}}"))]);
    };
    let starts_line = |at: usize| {
        let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
        text[line_start..at].trim().is_empty()
    };
    if !elements.iter().all(|e| starts_line(e.range().start)) {
        // One line: `{A: x, B: y}`.
        if text[body.range()].contains('\n') {
            return None;
        }
        return Some(vec![Edit::insert(
            last.range().end,
            format!(", {key}: {value}"),
        )]);
    }
    let mut align = Vec::new();
    let mut prev_end: Option<usize> = None;
    for f in fields {
        let r = f.node.range();
        let between = prev_end.map_or("", |p| &text[p..r.start]);
        align.push(AlignItem {
            key_width: f.key.text().chars().count(),
            keyed: true,
            single_line: !f.node.text().contains('\n'),
            gap_before: between.matches('\n').count() > 1
                || between.lines().any(|l| l.trim_start().starts_with("//")),
        });
        prev_end = Some(r.end);
    }
    align.push(AlignItem {
        key_width: key.chars().count(),
        keyed: true,
        single_line: true,
        gap_before: false,
    });
    let pads = value_padding(&align);
    let mut edits = Vec::new();
    for (f, pad) in fields.iter().zip(&pads) {
        let gap = f.colon.range().end..f.value.range().start;
        let want = " ".repeat(*pad);
        if text[gap.clone()] != want {
            if text[gap.clone()].contains(['\n', '/']) {
                return None;
            }
            edits.push(Edit::replace(gap, want));
        }
    }
    // After the last element's comma (and a comment ending its line).
    let comma = last.next().filter(|n| n.kind() == ",")?;
    let after = comma.range().end;
    let line_end = text[after..]
        .find(['\r', '\n'])
        .map_or(text.len(), |i| after + i);
    let indent = crate::syntax::indent_at(text, last.range().start);
    let pad = " ".repeat(pads[fields.len()]);
    edits.push(Edit::insert(
        line_end,
        format!("{}{indent}{key}:{pad}{value},", file.newline()),
    ));
    Some(edits)
}
