//! The real black over the fixed output of every Python fixture case whose project formats with
//! black (its folder holds a `pyproject.toml` with `[tool.black]`, or names black in a
//! `requirements*.txt`, a `Pipfile` or a `.pre-commit-config.yaml`): what `fix` writes into such
//! a project must pass `black --check` with that project's line length, as the input did.
//!
//! Each such case is copied into a temporary project (its input and its project files),
//! `cdktf-fix fix` runs on it through the command line with the case's transforms, options and
//! `--unsafe-fixes` (so the project is read as the tool reads a real one), and black 26.10.1,
//! pinned in `tests/black/requirements.txt` and installed into `target/black-venv` by
//! `tests/black/setup.sh` (run by the tests; never skipped: without python3 and PyPI they fail),
//! checks the inputs and the outputs, one black run per line length. A case whose input black
//! would reformat proves nothing and is listed, not checked.
//!
//! The printer the transforms use to lay out a Python statement as black does
//! (`syntax::python::black_print`) is also checked directly against black, statement by
//! statement, at two line lengths and two indentations.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

#[allow(dead_code)]
#[path = "support/cli.rs"]
mod cli;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `tests/black/setup.sh` once per test process and returns the venv's `black`.
fn black() -> PathBuf {
    static DONE: std::sync::Mutex<Option<Result<(), String>>> = std::sync::Mutex::new(None);
    let mut done = DONE.lock().unwrap_or_else(|e| e.into_inner());
    let result = done.get_or_insert_with(|| {
        let script = repo().join("tests/black/setup.sh");
        let out = Command::new("bash")
            .arg(&script)
            .current_dir(repo())
            .output()
            .map_err(|e| format!("cannot run {}: {e}", script.display()))?;
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        eprint!("{text}");
        if out.status.success() {
            Ok(())
        } else {
            Err(text)
        }
    });
    if let Err(e) = result {
        panic!("tests/black/setup.sh failed (python3 with venv and PyPI are needed; the test is not skipped):\n{e}");
    }
    repo().join("target/black-venv/bin/black")
}

fn sorted_dirs(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    v.sort();
    v
}

/// The line length black uses in the project at `dir`, when the project formats with black:
/// `[tool.black]`'s `line-length` (88 without one; `[tool.ruff]`'s when black's table has none
/// and ruff's has one, as the tool reads it), or 88 for black named in a `requirements*.txt`, a
/// `Pipfile` or a `.pre-commit-config.yaml` (read here on their own, not by the tool's reader).
fn black_line_length(dir: &Path) -> Option<usize> {
    let read = |name: &str| fs::read_to_string(dir.join(name)).unwrap_or_default();
    let pyproject: toml::Table = read("pyproject.toml").parse().unwrap_or_default();
    let tool = pyproject.get("tool");
    let length = |table: &str| {
        tool.and_then(|t| t.get(table))
            .and_then(|t| t.get("line-length"))
            .and_then(|v| v.as_integer())
            .map(|n| n as usize)
    };
    if tool.and_then(|t| t.get("black")).is_some() {
        return Some(length("black").or(length("ruff")).unwrap_or(88));
    }
    // A requirement or Pipfile key named `black`, or a hook from psf/black.
    let names_black = |line: &str| {
        let line = line.trim().trim_start_matches(['"', '\'']);
        let end = line
            .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
            .unwrap_or(line.len());
        line[..end].eq_ignore_ascii_case("black") || line.contains("github.com/psf/black")
    };
    let names_black = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| {
            (n.starts_with("requirements") && n.ends_with(".txt"))
                || n == "Pipfile"
                || n == ".pre-commit-config.yaml"
        })
        .any(|n| read(&n).lines().any(names_black));
    names_black.then_some(length("ruff").unwrap_or(88))
}

/// The Python cases whose project formats with black: (transform id, case folder, line length).
fn black_cases() -> Vec<(String, PathBuf, usize)> {
    let mut cases = Vec::new();
    for rule_dir in sorted_dirs(&repo().join("fixtures")) {
        let id = rule_dir.file_name().unwrap().to_string_lossy().to_string();
        for case in sorted_dirs(&rule_dir) {
            if !case.join("input.py").is_file() {
                continue;
            }
            if let Some(length) = black_line_length(&case) {
                cases.push((id.clone(), case, length));
            }
        }
    }
    cases
}

/// `black --check` over `files` (relative to `dir`, which holds an empty `pyproject.toml` so that
/// black reads no other configuration) at `line_length`: the files black would reformat.
fn black_check(black: &Path, dir: &Path, files: &[String], line_length: usize) -> Vec<String> {
    let out = Command::new(black)
        .args(["--check", "--line-length", &line_length.to_string()])
        .args(files)
        .current_dir(dir)
        .output()
        .expect("black runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let mut failed: Vec<String> = stderr
        .lines()
        .filter_map(|l| l.strip_prefix("would reformat "))
        .map(|p| {
            let p = Path::new(p.trim());
            p.strip_prefix(dir).unwrap_or(p).display().to_string()
        })
        .collect();
    failed.sort();
    assert!(
        out.status.success() || !failed.is_empty(),
        "black failed:\n{stderr}"
    );
    failed
}

/// What black would print for `file` (in `dir`) at `line_length`.
fn black_diff(black: &Path, dir: &Path, file: &str, line_length: usize) -> String {
    let out = Command::new(black)
        .args([
            "--diff",
            "-q",
            "--line-length",
            &line_length.to_string(),
            file,
        ])
        .current_dir(dir)
        .output()
        .expect("black runs");
    String::from_utf8_lossy(&out.stdout).to_string()
}

#[test]
fn fixed_python_passes_the_projects_black_check() {
    let black = black();
    let cases = black_cases();
    let work = tempfile::tempdir().unwrap();
    let checked_dir = work.path().join("checked");
    fs::create_dir_all(&checked_dir).unwrap();
    fs::write(checked_dir.join("pyproject.toml"), "").unwrap();
    let mut failures = Vec::new();
    // By line length: (case name, input copy, fixed copy), all checked in one black run.
    let mut by_length: BTreeMap<usize, Vec<(String, String, String)>> = BTreeMap::new();
    for (i, (id, case, length)) in cases.iter().enumerate() {
        let name = case.strip_prefix(repo()).unwrap().display().to_string();
        let project = work.path().join(format!("p{i:03}"));
        fs::create_dir_all(&project).unwrap();
        for entry in fs::read_dir(case).unwrap() {
            let path = entry.unwrap().path();
            let file = path.file_name().unwrap().to_string_lossy().to_string();
            let ours = file == "case.toml" || file == "check.txt" || file.starts_with("expected.");
            if path.is_file() && !ours {
                fs::copy(&path, project.join(&file)).unwrap();
            }
        }
        // The case's transforms, options and flags, as tests/fixtures.rs reads them.
        let table: toml::Table = fs::read_to_string(case.join("case.toml"))
            .map(|t| t.parse().unwrap())
            .unwrap_or_default();
        let mut select = vec![id.clone()];
        for also in table
            .get("also")
            .and_then(|a| a.as_array())
            .into_iter()
            .flatten()
        {
            select.push(also.as_str().unwrap().to_string());
        }
        if let Some(config) = table.get("config") {
            fs::write(
                project.join("cdktf-fix.toml"),
                toml::to_string(config).unwrap(),
            )
            .unwrap();
        }
        let input = fs::read_to_string(project.join("input.py")).unwrap();
        let select = select.join(",");
        let mut args = vec!["fix", "--select", &select, "-q"];
        if table.get("unsafe-fixes").and_then(|v| v.as_bool()) == Some(true) {
            args.push("--unsafe-fixes");
        }
        args.push("input.py");
        let out = cli::run(&project, &args);
        let fixed = fs::read_to_string(project.join("input.py")).unwrap();
        let expected = fs::read_to_string(case.join("expected.py")).unwrap_or(input.clone());
        if fixed != expected {
            failures.push(format!(
                "{name}: `cdktf-fix {}` in the project wrote something else than expected.py:\n{fixed}\n{}",
                args.join(" "),
                cli::printed(&out)
            ));
            continue;
        }
        let (input_copy, fixed_copy) = (format!("c{i:03}_input.py"), format!("c{i:03}_fixed.py"));
        fs::write(checked_dir.join(&input_copy), &input).unwrap();
        fs::write(checked_dir.join(&fixed_copy), &fixed).unwrap();
        by_length
            .entry(*length)
            .or_default()
            .push((name, input_copy, fixed_copy));
    }
    let mut checked = 0;
    let mut unformatted_inputs = Vec::new();
    for (length, group) in &by_length {
        let files: Vec<String> = group
            .iter()
            .flat_map(|(_, i, f)| [i.clone(), f.clone()])
            .collect();
        let failed = black_check(&black, &checked_dir, &files, *length);
        for (name, input, fixed) in group {
            if failed.contains(input) {
                unformatted_inputs.push(name.clone());
            } else if failed.contains(fixed) {
                failures.push(format!(
                    "{name}: the fixed file does not pass black --check --line-length {length}:\n{}",
                    black_diff(&black, &checked_dir, fixed, *length)
                ));
            } else {
                checked += 1;
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} black cases fail:\n\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
    if !unformatted_inputs.is_empty() {
        eprintln!(
            "black: not checked, the input is not black-clean: {}",
            unformatted_inputs.join(", ")
        );
    }
    // The cases of the Python formatting work (five from before, four transforms times four).
    assert!(
        checked >= 21,
        "expected at least 21 black cases whose input passes black, checked {checked} of {}",
        cases.len()
    );
    eprintln!("black: {checked} cases pass");
}

/// The check this suite relies on fails where black would reformat: a call past the line length
/// on one line, an exploded call without its magic trailing comma, and passes black's layout.
#[test]
fn the_check_fails_on_what_black_would_reformat() {
    let black = black();
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::write(root.join("pyproject.toml"), "").unwrap();
    let long = "Instance(self, \"web\", ami=\"ami-0123456789abcdef0\", instance_type=\"t3.micro\", metadata_options={\"http_tokens\": \"required\"})\n";
    let exploded = "Instance(\n    self,\n    \"web\",\n    ami=\"ami-0123456789abcdef0\",\n    instance_type=\"t3.micro\",\n    metadata_options={\"http_tokens\": \"required\"},\n)\n";
    let no_comma = "Instance(\n    self,\n    \"web\",\n    ami=\"ami-0123456789abcdef0\",\n    instance_type=\"t3.micro\",\n    metadata_options={\"http_tokens\": \"required\"}\n)\n";
    let files: Vec<String> = ["long.py", "exploded.py", "no_comma.py"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    for (file, text) in files.iter().zip([long, exploded, no_comma]) {
        fs::write(root.join(file), text).unwrap();
    }
    let failed = black_check(&black, root, &files, 88);
    assert_eq!(failed, ["long.py", "no_comma.py"]);
}

/// Statements of the shapes cdktf-fix writes and rewrites in Python (construct calls with
/// keyword arguments, dicts, lists, nested struct calls, magic trailing commas, long strings):
/// `black_print` prints each exactly as black 26.10.1 does, or gives up; it never prints
/// something else.
const PRINTER_CASES: &[&str] = &[
    "Instance(self, \"web\", ami=\"ami-0123456789abcdef0\", metadata_options={\"http_tokens\": \"required\"})",
    "Instance(self, \"web\", ami=\"ami-0123456789abcdef0\", instance_type=\"t3.micro\", metadata_options={\"http_tokens\": \"required\"})",
    "web = Instance(self, \"web\", ami=\"ami-0123456789abcdef0\", metadata_options={\"http_tokens\": \"required\"})",
    "self.web = aws.instance.Instance(self, \"web\", ami=\"ami-0123456789abcdef0\", instance_type=\"t3.micro\")",
    "Instance(self, \"web\", metadata_options={\"http_tokens\": \"required\", \"http_endpoint\": \"enabled\", \"http_put_response_hop_limit\": 1})",
    "Instance(self, \"web\", ami=\"ami-0123456789abcdef0\", metadata_options=InstanceMetadataOptions(http_tokens=\"required\", http_endpoint=\"enabled\", hop=1))",
    "Instance(self, \"web\", ami=\"ami-0123456789abcdef0\", instance_type=\"t3.micro\", metadata_options={\"http_tokens\": \"requiredddddddddddddddddddddddddddddddddddddddddddd\"})",
    "Instance(self, \"web\", ami=\"ami\", metadata_options=InstanceMetadataOptions(http_tokens=\"requiredddddddddddddddddddddddddddddddddddddddddddddddddd\"))",
    "Instance(self, \"web\",)",
    "Instance(self,)",
    "Instance(self, \"web\", tags=[a,])",
    "Instance(self, \"web\", ami=\"ami\", tags={\"a\": \"b\",})",
    "Instance(self, \"web\", ami=\"ami-0123456789abcdef0000000\", metadata_options=aaaaaaaaaaaaa)",
    "Instance(self, \"web\", ami=\"ami-0123456789abcdef0000000\", metadata_options=aaaaa.bb(1))",
    "Instance(self, \"web\", ami=\"ami-0123456789abcdef0000000\", metadata_options=[aaaaaaaa])",
    "Instance(self, \"web\", ami=\"ami-0123456789abcdef0000000\", metadataaaaaaaaaaaaaaaaaa=1)",
    "SecurityGroup(self, \"sg\", ingress=[{\"fromPort\": 0, \"toPort\": 0, \"protocol\": \"-1\", \"cidrBlocks\": [\"10.1.0.0/16\"]}])",
    "SecurityGroupRule(self, \"all-out\", type=\"egress\", security_group_id=\"sg-123\", from_port=0, to_port=0, protocol=\"-1\")",
    "SecurityGroupRule(self, \"rule\", type=\"ingress\", from_port=0, to_port=0, protocol=\"-1\", cidr_blocks=[\"0.0.0.0/0\"])",
    "AwsProvider(self, \"aws\", region=\"us-east-1\", default_tags=[{\"tags\": {\"Project\": \"x\", \"ManagedBy\": \"cdktf\"}}])",
    "AwsProvider(self, \"aws\", region=\"us-east-1\", default_tags=[{\"tags\": {\"Project\": \"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\", \"ManagedBy\": \"cdktf\"}}])",
    "AwsProvider(self, \"aws\", region=\"us-east-1\", default_tags=[AwsProviderDefaultTags(tags={\"Project\": \"cdktf-fix\", \"ManagedBy\": \"cdktf\"})])",
    "NatGateway(self, \"nat\", allocation_id=self.eip.id, subnet_id=self.public_subnet.id, depends_on=[self.igw])",
    "nat = NatGateway(self, \"nat\", allocation_id=eip.id, subnet_id=subnet.id, depends_on=[internet_gateway])",
    "self.providers[region] = AwsProvider(self, f\"aws_{alias}\", region=region, alias=alias, default_tags=[{\"tags\": {\"ManagedBy\": \"CDKTF\"}}])",
    "self.providers[region.name] = AwsProvider(self, f\"aws_{alias}\", region=region, alias=alias)",
    "print(\"a very long string that goes past the line length for sure yes it does, it really really does\")",
    "Foo(self, \"id\", description=\"a very long string that goes past the line length for sure yes it does\")",
    "Foo(self, \"id\", {\"aaaaaaaaaaaaaaaaaaaaaaaa\": \"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\", \"c\": \"ddddddddddddddd\"})",
    "Foo(self, \"id\", [{\"aaaaaaaaaaaaaaaaaaaaaaaa\": \"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\", \"c\": \"ddddddddddddddd\"}])",
    "Foo(self, \"id\", x=a + b, y=c if d else e, z=not f, w=-1, v=xs[0], u=lambda: 1)",
    "Foo(self, \"id\", xxxxxxxxxxxxxxxx=aaaaaaaaaaaaaaaaaaaaaaa + bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb + ccccccccccccccccccc)",
    "Foo(self, \"id\", x=Fn.join(\",\", [a, b]), y=Token.as_string(self.bucket.id), z=f\"{prefix}-bucket\")",
    "Foo(self, \"id\", tags={**common, \"Name\": \"x\"})",
    "Foo(self, \"id\", *args)",
    "Foo(self, \"id\", x=(1,), y=(a, b))",
    "Foo(self, \"id\", x=(a, b,), y={a, b,}, z=xs[a, b,])",
    "Foo(self, \"id\", x=True, y=False, z=None, w=1.5, v=0x1F)",
    "Foo(self, \"id\", x=Bar(), y=[], z={})",
    "Fooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooo(self, \"id\", a=1)",
    "Foo(self, \"id\", x=Bar(self, \"bar\", a=Baz(self, \"baz\", b=Qux(self, \"qux\", c=[1, 2, 3], d={\"e\": \"f\"}))))",
];

#[test]
fn the_printer_prints_what_black_prints_or_gives_up() {
    use transforms::syntax::python::black_print;
    let black = black();
    let mut failures = Vec::new();
    for (length, indent) in [(88, ""), (88, "        "), (60, ""), (60, "        ")] {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::write(root.join("pyproject.toml"), "").unwrap();
        let wrap = if indent.is_empty() {
            ""
        } else {
            "class A:\n    def f(self):\n"
        };
        let files: Vec<String> = (0..PRINTER_CASES.len())
            .map(|i| format!("c{i:02}.py"))
            .collect();
        for (file, case) in files.iter().zip(PRINTER_CASES) {
            fs::write(root.join(file), format!("{wrap}{indent}{case}\n")).unwrap();
        }
        let out = Command::new(&black)
            .args(["-q", "--line-length", &length.to_string()])
            .args(&files)
            .current_dir(root)
            .output()
            .expect("black runs");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let mut printed = 0;
        for (file, case) in files.iter().zip(PRINTER_CASES) {
            let formatted = fs::read_to_string(root.join(file)).unwrap();
            let want = formatted.strip_prefix(wrap).unwrap().trim_end();
            if let Some(got) = black_print(case, indent, length, "\n") {
                printed += 1;
                let got = format!("{indent}{got}");
                if got != want {
                    failures.push(format!(
                        "line length {length}, indent {}:\n{case}\n--- printer ---\n{got}\n--- black ---\n{want}",
                        indent.len()
                    ));
                }
            }
        }
        eprintln!(
            "line length {length}, indent {}: printed {printed} of {}",
            indent.len(),
            PRINTER_CASES.len()
        );
        // The printer is of use only if it prints most of them.
        assert!(
            printed * 10 >= PRINTER_CASES.len() * 7,
            "line length {length}: printed {printed} of {}",
            PRINTER_CASES.len()
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
