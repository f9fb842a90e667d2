//! Shared by the npm-based conformance suites (`tests/conformance.rs`,
//! `tests/conformance_cdktn.rs`): installing a pinned package folder, and the small pieces of
//! JSON and file-system plumbing their scratch projects need.

use std::fmt::Write as _;
use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

pub fn mtime(path: &Path) -> Option<std::time::SystemTime> {
    fs::metadata(path).and_then(|m| m.modified()).ok()
}

/// Runs `npm ci` in a package folder unless its node_modules is at least as new as the lockfile
/// (fails, never skips, without npm).
pub fn ensure_node_modules(conformance_dir: &Path) {
    let lock = conformance_dir.join("package-lock.json");
    let lock_time = mtime(&lock).unwrap_or_else(|| {
        panic!(
            "conformance: {} is missing; it pins the toolchain",
            lock.display()
        )
    });
    let installed = conformance_dir
        .join("node_modules")
        .join(".package-lock.json");
    if mtime(&installed).is_some_and(|t| t >= lock_time) {
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
    if mtime(&installed).is_none() {
        panic!(
            "conformance: npm ci succeeded but {} is missing",
            installed.display()
        );
    }
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
