//! `rds-storage-encrypted`: RDS instances whose storage is not encrypted.

mod go;

use crate::lang::Lang;
use crate::syntax::construct::{self, bool_value, key_in, true_in};
use crate::{Context, Diagnostic, Fix, ParsedFile, Safety, Transform, TransformMeta};

pub struct RdsStorageEncrypted;

static META: TransformMeta = TransformMeta {
    id: "rds-storage-encrypted",
    kind: crate::Kind::Policy,
    summary: "DbInstance without storageEncrypted gets storageEncrypted: true; an explicit false is reported",
    languages: &[Lang::TypeScript, Lang::Tsx, Lang::Python, Lang::Go],
    fixes: &[Safety::Unsafe],
    triggers: &["DbInstance"],
    reads_project: false,
    docs: r#"
## What it does
Finds `DbInstance` resources whose literal configuration has no `storageEncrypted` (Python
`storage_encrypted`, Go `StorageEncrypted`) and adds `storageEncrypted: true` (Go
`StorageEncrypted: jsii.Bool(true)`, aligned as gofmt does; a Go configuration holding comments
is only reported, since gofmt would realign them too). An explicit `storageEncrypted: false`
is reported with no fix: it was written on purpose, and the decision to change it is the
author's.

Left alone: a configuration built elsewhere or holding a spread (the setting may come from
there); read replicas (`replicateSourceDb`), which inherit the source's encryption. Aurora
storage belongs to the cluster (`RdsCluster`), which this transform does not check.

## Why
Unencrypted database storage fails most compliance baselines (CIS, PCI, HIPAA), and encryption
can only be chosen when an instance is created: turning it on later means a snapshot, an
encrypted copy and a restore. The provider's default is `false`.

## Example
```ts
new DbInstance(this, "db", {
  engine: "postgres",
  instanceClass: "db.t3.micro",
});
```
becomes
```ts
new DbInstance(this, "db", {
  engine: "postgres",
  instanceClass: "db.t3.micro",
  storageEncrypted: true,
});
```

## Fix safety
Unsafe: `storage_encrypted` forces replacement, so on a deployed instance `terraform apply`
destroys the database and creates an empty one (restore from a snapshot to keep the data).
Needs `--unsafe-fixes`; `check` reports it either way.

## Source
Encrypting Amazon RDS resources (chosen when the instance is created):
https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Overview.Encryption.html; the
`storage_encrypted` argument of `aws_db_instance` (forces replacement, default false):
https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/db_instance.
"#,
};

impl Transform for RdsStorageEncrypted {
    fn meta(&self) -> &'static TransformMeta {
        &META
    }

    fn check(&self, file: &ParsedFile, ctx: &Context, out: &mut Vec<Diagnostic>) {
        let lang = file.lang;
        if lang == Lang::Go {
            return go::check(file, out);
        }
        let key = key_in(lang, "storageEncrypted");
        for c in construct::aws_constructs(file, ctx, &["DbInstance"]) {
            let Some(config) = &c.config else { continue };
            if config.get("replicateSourceDb").is_some() {
                continue;
            }
            match config.get("storageEncrypted") {
                Some(e) => {
                    if bool_value(&e.value) == Some(false) {
                        out.push(Diagnostic {
                            transform: META.id,
                            range: e.node.range(),
                            message: format!(
                                "`{key}` is false: the database storage and its snapshots are not encrypted; set it to {} if that was not deliberate (it forces a replacement of a deployed instance)",
                                true_in(lang)
                            ),
                            fix: None,
                        });
                    }
                }
                None => {
                    if config.is_open() {
                        continue;
                    }
                    let Some(edits) =
                        config.insert(file.text, file.newline(), "storageEncrypted", true_in(lang))
                    else {
                        continue;
                    };
                    out.push(Diagnostic {
                        transform: META.id,
                        range: c.ctor.range(),
                        message: format!(
                            "DbInstance without `{key}`: its storage is not encrypted (the provider's default); set `{key}` to {} (forces a replacement of a deployed instance)",
                            true_in(lang)
                        ),
                        fix: Some(Fix::unsafe_(edits)),
                    });
                }
            }
        }
    }
}
