//! `migrate-cdktn` for TypeScript: the module specifiers of `import`, `export ... from`,
//! `require(...)`, `import(...)` and the test frameworks' module mocks (`jest.mock(...)`,
//! `jest.requireActual(...)`, `vi.mock(...)`, ...): `cdktf` → `cdktn`, `@cdktf/provider-<p>[/lib/<module>]` →
//! `@cdktn/provider-<p>[/lib/<module>]`, each name imported checked against the CDK Terrain index.

use super::{generated_folder, missing_name, not_generated, unindexed, MigrationPlan};
use crate::context::CdktfApp;
use crate::index::{EntryPoint, Family, ProviderIndex};
use crate::syntax::{ts, N};
use crate::{Context, ParsedFile};

/// The CDK Terrain counterpart of a CDKTF npm specifier: `Some(Ok(new))`, `Some(Err(why))` when
/// CDK Terrain has no such package or module, `None` for anything that is not CDKTF. A provider
/// CDK Terrain publishes no package of moves to the bindings `cdktn get` generates from the
/// project's `cdktf.json` (`app`): `@cdktf/provider-null/lib/resource` →
/// `../.gen/providers/null/resource`, the package itself → `../.gen/providers/null` (whose
/// `index.ts` exports the same namespaces as the package's).
fn npm_target(
    spec: &str,
    index: &ProviderIndex,
    app: Option<&CdktfApp>,
) -> Option<Result<String, String>> {
    if spec == "cdktf" {
        return Some(Ok("cdktn".to_string()));
    }
    if let Some(rest) = spec.strip_prefix("cdktf/") {
        return Some(Ok(format!("cdktn/{rest}")));
    }
    let rest = spec.strip_prefix("@cdktf/provider-")?;
    let Some(old) = index.resolve_npm(spec) else {
        return Some(Err(unindexed(spec)));
    };
    let new_spec = format!("@cdktn/provider-{rest}");
    let Some(new) = index.resolve_npm(&new_spec) else {
        let name = old.provider.name;
        let folder = generated_folder(app, name);
        if let (Some(app), Ok(folder)) = (app, &folder) {
            let base = format!("{}/providers/{folder}", app.ts_bindings);
            return Some(match old.entry {
                EntryPoint::Root | EntryPoint::Lib => Ok(base),
                EntryPoint::Module(m) => Ok(format!("{base}/{}", m.folder)),
                EntryPoint::UnknownModule => Err(format!(
                    "`{}` {} has no module `{}`",
                    old.provider.package,
                    old.provider.version,
                    spec.rsplit('/').next().unwrap_or(spec)
                )),
            });
        }
        return Some(Err(format!(
            "CDK Terrain publishes no `@cdktn/provider-{name}` (only {}){}",
            published(index),
            not_generated(name, &folder.err().unwrap_or_default())
        )));
    };
    if let (EntryPoint::Module(m), EntryPoint::UnknownModule) = (old.entry, new.entry) {
        return Some(Err(format!(
            "`{}` {} has no module `{}`",
            new.provider.package, new.provider.version, m.folder
        )));
    }
    Some(Ok(new_spec))
}

/// `@cdktn/provider-archive, ...`: the providers CDK Terrain's index has.
fn published(index: &ProviderIndex) -> String {
    index
        .providers_in(Family::Cdktn)
        .iter()
        .map(|p| format!("`{}`", p.package))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Test-framework calls whose first argument names a module: Jest's and Vitest's mocks.
const MODULE_CALLS: &[&str] = &[
    "jest.mock",
    "jest.doMock",
    "jest.unmock",
    "jest.dontMock",
    "jest.requireActual",
    "jest.requireMock",
    "jest.createMockFromModule",
    "vi.mock",
    "vi.doMock",
    "vi.unmock",
    "vi.doUnmock",
    "vi.importActual",
    "vi.importMock",
];

/// The string literal of a module specifier: the range of its text between the quotes.
fn inner(node: &N) -> std::ops::Range<usize> {
    let r = node.range();
    r.start + 1..r.end - 1
}

pub(super) fn check(file: &ParsedFile, ctx: &Context, plan: &mut MigrationPlan) {
    let root = file.tree().root();
    // Specifier literals with the names imported through them (import statements only).
    let mut specs: Vec<(N, Vec<String>)> = Vec::new();
    for imp in file.ts_imports() {
        let names = imp.named.iter().map(|s| s.imported()).collect();
        specs.push((imp.source_node, names));
    }
    for n in root.dfs() {
        match n.kind().as_ref() {
            "export_statement" => {
                if let Some(src) = n.field("source") {
                    specs.push((src, Vec::new()));
                }
            }
            "call_expression" => {
                let Some(callee) = n.field("function") else {
                    continue;
                };
                // `await vi.importActual<T>("m")`: tree-sitter reads the call's function as
                // `await vi.importActual`.
                let callee = match callee.kind().as_ref() {
                    "await_expression" => match callee.children().find(|c| c.is_named()) {
                        Some(inner) => inner,
                        None => continue,
                    },
                    _ => callee,
                };
                let callee = callee.text();
                let only = matches!(callee.as_ref(), "require" | "import" | "require.resolve");
                if !only && !MODULE_CALLS.contains(&callee.as_ref()) {
                    continue;
                }
                let Some(args) = n.field("arguments") else {
                    continue;
                };
                let mut named = args.children().filter(|c| c.is_named());
                let first = named.next();
                // `require` and `import` take one module; a mock also takes a factory.
                if let (Some(arg), true) = (first, !only || named.next().is_none()) {
                    if arg.kind() == "string" {
                        specs.push((arg, Vec::new()));
                    }
                }
            }
            _ => {}
        }
    }
    specs.sort_by_key(|(n, _)| n.range().start);
    for (node, names) in specs {
        let Some(spec) = ts::string_value(&node) else {
            continue;
        };
        match npm_target(&spec, ctx.index, ctx.app) {
            None => {}
            Some(Err(why)) => plan.blockers.push((node.range(), why)),
            Some(Ok(new_spec)) => {
                if let (Some(old), Some(new)) = (
                    ctx.index.resolve_npm(&spec),
                    ctx.index.resolve_npm(&new_spec),
                ) {
                    for name in &names {
                        if let Some(why) = missing_name(&old, &new, name, false) {
                            plan.blockers.push((node.range(), why));
                        }
                    }
                }
                plan.edit(inner(&node), new_spec);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn npm_specifiers_map_to_their_cdk_terrain_packages() {
        let idx = ProviderIndex::get();
        let ok = |s: &str| npm_target(s, idx, None).unwrap().unwrap();
        assert_eq!(ok("cdktf"), "cdktn");
        assert_eq!(ok("cdktf/lib/testing"), "cdktn/lib/testing");
        assert_eq!(ok("@cdktf/provider-aws"), "@cdktn/provider-aws");
        assert_eq!(
            ok("@cdktf/provider-aws/lib/vpc"),
            "@cdktn/provider-aws/lib/vpc"
        );
        assert_eq!(
            ok("@cdktf/provider-random/lib/uuid"),
            "@cdktn/provider-random/lib/uuid"
        );
        let err = npm_target("@cdktf/provider-null/lib/resource", idx, None)
            .unwrap()
            .unwrap_err();
        assert!(err.contains("no `@cdktn/provider-null`"), "{err}");
        assert!(err.contains("`hashicorp/null@~> 3.2`"), "{err}");
        let err = npm_target("@cdktf/provider-google/lib/x", idx, None)
            .unwrap()
            .unwrap_err();
        assert!(err.contains("not a provider the index knows"), "{err}");
        assert!(npm_target("cdktn", idx, None).is_none());
        assert!(npm_target("constructs", idx, None).is_none());
        assert!(npm_target("cdktf-local-exec", idx, None).is_none());
    }

    #[test]
    fn a_provider_without_a_cdktn_package_moves_to_generated_bindings() {
        let idx = ProviderIndex::get();
        let app = CdktfApp {
            ts_bindings: "../.gen".into(),
            python_bindings: "imports".into(),
            providers: vec!["@cdktf/provider-null".into(), "@cdktf/provider-tls".into()],
        };
        let ok = |s: &str| npm_target(s, idx, Some(&app)).unwrap().unwrap();
        assert_eq!(
            ok("@cdktf/provider-null/lib/resource"),
            "../.gen/providers/null/resource"
        );
        assert_eq!(ok("@cdktf/provider-null"), "../.gen/providers/null");
        assert_eq!(ok("@cdktf/provider-null/lib"), "../.gen/providers/null");
        assert_eq!(
            ok("@cdktf/provider-tls/lib/private-key"),
            "../.gen/providers/tls/private-key"
        );
        // CDK Terrain's own packages still win.
        assert_eq!(
            ok("@cdktf/provider-aws/lib/vpc"),
            "@cdktn/provider-aws/lib/vpc"
        );
        assert!(npm_target("@cdktf/provider-null/lib/nope", idx, Some(&app))
            .unwrap()
            .is_err());
        assert!(npm_target("@cdktf/provider-google/lib/x", idx, Some(&app))
            .unwrap()
            .is_err());
        // A provider the manifests do not name would not be listed in cdktf.json.
        let err = npm_target("@cdktf/provider-local/lib/file", idx, Some(&app))
            .unwrap()
            .unwrap_err();
        assert!(err.contains("do not name `@cdktf/provider-local`"), "{err}");
    }
}
