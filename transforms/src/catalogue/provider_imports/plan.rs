//! What the TypeScript and Python rewrites share: handing out the local names of the imports
//! they plan, and turning the rewritten statements into one fix.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::ops::Range;

use super::{upper_first, META};
use crate::index::Provider;
use crate::syntax::{removal_with_line, N};
use crate::{Diagnostic, Edit, Fix, ParsedFile};

/// What the file already binds.
pub(super) struct Names<'a> {
    /// Every name the file binds or references outside the statements being rewritten.
    pub taken: HashSet<String>,
    /// Imports the file keeps: module path → imported name → local name.
    pub existing: &'a HashMap<String, HashMap<String, String>>,
}

impl Names<'_> {
    /// The local name a kept import already gives `name` from `path`, when it is the one wanted.
    pub fn existing(&self, path: &str, name: &str, wanted: Option<&str>) -> Option<String> {
        let local = self.existing.get(path)?.get(name)?;
        wanted.is_none_or(|w| w == local).then(|| local.clone())
    }

    /// The specifiers (`Name`, `Name as Local`) of the names planned for `path` that no kept
    /// import gives exactly so already.
    pub fn new_specs(&self, path: &str, planned: &BTreeMap<String, String>) -> Vec<String> {
        planned
            .iter()
            .filter(|&(name, local)| self.existing(path, name, Some(local)).is_none())
            .map(|(name, local)| spec_text(name, local))
            .collect()
    }
}

/// `Name`, or `Name as Local`: one specifier of an import, TypeScript and Python alike.
pub(super) fn spec_text(name: &str, local: &str) -> String {
    if name == local {
        name.to_string()
    } else {
        format!("{name} as {local}")
    }
}

/// The names the rewrite imports, and every local name it has handed out.
#[derive(Default)]
pub(super) struct Named {
    /// Module path → imported name → local name.
    pub by_path: BTreeMap<String, BTreeMap<String, String>>,
    given: HashSet<String>,
}

impl Named {
    /// The local name under which `name` from `path` is available, planning its import when no
    /// kept import has it. `wanted` is the local name to keep (a re-homed import), if any;
    /// otherwise the name itself when it is free, else the provider's name before it
    /// (`AwsInstance`, then `AwsInstance2`, ...).
    pub fn bind(
        &mut self,
        names: &Names,
        provider: &Provider,
        path: &str,
        name: &str,
        wanted: Option<&str>,
    ) -> String {
        if let Some(local) = names.existing(path, name, wanted) {
            return local;
        }
        if let Some(local) = self.by_path.get(path).and_then(|m| m.get(name)) {
            if wanted.is_none_or(|w| w == local) {
                return local.clone();
            }
        }
        let local = match wanted {
            Some(w) => self.give(w),
            None => self.fresh(names, name, format!("{}{name}", upper_first(provider.name))),
        };
        self.by_path
            .entry(path.to_string())
            .or_default()
            .insert(name.to_string(), local.clone());
        local
    }

    /// `first` when nothing binds it yet, else the first free of `base`, `base2`, `base3`, ...;
    /// handed out.
    pub fn fresh(&mut self, names: &Names, first: &str, base: String) -> String {
        let free = |n: &str| !names.taken.contains(n) && !self.given.contains(n);
        if free(first) {
            return self.give(first);
        }
        let mut candidate = base.clone();
        let mut i = 2;
        while !free(&candidate) {
            candidate = format!("{base}{i}");
            i += 1;
        }
        self.give(&candidate)
    }

    /// Hands out `local` as it is.
    pub fn give(&mut self, local: &str) -> String {
        self.given.insert(local.to_string());
        local.to_string()
    }
}

/// Reads the file's names outside the statements being rewritten: from its `identifiers`
/// those that bind or read a name of the scope (`binds`), all into the names taken, and the
/// references to a provider import's local name (`is_ref`, given the text) in document order.
pub(super) fn scan<'f>(
    identifiers: impl Iterator<Item = N<'f>>,
    statements: &[Range<usize>],
    binds: impl Fn(&N) -> bool,
    is_ref: impl Fn(&N, &str) -> bool,
) -> (HashSet<String>, Vec<N<'f>>) {
    let mut taken = HashSet::new();
    let mut refs = Vec::new();
    for n in identifiers {
        if statements.iter().any(|r| r.contains(&n.range().start)) || !binds(&n) {
            continue;
        }
        let text = n.text().to_string();
        if is_ref(&n, &text) {
            refs.push(n);
        }
        taken.insert(text);
    }
    (taken, refs)
}

/// The comments inside a statement being rewritten, which stay above its new lines.
pub(super) fn comments_in<'f>(file: &'f ParsedFile, statement: &N) -> Vec<N<'f>> {
    let range = statement.range();
    file.of_kind("comment")
        .filter(|c| range.start <= c.range().start && c.range().end <= range.end)
        .collect()
}

/// A rewritten statement: replaced by the lines that stay of it, joined by `separator`, or
/// removed with its line when none do.
pub(super) fn rewrite(text: &str, statement: Range<usize>, lines: &[String], sep: &str) -> Edit {
    if lines.is_empty() {
        Edit::delete(removal_with_line(text, statement))
    } else {
        Edit::replace(statement, lines.join(sep))
    }
}

/// One finding per rewritten statement (its range and message), each with the one fix that
/// rewrites the whole file.
pub(super) fn report(
    statements: impl Iterator<Item = (Range<usize>, String)>,
    edits: Vec<Edit>,
    out: &mut Vec<Diagnostic>,
) {
    let fix = Fix::safe(edits);
    for (range, message) in statements {
        out.push(Diagnostic {
            transform: META.id,
            range,
            message,
            fix: Some(fix.clone()),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::ProviderIndex;

    fn aws() -> &'static Provider {
        ProviderIndex::get().provider("aws").expect("the aws index")
    }

    #[test]
    fn names_clashing_with_the_file_get_the_provider_prefix_then_a_number() {
        let existing = HashMap::new();
        let names = Names {
            taken: ["Instance", "AwsInstance", "Vpc"].map(String::from).into(),
            existing: &existing,
        };
        let mut named = Named::default();
        let p = "@cdktf/provider-aws/lib/instance";
        assert_eq!(
            named.bind(&names, aws(), p, "Instance", None),
            "AwsInstance2"
        );
        // The same name again: the same local, planned once.
        assert_eq!(
            named.bind(&names, aws(), p, "Instance", None),
            "AwsInstance2"
        );
        let q = "@cdktf/provider-aws/lib/subnet";
        assert_eq!(named.bind(&names, aws(), q, "Subnet", None), "Subnet");
        assert_eq!(named.by_path[p]["Instance"], "AwsInstance2");
        assert_eq!(named.by_path[q]["Subnet"], "Subnet");
        // A handed-out name is not free any more.
        assert_eq!(
            named.fresh(&names, "Subnet", "awsSubnet".into()),
            "awsSubnet"
        );
    }

    #[test]
    fn kept_imports_and_wanted_names_are_reused() {
        let p = "@cdktf/provider-aws/lib/vpc";
        let existing = HashMap::from([(
            p.to_string(),
            HashMap::from([("Vpc".to_string(), "MyVpc".to_string())]),
        )]);
        let names = Names {
            taken: HashSet::new(),
            existing: &existing,
        };
        let mut named = Named::default();
        assert_eq!(named.bind(&names, aws(), p, "Vpc", None), "MyVpc");
        assert!(named.by_path.is_empty(), "a kept import plans nothing");
        let planned = BTreeMap::from([
            ("Vpc".to_string(), "MyVpc".to_string()),
            ("VpcConfig".to_string(), "Config".to_string()),
        ]);
        assert_eq!(names.new_specs(p, &planned), ["VpcConfig as Config"]);
        // Another local name is wanted: planned under it.
        assert_eq!(named.bind(&names, aws(), p, "Vpc", Some("V")), "V");
        assert_eq!(named.by_path[p]["Vpc"], "V");
    }

    #[test]
    fn a_statement_with_nothing_left_goes_with_its_line() {
        let text = "a\nimport x\nb\n";
        let at = text.find("import").unwrap();
        let statement = at..at + 8;
        assert_eq!(rewrite(text, statement.clone(), &[], "\n").range, 2..11);
        let e = rewrite(text, statement, &["// c".into(), "import y".into()], "\n");
        assert_eq!((e.range, e.text.as_str()), (2..10, "// c\nimport y"));
    }
}
