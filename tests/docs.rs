//! What users read stands alone: README.md's table of transforms is generated from the registry
//! (this test fails when the two disagree; `UPDATE_SNAPSHOTS=1 cargo test --release --test docs`
//! rewrites the table), and no text `explain` prints or the repository's documents hold points at
//! files outside the repository or at the review documents the project was planned from.

use std::fs;
use std::path::Path;

use transforms::catalogue::REGISTRY;
use transforms::Lang;

const START: &str = "<!-- transforms:start (generated from the registry by tests/docs.rs) -->\n";
const END: &str = "<!-- transforms:end -->\n";

fn languages(langs: &[Lang]) -> String {
    let mut names: Vec<&str> = Vec::new();
    for lang in langs {
        let name = match lang {
            Lang::TypeScript | Lang::Tsx => "TypeScript",
            Lang::Python => "Python",
            Lang::Go => "Go",
            Lang::Java => "Java",
            Lang::CSharp => "C#",
            Lang::Manifest(_) => "dependency manifests",
        };
        if !names.contains(&name) {
            names.push(name);
        }
    }
    names.join(", ")
}

/// The table as the registry says it: id, whether it runs by default (and its kind), languages,
/// fix safety, summary.
fn table() -> String {
    let mut out =
        String::from("| id | default | languages | fixes | what |\n|---|---|---|---|---|\n");
    for transform in REGISTRY {
        let meta = transform.meta();
        let default = if transform.opt_in() { "off" } else { "on" };
        out.push_str(&format!(
            "| `{}` | {default} ({}) | {} | {} | {} |\n",
            meta.id,
            meta.kind.name(),
            languages(meta.languages),
            meta.safety_label(),
            meta.summary.replace('|', "\\|")
        ));
    }
    out
}

#[test]
fn the_readme_table_of_transforms_is_the_registry() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
    let readme = fs::read_to_string(&path).unwrap();
    let start = readme
        .find(START)
        .expect("README.md has the transforms:start marker")
        + START.len();
    let end = readme[start..]
        .find(END)
        .expect("README.md has the transforms:end marker")
        + start;
    let expected = table();
    if readme[start..end] != expected {
        if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
            fs::write(
                &path,
                format!("{}{}{}", &readme[..start], expected, &readme[end..]),
            )
            .unwrap();
            return;
        }
        panic!(
            "README.md's table of transforms differs from the registry; \
             UPDATE_SNAPSHOTS=1 cargo test --release --test docs rewrites it.\nExpected:\n{expected}"
        );
    }
    for transform in REGISTRY {
        assert!(readme.contains(&format!("`{}`", transform.meta().id)));
    }
}

/// Words that point outside the repository or at the documents the catalogue was planned from.
fn outside_reference(text: &str) -> Option<&'static str> {
    let lower = text.to_lowercase();
    [
        "../shared",
        "shared/seeds",
        "seed 0",
        "seeds'",
        "review document",
        "§",
    ]
    .into_iter()
    .find(|w| lower.contains(w))
}

#[test]
fn explain_cites_public_sources_only() {
    for transform in REGISTRY {
        let meta = transform.meta();
        assert_eq!(
            outside_reference(meta.docs),
            None,
            "`explain {}` points outside the repository",
            meta.id
        );
        let source = meta.docs.split("## Source").nth(1).unwrap_or("");
        assert!(
            source.contains("https://"),
            "`explain {}`: its Source section cites no public page",
            meta.id
        );
    }
}

#[test]
fn the_documents_stand_alone() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for doc in ["README.md", "ARCHITECTURE.md", "BENCHMARKS.md"] {
        let text = fs::read_to_string(root.join(doc)).unwrap();
        assert_eq!(outside_reference(&text), None, "{doc}");
    }
}
