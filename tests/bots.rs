//! cdktf-fix in hooks and bots: `.pre-commit-hooks.yaml`, the example workflows, `--paths-from`,
//! `--shard` and `fix --commit`, through the binary.

use std::collections::BTreeSet;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_cdktf-fix");

/// Flags the example workflows use that come from the output-format work (`--format`), merged
/// separately. A flag listed here is accepted while `--help` does not show it; once it does, it
/// is checked like every other flag (and can be removed from this list).
const PENDING_FLAGS: &[&str] = &["--format"];

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

struct Out {
    code: i32,
    stdout: String,
    stderr: String,
}

/// Runs cdktf-fix in `dir` with git's configuration isolated and an identity set (for --commit).
fn run_in(dir: &Path, args: &[&str], stdin: Option<&str>) -> Out {
    let mut child = git_env(Command::new(BIN))
        .args(args)
        .current_dir(dir)
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("cdktf-fix runs");
    if let Some(input) = stdin {
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
    }
    let o = child.wait_with_output().unwrap();
    Out {
        code: o.status.code().unwrap_or(-1),
        stdout: String::from_utf8(o.stdout).unwrap(),
        stderr: String::from_utf8(o.stderr).unwrap(),
    }
}

fn run(dir: &Path, args: &[&str]) -> Out {
    run_in(dir, args, None)
}

fn git_env(mut cmd: Command) -> Command {
    cmd.env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "Test")
        .env("GIT_AUTHOR_EMAIL", "test@example.com")
        .env("GIT_COMMITTER_NAME", "Test")
        .env("GIT_COMMITTER_EMAIL", "test@example.com")
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE");
    cmd
}

fn git(dir: &Path, args: &[&str]) -> String {
    let o = git_env(Command::new("git"))
        .args(["-c", "core.autocrlf=false"])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("git runs");
    assert!(
        o.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout).unwrap()
}

fn write(dir: &Path, rel: &str, contents: impl AsRef<[u8]>) {
    let path = dir.join(rel);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, contents).unwrap();
}

fn repo_file(rel: &str) -> String {
    fs::read_to_string(repo().join(rel)).unwrap()
}

/// Two safe `sg-port-range` fixes and nothing else that any transform reports: test data of its
/// own, so that new transforms do not change what these tests count.
const FIXABLE: &str = "tests/data/bots/fixable.ts";
const FIXABLE_EXPECTED: &str = "tests/data/bots/fixable.expected.ts";
const CLEAN: &str = "fixtures/sg-descriptions/ts-described-unchanged/input.ts";

/// The distinct files named in `check` output lines.
fn files_reported(stdout: &str) -> BTreeSet<String> {
    stdout
        .lines()
        .map(|l| l.split(':').next().unwrap().to_string())
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Commands written in YAML files: they must name real subcommands and flags.
// ---------------------------------------------------------------------------------------------

/// Every `cdktf-fix SUBCOMMAND ARGS...` in a shell script (continuation lines joined; stops at
/// shell operators).
fn invocations(script: &str) -> Vec<Vec<String>> {
    let joined = script.replace("\\\n", " ");
    let mut found = Vec::new();
    for line in joined.lines() {
        let words: Vec<&str> = line.split_whitespace().collect();
        for (i, w) in words.iter().enumerate() {
            if *w != "cdktf-fix" || words.get(i + 1).is_none() {
                continue;
            }
            let args: Vec<String> = words[i + 1..]
                .iter()
                .take_while(|a| {
                    !matches!(**a, "|" | "||" | "&&" | ";" | ">" | "2>" | ">>" | "<")
                        && !a.starts_with('>')
                })
                .map(|a| a.trim_matches('"').to_string())
                .collect();
            found.push(args);
        }
    }
    found
}

/// Fails unless `args` (after `cdktf-fix`) uses a real subcommand and only flags its `--help`
/// lists; returns the flags used.
fn check_invocation(args: &[String], origin: &str) -> Vec<String> {
    let sub = &args[0];
    let help = run(repo(), &[sub, "--help"]);
    assert_eq!(
        help.code, 0,
        "{origin}: `cdktf-fix {sub}` is not a subcommand: {}",
        help.stderr
    );
    let listed: BTreeSet<&str> = help
        .stdout
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| w.starts_with('-'))
        .collect();
    let mut flags = Vec::new();
    for a in &args[1..] {
        if !a.starts_with('-') {
            continue;
        }
        let flag = a.split('=').next().unwrap();
        if PENDING_FLAGS.contains(&flag) && !listed.contains(flag) {
            flags.push(flag.to_string());
            continue;
        }
        assert!(
            listed.contains(flag),
            "{origin}: `cdktf-fix {sub}` has no flag {flag} (its --help lists {listed:?})"
        );
        flags.push(flag.to_string());
    }
    flags
}

#[test]
fn pre_commit_hooks_run_real_commands_on_the_languages_cdktf_fix_reads() {
    let text = repo_file(".pre-commit-hooks.yaml");
    let hooks: Vec<serde_yaml::Mapping> =
        serde_yaml::from_str(&text).expect(".pre-commit-hooks.yaml is a YAML list of hooks");
    let get = |h: &serde_yaml::Mapping, k: &str| h.get(k).cloned().unwrap_or_default();
    let ids: Vec<String> = hooks
        .iter()
        .map(|h| get(h, "id").as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids, ["cdktf-fix", "cdktf-fix-check"]);
    for (hook, sub) in hooks.iter().zip(["fix", "check"]) {
        assert_eq!(get(hook, "language").as_str(), Some("rust"));
        assert_eq!(get(hook, "pass_filenames").as_bool(), Some(true));
        for key in ["name", "description", "entry", "files"] {
            assert!(get(hook, key).as_str().is_some(), "hook lacks {key}");
        }
        let entry: Vec<String> = get(hook, "entry")
            .as_str()
            .unwrap()
            .split_whitespace()
            .map(String::from)
            .collect();
        assert_eq!(entry[0], "cdktf-fix");
        assert_eq!(entry[1], sub);
        check_invocation(&entry[1..], ".pre-commit-hooks.yaml");
        // `files` is `\.(ext|ext...)$`: every TypeScript, Python and Go extension.
        let files = get(hook, "files").as_str().unwrap().to_string();
        let exts: BTreeSet<&str> = files
            .strip_prefix("\\.(")
            .and_then(|f| f.strip_suffix(")$"))
            .expect("files is \\.(a|b)$")
            .split('|')
            .collect();
        for ext in ["ts", "tsx", "mts", "cts", "py", "go"] {
            assert!(exts.contains(ext), "files misses .{ext}");
            let path = PathBuf::from(format!("x.{ext}"));
            assert!(transforms::lang::Lang::from_path(&path).is_some());
        }
        for ext in &exts {
            let path = PathBuf::from(format!("x.{ext}"));
            assert!(
                transforms::lang::Lang::from_path(&path).is_some(),
                "files names .{ext}, which cdktf-fix does not read"
            );
        }
    }
}

#[test]
fn example_workflows_are_valid_yaml_and_run_real_cdktf_fix_commands() {
    let dir = repo().join("examples/workflows");
    let mut names: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    let mut all_flags = BTreeSet::new();
    for path in &names {
        let origin = path.file_name().unwrap().to_string_lossy().to_string();
        assert!(origin.ends_with(".yml"), "{origin}: not a workflow");
        let doc: serde_yaml::Value = serde_yaml::from_str(&fs::read_to_string(path).unwrap())
            .unwrap_or_else(|e| panic!("{origin}: {e}"));
        assert!(doc.get("on").is_some(), "{origin}: no triggers");
        let jobs = doc["jobs"].as_mapping().expect("jobs");
        let mut used = 0;
        for (_, job) in jobs {
            assert!(
                job.get("runs-on").is_some(),
                "{origin}: a job without runs-on"
            );
            for step in job["steps"].as_sequence().expect("steps") {
                let Some(script) = step.get("run").and_then(|r| r.as_str()) else {
                    continue;
                };
                for args in invocations(script) {
                    if args[0] == "--locked" || args[0] == "cdktf-fix" {
                        continue; // `cargo install ... cdktf-fix`
                    }
                    all_flags.extend(check_invocation(&args, &origin));
                    used += 1;
                }
            }
        }
        assert!(used > 0, "{origin} never runs cdktf-fix");
    }
    assert_eq!(names.len(), 3, "{names:?}");
    // (`--branch`: the single-repository workflow leaves the branch to create-pull-request.)
    for flag in [
        "--format",
        "--dry-run",
        "--output",
        "--commit",
        "--paths-from",
        "--shard",
    ] {
        assert!(all_flags.contains(flag), "no workflow shows {flag}");
    }
}

/// The `uses:` of every step of a workflow.
fn actions_used(doc: &serde_yaml::Value) -> Vec<String> {
    let mut used = Vec::new();
    for (_, job) in doc["jobs"].as_mapping().unwrap() {
        for step in job["steps"].as_sequence().unwrap() {
            if let Some(u) = step.get("uses").and_then(|u| u.as_str()) {
                used.push(u.to_string());
            }
        }
    }
    used
}

fn workflow(name: &str) -> serde_yaml::Value {
    serde_yaml::from_str(&repo_file(&format!("examples/workflows/{name}"))).unwrap()
}

#[test]
fn example_workflows_use_current_actions_with_the_permissions_they_need() {
    // The majors current in December 2026 (upload-sarif v3 is deprecated then).
    let current = [
        ("actions/checkout", "v6"),
        ("github/codeql-action/upload-sarif", "v4"),
        ("peter-evans/create-pull-request", "v8"),
        ("actions/upload-artifact", "v7"),
        ("actions/create-github-app-token", "v2"),
    ];
    for name in [
        "cdktf-fix-pr.yml",
        "cdktf-fix-sarif.yml",
        "cdktf-fix-fleet.yml",
    ] {
        let used = actions_used(&workflow(name));
        assert!(
            used.contains(&"actions/checkout@v6".to_string()),
            "{name}: {used:?}"
        );
        for u in &used {
            let (action, version) = u.split_once('@').unwrap();
            let want = current
                .iter()
                .find(|(a, _)| *a == action)
                .unwrap_or_else(|| panic!("{name}: {action} is not one of the checked actions"));
            assert_eq!(version, want.1, "{name}: {u}");
        }
    }
    let perms =
        |doc: &serde_yaml::Value, key: &str| doc["permissions"][key].as_str().map(str::to_string);
    let sarif = workflow("cdktf-fix-sarif.yml");
    assert!(actions_used(&sarif).contains(&"github/codeql-action/upload-sarif@v4".to_string()));
    assert_eq!(perms(&sarif, "security-events").as_deref(), Some("write"));
    let pr = workflow("cdktf-fix-pr.yml");
    assert!(actions_used(&pr).contains(&"peter-evans/create-pull-request@v8".to_string()));
    assert_eq!(perms(&pr, "contents").as_deref(), Some("write"));
    assert_eq!(perms(&pr, "pull-requests").as_deref(), Some("write"));
    // The pull request is opened with an App token when there is one, and the reason is told
    // where the reader copies the workflow from.
    let steps = pr["jobs"]["fix"]["steps"].as_sequence().unwrap();
    let open = steps
        .iter()
        .find(|s| s["uses"].as_str() == Some("peter-evans/create-pull-request@v8"))
        .unwrap();
    assert_eq!(
        open["with"]["token"].as_str(),
        Some("${{ steps.app-token.outputs.token || github.token }}")
    );
    let text = repo_file("examples/workflows/cdktf-fix-pr.yml");
    let bots = repo_file("docs/bots.md");
    for doc in [&text, &bots] {
        assert!(doc.contains("starts no workflow runs"));
        assert!(doc.contains(
            "https://docs.github.com/en/actions/concepts/security/github_token#when-github_token-triggers-workflow-runs"
        ));
    }
}

#[test]
fn fixing_the_examples_only_touches_source_files() {
    let out = run(
        repo(),
        &["fix", "--dry-run", "--color", "never", "examples/"],
    );
    assert_eq!(out.code, 1, "{}", out.stderr);
    for line in out.stdout.lines().filter(|l| l.starts_with("diff --git ")) {
        assert!(!line.contains("workflows"), "{line}");
    }
}

// ---------------------------------------------------------------------------------------------
// --paths-from and the per-repository report
// ---------------------------------------------------------------------------------------------

/// `repos/<name>` for each name: a folder with a `.git` folder and `src/main.ts` (`fixable` or
/// clean).
fn fleet(dir: &Path, names: &[&str], fixable: bool) {
    for name in names {
        fs::create_dir_all(dir.join(format!("repos/{name}/.git"))).unwrap();
        let src = if fixable { FIXABLE } else { CLEAN };
        write(dir, &format!("repos/{name}/src/main.ts"), repo_file(src));
    }
}

#[test]
fn paths_from_reads_a_list_and_summarises_each_repository() {
    let dir = tempfile::tempdir().unwrap();
    fleet(dir.path(), &["b", "a"], true);
    fleet(dir.path(), &["c"], false);
    write(
        dir.path(),
        "lists/repos.txt",
        "# the fleet\nrepos/b\n\n  repos/a\nrepos/c\n# repos/zzz\n",
    );
    let out = run(dir.path(), &["check", "--paths-from", "lists/repos.txt"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert_eq!(
        files_reported(&out.stdout).into_iter().collect::<Vec<_>>(),
        ["repos/a/src/main.ts", "repos/b/src/main.ts"]
    );
    assert_eq!(
        out.stderr,
        "repos/a: 2 problems in 1 file\nrepos/b: 2 problems in 1 file\nrepos/c: no problems\nFound 4 problems (4 fixable with cdktf-fix fix).\n"
    );
    // From stdin, together with a path on the command line; `fix` summarises what it fixed.
    let out = run_in(
        dir.path(),
        &["fix", "--paths-from", "-", "repos/c"],
        Some("repos/a\n"),
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        out.stderr,
        "repos/a: fixed 2 problems in 1 file\nrepos/c: nothing to fix\nFixed 2 problems in 1 file.\n"
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("repos/a/src/main.ts")).unwrap(),
        repo_file(FIXABLE_EXPECTED)
    );
    // One repository: no per-repository line.
    let out = run(dir.path(), &["check", "repos/b"]);
    assert_eq!(
        out.stderr,
        "Found 2 problems (2 fixable with cdktf-fix fix).\n"
    );
}

#[test]
fn a_missing_path_list_is_an_error_before_anything_is_touched() {
    let dir = tempfile::tempdir().unwrap();
    fleet(dir.path(), &["a"], true);
    let out = run(dir.path(), &["fix", "--paths-from", "nope.txt", "repos/a"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .starts_with("error: cannot read the path list nope.txt: "),
        "{}",
        out.stderr
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("repos/a/src/main.ts")).unwrap(),
        repo_file(FIXABLE)
    );
}

// ---------------------------------------------------------------------------------------------
// --shard
// ---------------------------------------------------------------------------------------------

#[test]
fn shards_of_files_are_disjoint_and_cover_every_file() {
    let dir = tempfile::tempdir().unwrap();
    let mut all = BTreeSet::new();
    for i in 0..24 {
        let rel = format!("tree/d{}/stack{i}.ts", i % 4);
        write(dir.path(), &rel, repo_file(FIXABLE));
        all.insert(rel);
    }
    let everything = run(dir.path(), &["check", "tree"]);
    assert_eq!(files_reported(&everything.stdout), all);
    let mut seen = BTreeSet::new();
    for k in 1..=3 {
        let shard = format!("{k}/3");
        let out = run(dir.path(), &["check", "tree", "--shard", &shard]);
        let files = files_reported(&out.stdout);
        assert!(!files.is_empty(), "shard {shard} is empty");
        assert!(files.len() < all.len(), "shard {shard} holds everything");
        for f in files {
            assert!(seen.insert(f.clone()), "{f} is in two shards");
        }
        // The same slice from another working directory: keys are relative to the root.
        let again = run(&dir.path().join("tree"), &["check", ".", "--shard", &shard]);
        let prefixed: BTreeSet<String> = files_reported(&again.stdout)
            .into_iter()
            .map(|f| format!("tree/{f}"))
            .collect();
        assert_eq!(prefixed, files_reported(&out.stdout), "shard {shard} moved");
    }
    assert_eq!(seen, all, "the shards do not cover every file");
}

#[test]
fn with_paths_from_repositories_are_sharded_whole() {
    let dir = tempfile::tempdir().unwrap();
    let names = ["r1", "r2", "r3", "r4", "r5", "r6", "r7", "r8", "r9"];
    fleet(dir.path(), &names, true);
    let mut list = String::new();
    for n in names {
        write(
            dir.path(),
            &format!("repos/{n}/lib/more.ts"),
            repo_file(FIXABLE),
        );
        list.push_str(&format!("repos/{n}\n"));
    }
    write(dir.path(), "repos.txt", &list);
    let mut seen: BTreeSet<String> = BTreeSet::new();
    for k in 1..=3 {
        let shard = format!("{k}/3");
        let out = run(
            dir.path(),
            &["check", "--paths-from", "repos.txt", "--shard", &shard],
        );
        let files = files_reported(&out.stdout);
        let repos: BTreeSet<String> = files.iter().map(|f| f[..8].to_string()).collect();
        for r in &repos {
            // Both files of a repository, never one.
            assert!(files.contains(&format!("{r}/src/main.ts")), "{r} split");
            assert!(files.contains(&format!("{r}/lib/more.ts")), "{r} split");
            assert!(seen.insert(r.clone()), "{r} in two shards");
        }
    }
    let want: BTreeSet<String> = names.iter().map(|n| format!("repos/{n}")).collect();
    assert_eq!(seen, want);
}

#[test]
fn a_bad_shard_is_one_clear_error_and_exit_2_before_any_file_is_touched() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "main.ts", repo_file(FIXABLE));
    for (shard, problem) in [
        ("3/2", "there is no shard 3 of 2"),
        ("0/2", "shards are numbered from 1"),
        ("1/0", "N must be at least 1"),
        ("two/3", "K `two` is not a whole number"),
        ("garbage", "expected K/N"),
    ] {
        let out = run(dir.path(), &["fix", "--shard", shard, "main.ts"]);
        assert_eq!(out.code, 2, "{shard}");
        assert!(
            out.stderr.starts_with(&format!(
                "error: invalid value '{shard}' for '--shard <K/N>': {problem}"
            )),
            "{shard}: {}",
            out.stderr
        );
        assert_eq!(out.stderr.matches("error").count(), 1, "{}", out.stderr);
        assert_eq!(
            fs::read_to_string(dir.path().join("main.ts")).unwrap(),
            repo_file(FIXABLE)
        );
    }
}

// ---------------------------------------------------------------------------------------------
// fix --commit
// ---------------------------------------------------------------------------------------------

fn git_available() -> bool {
    Command::new("git")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// A repository with `files` committed on `main`, and a pre-commit hook that always fails (in
/// .git/hooks and in a core.hooksPath folder), so a commit that runs hooks cannot succeed.
fn git_repo(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    git(p, &["init", "-q", "-b", "main"]);
    for (rel, from) in files {
        write(p, rel, repo_file(from));
    }
    git(p, &["add", "-A"]);
    git(p, &["commit", "-q", "-m", "initial"]);
    #[cfg(unix)]
    for hooks in [".git/hooks", "hooks"] {
        use std::os::unix::fs::PermissionsExt;
        let hook = p.join(hooks).join("pre-commit");
        write(
            p,
            &format!("{hooks}/pre-commit"),
            "#!/bin/sh\necho hook ran >&2\nexit 1\n",
        );
        fs::set_permissions(&hook, fs::Permissions::from_mode(0o755)).unwrap();
    }
    git(p, &["add", "hooks"]);
    git(p, &["commit", "-q", "--no-verify", "-m", "hooks"]);
    git(p, &["config", "core.hooksPath", "hooks"]);
    dir
}

fn branches(dir: &Path) -> Vec<String> {
    git(dir, &["branch", "--format=%(refname:short)"])
        .lines()
        .map(String::from)
        .collect()
}

#[test]
fn commit_creates_a_branch_with_the_fixes_and_a_message_listing_the_transforms() {
    if !git_available() {
        eprintln!("skipped: git is not installed");
        return;
    }
    let dir = git_repo(&[("src/main.ts", FIXABLE), ("src/other.ts", CLEAN)]);
    let p = dir.path();
    let base = git(p, &["rev-parse", "HEAD"]);
    let out = run(p, &["fix", "--commit"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let branch = git(p, &["branch", "--show-current"]).trim().to_string();
    assert!(branch.starts_with("cdktf-fix/"), "{branch}");
    assert_eq!(branch.len(), "cdktf-fix/".len() + 10, "{branch}");
    assert!(
        out.stderr.ends_with(&format!(
            "Fixed 2 problems in 1 file.\n.: committed the fixes of 2 problems in 1 file to branch {branch} (hooks skipped)\n"
        )),
        "{}",
        out.stderr
    );
    assert!(!out.stderr.contains("hook ran"));
    assert_eq!(git(p, &["status", "--porcelain"]), "", "all committed");
    assert_eq!(git(p, &["rev-parse", "HEAD~1"]), base);
    assert_eq!(
        git(p, &["diff", "--name-only", "HEAD~1", "HEAD"]),
        "src/main.ts\n"
    );
    assert_eq!(
        fs::read_to_string(p.join("src/main.ts")).unwrap(),
        repo_file(FIXABLE_EXPECTED)
    );
    let message = git(p, &["log", "-1", "--format=%B"]);
    assert!(
        message.starts_with(
            "cdktf-fix: fix 2 problems in 1 file\n\nTransforms applied:\n- sg-port-range: 2\n"
        ),
        "{message}"
    );
    assert_eq!(branches(p), vec![branch.clone(), "main".to_string()]);

    // The branch name depends only on the changes: the same fixes on a fresh copy agree.
    let twin = git_repo(&[("src/main.ts", FIXABLE), ("src/other.ts", CLEAN)]);
    assert_eq!(run(twin.path(), &["fix", "--commit"]).code, 0);
    assert_eq!(
        git(twin.path(), &["branch", "--show-current"]).trim(),
        branch
    );
}

#[test]
fn commit_to_a_named_branch_and_nothing_to_fix_makes_no_branch() {
    if !git_available() {
        return;
    }
    let dir = git_repo(&[("src/main.ts", FIXABLE)]);
    let p = dir.path();
    let out = run(p, &["fix", "--commit", "--branch", "bot/fixes", "src"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(git(p, &["branch", "--show-current"]).trim(), "bot/fixes");
    // Now nothing is left to fix: no branch, no commit.
    let head = git(p, &["rev-parse", "HEAD"]);
    let out = run(p, &["fix", "--commit"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stderr, "Nothing to fix.\n.: nothing to commit\n");
    assert_eq!(git(p, &["rev-parse", "HEAD"]), head);
    assert_eq!(branches(p), ["bot/fixes", "main"]);
    // An existing branch is refused before anything is written.
    git(p, &["checkout", "-q", "main"]);
    let out = run(p, &["fix", "--commit", "--branch", "bot/fixes"]);
    assert_eq!(out.code, 2);
    assert_eq!(
        out.stderr,
        "error: .: branch `bot/fixes` already exists\n  help: nothing was written\n"
    );
    assert_eq!(
        fs::read_to_string(p.join("src/main.ts")).unwrap(),
        repo_file(FIXABLE)
    );
}

#[test]
fn commit_refuses_a_dirty_tree_and_a_folder_outside_git_without_writing() {
    if !git_available() {
        return;
    }
    let dir = git_repo(&[("src/main.ts", FIXABLE), ("src/other.ts", CLEAN)]);
    let p = dir.path();
    write(p, "src/other.ts", repo_file(CLEAN) + "// edited\n");
    let out = run(p, &["fix", "--commit"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.starts_with(
            "error: .: the working tree is not clean (M src/other.ts); `fix --commit` needs a clean tree"
        ),
        "{}",
        out.stderr
    );
    assert_eq!(
        fs::read_to_string(p.join("src/main.ts")).unwrap(),
        repo_file(FIXABLE)
    );
    assert_eq!(branches(p), ["main"]);
    // An untracked file counts too.
    git(p, &["checkout", "-q", "--", "src/other.ts"]);
    write(p, "notes.txt", "x");
    assert_eq!(run(p, &["fix", "--commit"]).code, 2);

    let outside = tempfile::tempdir().unwrap();
    write(outside.path(), "main.ts", repo_file(FIXABLE));
    let out = run(outside.path(), &["fix", "--commit", "main.ts"]);
    assert_eq!(out.code, 2);
    assert_eq!(
        out.stderr,
        "error: main.ts: not inside a git repository; `fix --commit` commits to the repository of the files it fixes\n  help: nothing was written\n"
    );
    assert_eq!(
        fs::read_to_string(outside.path().join("main.ts")).unwrap(),
        repo_file(FIXABLE)
    );
    // --commit makes no sense with --dry-run: a usage error.
    let out = run(p, &["fix", "--commit", "--dry-run"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("cannot be used with"), "{}", out.stderr);
}

#[test]
fn commit_with_paths_from_makes_one_branch_per_repository_that_changed() {
    if !git_available() {
        return;
    }
    let fixable = git_repo(&[("src/main.ts", FIXABLE)]);
    let clean = git_repo(&[("src/main.ts", CLEAN)]);
    let work = tempfile::tempdir().unwrap();
    let list = format!("{}\n{}\n", fixable.path().display(), clean.path().display());
    let out = run_in(
        work.path(),
        &["fix", "--commit", "--paths-from", "-"],
        Some(&list),
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let branch = git(fixable.path(), &["branch", "--show-current"]);
    assert!(branch.starts_with("cdktf-fix/"), "{branch}");
    assert_eq!(git(fixable.path(), &["status", "--porcelain"]), "");
    assert_eq!(branches(clean.path()), ["main"]);
    assert_eq!(
        out.stderr
            .matches(": committed the fixes of 2 problems")
            .count(),
        1
    );
    assert_eq!(out.stderr.matches(": nothing to commit").count(), 1);
    // Repositories are reported in path order, each with its summary line.
    assert_eq!(
        out.stderr.matches(": fixed 2 problems in 1 file\n").count(),
        1
    );
    assert_eq!(out.stderr.matches(": nothing to fix\n").count(), 1);
}
