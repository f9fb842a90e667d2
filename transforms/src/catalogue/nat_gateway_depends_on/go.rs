//! `nat-gateway-depends-on` in Go: `DependsOn` on `natgateway.NewNatGateway(...)` for an `igw := internetgateway.NewInternetGateway(...)` in the same block.

use super::META;
use crate::syntax::layout::{named_children, starts_line};
use crate::syntax::{construct, go, N};
use crate::{Diagnostic, Fix, ParsedFile};

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

pub(super) fn check(file: &ParsedFile, out: &mut Vec<Diagnostic>) {
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
        let Some(config) = call
            .field("arguments")
            .and_then(|a| named_children(&a).into_iter().nth(2))
        else {
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
        if !visible.is_empty() && go_reaches_through(&calls, &packages, &fields, &visible) {
            continue;
        }
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

/// Whether the NAT gateway already depends on one of the `gateways` through a construct its
/// fields read: `AllocationId: natEip.AllocationId()` where `natEip := eip.NewEip(...)` was
/// created with `DependsOn: &[]cdktf.ITerraformDependable{igw}` (the NAT gateway depends on the
/// EIP, so on the gateway too).
fn go_reaches_through(
    calls: &[N],
    packages: &[(String, String)],
    fields: &[crate::syntax::go::KeyedElement],
    gateways: &[&str],
) -> bool {
    let identifiers = |node: &N| -> Vec<String> {
        node.dfs()
            .filter(|n| n.kind() == "identifier")
            .map(|n| n.text().to_string())
            .collect()
    };
    let read: Vec<String> = fields
        .iter()
        .filter(|f| f.key_name().as_deref() != Some("DependsOn"))
        .flat_map(|f| identifiers(&f.value))
        .collect();
    calls.iter().any(|call| {
        // A construct of the provider (`pkg.NewX(...)`) bound to a name the NAT gateway reads.
        let Some(go::SelectorCall { operand, name, .. }) = go::selector_call(call) else {
            return false;
        };
        if !name.text().starts_with("New") || !packages.iter().any(|(l, _)| *l == operand.text()) {
            return false;
        }
        let Some((bound, _)) = go_binding(call) else {
            return false;
        };
        if !read.contains(&bound) {
            return false;
        }
        let Some(body) = call
            .field("arguments")
            .and_then(|a| named_children(&a).into_iter().nth(2))
            .and_then(|config| go::composite(&config))
            .and_then(|(lit, _)| lit.field("body"))
        else {
            return false;
        };
        go::keyed_elements(&body)
            .iter()
            .filter(|f| f.key_name().as_deref() == Some("DependsOn"))
            .flat_map(|f| identifiers(&f.value))
            .any(|id| gateways.contains(&id.as_str()))
    })
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
    let elements: Vec<N> = named_children(body);
    if elements.len() != fields.len() {
        return None; // positional elements
    }
    let Some(last) = elements.last() else {
        let r = body.range();
        return Some(vec![Edit::replace(r, format!("{{{key}: {value}}}"))]);
    };
    if !elements.iter().all(|e| starts_line(text, e.range().start)) {
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
