//! The packages users install without a Rust toolchain, built and used as they would be:
//! `packaging/build.sh npm` packs the npm launcher `cdktf-fix` and this platform's
//! `@cdktf-fix/cli-<platform>-<arch>` (holding the binary these tests were built with), npm
//! installs both tarballs into a fresh project (offline: nothing comes from the registry), and
//! `npx cdktf-fix check` / `fix --dry-run` run on the bundled examples; `packaging/build.sh wheel`
//! builds the PyPI wheel with maturin (installed from PyPI into a venv under `target/`), pip
//! installs it into a fresh venv, and its `cdktf-fix` runs; and pre-commit (from PyPI) runs
//! README's `repo: local` hooks, `language: node` and `language: python`, on those packages.
//! Nothing here is skipped: `.ci/run` installs node, npm, git and python3 with venv, and a
//! missing one fails the test.
#![cfg(unix)]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

const BIN: &str = env!("CARGO_BIN_EXE_cdktf-fix");
const VERSION: &str = env!("CARGO_PKG_VERSION");

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn run(cmd: &mut Command) -> Output {
    let shown = format!("{cmd:?}");
    cmd.output()
        .unwrap_or_else(|e| panic!("{shown}: {e} (is it installed? .ci/run installs it)"))
}

/// Runs and requires success; returns stdout.
fn ok(cmd: &mut Command) -> String {
    let shown = format!("{cmd:?}");
    let out = run(cmd);
    assert!(
        out.status.success(),
        "{shown} failed ({:?})\nstdout:\n{}\nstderr:\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A project folder holding a copy of the bundled examples.
fn project_with_examples(dir: &Path) -> PathBuf {
    let project = dir.join("project");
    copy_tree(&repo().join("examples"), &project.join("examples"));
    project
}

/// What the binary itself prints for `args` in `dir`: exit code, stdout, stderr.
fn direct(dir: &Path, args: &[&str]) -> (Option<i32>, String, String) {
    let out = run(Command::new(BIN).args(args).current_dir(dir));
    (
        out.status.code(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn same_as_direct(dir: &Path, launcher: &mut Command, args: &[&str]) -> (Option<i32>, String) {
    let out = run(launcher.args(args).current_dir(dir));
    let got = (
        out.status.code(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    );
    assert_eq!(got, direct(dir, args), "{args:?}: as the binary itself");
    (got.0, got.1)
}

/// Where the packages are built, once per run of this test binary.
fn dist() -> PathBuf {
    static DIST: OnceLock<PathBuf> = OnceLock::new();
    DIST.get_or_init(|| {
        let dir = repo().join("target/packaging/dist");
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    })
    .clone()
}

/// `packaging/build.sh npm`: the platform package's tarball, then the launcher's.
fn npm_tarballs() -> &'static [String; 2] {
    static TARBALLS: OnceLock<[String; 2]> = OnceLock::new();
    TARBALLS.get_or_init(|| {
        let packed = ok(Command::new("bash")
            .arg(repo().join("packaging/build.sh"))
            .arg("npm")
            .arg(dist().join("npm"))
            .arg(BIN));
        let lines: Vec<String> = packed.lines().map(String::from).collect();
        assert_eq!(lines.len(), 2, "{packed}");
        [lines[0].clone(), lines[1].clone()]
    })
}

/// `packaging/build.sh wheel`.
fn wheel() -> &'static str {
    static WHEEL: OnceLock<String> = OnceLock::new();
    WHEEL.get_or_init(|| {
        let built = ok(Command::new("bash")
            .arg(repo().join("packaging/build.sh"))
            .arg("wheel")
            .arg(dist().join("wheel"))
            .env("MATURIN", tool("maturin")));
        built.trim().to_string()
    })
}

#[test]
fn npm_tarballs_install_offline_and_npx_cdktf_fix_runs_on_the_examples() {
    let tmp = tempfile::tempdir().unwrap();
    let tarballs = npm_tarballs();
    let platform = format!("cli-{}-{}", std::env::consts::OS, node_arch());
    assert!(
        tarballs[0].ends_with(&format!("cdktf-fix-{platform}-{VERSION}.tgz")),
        "{tarballs:?}"
    );
    assert!(tarballs[1].ends_with(&format!("cdktf-fix-{VERSION}.tgz")));

    // The launcher names every platform package as an optional dependency, at its version.
    let listing = ok(Command::new("tar").args(["-xzOf", &tarballs[1], "package/package.json"]));
    let manifest: serde_json::Value = serde_json::from_str(&listing).unwrap();
    assert_eq!(manifest["bin"]["cdktf-fix"], "bin/cdktf-fix.js");
    let optional = manifest["optionalDependencies"].as_object().unwrap();
    assert_eq!(optional[&format!("@cdktf-fix/{platform}")], VERSION);
    assert!(optional.len() >= 5, "{optional:?}");

    let project = project_with_examples(tmp.path());
    fs::write(
        project.join("package.json"),
        r#"{ "name": "uses-cdktf-fix", "version": "1.0.0", "private": true }"#,
    )
    .unwrap();
    ok(Command::new("npm")
        .args([
            "install",
            "--offline",
            "--no-audit",
            "--no-fund",
            "--loglevel=error",
            "--save-dev",
        ])
        .args(tarballs)
        .current_dir(&project));
    assert!(project
        .join(format!("node_modules/@cdktf-fix/{platform}/bin/cdktf-fix"))
        .exists());

    let npx = || {
        let mut c = Command::new("npx");
        c.args(["--offline", "--no-install", "cdktf-fix"]);
        c
    };
    let version = ok(npx().arg("--version").current_dir(&project));
    assert!(version.starts_with(&format!(
        "cdktf-fix {VERSION}\nprovider index generated from:\n"
    )));
    let (code, stdout) = same_as_direct(&project, &mut npx(), &["check", "examples"]);
    assert_eq!(code, Some(1), "findings in the examples");
    assert!(stdout.contains("examples/typescript/main.ts:"), "{stdout}");
    let (code, stdout) = same_as_direct(
        &project,
        &mut npx(),
        &["fix", "--dry-run", "--color", "never", "examples"],
    );
    assert_eq!(code, Some(1), "changes pending");
    assert!(
        stdout.contains("+++ b/examples/typescript/main.ts"),
        "{stdout}"
    );

    // The launcher alone (npm could not install the platform package): a clear error, exit 2.
    let bare = tmp.path().join("bare");
    fs::create_dir_all(&bare).unwrap();
    fs::write(
        bare.join("package.json"),
        r#"{ "name": "bare", "private": true }"#,
    )
    .unwrap();
    ok(Command::new("npm")
        .args([
            "install",
            "--offline",
            "--no-audit",
            "--no-fund",
            "--loglevel=error",
        ])
        .arg(&tarballs[1])
        .current_dir(&bare));
    let out = run(npx().arg("check").current_dir(&bare));
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("error: the package @cdktf-fix/{platform}")),
        "{err}"
    );
}

/// Node's name of this machine's architecture.
fn node_arch() -> &'static str {
    match std::env::consts::ARCH {
        "x86_64" => "x64",
        "aarch64" => "arm64",
        other => other,
    }
}

/// A command of the venv under target/ that holds the Python tools these tests use (maturin,
/// pre-commit), installed from PyPI the first time and kept between runs.
fn tool(name: &str) -> PathBuf {
    static VENV: OnceLock<PathBuf> = OnceLock::new();
    let venv = VENV.get_or_init(|| {
        let venv = repo().join("target/packaging/tools-venv");
        let works = |m: &str| {
            Command::new(venv.join("bin").join(m))
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        };
        if !(works("maturin") && works("pre-commit")) {
            let _ = fs::remove_dir_all(&venv);
            ok(Command::new("python3").args(["-m", "venv"]).arg(&venv));
            ok(Command::new(venv.join("bin/pip")).args([
                "install",
                "--quiet",
                "--disable-pip-version-check",
                "maturin>=1.5,<2",
                "pre-commit>=3,<5",
            ]));
        }
        venv
    });
    venv.join("bin").join(name)
}

#[test]
fn the_wheel_installs_into_a_fresh_venv_and_its_cdktf_fix_runs() {
    let tmp = tempfile::tempdir().unwrap();
    let wheel = wheel();
    assert!(
        wheel.contains(&format!("cdktf_fix-{VERSION}-py3-none-")) && wheel.ends_with(".whl"),
        "{wheel}"
    );
    let venv = tmp.path().join("venv");
    ok(Command::new("python3").args(["-m", "venv"]).arg(&venv));
    ok(Command::new(venv.join("bin/pip")).args([
        "install",
        "--quiet",
        "--no-index",
        "--disable-pip-version-check",
        wheel,
    ]));
    let exe = venv.join("bin/cdktf-fix");
    assert!(exe.exists(), "the wheel puts cdktf-fix in the venv's bin/");
    let project = project_with_examples(tmp.path());
    let version = ok(Command::new(&exe).arg("--version"));
    assert!(version.starts_with(&format!("cdktf-fix {VERSION}\n")));
    let (code, stdout) = same_as_direct(&project, &mut Command::new(&exe), &["check", "examples"]);
    assert_eq!(code, Some(1));
    assert!(stdout.contains("examples/typescript/main.ts:"));
    // The command is the binary itself, not a Python shim, as ruff's wheel installs it.
    if cfg!(target_os = "linux") {
        let head = fs::read(&exe).unwrap();
        assert_eq!(&head[..4], b"\x7fELF");
    }
}

/// README's `repo: local` hooks (the first yaml block with `language: node`), the commented
/// python one uncommented.
fn readme_hooks() -> Vec<serde_yaml::Value> {
    let readme = fs::read_to_string(repo().join("README.md")).unwrap();
    let block = readme
        .split("```yaml\n")
        .skip(1)
        .map(|b| b.split("```").next().unwrap())
        .find(|b| b.contains("language: node"))
        .expect("README shows the npm hook");
    let uncommented: String = block
        .lines()
        .map(|l| {
            l.replacen("      # - id:", "      - id:", 1)
                .replacen("      #   ", "        ", 1)
        })
        .collect::<Vec<_>>()
        .join("\n");
    let doc: serde_yaml::Value = serde_yaml::from_str(&uncommented).unwrap();
    doc["repos"][0]["hooks"].as_sequence().unwrap().clone()
}

#[test]
fn pre_commit_runs_the_readme_hooks_from_the_npm_and_pypi_packages() {
    let mut hooks = readme_hooks();
    assert_eq!(hooks.len(), 2);
    let languages: Vec<&str> = hooks
        .iter()
        .map(|h| h["language"].as_str().unwrap())
        .collect();
    assert_eq!(languages, ["node", "python"]);
    assert_eq!(
        hooks[0]["additional_dependencies"][0].as_str(),
        Some(format!("cdktf-fix@{VERSION}").as_str())
    );
    assert_eq!(
        hooks[1]["additional_dependencies"][0].as_str(),
        Some(format!("cdktf-fix=={VERSION}").as_str())
    );
    // The packages as built here instead of the registry's; `check`, so the hooks report and
    // fail without touching the files (the entry of `fix` differs only in the subcommand).
    let tarballs = npm_tarballs();
    for (hook, id) in hooks.iter_mut().zip(["cdktf-fix-node", "cdktf-fix-python"]) {
        let deps: Vec<serde_yaml::Value> = if hook["language"] == "node" {
            vec![tarballs[1].clone().into(), tarballs[0].clone().into()]
        } else {
            vec![wheel().to_string().into()]
        };
        let entry = hook["entry"].as_str().unwrap().replace(" fix", " check");
        let m = hook.as_mapping_mut().unwrap();
        m.insert("additional_dependencies".into(), deps.into());
        m.insert("entry".into(), entry.into());
        m.insert("id".into(), id.into());
        m.insert("name".into(), id.into());
    }
    let config = serde_yaml::to_string(&serde_yaml::Mapping::from_iter([(
        "repos".into(),
        vec![serde_yaml::Value::Mapping(serde_yaml::Mapping::from_iter(
            [
                ("repo".into(), "local".into()),
                ("hooks".into(), hooks.into()),
            ],
        ))]
        .into(),
    )]))
    .unwrap();

    let tmp = tempfile::tempdir().unwrap();
    let project = project_with_examples(tmp.path());
    fs::write(project.join(".pre-commit-config.yaml"), config).unwrap();
    let git = |args: &[&str]| {
        ok(Command::new("git")
            .args(args)
            .current_dir(&project)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", "/dev/null"))
    };
    git(&["init", "--quiet"]);
    git(&["add", "."]);
    let out = run(Command::new(tool("pre-commit"))
        .args(["run", "--all-files", "--color", "never"])
        .current_dir(&project)
        .env("PRE_COMMIT_HOME", tmp.path().join("pre-commit-home"))
        // npm installs the tarballs with no registry: the other platforms' optional packages
        // are skipped, as on a machine of this platform. (pip installs the wheel file given;
        // pre-commit's own build of its empty `repo: local` package takes setuptools from PyPI.)
        .env("npm_config_offline", "true")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null"));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(1),
        "both hooks fail on the examples' findings\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (code, direct_out, _) = direct(&project, &["check", "examples/typescript/main.ts"]);
    assert_eq!(code, Some(1));
    let finding = direct_out.lines().next().unwrap();
    for id in ["cdktf-fix-node", "cdktf-fix-python"] {
        let section = stdout
            .split(&format!("{id}."))
            .nth(1)
            .unwrap_or_else(|| panic!("{id} did not run:\n{stdout}"));
        assert!(
            section.trim_start_matches('.').starts_with("Failed"),
            "{id}:\n{stdout}"
        );
        assert!(section.contains("- exit code: 1"), "{id}:\n{stdout}");
        assert!(
            section.contains(finding),
            "{id} reports what cdktf-fix finds:\n{stdout}"
        );
    }
}
