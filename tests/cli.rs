//! End-to-end tests of the `cdktf-fix` binary, in the style of ruff's CLI tests.
//!
//! Every test copies its inputs into a fresh temporary folder, runs the binary there with
//! relative paths, and compares what it printed with a snapshot in `tests/snapshots/<name>.txt`:
//! the arguments, the exit code, stdout and stderr, compared exactly.
//! `UPDATE_SNAPSHOTS=1 cargo test --release --test cli` rewrites the snapshots; read every
//! rewritten one before committing (a snapshot that records wrong behaviour is a bug).
//!
//! In snapshots, the temporary folder's path is written `[TMP]`, and characters an editor would
//! hide are made visible: ESC as `␛`, CR as `␍`, the UTF-8 BOM as `<BOM>`; output that does not end
//! with a newline ends with `[no newline at end]`.
//!
//! Each run of the binary has a time limit ([`TIME_LIMIT`]): a hung process fails its test
//! instead of hanging the suite.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use tempfile::TempDir;

const BIN: &str = env!("CARGO_BIN_EXE_cdktf-fix");
const TIME_LIMIT: Duration = Duration::from_secs(60);

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/// What one run of the binary printed, with the temporary folder's path replaced by `[TMP]`.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Output {
    /// The exit code; -1 when the process was killed by a signal.
    code: i32,
    stdout: String,
    stderr: String,
}

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Reads a pipe to its end on another thread, so a full pipe never blocks the child.
fn drain(mut pipe: impl Read + Send + 'static) -> std::thread::JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = pipe.read_to_end(&mut buf);
        buf
    })
}

/// Runs `cdktf-fix args...` in `dir`, killing it after [`TIME_LIMIT`].
fn run(dir: &Path, args: &[&str]) -> Output {
    run_with_stdin(dir, args, None)
}

/// Runs cdktf-fix with `input` on its standard input (closed when `None`).
fn run_with_stdin(dir: &Path, args: &[&str], input: Option<&[u8]>) -> Output {
    let mut child = Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .env_remove("RUST_BACKTRACE")
        .stdin(if input.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("cdktf-fix starts");
    if let Some(input) = input {
        use std::io::Write;
        let mut stdin = child.stdin.take().unwrap();
        // A run that refuses its arguments exits without reading stdin: the pipe may close first.
        if let Err(e) = stdin.write_all(input) {
            assert_eq!(e.kind(), std::io::ErrorKind::BrokenPipe, "write stdin: {e}");
        }
    }
    let stdout = drain(child.stdout.take().unwrap());
    let stderr = drain(child.stderr.take().unwrap());
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for cdktf-fix") {
            break status;
        }
        if start.elapsed() > TIME_LIMIT {
            let _ = child.kill();
            let _ = child.wait();
            let err = String::from_utf8_lossy(&stderr.join().unwrap()).into_owned();
            panic!(
                "`cdktf-fix {}` did not finish within {TIME_LIMIT:?} (killed); stderr so far:\n{err}",
                args.join(" ")
            );
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let text = |bytes: Vec<u8>| {
        let s = String::from_utf8(bytes).expect("cdktf-fix prints UTF-8");
        scrub_tmp(&s, dir)
    };
    Output {
        code: status.code().unwrap_or(-1),
        stdout: text(stdout.join().unwrap()),
        stderr: text(stderr.join().unwrap()),
    }
}

/// Replaces the temporary folder's path (as given and canonical) with `[TMP]`.
fn scrub_tmp(s: &str, dir: &Path) -> String {
    let mut s = s.to_string();
    let mut roots = vec![dir.to_path_buf()];
    if let Ok(c) = dir.canonicalize() {
        roots.insert(0, c);
    }
    for root in roots {
        s = s.replace(&*root.to_string_lossy(), "[TMP]");
    }
    s
}

fn visible(s: &str) -> String {
    let mut s = s
        .replace('\u{1b}', "␛")
        .replace('\r', "␍")
        .replace('\u{feff}', "<BOM>");
    if !s.is_empty() && !s.ends_with('\n') {
        s.push_str("\n[no newline at end]\n");
    }
    s
}

fn render(args: &[&str], out: &Output) -> String {
    let args: Vec<String> = args
        .iter()
        .map(|a| {
            if a.is_empty() || a.contains(char::is_whitespace) {
                format!("'{a}'")
            } else {
                a.to_string()
            }
        })
        .collect();
    format!(
        "args: cdktf-fix {}\nexit_code: {}\n----- stdout -----\n{}----- stderr -----\n{}",
        args.join(" "),
        out.code,
        visible(&out.stdout),
        visible(&out.stderr)
    )
}

/// Compares the run with `tests/snapshots/<name>.txt` (or rewrites it under UPDATE_SNAPSHOTS).
fn snapshot(name: &str, args: &[&str], out: &Output) {
    let path = repo().join("tests/snapshots").join(format!("{name}.txt"));
    let actual = render(args, out);
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some_and(|v| !v.is_empty()) {
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        if fs::read_to_string(&path).ok().as_deref() != Some(actual.as_str()) {
            fs::write(&path, &actual).unwrap();
            eprintln!("updated snapshot {}", path.display());
        }
        return;
    }
    let expected = fs::read_to_string(&path).unwrap_or_else(|_| {
        panic!(
            "no snapshot {}; run `UPDATE_SNAPSHOTS=1 cargo test --release --test cli` and review it.\nActual:\n{actual}",
            path.display()
        )
    });
    if expected != actual {
        let diff = similar::TextDiff::from_lines(&expected, &actual)
            .unified_diff()
            .header("snapshot", "actual")
            .to_string();
        panic!(
            "snapshot {name} differs (UPDATE_SNAPSHOTS=1 rewrites it; review before committing):\n{diff}"
        );
    }
}

/// Runs and snapshots in one step; returns the output for further assertions.
fn run_snapshot(name: &str, dir: &Path, args: &[&str]) -> Output {
    let out = run(dir, args);
    snapshot(name, args, &out);
    out
}

fn tmp() -> TempDir {
    tempfile::tempdir().expect("temporary folder")
}

/// Writes `contents` to `dir/rel`, creating its folders.
fn write(dir: &Path, rel: &str, contents: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(rel);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(&path, contents).unwrap();
    path
}

fn read(dir: &Path, rel: &str) -> Vec<u8> {
    fs::read(dir.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// A file of the repository (fixture, example), as bytes.
fn repo_file(rel: &str) -> Vec<u8> {
    fs::read(repo().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// Copies the repository file `from` (relative to the repository) to `dir/to`.
fn copy_in(dir: &Path, from: &str, to: &str) {
    write(dir, to, repo_file(from));
}

fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Every file under `dir`, relative path → bytes, sorted.
fn snapshot_tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    fn go(root: &Path, dir: &Path, out: &mut Vec<(String, Vec<u8>)>) {
        for entry in fs::read_dir(dir).unwrap() {
            let p = entry.unwrap().path();
            if p.is_dir() {
                go(root, &p, out);
            } else {
                let rel = p
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.push((rel, fs::read(&p).unwrap()));
            }
        }
    }
    let mut out = Vec::new();
    go(dir, dir, &mut out);
    out.sort();
    out
}

/// A temporary folder holding a copy of the repository's `examples/`.
fn examples() -> TempDir {
    let dir = tmp();
    copy_tree(&repo().join("examples"), &dir.path().join("examples"));
    dir
}

const EXAMPLE: &str = "examples/typescript/main.ts";
/// Fixable by `sg-port-range` only (two safe fixes).
const SG_FIXABLE: &str = "fixtures/sg-port-range/vpc-rules-drop-ports/input.ts";
const SG_FIXABLE_EXPECTED: &str = "fixtures/sg-port-range/vpc-rules-drop-ports/expected.ts";
/// tcp/udp ports 0/0: only an unsafe fix.
const SG_TCP_ZERO: &str = "fixtures/sg-port-range/tcp-zero-ports-unsafe/input.ts";
const SG_TCP_ZERO_EXPECTED: &str = "fixtures/sg-port-range/tcp-zero-ports-unsafe/expected.ts";
/// A finding without a fix.
const SG_COMPUTED: &str = "fixtures/sg-port-range/computed-port-reported/input.ts";
/// Needs nothing.
const CLEAN: &str = "fixtures/sg-descriptions/ts-described-unchanged/input.ts";
const CRLF_BOM: &str = "fixtures/provider-class-names/crlf-and-bom/input.ts";
const CRLF_BOM_EXPECTED: &str = "fixtures/provider-class-names/crlf-and-bom/expected.ts";

fn git(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new("git")
        .args(["-c", "core.autocrlf=false", "-c", "core.safecrlf=false"])
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .output()
        .expect("git runs")
}

fn git_available() -> bool {
    Command::new("git")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

// ---------------------------------------------------------------------------------------------
// 1, 2. fix --dry-run
// ---------------------------------------------------------------------------------------------

#[test]
fn dry_run_prints_a_patch_and_a_summary_and_writes_nothing() {
    let dir = examples();
    let before = snapshot_tree(dir.path());
    let out = run_snapshot(
        "dry_run_examples",
        dir.path(),
        &["fix", "--dry-run", "--color", "never"],
    );
    assert_eq!(out.code, 1);
    assert!(out
        .stdout
        .starts_with("diff --git a/examples/typescript/main.ts b/examples/typescript/main.ts\n"));
    assert!(out.stderr.starts_with("Would fix "), "{}", out.stderr);
    assert_eq!(
        snapshot_tree(dir.path()),
        before,
        "--dry-run changed a file"
    );
}

#[test]
fn dry_run_patch_applies_with_git_apply_and_matches_what_fix_writes() {
    if !git_available() {
        eprintln!("skipped: git is not installed");
        return;
    }
    let patch = run(examples().path(), &["fix", "--dry-run", "--color", "never"]);
    assert_eq!(patch.code, 1, "{}", patch.stderr);

    let repo_dir = examples();
    let git_init = git(repo_dir.path(), &["init", "-q"]);
    assert!(git_init.status.success(), "{git_init:?}");
    let patch_file = write(repo_dir.path(), "fix.patch", &patch.stdout);
    let check = git(
        repo_dir.path(),
        &["apply", "--check", "-v", patch_file.to_str().unwrap()],
    );
    assert!(
        check.status.success(),
        "git apply --check: {}",
        String::from_utf8_lossy(&check.stderr)
    );
    let apply = git(repo_dir.path(), &["apply", patch_file.to_str().unwrap()]);
    assert!(
        apply.status.success(),
        "git apply: {}",
        String::from_utf8_lossy(&apply.stderr)
    );

    let fixed = examples();
    let out = run(fixed.path(), &["fix"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        read(repo_dir.path(), EXAMPLE),
        read(fixed.path(), EXAMPLE),
        "`git apply` of the --dry-run patch and `fix` disagree"
    );
}

#[test]
fn dry_run_on_a_tree_that_needs_nothing_exits_0_silently() {
    let dir = tmp();
    copy_in(dir.path(), CLEAN, "src/main.ts");
    let out = run_snapshot(
        "dry_run_clean",
        dir.path(),
        &["fix", "--dry-run", "--color", "never"],
    );
    assert_eq!(
        (out.code, out.stdout.as_str(), out.stderr.as_str()),
        (0, "", "Nothing to fix.\n")
    );
}

// ---------------------------------------------------------------------------------------------
// 3. check
// ---------------------------------------------------------------------------------------------

#[test]
fn check_prints_one_line_per_finding_and_exits_1() {
    let dir = examples();
    let out = run_snapshot("check_examples", dir.path(), &["check"]);
    assert_eq!(out.code, 1);
    for line in out.stdout.lines() {
        let mut parts = line.splitn(4, ':');
        let path = parts.next().unwrap();
        assert!(
            path.starts_with("examples/") && path.ends_with(".ts"),
            "{line}"
        );
        assert!(
            parts.next().unwrap().parse::<usize>().is_ok(),
            "line number in {line}"
        );
        assert!(
            parts.next().unwrap().parse::<usize>().is_ok(),
            "column in {line}"
        );
    }
    assert!(out.stderr.starts_with("Found "), "{}", out.stderr);
}

#[test]
fn check_on_a_clean_tree_exits_0() {
    let dir = tmp();
    copy_in(dir.path(), CLEAN, "src/main.ts");
    let out = run_snapshot("check_clean", dir.path(), &["check"]);
    assert_eq!(out.code, 0);
}

// ---------------------------------------------------------------------------------------------
// 4. fix
// ---------------------------------------------------------------------------------------------

#[test]
fn fix_writes_the_files_and_a_second_fix_changes_nothing() {
    let dir = examples();
    copy_in(dir.path(), SG_COMPUTED, "examples/typescript/computed.ts");
    let original = read(dir.path(), EXAMPLE);

    let first = run_snapshot("fix_examples", dir.path(), &["fix"]);
    assert_eq!(first.code, 0);
    let after_first = snapshot_tree(dir.path());
    assert_ne!(read(dir.path(), EXAMPLE), original, "fix wrote nothing");

    let second = run_snapshot("fix_examples_again", dir.path(), &["fix"]);
    assert_eq!(second.code, 0);
    assert_eq!(
        snapshot_tree(dir.path()),
        after_first,
        "a second fix changed files"
    );

    // What is left needs --unsafe-fixes or has no fix: no line offers a fix (`[*]`).
    let check = run_snapshot("check_after_fix", dir.path(), &["check"]);
    assert_eq!(check.code, 1);
    assert!(
        !check.stdout.is_empty() && !check.stdout.contains("[*]"),
        "{}",
        check.stdout
    );
}

// ---------------------------------------------------------------------------------------------
// 5. --unsafe-fixes
// ---------------------------------------------------------------------------------------------

#[test]
fn unsafe_fixes_flag_applies_the_tcp_zero_ports_fix() {
    let dir = tmp();
    copy_in(dir.path(), SG_TCP_ZERO, "network.ts");
    let out = run_snapshot(
        "unsafe_fixes_applied",
        dir.path(),
        &["fix", "--unsafe-fixes"],
    );
    assert_eq!(out.code, 0);
    assert_eq!(
        read(dir.path(), "network.ts"),
        repo_file(SG_TCP_ZERO_EXPECTED)
    );
}

#[test]
fn without_unsafe_fixes_the_tcp_fix_is_held_back_and_the_summary_says_how() {
    let dir = tmp();
    copy_in(dir.path(), SG_TCP_ZERO, "network.ts");
    let out = run_snapshot("unsafe_fixes_held_back", dir.path(), &["fix"]);
    assert_eq!(out.code, 0);
    assert!(out.stderr.contains("--unsafe-fixes"), "{}", out.stderr);
    assert_eq!(read(dir.path(), "network.ts"), repo_file(SG_TCP_ZERO));

    let check = run_snapshot("unsafe_fixes_check_summary", dir.path(), &["check"]);
    assert!(check.stderr.contains("--unsafe-fixes"), "{}", check.stderr);
}

// ---------------------------------------------------------------------------------------------
// 6. --select / --ignore
// ---------------------------------------------------------------------------------------------

#[test]
fn select_runs_only_the_named_transform() {
    let dir = examples();
    let out = run_snapshot(
        "select_sg_port_range",
        dir.path(),
        &["check", "--select", "sg-port-range"],
    );
    assert!(
        out.stdout.lines().all(|l| l.contains(": sg-port-range ")),
        "{}",
        out.stdout
    );
}

#[test]
fn ignore_skips_the_named_transform() {
    let dir = examples();
    let out = run_snapshot(
        "ignore_sg_port_range",
        dir.path(),
        &["check", "--ignore", "sg-port-range"],
    );
    assert!(!out.stdout.is_empty());
    assert!(!out.stdout.contains("sg-port-range"), "{}", out.stdout);
}

#[test]
fn select_of_an_unknown_transform_exits_2_naming_the_known_ones_and_touches_nothing() {
    let dir = examples();
    let before = snapshot_tree(dir.path());
    let out = run_snapshot(
        "select_unknown",
        dir.path(),
        &["fix", "--select", "no-such-rule"],
    );
    assert_eq!(out.code, 2);
    for rule in transforms::catalogue::REGISTRY {
        assert!(out.stderr.contains(rule.meta().id), "{}", out.stderr);
    }
    assert_eq!(snapshot_tree(dir.path()), before);
}

// ---------------------------------------------------------------------------------------------
// 7. cdktf-fix.toml and --config
// ---------------------------------------------------------------------------------------------

#[test]
fn config_in_the_working_directory_selects_and_enables_unsafe_fixes() {
    let dir = examples();
    write(
        dir.path(),
        "cdktf-fix.toml",
        "select = [\"sg-port-range\"]\nunsafe-fixes = true\n",
    );
    let out = run_snapshot(
        "config_select_unsafe",
        dir.path(),
        &["fix", "--dry-run", "--color", "never"],
    );
    assert!(
        out.stdout.contains("+      toPort: 65535,"),
        "unsafe fix applied:\n{}",
        out.stdout
    );
    assert!(
        !out.stdout.contains("S3BucketVersioningA"),
        "provider-class-names ran:\n{}",
        out.stdout
    );
}

#[test]
fn config_in_the_working_directory_ignores() {
    let dir = examples();
    write(
        dir.path(),
        "cdktf-fix.toml",
        "ignore = [\"sg-port-range\", \"sg-descriptions\"]\n",
    );
    let out = run_snapshot("config_ignore", dir.path(), &["check"]);
    assert!(!out.stdout.is_empty());
    assert!(!out.stdout.contains("sg-port-range"), "{}", out.stdout);
}

#[test]
fn config_flag_reads_the_named_file_instead() {
    let dir = examples();
    // The discovered file would select the other transform: --config wins.
    write(
        dir.path(),
        "cdktf-fix.toml",
        "select = [\"provider-class-names\"]\n",
    );
    write(
        dir.path(),
        "conf/only-sg.toml",
        "select = [\"sg-port-range\"]\n",
    );
    let out = run_snapshot(
        "config_flag",
        dir.path(),
        &["check", "--config", "conf/only-sg.toml"],
    );
    assert!(!out.stdout.is_empty());
    assert!(
        out.stdout.lines().all(|l| l.contains(": sg-port-range ")),
        "{}",
        out.stdout
    );
}

#[test]
fn malformed_config_exits_2_with_file_and_line_before_touching_files() {
    let dir = examples();
    write(
        dir.path(),
        "cdktf-fix.toml",
        "select = [\"sg-port-range\"]\nunsafe-fixes = tru\n",
    );
    let before = snapshot_tree(dir.path());
    let out = run_snapshot("config_malformed", dir.path(), &["fix"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("cdktf-fix.toml:2:"), "{}", out.stderr);
    assert_eq!(out.stdout, "");
    assert_eq!(snapshot_tree(dir.path()), before);
}

#[test]
fn invalid_default_tags_table_exits_2_with_file_and_line_before_touching_files() {
    let dir = examples();
    write(
        dir.path(),
        "cdktf-fix.toml",
        "[default-tags]\nTeam = \"platform\"\nCostCenter = 42\n",
    );
    let before = snapshot_tree(dir.path());
    let out = run_snapshot("config_default_tags_invalid", dir.path(), &["fix"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("cdktf-fix.toml:3:"), "{}", out.stderr);
    assert_eq!(snapshot_tree(dir.path()), before);
}

#[test]
fn configured_default_tags_are_added_by_fix() {
    let dir = examples();
    write(
        dir.path(),
        "cdktf-fix.toml",
        "[default-tags]\nTeam = \"platform\"\n",
    );
    let out = run(dir.path(), &["fix", "--select", "default-tags"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let fixed = String::from_utf8(read(dir.path(), EXAMPLE)).unwrap();
    assert!(fixed.contains("defaultTags: [{"), "{fixed}");
    assert!(fixed.contains("Team: \"platform\""), "{fixed}");
}

#[test]
fn unknown_config_key_exits_2_with_file_and_line_before_touching_files() {
    let dir = examples();
    write(
        dir.path(),
        "conf.toml",
        "select = [\"sg-port-range\"]\n\nfrobnicate = 1\n",
    );
    let before = snapshot_tree(dir.path());
    let out = run_snapshot(
        "config_unknown_key",
        dir.path(),
        &["fix", "--config", "conf.toml"],
    );
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .starts_with("error: conf.toml:3: unknown key `frobnicate`"),
        "{}",
        out.stderr
    );
    assert_eq!(snapshot_tree(dir.path()), before);
}

/// The TOML error is on line 2 (`=oops` at its first column), but the line is computed as the
/// number of lines *before* the error's offset, one short when the offset starts a line.
#[test]
fn config_syntax_error_at_the_start_of_a_line_names_that_line() {
    let dir = tmp();
    copy_in(dir.path(), CLEAN, "main.ts");
    write(dir.path(), "conf.toml", "select = []\n=oops\n");
    let out = run(dir.path(), &["check", "--config", "conf.toml"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.starts_with("error: conf.toml:2: "),
        "{}",
        out.stderr
    );
}

// ---------------------------------------------------------------------------------------------
// 8. Bytes and permissions survive
// ---------------------------------------------------------------------------------------------

#[test]
fn fix_keeps_crlf_line_endings_and_the_bom() {
    let dir = tmp();
    copy_in(dir.path(), CRLF_BOM, "stack.ts");
    let out = run_snapshot("fix_crlf_bom", dir.path(), &["fix"]);
    assert_eq!(out.code, 0);
    let fixed = read(dir.path(), "stack.ts");
    assert!(fixed.starts_with("\u{feff}".as_bytes()), "BOM lost");
    let text = String::from_utf8(fixed.clone()).unwrap();
    assert!(text.matches('\n').count() > 1);
    assert_eq!(
        text.matches('\n').count(),
        text.matches("\r\n").count(),
        "a bare LF crept in"
    );
    assert_eq!(fixed, repo_file(CRLF_BOM_EXPECTED));
}

#[test]
fn dry_run_patch_of_a_crlf_bom_file_applies_with_git_apply() {
    if !git_available() {
        eprintln!("skipped: git is not installed");
        return;
    }
    let dir = tmp();
    copy_in(dir.path(), CRLF_BOM, "stack.ts");
    let patch = run_snapshot(
        "dry_run_crlf_bom",
        dir.path(),
        &["fix", "--dry-run", "--color", "never"],
    );
    assert_eq!(patch.code, 1);
    assert!(git(dir.path(), &["init", "-q"]).status.success());
    let patch_file = write(dir.path(), "fix.patch", &patch.stdout);
    let apply = git(dir.path(), &["apply", patch_file.to_str().unwrap()]);
    assert!(
        apply.status.success(),
        "git apply: {}",
        String::from_utf8_lossy(&apply.stderr)
    );
    assert_eq!(read(dir.path(), "stack.ts"), repo_file(CRLF_BOM_EXPECTED));
}

#[cfg(unix)]
#[test]
fn fix_keeps_file_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tmp();
    copy_in(dir.path(), SG_FIXABLE, "sg.ts");
    let path = dir.path().join("sg.ts");
    fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
    let out = run(dir.path(), &["fix"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(read(dir.path(), "sg.ts"), repo_file(SG_FIXABLE_EXPECTED));
    assert_eq!(
        fs::metadata(&path).unwrap().permissions().mode() & 0o7777,
        0o640
    );
}

// ---------------------------------------------------------------------------------------------
// 9. Files that are skipped or cannot be written
// ---------------------------------------------------------------------------------------------

#[test]
fn binary_file_is_skipped_with_a_warning_that_does_not_change_the_exit_code() {
    let dir = tmp();
    copy_in(dir.path(), CLEAN, "main.ts");
    write(dir.path(), "blob.ts", b"const fromPort = 0;\0\x01\x02\n");
    let out = run_snapshot("skip_binary", dir.path(), &["check"]);
    assert_eq!(out.code, 0);
    assert!(
        out.stderr.contains("warning: blob.ts: skipped: binary"),
        "{}",
        out.stderr
    );
}

#[test]
fn invalid_utf8_file_is_an_error_exit_2_after_the_other_files_are_fixed() {
    let dir = tmp();
    copy_in(dir.path(), SG_FIXABLE, "a.ts");
    write(
        dir.path(),
        "latin1.ts",
        b"// caf\xe9\nconst fromPort = 0;\n",
    );
    copy_in(dir.path(), SG_FIXABLE, "z.ts");
    let out = run_snapshot("skip_invalid_utf8", dir.path(), &["fix"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .contains("error: latin1.ts: skipped: not valid UTF-8"),
        "{}",
        out.stderr
    );
    assert_eq!(read(dir.path(), "a.ts"), repo_file(SG_FIXABLE_EXPECTED));
    assert_eq!(read(dir.path(), "z.ts"), repo_file(SG_FIXABLE_EXPECTED));
    assert_eq!(
        read(dir.path(), "latin1.ts"),
        b"// caf\xe9\nconst fromPort = 0;\n"
    );
}

#[test]
fn file_larger_than_max_file_size_is_skipped_with_a_warning() {
    let dir = tmp();
    copy_in(dir.path(), SG_FIXABLE, "big.ts");
    write(dir.path(), "small.ts", "export const fromPort = 0;\n");
    let out = run_snapshot(
        "skip_max_file_size",
        dir.path(),
        &["fix", "--max-file-size", "100"],
    );
    assert_eq!(out.code, 0);
    assert!(out
        .stderr
        .contains("warning: big.ts: skipped: file is larger than --max-file-size"));
    assert_eq!(read(dir.path(), "big.ts"), repo_file(SG_FIXABLE));
}

/// cdktf-fix checks the permission bits itself, so this holds when the tests run as root too.
#[cfg(unix)]
#[test]
fn read_only_file_is_an_error_exit_2_and_left_unchanged() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tmp();
    copy_in(dir.path(), SG_FIXABLE, "ro.ts");
    copy_in(dir.path(), SG_FIXABLE, "rw.ts");
    let ro = dir.path().join("ro.ts");
    fs::set_permissions(&ro, fs::Permissions::from_mode(0o444)).unwrap();
    let out = run(dir.path(), &["fix"]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr
            .starts_with("error: ro.ts: the file is read-only; left as it is\n  help: "),
        "{}",
        out.stderr
    );
    assert!(out
        .stderr
        .ends_with("1 path could not be processed (see the errors above).\n"));
    assert_eq!(read(dir.path(), "ro.ts"), repo_file(SG_FIXABLE));
    assert_eq!(read(dir.path(), "rw.ts"), repo_file(SG_FIXABLE_EXPECTED));
    // The summary line is not pinned here: it counts the read-only file's fixes neither as
    // applied nor as pending (see the report accompanying these tests).
}

// ---------------------------------------------------------------------------------------------
// 10. Folders never read
// ---------------------------------------------------------------------------------------------

#[test]
fn dependency_build_and_gitignored_folders_are_not_read() {
    let dir = tmp();
    let skipped = [
        "node_modules/pkg/index.ts",
        "packages/app/node_modules/dep/index.ts",
        "cdktf.out/stacks/app/main.ts",
        ".terraform/modules/x/main.ts",
        "vendor/lib/main.ts",
        "build/generated.ts",
        "src/local-only.ts",
    ];
    for rel in skipped {
        copy_in(dir.path(), SG_FIXABLE, rel);
    }
    write(dir.path(), ".gitignore", "build/\n/src/local-only.ts\n");
    copy_in(dir.path(), SG_FIXABLE, "src/main.ts");
    let out = run_snapshot("ignored_folders", dir.path(), &["fix"]);
    assert_eq!(out.code, 0);
    for rel in skipped {
        assert_eq!(
            read(dir.path(), rel),
            repo_file(SG_FIXABLE),
            "{rel} was changed"
        );
        assert!(
            !out.stdout.contains(rel) && !out.stderr.contains(rel),
            "{rel} was mentioned"
        );
    }
    assert_eq!(
        read(dir.path(), "src/main.ts"),
        repo_file(SG_FIXABLE_EXPECTED)
    );
}

// ---------------------------------------------------------------------------------------------
// 11. --jobs
// ---------------------------------------------------------------------------------------------

#[test]
fn output_is_the_same_for_one_and_two_jobs_and_sorted_by_path() {
    // Every fixture input, at `<transform>/<case>.ts`.
    let dir = tmp();
    let mut count = 0;
    for rule in fs::read_dir(repo().join("fixtures")).unwrap() {
        let rule = rule.unwrap().path();
        for case in fs::read_dir(&rule).unwrap() {
            let case = case.unwrap().path();
            for file in fs::read_dir(&case).unwrap() {
                let file = file.unwrap().path();
                if file.file_stem().is_some_and(|s| s == "input") {
                    let name = rule.file_name().unwrap().to_string_lossy();
                    let to = format!(
                        "{name}/{}.{}",
                        case.file_name().unwrap().to_string_lossy(),
                        file.extension().unwrap().to_string_lossy()
                    );
                    write(dir.path(), &to, fs::read(&file).unwrap());
                    count += 1;
                }
            }
        }
    }
    assert!(count >= 25, "only {count} fixture inputs");

    for args in [
        &["check"][..],
        &["fix", "--dry-run", "--color", "never"][..],
    ] {
        let one = run(dir.path(), &[args, &["--jobs", "1"]].concat());
        let two = run(dir.path(), &[args, &["--jobs", "2"]].concat());
        assert_eq!(
            one,
            two,
            "`{}` differs between --jobs 1 and --jobs 2",
            args.join(" ")
        );
        assert!(!one.stdout.is_empty());
        let paths: Vec<&str> = if args[0] == "check" {
            one.stdout
                .lines()
                .map(|l| l.split(':').next().unwrap())
                .collect()
        } else {
            one.stdout
                .lines()
                .filter_map(|l| l.strip_prefix("+++ b/"))
                .collect()
        };
        assert!(
            paths.windows(2).all(|w| w[0] <= w[1]),
            "not sorted by path: {paths:#?}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// 12. transforms and explain
// ---------------------------------------------------------------------------------------------

#[test]
fn transforms_lists_every_transform() {
    let dir = tmp();
    let out = run_snapshot("transforms", dir.path(), &["transforms"]);
    assert_eq!(out.code, 0);
    for transform in transforms::catalogue::REGISTRY {
        let id = transform.meta().id;
        assert!(
            out.stdout.lines().any(|l| l.starts_with(&format!("{id} "))),
            "{id} missing"
        );
    }
}

#[test]
fn rules_is_an_alias_of_transforms() {
    let dir = tmp();
    let alias = run(dir.path(), &["rules"]);
    let name = run(dir.path(), &["transforms"]);
    assert_eq!(alias.code, 0);
    assert_eq!(alias.stdout, name.stdout);
}

#[test]
fn explain_prints_the_transform_docs() {
    let dir = tmp();
    let out = run_snapshot(
        "explain_sg_port_range",
        dir.path(),
        &["explain", "sg-port-range"],
    );
    assert_eq!(out.code, 0);
    for heading in [
        "## What it does",
        "## Why",
        "## Example",
        "## Fix safety",
        "## Source",
    ] {
        assert!(out.stdout.contains(heading), "{heading}");
    }
}

#[test]
fn explain_of_an_unknown_transform_exits_2() {
    let dir = tmp();
    let out = run_snapshot("explain_unknown", dir.path(), &["explain", "nope"]);
    assert_eq!(out.code, 2);
}

// ---------------------------------------------------------------------------------------------
// 13. Exit codes
// ---------------------------------------------------------------------------------------------

#[test]
fn nonexistent_path_exits_2_but_the_other_paths_are_fixed() {
    let dir = tmp();
    copy_in(dir.path(), SG_FIXABLE, "a.ts");
    let out = run_snapshot(
        "missing_path_fix",
        dir.path(),
        &["fix", "missing.ts", "a.ts"],
    );
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.starts_with("error: missing.ts: "),
        "{}",
        out.stderr
    );
    assert_eq!(read(dir.path(), "a.ts"), repo_file(SG_FIXABLE_EXPECTED));
}

#[test]
fn nonexistent_path_exits_2_even_when_check_finds_problems_elsewhere() {
    let dir = tmp();
    copy_in(dir.path(), SG_FIXABLE, "a.ts");
    let out = run_snapshot(
        "missing_path_check",
        dir.path(),
        &["check", "a.ts", "missing/"],
    );
    assert_eq!(out.code, 2);
    assert!(out.stdout.starts_with("a.ts:"), "{}", out.stdout);
}

// ---------------------------------------------------------------------------------------------
// 14. --color
// ---------------------------------------------------------------------------------------------

#[test]
fn color_always_colours_the_dry_run_diff() {
    let dir = tmp();
    copy_in(dir.path(), SG_FIXABLE, "sg.ts");
    let out = run_snapshot(
        "color_always",
        dir.path(),
        &["fix", "--dry-run", "--color", "always"],
    );
    assert!(
        out.stdout.contains("\x1b[31m-") && out.stdout.contains("\x1b[32m+"),
        "{}",
        out.stdout
    );
}

#[test]
fn color_never_and_auto_on_a_pipe_print_no_ansi_codes() {
    let dir = tmp();
    copy_in(dir.path(), SG_FIXABLE, "sg.ts");
    let never = run(dir.path(), &["fix", "--dry-run", "--color", "never"]);
    let auto = run(dir.path(), &["fix", "--dry-run"]);
    assert_eq!(never.code, 1);
    assert!(!never.stdout.is_empty());
    assert!(!never.stdout.contains('\x1b') && !never.stderr.contains('\x1b'));
    assert_eq!(auto, never, "--color auto coloured a pipe");
}

// ---------------------------------------------------------------------------------------------
// The snapshots themselves
// ---------------------------------------------------------------------------------------------

#[test]
fn every_snapshot_file_belongs_to_a_test() {
    let source = include_str!("cli.rs");
    for entry in fs::read_dir(repo().join("tests/snapshots")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_stem().unwrap().to_string_lossy();
        assert!(
            path.extension().is_some_and(|e| e == "txt") && source.contains(&format!("\"{name}\"")),
            "{} is not used by any test: delete it",
            path.display()
        );
    }
}

// ---------------------------------------------------------------------------------------------
// --stdin-filename (editors and hooks)
// ---------------------------------------------------------------------------------------------

#[test]
fn stdin_fix_prints_the_fixed_source_and_findings_go_to_stderr() {
    let dir = tmp();
    let input = repo_file(SG_FIXABLE);
    let out = run_with_stdin(
        dir.path(),
        &["fix", "--stdin-filename", "src/stack.ts"],
        Some(&input),
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        out.stdout.as_bytes(),
        repo_file(SG_FIXABLE_EXPECTED).as_slice()
    );
    assert!(
        out.stderr.contains("Fixed 2 problems in 1 file."),
        "{}",
        out.stderr
    );
    assert!(
        fs::read_dir(dir.path()).unwrap().next().is_none(),
        "nothing is written"
    );
}

#[test]
fn stdin_fix_passes_a_clean_or_unreadable_source_through_unchanged() {
    let dir = tmp();
    let clean = repo_file(CLEAN);
    let out = run_with_stdin(
        dir.path(),
        &["fix", "--stdin-filename", "a.ts"],
        Some(&clean),
    );
    assert_eq!((out.code, out.stdout.as_bytes()), (0, clean.as_slice()));
    let binary = b"let a = 1;\0\n".to_vec();
    let out = run_with_stdin(
        dir.path(),
        &["fix", "--stdin-filename", "a.ts"],
        Some(&binary),
    );
    assert_eq!(out.stdout.as_bytes(), binary.as_slice());
}

#[test]
fn stdin_check_reports_under_the_given_path_with_the_config_found_near_it() {
    let dir = tmp();
    write(
        dir.path(),
        "infra/cdktf-fix.toml",
        "ignore = [\"sg-port-range\", \"sg-descriptions\"]\n",
    );
    let input = repo_file(SG_FIXABLE);
    let out = run_with_stdin(
        dir.path(),
        &["check", "--stdin-filename", "src/stack.ts"],
        Some(&input),
    );
    assert_eq!(out.code, 1);
    assert!(
        out.stdout
            .lines()
            .any(|l| l.starts_with("src/stack.ts:11:7: sg-port-range [*] ")),
        "{}",
        out.stdout
    );
    let out = run_with_stdin(
        dir.path(),
        &["check", "--stdin-filename", "infra/stack.ts"],
        Some(&input),
    );
    assert_eq!((out.code, out.stdout.as_str()), (0, ""), "{}", out.stderr);
}

#[test]
fn stdin_with_an_unknown_extension_exits_2() {
    let dir = tmp();
    let out = run_with_stdin(
        dir.path(),
        &["check", "--stdin-filename", "notes.txt"],
        Some(b"x"),
    );
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("notes.txt: not a file cdktf-fix reads"),
        "{}",
        out.stderr
    );
}

#[test]
fn go_files_get_the_provider_version_of_their_nearest_go_mod() {
    let dir = tmp();
    let src = "package main\n\nimport \"github.com/cdktf/cdktf-provider-aws-go/aws/vpc\"\n\nvar _ = vpc.NewVpc\n";
    write(
        dir.path(),
        "infra/go.mod",
        "module example.com/infra\n\nrequire github.com/cdktf/cdktf-provider-aws-go/aws/v19 v19.54.0\n",
    );
    write(dir.path(), "infra/stacks/net.go", src);
    write(dir.path(), "other/net.go", src);
    let out = run(dir.path(), &["fix", "--select", "go-module-paths"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let fixed = String::from_utf8(read(dir.path(), "infra/stacks/net.go")).unwrap();
    assert!(
        fixed.contains("\"github.com/cdktf/cdktf-provider-aws-go/aws/v19/vpc\""),
        "{fixed}"
    );
    // No go.mod above it: the indexed provider-aws major version.
    let other = String::from_utf8(read(dir.path(), "other/net.go")).unwrap();
    assert!(
        other.contains("\"github.com/cdktf/cdktf-provider-aws-go/aws/v21/vpc\""),
        "{other}"
    );
    // The same through --stdin-filename.
    let out = run_with_stdin(
        dir.path(),
        &[
            "fix",
            "--select",
            "go-module-paths",
            "--stdin-filename",
            "infra/main.go",
        ],
        Some(src.as_bytes()),
    );
    assert!(out.stdout.contains("/aws/v19/vpc\""), "{}", out.stdout);
}

// ---------------------------------------------------------------------------------------------
// Output formats: --format json|sarif|github|markdown, --statistics, --quiet, --show-fixes
// ---------------------------------------------------------------------------------------------

fn parse_json(s: &str) -> serde_json::Value {
    serde_json::from_str(s).unwrap_or_else(|e| panic!("not JSON ({e}):\n{s}"))
}

/// Every object key anywhere in `v`.
fn json_keys(v: &serde_json::Value, out: &mut std::collections::BTreeSet<String>) {
    match v {
        serde_json::Value::Object(m) => {
            for (k, v) in m {
                out.insert(k.clone());
                json_keys(v, out);
            }
        }
        serde_json::Value::Array(a) => a.iter().for_each(|v| json_keys(v, out)),
        _ => {}
    }
}

/// Applies `{range: {start: {offset}, end: {offset}}, content}` edits to `bytes`.
fn apply_json_edits(bytes: &[u8], edits: &[serde_json::Value]) -> Vec<u8> {
    let mut out = bytes.to_vec();
    let mut edits: Vec<(usize, usize, String)> = edits
        .iter()
        .map(|e| {
            (
                e["range"]["start"]["offset"].as_u64().unwrap() as usize,
                e["range"]["end"]["offset"].as_u64().unwrap() as usize,
                e["content"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    edits.sort_by_key(|e| std::cmp::Reverse(e.0));
    for (s, e, t) in edits {
        out.splice(s..e, t.into_bytes());
    }
    out
}

#[test]
fn json_check_reports_findings_with_ranges_and_fixes() {
    let dir = examples();
    let out = run_snapshot(
        "json_check_examples",
        dir.path(),
        &["check", "--format", "json"],
    );
    assert_eq!(out.code, 1);
    let doc = parse_json(&out.stdout);
    assert_eq!(doc["version"], 1);
    assert_eq!(doc["summary"]["findings"], 7);
    assert_eq!(doc["summary"]["exit_code"], 1);
    let files = doc["files"].as_array().unwrap();
    let paths: Vec<&str> = files.iter().map(|f| f["path"].as_str().unwrap()).collect();
    assert_eq!(
        paths,
        [
            "examples/typescript/main.ts",
            "examples/wildcard-imports/main.ts"
        ]
    );
    // Every range points at the text the finding is about, by line/column and by offset.
    for file in files {
        let text = String::from_utf8(read(dir.path(), file["path"].as_str().unwrap())).unwrap();
        for f in file["findings"].as_array().unwrap() {
            let start = &f["range"]["start"];
            let offset = start["offset"].as_u64().unwrap() as usize;
            let line = start["line"].as_u64().unwrap() as usize;
            let column = start["column"].as_u64().unwrap() as usize;
            let line_text = text.lines().nth(line - 1).unwrap();
            let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
            assert_eq!(text[..line_start].lines().count(), line - 1, "{f}");
            assert_eq!(&text[line_start..offset], &line_text[..column - 1], "{f}");
        }
    }
    // A check fix's edits repair the file on their own: the one fix of wildcard-imports is
    // what `fix` writes.
    let wildcard = &files[1]["findings"][0];
    assert_eq!(wildcard["fix"]["applicability"], "automatic");
    let fixed = apply_json_edits(
        &read(dir.path(), "examples/wildcard-imports/main.ts"),
        wildcard["fix"]["edits"].as_array().unwrap(),
    );
    let written = examples();
    assert_eq!(
        run(written.path(), &["fix", "examples/wildcard-imports"]).code,
        0
    );
    assert_eq!(
        fixed,
        read(written.path(), "examples/wildcard-imports/main.ts")
    );
}

#[test]
fn json_fix_dry_run_edits_rebuild_what_fix_writes() {
    let dir = examples();
    let before = snapshot_tree(dir.path());
    let out = run_snapshot(
        "json_fix_dry_run_examples",
        dir.path(),
        &["fix", "--dry-run", "--format", "json"],
    );
    assert_eq!(out.code, 1);
    assert_eq!(snapshot_tree(dir.path()), before, "--dry-run wrote");
    let doc = parse_json(&out.stdout);
    assert_eq!(
        (doc["command"].as_str(), doc["dry_run"].as_bool()),
        (Some("fix"), Some(true))
    );
    let written = examples();
    assert_eq!(run(written.path(), &["fix"]).code, 0);
    for file in doc["files"].as_array().unwrap() {
        let path = file["path"].as_str().unwrap();
        assert_eq!(file["status"], "changed");
        let rebuilt = apply_json_edits(&read(dir.path(), path), file["edits"].as_array().unwrap());
        assert_eq!(rebuilt, read(written.path(), path), "{path}");
        let fixes = file["fixes"].as_array().unwrap();
        for fix in fixes {
            assert_eq!(fix["fix"]["applied"], false);
        }
        // Where every fix has edits of its own, they make the same change together.
        if fixes.iter().all(|f| f["fix"]["edits"].is_array()) {
            let all: Vec<serde_json::Value> = fixes
                .iter()
                .flat_map(|f| f["fix"]["edits"].as_array().unwrap().clone())
                .collect();
            assert_eq!(
                apply_json_edits(&read(dir.path(), path), &all),
                read(written.path(), path),
                "{path}"
            );
        }
    }
}

#[test]
fn json_fix_reports_applied_fixes_and_what_is_left() {
    let dir = examples();
    let out = run_snapshot(
        "json_fix_examples",
        dir.path(),
        &["fix", "--format", "json"],
    );
    assert_eq!(out.code, 0);
    let doc = parse_json(&out.stdout);
    assert_eq!(doc["summary"]["fixed"], 6);
    let main = &doc["files"][0];
    assert_eq!(main["fixes"][0]["fix"]["applied"], true);
    // What is left is placed in the file as written.
    let text = String::from_utf8(read(dir.path(), EXAMPLE)).unwrap();
    for f in main["findings"].as_array().unwrap() {
        let s = f["range"]["start"]["offset"].as_u64().unwrap() as usize;
        let e = f["range"]["end"]["offset"].as_u64().unwrap() as usize;
        assert!(!text[s..e].trim().is_empty(), "{f}");
    }
}

#[test]
fn json_offsets_count_the_bom_and_columns_do_not() {
    let dir = tmp();
    copy_in(dir.path(), CRLF_BOM, "a.ts");
    let out = run(dir.path(), &["check", "--format", "json"]);
    let doc = parse_json(&out.stdout);
    let bytes = read(dir.path(), "a.ts");
    assert!(bytes.starts_with("\u{feff}".as_bytes()));
    let text = String::from_utf8(bytes).unwrap();
    let f = &doc["files"][0]["findings"][0];
    let s = f["range"]["start"]["offset"].as_u64().unwrap() as usize;
    let e = f["range"]["end"]["offset"].as_u64().unwrap() as usize;
    let line = f["range"]["start"]["line"].as_u64().unwrap() as usize;
    let column = f["range"]["start"]["column"].as_u64().unwrap() as usize;
    let nth_line = text
        .trim_start_matches('\u{feff}')
        .lines()
        .nth(line - 1)
        .unwrap();
    assert_eq!(
        &nth_line[column - 1..column - 1 + (e - s)],
        &text[s..e],
        "line/column and offsets point at the same text"
    );
}

#[test]
fn json_schema_doc_names_every_field_and_the_version() {
    let doc = fs::read_to_string(repo().join("docs/json-schema.md")).unwrap();
    assert!(
        doc.contains("\"version\": 1"),
        "docs/json-schema.md shows the version"
    );
    let mut keys = std::collections::BTreeSet::new();
    for args in [
        &["check", "--format", "json"][..],
        &["fix", "--dry-run", "--format", "json"],
        &["check", "--format", "json", "--statistics"],
        &["fix", "--format", "json", "--statistics"],
    ] {
        let dir = examples();
        copy_in(dir.path(), CLEAN, "examples/missing.ts");
        write(dir.path(), "examples/bin.ts", b"\xff\xfe");
        json_keys(&parse_json(&run(dir.path(), args).stdout), &mut keys);
    }
    json_keys(
        &parse_json(&run(tmp().path(), &["check", "--format", "json", "nope.ts"]).stdout),
        &mut keys,
    );
    for key in &keys {
        assert!(
            doc.contains(&format!("`{key}`")),
            "docs/json-schema.md does not document `{key}`"
        );
    }
}

#[test]
fn json_output_is_the_same_for_any_jobs() {
    let one = run(
        examples().path(),
        &["fix", "--dry-run", "--format", "json", "-j", "1"],
    );
    let four = run(
        examples().path(),
        &["fix", "--dry-run", "--format", "json", "-j", "4"],
    );
    assert_eq!(one, four);
    let one = run(
        examples().path(),
        &["check", "--format", "sarif", "-j", "1"],
    );
    let four = run(
        examples().path(),
        &["check", "--format", "sarif", "-j", "4"],
    );
    assert_eq!(one, four);
}

/// The SARIF output with each rule's `help` (the `explain` text, tested on its own) cut to
/// `[explain ID]`, so the snapshots do not restate every transform's documentation.
fn sarif_snapshot(name: &str, dir: &Path, args: &[&str]) -> Output {
    let out = run(dir, args);
    let mut scrubbed = out.clone();
    scrubbed.stdout = out
        .stdout
        .lines()
        .map(|line| {
            let trimmed = line.trim_start();
            match ["\"text\": \"# ", "\"markdown\": \"# "]
                .iter()
                .find(|p| trimmed.starts_with(*p))
            {
                Some(p) => {
                    let indent = &line[..line.len() - trimmed.len()];
                    let id = trimmed[p.len()..].split('\\').next().unwrap();
                    let comma = if line.ends_with(',') { "," } else { "" };
                    format!("{indent}{}[explain {id}]\"{comma}\n", &p[..p.len() - 2])
                }
                None => format!("{line}\n"),
            }
        })
        .collect();
    snapshot(name, args, &scrubbed);
    out
}

fn sarif_validator() -> jsonschema::Validator {
    let text = fs::read_to_string(repo().join("tests/data/sarif-schema-2.1.0.json")).unwrap();
    // The published schema's one pattern the validator rejects as a regex (a stray `]`, the
    // pattern of `run.language`, which cdktf-fix never writes); SARIF's errata use this one.
    let stray = r#""^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$""#;
    assert!(
        text.contains(stray),
        "the vendored schema changed: review this fix-up"
    );
    let schema = parse_json(&text.replace(stray, r#""^[a-zA-Z]{2}(-[a-zA-Z]{2})?$""#));
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the SARIF schema compiles")
}

fn assert_valid_sarif(validator: &jsonschema::Validator, doc: &serde_json::Value) {
    let errors: Vec<String> = validator
        .iter_errors(doc)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "invalid SARIF:\n{}", errors.join("\n"));
}

#[test]
fn sarif_validates_against_the_sarif_2_1_0_schema() {
    let validator = sarif_validator();
    // The schema catches a broken document (a result without its message).
    let mut broken = parse_json(&run(examples().path(), &["check", "--format", "sarif"]).stdout);
    broken["runs"][0]["results"][0]
        .as_object_mut()
        .unwrap()
        .remove("message");
    assert!(!validator.is_valid(&broken));

    let dir = examples();
    let out = sarif_snapshot(
        "sarif_check_examples",
        dir.path(),
        &["check", "--format", "sarif"],
    );
    assert_eq!(out.code, 1);
    let doc = parse_json(&out.stdout);
    assert_valid_sarif(&validator, &doc);
    let run0 = &doc["runs"][0];
    let rules = run0["tool"]["driver"]["rules"].as_array().unwrap();
    let explain = run(dir.path(), &["explain", "sg-port-range"]).stdout;
    let sg = rules.iter().find(|r| r["id"] == "sg-port-range").unwrap();
    assert_eq!(sg["help"]["markdown"].as_str().unwrap(), explain);
    for r in run0["results"].as_array().unwrap() {
        let loc = &r["locations"][0]["physicalLocation"];
        let uri = loc["artifactLocation"]["uri"].as_str().unwrap();
        assert!(uri.starts_with("examples/") && !uri.contains('\\'), "{uri}");
        assert!(loc["region"]["startLine"].as_u64().unwrap() >= 1);
        let index = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], r["ruleId"]);
    }
    let with_fixes = run0["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r.get("fixes").is_some())
        .count();
    // 6 safe and 1 unsafe fixes (of the on-by-default transforms): SARIF carries unsafe fixes
    // too, marked as such.
    assert_eq!(with_fixes, 7, "every finding with a fix carries it");

    for (args, code) in [
        (&["fix", "--dry-run", "--format", "sarif"][..], 1),
        (&["fix", "--format", "sarif"], 0),
        (&["check", "--format", "sarif", "missing.ts"], 2),
    ] {
        let out = run(examples().path(), args);
        assert_eq!(out.code, code, "{args:?}: {}", out.stderr);
        assert_valid_sarif(&validator, &parse_json(&out.stdout));
    }
    let out = sarif_snapshot(
        "sarif_fix_dry_run_examples",
        examples().path(),
        &["fix", "--dry-run", "--format", "sarif"],
    );
    assert_valid_sarif(&validator, &parse_json(&out.stdout));
}

#[test]
fn github_annotations_for_check_and_fix() {
    let out = run_snapshot(
        "github_check_examples",
        examples().path(),
        &["check", "--format", "github"],
    );
    assert_eq!(out.code, 1);
    assert_eq!(out.stdout.lines().count(), 7);
    assert!(out
        .stdout
        .lines()
        .all(|l| l.starts_with("::warning file=examples/")));
    let out = run_snapshot(
        "github_fix_examples",
        examples().path(),
        &["fix", "--format", "github"],
    );
    assert_eq!(out.code, 0);
    assert_eq!(out.stdout.matches("::notice ").count(), 6);
    // The 7 findings less the 6 fixed.
    assert_eq!(out.stdout.matches("::warning ").count(), 1);
    let out = run(tmp().path(), &["check", "--format", "github", "nope.ts"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stdout.starts_with("::error file=nope.ts::"),
        "{}",
        out.stdout
    );
}

#[test]
fn markdown_is_a_pull_request_body() {
    let out = run_snapshot(
        "markdown_fix_examples",
        examples().path(),
        &["fix", "--format", "markdown"],
    );
    assert_eq!(out.code, 0);
    assert!(out
        .stdout
        .starts_with("## cdktf-fix\n\nFixed 6 problems in 2 files"));
    assert!(
        out.stdout.contains("| `provider-class-names` | 3 | 0 |"),
        "{}",
        out.stdout
    );
    assert_eq!(out.stdout.matches("<details>").count(), 2);
    assert!(out
        .stdout
        .contains("```diff\ndiff --git a/examples/typescript/main.ts"));
    let out = run_snapshot(
        "markdown_check_examples",
        examples().path(),
        &["check", "--format", "markdown"],
    );
    assert_eq!(out.code, 1);
    assert!(!out.stdout.contains("<details>"), "check has no diff");
}

#[test]
fn statistics_count_per_transform() {
    let out = run_snapshot(
        "statistics_check_examples",
        examples().path(),
        &["check", "--statistics"],
    );
    assert_eq!(out.code, 1);
    assert!(out
        .stdout
        .starts_with("count  fixable  transform\n    3        3  provider-class-names\n"));
    let out = run_snapshot(
        "statistics_fix_dry_run_examples",
        examples().path(),
        &["fix", "--dry-run", "--statistics", "--color", "never"],
    );
    assert_eq!(out.code, 1);
    let out = run_snapshot(
        "statistics_json_check_examples",
        examples().path(),
        &["check", "--statistics", "--format", "json"],
    );
    let doc = parse_json(&out.stdout);
    assert!(doc.get("files").is_none());
    let total: u64 = doc["statistics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["count"].as_u64().unwrap())
        .sum();
    assert_eq!(total, 7);
}

#[test]
fn quiet_prints_findings_and_errors_only() {
    let out = run_snapshot(
        "quiet_check_examples",
        examples().path(),
        &["check", "--quiet"],
    );
    assert_eq!(out.code, 1);
    assert_eq!(out.stderr, "");
    assert_eq!(out.stdout, run(examples().path(), &["check"]).stdout);
    let dir = tmp();
    write(dir.path(), "bin.ts", b"let a;\0");
    let out = run(dir.path(), &["check", "-q", ".", "missing.ts"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("error: missing.ts") && !out.stderr.contains("warning:"),
        "{}",
        out.stderr
    );
}

#[test]
fn show_fixes_lists_each_files_fixes() {
    let dir = examples();
    let out = run_snapshot(
        "show_fixes_fix_examples",
        dir.path(),
        &["fix", "--show-fixes"],
    );
    assert_eq!(out.code, 0);
    assert!(
        out.stdout.contains(
            "Fixed 6 problems:\n- examples/typescript/main.ts:\n    7:10 provider-class-names "
        ),
        "{}",
        out.stdout
    );
    // With the source on stdout, the list goes to stderr.
    let out = run_with_stdin(
        tmp().path(),
        &["fix", "--show-fixes", "--stdin-filename", "a.ts"],
        Some(&repo_file("tests/data/bots/fixable.ts")),
    );
    assert_eq!(
        out.stdout.as_bytes(),
        repo_file("tests/data/bots/fixable.expected.ts").as_slice()
    );
    assert!(
        out.stderr.starts_with("Fixed 2 problems:\n- a.ts:\n"),
        "{}",
        out.stderr
    );
}

#[test]
fn machine_formats_with_stdin() {
    let input = repo_file(SG_FIXABLE);
    let out = run_with_stdin(
        tmp().path(),
        &["check", "--format", "json", "--stdin-filename", "src/a.ts"],
        Some(&input),
    );
    assert_eq!(out.code, 1);
    assert_eq!(parse_json(&out.stdout)["files"][0]["path"], "src/a.ts");
    let out = run_with_stdin(
        tmp().path(),
        &["fix", "--format", "json", "--stdin-filename", "src/a.ts"],
        Some(&input),
    );
    assert_eq!((out.code, out.stdout.as_str()), (2, ""));
    assert!(
        out.stderr.contains("use `check --stdin-filename`"),
        "{}",
        out.stderr
    );
}

#[test]
fn no_progress_bar_when_stderr_is_not_a_terminal() {
    // Enough files to outlast the progress bar's delay on a slow machine is not needed: the
    // bar is off on a pipe whatever the run's length, so stderr is exactly the summary.
    let dir = tmp();
    for i in 0..200 {
        copy_in(
            dir.path(),
            "tests/data/bots/fixable.ts",
            &format!("f{i:03}.ts"),
        );
    }
    let out = run(dir.path(), &["check"]);
    assert_eq!(
        out.stderr,
        "Found 400 problems (400 fixable with cdktf-fix fix).\n"
    );
    assert!(!out.stderr.contains('\r'));
}

#[test]
fn json_a_fix_made_on_an_earlier_fix_has_no_edits_of_its_own() {
    // provider-imports writes `S3BucketVersioningV2` into a new import; provider-class-names
    // renames it in the next round, inside text the first fix wrote.
    let input = "fixtures/provider-imports/with-provider-class-names/input.ts";
    let dir = tmp();
    copy_in(dir.path(), input, "main.ts");
    let out = run(dir.path(), &["fix", "--dry-run", "--format", "json"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    let doc = parse_json(&out.stdout);
    let file = &doc["files"][0];
    let fixes = file["fixes"].as_array().unwrap();
    let later: Vec<_> = fixes
        .iter()
        .filter(|f| f["transform"] == "provider-class-names")
        .collect();
    assert!(!later.is_empty());
    let import = fixes
        .iter()
        .find(|f| f["transform"] == "provider-imports")
        .unwrap();
    assert!(import["fix"]["edits"].is_array());
    for f in &later {
        assert!(f["fix"]["edits"].is_null(), "{f}");
        // Placed where the import that the first fix rewrote was.
        assert_eq!(f["range"]["start"], import["range"]["start"]);
    }
    let written = tmp();
    copy_in(written.path(), input, "main.ts");
    assert_eq!(run(written.path(), &["fix"]).code, 0);
    assert_eq!(
        apply_json_edits(&repo_file(input), file["edits"].as_array().unwrap()),
        read(written.path(), "main.ts")
    );
}

/// `migrate` is `fix --select migrate-cdktn --unsafe-fixes`; the transform never runs by default.
#[test]
fn migrate_moves_a_cdktf_file_to_cdk_terrain_and_only_when_asked() {
    let dir = tmp();
    copy_in(
        dir.path(),
        "fixtures/migrate-cdktn/ts-stack/input.ts",
        "main.ts",
    );
    let check = run(dir.path(), &["check", "main.ts"]);
    assert!(!check.stdout.contains("migrate-cdktn"), "{}", check.stdout);
    assert_eq!(
        read(dir.path(), "main.ts"),
        repo_file("fixtures/migrate-cdktn/ts-stack/input.ts")
    );
    // The other selected transforms run (s3-bucket-hardening adds resources), migrate-cdktn
    // does not: it is off by default like the policies, and extend-select names only these.
    let fix = run(
        dir.path(),
        &[
            "fix",
            "--unsafe-fixes",
            "--extend-select",
            "s3-bucket-hardening",
            "main.ts",
        ],
    );
    assert_eq!(fix.code, 0, "{}", fix.stderr);
    let fixed = String::from_utf8(read(dir.path(), "main.ts")).unwrap();
    assert!(
        fixed.contains("S3BucketPublicAccessBlock") && !fixed.contains("cdktn"),
        "{fixed}"
    );
    copy_in(
        dir.path(),
        "fixtures/migrate-cdktn/ts-stack/input.ts",
        "main.ts",
    );
    let dry = run(dir.path(), &["migrate", "--dry-run", "main.ts"]);
    assert_eq!(dry.code, 1, "{}", dry.stderr);
    assert!(dry
        .stdout
        .contains("+import { S3Bucket } from \"@cdktn/provider-aws/lib/s3-bucket\";"));
    let migrate = run(dir.path(), &["migrate", "main.ts"]);
    assert_eq!(migrate.code, 0, "{}", migrate.stderr);
    assert_eq!(
        read(dir.path(), "main.ts"),
        repo_file("fixtures/migrate-cdktn/ts-stack/expected.ts")
    );
}

/// A project migrated whole: sources and manifests, a provider CDK Terrain lacks refused, and the
/// Markdown report (`migrate --report`) that reads as a pull-request body. Manifests are never
/// read by the default rules.
#[test]
fn migrate_a_project_with_its_manifests_and_write_the_report() {
    let dir = tmp();
    let p = dir.path();
    copy_in(p, "fixtures/migrate-cdktn/ts-stack/input.ts", "main.ts");
    copy_in(
        p,
        "fixtures/migrate-cdktn/package-json/input.package.json",
        "package.json",
    );
    write(
        p,
        "cdktf.json",
        "{\n  \"language\": \"typescript\",\n  \"app\": \"npx ts-node main.ts\"\n}\n",
    );
    copy_in(
        p,
        "fixtures/migrate-cdktn/ts-null-provider-blocked/input.ts",
        "legacy/null.ts",
    );
    // A project of its own: in the root project it would hold back every other file (a project
    // moves whole or not at all; tests/migrate_projects.rs).
    write(p, "legacy/package.json", "{\n  \"name\": \"legacy\"\n}\n");
    copy_in(p, "fixtures/migrate-cdktn/go-mod/input.go.mod", "go/go.mod");
    copy_in(p, "fixtures/migrate-cdktn/go-stack/input.go", "go/main.go");
    // The default rules never look at a manifest.
    let check = run(p, &["check", "--select", "provider-imports,sg-port-range"]);
    assert!(!check.stdout.contains("package.json"), "{}", check.stdout);
    let out = run_snapshot(
        "migrate_project_report",
        p,
        &["migrate", "--report", "MIGRATION.md"],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    snapshot(
        "migrate_project_report_md",
        &["cat", "MIGRATION.md"],
        &Output {
            code: 0,
            stdout: String::from_utf8(read(p, "MIGRATION.md")).unwrap(),
            stderr: String::new(),
        },
    );
    assert_eq!(
        read(p, "package.json"),
        repo_file("fixtures/migrate-cdktn/package-json/expected.package.json")
    );
    assert_eq!(
        read(p, "go/go.mod"),
        repo_file("fixtures/migrate-cdktn/go-mod/expected.go.mod")
    );
    assert_eq!(
        read(p, "legacy/null.ts"),
        repo_file("fixtures/migrate-cdktn/ts-null-provider-blocked/input.ts")
    );
    // cdktf.json names no cdktf package: it keeps its name and its bytes.
    assert!(read(p, "cdktf.json").starts_with(b"{\n  \"language\": \"typescript\""));
}

// ---------------------------------------------------------------------------------------------
// Reports that fit where they go: --max-report-chars, --output
// ---------------------------------------------------------------------------------------------

/// A fleet of `n` TypeScript files, each with one safe fix (an import from the provider barrel).
fn fleet(n: usize) -> TempDir {
    let dir = tmp();
    for i in 0..n {
        write(
            dir.path(),
            &format!("repos/r{:02}/src/s{i:04}.ts", i / 50),
            format!(
                "import {{ Construct }} from \"constructs\";\n\
                 import {{ S3Bucket }} from \"@cdktf/provider-aws\";\n\n\
                 export function make(scope: Construct) {{\n  new S3Bucket(scope, \"b{i}\", {{}});\n}}\n"
            ),
        );
    }
    dir
}

/// GitHub measures a body in UTF-16 code units.
fn github_length(s: &str) -> usize {
    s.encode_utf16().count()
}

#[test]
fn markdown_of_a_1000_file_fleet_fits_a_pull_request_body_and_names_the_full_report() {
    let dir = fleet(1000);
    let out = run(
        dir.path(),
        &[
            "fix",
            "--dry-run",
            "--format",
            "markdown",
            "--output",
            "reports/full.md",
            "repos",
        ],
    );
    assert_eq!(out.code, 1, "changes pending\n{}", out.stderr);
    let body = &out.stdout;
    assert!(
        github_length(body) <= 60_000,
        "the default cap: {} characters",
        github_length(body)
    );
    assert!(github_length(body) > 55_000, "files fill the room left");
    assert!(body.starts_with(
        "## cdktf-fix\n\nWould fix 1000 problems in 1000 files.\n\n| transform | would fix | left |\n|---|---:|---:|\n| `provider-imports` | 1000 | 0 |\n"
    ));
    let shown = body.matches("\n### `repos/").count();
    assert!(shown > 10, "{shown} files shown");
    // Whole files only: every section shown closes its diff.
    assert_eq!(body.matches("</details>").count(), shown);
    assert!(
        body.ends_with(&format!(
            "\n---\n\n**{} more files** not shown: this report is cut at 60,000 characters (`--max-report-chars`). The full report: `reports/full.md`.\n",
            1000 - shown
        )),
        "{}",
        &body[body.len() - 300..]
    );
    // The full report: every file, and the body is its beginning.
    let full = String::from_utf8(read(dir.path(), "reports/full.md")).unwrap();
    assert_eq!(full.matches("\n### `repos/").count(), 1000);
    assert!(github_length(&full) > 500_000);
    let (kept, _) = body.split_once("\n---\n\n**").unwrap();
    assert!(full.starts_with(kept));
    assert!(full.ends_with("</details>\n"));

    // A cap of one's own; 0 lifts it.
    let out = run(
        dir.path(),
        &[
            "check",
            "--format",
            "markdown",
            "--max-report-chars",
            "20000",
            "repos",
        ],
    );
    assert_eq!(out.code, 1);
    assert!(github_length(&out.stdout) <= 20_000);
    assert!(out
        .stdout
        .ends_with("at 20,000 characters (`--max-report-chars`). Run cdktf-fix with `--output FILE` to write the full report.\n"));
    let out = run(
        dir.path(),
        &[
            "check",
            "--format",
            "markdown",
            "--max-report-chars",
            "0",
            "repos",
        ],
    );
    assert_eq!(out.stdout.matches("\n### `repos/").count(), 1000);
    assert!(!out.stdout.contains("more files"));
}

#[test]
fn output_writes_the_whole_report_in_the_chosen_format() {
    let dir = examples();
    for (format, file) in [("json", "r.json"), ("sarif", "r.sarif"), ("text", "r.txt")] {
        let out = run(
            dir.path(),
            &["check", "--format", format, "--output", file, "examples"],
        );
        assert_eq!(out.code, 1, "{format}: {}", out.stderr);
        assert_eq!(
            String::from_utf8(read(dir.path(), file)).unwrap(),
            out.stdout,
            "{format}: the file holds what stdout carried"
        );
        assert!(out.stdout.len() > 500, "{format}");
    }
    let out = run(
        dir.path(),
        &[
            "fix",
            "--dry-run",
            "--color",
            "always",
            "--output",
            "r.diff",
            "examples",
        ],
    );
    assert_eq!(out.code, 1);
    assert_eq!(read(dir.path(), "r.diff"), out.stdout.as_bytes());
    // No temporary file is left next to it.
    let left: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn output_that_cannot_be_written_is_an_error_after_the_report() {
    let dir = examples();
    write(dir.path(), "taken", "a file, not a folder");
    let out = run(
        dir.path(),
        &[
            "check",
            "--format",
            "json",
            "--output",
            "taken/r.json",
            "examples",
        ],
    );
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stdout.starts_with('{'), "stdout still has the report");
    assert!(
        out.stderr
            .contains("error: cannot write the report taken/r.json: "),
        "{}",
        out.stderr
    );
    let out = run(
        dir.path(),
        &["check", "--stdin-filename", "a.ts", "--output", "r.txt"],
    );
    assert_eq!(out.code, 2, "--output and --stdin-filename: {}", out.stderr);
}

// ---------------------------------------------------------------------------------------------
// --version and transforms --format json: what tools read
// ---------------------------------------------------------------------------------------------

#[test]
fn version_names_the_provider_packages_the_index_was_generated_from() {
    let dir = tmp();
    let out = run(dir.path(), &["--version"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let mut lines = out.stdout.lines();
    assert_eq!(
        lines.next(),
        Some(format!("cdktf-fix {}", env!("CARGO_PKG_VERSION")).as_str())
    );
    assert_eq!(lines.next(), Some("provider index generated from:"));
    let listed: Vec<&str> = lines.collect();
    // Read from the generated tables' own headers (`# package<TAB>name<TAB>version`), not from
    // the code that prints them.
    let mut expected = Vec::new();
    for entry in fs::read_dir(repo().join("transforms/providers")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        // The shapes, types, aliases and arguments tables describe the same packages as their
        // index.
        if !name.ends_with(".tsv")
            || name.contains(".shapes.")
            || name.contains(".arguments.")
            || name.contains(".types.")
            || name.contains(".aliases.")
            || name == "versions.tsv"
        {
            continue;
        }
        let text = fs::read_to_string(&path).unwrap();
        let header = text
            .lines()
            .find_map(|l| l.strip_prefix("# package\t"))
            .unwrap_or_else(|| panic!("{name} names its package"));
        let (package, version) = header.split_once('\t').unwrap();
        expected.push(format!("  {package} {version}"));
    }
    expected.sort();
    let mut sorted: Vec<String> = listed.iter().map(|s| s.to_string()).collect();
    sorted.sort();
    assert_eq!(sorted, expected);
    assert!(listed.contains(&"  @cdktf/provider-aws 21.22.1"));
    // `-V` stays one line.
    let short = run(dir.path(), &["-V"]);
    assert_eq!(
        short.stdout,
        format!("cdktf-fix {}\n", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn transforms_json_lists_every_transform_for_tools() {
    let dir = tmp();
    let out = run(dir.path(), &["transforms", "--format", "json"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        out.stdout,
        run(dir.path(), &["rules", "--format", "json"]).stdout,
        "the alias takes the flag too"
    );
    let doc = parse_json(&out.stdout);
    assert_eq!(doc["version"], 1);
    assert_eq!(doc["tool"]["version"], env!("CARGO_PKG_VERSION"));
    let list = doc["transforms"].as_array().unwrap();
    assert_eq!(list.len(), transforms::catalogue::REGISTRY.len());
    for (t, transform) in list.iter().zip(transforms::catalogue::REGISTRY) {
        let m = transform.meta();
        assert_eq!(t["id"], m.id);
        assert_eq!(t["summary"], m.summary);
        let langs: Vec<&str> = m.languages.iter().map(|l| l.name()).collect();
        assert_eq!(t["languages"], serde_json::json!(langs));
        let fixes: Vec<&str> = m.fixes.iter().map(|s| s.name()).collect();
        assert_eq!(t["fixes"], serde_json::json!(fixes));
        assert_eq!(t["fix_safety"], m.safety_label());
        assert_eq!(t["opt_in"], transform.opt_in());
        // `explain` is the command that prints the docs, and prints these docs.
        let command = t["explain"].as_str().unwrap();
        assert_eq!(command, format!("cdktf-fix explain {}", m.id));
        let explained = run(dir.path(), &command.split(' ').skip(1).collect::<Vec<_>>());
        assert!(explained
            .stdout
            .trim_end()
            .ends_with(t["docs"].as_str().unwrap()));
        let sources = t["sources"].as_array().unwrap();
        assert!(!sources.is_empty(), "{}: public sources", m.id);
        for url in sources {
            let url = url.as_str().unwrap();
            assert!(url.starts_with("https://") && m.docs.contains(url), "{url}");
            assert!(!url.ends_with(['.', ',', ')']), "{url}");
        }
    }
    assert_eq!(
        list.iter().find(|t| t["id"] == "migrate-cdktn").unwrap()["opt_in"],
        true
    );
}
