//! How the file's project formats its code, so that what a fix writes passes the project's
//! formatter: prettier's options for TypeScript, black's (or ruff's) line length for Python.
//! The tool reads them from the project's configuration files (`.prettierrc*`, the `prettier`
//! key of `package.json`, `[tool.black]` / `[tool.ruff]` of `pyproject.toml`) and hands them to
//! the transforms in [`crate::Context::style`]; this module only prints with them.

/// Where a trailing comma goes in a list broken over lines (prettier's `trailingComma`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TrailingComma {
    /// After the last element of any multi-line list (prettier 3's default).
    All,
    /// Where ES5 allows one: arrays, objects, import and export lists.
    Es5,
    /// Never.
    None,
}

/// The prettier options that decide how the code cdktf-fix writes is printed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Prettier {
    pub print_width: usize,
    pub tab_width: usize,
    pub use_tabs: bool,
    pub semi: bool,
    pub single_quote: bool,
    pub trailing_comma: TrailingComma,
    pub bracket_spacing: bool,
    /// `objectWrap: "preserve"` (the default): an object literal whose source breaks the line
    /// after `{` stays broken; `"collapse"` prints it flat when it fits.
    pub object_wrap_preserve: bool,
}

impl Default for Prettier {
    /// Prettier 3's defaults (<https://prettier.io/docs/options>).
    fn default() -> Self {
        Prettier {
            print_width: 80,
            tab_width: 2,
            use_tabs: false,
            semi: true,
            single_quote: false,
            trailing_comma: TrailingComma::All,
            bracket_spacing: true,
            object_wrap_preserve: true,
        }
    }
}

impl Prettier {
    /// One level of indentation.
    pub fn indent(&self) -> String {
        if self.use_tabs {
            "\t".to_string()
        } else {
            " ".repeat(self.tab_width)
        }
    }

    /// The quote of a string it prints.
    pub fn quote(&self) -> char {
        if self.single_quote {
            '\''
        } else {
            '"'
        }
    }

    /// Whether a list broken over lines ends with a comma (import lists, arrays, objects: where
    /// ES5 allows one).
    pub fn es5_comma(&self) -> bool {
        self.trailing_comma != TrailingComma::None
    }
}

/// The project's formatting, as far as cdktf-fix writes code.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Style {
    /// The project's prettier options, when it uses prettier (a configuration file, the
    /// `prettier` key of `package.json`, or prettier among its dependencies).
    pub prettier: Option<Prettier>,
    /// The line length of the project's Python formatter (`[tool.black]` or `[tool.ruff]`
    /// `line-length`), when it sets one.
    pub python_line_length: Option<usize>,
}

/// Black's default line length, and ruff's.
pub const BLACK_LINE_LENGTH: usize = 88;

/// The display width of `s` as the formatters count it: one column per character.
fn width(s: &str) -> usize {
    s.chars().count()
}

impl Style {
    /// The longest Python line the project's formatter leaves as it is.
    pub fn python_line_length(&self) -> usize {
        self.python_line_length.unwrap_or(BLACK_LINE_LENGTH)
    }

    /// The quote of a string literal cdktf-fix writes into a TypeScript file: the file's own
    /// (`file_quote`, read from what it already has), else the project's prettier `singleQuote`,
    /// else a double quote.
    pub fn ts_quote(&self, file_quote: Option<char>) -> char {
        file_quote
            .or_else(|| self.prettier.as_ref().map(Prettier::quote))
            .unwrap_or('"')
    }

    /// The semicolon that ends a TypeScript statement cdktf-fix writes: the file's own habit
    /// (`file_semi`: whether its statements end with one, when known), else prettier's `semi`,
    /// else one.
    pub fn ts_semi(&self, file_semi: Option<bool>) -> &'static str {
        let semi = file_semi
            .or_else(|| self.prettier.as_ref().map(|p| p.semi))
            .unwrap_or(true);
        if semi {
            ";"
        } else {
            ""
        }
    }

    /// An import statement at the top level, `{head} { a, b } from {source}{semi}` (`head` is
    /// `import` or `import type`, `source` the quoted module): on one line, or, in a prettier
    /// project where that line is longer than `printWidth` and names more than one specifier,
    /// broken as prettier prints it, one specifier a line.
    pub fn ts_import(
        &self,
        head: &str,
        specs: &[impl AsRef<str>],
        source: &str,
        semi: &str,
        nl: &str,
    ) -> String {
        let specs: Vec<&str> = specs.iter().map(AsRef::as_ref).collect();
        let tail = format!(" from {source}{semi}");
        match &self.prettier {
            None => format!("{head} {{ {} }}{tail}", specs.join(", ")),
            Some(p) => format!(
                "{head} {}{tail}",
                p.import_list(&specs, width(head) + 1, &tail, "", nl)
            ),
        }
    }
}

impl Prettier {
    /// The `{ a, b }` of an import or export list that starts at column `column` of a line at
    /// indentation `indent` and is followed by `tail` on its line: flat when that fits in
    /// `printWidth`, else one specifier a line (a single specifier is never broken: prettier
    /// keeps `import { A } from "..."` on one line whatever its length).
    pub fn import_list(
        &self,
        specs: &[&str],
        column: usize,
        tail: &str,
        indent: &str,
        nl: &str,
    ) -> String {
        let flat = if specs.is_empty() {
            "{}".to_string()
        } else if self.bracket_spacing {
            format!("{{ {} }}", specs.join(", "))
        } else {
            format!("{{{}}}", specs.join(", "))
        };
        if specs.len() < 2 || column + width(&flat) + width(tail) <= self.print_width {
            return flat;
        }
        let unit = self.indent();
        let mut s = "{".to_string();
        for (i, spec) in specs.iter().enumerate() {
            let comma = if i + 1 < specs.len() || self.es5_comma() {
                ","
            } else {
                ""
            };
            s.push_str(&format!("{nl}{indent}{unit}{spec}{comma}"));
        }
        s.push_str(&format!("{nl}{indent}}}"));
        s
    }
}

/// `from {module} import a, b` as black prints it: on one line when it fits in `line_length`
/// (counting the statement's `indent`), else a parenthesised list, one name a line, each with
/// a trailing comma (black's "magic trailing comma", which keeps the list exploded).
pub fn python_from_import(
    module: &str,
    names: &[impl AsRef<str>],
    indent: &str,
    line_length: usize,
    nl: &str,
) -> String {
    let names: Vec<&str> = names.iter().map(AsRef::as_ref).collect();
    let line = format!("from {module} import {}", names.join(", "));
    if width(indent) + width(&line) <= line_length || names.is_empty() {
        return line;
    }
    let mut s = format!("from {module} import (");
    for name in names {
        s.push_str(&format!("{nl}{indent}    {name},"));
    }
    s.push_str(&format!("{nl}{indent})"));
    s
}

/// A call `{head}({args})` starting a line at `indent` (after `{head}`, e.g. `x = Class` or
/// `key=Class`, and followed by `tail` on its line, e.g. `,`), as black prints it: on one line
/// when it fits in `line_length`; else the arguments on one line of their own, one level
/// deeper, when they fit there; else one argument a line, each with a trailing comma (black's
/// right-hand split, then its delimiter split with the "magic trailing comma").
pub fn python_call(
    head: &str,
    args: &[impl AsRef<str>],
    tail: &str,
    indent: &str,
    line_length: usize,
    nl: &str,
) -> String {
    let args: Vec<&str> = args.iter().map(AsRef::as_ref).collect();
    let joined = args.join(", ");
    let flat = format!("{head}({joined}){tail}");
    if args.is_empty() || width(indent) + width(&flat) <= line_length {
        return format!("{head}({joined}){tail}");
    }
    let inner = format!("{indent}    ");
    if width(&inner) + width(&joined) <= line_length {
        return format!("{head}({nl}{inner}{joined}{nl}{indent}){tail}");
    }
    let mut s = format!("{head}(");
    for a in args {
        s.push_str(&format!("{nl}{inner}{a},"));
    }
    s.push_str(&format!("{nl}{indent}){tail}"));
    s
}

/// A Python expression as black sees it when it splits a line: text it does not split there,
/// or a bracketed list (a call's arguments, a dict, a list) after its head (`x = Foo`,
/// `key=Foo`, `"key": `, or nothing).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PyExpr {
    /// Printed as it is. `rigid`: black cannot split it at all (a name, a string, a number,
    /// with its `key=` or `"key": `), so a line too long with it stays as it is; otherwise
    /// black might split it in ways [`black_statement`] does not follow, and it gives up.
    Atom { text: String, rigid: bool },
    Brackets {
        head: String,
        open: char,
        close: char,
        items: Vec<PyExpr>,
        /// A comma after the last item: black's "magic trailing comma", which keeps the list
        /// one item a line.
        trailing_comma: bool,
        /// A dict or list literal (black's brackets of an "atom"): once split over lines, its
        /// items go one a line when there are several, even if they would fit on one.
        literal: bool,
    },
}

impl PyExpr {
    /// The expression on one line.
    pub fn flat(&self) -> String {
        match self {
            PyExpr::Atom { text, .. } => text.clone(),
            PyExpr::Brackets {
                head,
                open,
                close,
                items,
                trailing_comma,
                ..
            } => {
                let items: Vec<String> = items.iter().map(PyExpr::flat).collect();
                let comma = if *trailing_comma { "," } else { "" };
                format!("{head}{open}{}{comma}{close}", items.join(", "))
            }
        }
    }

    /// Whether a magic trailing comma is in it (which black never prints on one line).
    fn magic(&self) -> bool {
        match self {
            PyExpr::Atom { .. } => false,
            PyExpr::Brackets {
                items,
                trailing_comma,
                ..
            } => *trailing_comma || items.iter().any(PyExpr::magic),
        }
    }
}

/// A statement `expr` starting a line at `indent`, as black 26 prints it with `line_length`
/// (without the indentation of its first line), or `None` where black's layout is not known
/// here. Black's stable style, as far as these expressions go: a line that fits and holds no
/// magic trailing comma stays as it is; otherwise it is split at its last bracket (the head and
/// the opening bracket, the body one level deeper, the closing bracket); a body that fits stays
/// on one line, unless it is a literal's with several items or ends with a magic trailing
/// comma; otherwise its items go one a line, each with a comma, and each is laid out the same
/// way.
pub fn black_statement(
    expr: &PyExpr,
    indent: &str,
    line_length: usize,
    nl: &str,
) -> Option<String> {
    if !matches!(expr, PyExpr::Brackets { .. }) {
        return None;
    }
    let mut lines = Vec::new();
    black_line(expr, indent, "", line_length, &mut lines)?;
    let text = lines.join(nl);
    Some(text[indent.len()..].to_string())
}

/// One line of black's (`expr` and its `tail`, at `indent`), split until it fits.
fn black_line(
    expr: &PyExpr,
    indent: &str,
    tail: &str,
    line_length: usize,
    out: &mut Vec<String>,
) -> Option<()> {
    let flat = format!("{indent}{}{tail}", expr.flat());
    if !expr.magic() && width(&flat) <= line_length {
        out.push(flat);
        return Some(());
    }
    match expr {
        PyExpr::Atom { rigid: true, .. } => {
            out.push(flat);
            Some(())
        }
        PyExpr::Atom { rigid: false, .. } => None,
        PyExpr::Brackets {
            head,
            open,
            close,
            items,
            trailing_comma,
            literal,
        } => {
            let first = format!("{indent}{head}{open}");
            // A head too long, or nothing to split: black tries other splits.
            if items.is_empty() || width(&first) > line_length {
                return None;
            }
            out.push(first);
            let inner = format!("{indent}    ");
            black_body(items, *trailing_comma, *literal, &inner, line_length, out)?;
            out.push(format!("{indent}{close}{tail}"));
            Some(())
        }
    }
}

/// The body of a split bracket: its items at `indent`.
fn black_body(
    items: &[PyExpr],
    trailing_comma: bool,
    literal: bool,
    indent: &str,
    line_length: usize,
    out: &mut Vec<String>,
) -> Option<()> {
    // Black splits a body at once, one item a line, when it has several items and a magic
    // trailing comma or is a literal's (its `should_split_line`).
    let explode = items.len() > 1 && (trailing_comma || literal);
    let comma = if trailing_comma { "," } else { "" };
    let joined: Vec<String> = items.iter().map(PyExpr::flat).collect();
    let line = format!("{indent}{}{comma}", joined.join(", "));
    if !explode && !items.iter().any(PyExpr::magic) && width(&line) <= line_length {
        out.push(line);
        return Some(());
    }
    if let [item] = items {
        // Nothing to split between items: the item itself is split.
        return black_line(item, indent, comma, line_length, out);
    }
    for item in items {
        black_line(item, indent, ",", line_length, out)?;
    }
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prettier(print_width: usize) -> Style {
        Style {
            prettier: Some(Prettier {
                print_width,
                ..Prettier::default()
            }),
            python_line_length: None,
        }
    }

    #[test]
    fn an_import_breaks_past_the_print_width_as_prettier_prints_it() {
        let s = prettier(40);
        // 40 columns exactly: flat.
        let line = s.ts_import("import", &["Aaaa", "Bbbbb"], "\"m/xxxxxxx\"", ";", "\n");
        assert_eq!(line, "import { Aaaa, Bbbbb } from \"m/xxxxxxx\";");
        assert_eq!(line.len(), 40);
        assert_eq!(
            s.ts_import("import", &["Aaaa", "Bbbbb"], "\"m/xxxxxxxx\"", ";", "\n"),
            "import {\n  Aaaa,\n  Bbbbb,\n} from \"m/xxxxxxxx\";"
        );
        // One specifier: never broken.
        assert_eq!(
            s.ts_import(
                "import type",
                &["Aaaaaaaaaaaaaaaaaaaa"],
                "'m/xxxxxxxxxxxx'",
                "",
                "\n"
            ),
            "import type { Aaaaaaaaaaaaaaaaaaaa } from 'm/xxxxxxxxxxxx'"
        );
        let tabs = Style {
            prettier: Some(Prettier {
                print_width: 22,
                use_tabs: true,
                trailing_comma: TrailingComma::None,
                bracket_spacing: false,
                ..Prettier::default()
            }),
            python_line_length: None,
        };
        assert_eq!(
            tabs.ts_import("import", &["A", "B"], "'m'", "", "\r\n"),
            "import {A, B} from 'm'"
        );
        assert_eq!(
            tabs.ts_import("import", &["Aaaa", "Bbbb"], "'m/xxxx'", "", "\r\n"),
            "import {\r\n\tAaaa,\r\n\tBbbb\r\n} from 'm/xxxx'"
        );
        // Without prettier: one line, whatever its length.
        assert_eq!(
            Style::default().ts_import("import", &["A", "B"], "\"m\"", ";", "\n"),
            "import { A, B } from \"m\";"
        );
    }

    #[test]
    fn quotes_and_semicolons_follow_the_file_then_prettier() {
        let single = Style {
            prettier: Some(Prettier {
                single_quote: true,
                semi: false,
                ..Prettier::default()
            }),
            python_line_length: None,
        };
        assert_eq!(single.ts_quote(None), '\'');
        assert_eq!(single.ts_quote(Some('"')), '"');
        assert_eq!(single.ts_semi(None), "");
        assert_eq!(single.ts_semi(Some(true)), ";");
        assert_eq!(Style::default().ts_quote(None), '"');
        assert_eq!(Style::default().ts_semi(None), ";");
    }

    #[test]
    fn a_python_call_breaks_as_black_prints_it() {
        // What black 26 prints for the same statements at its default line length.
        let args = ["self", "\"alias-app-key\"", "name=\"alias/app-key\""];
        assert_eq!(
            python_call("key = DataAwsKmsAlias", &args, "", "        ", 88, "\n"),
            "key = DataAwsKmsAlias(self, \"alias-app-key\", name=\"alias/app-key\")"
        );
        let args = [
            "self",
            "\"alias-application-database-encryption-key\"",
            "name=\"alias/application-database-encryption-key\"",
        ];
        assert_eq!(
            python_call("key = DataAwsKmsAlias", &args, "", "        ", 88, "\n"),
            "key = DataAwsKmsAlias(\n            self,\n            \"alias-application-database-encryption-key\",\n            name=\"alias/application-database-encryption-key\",\n        )"
        );
        let args = [
            "self",
            "\"alias-app-data-key\"",
            "name=\"alias/app-data-key\"",
        ];
        assert_eq!(
            python_call("alias_app_data_key = DataAwsKmsAlias", &args, "", "        ", 88, "\n"),
            "alias_app_data_key = DataAwsKmsAlias(\n            self, \"alias-app-data-key\", name=\"alias/app-data-key\"\n        )"
        );
        let long =
            "S3BucketServerSideEncryptionConfigurationRuleApplyServerSideEncryptionByDefaultA";
        assert_eq!(
            python_call(
                &format!("apply_server_side_encryption_by_default={long}"),
                &["sse_algorithm=\"AES256\""],
                ",",
                "                    ",
                88,
                "\n"
            ),
            format!("apply_server_side_encryption_by_default={long}(\n                        sse_algorithm=\"AES256\"\n                    ),")
        );
    }

    fn call(head: &str, items: Vec<PyExpr>, trailing_comma: bool) -> PyExpr {
        PyExpr::Brackets {
            head: head.into(),
            open: '(',
            close: ')',
            items,
            trailing_comma,
            literal: false,
        }
    }

    fn atom(text: &str) -> PyExpr {
        PyExpr::Atom {
            text: text.into(),
            rigid: true,
        }
    }

    #[test]
    fn a_python_statement_is_laid_out_as_black_lays_it_out() {
        let dict = |items: Vec<PyExpr>| PyExpr::Brackets {
            head: "tags=".into(),
            open: '{',
            close: '}',
            items,
            trailing_comma: false,
            literal: true,
        };
        let args = || {
            vec![
                atom("self"),
                atom("\"web\""),
                dict(vec![atom("\"a\": \"b\""), atom("\"c\": \"d\"")]),
            ]
        };
        // Fits: one line (43 columns); a magic trailing comma: one item a line all the same.
        let x = call("Foo", args(), false);
        assert_eq!(
            black_statement(&x, "", 43, "\n").unwrap(),
            "Foo(self, \"web\", tags={\"a\": \"b\", \"c\": \"d\"})"
        );
        assert_eq!(
            black_statement(&call("Foo", args(), true), "", 88, "\n").unwrap(),
            "Foo(\n    self,\n    \"web\",\n    tags={\"a\": \"b\", \"c\": \"d\"},\n)"
        );
        // Too long: the arguments on a line of their own while they fit there (4 + 38).
        assert_eq!(
            black_statement(&x, "", 42, "\n").unwrap(),
            "Foo(\n    self, \"web\", tags={\"a\": \"b\", \"c\": \"d\"}\n)"
        );
        // Else one a line with a trailing comma, and a dict that does not fit one entry a line,
        // even where its entries would fit on one line.
        assert_eq!(
            black_statement(&x, "", 31, "\n").unwrap(),
            "Foo(\n    self,\n    \"web\",\n    tags={\"a\": \"b\", \"c\": \"d\"},\n)"
        );
        assert_eq!(
            black_statement(&x, "  ", 28, "\r\n").unwrap(),
            "Foo(\r\n      self,\r\n      \"web\",\r\n      tags={\r\n          \"a\": \"b\",\r\n          \"c\": \"d\",\r\n      },\r\n  )"
        );
        // A lone argument is split itself; a long string stays as it is.
        let one = call(
            "x = Foo",
            vec![call("key=Bar", vec![atom("\"a long string\"")], false)],
            false,
        );
        assert_eq!(
            black_statement(&one, "", 20, "\n").unwrap(),
            "x = Foo(\n    key=Bar(\n        \"a long string\"\n    )\n)"
        );
        // What black would split in ways not followed here, or a head too long: no layout.
        let sum = PyExpr::Atom {
            text: "a + bbbbbbbbbbbbbbbbbbbbbbbbb".into(),
            rigid: false,
        };
        assert_eq!(
            black_statement(&call("Foo", vec![sum], false), "", 20, "\n"),
            None
        );
        assert_eq!(black_statement(&x, "", 3, "\n"), None);
        assert_eq!(
            black_statement(&call("Foo", vec![], false), "", 3, "\n"),
            None
        );
        assert_eq!(black_statement(&atom("x"), "", 88, "\n"), None);
    }

    #[test]
    fn a_python_import_breaks_as_black_prints_it() {
        assert_eq!(
            python_from_import("a.b", &["C"], "", 20, "\n"),
            "from a.b import C"
        );
        assert_eq!(
            python_from_import("a.bbbbbbbb", &["Cccccc"], "", 20, "\n"),
            "from a.bbbbbbbb import (\n    Cccccc,\n)"
        );
        assert_eq!(
            python_from_import("a.b", &["C", "D"], "    ", 24, "\n"),
            "from a.b import C, D"
        );
        assert_eq!(
            python_from_import("a.bb", &["C", "D"], "    ", 24, "\n"),
            "from a.bb import (\n        C,\n        D,\n    )"
        );
    }
}
