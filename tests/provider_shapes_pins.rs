//! `provider-shapes` reads the provider major a project pins: an argument the version 5 upgrade
//! guide renamed (`name` of a DB instance, `db_name` since then) is right in a project pinning
//! `@cdktf/provider-aws` 15 (generated from the Terraform AWS provider 4), so nothing is
//! reported there, and neither is the one-item list of a project pinning a major from before the
//! namespaced layout. A project pinning a major generated from provider 5, or pinning nothing,
//! gets the rename. Whole projects in temporary folders, run through the command line, since
//! the pins are read from the project's manifests (src/project.rs).

use std::fs;

#[path = "support/cli.rs"]
mod cli;
use cli::{printed, run, write};

const STACK: &str = r#"import { Construct } from "constructs";
import { TerraformStack } from "cdktf";
import { DbInstance } from "@cdktf/provider-aws/lib/db-instance";

export class Db extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new DbInstance(this, "db", {
      engine: "postgres",
      instanceClass: "db.t3.micro",
      name: "app",
    });
  }
}
"#;

const PY_STACK: &str = "from cdktf_cdktf_provider_aws.db_instance import DbInstance\n\n\ndef db(scope):\n    return DbInstance(scope, \"db\", engine=\"postgres\", instance_class=\"db.t3.micro\", name=\"app\")\n";

fn project(range: &str) -> tempfile::TempDir {
    cli::provider_aws_project(range, STACK)
}

#[test]
fn a_project_pinning_a_provider_4_package_keeps_name_and_gets_no_finding() {
    let dir = project("^15.0.0");
    let root = dir.path();
    let out = run(root, &["check", "--select", "provider-shapes", "src"]);
    let text = printed(&out);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(!text.contains("provider-shapes"), "{text}");
    run(root, &["fix", "--select", "provider-shapes", "src"]);
    assert_eq!(
        fs::read_to_string(root.join("src/stack.ts")).unwrap(),
        STACK
    );
}

#[test]
fn a_project_pinning_a_provider_5_package_or_nothing_gets_db_name() {
    for range in ["^19.0.0", "*"] {
        let dir = project(range);
        let root = dir.path();
        let out = run(root, &["fix", "--select", "provider-shapes", "src"]);
        let fixed = fs::read_to_string(root.join("src/stack.ts")).unwrap();
        assert!(
            fixed.contains("dbName: \"app\"") && !fixed.contains(" name: \"app\""),
            "{range}: {fixed}\n{}",
            printed(&out)
        );
    }
}

#[test]
fn a_python_project_pinning_a_provider_4_package_keeps_name() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "requirements.txt", "cdktf-cdktf-provider-aws~=12.0\n");
    write(root, "stacks/db.py", PY_STACK);
    let out = run(root, &["check", "--select", "provider-shapes", "."]);
    let text = printed(&out);
    assert!(!text.contains("provider-shapes"), "{text}");
    // Pinned to a major generated from provider 5: renamed.
    write(root, "requirements.txt", "cdktf-cdktf-provider-aws~=19.0\n");
    run(root, &["fix", "--select", "provider-shapes", "."]);
    assert!(fs::read_to_string(root.join("stacks/db.py"))
        .unwrap()
        .contains("db_name=\"app\""));
}

#[test]
fn a_one_item_list_is_left_alone_below_the_namespaced_layout() {
    let stack = r#"import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
export const r = (s: any) => new Route53Record(s, "r", { zoneId: "Z", name: "n", type: "A", alias: [{ name: "d", zoneId: "Z2", evaluateTargetHealth: false }] });
"#;
    for (range, unwrapped) in [("^9.0.25", false), ("^19.0.0", true)] {
        let dir = project(range);
        let root = dir.path();
        write(root, "src/stack.ts", stack);
        let out = run(root, &["fix", "--select", "provider-shapes", "src"]);
        let fixed = fs::read_to_string(root.join("src/stack.ts")).unwrap();
        assert_eq!(
            fixed.contains("alias: { name"),
            unwrapped,
            "{range}: {fixed}\n{}",
            printed(&out)
        );
    }
}

#[test]
fn a_name_the_pinned_provider_still_has_is_no_misspelling() {
    // `sharedCredentialsFile` is one letter from provider 6's `sharedCredentialsFiles`, the
    // spelling rule's one close name; provider 4 has it (the version 5 guide removed it).
    let stack = r#"import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
export const p = (s: any) => new AwsProvider(s, "aws", { region: "eu-west-1", sharedCredentialsFile: "~/.aws/credentials" });
"#;
    let dir = project("^15.0.0");
    let root = dir.path();
    write(root, "src/stack.ts", stack);
    let out = run(root, &["fix", "--select", "provider-shapes", "src"]);
    let text = printed(&out);
    assert_eq!(
        fs::read_to_string(root.join("src/stack.ts")).unwrap(),
        stack,
        "{text}"
    );
    assert!(!text.contains("provider-shapes"), "{text}");
    // On provider 5 it is gone, and its replacement takes a list: reported, not renamed.
    let dir = project("^19.0.0");
    let root = dir.path();
    write(root, "src/stack.ts", stack);
    let out = run(root, &["check", "--select", "provider-shapes", "src"]);
    let text = printed(&out);
    assert!(
        text.contains("has no `sharedCredentialsFile` since version 5")
            && text.contains("version-5-upgrade#provider-arguments"),
        "{text}"
    );
    run(root, &["fix", "--select", "provider-shapes", "src"]);
    assert_eq!(
        fs::read_to_string(root.join("src/stack.ts")).unwrap(),
        stack
    );
}

/// A TLS stack writing `keyAlgorithm`, which version 4 of the TLS provider computes from the
/// private key: a project pinning `@cdktf/provider-tls` 1 (generated from tls 3.4.0, where the
/// argument is there) keeps it without a finding; one pinning 11 (tls 4.1.0) or nothing gets it
/// removed.
#[test]
fn a_project_pinning_a_tls_3_package_keeps_key_algorithm() {
    let stack = r#"import { CertRequest } from "@cdktf/provider-tls/lib/cert-request";
export const csr = (s: any, pem: string) => new CertRequest(s, "csr", { keyAlgorithm: "RSA", privateKeyPem: pem });
"#;
    for (range, removed) in [("^1.0.0", false), ("^11.0.0", true), ("*", true)] {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write(
            root,
            "package.json",
            &format!(
                r#"{{ "name": "stack", "dependencies": {{ "cdktf": "^0.20.0", "@cdktf/provider-tls": "{range}" }} }}"#
            ),
        );
        write(root, "src/stack.ts", stack);
        let out = run(root, &["check", "--select", "provider-shapes", "src"]);
        let text = printed(&out);
        assert_eq!(
            text.contains("CertRequestConfig has no `keyAlgorithm` since version 4"),
            removed,
            "{range}: {text}"
        );
        run(root, &["fix", "--select", "provider-shapes", "src"]);
        let fixed = fs::read_to_string(root.join("src/stack.ts")).unwrap();
        assert_eq!(
            fixed,
            if removed {
                stack.replace("keyAlgorithm: \"RSA\", ", "")
            } else {
                stack.to_string()
            },
            "{range}"
        );
    }
}

#[test]
fn a_python_project_pinning_a_tls_3_package_keeps_key_algorithm() {
    let stack = "from cdktf_cdktf_provider_tls.self_signed_cert import SelfSignedCert\n\n\ndef ca(scope, pem):\n    return SelfSignedCert(scope, \"ca\", key_algorithm=\"RSA\", private_key_pem=pem, validity_period_hours=24, allowed_uses=[\"cert_signing\"])\n";
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "requirements.txt", "cdktf-cdktf-provider-tls~=1.0\n");
    write(root, "stacks/ca.py", stack);
    let out = run(root, &["fix", "--select", "provider-shapes", "."]);
    assert_eq!(
        fs::read_to_string(root.join("stacks/ca.py")).unwrap(),
        stack,
        "{}",
        printed(&out)
    );
    // Pinned to a package generated from tls 4: the argument goes.
    write(
        root,
        "requirements.txt",
        "cdktf-cdktf-provider-tls==11.0.1\n",
    );
    run(root, &["fix", "--select", "provider-shapes", "."]);
    assert_eq!(
        fs::read_to_string(root.join("stacks/ca.py")).unwrap(),
        stack.replace("key_algorithm=\"RSA\", ", "")
    );
}
