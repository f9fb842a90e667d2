//! Invented provider class names resolved through the provider's own facts: each construct
//! class's Terraform type (`Cloudtrail` synthesizes `aws_cloudtrail`), generated from the npm
//! packages by `transforms/generator/gen-types.mjs` into `transforms/providers/<p>.types.tsv`,
//! and what the provider's documentation says about those types (`aws_alb` is known as
//! `aws_lb`; EventBridge resources are `aws_cloudwatch_event_*`), written by hand with their
//! sources in `transforms/providers/<p>.aliases.tsv`.
//!
//! A name a code generator invents is usually derived from the type or the service's name:
//! `CloudtrailTrail`, `Ec2LaunchTemplate`, `AwsConfigConfigRule`, `WafIpSet`, `LoadBalancer`.
//! [`candidates`] reads the name as words and looks for classes whose type the words spell, in
//! tiers: the same words but for case, `A`/`V2` markers and an `Aws` prefix; then one or two
//! documented rewrites (a service name, a leading `Ec2`, a service word repeated, `Rds` → `db`, a
//! data source's `Data`); then, for long names only, an edit distance of one or two. The first
//! tier that finds anything decides; the provider's aliases of one resource count once.
//!
//! A struct (a block's type) is named after its owner and the blocks above it
//! (`LbTargetGroupStickiness`: the `stickiness` block of `aws_lb_target_group`). An invented
//! struct name is read against the provider's shapes (`transforms/providers/<p>.shapes.tsv`):
//! an owner class, real or resolved as above, then block names of its config, each as the shapes
//! have it or off by its plural, and maybe a trailing `Config` that only a resource's config has
//! (`LbTargetGroupStickinessConfig`, `LaunchTemplateTagSpecification`,
//! `TimestreamWriteTableRetentionProperties`).

use std::collections::BTreeSet;
use std::sync::OnceLock;

use super::{fast_map, python_module, Family, FastMap, Module, Provider, Use};

/// The embedded types files: provider, family, text.
const TYPES: &[(&str, Family, &str)] = &[
    (
        "archive",
        Family::Cdktf,
        include_str!("../../providers/archive.types.tsv"),
    ),
    (
        "local",
        Family::Cdktf,
        include_str!("../../providers/local.types.tsv"),
    ),
    (
        "tls",
        Family::Cdktf,
        include_str!("../../providers/tls.types.tsv"),
    ),
    (
        "archive",
        Family::Cdktn,
        include_str!("../../providers/archive.cdktn.types.tsv"),
    ),
    (
        "aws",
        Family::Cdktf,
        include_str!("../../providers/aws.types.tsv"),
    ),
    (
        "null",
        Family::Cdktf,
        include_str!("../../providers/null.types.tsv"),
    ),
    (
        "random",
        Family::Cdktf,
        include_str!("../../providers/random.types.tsv"),
    ),
    (
        "aws",
        Family::Cdktn,
        include_str!("../../providers/aws.cdktn.types.tsv"),
    ),
    (
        "random",
        Family::Cdktn,
        include_str!("../../providers/random.cdktn.types.tsv"),
    ),
];

/// The hand-written documentation facts: provider, text.
const ALIASES: &[(&str, &str)] = &[("aws", include_str!("../../providers/aws.aliases.tsv"))];

/// Names shorter than this (letters and digits) are never matched by edit distance: in short
/// names one or two edits make another real resource (`Eip` / `Eips`).
pub const EDIT_DISTANCE_MIN_LEN: usize = 12;

struct Entry {
    class: &'static str,
    /// The type without the provider prefix, snake case (`cloudtrail`, `lb_target_group`).
    snake: &'static str,
    data: bool,
}

/// One provider's classes by the types they synthesize, and its documented aliases.
pub struct Types {
    entries: Vec<Entry>,
    /// Lowercase letters and digits of the type (data sources prefixed with `data`) → entries.
    by_key: FastMap<String, Vec<usize>>,
    /// alias type → the type it is known as (`alb` → `lb`).
    aliases: Vec<(&'static str, &'static str)>,
    /// leading snake words → their replacement (`eventbridge` → `cloudwatch_event`): services
    /// and renamed resources, longest first.
    rewrites: Vec<(&'static str, &'static str)>,
}

/// Lowercase ASCII letters and digits only.
fn key(s: &str) -> String {
    s.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

impl Types {
    fn parse(provider: &str, text: &'static str) -> Types {
        let mut entries = Vec::new();
        let prefix = format!("{provider}_");
        for line in crate::source::lines(text) {
            if line.starts_with('#') || line.is_empty() {
                continue;
            }
            let Some((class, ty)) = line.split_once('\t') else {
                continue;
            };
            // The provider class (`AwsProvider` → `aws`) is no resource.
            let Some(snake) = ty.strip_prefix(prefix.as_str()) else {
                continue;
            };
            entries.push(Entry {
                class,
                snake,
                data: class.starts_with("Data"),
            });
        }
        let mut by_key: FastMap<String, Vec<usize>> = fast_map(entries.len());
        for (i, e) in entries.iter().enumerate() {
            let k = if e.data {
                format!("data{}", key(e.snake))
            } else {
                key(e.snake)
            };
            by_key.entry(k).or_default().push(i);
        }
        let mut aliases = Vec::new();
        let mut rewrites = Vec::new();
        if let Some((_, text)) = ALIASES.iter().find(|(p, _)| *p == provider) {
            for line in crate::source::lines(text) {
                if line.starts_with('#') || line.is_empty() {
                    continue;
                }
                let mut cols = line.split('\t');
                let (Some(kind), Some(name), Some(means)) = (cols.next(), cols.next(), cols.next())
                else {
                    continue;
                };
                match kind {
                    "alias" => aliases.push((name, means)),
                    _ => rewrites.push((name, means)),
                }
            }
        }
        rewrites.sort_by_key(|(from, _)| std::cmp::Reverse(from.len()));
        Types {
            entries,
            by_key,
            aliases,
            rewrites,
        }
    }

    /// The types of `provider` in `family`, when the generator indexed them.
    pub fn of(family: Family, provider: &str) -> Option<&'static Types> {
        static ALL: OnceLock<Vec<(&'static str, Family, Types)>> = OnceLock::new();
        ALL.get_or_init(|| {
            TYPES
                .iter()
                .map(|&(p, f, text)| (p, f, Types::parse(p, text)))
                .collect()
        })
        .iter()
        .find(|(p, f, _)| *p == provider && *f == family)
        .map(|(_, _, t)| t)
    }

    /// The Terraform type (without the provider prefix) `class` synthesizes.
    pub fn type_of(&self, class: &str) -> Option<&'static str> {
        self.entries
            .iter()
            .find(|e| e.class == class)
            .map(|e| e.snake)
    }

    /// The key of the second version of entry `i`'s service, the version marker after its first
    /// word (`waf_web_acl` → `wafv2webacl`, `cloudhsm_cluster` → `cloudhsmv2cluster`).
    fn second_version_key(&self, i: usize) -> String {
        let e = &self.entries[i];
        let (service, rest) = e.snake.split_once('_').unwrap_or((e.snake, ""));
        let k = key(&format!("{service}v2{rest}"));
        if e.data {
            format!("data{k}")
        } else {
            k
        }
    }

    /// The entries whose key is `k`.
    fn lookup(&self, k: &str) -> &[usize] {
        self.by_key.get(k).map(Vec::as_slice).unwrap_or(&[])
    }

    /// An entry, or the entry of the type its type is documented to be known as (`Alb` → `Lb`).
    fn canonical(&self, i: usize) -> usize {
        let e = &self.entries[i];
        let Some(&(_, means)) = self.aliases.iter().find(|(a, _)| *a == e.snake) else {
            return i;
        };
        self.entries
            .iter()
            .position(|o| o.snake == means && o.data == e.data)
            .unwrap_or(i)
    }
}

/// A class an invented name may mean, and the module that exports it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Candidate<'p> {
    pub class: &'static str,
    pub module: &'p Module,
}

/// The words of a class name, lowercase: `CloudtrailTrail` → `cloudtrail`, `trail`.
fn words(name: &str) -> Vec<String> {
    python_module(name)
        .split('_')
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// The same name but for `A` / `V2` markers and the provider's name before it (`Aws`, `Random`;
/// after `Data` too): classes are named after their type without the provider's prefix
/// (`random_id` is `Id`).
fn same_name_variants(w: &[String], provider: &str) -> Vec<Vec<String>> {
    let mut out = vec![w.to_vec()];
    let unmarked: Vec<String> = w
        .iter()
        .enumerate()
        .filter(|(i, x)| !(*i > 0 && (x.as_str() == "a" || x.as_str() == "v2")))
        .map(|(_, x)| x.clone())
        .collect();
    out.push(unmarked);
    for v in out.clone() {
        if v.first().is_some_and(|x| x == provider) && v.len() > 1 {
            out.push(v[1..].to_vec());
        }
        if v.len() > 2 && v[0] == "data" && v[1] == provider {
            let mut d = v.clone();
            d.remove(1);
            out.push(d);
        }
    }
    out.dedup();
    out
}

impl Types {
    /// One documented or derived rewrite of `w`: every way it can be read once differently.
    fn rewrites_of(&self, w: &[String]) -> Vec<Vec<String>> {
        let mut out = Vec::new();
        let (data, rest) = match w.first() {
            Some(d) if d == "data" && w.len() > 1 => (true, &w[1..]),
            _ => (false, w),
        };
        let with_data = |mut v: Vec<String>| {
            if data {
                v.insert(0, "data".to_string());
            }
            v
        };
        // A service word repeated: `CloudtrailTrail` (`aws_cloudtrail`),
        // `CodepipelinePipeline` (`aws_codepipeline`).
        for i in 1..rest.len() {
            if rest[i - 1].len() > rest[i].len() && rest[i - 1].ends_with(rest[i].as_str()) {
                let mut v = rest.to_vec();
                v.remove(i);
                out.push(with_data(v));
            }
        }
        // A leading `Ec2` the type does not have (`aws_launch_template`).
        if rest.len() > 1 && rest[0] == "ec2" {
            out.push(with_data(rest[1..].to_vec()));
        }
        // Service names and renamed resources, as the documentation has them, compared as
        // letters and digits (`EventBridge` and `Eventbridge` alike).
        let k = key(&rest.concat());
        for (from, to) in &self.rewrites {
            if let Some(tail) = k.strip_prefix(key(from).as_str()) {
                out.push(with_data(vec![format!("{}{tail}", key(to))]));
                // The service name before the real name (`RdsDbInstance`): the name alone.
                if !tail.is_empty() && tail.starts_with(key(to).as_str()) {
                    out.push(with_data(vec![tail.to_string()]));
                }
            }
        }
        // A data source named without its `Data` (`IamPolicyDocument`).
        if !data {
            let mut v = rest.to_vec();
            v.insert(0, "data".to_string());
            out.push(v);
        }
        out
    }
}

/// The classes of `provider` an invented `name` may mean, as a `used` name can be (a value
/// only a class; a type also a class's `...Config` or a block's struct). Empty when the name is
/// real or nothing matches; several when the name is ambiguous.
pub fn candidates<'p>(provider: &'p Provider, name: &str, used: Use) -> Vec<Candidate<'p>> {
    // A name the provider exports in any form is another transform's (`provider-imports`
    // moves a class to its module, or a value use of an interface to its class).
    if provider.modules_exporting(name).next().is_some() {
        return Vec::new();
    }
    if used == Use::Type {
        // A struct named after an owner and its blocks (`LbTargetGroupStickinessConfig`,
        // `LaunchTemplateTagSpecification`, `TimestreamWriteTableRetentionProperties`).
        let mut out = struct_candidates(provider, name);
        // `CloudtrailTrailConfig`: the config of what `CloudtrailTrail` means.
        if let Some(stem) = name.strip_suffix("Config").filter(|s| !s.is_empty()) {
            if provider.modules_exporting(stem).next().is_none() {
                out.extend(
                    class_candidates(provider, stem, true)
                        .into_iter()
                        .filter_map(|c| {
                            let config = format!("{}Config", c.class);
                            let class = c.module.interfaces.iter().find(|i| **i == config)?;
                            Some(Candidate {
                                class,
                                module: c.module,
                            })
                        }),
                );
            }
            return sorted(out);
        }
        out.extend(class_candidates(provider, name, true));
        return sorted(out);
    }
    class_candidates(provider, name, true)
}

/// The classes of the second version of each candidate's service (`Wafv2WebAcl` for
/// `WafWebAcl`: `aws_wafv2_web_acl` beside `aws_waf_web_acl`), which a name written without the
/// version marker may mean when its config fits none of its own candidates.
pub fn second_versions<'p>(provider: &'p Provider, of: &[Candidate<'p>]) -> Vec<Candidate<'p>> {
    let Some(types) = Types::of(provider.family, provider.name) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for c in of {
        let Some(i) = types.entries.iter().position(|e| e.class == c.class) else {
            continue;
        };
        for &twin in types.lookup(&types.second_version_key(i)) {
            let class = types.entries[types.canonical(twin)].class;
            if let Some(module) = provider.modules_exporting_as(class, Use::Value).next() {
                out.push(Candidate { class, module });
            }
        }
    }
    sorted(out)
}

/// Candidates sorted by name, each once.
fn sorted(mut out: Vec<Candidate<'_>>) -> Vec<Candidate<'_>> {
    out.sort_by_key(|c| c.class);
    out.dedup();
    out
}

/// The classes of `provider` an invented `name` may mean, read through their Terraform types
/// (a class is a value, and a type too); by edit distance too when `close` allows it.
fn class_candidates<'p>(provider: &'p Provider, name: &str, close: bool) -> Vec<Candidate<'p>> {
    let Some(types) = Types::of(provider.family, provider.name) else {
        return Vec::new();
    };
    let w = words(name);
    let same = same_name_variants(&w, provider.name);
    let mut found: BTreeSet<usize> = BTreeSet::new();
    let look = |v: &[String], found: &mut BTreeSet<usize>| {
        for &i in types.lookup(&key(&v.concat())) {
            found.insert(types.canonical(i));
        }
    };
    for v in &same {
        look(v, &mut found);
    }
    if found.is_empty() {
        // One rewrite, then a second on top of it (`AwsRdsInstance`: `Aws`, then `Rds`).
        let once: Vec<Vec<String>> = same.iter().flat_map(|v| types.rewrites_of(v)).collect();
        for v in &once {
            look(v, &mut found);
        }
        if found.is_empty() {
            for v in once.iter().flat_map(|v| types.rewrites_of(v)) {
                look(&v, &mut found);
            }
        }
    }
    if close && found.is_empty() && key(name).len() >= EDIT_DISTANCE_MIN_LEN {
        let keys: Vec<String> = same.iter().map(|v| key(&v.concat())).collect();
        for (k, entries) in &types.by_key {
            let close = keys
                .iter()
                .any(|n| n.len().abs_diff(k.len()) <= 2 && strsim::levenshtein(n, k) <= 2);
            if close {
                for &i in entries {
                    found.insert(types.canonical(i));
                }
            }
        }
    }
    sorted(
        found
            .into_iter()
            .filter_map(|i| {
                let class = types.entries[i].class;
                let module = provider.modules_exporting_as(class, Use::Value).next()?;
                (class != name).then_some(Candidate { class, module })
            })
            .collect(),
    )
}

/// Where the words of a name start, after the first (`LbTargetGroup` → 2, 8), as
/// [`python_module`] splits it; `None` for a name that is not ASCII.
pub(crate) fn word_starts(name: &str) -> Option<Vec<usize>> {
    if !name.is_ascii() {
        return None;
    }
    let mut at = 0;
    let mut out = Vec::new();
    for w in python_module(name).split('_') {
        at += w.len();
        out.push(at);
    }
    out.pop();
    Some(out)
}

/// Whether `written`, a block's name as a struct name spells it, names the block `block`
/// (both lowercase letters and digits): the same, or off by the plural's `s` / `es` / `ies`
/// either way (`tag_specifications` written `TagSpecification`).
fn names_block(written: &str, block: &str) -> bool {
    let plural = |one: &str, many: &str| {
        many.strip_suffix('s').is_some_and(|m| m == one)
            || many.strip_suffix("es").is_some_and(|m| m == one)
            || many
                .strip_suffix("ies")
                .is_some_and(|m| one.strip_suffix('y') == Some(m))
    };
    written == block || plural(written, block) || plural(block, written)
}

/// The structs an invented struct name may mean, read from the provider's shapes: the name is
/// an owner class (one the provider exports, or one [`class_candidates`] resolves the owner's
/// words to without edit distance: `TimestreamWriteTable`) followed by the blocks of its config,
/// each block written as it is named or off by its plural (`LaunchTemplateTagSpecification` is
/// the `tag_specifications` block: `LaunchTemplateTagSpecifications`), and maybe a trailing
/// `Config`, which the bindings give only a resource's config, never a block's struct
/// (`LbTargetGroupStickinessConfig` is `LbTargetGroupStickiness`). At least one block.
/// A name the provider's other family exports is that family's, not an invented one; and a
/// `Config` stays when the name without it is a resource of the other family (`aws_wafv2_web_acl_rule`
/// of `@cdktn/provider-aws` only: `Wafv2WebAclRuleConfig` is its config, not the `rule` block
/// of `Wafv2WebAcl`).
fn struct_candidates<'p>(provider: &'p Provider, name: &str) -> Vec<Candidate<'p>> {
    let other = super::ProviderIndex::get().in_other_family(provider);
    if other.is_some_and(|p| p.modules_exporting(name).next().is_some()) {
        return Vec::new();
    }
    let config = match (name.strip_suffix("Config"), other) {
        (Some(stem), Some(other)) => {
            other
                .modules_exporting_as(stem, Use::Value)
                .next()
                .is_none()
                && class_candidates(other, stem, false).is_empty()
        }
        _ => true,
    };
    let Some(shapes) = super::shapes::Shapes::of(provider.name) else {
        return Vec::new();
    };
    let Some(starts) = word_starts(name) else {
        return Vec::new();
    };
    let mut structs: BTreeSet<&'static str> = BTreeSet::new();
    for &i in &starts {
        let owner = &name[..i];
        let mut classes: Vec<&'static str> = provider
            .modules_exporting_as(owner, Use::Value)
            .filter_map(|m| m.classes.iter().copied().find(|c| *c == owner))
            .collect();
        if classes.is_empty() {
            classes = class_candidates(provider, owner, false)
                .iter()
                .map(|c| c.class)
                .collect();
        }
        let rest: Vec<usize> = starts.iter().filter(|&&j| j > i).map(|&j| j - i).collect();
        for class in classes {
            if let Some(owner) = shapes.config_of(class) {
                blocks_of(shapes, owner, &name[i..], &rest, config, &mut structs);
            }
        }
    }
    sorted(
        structs
            .into_iter()
            .filter(|s| *s != name)
            .filter_map(|class| {
                let module = provider.modules_exporting_as(class, Use::Type).next()?;
                Some(Candidate { class, module })
            })
            .collect(),
    )
}

/// The structs `rest` (whose words start at `starts`) names below `owner`: its first words name
/// a block of `owner`, and the words after them the blocks below that one ([`struct_candidates`]);
/// a trailing `Config` is dropped when `config` allows it.
fn blocks_of(
    shapes: &'static super::shapes::Shapes,
    owner: &super::shapes::Interface,
    rest: &str,
    starts: &[usize],
    config: bool,
    out: &mut BTreeSet<&'static str>,
) {
    use super::shapes::Shape;
    for p in &owner.properties {
        let (Shape::Struct(s) | Shape::StructList(s)) = &p.shape else {
            continue;
        };
        let block = key(p.name);
        for end in starts.iter().copied().chain([rest.len()]) {
            if !names_block(&key(&rest[..end]), &block) {
                continue;
            }
            let Some(inner) = shapes.interface(s) else {
                continue;
            };
            let after = &rest[end..];
            if after.is_empty() || (config && after == "Config") {
                out.insert(inner.name);
            } else {
                let deeper: Vec<usize> = starts
                    .iter()
                    .filter(|&&j| j > end)
                    .map(|&j| j - end)
                    .collect();
                blocks_of(shapes, inner, after, &deeper, config, out);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::ProviderIndex;

    fn of(name: &str, used: Use) -> Vec<&'static str> {
        let aws = ProviderIndex::get().provider("aws").unwrap();
        candidates(aws, name, used)
            .iter()
            .map(|c| c.class)
            .collect()
    }

    #[test]
    fn a_service_second_version_is_found_beside_the_first() {
        let aws = ProviderIndex::get().provider("aws").unwrap();
        let second = |name: &str| -> Vec<&'static str> {
            let first = candidates(aws, name, Use::Value);
            second_versions(aws, &first)
                .iter()
                .map(|c| c.class)
                .collect()
        };
        assert_eq!(second("WafwebAcl"), ["Wafv2WebAcl"]);
        assert_eq!(second("WafIpSet"), ["Wafv2IpSet"]);
        assert_eq!(second("DataAwsWafwebAcl"), ["DataAwsWafv2WebAcl"]);
        // A service with no second version, and one whose second version has no such resource.
        assert_eq!(of("WafRatebasedRule", Use::Value), ["WafRateBasedRule"]);
        assert!(second("WafRatebasedRule").is_empty());
        assert_eq!(of("CloudtrailTrail", Use::Value), ["Cloudtrail"]);
        assert!(second("CloudtrailTrail").is_empty());
    }

    #[test]
    fn each_class_knows_its_terraform_type() {
        let t = Types::of(Family::Cdktf, "aws").unwrap();
        assert_eq!(t.type_of("Cloudtrail"), Some("cloudtrail"));
        assert_eq!(t.type_of("DataAwsAmi"), Some("ami"));
        assert_eq!(
            t.type_of("S3BucketVersioningA"),
            Some("s3_bucket_versioning")
        );
        assert_eq!(t.type_of("AwsProvider"), None);
        let r = Types::of(Family::Cdktf, "random").unwrap();
        assert_eq!(r.type_of("StringResource"), Some("string"));
        assert!(Types::of(Family::Cdktn, "aws").is_some());
    }

    #[test]
    fn invented_names_of_the_issue_resolve_to_one_class() {
        let mut bad = Vec::new();
        for (invented, real) in [
            ("CloudtrailTrail", "Cloudtrail"),
            ("LoadBalancer", "Lb"),
            ("ApplicationLoadBalancer", "Lb"),
            ("Ec2LaunchTemplate", "LaunchTemplate"),
            ("CodepipelinePipeline", "Codepipeline"),
            ("AwsConfigConfigRule", "ConfigConfigRule"),
            ("AwsConfigDeliveryChannel", "ConfigDeliveryChannel"),
            ("WafIpSet", "WafIpset"),
            ("WafwebAcl", "WafWebAcl"),
            ("LambdEventSourceMapping", "LambdaEventSourceMapping"),
            (
                "S3BucketEncryption",
                "S3BucketServerSideEncryptionConfigurationA",
            ),
            ("S3BucketReplication", "S3BucketReplicationConfigurationA"),
            ("RdsInstance", "DbInstance"),
            ("RdsSubnetGroup", "DbSubnetGroup"),
            ("RdsDbInstance", "DbInstance"),
            ("EventbridgeRule", "CloudwatchEventRule"),
            ("EventBridgeTarget", "CloudwatchEventTarget"),
            ("EventbridgeSchedule", "SchedulerSchedule"),
            ("ApigatewayRestApi", "ApiGatewayRestApi"),
            ("RdsClusterSubnetGroup", "DbSubnetGroup"),
            ("IamPolicyDocument", "DataAwsIamPolicyDocument"),
            ("TimestreamWriteDatabase", "TimestreamwriteDatabase"),
        ] {
            let got = of(invented, Use::Value);
            if got != [real] {
                bad.push(format!("{invented}: {got:?}"));
            }
        }
        assert!(bad.is_empty(), "{bad:#?}");
        assert_eq!(of("CloudtrailTrailConfig", Use::Type), ["CloudtrailConfig"]);
        assert!(of("CloudtrailTrailConfig", Use::Value).is_empty());
    }

    #[test]
    fn the_provider_aliases_count_once_and_real_names_have_none() {
        // `aws_alb` is known as `aws_lb`: `Alb` and `Lb` are one candidate.
        assert_eq!(of("AlbLoadBalancer", Use::Value).len(), 0);
        assert_eq!(of("LoadBalancerTargetGroup", Use::Value), ["LbTargetGroup"]);
        assert!(of("Cloudtrail", Use::Value).is_empty());
        assert!(of("Alb", Use::Value).is_empty());
        // An interface of `s3-bucket` used as a value: `provider-imports` moves it to its class.
        assert!(of("S3BucketVersioning", Use::Value).is_empty());
        assert!(of("Construct", Use::Value).is_empty());
        // Short names are not matched by edit distance.
        assert!(of("Vpcz", Use::Value).is_empty());
        // A data source named without its `Data`.
        assert_eq!(of("Vpcs", Use::Value), ["DataAwsVpcs"]);
    }

    #[test]
    fn a_name_with_its_provider_prefix_means_the_class_without_it() {
        let random = ProviderIndex::get().provider("random").unwrap();
        let of = |n: &str| -> Vec<&str> {
            candidates(random, n, Use::Value)
                .iter()
                .map(|c| c.class)
                .collect()
        };
        assert_eq!(of("RandomId"), ["Id"]);
        assert_eq!(of("RandomString"), ["StringResource"]);
        assert_eq!(of("RandomPassword"), ["Password"]);
        let idx = ProviderIndex::get();
        let names = |p: &str, n: &str, u: Use| -> Vec<&str> {
            candidates(idx.provider(p).unwrap(), n, u)
                .iter()
                .map(|c| c.class)
                .collect()
        };
        assert_eq!(names("tls", "TlsPrivateKey", Use::Value), ["PrivateKey"]);
        assert_eq!(
            names("tls", "TlsSelfSignedCert", Use::Value),
            ["SelfSignedCert"]
        );
        assert_eq!(
            names("local", "LocalSensitiveFile", Use::Value),
            ["SensitiveFile"]
        );
        assert_eq!(names("archive", "ArchiveFile", Use::Value), ["File"]);
        assert!(Types::of(Family::Cdktn, "archive").is_some());
        // Real names have none.
        assert!(of("RandomProvider").is_empty());
        assert!(of("Id").is_empty());
    }

    #[test]
    fn an_ambiguous_name_has_several_candidates() {
        // One or two edits from both `aws_vpc_ipv4_cidr_block_association` and `..._ipv6_...`.
        assert_eq!(
            of("VpcIpCidrBlockAssociation", Use::Value),
            ["VpcIpv4CidrBlockAssociation", "VpcIpv6CidrBlockAssociation"]
        );
    }

    #[test]
    fn a_block_struct_written_with_a_config_suffix_is_the_block_struct() {
        // Only a resource's config ends in `Config`; the `stickiness` block's struct does not.
        assert_eq!(
            of("LbTargetGroupStickinessConfig", Use::Type),
            ["LbTargetGroupStickiness"]
        );
        // A struct is a type: a value (a construction) is never renamed to it.
        assert!(of("LbTargetGroupStickinessConfig", Use::Value).is_empty());
        // A real struct that ends in `Config` is left alone (`s3_origin_config`).
        assert!(of("CloudfrontDistributionOriginS3OriginConfig", Use::Type).is_empty());
        // The config of a resource of the other family only (`aws_wafv2_web_acl_rule`,
        // `Wafv2WebAclRuleA` of `@cdktn/provider-aws`) is no block struct, though the `rule`
        // block of `Wafv2WebAcl` has a struct of the name without `Config`.
        assert!(of("Wafv2WebAclRuleConfig", Use::Type).is_empty());
        // An invented class's config still resolves to the class's config.
        assert_eq!(of("CloudtrailTrailConfig", Use::Type), ["CloudtrailConfig"]);
    }

    #[test]
    fn a_block_name_off_by_its_plural_is_the_block() {
        assert_eq!(
            of("LaunchTemplateTagSpecification", Use::Type),
            ["LaunchTemplateTagSpecifications"]
        );
        // The other way round: `default_action` written plural.
        assert_eq!(
            of("LbListenerDefaultActions", Use::Type),
            ["LbListenerDefaultAction"]
        );
        // Nested blocks, one of them off by its plural.
        assert_eq!(
            of("LbListenerDefaultActionsForward", Use::Type),
            ["LbListenerDefaultActionForward"]
        );
    }

    #[test]
    fn the_structs_of_an_invented_class_follow_the_class() {
        assert_eq!(
            of("TimestreamWriteTableRetentionProperties", Use::Type),
            ["TimestreamwriteTableRetentionProperties"]
        );
        assert_eq!(
            of("TimestreamWriteTable", Use::Value),
            ["TimestreamwriteTable"]
        );
        assert_eq!(
            of("TimestreamWriteDatabase", Use::Value),
            ["TimestreamwriteDatabase"]
        );
    }

    #[test]
    fn names_that_name_no_block_have_no_struct() {
        // `default_root_object` is a plain string argument, not a block.
        assert!(of("CloudfrontDistributionDefaultRootObject", Use::Type).is_empty());
        // `logging_configuration` has no block below it.
        assert!(of(
            "SfnStateMachineLoggingConfigurationCloudWatchLogsLogGroupConfig",
            Use::Type
        )
        .is_empty());
        // No `stream_specification` block: `stream_enabled` is flat.
        assert!(of("DynamodbTableStreamSpecification", Use::Type).is_empty());
        // Real structs have none.
        assert!(of("LbTargetGroupStickiness", Use::Type).is_empty());
        assert!(of("LaunchTemplateTagSpecifications", Use::Type).is_empty());
    }

    #[test]
    fn a_struct_name_two_blocks_fit_has_both_candidates() {
        // `aws_ssmincidents_replication_set` has a `region` and a `regions` block: a plural
        // written with a `Config` reads as either, so it is reported, not renamed.
        assert_eq!(
            of("SsmincidentsReplicationSetRegionsConfig", Use::Type),
            [
                "SsmincidentsReplicationSetRegion",
                "SsmincidentsReplicationSetRegions"
            ]
        );
    }

    #[test]
    fn plurals_are_only_a_trailing_s_es_or_ies() {
        assert!(names_block("tagspecification", "tagspecifications"));
        assert!(names_block("tagspecifications", "tagspecification"));
        assert!(names_block("policy", "policies"));
        assert!(names_block("address", "addresses"));
        assert!(!names_block("tag", "tagspecifications"));
        assert!(!names_block("rules", "rulesets"));
    }
}
