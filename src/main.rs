//! The command line: turns flags into a [`RunOptions`] and prints `transforms` / `explain`.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Args, Parser, Subcommand, ValueEnum};

use cdktf_fix::bulk::BulkOptions;
use cdktf_fix::engine::file::Mode;
use cdktf_fix::report::text::exit;
use cdktf_fix::report::{Format, OutputOptions};
use cdktf_fix::run::{run, RunOptions, DEFAULT_MAX_FILE_SIZE};
use cdktf_fix::shard::Shard;
use transforms::catalogue::REGISTRY;

/// mimalloc: the transforms make many small, short-lived allocations, which glibc's malloc served
/// at about a tenth of `check`'s instructions (BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// tree-sitter's C core allocates every node of every parse: mimalloc for it too. tree-sitter
/// requires allocation functions that never return null; these abort on exhaustion, as its
/// default ones do.
mod ts_alloc {
    use std::ffi::c_void;

    fn checked(p: *mut c_void, size: usize) -> *mut c_void {
        if p.is_null() && size != 0 {
            eprintln!("error: out of memory ({size} bytes for a syntax tree)");
            std::process::abort();
        }
        p
    }
    unsafe extern "C" fn malloc(size: usize) -> *mut c_void {
        checked(unsafe { libmimalloc_sys::mi_malloc(size) }, size)
    }
    unsafe extern "C" fn calloc(n: usize, size: usize) -> *mut c_void {
        checked(
            unsafe { libmimalloc_sys::mi_calloc(n, size) },
            n.saturating_mul(size),
        )
    }
    unsafe extern "C" fn realloc(p: *mut c_void, size: usize) -> *mut c_void {
        checked(unsafe { libmimalloc_sys::mi_realloc(p, size) }, size)
    }
    unsafe extern "C" fn free(p: *mut c_void) {
        unsafe { libmimalloc_sys::mi_free(p) }
    }

    pub fn install() {
        // SAFETY: called first thing in `main`, on the only thread, before any tree-sitter
        // object exists; the four functions are one allocator family (mimalloc), never return
        // null for a non-zero size, and mimalloc aligns as malloc does.
        unsafe {
            tree_sitter::set_allocator(Some(tree_sitter::Allocator {
                malloc,
                calloc,
                realloc,
                free,
            }))
        }
    }
}

#[derive(Parser)]
#[command(
    name = "cdktf-fix",
    version,
    about = "Repairs the recurring mistakes in CDK for Terraform (and CDK Terrain) code",
    after_help = "Exit codes: 0 nothing found / nothing to change / fixes written; 1 problems found (check) or changes pending (fix --dry-run); 2 usage, configuration or I/O error."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Apply the fixes (safe ones; unsafe ones too with --unsafe-fixes).
    Fix {
        /// Print a unified diff of what would change instead of writing; exit 1 if anything would.
        #[arg(long)]
        dry_run: bool,
        #[command(flatten)]
        commit: CommitArgs,
        #[command(flatten)]
        common: Common,
    },
    /// Report problems, one per line (`path:line:col: ID message`); exit 1 if any.
    Check {
        /// Write a `cdktf-fix: ignore[ID]` comment above every finding's line (as ruff's
        /// `--add-noqa`), so the tool can be enforced on new code from day one; exit 0 when every
        /// finding got one.
        #[arg(long, conflicts_with = "stdin_filename")]
        add_suppressions: bool,
        #[command(flatten)]
        common: Common,
    },
    /// Migrate CDKTF code to CDK Terrain (`cdktn`): `fix --select migrate-cdktn --unsafe-fixes`.
    Migrate {
        /// Print a unified diff of what would change instead of writing; exit 1 if anything would.
        #[arg(long)]
        dry_run: bool,
        /// Also write a Markdown report of the migration (a pull-request body) to this file.
        #[arg(long, value_name = "FILE.md")]
        report: Option<PathBuf>,
        #[command(flatten)]
        common: Common,
    },
    /// List every transform: id, languages, fix safety, summary.
    #[command(alias = "rules")]
    Transforms {
        /// `text`: a table; `json`: one document for tools (id, summary, languages, fix
        /// safeties, opt-in, the `explain` command, its text and its sources).
        #[arg(long, value_enum, default_value = "text")]
        format: ListFormat,
    },
    /// Explain a transform: what it fixes, why, an example, its fix safety and source.
    Explain {
        /// A transform id, as `cdktf-fix transforms` lists them.
        id: String,
    },
    /// Run the language server on stdin/stdout (for editors; README: Editor integration).
    Server,
    /// Print a file's syntax tree (for writing transforms).
    #[command(hide = true)]
    DumpAst { file: PathBuf },
}

#[derive(Clone, Copy, ValueEnum)]
enum ListFormat {
    Text,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum Color {
    Auto,
    Always,
    Never,
}

#[derive(Args)]
struct Common {
    /// Files or folders to read (default: the current folder).
    paths: Vec<PathBuf>,
    /// Also apply fixes that change deployed behaviour.
    #[arg(long)]
    unsafe_fixes: bool,
    /// Only these transforms (comma-separated ids; `ALL` for every one, opt-in ones included).
    #[arg(long, value_delimiter = ',', value_name = "ID,...")]
    select: Vec<String>,
    /// These transforms too, on top of the configuration's or the default selection
    /// (comma-separated ids; `ALL` for every one).
    #[arg(long, value_delimiter = ',', value_name = "ID,...")]
    extend_select: Vec<String>,
    /// Never these transforms (comma-separated ids).
    #[arg(long, value_delimiter = ',', value_name = "ID,...")]
    ignore: Vec<String>,
    /// Exit 0 even when problems are found or changes are pending (errors still exit 2).
    #[arg(long)]
    exit_zero: bool,
    /// Worker threads (default: one per core).
    #[arg(long, short = 'j', value_name = "N")]
    jobs: Option<usize>,
    /// Configuration file for every file (default: each file's closest cdktf-fix.toml, up to its
    /// repository's root, else ./cdktf-fix.toml).
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Colour the diff: auto colours on a terminal only.
    #[arg(long, value_enum, default_value = "auto")]
    color: Color,
    /// Read the source from stdin as this file (language, configuration and the path shown come
    /// from it); `fix` prints the fixed source on stdout, `check` the findings.
    #[arg(long, value_name = "PATH")]
    stdin_filename: Option<PathBuf>,
    /// Skip files larger than this many bytes.
    #[arg(long, value_name = "BYTES", default_value_t = DEFAULT_MAX_FILE_SIZE)]
    max_file_size: u64,
    #[command(flatten)]
    bulk: BulkArgs,
    #[command(flatten)]
    output: OutputArgs,
}

/// Many repositories in one run.
#[derive(Args)]
struct BulkArgs {
    /// Also read the paths from FILE, one a line (`-`: stdin; blank lines and `#` comments are
    /// skipped; relative paths are relative to the working directory).
    #[arg(long, value_name = "FILE", conflicts_with = "stdin_filename")]
    paths_from: Option<PathBuf>,
    /// Only the K-th of N deterministic slices of the files (of the repositories, with
    /// --paths-from), so N machines can split the work with no coordinator.
    #[arg(long, value_name = "K/N", value_parser = Shard::parse, conflicts_with = "stdin_filename")]
    shard: Option<Shard>,
}

/// `fix --commit`.
#[derive(Args)]
struct CommitArgs {
    /// Commit the fixes on a new branch of each repository they touch (clean working tree
    /// needed; the repository's hooks are skipped).
    #[arg(long, conflicts_with_all = ["dry_run", "stdin_filename"])]
    commit: bool,
    /// The branch --commit creates (default: cdktf-fix/<hash of the changes>).
    #[arg(long, value_name = "NAME", requires = "commit")]
    branch: Option<String>,
}

#[derive(Clone, Copy, ValueEnum)]
enum FormatArg {
    Text,
    Json,
    Sarif,
    Github,
    Markdown,
}

/// How results are reported (README, "Output formats").
#[derive(Args)]
struct OutputArgs {
    /// What stdout carries: text lines and patches, a JSON document (docs/json-schema.md),
    /// SARIF 2.1.0, GitHub Actions annotations, or a Markdown pull-request body.
    #[arg(long, value_enum, default_value = "text")]
    format: FormatArg,
    /// Counts per transform instead of one line per finding.
    #[arg(long)]
    statistics: bool,
    /// `fix`: list the fixes applied, per file, after the output.
    #[arg(long)]
    show_fixes: bool,
    /// Only findings and errors: no summary, no warnings, no progress bar.
    #[arg(long, short = 'q')]
    quiet: bool,
    /// Also write the full report, in the --format chosen, to FILE (atomically); stdout carries
    /// the report as usual (for markdown: cut at --max-report-chars, naming FILE).
    #[arg(long, value_name = "FILE", conflicts_with = "stdin_filename")]
    output: Option<PathBuf>,
    /// --format markdown: stop the report on stdout at N characters (GitHub refuses a
    /// pull-request body over 65,536): the summary and table, whole files while they fit, then
    /// how many files are left out. 0: no limit.
    #[arg(long, value_name = "N", default_value_t = cdktf_fix::report::DEFAULT_MAX_REPORT_CHARS)]
    max_report_chars: usize,
}

impl OutputArgs {
    fn options(&self) -> OutputOptions {
        OutputOptions {
            format: match self.format {
                FormatArg::Text => Format::Text,
                FormatArg::Json => Format::Json,
                FormatArg::Sarif => Format::Sarif,
                FormatArg::Github => Format::Github,
                FormatArg::Markdown => Format::Markdown,
            },
            statistics: self.statistics,
            show_fixes: self.show_fixes,
            quiet: self.quiet,
            progress: std::io::stderr().is_terminal(),
            output_file: self.output.clone(),
            max_report_chars: Some(self.max_report_chars),
            exit_zero: false,
        }
    }
}

impl Common {
    fn into_options(self, mode: Mode) -> RunOptions {
        let color = match self.color {
            Color::Always => true,
            Color::Never => false,
            Color::Auto => std::io::stdout().is_terminal(),
        };
        RunOptions {
            paths: self.paths,
            mode,
            unsafe_fixes: self.unsafe_fixes,
            select: self.select,
            extend_select: self.extend_select,
            ignore: self.ignore,
            exit_zero: self.exit_zero,
            add_suppressions: false,
            jobs: self.jobs,
            config: self.config,
            color,
            max_file_size: self.max_file_size,
            stdin_filename: self.stdin_filename,
            bulk: BulkOptions {
                paths_from: self.bulk.paths_from,
                shard: self.bulk.shard,
                commit: None,
                manifests: false,
            },
            output: OutputOptions {
                exit_zero: self.exit_zero,
                ..self.output.options()
            },
            report: None,
        }
    }
}

fn print_transforms(out: &mut dyn Write) {
    let rows: Vec<[String; 5]> = REGISTRY
        .iter()
        .map(|transform| {
            let m = transform.meta();
            // Dependency manifests count as one entry here; `explain` names them.
            let mut langs: Vec<&str> = m
                .languages
                .iter()
                .filter(|l| !l.is_manifest())
                .map(|l| l.name())
                .collect();
            if m.languages.iter().any(|l| l.is_manifest()) {
                langs.push("manifests");
            }
            [
                m.id.to_string(),
                transforms::transform::default_label(*transform),
                langs.join(","),
                m.safety_label().to_string(),
                m.summary.to_string(),
            ]
        })
        .collect();
    // Columns as wide as their widest cell, so a long language list cannot shift the rest.
    let header = ["id", "default", "languages", "fixes", "summary"].map(String::from);
    let width = |col: usize| {
        rows.iter()
            .chain([&header])
            .map(|r| r[col].chars().count())
            .max()
            .unwrap_or(0)
    };
    let (w0, w1, w2, w3) = (width(0), width(1), width(2), width(3));
    for [id, default, langs, fixes, summary] in std::iter::once(&header).chain(&rows) {
        let _ = writeln!(
            out,
            "{id:<w0$} {default:<w1$} {langs:<w2$} {fixes:<w3$} {summary}"
        );
    }
}

/// `transforms --format json`: the catalogue for tools (editor extensions, documentation sites).
fn transforms_json(out: &mut dyn Write) {
    let list: Vec<serde_json::Value> = REGISTRY
        .iter()
        .map(|transform| {
            let m = transform.meta();
            serde_json::json!({
                "id": m.id,
                "summary": m.summary,
                "languages": m.languages.iter().map(|l| l.name()).collect::<Vec<_>>(),
                "fixes": m.fixes.iter().map(|s| s.name()).collect::<Vec<_>>(),
                "fix_safety": m.safety_label(),
                "opt_in": transform.opt_in(),
                "explain": format!("cdktf-fix explain {}", m.id),
                "docs": m.docs.trim(),
                "sources": sources(m.docs),
            })
        })
        .collect();
    let doc = serde_json::json!({
        "version": 1,
        "tool": { "name": "cdktf-fix", "version": env!("CARGO_PKG_VERSION") },
        "transforms": list,
    });
    let _ = writeln!(
        out,
        "{}",
        serde_json::to_string_pretty(&doc).expect("a JSON value serializes")
    );
}

/// The web addresses of a transform's `## Source` section (provider docs, Terraform docs, ...).
fn sources(docs: &str) -> Vec<&str> {
    let Some((_, section)) = docs.split_once("## Source") else {
        return Vec::new();
    };
    let section = section.split("\n## ").next().unwrap_or("");
    let mut urls: Vec<&str> = section
        .split(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '(' | ')' | '`' | '"'))
        .filter(|w| w.starts_with("https://") || w.starts_with("http://"))
        .map(|w| w.trim_end_matches(['.', ',', ';', ':']))
        .collect();
    let mut seen = std::collections::HashSet::new();
    urls.retain(|u| seen.insert(*u));
    urls
}

/// `--version`: the tool's version, then the provider packages (and versions) the embedded
/// index was generated from, so a report can say which provider releases it knew.
fn long_version() -> String {
    use transforms::index::{Family, ProviderIndex};
    let index = ProviderIndex::get();
    let mut s = format!(
        "{}\nprovider index generated from:\n",
        env!("CARGO_PKG_VERSION")
    );
    for family in [Family::Cdktf, Family::Cdktn] {
        for p in index.providers_in(family) {
            s.push_str(&format!("  {} {}\n", p.package, p.version));
        }
    }
    s.trim_end().to_string()
}

fn explain(id: &str, out: &mut dyn Write) -> u8 {
    match transforms::catalogue::by_id(id) {
        Some(transform) => {
            let m = transform.meta();
            let _ = writeln!(out, "{}", transforms::transform::explain_header(transform));
            let _ = writeln!(out, "{}", m.docs.trim());
            exit::OK
        }
        None => {
            let known: Vec<&str> = REGISTRY.iter().map(|r| r.meta().id).collect();
            eprintln!(
                "error: unknown transform `{id}`\n  help: known transforms: {}",
                known.join(", ")
            );
            exit::ERROR
        }
    }
}

fn dump_ast(file: &std::path::Path, out: &mut dyn Write) -> anyhow::Result<()> {
    let Some(lang) = transforms::Lang::from_path(file) else {
        anyhow::bail!("{}: not a file cdktf-fix reads", file.display());
    };
    let text = std::fs::read_to_string(file).with_context(|| file.display().to_string())?;
    let parsed = transforms::ParsedFile::parse(lang, &text);
    // Preorder with an explicit stack, not recursion: a deeply nested file must not overflow
    // the main thread's stack. Unnamed nodes are left out with everything below them.
    let mut stack = vec![(parsed.tree().root(), 0usize, None::<&str>)];
    while let Some((node, depth, field)) = stack.pop() {
        if !node.is_named() {
            continue;
        }
        let f = field.map(|f| format!("{f}: ")).unwrap_or_default();
        let leaf = if node.children().any(|c| c.is_named()) {
            String::new()
        } else {
            format!(" {:?}", node.text())
        };
        let _ = writeln!(
            out,
            "{}{f}{} {:?}{leaf}",
            "  ".repeat(depth),
            node.kind(),
            node.range()
        );
        let inner = node.get_inner_node();
        let children: Vec<_> = node
            .children()
            .enumerate()
            .map(|(i, child)| (child, depth + 1, inner.field_name_for_child(i as u32)))
            .collect();
        stack.extend(children.into_iter().rev());
    }
    Ok(())
}

/// The exit code of a command that either succeeds or prints `error: ` and its error, with its
/// context (outermost first).
fn exit_code(result: anyhow::Result<()>) -> u8 {
    match result {
        Ok(()) => exit::OK,
        Err(e) => {
            eprintln!("error: {e:#}");
            exit::ERROR
        }
    }
}

fn main() -> ExitCode {
    ts_alloc::install();
    // Parsing the whole index for the version text costs start-up time: only for `--version`.
    let cli = if std::env::args_os().any(|a| a == "--version") {
        use clap::{CommandFactory, FromArgMatches};
        // A once-per-process string: clap takes `&'static str`.
        let text: &'static str = Box::leak(long_version().into_boxed_str());
        let matches = Cli::command().long_version(text).get_matches();
        Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit())
    } else {
        Cli::parse()
    };
    // Before stdout is locked below: the server's writer thread writes to it.
    if let Command::Server = cli.command {
        return ExitCode::from(cdktf_fix::server::serve_stdio());
    }
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    // Not locked for the whole run: a worker thread that writes to stderr (a panic message)
    // must not wait for the printer.
    let mut err = std::io::stderr();
    let code = match cli.command {
        Command::Transforms { format } => {
            match format {
                ListFormat::Text => print_transforms(&mut out),
                ListFormat::Json => transforms_json(&mut out),
            }
            exit::OK
        }
        Command::Explain { id } => explain(&id, &mut out),
        Command::DumpAst { file } => exit_code(dump_ast(&file, &mut out)),
        Command::Fix {
            dry_run,
            commit,
            common,
        } => {
            let mut opts = common.into_options(Mode::Fix { dry_run });
            opts.bulk.commit = commit.commit.then_some(commit.branch);
            run(&opts, &mut out, &mut err)
        }
        Command::Check {
            add_suppressions,
            common,
        } => {
            let mut opts = common.into_options(Mode::Check);
            opts.add_suppressions = add_suppressions;
            run(&opts, &mut out, &mut err)
        }
        Command::Migrate {
            dry_run,
            report,
            common,
        } => {
            let mut opts = common.into_options(Mode::Fix { dry_run });
            opts.report = report;
            opts.select = vec!["migrate-cdktn".to_string()];
            opts.unsafe_fixes = true;
            run(&opts, &mut out, &mut err)
        }
        Command::Server => unreachable!("served above"),
    };
    let _ = out.flush();
    ExitCode::from(code)
}
