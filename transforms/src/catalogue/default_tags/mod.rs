//! `default-tags`: the AWS provider's default tags, completed from the `[default-tags]` table of
//! `cdktf-fix.toml` (TypeScript, Python, Go).
//!
//! Here: the meta and docs, the `[default-tags]` options, and the dispatch per language. Each
//! language's providers are read in `typescript`, `python` and `go`; new entries are laid out by
//! `layout`; what was found becomes diagnostics in `report`.

mod go;
mod layout;
mod python;
mod report;
mod typescript;

use crate::lang::Lang;
use crate::{Context, Diagnostic, ParsedFile, Safety, Transform, TransformMeta};

pub struct DefaultTags;

static META: TransformMeta = TransformMeta {
    id: "default-tags",
    kind: crate::Kind::Policy,
    summary:
        "AWS provider default tags: adds the tags configured in [default-tags] to every AwsProvider",
    languages: &[Lang::TypeScript, Lang::Tsx, Lang::Python, Lang::Go],
    fixes: &[Safety::Safe],
    triggers: &["AwsProvider"],
    reads_project: false,
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
- default tags given as a variable, a spread or a call (`defaultTags: defaultTags`,
  `tags: { ...commonTags }`, a configuration passed as a variable) are the project's decision:
  neither reported nor rewritten.

Without a `[default-tags]` table (or with an empty one) nothing is added: each AWS provider
without default tags is reported, with no fix.

Keys are added in sorted (byte) order, not in the order of the file: the configuration is read
into a sorted map. New entries follow the surrounding object or call: one per line at its
indentation when it is multi-line, inline otherwise, with its trailing-comma and quote style; in
a project that formats with prettier or black, the changed statement is printed as that
formatter prints it (split over lines once it no longer fits); in Go the `key: value` columns
are aligned as gofmt does. Keys that are not identifiers are quoted
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
(a variable, a spread, a call) are left as they are.

## Source
The `default_tags` block of the AWS provider configuration:
https://registry.terraform.io/providers/hashicorp/aws/latest/docs#default_tags-configuration-block
and the provider guide on resource tagging:
https://registry.terraform.io/providers/hashicorp/aws/latest/docs/guides/resource-tagging.
In the bindings it is `AwsProviderDefaultTags`, a list since `@cdktf/provider-aws` 11
(https://github.com/cdktf/cdktf-provider-aws).
"#,
};

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
                typescript::check(file, ctx, wanted, &mut sites);
                &report::TS_NAMES
            }
            Lang::Python => {
                python::check(file, ctx.style, wanted, &mut sites);
                &report::PY_NAMES
            }
            Lang::Go => {
                go::check(file, wanted, &mut sites);
                &report::GO_NAMES
            }
            _ => return,
        };
        let first = out.len();
        for site in sites {
            report::emit(site, tags.is_some(), wanted, names, out);
        }
        // In a prettier project, each changed provider statement as prettier prints it; in a
        // black project, as black prints it.
        for d in &mut out[first..] {
            if let Some(fix) = &mut d.fix {
                let edits = std::mem::take(&mut fix.edits);
                let edits = crate::syntax::layout::ts_edits(ctx.style, file, edits);
                fix.edits = crate::syntax::python::black_edits(ctx.style, file, edits);
            }
        }
    }
}

fn all(tags: &[Tag]) -> Vec<&Tag> {
    tags.iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(src: &str) -> toml::Table {
        src.parse().unwrap()
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
}
