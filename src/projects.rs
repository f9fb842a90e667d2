//! `migrate-cdktn` moves a project whole or not at all.
//!
//! The transform sees one file at a time and refuses a file whose packages CDK Terrain lacks;
//! without this module the other files of the same project would still move to `cdktn`, and the
//! project would import both families and resolve neither from its one `package.json`. Before a
//! `fix` run that may migrate, every candidate is checked by `migrate-cdktn` alone (the files are
//! read once more; a migration is a one-time run). Files are grouped by project: the folder of
//! their nearest dependency manifest ([`crate::project::PROJECT_FILES`], or a `*.csproj`). In a project where any file
//! or manifest is refused, the files that would have been migrated are held back: they are not
//! processed, their report is a failure that names the file that blocks the project (exit 2),
//! and nothing in the project is written.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::engine::file::{process, FileOptions, FileReport, FileStatus, Finding, Mode};
use crate::engine::Engine;
use crate::ordered;
use crate::walk::Candidate;
use transforms::Transform;

/// The transform whose writes go project by project.
const MIGRATE: &str = "migrate-cdktn";

/// What the check of one file by `migrate-cdktn` alone found.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// A fix would change the file.
    pub migrates: bool,
    /// Where and why CDK Terrain cannot take the file (the first reason given).
    pub blocker: Option<(usize, String)>,
}

impl Outcome {
    /// From the findings of `migrate-cdktn` on a file (`check`).
    pub fn of(findings: &[Finding]) -> Outcome {
        let mine = || findings.iter().filter(|f| f.transform == MIGRATE);
        let migrates = mine().any(|f| f.fix.is_some());
        let refused: Vec<&Finding> = mine().filter(|f| f.fix.is_none()).collect();
        // The specific reasons end with the transform's "left on CDKTF"; the file's summary
        // finding only counts them.
        const LEFT: &str = "; the file is left on CDKTF";
        let blocker = refused
            .iter()
            .find(|f| f.message.ends_with(LEFT))
            .or(refused.first())
            .map(|f| {
                let why = f.message.strip_suffix(LEFT).unwrap_or(&f.message);
                (f.line, why.to_string())
            });
        Outcome { migrates, blocker }
    }
}

/// The files of a run that `migrate-cdktn` must not write, by path, with the reason.
#[derive(Debug, Default)]
pub struct HeldBack {
    held: HashMap<PathBuf, String>,
}

impl HeldBack {
    /// Nothing held back: a run that cannot migrate (`check`, no `migrate-cdktn`, no unsafe
    /// fixes).
    pub fn none() -> HeldBack {
        HeldBack::default()
    }

    /// Checks `candidates` with `migrate-cdktn` alone when `engine`'s run may migrate them.
    pub fn plan(
        engine: &Engine,
        config: &Config,
        unsafe_fixes: bool,
        candidates: &[Candidate],
        jobs: usize,
        opts: &FileOptions,
    ) -> Result<HeldBack, rayon::ThreadPoolBuildError> {
        let migrate: Option<&'static dyn Transform> = engine
            .transforms()
            .iter()
            .copied()
            .find(|t| t.meta().id == MIGRATE);
        let (Some(migrate), true, Mode::Fix { .. }) = (migrate, unsafe_fixes, opts.mode) else {
            return Ok(HeldBack::none());
        };
        let alone = Engine::new(vec![migrate], config.clone(), true);
        let check = FileOptions {
            mode: Mode::Check,
            ..opts.clone()
        };
        let mut outcomes = vec![Outcome::default(); candidates.len()];
        ordered::map_in_order(
            candidates,
            jobs,
            (candidates.len() / (jobs * 8)).clamp(1, 32),
            |c| {
                let report = process(&alone, &c.path, c.display.clone(), c.lang, &check);
                match report.status {
                    FileStatus::Checked { findings } => Outcome::of(&findings),
                    _ => Outcome::default(),
                }
            },
            |i, outcome| outcomes[i] = outcome,
        )?;
        Ok(HeldBack::decide(
            candidates,
            &outcomes,
            &mut Roots::default(),
        ))
    }

    /// Groups the files by project and holds back the migrated files of every project that
    /// holds a refused one.
    fn decide(candidates: &[Candidate], outcomes: &[Outcome], roots: &mut Roots) -> HeldBack {
        // Project root (None: no manifest above the file) → indices of its files, in path order.
        let mut projects: BTreeMap<Option<PathBuf>, Vec<usize>> = BTreeMap::new();
        for (i, (c, o)) in candidates.iter().zip(outcomes).enumerate() {
            if o.migrates || o.blocker.is_some() {
                projects.entry(roots.of(&c.path)).or_default().push(i);
            }
        }
        let mut held = HashMap::new();
        for files in projects.values() {
            let Some((b, (line, why))) = files
                .iter()
                .find_map(|&i| outcomes[i].blocker.as_ref().map(|b| (i, b)))
            else {
                continue;
            };
            let blockers = files
                .iter()
                .filter(|&&i| outcomes[i].blocker.is_some())
                .count();
            let others = match blockers - 1 {
                0 => String::new(),
                1 => " (and 1 other file)".to_string(),
                n => format!(" (and {n} other files)"),
            };
            for &i in files.iter().filter(|&&i| outcomes[i].migrates) {
                let title = format!(
                    "not migrated to CDK Terrain: `{}`:{line}{others} in the same project cannot move ({why}), and a project moves whole or not at all; the file is left unchanged",
                    candidates[b].display
                );
                held.insert(candidates[i].path.clone(), title);
            }
        }
        HeldBack { held }
    }

    /// The report of a file held back, instead of processing it.
    pub fn report(&self, c: &Candidate) -> Option<FileReport> {
        let title = self.held.get(&c.path)?;
        Some(FileReport {
            display: c.display.clone(),
            status: FileStatus::Failed {
                title: title.clone(),
                help: format!("see the {MIGRATE} findings of the file named; the project can be migrated once CDK Terrain covers it, or with that file changed by hand"),
            },
            warnings: Vec::new(),
        })
    }
}

/// The project root of each folder, looked up once.
#[derive(Default)]
struct Roots {
    cache: HashMap<PathBuf, Option<PathBuf>>,
}

impl Roots {
    /// The folder of the nearest manifest at or above `file`'s folder.
    fn of(&mut self, file: &Path) -> Option<PathBuf> {
        let dir = match file.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let dir = std::fs::canonicalize(&dir).unwrap_or(dir);
        self.dir(&dir)
    }

    fn dir(&mut self, dir: &Path) -> Option<PathBuf> {
        if let Some(r) = self.cache.get(dir) {
            return r.clone();
        }
        let root = if crate::project::is_project_root(dir) {
            Some(dir.to_path_buf())
        } else {
            dir.parent().and_then(|p| self.dir(p))
        };
        self.cache.insert(dir.to_path_buf(), root.clone());
        root
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use transforms::lang::Lang;

    fn candidate(dir: &Path, rel: &str) -> Candidate {
        let path = dir.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, "").unwrap();
        Candidate {
            path,
            display: rel.to_string(),
            lang: Lang::TypeScript,
        }
    }

    fn migrates() -> Outcome {
        Outcome {
            migrates: true,
            blocker: None,
        }
    }

    fn refused(why: &str) -> Outcome {
        Outcome {
            migrates: false,
            blocker: Some((3, why.to_string())),
        }
    }

    #[test]
    fn a_refused_file_holds_back_its_project_and_no_other() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::write(d.join("package.json"), "{}").unwrap();
        std::fs::create_dir_all(d.join("other")).unwrap();
        std::fs::write(d.join("other/requirements.txt"), "").unwrap();
        let files = [
            candidate(d, "bin/app.ts"),
            candidate(d, "lib/stack.ts"),
            candidate(d, "other/main.ts"),
            candidate(d, "other/deep/x.ts"),
        ];
        let outcomes = [
            migrates(),
            refused("CDK Terrain publishes no `@cdktn/provider-tls`"),
            migrates(),
            migrates(),
        ];
        let held = HeldBack::decide(&files, &outcomes, &mut Roots::default());
        let title = match held.report(&files[0]).unwrap().status {
            FileStatus::Failed { title, .. } => title,
            other => panic!("{other:?}"),
        };
        assert!(title.contains("`lib/stack.ts`:3"), "{title}");
        assert!(title.contains("@cdktn/provider-tls"), "{title}");
        // The refused file keeps its own report; the other project migrates.
        assert!(held.report(&files[1]).is_none());
        assert!(held.report(&files[2]).is_none());
        assert!(held.report(&files[3]).is_none());
    }

    #[test]
    fn a_csproj_makes_a_project_and_nearest_wins() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::write(d.join("package.json"), "{}").unwrap();
        std::fs::create_dir_all(d.join("cs/src")).unwrap();
        std::fs::write(d.join("cs/App.csproj"), "<Project/>").unwrap();
        std::fs::create_dir_all(d.join("lib")).unwrap();
        let mut roots = Roots::default();
        let canon = |p: &Path| std::fs::canonicalize(p).unwrap();
        assert_eq!(
            roots.of(&d.join("cs/src/Main.cs")),
            Some(canon(&d.join("cs")))
        );
        assert_eq!(roots.of(&d.join("lib/a.ts")), Some(canon(d)));
    }

    #[test]
    fn the_specific_reason_names_the_blocker() {
        let finding = |message: &str, fix| Finding {
            transform: MIGRATE,
            line: 4,
            column: 1,
            message: message.into(),
            fix,
            span: crate::engine::file::Span {
                start: crate::engine::file::Pos {
                    line: 4,
                    column: 1,
                    offset: 0,
                },
                end: crate::engine::file::Pos {
                    line: 4,
                    column: 1,
                    offset: 0,
                },
            },
            edits: Vec::new(),
        };
        let o = Outcome::of(&[
            finding("this file uses CDKTF ... (see its other findings)", None),
            finding(
                "CDK Terrain publishes no `x`; the file is left on CDKTF",
                None,
            ),
        ]);
        assert!(!o.migrates);
        assert_eq!(o.blocker, Some((4, "CDK Terrain publishes no `x`".into())));
        let o = Outcome::of(&[finding("migrate", Some(transforms::Safety::Unsafe))]);
        assert_eq!(o, migrates());
    }
}
