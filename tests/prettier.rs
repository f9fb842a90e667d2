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
