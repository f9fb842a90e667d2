//! `cdktf-fix.toml`: which transforms run, whether unsafe fixes apply, which files are read, and
//! per-transform tables; and finding the configuration that governs each file ([`Resolver`]): the
//! closest `cdktf-fix.toml` above it, up to its repository's root, as ruff finds `ruff.toml`.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};

use globset::{Glob, GlobBuilder, GlobSet, GlobSetBuilder};

pub const FILE_NAME: &str = "cdktf-fix.toml";

/// `select = ["ALL"]`: every transform, opt-in ones included.
pub const ALL: &str = "ALL";

/// Folders no run reads unless a configuration's `exclude` replaces this list (`.git` is never
/// read whatever the configuration says).
pub const DEFAULT_EXCLUDE: &[&str] = &["node_modules", "cdktf.out", "vendor", ".terraform"];

/// Which transforms run on test files (`test-files = ...`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum TestFiles {
    /// Only the transforms whose kind runs on tests (defects, migrations): the default.
    #[default]
    Defects,
    /// Test files are treated as any other file.
    All,
}

/// Settings from the configuration file (command-line flags are merged on top by `run`).
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// Where the settings came from, for messages.
    pub path: Option<PathBuf>,
    /// `select = [...]`: only these transforms (the on-by-default ones when absent; `"ALL"`:
    /// every one).
    pub select: Option<Vec<String>>,
    /// `extend-select = [...]`: these too, on top of `select` or the defaults.
    pub extend_select: Vec<String>,
    /// `ignore = [...]`: never these.
    pub ignore: Vec<String>,
    /// `unsafe-fixes = true`: apply unsafe fixes too.
    pub unsafe_fixes: bool,
    /// `exclude = [...]`: globs of files and folders never read (replaces [`DEFAULT_EXCLUDE`]).
    pub exclude: Option<Vec<String>>,
    /// `extend-exclude = [...]`: globs never read, on top of `exclude` or the defaults.
    pub extend_exclude: Vec<String>,
    /// `[per-file-ignores]`: glob → transform ids not run on the files it matches.
    pub per_file_ignores: Vec<(String, Vec<String>)>,
    /// `test-files = "defects" | "all"`.
    pub test_files: TestFiles,
    /// One table per transform that takes options, by transform id.
    pub transforms: BTreeMap<String, toml::Table>,
}

/// A configuration problem, with the file and line it is on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub path: PathBuf,
    pub line: Option<usize>,
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.path.display(), line, self.message),
            None => write!(f, "{}: {}", self.path.display(), self.message),
        }
    }
}

impl std::error::Error for ConfigError {}

impl Config {
    /// Reads `path`.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|e| ConfigError {
            path: path.to_path_buf(),
            line: None,
            message: format!("cannot read the configuration file: {e}"),
        })?;
        Config::parse(&text, path)
    }

    /// Finds `cdktf-fix.toml` in the working directory, if any; messages name it relatively.
    pub fn discover() -> Result<Config, ConfigError> {
        let candidate = Path::new(FILE_NAME);
        if candidate.is_file() {
            Config::load(candidate)
        } else {
            Ok(Config::default())
        }
    }

    pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
        let err = |line: Option<usize>, message: String| ConfigError {
            path: path.to_path_buf(),
            line,
            message,
        };
        let table: toml::Table = text.parse().map_err(|e: toml::de::Error| {
            let line = e
                .span()
                .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1);
            err(line, e.message().trim().replace('\n', "\n  "))
        })?;
        let mut config = Config {
            path: Some(path.to_path_buf()),
            ..Config::default()
        };
        for (key, value) in table {
            let line = line_of_key(text, &key);
            match key.as_str() {
                "select" => {
                    config.select = Some(rule_list(&key, &value).map_err(|m| err(line, m))?)
                }
                "extend-select" => {
                    config.extend_select = rule_list(&key, &value).map_err(|m| err(line, m))?
                }
                "ignore" => config.ignore = rule_list(&key, &value).map_err(|m| err(line, m))?,
                "exclude" => {
                    config.exclude = Some(glob_list(&key, &value).map_err(|m| err(line, m))?)
                }
                "extend-exclude" => {
                    config.extend_exclude = glob_list(&key, &value).map_err(|m| err(line, m))?
                }
                "test-files" => {
                    config.test_files = match value.as_str() {
                        Some("defects") => TestFiles::Defects,
                        Some("all") => TestFiles::All,
                        _ => {
                            return Err(err(
                                line,
                                "`test-files` must be \"defects\" (the default: only the defect and migration transforms run on test files) or \"all\"".into(),
                            ))
                        }
                    }
                }
                "per-file-ignores" => {
                    let table = value.as_table().ok_or_else(|| {
                        err(
                            line,
                            "`per-file-ignores` must be a table of glob = [transform ids]: [per-file-ignores]".into(),
                        )
                    })?;
                    for (glob, ids) in table {
                        let at = line_in_table(text, &key, glob).or(line);
                        compile_glob(glob).map_err(|m| err(at, m))?;
                        let ids = rule_list(&format!("per-file-ignores.\"{glob}\""), ids)
                            .map_err(|m| err(at, m))?;
                        config.per_file_ignores.push((glob.clone(), ids));
                    }
                }
                "unsafe-fixes" => {
                    config.unsafe_fixes = value
                        .as_bool()
                        .ok_or_else(|| err(line, "`unsafe-fixes` must be true or false".into()))?
                }
                _ => match (transforms::catalogue::by_id(&key), value) {
                    (Some(transform), toml::Value::Table(t)) => {
                        if let Err((bad, message)) = transform.validate_options(&t) {
                            let line = line_in_table(text, &key, &bad).or(line);
                            return Err(err(line, format!("[{key}] {bad}: {message}")));
                        }
                        config.transforms.insert(key, t);
                    }
                    (Some(_), _) => {
                        return Err(err(line, format!("`{key}` must be a table: [{key}]")));
                    }
                    (None, _) => {
                        return Err(err(
                            line,
                            format!(
                                "unknown key `{key}` (expected `select`, `extend-select`, `ignore`, `unsafe-fixes`, `exclude`, `extend-exclude`, `per-file-ignores`, `test-files` or a transform's table; `cdktf-fix transforms` lists the transforms)"
                            ),
                        ));
                    }
                },
            }
        }
        Ok(config)
    }
}

fn rule_list(key: &str, value: &toml::Value) -> Result<Vec<String>, String> {
    let items = value
        .as_array()
        .ok_or_else(|| format!("`{key}` must be a list of transform ids"))?;
    items
        .iter()
        .map(|v| {
            let id = v
                .as_str()
                .ok_or_else(|| format!("`{key}` must be a list of transform ids"))?;
            if id == ALL {
                return Ok(id.to_string());
            }
            validate_transform_id(id).map(|_| id.to_string())
        })
        .collect()
}

fn glob_list(key: &str, value: &toml::Value) -> Result<Vec<String>, String> {
    let items = value
        .as_array()
        .ok_or_else(|| format!("`{key}` must be a list of globs"))?;
    items
        .iter()
        .map(|v| {
            let glob = v
                .as_str()
                .ok_or_else(|| format!("`{key}` must be a list of globs"))?;
            compile_glob(glob)?;
            Ok(glob.to_string())
        })
        .collect()
}

/// A glob of `exclude` or `per-file-ignores`: `*` stays within a folder, `**` crosses folders;
/// a trailing `/` is dropped (folders match by their path like files).
fn compile_glob(glob: &str) -> Result<Glob, String> {
    let trimmed = glob.trim_end_matches('/');
    let trimmed = trimmed.strip_prefix("./").unwrap_or(trimmed);
    GlobBuilder::new(trimmed)
        .literal_separator(true)
        .build()
        .map_err(|e| format!("bad glob `{glob}`: {}", e.kind()))
}

fn glob_set<'a>(globs: impl IntoIterator<Item = &'a str>) -> GlobSet {
    let mut b = GlobSetBuilder::new();
    for g in globs {
        // Validated when the file was read.
        if let Ok(glob) = compile_glob(g) {
            b.add(glob);
        }
    }
    b.build().unwrap_or_else(|_| GlobSet::empty())
}

/// Whether `path` is a test file: `*.test.ts`, `*.spec.ts` (and `.js`, `.tsx`, ...),
/// `test_*.py`, `*_test.py`, `conftest.py`, `*_test.go`, or anything in a `test`, `tests` or
/// `__tests__` folder of `path` (give it relative to the project, so the project's own folders
/// are not counted).
pub fn is_test_file(path: &Path) -> bool {
    let folders: Vec<&std::ffi::OsStr> = path
        .parent()
        .into_iter()
        .flat_map(Path::components)
        .filter_map(|c| match c {
            Component::Normal(n) => Some(n),
            _ => None,
        })
        .collect();
    if folders
        .iter()
        .any(|d| matches!(d.to_str(), Some("test" | "tests" | "__tests__")))
    {
        return true;
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let (stem, ext) = match name.rsplit_once('.') {
        Some((s, e)) => (s, e),
        None => (name.as_str(), ""),
    };
    match ext {
        "ts" | "tsx" | "mts" | "cts" | "js" | "jsx" | "mjs" | "cjs" => {
            stem.ends_with(".test") || stem.ends_with(".spec")
        }
        "py" => stem.starts_with("test_") || stem.ends_with("_test") || stem == "conftest",
        "go" => stem.ends_with("_test"),
        "java" => stem.ends_with("Test") || stem.ends_with("Tests"),
        "cs" => stem.ends_with("Tests") || stem.ends_with("Test"),
        _ => false,
    }
}

/// A configuration ready to answer per file: its globs compiled, its folder known.
#[derive(Debug)]
pub struct Settings {
    pub config: Config,
    /// The folder globs are relative to (the configuration file's), as found.
    dir: PathBuf,
    exclude: GlobSet,
    per_file_ignores: Vec<(GlobSet, Vec<String>)>,
}

impl Settings {
    pub fn new(config: Config) -> Settings {
        let dir = config
            .path
            .as_deref()
            .and_then(Path::parent)
            .map(Path::to_path_buf)
            .unwrap_or_default();
        let mut exclude: Vec<&str> = match &config.exclude {
            Some(list) => list.iter().map(String::as_str).collect(),
            None => DEFAULT_EXCLUDE.to_vec(),
        };
        exclude.extend(config.extend_exclude.iter().map(String::as_str));
        let exclude = glob_set(exclude);
        let per_file_ignores = config
            .per_file_ignores
            .iter()
            .map(|(g, ids)| (glob_set([g.as_str()]), ids.clone()))
            .collect();
        Settings {
            config,
            dir,
            exclude,
            per_file_ignores,
        }
    }

    /// `path` relative to the configuration's folder, when it is below it.
    pub fn relative(&self, path: &Path) -> Option<PathBuf> {
        let path = path.strip_prefix(".").unwrap_or(path);
        if let Ok(rel) = path.strip_prefix(&self.dir) {
            return Some(rel.to_path_buf());
        }
        let real_dir = std::fs::canonicalize(if self.dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            &self.dir
        })
        .ok()?;
        let real = match (path.parent(), path.file_name()) {
            (Some(parent), Some(name)) => std::fs::canonicalize(if parent.as_os_str().is_empty() {
                Path::new(".")
            } else {
                parent
            })
            .ok()?
            .join(name),
            _ => std::fs::canonicalize(path).ok()?,
        };
        real.strip_prefix(&real_dir).ok().map(Path::to_path_buf)
    }

    /// Whether `rel` (or its name alone) matches one of `set`'s globs, or (for `exclude`) one
    /// of its folders does.
    fn matches(set: &GlobSet, rel: Option<&Path>, name: Option<&std::ffi::OsStr>) -> bool {
        if let Some(name) = name {
            if set.is_match(Path::new(name)) {
                return true;
            }
        }
        rel.is_some_and(|rel| {
            rel.ancestors()
                .any(|a| !a.as_os_str().is_empty() && set.is_match(a))
        })
    }

    /// Whether `exclude` / `extend-exclude` keep `path` (a file or a folder) out of the run.
    pub fn excluded(&self, path: &Path) -> bool {
        let rel = self.relative(path);
        Self::matches(&self.exclude, rel.as_deref(), path.file_name())
    }

    /// The transform ids `per-file-ignores` turns off for `path` (may hold `ALL`).
    pub fn ignored_for(&self, path: &Path) -> Vec<&str> {
        let rel = self.relative(path);
        self.per_file_ignores
            .iter()
            .filter(|(set, _)| Self::matches(set, rel.as_deref(), path.file_name()))
            .flat_map(|(_, ids)| ids.iter().map(String::as_str))
            .collect()
    }

    /// Whether `path` is a test file, judged on its path below the configuration's folder.
    pub fn is_test(&self, path: &Path) -> bool {
        match self.relative(path) {
            Some(rel) => is_test_file(&rel),
            None => is_test_file(path),
        }
    }
}

/// Finds the configuration of every folder of a run, once per folder, from any thread: the
/// closest `cdktf-fix.toml` at or above it, stopping at the repository's root (a folder holding
/// `.git`); without one, the working directory's `cdktf-fix.toml` (or the defaults). `--config`
/// overrides the search for every file.
pub struct Resolver {
    forced: bool,
    /// The settings used when the search finds nothing (`--config`'s with `forced`).
    fallback: usize,
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    settings: Vec<Arc<Settings>>,
    /// Folder → index into `settings`.
    by_dir: HashMap<PathBuf, usize>,
    /// Configuration file → index into `settings`.
    by_file: HashMap<PathBuf, usize>,
    /// Configurations that could not be read, in the order met.
    errors: Vec<ConfigError>,
}

impl Resolver {
    /// `--config FILE` for every file, else discovery with the working directory's file as the
    /// fallback. Fails on the fallback's (or the forced file's) error.
    pub fn new(forced: Option<&Path>) -> Result<Resolver, ConfigError> {
        let fallback = match forced {
            Some(path) => Config::load(path)?,
            None => Config::discover()?,
        };
        let mut state = State::default();
        if let Some(p) = &fallback.path {
            state.by_file.insert(p.clone(), 0);
        }
        state.settings.push(Arc::new(Settings::new(fallback)));
        Ok(Resolver {
            forced: forced.is_some(),
            fallback: 0,
            state: Mutex::new(state),
        })
    }

    /// The settings by index, as [`Resolver::index_for_dir`] hands them out.
    pub fn settings(&self, index: usize) -> Arc<Settings> {
        self.state.lock().unwrap().settings[index].clone()
    }

    /// How many settings were met so far.
    pub fn count(&self) -> usize {
        self.state.lock().unwrap().settings.len()
    }

    /// The settings a file is governed by.
    pub fn for_file(&self, path: &Path) -> (usize, Arc<Settings>) {
        let dir = path.parent().unwrap_or(Path::new(""));
        let i = self.index_for_dir(dir);
        (i, self.settings(i))
    }

    /// The first configuration error met (in the order the files were found).
    pub fn error(&self) -> Option<ConfigError> {
        self.state.lock().unwrap().errors.first().cloned()
    }

    /// Whether `path` is kept out of the run by the `exclude` of the configuration of the folder
    /// it is in.
    pub fn excluded(&self, path: &Path) -> bool {
        let (_, settings) = self.for_file(path);
        settings.excluded(path)
    }

    /// The index of the settings of folder `dir`.
    pub fn index_for_dir(&self, dir: &Path) -> usize {
        if self.forced {
            return self.fallback;
        }
        let mut state = self.state.lock().unwrap();
        self.search(&mut state, dir)
    }

    fn search(&self, state: &mut State, dir: &Path) -> usize {
        // `../x` climbs above the working directory, so its relative ancestors would come back
        // below it: look such a folder up by its real path.
        if dir.components().any(|c| c == Component::ParentDir) {
            return match std::fs::canonicalize(dir) {
                Ok(real) => self.search(state, &real),
                Err(_) => self.fallback,
            };
        }
        if let Some(&hit) = state.by_dir.get(dir) {
            return hit;
        }
        let here = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        };
        let candidate = dir.join(FILE_NAME);
        let found = if here.join(FILE_NAME).is_file() {
            match state.by_file.get(&candidate) {
                Some(&i) => i,
                None => {
                    let i = match Config::load(&candidate) {
                        Ok(config) => {
                            state.settings.push(Arc::new(Settings::new(config)));
                            state.settings.len() - 1
                        }
                        Err(e) => {
                            state.errors.push(e);
                            self.fallback
                        }
                    };
                    state.by_file.insert(candidate, i);
                    i
                }
            }
        } else if here.join(".git").exists() {
            self.fallback
        } else {
            match dir.parent() {
                Some(parent) => self.search(state, parent),
                // The relative path is used up: go on above the working directory.
                None if dir.is_relative() => match std::env::current_dir()
                    .ok()
                    .and_then(|cwd| cwd.parent().map(Path::to_path_buf))
                {
                    Some(up) => self.search(state, &up),
                    None => self.fallback,
                },
                None => self.fallback,
            }
        };
        state.by_dir.insert(dir.to_path_buf(), found);
        found
    }
}

/// An error message naming the known ids when `id` is not one.
pub fn validate_transform_id(id: &str) -> Result<(), String> {
    if transforms::catalogue::by_id(id).is_some() {
        return Ok(());
    }
    let known: Vec<&str> = transforms::catalogue::REGISTRY
        .iter()
        .map(|r| r.meta().id)
        .collect();
    Err(format!(
        "unknown transform `{id}` (known: {})",
        known.join(", ")
    ))
}

/// The 1-based line where `key` is set inside the `[table]` section.
fn line_in_table(text: &str, table: &str, key: &str) -> Option<usize> {
    let start = line_of_key(text, table)?;
    let section: String = text.lines().skip(start).collect::<Vec<_>>().join("\n");
    line_of_key(&section, key).map(|l| l + start)
}

/// The 1-based line where `key` is set or its table starts.
fn line_of_key(text: &str, key: &str) -> Option<usize> {
    text.lines()
        .position(|l| {
            let l = l.trim_start();
            let l = l.strip_prefix('[').unwrap_or(l).trim_start();
            l.strip_prefix(key)
                .or_else(|| l.strip_prefix(&format!("\"{key}\"")))
                .is_some_and(|rest| {
                    let rest = rest.trim_start();
                    rest.starts_with('=') || rest.starts_with(']')
                })
        })
        .map(|i| i + 1)
}

#[cfg(test)]
mod tests {
    #[test]
    fn config_errors_name_file_and_line_of_a_transform_option() {
        let e = Config::parse(
            "[default-tags]\nTeam = \"platform\"\nCostCenter = 42\n",
            std::path::Path::new("cdktf-fix.toml"),
        )
        .unwrap_err();
        assert_eq!(e.line, Some(3), "{e}");
        assert!(e.to_string().starts_with("cdktf-fix.toml:3:"), "{e}");
    }

    use super::*;

    fn parse(text: &str) -> Result<Config, ConfigError> {
        Config::parse(text, Path::new("cdktf-fix.toml"))
    }

    #[test]
    fn reads_select_ignore_and_unsafe_fixes() {
        let c = parse("select = [\"sg-port-range\"]\nignore = [\"provider-class-names\"]\nunsafe-fixes = true\n").unwrap();
        assert_eq!(c.select.unwrap(), vec!["sg-port-range"]);
        assert_eq!(c.ignore, vec!["provider-class-names"]);
        assert!(c.unsafe_fixes);
    }

    #[test]
    fn unknown_key_names_its_line() {
        let e = parse("select = []\n\nfrobnicate = 1\n").unwrap_err();
        assert_eq!(e.line, Some(3));
        assert!(
            e.message.contains("unknown key `frobnicate`"),
            "{}",
            e.message
        );
    }

    #[test]
    fn unknown_transform_in_select_is_an_error() {
        let e = parse("select = [\"no-such-transform\"]\n").unwrap_err();
        assert_eq!(e.line, Some(1));
        assert!(e.message.contains("unknown transform `no-such-transform`"));
    }

    #[test]
    fn a_table_for_a_rule_without_options_is_rejected_at_its_line() {
        let e = parse("select = []\n[sg-port-range]\nwhatever = 1\n").unwrap_err();
        assert_eq!(e.line, Some(3), "{e}");
        assert!(e.message.contains("takes no options"), "{e}");
    }

    #[test]
    fn malformed_toml_reports_the_line_of_the_error() {
        let e = parse("select = []\n=oops\n").unwrap_err();
        assert_eq!(e.line, Some(2), "{e}");
        let e = parse("select = [\n\"a\"\nunsafe-fixes = \n").unwrap_err();
        assert_eq!(e.line, Some(3), "{e}");
    }

    #[test]
    fn test_files_are_recognised_by_name_and_folder() {
        for test in [
            "src/stack.test.ts",
            "src/stack.spec.tsx",
            "a.test.js",
            "__tests__/stack.ts",
            "test/main.ts",
            "pkg/tests/helpers.py",
            "test_stack.py",
            "stack_test.py",
            "conftest.py",
            "main_test.go",
        ] {
            assert!(is_test_file(Path::new(test)), "{test}");
        }
        for not in [
            "src/stack.ts",
            "testing/main.ts",
            "contest.py",
            "latest.ts",
            "tests.ts",
            "main.go",
            "src/test.ts",
        ] {
            assert!(!is_test_file(Path::new(not)), "{not}");
        }
    }

    #[test]
    fn reads_the_file_settings_and_matches_globs_relative_to_the_file() {
        let c = Config::parse(
            "extend-select = [\"ALL\"]\nextend-exclude = [\"gen/**\", \"*.gen.ts\"]\ntest-files = \"all\"\n[per-file-ignores]\n\"legacy/*.ts\" = [\"sg-port-range\"]\n",
            Path::new("repo/cdktf-fix.toml"),
        )
        .unwrap();
        assert_eq!(c.extend_select, ["ALL"]);
        assert_eq!(c.test_files, TestFiles::All);
        let s = Settings::new(c);
        assert!(s.excluded(Path::new("repo/gen/a/b.ts")));
        assert!(s.excluded(Path::new("repo/src/x.gen.ts")));
        assert!(
            s.excluded(Path::new("repo/node_modules")),
            "the defaults stay"
        );
        assert!(!s.excluded(Path::new("repo/src/gen.ts")));
        assert_eq!(
            s.ignored_for(Path::new("repo/legacy/a.ts")),
            ["sg-port-range"]
        );
        assert!(s.ignored_for(Path::new("repo/legacy/sub/a.ts")).is_empty());
        let e = parse("test-files = \"some\"\n").unwrap_err();
        assert!(e.message.contains("`test-files`"), "{e}");
    }
}
