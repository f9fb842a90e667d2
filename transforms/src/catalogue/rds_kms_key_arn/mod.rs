//! `rds-kms-key-arn`: a KMS alias where RDS wants a key ARN.

mod go;

use super::s3_bucket_hardening::{provider_of, repeats};
use crate::lang::Lang;
use crate::syntax::add_import::{add_import, Wanted};
use crate::syntax::construct::{self, enclosing_statement, string_value};
use crate::syntax::layout::{self, named_children};
use crate::syntax::{indent_at, N};
use crate::{Context, Diagnostic, Edit, Fix, ParsedFile, Safety, Transform, TransformMeta};

pub struct RdsKmsKeyArn;

static META: TransformMeta = TransformMeta {
    id: "rds-kms-key-arn",
    kind: crate::Kind::Defect,
    summary: "kmsKeyId: \"alias/...\" on DbInstance → the alias's key ARN through a DataAwsKmsAlias data source",
    languages: &[Lang::TypeScript, Lang::Tsx, Lang::Python, Lang::Go],
    fixes: &[Safety::Unsafe],
    triggers: &["alias/"],
    reads_project: false,
    docs: r#"
## What it does
Finds `DbInstance` resources whose `kmsKeyId` (Python `kms_key_id`) is a KMS alias written as a
string (`"alias/aws/rds"`, `"alias/app-db"`). It looks the alias up with a `DataAwsKmsAlias`
data source, added right before the statement that creates the instance and named after the
alias (`alias/aws/rds` → `const aliasAwsRds = new DataAwsKmsAlias(this, "alias-aws-rds",
{ name: "alias/aws/rds" })`, Python `alias_aws_rds = DataAwsKmsAlias(self, "alias-aws-rds",
name="alias/aws/rds")`), and uses its `targetKeyArn` (`target_key_arn`). The data source's
import is added when the file lacks it (Go: `aliasAwsRds :=
dataawskmsalias.NewDataAwsKmsAlias(stack, jsii.String("alias-aws-rds"),
&dataawskmsalias.DataAwsKmsAliasConfig{Name: jsii.String("alias/aws/rds")})` and
`aliasAwsRds.TargetKeyArn()`, the import sorted into the group of the provider's imports; a Go
data source already in the file is not looked for, and an instance whose configuration holds
comments is only reported) (per-module, from the package the file's provider
imports come from; a file that reaches the provider through `import * as aws` uses
`aws.dataAwsKmsAlias.DataAwsKmsAlias`). The data source takes the instance's `provider` (`provider: west`, Go `Provider: west`, Python
`provider=west`), so the alias is looked up in the instance's region and account. A data source
for the same alias and provider already assigned to a variable before the instance, in the same
or an enclosing block, is reused; several instances with one alias and provider share one data
source.

Left alone: a `kmsKeyId` that is an ARN, a key id or computed; a configuration built
elsewhere; an instance created in a class field initializer (there is no statement to put the
data source before). Reported without a fix: an instance made in a loop or a callback with no
data source to reuse before it (a new one there would be made again under the same construct
id), and one whose `provider` is not a plain reference (`west`, `this.west`).

## Why
The AWS provider validates `kms_key_id` of `aws_db_instance` as an ARN and rejects an alias at
plan time: `"kms_key_id" (alias/aws/rds) is an invalid ARN: arn: invalid prefix`. The
`aws_kms_alias` data source resolves an alias to the ARN of the key it points to. (Dropping
`kmsKeyId` would fall back to the default key; resolving the alias keeps the key the author
chose.)

## Example
```ts
new DbInstance(this, "db", {
  storageEncrypted: true,
  kmsKeyId: "alias/aws/rds",
});
```
becomes
```ts
const aliasAwsRds = new DataAwsKmsAlias(this, "alias-aws-rds", { name: "alias/aws/rds" });
new DbInstance(this, "db", {
  storageEncrypted: true,
  kmsKeyId: aliasAwsRds.targetKeyArn,
});
```

## Fix safety
Unsafe: the code could not be deployed as written, but the fix picks the key the alias points
to *now*, and `kms_key_id` forces a replacement, so an alias later moved to another key would
recreate the database. It also adds a data source (a read of KMS at every plan, which needs
`kms:DescribeKey`/`kms:ListAliases`). Needs `--unsafe-fixes`; `check` reports it either way.

## Source
The `kms_key_id` argument of `aws_db_instance` (a key ARN): https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/db_instance;
the `aws_kms_alias` data source (`target_key_arn`): https://registry.terraform.io/providers/hashicorp/aws/latest/docs/data-sources/kms_alias.
"#,
};

/// `alias/aws/rds` → ["alias", "aws", "rds"].
fn words(alias: &str) -> Vec<String> {
    alias
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w.to_ascii_lowercase())
        .collect()
}

fn var_name(lang: Lang, alias: &str) -> String {
    let w = words(alias);
    if lang == Lang::Python {
        return w.join("_");
    }
    let mut s = String::new();
    for (i, word) in w.iter().enumerate() {
        if i == 0 {
            s.push_str(word);
        } else {
            let mut c = word.chars();
            if let Some(f) = c.next() {
                s.push(f.to_ascii_uppercase());
                s.push_str(c.as_str());
            }
        }
    }
    s
}

/// Whether `word` occurs in `text` as a whole identifier.
fn occurs(text: &str, word: &str) -> bool {
    let ident = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '$';
    text.match_indices(word).any(|(i, _)| {
        !text[..i].chars().next_back().is_some_and(ident)
            && !text[i + word.len()..].chars().next().is_some_and(ident)
    })
}

/// A name (and construct id) for the data source of `alias` that the file does not use yet.
fn fresh(lang: Lang, text: &str, alias: &str) -> (String, String) {
    let base = var_name(lang, alias);
    let id = words(alias).join("-");
    for n in 1.. {
        let (v, i) = if n == 1 {
            (base.clone(), id.clone())
        } else {
            let sep = if lang == Lang::Python { "_" } else { "" };
            (format!("{base}{sep}{n}"), format!("{id}-{n}"))
        };
        if !occurs(text, &v)
            && !text.contains(&format!("\"{i}\""))
            && !text.contains(&format!("'{i}'"))
        {
            return (v, i);
        }
    }
    unreachable!()
}

/// An existing data source: its alias name, variable, statement.
struct Existing<'r> {
    alias: String,
    var: String,
    stmt: N<'r>,
    /// Its `provider`, as written.
    provider: Option<String>,
}

fn assigned_to(call: &N) -> Option<String> {
    let parent = call.parent()?;
    let name = match parent.kind().as_ref() {
        "variable_declarator" => parent.field("name")?,
        "assignment" => parent.field("left")?,
        _ => return None,
    };
    (name.kind() == "identifier").then(|| name.text().to_string())
}

/// Whether a statement at `stmt` is visible from `user` (same or enclosing block, before it).
fn visible(stmt: &N, user: &N) -> bool {
    let Some(block) = stmt.parent() else {
        return false;
    };
    stmt.range().end <= user.range().start
        && user
            .ancestors()
            .any(|a| a.range() == block.range() && a.kind() == block.kind())
}

/// A data source this run adds: for `alias`, inserted at `at` in `block`.
struct Planned {
    alias: String,
    at: usize,
    block: Option<std::ops::Range<usize>>,
    var: String,
    id: String,
    provider: Option<String>,
}

impl Transform for RdsKmsKeyArn {
    fn meta(&self) -> &'static TransformMeta {
        &META
    }

    fn check(&self, file: &ParsedFile, ctx: &Context, out: &mut Vec<Diagnostic>) {
        let lang = file.lang;
        if lang == Lang::Go {
            return go::check(file, out);
        }
        let py = lang == Lang::Python;
        let existing: Vec<Existing> = construct::aws_constructs(file, ctx, &["DataAwsKmsAlias"])
            .into_iter()
            .filter_map(|d| {
                let config = d.config.as_ref()?;
                let alias = string_value(lang, &config.get("name")?.value)?;
                let var = assigned_to(&d.node)?;
                let stmt = enclosing_statement(&d.node)?;
                let provider = provider_of(&config.props()?)?;
                Some(Existing {
                    alias,
                    var,
                    stmt,
                    provider,
                })
            })
            .collect();
        // Where the data source for an alias goes: before the first instance using it in a block.
        let mut planned: Vec<Planned> = Vec::new();
        for c in construct::aws_constructs(file, ctx, &["DbInstance"]) {
            let Some(config) = &c.config else { continue };
            let Some(kms) = config.get("kmsKeyId") else {
                continue;
            };
            let Some(alias) = string_value(lang, &kms.value) else {
                continue;
            };
            if !alias.starts_with("alias/") {
                continue;
            }
            let message = format!(
                "`{}` must be a key ARN; the provider rejects the alias `{alias}` (\"is an invalid ARN\"): look it up with a DataAwsKmsAlias data source and use its `{}`",
                construct::key_in(lang, "kmsKeyId"),
                construct::key_in(lang, "targetKeyArn"),
            );
            let mut diag = Diagnostic {
                transform: META.id,
                range: kms.node.range(),
                message,
                fix: None,
            };
            let Some(stmt) = enclosing_statement(&c.node) else {
                out.push(diag);
                continue;
            };
            // The data source reads the alias through the instance's provider (its region and
            // account), written as the instance writes it.
            let Some(provider) = config.props().and_then(|p| provider_of(&p)) else {
                diag.message
                    .push_str(" (not fixed automatically: the instance's `provider` is not a plain reference that can be repeated)");
                out.push(diag);
                continue;
            };
            let reference = |var: &str| {
                let attr = if py { "target_key_arn" } else { "targetKeyArn" };
                Edit::replace(kms.value.range(), format!("{var}.{attr}"))
            };
            if let Some(e) = existing
                .iter()
                .find(|e| e.alias == alias && e.provider == provider && visible(&e.stmt, &stmt))
            {
                diag.fix = Some(Fix::unsafe_(vec![reference(&e.var)]));
                out.push(diag);
                continue;
            }
            let Some((class, import)) = add_import(
                file,
                ctx.index,
                ctx.style,
                Wanted::Class("aws", "DataAwsKmsAlias"),
                Some(&c.ctor),
            ) else {
                out.push(diag);
                continue;
            };
            let block = stmt.parent().map(|p| p.range());
            let reuse = planned.iter().find(|p| {
                p.alias == alias
                    && p.provider == provider
                    && stmt.ancestors().any(|a| Some(a.range()) == p.block)
            });
            // A new data source right before a statement that runs more than once would be made
            // again under the same construct id.
            if reuse.is_none() && repeats(&stmt) {
                diag.message.push_str(" (not fixed automatically: the instance is made in a loop or a callback, where a data source with one construct id would be made again)");
                out.push(diag);
                continue;
            }
            let reused = reuse.is_some();
            let (at, var, id) = match reuse {
                Some(p) => (p.at, p.var.clone(), p.id.clone()),
                None => {
                    let (var, id) = fresh(lang, file.text, &alias);
                    let at = stmt.range().start;
                    planned.push(Planned {
                        alias: alias.clone(),
                        at,
                        block,
                        var: var.clone(),
                        id: id.clone(),
                        provider: provider.clone(),
                    });
                    (at, var, id)
                }
            };
            let scope = c
                .node
                .field("arguments")
                .and_then(|a| named_children(&a).into_iter().next())
                .map(|s| s.text().to_string())
                .unwrap_or_else(|| if py { "self".into() } else { "this".into() });
            let q = kms.value.text().chars().next().unwrap_or('"');
            let indent = indent_at(file.text, at);
            let nl = file.newline();
            let decl = match (&provider, py) {
                (provider, true) => {
                    let mut args = vec![
                        scope.clone(),
                        format!("{q}{id}{q}"),
                        format!("name={q}{alias}{q}"),
                    ];
                    args.extend(provider.as_ref().map(|p| format!("provider={p}")));
                    // Broken as black breaks it where the project sets its line length.
                    let line = match ctx.style.python_line_length {
                        Some(n) => crate::style::python_call(
                            &format!("{var} = {class}"),
                            &args,
                            "",
                            indent,
                            n,
                            nl,
                        ),
                        None => format!("{var} = {class}({})", args.join(", ")),
                    };
                    format!("{line}{nl}{indent}")
                }
                (provider, false) => {
                    let provider = provider
                        .as_ref()
                        .map_or(String::new(), |p| format!(", provider: {p}"));
                    // In a prettier project: its `semi`, and the line as prettier prints it.
                    let semi = ctx
                        .style
                        .ts_semi(ctx.style.prettier.is_none().then_some(true));
                    let statement = format!(
                        "const {var} = new {class}({scope}, {q}{id}{q}, {{ name: {q}{alias}{q}{provider} }}){semi}"
                    );
                    let statement = layout::ts_statement(ctx.style, statement, indent, nl);
                    format!("{statement}{nl}{indent}")
                }
            };
            // The instance's statement, reprinted in a prettier project (its `kmsKeyId` value
            // changes length); the declaration then goes in front of it in the same edit.
            let mut edits = vec![Edit::insert(at, decl.clone())];
            for e in layout::ts_edits(ctx.style, file, vec![reference(&var)]) {
                if e.range.start == at && e.range.end > at && !reused {
                    edits[0] = Edit::replace(e.range, format!("{decl}{}", e.text));
                } else {
                    edits.push(e);
                }
            }
            edits.extend(import);
            diag.fix = Some(Fix::unsafe_(edits));
            out.push(diag);
        }
    }
}
