//! `sg-descriptions` in Go: `Description` in the config structs of the security-group constructors and in the elements of `Ingress` / `Egress`.

use super::{block_message, META};
use crate::syntax::layout::named_children;
use crate::syntax::{construct, go};
use crate::{Diagnostic, ParsedFile};

fn go_has(fields: &[go::KeyedElement], key: &str) -> bool {
    fields.iter().any(|f| f.key_name().as_deref() == Some(key))
}

pub(super) fn check(file: &ParsedFile, out: &mut Vec<Diagnostic>) {
    let root = file.tree().root();
    let packages: Vec<(String, String)> = go::imports(&root)
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
    let suggestion = |what: &str| format!("Description: jsii.String(\"{what}\")");
    for call in file.of_kind("call_expression") {
        let Some(go::SelectorCall {
            function,
            operand,
            name: field,
        }) = go::selector_call(&call)
        else {
            continue;
        };
        let Some((_, package)) = packages.iter().find(|(l, _)| *l == operand.text()) else {
            continue;
        };
        let Some(class) = field.text().strip_prefix("New").map(str::to_string) else {
            continue;
        };
        let expected_package = class.to_ascii_lowercase();
        if *package != expected_package {
            continue;
        }
        let Some(config) = call
            .field("arguments")
            .and_then(|a| named_children(&a).into_iter().nth(2))
        else {
            continue;
        };
        let fields = if config.kind() == "nil" {
            Some(Vec::new())
        } else {
            construct::go::elements_of(&config)
        };
        let Some(fields) = fields else { continue };
        match class.as_str() {
            "SecurityGroup" => {
                if !go_has(&fields, "Description") {
                    out.push(Diagnostic {
                        transform: META.id,
                        range: function.range(),
                        message: format!(
                            "security group without a description: AWS shows \"Managed by Terraform\" and the description cannot be changed later without replacing the group; add {}",
                            suggestion("<what it protects and who may connect>")
                        ),
                        fix: None,
                    });
                }
                for (key, direction) in [("Ingress", "ingress"), ("Egress", "egress")] {
                    let Some(list) = fields.iter().find(|f| f.key_name().as_deref() == Some(key))
                    else {
                        continue;
                    };
                    let Some((slice, _)) = go::composite(&list.value) else {
                        continue;
                    };
                    let Some(body) = slice.field("body") else {
                        continue;
                    };
                    for element in body.children().filter(|c| c.kind() == "literal_element") {
                        let Some(block) = construct::go::elements_of(&element) else {
                            continue;
                        };
                        if !go_has(&block, "Description") {
                            out.push(Diagnostic {
                                transform: META.id,
                                range: go::unwrap_element(&element).range(),
                                message: block_message(direction, suggestion),
                                fix: None,
                            });
                        }
                    }
                }
            }
            "SecurityGroupRule" | "VpcSecurityGroupIngressRule" | "VpcSecurityGroupEgressRule"
                if !go_has(&fields, "Description") =>
            {
                out.push(Diagnostic {
                    transform: META.id,
                    range: function.range(),
                    message: format!(
                        "{class} without a description: ports and CIDRs do not say why this is open; add {} (updated in place, no replacement)",
                        suggestion("<service> from/to <peer>")
                    ),
                    fix: None,
                });
            }
            _ => {}
        }
    }
}
