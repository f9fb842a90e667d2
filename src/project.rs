//! The project around a file: which of its tests mock a provider package by module path.
//!
//! Transforms read one file; whether a fix keeps a project's *tests* passing can depend on other
//! files. A jest test that does `jest.mock("@cdktf/provider-aws", factory)` intercepts the
//! barrel: once the module under test imports from `@cdktf/provider-aws/lib/s3-bucket`, the mock
//! no longer reaches it. A Python test that patches `"cdktf_cdktf_provider_aws.s3_bucket.S3Bucket"`
//! reaches code that looks the class up through the package at call time, not a name bound by
//! `from ... import S3Bucket` before the patch. So, once per project (the folder of the nearest
//! `package.json`, `pyproject.toml`, `setup.py`, `requirements.txt` or `go.mod` above a file),
//! the project's test files are read for such mocks, and the result is handed to the transforms
//! through `Context::mocked_modules` while that file is checked or fixed ([`enter`]).
//!
//! Test files: `*.test.*` / `*.spec.*` (TypeScript and JavaScript), any such source under a
//! `__tests__`, `test` or `tests` folder, `test_*.py`, `*_test.py`, `conftest.py`, and manual
//! mocks of a provider package (`__mocks__/@cdktf/provider-aws.ts`), which jest applies to every
//! test of the project without a `jest.mock` call. Git-ignored paths, hidden folders,
//! `node_modules`, virtual environments, build output and nested projects (a folder with a
//! project file of its own) are not read.

use std::cell::RefCell;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

/// The mocks of one project: (mocked module specifier or patch target, the test file that mocks
/// it, as a path relative to the working directory when it is under it).
pub type Mocks = Arc<[(String, String)]>;

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

/// Whether the transform `id` reads `Context::mocked_modules`: only for a file one of these
/// looks at is the project scanned.
pub fn reads_mocks(id: &str) -> bool {
    id == "provider-imports"
}

/// The nearest folder above `file` that holds a project file, if any.
pub fn project_root(file: &Path) -> Option<PathBuf> {
    let file = std::path::absolute(file).ok()?;
    file.parent()?
        .ancestors()
        .find(|dir| is_project_root(dir))
        .map(Path::to_path_buf)
}

/// The mocks of the project `file` belongs to, read once per project root.
pub fn mocks_for(file: &Path) -> Mocks {
    type Cache = Mutex<HashMap<PathBuf, Arc<OnceLock<Mocks>>>>;
    static CACHE: OnceLock<Cache> = OnceLock::new();
    let Some(root) = project_root(file) else {
        return Arc::from([]);
    };
    let slot = {
        let mut cache = CACHE
            .get_or_init(Default::default)
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        cache.entry(root.clone()).or_default().clone()
    };
    // Outside the lock: another project's scan does not wait for this one.
    slot.get_or_init(|| scan(&root)).clone()
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

thread_local! {
    /// The mocks of the project of the file this thread is checking or fixing.
    static CURRENT: RefCell<Option<Mocks>> = const { RefCell::new(None) };
}

/// While the returned guard lives, [`current`] on this thread answers `mocks`: a file is checked
/// and fixed on one thread, from [`enter`] in its pipeline to the guard's drop.
pub fn enter(mocks: Mocks) -> Entered {
    let previous = CURRENT.with(|c| c.borrow_mut().replace(mocks));
    Entered { previous }
}

/// Restores the mocks of the enclosing [`enter`] (none, outside any) when dropped.
pub struct Entered {
    previous: Option<Mocks>,
}

impl Drop for Entered {
    fn drop(&mut self) {
        let previous = self.previous.take();
        CURRENT.with(|c| *c.borrow_mut() = previous);
    }
}

/// The mocks of the file being checked on this thread (none outside [`enter`]).
pub fn current() -> Mocks {
    CURRENT
        .with(|c| c.borrow().clone())
        .unwrap_or_else(|| Arc::from([]))
}

#[cfg(test)]
mod tests {
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
        let mocks = mocks_for(&file);
        assert_eq!(mocks.len(), 1);
        assert_eq!(mocks[0].0, "@cdktf/provider-aws");
        assert!(mocks[0].1.ends_with("src/main.test.ts"), "{}", mocks[0].1);
        // Cached: a test added later is not seen by this process.
        std::fs::write(
            root.join("src/other.test.ts"),
            "jest.mock('@cdktf/provider-random');",
        )
        .unwrap();
        assert!(Arc::ptr_eq(&mocks, &mocks_for(&file)));
        assert!(current().is_empty());
        {
            let _in = enter(mocks.clone());
            assert_eq!(current().len(), 1);
            {
                let _inner = enter(Arc::from([]));
                assert!(current().is_empty());
            }
            assert_eq!(current().len(), 1);
        }
        assert!(current().is_empty());
    }
}
