//! Conformance: every TypeScript fixture is type-checked by the real TypeScript compiler against
//! the real CDKTF libraries, so a rewrite is proven to turn broken code into code that compiles;
//! and every fixture that compiles is synthesized by the real cdktf, so a rewrite is proven to
//! keep (or, for the transforms meant to, to change in the intended way) what gets deployed.
//!
//! Type-check (`fixtures_type_check_with_the_real_compiler`). For every
//! `fixtures/<rule>/<case>/` holding `input.ts` (and optionally `expected.ts`):
//! - `expected.ts` must type-check with zero errors;
//! - `input.ts` must FAIL to type-check (at least one error) when the case's `case.toml` says
//!   `compiles = false` (the input is broken by design: that is what the rule fixes);
//! - otherwise `input.ts` must type-check with zero errors (an input that needs no fix, or whose
//!   fix is not about types, must compile as is).
//!
//! Synth (`fixtures_synthesize_with_the_real_cdktf`). Every `expected.ts` and every `input.ts`
//! that compiles is run: `tests/conformance/synth.js` requires the compiled module, instantiates
//! each exported `TerraformStack` subclass as `new Stack(new App({ outdir }), "<ClassName>")`
//! and synthesizes it (a module that throws, or fails to synthesize, is a failure; a constructor
//! with parameters after `(scope, id)` that throws without them, such as `props.suffix`, is
//! retried with stub objects whose properties read as placeholder strings, and says so in a note).
//! Then, on the `stacks/<ClassName>/cdk.tf.json` files:
//! - a case with both a compiling input and an `expected.ts` whose transforms are all in
//!   [`SEMANTICS_PRESERVING`]: input and expected synthesize to the same JSON (`//` metadata keys
//!   aside, object key order aside); for the other transforms, which change deployed
//!   configuration on purpose, only the set of resource and data addresses must be the same;
//! - a case of `default-tags` with an `expected.ts` and a `[config.default-tags]` table: every
//!   `provider.aws` block of the expected output carries every configured default tag, with the
//!   configured value unless the input's same provider (same `alias`) already had that tag, whose
//!   value is never changed (`{ expr = "..." }` values: presence only); every default tag the
//!   input's provider had keeps its value; no AWS provider of the input is gone;
//! - a case of `sg-port-range` with an `expected.ts`: in the expected output every
//!   `aws_security_group` ingress/egress block with protocol `-1`/`all` has `from_port` 0 and
//!   `to_port` 0, every `aws_security_group_rule` with it has both ports (the provider ignores
//!   their values), and no `aws_vpc_security_group_*_rule` with `ip_protocol` `-1` sets
//!   `from_port` or `to_port`.
//! - cases of backend-state-lock, rds-*, imds-v2 and ebs-gp3: see `conformance/checks_a.rs`.
//! - s3-bucket-hardening and rds-kms-key-arn: what they add takes its resource's provider, see
//!   `conformance/checks_s3_provider.rs`.
//!
//! A case without `expected.ts` is only required to synthesize: it is either already right or
//! only reported, never fixed, so the rule-specific checks do not apply to it. A run that
//! synthesizes no stack fails.
//!
//! A case whose `case.toml` says `typecheck = false` is left out of both (e.g. it imports packages
//! that are not pinned here, such as CDK Terrain's `cdktn`); such cases are named in the summary
//! line. Other `case.toml` keys belong to other suites and are ignored, except `also` (transforms
//! run with the case's own) and `[config.default-tags]`, read by the synth checks; `.tsx`, `.py`,
//! `.go` fixtures are not checked here. A run that finds no `.ts` fixture to check fails.
//!
//! Jest (`a_jest_mock_of_the_provider_barrel_keeps_passing_because_the_split_is_unsafe_there`,
//! in `conformance/jest_mocks.rs`): a project whose jest test mocks the provider barrel passes
//! its test before and after `fix`, and fails it after `fix --unsafe-fixes` (the split the tool
//! holds back there).
//!
//! Toolchain: `tests/conformance/package.json` pins typescript, cdktf, constructs, the providers
//! and jest;
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
//! `types` resolution), and so does Node's `require` for the emitted JavaScript. One `tsc -p`
//! compiles everything, for both tests (whichever starts first runs it, the other waits for it):
//! the AWS provider is big and a compile that touches its barrel takes seconds, so one process
//! beats one per file or per test. It emits JavaScript to `target/conformance/tsc/js/` (the
//! generated tsconfig turns the base config's `noEmit` off; tsc emits even for files with type
//! errors, and only the JavaScript of files that must compile is run). The synth test writes its
//! manifest and the synthesized stacks to `target/conformance/synth/` (also recreated each run) and
//! runs the driver once for all modules: loading the provider barrel costs seconds, once.
//!
//! Environment:
//! - `CDKTF_FIX_FIXTURES_DIR`: another fixtures root to check instead of `<repo>/fixtures` (same
//!   `<rule>/<case>/` layout), e.g. throwaway fixtures while working on this test.
//!
//! Run alone with `cargo test --release --test conformance`.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

#[path = "support/npm.rs"]
mod npm;
use npm::{ensure_node_modules, json_string, symlink_dir};

#[path = "conformance/checks_a.rs"]
mod checks_a;
#[path = "conformance/checks_b.rs"]
mod checks_b;
#[path = "conformance/checks_s3_provider.rs"]
mod checks_s3_provider;
#[path = "conformance/checks_shapes.rs"]
mod checks_shapes;
#[path = "conformance/jest_mocks.rs"]
mod jest_mocks;

/// `tests/conformance`, its pinned packages installed (`npm ci` at most once per run, whichever
/// test asks first).
fn installed_toolchain() -> PathBuf {
    static INSTALLED: OnceLock<PathBuf> = OnceLock::new();
    INSTALLED
        .get_or_init(|| {
            let dir = repo_root().join("tests").join("conformance");
            ensure_node_modules(&dir);
            dir
        })
        .clone()
}

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

/// Transforms that only refactor: their rewrite must not change a byte of what gets deployed, so
/// an input that compiles and its expected output must synthesize to the same Terraform JSON.
/// Every other transform (sg-port-range, default-tags, ...) changes deployed configuration on
/// purpose; for those only the set of resource addresses is compared, and rule-specific checks
/// say what must have changed. A case counts as preserving when its rule and every transform in
/// its `also` list are here.
const SEMANTICS_PRESERVING: &[&str] = &["provider-imports", "provider-class-names"];

/// A `[config.default-tags]` value: a string, or `{ expr = "..." }`, code whose value is unknown
/// here (only the tag's presence is checked).
#[derive(Clone, Debug, PartialEq, Eq)]
enum TagValue {
    Literal(String),
    Expr,
}

/// The case.toml keys this suite reads. Top-level booleans defaulting to true: `compiles`
/// (false: input.ts is broken by design and must fail to type-check) and `typecheck` (false: the
/// case is outside this suite, e.g. it imports packages that are not pinned here; it is listed as
/// skipped in the summary, never dropped silently). Also `also = ["id", ...]` (transforms run with
/// the case's own) and the `[config.default-tags]` table, which the synth checks read.
#[derive(Debug)]
struct CaseKeys {
    compiles: bool,
    typecheck: bool,
    also: Vec<String>,
    default_tags: Option<Vec<(String, TagValue)>>,
}

impl Default for CaseKeys {
    /// What a case without case.toml gets.
    fn default() -> Self {
        CaseKeys {
            compiles: true,
            typecheck: true,
            also: Vec::new(),
            default_tags: None,
        }
    }
}

/// Reads [`CaseKeys`] from a case.toml without a TOML crate: top-level `key = true|false` and
/// `also = [...]` lines, and the `key = "string"` / `key = { expr = "..." }` lines of a
/// `[config.default-tags]` table; other keys and tables are ignored. One of ours written in a way
/// this reader does not understand is a fixture error, not something to guess about.
fn case_keys(case_toml: &Path) -> CaseKeys {
    match fs::read_to_string(case_toml) {
        Ok(text) => case_keys_from(&text, case_toml),
        Err(e) if e.kind() == ErrorKind::NotFound => CaseKeys::default(),
        Err(e) => panic!("conformance: cannot read {}: {e}", case_toml.display()),
    }
}

/// [`case_keys`] on the text of `case_toml`.
fn case_keys_from(text: &str, case_toml: &Path) -> CaseKeys {
    let mut keys = CaseKeys::default();
    let bad = |line: &str, why: &str| -> ! {
        panic!(
            "conformance: {}: {why}: `{line}` (this suite reads case.toml without a TOML crate)",
            case_toml.display()
        )
    };
    let mut table = String::new(); // "" for the top level
    for raw in text.lines() {
        let line = raw.trim().trim_start_matches('\u{feff}');
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if line.starts_with('[') {
            let Some(name) = line
                .split('#')
                .next()
                .unwrap()
                .trim()
                .strip_prefix('[')
                .and_then(|l| l.strip_suffix(']'))
            else {
                bad(line, "unreadable table header")
            };
            table = name.trim().to_string();
            if table == "config.default-tags" {
                keys.default_tags.get_or_insert_with(Vec::new);
            }
            continue;
        }
        let (key, rest) = match toml_key(line) {
            Some(kv) => kv,
            // a continuation line of some other suite's multi-line value: not ours
            None if table != "config.default-tags" => continue,
            None => bad(line, "expected `key = value`"),
        };
        match table.as_str() {
            "" => match key.as_str() {
                "compiles" | "typecheck" => {
                    let value = match strip_comment(rest) {
                        "true" => true,
                        "false" => false,
                        other => bad(
                            line,
                            &format!("`{key}` must be true or false, found `{other}`"),
                        ),
                    };
                    if key == "compiles" {
                        keys.compiles = value;
                    } else {
                        keys.typecheck = value;
                    }
                }
                "also" => {
                    let parse = || -> Option<Vec<String>> {
                        let mut rest = rest.trim_start().strip_prefix('[')?.trim_start();
                        let mut ids = Vec::new();
                        loop {
                            if let Some(after) = rest.strip_prefix(']') {
                                return strip_comment(after).is_empty().then_some(ids);
                            }
                            let (id, after) = toml_string(rest)?;
                            ids.push(id);
                            rest = after.trim_start();
                            rest = rest.strip_prefix(',').unwrap_or(rest).trim_start();
                        }
                    };
                    match parse() {
                        Some(ids) => keys.also = ids,
                        None => bad(line, "`also` must be a one-line array of strings"),
                    }
                }
                _ => {}
            },
            "config" if key == "default-tags" => bad(
                line,
                "write default tags as a `[config.default-tags]` table",
            ),
            "config.default-tags" => {
                let rest = rest.trim_start();
                let (value, after) = if let Some(inner) = rest.strip_prefix('{') {
                    let Some((k, r)) = toml_key(inner.trim_start()) else {
                        bad(line, "expected `{ expr = \"...\" }`")
                    };
                    let Some((_, r)) = toml_string(r.trim_start()).filter(|_| k == "expr") else {
                        bad(line, "expected `{ expr = \"...\" }`")
                    };
                    let Some(r) = r.trim_start().strip_prefix('}') else {
                        bad(line, "expected `{ expr = \"...\" }`")
                    };
                    (TagValue::Expr, r)
                } else {
                    let Some((s, r)) = toml_string(rest) else {
                        bad(line, "a default tag is a string or `{ expr = \"...\" }`")
                    };
                    (TagValue::Literal(s), r)
                };
                if !strip_comment(after).is_empty() {
                    bad(line, "unexpected text after the value")
                }
                keys.default_tags.as_mut().unwrap().push((key, value));
            }
            _ => {}
        }
    }
    keys
}

/// The text before a `#` comment (for values that hold no string), trimmed.
fn strip_comment(s: &str) -> &str {
    s.split('#').next().unwrap_or("").trim()
}

/// `key = rest`: a bare or quoted key, then `=`; returns the key and the text after `=`.
fn toml_key(line: &str) -> Option<(String, &str)> {
    let (key, rest) = if line.starts_with('"') || line.starts_with('\'') {
        toml_string(line)?
    } else {
        let end = line
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
            .unwrap_or(line.len());
        if end == 0 {
            return None;
        }
        (line[..end].to_string(), &line[end..])
    };
    let rest = rest.trim_start().strip_prefix('=')?;
    Some((key, rest))
}

/// A TOML basic (`"..."`, common escapes) or literal (`'...'`) string at the start of `s`;
/// returns its value and the text after it.
fn toml_string(s: &str) -> Option<(String, &str)> {
    let quote = s.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let mut out = String::new();
    let mut chars = s[1..].char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            c if c == quote => return Some((out, &s[1 + i + 1..])),
            '\\' if quote == '"' => match chars.next()?.1 {
                '"' => out.push('"'),
                '\\' => out.push('\\'),
                'n' => out.push('\n'),
                't' => out.push('\t'),
                'u' => {
                    let hex: String = (0..4)
                        .filter_map(|_| chars.next().map(|(_, c)| c))
                        .collect();
                    out.push(char::from_u32(u32::from_str_radix(&hex, 16).ok()?)?);
                }
                _ => return None,
            },
            c => out.push(c),
        }
    }
    None
}

/// A `fixtures/<rule>/<case>/` with an `input.ts`, as the synth test sees it.
struct Case {
    /// `<rule>/<case>`
    name: String,
    transform: String,
    keys: CaseKeys,
    has_expected: bool,
}

impl Case {
    /// The transforms this case runs: its rule and those in `also`.
    fn transforms(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.transform.as_str()).chain(self.keys.also.iter().map(String::as_str))
    }
}

/// What the fixtures root holds for both tests.
struct Fixtures {
    root: PathBuf,
    /// The `.ts` files to type-check.
    files: Vec<FixtureFile>,
    /// The cases of those files (not those skipped).
    cases: Vec<Case>,
    /// Cases skipped by `typecheck = false` (`<rule>/<case>`).
    skipped: Vec<String>,
}

fn collect_fixtures(root: &Path) -> Fixtures {
    if !root.is_dir() {
        panic!(
            "conformance: fixtures root {} is not a directory",
            root.display()
        );
    }
    let mut files = Vec::new();
    let mut cases = Vec::new();
    let mut skipped = Vec::new();
    for rule_dir in sorted_entries(root).into_iter().filter(|p| p.is_dir()) {
        for case_dir in sorted_entries(&rule_dir).into_iter().filter(|p| p.is_dir()) {
            let input = case_dir.join("input.ts");
            if !input.is_file() {
                continue; // a .tsx/.py/.go case, or not a case at all
            }
            let rule = rule_dir.file_name().unwrap().to_string_lossy().into_owned();
            let case = case_dir.file_name().unwrap().to_string_lossy().into_owned();
            let keys = case_keys(&case_dir.join("case.toml"));
            if !keys.typecheck {
                skipped.push(format!("{rule}/{case}"));
                continue;
            }
            let compiles = keys.compiles;
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
            let has_expected = expected.is_file();
            if has_expected {
                files.push(FixtureFile {
                    rel: format!("{rule}/{case}/expected.ts"),
                    source: expected,
                    verdict: Verdict::Compiles,
                    reason: "expected.ts must type-check",
                });
            }
            cases.push(Case {
                name: format!("{rule}/{case}"),
                transform: rule,
                keys,
                has_expected,
            });
        }
    }
    Fixtures {
        root: root.to_path_buf(),
        files,
        cases,
        skipped,
    }
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
    // The base config says noEmit (for editors and one-off runs); this run also emits the
    // JavaScript the synth test runs, into js/<rule>/<case>/<file>.js.
    writeln!(
        tsconfig,
        "  \"compilerOptions\": {{ \"noEmit\": false, \"outDir\": \"js\", \"rootDir\": \".\" }},"
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

/// The one tsc run both tests share: it type-checks every fixture file and emits JavaScript.
struct TscRun {
    fixtures: Fixtures,
    conformance_dir: PathBuf,
    scratch: PathBuf,
    status: ExitStatus,
    stdout: String,
    stderr: String,
    elapsed: Duration,
}

static TSC_RUN: OnceLock<Result<TscRun, String>> = OnceLock::new();

/// Runs tsc on the first call (the other test, running in parallel, waits for it); a setup
/// failure is reported by both tests.
fn tsc_run() -> &'static TscRun {
    let run = TSC_RUN.get_or_init(|| {
        std::panic::catch_unwind(run_tsc).map_err(|payload| {
            payload
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_else(|| "conformance: setup panicked".to_string())
        })
    });
    match run {
        Ok(run) => run,
        Err(message) => panic!("{message}"),
    }
}

fn run_tsc() -> TscRun {
    let conformance_dir = repo_root().join("tests").join("conformance");
    let root = fixtures_root();
    let fixtures = collect_fixtures(&root);
    assert!(
        !fixtures.files.is_empty(),
        "conformance: no fixtures/<rule>/<case>/input.ts to type-check under {} ({} cases skipped by \
         `typecheck = false`); a conformance run over zero files proves nothing",
        root.display(),
        fixtures.skipped.len()
    );

    installed_toolchain();
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

    let scratch = prepare_scratch(&fixtures.files, &conformance_dir);
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
    TscRun {
        fixtures,
        conformance_dir,
        scratch,
        status: output.status,
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        elapsed: started.elapsed(),
    }
}

/// The run's diagnostics; panics when tsc did not run properly.
fn checked_diagnostics(run: &TscRun) -> Diagnostics {
    let diags = parse_tsc_output(&run.stdout);
    // tsc exits 0 (no errors), 1 or 2 (errors reported, outputs skipped or generated); anything
    // else, a signal, or a failure without a single parsed diagnostic is a broken run.
    let code = run.status.code();
    let broken_run = !matches!(code, Some(0..=2))
        || (code != Some(0) && diags.by_file.is_empty() && diags.unattributed.is_empty());
    if broken_run {
        panic!(
            "conformance: tsc did not run properly ({}) in {}\n--- stdout ---\n{}\n--- stderr ---\n{}",
            run.status,
            run.scratch.display(),
            run.stdout,
            run.stderr
        );
    }
    diags
}

/// Written to stderr directly rather than with println!, which libtest would swallow for a
/// passing test: the summary should show in a plain `cargo test`.
fn summary(text: &str) {
    let _ = std::io::Write::write_all(&mut std::io::stderr(), format!("{text}\n").as_bytes());
}

#[test]
fn fixtures_type_check_with_the_real_compiler() {
    let run = tsc_run();
    let diags = checked_diagnostics(run);
    let Fixtures {
        root,
        files,
        skipped,
        ..
    } = &run.fixtures;
    let elapsed = run.elapsed;

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
    for f in files {
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
    if !run.stderr.trim().is_empty() {
        eprintln!("conformance: tsc stderr:\n{}", run.stderr);
    }
    if !failures.is_empty() {
        panic!(
            "conformance: fixture type-check failed (tsc {} over {} files in {}, {:.1?}):\n{failures}",
            run.status,
            files.len(),
            run.scratch.display(),
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
    summary(&format!(
        "conformance: {} files type-checked ({failing} must-fail inputs failed as intended) in {elapsed:.1?}{skipped_note}",
        files.len(),
    ));
}

/// One JSON object for the synth manifest, from `(key, already-encoded JSON value)` pairs.
fn json_object(fields: &[(&str, String)]) -> String {
    let body: Vec<String> = fields
        .iter()
        .map(|(k, v)| format!("{}: {v}", json_string(k)))
        .collect();
    format!("{{{}}}", body.join(", "))
}

fn json_path(p: &Path) -> String {
    json_string(&p.to_string_lossy())
}

#[test]
fn fixtures_synthesize_with_the_real_cdktf() {
    let run = tsc_run();
    checked_diagnostics(run); // a broken tsc run emitted nothing worth running
    let root = &run.fixtures.root;
    let js_root = run.scratch.join("js");
    let synth_dir = repo_root().join("target").join("conformance").join("synth");
    match fs::remove_dir_all(&synth_dir) {
        Ok(()) => {}
        Err(e) if e.kind() == ErrorKind::NotFound => {}
        Err(e) => panic!("conformance: cannot clear {}: {e}", synth_dir.display()),
    }
    fs::create_dir_all(&synth_dir)
        .unwrap_or_else(|e| panic!("conformance: cannot create {}: {e}", synth_dir.display()));

    // What to synthesize (every file that must compile) and what to check on it.
    let mut failures = String::new();
    let mut modules: Vec<String> = Vec::new();
    let mut checks: Vec<String> = Vec::new();
    for case in &run.fixtures.cases {
        let mut add = |file: &str| -> Option<String> {
            let key = format!("{}/{file}", case.name);
            let js = js_root.join(&case.name).join(format!("{file}.js"));
            if !js.is_file() {
                writeln!(failures, "{key}.ts: tsc emitted no {}", js.display()).unwrap();
                return None;
            }
            let outdir = synth_dir.join("out").join(&key);
            modules.push(json_object(&[
                ("key", json_string(&key)),
                ("js", json_path(&js)),
                ("outdir", json_path(&outdir)),
            ]));
            Some(key)
        };
        let input = if case.keys.compiles {
            add("input")
        } else {
            None
        };
        let expected = if case.has_expected {
            add("expected")
        } else {
            None
        };
        let Some(expected) = expected else {
            continue; // already right or only reported: it must synthesize, nothing more
        };
        let name = json_string(&case.name);
        // Transforms that add resources or data sources compare addresses in their own checks.
        if let Some(input) = input.as_ref().filter(|_| {
            !checks_b::adds_resources(case) && !case.transforms().any(checks_a::adds_addresses)
        }) {
            let preserving = case.transforms().all(|t| SEMANTICS_PRESERVING.contains(&t));
            let kind = if preserving {
                "same-config"
            } else {
                "same-addresses"
            };
            checks.push(json_object(&[
                ("kind", json_string(kind)),
                ("case", name.clone()),
                ("input", json_string(input)),
                ("expected", json_string(&expected)),
            ]));
        }
        if let (true, Some(tags)) = (
            case.transforms().any(|t| t == "default-tags"),
            &case.keys.default_tags,
        ) {
            let tags: Vec<(&str, String)> = tags
                .iter()
                .map(|(k, v)| {
                    let spec = match v {
                        TagValue::Literal(s) => json_object(&[("value", json_string(s))]),
                        TagValue::Expr => json_object(&[("expr", "true".to_string())]),
                    };
                    (k.as_str(), spec)
                })
                .collect();
            checks.push(json_object(&[
                ("kind", json_string("default-tags")),
                ("case", name.clone()),
                ("expected", json_string(&expected)),
                (
                    "input",
                    input.as_deref().map_or("null".to_string(), json_string),
                ),
                ("tags", json_object(&tags)),
            ]));
        }
        checks.extend(checks_b::checks(case, input.as_deref(), &expected));
        if case.transforms().any(|t| t == "sg-port-range") {
            checks.push(json_object(&[
                ("kind", json_string("sg-all-protocol-ports")),
                ("case", name.clone()),
                ("expected", json_string(&expected)),
            ]));
        }
    }
    let manifest = format!(
        "{{\n  \"modules\": [\n    {}\n  ],\n  \"checks\": [\n    {}\n  ]\n}}\n",
        modules.join(",\n    "),
        checks.join(",\n    ")
    );
    let manifest_path = synth_dir.join("manifest.json");
    fs::write(&manifest_path, manifest).unwrap();

    let driver = run.conformance_dir.join("synth.js");
    let results_path = synth_dir.join("results.tsv");
    let started = Instant::now();
    let output = Command::new("node")
        .arg(&driver)
        .arg(&manifest_path)
        .arg(&results_path)
        .current_dir(&synth_dir)
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
    let results = fs::read_to_string(&results_path).unwrap_or_default();

    // The driver's verdicts (see the protocol at the top of synth.js); its stdout and stderr are
    // the fixtures' own output, shown only when the driver did not run to the end.
    let (mut stacks, mut comparisons, mut tag_checks, mut port_checks) = (0, 0, 0, 0);
    let mut verdicts = 0;
    let mut done = None;
    let mut notes = Vec::new();
    for line in results.lines() {
        let fields: Vec<&str> = line.split('\t').collect();
        match fields.as_slice() {
            ["stack", _module, _id, _path] => stacks += 1,
            ["note", module, text] => notes.push(format!("{module}: {text}")),
            ["error", module, text] => writeln!(
                failures,
                "{}.ts did not synthesize: {text}",
                root.join(module).display()
            )
            .unwrap(),
            ["check", kind, case, verdict, count, detail] => {
                verdicts += 1;
                let count: usize = count.parse().unwrap_or(0);
                match *kind {
                    "same-config" | "same-addresses" => comparisons += count,
                    "default-tags" => tag_checks += count,
                    "sg-all-protocol-ports" => port_checks += count,
                    _ => {}
                }
                if *verdict != "pass" {
                    writeln!(
                        failures,
                        "{}: {kind} check failed:\n    {}",
                        root.join(case).display(),
                        detail.replace(" || ", "\n    ")
                    )
                    .unwrap();
                }
            }
            ["done", _modules, count] => done = count.parse::<usize>().ok(),
            _ => writeln!(failures, "synth.js printed an unexpected line: {line}").unwrap(),
        }
    }
    checks_a::run(&results, root, &mut failures);
    checks_shapes::run(&results, &mut failures);
    checks_s3_provider::run(&results, &mut failures);
    if !output.status.success() || done.is_none() {
        writeln!(
            failures,
            "synth.js did not run to the end ({}); its output:\n--- stdout ---\n{stdout}\n--- stderr ---\n{stderr}",
            output.status
        )
        .unwrap();
    } else if done != Some(stacks) {
        writeln!(
            failures,
            "synth.js reported {done:?} stacks but listed {stacks}"
        )
        .unwrap();
    }
    if verdicts != checks.len() {
        writeln!(
            failures,
            "synth.js gave {verdicts} verdicts for {} checks",
            checks.len()
        )
        .unwrap();
    }
    if stacks == 0 {
        writeln!(
            failures,
            "no stack was synthesized from {} modules; a synth run over nothing proves nothing",
            modules.len()
        )
        .unwrap();
    }
    if !failures.is_empty() {
        panic!(
            "conformance: fixture synth failed ({} modules, manifest {}, {:.1?}):\n{failures}",
            modules.len(),
            manifest_path.display(),
            elapsed
        );
    }
    for note in &notes {
        summary(&format!("synth: note: {note}"));
    }
    summary(&format!(
        "synth: {stacks} stacks synthesized, {comparisons} comparisons, {tag_checks} tag checks, \
         {port_checks} security-group port checks ({} modules, {} checks, {elapsed:.1?})",
        modules.len(),
        checks.len()
    ));
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

#[test]
fn case_toml_keys_are_read_without_a_toml_crate() {
    let text = "# comment\n\
                compiles = false # broken on purpose\n\
                also = [\"provider-class-names\", 'x'] # two\n\
                unsafe-fixes = true\n\
                \n\
                [config]\n\
                other = [\n  \"multi-line\",\n]\n\
                \n\
                [config.default-tags]\n\
                ManagedBy = \"CDKTF\" # why\n\
                \"cost-center\" = 'infra # not a comment'\n\
                Environment = { expr = \"props.env\" }\n\
                Quote = \"a\\\"b\\u00e9\"\n";
    let keys = case_keys_from(text, Path::new("case.toml"));
    assert!(!keys.compiles);
    assert!(keys.typecheck);
    assert_eq!(keys.also, ["provider-class-names", "x"]);
    assert_eq!(
        keys.default_tags.unwrap(),
        [
            ("ManagedBy".to_string(), TagValue::Literal("CDKTF".into())),
            (
                "cost-center".to_string(),
                TagValue::Literal("infra # not a comment".into())
            ),
            ("Environment".to_string(), TagValue::Expr),
            ("Quote".to_string(), TagValue::Literal("a\"b\u{e9}".into())),
        ]
    );
    let none = case_keys_from("typecheck = false\n[config]\n", Path::new("case.toml"));
    assert!(!none.typecheck && none.default_tags.is_none() && none.also.is_empty());
    let bad = std::panic::catch_unwind(|| {
        case_keys_from(
            "[config.default-tags]\nTeam = platform\n",
            Path::new("case.toml"),
        )
    });
    assert!(bad.is_err(), "an unquoted tag value is a fixture error");
}
