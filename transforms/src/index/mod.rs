//! The provider index: which module of a prebuilt provider exports which name.
//!
//! Generated from the real npm packages by `transforms/generator/gen-index.mjs` into
//! `transforms/providers/<provider>.tsv` and embedded in the binary; parsed once per process.
//!
//! Two families are indexed: CDK for Terraform's `@cdktf/provider-*` (`<provider>.tsv`) and CDK
//! Terrain's `@cdktn/provider-*` (`<provider>.cdktn.tsv`, stored as a diff against the cdktf file
//! of the same provider: the families share most modules). A file is resolved against the family
//! it imports, so a name only one family has is never offered to the other.

pub mod aliases;
pub mod go_paths;
pub mod shapes;
pub mod versions;

use std::collections::HashMap;
use std::sync::OnceLock;

/// The maps of the embedded indexes: their keys are our own generated names, not input, so a
/// fixed fast hash (foldhash) is safe; SipHash and growing the maps one insert at a time were
/// a quarter of the start-up cost.
pub(crate) type FastMap<K, V> = HashMap<K, V, foldhash::fast::FixedState>;

pub(crate) fn fast_map<K, V>(capacity: usize) -> FastMap<K, V> {
    HashMap::with_capacity_and_hasher(capacity, foldhash::fast::FixedState::default())
}

/// The embedded index files, one per provider.
const EMBEDDED: &[&str] = &[
    include_str!("../../providers/archive.tsv"),
    include_str!("../../providers/aws.tsv"),
    include_str!("../../providers/local.tsv"),
    include_str!("../../providers/null.tsv"),
    include_str!("../../providers/random.tsv"),
    include_str!("../../providers/tls.tsv"),
];

/// CDK Terrain's providers: full files, or diffs against the cdktf file of the same provider.
const EMBEDDED_CDKTN: &[&str] = &[
    include_str!("../../providers/archive.cdktn.tsv"),
    include_str!("../../providers/aws.cdktn.tsv"),
    include_str!("../../providers/random.cdktn.tsv"),
];

/// The first major version of a provider package whose modules are one per resource
/// (`lib/<resource>` in npm, `<package>.<resource>` in Python): the layout this index describes.
/// Before it, the modules were grouped by service (`lib/iam`, `lib/lambdafunction`), so an
/// import of a per-resource module does not resolve there (TS2307, `ModuleNotFoundError`).
/// Established from the published packages: `@cdktf/provider-aws` 9.0.40 (`npm pack`) has 135
/// service folders under `package/lib/` (`lib/iam/...`) and 10.0.0 has 1,478 per-resource ones
/// (`lib/iam-role/index.d.ts`); the wheel of `cdktf-cdktf-provider-aws` 9.0.40 has 128 service
/// submodules (`cdktf_cdktf_provider_aws/iam/__init__.py`). CDK Terrain's `@cdktn/provider-aws`
/// has had the per-resource layout since its first release, so it is not listed. Keys are the
/// package names as their registry spells them (PyPI's normalized, see
/// [`versions::normalize_pypi`]); a package not listed is taken to have the indexed layout.
pub const PER_RESOURCE_SINCE: &[(&str, u64)] = &[
    ("@cdktf/provider-aws", 10),
    ("cdktf-cdktf-provider-aws", 10),
];

/// The first major of `package` with one module per resource, when it had another layout before.
pub fn per_resource_since(package: &str) -> Option<u64> {
    PER_RESOURCE_SINCE
        .iter()
        .find(|(p, _)| *p == package)
        .map(|&(_, since)| since)
}

/// One module of a provider package: `lib/<folder>`, exported from the root as `<namespace>`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Module {
    pub namespace: &'static str,
    pub folder: &'static str,
    pub classes: Vec<&'static str>,
    pub interfaces: Vec<&'static str>,
    /// The Python submodule (`s3_control_bucket`): the snake_case of the namespace.
    pub python: String,
}

/// How a file uses a provider name, which decides the kinds of export it may resolve to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Use {
    /// Only in type positions (annotations, generics, `implements`), or not at all: a class or
    /// an interface will do.
    Type,
    /// As a value (`new X`, `X.method()`, `extends X`, passed as an argument; in Python a call
    /// with positional arguments, an attribute, a base class): only a class is a value, an
    /// interface of the same name would not compile (TS2693).
    Value,
}

impl Use {
    /// The stricter of two uses: a name used both ways is a value.
    pub fn and(self, other: Use) -> Use {
        self.max(other)
    }
}

impl Module {
    pub fn exports(&self, name: &str) -> bool {
        self.classes.binary_search(&name).is_ok() || self.interfaces.binary_search(&name).is_ok()
    }
    /// Whether the module exports `name` as something a `used` name can be: a class for a
    /// value, a class or an interface for a type.
    pub fn exports_as(&self, name: &str, used: Use) -> bool {
        match used {
            Use::Value => self.classes.binary_search(&name).is_ok(),
            Use::Type => self.exports(name),
        }
    }
    pub fn names(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.classes.iter().chain(self.interfaces.iter()).copied()
    }

    /// The module's Go package name: the namespace lowercased, without non-alphanumerics
    /// (`s3BucketVersioning` → `s3bucketversioning`, imported as
    /// `github.com/cdktf/cdktf-provider-aws-go/aws/v21/s3bucketversioning`). Checked against
    /// cdktf/cdktf-provider-aws `docs/s3BucketVersioning.go.md` (`import ".../aws/s3bucketversioning"`,
    /// `s3bucketversioning.NewS3BucketVersioningA(...)`), the `dataawss3bucket` and
    /// `workspaceswebportal` import lines of the generated Go docs, and Go stacks importing
    /// `.../aws/v19/vpcsecuritygroupegressrule`.
    pub fn go_package(&self) -> String {
        self.namespace
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .map(|c| c.to_ascii_lowercase())
            .collect()
    }
}

#[derive(Debug)]
pub struct Provider {
    /// `aws` for `@cdktf/provider-aws`.
    pub name: &'static str,
    /// The package the index was generated from, and its version.
    pub package: &'static str,
    pub version: &'static str,
    /// `@cdktf/provider-*` or `@cdktn/provider-*`.
    pub family: Family,
    pub modules: Vec<Module>,
    by_namespace: FastMap<&'static str, usize>,
    by_folder: FastMap<&'static str, usize>,
    by_python: FastMap<String, usize>,
    /// A name → the first module exporting it (by namespace order); the few names several
    /// modules export have their other modules in `also_exported`. One allocation per name
    /// (a `Vec` of modules each) was the largest part of parsing the index.
    by_export: FastMap<&'static str, usize>,
    also_exported: Vec<(&'static str, usize)>,
    /// Go package name → module, built the first time a Go file asks (a scan of every
    /// module's namespace per lookup cost a Go stack more than its parse).
    by_go: OnceLock<FastMap<String, usize>>,
}

impl Provider {
    fn parse(text: &'static str) -> Provider {
        Self::parse_over(text, &[])
    }

    /// Parses an index file; a diff file (`# base` header) is applied to `bases`' provider of
    /// the same name (see transforms/generator/gen-index.mjs for the line kinds).
    fn parse_over(text: &'static str, bases: &[Provider]) -> Provider {
        let mut package = "";
        let mut version = "";
        let mut modules: Vec<Module> = Vec::new();
        let words = |s: Option<&'static str>| -> Vec<&'static str> {
            let mut v: Vec<&'static str> = s
                .unwrap_or("")
                .split(' ')
                .filter(|w| !w.is_empty())
                .collect();
            // The generator writes them sorted: check rather than sort again.
            if !v.is_sorted() {
                v.sort_unstable();
            }
            v
        };
        for line in crate::source::lines(text) {
            if let Some(rest) = line.strip_prefix("# package\t") {
                let mut parts = rest.split('\t');
                package = parts.next().unwrap_or("");
                version = parts.next().unwrap_or("");
                continue;
            }
            if line.starts_with("# base\t") {
                let name = package.rsplit("provider-").next().unwrap_or(package);
                let base = bases
                    .iter()
                    .find(|p| p.name == name)
                    .unwrap_or_else(|| panic!("index diff {package}: no base provider {name}"));
                modules = base.modules.clone();
                continue;
            }
            if line.starts_with('#') || line.is_empty() {
                continue;
            }
            if let Some(ns) = line.strip_prefix('-') {
                modules.retain(|m| m.namespace != ns);
                continue;
            }
            let mut cols = line.split('\t');
            let namespace = cols.next().unwrap_or("");
            let folder = cols.next().unwrap_or("");
            if let Some(ns) = namespace.strip_prefix('~') {
                let added_classes = words(cols.next());
                let added_interfaces = words(cols.next());
                let removed = words(cols.next());
                let Some(m) = modules.iter_mut().find(|m| m.namespace == ns) else {
                    panic!("index diff {package}: no module {ns} to change");
                };
                m.classes.retain(|n| removed.binary_search(n).is_err());
                m.interfaces.retain(|n| removed.binary_search(n).is_err());
                m.classes.extend(added_classes);
                m.interfaces.extend(added_interfaces);
                m.classes.sort_unstable();
                m.interfaces.sort_unstable();
                continue;
            }
            let classes = words(cols.next());
            let interfaces = words(cols.next());
            modules.push(Module {
                namespace,
                folder,
                classes,
                interfaces,
                python: python_module(namespace),
            });
        }
        modules.sort_by_key(|m| m.namespace);
        let family = if package.starts_with("@cdktn/") {
            Family::Cdktn
        } else {
            Family::Cdktf
        };
        let name = package.rsplit("provider-").next().unwrap_or(package);
        let mut by_namespace = fast_map(modules.len());
        let mut by_folder = fast_map(modules.len());
        let mut by_python = fast_map(modules.len());
        let names = modules
            .iter()
            .map(|m| m.classes.len() + m.interfaces.len())
            .sum();
        let mut by_export = fast_map(names);
        let mut also_exported = Vec::new();
        for (i, m) in modules.iter().enumerate() {
            by_namespace.insert(m.namespace, i);
            by_folder.insert(m.folder, i);
            by_python.insert(m.python.clone(), i);
            for n in m.names() {
                if let Some(&first) = by_export.get(n) {
                    if first != i {
                        also_exported.push((n, i));
                    }
                } else {
                    by_export.insert(n, i);
                }
            }
        }
        also_exported.sort_unstable();
        also_exported.dedup();
        Provider {
            name,
            package,
            version,
            family,
            modules,
            by_namespace,
            by_folder,
            by_python,
            by_export,
            also_exported,
            by_go: OnceLock::new(),
        }
    }

    /// The module of a Python submodule name (`s3_control_bucket`).
    pub fn module_by_python(&self, name: &str) -> Option<&Module> {
        self.by_python.get(name).map(|&i| &self.modules[i])
    }

    pub fn module_by_namespace(&self, namespace: &str) -> Option<&Module> {
        self.by_namespace.get(namespace).map(|&i| &self.modules[i])
    }
    pub fn module_by_folder(&self, folder: &str) -> Option<&Module> {
        self.by_folder.get(folder).map(|&i| &self.modules[i])
    }
    /// The module whose Go package is `package` (see [`Module::go_package`]).
    pub fn module_by_go_package(&self, package: &str) -> Option<&Module> {
        let by_go = self.by_go.get_or_init(|| {
            let mut map = fast_map(self.modules.len());
            for (i, m) in self.modules.iter().enumerate() {
                // Two namespaces with one Go package cannot both be imported: the first wins,
                // as the scan this replaces did.
                map.entry(m.go_package()).or_insert(i);
            }
            map
        });
        by_go.get(package).map(|&i| &self.modules[i])
    }

    /// The major version of the indexed package (`21` for 21.22.1): the `vNN` of its Go module.
    pub fn major_version(&self) -> Option<u32> {
        self.version.split('.').next()?.parse().ok()
    }

    /// The modules that export `name` (one, for every name in the current providers).
    pub fn modules_exporting(&self, name: &str) -> impl Iterator<Item = &Module> {
        let first = self.by_export.get(name).copied();
        let start = self.also_exported.partition_point(|&(n, _)| n < name);
        let end = self.also_exported.partition_point(|&(n, _)| n <= name);
        let more = self.also_exported[start..end].iter().map(|&(_, i)| i);
        first.into_iter().chain(more).map(|i| &self.modules[i])
    }

    /// The modules that export `name` as something a `used` name can be
    /// ([`Module::exports_as`]): `S3BucketVersioning` used as a value is exported by no module
    /// (`s3Bucket` has only the interface of its inline block of that name).
    pub fn modules_exporting_as<'s, 'n>(
        &'s self,
        name: &'n str,
        used: Use,
    ) -> impl Iterator<Item = &'s Module> + use<'s, 'n> {
        self.modules_exporting(name)
            .filter(move |m| m.exports_as(name, used))
    }
}

/// The Python submodule name jsii generates for a namespace: snake_case, a word starting at each
/// capital that follows a lowercase letter or digit, or that starts a capitalised word after an
/// acronym (`s3ControlBucket` → `s3_control_bucket`).
pub fn python_module(namespace: &str) -> String {
    // Run for every module of every provider at start-up: neighbours are read as bytes (only
    // ASCII letters and digits decide a boundary), without collecting a `Vec<char>`.
    let b = namespace.as_bytes();
    let mut out = String::with_capacity(namespace.len() + 8);
    for (i, c) in namespace.char_indices() {
        if c.is_ascii_uppercase() && i > 0 {
            let prev = b[i - 1];
            let next_lower = b.get(i + 1).is_some_and(u8::is_ascii_lowercase);
            if prev.is_ascii_lowercase()
                || prev.is_ascii_digit()
                || (prev.is_ascii_uppercase() && next_lower)
            {
                out.push('_');
            }
        }
        out.push(c.to_ascii_lowercase());
    }
    out
}

/// `name` with its first letter in lower case: a class's module namespace
/// (`S3BucketVersioning` → `s3BucketVersioning`), a struct name's property (`AccessLogs` →
/// `accessLogs`).
pub fn lower_first(name: &str) -> String {
    let mut c = name.chars();
    match c.next() {
        Some(f) => f.to_ascii_lowercase().to_string() + c.as_str(),
        None => String::new(),
    }
}

/// `name` with its first letter in upper case: a namespace's class, a property's Go field.
pub fn upper_first(name: &str) -> String {
    let mut c = name.chars();
    match c.next() {
        Some(f) => f.to_ascii_uppercase().to_string() + c.as_str(),
        None => String::new(),
    }
}

/// The package family: CDK for Terraform or its fork CDK Terrain (same layout).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Family {
    Cdktf,
    Cdktn,
}

impl Family {
    pub fn scope(self) -> &'static str {
        match self {
            Family::Cdktf => "@cdktf",
            Family::Cdktn => "@cdktn",
        }
    }

    /// The other family: CDK Terrain for CDK for Terraform, and back.
    pub fn other(self) -> Family {
        match self {
            Family::Cdktf => Family::Cdktn,
            Family::Cdktn => Family::Cdktf,
        }
    }

    /// The Python package of a provider: `cdktf_cdktf_provider_aws`, `cdktn_provider_aws`.
    pub fn python_package(self, provider: &str) -> String {
        match self {
            Family::Cdktf => format!("cdktf_cdktf_provider_{provider}"),
            Family::Cdktn => format!("cdktn_provider_{provider}"),
        }
    }
}

/// Where inside a provider package an import points.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EntryPoint<'i> {
    /// The package root (`@cdktf/provider-aws`): namespaces only.
    Root,
    /// `@cdktf/provider-aws/lib`: the same barrel as the root.
    Lib,
    /// `@cdktf/provider-aws/lib/<folder>` of a module the index knows.
    Module(&'i Module),
    /// `@cdktf/provider-aws/lib/<folder>` of a folder the index does not know.
    UnknownModule,
}

/// A TypeScript import specifier resolved against the index.
#[derive(Clone, Copy, Debug)]
pub struct PackageRef<'i> {
    pub family: Family,
    pub provider: &'i Provider,
    pub entry: EntryPoint<'i>,
}

pub struct ProviderIndex {
    /// CDK for Terraform's providers.
    providers: Vec<Provider>,
    /// CDK Terrain's providers, diffs over the CDKTF ones: parsed the first time a file of that
    /// family is looked at, so a CDKTF-only run never pays for them.
    cdktn: OnceLock<Vec<Provider>>,
}

impl ProviderIndex {
    /// The embedded index, parsed on first use and shared by every thread.
    pub fn get() -> &'static ProviderIndex {
        static INDEX: OnceLock<ProviderIndex> = OnceLock::new();
        INDEX.get_or_init(|| {
            let providers: Vec<Provider> = EMBEDDED.iter().map(|t| Provider::parse(t)).collect();
            ProviderIndex {
                providers,
                cdktn: OnceLock::new(),
            }
        })
    }

    /// CDK for Terraform's providers (`@cdktf/provider-*`).
    pub fn providers(&self) -> &[Provider] {
        &self.providers
    }

    /// The providers of one family.
    pub fn providers_in(&self, family: Family) -> &[Provider] {
        match family {
            Family::Cdktf => &self.providers,
            Family::Cdktn => self.cdktn.get_or_init(|| {
                EMBEDDED_CDKTN
                    .iter()
                    .map(|t| Provider::parse_over(t, &self.providers))
                    .collect()
            }),
        }
    }

    /// CDK for Terraform's provider `name` (`aws`).
    pub fn provider(&self, name: &str) -> Option<&Provider> {
        self.provider_in(Family::Cdktf, name)
    }

    /// The provider `name` of `family`: `None` when that family publishes no such package
    /// (CDK Terrain has no `@cdktn/provider-null`).
    pub fn provider_in(&self, family: Family, name: &str) -> Option<&Provider> {
        self.providers_in(family).iter().find(|p| p.name == name)
    }

    /// The same provider in the other family (`@cdktn/provider-aws` for `@cdktf/provider-aws`),
    /// when that family publishes it.
    pub fn in_other_family(&self, provider: &Provider) -> Option<&Provider> {
        self.provider_in(provider.family.other(), provider.name)
    }

    /// Resolves an npm module specifier such as `@cdktf/provider-aws/lib/vpc`.
    pub fn resolve_npm(&self, spec: &str) -> Option<PackageRef<'_>> {
        let (family, rest) = if let Some(r) = spec.strip_prefix("@cdktf/provider-") {
            (Family::Cdktf, r)
        } else if let Some(r) = spec.strip_prefix("@cdktn/provider-") {
            (Family::Cdktn, r)
        } else {
            return None;
        };
        let (name, path) = match rest.find('/') {
            Some(i) => (&rest[..i], &rest[i + 1..]),
            None => (rest, ""),
        };
        let provider = self.provider_in(family, name)?;
        let path = path.trim_end_matches('/');
        let entry = if path.is_empty() {
            EntryPoint::Root
        } else if path == "lib" || path == "lib/index" {
            EntryPoint::Lib
        } else if let Some(folder) = path.strip_prefix("lib/") {
            let folder = folder
                .trim_end_matches(".js")
                .trim_end_matches("/index")
                .trim_end_matches('/');
            match provider.module_by_folder(folder) {
                Some(m) => EntryPoint::Module(m),
                None => EntryPoint::UnknownModule,
            }
        } else {
            return None;
        };
        Some(PackageRef {
            family,
            provider,
            entry,
        })
    }
}

impl ProviderIndex {
    /// Resolves a dotted Python module such as `cdktf_cdktf_provider_aws.vpc`: the package root
    /// ([`EntryPoint::Root`]) or one of its submodules.
    pub fn resolve_python(&self, module: &str) -> Option<PackageRef<'_>> {
        let (family, rest) = if let Some(r) = module.strip_prefix("cdktf_cdktf_provider_") {
            (Family::Cdktf, r)
        } else if let Some(r) = module.strip_prefix("cdktn_provider_") {
            (Family::Cdktn, r)
        } else {
            return None;
        };
        let (name, sub) = match rest.split_once('.') {
            Some((n, s)) => (n, Some(s)),
            None => (rest, None),
        };
        let provider = self.provider_in(family, name)?;
        let entry = match sub {
            None => EntryPoint::Root,
            Some(s) if s.contains('.') => return None,
            Some(s) => match provider.module_by_python(s) {
                Some(m) => EntryPoint::Module(m),
                None => EntryPoint::UnknownModule,
            },
        };
        Some(PackageRef {
            family,
            provider,
            entry,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aws_index_knows_the_real_s3_versioning_class() {
        let aws = ProviderIndex::get().provider("aws").expect("aws indexed");
        assert_eq!(aws.package, "@cdktf/provider-aws");
        assert_eq!(aws.version, "21.22.1");
        let m = aws.module_by_folder("s3-bucket-versioning").unwrap();
        assert_eq!(m.namespace, "s3BucketVersioning");
        assert!(m.exports("S3BucketVersioningA"));
        assert!(!m.exports("S3BucketVersioning"));
        assert!(aws.modules.len() > 2000);
    }

    #[test]
    fn resolves_npm_specifiers_of_both_families() {
        let idx = ProviderIndex::get();
        let r = idx.resolve_npm("@cdktf/provider-aws/lib/vpc").unwrap();
        assert!(matches!(r.entry, EntryPoint::Module(m) if m.namespace == "vpc"));
        let r = idx.resolve_npm("@cdktn/provider-aws").unwrap();
        assert_eq!(r.family, Family::Cdktn);
        assert!(matches!(r.entry, EntryPoint::Root));
        assert!(matches!(
            idx.resolve_npm("@cdktf/provider-aws/lib/kms")
                .unwrap()
                .entry,
            EntryPoint::UnknownModule
        ));
        assert!(idx.resolve_npm("cdktf").is_none());
        assert!(idx.resolve_npm("@cdktf/provider-nonexistent").is_none());
    }

    #[test]
    fn each_family_resolves_against_its_own_index() {
        let idx = ProviderIndex::get();
        let cdktn = idx.provider_in(Family::Cdktn, "aws").unwrap();
        assert_eq!(cdktn.package, "@cdktn/provider-aws");
        assert_eq!(cdktn.version, "25.7.0");
        assert_eq!(cdktn.family, Family::Cdktn);
        assert_eq!(cdktn.major_version(), Some(25));
        // The diff against the cdktf index is applied: shared, changed and new modules.
        assert!(cdktn.modules.len() > idx.provider("aws").unwrap().modules.len());
        assert!(cdktn
            .module_by_folder("s3-bucket-versioning")
            .unwrap()
            .exports("S3BucketVersioningA"));
        let rule = cdktn.module_by_folder("wafv2-web-acl-rule").unwrap();
        assert!(rule.exports("Wafv2WebAclRuleA") && rule.exports("Wafv2WebAclRuleAConfig"));
        // A struct of a module whose structs live in `index-structs/` files.
        assert!(cdktn
            .module_by_folder("securityhub-insight")
            .unwrap()
            .exports("SecurityhubInsightFilters"));
        // A module only cdktn has is unknown to a cdktf import, and the other way round.
        assert!(matches!(
            idx.resolve_npm("@cdktf/provider-aws/lib/wafv2-web-acl-rule")
                .unwrap()
                .entry,
            EntryPoint::UnknownModule
        ));
        let r = idx
            .resolve_npm("@cdktn/provider-aws/lib/wafv2-web-acl-rule")
            .unwrap();
        assert!(std::ptr::eq(r.provider, cdktn));
        assert!(matches!(r.entry, EntryPoint::Module(m) if m.namespace == "wafv2WebAclRule"));
        assert_eq!(
            idx.resolve_npm("@cdktf/provider-aws")
                .unwrap()
                .provider
                .version,
            "21.22.1"
        );
        assert_eq!(
            idx.resolve_python("cdktn_provider_aws.vpc")
                .unwrap()
                .provider
                .version,
            "25.7.0"
        );
        assert!(idx
            .provider("aws")
            .unwrap()
            .modules_exporting("DataAwsS3Buckets")
            .next()
            .is_none());
        assert_eq!(
            cdktn
                .modules_exporting("DataAwsS3Buckets")
                .next()
                .unwrap()
                .folder,
            "data-aws-s3-buckets"
        );
        // CDK Terrain publishes no null provider: nothing to resolve it against.
        assert!(idx.resolve_npm("@cdktn/provider-null").is_none());
        assert!(idx
            .resolve_npm("@cdktn/provider-random/lib/uuid7")
            .is_some());
    }

    #[test]
    fn a_diff_line_changes_adds_and_removes() {
        let base = Provider::parse(
            "# package\t@cdktf/provider-x\t1.0.0\na\ta\tA B\tAConfig\nb\tb\tB\t\nc\tc\tC\t\n",
        );
        let diff = "# package\t@cdktn/provider-x\t2.0.0\n# base\tx.tsv\n~a\ta\tC\tBConfig\tB AConfig\n-b\nd\td\tD\tDConfig\n";
        let p = Provider::parse_over(diff, std::slice::from_ref(&base));
        assert_eq!(p.family, Family::Cdktn);
        let names: Vec<_> = p.modules.iter().map(|m| m.namespace).collect();
        assert_eq!(names, ["a", "c", "d"]);
        let a = p.module_by_namespace("a").unwrap();
        assert_eq!(a.classes, ["A", "C"]);
        assert_eq!(a.interfaces, ["BConfig"]);
        assert!(p.module_by_folder("d").unwrap().exports("DConfig"));
        assert_eq!(p.modules_exporting("C").count(), 2);
    }

    #[test]
    fn go_package_names_follow_the_namespace_and_are_unique() {
        let aws = ProviderIndex::get().provider("aws").unwrap();
        let m = aws.module_by_folder("s3-bucket-versioning").unwrap();
        assert_eq!(m.go_package(), "s3bucketversioning");
        assert_eq!(
            aws.module_by_go_package("vpcsecuritygroupegressrule")
                .unwrap()
                .namespace,
            "vpcSecurityGroupEgressRule"
        );
        assert!(aws.module_by_go_package("s3BucketVersioning").is_none());
        assert_eq!(aws.major_version(), Some(21));
        let idx = ProviderIndex::get();
        for p in idx
            .providers()
            .iter()
            .chain(idx.providers_in(Family::Cdktn))
        {
            let mut seen = std::collections::HashSet::new();
            for m in &p.modules {
                assert!(seen.insert(m.go_package()), "{}: {}", p.name, m.namespace);
            }
        }
    }

    #[test]
    fn a_value_resolves_only_to_a_class() {
        let aws = ProviderIndex::get().provider("aws").unwrap();
        for name in [
            "S3BucketVersioning",
            "S3BucketServerSideEncryptionConfiguration",
            "S3BucketLogging",
        ] {
            let of = |u| -> Vec<&str> {
                aws.modules_exporting_as(name, u)
                    .map(|m| m.folder)
                    .collect()
            };
            assert_eq!(of(Use::Type), ["s3-bucket"], "{name}");
            assert!(of(Use::Value).is_empty(), "{name}");
        }
        let b = aws.module_by_folder("s3-bucket").unwrap();
        assert!(b.exports_as("S3Bucket", Use::Value) && b.exports_as("S3Bucket", Use::Type));
        assert!(b.exports_as("S3BucketConfig", Use::Type));
        assert!(!b.exports_as("S3BucketConfig", Use::Value));
        assert_eq!(Use::Type.and(Use::Value), Use::Value);
        assert_eq!(Use::Type.and(Use::Type), Use::Type);
    }

    #[test]
    fn every_export_maps_back_to_its_module() {
        let aws = ProviderIndex::get().provider("aws").unwrap();
        let m: Vec<_> = aws.modules_exporting("AwsProvider").collect();
        assert_eq!(m.len(), 1);
        assert_eq!(m[0].folder, "provider");
    }

    #[test]
    fn a_name_exported_by_several_modules_lists_each_once_in_namespace_order() {
        let p = Provider::parse(
            "# package\t@cdktf/provider-x\t1.0.0\n\
             zeta\tzeta\tShared Zeta\tZetaConfig\n\
             alpha\talpha\tAlpha Shared\tAlphaConfig\n\
             mid\tmid\tMid\tShared\n",
        );
        let of = |n: &str| -> Vec<&str> { p.modules_exporting(n).map(|m| m.namespace).collect() };
        assert_eq!(of("Shared"), ["alpha", "mid", "zeta"]);
        assert_eq!(of("Zeta"), ["zeta"]);
        assert_eq!(of("ZetaConfig"), ["zeta"]);
        assert!(of("Nothing").is_empty());
        assert!(of("Sharedx").is_empty());
    }

    #[test]
    fn python_module_names_are_snake_case_namespaces() {
        assert_eq!(python_module("s3ControlBucket"), "s3_control_bucket");
        assert_eq!(python_module("vpc"), "vpc");
        assert_eq!(python_module("dataAwsS3Bucket"), "data_aws_s3_bucket");
        assert_eq!(python_module("wafv2WebAcl"), "wafv2_web_acl");
        let idx = ProviderIndex::get();
        let r = idx
            .resolve_python("cdktf_cdktf_provider_aws.s3_control_bucket")
            .unwrap();
        assert!(matches!(r.entry, EntryPoint::Module(m) if m.folder == "s3control-bucket"));
        assert!(matches!(
            idx.resolve_python("cdktf_cdktf_provider_aws")
                .unwrap()
                .entry,
            EntryPoint::Root
        ));
        assert!(matches!(
            idx.resolve_python("cdktn_provider_aws.s3").unwrap().entry,
            EntryPoint::UnknownModule
        ));
        assert!(idx.resolve_python("cdktf").is_none());
    }
}
