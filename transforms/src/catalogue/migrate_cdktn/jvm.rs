//! `migrate-cdktn` for Java and C#: qualified names of the cdktf package and its providers.
//! Java: `com.hashicorp.cdktf` → `io.cdktn.cdktn`, `com.hashicorp.cdktf.providers.<p>` →
//! `io.cdktn.providers.<p>`; C#: `HashiCorp.Cdktf` → `Io.Cdktn`, `HashiCorp.Cdktf.Providers.<P>`
//! → `Io.Cdktn.Providers.<P>`, in imports / `using` directives and fully qualified uses alike.

use super::MigrationPlan;
use crate::index::{Family, Provider, ProviderIndex};
use crate::lang::Lang;
use crate::syntax::N;
use crate::{Context, ParsedFile};

struct Names {
    kinds: &'static [&'static str],
    core: &'static str,
    providers: &'static str,
    new_core: &'static str,
    new_providers: &'static str,
}

const JAVA: Names = Names {
    kinds: &["scoped_identifier", "field_access"],
    core: "com.hashicorp.cdktf",
    providers: "com.hashicorp.cdktf.providers",
    new_core: "io.cdktn.cdktn",
    new_providers: "io.cdktn.providers",
};

const CSHARP: Names = Names {
    kinds: &["qualified_name", "member_access_expression"],
    core: "HashiCorp.Cdktf",
    providers: "HashiCorp.Cdktf.Providers",
    new_core: "Io.Cdktn",
    new_providers: "Io.Cdktn.Providers",
};

/// A qualified name's text without whitespace (`a . b` → `a.b`).
fn compact(n: &N) -> String {
    n.text().chars().filter(|c| !c.is_whitespace()).collect()
}

/// The last segment of the qualified name `n` is part of, one level up (`None` past the name).
fn next_segment<'r>(n: &N<'r>, names: &Names) -> Option<(N<'r>, String)> {
    let parent = n
        .parent()
        .filter(|p| names.kinds.contains(&p.kind().as_ref()))?;
    let text = compact(&parent);
    let seg = text.rsplit('.').next()?.to_string();
    Some((parent, seg))
}

/// The module a Java (`s3_bucket`) or C# (`S3Bucket`) package segment names.
fn has_module(p: &Provider, lang: Lang, seg: &str) -> Option<bool> {
    match lang {
        Lang::Java if seg.starts_with(|c: char| c.is_ascii_lowercase()) => {
            Some(p.module_by_python(seg).is_some())
        }
        Lang::CSharp => {
            let mut ns = seg.to_string();
            if let Some(first) = ns.get(0..1) {
                ns.replace_range(0..1, &first.to_ascii_lowercase());
            }
            Some(p.module_by_namespace(&ns).is_some())
        }
        _ => None,
    }
}

/// Checks a provider reference (`<providers>.<p>.<module>`) against the cdktn index.
fn check_provider(n: &N, lang: Lang, names: &Names, index: &ProviderIndex) -> Option<String> {
    let (provider_node, provider) = next_segment(n, names)?;
    // Java spells the null provider's package `null_provider` (`null` is a keyword).
    let name = provider.to_ascii_lowercase();
    let name = name.strip_suffix("_provider").unwrap_or(&name).to_string();
    let Some(old) = index.provider(&name) else {
        return Some(super::unindexed(&provider));
    };
    let Some(new) = index.provider_in(Family::Cdktn, &name) else {
        return Some(format!("CDK Terrain publishes no `{name}` provider"));
    };
    let (_, module) = next_segment(&provider_node, names)?;
    match (
        has_module(old, lang, &module),
        has_module(new, lang, &module),
    ) {
        (Some(true), Some(false)) => Some(format!(
            "`{}` {} has no module `{module}`",
            new.package, new.version
        )),
        _ => None,
    }
}

pub(super) fn check(file: &ParsedFile, ctx: &Context, plan: &mut MigrationPlan) {
    let names = match file.lang {
        Lang::Java => &JAVA,
        Lang::CSharp => &CSHARP,
        _ => return,
    };
    let root = file.tree().root();
    for n in root.dfs() {
        if !names.kinds.contains(&n.kind().as_ref()) {
            continue;
        }
        let text = compact(&n);
        if text == names.providers {
            if let Some(why) = check_provider(&n, file.lang, names, ctx.index) {
                plan.blockers.push((n.range(), why));
            }
            plan.edit(n.range(), names.new_providers.to_string());
        } else if text == names.core {
            let under_providers = n.parent().is_some_and(|p| {
                names.kinds.contains(&p.kind().as_ref()) && compact(&p) == names.providers
            });
            if !under_providers {
                plan.edit(n.range(), names.new_core.to_string());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::versions::Versions;

    /// The Java packages and C# namespaces were taken from the issue text; the jsii targets of
    /// the packages themselves (transforms/providers/versions.tsv) say the same.
    #[test]
    fn names_agree_with_the_packages_jsii_targets() {
        let v = Versions::get();
        let (old, new) = (
            v.member(Family::Cdktf, "core").unwrap(),
            v.member(Family::Cdktn, "core").unwrap(),
        );
        assert_eq!(
            (old.java_package, new.java_package),
            (JAVA.core, JAVA.new_core)
        );
        assert_eq!(
            (old.dotnet_namespace, new.dotnet_namespace),
            (CSHARP.core, CSHARP.new_core)
        );
        for p in ProviderIndex::get().providers_in(Family::Cdktn) {
            let (old, new) = (
                v.member(Family::Cdktf, p.name).unwrap(),
                v.member(Family::Cdktn, p.name).unwrap(),
            );
            for (names, o, n) in [
                (&JAVA, old.java_package, new.java_package),
                (&CSHARP, old.dotnet_namespace, new.dotnet_namespace),
            ] {
                let rest = o.strip_prefix(names.providers).unwrap();
                assert_eq!(format!("{}{rest}", names.new_providers), n);
            }
        }
    }
}
