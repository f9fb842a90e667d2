//! Finding the files to read: `ignore`'s parallel walker (honours .gitignore and .ignore), the
//! folders no project wants touched, and a path-sorted result so any thread count gives the
//! same run.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use ignore::{WalkBuilder, WalkState};

use transforms::lang::Lang;

/// Folders never walked: dependencies, build output, VCS and Terraform state.
pub const ALWAYS_SKIPPED: &[&str] = &["node_modules", "cdktf.out", ".git", "vendor", ".terraform"];

/// Decides whether a path (a file or a folder) is kept out of the walk: the configuration's
/// `exclude`, asked from the walker's threads. Replaces [`ALWAYS_SKIPPED`] (but for `.git`).
pub type Exclude = Arc<dyn Fn(&Path) -> bool + Send + Sync>;

/// A file to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub path: PathBuf,
    /// The path as shown to the user: as walked, `/`-separated, without a leading `./`.
    pub display: String,
    pub lang: Lang,
}

/// A path the walk could not use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WalkProblem {
    pub display: String,
    pub message: String,
}

pub fn display_path(path: &Path) -> String {
    let s = path.to_string_lossy().replace('\\', "/");
    let mut s = s.as_str();
    while let Some(rest) = s.strip_prefix("./") {
        s = rest;
    }
    s.to_string()
}

/// Walks `roots` with `threads` threads; the files come back sorted by display path.
/// Dependency manifests are left out: see [`walk_with`].
pub fn walk(roots: &[PathBuf], threads: usize) -> (Vec<Candidate>, Vec<WalkProblem>) {
    walk_with(roots, threads, false)
}

/// [`walk`], with the dependency manifests (`package.json`, `go.mod`, ...) too when `manifests`:
/// only a run whose transforms read them (`migrate-cdktn`) lists them, so no other run reads them.
pub fn walk_with(
    roots: &[PathBuf],
    threads: usize,
    manifests: bool,
) -> (Vec<Candidate>, Vec<WalkProblem>) {
    walk_excluding(roots, threads, manifests, None)
}

/// [`walk_with`], leaving out what `exclude` says (an explicitly named file too) instead of the
/// [`ALWAYS_SKIPPED`] folders; `.git` is never walked.
pub fn walk_excluding(
    roots: &[PathBuf],
    threads: usize,
    manifests: bool,
    exclude: Option<Exclude>,
) -> (Vec<Candidate>, Vec<WalkProblem>) {
    let found = Mutex::new(Vec::new());
    let problems = Mutex::new(Vec::new());
    let Some((first, rest)) = roots.split_first() else {
        return (Vec::new(), Vec::new());
    };
    let mut builder = WalkBuilder::new(first);
    for r in rest {
        builder.add(r);
    }
    let excluded = exclude.clone();
    builder
        .threads(threads)
        .require_git(false)
        .follow_links(false)
        .filter_entry(move |e| {
            if e.depth() == 0 {
                return true;
            }
            let is_dir = e.file_type().is_some_and(|t| t.is_dir());
            match &excluded {
                Some(exclude) => !((is_dir && e.file_name() == ".git") || exclude(e.path())),
                None => !(is_dir && ALWAYS_SKIPPED.iter().any(|s| e.file_name() == *s)),
            }
        });
    builder.build_parallel().run(|| {
        Box::new(|entry| {
            match entry {
                Ok(e) => {
                    let explicit = e.depth() == 0;
                    let is_file = e.file_type().is_some_and(|t| t.is_file())
                        || (explicit && e.path().is_file());
                    // A file named on the command line is left out too when excluded (as ruff's
                    // `--force-exclude`): hooks and editors name files one by one.
                    let dropped = explicit && exclude.as_ref().is_some_and(|x| x(e.path()));
                    if is_file && !dropped {
                        match Lang::from_path(e.path()) {
                            Some(lang) if lang.is_manifest() && !manifests && explicit => {
                                problems.lock().unwrap().push(WalkProblem {
                                    display: display_path(e.path()),
                                    message: "a dependency manifest: only `migrate-cdktn` reads it (`cdktf-fix migrate`)".into(),
                                })
                            }
                            Some(lang) if lang.is_manifest() && !manifests => {}
                            Some(lang) => found.lock().unwrap().push(Candidate {
                                path: e.path().to_path_buf(),
                                display: display_path(e.path()),
                                lang,
                            }),
                            None if explicit => problems.lock().unwrap().push(WalkProblem {
                                display: display_path(e.path()),
                                message: "not a file cdktf-fix reads (extensions: .ts .tsx .mts .cts .py .go .java .cs)".into(),
                            }),
                            None => {}
                        }
                    }
                }
                Err(err) => problems.lock().unwrap().push(walk_problem(&err)),
            }
            WalkState::Continue
        })
    });
    let mut found = found.into_inner().unwrap();
    found.sort_by(|a, b| a.display.cmp(&b.display));
    found.dedup_by(|a, b| a.display == b.display);
    let mut problems = problems.into_inner().unwrap();
    problems.sort_by(|a, b| a.display.cmp(&b.display));
    (found, problems)
}

fn walk_problem(err: &ignore::Error) -> WalkProblem {
    fn path_of(err: &ignore::Error) -> Option<&Path> {
        match err {
            ignore::Error::WithPath { path, .. } => Some(path),
            ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
                path_of(err)
            }
            ignore::Error::Loop { child, .. } => Some(child),
            _ => None,
        }
    }
    let display = path_of(err).map(display_path).unwrap_or_default();
    let message = match err {
        ignore::Error::WithPath { err, .. } => err.to_string(),
        other => other.to_string(),
    };
    WalkProblem { display, message }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn tree() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path();
        for f in [
            "a.ts",
            "b/c.py",
            "b/d.go",
            "b/e.txt",
            "node_modules/x/index.ts",
            "cdktf.out/stacks/s.ts",
            "vendor/v.go",
            ".terraform/t.ts",
            "ignored/i.ts",
        ] {
            let path = p.join(f);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, "x").unwrap();
        }
        fs::write(p.join(".gitignore"), "ignored/\n").unwrap();
        dir
    }

    fn names(c: &[Candidate], root: &Path) -> Vec<String> {
        c.iter()
            .map(|c| display_path(c.path.strip_prefix(root).unwrap()))
            .collect()
    }

    #[test]
    fn skips_dependency_build_and_gitignored_folders() {
        let dir = tree();
        let (found, problems) = walk(&[dir.path().to_path_buf()], 2);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(names(&found, dir.path()), vec!["a.ts", "b/c.py", "b/d.go"]);
    }

    #[test]
    fn manifests_are_walked_only_when_asked_for() {
        let dir = tree();
        for f in ["package.json", "b/go.mod", "node_modules/x/package.json"] {
            fs::write(dir.path().join(f), "{}").unwrap();
        }
        let (found, _) = walk(&[dir.path().to_path_buf()], 2);
        assert_eq!(names(&found, dir.path()), vec!["a.ts", "b/c.py", "b/d.go"]);
        let (found, _) = walk_with(&[dir.path().to_path_buf()], 2, true);
        assert_eq!(
            names(&found, dir.path()),
            vec!["a.ts", "b/c.py", "b/d.go", "b/go.mod", "package.json"]
        );
        let (found, problems) = walk(&[dir.path().join("package.json")], 1);
        assert!(found.is_empty());
        assert!(
            problems[0].message.contains("migrate-cdktn"),
            "{problems:?}"
        );
    }

    #[test]
    fn serial_and_parallel_walks_agree() {
        let dir = tree();
        let one = walk(&[dir.path().to_path_buf()], 1);
        let many = walk(&[dir.path().to_path_buf()], 8);
        assert_eq!(one, many);
    }

    #[test]
    fn an_explicit_file_is_read_even_if_ignored() {
        let dir = tree();
        let (found, _) = walk(&[dir.path().join("ignored/i.ts")], 1);
        assert_eq!(found.len(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_are_not_followed_out_of_the_root_or_around_a_loop() {
        use std::os::unix::fs::symlink;
        let outside = tempfile::tempdir().unwrap();
        fs::write(outside.path().join("secret.ts"), "x").unwrap();
        let dir = tree();
        symlink(outside.path().join("secret.ts"), dir.path().join("link.ts")).unwrap();
        symlink(outside.path(), dir.path().join("linked-dir")).unwrap();
        symlink(dir.path(), dir.path().join("b/loop")).unwrap();
        let (found, problems) = walk(&[dir.path().to_path_buf()], 2);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(names(&found, dir.path()), vec!["a.ts", "b/c.py", "b/d.go"]);
    }

    #[test]
    fn a_missing_root_is_a_problem_not_a_crash() {
        let dir = tree();
        let (found, problems) = walk(&[dir.path().join("nope")], 1);
        assert!(found.is_empty());
        assert_eq!(problems.len(), 1);
    }
}
