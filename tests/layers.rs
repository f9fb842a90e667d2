//! Dependencies point one way. Cargo already forbids the `transforms` crate from using the tool
//! (it has no dependency on it); inside each crate, this test fails when two top-level modules
//! reach each other, directly or through others (`crate::a` in `b` and `crate::b` in `a`).
//!
//! A module's `#[cfg(test)]` code is left out: a test may drive a lower module through a
//! higher one. What counts as a use: any path `crate::<module>` in the code, including the
//! groups of `use crate::{a, b::c}`.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

type Graph = BTreeMap<String, BTreeSet<String>>;

/// The top-level module a source file belongs to (`engine/mod.rs` and `engine/file.rs` are
/// both `engine`); `None` for the crate root (`lib.rs`, `main.rs`).
fn top_module(src: &Path, file: &Path) -> Option<String> {
    let rel = file.strip_prefix(src).ok()?;
    let first = rel.components().next()?.as_os_str().to_str()?;
    let name = first.strip_suffix(".rs").unwrap_or(first);
    (!matches!(name, "lib" | "main")).then(|| name.to_string())
}

/// The code of a file without its test modules, comments and string literals: everything from
/// the first `#[cfg(test)]` on is dropped (tests sit at the end of a file here), then line
/// comments, so that prose naming `crate::x` is not a use.
fn code_of(text: &str) -> String {
    let code = text.split("#[cfg(test)]").next().unwrap_or("");
    code.lines()
        .map(|l| match l.find("//") {
            Some(i) => &l[..i],
            None => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every top-level module named after `crate::` in `code`, groups included.
fn uses(code: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let mut rest = code;
    while let Some(i) = rest.find("crate::") {
        rest = &rest[i + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            // `crate::{a, b::{c, d}, e}`: the first segment of each top-level item.
            let mut depth = 0;
            let mut item_start = true;
            for (j, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => {
                        rest = &group[j..];
                        break;
                    }
                    '}' => depth -= 1,
                    ',' if depth == 0 => item_start = true,
                    c if item_start && (c.is_alphabetic() || c == '_') => {
                        let name: String = group[j..]
                            .chars()
                            .take_while(|c| c.is_alphanumeric() || *c == '_')
                            .collect();
                        found.insert(name);
                        item_start = false;
                    }
                    _ => {}
                }
            }
        } else {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                found.insert(name);
            }
        }
    }
    found
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The module graph of one crate's `src/`: an edge `a → b` when `a` uses `crate::b`.
fn module_graph(src: &Path) -> Graph {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    let mut graph = Graph::new();
    let tops: BTreeSet<String> = files.iter().filter_map(|f| top_module(src, f)).collect();
    for file in &files {
        let Some(top) = top_module(src, file) else {
            continue;
        };
        let text = fs::read_to_string(file).unwrap();
        let edges = graph.entry(top.clone()).or_default();
        for used in uses(&code_of(&text)) {
            if used != top && tops.contains(&used) {
                edges.insert(used);
            }
        }
    }
    graph
}

/// The strongly connected components with more than one module (Tarjan's algorithm): each is
/// a set of modules that all reach each other.
fn cycles(graph: &Graph) -> Vec<Vec<String>> {
    struct State<'g> {
        graph: &'g Graph,
        index: BTreeMap<&'g str, usize>,
        low: BTreeMap<&'g str, usize>,
        stack: Vec<&'g str>,
        on_stack: BTreeSet<&'g str>,
        found: Vec<Vec<String>>,
    }
    fn visit<'g>(s: &mut State<'g>, v: &'g str) {
        let i = s.index.len();
        s.index.insert(v, i);
        s.low.insert(v, i);
        s.stack.push(v);
        s.on_stack.insert(v);
        let graph = s.graph;
        for w in graph.get(v).into_iter().flatten() {
            let w = w.as_str();
            if !s.index.contains_key(w) {
                visit(s, w);
                let lw = s.low[w];
                let lv = s.low.get_mut(v).unwrap();
                *lv = (*lv).min(lw);
            } else if s.on_stack.contains(w) {
                let iw = s.index[w];
                let lv = s.low.get_mut(v).unwrap();
                *lv = (*lv).min(iw);
            }
        }
        if s.low[v] == s.index[v] {
            let mut component = Vec::new();
            loop {
                let w = s.stack.pop().unwrap();
                s.on_stack.remove(w);
                component.push(w.to_string());
                if w == v {
                    break;
                }
            }
            if component.len() > 1 {
                component.sort();
                s.found.push(component);
            }
        }
    }
    let mut s = State {
        graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        found: Vec::new(),
    };
    for v in graph.keys() {
        if !s.index.contains_key(v.as_str()) {
            visit(&mut s, v);
        }
    }
    s.found
}

fn describe(graph: &Graph, cycle: &[String]) -> String {
    let members: BTreeSet<&String> = cycle.iter().collect();
    let mut lines = Vec::new();
    for m in cycle {
        for used in &graph[m] {
            if members.contains(used) {
                lines.push(format!("  {m} uses crate::{used}"));
            }
        }
    }
    format!("{{{}}}:\n{}", cycle.join(", "), lines.join("\n"))
}

fn assert_acyclic(src: &Path) {
    let graph = module_graph(src);
    assert!(
        graph.len() > 5,
        "read only {} modules in {}",
        graph.len(),
        src.display()
    );
    let found = cycles(&graph);
    assert!(
        found.is_empty(),
        "top-level modules of {} depend on each other in a cycle:\n{}",
        src.display(),
        found
            .iter()
            .map(|c| describe(&graph, c))
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn the_tool_crate_has_no_module_cycle() {
    assert_acyclic(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"));
}

#[test]
fn the_transforms_crate_has_no_module_cycle() {
    assert_acyclic(&Path::new(env!("CARGO_MANIFEST_DIR")).join("transforms/src"));
}

#[test]
fn the_transforms_crate_never_names_the_tool() {
    let mut files = Vec::new();
    rust_files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("transforms/src"),
        &mut files,
    );
    for file in files {
        let text = fs::read_to_string(&file).unwrap();
        assert!(
            !text.contains("cdktf_fix::"),
            "{} names the tool crate",
            file.display()
        );
    }
}

// The checker itself: it must see a cycle where there is one.

fn graph_of(edges: &[(&str, &str)]) -> Graph {
    let mut g = Graph::new();
    for (a, b) in edges {
        g.entry(a.to_string()).or_default().insert(b.to_string());
        g.entry(b.to_string()).or_default();
    }
    g
}

#[test]
fn a_cycle_through_three_modules_is_found_and_a_chain_is_not() {
    let chain = graph_of(&[("run", "engine"), ("engine", "walk"), ("run", "walk")]);
    assert!(cycles(&chain).is_empty());
    let cyclic = graph_of(&[
        ("report", "engine"),
        ("engine", "walk"),
        ("walk", "report"),
        ("run", "report"),
    ]);
    assert_eq!(cycles(&cyclic), vec![vec!["engine", "report", "walk"]]);
}

#[test]
fn uses_are_read_from_paths_and_groups_but_not_comments_or_tests() {
    let code = code_of(
        "use crate::engine::Engine;\nuse crate::{walk, report::{a, b}, lang::Lang};\n// crate::commit\nfn f() { crate::shard::x(); }\n#[cfg(test)]\nmod tests { use crate::run; }\n",
    );
    let found: Vec<String> = uses(&code).into_iter().collect();
    assert_eq!(found, ["engine", "lang", "report", "shard", "walk"]);
}
