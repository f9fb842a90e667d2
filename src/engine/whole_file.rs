//! The whole-file net, after the rounds and beside the syntax net: a fixed text must still make
//! sense as a whole, or it is refused. Per language (TypeScript, Python, Go), compared with the
//! text as it was:
//!
//! - no name bound twice by imports in one scope;
//! - no import of, or reach into, a provider export the index says does not exist or is of the
//!   wrong kind for its use (unless the original text had the same reference);
//! - no name the original text imported left unbound while the fixed text still reads it (an
//!   import removed while a use remains).

use std::collections::BTreeSet;

use transforms::index::ProviderIndex;
use transforms::lang::Lang;
use transforms::syntax::bindings::Bindings;
use transforms::ParsedFile;

/// Whether the check reads files of this language at all.
pub fn applies(lang: Lang) -> bool {
    lang.is_typescript() || matches!(lang, Lang::Python | Lang::Go)
}

/// The first problem the fixed text has that the original did not, in a sentence; `None` when
/// the fixed text passes.
pub fn problem(lang: Lang, original: &str, fixed: &str) -> Option<String> {
    if !applies(lang) || original == fixed {
        return None;
    }
    let before = Before::read(&ParsedFile::parse(lang, original));
    let after = before.bindings_after(&ParsedFile::parse(lang, fixed));
    before.problem(lang, &after)
}

/// What the check needs of the original text, read from its bindings (the fix loop reads them
/// from the parse of its first round, and keeps only this).
pub struct Before {
    /// The names imported twice already (counted, not named: a fix may rename a name the
    /// original already imported twice).
    twice: Vec<String>,
    /// Its references to provider exports that do not exist, by key.
    known: BTreeSet<String>,
    /// The names its imports bind.
    imported: BTreeSet<String>,
}

impl Before {
    /// Reads the original text, parsed: its imports, and the declarations and reads of the
    /// names they bind (what [`Before::of`] asks of its bindings; the other names' are not read).
    pub fn read(original: &ParsedFile) -> Before {
        Before::of(original.lang, &Bindings::of_names(original, &|_| false))
    }

    pub fn of(lang: Lang, before: &Bindings) -> Before {
        Before {
            twice: before.imported_twice(lang),
            known: before
                .provider_problems(lang, ProviderIndex::get())
                .into_keys()
                .collect(),
            imported: before
                .imported_names()
                .into_iter()
                .map(String::from)
                .collect(),
        }
    }

    /// The fixed text's bindings, as far as [`Before::problem`] asks: its imports, and the
    /// declarations and reads of the names it or the original imports.
    pub fn bindings_after(&self, fixed: &ParsedFile) -> Bindings {
        Bindings::of_names(fixed, &|name| self.imported.contains(name))
    }

    /// The first problem the fixed text, whose bindings are `after`, has that the original did
    /// not.
    pub fn problem(&self, lang: Lang, after: &Bindings) -> Option<String> {
        let twice_after = after.imported_twice(lang);
        if twice_after.len() > self.twice.len() {
            let name = twice_after
                .iter()
                .find(|n| !self.twice.contains(n))
                .unwrap_or(&twice_after[0]);
            return Some(format!("it would import `{name}` twice"));
        }
        if let Some(p) = after
            .provider_problems(lang, ProviderIndex::get())
            .into_iter()
            .find_map(|(key, p)| (!self.known.contains(&key)).then_some(p))
        {
            return Some(format!(
                "it would reference a provider export that does not exist: {p}"
            ));
        }
        self.imported
            .iter()
            .find(|name| !after.binds(name) && after.reads(name))
            .map(|name| format!("it would leave `{name}` used but no longer imported"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unchanged_or_sound_text_passes() {
        let ts = "import { Vpc } from \"@cdktf/provider-aws/lib/vpc\";\nnew Vpc(this, \"v\");\n";
        assert_eq!(problem(Lang::TypeScript, ts, ts), None);
        let fixed = format!("{ts}new Vpc(this, \"w\");\n");
        assert_eq!(problem(Lang::TypeScript, ts, &fixed), None);
    }

    #[test]
    fn a_name_imported_twice_trips_it() {
        let ts = "import { Vpc } from \"@cdktf/provider-aws/lib/vpc\";\nnew Vpc(this, \"v\");\n";
        let fixed = format!("import {{ Vpc }} from \"@cdktf/provider-aws/lib/vpc\";\n{ts}");
        let p = problem(Lang::TypeScript, ts, &fixed).unwrap();
        assert!(p.contains("`Vpc` twice"), "{p}");
        let py = "from cdktf_cdktf_provider_aws.vpc import Vpc\nVpc(self, \"v\")\n";
        let fixed = format!("from cdktf_cdktf_provider_aws.subnet import Subnet as Vpc\n{py}");
        assert!(problem(Lang::Python, py, &fixed).is_some());
        let go = "package main\n\nimport \"github.com/cdktf/cdktf-provider-aws-go/aws/v19/vpc\"\n\nvar _ = vpc.NewVpc\n";
        let fixed = go.replace(
            "import \"",
            "import vpc \"github.com/cdktf/cdktf-provider-aws-go/aws/v19/subnet\"\nimport \"",
        );
        assert!(problem(Lang::Go, go, &fixed).is_some());
        // Twice already in the original: not the fix's doing.
        assert_eq!(
            problem(
                Lang::TypeScript,
                &fixed_twice(),
                &format!("{}\n", fixed_twice())
            ),
            None
        );
    }

    fn fixed_twice() -> String {
        "import { A } from \"a\";\nimport { A } from \"a\";\nA;\n".to_string()
    }

    #[test]
    fn a_missing_provider_export_trips_it_unless_it_was_there_before() {
        let ts = "import { Vpc } from \"@cdktf/provider-aws/lib/vpc\";\nnew Vpc(this, \"v\");\n";
        let renamed = ts.replace("Vpc", "VpcV2");
        let p = problem(Lang::TypeScript, ts, &renamed).unwrap();
        assert!(p.contains("does not export `VpcV2`"), "{p}");
        assert_eq!(
            problem(Lang::TypeScript, &renamed, &format!("{renamed}\n")),
            None
        );
        // Of the wrong kind: an interface (a type only) constructed.
        let config = ts.replace("Vpc", "VpcConfig");
        assert!(problem(Lang::TypeScript, ts, &config)
            .unwrap()
            .contains("interface"));
        let py = "from cdktf_cdktf_provider_aws.vpc import Vpc\nVpc(self, \"v\")\n";
        let moved = py.replace(".vpc ", ".no_such_module ");
        assert!(problem(Lang::Python, py, &moved)
            .unwrap()
            .contains("not a module"));
    }

    #[test]
    fn an_import_removed_while_a_use_remains_trips_it() {
        let ts = "import { Fn, TerraformStack } from \"cdktf\";\nFn.join(\",\", []);\n";
        let fixed = ts.replace("Fn, ", "");
        let p = problem(Lang::TypeScript, ts, &fixed).unwrap();
        assert!(p.contains("`Fn` used but no longer imported"), "{p}");
        // Removed with its last use: fine.
        assert_eq!(
            problem(
                Lang::TypeScript,
                ts,
                "import { TerraformStack } from \"cdktf\";\n"
            ),
            None
        );
        let py = "from cdktf import Fn\nimport json\n\nFn.join(\",\", [])\n";
        assert!(problem(Lang::Python, py, &py.replace("from cdktf import Fn\n", "")).is_some());
        // Bound another way in the fixed text: fine.
        let local = py.replace("from cdktf import Fn\n", "Fn = object()\n");
        assert_eq!(problem(Lang::Python, py, &local), None);
        let go = "package main\n\nimport \"github.com/hashicorp/terraform-cdk-go/cdktf\"\n\nvar _ = cdktf.Fn_Join\n";
        assert!(problem(
            Lang::Go,
            go,
            &go.replace(
                "import \"github.com/hashicorp/terraform-cdk-go/cdktf\"\n",
                ""
            )
        )
        .is_some());
    }
}
