//! `provider-class-names` in Go: `pkg.NewS3BucketVersioning(`, `pkg.S3BucketVersioningConfig`,
//! `pkg.S3BucketVersioningV2_IsConstruct` → the names of the real class (`S3BucketVersioningA`).
//! The Go bindings name structs, constructors (`New<Class>`) and static functions
//! (`<Class>_<method>`) after the TypeScript classes and interfaces, so the index decides.

use super::{invented_message, real_name, resolve_invented, Invented, META};
use crate::index::go_paths::{parse_provider_path, Source};
use crate::index::{Module, Use};
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
    let modules = go::provider_modules(&imports, ctx.index);
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
        let Some(module) = modules.get(pkg.text().as_ref()) else {
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

/// A package of the provider's Go bindings that the provider does not have
/// (`.../aws/v21/rdsinstance`): when every name used through it resolves to one module, the
/// import path follows it, and the names and the package name with it
/// (`rdsinstance.NewRdsInstance` → `dbinstance.NewDbInstance`).
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
        let mut uses: Vec<(N, String, String, &Module, String)> = Vec::new();
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
            // `pkg.X` is a type (a struct or an interface); `pkg.NewX`, `pkg.X_Method` need
            // the class.
            let used = if prefix.is_empty() && suffix.is_empty() {
                Use::Type
            } else {
                Use::Value
            };
            let exported: Vec<&Module> = provider.modules_exporting_as(class, used).collect();
            match (
                exported.as_slice(),
                resolve_invented(provider, class, used, &[], false),
            ) {
                ([m], _) => {
                    uses.push((name, wrong.clone(), wrong.clone(), m, String::new()));
                }
                (_, Some(Invented::Rename(c))) => {
                    let msg = invented_message(class, &c, provider);
                    let real = format!("{prefix}{}{suffix}", c.class);
                    uses.push((name, wrong.clone(), real, c.module, msg));
                }
                (_, Some(Invented::Report(msg))) => {
                    clean = false;
                    reports.push((name, msg));
                }
                _ => clean = false,
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
        let Some(target) = uses.first().map(|u| u.3) else {
            continue;
        };
        if !clean || !uses.iter().all(|u| std::ptr::eq(u.3, target)) {
            continue;
        }
        let package = target.go_package();
        let rename_local = imp.alias.is_none()
            && !file
                .of_kinds(&["identifier", "package_identifier"])
                .any(|n| n.text() == package.as_str());
        if imp.alias.is_none() && !rename_local {
            continue;
        }
        let Some(path_node) = imp.node.field("path") else {
            continue;
        };
        let new_path = format!(
            "{}{package}",
            imp.path.strip_suffix(path.rest[0]).unwrap_or_default()
        );
        let mut edits = vec![Edit::replace(path_node.range(), format!("\"{new_path}\""))];
        for node in file.of_kinds(&["selector_expression", "qualified_type"]) {
            let pkg = match node.kind().as_ref() {
                "selector_expression" => node.field("operand"),
                _ => node.field("package"),
            };
            if let Some(pkg) = pkg.filter(|p| p.text() == local.as_str() && rename_local) {
                edits.push(Edit::replace(pkg.range(), package.clone()));
            }
        }
        let mut message = None;
        for (name, wrong, real, _, msg) in &uses {
            if wrong != real {
                edits.push(Edit::replace(name.range(), real.clone()));
                message.get_or_insert_with(|| msg.clone());
            }
        }
        let at = uses[0].0.range();
        out.push(Diagnostic {
            transform: META.id,
            range: at,
            message: format!(
                "{}; the Go bindings have no package `{}`: the import follows the class to `{package}`",
                message.unwrap_or_else(|| format!("`{}` is in package `{package}`", uses[0].1)),
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
