//! Python: what imported names stand for, string literals, keyword arguments.

use std::collections::HashMap;

use crate::syntax::N;

/// The text of a plain string literal (`"x"` or `'x'`: no prefix, no escapes, no
/// interpolation), without quotes.
pub fn string_value(node: &N) -> Option<String> {
    if node.kind() != "string" {
        return None;
    }
    let mut value = String::new();
    for part in node.children() {
        match part.kind().as_ref() {
            "string_start" => {
                let t = part.text();
                if t != "\"" && t != "'" {
                    return None;
                }
            }
            "string_content" => value.push_str(&part.text()),
            "string_end" => {}
            _ => return None,
        }
    }
    (!value.contains('\\')).then_some(value)
}

/// The quote character a string literal uses (`"` or `'`), prefixes and triple quotes aside.
pub fn quote_of(node: &N) -> Option<char> {
    let start = node.children().find(|c| c.kind() == "string_start")?;
    start
        .text()
        .chars()
        .last()
        .filter(|c| *c == '"' || *c == '\'')
}

/// What the names a file imports stand for: local name → dotted path
/// (`from a.b import C as D` binds `D` to `a.b.C`; `import a.b` binds `a` to `a`;
/// `import a.b as x` binds `x` to `a.b`), and the modules imported with `*`.
#[derive(Default, Debug)]
pub struct Bindings {
    pub names: HashMap<String, String>,
    pub star: Vec<String>,
}

fn dotted(node: &N) -> Option<String> {
    (node.kind() == "dotted_name").then(|| node.text().split_whitespace().collect())
}

impl Bindings {
    /// The imports anywhere in the file (relative imports are left out).
    pub fn of(root: &N) -> Bindings {
        let mut b = Bindings::default();
        for stmt in root.dfs() {
            match stmt.kind().as_ref() {
                "import_statement" => {
                    for name in stmt.children().filter(|c| c.is_named()) {
                        match name.kind().as_ref() {
                            "dotted_name" => {
                                if let Some(path) = dotted(&name) {
                                    let first = path.split('.').next().unwrap_or("").to_string();
                                    b.names.insert(first.clone(), first);
                                }
                            }
                            "aliased_import" => {
                                if let (Some(path), Some(alias)) = (
                                    name.field("name").and_then(|n| dotted(&n)),
                                    name.field("alias"),
                                ) {
                                    b.names.insert(alias.text().to_string(), path);
                                }
                            }
                            _ => {}
                        }
                    }
                }
                "import_from_statement" => {
                    let Some(module_node) = stmt.field("module_name") else {
                        continue;
                    };
                    let Some(module) = dotted(&module_node) else {
                        continue;
                    };
                    for name in stmt.children().filter(|c| c.is_named()) {
                        match name.kind().as_ref() {
                            "wildcard_import" => b.star.push(module.clone()),
                            "dotted_name" if name.range() != module_node.range() => {
                                if let Some(n) = dotted(&name) {
                                    b.names.insert(n.clone(), format!("{module}.{n}"));
                                }
                            }
                            "aliased_import" => {
                                if let (Some(n), Some(alias)) = (
                                    name.field("name").and_then(|n| dotted(&n)),
                                    name.field("alias"),
                                ) {
                                    b.names
                                        .insert(alias.text().to_string(), format!("{module}.{n}"));
                                }
                            }
                            _ => {}
                        }
                    }
                }
                _ => {}
            }
        }
        b
    }

    /// The dotted paths an expression (`Name`, `mod.Name`, `pkg.mod.Name`) may stand for:
    /// one for a bound name, one per star import for a free name.
    pub fn qualified_names(&self, expr: &N) -> Vec<String> {
        match expr.kind().as_ref() {
            "identifier" => {
                let name = expr.text();
                match self.names.get(name.as_ref()) {
                    Some(path) => vec![path.clone()],
                    None => self.star.iter().map(|m| format!("{m}.{name}")).collect(),
                }
            }
            "attribute" => {
                let (Some(object), Some(attr)) = (expr.field("object"), expr.field("attribute"))
                else {
                    return Vec::new();
                };
                self.qualified_names(&object)
                    .into_iter()
                    .map(|p| format!("{p}.{}", attr.text()))
                    .collect()
            }
            _ => Vec::new(),
        }
    }

    /// The local names bound to exactly `path`, sorted.
    pub fn locals_of(&self, path: &str) -> Vec<&str> {
        let mut v: Vec<&str> = self
            .names
            .iter()
            .filter(|(_, p)| p.as_str() == path)
            .map(|(l, _)| l.as_str())
            .collect();
        v.sort_unstable();
        v
    }
}

/// A `name=value` argument of a call.
pub struct KeywordArgument<'r> {
    pub name: String,
    pub node: N<'r>,
    pub value: N<'r>,
}

/// The keyword arguments of an `argument_list`.
pub fn keyword_arguments<'r>(args: &N<'r>) -> Vec<KeywordArgument<'r>> {
    args.children()
        .filter(|c| c.kind() == "keyword_argument")
        .filter_map(|node| {
            let name = node.field("name")?.text().to_string();
            let value = node.field("value")?;
            Some(KeywordArgument { name, node, value })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Lang;
    use crate::transforms::ParsedFile;

    #[test]
    fn bindings_follow_every_import_form() {
        let src =
            "from a.b import C as D, E\nimport x.y\nimport x.y as z\nfrom m import *\nD\nz.W\nF\n";
        let file = ParsedFile::parse(Lang::Python, src);
        let root = file.root.root();
        let b = Bindings::of(&root);
        assert_eq!(b.names["D"], "a.b.C");
        assert_eq!(b.names["E"], "a.b.E");
        assert_eq!(b.names["x"], "x");
        assert_eq!(b.names["z"], "x.y");
        let exprs: Vec<N> = root
            .children()
            .filter(|c| c.kind() == "expression_statement")
            .filter_map(|s| s.child(0))
            .collect();
        assert_eq!(b.qualified_names(&exprs[0]), vec!["a.b.C"]);
        assert_eq!(b.qualified_names(&exprs[1]), vec!["x.y.W"]);
        assert_eq!(b.qualified_names(&exprs[2]), vec!["m.F"]);
        assert_eq!(b.locals_of("a.b.E"), vec!["E"]);
    }

    #[test]
    fn plain_strings_only() {
        let file = ParsedFile::parse(Lang::Python, "'a'\nf\"b\"\n\"c\\n\"\n");
        let root = file.root.root();
        let strings: Vec<N> = root.dfs().filter(|n| n.kind() == "string").collect();
        assert_eq!(string_value(&strings[0]).as_deref(), Some("a"));
        assert_eq!(quote_of(&strings[0]), Some('\''));
        assert_eq!(string_value(&strings[1]), None);
        assert_eq!(string_value(&strings[2]), None);
    }
}
