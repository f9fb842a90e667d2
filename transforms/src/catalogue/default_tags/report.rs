//! What `default-tags` found at each AWS provider (a [`Site`]), and how it is reported: the
//! messages, and the fixes that add the missing tags or make the pre-v11 single object a list.

use std::ops::Range;

use super::{Tag, META};
use crate::syntax::N;
use crate::{Diagnostic, Edit, Fix};

/// How a language spells the things messages name.
pub(super) struct Names {
    pub(super) property: &'static str,
    pub(super) list_form: &'static str,
}

pub(super) static TS_NAMES: Names = Names {
    property: "defaultTags",
    list_form: "[{ tags: { ... } }]",
};
pub(super) static PY_NAMES: Names = Names {
    property: "default_tags",
    list_form: "[{\"tags\": {...}}]",
};
pub(super) static GO_NAMES: Names = Names {
    property: "DefaultTags",
    list_form: "&[]*provider.AwsProviderDefaultTags{{Tags: ...}}",
};

pub(super) enum State {
    /// No default tags at all.
    Absent,
    /// A literal map; the configured keys it lacks.
    Literal { missing: Vec<String> },
    /// Computed default tags (a variable, a call, a spread), or a provider configuration that
    /// is computed or spread from something computed: the project's decision, not reported.
    Computed,
}

/// One AWS provider's default tags.
pub(super) struct Site {
    pub(super) range: Range<usize>,
    pub(super) state: State,
    /// The edits adding what is missing (only computed when tags are configured), or why not.
    pub(super) add: Result<Vec<Edit>, &'static str>,
    /// The pre-v11 single object: the edits making it a list.
    pub(super) wrap: Option<Vec<Edit>>,
}

impl Site {
    pub(super) fn new(range: Range<usize>, state: State) -> Site {
        Site {
            range,
            state,
            add: Ok(Vec::new()),
            wrap: None,
        }
    }
    pub(super) fn computed(node: &N, wrap: Option<Vec<Edit>>) -> Site {
        Site {
            wrap,
            ..Site::new(node.range(), State::Computed)
        }
    }
    /// The provider's configuration is computed, or spread from something computed.
    pub(super) fn computed_config(node: &N) -> Site {
        Site::new(node.range(), State::Computed)
    }
}

fn keys(tags: &[Tag]) -> String {
    tags.iter()
        .map(|t| t.key.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

pub(super) fn missing<'t>(tags: &'t [Tag], present: &[String]) -> Vec<&'t Tag> {
    tags.iter().filter(|t| !present.contains(&t.key)).collect()
}

pub(super) fn emit(
    site: Site,
    configured: bool,
    tags: &[Tag],
    names: &Names,
    out: &mut Vec<Diagnostic>,
) {
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
        State::Computed => {
            // Default tags from a variable, a call or a spread are the project's decision, which
            // cdktf-fix cannot read: not reported (only the pre-v11 single object is repaired).
            if let Some(wrap) = site.wrap {
                out.push(diag(site.range, wrap_message, Some(Fix::safe(wrap))));
            }
        }
    }
}
