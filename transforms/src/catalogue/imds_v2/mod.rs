//! `imds-v2`: EC2 instances and launch templates that accept IMDSv1.

mod go;

use crate::lang::Lang;
use crate::syntax::construct::{self, key_in, string_inner, string_value, Map};
use crate::syntax::{layout, python};
use crate::{Context, Diagnostic, Edit, Fix, ParsedFile, Safety, Transform, TransformMeta};

pub struct ImdsV2;

static META: TransformMeta = TransformMeta {
    id: "imds-v2",
    kind: crate::Kind::Policy,
    summary:
        "Instance/LaunchTemplate metadata options: httpTokens \"required\" (IMDSv2; configurable)",
    languages: &[Lang::TypeScript, Lang::Tsx, Lang::Python, Lang::Go],
    fixes: &[Safety::Unsafe],
    triggers: &["Instance", "LaunchTemplate"],
    reads_project: false,
    docs: r#"
## What it does
Checks the instance metadata options of `Instance` and `LaunchTemplate` resources. With the
default configuration (IMDSv2 required):

- `httpTokens: "optional"` (Python `http_tokens`) becomes `"required"`;
- `metadataOptions` without `httpTokens` gets `httpTokens: "required"`;
- no `metadataOptions` at all: `metadataOptions: { httpTokens: "required" }` is added (Python
  `metadata_options={"http_tokens": "required"}`, a dict, which the Python bindings accept for
  the struct; Go `MetadataOptions: &instance.InstanceMetadataOptions{HttpTokens:
  jsii.String("required")}`, aligned as gofmt does, or only reported when the literal holds
  comments, which gofmt would realign).

Left alone: metadata options with `httpEndpoint: "disabled"` (no metadata service at all),
computed values, and configurations built elsewhere or holding a spread.

Requiring IMDSv2 is the secure choice, but keeping `"optional"` lets legacy software that only
speaks IMDSv1 keep working during a migration. The choice is a setting of `cdktf-fix.toml`:

```toml
[imds-v2]
http-tokens = "required"   # default: enforce IMDSv2
# http-tokens = "optional" # an explicit "optional" is accepted
```

With `"optional"`, an explicit `httpTokens: "optional"` is accepted as a deliberate choice, and
an instance or launch template without `metadataOptions` is only reported (no fix), asking for
the choice to be written down.

## Why
IMDSv1 answers any HTTP GET from the instance, which turns a server-side request forgery in an
application into stolen instance-role credentials (the Capital One breach). IMDSv2 needs a
session token obtained with a PUT, which SSRF cannot usually send. Without `metadataOptions` the
AMI's or account's default applies, often still IMDSv1.

## Example
```ts
new Instance(this, "web", {
  ami: "ami-123",
  instanceType: "t3.micro",
  metadataOptions: { httpTokens: "optional" },
});
```
becomes
```ts
new Instance(this, "web", {
  ami: "ami-123",
  instanceType: "t3.micro",
  metadataOptions: { httpTokens: "required" },
});
```

## Fix safety
Unsafe: software on the instance that still uses IMDSv1 (old AWS SDKs and CLIs, hand-written
`curl http://169.254.169.254/...` scripts) stops getting credentials and metadata. Needs
`--unsafe-fixes`; `check` reports it either way. The change is applied in place, without
replacing the instance.

## Source
Configuring the instance metadata options (IMDSv2, `HttpTokens`) in the Amazon EC2
documentation: https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/configuring-instance-metadata-service.html;
the `metadata_options` block of `aws_instance` (https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/instance) and
`aws_launch_template` (https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/launch_template).
"#,
};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Required,
    Optional,
}

fn mode_of(table: Option<&toml::Table>) -> Result<Mode, (String, String)> {
    let Some(table) = table else {
        return Ok(Mode::Required);
    };
    let mut mode = Mode::Required;
    for (key, value) in table {
        if key != "http-tokens" {
            return Err((
                key.clone(),
                format!("unknown key `{key}` in [imds-v2] (the only key is `http-tokens`)"),
            ));
        }
        mode = match value.as_str() {
            Some("required") => Mode::Required,
            Some("optional") => Mode::Optional,
            _ => {
                return Err((
                    key.clone(),
                    "`http-tokens` must be \"required\" or \"optional\"".into(),
                ))
            }
        };
    }
    Ok(mode)
}

impl Transform for ImdsV2 {
    fn meta(&self) -> &'static TransformMeta {
        &META
    }

    fn validate_options(&self, table: &toml::Table) -> Result<(), (String, String)> {
        mode_of(Some(table)).map(|_| ())
    }

    fn check(&self, file: &ParsedFile, ctx: &Context, out: &mut Vec<Diagnostic>) {
        let mode = mode_of(ctx.options(META.id)).unwrap_or(Mode::Required);
        let lang = file.lang;
        if lang == Lang::Go {
            return go::check(file, mode, out);
        }
        let tokens_key = key_in(lang, "httpTokens");
        let options_key = key_in(lang, "metadataOptions");
        for c in construct::aws_constructs(file, ctx, &["Instance", "LaunchTemplate"]) {
            let Some(config) = &c.config else { continue };
            let diag = |range, message: String, edits: Option<Vec<Edit>>| Diagnostic {
                transform: META.id,
                range,
                message,
                // In a prettier project, the grown construct as prettier prints it; in a black
                // project, as black prints it.
                fix: edits.map(|e| {
                    let e = layout::ts_edits(ctx.style, file, e);
                    Fix::unsafe_(python::black_edits(ctx.style, file, e))
                }),
            };
            let Some(options) = config.get("metadataOptions") else {
                if config.is_open() {
                    continue;
                }
                match mode {
                    Mode::Required => {
                        let value = match config.kind {
                            construct::MapKind::Object => {
                                format!("{{ httpTokens: {} }}", config.string_literal("required"))
                            }
                            _ => format!(
                                "{{{}: {}}}",
                                config.string_literal("http_tokens"),
                                config.string_literal("required")
                            ),
                        };
                        let edits =
                            config.insert(file.text, file.newline(), "metadataOptions", &value);
                        out.push(diag(
                            c.ctor.range(),
                            format!(
                                "{} without `{options_key}` accepts IMDSv1 unless its AMI says otherwise; require IMDSv2 with `{tokens_key}` \"required\"",
                                c.class
                            ),
                            edits,
                        ));
                    }
                    Mode::Optional => out.push(diag(
                        c.ctor.range(),
                        format!(
                            "{} without `{options_key}`: whether IMDSv1 is accepted depends on the AMI; write the choice down (`{tokens_key}` \"required\", or \"optional\" while legacy software needs IMDSv1)",
                            c.class
                        ),
                        None,
                    )),
                }
                continue;
            };
            if mode == Mode::Optional {
                continue;
            }
            let Some(map) = Map::of_value(lang, &options.value) else {
                continue;
            };
            if map
                .get("httpEndpoint")
                .and_then(|e| string_value(lang, &e.value))
                .is_some_and(|v| v == "disabled")
            {
                continue;
            }
            match map.get("httpTokens") {
                Some(t) => {
                    if string_value(lang, &t.value).as_deref() != Some("optional") {
                        continue;
                    }
                    let Some(inner) = string_inner(lang, &t.value) else {
                        continue;
                    };
                    out.push(diag(
                        t.node.range(),
                        format!(
                            "`{tokens_key}` \"optional\" accepts IMDSv1, whose unauthenticated metadata requests let SSRF steal the instance role's credentials; require IMDSv2 with \"required\""
                        ),
                        Some(vec![Edit::replace(inner, "required")]),
                    ));
                }
                None => {
                    if map.is_open() {
                        continue;
                    }
                    let edits = map.insert(
                        file.text,
                        file.newline(),
                        "httpTokens",
                        &map.string_literal("required"),
                    );
                    out.push(diag(
                        options.node.range(),
                        format!(
                            "`{options_key}` without `{tokens_key}` accepts IMDSv1 unless the AMI says otherwise; require IMDSv2 with `{tokens_key}` \"required\""
                        ),
                        edits,
                    ));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_are_validated() {
        let t: toml::Table = "http-tokens = \"optional\"".parse().unwrap();
        assert!(ImdsV2.validate_options(&t).is_ok());
        let t: toml::Table = "http-tokens = \"v2\"".parse().unwrap();
        assert_eq!(ImdsV2.validate_options(&t).unwrap_err().0, "http-tokens");
        let t: toml::Table = "tokens = \"required\"".parse().unwrap();
        assert_eq!(ImdsV2.validate_options(&t).unwrap_err().0, "tokens");
    }
}
