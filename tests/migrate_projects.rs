//! `migrate` moves a project whole or not at all: a project (the folder of the nearest
//! `package.json`, `pyproject.toml`, `requirements.txt`, `go.mod`, `pom.xml`, `build.gradle`,
//! `*.csproj`) with one file CDK Terrain cannot take keeps every file on CDKTF, exits 2 and says
//! which file blocked it.

use std::fs;

#[path = "support/cli.rs"]
mod cli;
use cli::{read, write};

/// Runs `cdktf-fix args` in `dir`: exit code, stdout and stderr.
fn run(dir: &std::path::Path, args: &[&str]) -> (i32, String, String) {
    let o = cli::run(dir, args);
    (
        cli::code(&o),
        String::from_utf8(o.stdout).unwrap(),
        String::from_utf8(o.stderr).unwrap(),
    )
}

const APP: &str = r#"import { App } from "cdktf";
import { Infra } from "../lib/stack";

const app = new App();
new Infra(app, "infra");
app.synth();
"#;

const STACK_TLS: &str = r#"import { Construct } from "constructs";
import { TerraformStack } from "cdktf";
import { TlsProvider } from "@cdktf/provider-tls/lib/provider";
import { PrivateKey } from "@cdktf/provider-tls/lib/private-key";

export class Infra extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new TlsProvider(this, "tls");
    new PrivateKey(this, "key", { algorithm: "ED25519" });
  }
}
"#;

const STACK_AWS: &str = r#"import { Construct } from "constructs";
import { TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";

export class Infra extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new AwsProvider(this, "aws", { region: "us-east-1" });
  }
}
"#;

fn package_json(provider: &str, version: &str) -> String {
    format!(
        r#"{{
  "name": "infra",
  "dependencies": {{
    "{provider}": "^{version}",
    "cdktf": "^0.21.0",
    "constructs": "^10.4.2"
  }}
}}
"#
    )
}

#[test]
fn a_project_with_a_file_cdk_terrain_cannot_take_is_left_whole_on_cdktf() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    write(p, "bin/app.ts", APP);
    write(p, "lib/stack.ts", STACK_TLS);
    let manifest = package_json("@cdktf/provider-tls", "11.0.1");
    write(p, "package.json", &manifest);
    // Another project in the same run migrates: the rule is per project.
    write(
        p,
        "other/package.json",
        &package_json("@cdktf/provider-aws", "21.22.1"),
    );
    write(p, "other/main.ts", STACK_AWS);

    let (code, stdout, stderr) = run(p, &["migrate"]);
    assert_eq!(code, 2, "stdout:\n{stdout}\nstderr:\n{stderr}");
    assert_eq!(
        read(p, "bin/app.ts"),
        APP,
        "bin/app.ts is not migrated alone"
    );
    assert_eq!(read(p, "lib/stack.ts"), STACK_TLS);
    assert_eq!(read(p, "package.json"), manifest);
    // The report names the file that blocks the project, for each file held back.
    let held = stderr
        .lines()
        .find(|l| l.starts_with("error: bin/app.ts:"))
        .unwrap_or_else(|| panic!("bin/app.ts is reported as held back:\n{stderr}"));
    assert!(held.contains("`lib/stack.ts`:3"), "{held}");
    assert!(held.contains("@cdktn/provider-tls"), "{held}");
    assert!(held.contains("(and 1 other file)"), "{held}");
    // package.json is refused itself (no `@cdktn/provider-tls`), and says so.
    assert!(
        stdout.contains("package.json:") && !stderr.contains("error: package.json:"),
        "{stdout}\n{stderr}"
    );
    // lib/stack.ts says why itself.
    assert!(
        stdout.contains("lib/stack.ts:3:") && stdout.contains("@cdktn/provider-tls"),
        "{stdout}"
    );
    // The other project moved.
    assert!(read(p, "other/main.ts").contains(r#"from "cdktn""#));
    assert!(read(p, "other/package.json").contains("@cdktn/provider-aws"));

    // --dry-run tells the same and writes nothing.
    let (code, _, stderr) = run(p, &["migrate", "--dry-run"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("error: bin/app.ts:"), "{stderr}");
    assert_eq!(read(p, "bin/app.ts"), APP);
}

#[test]
fn a_project_cdk_terrain_covers_is_migrated_whole() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    write(p, "bin/app.ts", APP);
    write(p, "lib/stack.ts", STACK_AWS);
    write(
        p,
        "package.json",
        &package_json("@cdktf/provider-aws", "21.22.1"),
    );

    let (code, stdout, stderr) = run(p, &["migrate"]);
    assert_eq!(code, 0, "stdout:\n{stdout}\nstderr:\n{stderr}");
    assert_eq!(
        read(p, "bin/app.ts"),
        APP.replace(r#""cdktf""#, r#""cdktn""#)
    );
    assert_eq!(
        read(p, "lib/stack.ts"),
        STACK_AWS
            .replace(r#""cdktf""#, r#""cdktn""#)
            .replace("@cdktf/provider-aws", "@cdktn/provider-aws")
    );
    let manifest = read(p, "package.json");
    assert!(manifest.contains(r#""cdktn": "^0.24.0""#), "{manifest}");
    assert!(
        manifest.contains(r#""@cdktn/provider-aws": "^"#),
        "{manifest}"
    );
}

/// A Python project: its `requirements.txt` marks it; a module CDK Terrain lacks in one file keeps
/// the others on CDKTF.
#[test]
fn a_python_project_moves_whole_or_not_at_all() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    let main = "from cdktf import App\n\napp = App()\napp.synth()\n";
    let hooks = "from cdktf_cdktf_provider_null.resource import Resource\n";
    write(p, "requirements.txt", "cdktf==0.21.0\n");
    write(p, "main.py", main);
    write(p, "hooks.py", hooks);
    let (code, _, stderr) = run(p, &["migrate"]);
    assert_eq!(code, 2, "{stderr}");
    assert_eq!(read(p, "main.py"), main);
    assert_eq!(read(p, "requirements.txt"), "cdktf==0.21.0\n");
    assert!(stderr.contains("`hooks.py`:1"), "{stderr}");

    fs::remove_file(p.join("hooks.py")).unwrap();
    let (code, _, stderr) = run(p, &["migrate"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(read(p, "main.py"), main.replace("cdktf", "cdktn"));
    assert!(read(p, "requirements.txt").starts_with("cdktn=="));
}

const CDKTF_JSON: &str = r#"{
  "language": "typescript",
  "app": "npx ts-node bin/app.ts",
  "terraformProviders": [],
  "context": {}
}
"#;

/// With a `cdktf.json`, a provider CDK Terrain publishes no package of no longer holds the
/// project back: its imports move to the bindings `cdktn get` generates (relative to each
/// file), `cdktf.json` lists it, `package.json` drops it, and the report says to run `cdktn get`.
#[test]
fn a_project_with_a_cdktf_json_moves_a_provider_without_a_cdktn_package_to_generated_bindings() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    write(p, "bin/app.ts", APP);
    write(p, "lib/stack.ts", STACK_TLS);
    write(p, "cdktf.json", CDKTF_JSON);
    write(
        p,
        "package.json",
        &package_json("@cdktf/provider-tls", "11.0.1"),
    );

    let (code, stdout, stderr) = run(p, &["migrate", "--report", "migration.md"]);
    assert_eq!(code, 0, "stdout:\n{stdout}\nstderr:\n{stderr}");
    assert_eq!(
        read(p, "bin/app.ts"),
        APP.replace(r#""cdktf""#, r#""cdktn""#)
    );
    assert_eq!(
        read(p, "lib/stack.ts"),
        STACK_TLS
            .replace(r#""cdktf""#, r#""cdktn""#)
            .replace("@cdktf/provider-tls/lib/", "../.gen/providers/tls/")
    );
    assert_eq!(
        read(p, "cdktf.json"),
        CDKTF_JSON.replace(
            r#""terraformProviders": []"#,
            r#""terraformProviders": ["hashicorp/tls@~> 4.1"]"#
        )
    );
    let manifest = read(p, "package.json");
    assert!(manifest.contains(r#""cdktn": "^0.24.0""#), "{manifest}");
    assert!(!manifest.contains("provider-tls"), "{manifest}");
    assert!(
        stderr.contains("Next, run `cdktn get` in ."),
        "stdout:\n{stdout}\nstderr:\n{stderr}"
    );
    let report = read(p, "migration.md");
    let next = report
        .split("### Next steps")
        .nth(1)
        .unwrap_or_else(|| panic!("{report}"));
    assert!(next.contains("- `cdktn get`"), "{report}");
}

/// The same for Python: `codeMakerOutput` `imports`, the requirement's line dropped.
#[test]
fn a_python_project_with_a_cdktf_json_imports_generated_bindings() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    let main = "from cdktf import App\nfrom stacks.hooks import Hooks\n\napp = App()\nHooks(app, \"hooks\")\napp.synth()\n";
    let hooks = "from cdktf import TerraformStack\nfrom cdktf_cdktf_provider_null.resource import Resource\n";
    let cdktf_json = "{\n  \"language\": \"python\",\n  \"app\": \"python main.py\",\n  \"codeMakerOutput\": \"imports\"\n}\n";
    write(p, "main.py", main);
    write(p, "stacks/hooks.py", hooks);
    write(p, "cdktf.json", cdktf_json);
    write(
        p,
        "requirements.txt",
        "cdktf==0.21.0\ncdktf-cdktf-provider-null==11.0.1\n",
    );

    let (code, stdout, stderr) = run(p, &["migrate"]);
    assert_eq!(code, 0, "stdout:\n{stdout}\nstderr:\n{stderr}");
    assert_eq!(read(p, "main.py"), main.replacen("cdktf", "cdktn", 1));
    assert_eq!(
        read(p, "stacks/hooks.py"),
        "from cdktn import TerraformStack\nfrom imports.null.resource import Resource\n"
    );
    assert_eq!(read(p, "requirements.txt"), "cdktn==0.24.0\n");
    assert!(
        read(p, "cdktf.json").contains(r#""terraformProviders": ["hashicorp/null@~> 3.2"]"#),
        "{}",
        read(p, "cdktf.json")
    );
}
