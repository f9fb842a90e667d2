//! Patches: a fixed text as the unified diff `--dry-run` prints (`git apply` accepts it), and as
//! replacements of whole lines of the text as read (the `edits` of the reports).

use similar::TextDiff;

/// A `diff --git` patch turning `old` into `new` for the file shown as `path`
/// (a path relative to where the command runs, with `/` separators).
pub fn unified(path: &str, old: &str, new: &str) -> String {
    unified_of(&TextDiff::from_lines(old, new), path)
}

/// [`line_edits`] and [`unified`] of one diff, computed once (a large file's diff is most of
/// what `fix --dry-run` adds to the rounds).
pub fn edits_and_unified(
    path: &str,
    old: &str,
    new: &str,
) -> (Vec<(std::ops::Range<usize>, String)>, String) {
    let diff = TextDiff::from_lines(old, new);
    (edits_of(&diff, new), unified_of(&diff, path))
}

fn unified_of<'a>(diff: &'a TextDiff<'a, 'a, 'a, str>, path: &str) -> String {
    let body = diff
        .unified_diff()
        .context_radius(3)
        .missing_newline_hint(true)
        .header(&format!("a/{path}"), &format!("b/{path}"))
        .to_string();
    format!("diff --git a/{path} b/{path}\n{body}")
}

/// The change from `old` to `new` as replacements of whole lines of `old`: byte range of `old`,
/// new text. Adjacent changed lines form one replacement; applied in order they give `new`.
pub fn line_edits(old: &str, new: &str) -> Vec<(std::ops::Range<usize>, String)> {
    edits_of(&TextDiff::from_lines(old, new), new)
}

fn edits_of<'a>(
    diff: &'a TextDiff<'a, 'a, 'a, str>,
    new: &str,
) -> Vec<(std::ops::Range<usize>, String)> {
    let offsets = |slices: &[&str]| {
        let mut at = vec![0];
        for s in slices {
            at.push(at.last().unwrap() + s.len());
        }
        at
    };
    let old_at = offsets(diff.old_slices());
    let new_at = offsets(diff.new_slices());
    let mut out: Vec<(std::ops::Range<usize>, std::ops::Range<usize>)> = Vec::new();
    for op in diff.ops() {
        if let similar::DiffOp::Equal { .. } = op {
            continue;
        }
        let (o, n) = (op.old_range(), op.new_range());
        let (o, n) = (
            old_at[o.start]..old_at[o.end],
            new_at[n.start]..new_at[n.end],
        );
        match out.last_mut() {
            Some((lo, ln)) if lo.end == o.start && ln.end == n.start => {
                lo.end = o.end;
                ln.end = n.end;
            }
            _ => out.push((o, n)),
        }
    }
    out.into_iter()
        .map(|(o, n)| (o, new[n].to_string()))
        .collect()
}

/// ANSI colours for a terminal: headers bold, hunks cyan, removals red, additions green.
pub fn colorize(patch: &str) -> String {
    let mut out = String::with_capacity(patch.len() + 256);
    for line in patch.split_inclusive('\n') {
        let (body, nl) = match line.strip_suffix('\n') {
            Some(b) => (b, "\n"),
            None => (line, ""),
        };
        let code = if body.starts_with("diff --git")
            || body.starts_with("--- ")
            || body.starts_with("+++ ")
        {
            "1"
        } else if body.starts_with("@@") {
            "36"
        } else if body.starts_with('-') {
            "31"
        } else if body.starts_with('+') {
            "32"
        } else {
            ""
        };
        if code.is_empty() {
            out.push_str(line);
        } else {
            out.push_str(&format!("\x1b[{code}m{body}\x1b[0m{nl}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patch_has_git_headers_and_hunk() {
        let p = unified("src/a.ts", "a\nb\nc\n", "a\nB\nc\n");
        assert_eq!(
            p,
            "diff --git a/src/a.ts b/src/a.ts\n--- a/src/a.ts\n+++ b/src/a.ts\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n"
        );
    }

    #[test]
    fn missing_final_newline_is_marked() {
        let p = unified("a.ts", "x\ny", "x\nz");
        assert!(
            p.ends_with("-y\n\\ No newline at end of file\n+z\n\\ No newline at end of file\n"),
            "{p}"
        );
    }

    #[test]
    fn line_edits_rebuild_the_new_text() {
        let old = "a\nb\nc\nd\n";
        let new = "a\nB\nc\nd\ne\n";
        let edits = line_edits(old, new);
        assert_eq!(
            edits,
            vec![(2..4, "B\n".to_string()), (8..8, "e\n".to_string())]
        );
        let mut rebuilt = old.to_string();
        for (r, t) in edits.iter().rev() {
            rebuilt.replace_range(r.clone(), t);
        }
        assert_eq!(rebuilt, new);
        assert!(line_edits(old, old).is_empty());
    }

    #[test]
    fn colour_wraps_changed_lines_only() {
        let c = colorize("--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+b\n c\n");
        assert!(c.contains("\x1b[31m-a\x1b[0m\n"));
        assert!(c.contains("\x1b[32m+b\x1b[0m\n"));
        assert!(c.ends_with(" c\n"));
    }
}
