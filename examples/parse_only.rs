//! Bench only (bench/run.sh, BENCHMARKS.md): the time tree-sitter alone needs to parse some
//! files, the floor `check` is compared with. Reads the paths to parse, one a line, from stdin
//! (bench/run.sh hands it ripgrep's list of the files holding a trigger literal: the files the
//! prefilter lets through), parses each with the grammar cdktf-fix uses for it, and drops the
//! tree: no flattening, no transform, no output but a count on stderr.
//!
//!     rg -l ... TREE | target/release/examples/parse_only [-j N]
//!
//! `-j N` parses on N threads (files dealt round-robin), as `check -j N` does.

use std::io::BufRead;
use std::path::PathBuf;

use ast_grep_core::tree_sitter::LanguageExt;
use transforms::lang::Lang;

/// The allocators `check` runs with (src/main.rs): mimalloc, for Rust and for tree-sitter.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod ts_alloc {
    use std::ffi::c_void;

    fn checked(p: *mut c_void) -> *mut c_void {
        if p.is_null() {
            std::process::abort();
        }
        p
    }
    unsafe extern "C" fn malloc(size: usize) -> *mut c_void {
        checked(unsafe { libmimalloc_sys::mi_malloc(size.max(1)) })
    }
    unsafe extern "C" fn calloc(n: usize, size: usize) -> *mut c_void {
        checked(unsafe { libmimalloc_sys::mi_calloc(n.max(1), size.max(1)) })
    }
    unsafe extern "C" fn realloc(p: *mut c_void, size: usize) -> *mut c_void {
        checked(unsafe { libmimalloc_sys::mi_realloc(p, size.max(1)) })
    }
    unsafe extern "C" fn free(p: *mut c_void) {
        unsafe { libmimalloc_sys::mi_free(p) }
    }

    pub fn install() {
        // SAFETY: first thing in `main`, before any tree-sitter object exists; one allocator
        // family that never returns null.
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

fn parse_all(paths: &[PathBuf]) -> (usize, usize) {
    let mut parser = tree_sitter::Parser::new();
    let (mut files, mut bytes) = (0, 0);
    for path in paths {
        let Some(lang) = Lang::from_path(path).filter(|l| !l.is_manifest()) else {
            continue;
        };
        let Ok(text) = std::fs::read(path) else {
            continue;
        };
        parser
            .set_language(&lang.grammar().get_ts_language())
            .expect("grammar");
        let tree = parser.parse(&text, None).expect("a tree");
        std::hint::black_box(tree.root_node().child_count());
        files += 1;
        bytes += text.len();
    }
    (files, bytes)
}

fn main() {
    ts_alloc::install();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let jobs = match args.as_slice() {
        [] => 1,
        [j, n] if j == "-j" => n.parse().expect("-j N"),
        _ => {
            eprintln!("usage: parse_only [-j N] < paths");
            std::process::exit(2);
        }
    };
    let paths: Vec<PathBuf> = std::io::stdin()
        .lock()
        .lines()
        .map_while(Result::ok)
        .filter(|l| !l.is_empty())
        .map(PathBuf::from)
        .collect();
    let shares: Vec<Vec<PathBuf>> = (0..jobs.max(1))
        .map(|j| paths.iter().skip(j).step_by(jobs.max(1)).cloned().collect())
        .collect();
    let (files, bytes) = std::thread::scope(|s| {
        let handles: Vec<_> = shares
            .iter()
            .map(|share| s.spawn(|| parse_all(share)))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("a parsing thread"))
            .fold((0, 0), |(f, b), (f2, b2)| (f + f2, b + b2))
    });
    eprintln!("parsed {files} files, {bytes} bytes");
}
