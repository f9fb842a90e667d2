//! Running the binary on a temporary project: the helpers CLI tests share.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

pub const BIN: &str = env!("CARGO_BIN_EXE_cdktf-fix");

/// Writes `text` to `root/rel`, creating its folders.
pub fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

/// Runs `cdktf-fix args` in `dir`, without colours.
pub fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs")
}

/// The file at `root/rel`, as text.
#[allow(dead_code)] // not every test that includes this module reads files back
pub fn read(root: &Path, rel: &str) -> String {
    fs::read_to_string(root.join(rel)).unwrap()
}

/// The exit code of a run that was not killed by a signal.
#[allow(dead_code)]
pub fn code(o: &Output) -> i32 {
    o.status.code().expect("the binary exits with a code")
}

#[allow(dead_code)]
/// What the run printed: findings (stdout), then the summary and errors (stderr).
pub fn printed(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// A TypeScript project in a temporary folder: a `package.json` pinning `@cdktf/provider-aws` to
/// `provider_range`, and `stack` as `src/stack.ts`.
#[allow(dead_code)]
pub fn provider_aws_project(provider_range: &str, stack: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "package.json",
        &format!(
            r#"{{ "name": "stack", "dependencies": {{ "cdktf": "^0.20.0", "@cdktf/provider-aws": "{provider_range}" }} }}"#
        ),
    );
    write(dir.path(), "src/stack.ts", stack);
    dir
}
