//! `provider-class-names`: provider class and struct names that do not exist, renamed to the
//! real ones the provider index knows (`S3BucketVersioningV2` → `S3BucketVersioningA`).

mod go;
mod python;
mod python_structs;
mod typescript;

pub(crate) use python::{use_of as python_use_of, uses_of as python_uses_of};

use crate::index::aliases::{self, Candidate};
use crate::index::{shapes, Module, PackageRef, Provider, Use};
use crate::lang::Lang;
use crate::syntax::imported::ImportedName;
use crate::syntax::N;
use crate::{Context, Diagnostic, Edit, Fix, ParsedFile, Safety, Transform, TransformMeta};

pub struct ProviderClassNames;

static META: TransformMeta = TransformMeta {
    id: "provider-class-names",
    kind: crate::Kind::Defect,
    summary: "Provider class names that do not exist (missing `A`, invented `V2`) renamed to the real ones",
    languages: &[Lang::TypeScript, Lang::Tsx, Lang::Python, Lang::Go],
    fixes: &[Safety::Safe],
    triggers: &[
        "@cdktf/provider-",
        "@cdktn/provider-",
        "cdktf_cdktf_provider_",
        "cdktn_provider_",
        "cdktf-provider-",
        "cdktn-provider-",
        "terraform-provider-",
    ],
    reads_project: true,
    docs: r#"
## What it does
Renames a provider class, config or struct name that its module does not export to the name it
does export, in the import and every use:
- the missing `A`: `S3BucketVersioning`, `S3BucketServerSideEncryptionConfiguration`,
  `S3BucketLogging`, ... → `S3BucketVersioningA`, ... (and `S3BucketVersioningConfig` →
  `S3BucketVersioningAConfig`);
- invented `V2` names: `S3BucketVersioningV2` → `S3BucketVersioningA`,
  `S3BucketLifecycleConfigurationV2` → `S3BucketLifecycleConfiguration` (no `A` form exists);
- derived struct names: `S3BucketServerSideEncryptionConfigurationRuleV2` → `...RuleA`.
- names no module exports, read through each class's Terraform type (`static readonly
  tfResourceType` in the bindings) and the provider documentation: `CloudtrailTrail` →
  `Cloudtrail` (`aws_cloudtrail`), `LoadBalancer` / `ApplicationLoadBalancer` → `Lb` (`aws_alb`
  "is known as `aws_lb`"), `Ec2LaunchTemplate` → `LaunchTemplate`, `AwsConfigConfigRule` →
  `ConfigConfigRule`, `WafIpSet` → `WafIpset` (case), `EventbridgeRule` → `CloudwatchEventRule`
  (the docs file `aws_cloudwatch_event_*` under EventBridge), `RdsInstance` → `DbInstance`,
  `S3BucketEncryption` → `S3BucketServerSideEncryptionConfigurationA` (the version 4 upgrade
  guide's S3 bucket refactor), `LambdEventSourceMapping` → `LambdaEventSourceMapping` (one or
  two letters off, names of 12 letters or more). The import's module follows the class
  (`lib/cloudtrail-trail` → `lib/cloudtrail`; Python `...cloudtrail_trail` → `...cloudtrail`).
  The name is renamed only when one class remains and every key of its construction's config
  (Python: keyword argument; Go: a field of its `&pkg.<Class>Config{...}` literal, for a
  package the bindings do not have) is a property of that class's config; otherwise the candidates are
  reported without a fix (`VpcIpCidrBlockAssociation`: `VpcIpv4...` or `VpcIpv6...`;
  `LoadBalancer` given a classic load balancer's `listener`). In TypeScript a key also fits
  when it is the snake_case of a property (`depends_on`, Terraform's spelling of `dependsOn`)
  or a block written around properties the config takes (the older resource's inline block:
  `serverSideEncryptionConfiguration: { rule }` on `S3BucketEncryption` fits
  `S3BucketServerSideEncryptionConfigurationA`, which takes `rule`); `provider-shapes` then
  respells the key and unwraps the block. When the config fits none of the candidates but the
  service's second version takes it, the name is that class (`WafwebAcl` given `scope` and
  `visibilityConfig` → `Wafv2WebAcl`, `aws_wafv2_web_acl`; `WafIpSet` given only `name` stays
  `WafIpset`). An import that names other
  classes too is reported, not split. From the package root (`import { CloudtrailTrail, Vpc }
  from "@cdktf/provider-aws"`) `provider-imports` moves such a name to its class's module and
  this transform renames it there in the next round; the candidates of one it cannot decide
  are reported here (`AwsConfigConfigRule` given a `complianceResourceTypes` that
  `ConfigConfigRule`'s config does not have: it belongs in its `scope` block). A name that is a real class of the other family's provider (a newer AWS
  provider's, such as `DataAwsS3Buckets` in `@cdktn/provider-aws`) is never taken for an alias.
- invented struct names (a block's struct), read against the provider's shapes as an owner
  class and the blocks of its config: a trailing `Config`, which only a resource's config has
  (`LbTargetGroupStickinessConfig` → `LbTargetGroupStickiness`, unless the name without it is a
  resource of the other family: `Wafv2WebAclRuleConfig` is `@cdktn/provider-aws`'s), a block
  named off by its plural (`LaunchTemplateTagSpecification` → `LaunchTemplateTagSpecifications`:
  the block is `tag_specifications`), the structs of an invented class
  (`TimestreamWriteTableRetentionProperties` → `TimestreamwriteTableRetentionProperties`, so
  `lib/timestream-write-table` / `...timestream_write_table` follows them to
  `timestreamwrite-table`). A Python call of the struct confirms it with its keyword arguments;
  in Go through a real package too (`lbtargetgroup.LbTargetGroupStickinessConfig`).
- names reached through a namespace the provider does not have: the namespace follows the
  class, in the import and every use, when all its members resolve to one module
  (`import * as rdsInstance from ".../lib/rds-instance"` + `rdsInstance.RdsInstance` →
  `import * as dbInstance from ".../lib/db-instance"` + `dbInstance.DbInstance`; `{ rdsSubnetGroup }`
  from the package root → `{ dbSubnetGroup }`; a local name that is taken stays:
  `{ dbSubnetGroup as rdsSubnetGroup }`); `aws.rdsSubnetGroup.RdsSubnetGroup` →
  `aws.dbSubnetGroup.DbSubnetGroup` where it stands; a class of another module reached through a
  real one is imported on its own (`rdsCluster.RdsClusterSubnetGroup` → `DbSubnetGroup`: an
  RDS cluster takes an `aws_db_subnet_group` as its `db_subnet_group_name`). Python alike
  (`from cdktf_cdktf_provider_aws import rds_instance` → `db_instance`).
- a misplaced `A` / `V2` marker, moved to where the module has it:
  `S3BucketServerSideEncryptionConfigurationRuleAApplyServerSideEncryptionByDefault` →
  `...RuleApplyServerSideEncryptionByDefaultA` (the one name of the module that reads the same
  without its markers).
- a class of another provider: a name that starts with another provider's name (`RandomId`,
  `RandomProvider` from `@cdktf/provider-aws`; `dataArchiveFile` on the AWS namespace) moves to
  that provider's module (`Id` from `@cdktf/provider-random/lib/id`, `DataArchiveFile` from
  `@cdktf/provider-archive/lib/data-archive-file`), and a name with its provider's prefix means
  the class without it (`RandomString` → `StringResource`, `lib/random-password` → `lib/password`:
  `random_string` is generated as `StringResource`). Only when the project depends on that
  provider's package (its manifests, or the providers its `cdktf.json` app lists); otherwise
  the finding names the package to add. Python alike (`cdktf_cdktf_provider_random`).
- a block's struct constructed as if it were a resource (`new LbAccessLogs(this, "logs", {...})`;
  tsc: TS2693 "'LbAccessLogs' only refers to a type") is reported with the block it belongs to
  and where that block is written: "the struct of the `accessLogs` block of `Lb`; write the
  block in the Lb's config (`accessLogs: { ... }`)" (`provider-imports` says the same of one
  reached through a namespace, `aws.lbAccessLogs.LbAccessLogs`). Not when a class stands for
  the name (`S3BucketVersioning` as a value is `S3BucketVersioningA`), nor in Python, whose
  struct classes are values.
- structs the bindings never generate are reported with what to write instead, read from the
  shapes of the block they would belong to: `EcsTaskDefinitionContainerDefinitions`
  (`containerDefinitions` is a plain value: a JSON string), `Wafv2WebAclRuleStatement...` (the
  rule's `statement` is a plain object: the bindings generate no structs below it),
  `DynamodbTableStreamSpecification` (no `streamSpecification` block: `streamEnabled` and
  `streamViewType` are flat properties of the table),
  `SfnStateMachineLoggingConfigurationCloudWatchLogsLogGroupConfig` (the logging block has no
  block below it: its properties `includeExecutionData`, `level`, `logDestination` are what to
  set). Python fixes them where what the code
  says is clear, and reports the rest: below a property the bindings type `any` (the WAF rule's
  `statement`, `Wafv2RuleGroupRule.statement`, QuickSight's `definition`), a call with keyword
  arguments only (no positional argument, `*args` or `**kwargs`; snake_case names) becomes the
  dict of them, keys quoted as the file quotes its strings, values as written, nested such calls
  too, layout and comments kept:
  `Wafv2WebAclRuleStatement(rate_based_statement=Wafv2WebAclRuleStatementRateBasedStatement(limit=2000, aggregate_key_type="IP"))`
  → `{"rate_based_statement": {"limit": 2000, "aggregate_key_type": "IP"}}` (not when a value
  holds a call of another provider class, whose object would reach the JSON in camelCase); a
  call through the module (`wafv2_web_acl.Wafv2WebAclRuleStatement(...)`) alike, the module
  staying imported;
  `stream_specification=DynamodbTableStreamSpecification(stream_enabled=True, stream_view_type="NEW_IMAGE")`
  given to `DynamodbTable(...)` → `stream_enabled=True, stream_view_type="NEW_IMAGE"` when every
  keyword argument is one of the table's flat properties and the table's call does not set it
  already; a name the file never uses is dropped from its import. A name is fixed only when
  every use of it is, and it then leaves its import (the whole statement when nothing is left).
  `EcsTaskDefinitionContainerDefinitions(...)` stays reported: `container_definitions` is a JSON
  string with camelCase keys, and no conversion of the keyword names is guessed.
- a name imported from a module the provider does not have that resolves to nothing is
  reported, with the other family's module when only it has one
  (`@cdktf/provider-aws/lib/wafv2-web-acl-rule` is a module of `@cdktn/provider-aws` only).
An alias keeps the local name (`import { S3BucketVersioning as V }` → `import { S3BucketVersioningA as V }`);
where the real name is already used in the file for something else, the import becomes
`import { S3BucketVersioningA as S3BucketVersioning }` so nothing else changes.
Names reached through a namespace (`s3BucketVersioning.S3BucketVersioningV2`,
`aws.s3BucketVersioning.S3BucketVersioningV2`) are renamed where they stand.

In Go the struct, the constructor and static functions follow the class name, and the
import's alias (or the package name) decides the module:
`s3bucketversioning.NewS3BucketVersioning(` → `s3bucketversioning.NewS3BucketVersioningA(`,
`S3BucketVersioningConfig` → `S3BucketVersioningAConfig`, `S3BucketVersioningV2_IsConstruct` →
`S3BucketVersioningA_IsConstruct`. A package the bindings do not have follows its names when
they all resolve to one module: `.../aws/v21/rdsinstance` + `rdsinstance.NewRdsInstance(` →
`.../aws/v21/dbinstance` + `dbinstance.NewDbInstance(` (the package name too; where it is
taken, the import keeps its local name as an alias). A package of another provider's classes
(`.../aws/v21/randomid` + `randomid.NewRandomId(`, `.../aws/v21/dataarchivefile`) moves to
that provider's bindings when the nearest `go.mod` requires them, under the major version it
requires (`github.com/cdktf/cdktf-provider-random-go/random/v12/id` + `NewId`, `IdConfig`), and
is otherwise reported with the module to add; `.../random/v12/randomstring` +
`NewRandomString` → `.../random/v12/stringresource` + `NewStringResource`. The import group is
re-sorted as gofmt sorts it. Another provider's class through a real package
(`provider.NewRandomProvider` from the AWS provider's `provider`) and structs the bindings
never generate (`dynamodbtable.DynamodbTableStreamSpecification`: set `StreamEnabled` and
`StreamViewType` instead) are reported.
Python: the same names in `from cdktf_cdktf_provider_aws.<module> import ...` (every use is
renamed, or the import aliased when the real name is taken) and through a module
(`s3_bucket_versioning.S3BucketVersioningV2`, `aws.s3_bucket_versioning.S3BucketVersioning`).
Python classes carry the same names as the TypeScript ones.

## Why
The names do not exist in the provider bindings, so the code does not compile (TS2724 / TS2305); in Python the import fails.
Resources whose Terraform type ends in a version (`aws_s3_bucket_versioning`, which clashes with
the deprecated inline `versioning` attribute of `S3Bucket`) are generated with an `A` suffix.

## Example
```ts
import { S3BucketVersioningV2 } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
new S3BucketVersioningV2(this, "v", { bucket: b.id, versioningConfiguration: { status: "Enabled" } });
```
becomes
```ts
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
new S3BucketVersioningA(this, "v", { bucket: b.id, versioningConfiguration: { status: "Enabled" } });
```

## Fix safety
Safe: the input does not compile; the real name is the only class the module offers for it.
The Python fixes of never-generated structs are safe for the same reason and because they
change no meaning the code could have had: the import fails (ImportError), so the file never
ran. Below an `any` property the bindings pass the value to the Terraform JSON as it is
(`toTerraform` of `Wafv2WebAclRule` writes `statement: cdktf.anyToTerraform(struct.statement)`,
and a Python dict crosses jsii with its keys unchanged), and a Python keyword name of a block's
attribute is its Terraform name (`rate_based_statement`, `aggregate_key_type`): the dict holds
exactly the attributes the call names, no key is renamed, added or dropped, no value changed.
`tests/conformance_python.rs` synthesizes the output and a stack written by hand with the
documented Terraform JSON set through `add_override`: the two give the same configuration. What
the fix cannot check is that each key is an attribute of the provider's schema (the call would
not have said either); `terraform validate` does. The flat DynamoDB properties are the table's
own (`stream_enabled`, `stream_view_type`), given the values the struct call gave them.
Nothing is reported in a project that pins a provider major from before the per-resource
layout (`@cdktf/provider-aws` below 10): its modules are grouped by service. What has several candidates, a config that fits none, a provider the project does not depend
on, or no class at all is reported without a fix.
Candidates are tried in a fixed order (without `V2`, then with `A` appended, then `A` inserted
before a trailing word such as `Config`), and only a name the module really exports is used.

## Source
The provider index generated from `@cdktf/provider-aws` 21.22.1 (`transforms/providers/aws.tsv`,
the Terraform types in `aws.types.tsv`); the AWS provider documentation,
https://registry.terraform.io/providers/hashicorp/aws/latest/docs (resources `lb`,
`lb_listener`, `lb_target_group`, ...: "`aws_alb` is known as `aws_lb`"; the EventBridge,
EventBridge Scheduler, ELB and RDS subcategories; guides/version-4-upgrade, "S3 Bucket
Refactor"), as listed in `transforms/providers/aws.aliases.tsv`;
the resources whose blocks are plain values or flat properties:
https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/ecs_task_definition
(`container_definitions`: "A list of valid container definitions provided as a single valid
JSON document"), .../resources/dynamodb_table (`stream_enabled`, `stream_view_type`),
.../resources/wafv2_web_acl (`rule` → `statement`), .../resources/rds_cluster
(`db_subnet_group_name`); the random and archive providers,
https://registry.terraform.io/providers/hashicorp/random/latest/docs (`random_id`,
`random_string`, `random_password`) and
https://registry.terraform.io/providers/hashicorp/archive/latest/docs/data-sources/file, with
their bindings' types in `transforms/providers/random.types.tsv`, `archive.types.tsv`,
`tls.types.tsv`, `local.types.tsv` (generated from `@cdktf/provider-random` 12.0.1,
`@cdktf/provider-archive` 11.0.1, `@cdktf/provider-tls` 11.0.1, `@cdktf/provider-local` 11.1.1);
the bindings' sources and generated docs, https://github.com/cdktf/cdktf-provider-aws, where the
Go names are in `docs/s3BucketVersioning.go.md` (`s3bucketversioning.NewS3BucketVersioningA(scope, id, config S3BucketVersioningAConfig)`).
"#,
};

/// Whether [`real_name`] could turn `name` into `class`: it drops a `V2` and inserts at most one
/// `A`, so the lengths must agree (a check that spares the module lookups).
pub fn could_rename_to(name: &str, class: &str) -> bool {
    class.len() <= name.len() + 1 && name.len() <= class.len() + 2
}

/// The name `module` exports for the wrong `name`, if there is exactly one way to read it.
pub fn real_name(module: &Module, name: &str) -> Option<&'static str> {
    real_name_as(module, name, Use::Type)
}

/// [`real_name`] for a name `used` as a value or only as a type: a value is renamed only to a
/// class, and a value whose name the module exports only as an interface is wrong too (the
/// interface would not compile as a value), though its class, if any, is elsewhere.
pub fn real_name_as(module: &Module, name: &str, used: Use) -> Option<&'static str> {
    if module.exports_as(name, used) {
        return None;
    }
    let mut bases = vec![name.to_string()];
    if let Some(i) = name.find("V2") {
        let after = name[i + 2..].chars().next();
        if after.is_none_or(|c| c.is_ascii_uppercase()) {
            bases.insert(0, format!("{}{}", &name[..i], &name[i + 2..]));
        }
    }
    for base in &bases {
        let mut candidates = vec![base.clone(), format!("{base}A")];
        for &i in aliases::word_starts(base).unwrap_or_default().iter().rev() {
            candidates.push(format!("{}A{}", &base[..i], &base[i..]));
        }
        for c in candidates {
            if c != name {
                if let Some(found) = module.names().find(|n| *n == c) {
                    if module.exports_as(found, used) {
                        return Some(found);
                    }
                }
            }
        }
    }
    // A marker in the wrong place (`...RuleAApplyServerSideEncryptionByDefault` for
    // `...RuleApplyServerSideEncryptionByDefaultA`): the one name of the module that reads the
    // same without its `A` / `V2` markers.
    let bare = unmarked(name);
    let mut same = module
        .names()
        .filter(|n| *n != name && module.exports_as(n, used) && unmarked(n) == bare);
    match (same.next(), same.next()) {
        (Some(one), None) => Some(one),
        _ => None,
    }
}

/// A name's words without its `A` and `V2` markers, lowercase and joined
/// (`S3BucketServerSideEncryptionConfigurationRuleAApply...` → `s3bucketserversideencryptionconfigurationruleapply...`).
fn unmarked(name: &str) -> String {
    crate::index::python_module(name)
        .split('_')
        .enumerate()
        .filter(|&(i, w)| i == 0 || (w != "a" && w != "v2"))
        .map(|(_, w)| w)
        .collect()
}

/// The edits renaming an imported `wrong` (TypeScript or Python) to `real`: the import, and
/// every use (`uses`: the file's names outside its imports) unless the real name is taken, by a
/// use, by another import's local name (`import_locals`) or by a name this pass gave already
/// (`claimed`): then the import keeps the local name with an alias. A TypeScript shorthand
/// property (`{ wrong }`) keeps its key.
pub(super) fn rename_edits<'a, 'r>(
    name: &impl ImportedName<'r>,
    wrong: &str,
    real: &'a str,
    claimed: &mut std::collections::HashSet<&'a str>,
    uses: &[N],
    import_locals: &[String],
) -> Vec<Edit> {
    let at = name.name_node().range();
    let mut edits = Vec::new();
    if name.aliased() {
        edits.push(Edit::replace(at, real));
    } else if !claimed.insert(real)
        || uses.iter().any(|n| n.text() == real)
        || import_locals.iter().any(|l| l == real)
    {
        edits.push(Edit::replace(at, format!("{real} as {wrong}")));
    } else {
        edits.push(Edit::replace(at, real));
        for n in uses.iter().filter(|n| n.text() == wrong) {
            let text = if n.kind() == "shorthand_property_identifier" {
                format!("{wrong}: {real}")
            } else {
                real.to_string()
            };
            edits.push(Edit::replace(n.range(), text));
        }
    }
    edits
}

/// What an invented name that no module exports resolves to ([`crate::index::aliases`]).
pub(super) enum Invented<'p> {
    /// One class, confirmed by the construction's config keys (or the only candidate).
    Rename(Candidate<'p>),
    /// Several candidates, or a config the candidate does not take: the message says which.
    Report(String),
}

/// How the file's language spells a property of a config or struct: TypeScript as the index
/// has it (`streamEnabled`), Python in snake case (`stream_enabled`), Go as an exported field
/// (`StreamEnabled`).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Spelling {
    Ts,
    Python,
    Go,
}

impl Spelling {
    /// `name`, a property as the index has it, in this spelling.
    pub(super) fn property(self, name: &str) -> String {
        match self {
            Spelling::Ts => name.to_string(),
            Spelling::Python => crate::index::python_module(name),
            Spelling::Go => crate::index::upper_first(name),
        }
    }
}

/// A key of a construction's config as written, with the keys of its value when that is an
/// object literal (TypeScript: `serverSideEncryptionConfiguration: { rule: ... }`).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct Key {
    pub name: String,
    pub inner: Vec<String>,
}

impl Key {
    pub(super) fn plain(name: String) -> Key {
        Key {
            name,
            inner: Vec::new(),
        }
    }
}

/// Whether a class whose config takes the `accepted` names (in the file's `spelling`) takes
/// the key `k` of a construction given `keys`: a name it has; in TypeScript the snake_case of
/// one (`depends_on`, Terraform's spelling, which `provider-shapes` respells); or a block
/// written around names it takes (the inline block of an older resource on the resource that
/// replaced it: `serverSideEncryptionConfiguration: { rule }` given to
/// `S3BucketServerSideEncryptionConfigurationA`, which `provider-shapes` unwraps).
fn takes_key(accepted: &[String], keys: &[Key], k: &Key, spelling: Spelling) -> bool {
    accepted.contains(&k.name)
        || spelling == Spelling::Ts
            && k.name.contains('_')
            && accepted
                .iter()
                .any(|a| crate::index::python_module(a) == k.name)
        || spelling == Spelling::Ts
            && shapes::unwraps_into(
                &k.inner,
                |n| accepted.iter().any(|a| a == n),
                |n| keys.iter().any(|o| o.name == n),
            )
}

/// The keys of the config objects of the constructions of `local` (as written: `Vpc`,
/// `aws.vpc.Vpc`) in a TypeScript file, or the keyword arguments of its calls in a Python one,
/// and how that file spells them.
fn construction_keys(file: &ParsedFile, local: &str) -> (Vec<Key>, Spelling) {
    match file.lang {
        Lang::Python => (python::keyword_keys(file, local), Spelling::Python),
        _ => (typescript::config_keys(file, local), Spelling::Ts),
    }
}

/// The properties a construction of `class` may be given, in the file's `spelling`, when the
/// index has its config; a config or a block's struct (a Go literal of one, a Python call)
/// takes its own properties.
fn config_names(provider: &Provider, class: &str, spelling: Spelling) -> Option<Vec<String>> {
    let shapes = shapes::Shapes::of(provider.name)?;
    let config = shapes
        .config_of(class)
        .or_else(|| shapes.interface(class))?;
    Some(
        config
            .accepted_names()
            .map(|n| spelling.property(n))
            .collect(),
    )
}

/// Resolves `name`, which no module of `provider` exports as it is `used`, through the alias
/// index; `keys` are the config keys of its constructions in the file, in its `spelling`
/// (Python: keyword arguments). `None` when nothing matches.
pub(super) fn resolve_invented<'p>(
    provider: &'p Provider,
    name: &str,
    used: Use,
    keys: &[Key],
    spelling: Spelling,
) -> Option<Invented<'p>> {
    let all = aliases::candidates(provider, name, used);
    if all.is_empty() {
        return never_generated(provider, name, spelling).map(Invented::Report);
    }
    let takes_keys = |c: &Candidate| match config_names(provider, c.class, spelling) {
        Some(accepted) => keys.iter().all(|k| takes_key(&accepted, keys, k, spelling)),
        None => true,
    };
    let fitting: Vec<&Candidate> = all.iter().filter(|c| takes_keys(c)).collect();
    // A config none of them takes may be the service's second version's (`WafwebAcl` given
    // `scope` and `visibilityConfig`: `Wafv2WebAcl`).
    if fitting.is_empty() && !keys.is_empty() {
        let second = aliases::second_versions(provider, &all);
        let twins: Vec<&Candidate> = second.iter().filter(|c| takes_keys(c)).collect();
        if let [one] = twins.as_slice() {
            return Some(Invented::Rename(**one));
        }
    }
    // What the name was meant to be: structs when every candidate is a block's struct.
    let what = if all.iter().all(|c| is_block_struct(provider, c)) {
        "struct"
    } else {
        "class"
    };
    let type_of = |c: &Candidate| {
        aliases::Types::of(provider.family, provider.name)
            .and_then(|t| t.type_of(c.class))
            .map(|t| format!(" (`{}_{t}`)", provider.name))
            .unwrap_or_default()
    };
    let list = |cs: &mut dyn Iterator<Item = &Candidate>| {
        cs.map(|c| format!("`{}`{}", c.class, type_of(c)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    match fitting.as_slice() {
        // One left, and a config that says which when there were several.
        [one] if all.len() == 1 || !keys.is_empty() => Some(Invented::Rename(**one)),
        [] => {
            let c = &all[0];
            let wrong: Vec<&str> = match config_names(provider, c.class, spelling) {
                Some(accepted) if all.len() == 1 => keys
                    .iter()
                    .filter(|k| !takes_key(&accepted, keys, k, spelling))
                    .map(|k| k.name.as_str())
                    .collect(),
                _ => Vec::new(),
            };
            Some(Invented::Report(if wrong.is_empty() {
                format!(
                    "`{name}` is not a {what} of {}; its config fits none of the {what}s it may mean: {}",
                    provider.package,
                    list(&mut all.iter())
                )
            } else {
                format!(
                    "`{name}` is not a {what} of {}; it may mean `{}`{}, but that {} has no `{}`",
                    provider.package,
                    c.class,
                    type_of(c),
                    if what == "struct" { "struct" } else { "config" },
                    wrong.join("`, `")
                )
            }))
        }
        _ => Some(Invented::Report(format!(
            "`{name}` is not a {what} of {}; it may mean {}",
            provider.package,
            list(&mut fitting.iter().copied())
        ))),
    }
}

/// Where a name imported by name from `from`'s package root as `local`, which no module of
/// `from` exports, belongs: the module of the class an invented name stands for
/// ([`invented_class`]: `CloudtrailTrail` → `lib/cloudtrail`), or the module of another
/// provider the project depends on ([`other_provider_home`]: `RandomId` → `lib/id` of
/// `@cdktf/provider-random`). `provider-imports` imports the name from there as it is, and this
/// transform's pass over named imports renames it in the next round, as for any wrong name of
/// a module.
pub(crate) fn root_name_home(
    file: &ParsedFile,
    ctx: &Context,
    from: &'static Provider,
    name: &str,
    local: &str,
    used: Use,
) -> Option<(&'static Provider, &'static Module)> {
    // A lower-case name is a namespace (Python: a submodule), which this pass does not move.
    if !name.starts_with(|c: char| c.is_ascii_uppercase()) {
        return None;
    }
    // The constructions' keys are read once for both readings of the name.
    let (keys, spelling) = construction_keys(file, local);
    invented_of(ctx, from, name, used, &keys, spelling)
        .map(|(m, _)| (from, m))
        .or_else(|| other_provider_home(ctx, from, name, used, &keys, spelling))
}

/// The class an invented `name` stands for, and its module: the one class the alias index
/// leaves once the config keys of the constructions of `local` (as written: `CloudtrailTrail`,
/// `aws.CloudtrailTrail`) in the file are read (Python: keyword arguments). `None` for a real
/// class of the other family's provider (a newer version's), which no alias may stand for.
pub(crate) fn invented_class(
    file: &ParsedFile,
    ctx: &Context,
    provider: &'static Provider,
    name: &str,
    local: &str,
    used: Use,
) -> Option<(&'static Module, &'static str)> {
    // A lower-case name is a namespace (Python: a submodule), which this pass does not move.
    if !name.starts_with(|c: char| c.is_ascii_uppercase()) {
        return None;
    }
    let (keys, spelling) = construction_keys(file, local);
    invented_of(ctx, provider, name, used, &keys, spelling)
}

/// [`invented_class`] given the constructions' `keys`.
fn invented_of(
    ctx: &Context,
    provider: &'static Provider,
    name: &str,
    used: Use,
    keys: &[Key],
    spelling: Spelling,
) -> Option<(&'static Module, &'static str)> {
    if other_family_exports(ctx, provider, name) {
        return None;
    }
    match resolve_invented(provider, name, used, keys, spelling)? {
        Invented::Rename(c) => Some((c.module, c.class)),
        Invented::Report(_) => None,
    }
}

/// The provider and module a class of another provider, imported by name from `from`'s package
/// root, belongs to, when the project depends on that provider (`RandomId` from
/// `@cdktf/provider-aws` → `lib/id` of `@cdktf/provider-random`): `provider-imports` imports the
/// name from there as it is, and the next round renames it (`Id`) as a name of that module.
fn other_provider_home(
    ctx: &Context,
    from: &'static Provider,
    name: &str,
    used: Use,
    keys: &[Key],
    spelling: Spelling,
) -> Option<(&'static Provider, &'static Module)> {
    if from.modules_exporting(name).next().is_some() {
        return None;
    }
    match other_provider(ctx, from, name, used, keys, spelling)? {
        (to, Invented::Rename(c)) if depends_on(ctx, to) => Some((to, c.module)),
        _ => None,
    }
}

/// The provider of the same family a name of `from` belongs to instead (`RandomId` imported
/// from `@cdktf/provider-aws` is `Id` of `@cdktf/provider-random`): only a provider whose name
/// starts the name (after a data source's `Data`), and only a class that provider exports as
/// it is, or the one its facts resolve the name to.
pub(super) fn other_provider(
    ctx: &Context,
    from: &Provider,
    name: &str,
    used: Use,
    keys: &[Key],
    spelling: Spelling,
) -> Option<(&'static Provider, Invented<'static>)> {
    let words = crate::index::python_module(name);
    let mut words = words.split('_').peekable();
    if words.peek() == Some(&"data") {
        words.next();
    }
    let first = words.next()?;
    let p = ctx
        .index
        .providers_in(from.family)
        .iter()
        .find(|p| p.name != from.name && p.name == first)?;
    let mut exporting = p.modules_exporting_as(name, used);
    if let (Some(m), None) = (exporting.next(), exporting.next()) {
        let class = m.names().find(|n| *n == name)?;
        return Some((p, Invented::Rename(Candidate { class, module: m })));
    }
    resolve_invented(p, name, used, keys, spelling).map(|r| (p, r))
}

/// Whether this transform has a finding on `name`, imported by name from `from`'s package root
/// as `local`, in a TypeScript or Python `file` (`RandomProvider` from `@cdktf/provider-aws`,
/// `from cdktf_cdktf_provider_aws import RandomId`): a class no module of `from` exports that
/// another provider of its family has, or an invented name whose candidates the alias index
/// cannot decide between (`AwsConfigConfigRule` given a `depends_on` key no candidate's config
/// has). `provider-imports` leaves such a name to this transform instead of saying it cannot
/// resolve it (one finding per problem).
pub(crate) fn has_root_name_finding(
    file: &ParsedFile,
    ctx: &Context,
    from: &'static Provider,
    name: &str,
    local: &str,
    used: Use,
) -> bool {
    if !name.starts_with(|c: char| c.is_ascii_uppercase())
        || from.modules_exporting(name).next().is_some()
    {
        return false;
    }
    let (keys, spelling) = construction_keys(file, local);
    other_provider(ctx, from, name, used, &keys, spelling).is_some()
        || !other_family_exports(ctx, from, name)
            && matches!(
                resolve_invented(from, name, used, &keys, spelling),
                Some(Invented::Report(_))
            )
}

/// The names of one import from a module of `provider` (`here`: the module, `None` for one the
/// provider does not have; `root`: the package root) sorted for the pass over names no module
/// exports, in a TypeScript or Python file: `used` says how the file uses a name, `keys` gives
/// the config keys of a local name's constructions (Python: keyword arguments).
pub(super) struct Sorted<'s, S> {
    /// Every name, with what the alias index made of it (`None`: right as it is, or not this
    /// pass's to resolve).
    pub resolved: Vec<(&'s S, Option<Invented<'static>>)>,
    /// Classes of another provider (`RandomId` from `@cdktf/provider-aws`).
    pub elsewhere: Vec<(&'s S, (&'static Provider, Invented<'static>))>,
    /// Names that resolve to nothing, from a module the provider does not have or that does
    /// not export them (or exported only as something other than they are used as).
    pub unknown: Vec<&'s S>,
}

#[allow(clippy::too_many_arguments)]
pub(super) fn sort_names<'s, 'r, S: ImportedName<'r>>(
    ctx: &Context,
    provider: &'static Provider,
    here: Option<&'static Module>,
    root: bool,
    names: &'s [S],
    used: impl Fn(&S) -> Use,
    keys: impl Fn(&str) -> Vec<Key>,
    spelling: Spelling,
) -> Sorted<'s, S> {
    let mut sorted = Sorted {
        resolved: Vec::new(),
        elsewhere: Vec::new(),
        unknown: Vec::new(),
    };
    for name in names {
        let wrong = name.imported();
        let used = used(name);
        if here
            .is_some_and(|m| m.exports_as(&wrong, used) || real_name_as(m, &wrong, used).is_some())
        {
            sorted.resolved.push((name, None));
            continue;
        }
        // A namespace (Python: a submodule) from the package root is `provider-imports`' to
        // move, unless it is another provider's.
        if wrong.starts_with(|c: char| c.is_ascii_lowercase()) {
            sorted.resolved.push((name, None));
            continue;
        }
        // A block's struct used as a value in TypeScript (`new LbAccessLogs(...)`), which only
        // names a type there (Python's struct classes are values).
        if used == Use::Value && spelling == Spelling::Ts && here.is_some_and(|m| m.exports(&wrong))
        {
            if let Some(msg) = struct_as_class_message(provider, &wrong) {
                sorted.resolved.push((name, Some(Invented::Report(msg))));
                continue;
            }
        }
        let keys = keys(&name.local());
        // From the package root a name the alias index resolves to one class is
        // `provider-imports`' to move (into that class's module, where the pass over named
        // imports renames it); one it cannot decide is reported here.
        let found = match resolve_invented(provider, &wrong, used, &keys, spelling) {
            _ if root && other_family_exports(ctx, provider, &wrong) => None,
            Some(Invented::Rename(_)) if root => None,
            Some(Invented::Report(_))
                if root
                    && other_provider(ctx, provider, &wrong, used, &keys, spelling).is_some() =>
            {
                None
            }
            found => found,
        };
        if found.is_none() && provider.modules_exporting(&wrong).next().is_none() {
            if let Some(other) = other_provider(ctx, provider, &wrong, used, &keys, spelling) {
                sorted.elsewhere.push((name, other));
            } else if !root {
                sorted.unknown.push(name);
            }
        } else if found.is_none()
            && here.is_none()
            && !root
            && provider.modules_exporting_as(&wrong, used).next().is_none()
        {
            // Exported, but not as it is used (an interface used as a value): nothing moves it.
            sorted.unknown.push(name);
        }
        sorted.resolved.push((name, found));
    }
    sorted
}

/// The findings of the classes of another provider imported from `from` (`elsewhere`, from
/// [`sort_names`]): each says where the class is; when the project depends on that provider and
/// the import names it `alone`, its fix renames it and repoints the import (`repoint`: the edit
/// giving the statement the module of the other provider, `None` when it cannot).
/// (`root`: the import is from the package root, whose other names `provider-imports` splits.)
#[allow(clippy::too_many_arguments)]
pub(super) fn elsewhere_findings<'r, S: ImportedName<'r>>(
    ctx: &Context,
    from: &Provider,
    elsewhere: &[(&S, (&'static Provider, Invented<'static>))],
    (alone, root): (bool, bool),
    spelling: Spelling,
    claimed: &mut std::collections::HashSet<&'static str>,
    uses: &[N],
    import_locals: &[String],
    repoint: impl Fn(&Provider, &Module) -> Option<Edit>,
    out: &mut Vec<Diagnostic>,
) {
    for (name, (to, r)) in elsewhere {
        let wrong = name.imported();
        let range = name.name_node().range();
        let c = match r {
            Invented::Report(msg) => {
                out.push(Diagnostic {
                    transform: META.id,
                    range,
                    message: msg.clone(),
                    fix: None,
                });
                continue;
            }
            Invented::Rename(c) => c,
        };
        let depends = depends_on(ctx, to);
        let python = spelling == Spelling::Python;
        let mut message = elsewhere_message(&wrong, from, c, to, python, depends);
        // From a package root naming others too, `provider-imports` moves it to that
        // provider's module (and the next round renames it there): nothing to say here.
        if depends && !alone && root {
            continue;
        }
        let fix = (depends && alone).then(|| {
            let mut edits = if c.class == wrong {
                Vec::new()
            } else {
                rename_edits(name, &wrong, c.class, claimed, uses, import_locals)
            };
            edits.extend(repoint(to, c.module));
            Fix::safe(edits)
        });
        if depends && !alone {
            message.push_str("; the import names others too: import it from there");
        }
        out.push(Diagnostic {
            transform: META.id,
            range,
            message,
            fix,
        });
    }
}

/// Whether the file's project depends on `provider`'s package: its `cdktf.json` app lists it,
/// or its manifests pin a major of it (npm or PyPI name).
pub(super) fn depends_on(ctx: &Context, provider: &Provider) -> bool {
    let pypi =
        crate::index::versions::normalize_pypi(&provider.family.python_package(provider.name));
    ctx.app
        .is_some_and(|a| a.providers.iter().any(|p| p == provider.package))
        || ctx
            .provider_majors
            .iter()
            .any(|(n, _)| n == provider.package || *n == pypi)
}

/// The message of a class of another provider: where it is, and what to add when the project
/// does not depend on that provider.
pub(super) fn elsewhere_message(
    wrong: &str,
    from: &Provider,
    real: &Candidate,
    to: &Provider,
    python: bool,
    depends: bool,
) -> String {
    let place = if python {
        format!(
            "{}.{}",
            to.family.python_package(to.name),
            real.module.python
        )
    } else {
        format!(
            "{}/provider-{}/lib/{}",
            to.family.scope(),
            to.name,
            real.module.folder
        )
    };
    let add = (!depends).then(|| {
        if python {
            crate::index::versions::normalize_pypi(&to.family.python_package(to.name))
        } else {
            to.package.to_string()
        }
    });
    elsewhere_text(wrong, from, real.class, to, &place, add.as_deref())
}

/// The message of a class of another provider, `real` of `to`, found at `place`; `add` is the
/// package (Go: the module) to add when the project does not depend on `to`.
pub(super) fn elsewhere_text(
    wrong: &str,
    from: &Provider,
    real: &str,
    to: &Provider,
    place: &str,
    add: Option<&str>,
) -> String {
    let ty = aliases::Types::of(to.family, to.name)
        .and_then(|t| t.type_of(real))
        .map(|t| format!(" (`{}_{t}`)", to.name))
        .unwrap_or_default();
    let mut m = format!(
        "`{wrong}` is not a class of {}: it is `{real}`{ty} of {}, in `{place}`",
        from.package, to.package
    );
    if let Some(package) = add {
        m.push_str(&format!(
            "; the project does not depend on it: add `{package}`"
        ));
    }
    m
}

/// Where a struct the bindings never generate would belong ([`never_generated_place`]).
#[derive(Debug)]
pub(super) enum NeverGenerated {
    /// Below `property` of `owner`, a plain value in the bindings (a string, number or plain
    /// object); `any` when it is typed `any` (`Wafv2WebAclRule.statement`: the value reaches
    /// the Terraform JSON as it is given, keys unchanged).
    Plain {
        owner: &'static shapes::Interface,
        property: &'static str,
        any: bool,
    },
    /// A block `missing` (`cloudWatchLogsLogGroupConfig`) that `owner`, a block's struct, does
    /// not have, and no flat property its first word starts: `owner`'s own properties are what
    /// to set.
    NoBlock {
        owner: &'static shapes::Interface,
        missing: String,
    },
    /// A block `missing` (`streamSpecification`) `owner` does not have, whose first word starts
    /// the flat properties `flat` of `owner` (`streamEnabled`, `streamViewType`).
    Flat {
        owner: &'static shapes::Interface,
        missing: String,
        flat: Vec<&'static str>,
    },
}

/// The ways a PascalCase `name` reads as an owner and what follows it, longest owner first:
/// (the owner's shape, the owner, the rest), where the owner is a block's struct
/// (`SfnStateMachineLoggingConfiguration`) or a class whose config is read (`Lb` of
/// `LbAccessLogs`).
fn owners<'n>(
    provider: &Provider,
    name: &'n str,
) -> Vec<(&'static shapes::Interface, &'n str, &'n str)> {
    let Some(shapes) = shapes::Shapes::of(provider.name) else {
        return Vec::new();
    };
    let bounds = aliases::word_starts(name).unwrap_or_default();
    bounds
        .into_iter()
        .rev()
        .filter_map(|i| {
            let owner = &name[..i];
            let iface = shapes.interface(owner).filter(|f| !f.meta).or_else(|| {
                provider
                    .modules_exporting_as(owner, Use::Value)
                    .next()
                    .and_then(|_| shapes.config_of(owner))
            })?;
            Some((iface, owner, &name[i..]))
        })
        .collect()
}

/// Where the bindings' struct `name`, which they never generate, would belong, read from the
/// shapes of its owner (`DynamodbTableStreamSpecification`: the config of `DynamodbTable` has
/// no `streamSpecification`, but `streamEnabled` and `streamViewType`;
/// `EcsTaskDefinitionContainerDefinitions`: `containerDefinitions` is a plain value, a JSON
/// string; `Wafv2WebAclRuleStatementRateBasedStatement`: the rule's `statement` is typed `any`,
/// as the bindings stop generating structs below it;
/// `SfnStateMachineLoggingConfigurationCloudWatchLogsLogGroupConfig`: the block's struct has no
/// such block, and its own properties are said). `None` when the name does not read as an
/// owner's struct or property.
pub(super) fn never_generated_place(provider: &Provider, name: &str) -> Option<NeverGenerated> {
    // A real name (a struct's `...OutputReference`, another module's class) is never one.
    if provider.modules_exporting(name).next().is_some() {
        return None;
    }
    let shapes = shapes::Shapes::of(provider.name)?;
    // The longest owner.
    let (owner, _, rest) = owners(provider, name).into_iter().next()?;
    // The property the rest starts with (longest first), at a word boundary.
    let prop = owner
        .properties
        .iter()
        .filter(|p| {
            let w = Spelling::Go.property(p.name);
            rest.starts_with(&w)
                && rest[w.len()..]
                    .chars()
                    .next()
                    .is_none_or(|c| c.is_ascii_uppercase())
        })
        .max_by_key(|p| p.name.len());
    match prop {
        Some(p) => match p.shape {
            shapes::Shape::Scalar | shapes::Shape::ScalarList | shapes::Shape::Map => {
                Some(NeverGenerated::Plain {
                    owner,
                    property: p.name,
                    any: shapes.is_any(owner.name, p.name),
                })
            }
            _ => None,
        },
        None => {
            // No such property: the ones its first word starts (`stream` →
            // `streamEnabled`, `streamViewType`), flat on the owner.
            let first = rest
                .char_indices()
                .skip(1)
                .find(|(_, c)| c.is_ascii_uppercase())
                .map_or(rest, |(i, _)| &rest[..i]);
            let word = first.to_ascii_lowercase();
            let flat: Vec<&'static str> = owner
                .properties
                .iter()
                .filter(|p| {
                    p.name.starts_with(&word)
                        && p.name[word.len()..]
                            .chars()
                            .next()
                            .is_some_and(|c| c.is_ascii_uppercase())
                })
                .map(|p| p.name)
                .collect();
            let missing = crate::index::lower_first(rest);
            if flat.is_empty() {
                // Below a block's struct (not a resource's config), what the block has
                // instead; a struct's name and `Config` reads as a config, not a block.
                if owner.meta || owner.properties.is_empty() || rest == "Config" {
                    return None;
                }
                return Some(NeverGenerated::NoBlock { owner, missing });
            }
            Some(NeverGenerated::Flat {
                owner,
                missing,
                flat,
            })
        }
    }
}

/// Why the bindings have no struct `name` ([`never_generated_place`]), and what to write
/// instead, in the file's `spelling`. `None` when the name does not read as an owner's struct
/// or property.
pub(super) fn never_generated(
    provider: &Provider,
    name: &str,
    spelling: Spelling,
) -> Option<String> {
    let shown = |p: &str| spelling.property(p);
    match never_generated_place(provider, name)? {
        NeverGenerated::Plain {
            owner, property, ..
        } => Some(format!(
            "`{name}` is not generated by {}: `{}` of `{}` is a plain value in the bindings (a string, number or plain object, as the provider documentation writes it), not a struct: write the value itself",
            provider.package,
            shown(property),
            owner.name
        )),
        NeverGenerated::NoBlock { owner, missing } => {
            let all: Vec<String> = owner
                .properties
                .iter()
                .map(|p| format!("`{}`", shown(p.name)))
                .collect();
            Some(format!(
                "`{name}` is not generated by {}: `{}` has no `{}` block; its properties are {}: set those instead",
                provider.package,
                owner.name,
                shown(&missing),
                all.join(", ")
            ))
        }
        NeverGenerated::Flat {
            owner,
            missing,
            flat,
        } => {
            let flat: Vec<String> = flat.iter().map(|p| format!("`{}`", shown(p))).collect();
            Some(format!(
                "`{name}` is not generated by {}: `{}` has no `{}` block; set its flat properties {} instead",
                provider.package,
                owner.name,
                shown(&missing),
                flat.join(", ")
            ))
        }
    }
}

/// Whether the other family's provider of the same name exports `name` as it is
/// (`DataAwsS3Buckets` came with a newer AWS provider that only `@cdktn/provider-aws` has): a
/// real class of another version, which no alias of this one may stand for.
fn other_family_exports(ctx: &Context, provider: &Provider, name: &str) -> bool {
    ctx.index
        .in_other_family(provider)
        .is_some_and(|p| p.modules_exporting(name).next().is_some())
}

/// The message of a name imported from a module (`path`, as written) that resolves to nothing:
/// a module the provider has does not export it; one it does not have is said, with the other
/// family's module when it has it (`lib/wafv2-web-acl-rule` is a module of `@cdktn/provider-aws`
/// only).
pub(super) fn unknown_module_message(
    ctx: &Context,
    provider: &Provider,
    path: &str,
    folder: &str,
    python: bool,
    name: &str,
) -> String {
    // A module the provider has: the name is what is wrong.
    let here = if python {
        provider.module_by_python(folder)
    } else {
        provider.module_by_folder(folder)
    };
    if here.is_some() {
        return format!(
            "`{name}` is not exported by `{path}`, and reads as no class or struct of {} {}",
            provider.package, provider.version
        );
    }
    let there = ctx.index.in_other_family(provider).filter(|p| {
        if python {
            p.module_by_python(folder).is_some()
        } else {
            p.module_by_folder(folder).is_some()
        }
    });
    match there {
        Some(p) => format!(
            "`{path}` is not a module of {} {}: it is one of {} {} only, so `{name}` cannot be imported here",
            provider.package, provider.version, p.package, p.version
        ),
        None => format!(
            "`{path}` is not a module of {} {}, and `{name}` reads as no class of it",
            provider.package, provider.version
        ),
    }
}

/// Whether `c` is a block's struct (not a class, nor a resource's config).
fn is_block_struct(provider: &Provider, c: &Candidate) -> bool {
    !c.module.exports_as(c.class, Use::Value)
        && shapes::Shapes::of(provider.name)
            .and_then(|s| s.interface(c.class))
            .is_some_and(|i| !i.meta)
}

/// What a block's struct constructed as if it were a resource is (`new elb.LbAccessLogs(...)`):
/// the struct of the `accessLogs` block of `Lb`, which has no construct of its own and is
/// written in its owner's config. `None` when `name` is no block's struct of `provider`.
pub(crate) fn struct_as_class_message(provider: &Provider, name: &str) -> Option<String> {
    let module = provider.modules_exporting(name).next()?;
    // A class of that name, or of that name but for a marker in the module named after it
    // (`S3BucketVersioning` → `S3BucketVersioningA`), is what a value use means.
    let namespace = crate::index::lower_first(name);
    if provider
        .modules_exporting_as(name, Use::Value)
        .next()
        .is_some()
        || provider
            .module_by_namespace(&namespace)
            .is_some_and(|m| real_name_as(m, name, Use::Value).is_some())
    {
        return None;
    }
    // The longest owner first whose config or struct has a block of that struct.
    owners(provider, name).into_iter().find_map(|(iface, owner, _)| {
        let block = iface.properties.iter().find(|p| {
            matches!(&p.shape, shapes::Shape::Struct(s) | shapes::Shape::StructList(s) if s == name)
        })?;
        let (block, package, folder) = (block.name, provider.package, module.folder);
        Some(format!(
            "`{name}` is no class: it is the struct of the `{block}` block of `{owner}` (`{package}/lib/{folder}`), which has no construct of its own; write the block in the {owner}'s config (`{block}: {{ ... }}`)"
        ))
    })
}

/// The message of an invented name renamed to `real` (a class, a config or a block's struct).
pub(super) fn invented_message(wrong: &str, real: &Candidate, provider: &Provider) -> String {
    if is_block_struct(provider, real) {
        return format!(
            "`{wrong}` is not a struct of {}; the struct of that block is `{}`",
            provider.package, real.class
        );
    }
    let ty = aliases::Types::of(provider.family, provider.name)
        .and_then(|t| t.type_of(real.class))
        .map(|t| format!(" of Terraform type `{}_{t}`", provider.name))
        .unwrap_or_default();
    format!(
        "`{wrong}` is not a class of {}; the class{ty} is `{}`",
        provider.package, real.class
    )
}

fn message(wrong: &str, real: &str, module: &Module) -> String {
    format!(
        "`{wrong}` does not exist in provider module `{}`; the real name is `{real}`",
        module.folder
    )
}

/// [`message`] as the file's language names the module (Python: `cdktf_cdktf_provider_aws.vpc`).
fn module_message(
    wrong: &str,
    real: &str,
    pkg: &PackageRef,
    module: &Module,
    spelling: Spelling,
) -> String {
    match spelling {
        Spelling::Python => format!(
            "`{wrong}` does not exist in provider module `{}.{}`; the real name is `{real}`",
            pkg.family.python_package(pkg.provider.name),
            module.python
        ),
        _ => message(wrong, real, module),
    }
}

/// What a name reached through a module resolves to (`ns.Name`, `aws.ns.Name`; Python
/// `module.Name`, `aws.module.Name`).
enum Member {
    /// Exported by the bound module as it is.
    Stays,
    /// Another name of the bound module (`S3BucketVersioningV2` → `S3BucketVersioningA`).
    Same(&'static str, String),
    /// A class of another module (`rdsInstance.RdsInstance` → `dbInstance.DbInstance`), of
    /// another provider the project depends on when that provider is given.
    Moves(
        &'static str,
        &'static Module,
        String,
        Option<&'static Provider>,
    ),
    /// Candidates, or a config that fits none: no fix.
    Report(String),
    /// Nothing known.
    Unknown,
}

/// How `wrong`, reached through `module` of `pkg` (`None`: a namespace or submodule the provider
/// does not have), resolves; `keys` are its constructions' config keys (Python: keyword
/// arguments), in the file's `spelling` (TypeScript or Python).
fn resolve_member(
    ctx: &Context,
    pkg: &PackageRef<'static>,
    module: Option<&'static Module>,
    wrong: &str,
    used: Use,
    keys: &[Key],
    spelling: Spelling,
) -> Member {
    let provider = pkg.provider;
    let python = spelling == Spelling::Python;
    // Where a module is, as the messages say it.
    let place = |m: &Module| {
        if python {
            format!(
                "`{}.{}`",
                pkg.family.python_package(provider.name),
                m.python
            )
        } else {
            format!("module `{}`", m.namespace)
        }
    };
    if let Some(m) = module {
        if m.exports_as(wrong, used) {
            return Member::Stays;
        }
        if let Some(real) = real_name_as(m, wrong, used) {
            return Member::Same(real, module_message(wrong, real, pkg, m, spelling));
        }
    } else {
        // The name is real, the namespace is not: the one module that exports it.
        let mut exporting = provider.modules_exporting_as(wrong, used);
        if let (Some(m), None) = (exporting.next(), exporting.next()) {
            let class = m.names().find(|n| *n == wrong).unwrap_or_default();
            let message = if python {
                format!("`{wrong}` is in {}", place(m))
            } else {
                format!("`{wrong}` is in {} of {}", place(m), provider.package)
            };
            return Member::Moves(class, m, message, None);
        }
    }
    match resolve_invented(provider, wrong, used, keys, spelling) {
        Some(Invented::Rename(c)) => {
            let message = invented_message(wrong, &c, provider);
            if module.is_some_and(|m| std::ptr::eq(m, c.module)) {
                Member::Same(c.class, message)
            } else {
                Member::Moves(
                    c.class,
                    c.module,
                    format!("{message}, in {}", place(c.module)),
                    None,
                )
            }
        }
        Some(Invented::Report(msg)) => Member::Report(msg),
        None => match other_provider(ctx, provider, wrong, used, keys, spelling) {
            Some((to, Invented::Rename(c))) => {
                let depends = depends_on(ctx, to);
                let msg = elsewhere_message(wrong, provider, &c, to, python, depends);
                if depends {
                    Member::Moves(c.class, c.module, msg, Some(to))
                } else {
                    Member::Report(msg)
                }
            }
            Some((_, Invented::Report(msg))) => Member::Report(msg),
            None => Member::Unknown,
        },
    }
}

/// Whether this transform has a finding on `name` reached through `module` of `pkg` (`None`: a
/// namespace or submodule the provider does not have), `qualified` being the expression as
/// written (`aws.dataArchiveFile.DataArchiveFile`, `rds_instance.RdsInstance`), in a TypeScript
/// or Python file: `provider-imports` leaves such a name to this transform instead of saying it
/// cannot resolve it (one finding per problem).
pub(crate) fn has_member_finding(
    file: &ParsedFile,
    ctx: &Context,
    pkg: &PackageRef<'static>,
    module: Option<&'static Module>,
    name: &str,
    used: Use,
    qualified: &str,
) -> bool {
    let (keys, spelling) = construction_keys(file, qualified);
    !matches!(
        resolve_member(ctx, pkg, module, name, used, &keys, spelling),
        Member::Stays | Member::Unknown
    )
}

impl Transform for ProviderClassNames {
    fn meta(&self) -> &'static TransformMeta {
        &META
    }

    fn check(&self, file: &ParsedFile, ctx: &Context, out: &mut Vec<Diagnostic>) {
        // A project pinned to a provider major that groups its modules by service
        // (`cdktf-cdktf-provider-aws` 5: `from cdktf_cdktf_provider_aws import cloudwatch`) has
        // other modules and names than the index: its code is right for its version.
        if ctx.provider_majors.iter().any(|(package, major)| {
            crate::index::per_resource_since(package).is_some_and(|since| *major < since)
        }) {
            return;
        }
        match file.lang {
            Lang::Go => go::check(file, ctx, out),
            Lang::Python => python::check(file, ctx, out),
            _ => typescript::check(file, ctx, out),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::ProviderIndex;

    fn module(folder: &str) -> &'static Module {
        ProviderIndex::get()
            .provider("aws")
            .unwrap()
            .module_by_folder(folder)
            .unwrap()
    }

    #[test]
    fn the_missing_a_is_found() {
        assert_eq!(
            real_name(module("s3-bucket-versioning"), "S3BucketVersioning"),
            Some("S3BucketVersioningA")
        );
        assert_eq!(
            real_name(module("s3-bucket-versioning"), "S3BucketVersioningConfig"),
            Some("S3BucketVersioningAConfig")
        );
    }

    #[test]
    fn invented_v2_names_map_to_what_exists() {
        assert_eq!(
            real_name(module("s3-bucket-versioning"), "S3BucketVersioningV2"),
            Some("S3BucketVersioningA")
        );
        assert_eq!(
            real_name(
                module("s3-bucket-lifecycle-configuration"),
                "S3BucketLifecycleConfigurationV2"
            ),
            Some("S3BucketLifecycleConfiguration")
        );
        assert_eq!(
            real_name(
                module("s3-bucket-server-side-encryption-configuration"),
                "S3BucketServerSideEncryptionConfigurationRuleV2"
            ),
            Some("S3BucketServerSideEncryptionConfigurationRuleA")
        );
    }

    #[test]
    fn a_value_is_renamed_only_to_a_class() {
        let v = module("s3-bucket-versioning");
        assert_eq!(
            real_name_as(v, "S3BucketVersioning", Use::Value),
            Some("S3BucketVersioningA")
        );
        // The config interface is a type: no class to rename a value use of it to.
        assert_eq!(
            real_name_as(v, "S3BucketVersioningConfig", Use::Value),
            None
        );
        assert_eq!(
            real_name_as(v, "S3BucketVersioningConfig", Use::Type),
            Some("S3BucketVersioningAConfig")
        );
        // `s3-bucket` exports `S3BucketVersioning` as an interface: right for a type, and no
        // class of that name here for a value.
        let b = module("s3-bucket");
        assert_eq!(real_name_as(b, "S3BucketVersioning", Use::Type), None);
        assert_eq!(real_name_as(b, "S3BucketVersioning", Use::Value), None);
        assert!(!b.exports_as("S3BucketVersioning", Use::Value));
    }

    #[test]
    fn a_misplaced_marker_moves_to_where_the_module_has_it() {
        let m = module("s3-bucket-server-side-encryption-configuration");
        assert_eq!(
            real_name(
                m,
                "S3BucketServerSideEncryptionConfigurationRuleAApplyServerSideEncryptionByDefault"
            ),
            Some(
                "S3BucketServerSideEncryptionConfigurationRuleApplyServerSideEncryptionByDefaultA"
            )
        );
        // The inline block of `S3Bucket` has no markers: nothing to move there.
        assert_eq!(
            real_name(
                module("s3-bucket"),
                "S3BucketServerSideEncryptionConfigurationRuleApplyServerSideEncryptionByDefault"
            ),
            None
        );
    }

    #[test]
    fn structs_the_bindings_never_generate_say_what_to_write() {
        let aws = ProviderIndex::get().provider("aws").unwrap();
        let m = never_generated(aws, "DynamodbTableStreamSpecification", Spelling::Ts).unwrap();
        assert!(m.contains("`streamEnabled`, `streamViewType`"), "{m}");
        let m = never_generated(aws, "DynamodbTableStreamSpecification", Spelling::Python).unwrap();
        assert!(m.contains("`stream_enabled`, `stream_view_type`"), "{m}");
        let m =
            never_generated(aws, "EcsTaskDefinitionContainerDefinitions", Spelling::Ts).unwrap();
        assert!(
            m.contains("`containerDefinitions` of `EcsTaskDefinitionConfig`"),
            "{m}"
        );
        let m = never_generated(
            aws,
            "Wafv2WebAclRuleStatementRateBasedStatement",
            Spelling::Ts,
        )
        .unwrap();
        assert!(m.contains("`statement` of `Wafv2WebAclRule`"), "{m}");
        // Below a property typed `any` (the fix makes such a call a dict), or a plain string.
        let any = |name| match never_generated_place(aws, name) {
            Some(NeverGenerated::Plain { any, property, .. }) => Some((property, any)),
            _ => None,
        };
        assert_eq!(
            any("Wafv2WebAclRuleStatementSqliMatchStatementFieldToMatch"),
            Some(("statement", true))
        );
        assert_eq!(
            any("Wafv2RuleGroupRuleStatementRateBasedStatement"),
            Some(("statement", true))
        );
        assert_eq!(
            any("QuicksightAnalysisDefinitionSheets"),
            Some(("definition", true))
        );
        assert_eq!(
            any("EcsTaskDefinitionContainerDefinitions"),
            Some(("containerDefinitions", false))
        );
        // A struct the bindings have, or a name that reads as nothing: no finding.
        assert_eq!(
            never_generated(
                aws,
                "S3BucketVersioningVersioningConfiguration",
                Spelling::Ts
            ),
            None
        );
        // A block's struct without that block: its own properties are what to set.
        let m = never_generated(
            aws,
            "SfnStateMachineLoggingConfigurationCloudWatchLogsLogGroupConfig",
            Spelling::Python,
        )
        .unwrap();
        assert!(
            m.contains("has no `cloud_watch_logs_log_group_config` block")
                && m.contains("`include_execution_data`, `level`, `log_destination`"),
            "{m}"
        );
        // A real name of the bindings is never one.
        assert_eq!(
            never_generated(
                aws,
                "SfnStateMachineLoggingConfigurationOutputReference",
                Spelling::Ts
            ),
            None
        );
        assert_eq!(never_generated(aws, "Construct", Spelling::Ts), None);
        assert_eq!(
            never_generated(aws, "S3BucketUnrelatedThing", Spelling::Ts),
            None
        );
    }

    fn run(src: &str, lang: Lang, pins: &[(String, u64)]) -> Vec<Diagnostic> {
        let file = ParsedFile::parse(lang, src);
        let options = crate::Options::new();
        let ctx = Context {
            options: &options,
            index: ProviderIndex::get(),
            go_mod: None,
            mocked_modules: &[],
            provider_majors: pins,
            style: &Default::default(),
            app: None,
            declared: &crate::context::Declared::default(),
        };
        let mut out = Vec::new();
        ProviderClassNames.check(&file, &ctx, &mut out);
        out
    }

    #[test]
    fn a_project_pinned_to_the_service_layout_is_left_alone() {
        // `cloudwatch` is a submodule of cdktf-cdktf-provider-aws 5 (grouped by service), not
        // of the indexed 21.
        let py = "from cdktf_cdktf_provider_aws import cloudwatch\n\
                  cloudwatch.CloudwatchLogGroup(self, \"g\", name=\"g\")\n";
        assert_eq!(run(py, Lang::Python, &[]).len(), 1);
        let pinned = [("cdktf-cdktf-provider-aws".to_string(), 5)];
        assert!(run(py, Lang::Python, &pinned).is_empty());
        let ts = "import { RdsInstance } from \"@cdktf/provider-aws/lib/rds-instance\";\n\
                  new RdsInstance(this, \"db\", {});\n";
        assert_eq!(run(ts, Lang::TypeScript, &[]).len(), 1);
        let pinned = [("@cdktf/provider-aws".to_string(), 9)];
        assert!(run(ts, Lang::TypeScript, &pinned).is_empty());
        let current = [("@cdktf/provider-aws".to_string(), 21)];
        assert_eq!(run(ts, Lang::TypeScript, &current).len(), 1);
    }

    #[test]
    fn real_and_unrelated_names_are_left_alone() {
        assert_eq!(
            real_name(module("s3-bucket-versioning"), "S3BucketVersioningA"),
            None
        );
        assert_eq!(real_name(module("vpc"), "Vpc"), None);
        assert_eq!(real_name(module("vpc"), "Subnet"), None);
    }
}
