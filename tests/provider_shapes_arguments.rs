//! The removed and renamed argument tables (`transforms/providers/<provider>.arguments.tsv`) are
//! generated: `transforms/generator/gen-arguments.mjs` joins the transcribed upgrade guides and
//! changelogs (`transforms/generator/<provider>-upgrade-guides.tsv`) with the bindings' shapes
//! (`<provider>.shapes.tsv`, `<provider>.tsv`, `<provider>.types.tsv`), and `gen-index.mjs` runs
//! it after regenerating the shapes. These tests run its `--check` mode, which reads only those
//! committed files (no npm, no network) and writes nothing: a table that is not what its inputs
//! give now (a guide row added or changed without regenerating, shapes regenerated without the
//! join) fails here. Needs `node`, as the conformance suites do.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn check(generator: &Path) -> Output {
    Command::new("node")
        .arg(generator.join("gen-arguments.mjs"))
        .arg("--check")
        .current_dir(generator)
        .output()
        .expect("node runs (the conformance suites need it too)")
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[test]
fn committed_argument_tables_are_what_their_inputs_give() {
    let out = check(&repo_root().join("transforms/generator"));
    assert!(
        out.status.success(),
        "stale tables (run `node gen-arguments.mjs` in transforms/generator):\n{}",
        text(&out)
    );
    // Every transcription has its table, and the check read them all.
    let guides: Vec<String> = fs::read_dir(repo_root().join("transforms/generator"))
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter_map(|f| f.strip_suffix("-upgrade-guides.tsv").map(str::to_string))
        .collect();
    assert!(guides.len() >= 3, "{guides:?}");
    for p in &guides {
        assert!(
            repo_root()
                .join(format!("transforms/providers/{p}.arguments.tsv"))
                .is_file(),
            "{p}"
        );
    }
}

/// A copy of the generator's inputs in a temporary tree laid out as the repository's.
fn copy_inputs() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = repo_root().join("transforms");
    for sub in ["generator", "providers"] {
        fs::create_dir_all(dir.path().join(sub)).unwrap();
        for entry in fs::read_dir(root.join(sub)).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_str().unwrap().to_string();
            let wanted =
                name.ends_with(".tsv") || name == "gen-arguments.mjs" || name == "package.json";
            if path.is_file() && wanted {
                fs::copy(&path, dir.path().join(sub).join(&name)).unwrap();
            }
        }
    }
    dir
}

#[test]
fn the_check_fails_on_a_table_its_inputs_no_longer_give() {
    let dir = copy_inputs();
    let generator = dir.path().join("generator");
    assert!(check(&generator).status.success(), "the copy starts fresh");

    // A guide row the bindings agree with, transcribed without regenerating.
    let guide = generator.join("tls-upgrade-guides.tsv");
    let original = fs::read_to_string(&guide).unwrap();
    fs::write(
        &guide,
        format!("{original}4\thttps://github.com/hashicorp/terraform-provider-tls/blob/main/CHANGELOG.md#400-july-21-2022\tresource\ttls_private_key\tkey_size\trsa_bits\trename\t\n"),
    )
    .unwrap();
    let out = check(&generator);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        text(&out).contains("providers/tls.arguments.tsv"),
        "{}",
        text(&out)
    );
    fs::write(&guide, &original).unwrap();

    // Shapes regenerated (a newer package that has `keyAlgorithm` again) without the join: the
    // row of the table is one the bindings disagree with now.
    let shapes = dir.path().join("providers/tls.shapes.tsv");
    let before = fs::read_to_string(&shapes).unwrap();
    let after = before.replace(
        "CertRequestConfig\tm\t",
        "CertRequestConfig\tm\tkeyAlgorithm ",
    );
    assert_ne!(before, after);
    fs::write(&shapes, after).unwrap();
    let out = check(&generator);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    fs::write(&shapes, before).unwrap();

    // Regenerated, the copy passes again, and writing changed nothing of the committed tables.
    assert!(check(&generator).status.success());
    let write = Command::new("node")
        .arg(generator.join("gen-arguments.mjs"))
        .current_dir(&generator)
        .output()
        .unwrap();
    assert!(write.status.success(), "{}", text(&write));
    for p in ["aws", "random", "tls"] {
        let name = format!("providers/{p}.arguments.tsv");
        assert_eq!(
            fs::read_to_string(dir.path().join(&name)).unwrap(),
            fs::read_to_string(repo_root().join("transforms").join(&name)).unwrap(),
            "{name}"
        );
    }
}
