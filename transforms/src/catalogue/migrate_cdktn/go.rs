//! `migrate-cdktn` for Go: `github.com/hashicorp/terraform-cdk-go/cdktf` →
//! `github.com/open-constructs/cdk-terrain-go/cdktn`, `github.com/cdktf/cdktf-provider-<p>-go/<p>/vNN/...`
//! → `github.com/cdktn-io/cdktn-provider-<p>-go/<p>/vMM/...` (MM: the indexed `@cdktn/provider-<p>`
//! major), and the package identifier `cdktf.` → `cdktn.` where the import is not aliased.

use std::collections::HashSet;

use super::MigrationPlan;
use crate::index::go_paths::{self, Source};
use crate::index::{Family, ProviderIndex};
use crate::syntax::N;
use crate::syntax::{go, gofmt};
use crate::{Context, Edit, ParsedFile};

const CDKTF_GO: &str = "github.com/hashicorp/terraform-cdk-go/cdktf";
const CDKTN_GO: &str = "github.com/open-constructs/cdk-terrain-go/cdktn";

/// The CDK Terrain path of a CDKTF Go import path (`Some(Err(why))` when CDK Terrain lacks it).
fn target(path: &str, index: &'static ProviderIndex) -> Option<Result<String, String>> {
    if path == CDKTF_GO {
        return Some(Ok(CDKTN_GO.to_string()));
    }
    if let Some(rest) = path.strip_prefix(CDKTF_GO).filter(|r| r.starts_with('/')) {
        return Some(Ok(format!("{CDKTN_GO}{rest}")));
    }
    let Some(p) = go_paths::parse_provider_path(path, index) else {
        path.strip_prefix("github.com/cdktf/cdktf-provider-")?;
        let root: Vec<&str> = path.split('/').take(3).collect();
        return Some(Err(super::unindexed(&root.join("/"))));
    };
    if p.source != Source::Cdktf {
        return None;
    }
    let name = p.provider.name;
    let Some(new) = index.provider_in(Family::Cdktn, name) else {
        return Some(Err(format!(
            "CDK Terrain publishes no Go bindings of the `{name}` provider"
        )));
    };
    let major = new.major_version()?;
    if let (Some(old), [pkg]) = (p.module(), p.rest.as_slice()) {
        if new
            .module_by_go_package(&go_paths::normalize_package(pkg))
            .is_none()
        {
            return Some(Err(format!(
                "`{}` {} has no package `{}`",
                new.package,
                new.version,
                old.go_package()
            )));
        }
    }
    let mut out = format!("github.com/cdktn-io/cdktn-provider-{name}-go/{name}/v{major}");
    for part in &p.rest {
        out.push('/');
        out.push_str(part);
    }
    Some(Ok(out))
}

pub(super) fn check(file: &ParsedFile, ctx: &Context, plan: &mut MigrationPlan) {
    let text = file.text;
    let root = file.tree().root();
    let mut rename_package = false;
    let mut edits: Vec<Edit> = Vec::new();
    let imports = go::imports(&root);
    // (path, alias) pairs the file imports already, and those rewritten specs will import: a
    // rewritten spec that repeats one is dropped, as Go refuses an import repeated in one file.
    let mut imported: HashSet<(String, Option<String>)> = imports
        .iter()
        .map(|imp| (imp.path.clone(), imp.alias.clone()))
        .collect();
    for group in go::sort_groups(text, imports) {
        let mut changed = false;
        // (path, alias, line text) of each spec, as it will read.
        let mut lines: Vec<(String, String, String)> = Vec::new();
        for spec in &group {
            let imp = &spec.imp;
            let start = spec.range.start;
            let line = &text[spec.range.clone()];
            let alias = imp.alias.clone().unwrap_or_default();
            match target(&imp.path, ctx.index) {
                Some(Ok(new)) => {
                    if imp.path == CDKTF_GO && imp.alias.is_none() {
                        rename_package = true;
                    }
                    let path_node = imp.node.field("path").expect("an import spec has a path");
                    let (a, b) = (
                        path_node.range().start - start,
                        path_node.range().end - start,
                    );
                    let new_line = format!("{}{}{}", &line[..a], go::quote(&new), &line[b..]);
                    plan.first.get_or_insert(path_node.range());
                    changed = true;
                    if imported.insert((new.clone(), imp.alias.clone())) {
                        lines.push((new, alias, new_line));
                    }
                }
                Some(Err(why)) => {
                    plan.blockers.push((imp.node.range(), why));
                    lines.push((imp.path.clone(), alias, line.to_string()));
                }
                None => lines.push((imp.path.clone(), alias, line.to_string())),
            }
        }
        if !changed {
            continue;
        }
        if lines.is_empty() {
            // Every spec of the group repeated an import: its lines go (the whole declaration
            // for a one-spec `import "..."`).
            let spec = &group[0].imp.node;
            let in_list = spec
                .parent()
                .is_some_and(|p| p.kind() == "import_spec_list");
            let range = match spec.ancestors().find(|n| n.kind() == "import_declaration") {
                Some(decl) if !in_list => decl.range(),
                _ => {
                    let start = text[..group[0].range.start]
                        .rfind('\n')
                        .map_or(0, |i| i + 1);
                    start..group.last().unwrap().range.end
                }
            };
            let end = if text[range.end..].starts_with('\n') {
                range.end + 1
            } else if text[range.end..].starts_with("\r\n") {
                range.end + 2
            } else {
                range.end
            };
            edits.push(Edit::replace(range.start..end, ""));
            continue;
        }
        let first = group[0].range.start;
        let end = group.last().unwrap().range.end;
        let sep = match group.get(1) {
            Some(next) => text[group[0].range.end..next.range.start].to_string(),
            None => String::new(),
        };
        lines.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
        let joined: Vec<&str> = lines.iter().map(|l| l.2.as_str()).collect();
        edits.push(Edit::replace(first..end, joined.join(&sep)));
    }
    if rename_package {
        for n in root.dfs() {
            if is_package_use(&n) {
                edits.push(Edit::replace(n.range(), "cdktn"));
            }
        }
    }
    for e in gofmt::align_comments(text, edits) {
        plan.edits.push(e);
    }
}

/// `cdktf` as the package of a selector (`cdktf.NewApp`) or a qualified type (`cdktf.App`).
fn is_package_use(n: &N) -> bool {
    if n.text() != "cdktf" {
        return false;
    }
    match n.kind().as_ref() {
        "package_identifier" => true,
        "identifier" => n.parent().is_some_and(|p| {
            p.kind() == "selector_expression"
                && p.field("operand").is_some_and(|o| o.range() == n.range())
        }),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_paths_map_to_cdk_terrain_with_its_major_version() {
        let idx = ProviderIndex::get();
        let ok = |p: &str| target(p, idx).unwrap().unwrap();
        assert_eq!(ok(CDKTF_GO), CDKTN_GO);
        assert_eq!(
            ok("github.com/cdktf/cdktf-provider-aws-go/aws/v21/s3bucketversioning"),
            "github.com/cdktn-io/cdktn-provider-aws-go/aws/v25/s3bucketversioning"
        );
        assert_eq!(
            ok("github.com/cdktf/cdktf-provider-aws-go/aws/v21/jsii"),
            "github.com/cdktn-io/cdktn-provider-aws-go/aws/v25/jsii"
        );
        let err = target(
            "github.com/cdktf/cdktf-provider-tls-go/tls/v11/privatekey",
            idx,
        )
        .unwrap()
        .unwrap_err();
        assert!(err.contains("`tls`"), "{err}");
        assert!(target("github.com/cdktn-io/cdktn-provider-aws-go/aws/v25/vpc", idx).is_none());
        assert!(target("github.com/aws/jsii-runtime-go", idx).is_none());
    }

    /// The paths were taken from the issue text; the jsii targets of the packages themselves
    /// (transforms/providers/versions.tsv) say the same.
    #[test]
    fn go_paths_agree_with_the_packages_jsii_targets() {
        use crate::index::versions::Versions;
        let v = Versions::get();
        assert_eq!(v.member(Family::Cdktf, "core").unwrap().go, CDKTF_GO);
        assert_eq!(v.member(Family::Cdktn, "core").unwrap().go, CDKTN_GO);
        let idx = ProviderIndex::get();
        for p in idx.providers_in(Family::Cdktn) {
            let old = format!("{}/x", v.member(Family::Cdktf, p.name).unwrap().go);
            let new = v.member(Family::Cdktn, p.name).unwrap().go;
            assert_eq!(target(&old, idx).unwrap().unwrap(), format!("{new}/x"));
        }
    }
}
