//! `provider-class-names` for Python: `from cdktf_cdktf_provider_aws.<module> import <Wrong>`
//! and `<module>.<Wrong>` renamed to the real class of the module.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use super::{invented_message, real_name_as, resolve_invented, Invented, META};
use crate::index::{EntryPoint, Module, PackageRef, Use};
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

/// How a reference uses the provider name it reads. Python's structs are classes too
/// (`S3BucketVersioning(enabled=True)` builds the inline block of `S3Bucket`), so only what a
/// struct cannot be is a value: a call with positional arguments (a construct's
/// `(scope, id, ...)`), an attribute read (`X.generate_config_for_import`), a base class.
pub(crate) fn use_of(node: &N) -> Use {
    let Some(parent) = node.parent() else {
        return Use::Type;
    };
    let is = |f: &str| parent.field(f).is_some_and(|c| c.range() == node.range());
    match parent.kind().as_ref() {
        "call" if is("function") => {
            let positional = parent.field("arguments").is_some_and(|args| {
                args.children().any(|a| {
                    a.is_named()
                        && !matches!(
                            a.kind().as_ref(),
                            "keyword_argument" | "dictionary_splat" | "comment"
                        )
                })
            });
            if positional {
                Use::Value
            } else {
                Use::Type
            }
        }
        "attribute" if is("object") => Use::Value,
        "argument_list"
            if parent
                .parent()
                .is_some_and(|p| p.kind() == "class_definition") =>
        {
            Use::Value
        }
        _ => Use::Type,
    }
}

/// How the file uses each of `names` outside `skip` (its imports): the stricter use of all its
/// references; a name without references is absent.
pub(crate) fn uses_of(
    file: &ParsedFile,
    names: &HashSet<String>,
    skip: &[Range<usize>],
) -> HashMap<String, Use> {
    let mut uses: HashMap<String, Use> = HashMap::new();
    if names.is_empty() {
        return uses;
    }
    for n in file.of_kind("identifier").filter(python::is_reference) {
        if skip.iter().any(|r| r.contains(&n.range().start)) {
            continue;
        }
        if let Some(name) = names.get(n.text().as_ref() as &str) {
            let u = use_of(&n);
            uses.entry(name.clone())
                .and_modify(|e| *e = e.and(u))
                .or_insert(u);
        }
    }
    uses
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

    // Real names this pass gives to an import without an alias: a second wrong name of the
    // same class keeps its own as an alias.
    let mut claimed: std::collections::HashSet<&str> = std::collections::HashSet::new();
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
            if module.exports_as(wrong, Use::Value) {
                continue;
            }
            // A construction is renamed only to a class.
            let local = n.local();
            let used = refs
                .iter()
                .filter(|r| r.text() == local.as_str())
                .fold(Use::Type, |u, r| u.and(use_of(r)));
            let Some(real) = real_name_as(module, wrong, used) else {
                continue;
            };
            let mut edits = Vec::new();
            if n.alias.is_some() {
                edits.push(Edit::replace(n.name_node.range(), real));
            } else if !claimed.insert(real)
                || refs.iter().any(|r| r.text() == real)
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

    // Names no module of the provider exports: resolved through the alias index
    // (`from ...cloudtrail_trail import CloudtrailTrail` → `from ...cloudtrail import Cloudtrail`).
    for imp in imports.iter().filter(|i| i.from) {
        let Some(pkg) = ctx.index.resolve_python(&imp.module) else {
            continue;
        };
        let here = match pkg.entry {
            EntryPoint::Module(m) => Some(m),
            EntryPoint::UnknownModule => None,
            _ => continue,
        };
        let mut resolved = Vec::new();
        for n in &imp.names {
            let wrong = n.name.as_str();
            let local = n.local();
            let used = refs
                .iter()
                .filter(|r| r.text() == local.as_str())
                .fold(Use::Type, |u, r| u.and(use_of(r)));
            if here.is_some_and(|m| {
                m.exports_as(wrong, used) || real_name_as(m, wrong, used).is_some()
            }) {
                resolved.push((n, None));
                continue;
            }
            let keys = keyword_keys(file, &local);
            resolved.push((n, resolve_invented(pkg.provider, wrong, used, &keys, true)));
        }
        let targets: Vec<&Module> = resolved
            .iter()
            .filter_map(|(_, r)| match r {
                Some(Invented::Rename(c)) => Some(c.module),
                _ => None,
            })
            .collect();
        let module_node = imp.node.field("module_name");
        let one_module = targets.first().is_some_and(|&t| {
            targets.iter().all(|m| std::ptr::eq(*m, t))
                && !imp.wildcard
                && module_node.is_some()
                && resolved.iter().all(|(n, r)| match r {
                    Some(Invented::Rename(_)) => true,
                    Some(Invented::Report(_)) => false,
                    None => t.exports(&n.name),
                })
        });
        let mut first = true;
        for (n, r) in &resolved {
            let wrong = n.name.as_str();
            match r {
                Some(Invented::Report(msg)) => out.push(Diagnostic {
                    transform: META.id,
                    range: n.name_node.range(),
                    message: msg.clone(),
                    fix: None,
                }),
                Some(Invented::Rename(c)) => {
                    let moves = here.is_none_or(|m| !std::ptr::eq(m, c.module));
                    let path = format!(
                        "{}.{}",
                        pkg.family.python_package(pkg.provider.name),
                        c.module.python
                    );
                    let mut message = invented_message(wrong, c, pkg.provider);
                    if moves {
                        message.push_str(&format!(", in `{path}`"));
                    }
                    if moves && !one_module {
                        message.push_str("; the import names others too: import it from there");
                        out.push(Diagnostic {
                            transform: META.id,
                            range: n.name_node.range(),
                            message,
                            fix: None,
                        });
                        continue;
                    }
                    let real = c.class;
                    let mut edits = Vec::new();
                    if n.alias.is_some() {
                        edits.push(Edit::replace(n.name_node.range(), real));
                    } else if !claimed.insert(real)
                        || refs.iter().any(|r| r.text() == real)
                        || import_locals.iter().any(|l| l == real)
                    {
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
                    if moves && first {
                        if let Some(m) = &module_node {
                            edits.push(Edit::replace(m.range(), path.clone()));
                        }
                        first = false;
                    }
                    out.push(Diagnostic {
                        transform: META.id,
                        range: n.name_node.range(),
                        message,
                        fix: Some(Fix::safe(edits)),
                    });
                }
                None => {}
            }
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
        if let Some(real) = real_name_as(module, &wrong, use_of(&node)) {
            out.push(Diagnostic {
                transform: META.id,
                range: attr.range(),
                message: message(&wrong, real, &pkg, module),
                fix: Some(Fix::safe(vec![Edit::replace(attr.range(), real)])),
            });
        }
    }
}

/// The keyword arguments of the calls of `local` (`X(self, "id", bucket=b.id)` → `bucket`);
/// `**kwargs` gives none.
fn keyword_keys(file: &ParsedFile, local: &str) -> Vec<String> {
    let mut keys = Vec::new();
    for call in file.of_kind("call") {
        if call.field("function").is_none_or(|f| f.text() != local) {
            continue;
        }
        let Some(args) = call.field("arguments") else {
            continue;
        };
        for a in args.children().filter(|a| a.kind() == "keyword_argument") {
            if let Some(name) = a.field("name") {
                keys.push(name.text().to_string());
            }
        }
    }
    keys.sort();
    keys.dedup();
    keys
}
