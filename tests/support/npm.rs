//! Shared by the npm-based conformance suites (`tests/conformance.rs`,
//! `tests/conformance_cdktn.rs`): installing a pinned package folder, and the small pieces of
//! JSON and file-system plumbing their scratch projects need.

use std::fmt::Write as _;
use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

/// Runs `npm ci` in a package folder unless its node_modules was installed from this very
/// lockfile (fails, never skips, without npm). The lockfile's content is kept in node_modules as
/// the stamp of the install: times say nothing when a checkout is newer than an install it shares.
pub fn ensure_node_modules(conformance_dir: &Path) {
    let lock = conformance_dir.join("package-lock.json");
    let lock_text = fs::read(&lock).unwrap_or_else(|e| {
        panic!(
            "conformance: cannot read {} ({e}); it pins the toolchain",
            lock.display()
        )
    });
    let stamp = conformance_dir
        .join("node_modules")
        .join(".cdktf-fix-installed-lock.json");
    if fs::read(&stamp).is_ok_and(|t| t == lock_text) {
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
    fs::write(&stamp, &lock_text).unwrap_or_else(|e| {
        panic!(
            "conformance: npm ci succeeded but {} cannot be written ({e})",
            stamp.display()
        )
    });
}

pub fn json_string(s: &str) -> String {
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
pub fn symlink_dir(target: &Path, link: &Path) -> std::io::Result<()> {
    std::os::unix::fs::symlink(target, link)
}

#[cfg(windows)]
pub fn symlink_dir(target: &Path, link: &Path) -> std::io::Result<()> {
    std::os::windows::fs::symlink_dir(target, link)
}
