//! `default-tags` in TypeScript: `new AwsProvider(this, "aws", { defaultTags: [{ tags: {...} }] })`.

use std::cell::OnceCell;

use super::layout::{block, file_unit, insert_items, layout, quote_str, Indent};
use super::report::{missing, Site, State};
use super::{all, Tag, TagValue};
use crate::syntax::layout::{comma_after, named_children, starts_line};
use crate::syntax::ts::{self, Binding, ProviderScope};
use crate::syntax::{indent_at, N};
use crate::{Context, Edit, ParsedFile};

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
            let items = named_children(&o);
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

pub(super) fn check(file: &ParsedFile, ctx: &Context, tags: &[Tag], sites: &mut Vec<Site>) {
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
        let argv = named_children(&args);
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
            let items = named_children(cfg);
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
            let elements = named_children(value);
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
    let items = named_children(element);
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
    let entries = named_children(map);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_that_are_not_identifiers_are_quoted() {
        assert_eq!(ts_key("Team", '"'), "Team");
        assert_eq!(ts_key("Cost Center", '\''), "'Cost Center'");
        assert_eq!(
            ts_key("kubernetes.io/cluster", '"'),
            "\"kubernetes.io/cluster\""
        );
    }
}
