//! `provider-class-names` in TypeScript: named imports from a module that does not export the name, and `ns.Name` / `aws.ns.Name` reached through a provider namespace.

use super::{invented_message, message, real_name_as, resolve_invented, Invented, META};
use crate::index::{EntryPoint, Module, Use};
use crate::syntax::layout::print_import_list;
use crate::syntax::ts::{self, Binding};
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
            let mut edits = Vec::new();
            if spec.alias.is_some() {
                edits.push(Edit::replace(spec.name.range(), real));
            } else if !claimed.insert(real)
                || idents().iter().any(|n| n.text() == real)
                || imports
                    .iter()
                    .flat_map(|i| &i.named)
                    .any(|s| s.local() == real)
            {
                // The real name is taken: keep the local name with an alias.
                edits.push(Edit::replace(
                    spec.name.range(),
                    format!("{real} as {wrong}"),
                ));
            } else {
                edits.push(Edit::replace(spec.name.range(), real));
                for n in idents().iter().filter(|n| n.text() == wrong) {
                    let text = if n.kind() == "shorthand_property_identifier" {
                        format!("{wrong}: {real}")
                    } else {
                        real.to_string()
                    };
                    edits.push(Edit::replace(n.range(), text));
                }
            }
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
        let here = match pkg.entry {
            EntryPoint::Module(m) => Some(m),
            EntryPoint::UnknownModule => None,
            _ => continue,
        };
        let mut resolved = Vec::new();
        for spec in &imp.named {
            let wrong = spec.imported();
            let local = spec.local();
            let used = if imp.type_only || spec.node.text().starts_with("type ") {
                Use::Type
            } else {
                idents()
                    .iter()
                    .filter(|n| n.text() == local.as_str())
                    .fold(Use::Type, |u, n| u.and(ts::use_of(n)))
            };
            if here.is_some_and(|m| {
                m.exports_as(&wrong, used) || real_name_as(m, &wrong, used).is_some()
            }) {
                resolved.push((spec, None));
                continue;
            }
            let keys = config_keys(file, &local);
            match resolve_invented(pkg.provider, &wrong, used, &keys, false) {
                Some(found) => resolved.push((spec, Some(found))),
                None => resolved.push((spec, None)),
            }
        }
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
                        imports,
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

    // Names reached through a namespace: `ns.Name`, `aws.ns.Name` (values and types).
    // (`nested_identifier` is the module part of a qualified type: its name is read above it.)
    for node in file.of_kinds(&["member_expression", "nested_type_identifier"]) {
        let Some((object, name)) = ts::qualified_parts(&node) else {
            continue;
        };
        let text = object.text();
        // Only names under a provider binding can be wrong: most member expressions
        // (`this.node`, `props.x`) are left before anything is allocated.
        let first = text.split('.').next().unwrap_or_default().trim();
        if !scope.bindings.contains_key(first) {
            continue;
        }
        let path = text
            .split('.')
            .map(|s| s.trim().to_string())
            .collect::<Vec<_>>();
        let module = match path.as_slice() {
            [ns] => match scope.bindings.get(ns) {
                Some((Binding::Module(_, m), _)) => *m,
                _ => continue,
            },
            [pkg, ns] => match scope.bindings.get(pkg) {
                Some((Binding::Package(p), _)) => match p.provider.module_by_namespace(ns) {
                    Some(m) => m,
                    None => continue,
                },
                _ => continue,
            },
            _ => continue,
        };
        let wrong = name.text().to_string();
        if let Some(real) = real_name_as(module, &wrong, ts::use_of(&node)) {
            out.push(Diagnostic {
                transform: META.id,
                range: name.range(),
                message: message(&wrong, real, module),
                fix: Some(Fix::safe(vec![Edit::replace(name.range(), real)])),
            });
        }
    }
}

/// The keys of the config objects `local` is constructed with (`new X(this, "id", { a, b: 1 })`
/// → `a`, `b`); a config that is not an object literal gives none.
fn config_keys(file: &ParsedFile, local: &str) -> Vec<String> {
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
        for p in config.children() {
            match p.kind().as_ref() {
                "pair" => {
                    if let Some(k) = p.field("key") {
                        let text = k.text();
                        let k = text.trim_matches(|c| c == '"' || c == '\'');
                        keys.push(k.to_string());
                    }
                }
                "shorthand_property_identifier" => keys.push(p.text().to_string()),
                _ => {}
            }
        }
    }
    keys.sort();
    keys.dedup();
    keys
}

/// The edits renaming an imported `wrong` to `real`: the import, and every use unless the real
/// name is taken (then the import keeps the local name with an alias).
fn rename_edits<'a>(
    spec: &ts::Specifier,
    wrong: &str,
    real: &'a str,
    claimed: &mut std::collections::HashSet<&'a str>,
    idents: &[N],
    imports: &[ts::Import],
) -> Vec<Edit> {
    let mut edits = Vec::new();
    if spec.alias.is_some() {
        edits.push(Edit::replace(spec.name.range(), real));
    } else if !claimed.insert(real)
        || idents.iter().any(|n| n.text() == real)
        || imports
            .iter()
            .flat_map(|i| &i.named)
            .any(|s| s.local() == real)
    {
        edits.push(Edit::replace(
            spec.name.range(),
            format!("{real} as {wrong}"),
        ));
    } else {
        edits.push(Edit::replace(spec.name.range(), real));
        for n in idents.iter().filter(|n| n.text() == wrong) {
            let text = if n.kind() == "shorthand_property_identifier" {
                format!("{wrong}: {real}")
            } else {
                real.to_string()
            };
            edits.push(Edit::replace(n.range(), text));
        }
    }
    edits
}
