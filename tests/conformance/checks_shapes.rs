//! Synth checks of `provider-shapes`, on the `cdk.tf.json` of every stack synthesized from an
//! `expected.ts` of its cases: in every `aws_s3_bucket_lifecycle_configuration`, `rule` and each
//! rule's blocks (`expiration`, `noncurrent_version_expiration`,
//! `abort_incomplete_multipart_upload`, `filter`, `transition`) that are present are JSON arrays of
//! objects, as Terraform's list blocks; every `aws_eip` has `domain` and no `vpc`; every
//! `aws_route53_record`'s `alias` is one object, and no `aws_db_instance` has `name`. The run
//! fails unless at least one `expiration` block and one `alias` block were checked.
//!
//! And of `token-list-index`: no resource argument of an expected stack is a whole data-source
//! list (`${data.aws_availability_zones.azs.names}`, what `azs.names[0]` synthesizes to) where one
//! value is wanted, and each such stack reads at least one item with `${element(data....)}`.

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
    let (mut checked, mut expirations, mut aliases) = (0, 0, 0);
    for line in results.lines() {
        let ["stack", module, _id, path] = line.split('\t').collect::<Vec<_>>()[..] else {
            continue;
        };
        if module.starts_with("token-list-index/") && module.ends_with("/expected") {
            checked += token_lists(module, path, failures);
            continue;
        }
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
        // A single block synthesizes to one object: `alias` of a record, whose one-item list
        // the rule unwraps.
        if let Some(Json::Obj(records)) = resources.and_then(|r| r.get("aws_route53_record")) {
            for (name, record) in records {
                let Some(alias) = record.get("alias") else {
                    continue;
                };
                checked += 1;
                aliases += 1;
                if !matches!(alias, Json::Obj(_)) {
                    writeln!(
                        failures,
                        "{module}: aws_route53_record {name}: `alias` is not one block: {alias:?}"
                    )
                    .unwrap();
                }
            }
        }
        // The version 5 guide's rename: the database name is `db_name`.
        if let Some(Json::Obj(dbs)) = resources.and_then(|r| r.get("aws_db_instance")) {
            for (name, db) in dbs {
                checked += 1;
                if db.get("name").is_some() {
                    writeln!(
                        failures,
                        "{module}: aws_db_instance {name}: `name` is not an argument: {db:?}"
                    )
                    .unwrap();
                }
            }
        }
    }
    if aliases == 0 {
        writeln!(
            failures,
            "provider-shapes: no synthesized record `alias` block was checked"
        )
        .unwrap();
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

/// Every string in a JSON value.
fn strings<'j>(j: &'j Json, out: &mut Vec<&'j str>) {
    match j {
        Json::Str(s) => out.push(s),
        Json::Arr(v) => v.iter().for_each(|x| strings(x, out)),
        Json::Obj(m) => m.values().for_each(|x| strings(x, out)),
        _ => {}
    }
}

/// A whole list attribute of a data source as one argument: `${data.<type>.<name>.<attr>}`.
fn whole_data_list(s: &str) -> bool {
    let Some(inner) = s.strip_prefix("${data.").and_then(|r| r.strip_suffix('}')) else {
        return false;
    };
    let parts: Vec<&str> = inner.split('.').collect();
    parts.len() == 3
        && ["names", "zone_ids", "ids"].contains(&parts[2])
        && parts.iter().all(|p| {
            p.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        })
}

fn token_lists(module: &str, path: &str, failures: &mut String) -> usize {
    let doc = match fs::read_to_string(path)
        .map_err(|e| e.to_string())
        .and_then(|t| parse(&t))
    {
        Ok(d) => d,
        Err(e) => {
            writeln!(failures, "{module}: cannot read {path}: {e}").unwrap();
            return 0;
        }
    };
    let mut all = Vec::new();
    if let Some(r) = doc.get("resource") {
        strings(r, &mut all);
    }
    let whole: Vec<&&str> = all.iter().filter(|s| whole_data_list(s)).collect();
    if !whole.is_empty() {
        writeln!(
            failures,
            "{module}: a whole data-source list where one value is wanted: {whole:?}"
        )
        .unwrap();
    }
    let items = all
        .iter()
        .filter(|s| s.starts_with("${element(data."))
        .count();
    if items == 0 {
        writeln!(
            failures,
            "{module}: no `element(data...)` item read in {path}"
        )
        .unwrap();
    }
    items
}

#[test]
fn whole_lists_are_told_from_items() {
    assert!(whole_data_list("${data.aws_availability_zones.azs.names}"));
    assert!(whole_data_list("${data.aws_subnets.subnets.ids}"));
    assert!(!whole_data_list(
        "${element(data.aws_availability_zones.azs.names, 0)}"
    ));
    assert!(!whole_data_list("${data.aws_availability_zones.azs.id}"));
    assert!(!whole_data_list("${aws_vpc.vpc.id}"));
}
