//! The real prettier over the fixed output of every TypeScript fixture case whose folder holds a
//! prettier configuration (`.prettierrc*`, `prettier.config.*`, a `package.json` with a
//! `prettier` key): what `fix` writes into a project that formats with prettier must pass
//! `prettier --check` with that project's configuration, as the input did.
//!
//! Each such case is copied into a temporary project (its input and its configuration files),
//! `cdktf-fix fix` runs on it through the command line with the case's transforms, options and
//! `--unsafe-fixes` (so the configuration is read as the tool reads it in a real project), and
//! prettier 3.6.2, pinned in `tests/conformance/package.json` and installed by `npm ci` like the
//! conformance suites' toolchain (never skipped: without npm the test fails), checks the input
//! (the case must be formatted to begin with) and the output.
//!
//! The printer the transforms use to print TypeScript as prettier does
//! (`syntax::layout::prettier`) is also checked directly against prettier, statement by
//! statement, under two configurations.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

// Shared with other suites; this one uses part of each.
#[allow(dead_code)]
#[path = "support/cli.rs"]
mod cli;
#[allow(dead_code)]
#[path = "support/npm.rs"]
mod npm;

use cdktf_fix::project::PRETTIER_FILES;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn sorted_dirs(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    v.sort();
    v
}

/// Whether `dir` holds a prettier configuration (`package.json` only with a `prettier` key).
fn has_prettier_config(dir: &Path) -> bool {
    PRETTIER_FILES.iter().any(|name| {
        let path = dir.join(name);
        match *name {
            "package.json" => fs::read_to_string(&path)
                .ok()
                .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
                .is_some_and(|v| v.get("prettier").is_some()),
            _ => path.is_file(),
        }
    })
}

/// The TypeScript cases with a prettier configuration: (transform id, case folder, extension).
fn prettier_cases() -> Vec<(String, PathBuf, &'static str)> {
    let mut cases = Vec::new();
    for rule_dir in sorted_dirs(&repo().join("fixtures")) {
        let id = rule_dir.file_name().unwrap().to_string_lossy().to_string();
        for case in sorted_dirs(&rule_dir) {
            let Some(ext) = ["ts", "tsx"]
                .into_iter()
                .find(|e| case.join(format!("input.{e}")).is_file())
            else {
                continue;
            };
            if has_prettier_config(&case) {
                cases.push((id.clone(), case, ext));
            }
        }
    }
    cases
}

/// `prettier --check FILE` in `dir`: `None` when it passes, else what prettier would print
/// instead (or its error).
fn prettier_check(prettier: &Path, dir: &Path, file: &str) -> Option<String> {
    let node = |args: &[&str]| {
        Command::new("node")
            .arg(prettier)
            .args(args)
            .current_dir(dir)
            .output()
            .unwrap_or_else(|e| {
                panic!(
                    "prettier: cannot run `node` ({e}); Node.js is needed, the test is not skipped"
                )
            })
    };
    let check = node(&["--no-editorconfig", "--check", file]);
    if check.status.success() {
        return None;
    }
    let formatted = node(&["--no-editorconfig", file]);
    Some(format!(
        "{}{}\n--- prettier would print ---\n{}",
        String::from_utf8_lossy(&check.stdout),
        String::from_utf8_lossy(&check.stderr),
        String::from_utf8_lossy(&formatted.stdout),
    ))
}

#[test]
fn fixed_typescript_passes_the_projects_prettier_check() {
    let conformance = repo().join("tests/conformance");
    npm::ensure_node_modules(&conformance);
    let prettier = conformance.join("node_modules/prettier/bin/prettier.cjs");
    assert!(
        prettier.is_file(),
        "{} is missing: prettier is pinned in tests/conformance/package.json",
        prettier.display()
    );
    let cases = prettier_cases();
    assert!(
        cases.len() >= 3,
        "expected the prettier fixture cases (fixtures/provider-imports/prettier-*), found {cases:?}"
    );
    let mut failures = Vec::new();
    for (id, case, ext) in &cases {
        let name = case.strip_prefix(repo()).unwrap().display().to_string();
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for entry in fs::read_dir(case).unwrap() {
            let path = entry.unwrap().path();
            let file = path.file_name().unwrap().to_string_lossy().to_string();
            let ours = file == "case.toml" || file == "check.txt" || file.starts_with("expected.");
            if path.is_file() && !ours {
                fs::copy(&path, root.join(&file)).unwrap();
            }
        }
        // The case's transforms, options and flags, as tests/fixtures.rs reads them.
        let table: toml::Table = fs::read_to_string(case.join("case.toml"))
            .map(|t| t.parse().unwrap())
            .unwrap_or_default();
        let mut select = vec![id.clone()];
        for also in table
            .get("also")
            .and_then(|a| a.as_array())
            .into_iter()
            .flatten()
        {
            select.push(also.as_str().unwrap().to_string());
        }
        if let Some(config) = table.get("config") {
            fs::write(
                root.join("cdktf-fix.toml"),
                toml::to_string(config).unwrap(),
            )
            .unwrap();
        }
        let input = format!("input.{ext}");
        if let Some(out) = prettier_check(&prettier, root, &input) {
            failures.push(format!(
                "{name}: the input does not pass prettier --check, so the case proves nothing:\n{out}"
            ));
            continue;
        }
        let select = select.join(",");
        let mut args = vec!["fix", "--select", &select, "-q"];
        if table.get("unsafe-fixes").and_then(|v| v.as_bool()) == Some(true) {
            args.push("--unsafe-fixes");
        }
        args.push(&input);
        let out = cli::run(root, &args);
        let fixed = fs::read_to_string(root.join(&input)).unwrap();
        let expected = fs::read_to_string(case.join(format!("expected.{ext}")))
            .or_else(|_| fs::read_to_string(case.join(&input)))
            .unwrap();
        if fixed != expected {
            failures.push(format!(
                "{name}: `cdktf-fix {}` in the project wrote something else than expected.{ext}:\n{fixed}\n{}",
                args.join(" "),
                cli::printed(&out)
            ));
            continue;
        }
        if let Some(out) = prettier_check(&prettier, root, &input) {
            failures.push(format!(
                "{name}: the fixed file does not pass prettier --check:\n{out}"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} prettier cases fail:\n\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
    eprintln!("prettier: {} cases pass", cases.len());
}

/// The check this suite relies on fails where prettier would reformat: the one-line import the
/// split wrote before it followed `printWidth`, and double quotes in a `singleQuote` project.
#[test]
fn the_check_fails_on_what_prettier_would_reformat() {
    let conformance = repo().join("tests/conformance");
    npm::ensure_node_modules(&conformance);
    let prettier = conformance.join("node_modules/prettier/bin/prettier.cjs");
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::write(root.join(".prettierrc.json"), r#"{ "singleQuote": true }"#).unwrap();
    let long = "import { S3BucketPolicy, S3BucketPolicyConfig } from '@cdktf/provider-aws/lib/s3-bucket-policy';\n";
    let broken = "import {\n  S3BucketPolicy,\n  S3BucketPolicyConfig,\n} from '@cdktf/provider-aws/lib/s3-bucket-policy';\n";
    let quoted = "import { Vpc } from \"@cdktf/provider-aws/lib/vpc\";\n";
    for (text, passes) in [(long, false), (broken, true), (quoted, false)] {
        fs::write(root.join("main.ts"), text).unwrap();
        assert_eq!(
            prettier_check(&prettier, root, "main.ts").is_none(),
            passes,
            "{text}"
        );
    }
}

/// Statements of the shapes cdktf-fix writes and rewrites (construct calls, objects, arrays,
/// long strings and member chains, blank lines, hugged and broken arguments, rigid calls): the
/// TypeScript printer of `syntax::layout::prettier` prints each exactly as prettier 3.6.2 does
/// (`prettier --write` over the same text), or gives up; it never prints something else.
const PRINTER_CASES: &[&str] = &[
    "new TerraformOutput(this, 'bucket-name-output-for-the-stack', { value: bucket.bucket });",
    "new TerraformOutput(this, 'bucket-name-output-for-the-stack-xxxxxxxxxx', { value: bucket.bucket });",
    "new Foo(this, 'id', { tags: { ...props.tags, Name: 'x' }, aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa: 1 });",
    "new Foo(this, 'id', {\n  a: [\n    'x',\n  ],\n});",
    "const aaaaaaaaaaaaaaaaaaaaaaaa = new Bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb(this, 'ccccccccccccccccccccc');",
    "const aaaaaaaaaaaaaaaaaaaaaaaa = new Bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb(this, 'ccccccccccccccccccccc', { a: 1 });",
    "new Foo(this, 'id', { xxxxx: aaaaa.bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb.cccccccccccccccccccccccccccccccccccccccccccccc.dddd });",
    "new Foo(this, 'id', { xxxxx: makeName(aaaaaaaaaaaaaaaaaaaaaaa, bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb, cccccccccccccccc) });",
    "new Foo(this, 'id', { a: 1 }).addOverride('x', 'y');",
    "new Foo(this, 'id', {\n  a: [{\n    b: 1 }, { c: 2, d: 3 }],\n  e: { f: { g: 1 } },\n});",
    "new Foo(this, 'id', { ingress: [{ fromPort: 22, toPort: 22, protocol: 'tcp', cidrBlocks: ['10.0.0.0/8'] }] });",
    "new Foo(\n  this,\n  'id',\n\n  { a: 1 },\n);",
    "new Foo(this, 'id', {\n  a: 1,\n\n\n  b: 2,\n});",
    "foo(this, 'id', { aaaaaaaaaaaaaaaaaaaaaaaaaaaa: 1, bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb: 2 });",
    "new Foo(this, 'id', { a: !enabled, b: -1, c: x!, d: typeof y, e: a?.b, f: a[0], g: a['k'] });",
    "new Foo(this, 'id', { aaaaaaaaaaaaaa: enabledddddddddddddddddddddddd && otherrrrrrrrrrrrrrrrrrrrrrrrrrr });",
    "new Foo(this, 'id', { aaaaaaaaaaaaaa: x as string, bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb: 1 });",
    "new Foo(this, `id-${name}`, { a: 1 });",
    "this.bucket = new S3Bucket(this, 'b', { bucket: `${props.prefix}-${props.environment}-bucket-name` });",
    "new Foo(this, 'id', { a: 1, b: 2 }, [x, y]);",
    "new Foo(this, 'id', [{ a: 1 }, { b: 2 }], { cccccccccccccccccccccccccccccccccccccccccccccccccc: 3 });",
    "new Foo(this, 'iddddddddddddddddddddddddddddddddddddddddd', Fn.element(list, 0), { a: 1 });",
    "new Foo(this, 'iddddddddddddddddddddddddddddddddddddddddddddd', Fn.element(listttttttttttttttttttt, 0));",
    "new S3Bucket(this, 'bucket', { bucket: 'my-bucket', acl: 'private' });",
    "new S3BucketServerSideEncryptionConfigurationA(this, 'bucket-encryption', { bucket: bucket.id, rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms' } }] });",
    "this.lambdaFunction = new AwsLambdaFunction(\n  this,\n  'lambda_function',\n  {\n    functionName: props.name,\n    handler: props.handler,\n    runtime: props.runtime,\n  },\n);",
    "this.lambdaFunctionWithAVeryLongName = new AwsLambdaFunctionWithALongName(this, 'lambda_function', {\n  functionName: props.name,\n});",
    "const bucket = new S3Bucket(this, 'b', {\n  bucket: 'x',\n\n  tags: { Name: 'x', Environment: props.environment, Owner: props.owner, Team: 'x' },\n});",
    "new SecurityGroupRule(this, 'rule', { type: 'ingress', fromPort: 443, toPort: 443, protocol: 'tcp', cidrBlocks: ['0.0.0.0/0'], securityGroupId: sg.id });",
    "new Instance(this, 'i', { ami: 'ami-123', instanceType: 't3.micro', metadataOptions: { httpTokens: 'required' } });",
    "new DbInstance(this, 'db', { description: 'a very long string that goes past the print width for sure yes', x: 1 });",
    "new DbInstance(this, 'db', { k: 'a very long string that goes past the print width for sure yes it does', x: 1 });",
    "new DbInstance(this, 'db', { kmsKeyId: dataAwsKmsAliasForTheDatabaseInstanceKey.targetKeyArn, x: 1 });",
    "new DbInstance(this, 'db', { kmsKeyId: Fn.join(',', [dataAwsKmsAliasForTheDatabaseInstanceKey.targetKeyArn]), x: 1 });",
    "new NatGateway(this, 'nat', { allocationId: eip.id, subnetId: publicSubnet.id, dependsOn: [internetGateway] });",
    "new AwsProvider(this, 'aws', { region: 'us-east-1', defaultTags: [{ tags: { Project: 'x', ManagedBy: 'cdktf' } }] });",
    "new AwsProvider(this, 'aws', {\n  region: 'us-east-1',\n  defaultTags: [{ tags: { Project: 'x', ManagedBy: 'cdktf' } }],\n});",
    "new VeryLongConstructNameForTestingPurposes(this, 'a-very-long-identifier-for-the-construct', 42);",
    "new VeryLongConstructNameForTestingPurposes(this, 'a-very-long-identifier-for-the-constructs', [a, b]);",
    "const x = new Foo(this, 'foo', { list: [aaaaaaaaaaaaaa, bbbbbbbbbbbbbbbbbbb, cccccccccccccccccc, dddddddddddd] });",
    "new Foo(this, 'foo', { a: `${prefix}-bucket-name-that-is-long-enough-to-break-the-line-here` });",
    "new Foo(this, 'foo', { abcdefgh: `${prefix}-bucket-name-that-is-long-enough-to-break-the-line-here` });",
    "new Foo(this, 'foo', { abcdefgh: 123456789012345678901234567890123456789012345678901234567890123 });",
    "new Foo(this, 'foo', { abcdefgh: this.node.tryGetContext('environment-name-for-the-stack-is-here') });",
    "new Foo(this, 'foo', { abcdefgh: props.something + '-' + props.otherThing + '-' + props.another });",
    "new Foo(this, 'foo', { abcdefgh: new Bar(this, 'bar', { a: 1, b: 2, c: 3, d: 4, eeeeeee: 5, ffff: 6 }) });",
    "new Foo(this, 'foo', { ...common, abcdefgh: true, ijklmnop: false, qrstuvwx: null, yz: undefined, q: 1 });",
    "const sg = new SecurityGroup(this, 'sg', { ingress: [{ fromPort: 22, toPort: 22 }, { fromPort: 80, toPort: 80 }] });",
    "new Foo(this, 'foo', someFunction(argumentNumberOne, argumentNumberTwo, argumentNumberThree));",
    "new Foo(this, 'foo', { a: 1 }, { b: 2 }, { c: 3 }, { ddddddddddddddddddddddddddddddddddddddddddddd: 4 });",
    "return new Foo(this, 'foo', { aaaaaaaaaaaa: 1, bbbbbbbbbbbbbbb: 2, cccccccccccccccc: 3, ddddddddd: 4 });",
    "const foo: Foo = new Foo(this, 'foo', { aaaaaaaaaaaa: 1, bbbbbbbbbbbbbbb: 2, cccccccccccccccc: 3 });",
    "new Foo(this, 'foo', { aaaaaaaaaaaa: cond ? 'yes' : 'no', bbbbbbbbbbbbbbb: 2, cccccccccccccccc: 3 });",
    "new Foo(this, 'foooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooo');",
    "new Foo(this, 'foo', [1, 2, 3]);",
    "new Foo(this, 'fooooooooooooooooooooooooo', ['aaaaaaaaaaaaaaaaaaa', 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbb']);",
    "new Foo(this, 'foo', { a: this.bucket.id, bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb: this.someConstruct.someProperty.id });",
    "new Foo(this, 'foo', { aaaaaaaaaaaaaaaaaaa: this.bucket.id, bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb: this.someConstruct.someProperty.idddddddddddddddddddd });",
    "new Foo(this, 'foo', { aaaaaaaaaaaaaaaaaaa: props.vpcConfig.privateSubnets[0].id, b: xs[i], c: m['k'] });",
];

#[test]
fn the_printer_prints_what_prettier_prints_or_gives_up() {
    use transforms::style::{Prettier, TrailingComma};
    use transforms::syntax::layout::prettier::print_ts_statement;
    let conformance = repo().join("tests/conformance");
    npm::ensure_node_modules(&conformance);
    let prettier = conformance.join("node_modules/prettier/bin/prettier.cjs");
    let options = [
        (
            r#"{ "singleQuote": true }"#,
            Prettier {
                single_quote: true,
                ..Prettier::default()
            },
        ),
        (
            r#"{ "singleQuote": true, "printWidth": 60, "useTabs": true, "tabWidth": 4, "trailingComma": "none" }"#,
            Prettier {
                single_quote: true,
                print_width: 60,
                use_tabs: true,
                tab_width: 4,
                trailing_comma: TrailingComma::None,
                ..Prettier::default()
            },
        ),
    ];
    let mut failures = Vec::new();
    for (config, options) in options {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::write(root.join(".prettierrc.json"), config).unwrap();
        for (i, case) in PRINTER_CASES.iter().enumerate() {
            fs::write(root.join(format!("c{i:02}.ts")), format!("{case}\n")).unwrap();
        }
        let out = Command::new("node")
            .arg(&prettier)
            .args(["--no-editorconfig", "--write", "c*.ts"])
            .current_dir(root)
            .output()
            .expect("node runs prettier");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let mut printed = 0;
        for (i, case) in PRINTER_CASES.iter().enumerate() {
            let want = fs::read_to_string(root.join(format!("c{i:02}.ts"))).unwrap();
            if let Some(got) = print_ts_statement(&options, case, "", "\n") {
                printed += 1;
                if got != want.trim_end() {
                    failures.push(format!(
                        "{config}\n{case}\n--- printer ---\n{got}\n--- prettier ---\n{want}"
                    ));
                }
            }
        }
        // The printer is of use only if it prints most of them.
        assert!(
            printed * 10 >= PRINTER_CASES.len() * 8,
            "{config}: printed {printed} of {}",
            PRINTER_CASES.len()
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
