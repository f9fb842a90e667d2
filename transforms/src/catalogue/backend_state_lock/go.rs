//! `backend-state-lock` in Go: `cdktf.NewS3Backend(stack, ...)` and `AddOverride` calls.

use super::{LOCK_PATH, META};
use crate::syntax::layout::named_children;
use crate::syntax::{indent_at, N};
use crate::{Diagnostic, Edit, Fix, ParsedFile};

fn go_selector<'r>(call: &N<'r>) -> Option<(N<'r>, String)> {
    let f = call.field("function")?;
    if f.kind() != "selector_expression" {
        return None;
    }
    Some((f.field("operand")?, f.field("field")?.text().to_string()))
}

fn go_args<'r>(call: &N<'r>) -> Vec<N<'r>> {
    call.field("arguments")
        .map(|a| named_children(&a))
        .unwrap_or_default()
}

pub(super) fn check(file: &ParsedFile, out: &mut Vec<Diagnostic>) {
    use crate::syntax::construct::go as cg;
    use crate::syntax::go;
    let root = file.tree().root();
    let imports = go::imports(&root);
    let Some(cdktf) = imports
        .iter()
        .find(|i| i.path.ends_with("/terraform-cdk-go/cdktf") || i.path.ends_with("/cdktn"))
        .map(|i| i.local_name())
    else {
        return;
    };
    let Some(jsii) = cg::jsii_prefix(file) else {
        return;
    };
    let calls: Vec<N> = file.of_kind("call_expression").collect();
    let block = |n: &N| {
        n.ancestors()
            .find(|a| {
                matches!(
                    a.kind().as_ref(),
                    "statement_list" | "block" | "source_file"
                )
            })
            .map(|a| a.range())
    };
    // Every `x.AddOverride(jsii.String("path"), ...)`: receiver, path literal, path, block.
    let overrides: Vec<(String, N, String, Option<std::ops::Range<usize>>)> = calls
        .iter()
        .filter_map(|call| {
            let (operand, name) = go_selector(call)?;
            if name != "AddOverride" {
                return None;
            }
            let lit = cg::literal_string(go_args(call).first()?)?;
            let path = go::string_value(&lit)?;
            Some((operand.text().to_string(), lit, path, block(call)))
        })
        .collect();
    for call in &calls {
        let Some((operand, name)) = go_selector(call) else {
            continue;
        };
        if operand.text() != cdktf || name != "NewS3Backend" {
            continue;
        }
        let args = go_args(call);
        let (Some(scope), Some(body)) = (args.first(), args.get(1).and_then(cg::body_of)) else {
            continue;
        };
        let target = call
            .parent()
            .filter(|p| p.kind() == "expression_list")
            .and_then(|l| l.parent())
            .filter(|d| {
                matches!(
                    d.kind().as_ref(),
                    "short_var_declaration" | "assignment_statement" | "var_spec"
                )
            })
            .and_then(|d| d.field("left").or_else(|| d.field("name")))
            .map(|l| l.text().to_string());
        let mut locked = false;
        for (receiver, lit, path, _) in &overrides {
            if target.as_deref() != Some(receiver.as_str()) {
                continue;
            }
            if path == LOCK_PATH {
                locked = true;
                let r = lit.range();
                out.push(Diagnostic {
                    transform: META.id,
                    range: r.clone(),
                    message: format!(
                        "an override on the backend object is relative to its own block: `{receiver}.AddOverride(\"{LOCK_PATH}\", ...)` writes terraform.backend.s3.{LOCK_PATH}; use \"use_lockfile\""
                    ),
                    fix: Some(Fix::safe(vec![Edit::replace(
                        r.start + 1..r.end - 1,
                        "use_lockfile",
                    )])),
                });
            } else if path == "use_lockfile" {
                locked = true;
            }
        }
        let here = block(call);
        if overrides.iter().any(|(receiver, _, path, b)| {
            target.as_deref() != Some(receiver.as_str()) && path == LOCK_PATH && *b == here
        }) {
            locked = true;
        }
        let in_config = cg::field(&body, "UseLockfile");
        if locked && in_config.is_none() {
            continue;
        }
        if in_config.is_none() && cg::field(&body, "DynamodbTable").is_some() {
            continue;
        }
        let Some(stmt) = call
            .ancestors()
            .find(|a| a.parent().is_some_and(|p| p.kind() == "statement_list"))
        else {
            continue;
        };
        let nl = file.newline();
        let indent = indent_at(file.text, stmt.range().start);
        let value = in_config
            .as_ref()
            .map_or(format!("{jsii}Bool(true)"), |e| e.value.text().to_string());
        let mut edits = Vec::new();
        if let Some(e) = &in_config {
            match cg::remove(file.text, nl, &body, &e.node) {
                Some(removal) => edits.extend(removal),
                None => {
                    out.push(Diagnostic {
                        transform: META.id,
                        range: e.node.range(),
                        message: format!(
                            "`S3BackendConfig` has no `UseLockfile` field (cdktf 0.21 predates it): remove it and set `{}.AddOverride(jsii.String(\"{LOCK_PATH}\"), ...)` after the backend",
                            scope.text()
                        ),
                        fix: None,
                    });
                    continue;
                }
            }
        }
        if !locked {
            edits.push(Edit::insert(
                stmt.range().end,
                format!(
                    "{nl}{indent}{}.AddOverride({jsii}String(\"{LOCK_PATH}\"), {value})",
                    scope.text()
                ),
            ));
        }
        let message = match &in_config {
            Some(_) => format!(
                "`S3BackendConfig` has no `UseLockfile` field (cdktf 0.21 predates it); set it with `{}.AddOverride(jsii.String(\"{LOCK_PATH}\"), ...)` after the backend",
                scope.text()
            ),
            None => format!(
                "the S3 backend does not lock its state, so concurrent deploys can corrupt it; turn on S3-native locking (Terraform >= 1.11) with `{}.AddOverride(jsii.String(\"{LOCK_PATH}\"), jsii.Bool(true))`",
                scope.text()
            ),
        };
        out.push(Diagnostic {
            transform: META.id,
            range: in_config.as_ref().map_or(call.range(), |e| e.node.range()),
            message,
            fix: Some(Fix::safe(edits)),
        });
    }
}
