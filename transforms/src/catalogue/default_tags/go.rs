//! `default-tags` in Go: `DefaultTags: &[]*provider.AwsProviderDefaultTags{{Tags: &map[string]*string{...}}}`
//! in `provider.NewAwsProvider`'s config, `jsii.String` values, `key: value` columns aligned as
//! gofmt aligns them.

use std::cell::OnceCell;

use super::layout::{block, file_unit, insert_items, layout, Indent};
use super::report::{missing, Site, State};
use super::{all, Tag, TagValue};
use crate::syntax::go;
use crate::syntax::gofmt::{self, AlignItem};
use crate::syntax::layout::{named_children, starts_line};
use crate::syntax::{indent_at, N};
use crate::{Edit, ParsedFile};

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

pub(super) fn check(file: &ParsedFile, tags: &[Tag], sites: &mut Vec<Site>) {
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
        let argv = named_children(&args);
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
                let items = named_children(body);
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
        let elements = named_children(&lit_body);
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
    let items = named_children(body);
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
    let items = named_children(&map);
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
