//! Property tests over sources built from fixture fragments: every fixture input and expected
//! output of TypeScript, Python and Go is cut into its top-level statements; a case strings some
//! of them together in any order, sprinkles junk lines (broken syntax, non-ASCII text, trigger
//! words out of context), and picks LF or CRLF, a BOM or not, a final newline or not.
//!
//! For each source, with every transform selected (default tags configured, unsafe fixes on):
//! `fix` is not refused, adds no syntax error, passes the whole-file check (no name imported
//! twice, no provider export that does not exist, no import removed while a use remains), is
//! idempotent, and keeps the line endings, the BOM and the presence of a final newline.
//!
//! Bounded (a few hundred cases per language, a few seconds in release) so it runs with the rest
//! of `cargo test`; `PROPTEST_CASES=N` runs more.

use std::path::Path;
use std::sync::OnceLock;

use cdktf_fix::config::Config;
use cdktf_fix::engine::{syntax_errors, whole_file, Engine, Refused};
use proptest::prelude::*;
use transforms::catalogue::REGISTRY;
use transforms::lang::Lang;
use transforms::source::SourceText;

const CONFIG: &str = "[default-tags]\nManagedBy = \"CDKTF\"\n\"cost-center\" = \"infra\"\n";

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| {
        let config = Config::parse(CONFIG, Path::new("cdktf-fix.toml")).unwrap();
        Engine::new(REGISTRY.to_vec(), config, true)
    })
}

/// The top-level statements of every fixture source of the extension: a line that starts in
/// column 0 (and is not a closing bracket) with the lines that follow it until the next one.
fn fragments(ext: &str) -> &'static [String] {
    static CACHE: OnceLock<Vec<(String, Vec<String>)>> = OnceLock::new();
    let all = CACHE.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
        let mut by_ext: Vec<(String, Vec<String>)> = ["ts", "py", "go"]
            .iter()
            .map(|e| (e.to_string(), Vec::new()))
            .collect();
        let mut files = Vec::new();
        for rule in std::fs::read_dir(&root).unwrap() {
            for case in std::fs::read_dir(rule.unwrap().path()).unwrap() {
                for file in std::fs::read_dir(case.unwrap().path()).unwrap() {
                    files.push(file.unwrap().path());
                }
            }
        }
        files.sort();
        for path in files {
            let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
            let ext = path.extension().unwrap_or_default().to_string_lossy();
            let Some((_, out)) = by_ext.iter_mut().find(|(e, _)| *e == ext) else {
                continue;
            };
            if stem != "input" && stem != "expected" {
                continue;
            }
            let bytes = std::fs::read(&path).unwrap();
            // Suppression comments (`cdktf-fix: ignore-file` above all) would switch whole
            // concatenations off: tests/suppress.rs and the engine's tests cover them.
            if bytes.windows(10).any(|w| w == b"cdktf-fix:") {
                continue;
            }
            let text = SourceText::decode(&bytes)
                .unwrap()
                .text
                .replace("\r\n", "\n");
            let mut current = String::new();
            for line in text.split_inclusive('\n') {
                let starts = line
                    .chars()
                    .next()
                    .is_some_and(|c| !c.is_whitespace() && !matches!(c, '}' | ')' | ']'));
                if starts && !current.trim().is_empty() {
                    out.push(std::mem::take(&mut current));
                }
                current.push_str(line);
            }
            if !current.trim().is_empty() {
                out.push(current);
            }
        }
        by_ext
    });
    &all.iter().find(|(e, _)| e == ext).unwrap().1
}

/// Lines that break or confuse the parsers, or put trigger words out of context.
const JUNK: &[&str] = &[
    "}",
    "((",
    ")",
    "{",
    "import",
    "from",
    "new AwsProvider(",
    "AwsProvider(self, \"x\", default_tags=",
    "fromPort: 0, toPort: 0, protocol: \"-1\",",
    "import * as aws from \"@cdktf/provider-aws\";",
    "\"@cdktf/provider-aws/lib/\"",
    "// ünïcödé 注释 🦀",
    "# ünïcödé 🦀",
    "const é = \"€\";",
    "x = '''",
    "`${",
    "\t\t",
    "",
    "defaultTags: [{ tags: {",
    "func (",
];

#[derive(Debug, Clone)]
enum Piece {
    Fragment(usize),
    Junk(usize),
}

fn source(ext: &'static str) -> impl Strategy<Value = (String, bool, bool, bool)> {
    let n = fragments(ext).len();
    let piece = prop_oneof![
        4 => (0..n).prop_map(Piece::Fragment),
        1 => (0..JUNK.len()).prop_map(Piece::Junk),
    ];
    (
        proptest::collection::vec(piece, 1..8),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(move |(pieces, crlf, bom, final_newline)| {
            let mut text = String::new();
            for p in pieces {
                match p {
                    Piece::Fragment(i) => text.push_str(&fragments(ext)[i]),
                    Piece::Junk(i) => {
                        text.push_str(JUNK[i]);
                        text.push('\n');
                    }
                }
            }
            if !final_newline {
                while text.ends_with('\n') {
                    text.pop();
                }
            } else if !text.ends_with('\n') {
                text.push('\n');
            }
            if crlf {
                text = text.replace('\n', "\r\n");
            }
            (text, crlf, bom, final_newline)
        })
}

/// Newlines not preceded by a carriage return.
fn bare_newlines(text: &str) -> usize {
    let b = text.as_bytes();
    (0..b.len())
        .filter(|&i| b[i] == b'\n' && (i == 0 || b[i - 1] != b'\r'))
        .count()
}

fn check(lang: Lang, text: &str, crlf: bool, bom: bool, final_newline: bool) {
    let bytes = if bom {
        format!("\u{feff}{text}")
    } else {
        text.to_string()
    };
    let source = SourceText::decode(bytes.as_bytes()).unwrap();
    let engine = engine();
    let fixed = match engine.fix(lang, &source.text) {
        Ok(fixed) => fixed,
        Err(refused @ Refused::WouldBreakFile { .. }) => {
            panic!("the whole-file check tripped: {refused}\n--- input ---\n{text}")
        }
        Err(refused) => panic!("refused: {refused}\n--- input ---\n{text}"),
    };
    // The engine refuses what trips the check; asked directly, the result must pass it too.
    assert_eq!(
        whole_file::problem(lang, &source.text, &fixed.text),
        None,
        "--- input ---\n{text}\n--- output ---\n{}",
        fixed.text
    );
    let out = source.encode(&fixed.text);
    assert_eq!(out.starts_with('\u{feff}'), bom, "BOM kept\n{out}");
    assert!(!fixed.text.starts_with('\u{feff}'));
    // A fix may remove everything (an unused import that was the whole file): an empty file
    // has no last line to end.
    assert_eq!(
        fixed.text.ends_with('\n'),
        final_newline && !fixed.text.is_empty(),
        "final newline state kept\n--- input ---\n{text}\n--- output ---\n{}",
        fixed.text
    );
    // A text without any line break has no line-ending style to keep (the generator's `crlf`
    // changed nothing in it): the tool may use its default, LF, for lines it adds.
    if crlf && text.contains("\r\n") {
        assert_eq!(
            bare_newlines(&fixed.text),
            0,
            "CRLF kept\n--- input ---\n{text}\n--- output ---\n{}",
            fixed.text
        );
    } else {
        assert!(
            !fixed.text.contains("\r\n") || text.contains("\r\n"),
            "no CRLF added to an LF file\n{}",
            fixed.text
        );
    }
    if fixed.text != source.text {
        let before = syntax_errors(lang, &source.text);
        let after = syntax_errors(lang, &fixed.text);
        assert!(
            after <= before,
            "syntax errors {before} -> {after}\n--- input ---\n{text}\n--- output ---\n{}",
            fixed.text
        );
    }
    let again = engine.fix(lang, &fixed.text).unwrap_or_else(|refused| {
        panic!(
            "second run refused: {refused}\n--- first output ---\n{}",
            fixed.text
        )
    });
    assert_eq!(
        again.text, fixed.text,
        "idempotent\n--- input ---\n{text}\n--- first ---\n{}",
        fixed.text
    );
}

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|c| c.parse().ok())
            .unwrap_or(200),
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn typescript_fix_is_idempotent_and_keeps_syntax_and_layout(
        (text, crlf, bom, nl) in source("ts")
    ) {
        check(Lang::TypeScript, &text, crlf, bom, nl);
    }

    #[test]
    fn python_fix_is_idempotent_and_keeps_syntax_and_layout(
        (text, crlf, bom, nl) in source("py")
    ) {
        check(Lang::Python, &text, crlf, bom, nl);
    }

    #[test]
    fn go_fix_is_idempotent_and_keeps_syntax_and_layout(
        (text, crlf, bom, nl) in source("go")
    ) {
        check(Lang::Go, &text, crlf, bom, nl);
    }
}

#[test]
fn the_fragments_cover_every_language_and_fixes_happen() {
    // Without this, a change in the fixtures' layout could leave the properties testing nothing.
    for (ext, lang) in [
        ("ts", Lang::TypeScript),
        ("py", Lang::Python),
        ("go", Lang::Go),
    ] {
        let frags = fragments(ext);
        assert!(frags.len() >= 10, "{ext}: {} fragments", frags.len());
        let whole: String = frags.iter().map(String::as_str).collect();
        let fixed = engine().fix(lang, &whole).unwrap();
        assert!(!fixed.applied.is_empty(), "{ext}: nothing fixed");
    }
}
