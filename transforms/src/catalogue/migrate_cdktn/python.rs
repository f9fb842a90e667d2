//! `migrate-cdktn` for Python: `cdktf` → `cdktn`, `cdktf_cdktf_provider_<p>` → `cdktn_provider_<p>`.

use std::collections::BTreeMap;

use super::{missing_name, MigrationPlan};
use crate::index::{Family, ProviderIndex};
use crate::syntax::python;
use crate::{Context, ParsedFile};

/// The CDK Terrain counterpart of a dotted CDKTF module (`cdktf`, `cdktf_cdktf_provider_aws.vpc`):
/// `Some(Err(why))` when CDK Terrain lacks it, `None` for modules that are not CDKTF's.
fn target(module: &str, index: &ProviderIndex) -> Option<Result<String, String>> {
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
        return Some(Err(format!(
            "CDK Terrain publishes no `{}`",
            Family::Cdktn.python_package(old.provider.name)
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
            match target(&imp.module, ctx.index) {
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
            match target(&n.name, ctx.index) {
                None => {}
                Some(Err(why)) => plan.blockers.push((n.name_node.range(), why)),
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
