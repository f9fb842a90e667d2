//! Suppression comments through the command line: what `check` and `fix` print and write, and
//! the warnings about unknown transform ids.

use std::fs;
use std::path::Path;
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_cdktf-fix");

struct Out {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(dir: &Path, args: &[&str]) -> Out {
    let o = Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .output()
        .expect("cdktf-fix runs");
    Out {
        code: o.status.code().unwrap_or(-1),
        stdout: String::from_utf8(o.stdout).unwrap(),
        stderr: String::from_utf8(o.stderr).unwrap(),
    }
}

fn repo_file(rel: &str) -> String {
    fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)).unwrap()
}

/// Two safe `sg-port-range` fixes and nothing else any transform reports.
const SG: &str = "tests/data/bots/fixable.ts";

/// The fixture with `comment` inserted on a line of its own above line `line` (1-based).
fn with_comment_above(line: usize, comment: &str) -> String {
    let text = repo_file(SG);
    let mut lines: Vec<&str> = text.split_inclusive('\n').collect();
    let indent: String = lines[line - 1]
        .chars()
        .take_while(|c| c.is_whitespace())
        .collect();
    let inserted = format!("{indent}{comment}\n");
    lines.insert(line - 1, &inserted);
    lines.concat()
}

#[test]
fn check_leaves_out_suppressed_findings_and_fix_leaves_their_code_alone() {
    let dir = tempfile::tempdir().unwrap();
    let plain = run_check(dir.path(), &repo_file(SG));
    let lines: Vec<&str> = plain.stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{}", plain.stdout);
    let first_line: usize = lines[0].split(':').nth(1).unwrap().parse().unwrap();

    let text = with_comment_above(first_line, "// cdktf-fix: ignore[sg-port-range]");
    let out = run_check(dir.path(), &text);
    assert_eq!(out.code, 1);
    assert_eq!(out.stdout.lines().count(), 1, "{}", out.stdout);
    assert!(out.stderr.starts_with("Found 1 problem"), "{}", out.stderr);

    let fixed = run(dir.path(), &["fix", "main.ts"]);
    assert_eq!(fixed.code, 0, "{}", fixed.stderr);
    assert!(
        fixed.stderr.contains("Fixed 1 problem in 1 file"),
        "{}",
        fixed.stderr
    );
    let again = run(dir.path(), &["check", "main.ts"]);
    assert_eq!((again.code, again.stdout.as_str()), (0, ""));
    // The suppressed code was left alone: without the comment, its finding is back, and only it.
    let after = fs::read_to_string(dir.path().join("main.ts")).unwrap();
    let comment = "// cdktf-fix: ignore[sg-port-range]\n";
    assert!(after.contains(comment));
    let uncommented: String = after
        .split_inclusive('\n')
        .filter(|l| !l.ends_with(comment))
        .collect();
    let out = run_check(dir.path(), &uncommented);
    assert_eq!(out.stdout, lines[0].to_string() + "\n");
}

fn run_check(dir: &Path, text: &str) -> Out {
    fs::write(dir.join("main.ts"), text).unwrap();
    run(dir, &["check", "main.ts"])
}

#[test]
fn unknown_ids_are_warned_about_and_change_no_exit_code() {
    let dir = tempfile::tempdir().unwrap();
    let text = format!(
        "{}// cdktf-fix: ignore[sg-prot-range]\n",
        repo_file("tests/data/bots/fixable.expected.ts")
    );
    let out = run_check(dir.path(), &text);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    let line = text.lines().count();
    let want = format!(
        "warning: main.ts:{line}:4: unknown transform `sg-prot-range` in a cdktf-fix suppression (known: "
    );
    assert!(out.stderr.starts_with(&want), "{}", out.stderr);
    assert!(
        out.stderr.ends_with("No problems found.\n"),
        "{}",
        out.stderr
    );
    // `fix` warns too, and writes nothing.
    let fixed = run(dir.path(), &["fix", "main.ts"]);
    assert_eq!(fixed.code, 0);
    assert!(fixed.stderr.starts_with(&want), "{}", fixed.stderr);
    assert_eq!(
        fs::read_to_string(dir.path().join("main.ts")).unwrap(),
        text
    );
}

#[test]
fn ids_without_brackets_are_warned_about_and_suppress_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let plain = run_check(dir.path(), &repo_file(SG));
    let first_line: usize = plain
        .stdout
        .lines()
        .next()
        .unwrap()
        .split(':')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    // Without brackets the id is not read, and the comment must not silence every transform.
    let text = with_comment_above(first_line, "// cdktf-fix: ignore sg-port-range");
    let out = run_check(dir.path(), &text);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert_eq!(out.stdout.lines().count(), 2, "{}", out.stdout);
    let col = text
        .lines()
        .nth(first_line - 1)
        .unwrap()
        .find("cdktf-fix:")
        .unwrap()
        + 1;
    let want = format!(
        "warning: main.ts:{first_line}:{col}: malformed cdktf-fix suppression `ignore sg-port-range`: the ids go in brackets, `cdktf-fix: ignore[<id>, ...]`"
    );
    assert!(out.stderr.starts_with(&want), "{}", out.stderr);
}

#[test]
fn ignore_file_skips_a_file_and_a_suppression_works_on_stdin_too() {
    let dir = tempfile::tempdir().unwrap();
    let text = format!("// cdktf-fix: ignore-file\n{}", repo_file(SG));
    let out = run_check(dir.path(), &text);
    assert_eq!((out.code, out.stdout.as_str()), (0, ""), "{}", out.stderr);

    let mut child = Command::new(BIN)
        .args(["fix", "--stdin-filename", "stack.ts"])
        .current_dir(dir.path())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(String::from_utf8(o.stdout).unwrap(), text);
}

#[test]
fn python_and_go_comments_suppress_with_their_own_comment_token() {
    let dir = tempfile::tempdir().unwrap();
    // default-tags is a policy (off by default): selected here.
    let config = "extend-select = [\"default-tags\"]\n[default-tags]\nManagedBy = \"CDKTF\"\n";
    fs::write(dir.path().join("cdktf-fix.toml"), config).unwrap();
    for (case, file) in [("py-suppressed", "stack.py"), ("go-suppressed", "stack.go")] {
        let ext = file.rsplit('.').next().unwrap();
        let input = repo_file(&format!("fixtures/default-tags/{case}/input.{ext}"));
        fs::write(dir.path().join(file), &input).unwrap();
        let out = run(dir.path(), &["check", file]);
        assert_eq!(out.code, 1, "{}", out.stderr);
        assert_eq!(out.stdout.lines().count(), 1, "{case}: {}", out.stdout);
        // Without the comment both providers are reported.
        let bare: String = input
            .split_inclusive('\n')
            .filter(|l| !l.contains("cdktf-fix: ignore"))
            .collect();
        fs::write(dir.path().join(file), bare).unwrap();
        let out = run(dir.path(), &["check", file]);
        assert_eq!(out.stdout.lines().count(), 2, "{case}: {}", out.stdout);
    }
}
