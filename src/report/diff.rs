//! Unified diffs that `git apply` accepts.

use similar::TextDiff;

/// A `diff --git` patch turning `old` into `new` for the file shown as `path`
/// (a path relative to where the command runs, with `/` separators).
pub fn unified(path: &str, old: &str, new: &str) -> String {
    let diff = TextDiff::from_lines(old, new);
    let body = diff
        .unified_diff()
        .context_radius(3)
        .missing_newline_hint(true)
        .header(&format!("a/{path}"), &format!("b/{path}"))
        .to_string();
    format!("diff --git a/{path} b/{path}\n{body}")
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
    fn colour_wraps_changed_lines_only() {
        let c = colorize("--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+b\n c\n");
        assert!(c.contains("\x1b[31m-a\x1b[0m\n"));
        assert!(c.contains("\x1b[32m+b\x1b[0m\n"));
        assert!(c.ends_with(" c\n"));
    }
}
