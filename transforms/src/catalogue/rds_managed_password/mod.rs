//! `rds-managed-password`: a literal master password on an RDS instance or cluster.

mod go;

use crate::lang::Lang;
use crate::syntax::construct::{self, bool_value, key_in, string_value, true_in};
use crate::{Context, Diagnostic, Fix, ParsedFile, Safety, Transform, TransformMeta};

pub struct RdsManagedPassword;

static META: TransformMeta = TransformMeta {
    id: "rds-managed-password",
    kind: crate::Kind::Policy,
    summary: "Literal RDS master passwords replaced by manageMasterUserPassword (Secrets Manager)",
    languages: &[Lang::TypeScript, Lang::Tsx, Lang::Python, Lang::Go],
    fixes: &[Safety::Unsafe],
    triggers: &["DbInstance", "RdsCluster"],
    reads_project: false,
    docs: r#"
## What it does
Finds `DbInstance` resources with a literal `password` and `RdsCluster` resources with a literal
`masterPassword` (Python `password=`, `master_password=`): a string written in the code. The
fix removes it and sets `manageMasterUserPassword: true` (Python
`manage_master_user_password=True`; Go `Password: jsii.String("...")` becomes
`ManageMasterUserPassword: jsii.Bool(true)`, aligned as gofmt does), so RDS generates the password and keeps it in Secrets
Manager. When `manageMasterUserPassword` is already there (the provider rejects both together),
it is set to `true` and the password removed (in Go a configuration holding comments, which
gofmt would realign, is only reported).

A password that comes from a variable, a parameter, a secret or a data source
(`dbSecret.secretString`, `config.password`, a function call, a template with `${...}`) is left
alone, and so is a string holding a Terraform reference (`"${random_password.db.result}"`,
`"${var.db_password}"`): where it comes from is a decision the code already made. Only a string
literal without `${` is a password written in the code. The write-only `passwordWo` is left alone too.
Only literal configuration objects are rewritten.

## Why
A literal password is in the repository, in every copy of the synthesized `cdk.tf.json` and in
the Terraform state in clear text. With `manage_master_user_password` RDS creates the password,
stores it in a Secrets Manager secret (rotation included) and Terraform never sees it.

## Example
```ts
new DbInstance(this, "db", {
  engine: "postgres",
  username: "app",
  password: "changeme123",
});
```
becomes
```ts
new DbInstance(this, "db", {
  engine: "postgres",
  username: "app",
  manageMasterUserPassword: true,
});
```

## Fix safety
Unsafe: applying it changes the master password of a running database to one that RDS
generates, and every client that used the old literal must read the secret instead
(`masterUserSecret`). Needs `--unsafe-fixes`; `check` reports it either way.

## Source
Password management with Amazon RDS and AWS Secrets Manager:
https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-secrets-manager.html; the
`manage_master_user_password` argument of `aws_db_instance` (https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/db_instance)
and `aws_rds_cluster` (https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/rds_cluster), which conflicts with
`password` / `master_password`.
"#,
};

/// Whether a string literal's value is a password written in the code: not a Terraform
/// reference (`"${random_password.db.result}"`, `"${var.db_password}"`), which names where the
/// password comes from.
fn is_literal_password(value: &str) -> bool {
    !value.contains("${")
}

impl Transform for RdsManagedPassword {
    fn meta(&self) -> &'static TransformMeta {
        &META
    }

    fn check(&self, file: &ParsedFile, ctx: &Context, out: &mut Vec<Diagnostic>) {
        let lang = file.lang;
        if lang == Lang::Go {
            return go::check(file, out);
        }
        for c in construct::aws_constructs(file, ctx, &["DbInstance", "RdsCluster"]) {
            let Some(config) = &c.config else { continue };
            let key = if c.class == "RdsCluster" {
                "masterPassword"
            } else {
                "password"
            };
            let Some(password) = config.get(key) else {
                continue;
            };
            if !string_value(lang, &password.value).is_some_and(|v| is_literal_password(&v)) {
                continue; // from somewhere else: left alone
            }
            let manage = config.get("manageMasterUserPassword");
            let managed_name = key_in(lang, "manageMasterUserPassword");
            let edits = match &manage {
                None => Some(vec![crate::Edit::replace(
                    password.node.range(),
                    config.entry_text("manageMasterUserPassword", true_in(lang)),
                )]),
                Some(m) => match bool_value(&m.value) {
                    Some(true) => Some(vec![config.remove(file.text, &password)]),
                    Some(false) => Some(vec![
                        crate::Edit::replace(m.value.range(), true_in(lang)),
                        config.remove(file.text, &password),
                    ]),
                    None => None,
                },
            };
            let message = match &edits {
                Some(_) => format!(
                    "{} has a literal `{}`: it is in the code, the synthesized JSON and the state in clear text; let RDS manage it in Secrets Manager with `{managed_name}` (clients read it through `{}`)",
                    c.class,
                    key_in(lang, key),
                    key_in(lang, "masterUserSecret")
                ),
                None => format!(
                    "{} has a literal `{}` next to a computed `{managed_name}`; remove the password and set `{managed_name}` to {}",
                    c.class,
                    key_in(lang, key),
                    true_in(lang)
                ),
            };
            out.push(Diagnostic {
                transform: META.id,
                range: password.node.range(),
                message,
                fix: edits.map(Fix::unsafe_),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terraform_references_are_not_literal_passwords() {
        assert!(is_literal_password("changeme123"));
        assert!(is_literal_password("p$ss{word}"));
        assert!(!is_literal_password("${random_password.db.result}"));
        assert!(!is_literal_password("prefix-${var.db_password}"));
    }
}
