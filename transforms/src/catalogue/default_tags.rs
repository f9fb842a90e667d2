//! `default-tags`: the AWS provider's default tags, completed from the `[default-tags]` table of
//! `cdktf-fix.toml` (TypeScript, Python, Go).

use std::cell::OnceCell;
use std::ops::Range;

use crate::lang::Lang;
use crate::syntax::go;
use crate::syntax::gofmt::{self, AlignItem};
use crate::syntax::python::{self, Bindings};
use crate::syntax::ts::{self, Binding, ProviderScope};
use crate::syntax::{indent_at, N};
use crate::{Context, Diagnostic, Edit, Fix, ParsedFile, Safety, Transform, TransformMeta};

pub struct DefaultTags;

static META: TransformMeta = TransformMeta {
    id: "default-tags",
    summary:
        "AWS provider default tags: adds the tags configured in [default-tags] to every AwsProvider",
    languages: &[Lang::TypeScript, Lang::Tsx, Lang::Python, Lang::Go],
    fixes: &[Safety::Safe],
    triggers: &["AwsProvider"],
    docs: r#"
## What it does
Gives every AWS provider (`new AwsProvider(...)` in TypeScript, `AwsProvider(...)` in Python,
`provider.NewAwsProvider(...)` in Go; aliased providers included) the default tags listed in the
`[default-tags]` table of `cdktf-fix.toml`:

```toml
[default-tags]
ManagedBy = "CDKTF"
Team = "platform"
CostCenter = "infrastructure"
# a value can also be an expression, written verbatim in the target language:
Environment = { expr = "environmentSuffix" }
```

- a provider without default tags gets them all, in the language's shape: TypeScript
  `defaultTags: [{ tags: { ... } }]`; Python `default_tags=[{"tags": {...}}]`, or
  `[AwsProviderDefaultTags(tags={...})]` when the file imports `AwsProviderDefaultTags`; Go
  `DefaultTags: &[]*provider.AwsProviderDefaultTags{{Tags: &map[string]*string{...}}}` with
  `jsii.String` values;
- default tags written as a literal map get the configured keys they lack; keys already there
  keep their values, even when they differ from the configuration;
- the single-object form of provider-aws before v11 (`defaultTags: { tags: {...} }`, a compile
  error since) becomes the list form, with the missing keys added. This repair is made with or
  without configuration;
- default tags given as a variable, a spread or a call are not rewritten: they are reported as
  unverifiable.

Without a `[default-tags]` table (or with an empty one) nothing is added: each AWS provider
without default tags is reported, with no fix.

Keys are added in sorted (byte) order, not in the order of the file: the configuration is read
into a sorted map. New entries follow the surrounding object or call: one per line at its
indentation when it is multi-line, inline otherwise, with its trailing-comma and quote style; in
Go the `key: value` columns are aligned as gofmt does. Keys that are not identifiers are quoted
in TypeScript; Python and Go keys are always strings.

The configuration is checked when it is read: a tag name must not be empty or start with `aws:`
(reserved by AWS), and a value must be a string or `{ expr = "..." }`.

## Why
Tags that every resource must carry (owner, cost center, environment) are easy to forget on one
resource out of fifty, and reviews of generated stacks keep finding resources untagged or
partly tagged. Tags on the provider (`default_tags`) reach every resource it creates; the
provider merges them with each resource's own `tags`, which win on conflicts.

## Example
With the configuration above,
```ts
new AwsProvider(this, "aws", {
  region: "us-east-1",
});
```
becomes
```ts
new AwsProvider(this, "aws", {
  region: "us-east-1",
  defaultTags: [{
    tags: {
      CostCenter: "infrastructure",
      Environment: environmentSuffix,
      ManagedBy: "CDKTF",
      Team: "platform",
    },
  }],
});
```

## Fix safety
Safe once configured: the tags added are the ones the project asked for, and no existing tag is
changed. Adding tags does change what gets deployed (every resource of the provider gains them),
which is why nothing is added without a `[default-tags]` table. Tags that cdktf-fix cannot read
(a variable, a spread, a call) are reported, never rewritten.

## Source
Seed 002 §9, seed 003 §2 (default tags on the provider, `ManagedBy = "CDKTF"`), seed 004 §5
(required `Team` and `CostCenter` tags); the `default_tags` block of the AWS provider
(`AwsProviderDefaultTags`, a list since `@cdktf/provider-aws` 11).
"#,
};

// ---------------------------------------------------------------------------------------------
// Configuration

#[derive(Clone, Debug, PartialEq, Eq)]
enum TagValue {
    /// A string literal.
    Text(String),
    /// An expression written verbatim.
    Expr(String),
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Tag {
    key: String,
    value: TagValue,
}

fn read_tag(key: &str, value: &toml::Value) -> Result<Tag, String> {
    if key.is_empty() {
        return Err("a tag name must not be empty".into());
    }
    if key.to_ascii_lowercase().starts_with("aws:") {
        return Err("tag names starting with `aws:` are reserved by AWS".into());
    }
    let value = match value {
        toml::Value::String(s) => TagValue::Text(s.clone()),
        toml::Value::Table(t) => {
            if let Some(other) = t.keys().find(|k| *k != "expr") {
                return Err(format!(
                    "unknown key `{other}` in the value of tag `{key}` (a value is a string or {{ expr = \"...\" }})"
                ));
            }
            match t.get("expr") {
                Some(toml::Value::String(e)) if !e.trim().is_empty() => TagValue::Expr(e.clone()),
                Some(toml::Value::String(_)) => {
                    return Err(format!("the `expr` of tag `{key}` is empty"))
                }
                Some(v) => {
                    return Err(format!(
                        "the `expr` of tag `{key}` must be a string of code, not {}",
                        v.type_str()
                    ))
                }
                None => {
                    return Err(format!(
                        "the value of tag `{key}` must be a string or {{ expr = \"...\" }}"
                    ))
                }
            }
        }
        other => {
            return Err(format!(
                "the value of tag `{key}` must be a string or {{ expr = \"...\" }}, not {}",
                other.type_str()
            ))
        }
    };
    Ok(Tag {
        key: key.to_string(),
        value,
    })
}

/// The configured tags in sorted key order; `None` when there are none.
fn configured(ctx: &Context) -> Option<Vec<Tag>> {
    let table = ctx.options(META.id)?;
    let mut tags: Vec<Tag> = table
        .iter()
        .filter_map(|(k, v)| read_tag(k, v).ok())
        .collect();
    tags.sort_by(|a, b| a.key.cmp(&b.key));
    (!tags.is_empty()).then_some(tags)
}

impl Transform for DefaultTags {
    fn meta(&self) -> &'static TransformMeta {
        &META
    }

    fn validate_options(&self, table: &toml::Table) -> Result<(), (String, String)> {
        for (key, value) in table {
            if let Err(message) = read_tag(key, value) {
                let shown = if key.is_empty() {
                    "\"\"".to_string()
                } else {
                    key.clone()
                };
                return Err((shown, message));
            }
        }
        Ok(())
    }

    fn check(&self, file: &ParsedFile, ctx: &Context, out: &mut Vec<Diagnostic>) {
        let tags = configured(ctx);
        let wanted = tags.as_deref().unwrap_or(&[]);
        let mut sites = Vec::new();
        let names = match file.lang {
            l if l.is_typescript() => {
                check_ts(file, ctx, wanted, &mut sites);
                &TS_NAMES
            }
            Lang::Python => {
                check_py(file, wanted, &mut sites);
                &PY_NAMES
            }
            Lang::Go => {
                check_go(file, wanted, &mut sites);
                &GO_NAMES
            }
            _ => return,
        };
        for site in sites {
            emit(site, tags.is_some(), wanted, names, out);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// What was found, and how it is reported

/// How a language spells the things messages name.
struct Names {
    property: &'static str,
    list_form: &'static str,
}

static TS_NAMES: Names = Names {
    property: "defaultTags",
    list_form: "[{ tags: { ... } }]",
};
static PY_NAMES: Names = Names {
    property: "default_tags",
    list_form: "[{\"tags\": {...}}]",
};
static GO_NAMES: Names = Names {
    property: "DefaultTags",
    list_form: "&[]*provider.AwsProviderDefaultTags{{Tags: ...}}",
};

enum State {
    /// No default tags at all.
    Absent,
    /// A literal map; the configured keys it lacks.
    Literal { missing: Vec<String> },
    /// Computed default tags: what they are; `config` when the whole provider configuration
    /// (or a spread into it) is computed.
    Computed { what: String, config: bool },
}

/// One AWS provider's default tags.
struct Site {
    range: Range<usize>,
    state: State,
    /// The edits adding what is missing (only computed when tags are configured), or why not.
    add: Result<Vec<Edit>, &'static str>,
    /// The pre-v11 single object: the edits making it a list.
    wrap: Option<Vec<Edit>>,
}

impl Site {
    fn new(range: Range<usize>, state: State) -> Site {
        Site {
            range,
            state,
            add: Ok(Vec::new()),
            wrap: None,
        }
    }
    fn computed(node: &N, wrap: Option<Vec<Edit>>) -> Site {
        Site {
            wrap,
            ..Site::new(
                node.range(),
                State::Computed {
                    what: snippet(&node.text()),
                    config: false,
                },
            )
        }
    }
    /// The provider's configuration is computed, or spread from something computed.
    fn computed_config(node: &N) -> Site {
        Site::new(
            node.range(),
            State::Computed {
                what: snippet(&node.text()),
                config: true,
            },
        )
    }
}

fn snippet(text: &str) -> String {
    let first = text.lines().next().unwrap_or("").trim();
    if first.chars().count() > 40 || text.trim().contains('\n') {
        let cut: String = first.chars().take(37).collect();
        format!("{}...", cut.trim_end())
    } else {
        first.to_string()
    }
}

fn keys(tags: &[Tag]) -> String {
    tags.iter()
        .map(|t| t.key.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

fn missing<'t>(tags: &'t [Tag], present: &[String]) -> Vec<&'t Tag> {
    tags.iter().filter(|t| !present.contains(&t.key)).collect()
}

fn emit(site: Site, configured: bool, tags: &[Tag], names: &Names, out: &mut Vec<Diagnostic>) {
    let diag = |range: Range<usize>, message: String, fix: Option<Fix>| Diagnostic {
        transform: META.id,
        range,
        message,
        fix,
    };
    let wrap_message = format!(
        "`{}` is a single object, a shape provider-aws accepted before v11 and rejects since: it must be a list, `{}`",
        names.property, names.list_form
    );
    match site.state {
        State::Absent if !configured => out.push(diag(
            site.range,
            "the AWS provider sets no default tags, so resources carry only the tags written on each; list the tags every resource needs in a [default-tags] table of cdktf-fix.toml to add them (see `cdktf-fix explain default-tags`)".into(),
            None,
        )),
        State::Absent => match site.add {
            Ok(edits) => out.push(diag(
                site.range,
                format!(
                    "the AWS provider sets no default tags; adding the configured ones ({})",
                    keys(tags)
                ),
                Some(Fix::safe(edits)),
            )),
            Err(why) => out.push(diag(
                site.range,
                format!(
                    "the AWS provider sets no default tags (configured: {}); cdktf-fix cannot add them here: {why}",
                    keys(tags)
                ),
                None,
            )),
        },
        State::Literal { missing } => {
            let lacking = missing.join(", ");
            match (site.wrap, site.add) {
                (None, _) if missing.is_empty() => {}
                (Some(wrap), _) if missing.is_empty() => {
                    out.push(diag(site.range, wrap_message, Some(Fix::safe(wrap))))
                }
                (None, Ok(add)) => out.push(diag(
                    site.range,
                    format!("the AWS provider's default tags lack {lacking}; adding them from [default-tags]"),
                    Some(Fix::safe(add)),
                )),
                (Some(mut wrap), Ok(add)) => {
                    wrap.extend(add);
                    out.push(diag(
                        site.range,
                        format!("{wrap_message}; the tags also lack {lacking}, added from [default-tags]"),
                        Some(Fix::safe(wrap)),
                    ))
                }
                (wrap, Err(why)) => {
                    if let Some(wrap) = wrap {
                        out.push(diag(site.range.clone(), wrap_message, Some(Fix::safe(wrap))));
                    }
                    out.push(diag(
                        site.range,
                        format!("the AWS provider's default tags lack {lacking}; cdktf-fix cannot add them here: {why}"),
                        None,
                    ))
                }
            }
        }
        State::Computed { what, config } => {
            if let Some(wrap) = site.wrap {
                out.push(diag(site.range.clone(), wrap_message, Some(Fix::safe(wrap))));
            }
            if configured {
                let subject = if config {
                    format!("the AWS provider's configuration comes from `{what}`, so its default tags are unknown")
                } else {
                    format!("the AWS provider's default tags are computed (`{what}`)")
                };
                out.push(diag(
                    site.range,
                    format!(
                        "{subject}: cdktf-fix cannot verify that they include {}; check them by hand",
                        keys(tags)
                    ),
                    None,
                ));
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Lists: objects, arrays, argument lists, dictionaries, composite literals

/// The elements of a bracketed list (comments and punctuation left out).
fn list_items<'r>(list: &N<'r>) -> Vec<N<'r>> {
    list.children()
        .filter(|c| c.is_named() && c.kind() != "comment")
        .collect()
}

/// The comma after a list element, if any.
fn comma_after<'r>(item: &N<'r>) -> Option<N<'r>> {
    let mut next = item.next();
    while let Some(n) = next {
        match n.kind().as_ref() {
            "," => return Some(n),
            "comment" => next = n.next(),
            _ => return None,
        }
    }
    None
}

fn starts_line(text: &str, offset: usize) -> bool {
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    text[line_start..offset].trim().is_empty()
}

/// How a list is laid out, for adding elements to it.
struct Layout {
    /// One element per line.
    multiline: bool,
    /// The elements' indentation (multi-line lists).
    indent: String,
    /// One level of indentation.
    unit: String,
    /// Whether the last element is followed by a comma (multi-line lists).
    trailing_comma: bool,
}

/// The smallest indentation of the file (lines of block comments aside): its indentation unit,
/// or `default`.
fn file_unit(text: &str, default: &str) -> String {
    let mut best: Option<&str> = None;
    for line in crate::source::lines(text) {
        // Leading ASCII whitespace by bytes; a line whose indentation runs into a non-ASCII
        // character takes the Unicode-aware path (`trim`), as every line once did.
        let b = line.as_bytes();
        let n = b
            .iter()
            .take_while(|c| matches!(c, b' ' | b'\t' | b'\n' | b'\x0B' | b'\x0C' | b'\r'))
            .count();
        let (indent, blank_or_comment) = match b.get(n) {
            Some(c) if !c.is_ascii() => {
                let content = line.trim();
                let indent = &line[..line.len() - line.trim_start().len()];
                (indent, content.is_empty() || content.starts_with('*'))
            }
            Some(c) => (&line[..n], *c == b'*'),
            None => (line, true),
        };
        if blank_or_comment {
            continue;
        }
        if indent.starts_with('\t') {
            return "\t".into();
        }
        if !indent.is_empty() && best.is_none_or(|b| indent.len() < b.len()) {
            best = Some(indent);
        }
    }
    best.map_or(default.to_string(), str::to_string)
}

fn layout(text: &str, list: &N, items: &[N], unit: &str, trailing_comma: bool) -> Layout {
    let open_indent = indent_at(text, list.range().start);
    match items.last() {
        Some(last) => {
            let start = last.range().start;
            let indent = indent_at(text, start).to_string();
            let unit = match indent.strip_prefix(open_indent) {
                Some(u) if !u.is_empty() => u.to_string(),
                _ => unit.to_string(),
            };
            let multiline = starts_line(text, start);
            Layout {
                multiline,
                indent,
                unit,
                trailing_comma: if multiline {
                    comma_after(last).is_some()
                } else {
                    trailing_comma
                },
            }
        }
        None => {
            let close = list.range().end.saturating_sub(1);
            Layout {
                multiline: list.text().contains('\n'),
                indent: format!("{}{unit}", indent_at(text, close)),
                unit: unit.to_string(),
                trailing_comma,
            }
        }
    }
}

/// The edits adding `new` elements at the end of a list. `pad` goes inside the brackets of an
/// empty single-line list (`{ a: 1 }` in TypeScript). `None` when the list cannot take them
/// cleanly (an empty list holding only a comment).
fn insert_items(
    text: &str,
    nl: &str,
    list: &N,
    items: &[N],
    lay: &Layout,
    new: &[String],
    pad: &str,
) -> Option<Vec<Edit>> {
    if new.is_empty() {
        return Some(Vec::new());
    }
    let Some(last) = items.last() else {
        if list.children().any(|c| c.kind() == "comment") {
            return None;
        }
        let open = list.child(0)?;
        let close = list.children().last()?;
        let inner = open.range().end..close.range().start;
        let body = if lay.multiline {
            let close_indent = indent_at(text, close.range().start);
            let lines: Vec<String> = new.iter().map(|s| format!("{}{s}", lay.indent)).collect();
            format!(
                "{nl}{}{}{nl}{close_indent}",
                lines.join(&format!(",{nl}")),
                if lay.trailing_comma { "," } else { "" }
            )
        } else {
            format!("{pad}{}{pad}", new.join(", "))
        };
        return Some(vec![Edit::replace(inner, body)]);
    };
    let end = last.range().end;
    if !lay.multiline {
        return Some(vec![Edit::insert(end, format!(", {}", new.join(", ")))]);
    }
    let comma = comma_after(last);
    let mut at = comma.as_ref().map_or(end, |c| c.range().end);
    // A comment ending the line of the last element stays on that line.
    if let Some(c) = comma.as_ref().unwrap_or(last).next() {
        if c.kind() == "comment"
            && c.range().start >= at
            && !text[at..c.range().start].contains('\n')
        {
            // (Some grammars end a line comment after the `\r` of a CRLF line ending.)
            at = c.range().end;
            while at > c.range().start && text.as_bytes()[at - 1] == b'\r' {
                at -= 1;
            }
        }
    }
    let body: String = new
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let comma = if i + 1 < new.len() || lay.trailing_comma {
                ","
            } else {
                ""
            };
            format!("{nl}{}{s}{comma}", lay.indent)
        })
        .collect();
    Some(match comma {
        Some(_) => vec![Edit::insert(at, body)],
        None if at == end => vec![Edit::insert(end, format!(",{body}"))],
        None => vec![Edit::insert(end, ","), Edit::insert(at, body)],
    })
}

/// `open`, one element per line at `indent`, `close` at `close_indent`.
fn block(
    open: &str,
    close: &str,
    items: &[String],
    indent: &str,
    close_indent: &str,
    trailing_comma: bool,
    nl: &str,
) -> String {
    let mut s = open.to_string();
    for (i, item) in items.iter().enumerate() {
        s.push_str(nl);
        s.push_str(indent);
        s.push_str(item);
        if i + 1 < items.len() || trailing_comma {
            s.push(',');
        }
    }
    s.push_str(nl);
    s.push_str(close_indent);
    s.push_str(close);
    s
}

/// How a multi-line value is indented: the indentation of its first line, one unit, and whether
/// its lists end with a comma.
struct Indent<'a> {
    base: &'a str,
    unit: &'a str,
    trailing_comma: bool,
}

impl Indent<'_> {
    fn at(&self, depth: usize) -> String {
        format!("{}{}", self.base, self.unit.repeat(depth))
    }
}

/// A string literal for JavaScript or Python with quote `q`.
fn quote_str(s: &str, q: char) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push(q);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == q => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push(q);
    out
}

// ---------------------------------------------------------------------------------------------
// TypeScript

struct TsStyle<'a> {
    text: &'a str,
    nl: &'a str,
    quote: char,
    unit: String,
    trailing_comma: bool,
}

/// Whether `ctor` names the `AwsProvider` class of an AWS provider package.
fn is_ts_aws_provider(scope: &ProviderScope, ctor: &N) -> bool {
    if scope.class_of(ctor).as_deref() != Some("AwsProvider") {
        return false;
    }
    let mut parts = vec![];
    let mut base = *ctor;
    while base.kind() == "member_expression" {
        let Some(object) = base.field("object") else {
            return false;
        };
        if let Some(p) = base.field("property") {
            parts.push(p.text().to_string());
        }
        base = object;
    }
    let Some((binding, _)) = scope.bindings.get(base.text().as_ref()) else {
        return false;
    };
    match binding {
        Binding::Name(pkg, module) => {
            pkg.provider.name == "aws" && module.is_none_or(|m| m.folder == "provider")
        }
        Binding::Module(pkg, module) => pkg.provider.name == "aws" && module.folder == "provider",
        Binding::Package(pkg) => {
            pkg.provider.name == "aws" && parts.get(1).is_some_and(|ns| ns == "provider")
        }
    }
}

fn ts_first_quote(node: &N) -> Option<char> {
    node.dfs()
        .find(|n| n.kind() == "string")
        .and_then(|s| s.text().chars().next())
}

/// Whether the file's multi-line objects end with a comma (true when it has none).
fn ts_trailing_commas(file: &ParsedFile, text: &str) -> bool {
    file.of_kind("object")
        .find_map(|o| {
            let items = list_items(&o);
            let last = items.last()?;
            starts_line(text, last.range().start).then(|| comma_after(last).is_some())
        })
        .unwrap_or(true)
}

fn ts_key(key: &str, q: char) -> String {
    let mut chars = key.chars();
    let ident = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == '$')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$');
    if ident {
        key.to_string()
    } else {
        quote_str(key, q)
    }
}

fn ts_entries(tags: &[&Tag], q: char) -> Vec<String> {
    tags.iter()
        .map(|t| {
            let value = match &t.value {
                TagValue::Text(s) => quote_str(s, q),
                TagValue::Expr(e) => e.clone(),
            };
            format!("{}: {value}", ts_key(&t.key, q))
        })
        .collect()
}

/// `[{ tags: { ... } }]`, inline or laid out from `indent`.
fn ts_value(tags: &[&Tag], sty: &TsStyle, indent: Option<&Indent>) -> String {
    let entries = ts_entries(tags, sty.quote);
    match indent {
        None => format!("[{{ tags: {{ {} }} }}]", entries.join(", ")),
        Some(ind) => {
            let tc = ind.trailing_comma;
            let map = block("{", "}", &entries, &ind.at(2), &ind.at(1), tc, sty.nl);
            let element = block(
                "{",
                "}",
                &[format!("tags: {map}")],
                &ind.at(1),
                &ind.at(0),
                tc,
                sty.nl,
            );
            format!("[{element}]")
        }
    }
}

fn all(tags: &[Tag]) -> Vec<&Tag> {
    tags.iter().collect()
}

fn check_ts(file: &ParsedFile, ctx: &Context, tags: &[Tag], sites: &mut Vec<Site>) {
    let scope = file.provider_scope(ctx.index);
    if scope.bindings.is_empty() {
        return;
    }
    let text = file.text;
    // The file's habits (quote, indentation unit, trailing commas), read once and only for a
    // file that constructs a provider: most files that import the provider package do not.
    let habits = OnceCell::new();
    let habits = || {
        habits.get_or_init(|| {
            let quote = file
                .of_kind("string")
                .next()
                .and_then(|s| s.text().chars().next())
                .unwrap_or('"');
            (quote, file_unit(text, "  "), ts_trailing_commas(file, text))
        })
    };
    for new in file.of_kind("new_expression") {
        let Some(ctor) = new.field("constructor") else {
            continue;
        };
        if !is_ts_aws_provider(scope, &ctor) {
            continue;
        }
        let Some(args) = new.field("arguments") else {
            continue;
        };
        let argv = list_items(&args);
        let (file_quote, unit, trailing_comma) = habits();
        let sty = TsStyle {
            text,
            nl: file.newline(),
            quote: ts_first_quote(&args).unwrap_or(*file_quote),
            unit: unit.clone(),
            trailing_comma: *trailing_comma,
        };
        let site = match argv.get(2) {
            None if argv.len() == 2 => {
                // No configuration object: add one, laid out like prettier.
                let mut site = Site::new(ctor.range(), State::Absent);
                if !tags.is_empty() {
                    let lay = layout(text, &args, &argv, &sty.unit, sty.trailing_comma);
                    let base = if lay.multiline {
                        lay.indent.clone()
                    } else {
                        indent_at(text, args.range().start).to_string()
                    };
                    let ind = Indent {
                        base: &base,
                        unit: &lay.unit,
                        trailing_comma: sty.trailing_comma,
                    };
                    let prop = format!(
                        "defaultTags: {}",
                        ts_value(
                            &all(tags),
                            &sty,
                            Some(&Indent {
                                base: &ind.at(1),
                                ..ind
                            })
                        )
                    );
                    let object = block(
                        "{",
                        "}",
                        &[prop],
                        &ind.at(1),
                        &base,
                        sty.trailing_comma,
                        sty.nl,
                    );
                    site.add = insert_items(text, sty.nl, &args, &argv, &lay, &[object], "")
                        .ok_or("the call's arguments hold a comment");
                }
                site
            }
            None => continue,
            Some(cfg) if cfg.kind() == "object" => ts_config(cfg, &ctor, tags, &sty),
            Some(other) => Site::computed_config(other),
        };
        sites.push(site);
    }
}

fn ts_config(cfg: &N, ctor: &N, tags: &[Tag], sty: &TsStyle) -> Site {
    let text = sty.text;
    if let Some(s) = cfg
        .children()
        .find(|c| c.kind() == "shorthand_property_identifier" && c.text() == "defaultTags")
    {
        return Site::computed(&s, None);
    }
    let props = ts::properties(cfg);
    let spreads: Vec<N> = cfg
        .children()
        .filter(|c| c.kind() == "spread_element")
        .collect();
    let Some(dt) = props.iter().find(|p| p.key == "defaultTags") else {
        if let Some(spread) = spreads.first() {
            return Site::computed_config(spread);
        }
        let mut site = Site::new(ctor.range(), State::Absent);
        if !tags.is_empty() {
            let items = list_items(cfg);
            let lay = layout(text, cfg, &items, &sty.unit, sty.trailing_comma);
            let indent = lay.multiline.then(|| Indent {
                base: &lay.indent,
                unit: &lay.unit,
                trailing_comma: lay.trailing_comma,
            });
            let prop = format!(
                "defaultTags: {}",
                ts_value(&all(tags), sty, indent.as_ref())
            );
            site.add = insert_items(text, sty.nl, cfg, &items, &lay, &[prop], " ")
                .ok_or("the configuration object holds only a comment");
        }
        return site;
    };
    if let Some(spread) = spreads
        .iter()
        .find(|s| s.range().start > dt.pair.range().start)
    {
        return Site::computed_config(spread);
    }
    let value = &dt.value;
    let replace = |site: &mut Site| {
        if tags.is_empty() {
            return;
        }
        let base = indent_at(text, dt.pair.range().start).to_string();
        let unit = sty.unit.clone();
        let indent = starts_line(text, dt.pair.range().start).then(|| Indent {
            base: &base,
            unit: &unit,
            trailing_comma: comma_after(&dt.pair).is_some(),
        });
        site.add = Ok(vec![Edit::replace(
            value.range(),
            ts_value(&all(tags), sty, indent.as_ref()),
        )]);
    };
    match value.kind().as_ref() {
        "array" => {
            let elements = list_items(value);
            match elements.as_slice() {
                [] => {
                    let mut site = Site::new(dt.pair.range(), State::Absent);
                    replace(&mut site);
                    site
                }
                [el] if el.kind() == "object" => ts_element(el, &dt.pair, None, tags, sty, replace),
                _ => Site::computed(value, None),
            }
        }
        "object" => {
            let wrap = vec![
                Edit::insert(value.range().start, "["),
                Edit::insert(value.range().end, "]"),
            ];
            ts_element(value, &dt.pair, Some(wrap), tags, sty, replace)
        }
        _ => Site::computed(value, None),
    }
}

/// `{ tags: {...} }`: the element of the default tags list (or the pre-v11 object).
fn ts_element(
    element: &N,
    pair: &N,
    wrap: Option<Vec<Edit>>,
    tags: &[Tag],
    sty: &TsStyle,
    replace: impl Fn(&mut Site),
) -> Site {
    let items = list_items(element);
    let props = ts::properties(element);
    if items.len() != props.len() {
        return Site::computed(element, wrap);
    }
    let Some(t) = props.iter().find(|p| p.key == "tags") else {
        if items.is_empty() {
            let mut site = Site::new(pair.range(), State::Absent);
            replace(&mut site);
            return site;
        }
        return Site::computed(element, wrap);
    };
    let map = &t.value;
    if map.kind() != "object" {
        return Site::computed(map, wrap);
    }
    let entries = list_items(map);
    let pairs = ts::properties(map);
    let mut present = Vec::new();
    for e in &entries {
        match e.kind().as_ref() {
            "shorthand_property_identifier" => present.push(e.text().to_string()),
            "pair" => match pairs.iter().find(|p| p.pair.range() == e.range()) {
                Some(p) => present.push(p.key.clone()),
                None => return Site::computed(map, wrap),
            },
            _ => return Site::computed(map, wrap),
        }
    }
    let lacking = missing(tags, &present);
    let mut site = Site::new(
        pair.range(),
        State::Literal {
            missing: lacking.iter().map(|t| t.key.clone()).collect(),
        },
    );
    site.wrap = wrap;
    if !lacking.is_empty() {
        let lay = layout(sty.text, map, &entries, &sty.unit, sty.trailing_comma);
        let quote = ts_first_quote(map).unwrap_or(sty.quote);
        site.add = insert_items(
            sty.text,
            sty.nl,
            map,
            &entries,
            &lay,
            &ts_entries(&lacking, quote),
            " ",
        )
        .ok_or("the tags object holds only a comment");
    }
    site
}

// ---------------------------------------------------------------------------------------------
// Python

const PY_PACKAGES: &[&str] = &["cdktf_cdktf_provider_aws", "cdktn_provider_aws"];

/// The provider package whose `provider.<class>` `expr` names.
fn py_class(b: &Bindings, expr: &N, class: &str) -> Option<&'static str> {
    let names = b.qualified_names(expr);
    PY_PACKAGES.iter().copied().find(|pkg| {
        names
            .iter()
            .any(|n| *n == format!("{pkg}.provider.{class}"))
    })
}

struct PyStyle<'a> {
    text: &'a str,
    nl: &'a str,
    quote: char,
    unit: String,
    /// The local name of `AwsProviderDefaultTags`, when the file imports it.
    class: Option<String>,
}

fn py_first_quote(node: &N) -> Option<char> {
    node.dfs()
        .filter(|n| n.kind() == "string")
        .find_map(|s| python::quote_of(&s))
}

fn py_entries(tags: &[&Tag], q: char) -> Vec<String> {
    tags.iter()
        .map(|t| {
            let value = match &t.value {
                TagValue::Text(s) => quote_str(s, q),
                TagValue::Expr(e) => e.clone(),
            };
            format!("{}: {value}", quote_str(&t.key, q))
        })
        .collect()
}

/// `[{"tags": {...}}]` or `[AwsProviderDefaultTags(tags={...})]`, inline or laid out.
fn py_value(tags: &[&Tag], sty: &PyStyle, indent: Option<&Indent>) -> String {
    let entries = py_entries(tags, sty.quote);
    let tags_key = quote_str("tags", sty.quote);
    match (indent, &sty.class) {
        (None, None) => format!("[{{{tags_key}: {{{}}}}}]", entries.join(", ")),
        (None, Some(class)) => format!("[{class}(tags={{{}}})]", entries.join(", ")),
        (Some(ind), class) => {
            let tc = ind.trailing_comma;
            let map = block("{", "}", &entries, &ind.at(2), &ind.at(1), tc, sty.nl);
            let element = match class {
                None => block(
                    "{",
                    "}",
                    &[format!("{tags_key}: {map}")],
                    &ind.at(1),
                    &ind.at(0),
                    tc,
                    sty.nl,
                ),
                Some(class) => format!(
                    "{class}{}",
                    block(
                        "(",
                        ")",
                        &[format!("tags={map}")],
                        &ind.at(1),
                        &ind.at(0),
                        tc,
                        sty.nl
                    )
                ),
            };
            format!("[{element}]")
        }
    }
}

fn check_py(file: &ParsedFile, tags: &[Tag], sites: &mut Vec<Site>) {
    let root = file.tree().root();
    let b = Bindings::of(file);
    if !b.imports_from_any(PY_PACKAGES) {
        return;
    }
    let text = file.text;
    // The file's habits, read once and only for a file that constructs a provider.
    let habits = OnceCell::new();
    let habits = || {
        habits.get_or_init(|| {
            (
                py_first_quote(&root).unwrap_or('"'),
                file_unit(text, "    "),
            )
        })
    };
    for call in file.of_kind("call") {
        let Some(function) = call.field("function") else {
            continue;
        };
        let Some(pkg) = py_class(b, &function, "AwsProvider") else {
            continue;
        };
        let Some(args) = call
            .field("arguments")
            .filter(|a| a.kind() == "argument_list")
        else {
            continue;
        };
        let class = b
            .locals_of(&format!("{pkg}.provider.AwsProviderDefaultTags"))
            .first()
            .map(|s| s.to_string());
        let (file_quote, unit) = habits();
        let sty = PyStyle {
            text,
            nl: file.newline(),
            quote: py_first_quote(&args).unwrap_or(*file_quote),
            unit: unit.clone(),
            class,
        };
        let kwargs = python::keyword_arguments(&args);
        let site = match kwargs.iter().find(|k| k.name == "default_tags") {
            None => {
                if let Some(splat) = args.children().find(|c| c.kind() == "dictionary_splat") {
                    Site::computed_config(&splat)
                } else {
                    let mut site = Site::new(function.range(), State::Absent);
                    if !tags.is_empty() {
                        let items = list_items(&args);
                        let lay = layout(text, &args, &items, &sty.unit, true);
                        let indent = lay.multiline.then(|| Indent {
                            base: &lay.indent,
                            unit: &lay.unit,
                            trailing_comma: lay.trailing_comma,
                        });
                        let arg = format!(
                            "default_tags={}",
                            py_value(&all(tags), &sty, indent.as_ref())
                        );
                        site.add = insert_items(text, sty.nl, &args, &items, &lay, &[arg], "")
                            .ok_or("the call's arguments hold a comment");
                    }
                    site
                }
            }
            Some(kw) => py_default_tags(b, pkg, kw, tags, &sty),
        };
        sites.push(site);
    }
}

fn py_default_tags(
    b: &Bindings,
    pkg: &'static str,
    kw: &python::KeywordArgument,
    tags: &[Tag],
    sty: &PyStyle,
) -> Site {
    let text = sty.text;
    let value = &kw.value;
    let replace = |site: &mut Site| {
        if tags.is_empty() {
            return;
        }
        let base = indent_at(text, kw.node.range().start).to_string();
        let indent = starts_line(text, kw.node.range().start).then(|| Indent {
            base: &base,
            unit: &sty.unit,
            trailing_comma: comma_after(&kw.node).is_some(),
        });
        site.add = Ok(vec![Edit::replace(
            value.range(),
            py_value(&all(tags), sty, indent.as_ref()),
        )]);
    };
    let is_class = |n: &N| {
        n.kind() == "call"
            && n.field("function")
                .is_some_and(|f| py_class(b, &f, "AwsProviderDefaultTags") == Some(pkg))
    };
    match value.kind().as_ref() {
        "list" => {
            let elements = list_items(value);
            match elements.as_slice() {
                [] => {
                    let mut site = Site::new(kw.node.range(), State::Absent);
                    replace(&mut site);
                    site
                }
                [el] if el.kind() == "dictionary" || is_class(el) => {
                    py_element(el, &kw.node, None, tags, sty, replace)
                }
                _ => Site::computed(value, None),
            }
        }
        _ if value.kind() == "dictionary" || is_class(value) => {
            let wrap = vec![
                Edit::insert(value.range().start, "["),
                Edit::insert(value.range().end, "]"),
            ];
            py_element(value, &kw.node, Some(wrap), tags, sty, replace)
        }
        _ => Site::computed(value, None),
    }
}

/// `{"tags": {...}}` or `AwsProviderDefaultTags(tags={...})`.
fn py_element(
    element: &N,
    kw: &N,
    wrap: Option<Vec<Edit>>,
    tags: &[Tag],
    sty: &PyStyle,
    replace: impl Fn(&mut Site),
) -> Site {
    let (items, map) = if element.kind() == "dictionary" {
        let items = list_items(element);
        let mut map = None;
        for item in &items {
            let key = item.field("key").and_then(|k| python::string_value(&k));
            match (item.kind().as_ref(), key.as_deref()) {
                ("pair", Some("tags")) => map = item.field("value"),
                _ => return Site::computed(element, wrap),
            }
        }
        (items, map)
    } else {
        let Some(args) = element.field("arguments") else {
            return Site::computed(element, wrap);
        };
        let items = list_items(&args);
        let mut map = None;
        for item in &items {
            match python::keyword_arguments(&args)
                .into_iter()
                .find(|k| k.node.range() == item.range())
            {
                Some(k) if k.name == "tags" => map = Some(k.value),
                _ => return Site::computed(element, wrap),
            }
        }
        (items, map)
    };
    let Some(map) = map else {
        if items.is_empty() {
            let mut site = Site::new(kw.range(), State::Absent);
            replace(&mut site);
            return site;
        }
        return Site::computed(element, wrap);
    };
    if map.kind() != "dictionary" {
        return Site::computed(&map, wrap);
    }
    let entries = list_items(&map);
    let mut present = Vec::new();
    for e in &entries {
        match (
            e.kind().as_ref(),
            e.field("key").and_then(|k| python::string_value(&k)),
        ) {
            ("pair", Some(key)) => present.push(key),
            _ => return Site::computed(&map, wrap),
        }
    }
    let lacking = missing(tags, &present);
    let mut site = Site::new(
        kw.range(),
        State::Literal {
            missing: lacking.iter().map(|t| t.key.clone()).collect(),
        },
    );
    site.wrap = wrap;
    if !lacking.is_empty() {
        let lay = layout(sty.text, &map, &entries, &sty.unit, true);
        let quote = py_first_quote(&map).unwrap_or(sty.quote);
        site.add = insert_items(
            sty.text,
            sty.nl,
            &map,
            &entries,
            &lay,
            &py_entries(&lacking, quote),
            "",
        )
        .ok_or("the tags dictionary holds only a comment");
    }
    site
}

// ---------------------------------------------------------------------------------------------
// Go

const JSII: &str = "github.com/aws/jsii-runtime-go";

/// Whether an import path is the `provider` package of the AWS provider bindings
/// (`github.com/cdktf/cdktf-provider-aws-go/aws/v19/provider`).
fn is_go_aws_provider_path(path: &str) -> bool {
    let parts: Vec<&str> = path.split('/').collect();
    match parts.as_slice() {
        [.., "aws", v, "provider"] => {
            v.len() > 1 && v.starts_with('v') && v[1..].bytes().all(|b| b.is_ascii_digit())
        }
        [.., "aws", "provider"] => true,
        _ => false,
    }
}

struct GoStyle<'a> {
    text: &'a str,
    nl: &'a str,
    unit: String,
    /// The provider package's local name.
    pkg: String,
    /// How `jsii.String` is spelled, when jsii is imported.
    jsii: Option<String>,
}

impl GoStyle<'_> {
    fn needs_jsii(&self, tags: &[&Tag]) -> Result<(), &'static str> {
        if self.jsii.is_none() && tags.iter().any(|t| matches!(t.value, TagValue::Text(_))) {
            Err("the file does not import github.com/aws/jsii-runtime-go for jsii.String")
        } else {
            Ok(())
        }
    }

    fn value_of(&self, tag: &Tag) -> String {
        match &tag.value {
            TagValue::Text(s) => format!(
                "{}({})",
                self.jsii.as_deref().unwrap_or("jsii.String"),
                go::quote(s)
            ),
            TagValue::Expr(e) => e.clone(),
        }
    }

    /// Map entries for new tags, gofmt-aligned among themselves.
    fn entries(&self, tags: &[&Tag]) -> Vec<String> {
        let items: Vec<AlignItem> = tags
            .iter()
            .map(|t| AlignItem {
                key_width: go::quote(&t.key).chars().count(),
                keyed: true,
                single_line: !self.value_of(t).contains('\n'),
                gap_before: false,
            })
            .collect();
        let pads = gofmt::value_padding(&items);
        tags.iter()
            .zip(pads)
            .map(|(t, pad)| {
                format!(
                    "{}:{}{}",
                    go::quote(&t.key),
                    " ".repeat(pad),
                    self.value_of(t)
                )
            })
            .collect()
    }

    /// `&[]*provider.AwsProviderDefaultTags{{Tags: &map[string]*string{...}}}`.
    fn value(&self, tags: &[&Tag], indent: Option<&Indent>) -> String {
        let pkg = &self.pkg;
        match indent {
            None => {
                let entries: Vec<String> = tags
                    .iter()
                    .map(|t| format!("{}: {}", go::quote(&t.key), self.value_of(t)))
                    .collect();
                format!(
                    "&[]*{pkg}.AwsProviderDefaultTags{{{{Tags: &map[string]*string{{{}}}}}}}",
                    entries.join(", ")
                )
            }
            Some(ind) => {
                let map = block(
                    "{",
                    "}",
                    &self.entries(tags),
                    &ind.at(2),
                    &ind.at(1),
                    true,
                    self.nl,
                );
                let element = block(
                    "{",
                    "}",
                    &[format!("Tags: &map[string]*string{map}")],
                    &ind.at(1),
                    &ind.at(0),
                    true,
                    self.nl,
                );
                format!("&[]*{pkg}.AwsProviderDefaultTags{{{element}}}")
            }
        }
    }
}

fn check_go(file: &ParsedFile, tags: &[Tag], sites: &mut Vec<Site>) {
    let root = file.tree().root();
    let imports = go::imports(&root);
    let providers: Vec<String> = imports
        .iter()
        .filter(|i| is_go_aws_provider_path(&i.path))
        .map(|i| i.local_name())
        .filter(|n| n != "_" && n != ".")
        .collect();
    if providers.is_empty() {
        return;
    }
    let jsii = imports
        .iter()
        .find(|i| i.path == JSII)
        .and_then(|i| match i.alias.as_deref() {
            None => Some("jsii.String".to_string()),
            Some("_") => None,
            Some(".") => Some("String".to_string()),
            Some(a) => Some(format!("{a}.String")),
        });
    let text = file.text;
    let unit = OnceCell::new();
    for call in file.of_kind("call_expression") {
        let Some(go::SelectorCall {
            function,
            operand,
            name: field,
        }) = go::selector_call(&call)
        else {
            continue;
        };
        if field.text() != "NewAwsProvider"
            || operand.kind() != "identifier"
            || !providers.iter().any(|p| *p == operand.text())
        {
            continue;
        }
        let Some(args) = call.field("arguments") else {
            continue;
        };
        let argv = list_items(&args);
        let Some(cfg) = argv.get(2) else {
            continue;
        };
        let sty = GoStyle {
            text,
            nl: file.newline(),
            unit: unit.get_or_init(|| file_unit(text, "\t")).clone(),
            pkg: operand.text().to_string(),
            jsii: jsii.clone(),
        };
        let site = if cfg.kind() == "nil" {
            let mut site = Site::new(function.range(), State::Absent);
            if !tags.is_empty() {
                site.add = sty.needs_jsii(&all(tags)).map(|_| {
                    let base = indent_at(text, call.range().start).to_string();
                    let ind = Indent {
                        base: &base,
                        unit: &sty.unit,
                        trailing_comma: true,
                    };
                    let inner_base = ind.at(1);
                    let inner = Indent {
                        base: &inner_base,
                        ..ind
                    };
                    let prop = format!("DefaultTags: {}", sty.value(&all(tags), Some(&inner)));
                    let config = block("{", "}", &[prop], &ind.at(1), &base, true, sty.nl);
                    vec![Edit::replace(
                        cfg.range(),
                        format!("&{}.AwsProviderConfig{config}", sty.pkg),
                    )]
                });
            }
            site
        } else {
            match go::composite(cfg) {
                Some((lit, _))
                    if lit
                        .field("type")
                        .and_then(|t| go::type_name(&t))
                        .is_some_and(|(_, n)| n == "AwsProviderConfig") =>
                {
                    match lit.field("body") {
                        Some(body) => go_config(&body, &function, tags, &sty),
                        None => continue,
                    }
                }
                _ => Site::computed_config(cfg),
            }
        };
        sites.push(site);
    }
}

fn go_config(body: &N, function: &N, tags: &[Tag], sty: &GoStyle) -> Site {
    let text = sty.text;
    let elements = go::keyed_elements(body);
    let Some(dt) = elements
        .iter()
        .find(|e| e.key_name().as_deref() == Some("DefaultTags"))
    else {
        let mut site = Site::new(function.range(), State::Absent);
        if !tags.is_empty() {
            site.add = sty.needs_jsii(&all(tags)).and_then(|_| {
                let items = list_items(body);
                let lay = layout(text, body, &items, &sty.unit, true);
                let indent = lay.multiline.then(|| Indent {
                    base: &lay.indent,
                    unit: &lay.unit,
                    trailing_comma: true,
                });
                let prop = format!("DefaultTags: {}", sty.value(&all(tags), indent.as_ref()));
                insert_items(text, sty.nl, body, &items, &lay, &[prop], "")
                    .ok_or("the configuration literal holds only a comment")
            });
        }
        return site;
    };
    let value = &dt.value;
    let replace = |site: &mut Site| {
        if tags.is_empty() {
            return;
        }
        site.add = sty.needs_jsii(&all(tags)).map(|_| {
            let base = indent_at(text, dt.node.range().start).to_string();
            let indent = starts_line(text, dt.node.range().start).then(|| Indent {
                base: &base,
                unit: &sty.unit,
                trailing_comma: true,
            });
            vec![Edit::replace(
                value.range(),
                sty.value(&all(tags), indent.as_ref()),
            )]
        });
    };
    let Some((lit, addressed)) = go::composite(value) else {
        return Site::computed(value, None);
    };
    let (Some(ty), Some(lit_body)) = (lit.field("type"), lit.field("body")) else {
        return Site::computed(value, None);
    };
    if ty.kind() == "slice_type" {
        let elements = list_items(&lit_body);
        return match elements.as_slice() {
            [] => {
                let mut site = Site::new(dt.node.range(), State::Absent);
                replace(&mut site);
                site
            }
            [el] => {
                let inner = go::unwrap_element(el);
                let body = match inner.kind().as_ref() {
                    "literal_value" => Some(inner),
                    _ => go::composite(&inner)
                        .filter(|(l, _)| {
                            l.field("type")
                                .and_then(|t| go::type_name(&t))
                                .is_some_and(|(_, n)| n == "AwsProviderDefaultTags")
                        })
                        .and_then(|(l, _)| l.field("body")),
                };
                match body {
                    Some(body) => go_element(&body, &dt.node, None, tags, sty, replace),
                    None => Site::computed(&inner, None),
                }
            }
            _ => Site::computed(value, None),
        };
    }
    if addressed && go::type_name(&ty).is_some_and(|(_, n)| n == "AwsProviderDefaultTags") {
        // provider-aws < 11: a single struct; make it a one-element slice.
        let wrap = vec![
            Edit::replace(
                value.range().start..lit_body.range().start,
                format!("&[]*{}.AwsProviderDefaultTags{{", sty.pkg),
            ),
            Edit::insert(value.range().end, "}"),
        ];
        return go_element(&lit_body, &dt.node, Some(wrap), tags, sty, replace);
    }
    Site::computed(value, None)
}

/// `{Tags: &map[string]*string{...}}`: the body of the default tags struct.
fn go_element(
    body: &N,
    element: &N,
    wrap: Option<Vec<Edit>>,
    tags: &[Tag],
    sty: &GoStyle,
    replace: impl Fn(&mut Site),
) -> Site {
    let items = list_items(body);
    let keyed = go::keyed_elements(body);
    if items.len() != keyed.len() {
        return Site::computed(body, wrap);
    }
    let Some(t) = keyed
        .iter()
        .find(|k| k.key_name().as_deref() == Some("Tags"))
    else {
        if items.is_empty() {
            let mut site = Site::new(element.range(), State::Absent);
            replace(&mut site);
            return site;
        }
        return Site::computed(body, wrap);
    };
    if keyed.len() > 1 {
        return Site::computed(body, wrap);
    }
    let map = match go::composite(&t.value) {
        Some((lit, _)) if lit.field("type").is_some_and(|ty| ty.kind() == "map_type") => {
            match lit.field("body") {
                Some(b) => b,
                None => return Site::computed(&t.value, wrap),
            }
        }
        _ => return Site::computed(&t.value, wrap),
    };
    let entries = go::keyed_elements(&map);
    let items = list_items(&map);
    if entries.len() != items.len() {
        return Site::computed(&map, wrap);
    }
    let mut present = Vec::new();
    for e in &entries {
        if !matches!(
            e.key.kind().as_ref(),
            "interpreted_string_literal" | "raw_string_literal"
        ) {
            return Site::computed(&map, wrap);
        }
        match go::string_value(&e.key) {
            Some(k) => present.push(k),
            None => return Site::computed(&map, wrap),
        }
    }
    let lacking = missing(tags, &present);
    let mut site = Site::new(
        element.range(),
        State::Literal {
            missing: lacking.iter().map(|t| t.key.clone()).collect(),
        },
    );
    site.wrap = wrap;
    if !lacking.is_empty() {
        site.add = sty
            .needs_jsii(&lacking)
            .and_then(|_| go_insert_map(&map, &entries, &items, &lacking, sty));
    }
    site
}

/// The edits adding `tags` to a map literal, its `key: value` columns aligned as gofmt does.
fn go_insert_map(
    map: &N,
    entries: &[go::KeyedElement],
    items: &[N],
    tags: &[&Tag],
    sty: &GoStyle,
) -> Result<Vec<Edit>, &'static str> {
    let text = sty.text;
    let lay = layout(text, map, items, &sty.unit, true);
    let own_lines = entries
        .iter()
        .all(|e| starts_line(text, e.node.range().start));
    if !lay.multiline || !own_lines {
        let new: Vec<String> = tags
            .iter()
            .map(|t| format!("{}: {}", go::quote(&t.key), sty.value_of(t)))
            .collect();
        return insert_items(text, sty.nl, map, items, &lay, &new, "")
            .ok_or("the tags map holds only a comment");
    }
    let mut align: Vec<AlignItem> = Vec::new();
    let mut prev_end = None;
    for e in entries {
        let r = e.node.range();
        align.push(AlignItem {
            key_width: e.key.text().chars().count(),
            keyed: true,
            single_line: !e.node.text().contains('\n'),
            gap_before: prev_end.is_some_and(|p: usize| text[p..r.start].matches('\n').count() > 1),
        });
        prev_end = Some(r.end);
    }
    let values: Vec<String> = tags.iter().map(|t| sty.value_of(t)).collect();
    for (t, v) in tags.iter().zip(&values) {
        align.push(AlignItem {
            key_width: go::quote(&t.key).chars().count(),
            keyed: true,
            single_line: !v.contains('\n'),
            gap_before: false,
        });
    }
    let pads = gofmt::value_padding(&align);
    let mut edits = Vec::new();
    for (e, pad) in entries.iter().zip(&pads) {
        let gap = e.colon.range().end..e.value.range().start;
        let want = " ".repeat(*pad);
        if text[gap.clone()] != want {
            if text[gap.clone()].contains('\n') || text[gap.clone()].contains('/') {
                return Err("the tags map has a comment or line break inside an entry");
            }
            edits.push(Edit::replace(gap, want));
        }
    }
    let new: Vec<String> = tags
        .iter()
        .zip(&values)
        .zip(&pads[entries.len()..])
        .map(|((t, v), pad)| format!("{}:{}{v}", go::quote(&t.key), " ".repeat(*pad)))
        .collect();
    edits.extend(
        insert_items(text, sty.nl, map, items, &lay, &new, "")
            .ok_or("the tags map holds only a comment")?,
    );
    Ok(edits)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(src: &str) -> toml::Table {
        src.parse().unwrap()
    }

    /// `file_unit` reads indentation by bytes; it must agree with the `trim`-based reading it
    /// replaced, Unicode whitespace and block-comment lines included.
    #[test]
    fn file_unit_reads_indentation_as_trim_does() {
        fn by_trim(text: &str, default: &str) -> String {
            let mut best: Option<&str> = None;
            for line in text.lines() {
                let content = line.trim();
                if content.is_empty() || content.starts_with('*') {
                    continue;
                }
                let indent = &line[..line.len() - line.trim_start().len()];
                if indent.starts_with('\t') {
                    return "\t".into();
                }
                if !indent.is_empty() && best.is_none_or(|b| indent.len() < b.len()) {
                    best = Some(indent);
                }
            }
            best.map_or(default.to_string(), str::to_string)
        }
        let texts = [
            "a\n    b\n  c\n",
            "a\r\n   b\r\n",
            "/**\n * doc\n */\nx\n      y\n",
            "a\n\tb\n  c\n",
            "a\n  \tb\n",
            "a\n \u{a0}b\n    c\n",
            "a\n\u{3000}b\n",
            "a\n   \n\u{a0}\n  \u{b}x\n",
            "a\n  é\n    b\n",
            "",
            "only\n",
        ];
        for text in texts {
            for default in ["  ", "\t"] {
                assert_eq!(file_unit(text, default), by_trim(text, default), "{text:?}");
            }
        }
    }

    #[test]
    fn options_accept_strings_and_expressions() {
        let t = table("ManagedBy = \"CDKTF\"\nEnvironment = { expr = \"environmentSuffix\" }\n\"Cost Center\" = \"\"\n");
        assert!(DefaultTags.validate_options(&t).is_ok());
    }

    #[test]
    fn options_reject_bad_values_with_their_key() {
        let (key, msg) = DefaultTags
            .validate_options(&table("Team = 3\n"))
            .unwrap_err();
        assert_eq!(key, "Team");
        assert!(msg.contains("must be a string"), "{msg}");
        let (key, msg) = DefaultTags
            .validate_options(&table("Env = { expr = \"x\", default = \"y\" }\n"))
            .unwrap_err();
        assert_eq!(key, "Env");
        assert!(msg.contains("unknown key `default`"), "{msg}");
        let (key, msg) = DefaultTags
            .validate_options(&table("\"\" = \"x\"\n"))
            .unwrap_err();
        assert_eq!(key, "\"\"");
        assert!(msg.contains("empty"), "{msg}");
        assert!(DefaultTags
            .validate_options(&table("\"aws:createdBy\" = \"x\"\n"))
            .is_err());
        assert!(DefaultTags
            .validate_options(&table("E = { expr = \"\" }\n"))
            .is_err());
        assert!(DefaultTags
            .validate_options(&table("E = { expr = 1 }\n"))
            .is_err());
    }

    #[test]
    fn keys_that_are_not_identifiers_are_quoted() {
        assert_eq!(ts_key("Team", '"'), "Team");
        assert_eq!(ts_key("Cost Center", '\''), "'Cost Center'");
        assert_eq!(
            ts_key("kubernetes.io/cluster", '"'),
            "\"kubernetes.io/cluster\""
        );
        assert_eq!(quote_str("it's", '\''), "'it\\'s'");
    }

    #[test]
    fn go_provider_paths() {
        assert!(is_go_aws_provider_path(
            "github.com/cdktf/cdktf-provider-aws-go/aws/v19/provider"
        ));
        assert!(!is_go_aws_provider_path(
            "github.com/cdktf/cdktf-provider-aws-go/aws/v19/vpc"
        ));
        assert!(!is_go_aws_provider_path(
            "github.com/cdktf/cdktf-provider-random-go/random/v11/provider"
        ));
    }
}
