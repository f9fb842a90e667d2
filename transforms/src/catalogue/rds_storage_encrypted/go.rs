//! `rds-storage-encrypted` in Go: `StorageEncrypted` in the `DbInstance` config struct.

use super::META;
use crate::{Diagnostic, Fix, ParsedFile};

pub(super) fn check(file: &ParsedFile, out: &mut Vec<Diagnostic>) {
    use crate::syntax::construct::go as cg;
    let jsii = cg::jsii_prefix(file);
    for c in cg::constructs(file, &[("dbinstance", "DbInstance")]) {
        let Some(body) = &c.body else { continue };
        if cg::field(body, "ReplicateSourceDb").is_some() {
            continue;
        }
        match cg::field(body, "StorageEncrypted") {
            Some(e) => {
                if e.value.text().replace(' ', "").ends_with("Bool(false)") {
                    out.push(Diagnostic {
                        transform: META.id,
                        range: e.node.range(),
                        message: "`StorageEncrypted` is false: the database storage and its snapshots are not encrypted; set it to jsii.Bool(true) if that was not deliberate (it forces a replacement of a deployed instance)".into(),
                        fix: None,
                    });
                }
            }
            None => {
                let edits = jsii.as_ref().and_then(|j| {
                    cg::insert(
                        file.text,
                        file.newline(),
                        body,
                        "StorageEncrypted",
                        &format!("{j}Bool(true)"),
                    )
                });
                out.push(Diagnostic {
                    transform: META.id,
                    range: c.call.range(),
                    message: "DbInstance without `StorageEncrypted`: its storage is not encrypted (the provider's default); set `StorageEncrypted` to jsii.Bool(true) (forces a replacement of a deployed instance)".into(),
                    fix: edits.map(Fix::unsafe_),
                });
            }
        }
    }
}
