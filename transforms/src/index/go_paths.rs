//! Go import paths of providers' bindings, taken apart: which bindings (the provider's own
//! repository, CDKTF's or CDK Terrain's), which indexed provider, which major version, and the
//! package path after it (`github.com/cdktf/cdktf-provider-aws-go/aws/v21/vpc`).

use crate::index::{Family, Module, Provider, ProviderIndex};

/// Which bindings an import path claims to be.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Source {
    /// `github.com/hashicorp/terraform-provider-<name>`: the provider's own Go code.
    ProviderRepo,
    /// `github.com/{cdktf,hashicorp}/cdktf-provider-<name>-go/<name>`.
    Cdktf,
    /// `github.com/cdktn-io/cdktn-provider-<name>-go/<name>` (CDK Terrain).
    Cdktn,
}

/// A provider import path taken apart.
#[derive(Debug)]
pub struct ProviderPath<'p> {
    pub source: Source,
    pub provider: &'static Provider,
    pub major: Option<u32>,
    /// The path elements after the module root (and its version).
    pub rest: Vec<&'p str>,
}

/// `19` for `v19`.
pub fn version(s: &str) -> Option<u32> {
    s.strip_prefix('v')?.parse().ok().filter(|_| s.len() > 1)
}

/// Takes apart an import path of a provider's Go bindings, right or wrong
/// (`github.com/cdktf/cdktf-provider-aws-go/aws/v21/vpc`, `.../aws/vpc`,
/// `github.com/hashicorp/terraform-provider-aws/provider`); `None` for other paths and for
/// providers the index does not know.
pub fn parse_provider_path<'p>(
    path: &'p str,
    index: &'static ProviderIndex,
) -> Option<ProviderPath<'p>> {
    let parts: Vec<&str> = path.split('/').collect();
    let (source, name, rest) = match parts.as_slice() {
        ["github.com", "hashicorp", repo, rest @ ..] if repo.starts_with("terraform-provider-") => {
            let name = &repo["terraform-provider-".len()..];
            // `.../terraform-provider-aws/aws/...`: the provider's own `aws` folder.
            let rest = match rest {
                [first, tail @ ..] if *first == name => tail,
                _ => rest,
            };
            (Source::ProviderRepo, name, rest)
        }
        ["github.com", org @ ("cdktf" | "hashicorp" | "cdktn-io"), repo, inner, rest @ ..] => {
            let (prefix, source) = if *org == "cdktn-io" {
                ("cdktn-provider-", Source::Cdktn)
            } else {
                ("cdktf-provider-", Source::Cdktf)
            };
            let name = repo.strip_prefix(prefix)?.strip_suffix("-go")?;
            if *inner != name {
                return None;
            }
            (source, name, rest)
        }
        _ => return None,
    };
    // cdktn-io paths are CDK Terrain's bindings, indexed from `@cdktn/provider-*`.
    let family = if source == Source::Cdktn {
        Family::Cdktn
    } else {
        Family::Cdktf
    };
    let provider = index.provider_in(family, name)?;
    let (major, rest) = match rest {
        [v, tail @ ..] if version(v).is_some() => (version(v), tail),
        _ => (None, rest),
    };
    Some(ProviderPath {
        source,
        provider,
        major,
        rest: rest.to_vec(),
    })
}

impl ProviderPath<'_> {
    /// The module a single package element names, read as a Go package name
    /// (`s3bucket`, also `s3-bucket` or `S3Bucket`).
    pub fn module(&self) -> Option<&'static Module> {
        match self.rest.as_slice() {
            [one] => self.provider.module_by_go_package(&normalize_package(one)),
            _ => None,
        }
    }
}

/// The Go package name a path element means: lower case, alphanumerics only.
pub fn normalize_package(package: &str) -> String {
    package
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// The module of `provider`'s Go bindings among `requires` (a `go.mod`'s required module
/// paths), with its major version as `go.mod` spells it
/// (`github.com/cdktf/cdktf-provider-random-go/random/v12`); `None` when none is required.
/// Only bindings of the provider's family count: a CDK Terrain provider's are under `cdktn-io`.
pub fn required_module<'r>(
    requires: impl IntoIterator<Item = &'r str>,
    index: &'static ProviderIndex,
    provider: &Provider,
) -> Option<&'r str> {
    requires.into_iter().find(|m| {
        parse_provider_path(m, index).is_some_and(|p| {
            p.source != Source::ProviderRepo
                && std::ptr::eq(p.provider, provider)
                && p.rest.is_empty()
        })
    })
}

/// The Go module of `provider`'s prebuilt bindings as published for the indexed release
/// (`github.com/cdktf/cdktf-provider-random-go/random/v12`), from the version table.
pub fn published_module(provider: &Provider) -> Option<&'static str> {
    crate::index::versions::Versions::get()
        .member(provider.family, provider.name)
        .map(|p| p.go)
        .filter(|g| !g.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_required_bindings_of_a_provider_are_found_in_its_family_only() {
        let index = ProviderIndex::get();
        let random = index.provider_in(Family::Cdktf, "random").unwrap();
        let requires = [
            "github.com/aws/jsii-runtime-go",
            "github.com/cdktf/cdktf-provider-aws-go/aws/v21",
            "github.com/cdktf/cdktf-provider-random-go/random/v11",
        ];
        assert_eq!(
            required_module(requires, index, random),
            Some("github.com/cdktf/cdktf-provider-random-go/random/v11")
        );
        let cdktn_random = index.provider_in(Family::Cdktn, "random").unwrap();
        assert_eq!(required_module(requires, index, cdktn_random), None);
        let archive = index.provider_in(Family::Cdktf, "archive").unwrap();
        assert_eq!(required_module(requires, index, archive), None);
        assert_eq!(
            published_module(random),
            Some("github.com/cdktf/cdktf-provider-random-go/random/v12")
        );
        assert_eq!(
            published_module(cdktn_random),
            Some("github.com/cdktn-io/cdktn-provider-random-go/random/v15")
        );
    }
}
