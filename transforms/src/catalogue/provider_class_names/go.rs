//! `provider-class-names` in Go: `pkg.NewS3BucketVersioning(`, `pkg.S3BucketVersioningConfig`,
//! `pkg.S3BucketVersioningV2_IsConstruct` → the names of the real class (`S3BucketVersioningA`).
//! The Go bindings name structs, constructors (`New<Class>`) and static functions
//! (`<Class>_<method>`) after the TypeScript classes and interfaces, so the index decides.

use super::{real_name, META};
use crate::index::Module;
use crate::syntax::go;
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
    let modules = go::provider_modules(&go::imports(&root), ctx.index);
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
