//! Inputs on which the fuzz targets (`fuzz/`) once failed, kept in `tests/fuzz-regressions/` and
//! checked as the targets check them (`fuzz/fuzz_targets/common.rs`): no panic, `fix` not
//! refused, no new syntax error, idempotent. One test per input, named after the bug; the last
//! test runs every saved input, so a new one is covered as soon as it is added.

use std::path::{Path, PathBuf};

use cdktf_fix::config::Config;
use cdktf_fix::engine::file::{process_bytes, FileOptions, Mode, Sink};
use cdktf_fix::engine::{syntax_errors, Engine};
use transforms::catalogue::REGISTRY;
use transforms::lang::Lang;
use transforms::source::SourceText;

/// The fuzz targets' configuration.
const CONFIG: &str = r#"
[default-tags]
ManagedBy = "CDKTF"
cost-center = "infrastructure"
Stage = { expr = "stage" }
"#;

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz-regressions")
}

fn check_like_the_fuzzer(name: &str) {
    let path = dir().join(name);
    let lang = Lang::from_path(&path).unwrap();
    let bytes = std::fs::read(&path).unwrap();
    let config = Config::parse(CONFIG, Path::new("cdktf-fix.toml")).unwrap();
    let engine = Engine::new(REGISTRY.to_vec(), config, true);
    let opts = FileOptions {
        mode: Mode::Check,
        max_file_size: u64::MAX,
        color: false,
    };
    let _ = process_bytes(&engine, &bytes, Sink::Stdout, name.to_string(), lang, &opts);
    let Ok(source) = SourceText::decode(&bytes) else {
        return;
    };
    let text = &source.text;
    let fixed = engine
        .fix(lang, text)
        .unwrap_or_else(|refused| panic!("{name}: fix refused: {refused}"));
    assert!(
        syntax_errors(lang, &fixed.text) <= syntax_errors(lang, text),
        "{name}: new syntax errors:\n{}",
        fixed.text
    );
    let again = engine
        .fix(lang, &fixed.text)
        .unwrap_or_else(|refused| panic!("{name}: second fix refused: {refused}"));
    assert_eq!(again.text, fixed.text, "{name}: not idempotent");
}

/// A fix on a valid `AwsProvider(...)` call made tree-sitter recover differently from the broken
/// line after it (4 → 10 errors); the engine refused the whole file as a cdktf-fix bug. Now the
/// round is undone and its fixes held back.
#[test]
fn python_fix_elsewhere_shifts_error_recovery() {
    check_like_the_fuzzer("python-fix-elsewhere-shifts-error-recovery.py");
}

/// The same in Go: default tags added to a valid provider while `cdktf.New]erraformStack` is
/// broken two statements above (2 → 3 errors).
#[test]
fn go_fix_elsewhere_shifts_error_recovery() {
    check_like_the_fuzzer("go-fix-elsewhere-shifts-error-recovery.go");
}

#[test]
fn every_saved_fuzz_input_passes() {
    let mut names: Vec<String> = std::fs::read_dir(dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(names.len() >= 2);
    for name in names {
        check_like_the_fuzzer(&name);
    }
}
