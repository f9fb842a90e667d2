//! What every transform may read besides the file it checks.

use std::collections::BTreeMap;

use crate::gomod::GoMod;
use crate::index::ProviderIndex;
use crate::style::Style;

/// Each transform's `[<id>]` table of `cdktf-fix.toml`, by id.
pub type Options = BTreeMap<String, toml::Table>;

/// What every transform may read besides the file: configuration, the provider index, for
/// a Go file its nearest `go.mod` (looked up by the pipeline), and the provider modules its
/// project's tests mock, the provider versions it pins and how it formats its code (read by the
/// tool once per project).
pub struct Context<'a> {
    pub options: &'a Options,
    pub index: &'static ProviderIndex,
    pub go_mod: Option<&'a GoMod>,
    /// Modules the file's project's tests mock by path, with the test that mocks each:
    /// (`@cdktf/provider-aws` for `jest.mock("@cdktf/provider-aws")`, or a Python patch target
    /// such as `cdktf_cdktf_provider_aws.s3_bucket.S3Bucket`; the test file's path). A fix that
    /// moves the file's imports away from a mocked path would let the mock miss it.
    pub mocked_modules: &'a [(String, String)],
    /// The major version of each provider package the file's project pins, when its range
    /// allows one major only: (`@cdktf/provider-aws`, 9) from `"^9.0.25"` in `package.json`,
    /// (`cdktf-cdktf-provider-aws`, 9) from `requirements.txt` / `pyproject.toml` (PyPI names
    /// normalized). A package the project does not pin, or pins loosely, is not listed.
    pub provider_majors: &'a [(String, u64)],
    /// How the file's project formats its code (prettier's options, black's line length), read
    /// by the tool once per project: what a fix writes follows it.
    pub style: &'a Style,
    /// The file's CDKTF app, when its project holds a `cdktf.json`: where the bindings
    /// `cdktf get` / `cdktn get` generates lie, and the prebuilt provider packages the project
    /// depends on. Read by `migrate-cdktn` only.
    pub app: Option<&'a CdktfApp>,
    /// The prebuilt provider packages the file's project declares ([`Declared`]).
    pub declared: &'a Declared,
}

impl Context<'_> {
    /// The rule's `[<id>]` table from the configuration, if any.
    pub fn options(&self, id: &str) -> Option<&toml::Table> {
        self.options.get(id)
    }
}

/// The prebuilt provider packages a project declares in its manifests and in those of the
/// folders above it, up to its repository's root: npm names (`@cdktf/provider-aws`,
/// `@cdktn/provider-aws`) from `package.json` dependencies of every kind, PyPI names normalized
/// (`cdktf-cdktf-provider-aws`) from `requirements*.txt`, `pyproject.toml` and `Pipfile`. Each
/// list is `None` when no such manifest was read: nothing is known, so nothing may be said to
/// be missing (the Python one also when a `setup.py` or `setup.cfg`, which are not read, is
/// there).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Declared {
    pub npm: Option<Vec<String>>,
    pub pypi: Option<Vec<String>>,
}

impl Declared {
    /// Whether the manifests read leave out the npm package `name`.
    pub fn lacks_npm(&self, name: &str) -> bool {
        self.npm
            .as_ref()
            .is_some_and(|n| !n.iter().any(|p| p == name))
    }

    /// Whether the manifests read leave out the PyPI distribution `name` (normalized).
    pub fn lacks_pypi(&self, name: &str) -> bool {
        self.pypi
            .as_ref()
            .is_some_and(|n| !n.iter().any(|p| p == name))
    }
}

/// What a file needs to know of its project's `cdktf.json` to import the bindings that
/// `cdktn get` generates there (`codeMakerOutput`, `.gen` by default for TypeScript, `imports`
/// for Python), and which prebuilt CDKTF provider packages its manifests name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CdktfApp {
    /// The `codeMakerOutput` folder as a relative module specifier from the file's folder
    /// (`../.gen` for `src/main.ts` beside a `cdktf.json` one folder up, `./.gen` beside it).
    pub ts_bindings: String,
    /// The `codeMakerOutput` folder as a Python package from the app's folder (`imports`); empty
    /// when it is no dotted name.
    pub python_bindings: String,
    /// The prebuilt CDKTF provider packages the project's manifests depend on, by npm name
    /// (`@cdktf/provider-null`, also for a Python project's `cdktf-cdktf-provider-null`).
    pub providers: Vec<String>,
}
