//! A project that pins `@cdktf/provider-aws` below 10: that major has no per-resource modules
//! (`lib/iam`, `lib/lambdafunction` group a service's resources; `lib/iam-role` does not exist
//! until 10.0.0), so the split of `provider-imports` would not compile (TS2307), and the imports
//! are right for it as they are: no finding. A project pinning 10 or later is split as before.
//! The pin is read from the project's manifests and lockfiles (src/project.rs), so these are
//! whole projects in
//! temporary folders, run through the command line.

use std::fs;

#[path = "support/cli.rs"]
mod cli;
use cli::{printed, run, write};

/// The barrel import of yskszk63/cdktf-study, which pins `"@cdktf/provider-aws": "^9.0.25"`.
const STACK: &str = r#"import { Construct } from "constructs";
import { iam, lambdafunction } from "@cdktf/provider-aws";

export function fn(scope: Construct) {
  const role = new iam.IamRole(scope, "role", { assumeRolePolicy: "{}" });
  return new lambdafunction.LambdaFunction(scope, "fn", {
    functionName: "f",
    role: role.arn,
    handler: "index.handler",
    runtime: "nodejs18.x",
  });
}
"#;

fn project(provider_range: &str) -> tempfile::TempDir {
    cli::provider_aws_project(provider_range, STACK)
}

#[test]
fn a_project_pinning_provider_aws_9_keeps_its_barrel_import_and_gets_no_finding() {
    let dir = project("^9.0.25");
    let root = dir.path();
    let out = run(root, &["fix", "src"]);
    let text = printed(&out);
    assert_eq!(
        fs::read_to_string(root.join("src/stack.ts")).unwrap(),
        STACK,
        "{text}"
    );
    // The imports are right for the provider it pins: nothing to report.
    assert!(!text.contains("provider-imports"), "{text}");
    // `fix` exits 0 when it is done, whatever it could not fix (README, "Exit codes").
    assert_eq!(out.status.code(), Some(0), "{text}");
    // Not even with --unsafe-fixes: there is no fix to apply.
    let out = run(root, &["fix", "--unsafe-fixes", "src"]);
    assert_eq!(
        fs::read_to_string(root.join("src/stack.ts")).unwrap(),
        STACK,
        "{}",
        printed(&out)
    );
    let out = run(root, &["check", "src"]);
    assert_eq!(out.status.code(), Some(0), "{}", printed(&out));
}

#[test]
fn a_project_pinning_provider_aws_10_or_later_or_nothing_known_is_split() {
    for range in ["^19.0.0", "~10.0", "*", "latest"] {
        let dir = project(range);
        let root = dir.path();
        let out = run(root, &["fix", "src"]);
        let text = printed(&out);
        assert!(out.status.success(), "{range}: {text}");
        let fixed = fs::read_to_string(root.join("src/stack.ts")).unwrap();
        assert!(
            fixed.contains(r#"import { IamRole } from "@cdktf/provider-aws/lib/iam-role";"#)
                && fixed.contains("new IamRole(scope"),
            "{range}: {fixed}\n{text}"
        );
    }
}

#[test]
fn only_the_package_pinned_below_its_layout_is_left_unfixed() {
    let dir = project("^9.0.25");
    let root = dir.path();
    let stack = format!(
        "{STACK}import * as random from \"@cdktf/provider-random\";\nexport const p = (s: Construct) => new random.pet.Pet(s, \"p\");\n"
    );
    write(root, "src/stack.ts", &stack);
    let out = run(root, &["fix", "src"]);
    let fixed = fs::read_to_string(root.join("src/stack.ts")).unwrap();
    assert!(
        fixed.contains(r#"import { iam, lambdafunction } from "@cdktf/provider-aws";"#)
            && fixed.contains(r#"import { Pet } from "@cdktf/provider-random/lib/pet";"#)
            && fixed.contains("new Pet(s, \"p\")"),
        "{fixed}\n{}",
        printed(&out)
    );
}

/// The service modules of byhbt/cdktf-python, whose Pipfile allows any `cdktf-cdktf-provider-aws`
/// and whose Pipfile.lock installs 5.0.50.
const PY_STACK: &str = "from cdktf_cdktf_provider_aws import rds\n\n\ndef create_rds(self):\n    return rds.DbInstance(self, \"db\", engine=\"postgres\", instance_class=\"db.t3.micro\")\n";

#[test]
fn a_python_project_locked_to_provider_aws_5_keeps_its_service_module_import() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "Pipfile",
        "[packages]\ncdktf-cdktf-provider-aws = \"*\"\n",
    );
    write(
        root,
        "Pipfile.lock",
        r#"{ "default": { "cdktf-cdktf-provider-aws": { "version": "==5.0.50" } } }"#,
    );
    write(root, "nimble/rds.py", PY_STACK);
    let out = run(root, &["fix", "."]);
    let text = printed(&out);
    assert_eq!(
        fs::read_to_string(root.join("nimble/rds.py")).unwrap(),
        PY_STACK,
        "{text}"
    );
    assert!(!text.contains("provider-imports"), "{text}");
    // Without the lock, nothing is known of the version: the import is split as usual.
    fs::remove_file(root.join("Pipfile.lock")).unwrap();
    run(root, &["fix", "."]);
    assert!(
        fs::read_to_string(root.join("nimble/rds.py"))
            .unwrap()
            .contains("from cdktf_cdktf_provider_aws.db_instance import DbInstance"),
        "{text}"
    );
}
