//! One finding per problem: a provider name that `provider-imports` cannot place but
//! `provider-class-names` resolves or reports (a class of another provider through the AWS
//! package, a namespace or submodule the provider does not have, another provider's class
//! imported from the package root) gets that transform's finding only, not a second
//! "cannot be resolved ... its import is kept" of `provider-imports` on the same name. Run
//! through the command line with the default selection, as a user runs `check`.

#[path = "support/cli.rs"]
mod cli;
use cli::{code, printed, run, write};

const STACK_TS: &str = r#"import { Construct } from "constructs";
import { TerraformStack } from "cdktf";
import * as aws from "@cdktf/provider-aws";
import { RandomProvider } from "@cdktf/provider-aws";

export class Fn extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new RandomProvider(this, "random");
    const zip = new aws.dataArchiveFile.DataArchiveFile(this, "zip", {
      type: "zip",
      sourceDir: "src",
      outputPath: "dist/fn.zip",
    });
    const subnets = new aws.rdsSubnetGroup.RdsSubnetGroup(this, "subnets", {
      subnetIds: ["subnet-1"],
    });
    new aws.lambdaFunction.LambdaFunction(this, "fn", {
      functionName: "fn",
      role: "arn:aws:iam::123456789012:role/fn",
      handler: "index.handler",
      runtime: "nodejs20.x",
      filename: zip.outputPath,
      environment: { variables: { SUBNETS: subnets.name } },
    });
  }
}
"#;

const STACK_PY: &str = r#"from constructs import Construct
from cdktf import TerraformStack
import cdktf_cdktf_provider_aws as aws
from cdktf_cdktf_provider_aws import RandomProvider


class Fn(TerraformStack):
    def __init__(self, scope: Construct, ns: str):
        super().__init__(scope, ns)
        RandomProvider(self, "random")
        bundle = aws.data_archive_file.DataArchiveFile(
            self, "zip", type="zip", source_dir="src", output_path="dist/fn.zip"
        )
        subnets = aws.rds_subnet_group.RdsSubnetGroup(
            self, "subnets", subnet_ids=["subnet-1"]
        )
        aws.lambda_function.LambdaFunction(
            self,
            "fn",
            function_name="fn",
            role="arn:aws:iam::123456789012:role/fn",
            handler="main.handler",
            runtime="python3.12",
            filename=bundle.output_path,
            environment={"variables": {"SUBNETS": subnets.name}},
        )
"#;

/// The findings `check` prints for a project holding `rel` with `text`, which depends on the
/// AWS and archive providers (not on random).
fn check(rel: &str, text: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "package.json",
        r#"{ "name": "fn", "dependencies": { "cdktf": "0.21.0", "@cdktf/provider-aws": "21.22.1", "@cdktf/provider-archive": "11.0.1" } }"#,
    );
    write(
        dir.path(),
        "cdktf.json",
        r#"{ "language": "typescript", "app": "npx ts-node main.ts" }"#,
    );
    write(dir.path(), rel, text);
    let out = run(dir.path(), &["check", rel]);
    assert_eq!(code(&out), 1, "{}", printed(&out));
    printed(&out)
}

/// The findings of `text` on line `line`, by transform id.
fn on_line(printed: &str, rel: &str, line: usize) -> Vec<String> {
    let at = format!("{rel}:{line}:");
    printed
        .lines()
        .filter(|l| l.starts_with(&at))
        .map(|l| l.split_whitespace().nth(1).unwrap_or_default().to_string())
        .collect()
}

#[test]
fn typescript_names_provider_class_names_resolves_get_its_finding_only() {
    let out = check("main.ts", STACK_TS);
    // `RandomProvider` from the AWS root (imported on line 4, used on line 9), the archive
    // provider's class (10) and the invented namespace (15): one finding each.
    assert_eq!(
        on_line(&out, "main.ts", 4),
        ["provider-class-names"],
        "{out}"
    );
    assert_eq!(on_line(&out, "main.ts", 9), Vec::<String>::new(), "{out}");
    assert_eq!(
        on_line(&out, "main.ts", 10),
        ["provider-class-names"],
        "{out}"
    );
    assert_eq!(
        on_line(&out, "main.ts", 15),
        ["provider-class-names"],
        "{out}"
    );
    assert!(!out.contains("cannot be resolved"), "{out}");
    // provider-imports still splits the barrel, and keeps its import for what it cannot place.
    assert_eq!(on_line(&out, "main.ts", 3), ["provider-imports"], "{out}");
}

#[test]
fn python_names_provider_class_names_resolves_get_its_finding_only() {
    let out = check("main.py", STACK_PY);
    assert_eq!(
        on_line(&out, "main.py", 4),
        ["provider-class-names"],
        "{out}"
    );
    assert_eq!(
        on_line(&out, "main.py", 11),
        ["provider-class-names"],
        "{out}"
    );
    assert_eq!(
        on_line(&out, "main.py", 14),
        ["provider-class-names"],
        "{out}"
    );
    assert!(!out.contains("cannot be resolved"), "{out}");
    assert!(!out.contains("is not a name of any module"), "{out}");
    assert_eq!(on_line(&out, "main.py", 3), ["provider-imports"], "{out}");
}

#[test]
fn a_name_neither_can_place_is_still_reported_by_provider_imports() {
    let ts = STACK_TS.replace(
        "aws.rdsSubnetGroup.RdsSubnetGroup",
        "aws.vpc.VpcThatDoesNotExist",
    );
    let out = check("main.ts", &ts);
    assert_eq!(on_line(&out, "main.ts", 15), ["provider-imports"], "{out}");
    assert!(
        out.contains("`aws.vpc.VpcThatDoesNotExist` cannot be resolved"),
        "{out}"
    );
}
