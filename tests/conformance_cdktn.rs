//! Conformance for CDK Terrain: the TypeScript fixtures written against `cdktn` and
//! `@cdktn/provider-*` are type-checked with the real TypeScript compiler against the real CDK
//! Terrain packages, pinned apart from the CDKTF ones in `tests/conformance-cdktn/` (its own
//! `package.json` and `package-lock.json`, so `tests/conformance/package-lock.json` is untouched).
//!
//! A fixture case takes part when its `case.toml` says `family = "cdktn"` (it also says
//! `typecheck = false`, which keeps it out of the CDKTF suite in `tests/conformance.rs`):
//! - `expected.ts` must type-check with zero errors against the cdktn packages;
//! - `input.ts` must type-check too, or FAIL to when the case says `compiles = false`;
//! - `input-family = "cdktf"` (the `migrate-cdktn` cases, whose input is CDKTF code) checks
//!   `input.ts` against the CDKTF packages of `tests/conformance/` instead.
//!
//! Every case of `fixtures/migrate-cdktn/` with an `expected.ts` must take part, so a migrated
//! output that does not compile against cdktn cannot slip through. A run over no case fails.
//!
//! Synth (`migrated_typescript_synthesizes_to_the_same_resources`): every `migrate-cdktn` case
//! with an `expected.ts` is also synthesized, its input with cdktf and its output with cdktn, by
//! the CDKTF suite's driver `tests/conformance/synth.js` (given the cdktn package as its core);
//! the two `cdk.tf.json` must agree on everything Terraform deploys: resources, data sources,
//! providers, outputs (the `terraform` block with the provider versions and cdktf's `//`
//! metadata aside).
//!
//! Like `tests/conformance.rs`, the test runs `npm ci` in a package folder whose
//! `node_modules/.package-lock.json` is missing or older than its lockfile (needs `node` and
//! `npm`; it fails, never skips), copies the files under `target/conformance-cdktn/<family>/`
//! next to a `node_modules` symlink and a generated `tsconfig.json` that extends
//! `tests/conformance/tsconfig.base.json`, and runs one `tsc -p` per family.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;

#[path = "support/npm.rs"]
mod npm;
use npm::{ensure_node_modules, json_string, symlink_dir};

#[path = "support/synth.rs"]
mod synth;
use synth::deployed;

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
enum Family {
    Cdktf,
    Cdktn,
}

impl Family {
    fn dir(self) -> PathBuf {
        let name = match self {
            Family::Cdktf => "conformance",
            Family::Cdktn => "conformance-cdktn",
        };
        repo_root().join("tests").join(name)
    }
    fn parse(s: &str, case: &Path) -> Family {
        match s {
            "cdktf" => Family::Cdktf,
            "cdktn" => Family::Cdktn,
            other => panic!("{}: unknown family `{other}`", case.display()),
        }
    }
}

struct Check {
    /// `<rule>/<case>/<file>.ts`
    rel: String,
    source: PathBuf,
    family: Family,
    compiles: bool,
    /// Modules `tsc` may not find (TS2307) in this file, and nothing else: the bindings
    /// `cdktn get` generates for a migrated provider CDK Terrain publishes no package of
    /// (case.toml's `generated-modules`), which cannot be generated here.
    generated: Vec<String>,
}

/// The files to check, and the cases of `migrate-cdktn` that do not take part.
fn collect() -> (Vec<Check>, Vec<String>) {
    let root = repo_root().join("fixtures");
    let mut checks = Vec::new();
    let mut missing = Vec::new();
    let mut rules: Vec<PathBuf> = fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    rules.sort();
    for rule_dir in rules.into_iter().filter(|p| p.is_dir()) {
        let rule = rule_dir.file_name().unwrap().to_string_lossy().to_string();
        let mut cases: Vec<PathBuf> = fs::read_dir(&rule_dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        cases.sort();
        for case_dir in cases.into_iter().filter(|p| p.is_dir()) {
            let case = case_dir.file_name().unwrap().to_string_lossy().to_string();
            let input = case_dir.join("input.ts");
            if !input.is_file() {
                continue;
            }
            let toml_path = case_dir.join("case.toml");
            let table: toml::Table = fs::read_to_string(&toml_path)
                .unwrap_or_default()
                .parse()
                .unwrap_or_else(|e| panic!("{}: {e}", toml_path.display()));
            let family = table.get("family").and_then(|v| v.as_str());
            if family.is_none() {
                if rule == "migrate-cdktn" && case_dir.join("expected.ts").is_file() {
                    missing.push(format!("{rule}/{case}"));
                }
                continue;
            }
            let family = Family::parse(family.unwrap(), &toml_path);
            assert_eq!(
                table.get("typecheck").and_then(|v| v.as_bool()),
                Some(false),
                "{}: a case with `family` must also say `typecheck = false` (the CDKTF suite cannot check it)",
                toml_path.display()
            );
            let input_family = table
                .get("input-family")
                .and_then(|v| v.as_str())
                .map_or(family, |s| Family::parse(s, &toml_path));
            let compiles = table
                .get("compiles")
                .and_then(|v| v.as_bool())
                .unwrap_or(true);
            let generated: Vec<String> = table
                .get("generated-modules")
                .and_then(|v| v.as_array())
                .into_iter()
                .flatten()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect();
            checks.push(Check {
                rel: format!("{rule}/{case}/input.ts"),
                source: input,
                family: input_family,
                compiles,
                generated: Vec::new(),
            });
            let expected = case_dir.join("expected.ts");
            if expected.is_file() {
                checks.push(Check {
                    rel: format!("{rule}/{case}/expected.ts"),
                    source: expected,
                    family,
                    compiles: true,
                    generated,
                });
            }
        }
    }
    (checks, missing)
}

/// One family's tsc run: each file's errors, and the folder its JavaScript went to
/// (`js/<rule>/<case>/<file>.js`).
struct TscRun {
    errors: BTreeMap<String, Vec<String>>,
    js: PathBuf,
}

/// Every family's tsc run, once per test process (both tests read it).
fn tsc_runs() -> &'static BTreeMap<Family, TscRun> {
    static RUNS: OnceLock<BTreeMap<Family, TscRun>> = OnceLock::new();
    RUNS.get_or_init(|| {
        let (checks, _) = collect();
        let mut by_family: BTreeMap<Family, Vec<&Check>> = BTreeMap::new();
        for c in &checks {
            by_family.entry(c.family).or_default().push(c);
        }
        by_family
            .into_iter()
            .map(|(family, files)| (family, tsc(family, &files)))
            .collect()
    })
}

/// Type-checks `checks` (all of one family) and emits their JavaScript.
fn tsc(family: Family, checks: &[&Check]) -> TscRun {
    let dir = family.dir();
    ensure_node_modules(&dir);
    let scratch = repo_root()
        .join("target")
        .join("conformance-cdktn")
        .join(format!("{family:?}").to_lowercase());
    let _ = fs::remove_dir_all(&scratch);
    fs::create_dir_all(&scratch).unwrap();
    for c in checks {
        let dest = scratch.join(&c.rel);
        fs::create_dir_all(dest.parent().unwrap()).unwrap();
        fs::copy(&c.source, &dest).unwrap();
    }
    symlink_dir(&dir.join("node_modules"), &scratch.join("node_modules")).unwrap();
    let base = repo_root()
        .join("tests")
        .join("conformance")
        .join("tsconfig.base.json");
    let files: Vec<String> = checks.iter().map(|c| json_string(&c.rel)).collect();
    fs::write(
        scratch.join("tsconfig.json"),
        format!(
            "{{ \"extends\": {}, \"compilerOptions\": {{ \"noEmit\": false, \"outDir\": \"js\", \"rootDir\": \".\" }}, \"files\": [{}] }}\n",
            json_string(&base.to_string_lossy()),
            files.join(", ")
        ),
    )
    .unwrap();
    let tsc = dir.join("node_modules/typescript/bin/tsc");
    let out = Command::new("node")
        .arg(&tsc)
        .args(["-p", "tsconfig.json", "--pretty", "false"])
        .current_dir(&scratch)
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("conformance-cdktn: cannot run node ({e}); it is not skipped"));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let mut by_file: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut last: Option<String> = None;
    for line in stdout.lines() {
        if let Some(at) = line.find("): error TS") {
            let path = line[..at].rsplit_once('(').map(|(p, _)| p.to_string());
            let path = path.unwrap_or_else(|| panic!("unreadable tsc line: {line}"));
            by_file
                .entry(path.clone())
                .or_default()
                .push(line.to_string());
            last = Some(path);
        } else if let (true, Some(owner)) = (line.starts_with(char::is_whitespace), &last) {
            by_file.get_mut(owner).unwrap().push(line.to_string());
        } else if !line.trim().is_empty() {
            panic!("conformance-cdktn: unexpected tsc output: {line}\n{stdout}");
        }
    }
    let known: Vec<&str> = checks.iter().map(|c| c.rel.as_str()).collect();
    for path in by_file.keys() {
        assert!(
            known.contains(&path.as_str()),
            "conformance-cdktn: tsc reports errors in {path}, which is not a fixture:\n{stdout}"
        );
    }
    TscRun {
        errors: by_file,
        js: scratch.join("js"),
    }
}

#[test]
fn cdktn_fixtures_type_check_against_the_real_cdktn_packages() {
    let (checks, missing) = collect();
    assert!(
        missing.is_empty(),
        "these migrate-cdktn cases have no `family = \"cdktn\"` in case.toml, so their output is never compiled: {missing:?}"
    );
    assert!(
        checks.iter().any(|c| c.family == Family::Cdktn),
        "no fixture declares `family = \"cdktn\"`: a run over zero files proves nothing"
    );
    let mut by_family: BTreeMap<Family, Vec<&Check>> = BTreeMap::new();
    for c in &checks {
        by_family.entry(c.family).or_default().push(c);
    }
    let mut failures = Vec::new();
    let mut counts = Vec::new();
    let runs = tsc_runs();
    for (family, files) in &by_family {
        let errors = &runs[family].errors;
        for c in files {
            // TS2307 on a module `cdktn get` would generate is no error of the fixture's.
            let errs: Option<Vec<String>> = errors.get(&c.rel).map(|errs| {
                errs.iter()
                    .filter(|e| {
                        !(e.contains("TS2307")
                            && c.generated.iter().any(|m| e.contains(&format!("'{m}'"))))
                    })
                    .cloned()
                    .collect()
            });
            let errs = errs.filter(|e| !e.is_empty());
            match (c.compiles, errs.as_ref()) {
                (true, Some(errs)) => failures.push(format!(
                    "{} must type-check against the {family:?} packages:\n  {}",
                    c.rel,
                    errs.join("\n  ")
                )),
                (false, None) => failures.push(format!(
                    "{} must FAIL to type-check against the {family:?} packages (case.toml says `compiles = false`)",
                    c.rel
                )),
                _ => {}
            }
        }
        counts.push(format!("{} files against {family:?}", files.len()));
    }
    eprintln!("conformance-cdktn: {}", counts.join(", "));
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// Synthesizes compiled fixture modules with `tests/conformance/synth.js` (the CDKTF suite's
/// driver), on `core` (`None`: cdktf; else the folder of the cdktn package). Returns module key →
/// stack id → the stack's JSON.
fn synthesize(
    family: Family,
    modules: &[(String, PathBuf)],
    core: Option<&Path>,
) -> BTreeMap<String, BTreeMap<String, serde_json::Value>> {
    let dir = repo_root()
        .join("target")
        .join("conformance-cdktn")
        .join("synth")
        .join(format!("{family:?}").to_lowercase());
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    let entries: Vec<String> = modules
        .iter()
        .map(|(key, js)| {
            format!(
                "{{ \"key\": {}, \"js\": {}, \"outdir\": {} }}",
                json_string(key),
                json_string(&js.to_string_lossy()),
                json_string(&dir.join("out").join(key).to_string_lossy())
            )
        })
        .collect();
    let manifest = dir.join("manifest.json");
    fs::write(
        &manifest,
        format!(
            "{{ \"modules\": [{}], \"checks\": [] }}\n",
            entries.join(", ")
        ),
    )
    .unwrap();
    let results = dir.join("results.tsv");
    let driver = Family::Cdktf.dir().join("synth.js");
    let mut cmd = Command::new("node");
    cmd.arg(&driver).arg(&manifest).arg(&results);
    if let Some(core) = core {
        cmd.arg(core);
    }
    let out = cmd
        .current_dir(&dir)
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("conformance-cdktn: cannot run node ({e}); it is not skipped"));
    let text = fs::read_to_string(&results).unwrap_or_default();
    let mut stacks: BTreeMap<String, BTreeMap<String, serde_json::Value>> = BTreeMap::new();
    let mut done = false;
    for line in text.lines() {
        let fields: Vec<&str> = line.split('\t').collect();
        match fields.as_slice() {
            ["stack", module, id, path] => {
                let json = fs::read_to_string(path).unwrap();
                stacks
                    .entry(module.to_string())
                    .or_default()
                    .insert(id.to_string(), serde_json::from_str(&json).unwrap());
            }
            ["error", module, why] => panic!("{module} did not synthesize on {family:?}: {why}"),
            ["done", ..] => done = true,
            _ => {}
        }
    }
    assert!(
        out.status.success() && done,
        "synth.js did not run to the end on {family:?}:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    stacks
}

/// The proof of `migrate-cdktn` for TypeScript: every case whose input is CDKTF code and whose
/// output is CDK Terrain code is synthesized twice, the input with cdktf and the output with
/// cdktn, and the two stacks must configure the same resources, data sources, providers and
/// outputs (the `terraform` block with the provider versions aside).
#[test]
fn migrated_typescript_synthesizes_to_the_same_resources() {
    let (checks, _) = collect();
    let runs = tsc_runs();
    let mut pairs: Vec<(String, String)> = Vec::new();
    let mut by_family: BTreeMap<Family, Vec<(String, PathBuf)>> = BTreeMap::new();
    for c in checks
        .iter()
        .filter(|c| c.rel.starts_with("migrate-cdktn/"))
    {
        let case = c.rel.rsplit_once('/').unwrap().0.to_string();
        let has_expected = checks
            .iter()
            .any(|e| e.rel == format!("{case}/expected.ts"));
        // Bindings `cdktn get` would generate are not here to synthesize with.
        if !has_expected || !c.compiles || !c.generated.is_empty() {
            continue;
        }
        let js = runs[&c.family]
            .js
            .join(c.rel.strip_suffix(".ts").unwrap().to_string() + ".js");
        assert!(js.is_file(), "tsc emitted no {}", js.display());
        by_family
            .entry(c.family)
            .or_default()
            .push((c.rel.clone(), js));
        if c.rel.ends_with("/input.ts") {
            assert_eq!(
                c.family,
                Family::Cdktf,
                "{}: the input of a migration is CDKTF code",
                c.rel
            );
            pairs.push((c.rel.clone(), format!("{case}/expected.ts")));
        }
    }
    assert!(
        !pairs.is_empty(),
        "no migrate-cdktn TypeScript case to synthesize"
    );
    let cdktf = synthesize(Family::Cdktf, &by_family[&Family::Cdktf], None);
    let cdktn_core = Family::Cdktn.dir().join("node_modules").join("cdktn");
    let cdktn = synthesize(Family::Cdktn, &by_family[&Family::Cdktn], Some(&cdktn_core));
    let mut failures = Vec::new();
    let mut resources = 0;
    for (input, expected) in &pairs {
        let (Some(before), Some(after)) = (cdktf.get(input), cdktn.get(expected)) else {
            failures.push(format!("{input} or {expected} synthesized no stack"));
            continue;
        };
        if before.keys().ne(after.keys()) {
            failures.push(format!(
                "{input} has stacks {:?}, {expected} {:?}",
                before.keys().collect::<Vec<_>>(),
                after.keys().collect::<Vec<_>>()
            ));
            continue;
        }
        for (id, stack) in before {
            let (a, b) = (deployed(stack), deployed(&after[id]));
            resources += a
                .get("resource")
                .and_then(|r| r.as_object())
                .map_or(0, |r| {
                    r.values()
                        .filter_map(|t| t.as_object())
                        .map(|t| t.len())
                        .sum()
                });
            if a != b {
                failures.push(format!(
                    "{input} and {expected}: stack {id} differs after migration:\n--- cdktf ---\n{}\n--- cdktn ---\n{}",
                    serde_json::to_string_pretty(&a).unwrap(),
                    serde_json::to_string_pretty(&b).unwrap()
                ));
            }
        }
    }
    assert!(
        resources > 0,
        "the migrated stacks configure no resource: the comparison proves nothing"
    );
    eprintln!(
        "conformance-cdktn: {} migrations synthesized the same {resources} resources on cdktf and cdktn",
        pairs.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
