//! `provider-class-names` for Python: `from cdktf_cdktf_provider_aws.<module> import <Wrong>`
//! and `<module>.<Wrong>` renamed to the real class of the module.

use super::{real_name, META};
use crate::index::{EntryPoint, Module, PackageRef};
use crate::syntax::python::{self, Bindings};
use crate::syntax::N;
use crate::{Context, Diagnostic, Edit, Fix, ParsedFile};

fn message(wrong: &str, real: &str, pkg: &PackageRef, module: &Module) -> String {
    format!(
        "`{wrong}` does not exist in provider module `{}.{}`; the real name is `{real}`",
        pkg.family.python_package(pkg.provider.name),
        module.python
    )
}

pub(super) fn check(file: &ParsedFile, ctx: &Context, out: &mut Vec<Diagnostic>) {
    let imports = python::imports_of(file);
    // Every identifier that reads or binds a name, outside the imports.
    let refs: Vec<N> = file
        .of_kind("identifier")
        .filter(python::is_reference)
        .collect();
    let import_locals: Vec<String> = imports
        .iter()
        .flat_map(|i| i.names.iter().map(|n| n.local()))
        .collect();

    // Names imported from a module that does not export them.
    for imp in imports.iter().filter(|i| i.from) {
        let Some(pkg) = ctx.index.resolve_python(&imp.module) else {
            continue;
        };
        let EntryPoint::Module(module) = pkg.entry else {
            continue;
        };
        for n in &imp.names {
            let wrong = n.name.as_str();
            let Some(real) = real_name(module, wrong) else {
                continue;
            };
            let mut edits = Vec::new();
            if n.alias.is_some() {
                edits.push(Edit::replace(n.name_node.range(), real));
            } else if refs.iter().any(|r| r.text() == real)
                || import_locals.iter().any(|l| l == real)
            {
                // The real name is taken: keep the local name with an alias.
                edits.push(Edit::replace(
                    n.name_node.range(),
                    format!("{real} as {wrong}"),
                ));
            } else {
                edits.push(Edit::replace(n.name_node.range(), real));
                for r in refs.iter().filter(|r| r.text() == wrong) {
                    edits.push(Edit::replace(r.range(), real));
                }
            }
            out.push(Diagnostic {
                transform: META.id,
                range: n.name_node.range(),
                message: message(wrong, real, &pkg, module),
                fix: Some(Fix::safe(edits)),
            });
        }
    }

    // Names reached through a module: `s3_bucket_versioning.X`, `aws.s3_bucket_versioning.X`,
    // `cdktf_cdktf_provider_aws.s3_bucket_versioning.X`.
    let bindings = Bindings::of(file);
    for node in file.of_kind("attribute") {
        let (Some(object), Some(attr)) = (node.field("object"), node.field("attribute")) else {
            continue;
        };
        let module = bindings.qualified_names(&object).iter().find_map(|path| {
            let pkg = ctx.index.resolve_python(path)?;
            match pkg.entry {
                EntryPoint::Module(m) => Some((pkg, m)),
                _ => None,
            }
        });
        let Some((pkg, module)) = module else {
            continue;
        };
        let wrong = attr.text().to_string();
        if let Some(real) = real_name(module, &wrong) {
            out.push(Diagnostic {
                transform: META.id,
                range: attr.range(),
                message: message(&wrong, real, &pkg, module),
                fix: Some(Fix::safe(vec![Edit::replace(attr.range(), real)])),
            });
        }
    }
}
