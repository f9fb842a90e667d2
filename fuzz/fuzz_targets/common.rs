//! What every fuzz target checks on arbitrary bytes read as a source of one language, with every
//! transform selected (default tags configured, unsafe fixes allowed):
//! - nothing panics (decode, check with the line/column of every finding, fix, the patch);
//! - `fix` is never refused: the transforms propose no edit that would add a syntax error or
//!   fail to converge (the engine's safety net would catch it, but it is still a transform bug);
//! - fixing the output again changes nothing (idempotence);
//! - the output has no more syntax errors than the input.

use std::sync::OnceLock;

use cdktf_fix::config::Config;
use cdktf_fix::engine::file::{process_bytes, FileOptions, Mode, Sink};
use cdktf_fix::engine::{syntax_errors, Engine};
use transforms::lang::Lang;
use cdktf_fix::engine::patch as diff;
use transforms::source::SourceText;
use transforms::catalogue::REGISTRY;

const CONFIG: &str = r#"
[default-tags]
ManagedBy = "CDKTF"
cost-center = "infrastructure"
Stage = { expr = "stage" }
"#;

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| {
        let config = Config::parse(CONFIG, std::path::Path::new("cdktf-fix.toml"))
            .expect("the fuzz configuration is valid");
        Engine::new(REGISTRY.to_vec(), config, true)
    })
}

pub fn run(lang: Lang, display: &str, bytes: &[u8]) {
    let engine = engine();
    // The file pipeline in check mode: decoding, the prefilter, every transform, and the
    // line/column of every finding.
    let opts = FileOptions {
        mode: Mode::Check,
        max_file_size: u64::MAX,
        color: false,
    };
    let _ = process_bytes(engine, bytes, Sink::Stdout, display.to_string(), lang, &opts);
    let Ok(source) = SourceText::decode(bytes) else {
        return;
    };
    let text = &source.text;
    let fixed = match engine.fix(lang, text) {
        Ok(f) => f,
        Err(refused) => panic!("fix refused: {refused}\n--- input ---\n{text}"),
    };
    if fixed.text == *text {
        return;
    }
    let _ = diff::unified(display, text, &fixed.text);
    let before = syntax_errors(lang, text);
    let after = syntax_errors(lang, &fixed.text);
    assert!(
        after <= before,
        "fix raised the syntax errors from {before} to {after}\n--- input ---\n{text}\n--- output ---\n{}",
        fixed.text
    );
    match engine.fix(lang, &fixed.text) {
        Ok(again) => assert!(
            again.text == fixed.text,
            "not idempotent\n--- input ---\n{text}\n--- first ---\n{}\n--- second ---\n{}",
            fixed.text,
            again.text
        ),
        Err(refused) => panic!(
            "second fix refused: {refused}\n--- first ---\n{}",
            fixed.text
        ),
    }
}
