//! `rds-managed-password` in Go: `Password` / `MasterPassword` in the `DbInstance` and `RdsCluster` config structs.

use super::META;
use crate::{Diagnostic, Edit, Fix, ParsedFile};

pub(super) fn check(file: &ParsedFile, out: &mut Vec<Diagnostic>) {
    use crate::syntax::construct::go as cg;
    let jsii = cg::jsii_prefix(file);
    for c in cg::constructs(
        file,
        &[("dbinstance", "DbInstance"), ("rdscluster", "RdsCluster")],
    ) {
        let Some(body) = &c.body else { continue };
        let key = if c.class == "RdsCluster" {
            "MasterPassword"
        } else {
            "Password"
        };
        let Some(password) = cg::field(body, key) else {
            continue;
        };
        let literal = cg::literal_string(&password.value)
            .and_then(|s| crate::syntax::go::string_value(&s))
            .is_some_and(|v| super::is_literal_password(&v));
        if !literal {
            continue; // from somewhere else, or a Terraform reference: left alone
        }
        let edits = match (&jsii, cg::field(body, "ManageMasterUserPassword")) {
            (Some(j), None) => cg::replace(
                file.text,
                file.newline(),
                body,
                &password.node,
                "ManageMasterUserPassword",
                &format!("{j}Bool(true)"),
            ),
            (Some(j), Some(m)) => {
                let v = m.value.text().replace(' ', "");
                if v.ends_with("Bool(true)") {
                    cg::remove(file.text, file.newline(), body, &password.node)
                } else if v.ends_with("Bool(false)") {
                    cg::remove(file.text, file.newline(), body, &password.node).map(|mut e| {
                        e.push(Edit::replace(m.value.range(), format!("{j}Bool(true)")));
                        e
                    })
                } else {
                    None
                }
            }
            _ => None,
        };
        out.push(Diagnostic {
            transform: META.id,
            range: password.node.range(),
            message: format!(
                "{} has a literal `{key}`: it is in the code, the synthesized JSON and the state in clear text; let RDS manage it in Secrets Manager with `ManageMasterUserPassword` (clients read it through `MasterUserSecret`)",
                c.class
            ),
            fix: edits.map(Fix::unsafe_),
        });
    }
}
