//! Python conformance: the Python fixtures and the provider index are checked against the real
//! Python bindings (`cdktf` 0.21.0, `cdktf-cdktf-provider-aws` 21.22.1 and the other indexed
//! providers, pinned with their dependencies in `tests/conformance_python/requirements.txt`).
//!
//! The bindings live in a venv, `target/conformance-python/venv`, which
//! `tests/conformance_python/setup.sh` creates; the tests run it first (as the npm suites run
//! `npm ci`), so `cargo test` on a fresh machine builds the venvs (a few minutes, once) and a
//! second run finds them up to date in a second. A machine that cannot build them (no python3
//! with its venv module, no PyPI) fails these tests: they never skip. A venv built from another
//! requirements file is always a failure (rerun the setup script).
//!
//! - `python_module_names_match_the_wheel`: for every indexed provider (aws, archive, local, null,
//!   random, tls), every module of the index has a submodule folder of that Python name in the
//!   installed package, and every folder is in the index (the Python names are derived from the
//!   TypeScript namespaces, and differ from the folder names for 47 AWS modules); every class and
//!   struct name the index lists for a module is a class of that Python submodule; the installed
//!   version is the indexed one.
//! - `python_fixtures_import_and_synthesize`: every `fixtures/<rule>/py-<case>/` (minus those whose
//!   case.toml says `typecheck = false`, which are listed) is run by
//!   `tests/conformance_python/driver.py`, in one Python process (the AWS provider takes most of a
//!   minute to load, once; each synth after that is quick):
//!   - `expected.py` must import, and every `TerraformStack` subclass it defines must construct
//!     and synthesize;
//!   - `input.py` likewise, unless case.toml says `compiles = false`: then its import, or the
//!     construction or synth of one of its stacks, must fail (that is what the rule fixes);
//!   - a case with a working input and an `expected.py`: when all its transforms (its rule and
//!     `also`) only refactor (`provider-imports`, `provider-class-names`) input and expected
//!     synthesize to the same Terraform JSON (`//` metadata aside); when one of them adds
//!     resources on purpose (`s3-bucket-hardening`, `rds-kms-key-arn`: see [`ADDING`]) the
//!     expected output keeps every address of the input and adds at least one, all of the
//!     types that transform creates (`added-addresses`); otherwise the same resource addresses;
//!   - a case with a `reference.py` (a stack written by hand the correct way, e.g. with the
//!     Terraform JSON the provider documents set through `add_override`): its `expected.py`
//!     synthesizes to the same Terraform JSON (`//` metadata aside), whether or not its input
//!     runs (the proof of a rewrite of code that never ran: `provider-class-names`' WAF
//!     statement structs made dicts);
//!   - an `sg-port-range` case with an `expected.py`: every `aws_security_group` ingress/egress
//!     block with protocol `-1`/`all` has ports 0/0, every `aws_security_group_rule` with it has
//!     both ports (the provider ignores their values), and no `aws_vpc_security_group_*_rule`
//!     with `ip_protocol` `-1` sets a port;
//!   - a `default-tags` case with an `expected.py` and a `[config.default-tags]` table: every
//!     AWS provider of the expected output has every configured tag (the configured value, unless
//!     the input's same provider had the tag already: its value never changes), every tag of the
//!     input's provider keeps its value, and no provider is gone; a provider the case.toml lists
//!     in `suppressed-providers` (its finding is held back by a suppression comment) must instead
//!     keep exactly the input's default tags.
//!
//! - `migrated_python_imports_resolve_in_the_cdktn_wheel`: every `expected.py` of
//!   `fixtures/migrate-cdktn/` is run by the same driver in a second venv,
//!   `target/conformance-python/venv-cdktn` (CDK Terrain's `cdktn`, `cdktn-provider-aws` and
//!   `cdktn-provider-random`, pinned in `tests/conformance_python/requirements-cdktn.txt`: cdktn
//!   needs a newer `constructs` than the CDKTF venv pins), so every module it imports resolves in
//!   the real wheels and its stacks synthesize with cdktn; each input is synthesized with cdktf in
//!   the first venv, and the two must deploy the same (the `terraform` block with the provider
//!   versions aside). `cdktn_requirements_match_the_version_table` keeps those pins equal to
//!   `transforms/providers/versions.tsv`.
//!
//! Scratch files go to `target/conformance-python/run/` (recreated each run).
//!
//! Run alone with `cargo test --release --test conformance_python`.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use transforms::index::ProviderIndex;

#[path = "support/synth.rs"]
mod synth;
use synth::deployed;

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Transforms whose rewrite must not change what gets synthesized.
const SEMANTICS_PRESERVING: &[&str] = &["provider-imports", "provider-class-names"];

/// Transforms that add resources or data sources on purpose, and the address prefixes they may
/// add: their cases get the `added-addresses` check instead of the generic same-addresses one
/// (as in the TypeScript suite: `checks_b::adds_resources`, `checks_a::adds_addresses`).
const ADDING: &[(&str, &[&str])] = &[
    (
        "s3-bucket-hardening",
        &[
            "aws_s3_bucket_server_side_encryption_configuration.",
            "aws_s3_bucket_public_access_block.",
        ],
    ),
    ("rds-kms-key-arn", &["data.aws_kms_alias."]),
];

/// The CDKTF venv's python (`tests/conformance_python/requirements.txt`).
fn venv_python() -> PathBuf {
    python_of("venv", "requirements.txt")
}

/// Runs `tests/conformance_python/setup.sh` once per test process (the tests of this file share
/// it): it builds both venvs, or says in a second that they are up to date. Like `npm ci` for the
/// npm suites, so `cargo test` proves the Python fixtures on a fresh machine too; a machine that
/// cannot build the venvs (no python3 with its venv module, no PyPI) fails here, never skips.
fn setup_venvs() {
    static DONE: std::sync::Mutex<Option<Result<(), String>>> = std::sync::Mutex::new(None);
    let mut done = DONE.lock().unwrap_or_else(|e| e.into_inner());
    let result = done.get_or_insert_with(|| {
        let script = repo_root().join("tests/conformance_python/setup.sh");
        let out = Command::new("bash")
            .arg(&script)
            .current_dir(repo_root())
            .output()
            .map_err(|e| format!("cannot run {}: {e}", script.display()))?;
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        eprint!("{text}");
        if out.status.success() {
            Ok(())
        } else {
            Err(format!(
                "tests/conformance_python/setup.sh failed ({}): it needs python3 with its venv module and PyPI\n{text}",
                out.status
            ))
        }
    });
    if let Err(why) = result {
        panic!("{why}");
    }
}

/// The python of `target/conformance-python/<venv>`, built by `setup.sh` (run first, see
/// [`setup_venvs`]) from `tests/conformance_python/<requirements>`.
fn python_of(venv: &str, requirements: &str) -> PathBuf {
    setup_venvs();
    let venv = repo_root().join("target/conformance-python").join(venv);
    let python = venv.join("bin/python");
    assert!(
        python.is_file(),
        "{} is missing after tests/conformance_python/setup.sh",
        venv.display()
    );
    let path = repo_root()
        .join("tests/conformance_python")
        .join(requirements);
    let requirements = fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let stamp = fs::read(venv.join(".requirements")).unwrap_or_default();
    assert!(
        stamp == requirements,
        "{} was built from other requirements; rerun tests/conformance_python/setup.sh",
        venv.display()
    );
    python
}

/// The installed `cdktf_cdktf_provider_aws` package folder.
fn site_package(python: &Path, package: &str) -> PathBuf {
    let out = Command::new(python)
        .args([
            "-c",
            "import sysconfig; print(sysconfig.get_paths()['purelib'])",
        ])
        .output()
        .expect("run the venv's python");
    assert!(out.status.success(), "python failed: {out:?}");
    let site = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
    site.join(package)
}

#[test]
fn python_module_names_match_the_wheel() {
    let python = venv_python();
    let mut summary = Vec::new();
    for provider in ProviderIndex::get().providers() {
        let package = format!("cdktf_cdktf_provider_{}", provider.name);
        let pkg = site_package(&python, &package);
        let site = pkg.parent().unwrap();
        let dist = site.join(format!("{package}-{}.dist-info", provider.version));
        assert!(
            dist.is_dir(),
            "the venv does not hold {package} {} (no {}); add it to tests/conformance_python/requirements.txt",
            provider.version,
            dist.display()
        );
        let folders: BTreeSet<String> = fs::read_dir(&pkg)
            .unwrap_or_else(|e| panic!("{}: {e}", pkg.display()))
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_dir())
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .filter(|n| !n.starts_with('_'))
            .collect();
        let indexed: BTreeSet<String> = provider.modules.iter().map(|m| m.python.clone()).collect();
        let missing: Vec<_> = indexed.difference(&folders).collect();
        let unknown: Vec<_> = folders.difference(&indexed).collect();
        assert!(
            missing.is_empty() && unknown.is_empty(),
            "{package}: Python module names differ from the wheel: index names without a folder: \
             {missing:?}; folders the index does not name: {unknown:?}"
        );
        assert_eq!(
            indexed.len(),
            provider.modules.len(),
            "{package}: two modules share a Python name"
        );
        let renamed = provider
            .modules
            .iter()
            .filter(|m| m.python != m.folder.replace('-', "_"))
            .count();
        if provider.name == "aws" {
            assert!(
                renamed > 0,
                "no AWS module whose Python name differs from its folder: the mapping was not exercised"
            );
        }

        let mut absent = Vec::new();
        let mut names = 0;
        for m in &provider.modules {
            let init = pkg.join(&m.python).join("__init__.py");
            let text =
                fs::read_to_string(&init).unwrap_or_else(|e| panic!("{}: {e}", init.display()));
            let classes: BTreeSet<&str> = text
                .lines()
                .filter_map(|l| l.strip_prefix("class "))
                .map(|l| {
                    let end = l
                        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                        .unwrap_or(l.len());
                    &l[..end]
                })
                .collect();
            for n in m.names() {
                names += 1;
                if !classes.contains(n) {
                    absent.push(format!("{}.{n}", m.python));
                }
            }
        }
        assert!(
            absent.is_empty(),
            "{package}: {} indexed names are not classes of their Python module, e.g. {:?}",
            absent.len(),
            &absent[..absent.len().min(10)]
        );
        summary.push(format!(
            "{package} {}: {} modules ({renamed} named apart from their folder), {names} class names",
            provider.version,
            provider.modules.len()
        ));
    }
    assert!(summary.len() >= 6, "fewer providers indexed than expected");
    eprintln!(
        "conformance_python: the wheels match the index: {}",
        summary.join("; ")
    );
}

struct PyCase {
    name: String,
    dir: PathBuf,
    transforms: Vec<String>,
    compiles: bool,
    has_expected: bool,
    /// `[config.default-tags]`: key → `{"value": ...}` or `{"expr": true}` as JSON.
    default_tags: Option<Vec<(String, String)>>,
    /// `suppressed-providers = ["aws", "aws.west"]`: AWS providers whose default-tags finding a
    /// suppression comment holds back; the default-tags check asserts their tags stay as in the
    /// input instead of asserting the configured ones.
    suppressed_providers: Vec<String>,
}

impl PyCase {
    fn rule_is(&self, id: &str) -> bool {
        self.transforms.first().is_some_and(|t| t == id)
    }
}

fn read_case(dir: &Path, rule: &str) -> Option<PyCase> {
    let mut compiles = true;
    let mut transforms = vec![rule.to_string()];
    let mut default_tags = None;
    let mut suppressed_providers = Vec::new();
    if let Ok(text) = fs::read_to_string(dir.join("case.toml")) {
        let table: toml::Table = text
            .parse()
            .unwrap_or_else(|e| panic!("{}/case.toml: {e}", dir.display()));
        if table.get("typecheck").and_then(|v| v.as_bool()) == Some(false) {
            return None;
        }
        compiles = table
            .get("compiles")
            .and_then(|v| v.as_bool())
            .unwrap_or(true);
        for id in table
            .get("also")
            .and_then(|v| v.as_array())
            .into_iter()
            .flatten()
        {
            transforms.push(id.as_str().expect("`also` lists ids").to_string());
        }
        for p in table
            .get("suppressed-providers")
            .and_then(|v| v.as_array())
            .into_iter()
            .flatten()
        {
            let p = p
                .as_str()
                .expect("`suppressed-providers` lists provider names");
            suppressed_providers.push(p.to_string());
        }
        if let Some(tags) = table
            .get("config")
            .and_then(|c| c.get("default-tags"))
            .and_then(|t| t.as_table())
        {
            let mut v = Vec::new();
            for (key, value) in tags {
                let spec = match value {
                    toml::Value::String(s) => format!("{{\"value\": {}}}", json_str(s)),
                    toml::Value::Table(t) if t.contains_key("expr") => "{\"expr\": true}".into(),
                    other => panic!("{}: default tag {key} = {other}?", dir.display()),
                };
                v.push((key.clone(), spec));
            }
            default_tags = Some(v);
        }
    }
    Some(PyCase {
        name: format!("{rule}/{}", dir.file_name().unwrap().to_string_lossy()),
        dir: dir.to_path_buf(),
        transforms,
        compiles,
        has_expected: dir.join("expected.py").is_file(),
        default_tags,
        suppressed_providers,
    })
}

fn json_str(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn sorted_dirs(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    v.sort();
    v
}

#[test]
fn python_fixtures_import_and_synthesize() {
    let python = venv_python();
    let root = repo_root();
    let mut cases = Vec::new();
    let mut skipped = Vec::new();
    for rule_dir in sorted_dirs(&root.join("fixtures")) {
        let rule = rule_dir.file_name().unwrap().to_string_lossy().into_owned();
        for dir in sorted_dirs(&rule_dir) {
            if !dir.join("input.py").is_file() {
                continue;
            }
            match read_case(&dir, &rule) {
                Some(c) => cases.push(c),
                None => skipped.push(format!(
                    "{rule}/{}",
                    dir.file_name().unwrap().to_string_lossy()
                )),
            }
        }
    }
    assert!(!cases.is_empty(), "no Python fixture to check");

    let scratch = root.join("target/conformance-python/run");
    let _ = fs::remove_dir_all(&scratch);
    fs::create_dir_all(&scratch).unwrap();
    // (key, path, outdir, mode)
    let mut modules: Vec<(String, PathBuf, PathBuf, &str)> = Vec::new();
    // (kind, case, input key, expected key, extra JSON fields)
    let mut checks: Vec<(&str, String, Option<String>, String, String)> = Vec::new();
    let mut must_fail = BTreeSet::new();
    for c in &cases {
        let key = |role: &str| format!("{}/{role}", c.name);
        let out = |role: &str| scratch.join("out").join(&c.name).join(role);
        modules.push((
            key("input"),
            c.dir.join("input.py"),
            out("input"),
            if c.compiles { "synth" } else { "fail" },
        ));
        if !c.compiles {
            must_fail.insert(key("input"));
        }
        if c.has_expected {
            modules.push((
                key("expected"),
                c.dir.join("expected.py"),
                out("expected"),
                "synth",
            ));
            let adding: Vec<&str> = ADDING
                .iter()
                .filter(|(rule, _)| c.transforms.iter().any(|t| t == rule))
                .flat_map(|(_, prefixes)| prefixes.iter().copied())
                .collect();
            if c.compiles && !adding.is_empty() {
                let prefixes: Vec<String> = adding.iter().map(|p| json_str(p)).collect();
                checks.push((
                    "added-addresses",
                    c.name.clone(),
                    Some(key("input")),
                    key("expected"),
                    format!(", \"allowed\": [{}]", prefixes.join(", ")),
                ));
            } else if c.compiles {
                let preserving = c
                    .transforms
                    .iter()
                    .all(|t| SEMANTICS_PRESERVING.contains(&t.as_str()));
                checks.push((
                    if preserving {
                        "same-config"
                    } else {
                        "same-addresses"
                    },
                    c.name.clone(),
                    Some(key("input")),
                    key("expected"),
                    String::new(),
                ));
            }
            let reference = c.dir.join("reference.py");
            if reference.is_file() {
                modules.push((key("reference"), reference, out("reference"), "synth"));
                checks.push((
                    "same-config",
                    c.name.clone(),
                    Some(key("reference")),
                    key("expected"),
                    String::new(),
                ));
            }
            if c.transforms.iter().any(|t| t == "sg-port-range") {
                checks.push((
                    "sg-all-protocol-ports",
                    c.name.clone(),
                    None,
                    key("expected"),
                    String::new(),
                ));
            }
            if let (true, Some(tags)) = (c.rule_is("default-tags"), &c.default_tags) {
                let fields: Vec<String> = tags
                    .iter()
                    .map(|(k, spec)| format!("{}: {spec}", json_str(k)))
                    .collect();
                let suppressed: Vec<String> =
                    c.suppressed_providers.iter().map(|p| json_str(p)).collect();
                checks.push((
                    "default-tags",
                    c.name.clone(),
                    c.compiles.then(|| key("input")),
                    key("expected"),
                    format!(
                        ", \"tags\": {{{}}}, \"suppressed\": [{}]",
                        fields.join(", "),
                        suppressed.join(", ")
                    ),
                ));
            }
        }
    }

    let mut manifest = String::from("{\"modules\": [\n");
    for (i, (key, path, outdir, mode)) in modules.iter().enumerate() {
        let _ = write!(
            manifest,
            "{}{{\"key\": {}, \"path\": {}, \"outdir\": {}, \"mode\": {}}}",
            if i > 0 { ",\n" } else { "" },
            json_str(key),
            json_str(&path.to_string_lossy()),
            json_str(&outdir.to_string_lossy()),
            json_str(mode)
        );
    }
    manifest.push_str("\n], \"checks\": [\n");
    for (i, (kind, case, input, expected, extra)) in checks.iter().enumerate() {
        let _ = write!(
            manifest,
            "{}{{\"kind\": {}, \"case\": {}, \"input\": {}, \"expected\": {}{extra}}}",
            if i > 0 { ",\n" } else { "" },
            json_str(kind),
            json_str(case),
            input.as_deref().map_or("null".to_string(), json_str),
            json_str(expected)
        );
    }
    manifest.push_str("\n]}\n");
    let manifest_path = scratch.join("manifest.json");
    let results_path = scratch.join("results.tsv");
    fs::write(&manifest_path, manifest).unwrap();

    let started = std::time::Instant::now();
    let output = Command::new(&python)
        .arg(root.join("tests/conformance_python/driver.py"))
        .arg(&manifest_path)
        .arg(&results_path)
        .current_dir(&scratch)
        .output()
        .expect("run the Python driver");
    let results = fs::read_to_string(&results_path).unwrap_or_default();
    assert!(
        output.status.success() && results.lines().any(|l| l.starts_with("done\t")),
        "the Python driver did not run to the end ({}):\nstderr: {}\nresults so far:\n{results}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );

    let mut failures = Vec::new();
    let mut outcome: BTreeMap<String, Result<(), String>> = BTreeMap::new();
    let mut stacks = 0;
    let mut assertions = 0;
    let mut checks_run = 0;
    for line in results.lines() {
        let f: Vec<&str> = line.split('\t').collect();
        match f.as_slice() {
            ["ok", key] => {
                outcome.insert(key.to_string(), Ok(()));
            }
            ["failed", key, stage, err] => {
                outcome.insert(key.to_string(), Err(format!("{stage}: {err}")));
            }
            ["stack", ..] => stacks += 1,
            ["check", kind, case, verdict, n, detail] => {
                checks_run += 1;
                assertions += n.parse::<usize>().unwrap_or(0);
                if *verdict != "pass" {
                    failures.push(format!("{case}: {kind} check failed: {detail}"));
                }
            }
            _ => {}
        }
    }
    for (key, ..) in &modules {
        match (outcome.get(key), must_fail.contains(key)) {
            (None, _) => failures.push(format!("{key}: the driver reported nothing")),
            (Some(Ok(())), true) => failures.push(format!(
                "{key}: imported and synthesized, but case.toml says `compiles = false`"
            )),
            (Some(Err(e)), false) => failures.push(format!("{key}: {e}")),
            _ => {}
        }
    }
    assert_eq!(checks_run, checks.len(), "not every check ran");
    assert!(stacks > 0, "no Python stack was synthesized");
    assert!(
        failures.is_empty(),
        "{} Python conformance failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
    eprintln!(
        "conformance_python: {} cases ({} modules, {stacks} stacks synthesized, {} checks with {assertions} assertions, {} inputs failing as they must) in {:.0?}; skipped (typecheck = false): {}",
        cases.len(),
        modules.len(),
        checks.len(),
        must_fail.len(),
        started.elapsed(),
        if skipped.is_empty() { "none".to_string() } else { skipped.join(", ") }
    );
}

/// The CDK Terrain venv's python (`tests/conformance_python/requirements-cdktn.txt`).
fn cdktn_venv_python() -> PathBuf {
    python_of("venv-cdktn", "requirements-cdktn.txt")
}

/// The CDK Terrain pins are the versions `migrate-cdktn` writes into requirements files.
#[test]
fn cdktn_requirements_match_the_version_table() {
    use transforms::index::versions::{normalize_pypi, Versions};
    use transforms::index::Family;
    let text =
        fs::read_to_string(repo_root().join("tests/conformance_python/requirements-cdktn.txt"))
            .unwrap();
    let pins: BTreeMap<String, String> = text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| l.split_once("=="))
        .map(|(n, v)| (normalize_pypi(n.trim()), v.trim().to_string()))
        .collect();
    for member in ["core", "constructs", "aws", "random"] {
        let p = Versions::get().member(Family::Cdktn, member).unwrap();
        assert_eq!(
            pins.get(&normalize_pypi(p.pypi)),
            Some(&p.pypi_version.to_string()),
            "requirements-cdktn.txt pins {} at another version than versions.tsv",
            p.pypi
        );
    }
}

/// Runs driver.py over `modules` ((key, file)) with `python`, on the `core` package; returns key →
/// stack id → the stack's JSON, and the failures.
fn synthesize_python(
    python: &Path,
    core: &str,
    modules: &[(String, PathBuf)],
) -> (
    BTreeMap<String, BTreeMap<String, serde_json::Value>>,
    Vec<String>,
) {
    let scratch = repo_root()
        .join("target/conformance-python/migrate")
        .join(core);
    let _ = fs::remove_dir_all(&scratch);
    fs::create_dir_all(&scratch).unwrap();
    let entries: Vec<String> = modules
        .iter()
        .map(|(key, path)| {
            format!(
                "{{\"key\": {}, \"path\": {}, \"outdir\": {}, \"mode\": \"synth\"}}",
                json_str(key),
                json_str(&path.to_string_lossy()),
                json_str(&scratch.join("out").join(key).to_string_lossy())
            )
        })
        .collect();
    let manifest = scratch.join("manifest.json");
    fs::write(
        &manifest,
        format!(
            "{{\"modules\": [{}], \"checks\": []}}\n",
            entries.join(", ")
        ),
    )
    .unwrap();
    let results = scratch.join("results.tsv");
    let out = Command::new(python)
        .arg(repo_root().join("tests/conformance_python/driver.py"))
        .arg(&manifest)
        .arg(&results)
        .arg(core)
        .current_dir(&scratch)
        .output()
        .expect("run the venv's python");
    let text = fs::read_to_string(&results).unwrap_or_default();
    let mut stacks: BTreeMap<String, BTreeMap<String, serde_json::Value>> = BTreeMap::new();
    let mut failures = Vec::new();
    let mut done = false;
    for line in text.lines() {
        match line.split('\t').collect::<Vec<_>>().as_slice() {
            ["stack", key, id, path] => {
                let json = fs::read_to_string(path).unwrap();
                stacks
                    .entry(key.to_string())
                    .or_default()
                    .insert(id.to_string(), serde_json::from_str(&json).unwrap());
            }
            ["failed", key, stage, why] => {
                failures.push(format!("{key} ({core}): {stage} failed: {why}"))
            }
            ["done", ..] => done = true,
            _ => {}
        }
    }
    if !out.status.success() || !done {
        failures.push(format!(
            "driver.py did not run to the end on {core}:\n{}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    (stacks, failures)
}

/// The proof of `migrate-cdktn` for Python: every `expected.py` of `fixtures/migrate-cdktn/`
/// imports in the CDK Terrain venv (each `cdktn` and `cdktn_provider_*` module it names resolves
/// in the real wheels) and synthesizes with cdktn; where the CDKTF venv is there too, its input
/// synthesizes with cdktf to the same resources, providers and outputs.
#[test]
fn migrated_python_imports_resolve_in_the_cdktn_wheel() {
    let python = cdktn_venv_python();
    let dir = repo_root().join("fixtures/migrate-cdktn");
    // A case whose expected.py imports bindings `cdktn get` generates (`compiles = false` in its
    // case.toml, with the reason) cannot import here: the registry is out of reach.
    let (cases, generated): (Vec<PathBuf>, Vec<PathBuf>) = sorted_dirs(&dir)
        .into_iter()
        .filter(|d| d.join("expected.py").is_file())
        .partition(|d| {
            fs::read_to_string(d.join("case.toml"))
                .ok()
                .and_then(|t| t.parse::<toml::Table>().ok())
                .and_then(|t| t.get("compiles").and_then(|v| v.as_bool()))
                != Some(false)
        });
    if !generated.is_empty() {
        eprintln!(
            "conformance-python: not imported (bindings `cdktn get` generates): {generated:?}"
        );
    }
    assert!(
        !cases.is_empty(),
        "no migrate-cdktn case with an expected.py"
    );
    let key = |d: &Path| d.file_name().unwrap().to_string_lossy().into_owned();
    let expected: Vec<(String, PathBuf)> = cases
        .iter()
        .map(|d| (key(d), d.join("expected.py")))
        .collect();
    let (after, mut failures) = synthesize_python(&python, "cdktn", &expected);
    let mut compared = 0;
    {
        let cdktf_python = venv_python();
        let inputs: Vec<(String, PathBuf)> =
            cases.iter().map(|d| (key(d), d.join("input.py"))).collect();
        let (before, more) = synthesize_python(&cdktf_python, "cdktf", &inputs);
        failures.extend(more);
        for (case, _) in &inputs {
            let (Some(b), Some(a)) = (before.get(case), after.get(case)) else {
                failures.push(format!("{case}: synthesized no stack on cdktf or on cdktn"));
                continue;
            };
            for (id, stack) in b {
                match a.get(id) {
                    Some(s) if deployed(s) == deployed(stack) => compared += 1,
                    Some(s) => failures.push(format!(
                        "{case}: stack {id} differs after migration:\n--- cdktf ---\n{}\n--- cdktn ---\n{}",
                        serde_json::to_string_pretty(&deployed(stack)).unwrap(),
                        serde_json::to_string_pretty(&deployed(s)).unwrap()
                    )),
                    None => failures.push(format!("{case}: no stack {id} on cdktn")),
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    assert!(
        compared > 0,
        "no migrated stack was compared with its CDKTF input"
    );
    eprintln!(
        "conformance_python: {} migrated modules import and synthesize with cdktn; {compared} stacks deploy the same as on cdktf",
        expected.len()
    );
}
