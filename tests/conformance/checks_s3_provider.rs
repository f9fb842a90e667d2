//! Synth checks that resources added for another resource deploy where it does: on every stack
//! synthesized from an `expected.ts` of `s3-bucket-hardening` or `rds-kms-key-arn`,
//! - every `aws_s3_bucket_public_access_block` and
//!   `aws_s3_bucket_server_side_encryption_configuration` whose `bucket` is
//!   `${aws_s3_bucket.<name>.id}` has the `provider` of that bucket (none when it has none);
//! - every `aws_db_instance` whose `kms_key_id` is `${data.aws_kms_alias.<name>.target_key_arn}`
//!   reads it through a `data.aws_kms_alias` with the instance's `provider`.
//!
//! The run fails unless at least one pair with a provider other than the default was checked.

use std::fmt::Write as _;
use std::fs;

use super::checks_a::{parse, Json};

/// `${<prefix><name><suffix>}` → `name`.
fn reference<'j>(value: Option<&'j Json>, prefix: &str, suffix: &str) -> Option<&'j str> {
    let Some(Json::Str(s)) = value else {
        return None;
    };
    s.strip_prefix("${")?
        .strip_suffix('}')?
        .strip_prefix(prefix)?
        .strip_suffix(suffix)
}

fn provider(j: &Json) -> Option<&str> {
    match j.get("provider") {
        Some(Json::Str(p)) => Some(p),
        _ => None,
    }
}

/// Checks the stacks listed in `results` (synth.js's output); returns how many pairs it checked.
pub fn run(results: &str, failures: &mut String) -> usize {
    let (mut checked, mut with_provider) = (0, 0);
    for line in results.lines() {
        let ["stack", module, _id, path] = line.split('\t').collect::<Vec<_>>()[..] else {
            continue;
        };
        let ours =
            module.starts_with("s3-bucket-hardening/") || module.starts_with("rds-kms-key-arn/");
        if !(ours && module.ends_with("/expected")) {
            continue;
        }
        let doc = match fs::read_to_string(path)
            .map_err(|e| e.to_string())
            .and_then(|t| parse(&t))
        {
            Ok(d) => d,
            Err(e) => {
                writeln!(failures, "{module}: cannot read {path}: {e}").unwrap();
                continue;
            }
        };
        let empty = Json::Null;
        let resources = doc.get("resource").unwrap_or(&empty);
        let data = doc.get("data").unwrap_or(&empty);
        // `added` must be made through `owner`'s provider; a missing one of the two fails.
        let mut pair = |what: &str,
                        added: Option<&Json>,
                        owner: Option<&Json>,
                        owner_name: &str| {
            let (Some(added), Some(owner)) = (added, owner) else {
                writeln!(
                    failures,
                    "{module}: {what} or {owner_name}, which refer to each other, is not in the stack"
                )
                .unwrap();
                return;
            };
            checked += 1;
            if provider(owner).is_some() {
                with_provider += 1;
            }
            if provider(added) != provider(owner) {
                writeln!(
                    failures,
                    "{module}: {what} is deployed through provider {:?}, {owner_name} through {:?}",
                    provider(added),
                    provider(owner)
                )
                .unwrap();
            }
        };
        for kind in [
            "aws_s3_bucket_public_access_block",
            "aws_s3_bucket_server_side_encryption_configuration",
        ] {
            let Some(Json::Obj(all)) = resources.get(kind) else {
                continue;
            };
            for (name, r) in all {
                let Some(bucket) = reference(r.get("bucket"), "aws_s3_bucket.", ".id") else {
                    continue;
                };
                let owner = resources.get("aws_s3_bucket").and_then(|b| b.get(bucket));
                pair(
                    &format!("{kind}.{name}"),
                    Some(r),
                    owner,
                    &format!("aws_s3_bucket.{bucket}"),
                );
            }
        }
        if let Some(Json::Obj(all)) = resources.get("aws_db_instance") {
            for (name, db) in all {
                let Some(alias) = reference(
                    db.get("kms_key_id"),
                    "data.aws_kms_alias.",
                    ".target_key_arn",
                ) else {
                    continue;
                };
                let read = data.get("aws_kms_alias").and_then(|a| a.get(alias));
                pair(
                    &format!("data.aws_kms_alias.{alias}"),
                    read,
                    Some(db),
                    &format!("aws_db_instance.{name}"),
                );
            }
        }
    }
    if with_provider == 0 {
        writeln!(
            failures,
            "s3-bucket-hardening / rds-kms-key-arn: no added resource of a resource with its own provider was checked"
        )
        .unwrap();
    }
    let _ = std::io::Write::write_all(
        &mut std::io::stderr(),
        format!(
            "synth: {checked} added-resource provider checks ({with_provider} with a provider)\n"
        )
        .as_bytes(),
    );
    checked
}
