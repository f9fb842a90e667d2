//! `go-module-paths`: Go import paths of CDKTF and of the prebuilt provider bindings that do not
//! exist (`github.com/hashicorp/terraform-cdk/cdktf`, `github.com/hashicorp/terraform-provider-aws/provider`,
//! unversioned `github.com/cdktf/cdktf-provider-aws-go/aws/s3bucket`) rewritten to the real ones.

use std::collections::BTreeMap;

use super::provider_class_names::real_name;
use crate::gomod::GoMod;
use crate::index::Provider;
use crate::lang::Lang;
use crate::syntax::go::{self, Import, Source};
use crate::syntax::N;
use crate::{Context, Diagnostic, Edit, Fix, ParsedFile, Safety, Transform, TransformMeta};

pub struct GoModulePaths;

static META: TransformMeta = TransformMeta {
    id: "go-module-paths",
    kind: crate::Kind::Defect,
    summary: "Go import paths of cdktf and the provider bindings that do not exist → the real module paths",
    languages: &[Lang::Go],
    fixes: &[Safety::Safe],
    triggers: &[
        "terraform-cdk",
        "terraform-provider-",
        "cdktf-provider-",
        "cdktn-provider-",
    ],
    reads_project: false,
    docs: r#"
## What it does
Rewrites Go import paths that no module provides to the paths of the real modules:
- `github.com/hashicorp/terraform-cdk/cdktf` and `github.com/hashicorp/terraform-cdktf-go/cdktf`
  → `github.com/hashicorp/terraform-cdk-go/cdktf`;
- provider bindings imported from the provider's own repository
  (`github.com/hashicorp/terraform-provider-aws/provider`) or without their major version
  (`github.com/cdktf/cdktf-provider-aws-go/aws/s3bucket`) → the prebuilt bindings'
  `github.com/cdktf/cdktf-provider-aws-go/aws/vNN/<package>`;
- a versioned provider import whose major version the file's `go.mod` does not require, while
  it requires another one (`.../aws/v19/vpc` with `.../aws/v21` in `go.mod`) → that version.

`vNN` is the major version the nearest `go.mod` requires (`github.com/cdktf/cdktf-provider-aws-go/aws/v19 v19.50.0`
→ `v19`); without one it is the major version of the indexed provider (`@cdktf/provider-aws`
21.22.1 → `v21`). The package is the module's Go package: its TypeScript namespace in lower
case without separators (`s3BucketVersioning` → `s3bucketversioning`); `s3-bucket` or
`s3_bucket` are read the same way. The import group is re-sorted as gofmt sorts it. An
import's local name never changes: an unaliased import is bound to the package's own name.

The provider root (`tfaws "github.com/hashicorp/terraform-provider-aws"` with `tfaws.NewVpc(...)`)
has no Go package: every use is resolved through the index (`NewVpc`, `VpcConfig` → `vpc`) and
imported from its own package, as `aws<package>` where the package name is already a name in the
file (`vpc := awsvpc.NewVpc(...)`). An invented name (`tfaws.NewS3BucketVersioningV2`) is imported from
the package its stem names when `provider-class-names` knows its real name there, and renamed
by that transform.

Reported, not rewritten: a package the index does not know (`.../aws/v21/s3bucketv2`), and a
provider root with a use the index cannot place; the report lists the packages it found.

## Why
The paths do not exist, so `go build` fails (`no required module provides package`). The
generated Go docs of the bindings show imports without the major version
(`import "github.com/cdktf/cdktf-provider-aws-go/aws/s3bucketversioning"`), but the modules are
published as `.../aws/v21` and so on; `terraform-provider-aws` is the provider's Go source, not
CDKTF bindings.

## Example
```go
import (
	"github.com/hashicorp/terraform-cdk/cdktf"
	"github.com/hashicorp/terraform-provider-aws/provider"
)
```
becomes (no `go.mod` requiring the bindings: the indexed provider-aws 21.22.1 gives `v21`)
```go
import (
	"github.com/cdktf/cdktf-provider-aws-go/aws/v21/provider"
	"github.com/hashicorp/terraform-cdk-go/cdktf"
)
```

## Fix safety
Safe: the input cannot build, and the new path is the one module that provides the package.
`go.mod` is not edited: run `go mod tidy` (or `go get github.com/cdktf/cdktf-provider-aws-go/aws/v21`)
after the fix when it lacks the module.

## Source
The Go module of CDKTF, `github.com/hashicorp/terraform-cdk-go/cdktf`
(https://github.com/hashicorp/terraform-cdk-go); the prebuilt AWS provider bindings for Go, one
module per major version (https://github.com/cdktf/cdktf-provider-aws-go), whose package names
and paths the generated Go docs of https://github.com/cdktf/cdktf-provider-aws show;
`terraform-provider-aws` is the provider itself (https://github.com/hashicorp/terraform-provider-aws);
the provider index (`transforms/providers/aws.tsv`).
"#,
};

const CDKTF_GO: &str = "github.com/hashicorp/terraform-cdk-go/cdktf";
const WRONG_CDKTF: &[&str] = &[
    "github.com/hashicorp/terraform-cdk/cdktf",
    "github.com/hashicorp/terraform-cdktf-go/cdktf",
];

/// The module root of a provider's bindings: `github.com/cdktf/cdktf-provider-aws-go/aws`.
fn bindings_root(source: Source, provider: &Provider) -> String {
    match source {
        Source::Cdktn => format!(
            "github.com/cdktn-io/cdktn-provider-{0}-go/{0}",
            provider.name
        ),
        _ => format!("github.com/cdktf/cdktf-provider-{0}-go/{0}", provider.name),
    }
}

/// The bindings module of `provider` that `go.mod` requires, with its major version.
fn required_bindings(go_mod: &GoMod, provider: &Provider, cdktn: bool) -> Option<(String, u32)> {
    go_mod.requires.iter().find_map(|(m, _)| {
        let (root, v) = m.rsplit_once('/')?;
        let major = go::version(v)?;
        let parts: Vec<&str> = root.split('/').collect();
        let ok = match parts.as_slice() {
            ["github.com", "cdktn-io", repo, name] => {
                cdktn
                    && *name == provider.name
                    && *repo == format!("cdktn-provider-{}-go", provider.name)
            }
            ["github.com", "cdktf" | "hashicorp", repo, name] => {
                !cdktn
                    && *name == provider.name
                    && *repo == format!("cdktf-provider-{}-go", provider.name)
            }
            _ => false,
        };
        ok.then(|| (m.clone(), major))
    })
}

/// What to do with one import.
enum Verdict {
    Rewrite {
        to: String,
        message: String,
    },
    /// The provider root: one import per package the file uses, and the uses re-qualified.
    Split {
        /// `(alias, path)` of each new import line.
        specs: Vec<(Option<String>, String)>,
        uses: Vec<Edit>,
        message: String,
    },
    Report(String),
}

/// The provider root (`tfaws "github.com/hashicorp/terraform-provider-aws"`): every use
/// `tfaws.NewVpc` is resolved through the index to its package, imported on its own. Where a
/// package name is taken by another name of the file it is imported as `aws<package>`; where a
/// use cannot be resolved nothing is rewritten and the packages found are listed.
fn split_root(
    imp: &Import,
    root: &N,
    provider: &'static Provider,
    module_root: &str,
    what: &str,
) -> Verdict {
    let local = imp.local_name();
    let all_imports = go::imports(root);
    let mut uses: Vec<(N, String)> = Vec::new();
    let mut found: BTreeMap<String, Option<String>> = BTreeMap::new();
    for sel in root
        .dfs()
        .filter(|n| matches!(n.kind().as_ref(), "selector_expression" | "qualified_type"))
    {
        let (pkg, name) = match sel.kind().as_ref() {
            "selector_expression" => (sel.field("operand"), sel.field("field")),
            _ => (sel.field("package"), sel.field("name")),
        };
        let (Some(pkg), Some(name)) = (pkg, name) else {
            continue;
        };
        if pkg.text() != local
            || !matches!(pkg.kind().as_ref(), "identifier" | "package_identifier")
        {
            continue;
        }
        let package = package_of_use(provider, &name.text());
        found.insert(name.text().to_string(), package.clone());
        if let Some(package) = package {
            uses.push((pkg, package));
        }
    }
    // `vpc (NewVpc, VpcConfig)`, package by package.
    let mut by_package: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (n, p) in &found {
        if let Some(p) = p {
            by_package.entry(p.as_str()).or_default().push(n.as_str());
        }
    }
    let listed: String = by_package
        .iter()
        .take(6)
        .map(|(p, ns)| format!("{p} for {}", ns.join(", ")))
        .collect::<Vec<_>>()
        .join("; ")
        + if by_package.len() > 6 { "; ..." } else { "" };
    let unresolved: Vec<&str> = found
        .iter()
        .filter(|(_, p)| p.is_none())
        .map(|(n, _)| n.as_str())
        .collect();
    let report = |why: String| {
        Verdict::Report(format!(
            "{what}, and a provider root is no Go package: import each resource's package from `{module_root}/<package>`{}; {why}",
            if listed.is_empty() {
                String::new()
            } else {
                format!(" (here: {listed})")
            }
        ))
    };
    if local == "_" || local == "." || uses.is_empty() {
        return report("nothing in the file uses it by name".into());
    }
    if !unresolved.is_empty() {
        return report(format!(
            "the index has no single module for {}",
            unresolved
                .iter()
                .map(|n| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    // Names a new package name must not shadow or be shadowed by.
    let mut taken: std::collections::HashSet<String> = root
        .dfs()
        .filter(|n| {
            matches!(
                n.kind().as_ref(),
                "identifier" | "package_identifier" | "type_identifier"
            )
        })
        .map(|n| n.text().to_string())
        .collect();
    taken.extend(all_imports.iter().map(|i| i.local_name()));
    let mut names: BTreeMap<String, String> = BTreeMap::new();
    let mut specs = Vec::new();
    let packages: std::collections::BTreeSet<&String> = uses.iter().map(|(_, p)| p).collect();
    for package in packages {
        let path = format!("{module_root}/{package}");
        if let Some(existing) = all_imports.iter().find(|i| i.path == path) {
            names.insert(package.clone(), existing.local_name());
            continue;
        }
        let name = if !taken.contains(package.as_str()) {
            package.clone()
        } else {
            let alias = format!("{}{package}", provider.name);
            if taken.contains(&alias) {
                return report(format!(
                    "both `{package}` and `{alias}` are names in the file already"
                ));
            }
            alias
        };
        taken.insert(name.clone());
        specs.push(((name != *package).then(|| name.clone()), path));
        names.insert(package.clone(), name);
    }
    Verdict::Split {
        specs,
        uses: uses
            .iter()
            .map(|(node, package)| Edit::replace(node.range(), names[package].clone()))
            .collect(),
        message: format!(
            "{what}, and a provider root is no Go package: each name is imported from its own package under `{module_root}` ({listed})"
        ),
    }
}

/// The module that provides `Name` used as `pkg.Name`, `pkg.NewName` or `pkg.Name_Method`.
fn package_of_use(provider: &Provider, name: &str) -> Option<String> {
    let base = name.split('_').next().unwrap_or(name);
    let mut candidates = vec![base];
    if let Some(stripped) = base.strip_prefix("New") {
        candidates.insert(0, stripped);
    }
    let exported = candidates.iter().find_map(|c| {
        let mut found = provider.modules_exporting(c);
        let m = found.next()?;
        found.next().is_none().then(|| m.go_package())
    });
    // An invented name (`S3BucketVersioningV2`, `S3BucketVersioningConfig`): the module its stem
    // names, when `provider-class-names` knows the real name there (it renames it next round).
    exported.or_else(|| {
        candidates.iter().find_map(|c| {
            let stem = c.strip_suffix("Config").unwrap_or(c).replace("V2", "");
            let m = provider.module_by_go_package(&go::normalize_package(&stem))?;
            real_name(m, c).map(|_| m.go_package())
        })
    })
}

fn verdict(imp: &Import, root: &N, ctx: &Context) -> Option<Verdict> {
    let path = imp.path.as_str();
    if WRONG_CDKTF.contains(&path) {
        return Some(Verdict::Rewrite {
            to: CDKTF_GO.to_string(),
            message: format!("`{path}` does not exist: the CDKTF Go module is `{CDKTF_GO}`"),
        });
    }
    let p = go::parse_provider_path(path, ctx.index)?;
    let provider = p.provider;
    let indexed = provider.major_version();
    let go_mod = ctx.go_mod;
    let cdktn = p.source == Source::Cdktn;
    let required = go_mod.and_then(|g| required_bindings(g, provider, cdktn));
    let provided = go_mod.is_some_and(|g| g.module_of(path).is_some());
    let versioned_bindings = p.source != Source::ProviderRepo && p.major.is_some();

    // The package the path means, when it names one.
    let package = match p.rest.as_slice() {
        [one] => Some(go::normalize_package(one)),
        _ => None,
    };
    let known = package
        .as_deref()
        .is_some_and(|pkg| pkg == "jsii" || provider.module_by_go_package(pkg).is_some());

    if provided
        || (versioned_bindings && required.as_ref().is_none_or(|(_, v)| Some(*v) == p.major))
    {
        // A path some module provides (or may provide: no go.mod says otherwise). Only an
        // invented package of the indexed major version is worth a report.
        let pkg = package.as_deref().unwrap_or("");
        if p.major == indexed && !known && p.rest.len() == 1 {
            return Some(Verdict::Report(format!(
                "`{path}`: {} {} has no Go package `{pkg}`; check the name in the provider's docs (a module's package is its namespace in lower case)",
                provider.package, provider.version
            )));
        }
        return None;
    }

    let (module_root, why) = match (&required, cdktn) {
        (Some((m, _)), _) => (m.clone(), format!("the nearest go.mod requires `{m}`")),
        (None, false) => {
            let major = indexed?;
            (
                format!("{}/v{major}", bindings_root(p.source, provider)),
                format!(
                    "v{major} is the major version of the indexed {} {}; go.mod does not require the bindings",
                    provider.package, provider.version
                ),
            )
        }
        (None, true) => {
            return Some(Verdict::Report(format!(
                "`{path}` lacks the major version of the CDK Terrain bindings ({}/vNN/<package>), and no go.mod requires them: add the version the project uses",
                bindings_root(p.source, provider)
            )))
        }
    };
    let what = match p.source {
        Source::ProviderRepo => {
            format!("`{path}` is the provider's own Go code, not the CDKTF bindings")
        }
        _ if p.major.is_none() => format!("`{path}` lacks the module's major version"),
        _ => format!("`{path}` is from a major version go.mod does not require"),
    };
    if p.rest.is_empty() {
        return Some(split_root(imp, root, provider, &module_root, &what));
    }
    if !known {
        return Some(Verdict::Report(format!(
            "{what}; {} {} has no Go package `{}`, so cdktf-fix cannot tell which `{module_root}/<package>` is meant",
            provider.package,
            provider.version,
            p.rest.join("/")
        )));
    }
    let pkg = package.expect("a known package is a single element");
    let to = format!("{module_root}/{pkg}");
    Some(Verdict::Rewrite {
        message: format!("{what}: the package is `{to}` ({why})"),
        to,
    })
}

impl Transform for GoModulePaths {
    fn meta(&self) -> &'static TransformMeta {
        &META
    }

    fn check(&self, file: &ParsedFile, ctx: &Context, out: &mut Vec<Diagnostic>) {
        let root = file.tree().root();
        let text = file.text;
        for group in go::sort_groups(text, go::imports(&root)) {
            // Per rewritten spec: its new import lines (`None`: the path only) and other edits.
            type NewSpecs = Option<Vec<(Option<String>, String)>>;
            let mut rewrites: Vec<(usize, String, NewSpecs, Vec<Edit>, String)> = Vec::new();
            for (i, unit) in group.iter().enumerate() {
                match verdict(&unit.imp, &root, ctx) {
                    Some(Verdict::Rewrite { to, message }) => {
                        rewrites.push((i, to, None, Vec::new(), message))
                    }
                    Some(Verdict::Split {
                        specs,
                        uses,
                        message,
                    }) => rewrites.push((i, String::new(), Some(specs), uses, message)),
                    Some(Verdict::Report(message)) => out.push(Diagnostic {
                        transform: META.id,
                        range: unit.imp.node.range(),
                        message,
                        fix: None,
                    }),
                    None => {}
                }
            }
            if rewrites.is_empty() {
                continue;
            }
            // The group as gofmt prints it: new paths, sorted by path then name, duplicates
            // (same path and name) dropped.
            let mut lines: Vec<(String, String, String)> = Vec::new();
            for (i, u) in group.iter().enumerate() {
                let path_node = u.imp.node.field("path").expect("an import spec has a path");
                let unit_text = &text[u.range.clone()];
                let alias = u.imp.alias.clone().unwrap_or_default();
                match rewrites.iter().find(|r| r.0 == i) {
                    Some((_, to, None, _, _)) => {
                        let at = path_node.range().start - u.range.start;
                        let end = path_node.range().end - u.range.start;
                        let quoted = go::quote(to);
                        let line = format!("{}{quoted}{}", &unit_text[..at], &unit_text[end..]);
                        lines.push((to.clone(), alias, line));
                    }
                    Some((_, _, Some(specs), _, _)) => {
                        // The spec's trailing comment stays with the first new line.
                        let rest = &unit_text[u.imp.node.range().end - u.range.start..];
                        for (k, (alias, path)) in specs.iter().enumerate() {
                            let name = alias.clone().map(|a| a + " ").unwrap_or_default();
                            let comment = if k == 0 { rest } else { "" };
                            lines.push((
                                path.clone(),
                                alias.clone().unwrap_or_default(),
                                format!("{name}{}{comment}", go::quote(path)),
                            ));
                        }
                    }
                    None => lines.push((u.imp.path.clone(), alias, unit_text.to_string())),
                }
            }
            let parenthesized = group[0]
                .imp
                .node
                .parent()
                .is_some_and(|p| p.kind() == "import_spec_list");
            let mut edits: Vec<Edit> = rewrites.iter().flat_map(|r| r.3.clone()).collect();
            let edit = if lines.is_empty() {
                Edit::delete(group[0].range.clone())
            } else if group.len() == 1 && lines.len() == 1 {
                Edit::replace(group[0].range.clone(), lines.remove(0).2)
            } else if !parenthesized {
                // `import tfaws "..."` split in several: a parenthesized declaration.
                lines.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
                let nl = file.newline();
                let body: Vec<String> = lines.iter().map(|l| format!("\t{}", l.2)).collect();
                Edit::replace(
                    group[0].range.clone(),
                    format!("({nl}{}{nl})", body.join(nl)),
                )
            } else {
                lines.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
                lines.dedup_by(|b, a| a.0 == b.0 && a.1 == b.1);
                let sep = match group.get(1) {
                    Some(next) => text[group[0].range.end..next.range.start].to_string(),
                    None => format!(
                        "{}{}",
                        file.newline(),
                        crate::syntax::indent_at(text, group[0].range.start)
                    ),
                };
                let joined = lines
                    .iter()
                    .map(|l| l.2.as_str())
                    .collect::<Vec<_>>()
                    .join(&sep);
                Edit::replace(
                    group[0].range.start..group.last().unwrap().range.end,
                    joined,
                )
            };
            edits.push(edit);
            let fix = Fix::safe(go::align_comments(text, edits));
            for (i, _, _, _, message) in rewrites {
                out.push(Diagnostic {
                    transform: META.id,
                    range: group[i].imp.node.range(),
                    message,
                    fix: Some(fix.clone()),
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::ProviderIndex;

    fn run(src: &str, go_mod: Option<&str>) -> Vec<Diagnostic> {
        let file = ParsedFile::parse(Lang::Go, src);
        let options = crate::Options::new();
        let go_mod = go_mod.map(GoMod::parse);
        let ctx = Context {
            options: &options,
            index: ProviderIndex::get(),
            go_mod: go_mod.as_ref(),
            mocked_modules: &[],
            provider_majors: &[],
            style: &Default::default(),
            app: None,
            declared: &crate::context::Declared::default(),
        };
        let mut out = Vec::new();
        GoModulePaths.check(&file, &ctx, &mut out);
        out
    }

    fn rewritten(src: &str, go_mod: Option<&str>) -> Vec<String> {
        run(src, go_mod)
            .iter()
            .filter_map(|d| d.fix.as_ref())
            .map(|f| f.edits[0].text.clone())
            .collect()
    }

    #[test]
    fn the_major_version_comes_from_go_mod_else_from_the_index() {
        let src = "package p\n\nimport \"github.com/cdktf/cdktf-provider-aws-go/aws/s3bucket\"\n";
        assert_eq!(
            rewritten(src, None),
            vec!["\"github.com/cdktf/cdktf-provider-aws-go/aws/v21/s3bucket\""]
        );
        let go_mod =
            "module m\n\nrequire github.com/cdktf/cdktf-provider-aws-go/aws/v19 v19.50.0\n";
        assert_eq!(
            rewritten(src, Some(go_mod)),
            vec!["\"github.com/cdktf/cdktf-provider-aws-go/aws/v19/s3bucket\""]
        );
    }

    #[test]
    fn a_version_go_mod_does_not_require_follows_go_mod() {
        let src = "package p\n\nimport \"github.com/cdktf/cdktf-provider-aws-go/aws/v21/vpc\"\n";
        let go_mod =
            "module m\nrequire (\n\tgithub.com/cdktf/cdktf-provider-aws-go/aws/v19 v19.50.0\n)\n";
        assert_eq!(
            rewritten(src, Some(go_mod)),
            vec!["\"github.com/cdktf/cdktf-provider-aws-go/aws/v19/vpc\""]
        );
        // Without go.mod a versioned path may be right: left alone.
        assert!(run(src, None).is_empty());
    }

    #[test]
    fn a_lone_root_import_becomes_a_parenthesized_declaration() {
        let src = "package p\n\nimport tfaws \"github.com/hashicorp/terraform-provider-aws\"\n\nvar _ = tfaws.NewVpc\nvar _ tfaws.SubnetConfig\n";
        let diags = run(src, None);
        assert_eq!(diags.len(), 1, "{diags:?}");
        let mut edits = diags[0].fix.clone().unwrap().edits;
        edits.sort_by_key(|e| e.range.start);
        let mut out = src.to_string();
        for e in edits.iter().rev() {
            out.replace_range(e.range.clone(), &e.text);
        }
        assert_eq!(
            out,
            "package p\n\nimport (\n\t\"github.com/cdktf/cdktf-provider-aws-go/aws/v21/subnet\"\n\t\"github.com/cdktf/cdktf-provider-aws-go/aws/v21/vpc\"\n)\n\nvar _ = vpc.NewVpc\nvar _ subnet.SubnetConfig\n"
        );
    }

    #[test]
    fn non_provider_and_unknown_imports_are_not_rewritten() {
        let src = "package p\n\nimport (\n\t\"github.com/aws/aws-sdk-go-v2/service/s3\"\n\t\"github.com/hashicorp/terraform-provider-aws/internal/service/s3\"\n\t\"github.com/hashicorp/terraform-provider-random/nosuchthing\"\n)\n";
        let diags = run(src, None);
        assert_eq!(diags.len(), 2, "{diags:?}");
        assert!(diags.iter().all(|d| d.fix.is_none()));
    }
}
