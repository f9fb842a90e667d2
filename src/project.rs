//! The project around a file: which of its tests mock a provider package by module path, and
//! which major version of each provider package it pins.
//!
//! Transforms read one file; whether a fix keeps a project's *tests* passing can depend on other
//! files. A jest test that does `jest.mock("@cdktf/provider-aws", factory)` intercepts the
//! barrel: once the module under test imports from `@cdktf/provider-aws/lib/s3-bucket`, the mock
//! no longer reaches it. A Python test that patches `"cdktf_cdktf_provider_aws.s3_bucket.S3Bucket"`
//! reaches code that looks the class up through the package at call time, not a name bound by
//! `from ... import S3Bucket` before the patch. So, once per project (the folder of the nearest
//! `package.json`, `pyproject.toml`, `setup.py`, `requirements.txt` or `go.mod` above a file),
//! the project's test files are read for such mocks, and the result is handed to the transforms
//! through `Context::mocked_modules` while that file is checked or fixed (the engine's
//! `FileFacts`, built by the file's pipeline).
//!
//! Test files: `*.test.*` / `*.spec.*` (TypeScript and JavaScript), any such source under a
//! `__tests__`, `test` or `tests` folder, `test_*.py`, `*_test.py`, `conftest.py`, and manual
//! mocks of a provider package (`__mocks__/@cdktf/provider-aws.ts`), which jest applies to every
//! test of the project without a `jest.mock` call. Git-ignored paths, hidden folders,
//! `node_modules`, virtual environments, build output and nested projects (a folder with a
//! project file of its own) are not read.
//!
//! Pinned versions: the project's `package.json` (`dependencies`, `devDependencies`,
//! `peerDependencies`), `requirements.txt` and `pyproject.toml` (`[project] dependencies`,
//! `[tool.poetry.dependencies]`) are read for provider packages, and a range that allows one
//! major version only (`^9.0.25`, `~9.0`, `9.0.25`, `>=9 <10`, `~=9.0`, `>=9,<10`) gives that
//! major; `*`, `latest`, a URL or an open range give none. They reach the transforms through
//! `Context::provider_majors`: before `@cdktf/provider-aws` 10 the modules are grouped by
//! service, so a per-resource import would not resolve there; and `provider-shapes` applies an
//! upgrade guide's rename only where the pinned package comes from that provider major or later.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use transforms::lang::Lang;
use transforms::style::{Prettier, Style, TrailingComma};

/// The mocks of one project: (mocked module specifier or patch target, the test file that mocks
/// it, as a path relative to the working directory when it is under it).
pub type Mocks = Arc<[(String, String)]>;

/// What is known of one project: its tests' provider mocks, and the major version of each
/// provider package it pins (npm names as written, PyPI names normalized).
#[derive(Debug, Default)]
pub struct Facts {
    pub mocks: Mocks,
    pub provider_majors: Vec<(String, u64)>,
    /// How the project formats its code ([`read_style`]).
    pub style: Style,
    /// The project's CDKTF app, when its root holds a `cdktf.json`.
    pub app: Option<App>,
    /// The prebuilt provider packages its manifests, and those above it, declare
    /// ([`read_declared`]).
    pub declared: transforms::context::Declared,
}

/// A project's `cdktf.json` as `migrate-cdktn` needs it: where `cdktn get` writes the bindings
/// of the providers listed in `terraformProviders`, and the prebuilt provider packages the
/// project's manifests depend on (whose bindings it can generate instead).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct App {
    /// `codeMakerOutput` as a path (the folder of `cdktf.json` joined with it).
    pub bindings: PathBuf,
    /// `codeMakerOutput` as written (`.gen`, `imports`, `generated/imports`).
    pub code_maker_output: String,
    /// The prebuilt CDKTF provider packages the manifests name, by npm name.
    pub providers: Vec<String>,
}

impl App {
    /// What a file at `file` reads of its app: the bindings' folder relative to it.
    pub fn for_file(&self, file: &Path) -> transforms::context::CdktfApp {
        let dir = std::path::absolute(file)
            .ok()
            .and_then(|f| f.parent().map(Path::to_path_buf))
            .unwrap_or_default();
        let rel = relative(&dir, &self.bindings);
        let ts_bindings = if rel.starts_with("../") {
            rel
        } else {
            format!("./{rel}")
        };
        let python_bindings = self.code_maker_output.trim_matches('/').replace('/', ".");
        let dotted = !python_bindings.is_empty()
            && python_bindings
                .split('.')
                .all(|s| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'));
        transforms::context::CdktfApp {
            ts_bindings,
            python_bindings: if dotted {
                python_bindings
            } else {
                String::new()
            },
            providers: self.providers.clone(),
        }
    }
}

/// `to` relative to `from` (both absolute), with `/` separators.
fn relative(from: &Path, to: &Path) -> String {
    let f: Vec<_> = from.components().collect();
    let t: Vec<_> = to.components().collect();
    let common = f.iter().zip(&t).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = vec!["..".to_string(); f.len() - common];
    parts.extend(
        t[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    parts.join("/")
}

/// The `cdktf.json` at `root`, if any, and the prebuilt provider packages its project names.
/// `codeMakerOutput` defaults to `.gen` (CDKTF's default); a Python project's templates set
/// `imports`.
pub fn read_app(root: &Path) -> Option<App> {
    let text = std::fs::read_to_string(root.join("cdktf.json")).ok()?;
    let json: serde_json::Value = serde_json::from_str(&text).ok()?;
    let code_maker_output = json
        .get("codeMakerOutput")
        .and_then(|v| v.as_str())
        .unwrap_or(".gen")
        .to_string();
    let bindings = std::path::absolute(root.join(&code_maker_output)).ok()?;
    Some(App {
        bindings: normalize(&bindings),
        code_maker_output,
        providers: prebuilt_providers(root),
    })
}

/// `a/./b/../c` → `a/c`, without touching the file system.
fn normalize(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// The prebuilt CDKTF provider packages (`@cdktf/provider-*`, PyPI `cdktf-cdktf-provider-*`)
/// that the project at `root` depends on, by npm name, in the order first named.
fn prebuilt_providers(root: &Path) -> Vec<String> {
    let versions = transforms::index::versions::Versions::get();
    let declared = declared_in(root);
    let npm = declared.npm.into_iter().flatten();
    let pypi = declared.pypi.into_iter().flatten();
    let mut found: Vec<String> = Vec::new();
    for name in
        npm.chain(pypi.filter_map(|n| versions.cdktf_by_pypi(&n).map(|p| p.npm.to_string())))
    {
        if name.starts_with("@cdktf/provider-") && !found.contains(&name) {
            found.push(name);
        }
    }
    found
}

/// The prebuilt provider packages declared by the manifests at `root` and in the folders above
/// it, up to the repository's root (the folder holding `.git`) or the file system's: a
/// workspace's packages may be declared by its root `package.json`. See
/// [`transforms::context::Declared`].
pub fn read_declared(root: &Path) -> transforms::context::Declared {
    let mut all = transforms::context::Declared::default();
    let mut unread_python = false;
    for dir in root.ancestors() {
        let here = declared_in(dir);
        for (into, from) in [(&mut all.npm, here.npm), (&mut all.pypi, here.pypi)] {
            if let Some(names) = from {
                into.get_or_insert_with(Vec::new).extend(names);
            }
        }
        unread_python |= dir.join("setup.py").is_file() || dir.join("setup.cfg").is_file();
        if dir.join(".git").exists() {
            break;
        }
    }
    if unread_python {
        all.pypi = None;
    }
    all
}

/// The provider packages the manifests of one folder declare: npm names from `package.json`
/// (every kind of dependency), normalized PyPI names from `requirements*.txt`,
/// `pyproject.toml` ([`pyproject_requirements`]) and `Pipfile`; a list is `None` when no such
/// manifest is there.
fn declared_in(dir: &Path) -> transforms::context::Declared {
    let read = |name: &str| std::fs::read_to_string(dir.join(name)).ok();
    let npm = read("package.json")
        .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
        .map(|json| {
            let sections = [
                "dependencies",
                "devDependencies",
                "peerDependencies",
                "optionalDependencies",
            ];
            sections
                .iter()
                .filter_map(|s| json.get(*s).and_then(|d| d.as_object()))
                .flat_map(|d| d.keys())
                .filter(|n| NPM_PROVIDERS.iter().any(|p| n.starts_with(p)))
                .cloned()
                .collect()
        });
    let mut requirements: Vec<String> = Vec::new();
    let mut python = false;
    let mut files: Vec<String> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| e.file_name().to_str().map(str::to_string))
        .filter(|n| n.starts_with("requirements") && n.ends_with(".txt"))
        .collect();
    files.sort();
    for text in files.iter().filter_map(|f| read(f)) {
        python = true;
        requirements.extend(text.lines().map(str::to_string));
    }
    let pyproject = read("pyproject.toml").and_then(|t| t.parse::<toml::Table>().ok());
    if let Some(names) = pyproject.as_ref().and_then(pyproject_requirements) {
        python = true;
        requirements.extend(names);
    }
    if let Some(doc) = read("Pipfile").and_then(|t| t.parse::<toml::Table>().ok()) {
        python = true;
        let sections = ["packages", "dev-packages"];
        let tables = sections
            .iter()
            .filter_map(|s| doc.get(*s).and_then(|d| d.as_table()));
        requirements.extend(tables.flat_map(|t| t.keys()).cloned());
    }
    transforms::context::Declared {
        npm,
        pypi: python.then(|| {
            requirements
                .iter()
                .filter_map(|r| pep508(r).map(|(n, _)| n))
                .collect()
        }),
    }
}

/// The requirements a `pyproject.toml` declares (PEP 508 strings, or Poetry's bare names):
/// `[project]` dependencies and optional dependencies, `[dependency-groups]`, Poetry's
/// dependencies, dev-dependencies and groups; `None` when it has none of these tables (a file
/// that only configures tools declares nothing).
fn pyproject_requirements(doc: &toml::Table) -> Option<Vec<String>> {
    let strings = |v: Option<&toml::Value>| -> Vec<String> {
        v.and_then(|v| v.as_array())
            .into_iter()
            .flatten()
            .filter_map(|d| d.as_str().map(str::to_string))
            .collect()
    };
    let project = doc.get("project");
    let groups = doc.get("dependency-groups").and_then(|g| g.as_table());
    let poetry = doc
        .get("tool")
        .and_then(|t| t.get("poetry"))
        .and_then(|p| p.as_table());
    if project.is_none() && groups.is_none() && poetry.is_none() {
        return None;
    }
    let mut names = Vec::new();
    if let Some(project) = project {
        names.extend(strings(project.get("dependencies")));
        let optional = project
            .get("optional-dependencies")
            .and_then(|o| o.as_table());
        for list in optional.into_iter().flat_map(|t| t.values()) {
            names.extend(strings(Some(list)));
        }
    }
    for list in groups.into_iter().flat_map(|t| t.values()) {
        names.extend(strings(Some(list)));
    }
    if let Some(poetry) = poetry {
        let group_tables = poetry
            .get("group")
            .and_then(|g| g.as_table())
            .into_iter()
            .flat_map(|g| g.values())
            .filter_map(|g| g.get("dependencies").and_then(|d| d.as_table()));
        let tables = ["dependencies", "dev-dependencies"]
            .iter()
            .filter_map(|k| poetry.get(*k).and_then(|d| d.as_table()))
            .chain(group_tables);
        names.extend(tables.flat_map(|t| t.keys()).cloned());
    }
    Some(names)
}

/// The files that make a folder a project's root (besides a `*.csproj`): the nearest one above a
/// file says which project the file belongs to, for the mock scan and for migrating a project
/// all or nothing (`crate::projects`).
pub const PROJECT_FILES: &[&str] = &[
    "package.json",
    "pyproject.toml",
    "setup.py",
    "requirements.txt",
    "Pipfile",
    "go.mod",
    "pom.xml",
    "build.gradle",
    "build.gradle.kts",
];

/// Whether `dir` holds a project file ([`PROJECT_FILES`] or a `*.csproj`).
pub fn is_project_root(dir: &Path) -> bool {
    PROJECT_FILES.iter().any(|f| dir.join(f).is_file())
        || std::fs::read_dir(dir).is_ok_and(|entries| {
            entries.flatten().any(|e| {
                e.file_name()
                    .to_str()
                    .is_some_and(|n| n.ends_with(".csproj"))
                    && e.path().is_file()
            })
        })
}

/// Folders never read for tests.
const SKIPPED_DIRS: &[&str] = &[
    "node_modules",
    "cdktf.out",
    "cdktn.out",
    ".gen",
    "dist",
    "build",
    "venv",
    ".venv",
    "__pycache__",
    "target",
];

/// A test file larger than this is not read (a generated snapshot, not a test).
const MAX_TEST_FILE: u64 = 2 << 20;

/// The calls whose first argument names a mocked (or partly real) JavaScript module.
const JS_CALLS: &[&str] = &[
    "jest.mock(",
    "jest.doMock(",
    "jest.requireActual(",
    "jest.requireMock(",
    "jest.createMockFromModule(",
    "jest.unstable_mockModule(",
    "vi.mock(",
    "vi.doMock(",
    "vi.importActual(",
    "vi.importMock(",
];

/// The calls whose first argument is a dotted path Python replaces (`mock.patch`, `patch`,
/// `mocker.patch`, `patch.dict`, `monkeypatch.setattr`).
const PY_CALLS: &[&str] = &["patch(", "patch.dict(", "setattr("];

/// The nearest folder above `file` that holds a project file, if any. Looked up once per
/// folder (until [`forget`]): a folder's files share it, and each lookup asks the file system
/// about a dozen names in every folder up to the root (a fifth of `check`'s instructions on a
/// tree without project files, before this was kept).
pub fn project_root(file: &Path) -> Option<PathBuf> {
    let file = std::path::absolute(file).ok()?;
    let dir = file.parent()?;
    if let Some(known) = lock_roots().get(dir) {
        return known.clone();
    }
    let root = dir
        .ancestors()
        .find(|dir| is_project_root(dir))
        .map(Path::to_path_buf);
    lock_roots().insert(dir.to_path_buf(), root.clone());
    root
}

/// [`project_root`] by folder.
static ROOTS: OnceLock<Mutex<HashMap<PathBuf, Option<PathBuf>>>> = OnceLock::new();

fn lock_roots() -> std::sync::MutexGuard<'static, HashMap<PathBuf, Option<PathBuf>>> {
    ROOTS
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner())
}

/// Whether the code the transforms write into a file of `lang` follows the project's style
/// ([`read_style`]): TypeScript and Python, whatever the transform.
pub fn reads_style(lang: Lang) -> bool {
    matches!(lang, Lang::TypeScript | Lang::Tsx | Lang::Python)
}

/// The facts read so far, by project root.
type Slots = HashMap<PathBuf, Arc<OnceLock<Arc<Facts>>>>;
static CACHE: OnceLock<Mutex<Slots>> = OnceLock::new();
/// The styles read so far (facts with nothing but the style), by project root.
static STYLES: OnceLock<Mutex<Slots>> = OnceLock::new();

fn cache() -> std::sync::MutexGuard<'static, Slots> {
    lock(&CACHE)
}

fn lock(cache: &'static OnceLock<Mutex<Slots>>) -> std::sync::MutexGuard<'static, Slots> {
    cache
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner())
}

/// The style of the project `file` belongs to, as facts that know nothing else (no test scan):
/// for a file no transform that reads the rest of the project looks at. Read once per project
/// root (until [`forget`]).
pub fn style_for(file: &Path) -> Arc<Facts> {
    let Some(root) = project_root(file) else {
        // Outside any project: the style found up from the file's folder, read once per folder
        // (no project root is a folder without one, so the two never share a key).
        let Some(dir) = std::path::absolute(file)
            .ok()
            .and_then(|f| f.parent().map(Path::to_path_buf))
        else {
            return Arc::default();
        };
        let slot = lock(&STYLES).entry(dir.clone()).or_default().clone();
        return slot
            .get_or_init(|| {
                Arc::new(Facts {
                    style: read_style(&dir),
                    ..Facts::default()
                })
            })
            .clone();
    };
    let slot = lock(&STYLES).entry(root.clone()).or_default().clone();
    slot.get_or_init(|| {
        Arc::new(Facts {
            style: read_style(&root),
            ..Facts::default()
        })
    })
    .clone()
}

/// What is known of the project `file` belongs to, read once per project root (until
/// [`forget`]).
pub fn facts_for(file: &Path) -> Arc<Facts> {
    let Some(root) = project_root(file) else {
        // No project: no tests, no pins; the formatter's configuration may still be above it.
        return style_for(file);
    };
    let slot = cache().entry(root.clone()).or_default().clone();
    // Outside the lock: another project's scan does not wait for this one.
    slot.get_or_init(|| {
        Arc::new(Facts {
            mocks: scan(&root),
            provider_majors: pinned_majors(&root),
            style: read_style(&root),
            app: read_app(&root),
            declared: read_declared(&root),
        })
    })
    .clone()
}

/// Forgets every project's facts: the next file of a project reads them again. A run reads
/// them once; the language server, which outlives edits to tests and manifests, forgets them
/// when a file is saved.
pub fn forget() {
    cache().clear();
    lock(&STYLES).clear();
    lock_roots().clear();
}

/// Every mock of a provider package in the test files under `root`, in path order.
pub fn scan(root: &Path) -> Mocks {
    let cwd = std::env::current_dir().ok();
    let shown = |p: &Path| -> String {
        cwd.as_deref()
            .and_then(|c| p.strip_prefix(c).ok())
            .unwrap_or(p)
            .to_string_lossy()
            .replace('\\', "/")
    };
    let walk = ignore::WalkBuilder::new(root)
        .filter_entry(|e| {
            let is_dir = e.file_type().is_some_and(|t| t.is_dir());
            // A folder that is a project of its own (a package of a monorepo) has its own tests.
            !(is_dir
                && (e
                    .file_name()
                    .to_str()
                    .is_some_and(|n| SKIPPED_DIRS.contains(&n))
                    || (e.depth() > 0 && is_project_root(e.path()))))
        })
        .sort_by_file_path(|a, b| a.cmp(b))
        .build();
    let mut found = Vec::new();
    for entry in walk.flatten() {
        let path = entry.path();
        if !entry.file_type().is_some_and(|t| t.is_file()) {
            continue;
        }
        let Some(kind) = test_kind(path.strip_prefix(root).unwrap_or(path)) else {
            continue;
        };
        if entry.metadata().is_ok_and(|m| m.len() > MAX_TEST_FILE) {
            continue;
        }
        let mocked = match kind {
            TestKind::ManualMock(module) => vec![module],
            TestKind::JavaScript | TestKind::Python => {
                let Ok(text) = std::fs::read_to_string(path) else {
                    continue;
                };
                if matches!(kind, TestKind::Python) {
                    mocked_in(
                        &text,
                        PY_CALLS,
                        &["cdktf_cdktf_provider_", "cdktn_provider_"],
                    )
                } else {
                    mocked_in(&text, JS_CALLS, &["@cdktf/provider-", "@cdktn/provider-"])
                }
            }
        };
        for module in mocked {
            found.push((module, shown(path)));
        }
    }
    found.into()
}

enum TestKind {
    JavaScript,
    Python,
    /// A manual mock of the npm module it names (`__mocks__/@cdktf/provider-aws.ts`).
    ManualMock(String),
}

const JS_EXTS: &[&str] = &["ts", "tsx", "mts", "cts", "js", "jsx", "mjs", "cjs"];

/// Whether `rel` (a path under the project root) is a test file, and of which kind.
fn test_kind(rel: &Path) -> Option<TestKind> {
    let name = rel.file_name()?.to_str()?;
    let (stem, ext) = name.rsplit_once('.')?;
    let dirs: Vec<&str> = rel
        .parent()
        .into_iter()
        .flat_map(|p| p.iter())
        .filter_map(|c| c.to_str())
        .collect();
    let in_test_dir = dirs
        .iter()
        .any(|d| matches!(*d, "__tests__" | "test" | "tests"));
    if ext == "py" {
        let test = stem.starts_with("test_") || stem.ends_with("_test") || stem == "conftest";
        return (test || in_test_dir).then_some(TestKind::Python);
    }
    if !JS_EXTS.contains(&ext) {
        return None;
    }
    if let Some(i) = dirs.iter().position(|d| *d == "__mocks__") {
        // `__mocks__/@cdktf/provider-aws.ts` or `__mocks__/@cdktf/provider-aws/index.ts`.
        let mut parts: Vec<&str> = dirs[i + 1..].to_vec();
        if stem != "index" {
            parts.push(stem);
        }
        let module = parts.join("/");
        if module.starts_with("@cdktf/provider-") || module.starts_with("@cdktn/provider-") {
            return Some(TestKind::ManualMock(module));
        }
    }
    let test = [".test", ".spec"].iter().any(|s| stem.ends_with(s));
    (test || in_test_dir).then_some(TestKind::JavaScript)
}

/// The first string argument of each of `calls` in `text` that starts with one of `prefixes`.
fn mocked_in(text: &str, calls: &[&str], prefixes: &[&str]) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    for call in calls {
        for (at, _) in text.match_indices(call) {
            // `patch(` inside `mock.patch(` is meant, `unpatch(` is not.
            let before = text[..at].chars().next_back();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                continue;
            }
            let rest = text[at + call.len()..].trim_start();
            let Some(quote) = rest
                .chars()
                .next()
                .filter(|c| matches!(c, '"' | '\'' | '`'))
            else {
                continue;
            };
            let Some(end) = rest[1..].find(quote) else {
                continue;
            };
            let module = &rest[1..1 + end];
            if prefixes.iter().any(|p| module.starts_with(p)) && !found.iter().any(|m| m == module)
            {
                found.push(module.to_string());
            }
        }
    }
    found
}

/// Prettier's configuration files, in the order it looks for them in each folder from the
/// formatted file up (<https://prettier.io/docs/configuration>): `package.json` and
/// `package.yaml` count only with a `prettier` key.
pub const PRETTIER_FILES: &[&str] = &[
    "package.json",
    "package.yaml",
    ".prettierrc",
    ".prettierrc.json",
    ".prettierrc.yaml",
    ".prettierrc.yml",
    ".prettierrc.json5",
    ".prettierrc.js",
    ".prettierrc.ts",
    ".prettierrc.mjs",
    ".prettierrc.mts",
    ".prettierrc.cjs",
    ".prettierrc.cts",
    "prettier.config.js",
    "prettier.config.ts",
    "prettier.config.mjs",
    "prettier.config.mts",
    "prettier.config.cjs",
    "prettier.config.cts",
    ".prettierrc.toml",
];

/// How the project at `root` formats its code: its prettier options (the configuration prettier
/// would find for a file at the root, searching up from it; prettier among the dependencies of
/// its `package.json` without one: prettier's defaults) and its Python line length
/// ([`python_line_length`]).
pub fn read_style(root: &Path) -> Style {
    Style {
        prettier: prettier_options(root),
        python_line_length: python_line_length(root),
    }
}

/// The prettier options of the project at `root`, when it uses prettier. A configuration that
/// cannot be read here (JavaScript, a shared configuration named by a string) counts as
/// prettier's defaults.
fn prettier_options(root: &Path) -> Option<Prettier> {
    for dir in root.ancestors() {
        for name in PRETTIER_FILES {
            let path = dir.join(name);
            if !path.is_file() {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            let config = match *name {
                "package.json" => {
                    match serde_json::from_str::<serde_json::Value>(&text)
                        .ok()
                        .and_then(|mut v| v.get_mut("prettier").map(serde_json::Value::take))
                    {
                        Some(c) => Some(c),
                        None => continue,
                    }
                }
                "package.yaml" => {
                    match serde_yaml::from_str::<serde_json::Value>(&text)
                        .ok()
                        .and_then(|mut v| v.get_mut("prettier").map(serde_json::Value::take))
                    {
                        Some(c) => Some(c),
                        None => continue,
                    }
                }
                ".prettierrc.toml" => toml::from_str::<toml::Value>(&text)
                    .ok()
                    .and_then(|v| serde_json::to_value(v).ok()),
                // JSON or YAML (`.prettierrc`), JSON5: JSON is YAML, and so is most JSON5.
                n if n.ends_with("rc")
                    || n.ends_with(".json")
                    || n.ends_with(".json5")
                    || n.ends_with(".yaml")
                    || n.ends_with(".yml") =>
                {
                    serde_json::from_str::<serde_json::Value>(&text)
                        .ok()
                        .or_else(|| serde_yaml::from_str::<serde_json::Value>(&text).ok())
                }
                _ => None,
            };
            return Some(config.map_or_else(Prettier::default, |c| prettier_from(&c)));
        }
    }
    // No configuration: prettier's defaults when the project depends on it.
    let json = std::fs::read_to_string(root.join("package.json"))
        .ok()
        .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())?;
    let depends = ["dependencies", "devDependencies"]
        .iter()
        .any(|s| json.get(s).and_then(|d| d.get("prettier")).is_some());
    depends.then(Prettier::default)
}

/// Prettier's options from a configuration object, with its `overrides` for TypeScript files
/// (`*.ts`, `*.{ts,tsx}`, `**/*.ts`: patterns a TypeScript file matches by its name) applied.
fn prettier_from(config: &serde_json::Value) -> Prettier {
    let mut p = Prettier::default();
    apply_prettier(&mut p, config);
    for o in config
        .get("overrides")
        .and_then(|o| o.as_array())
        .into_iter()
        .flatten()
    {
        let globs = |key: &str| -> Vec<String> {
            match o.get(key) {
                Some(serde_json::Value::String(s)) => vec![s.clone()],
                Some(serde_json::Value::Array(a)) => a
                    .iter()
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect(),
                _ => Vec::new(),
            }
        };
        let matches = |patterns: Vec<String>| {
            patterns.iter().any(|g| {
                globset::GlobBuilder::new(g)
                    .literal_separator(false)
                    .build()
                    .is_ok_and(|g| {
                        let m = g.compile_matcher();
                        m.is_match("main.ts") || m.is_match("main.tsx")
                    })
            })
        };
        if matches(globs("files")) && !matches(globs("excludeFiles")) {
            if let Some(options) = o.get("options") {
                apply_prettier(&mut p, options);
            }
        }
    }
    p
}

fn apply_prettier(p: &mut Prettier, c: &serde_json::Value) {
    let num = |k: &str| c.get(k).and_then(|v| v.as_u64()).map(|n| n as usize);
    let flag = |k: &str| c.get(k).and_then(|v| v.as_bool());
    if let Some(n) = num("printWidth") {
        p.print_width = n;
    }
    if let Some(n) = num("tabWidth") {
        p.tab_width = n;
    }
    if let Some(b) = flag("useTabs") {
        p.use_tabs = b;
    }
    if let Some(b) = flag("semi") {
        p.semi = b;
    }
    if let Some(b) = flag("singleQuote") {
        p.single_quote = b;
    }
    if let Some(b) = flag("bracketSpacing") {
        p.bracket_spacing = b;
    }
    match c.get("objectWrap").and_then(|v| v.as_str()) {
        Some("preserve") => p.object_wrap_preserve = true,
        Some("collapse") => p.object_wrap_preserve = false,
        _ => {}
    }
    match c.get("trailingComma").and_then(|v| v.as_str()) {
        Some("all") => p.trailing_comma = TrailingComma::All,
        Some("es5") => p.trailing_comma = TrailingComma::Es5,
        Some("none") => p.trailing_comma = TrailingComma::None,
        _ => {}
    }
}

/// The line length of the Python formatter of the project at `root`: `line-length` of
/// `[tool.black]`, else of `[tool.ruff]`, in the nearest `pyproject.toml` (or of a `ruff.toml` /
/// `.ruff.toml`) from the root up to its repository's root; 88, black's default, for a
/// `[tool.black]` table without one, and for a project that lists black among its dependencies
/// or pre-commit hooks ([`uses_black`]). `None`: no formatter's length is known (code written
/// into the file then keeps to one line where it did before; imports still break at 88).
pub fn python_line_length(root: &Path) -> Option<usize> {
    configured_line_length(root)
        .or_else(|| uses_black(root).then_some(transforms::style::BLACK_LINE_LENGTH))
}

/// The line length the Python formatter's configuration sets ([`python_line_length`]).
fn configured_line_length(root: &Path) -> Option<usize> {
    for dir in root.ancestors() {
        for name in [".ruff.toml", "ruff.toml", "pyproject.toml"] {
            let Some(table) = std::fs::read_to_string(dir.join(name))
                .ok()
                .and_then(|t| t.parse::<toml::Table>().ok())
            else {
                continue;
            };
            let length = |t: Option<&toml::Value>| {
                t.and_then(|t| t.get("line-length"))
                    .and_then(|v| v.as_integer())
                    .and_then(|n| usize::try_from(n).ok())
            };
            if name != "pyproject.toml" {
                return length(Some(&toml::Value::Table(table)));
            }
            let tool = table.get("tool");
            let black = tool.and_then(|t| t.get("black"));
            let ruff = tool.and_then(|t| t.get("ruff"));
            if black.is_some() || ruff.is_some() {
                // A `[tool.black]` table says the project formats with black, a
                // `[tool.ruff.format]` table that it formats with ruff's formatter (black's
                // style, and black's 88 by default): their line length, else that default.
                // (`[tool.ruff]` alone may configure the linter only.)
                let formats = black.is_some() || ruff.is_some_and(|r| r.get("format").is_some());
                return length(black)
                    .or_else(|| length(ruff))
                    .or(formats.then_some(transforms::style::BLACK_LINE_LENGTH));
            }
            // Black reads the nearest pyproject.toml only.
            return None;
        }
        if dir.join(".git").exists() {
            break;
        }
    }
    None
}

/// Whether the project at `root` formats with black without a `[tool.black]` table (so at
/// black's defaults): black among its development dependencies (`requirements*.txt`, Pipfile,
/// pyproject's `[project.optional-dependencies]`, `[dependency-groups]`, Poetry's dev
/// dependencies and groups) or a black hook (`psf/black`, `psf/black-pre-commit-mirror`, or
/// ruff's `ruff-format`, which prints black's style) in the `.pre-commit-config.yaml` of the
/// project or of a folder above it up to its repository's root.
fn uses_black(root: &Path) -> bool {
    let is_black = |requirement: &str| requirement_name(requirement).as_deref() == Some("black");
    let read = |name: &str| std::fs::read_to_string(root.join(name)).ok();
    let requirements = std::fs::read_dir(root).into_iter().flatten().flatten();
    for entry in requirements {
        let name = entry.file_name().to_string_lossy().to_string();
        if name.starts_with("requirements") && name.ends_with(".txt") {
            let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
            if text.lines().any(is_black) {
                return true;
            }
        }
    }
    let keys = |t: Option<&toml::Value>| -> bool {
        t.and_then(|t| t.as_table()).is_some_and(|t| {
            t.keys()
                .any(|k| transforms::index::versions::normalize_pypi(k) == "black")
        })
    };
    let lists = |t: Option<&toml::Value>| -> bool {
        t.and_then(|t| t.as_table()).is_some_and(|groups| {
            groups
                .values()
                .filter_map(|g| g.as_array())
                .flatten()
                .filter_map(|r| r.as_str())
                .any(is_black)
        })
    };
    if let Some(pipfile) = read("Pipfile").and_then(|t| t.parse::<toml::Table>().ok()) {
        if keys(pipfile.get("dev-packages")) || keys(pipfile.get("packages")) {
            return true;
        }
    }
    if let Some(doc) = read("pyproject.toml").and_then(|t| t.parse::<toml::Table>().ok()) {
        let project = doc.get("project");
        let poetry = doc.get("tool").and_then(|t| t.get("poetry"));
        let groups = poetry
            .and_then(|p| p.get("group"))
            .and_then(|g| g.as_table());
        if lists(project.and_then(|p| p.get("optional-dependencies")))
            || lists(doc.get("dependency-groups"))
            || keys(poetry.and_then(|p| p.get("dev-dependencies")))
            || groups.is_some_and(|g| g.values().any(|g| keys(g.get("dependencies"))))
        {
            return true;
        }
    }
    for dir in root.ancestors() {
        let hooks = std::fs::read_to_string(dir.join(".pre-commit-config.yaml"))
            .ok()
            .and_then(|t| serde_yaml::from_str::<serde_json::Value>(&t).ok());
        let repos = hooks.as_ref().and_then(|h| h.get("repos"));
        let black = repos
            .and_then(|r| r.as_array())
            .into_iter()
            .flatten()
            .any(|r| {
                let url = r.get("repo").and_then(|u| u.as_str()).unwrap_or_default();
                let url = url.trim_end_matches('/').trim_end_matches(".git");
                // ruff's formatter prints black's style, at black's 88 by default.
                let ruff_format = url.ends_with("/astral-sh/ruff-pre-commit")
                    && r.get("hooks")
                        .and_then(|h| h.as_array())
                        .is_some_and(|hooks| {
                            hooks.iter().any(|h| {
                                h.get("id").and_then(|i| i.as_str()) == Some("ruff-format")
                            })
                        });
                url.ends_with("/psf/black")
                    || url.ends_with("/psf/black-pre-commit-mirror")
                    || ruff_format
            });
        if black {
            return true;
        }
        if dir.join(".git").exists() {
            break;
        }
    }
    false
}

/// The normalized distribution name a requirement (`black==24.3.0`, `black[jupyter]>=24 ;
/// python_version >= "3.9"`) names; `None` for an option (`-r other.txt`), a URL or a comment.
fn requirement_name(line: &str) -> Option<String> {
    let line = line.split('#').next()?.trim();
    let end = line
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
        .unwrap_or(line.len());
    let rest = line[end..].trim_start();
    if end == 0 || rest.starts_with(':') || rest.starts_with('/') {
        return None;
    }
    Some(transforms::index::versions::normalize_pypi(&line[..end]))
}

/// The npm provider packages, by scope.
const NPM_PROVIDERS: &[&str] = &["@cdktf/provider-", "@cdktn/provider-"];
/// The PyPI provider distributions, normalized.
const PYPI_PROVIDERS: &[&str] = &["cdktf-cdktf-provider-", "cdktn-provider-"];

/// The major version of each provider package the project at `root` pins to one major, from
/// its `package.json`, `requirements.txt` and `pyproject.toml`, in that order, each package
/// once (the first file that pins it).
pub fn pinned_majors(root: &Path) -> Vec<(String, u64)> {
    let mut found: Vec<(String, u64)> = Vec::new();
    let mut add = |name: String, range: &str| {
        if found.iter().any(|(n, _)| *n == name) {
            return;
        }
        if let Some(major) = range_major(range) {
            found.push((name, major));
        }
    };
    let read = |name: &str| std::fs::read_to_string(root.join(name)).ok();
    if let Some(json) =
        read("package.json").and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
    {
        for section in ["dependencies", "devDependencies", "peerDependencies"] {
            let Some(deps) = json.get(section).and_then(|d| d.as_object()) else {
                continue;
            };
            for (name, range) in deps {
                if let (true, Some(range)) = (
                    NPM_PROVIDERS.iter().any(|p| name.starts_with(p)),
                    range.as_str(),
                ) {
                    add(name.clone(), range);
                }
            }
        }
    }
    let mut python = |requirement: &str| {
        if let Some((name, range)) = pep508(requirement) {
            add(name, range);
        }
    };
    if let Some(text) = read("requirements.txt") {
        for line in text.lines() {
            python(line);
        }
    }
    if let Some(doc) = read("pyproject.toml").and_then(|t| t.parse::<toml::Table>().ok()) {
        let deps = doc
            .get("project")
            .and_then(|p| p.get("dependencies"))
            .and_then(|d| d.as_array());
        for dep in deps.into_iter().flatten().filter_map(|d| d.as_str()) {
            python(dep);
        }
        let poetry = doc
            .get("tool")
            .and_then(|t| t.get("poetry"))
            .and_then(|p| p.get("dependencies"))
            .and_then(|d| d.as_table());
        for (name, spec) in poetry.into_iter().flatten() {
            let name = transforms::index::versions::normalize_pypi(name);
            let range = match spec {
                toml::Value::String(s) => Some(s.as_str()),
                toml::Value::Table(t) => t.get("version").and_then(|v| v.as_str()),
                _ => None,
            };
            if let (true, Some(range)) = (PYPI_PROVIDERS.iter().any(|p| name.starts_with(p)), range)
            {
                add(name, range);
            }
        }
    }
    // Pipenv's Pipfile ("*" pins nothing), then the lockfiles: a manifest that allows any
    // version (`"*"`, `>=5`) leaves the installed one to the lock.
    let mut pypi = |name: &str, range: &str| {
        let name = transforms::index::versions::normalize_pypi(name);
        if PYPI_PROVIDERS.iter().any(|p| name.starts_with(p)) {
            add(name, range);
        }
    };
    if let Some(doc) = read("Pipfile").and_then(|t| t.parse::<toml::Table>().ok()) {
        for section in ["packages", "dev-packages"] {
            for (name, spec) in doc
                .get(section)
                .and_then(|d| d.as_table())
                .into_iter()
                .flatten()
            {
                let range = match spec {
                    toml::Value::String(s) => Some(s.as_str()),
                    toml::Value::Table(t) => t.get("version").and_then(|v| v.as_str()),
                    _ => None,
                };
                if let Some(range) = range {
                    pypi(name, range);
                }
            }
        }
    }
    if let Some(json) =
        read("Pipfile.lock").and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
    {
        for section in ["default", "develop"] {
            for (name, entry) in json
                .get(section)
                .and_then(|d| d.as_object())
                .into_iter()
                .flatten()
            {
                if let Some(version) = entry.get("version").and_then(|v| v.as_str()) {
                    pypi(name, version);
                }
            }
        }
    }
    if let Some(doc) = read("poetry.lock").and_then(|t| t.parse::<toml::Table>().ok()) {
        for package in doc
            .get("package")
            .and_then(|p| p.as_array())
            .into_iter()
            .flatten()
        {
            if let (Some(name), Some(version)) = (
                package.get("name").and_then(|n| n.as_str()),
                package.get("version").and_then(|v| v.as_str()),
            ) {
                pypi(name, &format!("=={version}"));
            }
        }
    }
    if let Some(json) =
        read("package-lock.json").and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
    {
        // lockfileVersion 2 and 3: "packages" keyed by install path; 1: "dependencies".
        let installed = json
            .get("packages")
            .and_then(|p| p.as_object())
            .into_iter()
            .flatten()
            .filter_map(|(path, entry)| Some((path.strip_prefix("node_modules/")?, entry)))
            .chain(
                json.get("dependencies")
                    .and_then(|d| d.as_object())
                    .into_iter()
                    .flatten()
                    .map(|(name, entry)| (name.as_str(), entry)),
            );
        for (name, entry) in installed {
            if NPM_PROVIDERS.iter().any(|p| name.starts_with(p)) {
                if let Some(version) = entry.get("version").and_then(|v| v.as_str()) {
                    add(name.to_string(), version);
                }
            }
        }
    }
    found
}

/// A PEP 508 requirement of a provider distribution (`cdktf-cdktf-provider-aws>=9,<10 ; ...`):
/// its normalized name and its version specifier.
fn pep508(line: &str) -> Option<(String, &str)> {
    let line = line.split('#').next()?.split(';').next()?.trim();
    let end = line
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
        .unwrap_or(line.len());
    let name = transforms::index::versions::normalize_pypi(&line[..end]);
    if !PYPI_PROVIDERS.iter().any(|p| name.starts_with(p)) {
        return None;
    }
    let mut rest = line[end..].trim_start();
    if rest.starts_with('[') {
        rest = &rest[rest.find(']')? + 1..];
    }
    let rest = rest.trim().trim_start_matches('(').trim_end_matches(')');
    Some((name, rest))
}

/// The one major version a version range allows, if it allows exactly one: npm ranges
/// (`^9.0.25`, `~9.0`, `9.0.25`, `9.x`, `>=9 <10`, `9.0.0 - 9.5.0`, `^9 || ~9.1`, an
/// `npm:pkg@^9` alias), Poetry's (`^9.0`) and PEP 440 specifiers (`==9.0.40`, `~=9.0`,
/// `>=9,<10`, `==9.*`). `*`, `latest`, a URL, a git or file reference, and a range open above or
/// spanning majors give none.
pub fn range_major(range: &str) -> Option<u64> {
    let mut range = range.trim();
    if let Some(alias) = range.strip_prefix("npm:") {
        range = &alias[alias.rfind('@')? + 1..];
    }
    if range.is_empty() || range.contains([':', '/']) {
        return None;
    }
    let mut majors = range.split("||").map(alternative_major);
    let first = majors.next()??;
    majors.all(|m| m == Some(first)).then_some(first)
}

/// The one major one alternative of a range (comparators that all hold) allows.
fn alternative_major(alt: &str) -> Option<u64> {
    // A hyphen range: `9.0.0 - 9.5.0`.
    if let Some((lo, hi)) = alt.split_once(" - ") {
        let (lo, hi) = (version_major(lo.trim())?.0?, version_major(hi.trim())?.0?);
        return (lo == hi).then_some(lo);
    }
    let (mut lo, mut hi) = (0u64, u64::MAX);
    let mut tokens: Vec<String> = Vec::new();
    for t in alt.split([' ', ',']).filter(|t| !t.is_empty()) {
        // `>= 9`: an operator on its own belongs to the version after it.
        match tokens.last_mut() {
            Some(last) if last.chars().all(|c| "<>=~^!".contains(c)) => last.push_str(t),
            _ => tokens.push(t.to_string()),
        }
    }
    if tokens.is_empty() {
        return None;
    }
    for token in &tokens {
        let op_len = token
            .find(|c: char| !"<>=~^!".contains(c))
            .unwrap_or(token.len());
        let (op, version) = token.split_at(op_len);
        let (major, exact_major) = version_major(version)?;
        let (l, h) = match (op, major) {
            ("!=", _) => continue,
            (_, None) => (0, u64::MAX),
            ("" | "=" | "==" | "===" | "^" | "~" | "~=", Some(m)) => (m, m),
            (">=", Some(m)) => (m, u64::MAX),
            (">", Some(m)) => (if exact_major { m + 1 } else { m }, u64::MAX),
            ("<=", Some(m)) => (0, m),
            // `<10`, `<10.0.0`: below major 10; `<10.2`: major 10 too.
            ("<", Some(m)) if exact_major => (0, m.checked_sub(1)?),
            ("<", Some(m)) => (0, m),
            _ => return None,
        };
        lo = lo.max(l);
        hi = hi.min(h);
    }
    (lo == hi).then_some(lo)
}

/// The major of a version (`v9.0.25`, `9`, `9.x`, `9.*`; `None` for a wildcard major), and
/// whether the version is that major exactly with nothing above zero after it (`10`,
/// `10.0.0`: the first release of the major). Not a version: `None`.
fn version_major(version: &str) -> Option<(Option<u64>, bool)> {
    let version = version.trim_start_matches(['v', 'V']);
    let mut parts = version.split(['.', '-', '+']);
    let major = parts.next()?;
    if matches!(major, "x" | "X" | "*") {
        return Some((None, false));
    }
    if major.is_empty() || !major.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let exact = version
        .split(['-', '+'])
        .next()?
        .split('.')
        .skip(1)
        .all(|p| p.bytes().all(|b| b == b'0'));
    Some((Some(major.parse().ok()?), exact))
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_cdktf_json_gives_each_file_its_bindings_path() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::write(
            d.join("cdktf.json"),
            r#"{"language": "typescript", "app": "x"}"#,
        )
        .unwrap();
        std::fs::write(
            d.join("package.json"),
            r#"{"dependencies": {"@cdktf/provider-null": "11.0.1", "cdktf": "0.21.0"}}"#,
        )
        .unwrap();
        let app = read_app(d).unwrap();
        assert_eq!(app.providers, vec!["@cdktf/provider-null".to_string()]);
        assert_eq!(app.for_file(&d.join("src/main.ts")).ts_bindings, "../.gen");
        assert_eq!(app.for_file(&d.join("main.ts")).ts_bindings, "./.gen");
        assert_eq!(app.for_file(&d.join("main.ts")).python_bindings, "");

        std::fs::write(
            d.join("cdktf.json"),
            r#"{"language": "python", "app": "python main.py", "codeMakerOutput": "imports"}"#,
        )
        .unwrap();
        std::fs::remove_file(d.join("package.json")).unwrap();
        std::fs::write(
            d.join("requirements.txt"),
            "cdktf-cdktf-provider-tls==11.0.1\n",
        )
        .unwrap();
        let app = read_app(d).unwrap();
        assert_eq!(app.providers, vec!["@cdktf/provider-tls".to_string()]);
        let file = app.for_file(&d.join("stacks/x.py"));
        assert_eq!(file.python_bindings, "imports");
        assert_eq!(file.ts_bindings, "../imports");
        assert!(read_app(&d.join("stacks")).is_none());
    }

    use super::*;

    #[test]
    fn finds_jest_vitest_and_python_mocks_of_provider_packages_only() {
        let ts = r#"
jest.mock("@cdktf/provider-aws", () => ({}));
jest.mock('constructs');
const real = jest.requireActual(
  '@cdktf/provider-aws/lib/s3-bucket'
);
vi.mock(`@cdktn/provider-random`);
myjest.mock("@cdktf/provider-null");
"#;
        assert_eq!(
            mocked_in(ts, JS_CALLS, &["@cdktf/provider-", "@cdktn/provider-"]),
            [
                "@cdktf/provider-aws",
                "@cdktf/provider-aws/lib/s3-bucket",
                "@cdktn/provider-random"
            ]
        );
        let py = r#"
@mock.patch("cdktf_cdktf_provider_aws.s3_bucket.S3Bucket")
def test_x(m): ...
with patch('os.path.exists'): ...
monkeypatch.setattr("cdktn_provider_aws.vpc.Vpc", Fake)
unpatch("cdktf_cdktf_provider_aws.vpc.Vpc")
"#;
        assert_eq!(
            mocked_in(py, PY_CALLS, &["cdktf_cdktf_provider_", "cdktn_provider_"]),
            [
                "cdktf_cdktf_provider_aws.s3_bucket.S3Bucket",
                "cdktn_provider_aws.vpc.Vpc"
            ]
        );
    }

    #[test]
    fn test_files_are_recognised_by_name_and_folder() {
        let kind = |p: &str| match test_kind(Path::new(p)) {
            None => "-".to_string(),
            Some(TestKind::JavaScript) => "js".into(),
            Some(TestKind::Python) => "py".into(),
            Some(TestKind::ManualMock(m)) => m,
        };
        assert_eq!(kind("main.test.ts"), "js");
        assert_eq!(kind("src/stack.spec.js"), "js");
        assert_eq!(kind("__tests__/stack.ts"), "js");
        assert_eq!(kind("test/helpers.ts"), "js");
        assert_eq!(kind("main.ts"), "-");
        assert_eq!(kind("tests/test_stack.py"), "py");
        assert_eq!(kind("stack_test.py"), "py");
        assert_eq!(kind("conftest.py"), "py");
        assert_eq!(kind("stack.py"), "-");
        assert_eq!(kind("test/fixture.json"), "-");
        assert_eq!(
            kind("__mocks__/@cdktf/provider-aws.ts"),
            "@cdktf/provider-aws"
        );
        assert_eq!(
            kind("__mocks__/@cdktf/provider-aws/index.js"),
            "@cdktf/provider-aws"
        );
        assert_eq!(kind("__mocks__/fs.ts"), "-");
    }

    #[test]
    fn a_folder_s_project_root_is_looked_up_once() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("app");
        std::fs::create_dir_all(root.join("src")).unwrap();
        std::fs::create_dir_all(root.join("lib")).unwrap();
        let outside = project_root(&root.join("src/a.ts"));
        assert!(
            outside.as_ref().is_none_or(|r| !r.starts_with(dir.path())),
            "{outside:?}"
        );
        std::fs::write(root.join("package.json"), "{}").unwrap();
        // The folder's answer is kept (until `forget`, which the language server calls on a
        // save); a folder not asked about before finds the new project file.
        assert_eq!(project_root(&root.join("src/b.ts")), outside);
        assert_eq!(
            project_root(&root.join("lib/c.ts")),
            Some(std::path::absolute(&root).unwrap())
        );
    }

    #[test]
    fn a_project_is_scanned_once_and_the_mocks_reach_the_thread_while_entered() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::write(root.join("package.json"), "{}").unwrap();
        std::fs::create_dir_all(root.join("src")).unwrap();
        std::fs::create_dir_all(root.join("node_modules/x")).unwrap();
        std::fs::write(root.join("src/main.ts"), "").unwrap();
        std::fs::write(
            root.join("src/main.test.ts"),
            "jest.mock('@cdktf/provider-aws');",
        )
        .unwrap();
        // Not read: inside node_modules.
        std::fs::write(
            root.join("node_modules/x/a.test.ts"),
            "jest.mock('@cdktf/provider-null');",
        )
        .unwrap();
        let file = root.join("src/main.ts");
        assert_eq!(
            project_root(&file).unwrap(),
            std::path::absolute(root).unwrap()
        );
        let facts = facts_for(&file);
        let mocks = &facts.mocks;
        assert_eq!(mocks.len(), 1);
        assert_eq!(mocks[0].0, "@cdktf/provider-aws");
        assert!(mocks[0].1.ends_with("src/main.test.ts"), "{}", mocks[0].1);
        // Cached: a test added later is not seen by this process.
        std::fs::write(
            root.join("src/other.test.ts"),
            "jest.mock('@cdktf/provider-random');",
        )
        .unwrap();
        assert!(Arc::ptr_eq(&facts, &facts_for(&file)));
    }

    #[test]
    fn a_range_gives_its_major_only_when_it_allows_one() {
        for (range, major) in [
            ("^9.0.25", Some(9)),
            ("~9.0", Some(9)),
            ("9.0.25", Some(9)),
            ("v9.0.25", Some(9)),
            ("=9.0.25", Some(9)),
            ("9", Some(9)),
            ("9.x", Some(9)),
            (">=9 <10", Some(9)),
            (">= 9.0.0 < 10.0.0", Some(9)),
            (">=9.1.0 <=9.9", Some(9)),
            ("9.0.0 - 9.5.0", Some(9)),
            ("^9.0.0 || ~9.1", Some(9)),
            ("npm:@cdktf/provider-aws@^9.0.1", Some(9)),
            ("^19.0.0", Some(19)),
            ("^10", Some(10)),
            (">9 <11", Some(10)),
            ("9.0.0-pre.1", Some(9)),
            // PEP 440 and Poetry.
            ("==9.0.40", Some(9)),
            ("~=9.0", Some(9)),
            (">=9,<10", Some(9)),
            (">=9.0, <10.0, !=9.0.3", Some(9)),
            ("==9.*", Some(9)),
            // More than one major, or none known.
            ("*", None),
            ("x", None),
            ("", None),
            ("latest", None),
            (">=9", None),
            ("<10", None),
            (">=9 <10.2", None),
            ("^9 || ^10", None),
            ("9.0.0 - 10.0.0", None),
            ("github:cdktf/cdktf-provider-aws", None),
            ("git+https://github.com/cdktf/cdktf-provider-aws.git", None),
            ("file:../provider-aws", None),
            ("workspace:*", None),
        ] {
            assert_eq!(range_major(range), major, "{range:?}");
        }
    }

    #[test]
    fn python_requirements_name_the_distribution_and_its_specifier() {
        assert_eq!(
            pep508("cdktf-cdktf-provider-aws>=9,<10 ; python_version >= '3.8'  # aws"),
            Some(("cdktf-cdktf-provider-aws".to_string(), ">=9,<10"))
        );
        assert_eq!(
            pep508("cdktf_cdktf_provider_aws[extra] (==9.0.40)"),
            Some(("cdktf-cdktf-provider-aws".to_string(), "==9.0.40"))
        );
        assert_eq!(pep508("cdktf>=0.20"), None);
        assert_eq!(pep508("-r other.txt"), None);
    }

    #[test]
    fn declared_providers_are_read_up_to_the_repository_root() {
        let dir = tempfile::tempdir().unwrap();
        let outside = dir.path();
        let repo = outside.join("repo");
        let app = repo.join("packages/app");
        std::fs::create_dir_all(&app).unwrap();
        std::fs::create_dir(repo.join(".git")).unwrap();
        // Above the repository: never read.
        std::fs::write(
            outside.join("package.json"),
            r#"{ "dependencies": { "@cdktf/provider-kubernetes": "^11" } }"#,
        )
        .unwrap();
        std::fs::write(
            repo.join("package.json"),
            r#"{ "devDependencies": { "@cdktf/provider-random": "^12", "cdktf": "^0.21" } }"#,
        )
        .unwrap();
        std::fs::write(
            app.join("package.json"),
            r#"{ "dependencies": { "@cdktn/provider-aws": "^21" } }"#,
        )
        .unwrap();
        let d = read_declared(&app);
        assert!(!d.lacks_npm("@cdktn/provider-aws"));
        assert!(!d.lacks_npm("@cdktf/provider-random"));
        assert!(d.lacks_npm("@cdktf/provider-kubernetes"));
        assert_eq!(d.pypi, None);

        // Python: requirements files and Poetry groups count; a pyproject.toml that only
        // configures tools declares nothing; a setup.py makes the requirements unknown.
        std::fs::write(
            app.join("requirements-dev.txt"),
            "cdktf-cdktf-provider-null==11.0.0\n",
        )
        .unwrap();
        std::fs::write(
            repo.join("pyproject.toml"),
            "[tool.poetry.group.infra.dependencies]\ncdktf_cdktf_provider_aws = \"^21\"\n",
        )
        .unwrap();
        let d = read_declared(&app);
        assert!(!d.lacks_pypi("cdktf-cdktf-provider-null"));
        assert!(!d.lacks_pypi("cdktf-cdktf-provider-aws"));
        assert!(d.lacks_pypi("cdktf-cdktf-provider-random"));
        std::fs::write(
            app.join("pyproject.toml"),
            "[tool.black]\nline-length = 100\n",
        )
        .unwrap();
        assert!(read_declared(&app).lacks_pypi("cdktf-cdktf-provider-random"));
        std::fs::write(repo.join("setup.cfg"), "[metadata]\nname = infra\n").unwrap();
        assert_eq!(read_declared(&app).pypi, None);
    }

    #[test]
    fn pinned_majors_are_read_from_package_json_and_python_manifests() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::write(
            root.join("package.json"),
            r#"{ "dependencies": { "cdktf": "^0.20.0", "@cdktf/provider-aws": "^9.0.25",
                 "@cdktf/provider-random": "*" },
                 "devDependencies": { "@cdktn/provider-null": "~11.0" } }"#,
        )
        .unwrap();
        std::fs::write(
            root.join("requirements.txt"),
            "cdktf>=0.20\ncdktf-cdktf-provider-aws~=9.0\n",
        )
        .unwrap();
        std::fs::write(
            root.join("pyproject.toml"),
            "[tool.poetry.dependencies]\ncdktf_cdktf_provider_random = { version = \"^10.1\" }\n",
        )
        .unwrap();
        assert_eq!(
            pinned_majors(root),
            [
                ("@cdktf/provider-aws".to_string(), 9),
                ("@cdktn/provider-null".to_string(), 11),
                ("cdktf-cdktf-provider-aws".to_string(), 9),
                ("cdktf-cdktf-provider-random".to_string(), 10),
            ]
        );
        // Not valid JSON: nothing known, as without the file.
        std::fs::write(root.join("package.json"), "{").unwrap();
        std::fs::remove_file(root.join("requirements.txt")).unwrap();
        std::fs::remove_file(root.join("pyproject.toml")).unwrap();
        assert!(pinned_majors(root).is_empty());
    }

    #[test]
    fn pinned_majors_fall_back_to_the_lockfiles_when_the_manifest_allows_any_version() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let write = |name: &str, text: &str| std::fs::write(root.join(name), text).unwrap();
        write(
            "Pipfile",
            "[packages]\ncdktf = \"~=0.9.4\"\ncdktf-cdktf-provider-aws = \"*\"\n",
        );
        write(
            "Pipfile.lock",
            r#"{ "default": { "cdktf-cdktf-provider-aws": { "version": "==5.0.50" },
                 "cdktf-cdktf-provider-random": { "version": "==0.1.53" } } }"#,
        );
        write(
            "package.json",
            r#"{ "dependencies": { "@cdktf/provider-aws": "*", "@cdktf/provider-null": "^10.0.0" } }"#,
        );
        write(
            "package-lock.json",
            r#"{ "lockfileVersion": 3, "packages": { "": {},
                 "node_modules/@cdktf/provider-aws": { "version": "9.0.40" },
                 "node_modules/@cdktf/provider-null": { "version": "11.0.0" } } }"#,
        );
        let mut found = pinned_majors(root);
        found.sort();
        assert_eq!(
            found,
            [
                ("@cdktf/provider-aws".to_string(), 9),
                // The manifest's own pin wins over the lock.
                ("@cdktf/provider-null".to_string(), 10),
                ("cdktf-cdktf-provider-aws".to_string(), 5),
                ("cdktf-cdktf-provider-random".to_string(), 0),
            ]
        );
        std::fs::remove_file(root.join("Pipfile.lock")).unwrap();
        write(
            "poetry.lock",
            "[[package]]\nname = \"cdktf-cdktf-provider-aws\"\nversion = \"9.0.40\"\n",
        );
        assert!(pinned_majors(root).contains(&("cdktf-cdktf-provider-aws".to_string(), 9)));
    }

    #[test]
    fn prettier_options_come_from_the_nearest_configuration_up_from_the_project() {
        let dir = tempfile::tempdir().unwrap();
        let outer = dir.path();
        let root = outer.join("infra");
        std::fs::create_dir_all(&root).unwrap();
        let write = |path: &Path, text: &str| std::fs::write(path, text).unwrap();
        write(&root.join("package.json"), r#"{ "name": "infra" }"#);
        // No configuration, prettier not a dependency: not a prettier project.
        assert_eq!(read_style(&root).prettier, None);
        // Prettier among the dependencies: its defaults.
        write(
            &root.join("package.json"),
            r#"{ "devDependencies": { "prettier": "^3.6.2" } }"#,
        );
        assert_eq!(read_style(&root).prettier, Some(Prettier::default()));
        // A monorepo's YAML `.prettierrc` above the project, with an override for `*.ts`.
        write(
            &outer.join(".prettierrc"),
            "printWidth: 100\nsingleQuote: true\ntrailingComma: es5\noverrides:\n  - files: ['*.ts', '*.tsx']\n    options: { semi: false }\n  - files: '*.md'\n    options: { printWidth: 60 }\n",
        );
        let p = read_style(&root).prettier.unwrap();
        assert_eq!(
            (p.print_width, p.single_quote, p.semi, p.trailing_comma),
            (100, true, false, TrailingComma::Es5)
        );
        // The project's own `prettier` key is nearer.
        write(
            &root.join("package.json"),
            r#"{ "prettier": { "useTabs": true, "tabWidth": 4, "bracketSpacing": false } }"#,
        );
        let p = read_style(&root).prettier.unwrap();
        assert_eq!(
            (p.use_tabs, p.tab_width, p.bracket_spacing, p.print_width),
            (true, 4, false, 80)
        );
        // A JavaScript configuration or a shared one named by a string: prettier's defaults.
        write(
            &root.join("package.json"),
            r#"{ "prettier": "@acme/prettier-config" }"#,
        );
        assert_eq!(read_style(&root).prettier, Some(Prettier::default()));
        write(&root.join("package.json"), "{}");
        write(
            &root.join("prettier.config.js"),
            "module.exports = { printWidth: 120 };",
        );
        assert_eq!(read_style(&root).prettier, Some(Prettier::default()));
        std::fs::remove_file(root.join("prettier.config.js")).unwrap();
        write(
            &root.join(".prettierrc.toml"),
            "printWidth = 90\nsemi = false\nobjectWrap = \"collapse\"\n",
        );
        let p = read_style(&root).prettier.unwrap();
        assert_eq!(
            (p.print_width, p.semi, p.object_wrap_preserve),
            (90, false, false)
        );
    }

    #[test]
    fn the_python_line_length_is_black_s_then_ruff_s_from_the_nearest_pyproject() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join(".git")).unwrap();
        let app = root.join("app");
        std::fs::create_dir_all(&app).unwrap();
        let write = |path: &Path, text: &str| std::fs::write(path, text).unwrap();
        assert_eq!(python_line_length(&app), None);
        write(
            &root.join("pyproject.toml"),
            "[tool.ruff]\nline-length = 120\n",
        );
        assert_eq!(python_line_length(&app), Some(120));
        write(
            &root.join("pyproject.toml"),
            "[tool.black]\nline-length = 100\n[tool.ruff]\nline-length = 120\n",
        );
        assert_eq!(python_line_length(&app), Some(100));
        // The nearest pyproject.toml decides, even without a setting (black's 88).
        write(&app.join("pyproject.toml"), "[project]\nname = \"app\"\n");
        assert_eq!(python_line_length(&app), None);
        // A black table without a length: black's default.
        write(
            &app.join("pyproject.toml"),
            "[tool.black]\ntarget-version = [\"py311\"]\n",
        );
        assert_eq!(python_line_length(&app), Some(88));
        // A ruff table without one may be the linter's only: no length is known.
        write(
            &app.join("pyproject.toml"),
            "[tool.ruff.lint]\nselect = [\"E\"]\n",
        );
        assert_eq!(python_line_length(&app), None);
        write(&app.join("pyproject.toml"), "[project]\nname = \"app\"\n");
        write(&app.join("ruff.toml"), "line-length = 79\n");
        assert_eq!(python_line_length(&app), Some(79));
        assert_eq!(read_style(&app).python_line_length, Some(79));
    }

    #[test]
    fn black_among_the_dependencies_or_hooks_means_black_s_defaults() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join(".git")).unwrap();
        let app = root.join("app");
        std::fs::create_dir_all(&app).unwrap();
        let write = |path: &Path, text: &str| std::fs::write(path, text).unwrap();
        let remove = |path: &Path| std::fs::remove_file(path).unwrap();
        write(
            &app.join("requirements.txt"),
            "cdktf>=0.20\nblackjack==1\n-r black.txt\n# black\n",
        );
        assert_eq!(python_line_length(&app), None);
        for (file, text) in [
            (
                "requirements.txt",
                "cdktf>=0.20\nBlack[jupyter]==26.1.0 ; python_version >= \"3.9\"\n",
            ),
            ("requirements-dev.txt", "-r requirements.txt\nblack\n"),
            (
                "Pipfile",
                "[packages]\ncdktf = \"*\"\n\n[dev-packages]\nblack = \"*\"\n",
            ),
            (
                "pyproject.toml",
                "[project]\nname = \"app\"\n[project.optional-dependencies]\ndev = [\"pytest\", \"black>=24\"]\n",
            ),
            (
                "pyproject.toml",
                "[dependency-groups]\ndev = [{ include-group = \"lint\" }]\nlint = [\"black==26.10.1\"]\n",
            ),
            (
                "pyproject.toml",
                "[tool.poetry.group.dev.dependencies]\nblack = \"^24.0\"\n",
            ),
            (
                "pyproject.toml",
                "[tool.poetry.dev-dependencies]\nBlack = { version = \"^23\" }\n",
            ),
        ] {
            let path = app.join(file);
            write(&path, text);
            assert_eq!(python_line_length(&app), Some(88), "{file}: {text}");
            remove(&path);
        }
        write(
            &app.join("pyproject.toml"),
            "[project]\nname = \"app\"\ndependencies = [\"cdktf\"]\n",
        );
        assert_eq!(python_line_length(&app), None);
        // A black hook in the repository's pre-commit configuration.
        for repo in [
            "https://github.com/psf/black",
            "https://github.com/psf/black-pre-commit-mirror",
        ] {
            write(
                &root.join(".pre-commit-config.yaml"),
                &format!(
                    "repos:\n  - repo: {repo}\n    rev: 26.10.1\n    hooks:\n      - id: black\n"
                ),
            );
            assert_eq!(python_line_length(&app), Some(88), "{repo}");
        }
        write(
            &root.join(".pre-commit-config.yaml"),
            "repos:\n  - repo: https://github.com/astral-sh/ruff-pre-commit\n    rev: v0.14.0\n    hooks:\n      - id: ruff\n",
        );
        assert_eq!(python_line_length(&app), None);
        // ruff's formatter hook prints black's style at black's 88.
        write(
            &root.join(".pre-commit-config.yaml"),
            "repos:\n  - repo: https://github.com/astral-sh/ruff-pre-commit\n    rev: v0.14.0\n    hooks:\n      - id: ruff\n      - id: ruff-format\n",
        );
        assert_eq!(python_line_length(&app), Some(88));
        remove(&root.join(".pre-commit-config.yaml"));
        // A `[tool.ruff.format]` table: ruff formats, at its length or 88.
        write(
            &app.join("pyproject.toml"),
            "[tool.ruff]\nselect = [\"E\"]\n[tool.ruff.format]\nquote-style = \"double\"\n",
        );
        assert_eq!(python_line_length(&app), Some(88));
        write(
            &app.join("pyproject.toml"),
            "[project]\nname = \"app\"\ndependencies = [\"cdktf\"]\n",
        );
        // A configured length comes first.
        write(&app.join("requirements-dev.txt"), "black==26.10.1\n");
        write(
            &app.join("pyproject.toml"),
            "[tool.black]\nline-length = 100\n",
        );
        assert_eq!(python_line_length(&app), Some(100));
    }
}
