//! Configuration like ruff's, through the command line: each file's closest `cdktf-fix.toml` (up
//! to its repository's root), also from a parent folder, with `--paths-from` and `--shard`;
//! `--config`; `exclude` / `extend-exclude`; `per-file-ignores`; `extend-select`; `select =
//! ["ALL"]`; the default set (defects on, policies opt in); test files; `--exit-zero`;
//! `check --add-suppressions`; and the small output rules (`-q`, `--statistics`, exit codes).

use std::fs;
use std::path::Path;

#[path = "support/cli.rs"]
mod support;
use support::{code, printed, run, write};

/// A policy finding (`hardcoded-az`, off by default) on line 2.
const POLICY: &str = "import { Instance } from \"@cdktf/provider-aws/lib/instance\";\nnew Instance(this, \"a\", { ami: \"x\", availabilityZone: \"us-east-1a\" });\n";

/// A defect finding (`sg-port-range`, on by default) on line 2.
const DEFECT: &str = "import { SecurityGroup } from \"@cdktf/provider-aws/lib/security-group\";\nnew SecurityGroup(this, \"sg\", { description: \"x\", ingress: [{ description: \"y\", protocol: \"-1\", fromPort: 80, toPort: 80, cidrBlocks: [\"10.0.0.0/8\"] }] });\n";

/// The `path:line:col: id` parts of the findings printed on stdout.
fn findings(o: &std::process::Output) -> Vec<String> {
    String::from_utf8_lossy(&o.stdout)
        .lines()
        .filter_map(|l| {
            let mut parts = l.splitn(3, ": ");
            let place = parts.next()?;
            let id = parts.next()?.split(' ').next()?;
            Some(format!("{place}: {id}"))
        })
        .collect()
}

/// Two repositories under `repos/`: `app` with its own configuration turning `hardcoded-az` on,
/// `other` without one.
fn fleet() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    for repo in ["repos/app", "repos/other"] {
        fs::create_dir_all(p.join(repo).join(".git")).unwrap();
        write(p, &format!("{repo}/main.ts"), POLICY);
    }
    write(
        p,
        "repos/app/cdktf-fix.toml",
        "extend-select = [\"hardcoded-az\"]\n",
    );
    dir
}

#[test]
fn each_file_uses_its_closest_configuration_from_a_parent_folder() {
    let dir = fleet();
    let o = run(dir.path(), &["check", "repos"]);
    assert_eq!(
        findings(&o),
        ["repos/app/main.ts:2:55: hardcoded-az"],
        "{}",
        printed(&o)
    );
    assert_eq!(code(&o), 1);
    // A closer file wins for the files below it.
    write(dir.path(), "repos/app/sub/cdktf-fix.toml", "ignore = []\n");
    write(dir.path(), "repos/app/sub/x.ts", POLICY);
    let o = run(dir.path(), &["check", "repos/app"]);
    assert_eq!(
        findings(&o),
        ["repos/app/main.ts:2:55: hardcoded-az"],
        "{}",
        printed(&o)
    );
}

#[test]
fn the_search_stops_at_the_repository_root() {
    let dir = fleet();
    // Above `repos/other`'s `.git`: not its configuration.
    write(dir.path(), "repos/cdktf-fix.toml", "select = [\"ALL\"]\n");
    let o = run(dir.path(), &["check", "repos/other"]);
    assert_eq!(findings(&o), Vec::<String>::new(), "{}", printed(&o));
    // Nothing up to the repository's root: the working directory's file, when there is one.
    write(
        dir.path(),
        "cdktf-fix.toml",
        "extend-select = [\"hardcoded-az\"]\n",
    );
    let o = run(dir.path(), &["check", "repos/other"]);
    assert_eq!(
        findings(&o),
        ["repos/other/main.ts:2:55: hardcoded-az"],
        "{}",
        printed(&o)
    );
    fs::remove_file(dir.path().join("cdktf-fix.toml")).unwrap();
    // Outside git the search goes on up.
    fs::remove_dir(dir.path().join("repos/other/.git")).unwrap();
    let o = run(dir.path(), &["check", "repos/other"]);
    assert!(
        findings(&o).contains(&"repos/other/main.ts:2:55: hardcoded-az".to_string()),
        "{}",
        printed(&o)
    );
}

#[test]
fn paths_from_and_shards_read_each_repositorys_configuration() {
    let dir = fleet();
    write(dir.path(), "list.txt", "repos/app\nrepos/other\n");
    for args in [
        &["check", "--paths-from", "list.txt"][..],
        &["check", "--paths-from", "list.txt", "--shard", "1/1"],
        &["check", "--shard", "1/1", "repos"],
    ] {
        let o = run(dir.path(), args);
        assert_eq!(
            findings(&o),
            ["repos/app/main.ts:2:55: hardcoded-az"],
            "{args:?}: {}",
            printed(&o)
        );
    }
}

#[test]
fn config_overrides_the_search_for_every_file() {
    let dir = fleet();
    write(dir.path(), "strict.toml", "select = [\"ALL\"]\n");
    let o = run(dir.path(), &["check", "--config", "strict.toml", "repos"]);
    let got = findings(&o);
    assert!(
        got.contains(&"repos/other/main.ts:2:55: hardcoded-az".to_string()),
        "{}",
        printed(&o)
    );
    write(dir.path(), "quiet.toml", "ignore = [\"hardcoded-az\"]\n");
    let o = run(dir.path(), &["check", "--config", "quiet.toml", "repos"]);
    assert_eq!(findings(&o), Vec::<String>::new(), "{}", printed(&o));
}

#[test]
fn a_malformed_configuration_below_the_working_directory_is_an_error_naming_it() {
    let dir = fleet();
    write(
        dir.path(),
        "repos/app/cdktf-fix.toml",
        "extend-select = [\"hardcoded-az\"]\nexclude = [\"gen[\"]\n",
    );
    let o = run(dir.path(), &["check", "repos"]);
    assert_eq!(code(&o), 2, "{}", printed(&o));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.starts_with("error: repos/app/cdktf-fix.toml:2: bad glob `gen[`"),
        "{err}"
    );
    assert!(o.stdout.is_empty());
}

#[test]
fn exclude_and_extend_exclude_keep_files_out_relative_to_the_configuration() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    fs::create_dir_all(p.join("app/.git")).unwrap();
    for f in [
        "app/main.ts",
        "app/generated/a.ts",
        "app/vendor/v.ts",
        "app/src/b.gen.ts",
    ] {
        write(p, f, DEFECT);
    }
    let listed = |o: &std::process::Output| -> Vec<String> {
        findings(o)
            .into_iter()
            .map(|f| f.split(':').next().unwrap().to_string())
            .collect()
    };
    // The defaults skip `vendor`.
    let o = run(p, &["check", "app"]);
    assert_eq!(
        listed(&o),
        ["app/generated/a.ts", "app/main.ts", "app/src/b.gen.ts"]
    );
    write(
        p,
        "app/cdktf-fix.toml",
        "extend-exclude = [\"generated\", \"*.gen.ts\"]\n",
    );
    let o = run(p, &["check", "app"]);
    assert_eq!(listed(&o), ["app/main.ts"], "{}", printed(&o));
    // Named on the command line: still excluded (hooks pass files one by one).
    let o = run(p, &["check", "app/generated/a.ts"]);
    assert_eq!(listed(&o), Vec::<String>::new(), "{}", printed(&o));
    // `exclude` replaces the defaults: `vendor` is read again.
    write(p, "app/cdktf-fix.toml", "exclude = [\"generated/**\"]\n");
    let o = run(p, &["check", "app"]);
    assert_eq!(
        listed(&o),
        ["app/main.ts", "app/src/b.gen.ts", "app/vendor/v.ts"],
        "{}",
        printed(&o)
    );
}

#[test]
fn per_file_ignores_turn_transforms_off_by_glob() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    write(p, "src/a.ts", DEFECT);
    write(p, "legacy/b.ts", DEFECT);
    write(p, "legacy/c.ts", DEFECT);
    write(
        p,
        "cdktf-fix.toml",
        "[per-file-ignores]\n\"legacy/b.ts\" = [\"sg-port-range\"]\n\"legacy/c*\" = [\"ALL\"]\n",
    );
    let o = run(p, &["check"]);
    assert_eq!(
        findings(&o),
        ["src/a.ts:2:81: sg-port-range"],
        "{}",
        printed(&o)
    );
    write(
        p,
        "cdktf-fix.toml",
        "[per-file-ignores]\n\"legacy/b.ts\" = [\"no-such-id\"]\n",
    );
    let o = run(p, &["check"]);
    assert_eq!(code(&o), 2);
    assert!(
        String::from_utf8_lossy(&o.stderr)
            .contains("cdktf-fix.toml:2: unknown transform `no-such-id`"),
        "{}",
        printed(&o)
    );
}

#[test]
fn defects_run_by_default_and_policies_are_opted_into() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    write(p, "a.ts", POLICY);
    write(p, "b.ts", DEFECT);
    let o = run(p, &["check"]);
    assert_eq!(
        findings(&o),
        ["b.ts:2:81: sg-port-range"],
        "{}",
        printed(&o)
    );
    let o = run(p, &["check", "--extend-select", "hardcoded-az"]);
    assert_eq!(
        findings(&o),
        ["a.ts:2:55: hardcoded-az", "b.ts:2:81: sg-port-range"]
    );
    write(p, "cdktf-fix.toml", "extend-select = [\"hardcoded-az\"]\n");
    let o = run(p, &["check"]);
    assert_eq!(findings(&o).len(), 2, "{}", printed(&o));
    // ALL: every transform, the opt-in migration too.
    write(p, "cdktf-fix.toml", "select = [\"ALL\"]\n");
    let o = run(p, &["check"]);
    let ids: Vec<String> = findings(&o)
        .into_iter()
        .map(|f| f.rsplit(' ').next().unwrap().to_string())
        .collect();
    for id in ["hardcoded-az", "imds-v2", "sg-port-range", "migrate-cdktn"] {
        assert!(ids.iter().any(|i| i == id), "{id}: {}", printed(&o));
    }
}

#[test]
fn test_files_get_the_defect_transforms_only_unless_configured() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    for f in [
        "src/stack.test.ts",
        "src/stack.spec.ts",
        "__tests__/a.ts",
        "test/b.ts",
        "tests/c.ts",
        "src/main.ts",
    ] {
        write(p, f, POLICY);
    }
    write(p, "tests/d.ts", DEFECT);
    let o = run(p, &["check", "--select", "hardcoded-az,sg-port-range"]);
    assert_eq!(
        findings(&o),
        [
            "src/main.ts:2:55: hardcoded-az",
            "tests/d.ts:2:81: sg-port-range"
        ],
        "{}",
        printed(&o)
    );
    write(p, "cdktf-fix.toml", "test-files = \"all\"\n");
    let o = run(p, &["check", "--select", "hardcoded-az"]);
    assert_eq!(findings(&o).len(), 6, "{}", printed(&o));
    // Python and Go test names.
    let py = "from cdktf_cdktf_provider_aws.instance import Instance\nInstance(self, \"a\", ami=\"x\", availability_zone=\"us-east-1a\")\n";
    let q = tempfile::tempdir().unwrap();
    for f in ["test_stack.py", "stack_test.py", "conftest.py", "stack.py"] {
        write(q.path(), f, py);
    }
    let o = run(q.path(), &["check", "--select", "hardcoded-az"]);
    let files: Vec<String> = findings(&o)
        .into_iter()
        .map(|f| f.split(':').next().unwrap().to_string())
        .collect();
    assert_eq!(files, ["stack.py"], "{}", printed(&o));
}

#[test]
fn exit_zero_keeps_findings_from_failing_the_run_but_not_errors() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "b.ts", DEFECT);
    let o = run(dir.path(), &["check", "--exit-zero"]);
    assert_eq!(code(&o), 0);
    assert_eq!(findings(&o).len(), 1);
    let o = run(dir.path(), &["fix", "--dry-run", "--exit-zero"]);
    assert_eq!(code(&o), 0);
    assert!(!o.stdout.is_empty());
    let o = run(dir.path(), &["check", "--exit-zero", "missing.ts"]);
    assert_eq!(code(&o), 2);
    // The reports state the exit code the process has.
    let o = run(dir.path(), &["check", "--exit-zero", "--format", "json"]);
    assert_eq!(code(&o), 0);
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(doc["summary"]["exit_code"], 0, "{doc}");
    let o = run(dir.path(), &["check", "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        (code(&o), doc["summary"]["exit_code"].as_u64()),
        (1, Some(1))
    );
}

#[test]
fn add_suppressions_writes_a_comment_per_finding_once_keeping_crlf_and_bom() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    let crlf = format!("\u{feff}{}", DEFECT.replace('\n', "\r\n"))
        .replace("new Security", "  new Security");
    write(p, "b.ts", &crlf);
    write(p, "c.py", "x = 1\n");
    let o = run(p, &["check", "--add-suppressions"]);
    assert_eq!(code(&o), 0, "{}", printed(&o));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("Added 1 suppression comment in 1 file."),
        "{}",
        printed(&o)
    );
    let want = crlf.replace(
        "  new Security",
        "  // cdktf-fix: ignore[sg-port-range]\r\n  new Security",
    );
    assert_eq!(fs::read_to_string(p.join("b.ts")).unwrap(), want);
    assert_eq!(fs::read_to_string(p.join("c.py")).unwrap(), "x = 1\n");
    // Nothing left to suppress: a second run adds nothing, and check passes.
    let o = run(p, &["check", "--add-suppressions"]);
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("Added 0 suppression comments in 0 files."),
        "{}",
        printed(&o)
    );
    assert_eq!(fs::read_to_string(p.join("b.ts")).unwrap(), want);
    assert_eq!(code(&run(p, &["check"])), 0);
}

#[test]
fn quiet_silences_the_per_repository_summary_lines() {
    let dir = fleet();
    let o = run(dir.path(), &["check", "repos"]);
    let err = String::from_utf8_lossy(&o.stderr).to_string();
    assert!(err.contains("repos/app: 1 problem in 1 file"), "{err}");
    let o = run(dir.path(), &["check", "-q", "repos"]);
    assert_eq!(String::from_utf8_lossy(&o.stderr), "");
    assert_eq!(findings(&o).len(), 1);
}

#[test]
fn fix_dry_run_statistics_prints_the_table_only() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "b.ts", DEFECT);
    let o = run(dir.path(), &["fix", "--dry-run", "--statistics"]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(!out.contains("diff --git") && !out.contains("@@"), "{out}");
    assert!(out.contains("sg-port-range"), "{out}");
    assert_eq!(code(&o), 1);
}

#[test]
fn a_missing_path_is_reported_before_the_summary() {
    let dir = tempfile::tempdir().unwrap();
    let o = run(dir.path(), &["check", "missing/"]);
    assert_eq!(code(&o), 2);
    let err = String::from_utf8_lossy(&o.stderr);
    let error = err.find("error: missing/").expect("the error is printed");
    let summary = err.find("1 path could not be processed").unwrap();
    assert!(error < summary, "{err}");
}

#[test]
fn fix_exits_zero_when_only_findings_it_cannot_fix_remain() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.ts", POLICY);
    let o = run(dir.path(), &["fix", "--select", "hardcoded-az"]);
    assert_eq!(code(&o), 0, "{}", printed(&o));
    // The remaining finding is still printed.
    assert_eq!(findings(&o), ["a.ts:2:55: hardcoded-az"]);
    // The dry run of the same: nothing would change, exit 0.
    let o = run(
        dir.path(),
        &["fix", "--dry-run", "--select", "hardcoded-az"],
    );
    assert_eq!(code(&o), 0, "{}", printed(&o));
}

#[test]
fn rules_show_whether_each_transform_runs_by_default() {
    let o = run(Path::new("."), &["rules"]);
    let out = String::from_utf8_lossy(&o.stdout);
    let row = |id: &str| out.lines().find(|l| l.starts_with(id)).unwrap().to_string();
    assert!(row("sg-port-range ").contains(" on (defect) "), "{out}");
    assert!(row("hardcoded-az ").contains(" off (policy) "), "{out}");
    assert!(row("migrate-cdktn ").contains(" off (migration) "), "{out}");
}

#[test]
fn a_suppression_above_a_construct_covers_the_findings_inside_it() {
    let dir = tempfile::tempdir().unwrap();
    let multi = DEFECT.replace("ingress: [", "\n  ingress: [");
    let text = multi.replace(
        "new SecurityGroup",
        "// cdktf-fix: ignore[sg-port-range] -- reviewed\nnew SecurityGroup",
    );
    write(dir.path(), "a.ts", &text);
    let o = run(dir.path(), &["check"]);
    assert_eq!(findings(&o), Vec::<String>::new(), "{}", printed(&o));
    let o = run(dir.path(), &["fix"]);
    assert_eq!(code(&o), 0);
    assert_eq!(fs::read_to_string(dir.path().join("a.ts")).unwrap(), text);
    // Without the comment the finding is on the construct's third line.
    write(dir.path(), "b.ts", &multi);
    let o = run(dir.path(), &["check"]);
    assert_eq!(
        findings(&o),
        ["b.ts:3:33: sg-port-range"],
        "{}",
        printed(&o)
    );
}

#[test]
fn stdin_uses_the_closest_configuration_of_the_path_it_stands_for() {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let dir = fleet();
    write(
        dir.path(),
        "repos/app/cdktf-fix.toml",
        "extend-select = [\"hardcoded-az\"]\nextend-exclude = [\"generated\"]\n",
    );
    let check = |path: &str| {
        let mut child = Command::new(support::BIN)
            .args(["check", "--stdin-filename", path])
            .current_dir(dir.path())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(POLICY.as_bytes())
            .unwrap();
        child.wait_with_output().unwrap()
    };
    let o = check("repos/app/src/x.ts");
    assert_eq!(
        findings(&o),
        ["repos/app/src/x.ts:2:55: hardcoded-az"],
        "{}",
        printed(&o)
    );
    // Excluded: no finding.
    let o = check("repos/app/generated/x.ts");
    assert_eq!(code(&o), 0, "{}", printed(&o));
    assert_eq!(findings(&o), Vec::<String>::new());
    // Another repository: its own (absent) configuration.
    let o = check("repos/other/x.ts");
    assert_eq!(findings(&o), Vec::<String>::new(), "{}", printed(&o));
}
