//! `provider-class-names` in Go: `pkg.NewS3BucketVersioning(`, `pkg.S3BucketVersioningConfig`,
//! `pkg.S3BucketVersioningV2_IsConstruct` → the names of the real class (`S3BucketVersioningA`).
//! The Go bindings name structs, constructors (`New<Class>`) and static functions
//! (`<Class>_<method>`) after the TypeScript classes and interfaces, so the index decides.

use std::collections::HashMap;

use super::{
    elsewhere_text, invented_message, other_provider, real_name, resolve_invented, Invented, Key,
    Spelling, META,
};
use crate::index::aliases::Candidate;
use crate::index::go_paths::{parse_provider_path, published_module, required_module, Source};
use crate::index::{Module, Provider, Use};
use crate::syntax::go;
use crate::syntax::N;
use crate::{Context, Diagnostic, Edit, Fix, ParsedFile};

/// The real spelling of a Go name that `module` lacks: `NewX`, `X`, `X_Method`.
fn real_go_name(module: &Module, name: &str) -> Option<String> {
    let (base, suffix) = match name.find('_') {
        Some(i) => name.split_at(i),
        None => (name, ""),
    };
    if let Some(class) = base.strip_prefix("New").filter(|c| !c.is_empty()) {
        if module.exports(base) {
            return None;
        }
        let real = real_name(module, class)?;
        return module
            .classes
            .contains(&real)
            .then(|| format!("New{real}{suffix}"));
    }
    real_name(module, base).map(|real| format!("{real}{suffix}"))
}

pub(super) fn check(file: &ParsedFile, ctx: &Context, out: &mut Vec<Diagnostic>) {
    let root = file.tree().root();
    let imports = go::imports(&root);
    invented_packages(file, ctx, &imports, out);
    // The provider modules the file imports, by the name it uses for them (the alias, else
    // the package's own name); dot and blank imports are left out.
    let mut modules: HashMap<String, (&'static Provider, &'static Module)> = HashMap::new();
    for imp in &imports {
        let Some(path) = parse_provider_path(&imp.path, ctx.index) else {
            continue;
        };
        let Some(module) = path.module() else {
            continue;
        };
        let local = match imp.alias.as_deref() {
            Some("_" | ".") => continue,
            Some(a) => a.to_string(),
            None => module.go_package(),
        };
        modules.insert(local, (path.provider, module));
    }
    if modules.is_empty() {
        return;
    }
    for node in file.of_kinds(&["selector_expression", "qualified_type"]) {
        let (pkg, name) = match node.kind().as_ref() {
            "selector_expression" => (node.field("operand"), node.field("field")),
            "qualified_type" => (node.field("package"), node.field("name")),
            _ => continue,
        };
        let (Some(pkg), Some(name)) = (pkg, name) else {
            continue;
        };
        if !matches!(pkg.kind().as_ref(), "identifier" | "package_identifier") {
            continue;
        }
        let Some(&(provider, module)) = modules.get(pkg.text().as_ref()) else {
            continue;
        };
        let wrong = name.text().to_string();
        if let Some(real) = real_go_name(module, &wrong) {
            out.push(Diagnostic {
                transform: META.id,
                range: name.range(),
                message: format!(
                    "`{wrong}` does not exist in the Go package `{}` (module `{}`); the real name is `{real}`",
                    module.go_package(),
                    module.namespace
                ),
                fix: Some(Fix::safe(go::align_comments(
                    file.text,
                    vec![Edit::replace(name.range(), real)],
                ))),
            });
            continue;
        }
        // A name the package does not have, with no real name in it: a struct the bindings
        // never generate, or a class of another provider; said, not fixed.
        let (prefix, class, suffix) = go_class(&wrong);
        let used = use_of(prefix, suffix);
        if module.exports_as(class, used) || module.exports(&wrong) {
            continue;
        }
        let message = match other_provider(ctx, provider, class, used, &[], Spelling::Go) {
            Some((to, Invented::Rename(c))) => {
                let (place, add) = go_place(ctx, to, c.module);
                Some(format!(
                    "{}; import `{prefix}{}{suffix}` from there",
                    elsewhere_text(class, provider, c.class, to, &place, add.as_deref()),
                    c.class
                ))
            }
            Some((_, Invented::Report(msg))) => Some(msg),
            // A struct the package has under another name (`LbTargetGroupStickinessConfig` →
            // `LbTargetGroupStickiness`), renamed where it stands; one the bindings never
            // generate, said.
            None if used == Use::Type => {
                match resolve_invented(provider, class, used, &[], Spelling::Go) {
                    Some(Invented::Rename(c)) if std::ptr::eq(c.module, module) => {
                        out.push(Diagnostic {
                            transform: META.id,
                            range: name.range(),
                            message: invented_message(class, &c, provider),
                            fix: Some(Fix::safe(go::align_comments(
                                file.text,
                                vec![Edit::replace(name.range(), c.class)],
                            ))),
                        });
                        continue;
                    }
                    Some(Invented::Rename(c)) => Some(format!(
                        "{}, in the Go package `{}`",
                        invented_message(class, &c, provider),
                        c.module.go_package()
                    )),
                    Some(Invented::Report(msg)) => Some(msg),
                    None => None,
                }
            }
            None => None,
        };
        if let Some(message) = message {
            out.push(Diagnostic {
                transform: META.id,
                range: name.range(),
                message,
                fix: None,
            });
        }
    }
}

/// The class a Go name of an invented package stands for: `NewRdsInstance` → `RdsInstance`,
/// `RdsInstance_IsConstruct` → `RdsInstance`, with how to spell the real one.
fn go_class(name: &str) -> (&str, &str, &str) {
    let (base, suffix) = match name.find('_') {
        Some(i) => name.split_at(i),
        None => (name, ""),
    };
    match base.strip_prefix("New").filter(|c| !c.is_empty()) {
        Some(class) => ("New", class, suffix),
        None => ("", base, suffix),
    }
}

/// How a Go name uses its class: `pkg.X` is a type (a struct or an interface); `pkg.NewX`,
/// `pkg.X_Method` need the class.
fn use_of(prefix: &str, suffix: &str) -> Use {
    if prefix.is_empty() && suffix.is_empty() {
        Use::Type
    } else {
        Use::Value
    }
}

/// Where `module` of another provider `to` is for this file: its Go package under the bindings
/// module the nearest `go.mod` requires, else under the module published for the indexed
/// release, with that module to add.
fn go_place(ctx: &Context, to: &Provider, module: &Module) -> (String, Option<String>) {
    let requires = ctx
        .go_mod
        .into_iter()
        .flat_map(|g| g.requires.iter().map(|(m, _)| m.as_str()));
    match required_module(requires, ctx.index, to) {
        Some(root) => (format!("{root}/{}", module.go_package()), None),
        None => {
            let root = published_module(to).unwrap_or(to.package);
            (
                format!("{root}/{}", module.go_package()),
                Some(root.to_string()),
            )
        }
    }
}

/// One `local.Name` of an invented package, and where it goes.
struct Moved<'f> {
    name: N<'f>,
    wrong: String,
    real: String,
    provider: &'static Provider,
    module: &'static Module,
    /// Why, for a renamed name.
    message: String,
}

/// The field names of the config literals of class `class` (or of the config struct `class`
/// names) through the package imported as `local`: `&local.<Class>Config{Name: ..., ...}`,
/// however the class and its config are spelt, since both follow one real class.
fn config_keys(file: &ParsedFile, local: &str, class: &str) -> Vec<Key> {
    let stem = class.strip_suffix("Config").unwrap_or(class);
    let config = format!("{stem}Config");
    let mut keys = Vec::new();
    for node in file.of_kind("composite_literal") {
        let Some(ty) = node.field("type").filter(|t| t.kind() == "qualified_type") else {
            continue;
        };
        let (Some(pkg), Some(name)) = (ty.field("package"), ty.field("name")) else {
            continue;
        };
        if pkg.text() != local || name.text() != config.as_str() {
            continue;
        }
        let Some(body) = node.field("body") else {
            continue;
        };
        for e in go::keyed_elements(&body) {
            if let Some(k) = e.key_name() {
                keys.push(Key::plain(k));
            }
        }
    }
    keys.sort();
    keys.dedup();
    keys
}

/// A package of the provider's Go bindings that the provider does not have
/// (`.../aws/v21/rdsinstance`): when every name used through it resolves to one module, the
/// import path follows it, and the names and the package name with it
/// (`rdsinstance.NewRdsInstance` → `dbinstance.NewDbInstance`). A module of another provider
/// (`.../aws/v21/randomid` + `randomid.NewRandomId` → `id.NewId` of the random provider) is
/// followed only when `go.mod` requires that provider's bindings; otherwise the finding names
/// the module to add. Where the package name is taken the import keeps its local name as an
/// alias.
fn invented_packages(
    file: &ParsedFile,
    ctx: &Context,
    imports: &[go::Import],
    out: &mut Vec<Diagnostic>,
) {
    for imp in imports {
        let Some(path) = parse_provider_path(&imp.path, ctx.index) else {
            continue;
        };
        if path.source == Source::ProviderRepo || path.module().is_some() || path.rest.len() != 1 {
            continue;
        }
        let local = match imp.alias.as_deref() {
            Some("_" | ".") => continue,
            Some(a) => a.to_string(),
            None => path.rest[0].to_string(),
        };
        let provider = path.provider;
        // Every `local.Name` of the file.
        let mut uses: Vec<Moved> = Vec::new();
        let mut clean = true;
        let mut reports = Vec::new();
        for node in file.of_kinds(&["selector_expression", "qualified_type"]) {
            let (pkg, name) = match node.kind().as_ref() {
                "selector_expression" => (node.field("operand"), node.field("field")),
                _ => (node.field("package"), node.field("name")),
            };
            let (Some(pkg), Some(name)) = (pkg, name) else {
                continue;
            };
            if pkg.text() != local.as_str() {
                continue;
            }
            let wrong = name.text().to_string();
            let (prefix, class, suffix) = go_class(&wrong);
            let used = use_of(prefix, suffix);
            let exported: Vec<&Module> = provider.modules_exporting_as(class, used).collect();
            let keys = config_keys(file, &local, class);
            let found = match exported.as_slice() {
                [m] => m
                    .names()
                    .find(|n| *n == class)
                    .map(|class| (provider, Invented::Rename(Candidate { class, module: m }))),
                _ => resolve_invented(provider, class, used, &keys, Spelling::Go)
                    .map(|r| (provider, r))
                    .or_else(|| other_provider(ctx, provider, class, used, &keys, Spelling::Go)),
            };
            match found {
                Some((to, Invented::Rename(c))) => {
                    let real = format!("{prefix}{}{suffix}", c.class);
                    let message = if !std::ptr::eq(to, provider) {
                        let (place, add) = go_place(ctx, to, c.module);
                        elsewhere_text(class, provider, c.class, to, &place, add.as_deref())
                    } else if real != wrong {
                        invented_message(class, &c, provider)
                    } else {
                        String::new()
                    };
                    uses.push(Moved {
                        name,
                        wrong,
                        real,
                        provider: to,
                        module: c.module,
                        message,
                    });
                }
                Some((_, Invented::Report(msg))) => {
                    clean = false;
                    reports.push((name, msg));
                }
                None => clean = false,
            }
        }
        for (name, msg) in reports {
            out.push(Diagnostic {
                transform: META.id,
                range: name.range(),
                message: msg,
                fix: None,
            });
        }
        let Some(first) = uses.first() else {
            continue;
        };
        let (to, target) = (first.provider, first.module);
        let one = uses
            .iter()
            .all(|u| std::ptr::eq(u.module, target) && std::ptr::eq(u.provider, to));
        if !clean || !one {
            continue;
        }
        let package = target.go_package();
        let new_path = if std::ptr::eq(to, provider) {
            format!(
                "{}{package}",
                imp.path.strip_suffix(path.rest[0]).unwrap_or_default()
            )
        } else {
            let (place, add) = go_place(ctx, to, target);
            if add.is_some() {
                // The project does not require that provider's bindings: said, with the module
                // to add, for every name.
                for u in &uses {
                    out.push(Diagnostic {
                        transform: META.id,
                        range: u.name.range(),
                        message: u.message.clone(),
                        fix: None,
                    });
                }
                continue;
            }
            place
        };
        if imports.iter().any(|i| i.path == new_path) {
            // Imported already: which name the uses should take is not this fix's to decide.
            for u in uses.iter().filter(|u| !u.message.is_empty()).take(1) {
                out.push(Diagnostic {
                    transform: META.id,
                    range: u.name.range(),
                    message: format!(
                        "{}; the file imports `{new_path}` already: use it",
                        u.message
                    ),
                    fix: None,
                });
            }
            continue;
        }
        // The package's own name where it is free; else the import keeps its local name.
        let free = local != package
            && !file
                .of_kinds(&["identifier", "package_identifier", "type_identifier"])
                .any(|n| n.text() == package.as_str())
            && !imports.iter().any(|i| i.local_name() == package);
        let (alias, rename_local) = match imp.alias.as_deref() {
            Some(a) => (Some(a), false),
            None if local == package || free => (None, local != package),
            None => (Some(local.as_str()), false),
        };
        let Some(repath) = go::repath_import(
            file.text,
            go::imports(&file.tree().root()),
            imp.node.range(),
            alias,
            &new_path,
        ) else {
            continue;
        };
        let mut edits = vec![repath];
        if rename_local {
            for node in file.of_kinds(&["selector_expression", "qualified_type"]) {
                let pkg = match node.kind().as_ref() {
                    "selector_expression" => node.field("operand"),
                    _ => node.field("package"),
                };
                if let Some(pkg) = pkg.filter(|p| p.text() == local.as_str()) {
                    edits.push(Edit::replace(pkg.range(), package.clone()));
                }
            }
        }
        let mut message = None;
        for u in &uses {
            if u.wrong != u.real {
                edits.push(Edit::replace(u.name.range(), u.real.clone()));
            }
            if !u.message.is_empty() {
                message.get_or_insert_with(|| u.message.clone());
            }
        }
        // Another provider's path is in the message already.
        let follows = if std::ptr::eq(to, provider) {
            format!(" to `{package}`")
        } else {
            String::new()
        };
        out.push(Diagnostic {
            transform: META.id,
            range: uses[0].name.range(),
            message: format!(
                "{}; the Go bindings have no package `{}`: the import follows the class{follows}",
                message.unwrap_or_else(|| format!("`{}` is in package `{package}`", uses[0].wrong)),
                path.rest[0]
            ),
            fix: Some(Fix::safe(go::align_comments(file.text, edits))),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::ProviderIndex;

    fn module(folder: &str) -> &'static Module {
        ProviderIndex::get()
            .provider("aws")
            .unwrap()
            .module_by_folder(folder)
            .unwrap()
    }

    #[test]
    fn constructors_structs_and_static_functions_follow_the_class() {
        let m = module("s3-bucket-versioning");
        let real = |n: &str| real_go_name(m, n);
        assert_eq!(
            real("NewS3BucketVersioning").as_deref(),
            Some("NewS3BucketVersioningA")
        );
        assert_eq!(
            real("NewS3BucketVersioningV2").as_deref(),
            Some("NewS3BucketVersioningA")
        );
        assert_eq!(
            real("S3BucketVersioningConfig").as_deref(),
            Some("S3BucketVersioningAConfig")
        );
        assert_eq!(
            real("S3BucketVersioningV2_IsConstruct").as_deref(),
            Some("S3BucketVersioningA_IsConstruct")
        );
        assert_eq!(real("NewS3BucketVersioningA"), None);
        assert_eq!(real("S3BucketVersioningA_IsConstruct"), None);
        assert_eq!(real("S3BucketVersioningVersioningConfiguration"), None);
    }
}
