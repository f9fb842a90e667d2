//! `provider-imports` in TypeScript: wildcard, barrel and misplaced provider imports
//! (`import * as aws from "@cdktf/provider-aws"`, `import { Vpc } from "@cdktf/provider-aws"`)
//! rewritten into per-module imports (`import { Vpc } from "@cdktf/provider-aws/lib/vpc"`).

use std::cell::OnceCell;
use std::collections::{BTreeSet, HashMap, HashSet};

use super::{
    comments_in, grouped_before, report, resolve, resolve_in_group, rewrite, root_home, scan,
    take_shadowed, Named, Names, META,
};
use crate::catalogue::provider_class_names::{
    has_member_finding, has_root_name_finding, real_name_as, struct_as_class_message,
};
use crate::index::{upper_first, EntryPoint, Family, Module, PackageRef, Provider, Use};
use crate::style::Style;
use crate::syntax::ts::{self, Import, Specifier};
use crate::syntax::N;
use crate::{Context, Diagnostic, Edit, ParsedFile};

pub(super) fn check(file: &ParsedFile, ctx: &Context, out: &mut Vec<Diagnostic>) {
    // A package the project pins to a major without per-resource modules is right as its
    // imports are (this index describes the per-resource layout): it gets no finding.
    let per_resource = |pkg: &PackageRef| {
        let npm = format!("{}/provider-{}", pkg.family.scope(), pkg.provider.name);
        grouped_before(&npm, ctx.provider_majors).is_none()
    };
    check_imports(file, file.ts_imports(), ctx, &per_resource, out);
}

/// A specifier without the trailing `/`, `.js` or `/index` that name the same module.
fn normalized(spec: &str) -> &str {
    spec.trim_end_matches('/')
        .trim_end_matches(".js")
        .trim_end_matches("/index")
}

/// The note for a statement importing from `source` when a test of the project mocks that
/// module path: after the split the file no longer imports it, so the mock misses it.
fn mocked_note(source: &str, mocked: &[(String, String)]) -> Option<String> {
    let (module, test) = mocked
        .iter()
        .find(|(m, _)| normalized(m) == normalized(source))?;
    Some(format!(
        "`{test}` mocks `{module}`, and a mock of that path does not reach imports from its per-resource modules, so that test would fail; rewrite the test's mocks to the per-module paths, then apply with --unsafe-fixes"
    ))
}

/// How a local name bound by a provider import is used.
enum Local<'i> {
    /// `import * as aws from "<root>"`: uses are `aws.ns.Name` or `aws.Name`.
    Package,
    /// A namespace of a current module: uses are `ns.Name`.
    Namespace(&'i Module),
    /// A pre-v10 group (`s3`, `S3`, `.../lib/s3`): uses are `group.Name`, resolved by name.
    Group,
}

fn module_path(family: Family, provider: &Provider, module: &Module) -> String {
    format!(
        "{}/provider-{}/lib/{}",
        family.scope(),
        provider.name,
        module.folder
    )
}

/// The plan for the whole file, filled while reading it.
#[derive(Default)]
struct ImportPlan {
    /// Names to import per module path.
    named: Named,
    /// Modules imported as a namespace: (path, local name).
    namespaces: BTreeSet<(String, String)>,
    /// Paths whose every contribution came from `import type` statements.
    type_only: HashMap<String, bool>,
    /// Replacements of uses (`aws.vpc.Vpc` → `Vpc`).
    uses: Vec<Edit>,
}

impl ImportPlan {
    fn note_type_only(&mut self, path: &str, type_only: bool) {
        let e = self.type_only.entry(path.to_string()).or_insert(true);
        *e = *e && type_only;
    }

    /// The local name under which `name` from `path` is available to a use through `off`'s
    /// import, adding it to the plan. `wanted` is the local name to keep (a re-homed named
    /// import), if any.
    fn bind(
        &mut self,
        names: &Names,
        off: &Offender,
        (path, name): (&str, &str),
        wanted: Option<&str>,
    ) -> String {
        if names.existing(path, name, wanted).is_none() {
            self.note_type_only(path, off.import.type_only);
        }
        self.named.bind(names, off.pkg.provider, path, name, wanted)
    }

    /// A namespace import of `path`. `keep` binds exactly `wanted` (the file's own name for
    /// it); otherwise an existing namespace import of the module is reused, or a free name found.
    fn bind_namespace(
        &mut self,
        names: &Names,
        off: &Offender,
        path: &str,
        wanted: &str,
        keep: bool,
    ) -> String {
        let provider = off.pkg.provider;
        self.note_type_only(path, off.import.type_only);
        if keep {
            let local = self.named.give(wanted);
            self.namespaces.insert((path.to_string(), local.clone()));
            return local;
        }
        if let Some((_, local)) = self.namespaces.iter().find(|(t, _)| t == path) {
            return local.clone();
        }
        let base = format!("{}{}", provider.name, upper_first(wanted));
        let local = self.named.fresh(names, wanted, base);
        self.namespaces.insert((path.to_string(), local.clone()));
        local
    }
}

/// A provider import statement and what becomes of it.
struct Offender<'r, 'i> {
    import: &'r Import<'r>,
    pkg: PackageRef<'i>,
    /// Specifier texts to keep in the statement (unresolved ones).
    kept: Vec<String>,
    /// Whether the `* as x` part stays (some use of it could not be resolved).
    keep_namespace: bool,
    /// Whether anything in this statement was rewritten.
    touched: bool,
    message: String,
}

fn check_imports<'r>(
    file: &ParsedFile,
    imports: &'r [Import<'r>],
    ctx: &Context,
    only: &dyn Fn(&PackageRef) -> bool,
    out: &mut Vec<Diagnostic>,
) {
    let (index, mocked, style) = (ctx.index, ctx.mocked_modules, ctx.style);
    let mut offenders: Vec<Offender> = Vec::new();
    let mut locals: HashMap<String, (usize, Local)> = HashMap::new();
    // Named imports to re-home: (offender, specifier index, provider, module); the provider is
    // another one for a class of another provider named from this one's root.
    let mut rehome: Vec<(usize, usize, &Provider, &Module)> = Vec::new();
    let mut existing: HashMap<String, HashMap<String, String>> = HashMap::new();
    let mut existing_nodes: HashMap<String, &Import> = HashMap::new();
    // How the file uses the names of named provider imports, read the first time a name's
    // kind decides where it resolves.
    let uses = OnceCell::new();
    let used = |imp: &Import, spec: &Specifier| -> Use {
        if imp.type_only || spec.node.text().starts_with("type ") {
            return Use::Type;
        }
        let uses = uses.get_or_init(|| {
            let locals: HashSet<String> = imports
                .iter()
                .filter(|i| index.resolve_npm(&i.source).is_some())
                .flat_map(|i| i.named.iter().map(|s| s.local()))
                .collect();
            let ranges: Vec<_> = imports.iter().map(|i| i.node.range()).collect();
            ts::uses_of(file, &locals, &ranges)
        });
        uses.get(&spec.local()).copied().unwrap_or(Use::Type)
    };

    for imp in imports {
        let Some(pkg) = index.resolve_npm(&imp.source).filter(only) else {
            continue;
        };
        let at = offenders.len();
        let mut off = Offender {
            import: imp,
            pkg,
            kept: Vec::new(),
            keep_namespace: false,
            touched: false,
            message: String::new(),
        };
        let provider = pkg.provider;
        match pkg.entry {
            EntryPoint::Root | EntryPoint::Lib => {
                if let Some(ns) = &imp.namespace {
                    locals.insert(ns.text().to_string(), (at, Local::Package));
                    off.message = format!(
                        "`import * as {}` from `{}` loads all {} modules of the provider; import each name from its own module",
                        ns.text(),
                        imp.source,
                        provider.modules.len()
                    );
                }
                for (i, spec) in imp.named.iter().enumerate() {
                    let name = spec.imported();
                    if let Some(m) = provider.module_by_namespace(&name) {
                        locals.insert(spec.local(), (at, Local::Namespace(m)));
                    } else if let Some((to, m)) =
                        root_home(file, ctx, provider, &name, &spec.local(), used(imp, spec))
                    {
                        rehome.push((at, i, to, m));
                    } else if name.chars().next().is_some_and(|c| c.is_ascii_alphabetic()) {
                        locals.insert(spec.local(), (at, Local::Group));
                    }
                }
                if off.message.is_empty() {
                    off.message = format!(
                        "names imported from the `{}` barrel; import each from its own module (`{}/lib/<module>`)",
                        imp.source,
                        imp.source.trim_end_matches("/lib")
                    );
                }
            }
            EntryPoint::UnknownModule => {
                if let Some(ns) = &imp.namespace {
                    locals.insert(ns.text().to_string(), (at, Local::Group));
                }
                for (i, spec) in imp.named.iter().enumerate() {
                    if let Some(m) = resolve(provider, None, &spec.imported(), used(imp, spec)) {
                        rehome.push((at, i, provider, m));
                    }
                }
                off.message = format!("`{}` is not a module of {}", imp.source, provider.package);
            }
            EntryPoint::Module(module) => {
                let mut wrong = Vec::new();
                for (i, spec) in imp.named.iter().enumerate() {
                    let name = spec.imported();
                    // A class is right whatever the use: the file's uses are read only for
                    // a name the module exports as an interface, or not at all.
                    if module.exports_as(&name, Use::Value) {
                        continue;
                    }
                    let u = used(imp, spec);
                    if module.exports_as(&name, u) || real_name_as(module, &name, u).is_some() {
                        continue;
                    }
                    if let Some(m) = resolve(provider, None, &name, u) {
                        rehome.push((at, i, provider, m));
                        let path = module_path(pkg.family, provider, m);
                        wrong.push(if module.exports(&name) {
                            format!("`{name}` is used as a value, but `{}` exports it only as an interface; the class is in `{path}`", imp.source)
                        } else {
                            format!("`{name}` is exported by `{path}`")
                        });
                    }
                }
                if wrong.is_empty() {
                    let path = imp
                        .source
                        .trim_end_matches(".js")
                        .trim_end_matches("/index")
                        .to_string();
                    let map = existing.entry(path.clone()).or_default();
                    for spec in &imp.named {
                        map.insert(spec.imported(), spec.local());
                    }
                    if imp.named_node.is_some() && !imp.type_only {
                        existing_nodes.entry(path).or_insert(imp);
                    }
                    continue;
                }
                off.message = format!("{}, not `{}`", wrong.join("; "), imp.source);
            }
        }
        offenders.push(off);
    }
    if offenders.is_empty() {
        return;
    }

    let shadowed = take_shadowed(file, &mut locals);
    let offender_ranges: Vec<_> = offenders.iter().map(|o| o.import.node.range()).collect();
    let kinds = [
        "identifier",
        "type_identifier",
        "shorthand_property_identifier",
    ];
    // The last part of a qualified type name (`aws.vpc.VpcConfig`) binds nothing.
    let binds = |n: &N| {
        !n.parent().is_some_and(|p| {
            p.kind() == "nested_type_identifier"
                && p.field("name").is_some_and(|f| f.range() == n.range())
        })
    };
    let is_ref = |n: &N, text: &str| locals.contains_key(text) && n.kind() != "type_identifier";
    let (mut taken, refs) = scan(file.of_kinds(&kinds), &offender_ranges, binds, is_ref);
    for imp in imports {
        if !offender_ranges.contains(&imp.node.range()) {
            taken.extend(imp.named.iter().map(|s| s.local()));
            taken.extend(imp.namespace.iter().map(|n| n.text().to_string()));
        }
    }
    let names = Names {
        taken,
        existing: &existing,
    };
    let mut plan = ImportPlan::default();

    // Re-homed named imports keep their local names; their uses stay as they are.
    let mut rehomed: HashSet<(usize, usize)> = HashSet::new();
    for &(at, i, provider, module) in &rehome {
        let off = &offenders[at];
        let spec = &off.import.named[i];
        let target = module_path(off.pkg.family, provider, module);
        let local = spec.local();
        plan.bind(&names, off, (&target, &spec.imported()), Some(&local));
        rehomed.insert((at, i));
    }

    // Uses through a package, namespace or group binding.
    let mut unresolved_locals: HashSet<String> = shadowed.into_iter().collect();
    let mut resolved_locals: HashSet<String> = HashSet::new();
    for ident in &refs {
        let local = ident.text().to_string();
        let (at, how) = &locals[&local];
        let off = &offenders[*at];
        let provider = off.pkg.provider;
        let family = off.pkg.family;
        let first = step(ident);
        // The node that names the provider name, the module hinted by the path, the name.
        let named: Option<(N, Option<&Module>, String)> = match (how, first) {
            (Local::Package, Some((p1, a))) => {
                let a_is_namespace = provider.module_by_namespace(&a);
                match step(&p1) {
                    Some((p2, name)) => Some((p2, a_is_namespace, name)),
                    // `aws.vpc` on its own: the namespace as a value.
                    None if a_is_namespace.is_some() => Some((p1, a_is_namespace, String::new())),
                    None => Some((p1, None, a)),
                }
            }
            (Local::Namespace(m), Some((p1, name))) => Some((p1, Some(*m), name)),
            (Local::Group, Some((p1, name))) => Some((p1, None, name)),
            (Local::Namespace(m), None) => {
                // The namespace used as a value: import it as a granular namespace, same name.
                let target = module_path(family, provider, m);
                plan.bind_namespace(&names, off, &target, &local, true);
                continue;
            }
            _ => None,
        };
        let resolved: Option<(N, Option<&Module>, String)> =
            named.clone().and_then(|(node, hint, name)| {
                if name.is_empty() {
                    return Some((node, hint, name));
                }
                let u = if off.import.type_only {
                    Use::Type
                } else {
                    ts::use_of(&node)
                };
                if let Some(m) = resolve(provider, hint, &name, u) {
                    return Some((node, Some(m), name));
                }
                // Through a group or the package (`rds.ClusterInstance`, `aws.CloudtrailTrail`):
                // the group's name before the name, or the alias index.
                if hint.is_some() {
                    return None;
                }
                let object = ts::qualified_parts(&node)?.0.text().to_string();
                // `aws.x.Name`: `x` is no namespace of the provider.
                let through_package = matches!(how, Local::Package) && object.contains('.');
                let group = object.rsplit('.').next().unwrap_or_default();
                let (m, real) = resolve_in_group(
                    file,
                    ctx,
                    provider,
                    group,
                    &name,
                    &node.text(),
                    u,
                    !through_package,
                )?;
                Some((node, Some(m), real))
            });
        match resolved {
            Some((node, Some(module), name)) => {
                resolved_locals.insert(local.clone());
                let target = module_path(family, provider, module);
                let text = if name.is_empty() {
                    plan.bind_namespace(&names, off, &target, module.namespace, false)
                } else {
                    plan.bind(&names, off, (&target, &name), None)
                };
                plan.uses.push(Edit::replace(node.range(), text));
            }
            _ => {
                unresolved_locals.insert(local.clone());
                if claimed_by_class_names(file, ctx, off, &local, how, named.as_ref(), ident) {
                    continue;
                }
                let shown = match step(ident) {
                    Some((p1, _)) => {
                        step(&p1).map_or(p1.text().to_string(), |(p2, _)| p2.text().to_string())
                    }
                    None => local.clone(),
                };
                let member = named.as_ref().map(|(_, _, n)| n.as_str()).unwrap_or("");
                let message = struct_as_class_message(provider, member).unwrap_or_else(|| {
                    format!(
                        "`{shown}` cannot be resolved in the index of {} {}; its import is kept",
                        provider.package, provider.version
                    )
                });
                out.push(Diagnostic {
                    transform: META.id,
                    range: ident.range(),
                    message,
                    fix: None,
                });
            }
        }
    }

    // What stays of each offending statement.
    for (at, off) in offenders.iter_mut().enumerate() {
        if let Some(ns) = &off.import.namespace {
            let local = ns.text().to_string();
            let used = refs.iter().any(|r| r.text() == local);
            off.keep_namespace = unresolved_locals.contains(&local)
                || (!used && matches!(off.pkg.entry, EntryPoint::UnknownModule));
            off.touched |= resolved_locals.contains(&local) || (used && !off.keep_namespace);
        }
        for (i, spec) in off.import.named.iter().enumerate() {
            let local = spec.local();
            let handled = rehomed.contains(&(at, i))
                || (locals.get(&local).is_some_and(|(a, _)| *a == at)
                    && !unresolved_locals.contains(&local));
            if handled {
                off.touched = true;
            } else {
                off.kept.push(spec.node.text().to_string());
            }
        }
    }
    if !offenders.iter().any(|o| o.touched) {
        return;
    }

    // Edits: the first touched statement hosts the new imports; the others shrink or go.
    let nl = file.newline();
    let quote = offenders
        .iter()
        .find(|o| o.touched)
        .and_then(|o| o.import.source_node.text().chars().next())
        .unwrap_or('"');
    let semi = if offenders
        .iter()
        .find(|o| o.touched)
        .is_some_and(|o| o.import.node.text().trim_end().ends_with(';'))
    {
        ";"
    } else {
        ""
    };
    let mut edits: Vec<Edit> = Vec::new();
    // (path, 0 for a namespace import / 1 for named, line): sorted by path.
    let mut new_lines: Vec<(String, u8, String)> = Vec::new();
    let kw = |path: &str, plan: &ImportPlan| {
        if plan.type_only.get(path).copied().unwrap_or(false) {
            "import type"
        } else {
            "import"
        }
    };
    for (path, local) in &plan.namespaces {
        let line = format!(
            "{} * as {local} from {quote}{path}{quote}{semi}",
            kw(path, &plan)
        );
        new_lines.push((path.clone(), 0, line));
    }
    for (path, planned) in &plan.named.by_path {
        let specs = names.new_specs(path, planned);
        if specs.is_empty() {
            continue;
        }
        // Merge into a value import of the module the file keeps (it may hold types too).
        match existing_nodes.get(path).and_then(|imp| imp.named_node) {
            Some(named) => edits.push(merge_into(file.text, &named, &specs, style, nl)),
            _ => new_lines.push((
                path.clone(),
                1,
                style.ts_import(
                    kw(path, &plan),
                    &specs,
                    &format!("{quote}{path}{quote}"),
                    semi,
                    nl,
                ),
            )),
        }
    }
    new_lines.sort();
    let mut new_lines: Vec<String> = new_lines.into_iter().map(|(_, _, line)| line).collect();
    let mut hosted = false;
    for off in offenders.iter().filter(|o| o.touched) {
        let imp = off.import;
        let mut block: Vec<String> = comments_in(file, &imp.node)
            .iter()
            .map(|n| n.text().to_string())
            .collect();
        if off.keep_namespace {
            let ns = imp.namespace.as_ref().unwrap().text();
            let kw = if imp.type_only {
                "import type"
            } else {
                "import"
            };
            block.push(format!(
                "{kw} * as {ns} from {}{semi}",
                imp.source_node.text()
            ));
        }
        if !off.kept.is_empty() {
            let kw = if imp.type_only {
                "import type"
            } else {
                "import"
            };
            block.push(style.ts_import(kw, &off.kept, &imp.source_node.text(), semi, nl));
        }
        if !hosted {
            block.append(&mut new_lines);
            hosted = true;
        }
        edits.push(rewrite(file.text, imp.node.range(), &block, nl));
    }
    // In a prettier project, a statement whose callee or type got shorter is reprinted as
    // prettier prints it (its arguments may now fit on fewer lines).
    let uses = match &style.prettier {
        Some(p) => crate::syntax::layout::reprint_statements(p, file, plan.uses),
        None => plan.uses,
    };
    edits.extend(uses);
    let touched = offenders.iter().filter(|o| o.touched);
    let statements = touched.map(|o| {
        let note = mocked_note(&o.import.source, mocked);
        (o.import.node.range(), o.message.clone(), note)
    });
    report(statements, edits, out);
}

/// Whether `provider-class-names` has a finding on the provider name this unresolved use of
/// `local` reaches (`named`: the node naming it, the module its namespace names, the name):
/// a class of another provider imported from the package root (`RandomProvider`), or a member
/// that transform resolves or reports (`aws.dataArchiveFile.DataArchiveFile`,
/// `rdsInstance.RdsInstance`). Then the name is its finding, and this transform says nothing
/// (one finding per problem); the import is kept all the same.
fn claimed_by_class_names(
    file: &ParsedFile,
    ctx: &Context,
    off: &Offender,
    local: &str,
    how: &Local,
    named: Option<&(N, Option<&'static Module>, String)>,
    ident: &N,
) -> bool {
    let Some(pkg) = ctx.index.resolve_npm(&off.import.source) else {
        return false;
    };
    let spec = off.import.named.iter().find(|s| s.local() == local);
    match how {
        // A class name from the package root, not a namespace.
        Local::Group
            if spec.is_some_and(|s| s.imported().starts_with(|c: char| c.is_ascii_uppercase())) =>
        {
            let used = if off.import.type_only {
                Use::Type
            } else {
                ts::use_of(ident)
            };
            let name = spec.map(|s| s.imported()).unwrap_or_default();
            has_root_name_finding(file, ctx, pkg.provider, &name, local, used)
        }
        // `aws.x.Name`, `ns.Name`: `aws.Name` alone is no member.
        Local::Package if step(ident).and_then(|(p1, _)| step(&p1)).is_none() => false,
        _ => named.is_some_and(|(node, hint, name)| {
            !name.is_empty()
                && has_member_finding(file, ctx, &pkg, *hint, name, ts::use_of(node), &node.text())
        }),
    }
}

/// One step up a reference chain: `x` → `x.y` (value or type), with the `y`.
fn step<'r>(n: &N<'r>) -> Option<(N<'r>, String)> {
    let parent = n.parent()?;
    let (object, property) = ts::qualified_parts(&parent)?;
    (object.range() == n.range()).then(|| (parent, property.text().to_string()))
}

/// An edit adding `specs` to an existing `{ ... }` import list: in a prettier project, the
/// whole list as prettier prints it (unless a comment is inside); otherwise in its layout.
fn merge_into(text: &str, named: &N, specs: &[String], style: &Style, nl: &str) -> Edit {
    if let Some(edit) = style
        .prettier
        .as_ref()
        .and_then(|p| crate::syntax::layout::reprint_import_list(p, text, named, specs, nl))
    {
        return edit;
    }
    let last = named
        .children()
        .filter(|c| c.kind() == "import_specifier")
        .last();
    let multiline = named.text().contains('\n');
    match last {
        Some(last) => {
            let trailing_comma = last.next().is_some_and(|n| n.kind() == ",");
            if multiline {
                let indent = crate::syntax::indent_at(text, last.range().start).to_string();
                let after = if trailing_comma {
                    last.next().unwrap().range().end
                } else {
                    last.range().end
                };
                let lead = if trailing_comma { "" } else { "," };
                let added: String = specs.iter().map(|s| format!("{nl}{indent}{s},")).collect();
                let added = if trailing_comma {
                    added
                } else {
                    added.trim_end_matches(',').to_string()
                };
                // After a comment that ends the specifier's line, so the comment stays with it.
                let line_end = text[after..]
                    .find(['\r', '\n'])
                    .map_or(text.len(), |i| after + i);
                if trailing_comma && text[after..line_end].trim_start().starts_with("//") {
                    Edit::insert(line_end, added)
                } else {
                    Edit::insert(after, format!("{lead}{added}"))
                }
            } else {
                Edit::insert(last.range().end, format!(", {}", specs.join(", ")))
            }
        }
        None => {
            let r = named.range();
            Edit::replace(r, format!("{{ {} }}", specs.join(", ")))
        }
    }
}
