//! `default-tags` in Python: `AwsProvider(self, "aws", default_tags=[{"tags": {...}}])`, or with
//! `AwsProviderDefaultTags(tags={...})` when the file imports that class.

use std::cell::OnceCell;

use super::layout::{block, file_unit, insert_items, layout, quote_str, Indent};
use super::report::{missing, Site, State};
use super::{all, Tag, TagValue};
use crate::style::Style;
use crate::syntax::construct::PY_AWS_PACKAGES;
use crate::syntax::layout::{comma_after, named_children, starts_line};
use crate::syntax::python::{self, Bindings};
use crate::syntax::{indent_at, N};
use crate::{Edit, ParsedFile};

/// The provider package whose `provider.<class>` `expr` names.
fn py_class(b: &Bindings, expr: &N, class: &str) -> Option<&'static str> {
    let names = b.qualified_names(expr);
    PY_AWS_PACKAGES.iter().copied().find(|pkg| {
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

pub(super) fn check(file: &ParsedFile, style: &Style, tags: &[Tag], sites: &mut Vec<Site>) {
    let root = file.tree().root();
    let b = Bindings::of(file);
    if !b.imports_from_any(PY_AWS_PACKAGES) {
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
                        let items = named_children(&args);
                        let lay = layout(text, &args, &items, &sty.unit, true);
                        let indent = lay.multiline.then(|| Indent {
                            base: &lay.indent,
                            unit: &lay.unit,
                            trailing_comma: lay.trailing_comma,
                        });
                        let arg = |indent: Option<&Indent>| {
                            let value = py_value(&all(tags), &sty, indent);
                            vec![format!("default_tags={value}")]
                        };
                        let insert = |arg: Vec<String>| {
                            insert_items(text, sty.nl, &args, &items, &lay, &arg, "")
                        };
                        // In a black project, the value written inline, and the statement as
                        // black prints it, when it can be: black splits the value only where it
                        // does not fit (the laid-out value's trailing commas would keep it split).
                        let black = indent
                            .as_ref()
                            .filter(|_| style.python_line_length.is_some())
                            .and_then(|_| insert(arg(None)))
                            .and_then(|plain| {
                                let printed = python::black_edits(style, file, plain.clone());
                                (printed != plain).then_some(printed)
                            });
                        site.add = black
                            .or_else(|| insert(arg(indent.as_ref())))
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
            let elements = named_children(value);
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
        let items = named_children(element);
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
        let items = named_children(&args);
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
    let entries = named_children(&map);
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
