//! `provider-dependencies`: an import of a prebuilt provider package that the project's
//! manifests do not declare.

use crate::lang::Lang;
use crate::syntax::{python, N};
use crate::{Context, Diagnostic, ParsedFile, Transform, TransformMeta};

pub struct ProviderDependencies;

static META: TransformMeta = TransformMeta {
    id: "provider-dependencies",
    kind: crate::Kind::Defect,
    summary: "Imports of a prebuilt provider package the project's manifests do not declare",
    languages: &[Lang::TypeScript, Lang::Tsx, Lang::Python],
    fixes: &[],
    triggers: super::PREBUILT_PROVIDER_IMPORTS,
    reads_project: true,
    docs: r#"
## What it does
Reports each import of a prebuilt provider package (`@cdktf/provider-*`, `@cdktn/provider-*`;
Python `cdktf_cdktf_provider_*`, `cdktn_provider_*`) that the project does not declare: not a
dependency of any kind (`dependencies`, `devDependencies`, `peerDependencies`,
`optionalDependencies`) in its `package.json`, nor in a `package.json` above it up to the
repository's root (a workspace's root manifest); in Python, not a requirement in its
`requirements*.txt`, `pyproject.toml` (`[project]` dependencies and optional dependencies,
`[dependency-groups]`, Poetry's dependencies and groups) or `Pipfile`, nor in those above it.
Nothing is reported where no such manifest is found, or, in Python, where a `setup.py` or
`setup.cfg` (which are not read) may declare the requirements.

## Why
Code generators pick a provider for a resource (`@cdktf/provider-kubernetes` for a config map
beside an AWS stack) without adding its package. The import then fails to resolve (tsc:
TS2307 "Cannot find module '@cdktf/provider-kubernetes/lib/config-map'"; Python:
`ModuleNotFoundError: No module named 'cdktf_cdktf_provider_kubernetes'`), or resolves only
through a package another project of the workspace hoisted, which a fresh install of this one
does not have. Reported once per import statement, at its module name.

## Example
```ts
// package.json declares @cdktf/provider-aws only
import { ConfigMap } from "@cdktf/provider-kubernetes/lib/config-map";
```
is reported: add the package (`npm install @cdktf/provider-kubernetes`, `pip install
cdktf-cdktf-provider-kubernetes`), or generate the provider's bindings (`cdktf get`, with the
provider in `cdktf.json`'s `terraformProviders`) and import them from there.

## Fix safety
Detect-only: which version to add, or whether to generate the bindings instead, is the
author's choice, and the manifest is not this file.

## Source
npm's `package.json` dependency fields (https://docs.npmjs.com/cli/v10/configuring-npm/package-json#dependencies),
Python's dependency specifiers and `pyproject.toml` tables (https://packaging.python.org/en/latest/specifications/dependency-specifiers/,
https://packaging.python.org/en/latest/specifications/pyproject-toml/), and the prebuilt
providers' packages, one per provider (https://github.com/cdktf/cdktf-provider-aws: npm
`@cdktf/provider-aws`, PyPI `cdktf-cdktf-provider-aws`).
"#,
};

/// The npm package a TypeScript import source names when it is a prebuilt provider's
/// (`@cdktf/provider-kubernetes/lib/config-map` → `@cdktf/provider-kubernetes`).
fn npm_package(source: &str) -> Option<&str> {
    let rest = ["@cdktf/provider-", "@cdktn/provider-"]
        .iter()
        .find_map(|p| source.strip_prefix(p))?;
    let name_len = rest.find('/').unwrap_or(rest.len());
    (name_len > 0).then(|| &source[..source.len() - rest.len() + name_len])
}

/// The PyPI distribution a Python module path belongs to when it is a prebuilt provider's
/// (`cdktf_cdktf_provider_kubernetes.config_map` → `cdktf-cdktf-provider-kubernetes`).
fn pypi_distribution(module: &str) -> Option<String> {
    let top = module.split('.').next()?;
    ["cdktf_cdktf_provider_", "cdktn_provider_"]
        .iter()
        .any(|p| top.strip_prefix(p).is_some_and(|name| !name.is_empty()))
        .then(|| top.replace('_', "-"))
}

fn finding(at: &N, message: String) -> Diagnostic {
    Diagnostic {
        transform: META.id,
        range: at.range(),
        message,
        fix: None,
    }
}

impl Transform for ProviderDependencies {
    fn meta(&self) -> &'static TransformMeta {
        &META
    }

    fn check(&self, file: &ParsedFile, ctx: &Context, out: &mut Vec<Diagnostic>) {
        if file.lang == Lang::Python {
            if ctx.declared.pypi.is_none() {
                return;
            }
            for imp in python::imports_of(file) {
                let modules: Vec<(String, N)> = if imp.from {
                    imp.node
                        .field("module_name")
                        .map(|n| (imp.module.clone(), n))
                        .into_iter()
                        .collect()
                } else {
                    imp.names
                        .iter()
                        .map(|n| (n.name.clone(), n.name_node))
                        .collect()
                };
                for (module, node) in modules {
                    let Some(dist) = pypi_distribution(&module) else {
                        continue;
                    };
                    if ctx.declared.lacks_pypi(&dist) {
                        out.push(finding(
                            &node,
                            format!(
                                "`{}` comes from `{dist}`, which this project's requirements do not list (requirements*.txt, pyproject.toml, Pipfile, here or above): add it, or generate the provider's bindings with `cdktf get`",
                                module.split('.').next().unwrap_or(&module)
                            ),
                        ));
                    }
                }
            }
            return;
        }
        if ctx.declared.npm.is_none() {
            return;
        }
        for imp in file.ts_imports() {
            let Some(package) = npm_package(&imp.source) else {
                continue;
            };
            if ctx.declared.lacks_npm(package) {
                out.push(finding(
                    &imp.source_node,
                    format!(
                        "`{package}` is not a dependency of this project (package.json, here or above): add it (`npm install {package}`), or generate the provider's bindings with `cdktf get`"
                    ),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packages_are_named_from_import_paths() {
        assert_eq!(
            npm_package("@cdktf/provider-kubernetes/lib/config-map"),
            Some("@cdktf/provider-kubernetes")
        );
        assert_eq!(
            npm_package("@cdktn/provider-aws"),
            Some("@cdktn/provider-aws")
        );
        assert_eq!(npm_package("@cdktf/provider-"), None);
        assert_eq!(npm_package("cdktf"), None);
        assert_eq!(
            pypi_distribution("cdktf_cdktf_provider_kubernetes.config_map").as_deref(),
            Some("cdktf-cdktf-provider-kubernetes")
        );
        assert_eq!(
            pypi_distribution("cdktn_provider_aws").as_deref(),
            Some("cdktn-provider-aws")
        );
        assert_eq!(pypi_distribution("cdktf"), None);
    }
}
