//! A finding whose fix touches a syntax error: `fix` holds the fix back until the error is
//! fixed, so `check` must not call it fixable (`[*]`), and both say why.

use std::path::Path;
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_cdktf-fix");

/// A stack whose S3 backend has no lock; `broken` puts a stray bracket in the constructor the
/// fix would insert the override into.
fn stack(broken: bool) -> String {
    format!(
        "import {{ Construct }} from \"constructs\";\nimport {{ S3Backend, TerraformStack }} from \"cdktf\";\n\nexport class AppStack extends TerraformStack {{\n  constructor(scope: Construct, id: string) {{\n    super(scope, id);\n    new S3Backend(this, {{ bucket: \"tf-state\", key: \"app.tfstate\" }});\n{}  }}\n}}\n",
        if broken { "    )\n" } else { "" }
    )
}

/// Runs `cdktf-fix args... main.ts` in `dir`: (exit code, stdout, stderr).
fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    // backend-state-lock is a policy (off by default): select it.
    let out = Command::new(BIN)
        .args(args)
        .args(["--extend-select", "backend-state-lock"])
        .arg("main.ts")
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn a_fix_held_back_by_a_syntax_error_is_not_called_fixable_and_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("main.ts");

    // Without the error: fixable, and fixed.
    std::fs::write(&file, stack(false)).unwrap();
    let (code, stdout, stderr) = run(dir.path(), &["check"]);
    assert_eq!(code, 1, "{stdout}{stderr}");
    assert!(stdout.contains("backend-state-lock [*] "), "{stdout}");
    assert!(stderr.contains("1 fixable with cdktf-fix fix"), "{stderr}");

    // With it: reported, not marked fixable, and the reason given.
    std::fs::write(&file, stack(true)).unwrap();
    let (code, stdout, stderr) = run(dir.path(), &["check"]);
    assert_eq!(code, 1, "{stdout}{stderr}");
    assert!(
        stdout.contains("main.ts:7:5: backend-state-lock "),
        "{stdout}"
    );
    assert!(!stdout.contains("[*]"), "{stdout}");
    assert!(
        stdout.contains("the fix is held back because of the syntax error on line 8; fix it first"),
        "{stdout}"
    );
    assert!(!stderr.contains("fixable"), "{stderr}");

    // `fix` agrees: nothing written, the same reason.
    let (code, stdout, stderr) = run(dir.path(), &["fix"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), stack(true));
    assert!(!stdout.contains("[*]"), "{stdout}");
    assert!(
        stdout.contains("held back because of the syntax error on line 8"),
        "{stdout}"
    );
}
