//! `provider-class-names` in TypeScript: named imports from a module that does not export the name, and `ns.Name` / `aws.ns.Name` reached through a provider namespace.

use super::{
    elsewhere_findings, invented_message, message, real_name_as, rename_edits, resolve_member,
    sort_names, unknown_module_message, Invented, Key, Member, Sorted, Spelling, META,
};
use crate::index::{EntryPoint, Module, PackageRef, Provider, Use};
use crate::syntax::add_import::{add_import, Wanted};
use crate::syntax::layout::print_import_list;
use crate::syntax::ts;
use crate::syntax::N;
use crate::{Context, Diagnostic, Edit, Fix, ParsedFile};

pub(super) fn check(file: &ParsedFile, ctx: &Context, out: &mut Vec<Diagnostic>) {
    let imports = file.ts_imports();
    let scope = file.provider_scope(ctx.index);
    if scope.bindings.is_empty() {
        return;
    }
    let import_ranges: Vec<_> = imports.iter().map(|i| i.node.range()).collect();
    let in_import = |n: &N| import_ranges.iter().any(|r| r.contains(&n.range().start));
    // Every identifier outside the imports, read once, and only for a file with a wrong
    // name to rename (most files have none).
    let idents = std::cell::OnceCell::new();
    let idents = || -> &Vec<N> {
        idents.get_or_init(|| {
            file.of_kinds(&[
                "identifier",
                "type_identifier",
                "shorthand_property_identifier",
            ])
            .filter(|n| !in_import(n))
            .collect()
        })
    };

    // The local names of the named imports, read once too.
    let named_locals = std::cell::OnceCell::new();
    let named_locals = || -> &Vec<String> {
        named_locals.get_or_init(|| {
            imports
                .iter()
                .flat_map(|i| &i.named)
                .map(|s| s.local())
                .collect()
        })
    };

    // Real names this pass gives to an import without an alias: a second wrong name of the
    // same class (`S3BucketVersioning` and `S3BucketVersioningV2`) keeps its own as an alias.
    let mut claimed: std::collections::HashSet<&str> = std::collections::HashSet::new();
    // Named imports from a module that does not export the name.
    for imp in imports {
        let Some(pkg) = ctx.index.resolve_npm(&imp.source) else {
            continue;
        };
        let EntryPoint::Module(module) = pkg.entry else {
            continue;
        };
        for spec in &imp.named {
            let wrong = spec.imported();
            if module.exports_as(&wrong, Use::Value) {
                continue;
            }
            // A value is renamed only to a class; the file's uses are read only for a name
            // the module does not export as a class.
            let used = if imp.type_only || spec.node.text().starts_with("type ") {
                Use::Type
            } else {
                let local = spec.local();
                idents()
                    .iter()
                    .filter(|n| n.text() == local.as_str())
                    .fold(Use::Type, |u, n| u.and(ts::use_of(n)))
            };
            let Some(real) = real_name_as(module, &wrong, used) else {
                continue;
            };
            let mut edits =
                rename_edits(spec, &wrong, real, &mut claimed, idents(), named_locals());
            // In a prettier project, the import list printed again with the new name, as
            // prettier prints it (the longer name may carry the line past `printWidth`).
            if let (Some(p), Some(named)) = (&ctx.style.prettier, &imp.named_node) {
                let specs: Vec<String> = imp
                    .named
                    .iter()
                    .map(|s| {
                        let r = s.node.range();
                        let mut t = file.text[r.clone()].to_string();
                        if s.node.range() == spec.node.range() {
                            let name = spec.name.range();
                            let new = edits[0].text.clone();
                            t.replace_range(name.start - r.start..name.end - r.start, &new);
                        }
                        t
                    })
                    .collect();
                if let Some(list) = print_import_list(p, file.text, named, &specs, file.newline()) {
                    edits[0] = list;
                }
            }
            out.push(Diagnostic {
                transform: META.id,
                range: spec.name.range(),
                message: message(&wrong, real, module),
                fix: Some(Fix::safe(edits)),
            });
        }
    }

    // Names no module of the provider exports: resolved through the alias index
    // (`CloudtrailTrail` from an invented `lib/cloudtrail-trail` → `Cloudtrail` from `lib/cloudtrail`).
    for imp in imports {
        let Some(pkg) = ctx.index.resolve_npm(&imp.source) else {
            continue;
        };
        let (here, root) = match pkg.entry {
            EntryPoint::Module(m) => (Some(m), false),
            EntryPoint::UnknownModule => (None, false),
            EntryPoint::Root | EntryPoint::Lib => (None, true),
        };
        // How the file uses a name: a value is renamed only to a class.
        let used = |spec: &ts::Specifier| {
            if imp.type_only || spec.node.text().starts_with("type ") {
                return Use::Type;
            }
            let local = spec.local();
            idents()
                .iter()
                .filter(|n| n.text() == local.as_str())
                .fold(Use::Type, |u, n| u.and(ts::use_of(n)))
        };
        let keys = |local: &str| config_keys(file, local);
        let Sorted {
            resolved,
            elsewhere,
            unknown,
        } = sort_names(
            ctx,
            pkg.provider,
            here,
            root,
            &imp.named,
            used,
            keys,
            Spelling::Ts,
        );
        // A module the provider does not have, and a name that resolves to nothing: said.
        for spec in &unknown {
            let folder = imp
                .source
                .split_once("/lib/")
                .map(|(_, f)| f.trim_end_matches(".js").trim_end_matches("/index"))
                .unwrap_or_default();
            out.push(Diagnostic {
                transform: META.id,
                range: spec.name.range(),
                message: unknown_module_message(
                    ctx,
                    pkg.provider,
                    &imp.source,
                    folder,
                    false,
                    &spec.imported(),
                ),
                fix: None,
            });
        }
        let alone = imp.named.len() == 1 && imp.namespace.is_none();
        let repoint = |to: &Provider, m: &Module| {
            let quote = &imp.source_node.text()[..1];
            Some(Edit::replace(
                imp.source_node.range(),
                format!(
                    "{quote}{}/provider-{}/lib/{}{quote}",
                    to.family.scope(),
                    to.name,
                    m.folder
                ),
            ))
        };
        elsewhere_findings(
            ctx,
            pkg.provider,
            &elsewhere,
            (alone, root),
            Spelling::Ts,
            &mut claimed,
            idents(),
            named_locals(),
            repoint,
            out,
        );
        // The module every renamed name of this import is in, when it is one module and every
        // other name of the import is there too: then the import's path follows the class.
        let targets: Vec<&Module> = resolved
            .iter()
            .filter_map(|(_, r)| match r {
                Some(Invented::Rename(c)) => Some(c.module),
                _ => None,
            })
            .collect();
        let Some(&target) = targets.first() else {
            for (spec, r) in &resolved {
                if let Some(Invented::Report(msg)) = r {
                    out.push(Diagnostic {
                        transform: META.id,
                        range: spec.name.range(),
                        message: msg.clone(),
                        fix: None,
                    });
                }
            }
            continue;
        };
        let one_module = targets.iter().all(|m| std::ptr::eq(*m, target))
            && imp.namespace.is_none()
            && imp.named_node.is_some()
            && resolved.iter().all(|(spec, r)| match r {
                Some(Invented::Rename(_)) => true,
                Some(Invented::Report(_)) => false,
                None => target.exports(&spec.imported()),
            });
        let new_path = format!(
            "{}/provider-{}/lib/{}",
            pkg.family.scope(),
            pkg.provider.name,
            target.folder
        );
        let moves = here.is_none_or(|m| !std::ptr::eq(m, target));
        let mut first = true;
        for (spec, r) in &resolved {
            let wrong = spec.imported();
            match r {
                Some(Invented::Report(msg)) => out.push(Diagnostic {
                    transform: META.id,
                    range: spec.name.range(),
                    message: msg.clone(),
                    fix: None,
                }),
                Some(Invented::Rename(c)) if one_module || !moves => {
                    let mut edits = rename_edits(
                        spec,
                        &wrong,
                        c.class,
                        &mut claimed,
                        idents(),
                        named_locals(),
                    );
                    if moves && first {
                        let quote = &imp.source_node.text()[..1];
                        edits.push(Edit::replace(
                            imp.source_node.range(),
                            format!("{quote}{new_path}{quote}"),
                        ));
                        first = false;
                    }
                    let mut message = invented_message(&wrong, c, pkg.provider);
                    if moves {
                        message.push_str(&format!(", exported by `{new_path}`"));
                    }
                    out.push(Diagnostic {
                        transform: META.id,
                        range: spec.name.range(),
                        message,
                        fix: Some(Fix::safe(edits)),
                    });
                }
                Some(Invented::Rename(c)) => out.push(Diagnostic {
                    transform: META.id,
                    range: spec.name.range(),
                    message: format!(
                        "{}, exported by `{}/provider-{}/lib/{}`; the import names others too: import it from there",
                        invented_message(&wrong, c, pkg.provider),
                        pkg.family.scope(),
                        pkg.provider.name,
                        c.module.folder
                    ),
                    fix: None,
                }),
                None => {}
            }
        }
    }

    namespaces(file, ctx, imports, idents(), out);
}

/// A module namespace a file binds: `import * as ns from ".../lib/<folder>"` or `{ ns }` from
/// the package root, whether or not the provider has that module.
struct NsBinding<'f> {
    local: String,
    pkg: PackageRef<'static>,
    /// The module, when the provider has it.
    module: Option<&'static Module>,
    /// The namespace the import names (`rdsInstance`, also for a folder `rds-instance`).
    named: String,
    /// `import * as`: the source string; `{ ns }`: the specifier.
    source: Option<N<'f>>,
    spec: Option<&'f ts::Specifier<'f>>,
    imp: &'f ts::Import<'f>,
}

/// `lib/rds-instance` → `rdsInstance`: the namespace the provider would export for a folder.
fn namespace_of_folder(folder: &str) -> String {
    let mut out = String::new();
    for (i, part) in folder.split('-').enumerate() {
        let mut cs = part.chars();
        if let Some(c) = cs.next() {
            if i == 0 {
                out.push(c);
            } else {
                out.push(c.to_ascii_uppercase());
            }
            out.extend(cs);
        }
    }
    out
}

/// Names reached through a namespace: `ns.Name`, `aws.ns.Name` (values and types). A name of
/// another module moves with its namespace: the import and every use of a namespace whose
/// members all resolve to one module follow it (`rdsInstance.RdsInstance` →
/// `dbInstance.DbInstance`); `aws.ns.Name` is rewritten where it stands.
fn namespaces<'f>(
    file: &'f ParsedFile,
    ctx: &Context,
    imports: &'f [ts::Import<'f>],
    idents: &[N<'f>],
    out: &mut Vec<Diagnostic>,
) {
    let mut bound: Vec<NsBinding> = Vec::new();
    let mut packages: Vec<(String, PackageRef<'static>)> = Vec::new();
    for imp in imports {
        let Some(pkg) = ctx.index.resolve_npm(&imp.source) else {
            continue;
        };
        if let Some(ns) = &imp.namespace {
            let folder = imp
                .source
                .split_once("/lib/")
                .map(|(_, f)| f.trim_end_matches(".js").trim_end_matches("/index"));
            match pkg.entry {
                EntryPoint::Root | EntryPoint::Lib => {
                    packages.push((ns.text().to_string(), pkg));
                }
                EntryPoint::Module(m) => bound.push(NsBinding {
                    local: ns.text().to_string(),
                    pkg,
                    module: Some(m),
                    named: m.namespace.to_string(),
                    source: Some(imp.source_node),
                    spec: None,
                    imp,
                }),
                EntryPoint::UnknownModule => bound.push(NsBinding {
                    local: ns.text().to_string(),
                    pkg,
                    module: None,
                    named: namespace_of_folder(folder.unwrap_or_default()),
                    source: Some(imp.source_node),
                    spec: None,
                    imp,
                }),
            }
        }
        if matches!(pkg.entry, EntryPoint::Root | EntryPoint::Lib) {
            for spec in &imp.named {
                let imported = spec.imported();
                // A namespace is lower camel case; a class or struct name from the root is
                // `provider-imports`' to move.
                if !imported.starts_with(|c: char| c.is_ascii_lowercase()) {
                    continue;
                }
                bound.push(NsBinding {
                    local: spec.local(),
                    pkg,
                    module: pkg.provider.module_by_namespace(&imported),
                    named: imported,
                    source: None,
                    spec: Some(spec),
                    imp,
                });
            }
        }
    }
    let taken = |name: &str| {
        idents.iter().any(|n| n.text() == name)
            || imports.iter().any(|i| {
                i.named.iter().any(|s| s.local() == name)
                    || i.namespace.as_ref().is_some_and(|n| n.text() == name)
            })
    };

    // `ns.Member` through a module namespace.
    for b in &bound {
        let mut members: Vec<(N, N, String, Member)> = Vec::new();
        let mut bare = false;
        for ident in idents.iter().filter(|n| n.text() == b.local.as_str()) {
            let qualified = ident.parent().filter(|p| {
                ts::qualified_parts(p).is_some_and(|(o, _)| o.range() == ident.range())
            });
            let Some(q) = qualified else {
                bare = true;
                continue;
            };
            let Some((_, name)) = ts::qualified_parts(&q) else {
                continue;
            };
            // `ns.Member.Nested`: the member is what `ns` gives.
            let wrong = name.text().to_string();
            let used = ts::use_of(&q);
            let keys = config_keys(file, &q.text());
            let r = resolve_member(ctx, &b.pkg, b.module, &wrong, used, &keys, Spelling::Ts);
            members.push((q, name, wrong, r));
        }
        let mut targets: Vec<&'static Module> = Vec::new();
        let mut clean = !bare;
        // The provider the members move to, when it is another one.
        let mut to: Option<&'static Provider> = None;
        for (_, _, _, r) in &members {
            match r {
                Member::Moves(_, m, _, other) => {
                    if !targets.iter().any(|t| std::ptr::eq(*t, *m)) {
                        targets.push(m);
                    }
                    to = to.or(*other);
                }
                Member::Report(_) | Member::Unknown => clean = false,
                Member::Stays | Member::Same(..) => {}
            }
        }
        // Every member in one other module, the import follows: one fix for the namespace.
        // A namespace named from another provider's root moves with a statement of its own.
        let alone = b.spec.is_none() || b.imp.named.len() == 1 && b.imp.namespace.is_none();
        if let ([target], true, true) = (targets.as_slice(), clean, to.is_none() || alone) {
            let provider = to.unwrap_or(b.pkg.provider);
            let fits = members.iter().all(|(_, _, wrong, r)| match r {
                Member::Moves(..) => true,
                Member::Stays => target.exports(wrong),
                _ => false,
            });
            if fits {
                let new_local = if b.local == b.named && !taken(target.namespace) {
                    target.namespace.to_string()
                } else {
                    b.local.clone()
                };
                let mut edits = Vec::new();
                if let Some(src) = &b.source {
                    let quote = &src.text()[..1];
                    edits.push(Edit::replace(
                        src.range(),
                        format!(
                            "{quote}{}/provider-{}/lib/{}{quote}",
                            b.pkg.family.scope(),
                            provider.name,
                            target.folder
                        ),
                    ));
                }
                if let (Some(to), None) = (to, &b.source) {
                    let src = &b.imp.source_node;
                    let quote = &src.text()[..1];
                    edits.push(Edit::replace(
                        src.range(),
                        format!("{quote}{}/provider-{}{quote}", to.family.scope(), to.name),
                    ));
                }
                if let Some(spec) = b.spec {
                    let text = if new_local == target.namespace || spec.alias.is_some() {
                        target.namespace.to_string()
                    } else {
                        format!("{} as {}", target.namespace, b.local)
                    };
                    edits.push(Edit::replace(spec.name.range(), text));
                } else if let Some(ns) = imports
                    .iter()
                    .filter_map(|i| i.namespace.as_ref())
                    .find(|n| n.text() == b.local.as_str())
                {
                    if new_local != b.local {
                        edits.push(Edit::replace(ns.range(), new_local.clone()));
                    }
                }
                let mut first: Option<(N, String)> = None;
                for (q, name, wrong, r) in &members {
                    if new_local != b.local {
                        if let Some((object, _)) = ts::qualified_parts(q) {
                            edits.push(Edit::replace(object.range(), new_local.clone()));
                        }
                    }
                    if let Member::Moves(class, _, msg, _) = r {
                        if *class != wrong.as_str() {
                            edits.push(Edit::replace(name.range(), *class));
                        }
                        if first.is_none() {
                            first = Some((*name, msg.clone()));
                        }
                    }
                }
                if let Some((at, msg)) = first {
                    let what = if to.is_some() {
                        String::new()
                    } else if b.module.is_some() {
                        format!("; `{}` follows it", b.local)
                    } else {
                        format!(
                            "; {} has no module `{}`: the import follows the class",
                            b.pkg.provider.package, b.named
                        )
                    };
                    out.push(Diagnostic {
                        transform: META.id,
                        range: at.range(),
                        message: format!("{msg}{what}"),
                        fix: Some(Fix::safe(edits)),
                    });
                }
                continue;
            }
        }
        for (q, name, wrong, r) in &members {
            match r {
                Member::Same(real, msg) => out.push(Diagnostic {
                    transform: META.id,
                    range: name.range(),
                    message: msg.clone(),
                    fix: Some(Fix::safe(vec![Edit::replace(name.range(), *real)])),
                }),
                Member::Report(msg) => out.push(Diagnostic {
                    transform: META.id,
                    range: name.range(),
                    message: msg.clone(),
                    fix: None,
                }),
                // The bound module is real and other members stay in it: the class is
                // imported on its own.
                Member::Moves(class, m, msg, other) if b.module.is_some() || other.is_some() => {
                    let fix = add_import(
                        file,
                        ctx.index,
                        ctx.style,
                        Wanted::Class(other.unwrap_or(b.pkg.provider).name, class),
                        None,
                    )
                    .filter(|_| m.exports(class))
                    .map(|(expr, mut edits)| {
                        edits.push(Edit::replace(q.range(), expr));
                        Fix::safe(edits)
                    });
                    out.push(Diagnostic {
                        transform: META.id,
                        range: name.range(),
                        message: msg.clone(),
                        fix,
                    });
                }
                Member::Moves(_, m, msg, _) => out.push(Diagnostic {
                    transform: META.id,
                    range: name.range(),
                    message: format!(
                        "{msg}; `{}` names others too: import `{}` from `{}/provider-{}/lib/{}`",
                        b.local,
                        wrong,
                        b.pkg.family.scope(),
                        b.pkg.provider.name,
                        m.folder
                    ),
                    fix: None,
                }),
                Member::Stays | Member::Unknown => {}
            }
        }
    }

    // `aws.ns.Member` through the package: rewritten where it stands.
    for node in file.of_kinds(&["member_expression", "nested_type_identifier"]) {
        let Some((object, name)) = ts::qualified_parts(&node) else {
            continue;
        };
        let Some((base, ns)) = ts::qualified_parts(&object) else {
            continue;
        };
        if base.kind() != "identifier" {
            continue;
        }
        let Some((_, pkg)) = packages.iter().find(|(l, _)| base.text() == l.as_str()) else {
            continue;
        };
        let module = pkg.provider.module_by_namespace(&ns.text());
        let wrong = name.text().to_string();
        let keys = config_keys(file, &node.text());
        let r = resolve_member(
            ctx,
            pkg,
            module,
            &wrong,
            ts::use_of(&node),
            &keys,
            Spelling::Ts,
        );
        match r {
            Member::Same(real, msg) => out.push(Diagnostic {
                transform: META.id,
                range: name.range(),
                message: msg,
                fix: Some(Fix::safe(vec![Edit::replace(name.range(), real)])),
            }),
            // Another provider's class: imported on its own.
            Member::Moves(class, _, msg, Some(to)) => {
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
                    range: name.range(),
                    message: msg,
                    fix,
                });
            }
            Member::Moves(class, m, msg, None) => {
                let mut edits = vec![Edit::replace(ns.range(), m.namespace)];
                if class != wrong {
                    edits.push(Edit::replace(name.range(), class));
                }
                out.push(Diagnostic {
                    transform: META.id,
                    range: name.range(),
                    message: msg,
                    fix: Some(Fix::safe(edits)),
                });
            }
            Member::Report(msg) => out.push(Diagnostic {
                transform: META.id,
                range: name.range(),
                message: msg,
                fix: None,
            }),
            Member::Stays | Member::Unknown => {}
        }
    }
}

/// The keys of the config objects `local` is constructed with (`new X(this, "id", { a, b: 1 })`
/// → `a`, `b`); a config that is not an object literal gives none.
pub(super) fn config_keys(file: &ParsedFile, local: &str) -> Vec<Key> {
    let mut keys = Vec::new();
    for node in file.of_kinds(&["new_expression"]) {
        if node.field("constructor").is_none_or(|c| c.text() != local) {
            continue;
        }
        let Some(args) = node.field("arguments") else {
            continue;
        };
        let Some(config) = args
            .children()
            .filter(|a| a.is_named() && a.kind() != "comment")
            .nth(2)
        else {
            continue;
        };
        if config.kind() != "object" {
            continue;
        }
        for p in ts::properties(&config) {
            let inner = if p.value.kind() == "object" {
                ts::properties(&p.value)
                    .into_iter()
                    .map(|i| i.key)
                    .collect()
            } else {
                Vec::new()
            };
            keys.push(Key { name: p.key, inner });
        }
        for p in config.children() {
            if p.kind() == "shorthand_property_identifier" {
                keys.push(Key::plain(p.text().to_string()));
            }
        }
    }
    keys.sort();
    keys.dedup();
    keys
}
