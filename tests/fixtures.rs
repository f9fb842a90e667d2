//! The one fixture harness: every case under `fixtures/<transform-id>/<case>/` runs through the
//! engine with only that transform selected.
//!
//! A case holds `input.<ext>` (a dependency manifest: `input.<file name>`, such as
//! `input.package.json` or `input.go.mod`), optionally `expected.<ext>` (absent: the file must stay
//! byte-identical), optionally `case.toml` (`unsafe-fixes = true`; `also = ["id", ...]`: transforms
//! that run together with this one, for cases about their interplay; `[config]`: a
//! cdktf-fix.toml table; keys for other suites such as `compiles` are ignored here), optionally
//! `go.mod` (a Go case's module file, handed to the transforms as the pipeline would), a
//! formatter configuration (a prettier configuration file such as `.prettierrc.json`, a
//! `package.json` with a `prettier` key, a `pyproject.toml` with `[tool.black]`, or black in a
//! `requirements.txt`, `requirements-dev.txt`, `Pipfile` or `.pre-commit-config.yaml`: the case's
//! folder is then the project, whose style is read as the tool reads it and handed to the
//! transforms; `tests/prettier.rs` runs the real prettier over such TypeScript cases) and
//! `check.txt`, the snapshot of what `check` reports on the input (`UPDATE_FIXTURES=1 cargo test
//! --test fixtures` rewrites the snapshots, `UPDATE_FIXTURES=<transform-id>` only that
//! transform's; review the diff before committing).
//!
//! For every case the harness asserts: the output is exactly `expected` (or the input);
//! a second run changes nothing; the output has no more syntax errors than the input; every
//! fix the transform offers has a safety its metadata declares; without `--unsafe-fixes` no
//! unsafe fix is applied; the findings match the snapshot. Every transform must have a case
//! that changes a file and a case that must stay unchanged.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use cdktf_fix::config::Config;
use cdktf_fix::engine::{syntax_errors, Engine, FileFacts, Fixed, Refused};
use cdktf_fix::project::{self, Facts};
use transforms::gomod::GoMod;
use transforms::lang::Lang;
use transforms::source::{line_col, SourceText};
use transforms::{self, Safety, Transform};

struct Case {
    transform: &'static dyn Transform,
    dir: PathBuf,
    lang: Lang,
    ext: String,
    input: SourceText,
    input_bytes: Vec<u8>,
    expected: Option<Vec<u8>>,
    unsafe_fixes: bool,
    also: Vec<&'static dyn Transform>,
    config: Config,
    go_mod: Option<GoMod>,
    /// The case's project, when its folder holds a formatter configuration.
    project: Option<Arc<Facts>>,
    /// `[app]` of case.toml: the project's `cdktf.json` as the file sees it (`ts-bindings`,
    /// `python-bindings`, `providers`), as the pipeline hands it to the transforms.
    app: Option<transforms::context::CdktfApp>,
}

fn fixtures_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
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

fn load_case(rule: &'static dyn Transform, dir: &Path) -> Case {
    // `input.<ext>`, or for a manifest `input.<file name>` (`input.package.json`, `input.go.mod`).
    let input_path = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("input."))
        })
        .unwrap_or_else(|| panic!("{}: no input.<ext>", dir.display()));
    let ext = input_path.file_name().unwrap().to_string_lossy()["input.".len()..].to_string();
    let lang = Lang::from_path(Path::new(&ext))
        .filter(|l| l.is_manifest())
        .or_else(|| Lang::from_path(&input_path))
        .unwrap_or_else(|| panic!("{}: unknown extension", input_path.display()));
    let input_bytes = fs::read(&input_path).unwrap();
    let input = SourceText::decode(&input_bytes).expect("fixture input is UTF-8 text");
    let expected = fs::read(dir.join(format!("expected.{ext}"))).ok();
    let mut unsafe_fixes = false;
    let mut also = Vec::new();
    let mut config = Config::default();
    let mut app = None;
    if let Ok(text) = fs::read_to_string(dir.join("case.toml")) {
        let table: toml::Table = text
            .parse()
            .unwrap_or_else(|e| panic!("{}/case.toml: {e}", dir.display()));
        unsafe_fixes = table
            .get("unsafe-fixes")
            .and_then(|v| v.as_bool())
            .unwrap_or(false);
        for id in table
            .get("also")
            .and_then(|v| v.as_array())
            .into_iter()
            .flatten()
        {
            let id = id.as_str().expect("`also` lists transform ids");
            also.push(
                transforms::catalogue::by_id(id)
                    .unwrap_or_else(|| panic!("{}: unknown transform {id}", dir.display())),
            );
        }
        if let Some(a) = table.get("app").and_then(|a| a.as_table()) {
            let s = |k: &str| a.get(k).and_then(|v| v.as_str()).unwrap_or("").to_string();
            app = Some(transforms::context::CdktfApp {
                ts_bindings: s("ts-bindings"),
                python_bindings: s("python-bindings"),
                providers: a
                    .get("providers")
                    .and_then(|v| v.as_array())
                    .into_iter()
                    .flatten()
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect(),
            });
        }
        if let Some(cfg) = table.get("config") {
            let cfg_text = toml::to_string(cfg).unwrap();
            config =
                Config::parse(&cfg_text, &dir.join("case.toml")).unwrap_or_else(|e| panic!("{e}"));
        }
    }
    let go_mod = fs::read_to_string(dir.join("go.mod"))
        .ok()
        .map(|t| GoMod::parse(&t));
    let formatted = project::PRETTIER_FILES
        .iter()
        .chain(&[
            "pyproject.toml",
            "ruff.toml",
            ".ruff.toml",
            "requirements.txt",
            "requirements-dev.txt",
            "Pipfile",
            ".pre-commit-config.yaml",
        ])
        .any(|f| dir.join(f).is_file());
    let project = formatted.then(|| {
        let dir = std::path::absolute(dir).unwrap();
        Arc::new(Facts {
            style: project::read_style(&dir),
            declared: project::read_declared(&dir),
            ..Facts::default()
        })
    });
    Case {
        project,
        go_mod,
        app,
        transform: rule,
        dir: dir.to_path_buf(),
        lang,
        ext,
        input,
        input_bytes,
        expected,
        unsafe_fixes,
        also,
        config,
    }
}

/// The engine's `check` of `text` with the case's `go.mod` and `[app]`.
fn check(eng: &Engine, case: &Case, text: &str) -> Vec<transforms::Diagnostic> {
    // The case's project style when its folder configures a formatter, as the pipeline hands
    // the project's facts with the file.
    let default = Facts::default();
    let project = case.project.as_deref().unwrap_or(&default);
    let facts = FileFacts {
        go_mod: case.go_mod.as_ref(),
        project,
        app: case.app.as_ref(),
    };
    eng.check_planned(text, eng.plan(case.lang, text), facts)
}

/// The engine's `fix` of `text` with the case's `go.mod` and `[app]`.
fn fix(eng: &Engine, case: &Case, text: &str) -> Result<Fixed, Refused> {
    // The case's project style when its folder configures a formatter, as the pipeline hands
    // the project's facts with the file.
    let default = Facts::default();
    let project = case.project.as_deref().unwrap_or(&default);
    let facts = FileFacts {
        go_mod: case.go_mod.as_ref(),
        project,
        app: case.app.as_ref(),
    };
    eng.fix_planned(text, eng.plan(case.lang, text), facts)
}

fn engine(case: &Case, unsafe_fixes: bool) -> Engine {
    let mut rules = vec![case.transform];
    rules.extend(case.also.iter().copied());
    Engine::new(rules, case.config.clone(), unsafe_fixes)
}

/// The findings snapshot: what `check` prints for the input, without the path.
fn render_check(case: &Case) -> String {
    let diags = check(&engine(case, case.unsafe_fixes), case, &case.input.text);
    let mut s = String::new();
    for d in diags {
        let (line, col) = line_col(&case.input.text, d.range.start);
        let fix = match &d.fix {
            Some(f) => format!("[fix: {}] ", f.safety.name()),
            None => "[no fix] ".to_string(),
        };
        s.push_str(&format!(
            "{line}:{col}: {} {fix}{}\n",
            d.transform, d.message
        ));
    }
    s
}

/// Runs one case; returns the failures found (empty when it passes).
fn run_case(case: &Case) -> Vec<String> {
    let mut failures = Vec::new();
    let name = case
        .dir
        .strip_prefix(fixtures_root())
        .unwrap()
        .display()
        .to_string();
    let meta = case.transform.meta();
    let text = &case.input.text;

    // Declared fix safety.
    for d in check(&engine(case, true), case, text) {
        if d.transform != meta.id {
            continue; // a transform in `also`: its own cases check it
        }
        if let Some(f) = &d.fix {
            if !meta.fixes.contains(&f.safety) {
                failures.push(format!(
                    "{name}: offers a {} fix but {} declares {:?}",
                    f.safety.name(),
                    meta.id,
                    meta.fixes
                ));
            }
        }
    }

    let eng = engine(case, case.unsafe_fixes);
    let fixed = match fix(&eng, case, text) {
        Ok(f) => f,
        Err(e) => {
            failures.push(format!("{name}: fix refused: {e}"));
            return failures;
        }
    };
    let output = case.input.encode(&fixed.text).into_bytes();
    let want = case.expected.as_ref().unwrap_or(&case.input_bytes);
    if &output != want {
        failures.push(format!(
            "{name}: output differs from {}\n--- got ---\n{}\n--- want ---\n{}",
            if case.expected.is_some() {
                format!("expected.{}", case.ext)
            } else {
                "the input (no change expected)".into()
            },
            String::from_utf8_lossy(&output),
            String::from_utf8_lossy(want)
        ));
    }
    if let Some(expected) = &case.expected {
        if expected == &case.input_bytes {
            failures.push(format!(
                "{name}: expected equals input; delete expected.{} instead",
                case.ext
            ));
        }
    }

    // Idempotence.
    match fix(&eng, case, &fixed.text) {
        Ok(again) if again.text == fixed.text && again.applied.is_empty() => {}
        Ok(again) => failures.push(format!(
            "{name}: a second run changes the output again ({} more fixes)",
            again.applied.len()
        )),
        Err(e) => failures.push(format!("{name}: second run refused: {e}")),
    }

    // No new syntax errors.
    let (before, after) = (
        syntax_errors(case.lang, text),
        syntax_errors(case.lang, &fixed.text),
    );
    if after > before {
        failures.push(format!(
            "{name}: output has {after} syntax errors, input {before}"
        ));
    }

    // Unsafe fixes stay behind the flag.
    if let Ok(safe_only) = fix(&engine(case, false), case, text) {
        if let Some(a) = safe_only
            .applied
            .iter()
            .find(|a| a.safety == Safety::Unsafe)
        {
            failures.push(format!(
                "{name}: unsafe fix applied without --unsafe-fixes: {}",
                a.message
            ));
        }
    }

    // Findings snapshot.
    let snapshot = render_check(case);
    let snap_path = case.dir.join("check.txt");
    let update = std::env::var("UPDATE_FIXTURES").ok();
    // `UPDATE_FIXTURES=1` rewrites every snapshot; `UPDATE_FIXTURES=<transform-id>` only that one's.
    if update.as_deref().is_some_and(|u| u == "1" || u == meta.id) {
        fs::write(&snap_path, &snapshot).unwrap();
    } else {
        match fs::read_to_string(&snap_path) {
            Ok(want) if want == snapshot => {}
            Ok(want) => failures.push(format!(
                "{name}: check.txt differs\n--- got ---\n{snapshot}--- want ---\n{want}"
            )),
            Err(_) => failures.push(format!(
                "{name}: no check.txt (run with UPDATE_FIXTURES=1 and review it)"
            )),
        }
    }
    failures
}

#[test]
fn every_fixture_case_holds() {
    let root = fixtures_root();
    let mut failures = Vec::new();
    let mut cases = 0;
    for rule_dir in sorted_dirs(&root) {
        let id = rule_dir.file_name().unwrap().to_string_lossy().to_string();
        let rule = transforms::catalogue::by_id(&id)
            .unwrap_or_else(|| panic!("fixtures/{id}: no transform has this id"));
        for case_dir in sorted_dirs(&rule_dir) {
            let case = load_case(rule, &case_dir);
            failures.extend(run_case(&case));
            cases += 1;
        }
    }
    assert!(cases > 0, "no fixture cases found under {}", root.display());
    assert!(
        failures.is_empty(),
        "{} failing fixture checks:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
    eprintln!("fixtures: {cases} cases");
}

#[test]
fn every_transform_has_a_changing_and_an_unchanged_case() {
    for rule in transforms::catalogue::REGISTRY {
        let id = rule.meta().id;
        let dir = fixtures_root().join(id);
        assert!(dir.is_dir(), "transform {id} has no fixtures/{id}/");
        let cases: Vec<Case> = sorted_dirs(&dir)
            .iter()
            .map(|d| load_case(*rule, d))
            .collect();
        if rule.meta().fixes.is_empty() {
            // Detect-only: the snapshots are the assertions; one case reports, one is left alone.
            let reports =
                |c: &Case| fs::read_to_string(c.dir.join("check.txt")).is_ok_and(|s| !s.is_empty());
            for lang in rule.meta().languages.iter().filter(|l| **l != Lang::Tsx) {
                let mine = || cases.iter().filter(|c| c.lang == *lang);
                assert!(
                    mine().any(reports),
                    "{id}: no {} case with findings",
                    lang.name()
                );
                assert!(
                    mine().any(|c| !reports(c)),
                    "{id}: no {} case without findings",
                    lang.name()
                );
                assert!(
                    mine().all(|c| c.expected.is_none()),
                    "{id}: detect-only, but a case expects a change"
                );
            }
            continue;
        }
        assert!(
            cases.iter().any(|c| c.expected.is_some()),
            "{id}: no case with expected output"
        );
        assert!(
            cases.iter().any(|c| c.expected.is_none()),
            "{id}: no case that must stay unchanged"
        );
        for lang in rule.meta().languages {
            // TSX shares TypeScript's cases.
            if *lang == Lang::Tsx {
                continue;
            }
            assert!(
                cases
                    .iter()
                    .any(|c| c.lang == *lang && c.expected.is_some()),
                "{id}: declares {} but has no changing {} case",
                lang.name(),
                lang.name()
            );
        }
    }
}

/// Go output must be what gofmt would print. gofmt comes from Debian's golang-go, which `.ci/run`
/// installs; outside CI a machine without it skips this check and says so.
#[test]
fn go_outputs_are_gofmt_clean() {
    let gofmt = std::process::Command::new("gofmt")
        .arg("-l")
        .arg(fixtures_root())
        .output();
    let output = match gofmt {
        Ok(o) => o,
        Err(e) => {
            assert!(
                std::env::var_os("CI").is_none(),
                "gofmt is required in CI: {e}"
            );
            eprintln!("gofmt not installed: Go fixtures were not checked with gofmt");
            return;
        }
    };
    assert!(
        output.status.success(),
        "gofmt failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    // Inputs may be unformatted on purpose; every expected output must be gofmt-clean.
    let unformatted: Vec<String> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter(|l| l.ends_with("expected.go"))
        .map(str::to_string)
        .collect();
    assert!(unformatted.is_empty(), "not gofmt-clean: {unformatted:?}");
    let checked = fs::read_dir(fixtures_root())
        .unwrap()
        .flat_map(|d| sorted_dirs(&d.unwrap().path()))
        .filter(|c| c.join("expected.go").is_file())
        .count();
    assert!(checked > 0, "no expected.go fixture to check");
}
