//! A project whose tests mock a provider package by path: splitting the file's provider imports
//! would let the mock miss the code under test, so `fix` applies the split only with
//! `--unsafe-fixes`, and the finding names the test (src/project.rs reads the tests; the
//! `provider-imports` transform decides). The fixture harness checks one file at a time, so
//! these are whole projects in temporary folders, run through the command line.

use std::fs;

#[path = "support/cli.rs"]
mod cli;
use cli::{printed, run, write};

const STACK: &str = r#"import { Construct } from "constructs";
import * as aws from "@cdktf/provider-aws";

export function bucket(scope: Construct) {
  return new aws.s3Bucket.S3Bucket(scope, "data", { bucket: "acme-data" });
}
"#;

const STACK_SPLIT: &str = r#"import { Construct } from "constructs";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";

export function bucket(scope: Construct) {
  return new S3Bucket(scope, "data", { bucket: "acme-data" });
}
"#;

const JEST_TEST: &str = r#"import * as aws from "@cdktf/provider-aws";
import { bucket } from "../src/stack";

jest.mock("@cdktf/provider-aws", () => ({
  s3Bucket: { S3Bucket: jest.fn() },
}));

test("creates the bucket", () => {
  bucket({} as any);
  expect(aws.s3Bucket.S3Bucket).toHaveBeenCalledTimes(1);
});
"#;

#[test]
fn a_jest_mock_of_the_barrel_makes_the_split_unsafe_and_the_finding_names_the_test() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "package.json", r#"{ "name": "stack" }"#);
    write(root, "src/stack.ts", STACK);
    write(root, "test/stack.test.ts", JEST_TEST);

    let out = run(root, &["fix", "src"]);
    let text = printed(&out);
    assert_eq!(
        fs::read_to_string(root.join("src/stack.ts")).unwrap(),
        STACK,
        "not applied without --unsafe-fixes: {text}"
    );
    assert!(
        text.contains("provider-imports")
            && text.contains(
                "unsafe in this project: `test/stack.test.ts` mocks `@cdktf/provider-aws`"
            ),
        "{text}"
    );
    assert!(text.contains("1 fixable with --unsafe-fixes"), "{text}");

    let out = run(root, &["fix", "--unsafe-fixes", "src"]);
    assert!(out.status.success(), "{}", printed(&out));
    assert_eq!(
        fs::read_to_string(root.join("src/stack.ts")).unwrap(),
        STACK_SPLIT
    );
}

#[test]
fn without_a_mock_of_the_barrel_the_split_stays_safe() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "package.json", r#"{ "name": "stack" }"#);
    write(root, "src/stack.ts", STACK);
    // A mock of a per-resource module reaches the split imports too; other packages do not count.
    write(
        root,
        "src/stack.spec.ts",
        "jest.mock('@cdktf/provider-aws/lib/s3-bucket');\njest.mock('constructs');\n",
    );
    // A project of its own (its own package.json): its tests are not this project's.
    write(root, "tools/package.json", "{}");
    write(
        root,
        "tools/test/x.test.ts",
        "jest.mock('@cdktf/provider-aws');\n",
    );
    let out = run(root, &["fix", "src/stack.ts"]);
    assert!(out.status.success(), "{}", printed(&out));
    assert_eq!(
        fs::read_to_string(root.join("src/stack.ts")).unwrap(),
        STACK_SPLIT,
        "{}",
        printed(&out)
    );
}

#[test]
fn a_manual_mock_of_the_barrel_counts_like_jest_mock() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "package.json", r#"{ "name": "stack" }"#);
    write(root, "src/stack.ts", STACK);
    write(
        root,
        "__mocks__/@cdktf/provider-aws.ts",
        "export const s3Bucket = { S3Bucket: jest.fn() };\n",
    );
    let out = run(root, &["check", "src"]);
    let text = printed(&out);
    assert!(
        text.contains("`__mocks__/@cdktf/provider-aws.ts` mocks `@cdktf/provider-aws`"),
        "{text}"
    );
    assert!(
        text.contains("[fix: unsafe]") || text.contains("unsafe"),
        "{text}"
    );
}

#[test]
fn a_python_patch_of_a_provider_path_makes_the_split_unsafe() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "pyproject.toml", "[project]\nname = \"stack\"\n");
    let stack = "from cdktf_cdktf_provider_aws import s3_bucket\n\n\ndef bucket(scope):\n    return s3_bucket.S3Bucket(scope, \"data\", bucket=\"acme-data\")\n";
    write(root, "stack/main.py", stack);
    write(
        root,
        "tests/test_main.py",
        "from unittest import mock\n\n\n@mock.patch(\"cdktf_cdktf_provider_aws.s3_bucket.S3Bucket\")\ndef test_bucket(s3):\n    ...\n",
    );
    let out = run(root, &["fix", "stack"]);
    let text = printed(&out);
    assert_eq!(
        fs::read_to_string(root.join("stack/main.py")).unwrap(),
        stack,
        "{text}"
    );
    assert!(
        text.contains("`tests/test_main.py` patches `cdktf_cdktf_provider_aws.s3_bucket.S3Bucket`"),
        "{text}"
    );
    let out = run(root, &["fix", "--unsafe-fixes", "stack"]);
    assert!(out.status.success(), "{}", printed(&out));
    assert!(fs::read_to_string(root.join("stack/main.py"))
        .unwrap()
        .starts_with("from cdktf_cdktf_provider_aws.s3_bucket import S3Bucket\n"));
}
