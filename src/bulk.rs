//! Many repositories in one run: `--paths-from FILE`, `--shard K/N`, and the per-repository
//! grouping of the report (each file belongs to the nearest folder above it holding a `.git`).

use std::collections::{BTreeMap, HashMap};
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::engine::file::{FileReport, FileStatus};
use crate::shard::Shard;
use crate::walk::{self, display_path, Candidate, WalkProblem};

/// The bulk flags of `check` and `fix`.
#[derive(Clone, Debug, Default)]
pub struct BulkOptions {
    /// `--paths-from FILE` (`-` for stdin).
    pub paths_from: Option<PathBuf>,
    pub shard: Option<Shard>,
    /// `fix --commit`: the branch to commit to (`None`: named after the changes).
    pub commit: Option<Option<String>>,
    /// Walk the dependency manifests too (set when a selected transform reads them).
    pub manifests: bool,
}

/// Reads `--paths-from`: one path per line; blank lines and `#` comments are skipped; relative
/// paths stay relative to the working directory.
pub fn read_paths_from(file: &Path) -> Result<Vec<PathBuf>, String> {
    let text = if file == Path::new("-") {
        let mut s = String::new();
        std::io::stdin()
            .read_to_string(&mut s)
            .map_err(|e| format!("cannot read the path list from stdin: {e}"))?;
        s
    } else {
        std::fs::read_to_string(file)
            .map_err(|e| format!("cannot read the path list {}: {e}", file.display()))?
    };
    Ok(text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(PathBuf::from)
        .collect())
}

/// Finds the repository (the nearest folder holding `.git`, a folder or a worktree's file) of
/// paths, remembering every folder it looked at.
#[derive(Default)]
pub struct RepoFinder {
    cache: HashMap<PathBuf, Option<PathBuf>>,
}

impl RepoFinder {
    /// The repository root of `path` (a file or a folder), as a path reached from `path` when
    /// the root is among its ancestors as written, else absolute; `None` outside git.
    pub fn root_of(&mut self, path: &Path) -> Option<PathBuf> {
        let start = if path.is_dir() {
            path
        } else {
            path.parent().unwrap_or(Path::new(""))
        };
        self.dir_root(start)
    }

    /// The repository root of folder `dir`.
    fn dir_root(&mut self, dir: &Path) -> Option<PathBuf> {
        // `../x` climbs above the working directory, so its relative ancestors would come back
        // below it: look such a folder up by its real path.
        if dir
            .components()
            .any(|c| c == std::path::Component::ParentDir)
        {
            let real = std::fs::canonicalize(dir).ok()?;
            return self.dir_root(&real);
        }
        if let Some(hit) = self.cache.get(dir) {
            return hit.clone();
        }
        let here = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        };
        let found = if here.join(".git").exists() {
            Some(here.to_path_buf())
        } else {
            match dir.parent() {
                Some(parent) => self.dir_root(parent),
                // The relative path is used up: go on above the working directory.
                None if dir.is_relative() => std::env::current_dir()
                    .ok()
                    .and_then(|cwd| cwd.parent().map(Path::to_path_buf))
                    .and_then(|p| self.dir_root(&p)),
                None => None,
            }
        };
        self.cache.insert(dir.to_path_buf(), found.clone());
        found
    }
}

/// What a run reads: the files (grouped by repository), the paths that could not be walked,
/// and the input paths they came from.
pub struct Inputs {
    pub paths: Vec<PathBuf>,
    pub candidates: Vec<Candidate>,
    pub problems: Vec<WalkProblem>,
    pub groups: Groups,
}

/// The command line's paths plus `--paths-from`'s (`.` when there are none and no list), sharded,
/// walked with `jobs` threads, and grouped by repository. Fails only on an unreadable list.
pub fn collect(paths: &[PathBuf], bulk: &BulkOptions, jobs: usize) -> Result<Inputs, String> {
    collect_excluding(paths, bulk, jobs, None)
}

/// [`collect`], with the walk leaving out what `exclude` says ([`walk::walk_excluding`]).
pub fn collect_excluding(
    paths: &[PathBuf],
    bulk: &BulkOptions,
    jobs: usize,
    exclude: Option<walk::Exclude>,
) -> Result<Inputs, String> {
    let mut paths = paths.to_vec();
    match &bulk.paths_from {
        Some(list) => paths.extend(read_paths_from(list)?),
        None if paths.is_empty() => paths.push(PathBuf::from(".")),
        None => {}
    }
    let mut finder = RepoFinder::default();
    // With --paths-from the inputs are repositories: shard them whole, before walking.
    if let (Some(shard), Some(_)) = (bulk.shard, &bulk.paths_from) {
        paths.retain(|p| shard.contains(&repo_key(&mut finder, p)));
    }
    let (mut candidates, problems) = walk::walk_excluding(&paths, jobs, bulk.manifests, exclude);
    if let (Some(shard), None) = (bulk.shard, &bulk.paths_from) {
        candidates.retain(|c| shard.contains(&file_key(c, &paths)));
    }
    let groups = Groups::assign(&mut finder, &mut candidates);
    Ok(Inputs {
        paths,
        candidates,
        problems,
        groups,
    })
}

/// The shard key of an input path under `--paths-from`: its repository's folder name (or its
/// own name outside git), so one repository is never split and checkouts in different folders
/// agree.
pub fn repo_key(finder: &mut RepoFinder, path: &Path) -> String {
    let root = finder.root_of(path).unwrap_or_else(|| path.to_path_buf());
    let named = std::fs::canonicalize(&root).unwrap_or(root);
    named.file_name().map_or_else(
        || display_path(&named),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// The shard key of a file without `--paths-from`: its path relative to the root it was found
/// under (its own name when the root is the file).
pub fn file_key(candidate: &Candidate, roots: &[PathBuf]) -> String {
    for root in roots {
        if let Ok(rel) = candidate.path.strip_prefix(root) {
            if rel.as_os_str().is_empty() {
                break;
            }
            return display_path(rel);
        }
    }
    candidate.path.file_name().map_or_else(
        || candidate.display.clone(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// The repository of each candidate, with the candidates reordered so that each repository's
/// files are together (by repository, then by path).
pub struct Groups {
    /// Per candidate: index into `repos`.
    pub of: Vec<usize>,
    /// Repository roots (`None`: outside git), sorted.
    pub repos: Vec<Option<PathBuf>>,
}

impl Groups {
    pub fn assign(finder: &mut RepoFinder, candidates: &mut Vec<Candidate>) -> Groups {
        // The repository's label is computed once per file, not once per comparison: the sort
        // is on the serial path of every run.
        // Files come in path order, so neighbours share a folder: look each folder up once.
        let mut last: Option<(PathBuf, Option<String>, Option<PathBuf>)> = None;
        let mut keyed: Vec<(Option<String>, Option<PathBuf>, Candidate)> = candidates
            .drain(..)
            .map(|c| {
                let dir = c.path.parent().unwrap_or(Path::new(""));
                match &last {
                    Some((d, label, root)) if d == dir => (label.clone(), root.clone(), c),
                    _ => {
                        let root = finder.dir_root(dir);
                        let label = root.as_deref().map(display_path);
                        last = Some((dir.to_path_buf(), label.clone(), root.clone()));
                        (label, root, c)
                    }
                }
            })
            .collect();
        keyed.sort_by(|(la, _, a), (lb, _, b)| (la, &a.display).cmp(&(lb, &b.display)));
        let mut repos: Vec<Option<PathBuf>> = Vec::new();
        let mut of = Vec::with_capacity(keyed.len());
        for (_, root, c) in keyed {
            if repos.last() != Some(&root) {
                repos.push(root);
            }
            of.push(repos.len() - 1);
            candidates.push(c);
        }
        Groups { of, repos }
    }

    /// How a repository is named in the summaries.
    pub fn label(&self, repo: usize) -> String {
        match &self.repos[repo] {
            Some(root) => display_path(root),
            None => "(outside git)".into(),
        }
    }
}

/// `1 file`, `2 files`.
pub fn plural(n: usize, one: &str) -> String {
    format!("{n} {one}{}", if n == 1 { "" } else { "s" })
}

/// What happened in one repository.
#[derive(Debug, Default)]
pub struct RepoTally {
    pub findings: usize,
    pub files_with_findings: usize,
    pub applied: usize,
    pub remaining: usize,
    pub errors: usize,
    /// Files written (or that would be, with --dry-run).
    pub changed: Vec<PathBuf>,
    /// Fixes applied per transform.
    pub transforms: BTreeMap<&'static str, usize>,
}

impl RepoTally {
    pub fn add(&mut self, path: &Path, report: &FileReport) {
        match &report.status {
            FileStatus::Skipped { error, .. } => self.errors += usize::from(*error),
            FileStatus::Failed { .. } => self.errors += 1,
            FileStatus::Checked { findings } => {
                self.findings += findings.len();
                self.files_with_findings += usize::from(!findings.is_empty());
            }
            FileStatus::Fixed {
                applied,
                remaining,
                changed,
                ..
            } => {
                self.applied += applied.len();
                self.remaining += remaining.len();
                for a in applied {
                    *self.transforms.entry(a.transform).or_default() += 1;
                }
                if *changed {
                    self.changed.push(path.to_path_buf());
                }
            }
        }
    }

    /// The repository's summary line (without its label).
    pub fn summary(&self, verb: Option<&str>) -> String {
        let n = plural;
        let mut s = match verb {
            None if self.findings == 0 => "no problems".to_string(),
            None => format!(
                "{} in {}",
                n(self.findings, "problem"),
                n(self.files_with_findings, "file")
            ),
            Some(_) if self.applied == 0 => "nothing to fix".to_string(),
            Some(verb) => format!(
                "{verb} {} in {}",
                n(self.applied, "problem"),
                n(self.changed.len(), "file")
            ),
        };
        if self.remaining > 0 {
            s.push_str(&format!(", {} left", n(self.remaining, "problem")));
        }
        if self.errors > 0 {
            s.push_str(&format!(", {} not processed", n(self.errors, "path")));
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use transforms::lang::Lang;

    fn candidate(path: &Path) -> Candidate {
        Candidate {
            path: path.to_path_buf(),
            display: display_path(path),
            lang: Lang::TypeScript,
        }
    }

    #[test]
    fn files_are_grouped_by_the_nearest_git_folder() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path();
        for f in [
            "a/.git/HEAD",
            "a/src/x.ts",
            "a/y.ts",
            "a-b/.git",
            "a-b/z.ts",
            "a/sub/.git",
            "a/sub/w.ts",
            "loose/v.ts",
        ] {
            let path = p.join(f);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "").unwrap();
        }
        let mut finder = RepoFinder::default();
        let mut cands: Vec<Candidate> = [
            "loose/v.ts",
            "a/sub/w.ts",
            "a-b/z.ts",
            "a/y.ts",
            "a/src/x.ts",
        ]
        .iter()
        .map(|f| candidate(&p.join(f)))
        .collect();
        let groups = Groups::assign(&mut finder, &mut cands);
        let got: Vec<(String, String)> = cands
            .iter()
            .zip(&groups.of)
            .map(|(c, &g)| {
                let label = groups.repos[g]
                    .as_ref()
                    .map_or("-".into(), |r| display_path(r.strip_prefix(p).unwrap()));
                (label, display_path(c.path.strip_prefix(p).unwrap()))
            })
            .collect();
        let want = [
            ("-", "loose/v.ts"),
            ("a", "a/src/x.ts"),
            ("a", "a/y.ts"),
            ("a-b", "a-b/z.ts"),
            ("a/sub", "a/sub/w.ts"),
        ];
        assert_eq!(
            got,
            want.iter()
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .collect::<Vec<_>>()
        );
        assert_eq!(repo_key(&mut finder, &p.join("a/src")), "a");
        // Through `..`: the repository is found by the real path, not below the `..`.
        let up = p.join("a/sub/../../loose/v.ts");
        assert_eq!(finder.root_of(&up), None);
        let into = p.join("loose/../a/y.ts");
        assert_eq!(
            finder.root_of(&into),
            Some(p.join("a").canonicalize().unwrap())
        );
        assert_eq!(repo_key(&mut finder, &p.join("loose")), "loose");
    }

    #[test]
    fn file_keys_are_relative_to_their_root() {
        let roots = [PathBuf::from("/x/repo"), PathBuf::from("one.ts")];
        assert_eq!(
            file_key(&candidate(Path::new("/x/repo/src/a.ts")), &roots),
            "src/a.ts"
        );
        assert_eq!(file_key(&candidate(Path::new("one.ts")), &roots), "one.ts");
        assert_eq!(
            file_key(&candidate(Path::new("./src/b.ts")), &[PathBuf::from(".")]),
            "src/b.ts"
        );
    }

    #[test]
    fn path_lists_skip_blank_lines_and_comments() {
        let dir = tempfile::tempdir().unwrap();
        let list = dir.path().join("repos.txt");
        std::fs::write(
            &list,
            "# fleet\nrepos/a\n\n  repos/b  \n# repos/c\r\nrepos/d\r\n",
        )
        .unwrap();
        assert_eq!(
            read_paths_from(&list).unwrap(),
            ["repos/a", "repos/b", "repos/d"].map(PathBuf::from)
        );
        assert!(read_paths_from(&dir.path().join("nope"))
            .unwrap_err()
            .contains("nope"));
    }
}
