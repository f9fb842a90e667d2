//! `imds-v2` in Go: `MetadataOptions` in the `Instance` and `LaunchTemplate` config structs.

use super::{Mode, META};
use crate::{Diagnostic, Edit, Fix, ParsedFile};

pub(super) fn check(file: &ParsedFile, mode: Mode, out: &mut Vec<Diagnostic>) {
    use crate::syntax::construct::go as cg;
    let jsii = cg::jsii_prefix(file);
    let diag = |range, message: String, edits: Option<Vec<Edit>>| Diagnostic {
        transform: META.id,
        range,
        message,
        fix: edits.map(Fix::unsafe_),
    };
    for c in cg::constructs(
        file,
        &[
            ("instance", "Instance"),
            ("launchtemplate", "LaunchTemplate"),
        ],
    ) {
        let Some(body) = &c.body else { continue };
        let Some(options) = cg::field(body, "MetadataOptions") else {
            let edits = match (mode, &jsii) {
                (Mode::Required, Some(j)) => cg::insert(
                    file.text,
                    file.newline(),
                    body,
                    "MetadataOptions",
                    &format!(
                        "&{}.{}MetadataOptions{{HttpTokens: {j}String(\"required\")}}",
                        c.pkg, c.class
                    ),
                ),
                _ => None,
            };
            let message = match mode {
                Mode::Required => format!(
                    "{} without `MetadataOptions` accepts IMDSv1 unless its AMI says otherwise; require IMDSv2 with `HttpTokens` \"required\"",
                    c.class
                ),
                Mode::Optional => format!(
                    "{} without `MetadataOptions`: whether IMDSv1 is accepted depends on the AMI; write the choice down (`HttpTokens` \"required\", or \"optional\" while legacy software needs IMDSv1)",
                    c.class
                ),
            };
            out.push(diag(c.call.range(), message, edits));
            continue;
        };
        if mode == Mode::Optional {
            continue;
        }
        let Some(ob) = cg::body_of(&options.value) else {
            continue;
        };
        let literal = |key: &str| {
            cg::field(&ob, key)
                .and_then(|e| cg::literal_string(&e.value))
                .and_then(|s| crate::syntax::go::string_value(&s).map(|v| (s, v)))
        };
        if literal("HttpEndpoint").is_some_and(|(_, v)| v == "disabled") {
            continue;
        }
        match cg::field(&ob, "HttpTokens") {
            Some(t) => {
                let Some((s, v)) = literal("HttpTokens") else {
                    continue;
                };
                if v != "optional" {
                    continue;
                }
                let r = s.range();
                out.push(diag(
                    t.node.range(),
                    "`HttpTokens` \"optional\" accepts IMDSv1, whose unauthenticated metadata requests let SSRF steal the instance role's credentials; require IMDSv2 with \"required\"".into(),
                    Some(vec![Edit::replace(r.start + 1..r.end - 1, "required")]),
                ));
            }
            None => {
                let edits = jsii.as_ref().and_then(|j| {
                    cg::insert(
                        file.text,
                        file.newline(),
                        &ob,
                        "HttpTokens",
                        &format!("{j}String(\"required\")"),
                    )
                });
                out.push(diag(
                    options.node.range(),
                    "`MetadataOptions` without `HttpTokens` accepts IMDSv1 unless the AMI says otherwise; require IMDSv2 with `HttpTokens` \"required\"".into(),
                    edits,
                ));
            }
        }
    }
}
