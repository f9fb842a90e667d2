//! One run: configuration → transform selection → walk → parallel per-file pipeline → one printer.
//!
//! Workers take the files in sorted path order ([`crate::ordered`]); the printer (the calling
//! thread) prints their reports in that order, so output is identical for any `--jobs`.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::Context;

use crate::bulk::{self, BulkOptions, RepoTally};
use crate::commit;
use crate::config::{validate_transform_id, Config, Resolver, Settings, TestFiles, ALL};
use crate::engine::file::{process, FileOptions, Mode};
use crate::engine::Engine;
use crate::ordered;
use crate::projects::HeldBack;
use crate::report::text::exit;
use crate::report::{Format, OutputOptions, Reporter};
use crate::walk;
use transforms::{self, Transform};

/// Default for `--max-file-size`: 10 MiB.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 10 * 1024 * 1024;

/// Everything the command line decided.
#[derive(Clone, Debug)]
pub struct RunOptions {
    pub paths: Vec<PathBuf>,
    pub mode: Mode,
    pub unsafe_fixes: bool,
    pub select: Vec<String>,
    /// `--extend-select`: these too, on top of the configuration's selection.
    pub extend_select: Vec<String>,
    pub ignore: Vec<String>,
    /// `--exit-zero`: findings (and pending changes) do not fail the run; errors still do.
    pub exit_zero: bool,
    /// `check --add-suppressions`: write an ignore comment for every finding.
    pub add_suppressions: bool,
    pub jobs: Option<usize>,
    pub config: Option<PathBuf>,
    pub color: bool,
    pub max_file_size: u64,
    /// Read the source from stdin as if it were this file (editors, hooks).
    pub stdin_filename: Option<PathBuf>,
    /// `--paths-from`, `--shard`, `fix --commit`.
    pub bulk: BulkOptions,
    /// `--format`, `--statistics`, `--show-fixes`, `--quiet`, progress.
    pub output: OutputOptions,
    /// `migrate --report FILE`: the Markdown migration report is written there.
    pub report: Option<PathBuf>,
}

/// What the command line says about the transforms (on top of each file's configuration).
#[derive(Clone, Copy, Debug, Default)]
pub struct CliSelection<'a> {
    pub select: &'a [String],
    pub extend_select: &'a [String],
    pub ignore: &'a [String],
}

/// The transforms a run uses under `config`: `--select` (or the config's `select`, or the
/// on-by-default ones; `ALL` is every transform), plus `extend-select` (config and command line),
/// less every ignored id.
pub fn select_transforms(
    cli: CliSelection,
    config: &Config,
) -> Result<Vec<&'static dyn Transform>, String> {
    for id in cli.select.iter().chain(cli.extend_select).chain(cli.ignore) {
        if id != ALL {
            validate_transform_id(id)?;
        }
    }
    let select: Option<&[String]> = if !cli.select.is_empty() {
        Some(cli.select)
    } else {
        config.select.as_deref()
    };
    let named = |list: &[String], id: &str| list.iter().any(|x| x == id || x == ALL);
    Ok(transforms::catalogue::REGISTRY
        .iter()
        .copied()
        .filter(|r| {
            let id = r.meta().id;
            let selected = match select {
                Some(s) => named(s, id),
                None => !r.opt_in(),
            } || named(&config.extend_select, id)
                || named(cli.extend_select, id);
            selected && !named(cli.ignore, id) && !named(&config.ignore, id)
        })
        .collect())
}

/// The transforms of `base` that run on `path` under `settings`: no policy transform on a test
/// file (unless `test-files = "all"`), none that `per-file-ignores` turns off for it.
pub fn file_transforms(
    base: &[&'static dyn Transform],
    settings: &Settings,
    path: &Path,
) -> Vec<&'static dyn Transform> {
    let test = settings.config.test_files == TestFiles::Defects && settings.is_test(path);
    let ignored = settings.ignored_for(path);
    base.iter()
        .copied()
        .filter(|t| {
            let m = t.meta();
            (!test || m.kind.runs_on_tests()) && !ignored.iter().any(|x| *x == m.id || *x == ALL)
        })
        .collect()
}

/// One engine per distinct (configuration, transforms) pair of a run: most runs have one, a fleet
/// one per repository configuration, plus the test-file and `per-file-ignores` variants.
struct Engines {
    list: Vec<Engine>,
    by_key: HashMap<(usize, Vec<&'static str>), usize>,
    /// Per settings index: its selection (before the per-file filters), or its error.
    base: HashMap<usize, Vec<&'static dyn Transform>>,
    unsafe_fixes: bool,
}

impl Engines {
    fn new(unsafe_fixes: bool) -> Engines {
        Engines {
            list: Vec::new(),
            by_key: HashMap::new(),
            base: HashMap::new(),
            unsafe_fixes,
        }
    }

    /// The engine for `path`, governed by settings `index`.
    fn for_file(
        &mut self,
        cli: CliSelection,
        index: usize,
        settings: &Settings,
        path: &Path,
    ) -> anyhow::Result<usize> {
        if let std::collections::hash_map::Entry::Vacant(slot) = self.base.entry(index) {
            let picked = select_transforms(cli, &settings.config).map_err(|e| {
                match &settings.config.path {
                    Some(p) => anyhow::anyhow!("{}: {e}", p.display()),
                    None => anyhow::Error::msg(e),
                }
            })?;
            slot.insert(picked);
        }
        let transforms = file_transforms(&self.base[&index], settings, path);
        let key = (index, transforms.iter().map(|t| t.meta().id).collect());
        if let Some(&i) = self.by_key.get(&key) {
            return Ok(i);
        }
        let unsafe_fixes = self.unsafe_fixes || settings.config.unsafe_fixes;
        self.list.push(Engine::new(
            transforms,
            settings.config.clone(),
            unsafe_fixes,
        ));
        self.by_key.insert(key, self.list.len() - 1);
        Ok(self.list.len() - 1)
    }
}

/// What the user can do about an error: the `help:` line printed under it. Attached last
/// ([`Helped::help`]), so it is the outermost layer of the error.
#[derive(Debug)]
struct Help(&'static str);

impl std::fmt::Display for Help {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0)
    }
}

trait Helped<T> {
    /// The error, with the `help:` line it is printed with.
    fn help(self, help: &'static str) -> anyhow::Result<T>;
}

impl<T, E: Into<anyhow::Error>> Helped<T> for Result<T, E> {
    fn help(self, help: &'static str) -> anyhow::Result<T> {
        self.map_err(Into::into).context(Help(help))
    }
}

/// Prints `error: ` and the error with its context (outermost first, `: `-separated), then the
/// `help:` line if it has one; returns the exit code.
fn report_error(err: &mut dyn Write, e: &anyhow::Error) -> u8 {
    let help = e.downcast_ref::<Help>();
    // The help is the outermost layer: the message is the rest of the chain.
    let message: Vec<String> = e
        .chain()
        .skip(usize::from(help.is_some()))
        .map(ToString::to_string)
        .collect();
    let _ = writeln!(err, "error: {}", message.join(": "));
    if let Some(Help(help)) = help {
        let _ = writeln!(err, "  help: {help}");
    }
    exit::ERROR
}

/// Runs `check` or `fix`; returns the exit code.
pub fn run(opts: &RunOptions, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    run_or_stop(opts, out, err).unwrap_or_else(|e| report_error(err, &e))
}

/// A run; an error stops it before any file is read (or, with `--stdin-filename`, instead of
/// the file's report).
fn run_or_stop(opts: &RunOptions, out: &mut dyn Write, err: &mut dyn Write) -> anyhow::Result<u8> {
    const CONFIG_HELP: &str =
        "fix the configuration file; `cdktf-fix transforms` lists the transform ids";
    let resolver = Arc::new(Resolver::new(opts.config.as_deref()).help(CONFIG_HELP)?);
    let cli = CliSelection {
        select: &opts.select,
        extend_select: &opts.extend_select,
        ignore: &opts.ignore,
    };
    // The working directory's (or --config's) configuration: what decides before the walk
    // whether manifests are read, and the unsafe-fixes hints of the summary.
    let fallback = resolver.settings(0);
    let base = select_transforms(cli, &fallback.config)
        .map_err(anyhow::Error::msg)
        .help("`cdktf-fix transforms` lists the transform ids")?;
    let unsafe_fixes = opts.unsafe_fixes || fallback.config.unsafe_fixes;
    let mut engines = Engines::new(opts.unsafe_fixes);
    if let Some(file) = &opts.stdin_filename {
        let (index, settings) = resolver.for_file(file);
        if let Some(e) = resolver.error() {
            return Err(e).help(CONFIG_HELP);
        }
        let excluded = settings.excluded(file);
        let e = engines
            .for_file(cli, index, &settings, file)
            .help(CONFIG_HELP)?;
        let engine = if excluded {
            // Excluded: read as a file no transform runs on (fix passes it through unchanged).
            Engine::new(Vec::new(), settings.config.clone(), unsafe_fixes)
        } else {
            engines.list.swap_remove(e)
        };
        let code = run_stdin(&engine, file, opts, engine.unsafe_fixes, out, err)?;
        return Ok(exit_zero(opts, code));
    }
    let jobs = opts
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .max(1);
    // Dependency manifests are walked only for a transform that reads them (`migrate-cdktn`).
    let bulk_opts = BulkOptions {
        manifests: base
            .iter()
            .any(|r| r.meta().languages.iter().any(|l| l.is_manifest())),
        ..opts.bulk.clone()
    };
    let exclude: crate::walk::Exclude = {
        let resolver = resolver.clone();
        Arc::new(move |path: &Path| resolver.excluded(path))
    };
    let inputs = bulk::collect_excluding(&opts.paths, &bulk_opts, jobs, Some(exclude))
        .map_err(anyhow::Error::msg)
        .help("--paths-from takes a file with one path a line, or `-` for stdin")?;
    // Each file's engine, from the configuration that governs it.
    let mut engine_of = Vec::with_capacity(inputs.candidates.len());
    for c in &inputs.candidates {
        let (index, settings) = resolver.for_file(&c.path);
        engine_of.push(
            engines
                .for_file(cli, index, &settings, &c.path)
                .help(CONFIG_HELP)?,
        );
    }
    if let Some(e) = resolver.error() {
        return Err(e).help(CONFIG_HELP);
    }
    let engines = engines.list;
    if let Some(branch) = &opts.bulk.commit {
        commit::preflight_all(&inputs, branch.as_deref())
            .map_err(anyhow::Error::msg)
            .help("nothing was written")?;
    }
    let bulk::Inputs {
        candidates,
        problems,
        groups,
        ..
    } = inputs;
    let mut tallies: Vec<RepoTally> = groups.repos.iter().map(|_| RepoTally::default()).collect();
    let verb = match opts.mode {
        Mode::Check => None,
        Mode::Fix { dry_run: true } => Some("would fix"),
        Mode::Fix { dry_run: false } => Some("fixed"),
    };

    let mut printer = Reporter::new(opts.mode, unsafe_fixes, &opts.output);
    printer.set_total(candidates.len());
    let mut migration = opts
        .report
        .as_ref()
        .map(|_| crate::report::migration::MigrationReport::default());
    for p in &problems {
        printer.walk_problem(p, out, err);
    }
    let file_opts = FileOptions {
        mode: opts.mode,
        max_file_size: opts.max_file_size,
        color: opts.color,
    };
    // `migrate-cdktn` moves a project whole or not at all: decided before anything is written,
    // with the configuration of the first engine that migrates.
    let migrating = engines.iter().find(|e| {
        e.transforms()
            .iter()
            .any(|t| t.meta().id == "migrate-cdktn")
    });
    let held = match migrating {
        Some(engine) => HeldBack::plan(
            engine,
            &engine.config,
            engine.unsafe_fixes,
            &candidates,
            jobs,
            &file_opts,
        )
        .map_err(|e| anyhow::anyhow!("cannot start {jobs} worker threads: {e}"))
        .help("try a smaller --jobs")?,
        None => HeldBack::none(),
    };
    let mut suppressions = crate::add_suppressions::Tally::default();
    let indices: Vec<usize> = (0..candidates.len()).collect();
    // Workers take the files in path order, in short runs, and never run far ahead of the
    // printer (`ordered`): the reports waiting to be printed stay a few runs' worth, whatever
    // the size of the tree.
    ordered::map_in_order(
        &indices,
        jobs,
        chunk_len(candidates.len(), jobs),
        |&i| {
            let c = &candidates[i];
            held.report(c).unwrap_or_else(|| {
                process(
                    &engines[engine_of[i]],
                    &c.path,
                    c.display.clone(),
                    c.lang,
                    &file_opts,
                )
            })
        },
        |i, report| {
            printer.file(&report, out, err);
            if let Some(m) = migration.as_mut() {
                m.file(&report);
            }
            if opts.add_suppressions {
                suppressions.file(&candidates[i], &report, err);
            }
            let g = groups.of[i];
            tallies[g].add(&candidates[i].path, &report);
            // Several repositories: a summary line after each one's files (not with --quiet).
            if groups.repos.len() > 1 && groups.of.get(i + 1) != Some(&g) && !opts.output.quiet {
                // After the output the reporter holds, and not over its progress bar.
                printer.before_other_output(out, err);
                let _ = writeln!(err, "{}: {}", groups.label(g), tallies[g].summary(verb));
            }
        },
    )
    // The pool's error is the system's own (its source repeats it): one message, no chain.
    .map_err(|e| anyhow::anyhow!("cannot start {jobs} worker threads: {e}"))
    .help("try a smaller --jobs")?;
    let mut code = printer.finish(out, err);
    if opts.add_suppressions {
        code = suppressions.finish(code, opts.output.quiet, err);
    }
    if let (Some(path), Some(m)) = (&opts.report, &migration) {
        let generated = transforms::index::versions::Versions::get().generated;
        let written = std::fs::write(path, m.render(opts.mode, generated))
            .with_context(|| format!("cannot write the migration report {}", path.display()))
            .help("check the folder exists and is writable");
        if let Err(e) = written {
            code = code.max(report_error(err, &e));
        }
    }
    let code = match &opts.bulk.commit {
        Some(branch) => code.max(commit::commit_all(
            &groups,
            &tallies,
            branch.as_deref(),
            err,
        )),
        None => code,
    };
    Ok(exit_zero(opts, code))
}

/// `--exit-zero`: findings and pending changes exit 0; errors still exit 2.
fn exit_zero(opts: &RunOptions, code: u8) -> u8 {
    if opts.exit_zero && code == exit::FOUND {
        exit::OK
    } else {
        code
    }
}

/// How many files a worker takes at a time: runs of up to 32, and at least 8 runs per thread so
/// that the threads finish together on small trees.
fn chunk_len(files: usize, jobs: usize) -> usize {
    (files / (jobs * 8)).clamp(1, 32)
}

/// `--stdin-filename PATH`: the source comes from stdin and is treated as PATH (language, config,
/// the path shown). `fix` prints the whole fixed source on stdout, `check` the findings.
fn run_stdin(
    engine: &Engine,
    file: &std::path::Path,
    opts: &RunOptions,
    unsafe_fixes: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<u8> {
    let display = walk::display_path(file);
    let lang = transforms::lang::Lang::from_path(file)
        .ok_or_else(|| anyhow::anyhow!("{display}: not a file cdktf-fix reads"))
        .help("--stdin-filename picks the language by extension: .ts .tsx .mts .cts .py .go .java .cs")?;
    if matches!(opts.mode, Mode::Fix { .. }) && opts.output.format != Format::Text {
        return Err(anyhow::anyhow!(
            "`fix --stdin-filename` prints the fixed source on stdout, which leaves no room for --format {}",
            opts.output.format.name()
        ))
        .help("use `check --stdin-filename` for a report in that format");
    }
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(&mut std::io::stdin(), &mut bytes).context("cannot read stdin")?;
    let file_opts = FileOptions {
        mode: opts.mode,
        max_file_size: opts.max_file_size,
        color: opts.color,
    };
    let report = crate::engine::file::process_bytes(
        engine,
        &bytes,
        crate::engine::file::Sink::Stdout,
        display,
        lang,
        &file_opts,
    );
    let mut printer = Reporter::new(opts.mode, unsafe_fixes, &opts.output);
    printer.set_source_on_stdout();
    // A source that cannot be processed is passed through unchanged, so an editor loses nothing.
    if matches!(opts.mode, Mode::Fix { dry_run: false })
        && !matches!(report.status, crate::engine::file::FileStatus::Fixed { .. })
    {
        let _ = out.write_all(&bytes);
    }
    printer.file(&report, out, err);
    Ok(printer.finish(out, err))
}

#[cfg(test)]
mod opt_in_tests {
    use super::*;

    fn ids(transforms: &[&'static dyn Transform]) -> Vec<&'static str> {
        transforms.iter().map(|r| r.meta().id).collect()
    }

    #[test]
    fn work_is_handed_out_in_runs_that_keep_every_thread_busy() {
        assert_eq!(chunk_len(0, 2), 1);
        assert_eq!(chunk_len(10, 2), 1);
        assert_eq!(chunk_len(100, 2), 6);
        assert_eq!(chunk_len(20_000, 2), 32);
        assert_eq!(chunk_len(20_000, 64), 32);
    }

    fn sel<'a>(select: &'a [String], ignore: &'a [String]) -> CliSelection<'a> {
        CliSelection {
            select,
            extend_select: &[],
            ignore,
        }
    }

    #[test]
    fn opt_in_rules_run_only_when_selected_by_id() {
        let none = Config::default();
        let all = ids(&select_transforms(sel(&[], &[]), &none).unwrap());
        assert!(all.contains(&"provider-imports"));
        assert!(!all.contains(&"migrate-cdktn"));
        let picked = ids(&select_transforms(sel(&["migrate-cdktn".into()], &[]), &none).unwrap());
        assert_eq!(picked, ["migrate-cdktn"]);
        let config = Config {
            select: Some(vec!["migrate-cdktn".into(), "sg-port-range".into()]),
            ..Config::default()
        };
        let picked = ids(&select_transforms(sel(&[], &[]), &config).unwrap());
        assert_eq!(picked, ["migrate-cdktn", "sg-port-range"]);
        let ignored = select_transforms(
            sel(&["migrate-cdktn".into()], &["migrate-cdktn".into()]),
            &none,
        );
        assert!(ignored.unwrap().is_empty());
    }
}
