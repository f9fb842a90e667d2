//! `provider-imports`: wildcard, barrel and misplaced provider imports split into per-module
//! imports, so that every provider symbol a file uses is imported from the module exporting it.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::ops::Range;

use super::provider_class_names::{invented_class, real_name_as, root_name_home};
use crate::index::{lower_first, upper_first, Module, Provider, Use};
use crate::lang::Lang;
use crate::syntax::bindings::Bindings;
use crate::syntax::{removal_with_line, N};
use crate::{Context, Diagnostic, Edit, Fix, ParsedFile, Safety, Transform, TransformMeta};

mod python;
mod typescript;

pub struct ProviderImports;

static META: TransformMeta = TransformMeta {
    id: "provider-imports",
    kind: crate::Kind::Defect,
    summary: "Wildcard, barrel and misplaced provider imports split into per-resource imports",
    languages: &[Lang::TypeScript, Lang::Tsx, Lang::Python],
    fixes: &[Safety::Safe, Safety::Unsafe],
    triggers: super::PREBUILT_PROVIDER_IMPORTS,
    reads_project: true,
    docs: r#"
## What it does
Rewrites provider imports so that every provider name a file uses is imported from the module
that exports it:
- `import * as aws from "@cdktf/provider-aws"` (any alias, `import type` too): every use
  `aws.vpc.Vpc`, in values and types (`new`, annotations, `extends`/`implements`, generics,
  `typeof`, config interfaces such as `aws.s3Bucket.S3BucketConfig`) becomes `Vpc`, imported
  from `@cdktf/provider-aws/lib/vpc`;
- named imports from the package root or `.../lib`: a namespace (`vpc`, `vpc as awsVpc`) is
  handled like the wildcard; a class name (`AwsProvider`, `S3Bucket`: the pre-v10 flat API) is
  imported from the module that exports it;
- pre-v10 service groups (`vpc.Subnet`, `aws.s3.S3Bucket`, `S3.S3Bucket`, `.../lib/s3`) are
  resolved name by name through the index; a class written without its group's name
  (`secretsmanager.Secret`, `rds.ClusterInstance`) is the class with it (`SecretsmanagerSecret`,
  `RdsClusterInstance`: the pre-v10 groups named their classes so, and today's provider has
  them as per-resource classes);
- a name no module exports, from the package root (`CloudtrailTrail`, `ApplicationLoadBalancer`,
  `AwsConfigConfigRule`; `aws.CloudtrailTrail` through the wildcard) is imported from the
  module of the one class the alias index of `provider-class-names` leaves once the keys of its
  construction's config are read (`lib/cloudtrail`), and `provider-class-names` renames it
  there (`Cloudtrail`); where the candidates are several or the config fits none, that
  transform reports it and the import keeps it;
- a class of another provider named from this one's root beside its own names (`RandomProvider`,
  `RandomId` from `@cdktf/provider-aws`) is imported from that provider's module
  (`@cdktf/provider-random/lib/id`; renamed `Id` by `provider-class-names`) when the project
  depends on that provider (its manifests, or the providers its `cdktf.json` lists);
- wrong module paths (`Cloudtrail` from `.../lib/cloudtrail-trail`) are re-homed.
Imports that end up from one module are merged, also into an import of that module the file
already had. New import lines stand where the old import stood, sorted by module path, in the
file's quote style; comments inside a rewritten import are kept above the new lines. In a
project that uses prettier (a `.prettierrc*` or `prettier.config.*` file, a `prettier` key in
`package.json`, or prettier among its dependencies), an import list that would pass the
`printWidth` is broken as prettier prints it (one name a line, indented per `tabWidth` /
`useTabs`, with a trailing comma unless `trailingComma` is `none`), so that the file still
passes `prettier --check` (<https://prettier.io/docs/options>). In such a project a statement
whose constructor or type the rewrite shortens (`new aws.s3Bucket.S3Bucket(` becoming `new
S3Bucket(`) is reprinted as prettier prints it: arguments that were broken one a line only
because the old name was long are joined again, the last object hugged. A statement holding
code the printer does not follow (comments, functions) keeps its layout.
A namespace used as a value on its own (`const m = aws.vpc`) gets `import * as vpc from
".../lib/vpc"`. A use the index cannot resolve keeps the original import in place and is
reported, unless `provider-class-names` reports that name (a class of another provider such as
`aws.dataArchiveFile.DataArchiveFile`, an invented namespace such as `aws.rdsInstance.RdsInstance`):
then that finding is the one, and this transform only keeps the import.

A name that would clash with a name already bound in the file is imported under an alias:
the provider's name in PascalCase before the name (`Instance as AwsInstance`), then a number
(`AwsInstance2`) if that is taken too. A namespace is aliased the same way in camelCase
(`aws.vpc` with a local `vpc` in the file becomes `awsVpc`).

Invented names (`aws.s3BucketVersioning.S3BucketVersioningV2`) are imported from the module
their namespace names; `provider-class-names` then renames them to the real class.

Python (`cdktf_cdktf_provider_aws`, `cdktn_provider_aws`, the other providers alike): the package
root exports only submodules, so `from cdktf_cdktf_provider_aws import AwsProvider, S3Bucket`
fails at import time. Such names, and uses through the root (`import cdktf_cdktf_provider_aws as
aws` with `aws.vpc.Vpc(...)`, `from cdktf_cdktf_provider_aws import vpc` with `vpc.Vpc(...)`),
become `from cdktf_cdktf_provider_aws.vpc import Vpc`; names imported from the wrong submodule
are re-homed. Python submodules are the snake_case of the namespace (`s3_control_bucket` for the
folder `s3control-bucket`). New imports are merged into an existing import of the module
(parenthesised lists keep their layout), `as` aliases are kept, comments inside a rewritten
import stay above the new lines, and a line longer than the project's line length (black's and
ruff's 88, or `line-length` of `[tool.black]` / `[tool.ruff]` in `pyproject.toml`) is broken
into a parenthesised list, one name a line with a trailing comma, as black prints it
(<https://black.readthedocs.io/en/stable/the_black_code_style/current_style.html>). A submodule used as a value (`m = vpc`) keeps its import.

## Why
The barrel drags all 2,212 modules of the AWS provider into every compile and synth: on one
small stack `tsc --noEmit` took 8.9 s / 844 MB with the wildcard import against 1.4 s / 157 MB
with per-resource imports, and synth 3.9 s / 565 MB against 0.36 s / 71 MB. (In Python the root
package imports every submodule whatever is imported, so there the gain is correctness, not speed.) Flat names such as
`AwsProvider` or `S3Bucket` imported from the package root do not exist there at all (TS2724):
since provider-aws 10 the root exports namespaces only.

## Example
```ts
import * as aws from "@cdktf/provider-aws";
new aws.provider.AwsProvider(this, "aws", { region: "us-east-1" });
new aws.vpc.Vpc(this, "vpc", { cidrBlock: "10.0.0.0/16" });
```
becomes
```ts
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
new AwsProvider(this, "aws", { region: "us-east-1" });
new Vpc(this, "vpc", { cidrBlock: "10.0.0.0/16" });
```

A name is resolved by how the file uses it: used as a value (`new X(...)`, `X.method()`,
`extends X`, an argument; in Python a call with positional arguments, an attribute, a base
class) it resolves only to a class, used only as a type it may resolve to an interface (a
Python struct). `S3BucketVersioning`, `S3BucketServerSideEncryptionConfiguration` and
`S3BucketLogging` are interfaces of `s3-bucket` (the inline blocks of `S3Bucket`) and resource
classes with an `A` in their own modules: `new S3BucketVersioning(this, ...)` is imported from
`.../lib/s3-bucket-versioning` (and renamed `S3BucketVersioningA` by `provider-class-names`),
`const v: S3BucketVersioning = { enabled: true }` from `.../lib/s3-bucket`. An import of such a
name from `.../lib/s3-bucket` that is constructed (TS2693, "only refers to a type") is
re-homed the same way.

## Fix safety
Safe: the same classes are referenced, only through the module that defines them; what gets
synthesized is identical. Every rewritten file is type-checked with the real compiler in the
conformance suite.

Unsafe when the project's tests mock a module path the fix moves imports away from: a jest or
Vitest test that does `jest.mock("@cdktf/provider-aws", factory)` (also `vi.mock`,
`jest.requireActual`, a manual mock in `__mocks__/@cdktf/provider-aws.ts`) replaces the barrel
only, so once the code under test imports `@cdktf/provider-aws/lib/s3-bucket` the mock no longer
intercepts it and the test fails; a Python test that patches
`"cdktf_cdktf_provider_aws.s3_bucket.S3Bucket"` reaches code that looks the class up through the
package when it runs, not a name bound by `from cdktf_cdktf_provider_aws.s3_bucket import
S3Bucket` before the patch. The finding names the test; rewrite its mocks to the per-module
paths (or patch where the name is used), then apply with `--unsafe-fixes`. The tool looks for
such mocks once per project (the folder of the nearest `package.json`, `pyproject.toml`,
`setup.py`, `requirements.txt` or `go.mod`), in its test files (`*.test.*`, `*.spec.*`,
`__tests__/`, `test/`, `tests/`, `test_*.py`, `*_test.py`, `conftest.py`).

Nothing is reported for a provider package the project pins below 10 (`"^9.0.25"` in its
`package.json`; `cdktf-cdktf-provider-aws` in `requirements.txt`, `pyproject.toml`, `Pipfile`, or,
when those allow any version, the lockfile: `package-lock.json`, `Pipfile.lock`, `poetry.lock`):
those releases group the modules by service (`lib/iam`, `lib/lambdafunction`) and have no
per-resource ones (`lib/iam-role` appears in 10.0.0), so the imports are right for them as they
are and the split would not compile. A range allowing more than one major (`*`, `latest`, `>=9`)
with no lockfile is taken as the current layout.

## Source
The provider index generated from `@cdktf/provider-aws` 21.22.1 and the other indexed
providers (`transforms/providers/`); the per-module layout (`lib/<module>`) of the prebuilt
bindings, https://github.com/cdktf/cdktf-provider-aws; providers in the CDKTF documentation:
https://developer.hashicorp.com/terraform/cdktf/concepts/providers.
"#,
};

/// The module a provider name `used` as a value or a type belongs to: the hinted module when
/// it exports the name as that (or a close invented form of it), else the one module exporting
/// it as that, else the module an invented `...V2` name, or a class name missing its `A`,
/// points at. A value never resolves to an interface: `S3BucketVersioning` used as a value is
/// the class `S3BucketVersioningA` of `s3BucketVersioning`, not the interface `s3Bucket` exports
/// for its inline `versioning` block.
fn resolve<'i>(
    provider: &'i Provider,
    hint: Option<&'i Module>,
    name: &str,
    used: Use,
) -> Option<&'i Module> {
    // The hinted module first, also for a close invented form of a name it exports: a type
    // `aws.s3BucketVersioning.S3BucketVersioning` is that module's class (`S3BucketVersioningA`),
    // not the interface of the same name that `s3Bucket` exports for its inline block.
    if let Some(m) = hint {
        if m.exports_as(name, used) || real_name_as(m, name, used).is_some() {
            return Some(m);
        }
    }
    let mut exporting = provider.modules_exporting_as(name, used);
    if let (Some(m), None) = (exporting.next(), exporting.next()) {
        return Some(m);
    }
    let base = name.replacen("V2", "", 1);
    for candidate in [base.as_str(), base.strip_suffix('A').unwrap_or(&base)] {
        if let Some(m) = provider.module_by_namespace(&lower_first(candidate)) {
            if real_name_as(m, name, used).is_some() {
                return Some(m);
            }
        }
    }
    None
}

/// Where a name imported by name from `provider`'s package root as `local` belongs: the module
/// exporting it as it is `used` ([`resolve`]), else where `provider-class-names` places an
/// invented or another provider's name ([`root_name_home`]).
fn root_home(
    file: &ParsedFile,
    ctx: &Context,
    provider: &'static Provider,
    name: &str,
    local: &str,
    used: Use,
) -> Option<(&'static Provider, &'static Module)> {
    resolve(provider, None, name, used)
        .map(|m| (provider, m))
        .or_else(|| root_name_home(file, ctx, provider, name, local, used))
}

/// A provider name reached through a group or the package (`rds.ClusterInstance`,
/// `secretsmanager.Secret`, `aws.CloudtrailTrail`; `qualified` as written) that [`resolve`]
/// finds in no module: the class named by the group's name before it (`RdsClusterInstance`,
/// `SecretsmanagerSecret`: the pre-v10 service groups named their classes so), else, with
/// `alias`, the one class the alias index leaves once the construction's config keys are read
/// (`Cloudtrail`). The module and the class's name, which the use is rewritten to. Without
/// `alias` (`aws.rdsSubnetGroup.RdsSubnetGroup`: a namespace the provider does not have) the
/// alias index is `provider-class-names`' to apply, which moves the namespace with its members.
#[allow(clippy::too_many_arguments)]
fn resolve_in_group(
    file: &ParsedFile,
    ctx: &Context,
    provider: &'static Provider,
    group: &str,
    name: &str,
    qualified: &str,
    used: Use,
    alias: bool,
) -> Option<(&'static Module, String)> {
    if !name.starts_with(|c: char| c.is_ascii_uppercase()) {
        return None;
    }
    let prefixed = format!("{}{name}", upper_first(group));
    if let Some(m) = resolve(provider, None, &prefixed, used) {
        return Some((m, prefixed));
    }
    if !alias {
        return None;
    }
    let (m, class) = invented_class(file, ctx, provider, name, qualified, used)?;
    Some((m, class.to_string()))
}

impl Transform for ProviderImports {
    fn meta(&self) -> &'static TransformMeta {
        &META
    }

    fn check(&self, file: &ParsedFile, ctx: &Context, out: &mut Vec<Diagnostic>) {
        match file.lang {
            Lang::Python => python::check(file, ctx, out),
            _ => typescript::check(file, ctx, out),
        }
    }
}

// The names and the fix both languages' rewrites share: handing out the local names of the
// imports they plan, and turning the rewritten statements into one fix.

/// What the file already binds.
struct Names<'a> {
    /// Every name the file binds or references outside the statements being rewritten.
    pub taken: HashSet<String>,
    /// Imports the file keeps: module path → imported name → local name.
    pub existing: &'a HashMap<String, HashMap<String, String>>,
}

impl Names<'_> {
    /// The local name a kept import already gives `name` from `path`, when it is the one wanted.
    pub fn existing(&self, path: &str, name: &str, wanted: Option<&str>) -> Option<String> {
        let local = self.existing.get(path)?.get(name)?;
        wanted.is_none_or(|w| w == local).then(|| local.clone())
    }

    /// The specifiers (`Name`, `Name as Local`) of the names planned for `path` that no kept
    /// import gives exactly so already.
    pub fn new_specs(&self, path: &str, planned: &BTreeMap<String, String>) -> Vec<String> {
        planned
            .iter()
            .filter(|&(name, local)| self.existing(path, name, Some(local)).is_none())
            .map(|(name, local)| spec_text(name, local))
            .collect()
    }
}

/// `Name`, or `Name as Local`: one specifier of an import, TypeScript and Python alike.
fn spec_text(name: &str, local: &str) -> String {
    if name == local {
        name.to_string()
    } else {
        format!("{name} as {local}")
    }
}

/// The names the rewrite imports, and every local name it has handed out.
#[derive(Default)]
struct Named {
    /// Module path → imported name → local name.
    pub by_path: BTreeMap<String, BTreeMap<String, String>>,
    given: HashSet<String>,
}

impl Named {
    /// The local name under which `name` from `path` is available, planning its import when no
    /// kept import has it. `wanted` is the local name to keep (a re-homed import), if any;
    /// otherwise the name itself when it is free, else the provider's name before it
    /// (`AwsInstance`, then `AwsInstance2`, ...).
    pub fn bind(
        &mut self,
        names: &Names,
        provider: &Provider,
        path: &str,
        name: &str,
        wanted: Option<&str>,
    ) -> String {
        if let Some(local) = names.existing(path, name, wanted) {
            return local;
        }
        if let Some(local) = self.by_path.get(path).and_then(|m| m.get(name)) {
            if wanted.is_none_or(|w| w == local) {
                return local.clone();
            }
        }
        let local = match wanted {
            Some(w) => self.give(w),
            None => self.fresh(names, name, format!("{}{name}", upper_first(provider.name))),
        };
        self.by_path
            .entry(path.to_string())
            .or_default()
            .insert(name.to_string(), local.clone());
        local
    }

    /// `first` when nothing binds it yet, else the first free of `base`, `base2`, `base3`, ...;
    /// handed out.
    pub fn fresh(&mut self, names: &Names, first: &str, base: String) -> String {
        let free = |n: &str| !names.taken.contains(n) && !self.given.contains(n);
        if free(first) {
            return self.give(first);
        }
        let mut candidate = base.clone();
        let mut i = 2;
        while !free(&candidate) {
            candidate = format!("{base}{i}");
            i += 1;
        }
        self.give(&candidate)
    }

    /// Hands out `local` as it is.
    pub fn give(&mut self, local: &str) -> String {
        self.given.insert(local.to_string());
        local.to_string()
    }
}

/// Reads the file's names outside the statements being rewritten: from its `identifiers`
/// those that bind or read a name of the scope (`binds`), all into the names taken, and the
/// references to a provider import's local name (`is_ref`, given the text) in document order.
fn scan<'f>(
    identifiers: impl Iterator<Item = N<'f>>,
    statements: &[Range<usize>],
    binds: impl Fn(&N) -> bool,
    is_ref: impl Fn(&N, &str) -> bool,
) -> (HashSet<String>, Vec<N<'f>>) {
    let mut taken = HashSet::new();
    let mut refs = Vec::new();
    for n in identifiers {
        if statements.iter().any(|r| r.contains(&n.range().start)) || !binds(&n) {
            continue;
        }
        let text = n.text().to_string();
        if is_ref(&n, &text) {
            refs.push(n);
        }
        taken.insert(text);
    }
    (taken, refs)
}

/// The comments inside a statement being rewritten, which stay above its new lines.
fn comments_in<'f>(file: &'f ParsedFile, statement: &N) -> Vec<N<'f>> {
    let range = statement.range();
    file.of_kind("comment")
        .filter(|c| range.start <= c.range().start && c.range().end <= range.end)
        .collect()
}

/// A rewritten statement: replaced by the lines that stay of it, joined by `separator`, or
/// removed with its line when none do.
fn rewrite(text: &str, statement: Range<usize>, lines: &[String], sep: &str) -> Edit {
    if lines.is_empty() {
        Edit::delete(removal_with_line(text, statement))
    } else {
        Edit::replace(statement, lines.join(sep))
    }
}

/// One finding per rewritten statement (its range, message, and the note of a test of the
/// project that mocks its module, if any), each with the one fix that rewrites the whole file:
/// unsafe when any statement's module is mocked.
fn report(
    statements: impl Iterator<Item = (Range<usize>, String, Option<String>)>,
    edits: Vec<Edit>,
    out: &mut Vec<Diagnostic>,
) {
    let statements: Vec<_> = statements.collect();
    let fix = if statements.iter().any(|(_, _, mocked)| mocked.is_some()) {
        Fix::unsafe_(edits)
    } else {
        Fix::safe(edits)
    };
    for (range, message, mocked) in statements {
        let message = match mocked {
            Some(note) => format!("{message}; unsafe in this project: {note}"),
            None => message,
        };
        out.push(Diagnostic {
            transform: META.id,
            range,
            message,
            fix: Some(fix.clone()),
        });
    }
}

/// The major `package` (`@cdktf/provider-aws`, `cdktf-cdktf-provider-aws`) is pinned to in this
/// project when that major predates the per-resource layout
/// ([`crate::index::PER_RESOURCE_SINCE`]): its modules are grouped by service (`lib/iam`), so
/// its imports are right as they are. `None` when it does not (or pins nothing known).
pub(super) fn grouped_before(package: &str, pinned: &[(String, u64)]) -> Option<u64> {
    let since = crate::index::per_resource_since(package)?;
    let (_, major) = pinned.iter().find(|(p, _)| p == package)?;
    (*major < since).then_some(*major)
}

/// Takes out of `locals` the provider import names the file also declares otherwise (a
/// `const vpc` beside `import { vpc }`, a parameter `rds` beside `from ... import rds`): each is
/// shadowed somewhere, and without scopes its reads cannot be told from the other binding's, so
/// its import stays as it is. Returns the names taken out.
fn take_shadowed<V>(file: &ParsedFile, locals: &mut HashMap<String, V>) -> Vec<String> {
    let declared = Bindings::of(file).declared;
    let mut shadowed = Vec::new();
    locals.retain(|name, _| {
        let keep = !declared.contains(name);
        if !keep {
            shadowed.push(name.clone());
        }
        keep
    });
    shadowed
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::ProviderIndex;

    fn aws() -> &'static Provider {
        ProviderIndex::get().provider("aws").expect("the aws index")
    }

    #[test]
    fn names_clashing_with_the_file_get_the_provider_prefix_then_a_number() {
        let existing = HashMap::new();
        let names = Names {
            taken: ["Instance", "AwsInstance", "Vpc"].map(String::from).into(),
            existing: &existing,
        };
        let mut named = Named::default();
        let p = "@cdktf/provider-aws/lib/instance";
        assert_eq!(
            named.bind(&names, aws(), p, "Instance", None),
            "AwsInstance2"
        );
        // The same name again: the same local, planned once.
        assert_eq!(
            named.bind(&names, aws(), p, "Instance", None),
            "AwsInstance2"
        );
        let q = "@cdktf/provider-aws/lib/subnet";
        assert_eq!(named.bind(&names, aws(), q, "Subnet", None), "Subnet");
        assert_eq!(named.by_path[p]["Instance"], "AwsInstance2");
        assert_eq!(named.by_path[q]["Subnet"], "Subnet");
        // A handed-out name is not free any more.
        assert_eq!(
            named.fresh(&names, "Subnet", "awsSubnet".into()),
            "awsSubnet"
        );
    }

    #[test]
    fn kept_imports_and_wanted_names_are_reused() {
        let p = "@cdktf/provider-aws/lib/vpc";
        let existing = HashMap::from([(
            p.to_string(),
            HashMap::from([("Vpc".to_string(), "MyVpc".to_string())]),
        )]);
        let names = Names {
            taken: HashSet::new(),
            existing: &existing,
        };
        let mut named = Named::default();
        assert_eq!(named.bind(&names, aws(), p, "Vpc", None), "MyVpc");
        assert!(named.by_path.is_empty(), "a kept import plans nothing");
        let planned = BTreeMap::from([
            ("Vpc".to_string(), "MyVpc".to_string()),
            ("VpcConfig".to_string(), "Config".to_string()),
        ]);
        assert_eq!(names.new_specs(p, &planned), ["VpcConfig as Config"]);
        // Another local name is wanted: planned under it.
        assert_eq!(named.bind(&names, aws(), p, "Vpc", Some("V")), "V");
        assert_eq!(named.by_path[p]["Vpc"], "V");
    }

    #[test]
    fn a_statement_with_nothing_left_goes_with_its_line() {
        let text = "a\nimport x\nb\n";
        let at = text.find("import").unwrap();
        let statement = at..at + 8;
        assert_eq!(rewrite(text, statement.clone(), &[], "\n").range, 2..11);
        let e = rewrite(text, statement, &["// c".into(), "import y".into()], "\n");
        assert_eq!((e.range, e.text.as_str()), (2..10, "// c\nimport y"));
    }
}
