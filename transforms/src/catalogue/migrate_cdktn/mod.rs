//! `migrate-cdktn`: moves a file from CDK for Terraform (deprecated by HashiCorp in December 2025)
//! to its maintained continuation CDK Terrain: `cdktf` → `cdktn`, `@cdktf/provider-<p>` →
//! `@cdktn/provider-<p>` (Python: `cdktf_cdktf_provider_<p>` → `cdktn_provider_<p>`). Opt-in:
//! never selected unless named (`--select migrate-cdktn`, `cdktf-fix migrate`).
//!
//! Here: the meta and docs, the `MigrationPlan` every language fills and reports, and the
//! dispatch. Sources are read in `typescript`, `python`, `go` and `jvm` (Java and C#), dependency
//! manifests in `manifests` (one module per format), version specifiers in `specs`.

mod go;
mod jvm;
mod manifests;
mod python;
mod specs;
mod typescript;

use crate::index::{EntryPoint, PackageRef};
use crate::lang::Lang;
use crate::manifest::Manifest;
use crate::{Context, Diagnostic, Edit, Fix, ParsedFile, Safety, Transform, TransformMeta};

pub struct MigrateCdktn;

static META: TransformMeta = TransformMeta {
    id: "migrate-cdktn",
    kind: crate::Kind::Migration,
    summary: "Migrate from CDKTF to CDK Terrain: `cdktf` → `cdktn`, `@cdktf/provider-*` → `@cdktn/provider-*`, in sources and dependency manifests (opt-in)",
    languages: &[
        Lang::TypeScript,
        Lang::Tsx,
        Lang::Python,
        Lang::Go,
        Lang::Java,
        Lang::CSharp,
        Lang::Manifest(Manifest::PackageJson),
        Lang::Manifest(Manifest::CdktfJson),
        Lang::Manifest(Manifest::Requirements),
        Lang::Manifest(Manifest::Pipfile),
        Lang::Manifest(Manifest::PyProject),
        Lang::Manifest(Manifest::GoMod),
        Lang::Manifest(Manifest::Pom),
        Lang::Manifest(Manifest::Csproj),
        Lang::Manifest(Manifest::Gradle),
        Lang::Manifest(Manifest::GradleCatalog),
    ],
    fixes: &[Safety::Unsafe],
    // `"app"`: a `cdktf.json` that names no CDKTF package still takes the `terraformProviders`
    // of providers whose bindings `cdktn get` generates.
    triggers: &["cdktf", "Cdktf", "\"app\""],
    reads_project: true,
    docs: r#"
## What it does
Moves a file from CDK for Terraform to CDK Terrain, its maintained continuation:
- TypeScript: the module specifiers of `import`, `export ... from`, `require(...)`, `import(...)`
  and of the test frameworks' module mocks (`jest.mock`, `jest.doMock`, `jest.requireActual`,
  `vi.mock`, `vi.importActual`, ...): `cdktf` → `cdktn` (also `cdktf/lib/...`),
  `@cdktf/provider-<p>[/lib/<module>]` → `@cdktn/provider-<p>[/lib/<module>]`;
- Python: `cdktf` → `cdktn`, `cdktf_cdktf_provider_<p>[.<module>]` → `cdktn_provider_<p>[.<module>]`
  in `import` and `from ... import` statements and in the dotted targets of `mock.patch("...")`
  (`patch`, `mocker.patch`, `patch.dict`), `monkeypatch.setattr("...")` and
  `importlib.import_module("...")`; a package bound by an unaliased `import`
  (`import cdktf`) is renamed where it is used too (`cdktf.App()` → `cdktn.App()`);
- Go: `github.com/hashicorp/terraform-cdk-go/cdktf` → `github.com/open-constructs/cdk-terrain-go/cdktn`,
  `github.com/cdktf/cdktf-provider-<p>-go/<p>/vNN/<package>` →
  `github.com/cdktn-io/cdktn-provider-<p>-go/<p>/vMM/<package>` (`vMM`: the major version of the
  indexed `@cdktn/provider-<p>`, v25 for AWS), the import group re-sorted as gofmt sorts it, and
  the package identifier `cdktf.` → `cdktn.` where the cdktf import has no alias;
- Java: `com.hashicorp.cdktf` → `io.cdktn.cdktn`, `com.hashicorp.cdktf.providers.<p>` →
  `io.cdktn.providers.<p>`; C#: `HashiCorp.Cdktf` → `Io.Cdktn`, `HashiCorp.Cdktf.Providers.<P>` →
  `Io.Cdktn.Providers.<P>`: in imports, `using` directives and fully qualified names alike.

Every provider module and every name the file imports from it is looked up in the index of the
CDK Terrain package (`@cdktn/provider-aws` 25.7.0, ...). A module or a name its binding lacks is
reported, and the file is left as it was: it is migrated whole or not at all.

A prebuilt provider CDK Terrain publishes no package of (`@cdktf/provider-null`, `-tls`,
`-local`) moves, in a TypeScript or Python project with a `cdktf.json`, to the bindings that
`cdktn get` generates, as CDKTF itself does for a provider without a prebuilt package: the
imports point into `codeMakerOutput` (`.gen` unless `cdktf.json` says otherwise; CDKTF's Python
templates say `imports`): `@cdktf/provider-null/lib/resource` → `../.gen/providers/null/resource`
(relative to the file), `@cdktf/provider-null` → `../.gen/providers/null` (whose `index.ts`
exports the same namespaces), `cdktf_cdktf_provider_null.resource` → `imports.null.resource`;
`cdktf.json` lists the provider in `terraformProviders` (`hashicorp/null@~> 3.2`: the Terraform
provider the prebuilt package was built from, as its package.json's `cdktf.provider` says, from
that minor on), `package.json` and `requirements.txt` drop the package, and the run ends by
saying to run `cdktn get` (it needs the Terraform registry). Without a `cdktf.json`, in Go, Java
and C#, in a `pyproject.toml`, `Pipfile` or Gradle/Maven/NuGet manifest, and for `import
cdktf_cdktf_provider_null` (which binds the package's own name), such a provider is still
reported and blocks the file; so does a provider the index does not know (`google`). So is its project (the folder of its nearest
`package.json`, `pyproject.toml`, `requirements.txt`, `Pipfile`, `go.mod`, `pom.xml`,
`build.gradle` or `*.csproj`): when `cdktf-fix migrate` finds one file or manifest of a project
that cannot move, it writes none of the project's files, reports each one it held back with the
file that blocks it, and exits 2, since a project half on `cdktn` resolves neither family.

Dependency manifests move with the sources, at the versions of `transforms/providers/versions.tsv`
(generated from the npm and PyPI metadata; names from each package's jsii targets):
- `package.json`: `cdktf`, `cdktf-cli`, `@cdktf/provider-<p>` → `cdktn`, `cdktn-cli`,
  `@cdktn/provider-<p>` in the dependency sections, the specifier's operator kept (`^0.21.0` →
  `^0.24.0`); `constructs` only when it reaches outside cdktn's peer range (`^10.4.2` →
  `~10.7.2`); with the CLI, `cdktf` commands in `scripts` → `cdktn`;
- `requirements*.txt`, `Pipfile`, `pyproject.toml` (PEP 621 arrays and Poetry tables): `cdktf`,
  `cdktf-cdktf-provider-<p>` → `cdktn`, `cdktn-provider-<p>`, `constructs` likewise;
- `go.mod`: the `require` lines (module paths with CDK Terrain's `/vMM`, versions); run
  `go mod tidy` afterwards;
- `pom.xml`: `groupId`/`artifactId`/`version` (`io.cdktn:cdktn`, `io.cdktn:cdktn-provider-<p>`),
  a version held in `<properties>` changed there; `*.csproj`: `PackageReference` ids and versions;
- `build.gradle`, `build.gradle.kts`: `'com.hashicorp:cdktf:0.21.0'` → `'io.cdktn:cdktn:0.24.0'`
  in any configuration, and the map notation (`group: ..., name: ..., version: ...`);
  `constructs` is left (Gradle takes the highest version asked for); a version from a variable
  (`"...:$cdktfVersion"`) is reported;
- a Gradle version catalog (`gradle/libs.versions.toml`): `[libraries]` entries, as
  `"group:artifact:version"` strings or inline tables (`module` or `group`/`name`, `version` or
  `version.ref`, the referenced `[versions]` entry changed when only CDKTF packages use it);
- `cdktf.json` keeps its name (the cdktn CLI reads it): CDKTF package names in `app`,
  `terraformProviders` and `terraformModules` change, and the providers moved to generated
  bindings join `terraformProviders` (unless it names them already).

A manifest naming a package CDK Terrain does not publish is reported and left whole, and a
rewritten manifest that no longer parses is refused. `cdktf-fix migrate --report FILE.md` writes
the migration as a pull-request body.

Opt-in: this transform never runs by default. Run it with `cdktf-fix migrate [PATH...]` (the
same as `cdktf-fix fix --select migrate-cdktn --unsafe-fixes`) or `--select migrate-cdktn`; only
then are manifests read at all.

## Why
HashiCorp deprecated CDKTF in December 2025; CDK Terrain continues it with the same APIs and the
same provider package layout, under new package names, and its providers follow the Terraform
providers further (AWS provider 6.66 instead of 6.25). Renaming every import by hand across a
code base is tedious and easy to get half done.

## Example
```ts
import { App, TerraformStack } from "cdktf";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
```
becomes
```ts
import { App, TerraformStack } from "cdktn";
import { Vpc } from "@cdktn/provider-aws/lib/vpc";
```
and in `package.json`, `"cdktf": "^0.21.0"` and `"@cdktf/provider-aws": "^21.22.1"` become
`"cdktn": "^0.24.0"` and `"@cdktn/provider-aws": "^25.7.0"`.

## Fix safety
Unsafe: the program then runs on other packages, with newer providers (AWS provider 6.66 instead
of 6.25 for `@cdktn/provider-aws` 25.7.0) whose defaults may plan changes; review `cdktn diff`
before deploying. The names are checked against the CDK Terrain index, so a migrated file only
uses names its new packages export.

## Source
CDK Terrain, the community fork of CDK for Terraform (https://github.com/open-constructs/cdk-terrain),
and its packages: on npm `cdktn` 0.24.0 and `@cdktn/provider-aws` 25.7.0
(https://www.npmjs.com/package/cdktn), on PyPI `cdktn` and `cdktn-provider-aws` (module
`cdktn_provider_aws`, https://pypi.org/project/cdktn-provider-aws/); the index in
`transforms/providers/aws.cdktn.tsv` and the version table `transforms/providers/versions.tsv`.
The migrated TypeScript fixtures are type-checked against the real cdktn packages and synthesize
to the same resources as their CDKTF inputs (`tests/conformance_cdktn.rs`); the migrated Python
fixtures import and synthesize with the cdktn wheels (`tests/conformance_python.rs`).
"#,
};

/// What a file's migration comes to: the edits, where the first of them is, and what blocks it.
#[derive(Default)]
struct MigrationPlan {
    edits: Vec<Edit>,
    first: Option<std::ops::Range<usize>>,
    /// (where, why) of everything CDK Terrain lacks.
    blockers: Vec<(std::ops::Range<usize>, String)>,
    /// A manifest's changes (`` `cdktf` ^0.21.0 → `cdktn` ^0.24.0 ``), for the message.
    changes: Vec<String>,
    /// Set for a dependency manifest.
    manifest: Option<crate::manifest::Manifest>,
}

impl MigrationPlan {
    fn edit(&mut self, range: std::ops::Range<usize>, text: String) {
        if self.first.is_none() {
            self.first = Some(range.clone());
        }
        self.edits.push(Edit::replace(range, text));
    }

    fn report(mut self, out: &mut Vec<Diagnostic>) {
        let Some(first) = self
            .first
            .take()
            .or_else(|| self.blockers.first().map(|b| b.0.clone()))
        else {
            return;
        };
        let blocked = !self.blockers.is_empty();
        let message = match (self.manifest, blocked) {
            (Some(_), true) => format!(
                "this manifest depends on CDKTF, deprecated since December 2025; it is not migrated to CDK Terrain (`cdktn`): {} problem{} stand{} in the way (see its other findings)",
                self.blockers.len(),
                if self.blockers.len() == 1 { "" } else { "s" },
                if self.blockers.len() == 1 { "s" } else { "" },
            ),
            (Some(_), false) => format!(
                "this manifest depends on CDKTF, deprecated since December 2025; move it to CDK Terrain: {}",
                self.changes.join("; ")
            ),
            (None, true) => format!(
                "this file uses CDKTF, deprecated since December 2025; it is not migrated to CDK Terrain (`cdktn`): CDK Terrain lacks {} of the packages, modules or names it imports (see its other findings)",
                self.blockers.len()
            ),
            (None, false) => format!(
                "this file uses CDKTF, deprecated since December 2025; migrate its imports to CDK Terrain (`cdktn`): {} reference{} renamed",
                self.edits.len(),
                if self.edits.len() == 1 { "" } else { "s" }
            ),
        };
        out.push(Diagnostic {
            transform: META.id,
            range: first,
            message,
            fix: (!blocked).then(|| Fix::unsafe_(self.edits)),
        });
        for (range, why) in self.blockers {
            out.push(Diagnostic {
                transform: META.id,
                range,
                message: format!("{why}; the file is left on CDKTF"),
                fix: None,
            });
        }
    }
}

/// The bindings `cdktn get` generates for a prebuilt CDKTF provider that CDK Terrain publishes no
/// package of, as CDKTF itself does for a provider without a prebuilt package: the
/// `terraformProviders` entry of `cdktf.json` (`hashicorp/null@~> 3.2`, from the Terraform
/// provider the package was built from) and the folder `cdktn get` writes them to under
/// `<codeMakerOutput>/providers/` (`null`). `None` when the version table lacks that provider.
fn generated(provider: &str) -> Option<(String, String)> {
    let p =
        crate::index::versions::Versions::get().member(crate::index::Family::Cdktf, provider)?;
    let entry = p.terraform_providers_entry()?;
    let folder = entry.split('@').next()?.rsplit('/').next()?.to_string();
    Some((entry, folder))
}

/// Why a prebuilt provider without a CDK Terrain package is not moved to generated bindings
/// here: `lacks` says what is missing (no `cdktf.json`, a language not supported).
fn not_generated(provider: &str, lacks: &str) -> String {
    match generated(provider) {
        Some((entry, _)) => format!(
            "; its bindings could be generated by `cdktn get` (`{entry}` in cdktf.json's `terraformProviders`), but {lacks}"
        ),
        None => String::new(),
    }
}

/// The folder under `<codeMakerOutput>/providers/` where `cdktn get` generates the bindings of the
/// prebuilt provider `provider` for a file of the project `app`, or what stands in the way (for
/// [`not_generated`]): no `cdktf.json`, or manifests that do not name the package (then
/// `cdktf.json` would not list it, and nothing would generate the bindings).
fn generated_folder(
    app: Option<&crate::context::CdktfApp>,
    provider: &str,
) -> Result<String, String> {
    let Some(app) = app else {
        return Err("the project has no `cdktf.json` to list it in".to_string());
    };
    let package = format!("@cdktf/provider-{provider}");
    if !app.providers.contains(&package) {
        return Err(format!(
            "the project's dependency manifests do not name `{package}`, so `cdktf.json` would not list it"
        ));
    }
    generated(provider)
        .map(|(_, folder)| folder)
        .ok_or_else(|| "the version table does not know its Terraform provider".to_string())
}

/// Why a provider the index does not know is not migrated.
fn unindexed(what: &str) -> String {
    format!("`{what}` is not a provider the index knows, so its CDK Terrain counterpart is unknown")
}

/// Why `name`, imported from `old`, has no counterpart in `new` (`None`: it has one, or it was no
/// real name of `old` either, which is another transform's business).
fn missing_name(old: &PackageRef, new: &PackageRef, name: &str, python: bool) -> Option<String> {
    let (pkg, version) = (new.provider.package, new.provider.version);
    match (old.entry, new.entry) {
        (EntryPoint::Module(o), EntryPoint::Module(n)) => (o.exports(name) && !n.exports(name))
            .then(|| {
                format!(
                    "`{name}` does not exist in `{pkg}` {version} (module `{}`)",
                    n.folder
                )
            }),
        (EntryPoint::Root | EntryPoint::Lib, _) => {
            let (had, has) = if python {
                (
                    old.provider.module_by_python(name).is_some(),
                    new.provider.module_by_python(name).is_some(),
                )
            } else {
                (
                    old.provider.module_by_namespace(name).is_some(),
                    new.provider.module_by_namespace(name).is_some(),
                )
            };
            (had && !has).then(|| format!("`{pkg}` {version} has no module `{name}`"))
        }
        _ => None,
    }
}

impl Transform for MigrateCdktn {
    fn meta(&self) -> &'static TransformMeta {
        &META
    }

    fn opt_in(&self) -> bool {
        true
    }

    fn check(&self, file: &ParsedFile, ctx: &Context, out: &mut Vec<Diagnostic>) {
        let mut plan = MigrationPlan::default();
        match file.lang {
            Lang::TypeScript | Lang::Tsx => typescript::check(file, ctx, &mut plan),
            Lang::Python => python::check(file, ctx, &mut plan),
            Lang::Go => go::check(file, ctx, &mut plan),
            Lang::Java | Lang::CSharp => jvm::check(file, ctx, &mut plan),
            Lang::Manifest(kind) => manifests::check(file, kind, ctx.app, &mut plan),
        }
        plan.report(out);
    }
}
