//! The catalogue: one module per transform, registered by one line in [`REGISTRY`].
//!
//! A transform reads one parsed file and the shared read-only [`Context`](crate::Context) and
//! reports [`Diagnostic`](crate::Diagnostic)s, each with an optional [`Fix`](crate::Fix). It never
//! writes, never reads other files and keeps no state between files; the engine applies,
//! verifies and writes.

use crate::transform::Transform;

mod backend_state_lock;
mod default_tags;
mod ebs_gp3;
mod go_module_paths;
mod hardcoded_az;
mod iam_wildcard_actions;
mod imds_v2;
mod migrate_cdktn;
mod missing_log_group;
mod nat_gateway_depends_on;
mod provider_class_names;
mod provider_dependencies;
mod provider_imports;
mod provider_shapes;
mod rds_kms_key_arn;
mod rds_managed_password;
mod rds_storage_encrypted;
mod s3_bucket_hardening;
mod sg_descriptions;
mod sg_port_range;
mod token_list_index;

/// How an import of a prebuilt provider package starts: the npm scopes' packages and the Python
/// packages of both families (the triggers of the transforms that read such imports).
const PREBUILT_PROVIDER_IMPORTS: &[&str] = &[
    "@cdktf/provider-",
    "@cdktn/provider-",
    "cdktf_cdktf_provider_",
    "cdktn_provider_",
];

/// Every transform, in the order `rules` lists them. Adding one: its module above, one line here.
pub static REGISTRY: &[&dyn Transform] = &[
    &backend_state_lock::BackendStateLock,
    &default_tags::DefaultTags,
    &ebs_gp3::EbsGp3,
    &go_module_paths::GoModulePaths,
    &hardcoded_az::HardcodedAz,
    &iam_wildcard_actions::IamWildcardActions,
    &imds_v2::ImdsV2,
    &migrate_cdktn::MigrateCdktn,
    &missing_log_group::MissingLogGroup,
    &nat_gateway_depends_on::NatGatewayDependsOn,
    &provider_class_names::ProviderClassNames,
    &provider_dependencies::ProviderDependencies,
    &provider_imports::ProviderImports,
    &provider_shapes::ProviderShapes,
    &rds_kms_key_arn::RdsKmsKeyArn,
    &rds_managed_password::RdsManagedPassword,
    &rds_storage_encrypted::RdsStorageEncrypted,
    &s3_bucket_hardening::S3BucketHardening,
    &sg_descriptions::SgDescriptions,
    &sg_port_range::SgPortRange,
    &token_list_index::TokenListIndex,
];

/// The rule with this id.
pub fn by_id(id: &str) -> Option<&'static dyn Transform> {
    REGISTRY.iter().copied().find(|r| r.meta().id == id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn rule_ids_are_unique_and_kebab_case() {
        let mut seen = HashSet::new();
        for rule in REGISTRY {
            let id = rule.meta().id;
            assert!(seen.insert(id), "duplicate rule id {id}");
            assert!(
                id.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "{id} is not kebab-case"
            );
        }
    }

    #[test]
    fn every_rule_documents_what_why_example_and_fix_safety() {
        for rule in REGISTRY {
            let meta = rule.meta();
            for heading in [
                "## What it does",
                "## Why",
                "## Example",
                "## Fix safety",
                "## Source",
            ] {
                assert!(
                    meta.docs.contains(heading),
                    "{} docs lack {heading}",
                    meta.id
                );
            }
            assert!(
                !meta.triggers.is_empty(),
                "{} has no prefilter triggers",
                meta.id
            );
            assert!(!meta.languages.is_empty(), "{} has no languages", meta.id);
        }
    }
}
