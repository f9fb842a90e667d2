//! Synth checks of `provider-shapes`, on the `cdk.tf.json` of every stack synthesized from an
//! `expected.ts` of its cases: in every `aws_s3_bucket_lifecycle_configuration`, `rule` and each
//! rule's blocks (`expiration`, `noncurrent_version_expiration`,
//! `abort_incomplete_multipart_upload`, `filter`, `transition`) that are present are JSON arrays of
//! objects, as Terraform's list blocks; every `aws_eip` has `domain` and no `vpc`. The run fails
//! unless at least one `expiration` block was checked.

use std::fmt::Write as _;
use std::fs;

use super::checks_a::{parse, Json};

const RULE_BLOCKS: &[&str] = &[
    "expiration",
    "noncurrent_version_expiration",
    "abort_incomplete_multipart_upload",
    "filter",
    "transition",
];

fn is_block_list(j: Option<&Json>) -> bool {
    matches!(j, Some(Json::Arr(v)) if !v.is_empty() && v.iter().all(|x| matches!(x, Json::Obj(_))))
}

/// Checks the stacks listed in `results` (synth.js's output); returns how many blocks it checked.
pub fn run(results: &str, failures: &mut String) -> usize {
    let (mut checked, mut expirations) = (0, 0);
    for line in results.lines() {
        let ["stack", module, _id, path] = line.split('\t').collect::<Vec<_>>()[..] else {
            continue;
        };
        if !(module.starts_with("provider-shapes/") && module.ends_with("/expected")) {
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
        let resources = doc.get("resource");
        if let Some(Json::Obj(lcs)) =
            resources.and_then(|r| r.get("aws_s3_bucket_lifecycle_configuration"))
        {
            for (name, lc) in lcs {
                checked += 1;
                let rules = lc.get("rule");
                if !is_block_list(rules) {
                    writeln!(
                        failures,
                        "{module}: lifecycle {name}: `rule` is not a list of blocks: {rules:?}"
                    )
                    .unwrap();
                    continue;
                }
                let Some(Json::Arr(rules)) = rules else {
                    continue;
                };
                for rule in rules {
                    for block in RULE_BLOCKS {
                        let Some(v) = rule.get(block) else { continue };
                        checked += 1;
                        if *block == "expiration" {
                            expirations += 1;
                        }
                        if !is_block_list(Some(v)) {
                            writeln!(failures, "{module}: lifecycle {name}: `{block}` is not a list of blocks: {v:?}").unwrap();
                        }
                    }
                }
            }
        }
        if let Some(Json::Obj(eips)) = resources.and_then(|r| r.get("aws_eip")) {
            for (name, eip) in eips {
                checked += 1;
                if !matches!(eip.get("domain"), Some(Json::Str(d)) if d == "vpc")
                    || eip.get("vpc").is_some()
                {
                    writeln!(failures, "{module}: aws_eip {name}: expected `domain = \"vpc\"` and no `vpc`: {eip:?}").unwrap();
                }
            }
        }
    }
    if expirations == 0 {
        writeln!(
            failures,
            "provider-shapes: no synthesized lifecycle `expiration` block was checked"
        )
        .unwrap();
    }
    let _ = std::io::Write::write_all(
        &mut std::io::stderr(),
        format!("synth: {checked} provider-shapes checks ({expirations} expiration blocks)\n")
            .as_bytes(),
    );
    checked
}
