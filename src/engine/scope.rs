//! A suppression comment above a construct call covers the findings inside that construct, for
//! the ids it names:
//!
//! ```ts
//! // cdktf-fix: ignore[sg-port-range] -- the whole rule set is reviewed
//! new SecurityGroup(this, "sg", {
//!   ingress: [{ protocol: "-1", fromPort: 80, toPort: 80 }],   // covered
//! });
//! ```
//!
//! A finding counts as suppressed when a call (`new X(...)` in TypeScript, any call in Python
//! and Go) holding it starts on a line where [`Suppressions`] suppresses its transform: the
//! comment's own line rules (`crate::suppress`) stay the only reading of the comments.

use std::ops::Range;

use transforms::lang::Lang;
use transforms::{Diagnostic, ParsedFile};

use crate::suppress::{Suppressions, MARKER};

/// The construct calls of a file that may carry a suppression: empty when the file has no
/// suppression comment, so a file without one costs one substring search.
pub struct Scopes {
    calls: Vec<Range<usize>>,
}

impl Scopes {
    pub fn new(file: &ParsedFile) -> Scopes {
        if !file.text.contains(MARKER) {
            return Scopes { calls: Vec::new() };
        }
        let kinds: &[&str] = match file.lang {
            Lang::TypeScript | Lang::Tsx => &["new_expression"],
            Lang::Python => &["call"],
            Lang::Go => &["call_expression"],
            Lang::Java | Lang::CSharp => &["object_creation_expression"],
            Lang::Manifest(_) => &[],
        };
        let calls = file.of_kinds(kinds).map(|n| n.range()).collect();
        Scopes { calls }
    }

    /// Whether a construct holding `d` starts where its transform is suppressed.
    pub fn suppress(&self, suppressions: &Suppressions, d: &Diagnostic) -> bool {
        self.calls.iter().any(|call| {
            call.start < d.range.start
                && d.range.start < call.end
                && suppressions.suppresses(d.transform, &(call.start..call.start))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::scripted::LET_B;
    use super::super::Engine;
    use crate::config::Config;
    use transforms::lang::Lang;

    #[test]
    fn a_comment_above_a_construct_covers_the_findings_inside_it() {
        let eng = Engine::new(vec![&LET_B], Config::default(), false);
        let inside =
            "// cdktf-fix: ignore[default-tags]\nnew X(this, \"x\", () => {\n  let b = 2;\n});\n";
        assert!(eng.check(Lang::TypeScript, inside).is_empty(), "{inside}");
        assert_eq!(eng.fix(Lang::TypeScript, inside).unwrap().text, inside);
        // Another id, or no construct starting on the covered line: not covered.
        for text in [
            "// cdktf-fix: ignore[sg-port-range]\nnew X(this, \"x\", () => {\n  let b = 2;\n});\n",
            "// cdktf-fix: ignore[default-tags]\nfoo();\nnew X(this, \"x\", () => {\n  let b = 2;\n});\n",
        ] {
            assert_eq!(eng.check(Lang::TypeScript, text).len(), 1, "{text}");
        }
    }
}
