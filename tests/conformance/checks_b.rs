//! Synth checks of `nat-gateway-depends-on` and `s3-bucket-hardening`, run by
//! `tests/conformance/checks_b.js` on the synthesized `expected.ts` of each of their cases:
//! - `nat-igw-dependency`: every `aws_nat_gateway` that is not private has `depends_on` naming an
//!   `aws_internet_gateway` of the same stack (and the stack has at least one NAT gateway);
//! - `s3-bucket-hardened`: every `aws_s3_bucket` has an
//!   `aws_s3_bucket_server_side_encryption_configuration` whose `bucket` refers to it with a
//!   default algorithm, `AES256` unless the input already had that configuration (any algorithm
//!   when the input does not compile: the fix only writes `AES256`), and an `aws_s3_bucket_public_access_block` referring to it with
//!   `block_public_acls`, `block_public_policy`, `ignore_public_acls` and `restrict_public_buckets`
//!   all `true` (and the stack has at least one bucket); and, when the input compiles, the
//!   expected output has every resource address of the input and adds only encryption
//!   configurations and public access blocks. This replaces the generic same-addresses check
//!   for the rule, which adds resources on purpose (see [`adds_resources`]).

use super::{json_object, json_string, Case};

/// The rule of each check kind: a case of that rule with an `expected.ts` gets the check.
const KINDS: &[(&str, &str)] = &[
    ("nat-gateway-depends-on", "nat-igw-dependency"),
    ("s3-bucket-hardening", "s3-bucket-hardened"),
];

/// Rules whose fixes add resources: their cases skip the generic same-addresses comparison and
/// compare addresses in their own check instead.
const ADDING: &[&str] = &["s3-bucket-hardening"];

/// Whether `case` runs a rule that adds resources on purpose.
pub fn adds_resources(case: &Case) -> bool {
    case.transforms().any(|t| ADDING.contains(&t))
}

/// The manifest entries for `case`, whose expected output is the module `expected` and whose
/// input, when it compiles, is the module `input`.
pub fn checks(case: &Case, input: Option<&str>, expected: &str) -> Vec<String> {
    KINDS
        .iter()
        .filter(|(rule, _)| case.transforms().any(|t| t == *rule))
        .map(|(_, kind)| {
            json_object(&[
                ("kind", json_string(kind)),
                ("case", json_string(&case.name)),
                ("expected", json_string(expected)),
                ("input", input.map_or("null".to_string(), json_string)),
            ])
        })
        .collect()
}
