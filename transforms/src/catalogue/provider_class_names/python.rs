//! `provider-class-names` for Python: `from cdktf_cdktf_provider_aws.<module> import <Wrong>`
//! and `<module>.<Wrong>` renamed to the real class of the module.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use super::{
    elsewhere_findings, invented_message, module_message, real_name_as, rename_edits,
    resolve_member, sort_names, unknown_module_message, Invented, Key, Member, Sorted, Spelling,
    META,
};
use crate::index::{EntryPoint, Module, Provider, Use};
use crate::syntax::add_import::{add_import, Wanted};
use crate::syntax::python::{self, Bindings};
use crate::syntax::N;
use crate::{Context, Diagnostic, Edit, Fix, ParsedFile};

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

    // Structs the bindings never generate: what their calls say, where it is clear.
    let structs = super::python_structs::fixes(file, ctx, &imports, &refs);
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
            let edits = rename_edits(n, wrong, real, &mut claimed, &refs, &import_locals);
            out.push(Diagnostic {
                transform: META.id,
                range: n.name_node.range(),
                message: module_message(wrong, real, &pkg, module, Spelling::Python),
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
        let (here, root) = match pkg.entry {
            EntryPoint::Module(m) => (Some(m), false),
            EntryPoint::UnknownModule => (None, false),
            EntryPoint::Root => (None, true),
            EntryPoint::Lib => continue,
        };
        // How the file uses a name: a construction is renamed only to a class.
        let used = |n: &python::ImportName| {
            let local = n.local();
            refs.iter()
                .filter(|r| r.text() == local.as_str())
                .fold(Use::Type, |u, r| u.and(use_of(r)))
        };
        let keys = |local: &str| keyword_keys(file, local);
        let Sorted {
            resolved,
            elsewhere,
            unknown,
        } = sort_names(
            ctx,
            pkg.provider,
            here,
            root,
            &imp.names,
            used,
            keys,
            Spelling::Python,
        );
        // A submodule the package does not have, and a name that resolves to nothing: said.
        for n in &unknown {
            let sub = imp.module.rsplit('.').next().unwrap_or_default();
            out.push(Diagnostic {
                transform: META.id,
                range: n.name_node.range(),
                message: unknown_module_message(ctx, pkg.provider, &imp.module, sub, true, &n.name),
                fix: None,
            });
        }
        let module_node = imp.node.field("module_name");
        let alone = imp.names.len() == 1 && !imp.wildcard && module_node.is_some();
        let repoint = |to: &Provider, m: &Module| {
            let to_module = format!("{}.{}", to.family.python_package(to.name), m.python);
            module_node.map(|node| Edit::replace(node.range(), to_module))
        };
        elsewhere_findings(
            ctx,
            pkg.provider,
            &elsewhere,
            (alone, root),
            Spelling::Python,
            &mut claimed,
            &refs,
            &import_locals,
            repoint,
            out,
        );
        let targets: Vec<&Module> = resolved
            .iter()
            .filter_map(|(_, r)| match r {
                Some(Invented::Rename(c)) => Some(c.module),
                _ => None,
            })
            .collect();
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
                Some(Invented::Report(msg)) => {
                    let fixed = structs.get(&n.name_node.range().start);
                    out.push(Diagnostic {
                        transform: META.id,
                        range: n.name_node.range(),
                        message: match fixed {
                            Some((_, words)) => format!("{msg}{words}"),
                            None => msg.clone(),
                        },
                        fix: fixed.map(|(fix, _)| fix.clone()),
                    })
                }
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
                    let mut edits =
                        rename_edits(n, wrong, real, &mut claimed, &refs, &import_locals);
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

    modules(file, ctx, &imports, &refs, &import_locals, out);
}

/// Names reached through a module: `s3_bucket_versioning.X`, `aws.s3_bucket_versioning.X`,
/// `cdktf_cdktf_provider_aws.s3_bucket_versioning.X`. A class of another module is imported
/// on its own when the module is real (`rds_cluster.RdsClusterSubnetGroup` → `DbSubnetGroup`
/// from `...db_subnet_group`); a submodule the package does not have follows its members when
/// they all resolve to one module (`from ... import rds_instance` → `db_instance`).
fn modules(
    file: &ParsedFile,
    ctx: &Context,
    imports: &[python::Import],
    refs: &[N],
    import_locals: &[String],
    out: &mut Vec<Diagnostic>,
) {
    let bindings = Bindings::of(file);
    // Submodules the package does not have, by the local name bound to them.
    let mut unknown: HashMap<String, Vec<(N, N, String, Member)>> = HashMap::new();
    let mut bare: HashSet<String> = HashSet::new();
    for node in file.of_kind("attribute") {
        let (Some(object), Some(attr)) = (node.field("object"), node.field("attribute")) else {
            continue;
        };
        let module = bindings.qualified_names(&object).iter().find_map(|path| {
            let pkg = ctx.index.resolve_python(path)?;
            match pkg.entry {
                EntryPoint::Module(m) => Some((pkg, Some(m))),
                EntryPoint::UnknownModule => Some((pkg, None)),
                _ => None,
            }
        });
        let Some((pkg, module)) = module else {
            continue;
        };
        let wrong = attr.text().to_string();
        let keys = keyword_keys(file, &node.text());
        let r = resolve_member(
            ctx,
            &pkg,
            module,
            &wrong,
            use_of(&node),
            &keys,
            Spelling::Python,
        );
        match (r, module) {
            (Member::Same(real, msg), _) => out.push(Diagnostic {
                transform: META.id,
                range: attr.range(),
                message: msg,
                fix: Some(Fix::safe(vec![Edit::replace(attr.range(), real)])),
            }),
            (Member::Report(msg), _) => {
                // A struct below an `any` property, called with keyword arguments: its dict.
                let fix = super::python_structs::member_call_fix(file, ctx, &node);
                out.push(Diagnostic {
                    transform: META.id,
                    range: attr.range(),
                    message: if fix.is_some() {
                        format!("{msg}; fixed: the call becomes the plain dict of its keyword arguments, as the bindings pass it on")
                    } else {
                        msg
                    },
                    fix,
                })
            }
            // Another provider's class: imported on its own.
            (Member::Moves(class, _, msg, Some(to)), _) => {
                let fix = add_import(
                    file,
                    ctx.index,
                    ctx.style,
                    Wanted::Class(to.name, class),
                    None,
                )
                .map(|(expr, mut edits)| {
                    edits.push(Edit::replace(node.range(), expr));
                    Fix::safe(edits)
                });
                out.push(Diagnostic {
                    transform: META.id,
                    range: attr.range(),
                    message: msg,
                    fix,
                });
            }
            // A real module: the class is imported on its own.
            (Member::Moves(class, _, msg, None), Some(_)) => {
                let fix = add_import(
                    file,
                    ctx.index,
                    ctx.style,
                    Wanted::Class(pkg.provider.name, class),
                    None,
                )
                .map(|(expr, mut edits)| {
                    edits.push(Edit::replace(node.range(), expr));
                    Fix::safe(edits)
                });
                out.push(Diagnostic {
                    transform: META.id,
                    range: attr.range(),
                    message: msg,
                    fix,
                });
            }
            // `aws.rds_instance.RdsInstance`: the package's submodule, rewritten in place.
            (Member::Moves(class, m, msg, None), None) if object.kind() == "attribute" => {
                let Some(sub) = object.field("attribute") else {
                    continue;
                };
                let mut edits = vec![Edit::replace(sub.range(), m.python.as_str())];
                if class != wrong {
                    edits.push(Edit::replace(attr.range(), class));
                }
                out.push(Diagnostic {
                    transform: META.id,
                    range: attr.range(),
                    message: msg,
                    fix: Some(Fix::safe(edits)),
                });
            }
            (r, None) if object.kind() == "identifier" => {
                unknown
                    .entry(object.text().to_string())
                    .or_default()
                    .push((object, attr, wrong, r));
            }
            _ => {}
        }
    }
    if unknown.is_empty() {
        return;
    }
    for r in refs {
        let local = r.text();
        if unknown.contains_key(local.as_ref() as &str)
            && !r.parent().is_some_and(|p| {
                p.kind() == "attribute" && p.field("object").is_some_and(|o| o.range() == r.range())
            })
        {
            bare.insert(local.to_string());
        }
    }
    let mut locals: Vec<&String> = unknown.keys().collect();
    locals.sort();
    for local in locals {
        let members = &unknown[local];
        // The import that binds it: `from <pkg> import <sub> [as x]`, `import <pkg>.<sub> as x`.
        let bound = imports.iter().find_map(|imp| {
            let n = imp.names.iter().find(|n| n.local() == *local)?;
            let pkg_path = if imp.from {
                imp.module.clone()
            } else {
                n.name.rsplit_once('.')?.0.to_string()
            };
            n.alias.is_some().then_some(()).or(imp.from.then_some(()))?;
            Some((n, pkg_path))
        });
        let mut targets: Vec<&Module> = Vec::new();
        let mut clean = !bare.contains(local) && bound.is_some();
        for (_, _, _, r) in members {
            match r {
                Member::Moves(_, m, _, _) => {
                    if !targets.iter().any(|t| std::ptr::eq(*t, *m)) {
                        targets.push(m);
                    }
                }
                _ => clean = false,
            }
        }
        if let ([target], true, Some((n, pkg_path))) = (targets.as_slice(), clean, &bound) {
            let rename_local = n.alias.is_none()
                && !refs.iter().any(|r| r.text() == target.python.as_str())
                && !import_locals.contains(&target.python);
            let mut edits = vec![Edit::replace(
                n.name_node.range(),
                if n.alias.is_some() && !n.name.contains('.') || n.alias.is_none() {
                    if rename_local || n.alias.is_some() {
                        target.python.clone()
                    } else {
                        format!("{} as {local}", target.python)
                    }
                } else {
                    format!("{pkg_path}.{}", target.python)
                },
            )];
            let mut first: Option<(N, String)> = None;
            for (object, attr, wrong, r) in members {
                if let Member::Moves(class, _, msg, _) = r {
                    if rename_local {
                        edits.push(Edit::replace(object.range(), target.python.as_str()));
                    }
                    if *class != wrong.as_str() {
                        edits.push(Edit::replace(attr.range(), *class));
                    }
                    if first.is_none() {
                        first = Some((*attr, msg.clone()));
                    }
                }
            }
            if let Some((at, msg)) = first {
                out.push(Diagnostic {
                    transform: META.id,
                    range: at.range(),
                    message: format!(
                        "{msg}; {pkg_path} has no submodule `{}`: the import follows the class",
                        n.name.rsplit('.').next().unwrap_or_default()
                    ),
                    fix: Some(Fix::safe(edits)),
                });
            }
            continue;
        }
        for (_, attr, _, r) in members {
            if let Member::Moves(_, _, msg, _) = r {
                out.push(Diagnostic {
                    transform: META.id,
                    range: attr.range(),
                    message: format!(
                        "{msg}; the module `{local}` names others too: import it from there"
                    ),
                    fix: None,
                });
            }
        }
    }
}

/// The keyword arguments of the calls of `local` (`X(self, "id", bucket=b.id)` → `bucket`);
/// `**kwargs` gives none.
pub(super) fn keyword_keys(file: &ParsedFile, local: &str) -> Vec<Key> {
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
                keys.push(Key::plain(name.text().to_string()));
            }
        }
    }
    keys.sort();
    keys.dedup();
    keys
}
