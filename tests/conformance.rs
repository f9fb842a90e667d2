//! Conformance: every TypeScript fixture is type-checked by the real TypeScript compiler against
//! the real CDKTF libraries, so a rewrite is proven to turn broken code into code that compiles.
//!
//! For every `fixtures/<rule>/<case>/` holding `input.ts` (and optionally `expected.ts`):
//! - `expected.ts` must type-check with zero errors;
//! - `input.ts` must FAIL to type-check (at least one error) when the case's `case.toml` says
//!   `compiles = false` (the input is broken by design: that is what the rule fixes);
//! - otherwise `input.ts` must type-check with zero errors (an input that needs no fix, or whose
//!   fix is not about types, must compile as is).
//!
//! A case whose `case.toml` says `typecheck = false` is left out (e.g. it imports packages that
//! are not pinned here, such as CDK Terrain's `cdktn`); such cases are named in the summary line.
//! Other `case.toml` keys belong to other suites and are ignored; `.tsx`, `.py`, `.go` fixtures are
//! not checked here. A run that finds no `.ts` fixture to check fails.
//!
//! Toolchain: `tests/conformance/package.json` pins typescript, cdktf, constructs and the providers;
//! `package-lock.json` locks them. When `tests/conformance/node_modules/.package-lock.json` is
//! missing or older than `package-lock.json`, the test runs `npm ci` there first (needs `npm` and
//! `node` on PATH and the npm registry; if either is missing or fails, the test FAILS, it never
//! skips). Compiler options live in `tests/conformance/tsconfig.base.json`.
//!
//! How it runs: the fixture files are copied to `target/conformance/tsc/<rule>/<case>/<file>.ts`
//! (the directory is recreated on every run and left behind for inspection), next to a generated
//! `tsconfig.json` that extends the base config and lists the files in `files`, and a
//! `node_modules` symlink to `tests/conformance/node_modules`. tsc's `node` module resolution walks
//! up from each file's directory looking for `node_modules/<pkg>`, so the symlink at the scratch root
//! resolves `cdktf`, `constructs`, `@cdktf/provider-*` and `@types/node` exactly as in a real project
//! (tsc follows the link to its real path; no `baseUrl`/`paths` tricks that would bypass package.json
//! `types` resolution). One `tsc -p` compiles everything: the AWS provider is big and a
//! compile that touches its barrel takes seconds, so one process beats one per file.
//!
//! Environment:
//! - `CDKTF_FIX_FIXTURES_DIR`: another fixtures root to check instead of `<repo>/fixtures` (same
//!   `<rule>/<case>/` layout), e.g. throwaway fixtures while working on this test.
//!
//! Run alone with `cargo test --test conformance`.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn fixtures_root() -> PathBuf {
    match std::env::var_os("CDKTF_FIX_FIXTURES_DIR") {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => repo_root().join("fixtures"),
    }
}

/// What a file's type-check must come out as.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Verdict {
    Compiles,
    Fails,
}

struct FixtureFile {
    /// Path relative to the scratch root, `/`-separated: `<rule>/<case>/<name>.ts`.
    rel: String,
    source: PathBuf,
    verdict: Verdict,
    /// Why this verdict, for failure messages.
    reason: &'static str,
}

fn sorted_entries(dir: &Path) -> Vec<PathBuf> {
    let mut entries: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("conformance: cannot read {}: {e}", dir.display()))
        .map(|e| {
            e.unwrap_or_else(|e| panic!("conformance: {}: {e}", dir.display()))
                .path()
        })
        .collect();
    entries.sort();
    entries
}

/// The case.toml keys this suite reads, both top-level booleans defaulting to true:
/// `compiles` (false: input.ts is broken by design and must fail to type-check) and `typecheck`
/// (false: the case is outside this suite, e.g. it imports packages that are not pinned here; it is
/// listed as skipped in the summary, never dropped silently).
struct CaseKeys {
    compiles: bool,
    typecheck: bool,
}

/// Reads [`CaseKeys`] from a case.toml without a TOML crate: only top-level `key = true|false`
/// lines matter (before any `[table]`); other keys are ignored. One of ours with any other value
/// is a fixture error, not something to guess about.
fn case_keys(case_toml: &Path) -> CaseKeys {
    let mut keys = CaseKeys {
        compiles: true,
        typecheck: true,
    };
    let text = match fs::read_to_string(case_toml) {
        Ok(t) => t,
        Err(e) if e.kind() == ErrorKind::NotFound => return keys,
        Err(e) => panic!("conformance: cannot read {}: {e}", case_toml.display()),
    };
    for line in text.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            break; // keys of sub-tables are not ours
        }
        let Some((key, value)) = line.split_once('=') else {
            continue;
        };
        let key = key.trim().trim_matches('"');
        let slot = match key {
            "compiles" => &mut keys.compiles,
            "typecheck" => &mut keys.typecheck,
            _ => continue,
        };
        let value = value.split('#').next().unwrap_or("").trim();
        *slot = match value {
            "true" => true,
            "false" => false,
            other => panic!(
                "conformance: {}: `{key}` must be true or false, found `{other}`",
                case_toml.display()
            ),
        };
    }
    keys
}

/// The `.ts` files to check, and the cases skipped by `typecheck = false` (`<rule>/<case>`).
fn collect_fixtures(root: &Path) -> (Vec<FixtureFile>, Vec<String>) {
    if !root.is_dir() {
        panic!(
            "conformance: fixtures root {} is not a directory",
            root.display()
        );
    }
    let mut files = Vec::new();
    let mut skipped = Vec::new();
    for rule_dir in sorted_entries(root).into_iter().filter(|p| p.is_dir()) {
        for case_dir in sorted_entries(&rule_dir).into_iter().filter(|p| p.is_dir()) {
            let input = case_dir.join("input.ts");
            if !input.is_file() {
                continue; // a .tsx/.py/.go case, or not a case at all
            }
            let rule = rule_dir.file_name().unwrap().to_string_lossy().into_owned();
            let case = case_dir.file_name().unwrap().to_string_lossy().into_owned();
            let CaseKeys {
                compiles,
                typecheck,
            } = case_keys(&case_dir.join("case.toml"));
            if !typecheck {
                skipped.push(format!("{rule}/{case}"));
                continue;
            }
            files.push(FixtureFile {
                rel: format!("{rule}/{case}/input.ts"),
                source: input,
                verdict: if compiles {
                    Verdict::Compiles
                } else {
                    Verdict::Fails
                },
                reason: if compiles {
                    "input.ts must type-check (case.toml does not say `compiles = false`)"
                } else {
                    "input.ts must FAIL to type-check (case.toml says `compiles = false`)"
                },
            });
            let expected = case_dir.join("expected.ts");
            if expected.is_file() {
                files.push(FixtureFile {
                    rel: format!("{rule}/{case}/expected.ts"),
                    source: expected,
                    verdict: Verdict::Compiles,
                    reason: "expected.ts must type-check",
                });
            }
        }
    }
    (files, skipped)
}

fn mtime(path: &Path) -> Option<std::time::SystemTime> {
    fs::metadata(path).and_then(|m| m.modified()).ok()
}

/// Runs `npm ci` in tests/conformance unless node_modules is at least as new as the lockfile.
fn ensure_node_modules(conformance_dir: &Path) {
    let lock = conformance_dir.join("package-lock.json");
    let lock_time = mtime(&lock).unwrap_or_else(|| {
        panic!(
            "conformance: {} is missing; it pins the TypeScript toolchain",
            lock.display()
        )
    });
    let installed = conformance_dir
        .join("node_modules")
        .join(".package-lock.json");
    if mtime(&installed).is_some_and(|t| t >= lock_time) {
        return;
    }
    eprintln!(
        "conformance: installing the pinned toolchain: npm ci in {}",
        conformance_dir.display()
    );
    let started = Instant::now();
    let status = Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund"])
        .current_dir(conformance_dir)
        .stdin(Stdio::null())
        .stdout(Stdio::inherit())
        .stderr(Stdio::inherit())
        .status()
        .unwrap_or_else(|e| {
            panic!(
                "conformance: cannot run `npm` ({e}). The conformance test needs Node.js and npm on \
                 PATH to install the pinned TypeScript compiler; install them, it is not skipped."
            )
        });
    if !status.success() {
        panic!(
            "conformance: `npm ci --no-audit --no-fund` in {} failed ({status}); see npm's output above",
            conformance_dir.display()
        );
    }
    eprintln!("conformance: npm ci took {:.1?}", started.elapsed());
    if mtime(&installed).is_none() {
        panic!(
            "conformance: npm ci succeeded but {} is missing",
            installed.display()
        );
    }
}

fn json_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => write!(out, "\\u{:04x}", c as u32).unwrap(),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(unix)]
fn symlink_dir(target: &Path, link: &Path) -> std::io::Result<()> {
    std::os::unix::fs::symlink(target, link)
}

#[cfg(windows)]
fn symlink_dir(target: &Path, link: &Path) -> std::io::Result<()> {
    std::os::windows::fs::symlink_dir(target, link)
}

/// Lays out the scratch directory and returns it.
fn prepare_scratch(files: &[FixtureFile], conformance_dir: &Path) -> PathBuf {
    let scratch = repo_root().join("target").join("conformance").join("tsc");
    match fs::remove_dir_all(&scratch) {
        // remove_dir_all removes the node_modules symlink itself, never what it points to
        Ok(()) => {}
        Err(e) if e.kind() == ErrorKind::NotFound => {}
        Err(e) => panic!("conformance: cannot clear {}: {e}", scratch.display()),
    }
    fs::create_dir_all(&scratch)
        .unwrap_or_else(|e| panic!("conformance: cannot create {}: {e}", scratch.display()));
    for f in files {
        let dest = scratch.join(&f.rel);
        fs::create_dir_all(dest.parent().unwrap()).unwrap();
        fs::copy(&f.source, &dest).unwrap_or_else(|e| {
            panic!(
                "conformance: cannot copy {} to {}: {e}",
                f.source.display(),
                dest.display()
            )
        });
    }
    symlink_dir(
        &conformance_dir.join("node_modules"),
        &scratch.join("node_modules"),
    )
    .unwrap_or_else(|e| {
        panic!(
            "conformance: cannot link node_modules into {}: {e}",
            scratch.display()
        )
    });

    let base = conformance_dir.join("tsconfig.base.json");
    assert!(base.is_file(), "conformance: {} is missing", base.display());
    let mut tsconfig = String::new();
    writeln!(tsconfig, "{{").unwrap();
    writeln!(
        tsconfig,
        "  \"extends\": {},",
        json_string(&base.to_string_lossy())
    )
    .unwrap();
    writeln!(tsconfig, "  \"files\": [").unwrap();
    for (i, f) in files.iter().enumerate() {
        let sep = if i + 1 < files.len() { "," } else { "" };
        writeln!(tsconfig, "    {}{sep}", json_string(&f.rel)).unwrap();
    }
    writeln!(tsconfig, "  ]").unwrap();
    writeln!(tsconfig, "}}").unwrap();
    fs::write(scratch.join("tsconfig.json"), tsconfig).unwrap();
    scratch
}

/// tsc's diagnostics, split into those attributed to a file (`path(line,col): error TS...`, with
/// their indented continuation lines) and the rest (config errors, crashes, anything unexpected).
#[derive(Default)]
struct Diagnostics {
    by_file: BTreeMap<String, Vec<String>>,
    unattributed: Vec<String>,
}

/// Splits `path(line,col): error TSnnnn: message` into the path, or `None` for any other line.
fn diagnostic_path(line: &str) -> Option<&str> {
    let at = line.find("): error TS")?;
    let head = &line[..at];
    let open = head.rfind('(')?;
    let (l, c) = head[open + 1..].split_once(',')?;
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    (digits(l) && digits(c) && open > 0).then(|| &head[..open])
}

fn parse_tsc_output(output: &str) -> Diagnostics {
    let mut diags = Diagnostics::default();
    // where the next continuation line belongs: Some(file) or None for unattributed
    let mut last: Option<Option<String>> = None;
    for line in output.lines() {
        if line.trim().is_empty() {
            continue;
        }
        if let Some(path) = diagnostic_path(line) {
            let path = path.replace('\\', "/");
            diags
                .by_file
                .entry(path.clone())
                .or_default()
                .push(line.to_string());
            last = Some(Some(path));
        } else if let (true, Some(owner)) = (line.starts_with(char::is_whitespace), &last) {
            match owner {
                Some(path) => diags.by_file.get_mut(path).unwrap().push(line.to_string()),
                None => diags.unattributed.push(line.to_string()),
            }
        } else {
            diags.unattributed.push(line.to_string());
            last = Some(None);
        }
    }
    diags
}

#[test]
fn fixtures_type_check_with_the_real_compiler() {
    let conformance_dir = repo_root().join("tests").join("conformance");
    let root = fixtures_root();
    let (files, skipped) = collect_fixtures(&root);
    assert!(
        !files.is_empty(),
        "conformance: no fixtures/<rule>/<case>/input.ts to type-check under {} ({} cases skipped by \
         `typecheck = false`); a conformance run over zero files proves nothing",
        root.display(),
        skipped.len()
    );

    ensure_node_modules(&conformance_dir);
    let tsc = conformance_dir
        .join("node_modules")
        .join("typescript")
        .join("bin")
        .join("tsc");
    assert!(
        tsc.is_file(),
        "conformance: {} is missing after npm ci",
        tsc.display()
    );

    let scratch = prepare_scratch(&files, &conformance_dir);
    let started = Instant::now();
    let output = Command::new("node")
        .arg(&tsc)
        .args(["-p", "tsconfig.json", "--pretty", "false"])
        .current_dir(&scratch)
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "conformance: cannot run `node` ({e}); Node.js must be on PATH, it is not skipped"
            )
        });
    let elapsed = started.elapsed();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let diags = parse_tsc_output(&stdout);

    // tsc exits 0 (no errors), 1 or 2 (errors reported, nothing emitted since noEmit); anything
    // else, a signal, or a failure without a single parsed diagnostic is a broken run.
    let code = output.status.code();
    let broken_run = !matches!(code, Some(0..=2))
        || (code != Some(0) && diags.by_file.is_empty() && diags.unattributed.is_empty());
    if broken_run {
        panic!(
            "conformance: tsc did not run properly ({}) in {}\n--- stdout ---\n{stdout}\n--- stderr ---\n{stderr}",
            output.status,
            scratch.display()
        );
    }

    let mut failures = String::new();
    if !diags.unattributed.is_empty() {
        writeln!(
            failures,
            "tsc reported errors not attributable to a fixture file line:"
        )
        .unwrap();
        for line in &diags.unattributed {
            writeln!(failures, "    {line}").unwrap();
        }
    }
    let known: std::collections::BTreeSet<&str> = files.iter().map(|f| f.rel.as_str()).collect();
    for (path, lines) in &diags.by_file {
        if !known.contains(path.as_str()) {
            writeln!(failures, "{path}: errors in a file that is not a fixture:").unwrap();
            for line in lines {
                writeln!(failures, "    {line}").unwrap();
            }
        }
    }
    for f in &files {
        let errors = diags.by_file.get(&f.rel).map(Vec::as_slice).unwrap_or(&[]);
        match (f.verdict, errors.is_empty()) {
            (Verdict::Compiles, false) => {
                writeln!(
                    failures,
                    "{}: {}, but tsc reports:",
                    root.join(&f.rel).display(),
                    f.reason
                )
                .unwrap();
                for line in errors {
                    writeln!(failures, "    {line}").unwrap();
                }
            }
            (Verdict::Fails, true) => {
                writeln!(
                    failures,
                    "{}: {}, but tsc reports no error",
                    root.join(&f.rel).display(),
                    f.reason
                )
                .unwrap();
            }
            _ => {}
        }
    }
    if !stderr.trim().is_empty() {
        eprintln!("conformance: tsc stderr:\n{stderr}");
    }
    if !failures.is_empty() {
        panic!(
            "conformance: fixture type-check failed (tsc {} over {} files in {}, {:.1?}):\n{failures}",
            output.status,
            files.len(),
            scratch.display(),
            elapsed
        );
    }
    let failing = files.iter().filter(|f| f.verdict == Verdict::Fails).count();
    let skipped_note = if skipped.is_empty() {
        String::new()
    } else {
        format!(
            "; {} cases skipped by `typecheck = false`: {}",
            skipped.len(),
            skipped.join(", ")
        )
    };
    // Written to stderr directly rather than with println!, which libtest would swallow for a
    // passing test: the summary should show in a plain `cargo test`.
    let summary = format!(
        "conformance: {} files type-checked ({failing} must-fail inputs failed as intended) in {elapsed:.1?}{skipped_note}\n",
        files.len(),
    );
    let _ = std::io::Write::write_all(&mut std::io::stderr(), summary.as_bytes());
}

#[test]
fn tsc_diagnostic_lines_are_attributed_to_their_file() {
    let out = "a/b/input.ts(4,10): error TS2724: '\"x\"' has no exported member named 'V2'. Did you mean 'A'?\n\
               \x20 The types of 'x' are incompatible.\n\
               dir (x)/c/expected.ts(12,3): error TS2322: Type 'number' is not assignable to type 'string'.\n\
               error TS5083: Cannot read file '/nope/tsconfig.base.json'.\n";
    let d = parse_tsc_output(out);
    assert_eq!(d.by_file.len(), 2);
    assert_eq!(d.by_file["a/b/input.ts"].len(), 2);
    assert_eq!(d.by_file["dir (x)/c/expected.ts"].len(), 1);
    assert_eq!(
        d.unattributed,
        vec!["error TS5083: Cannot read file '/nope/tsconfig.base.json'."]
    );
    assert_eq!(diagnostic_path("foo.ts(1,x): error TS1: m"), None);
}
