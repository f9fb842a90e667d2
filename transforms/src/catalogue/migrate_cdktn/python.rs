//! `migrate-cdktn` for Python: `cdktf` → `cdktn`, `cdktf_cdktf_provider_<p>` → `cdktn_provider_<p>`,
//! in imports and in the dotted names that `mock.patch("...")`, `monkeypatch.setattr("...")` and
//! `importlib.import_module("...")` take as strings.

use std::collections::BTreeMap;

use super::{generated_folder, missing_name, not_generated, MigrationPlan};
use crate::context::CdktfApp;
use crate::index::{Family, ProviderIndex};
use crate::syntax::python;
use crate::{Context, ParsedFile};

/// The CDK Terrain counterpart of a dotted CDKTF module (`cdktf`, `cdktf_cdktf_provider_aws.vpc`):
/// `Some(Err(why))` when CDK Terrain lacks it, `None` for modules that are not CDKTF's. A provider
/// CDK Terrain publishes no package of moves to the bindings `cdktn get` generates from the
/// project's `cdktf.json` (`app`): `cdktf_cdktf_provider_null.resource` → `imports.null.resource`.
fn target(
    module: &str,
    index: &ProviderIndex,
    app: Option<&CdktfApp>,
) -> Option<Result<String, String>> {
    if module == "cdktf" {
        return Some(Ok("cdktn".to_string()));
    }
    if let Some(rest) = module.strip_prefix("cdktf.") {
        return Some(Ok(format!("cdktn.{rest}")));
    }
    let rest = module.strip_prefix("cdktf_cdktf_provider_")?;
    let Some(old) = index.resolve_python(module) else {
        return Some(Err(super::unindexed(module)));
    };
    let new_module = format!("cdktn_provider_{rest}");
    let Some(new) = index.resolve_python(&new_module) else {
        let name = old.provider.name;
        let folder = match app {
            Some(a) if a.python_bindings.is_empty() => Err(
                "the `codeMakerOutput` of the project's `cdktf.json` is no Python package name"
                    .to_string(),
            ),
            _ => generated_folder(app, name),
        };
        if let (Some(app), Ok(folder)) = (app, &folder) {
            let base = format!("{}.{folder}", app.python_bindings);
            return Some(match old.entry {
                crate::index::EntryPoint::Root | crate::index::EntryPoint::Lib => Ok(base),
                crate::index::EntryPoint::Module(m) => Ok(format!("{base}.{}", m.python)),
                crate::index::EntryPoint::UnknownModule => Err(format!(
                    "`{}` has no submodule `{}`",
                    Family::Cdktf.python_package(name),
                    module.rsplit('.').next().unwrap_or(module)
                )),
            });
        }
        return Some(Err(format!(
            "CDK Terrain publishes no `{}`{}",
            Family::Cdktn.python_package(name),
            not_generated(name, &folder.err().unwrap_or_default())
        )));
    };
    if let (crate::index::EntryPoint::Module(m), crate::index::EntryPoint::UnknownModule) =
        (old.entry, new.entry)
    {
        return Some(Err(format!(
            "`{}` has no submodule `{}`",
            Family::Cdktn.python_package(new.provider.name),
            m.python
        )));
    }
    Some(Ok(new_module))
}

pub(super) fn check(file: &ParsedFile, ctx: &Context, plan: &mut MigrationPlan) {
    let root = file.tree().root();
    let imports = python::imports(&root);
    // Packages bound by an unaliased `import cdktf...`: old name → new name.
    let mut renamed: BTreeMap<String, String> = BTreeMap::new();
    for imp in &imports {
        if imp.from {
            let Some(module_node) = imp.node.field("module_name") else {
                continue;
            };
            match target(&imp.module, ctx.index, ctx.app) {
                None => {}
                Some(Err(why)) => plan.blockers.push((module_node.range(), why)),
                Some(Ok(new_module)) => {
                    if let (Some(old), Some(new)) = (
                        ctx.index.resolve_python(&imp.module),
                        ctx.index.resolve_python(&new_module),
                    ) {
                        for n in &imp.names {
                            if let Some(why) = missing_name(&old, &new, &n.name, true) {
                                plan.blockers.push((n.node.range(), why));
                            }
                        }
                    }
                    plan.edit(module_node.range(), new_module);
                }
            }
            continue;
        }
        for n in &imp.names {
            match target(&n.name, ctx.index, ctx.app) {
                None => {}
                Some(Err(why)) => plan.blockers.push((n.name_node.range(), why)),
                // `import cdktf_cdktf_provider_null` binds the package's name, which generated
                // bindings (`imports.null`) cannot keep: the uses would need another name.
                Some(Ok(new_module))
                    if n.alias.is_none() && !new_module.starts_with("cdktn") =>
                {
                    plan.blockers.push((
                        n.name_node.range(),
                        format!(
                            "`import {}` would become `import {new_module}`, which binds another name: import it with `from ... import` or an alias first",
                            n.name
                        ),
                    ))
                }
                Some(Ok(new_module)) => {
                    if n.alias.is_none() {
                        let old_root = n.name.split('.').next().unwrap_or("").to_string();
                        let new_root = new_module.split('.').next().unwrap_or("").to_string();
                        renamed.insert(old_root, new_root);
                    }
                    plan.edit(n.name_node.range(), new_module);
                }
            }
        }
    }
    dotted_targets(file, ctx, plan);
    if renamed.is_empty() {
        return;
    }
    // Uses of a renamed package (`cdktf.App()`), outside the import statements.
    let import_ranges: Vec<_> = imports.iter().map(|i| i.node.range()).collect();
    for n in root.dfs() {
        if n.kind() != "identifier" {
            continue;
        }
        let Some(new) = renamed.get(n.text().as_ref()) else {
            continue;
        };
        let r = n.range();
        if import_ranges
            .iter()
            .any(|i| i.start <= r.start && r.end <= i.end)
        {
            continue;
        }
        if python::is_reference(&n) {
            plan.edit(r, new.clone());
        }
    }
}

/// Whether a call takes a dotted module path as its first argument: `patch`, `mock.patch`,
/// `unittest.mock.patch`, `mocker.patch` (and their `.dict`), `monkeypatch.setattr` /
/// `delattr` in their string form, `importlib.import_module`, `__import__`.
fn takes_dotted_target(callee: &str) -> bool {
    let last = callee.rsplit('.').next().unwrap_or(callee);
    let base = callee.strip_suffix(".dict").unwrap_or(callee);
    base == "patch"
        || base.ends_with(".patch")
        || matches!(last, "import_module" | "__import__")
        || matches!(callee, "monkeypatch.setattr" | "monkeypatch.delattr")
}

/// The CDK Terrain counterpart of a dotted target (`cdktf_cdktf_provider_aws.vpc.Vpc`): its
/// module is the package and, for a provider, its submodule; the rest is attributes.
fn dotted_target(
    dotted: &str,
    index: &ProviderIndex,
    app: Option<&CdktfApp>,
) -> Option<Result<String, String>> {
    let segs: Vec<&str> = dotted.split('.').collect();
    let module_len = if segs[0].starts_with("cdktf_cdktf_provider_") {
        segs.len().min(2)
    } else {
        1
    };
    let module = segs[..module_len].join(".");
    let new_module = match target(&module, index, app)? {
        Ok(m) => m,
        Err(why) => return Some(Err(why)),
    };
    if let (Some(old), Some(new), Some(name)) = (
        index.resolve_python(&module),
        index.resolve_python(&new_module),
        segs.get(module_len),
    ) {
        if let Some(why) = missing_name(&old, &new, name, true) {
            return Some(Err(why));
        }
    }
    let rest = &segs[module_len..];
    Some(Ok(if rest.is_empty() {
        new_module
    } else {
        format!("{new_module}.{}", rest.join("."))
    }))
}

/// The dotted names of `mock.patch("cdktf.App.synth")` and the like.
fn dotted_targets(file: &ParsedFile, ctx: &Context, plan: &mut MigrationPlan) {
    for n in file.tree().root().dfs() {
        if n.kind() != "call" {
            continue;
        }
        let (Some(callee), Some(args)) = (n.field("function"), n.field("arguments")) else {
            continue;
        };
        if !takes_dotted_target(&callee.text()) {
            continue;
        }
        let Some(arg) = args.children().find(|c| c.is_named()) else {
            continue;
        };
        let Some(dotted) = python::string_value(&arg) else {
            continue;
        };
        let r = arg.range();
        match dotted_target(&dotted, ctx.index, ctx.app) {
            None => {}
            Some(Err(why)) => plan.blockers.push((r, why)),
            Some(Ok(new)) => plan.edit(r.start + 1..r.end - 1, new),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dotted_targets_keep_their_attributes() {
        let idx = ProviderIndex::get();
        let ok = |s: &str| dotted_target(s, idx, None).unwrap().unwrap();
        assert_eq!(ok("cdktf.App.synth"), "cdktn.App.synth");
        assert_eq!(ok("cdktf"), "cdktn");
        assert_eq!(
            ok("cdktf_cdktf_provider_aws.s3_bucket.S3Bucket"),
            "cdktn_provider_aws.s3_bucket.S3Bucket"
        );
        assert_eq!(ok("cdktf_cdktf_provider_aws"), "cdktn_provider_aws");
        assert!(
            dotted_target("cdktf_cdktf_provider_null.resource.Resource", idx, None)
                .unwrap()
                .is_err()
        );
        let app = CdktfApp {
            ts_bindings: "./.gen".into(),
            python_bindings: "imports".into(),
            providers: vec!["@cdktf/provider-null".into()],
        };
        assert_eq!(
            dotted_target(
                "cdktf_cdktf_provider_null.resource.Resource",
                idx,
                Some(&app)
            )
            .unwrap()
            .unwrap(),
            "imports.null.resource.Resource"
        );
        assert!(dotted_target("os.environ", idx, None).is_none());
        assert!(dotted_target("cdktfx.App", idx, None).is_none());
        assert!(takes_dotted_target("mock.patch"));
        assert!(takes_dotted_target("unittest.mock.patch.dict"));
        assert!(takes_dotted_target("mocker.patch"));
        assert!(takes_dotted_target("importlib.import_module"));
        assert!(!takes_dotted_target("dispatch"));
        assert!(!takes_dotted_target("mock.patch.object"));
    }
}
