//! `provider-imports` for Python: names reached through the package root of a provider
//! (`from cdktf_cdktf_provider_aws import AwsProvider`, `aws.vpc.Vpc`, `vpc.Vpc`) imported from
//! the submodule that defines them (`from cdktf_cdktf_provider_aws.vpc import Vpc`).

use std::cell::OnceCell;
use std::collections::{HashMap, HashSet};

use super::{
    comments_in, report, resolve, resolve_in_group, rewrite, root_home, scan, spec_text,
    take_shadowed, Named, Names, META,
};
use crate::catalogue::provider_class_names::{
    has_member_finding, has_root_name_finding, python_use_of, python_uses_of, real_name_as,
};
use crate::index::{EntryPoint, Module, PackageRef, Provider, Use};
use crate::style::python_from_import;
use crate::syntax::python::{self, Import};
use crate::syntax::{indent_at, N};
use crate::{Context, Diagnostic, Edit, ParsedFile};

/// How a local name bound by a provider import is used.
#[derive(Clone, Copy)]
enum Local<'i> {
    /// `import cdktf_cdktf_provider_aws as aws`: uses are `aws.module.Name`.
    Package,
    /// A submodule imported from the root (`from ... import vpc`): uses are `vpc.Name`.
    Namespace(&'i Module),
    /// A name the index does not know as a submodule (`s3`): uses are `s3.Name`, by name.
    Group,
}

/// A provider import statement and what becomes of it.
struct Offender<'r, 'i> {
    import: &'r Import<'r>,
    pkg: PackageRef<'i>,
    /// Texts of the names that stay in the statement.
    kept: Vec<String>,
    touched: bool,
    message: String,
}

/// The submodule path of `module` of `provider`, in the family of `pkg`
/// (`cdktf_cdktf_provider_aws.s3_bucket`).
fn python_path(pkg: &PackageRef, provider: &Provider, module: &Module) -> String {
    format!(
        "{}.{}",
        pkg.family.python_package(provider.name),
        module.python
    )
}

/// Whether `provider-class-names` has a finding on the provider name this unresolved use
/// reaches (`first`: `x.a`, one step up from the local `x` bound `how`): a member of a
/// submodule, real or not (`aws.data_archive_file.DataArchiveFile`, `rds_instance.RdsInstance`
/// from the root), that transform resolves or reports, read as it reads it. Then the name is
/// its finding, and this transform says nothing (one finding per problem); the import is kept
/// all the same.
fn claimed_by_class_names(file: &ParsedFile, ctx: &Context, how: Local, first: &N) -> bool {
    // `aws.a.Name` through the package; `x.Name` through a submodule binding.
    let node = match how {
        Local::Package => match step(first) {
            Some((p2, _)) => p2,
            None => return false,
        },
        Local::Namespace(_) | Local::Group => *first,
    };
    let (Some(object), Some(attr)) = (node.field("object"), node.field("attribute")) else {
        return false;
    };
    let bindings = python::Bindings::of(file);
    let found = bindings.qualified_names(&object).iter().find_map(|path| {
        let pkg = ctx.index.resolve_python(path)?;
        match pkg.entry {
            EntryPoint::Module(m) => Some((pkg, Some(m))),
            EntryPoint::UnknownModule => Some((pkg, None)),
            _ => None,
        }
    });
    found.is_some_and(|(pkg, module)| {
        has_member_finding(
            file,
            ctx,
            &pkg,
            module,
            &attr.text(),
            python_use_of(&node),
            &node.text(),
        )
    })
}

/// One step up an attribute chain: `x` → `x.y`, with the `y`.
fn step<'r>(n: &N<'r>) -> Option<(N<'r>, String)> {
    let parent = n.parent()?;
    if parent.kind() != "attribute" {
        return None;
    }
    let object = parent.field("object")?;
    let attr = parent.field("attribute")?;
    (object.range() == n.range()).then(|| (parent, attr.text().to_string()))
}

pub(super) fn check(file: &ParsedFile, ctx: &Context, out: &mut Vec<Diagnostic>) {
    // A distribution the project pins to a major without per-resource submodules is right as
    // its imports are (this index describes the per-resource layout): the file gets no finding.
    let imports = python::imports_of(file);
    let grouped = imports.iter().any(|imp| {
        let module = if imp.from {
            imp.module.as_str()
        } else {
            match imp.names.first() {
                Some(n) => n.name.as_str(),
                None => return false,
            }
        };
        ctx.index.resolve_python(module).is_some_and(|pkg| {
            let dist = pkg
                .family
                .python_package(pkg.provider.name)
                .replace('_', "-");
            super::grouped_before(&dist, ctx.provider_majors).is_some()
        })
    });
    if !grouped {
        check_layout(file, &imports, ctx, out);
    }
}

fn check_layout(file: &ParsedFile, imports: &[Import], ctx: &Context, out: &mut Vec<Diagnostic>) {
    let index = ctx.index;
    let text = file.text;

    let mut offenders: Vec<Offender> = Vec::new();
    let mut locals: HashMap<String, (usize, PackageRef, Local)> = HashMap::new();
    let mut rehome: Vec<(usize, usize, &Provider, &Module)> = Vec::new();
    let mut existing: HashMap<String, HashMap<String, String>> = HashMap::new();
    let mut existing_nodes: HashMap<String, &Import> = HashMap::new();
    // How the file uses the names of provider from-imports, read the first time a name's kind
    // decides where it resolves.
    let uses = OnceCell::new();
    let used = |local: &str| -> Use {
        let uses = uses.get_or_init(|| {
            let locals: HashSet<String> = imports
                .iter()
                .filter(|i| i.from && index.resolve_python(&i.module).is_some())
                .flat_map(|i| i.names.iter().map(|n| n.local()))
                .collect();
            let ranges: Vec<_> = imports.iter().map(|i| i.node.range()).collect();
            python_uses_of(file, &locals, &ranges)
        });
        uses.get(local).copied().unwrap_or(Use::Type)
    };

    for imp in imports {
        let at = offenders.len();
        if !imp.from {
            // `import cdktf_cdktf_provider_aws [as aws]`; `import <root>.<module>` is fine as is.
            let mut found = None;
            for n in &imp.names {
                if let Some(pkg) = index.resolve_python(&n.name) {
                    if matches!(pkg.entry, EntryPoint::Root) {
                        locals.insert(n.local(), (at, pkg, Local::Package));
                        found.get_or_insert((pkg, n));
                    }
                }
            }
            if let Some((pkg, n)) = found {
                offenders.push(Offender {
                    import: imp,
                    pkg,
                    kept: Vec::new(),
                    touched: false,
                    message: format!(
                        "`import {}` reaches every name through the package root; import each name from its submodule (`{}.<module>`)",
                        n.node.text(),
                        n.name
                    ),
                });
            }
            continue;
        }
        let Some(pkg) = index.resolve_python(&imp.module) else {
            continue;
        };
        if imp.wildcard {
            continue;
        }
        let provider = pkg.provider;
        let package = pkg.family.python_package(provider.name);
        let message = match pkg.entry {
            EntryPoint::Root | EntryPoint::Lib => {
                for (i, n) in imp.names.iter().enumerate() {
                    if let Some(m) = provider.module_by_python(&n.name) {
                        locals.insert(n.local(), (at, pkg, Local::Namespace(m)));
                    } else if let Some((to, m)) =
                        root_home(file, ctx, provider, &n.name, &n.local(), used(&n.local()))
                    {
                        rehome.push((at, i, to, m));
                    } else if n.name.starts_with(|c: char| c.is_ascii_lowercase()) {
                        locals.insert(n.local(), (at, pkg, Local::Group));
                    } else if !has_root_name_finding(
                        file,
                        ctx,
                        provider,
                        &n.name,
                        &n.local(),
                        used(&n.local()),
                    ) {
                        // A class of another provider is `provider-class-names`' finding.
                        out.push(Diagnostic {
                            transform: META.id,
                            range: n.node.range(),
                            message: format!(
                                "`{}` is not a name of any module of {package} {}; its import is kept",
                                n.name, provider.version
                            ),
                            fix: None,
                        });
                    }
                }
                format!(
                    "`{}` exports only submodules; import each name from its submodule (`{package}.<module>`)",
                    imp.module
                )
            }
            EntryPoint::UnknownModule => {
                for (i, n) in imp.names.iter().enumerate() {
                    if let Some(m) = resolve(provider, None, &n.name, used(&n.local())) {
                        rehome.push((at, i, provider, m));
                    }
                }
                format!("`{}` is not a module of {package}", imp.module)
            }
            EntryPoint::Module(module) => {
                let mut wrong = Vec::new();
                for (i, n) in imp.names.iter().enumerate() {
                    // A class is right whatever the use: the file's uses are read only for a
                    // name the module exports as a struct, or not at all.
                    if module.exports_as(&n.name, Use::Value) {
                        continue;
                    }
                    let u = used(&n.local());
                    if module.exports_as(&n.name, u) || real_name_as(module, &n.name, u).is_some() {
                        continue;
                    }
                    if let Some(m) = resolve(provider, None, &n.name, u) {
                        rehome.push((at, i, provider, m));
                        let path = python_path(&pkg, pkg.provider, m);
                        wrong.push(if module.exports(&n.name) {
                            format!(
                                "`{}` is constructed, but `{}` exports it only as a struct; the resource class is in `{path}`",
                                n.name, imp.module
                            )
                        } else {
                            format!("`{}` is exported by `{path}`", n.name)
                        });
                    }
                }
                if wrong.is_empty() {
                    let map = existing.entry(imp.module.clone()).or_default();
                    for n in &imp.names {
                        map.insert(n.name.clone(), n.local());
                    }
                    existing_nodes.entry(imp.module.clone()).or_insert(imp);
                    continue;
                }
                format!("{}, not `{}`", wrong.join("; "), imp.module)
            }
        };
        offenders.push(Offender {
            import: imp,
            pkg,
            kept: Vec::new(),
            touched: false,
            message,
        });
    }
    if offenders.is_empty() {
        return;
    }
    let shadowed = take_shadowed(file, &mut locals);

    let offender_ranges: Vec<_> = offenders.iter().map(|o| o.import.node.range()).collect();
    let is_ref = |_: &N, text: &str| locals.contains_key(text);
    let identifiers = file.of_kind("identifier");
    let (mut taken, refs) = scan(identifiers, &offender_ranges, python::is_reference, is_ref);
    for imp in imports {
        if !offender_ranges.contains(&imp.node.range()) {
            taken.extend(imp.names.iter().map(|n| n.local()));
        }
    }

    let names = Names {
        taken,
        existing: &existing,
    };
    let mut named = Named::default();
    let mut uses: Vec<Edit> = Vec::new();
    let mut rehomed: HashSet<(usize, usize)> = HashSet::new();
    for &(at, i, provider, module) in &rehome {
        let off = &offenders[at];
        let n = &off.import.names[i];
        let path = python_path(&off.pkg, provider, module);
        named.bind(&names, off.pkg.provider, &path, &n.name, Some(&n.local()));
        rehomed.insert((at, i));
    }

    // Locals that must stay bound: used on their own, or in a way the index cannot resolve.
    let mut kept_locals: HashSet<String> = shadowed.into_iter().collect();
    let mut resolved_locals: HashSet<String> = HashSet::new();
    for ident in &refs {
        let local = ident.text().to_string();
        let (_, pkg, how) = locals[&local];
        let provider = pkg.provider;
        let first = step(ident);
        let Some((p1, a)) = first else {
            // The binding used as a value: a module object, valid as it is.
            kept_locals.insert(local);
            continue;
        };
        let resolved: Option<(N, &Module, String)> = match how {
            Local::Package => match provider.module_by_python(&a) {
                Some(ns) => match step(&p1) {
                    Some((p2, name)) => resolve(provider, Some(ns), &name, python_use_of(&p2))
                        .map(|m| (p2, m, name)),
                    None => {
                        kept_locals.insert(local);
                        continue;
                    }
                },
                None => resolve(provider, None, &a, python_use_of(&p1))
                    .map(|m| (p1, m, a.clone()))
                    .or_else(|| {
                        let (p2, name) = step(&p1)?;
                        let u = python_use_of(&p2);
                        match resolve(provider, None, &name, u) {
                            Some(m) => Some((p2, m, name)),
                            // `aws.rds.ClusterInstance`: through a group.
                            None => resolve_in_group(
                                file,
                                ctx,
                                provider,
                                &a,
                                &name,
                                &p2.text(),
                                u,
                                false,
                            )
                            .map(|(m, real)| (p2, m, real)),
                        }
                    })
                    .or_else(|| {
                        // `aws.CloudtrailTrail`: the alias index.
                        let u = python_use_of(&p1);
                        resolve_in_group(file, ctx, provider, &local, &a, &p1.text(), u, true)
                            .map(|(m, real)| (p1, m, real))
                    }),
            },
            Local::Namespace(m) => {
                resolve(provider, Some(m), &a, python_use_of(&p1)).map(|m| (p1, m, a))
            }
            Local::Group => {
                let u = python_use_of(&p1);
                match resolve(provider, None, &a, u) {
                    Some(m) => Some((p1, m, a)),
                    // `rds.ClusterInstance`: the group's name before it, or the alias index.
                    None => resolve_in_group(file, ctx, provider, &local, &a, &p1.text(), u, true)
                        .map(|(m, real)| (p1, m, real)),
                }
            }
        };
        match resolved {
            Some((node, module, name)) => {
                resolved_locals.insert(local);
                let path = python_path(&pkg, pkg.provider, module);
                let l = named.bind(&names, provider, &path, &name, None);
                uses.push(Edit::replace(node.range(), l));
            }
            None => {
                kept_locals.insert(local);
                if claimed_by_class_names(file, ctx, how, &p1) {
                    continue;
                }
                let shown =
                    step(&p1).map_or(p1.text().to_string(), |(p2, _)| p2.text().to_string());
                out.push(Diagnostic {
                    transform: META.id,
                    range: ident.range(),
                    message: format!(
                        "`{shown}` cannot be resolved in the index of {} {}; its import is kept",
                        pkg.family.python_package(provider.name),
                        provider.version
                    ),
                    fix: None,
                });
            }
        }
    }

    // What stays of each offending statement.
    for (at, off) in offenders.iter_mut().enumerate() {
        for (i, n) in off.import.names.iter().enumerate() {
            let local = n.local();
            let ours = locals.get(&local).is_some_and(|(a, _, _)| *a == at);
            let handled = rehomed.contains(&(at, i))
                || (ours
                    && !kept_locals.contains(&local)
                    && (off.import.from || resolved_locals.contains(&local)));
            off.touched |= handled || (ours && resolved_locals.contains(&local));
            if !handled {
                off.kept.push(n.node.text().to_string());
            }
        }
    }
    if !offenders.iter().any(|o| o.touched) {
        return;
    }

    let nl = file.newline();
    let mut edits: Vec<Edit> = Vec::new();
    // A touched from-import of a provider module takes the names planned for its module.
    let mut merged_into_offender: HashSet<String> = HashSet::new();
    for off in offenders.iter_mut().filter(|o| o.touched && o.import.from) {
        if let EntryPoint::Module(_) = off.pkg.entry {
            if let Some(planned) = named.by_path.get(&off.import.module) {
                for (name, local) in planned {
                    let spec = spec_text(name, local);
                    if !off.kept.contains(&spec) {
                        off.kept.push(spec);
                    }
                }
                merged_into_offender.insert(off.import.module.clone());
            }
        }
    }
    // What the project's formatter leaves on one line (black's 88 unless configured).
    let length = ctx.style.python_line_length();
    let host_indent = offenders
        .iter()
        .find(|o| o.touched)
        .map(|o| indent_at(text, o.import.node.range().start).to_string())
        .unwrap_or_default();
    let mut new_lines: Vec<String> = Vec::new();
    for (path, planned) in &named.by_path {
        if merged_into_offender.contains(path) {
            continue;
        }
        let specs = names.new_specs(path, planned);
        if specs.is_empty() {
            continue;
        }
        match existing_nodes.get(path) {
            Some(imp) => edits.push(merge_into(text, imp, &specs, length, nl)),
            None => new_lines.push(python_from_import(path, &specs, &host_indent, length, nl)),
        }
    }
    let mut hosted = false;
    for off in offenders.iter().filter(|o| o.touched) {
        let imp = off.import;
        let indent = indent_at(text, imp.node.range().start).to_string();
        let mut block: Vec<String> = comments_in(file, &imp.node)
            .iter()
            // A comment before CRLF ends with the CR: the block's own line endings follow.
            .map(|n| n.text().trim_end().to_string())
            .collect();
        if !off.kept.is_empty() {
            if imp.from {
                block.push(python_from_import(
                    &imp.module,
                    &off.kept,
                    &indent,
                    length,
                    nl,
                ));
            } else {
                block.push(format!("import {}", off.kept.join(", ")));
            }
        }
        if !hosted {
            block.append(&mut new_lines);
            hosted = true;
        }
        let sep = format!("{nl}{indent}");
        edits.push(rewrite(text, imp.node.range(), &block, &sep));
    }
    edits.extend(uses);
    let touched = offenders.iter().filter(|o| o.touched);
    let statements = touched.map(|o| {
        let note = mocked_note(o, ctx.mocked_modules);
        (o.import.node.range(), o.message.clone(), note)
    });
    report(statements, edits, out);
}

/// The note for a rewritten statement when a test of the project patches a name under the
/// module it imports (`mock.patch("cdktf_cdktf_provider_aws.s3_bucket.S3Bucket")`): the patch
/// reaches a name looked up through the package when the code runs, not one the rewrite binds
/// with `from ... import` before the patch.
fn mocked_note(off: &Offender, mocked: &[(String, String)]) -> Option<String> {
    let modules: Vec<&str> = if off.import.from {
        vec![off.import.module.as_str()]
    } else {
        off.import.names.iter().map(|n| n.name.as_str()).collect()
    };
    let (target, test) = mocked.iter().find(|(t, _)| {
        modules
            .iter()
            .any(|m| t == m || (t.starts_with(m) && t.as_bytes().get(m.len()) == Some(&b'.')))
    })?;
    Some(format!(
        "`{test}` patches `{target}`, which does not reach a name imported from its submodule before the patch, so that test would fail; patch the name where the code under test uses it, then apply with --unsafe-fixes"
    ))
}

/// An edit adding `specs` to a `from m import ...` statement the file keeps, in its layout; a
/// one-line statement that grows past the line length `length` is printed as black breaks it.
fn merge_into(text: &str, imp: &Import, specs: &[String], length: usize, nl: &str) -> Edit {
    let last = imp.names.last().expect("a kept import names something");
    let node = &last.node;
    let multiline = imp.node.text().contains('\n') && imp.node.text().contains('(');
    let comma = node.next().filter(|n| n.kind() == ",");
    let range = imp.node.range();
    let plain = !text[range.clone()].contains(['(', '#', '\\', '\n']);
    if plain {
        let indent = indent_at(text, range.start);
        let after = text[range.end..]
            .split(['\r', '\n'])
            .next()
            .unwrap_or_default();
        let grown = format!("{}, {}", &text[range.clone()], specs.join(", "));
        let width = |s: &str| s.chars().count();
        if width(indent) + width(&grown) + width(after) > length {
            let mut names: Vec<String> = imp
                .names
                .iter()
                .map(|n| text[n.node.range()].to_string())
                .collect();
            names.extend(specs.iter().cloned());
            return Edit::replace(
                range,
                python_from_import(&imp.module, &names, indent, length, nl),
            );
        }
    }
    if !multiline {
        let at = comma.map_or(node.range().end, |_| node.range().end);
        return Edit::insert(at, format!(", {}", specs.join(", ")));
    }
    let indent = indent_at(text, node.range().start).to_string();
    match comma {
        Some(c) => {
            let after = c.range().end;
            let line_end = text[after..]
                .find(['\r', '\n'])
                .map_or(text.len(), |i| after + i);
            let added: String = specs.iter().map(|s| format!("{nl}{indent}{s},")).collect();
            let at = if text[after..line_end].trim_start().starts_with('#') {
                line_end
            } else {
                after
            };
            Edit::insert(at, added)
        }
        None => {
            let added: Vec<String> = specs.iter().map(|s| format!("{nl}{indent}{s}")).collect();
            Edit::insert(node.range().end, format!(",{}", added.join(",")))
        }
    }
}
