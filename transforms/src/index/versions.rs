//! The packages of the CDKTF and CDK Terrain families on every registry, with the versions
//! `migrate-cdktn` writes into dependency manifests: `transforms/providers/versions.tsv`,
//! generated from the npm and PyPI metadata by `transforms/generator/gen-versions.mjs` (names
//! from each package's own jsii targets) and embedded here.

use std::sync::OnceLock;

use super::Family;

const EMBEDDED: &str = include_str!("../../providers/versions.tsv");

/// One package of a family (`core`: `cdktf`/`cdktn`; `cli`; `constructs`; a provider by name).
#[derive(Debug, PartialEq, Eq)]
pub struct Package {
    pub family: Family,
    pub member: &'static str,
    pub npm: &'static str,
    pub version: &'static str,
    /// The PyPI distribution (empty for npm-only packages such as the CLI).
    pub pypi: &'static str,
    /// Empty when PyPI does not have this release.
    pub pypi_version: &'static str,
    pub python_module: &'static str,
    /// The Go module path as `go.mod` requires it (with `/vNN` from major 2).
    pub go: &'static str,
    /// `groupId:artifactId`.
    pub maven: &'static str,
    pub java_package: &'static str,
    pub nuget: &'static str,
    pub dotnet_namespace: &'static str,
    /// For CDK Terrain's `constructs`: the peer range its core asks for (`>=10.6.0 <10.8.0`);
    /// for a CDK Terrain provider: the range of `cdktn` it asks for as a peer (`^0.24.0`).
    pub range: &'static str,
    /// For a prebuilt CDKTF provider: the Terraform provider it was generated from
    /// (`hashicorp/null@3.2.4`, its package.json's `cdktf.provider`); empty otherwise.
    pub terraform_provider: &'static str,
}

impl Package {
    /// The `terraformProviders` entry of `cdktf.json` that makes `cdktf get` / `cdktn get`
    /// generate this prebuilt provider's bindings: its source with a constraint on the minor it
    /// was built from (`hashicorp/null@~> 3.2` for 3.2.4), so the generated bindings have at
    /// least its resources and attributes.
    pub fn terraform_providers_entry(&self) -> Option<String> {
        let (source, version) = self.terraform_provider.split_once('@')?;
        let mut parts = version.split('.');
        let (major, minor) = (parts.next()?, parts.next().unwrap_or("0"));
        Some(format!("{source}@~> {major}.{minor}"))
    }

    pub fn maven_parts(&self) -> Option<(&'static str, &'static str)> {
        self.maven.split_once(':')
    }
}

#[derive(Debug)]
pub struct Versions {
    /// The day the table was generated (`YYYY-MM-DD`).
    pub generated: &'static str,
    pub packages: Vec<Package>,
}

/// PyPI compares names case-insensitively, with `-`, `_` and `.` alike (PEP 503).
pub fn normalize_pypi(name: &str) -> String {
    name.to_ascii_lowercase().replace(['_', '.'], "-")
}

impl Versions {
    pub fn get() -> &'static Versions {
        static V: OnceLock<Versions> = OnceLock::new();
        V.get_or_init(|| Versions::parse(EMBEDDED))
    }

    fn parse(text: &'static str) -> Versions {
        let mut generated = "";
        let mut packages = Vec::new();
        for line in text.lines() {
            if let Some(date) = line.strip_prefix("#generated\t") {
                generated = date.trim();
                continue;
            }
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let f: Vec<&'static str> = line.split('\t').collect();
            assert!(f.len() >= 12, "versions.tsv: short line {line:?}");
            let family = match f[0] {
                "cdktf" => Family::Cdktf,
                "cdktn" => Family::Cdktn,
                other => panic!("versions.tsv: unknown family {other}"),
            };
            packages.push(Package {
                family,
                member: f[1],
                npm: f[2],
                version: f[3],
                pypi: f[4],
                pypi_version: f[5],
                python_module: f[6],
                go: f[7],
                maven: f[8],
                java_package: f[9],
                nuget: f[10],
                dotnet_namespace: f[11],
                range: f.get(12).copied().unwrap_or(""),
                terraform_provider: f.get(13).copied().unwrap_or(""),
            });
        }
        Versions {
            generated,
            packages,
        }
    }

    pub fn member(&self, family: Family, member: &str) -> Option<&Package> {
        self.packages
            .iter()
            .find(|p| p.family == family && p.member == member)
    }

    /// The CDK Terrain package that replaces a CDKTF one (`None`: CDK Terrain has none).
    pub fn counterpart(&self, old: &Package) -> Option<&Package> {
        self.member(Family::Cdktn, old.member)
    }

    /// The CDKTF package of this npm name.
    pub fn cdktf_by_npm(&self, name: &str) -> Option<&Package> {
        self.cdktf().find(|p| p.npm == name)
    }

    /// The CDKTF package of this PyPI name (any spelling PyPI accepts).
    pub fn cdktf_by_pypi(&self, name: &str) -> Option<&Package> {
        let n = normalize_pypi(name);
        self.cdktf()
            .find(|p| !p.pypi.is_empty() && normalize_pypi(p.pypi) == n)
    }

    /// The CDKTF package whose Go module is `path` (any `/vNN` major).
    pub fn cdktf_by_go(&self, path: &str) -> Option<&Package> {
        let base = strip_major(path);
        self.cdktf()
            .find(|p| !p.go.is_empty() && strip_major(p.go) == base)
    }

    pub fn cdktf_by_maven(&self, group: &str, artifact: &str) -> Option<&Package> {
        self.cdktf()
            .find(|p| p.maven_parts() == Some((group, artifact)))
    }

    /// NuGet ids are case-insensitive.
    pub fn cdktf_by_nuget(&self, id: &str) -> Option<&Package> {
        self.cdktf()
            .find(|p| !p.nuget.is_empty() && p.nuget.eq_ignore_ascii_case(id))
    }

    fn cdktf(&self) -> impl Iterator<Item = &Package> {
        self.packages.iter().filter(|p| p.family == Family::Cdktf)
    }
}

/// A Go module path without its `/vNN` major suffix.
pub fn strip_major(path: &str) -> &str {
    match path.rsplit_once('/') {
        Some((base, v))
            if v.len() > 1 && v.starts_with('v') && v[1..].bytes().all(|b| b.is_ascii_digit()) =>
        {
            base
        }
        _ => path,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::ProviderIndex;

    #[test]
    fn prebuilt_providers_name_the_terraform_provider_they_were_built_from() {
        let v = Versions::get();
        let null = v.member(Family::Cdktf, "null").unwrap();
        assert_eq!(null.terraform_provider, "hashicorp/null@3.2.4");
        assert_eq!(
            null.terraform_providers_entry().as_deref(),
            Some("hashicorp/null@~> 3.2")
        );
        let core = v.member(Family::Cdktf, "core").unwrap();
        assert_eq!(core.terraform_providers_entry(), None);
    }

    #[test]
    fn the_table_has_a_date_and_both_families() {
        let v = Versions::get();
        assert_eq!(v.generated.len(), 10, "{:?}", v.generated);
        let core = v.member(Family::Cdktn, "core").unwrap();
        assert_eq!(
            (core.npm, core.pypi, core.python_module),
            ("cdktn", "cdktn", "cdktn")
        );
        assert!(v.member(Family::Cdktn, "cli").is_some());
        let constructs = v.member(Family::Cdktn, "constructs").unwrap();
        assert!(constructs.range.starts_with(">="), "{}", constructs.range);
        assert_eq!(
            v.counterpart(v.cdktf_by_npm("@cdktf/provider-aws").unwrap())
                .unwrap()
                .npm,
            "@cdktn/provider-aws"
        );
        assert!(v
            .counterpart(v.cdktf_by_npm("@cdktf/provider-null").unwrap())
            .is_none());
        assert_eq!(
            v.cdktf_by_pypi("CDKTF_cdktf.provider-aws").unwrap().member,
            "aws"
        );
        assert_eq!(
            v.cdktf_by_go("github.com/cdktf/cdktf-provider-aws-go/aws/v19")
                .unwrap()
                .member,
            "aws"
        );
        assert_eq!(v.cdktf_by_nuget("hashicorp.cdktf").unwrap().member, "core");
        assert_eq!(
            v.cdktf_by_maven("com.hashicorp", "cdktf-provider-random")
                .unwrap()
                .member,
            "random"
        );
    }

    /// The table and the provider index come from the same pinned packages.
    #[test]
    fn provider_versions_agree_with_the_index() {
        let idx = ProviderIndex::get();
        let v = Versions::get();
        for family in [Family::Cdktf, Family::Cdktn] {
            for p in idx.providers_in(family) {
                let row = v
                    .member(family, p.name)
                    .unwrap_or_else(|| panic!("versions.tsv lacks {}", p.package));
                assert_eq!((row.npm, row.version), (p.package, p.version));
            }
        }
    }

    /// Every `@cdktn/provider-*` npm holds is in the table, also those the index does not cover
    /// (`@cdktn/provider-azurerm`), each with the `cdktn` range it asks for.
    #[test]
    fn the_table_lists_cdk_terrain_providers_beyond_the_index() {
        let v = Versions::get();
        let azurerm = v.member(Family::Cdktn, "azurerm").unwrap();
        assert_eq!(azurerm.npm, "@cdktn/provider-azurerm");
        assert_eq!(azurerm.python_module, "cdktn_provider_azurerm");
        assert!(!azurerm.range.is_empty());
        for p in v.packages.iter().filter(|p| {
            p.family == Family::Cdktn && !matches!(p.member, "core" | "cli" | "constructs")
        }) {
            assert!(p.range.starts_with('^'), "{}: {:?}", p.npm, p.range);
        }
    }

    #[test]
    fn majors_are_stripped_only_when_they_are_majors() {
        assert_eq!(strip_major("a/b/v25"), "a/b");
        assert_eq!(strip_major("a/cdktn"), "a/cdktn");
        assert_eq!(strip_major("a/v"), "a/v");
    }
}
