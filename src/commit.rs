//! `fix --commit`: commit the fixes on a new branch of each repository they touch, with `git`
//! run as a subprocess. Before any file is written every repository must have a clean working
//! tree (and `--branch` a valid, unused name); the commit runs with the repository's hooks
//! disabled, so a bot's commit never waits on a developer's pre-commit setup.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::bulk::{plural, Groups, Inputs, RepoTally};
use crate::report::text::exit;
use crate::shard::stable_hash;
use crate::walk::display_path;

/// Runs `git -C root args...`; its stdout, or an error with git's own message.
fn git(root: &Path, args: &[&str], stdin: Option<&str>) -> Result<String, String> {
    let mut cmd = Command::new("git");
    cmd.arg("-C")
        .arg(root)
        .args(args)
        // The repository is the one named by -C, whatever environment cdktf-fix runs in.
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("GIT_INDEX_FILE")
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd
        .spawn()
        .map_err(|e| format!("cannot run git: {e} (is git installed?)"))?;
    if let Some(input) = stdin {
        use std::io::Write;
        let mut pipe = child.stdin.take().expect("piped stdin");
        pipe.write_all(input.as_bytes())
            .map_err(|e| format!("cannot talk to git: {e}"))?;
    }
    let out = child
        .wait_with_output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if out.status.success() {
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    } else {
        Err(format!(
            "`git {}` failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr).trim()
        ))
    }
}

fn branch_exists(root: &Path, branch: &str) -> bool {
    git(
        root,
        &[
            "rev-parse",
            "--verify",
            "--quiet",
            &format!("refs/heads/{branch}"),
        ],
        None,
    )
    .is_ok()
}

/// Checks, before anything is written, that `root` is a repository whose working tree is clean
/// and where `branch` (when given) can be created. `label` names the repository in messages.
pub fn preflight(root: &Path, label: &str, branch: Option<&str>) -> Result<(), String> {
    git(root, &["rev-parse", "--show-toplevel"], None)
        .map_err(|e| format!("{label}: not a git repository: {e}"))?;
    let status =
        git(root, &["status", "--porcelain"], None).map_err(|e| format!("{label}: {e}"))?;
    if !status.trim().is_empty() {
        let shown: Vec<&str> = status.lines().take(5).map(str::trim).collect();
        let more = status.lines().count().saturating_sub(shown.len());
        return Err(format!(
            "{label}: the working tree is not clean ({}{}); `fix --commit` needs a clean tree so that its commit holds only its own fixes: commit or stash these first",
            shown.join(", "),
            if more > 0 { format!(" and {more} more") } else { String::new() }
        ));
    }
    if let Some(branch) = branch {
        git(root, &["check-ref-format", "--branch", branch], None)
            .map_err(|_| format!("--branch `{branch}` is not a valid branch name"))?;
        if branch_exists(root, branch) {
            return Err(format!("{label}: branch `{branch}` already exists"));
        }
    }
    Ok(())
}

/// The commit message: a subject and the transforms applied, with counts.
pub fn message(tally: &RepoTally) -> String {
    let n = plural;
    let mut m = format!(
        "cdktf-fix: fix {} in {}\n\nTransforms applied:\n",
        n(tally.applied, "problem"),
        n(tally.changed.len(), "file")
    );
    for (transform, count) in &tally.transforms {
        m.push_str(&format!("- {transform}: {count}\n"));
    }
    m.push_str(&format!(
        "\nMade by `cdktf-fix fix --commit` {}; `cdktf-fix explain ID` says what each transform fixes and why.\n",
        env!("CARGO_PKG_VERSION")
    ));
    m
}

/// Commits the files `tally` records as changed on a new branch of `root` (`branch`, or
/// `cdktf-fix/<hash of the changes>`); returns the branch name.
pub fn commit(root: &Path, tally: &RepoTally, branch: Option<&str>) -> Result<String, String> {
    let files: Vec<String> = tally
        .changed
        .iter()
        .map(|f| {
            std::fs::canonicalize(f)
                .unwrap_or_else(|_| f.clone())
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    let root: PathBuf = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let with_files = |args: &[&str]| -> Vec<String> {
        args.iter()
            .map(|s| s.to_string())
            .chain(std::iter::once("--".to_string()))
            .chain(files.iter().cloned())
            .collect()
    };
    let run = |args: Vec<String>, stdin: Option<&str>| {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        git(&root, &args, stdin)
    };
    let name = match branch {
        Some(b) => b.to_string(),
        None => {
            let diff = run(with_files(&["diff", "--no-color", "--no-ext-diff"]), None)?;
            format!("cdktf-fix/{:010x}", stable_hash(diff.as_bytes()) >> 24)
        }
    };
    if branch_exists(&root, &name) {
        return Err(format!(
            "branch `{name}` already exists (the same fixes were committed before?); the fixes are left uncommitted in the working tree"
        ));
    }
    run(
        vec!["checkout".into(), "-q".into(), "-b".into(), name.clone()],
        None,
    )?;
    run(with_files(&["add"]), None)?;
    run(
        [
            "-c",
            "core.hooksPath=/dev/null",
            "commit",
            "-q",
            "--no-verify",
            "-F",
            "-",
        ]
        .map(String::from)
        .to_vec(),
        Some(&message(tally)),
    )?;
    Ok(name)
}

/// Before anything is written: every input and every file to fix is in a repository whose
/// working tree is clean, and `branch` can be created in each.
pub fn preflight_all(inputs: &Inputs, branch: Option<&str>) -> Result<(), String> {
    let outside = |p: &Path| {
        format!(
            "{}: not inside a git repository; `fix --commit` commits to the repository of the files it fixes",
            display_path(p)
        )
    };
    let mut finder = crate::bulk::RepoFinder::default();
    let mut roots = Vec::new();
    for p in &inputs.paths {
        roots.push(finder.root_of(p).ok_or_else(|| outside(p))?);
    }
    let groups = &inputs.groups;
    for (g, root) in groups.repos.iter().enumerate() {
        match root {
            Some(root) => roots.push(root.clone()),
            None => {
                let first = groups.of.iter().position(|&x| x == g).unwrap_or(0);
                return Err(outside(&inputs.candidates[first].path));
            }
        }
    }
    let mut seen = std::collections::HashSet::new();
    for root in roots {
        if seen.insert(std::fs::canonicalize(&root).unwrap_or_else(|_| root.clone())) {
            preflight(&root, &display_path(&root), branch)?;
        }
    }
    Ok(())
}

/// After the fixes were written: one branch and commit per repository that changed; returns
/// the exit code (2 when a commit failed).
pub fn commit_all(
    groups: &Groups,
    tallies: &[RepoTally],
    branch: Option<&str>,
    err: &mut dyn std::io::Write,
) -> u8 {
    let mut code = exit::OK;
    for (g, tally) in tallies.iter().enumerate() {
        let (Some(root), label) = (&groups.repos[g], groups.label(g)) else {
            continue;
        };
        let _ = if tally.changed.is_empty() {
            writeln!(err, "{label}: nothing to commit")
        } else {
            match commit(root, tally, branch) {
                Ok(name) => writeln!(
                    err,
                    "{label}: committed the fixes of {} in {} to branch {name} (hooks skipped)",
                    plural(tally.applied, "problem"),
                    plural(tally.changed.len(), "file")
                ),
                Err(e) => {
                    code = exit::ERROR;
                    writeln!(err, "error: {label}: {e}")
                }
            }
        };
    }
    code
}
