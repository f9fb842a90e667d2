//! Never lose a byte: `cdktf-fix` under interruption, huge and deeply nested inputs.
//!
//! - A `fix` killed (SIGKILL) at any moment leaves every file either as it was or fully fixed,
//!   and the next run finishes the job without reading the interrupted run's temporary files.
//! - A file just under `--max-file-size` (10 MiB, one line) is checked and fixed in reasonable
//!   time; one just over is skipped with a message and left alone.
//! - 10,000 levels of nesting in TypeScript, Python and Go neither crash nor overflow a stack,
//!   in `check` and in `fix`, through the binary and through the library on a 2 MiB thread;
//!   nor in the hidden `dump-ast`, which prints such a tree.
//!
//! The property tests over fixture fragments are in `tests/properties.rs`.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use cdktf_fix::config::Config;
use cdktf_fix::engine::{syntax_errors, Engine};
use transforms::catalogue::REGISTRY;
use transforms::lang::Lang;

const BIN: &str = env!("CARGO_BIN_EXE_cdktf-fix");

/// Default tags configured (and selected: `default-tags` is a policy, off by default) so that
/// `default-tags` fixes too; used by every run here.
const CONFIG: &str = "extend-select = [\"default-tags\"]\n[default-tags]\nManagedBy = \"CDKTF\"\nTeam = \"platform\"\n";

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Runs the binary in `dir` with a time limit; panics when it is exceeded.
fn run(dir: &Path, args: &[&str], limit: Duration) -> Output {
    let mut child = Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    // Drained on their own threads: a full pipe would block the child forever.
    let drain = |mut pipe: Box<dyn std::io::Read + Send>| {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            let _ = pipe.read_to_end(&mut buf);
            buf
        })
    };
    let stdout = drain(Box::new(child.stdout.take().unwrap()));
    let stderr = drain(Box::new(child.stderr.take().unwrap()));
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return Output {
                status,
                stdout: stdout.join().unwrap(),
                stderr: stderr.join().unwrap(),
            };
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            panic!("cdktf-fix {args:?} took longer than {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Every fixture input and expected output of TypeScript, Python and Go: (extension, bytes).
fn fixture_sources() -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    let mut stack = vec![repo().join("fixtures")];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let stem = path.file_stem().unwrap().to_string_lossy();
            let ext = path.extension().map(|e| e.to_string_lossy().into_owned());
            if let (true, Some(ext)) = (stem == "input" || stem == "expected", ext) {
                if matches!(ext.as_str(), "ts" | "py" | "go") {
                    files.push((ext, fs::read(&path).unwrap()));
                }
            }
        }
    }
    files.sort();
    files
}

/// Every file under `root` (relative path → bytes).
fn snapshot(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let bytes = fs::read(&path).unwrap();
                files.insert(path.strip_prefix(root).unwrap().to_path_buf(), bytes);
            }
        }
    }
    files
}

fn write_tree(root: &Path, files: &BTreeMap<PathBuf, Vec<u8>>) {
    for (rel, bytes) in files {
        let path = root.join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, bytes).unwrap();
    }
}

/// The name of an atomic write's temporary file (`engine/write.rs`).
fn is_temp_file(rel: &Path) -> bool {
    let name = rel.file_name().unwrap().to_string_lossy();
    name.starts_with(".cdktf-fix-") && name.ends_with(".tmp")
}

// ---------------------------------------------------------------------------------------------
// Interruption
// ---------------------------------------------------------------------------------------------

/// A tree of a few thousand TypeScript, Python and Go files: copies of every fixture input (most
/// need fixes) and expected output (nothing to fix), CRLF variants, and files without triggers.
fn big_tree() -> BTreeMap<PathBuf, Vec<u8>> {
    let sources = fixture_sources();
    let mut files = BTreeMap::new();
    files.insert(PathBuf::from("cdktf-fix.toml"), CONFIG.as_bytes().to_vec());
    let mut n = 0;
    for copy in 0..24 {
        for (ext, bytes) in &sources {
            let bytes = if copy % 3 == 1 && !bytes.windows(2).any(|w| w == b"\r\n") {
                String::from_utf8(bytes.clone())
                    .unwrap()
                    .replace('\n', "\r\n")
                    .into_bytes()
            } else {
                bytes.clone()
            };
            let rel = format!("pkg{:02}/m{:03}/f{n:05}.{ext}", copy, n % 17);
            files.insert(PathBuf::from(rel), bytes);
            n += 1;
        }
        let plain = format!("export const n{copy} = {copy};\n");
        files.insert(
            PathBuf::from(format!("pkg{copy:02}/plain.ts")),
            plain.into_bytes(),
        );
    }
    files
}

#[cfg(unix)]
#[test]
fn a_fix_killed_at_any_moment_leaves_every_file_original_or_fully_fixed() {
    let args = [
        "fix",
        "--unsafe-fixes",
        "--config",
        "cdktf-fix.toml",
        "-j",
        "2",
        ".",
    ];
    let original = big_tree();
    assert!(original.len() > 2000, "{} files", original.len());

    // The fully fixed tree, from a clean run; a second run must change nothing.
    let clean = tempfile::tempdir().unwrap();
    write_tree(clean.path(), &original);
    let start = Instant::now();
    let out = run(clean.path(), &args, Duration::from_secs(120));
    let full_run = start.elapsed();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let fixed = snapshot(clean.path());
    assert_eq!(
        fixed.keys().collect::<Vec<_>>(),
        original.keys().collect::<Vec<_>>()
    );
    let changed = original.iter().filter(|(k, v)| fixed[*k] != **v).count();
    assert!(
        changed > 500,
        "only {changed} files need fixes: the test would prove little"
    );
    let again = run(clean.path(), &args, Duration::from_secs(120));
    assert_eq!(again.status.code(), Some(0));
    assert_eq!(
        snapshot(clean.path()),
        fixed,
        "a second run changes nothing"
    );

    // Kill points from before the walk to the last writes.
    let mut delays: Vec<Duration> = vec![Duration::ZERO, Duration::from_millis(3)];
    delays.extend([5, 15, 30, 50, 70, 85, 95].map(|pct| full_run * pct / 100));
    let mut partial_runs = 0;
    for delay in delays {
        let dir = tempfile::tempdir().unwrap();
        write_tree(dir.path(), &original);
        let mut child = Command::new(BIN)
            .args(args)
            .current_dir(dir.path())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(delay);
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();

        let after = snapshot(dir.path());
        let (mut done, mut untouched) = (0, 0);
        for (rel, bytes) in &after {
            if is_temp_file(rel) {
                continue;
            }
            let Some(before) = original.get(rel) else {
                panic!("kill after {delay:?}: stray file {}", rel.display());
            };
            if bytes == before {
                untouched += 1;
            } else {
                assert_eq!(
                    bytes,
                    &fixed[rel],
                    "kill after {delay:?}: {} is neither original nor fully fixed",
                    rel.display()
                );
                done += 1;
            }
        }
        assert_eq!(
            done + untouched,
            original.len(),
            "kill after {delay:?}: a file disappeared"
        );
        if done > 0 && done < changed {
            partial_runs += 1;
        }

        // The next run ignores any temporary file left by the killed one, finishes the job and
        // leaves only those temporaries behind.
        let out = run(dir.path(), &args, Duration::from_secs(120));
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        assert!(!stderr(&out).contains(".cdktf-fix-"), "{}", stderr(&out));
        let rerun = snapshot(dir.path());
        let sources: BTreeMap<_, _> = rerun
            .into_iter()
            .filter(|(rel, _)| !is_temp_file(rel))
            .collect();
        assert_eq!(
            sources, fixed,
            "kill after {delay:?}: the rerun finishes the job"
        );
    }
    assert!(
        partial_runs > 0,
        "no kill landed while files were being written (full run: {full_run:?})"
    );
}

#[test]
fn temporary_files_of_an_interrupted_write_are_never_read_as_sources() {
    let dir = tempfile::tempdir().unwrap();
    let half_written = "import * as aws from \"@cdktf/provider-aws\";\nnew aws.vpc.Vpc(";
    fs::write(dir.path().join(".cdktf-fix-AbC123.tmp"), half_written).unwrap();
    fs::write(dir.path().join("main.ts"), "export const a = 1;\n").unwrap();
    let out = run(dir.path(), &["check", "."], Duration::from_secs(60));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "");
}

// ---------------------------------------------------------------------------------------------
// Huge inputs
// ---------------------------------------------------------------------------------------------

const MIB: usize = 1024 * 1024;

/// One line of `size` bytes: a provider import, then security groups whose inline rule each
/// needs a fix.
fn one_line_file(size: usize) -> String {
    let rule = "new SecurityGroup(this, \"r\", { egress: [{ \
                fromPort: 0, toPort: 65535, protocol: \"-1\", cidrBlocks: [\"0.0.0.0/0\"] }] }); ";
    let mut s = String::with_capacity(size);
    s.push_str("import { SecurityGroup } from \"@cdktf/provider-aws/lib/security-group\"; ");
    while s.len() + rule.len() <= size {
        s.push_str(rule);
    }
    while s.len() < size {
        s.push(' ');
    }
    s
}

/// Wall time allowed for one run over a 10 MiB file. A release build needs about 6 s of CPU to
/// check the one-line file below and 12 s to fix it (2026-11-23, before: over 5 minutes, a
/// line/column lookup per finding from the start of the line); the bound leaves room for a
/// machine shared with other jobs. A debug build is much slower and only gets a bound against
/// hangs.
fn huge_limit() -> Duration {
    if cfg!(debug_assertions) {
        Duration::from_secs(900)
    } else {
        Duration::from_secs(300)
    }
}

#[test]
fn a_one_line_file_just_under_the_default_max_file_size_is_checked_and_fixed() {
    let dir = tempfile::tempdir().unwrap();
    let text = one_line_file(10 * MIB - 100);
    let rules = text.matches("new SecurityGroup(").count();
    fs::write(dir.path().join("big.ts"), &text).unwrap();

    let out = run(
        dir.path(),
        &["check", "--select", "sg-port-range", "big.ts"],
        huge_limit(),
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let findings = String::from_utf8_lossy(&out.stdout).lines().count();
    assert_eq!(findings, rules, "one finding per rule");

    let out = run(
        dir.path(),
        &["fix", "--select", "sg-port-range", "big.ts"],
        huge_limit(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let fixed = fs::read_to_string(dir.path().join("big.ts")).unwrap();
    assert_eq!(
        fixed.matches("toPort: 0").count(),
        rules,
        "every rule fixed"
    );
    assert_eq!(fixed.matches("toPort: 65535").count(), 0);
    assert!(!fixed.contains('\n'), "still one line");
}

#[test]
fn a_file_just_over_the_default_max_file_size_is_skipped_with_a_message() {
    let dir = tempfile::tempdir().unwrap();
    let text = one_line_file(10 * MIB + 1);
    fs::write(dir.path().join("big.ts"), &text).unwrap();
    for mode in ["check", "fix"] {
        let out = run(dir.path(), &[mode, "big.ts"], Duration::from_secs(60));
        assert_eq!(out.status.code(), Some(0), "{mode}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("big.ts") && stderr(&out).contains("larger than --max-file-size"),
            "{mode}: {}",
            stderr(&out)
        );
        assert_eq!(String::from_utf8_lossy(&out.stdout), "", "{mode}");
    }
    assert_eq!(fs::read_to_string(dir.path().join("big.ts")).unwrap(), text);
}

// ---------------------------------------------------------------------------------------------
// Deep nesting
// ---------------------------------------------------------------------------------------------

const DEPTH: usize = 10_000;

/// Sources with `DEPTH` levels of nesting around code every transform of the language acts on.
fn deep_sources() -> Vec<(&'static str, Lang, String)> {
    let n = DEPTH;
    let ts = format!(
        "import {{ AwsProvider }} from \"@cdktf/provider-aws/lib/provider\";\n\
         import * as aws from \"@cdktf/provider-aws\";\n\
         new AwsProvider(this, \"aws\", {{ region: \"us-east-1\" }});\n\
         const a = {}1{};\n\
         const b = {}fromPort{};\n\
         new aws.vpc.Vpc(this, \"v\", {}1{});\n\
         const c = {}0{};\n",
        "[".repeat(n),
        "]".repeat(n),
        "(".repeat(n),
        ")".repeat(n),
        "{a: ".repeat(n),
        "}".repeat(n),
        "f(".repeat(n),
        ")".repeat(n),
    );
    let py = format!(
        "from cdktf_cdktf_provider_aws.provider import AwsProvider\n\
         AwsProvider(self, \"aws\", region=\"us-east-1\")\n\
         a = {}1{}\n\
         b = {}1{}\n\
         c = {}0{}\n",
        "[".repeat(n),
        "]".repeat(n),
        "(".repeat(n),
        ")".repeat(n),
        "{'a': ".repeat(n),
        "}".repeat(n),
    );
    let go = format!(
        "package main\n\nimport (\n\t\"github.com/aws/jsii-runtime-go\"\n\
         \t\"github.com/cdktf/cdktf-provider-aws-go/aws/v19/provider\"\n)\n\n\
         func f() {{\n\
         \tprovider.NewAwsProvider(stack, jsii.String(\"aws\"), &provider.AwsProviderConfig{{\n\
         \t\tRegion: jsii.String(\"us-east-1\"),\n\t}})\n\
         \ta := {}1{}\n\
         \tb := {}{}\n\
         \t_, _ = a, b\n}}\n",
        "(".repeat(n),
        ")".repeat(n),
        "[]any{".repeat(n),
        "}".repeat(n),
    );
    vec![
        ("deep.ts", Lang::TypeScript, ts),
        ("deep.py", Lang::Python, py),
        ("deep.go", Lang::Go, go),
    ]
}

fn all_rules_engine() -> Engine {
    let config = Config::parse(CONFIG, Path::new("cdktf-fix.toml")).unwrap();
    Engine::new(REGISTRY.to_vec(), config, true)
}

#[test]
fn ten_thousand_levels_of_nesting_do_not_overflow_the_binary_stack() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("cdktf-fix.toml"), CONFIG).unwrap();
    let sources = deep_sources();
    for (name, _, text) in &sources {
        fs::write(dir.path().join(name), text).unwrap();
    }
    let names: Vec<&str> = sources.iter().map(|(n, _, _)| *n).collect();
    let mut check = vec!["check", "-j", "2"];
    check.extend(&names);
    let out = run(dir.path(), &check, huge_limit());
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    for name in &names {
        assert!(
            String::from_utf8_lossy(&out.stdout).contains(&format!("{name}:")),
            "{name} has findings: {}",
            String::from_utf8_lossy(&out.stdout)
        );
    }
    let mut fix = vec!["fix", "-j", "2"];
    fix.extend(&names);
    let out = run(dir.path(), &fix, huge_limit());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    for (name, lang, before) in &sources {
        let after = fs::read_to_string(dir.path().join(name)).unwrap();
        assert_ne!(&after, before, "{name} was fixed");
        assert!(
            after.contains("ManagedBy"),
            "{name}: default tags added:\n{}",
            &after[..400.min(after.len())]
        );
        assert_eq!(syntax_errors(*lang, &after), 0, "{name}");
    }
}

#[test]
fn ten_thousand_levels_of_nesting_do_not_overflow_a_small_library_thread_stack() {
    // The library gives no stack guarantee of its own: check and fix on a 2 MiB thread, the
    // default for spawned threads, which the run's workers are.
    std::thread::Builder::new()
        .stack_size(2 * MIB)
        .spawn(|| {
            let engine = all_rules_engine();
            for (name, lang, text) in deep_sources() {
                assert!(!engine.check(lang, &text).is_empty(), "{name}");
                let fixed = engine.fix(lang, &text).unwrap();
                assert!(fixed.changed(&text), "{name}");
                let again = engine.fix(lang, &fixed.text).unwrap();
                assert_eq!(again.text, fixed.text, "{name}: idempotent");
            }
        })
        .unwrap()
        .join()
        .expect("no stack overflow or panic");
}

#[test]
fn dump_ast_of_ten_thousand_levels_of_nesting_does_not_overflow_the_stack() {
    // One chain of `DEPTH` nested literals per language: `dump-ast` prints one line a named node,
    // indented by its depth, so the literal's line shows the whole chain was walked.
    let n = DEPTH;
    let sources = [
        (
            "deep.ts",
            format!("const a = {}1{};\n", "[".repeat(n), "]".repeat(n)),
        ),
        (
            "deep.py",
            format!("a = {}1{}\n", "[".repeat(n), "]".repeat(n)),
        ),
        (
            "deep.go",
            format!("package p\n\nvar a = {}1{}\n", "(".repeat(n), ")".repeat(n)),
        ),
    ];
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in &sources {
        fs::write(dir.path().join(name), text).unwrap();
        let out = run(dir.path(), &["dump-ast", name], huge_limit());
        assert_eq!(out.status.code(), Some(0), "{name}: {}", stderr(&out));
        let stdout = String::from_utf8(out.stdout).unwrap();
        // The literal is the deepest node and the last printed (no per-line scan of 100 MB).
        let last = stdout.trim_end().rsplit('\n').next().unwrap();
        let indent = last.len() - last.trim_start().len();
        assert!(indent >= 2 * n, "{name}: the literal is indented {indent}");
        let last = last.trim_start();
        assert!(
            last.ends_with("\"1\""),
            "{name}: ends with the literal: {last}"
        );
    }
}
