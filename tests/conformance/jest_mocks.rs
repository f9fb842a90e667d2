//! The project tests a fix must keep passing, with the real jest (pinned in package.json): a
//! project whose jest test mocks the `@cdktf/provider-aws` barrel. Its test passes as written;
//! `cdktf-fix fix` leaves the module under test alone (the split is unsafe there) and the test
//! still passes; `fix --unsafe-fixes` splits the import, the result still compiles, and the test
//! now FAILS — the barrel's mock no longer reaches the code under test, which is exactly why the
//! fix is unsafe in such a project.
//!
//! Scratch project: `target/conformance/jest/` (recreated each run): `package.json` (the
//! project root cdktf-fix finds), `src/stack.ts` compiled by the pinned tsc to `dist/`, the
//! test `test/stack.test.js`, and a `node_modules` symlink to `tests/conformance/node_modules`.

use std::fs;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use super::{installed_toolchain, repo_root, symlink_dir};

const STACK: &str = r#"import { Construct } from "constructs";
import * as aws from "@cdktf/provider-aws";

export function bucket(scope: Construct): void {
  new aws.s3Bucket.S3Bucket(scope, "data", { bucket: "acme-data" });
}
"#;

const TEST: &str = r#"const aws = require("@cdktf/provider-aws");
const { App, TerraformStack } = require("cdktf");

jest.mock("@cdktf/provider-aws", () => ({ s3Bucket: { S3Bucket: jest.fn() } }));

const { bucket } = require("../dist/stack");

test("the stack creates its bucket through the provider", () => {
  const stack = new TerraformStack(new App(), "stack");
  bucket(stack);
  expect(aws.s3Bucket.S3Bucket).toHaveBeenCalledTimes(1);
});
"#;

fn run(cmd: &mut Command, what: &str) -> Output {
    cmd.stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("conformance: cannot run {what} ({e}); it is not skipped"))
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// Compiles `src/` with the pinned tsc (it must compile), then runs jest: whether it passed,
/// and its output.
fn compile_and_test(project: &Path, node_modules: &Path) -> (bool, String) {
    let _ = fs::remove_dir_all(project.join("dist"));
    let tsc = run(
        Command::new("node")
            .arg(node_modules.join("typescript/bin/tsc"))
            .args(["-p", "tsconfig.json", "--pretty", "false"])
            .current_dir(project),
        "node (tsc)",
    );
    assert!(
        tsc.status.success(),
        "conformance: src/stack.ts must compile:\n{}\n{}",
        fs::read_to_string(project.join("src/stack.ts")).unwrap_or_default(),
        text(&tsc)
    );
    let jest = run(
        Command::new("node")
            .arg(node_modules.join("jest/bin/jest.js"))
            .args(["--ci", "--no-watchman", "--rootDir", "."])
            .current_dir(project)
            .env("NO_COLOR", "1"),
        "node (jest)",
    );
    (jest.status.success(), text(&jest))
}

#[test]
fn a_jest_mock_of_the_provider_barrel_keeps_passing_because_the_split_is_unsafe_there() {
    let conformance_dir = installed_toolchain();
    let node_modules = conformance_dir.join("node_modules");
    assert!(
        node_modules.join("jest/bin/jest.js").is_file(),
        "conformance: jest is missing after npm ci (tests/conformance/package.json pins it)"
    );
    let project = repo_root().join("target/conformance/jest");
    let _ = fs::remove_dir_all(&project);
    fs::create_dir_all(project.join("src")).unwrap();
    fs::create_dir_all(project.join("test")).unwrap();
    fs::write(
        project.join("package.json"),
        r#"{ "name": "jest-mocks", "private": true }"#,
    )
    .unwrap();
    fs::write(
        project.join("tsconfig.json"),
        format!(
            r#"{{ "extends": {}, "compilerOptions": {{ "noEmit": false, "rootDir": "src", "outDir": "dist" }}, "include": ["src"] }}"#,
            super::json_path(&conformance_dir.join("tsconfig.base.json"))
        ),
    )
    .unwrap();
    fs::write(project.join("src/stack.ts"), STACK).unwrap();
    fs::write(project.join("test/stack.test.js"), TEST).unwrap();
    symlink_dir(&node_modules, &project.join("node_modules")).unwrap();

    let (passed, out) = compile_and_test(&project, &node_modules);
    assert!(
        passed,
        "conformance: the project's jest test must pass as written:\n{out}"
    );

    let bin = env!("CARGO_BIN_EXE_cdktf-fix");
    let fix = run(
        Command::new(bin)
            .args(["fix", "--select", "provider-imports", "src"])
            .current_dir(&project),
        "cdktf-fix",
    );
    let report = text(&fix);
    assert_eq!(
        fs::read_to_string(project.join("src/stack.ts")).unwrap(),
        STACK,
        "conformance: `fix` must not split the imports of a project whose test mocks the barrel:\n{report}"
    );
    assert!(
        report.contains("`test/stack.test.js` mocks `@cdktf/provider-aws`"),
        "conformance: the finding must name the test that mocks the barrel:\n{report}"
    );
    let (passed, out) = compile_and_test(&project, &node_modules);
    assert!(
        passed,
        "conformance: after `fix` the test must still pass:\n{out}"
    );

    let fix = run(
        Command::new(bin)
            .args([
                "fix",
                "--unsafe-fixes",
                "--select",
                "provider-imports",
                "src",
            ])
            .current_dir(&project),
        "cdktf-fix",
    );
    let split = fs::read_to_string(project.join("src/stack.ts")).unwrap();
    assert!(
        split.contains(r#"import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";"#),
        "conformance: `fix --unsafe-fixes` must split the import:\n{split}\n{}",
        text(&fix)
    );
    let (passed, out) = compile_and_test(&project, &node_modules);
    assert!(
        !passed,
        "conformance: with the import split, the barrel's mock should no longer reach the code \
         under test and the test fail (which is why the split is unsafe here); it passed:\n{out}"
    );
    assert!(
        out.contains("toHaveBeenCalledTimes"),
        "conformance: the test should fail on the mock's assertion:\n{out}"
    );
}
