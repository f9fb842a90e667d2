//! `s3-bucket-hardening`: S3 buckets without a server-side encryption configuration or a public
//! access block.

use crate::index::ProviderIndex;
use crate::lang::Lang;
use crate::syntax::add_import::Imports;
use crate::syntax::construct::{self, key_in, Construct, Scope};
use crate::syntax::layout::{self, named_children, starts_line};
use crate::syntax::{indent_at, N};
use crate::{Context, Diagnostic, Edit, Fix, ParsedFile, Safety, Transform, TransformMeta};

pub struct S3BucketHardening;

static META: TransformMeta = TransformMeta {
    id: "s3-bucket-hardening",
    kind: crate::Kind::Policy,
    summary: "S3 buckets without a server-side encryption configuration or public access block",
    languages: &[Lang::TypeScript, Lang::Tsx, Lang::Python],
    fixes: &[Safety::Unsafe],
    triggers: &["S3Bucket"],
    reads_project: false,
    docs: r#"
## What it does
Finds each `S3Bucket` bound to a variable (`const logs = new S3Bucket(...)`, `this.logs = ...`,
`logs = S3Bucket(...)`) that no `S3BucketServerSideEncryptionConfigurationA` and/or no
`S3BucketPublicAccessBlock` of the file refers to (`bucket: logs.id` or `logs.bucket`), and adds
the missing ones right after the bucket's statement:
- `S3BucketServerSideEncryptionConfigurationA` with an `AES256` (SSE-S3) default;
- `S3BucketPublicAccessBlock` with `blockPublicAcls`, `blockPublicPolicy`, `ignorePublicAcls`
  and `restrictPublicBuckets` all `true`;
with the bucket's `provider` (`provider: west`, Python `provider=west`) when it has one, so they
are made in the bucket's region and account, and construct ids derived from the bucket's
(`"logs"` → `"logs-encryption"`, `"logs-public-access-block"`; `_` when the id uses
underscores). The classes are named the way the file already reaches them (an imported name,
`aws.s3BucketPublicAccessBlock.S3BucketPublicAccessBlock` under `import * as aws`, a module
imported from the package root), else imported per module in the file's quote and semicolon
style (joining an import of that module when there is one, under an alias when the name is
taken). In a TypeScript project that formats with prettier the added statements are printed as
prettier prints them with the project's options (`printWidth`, `trailingComma`, ...:
<https://prettier.io/docs/options>).

Left alone: a bucket with the legacy inline `serverSideEncryptionConfiguration` (for
encryption), a website bucket (inline `website`, an `S3BucketWebsiteConfiguration` referring
to it) or one with a `public-read` ACL (for the public access block, which would break it), and
files where such a resource is built from a config the rule cannot read. Buckets not bound to a
variable are not checked. Reported without a fix: a bucket made with `count` or `forEach`
(one resource would stand for all its copies), one made in a loop or a callback under a constant
construct id (the derived ids would repeat), one whose statement is not a statement of a block
of its own (`if (x) b = new S3Bucket(...)`) or shares its line with other code, one whose
`provider` is not a plain reference (`west`, `this.west`) that can be written again, and one whose
derived construct ids are taken.

## Why
A bucket without a public access block can be made public by one ACL or policy change, which is
how most S3 data leaks happen; an explicit encryption configuration documents and pins the
encryption at rest that audits ask for (PCI DSS, HIPAA, SOC 2) instead of relying on the
account's defaults.

## Example
```ts
const bucket = new S3Bucket(this, "bucket", { bucket: "app-data" });
```
becomes (with `--unsafe-fixes`)
```ts
const bucket = new S3Bucket(this, "bucket", { bucket: "app-data" });
new S3BucketServerSideEncryptionConfigurationA(this, "bucket-encryption", {
  bucket: bucket.id,
  rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
});
new S3BucketPublicAccessBlock(this, "bucket-public-access-block", {
  bucket: bucket.id,
  blockPublicAcls: true,
  blockPublicPolicy: true,
  ignorePublicAcls: true,
  restrictPublicBuckets: true,
});
```

## Fix safety
Unsafe: it adds two resources to the deployment, and the public access block rejects public
ACLs and bucket policies from then on, which breaks anything that relied on public access
(static websites, public downloads). A bucket encrypted with KMS keeps that only if its
configuration exists in the file; review the new resources before applying.

## Source
Blocking public access to Amazon S3 storage:
https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html;
default bucket encryption: https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-encryption.html;
the `aws_s3_bucket_public_access_block` (https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/s3_bucket_public_access_block)
and `aws_s3_bucket_server_side_encryption_configuration`
(https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/s3_bucket_server_side_encryption_configuration) resources.
"#,
};

const SSE_CLASS: &str = "S3BucketServerSideEncryptionConfigurationA";
const SSE_RULE: &str = "S3BucketServerSideEncryptionConfigurationRuleA";
const SSE_DEFAULT: &str =
    "S3BucketServerSideEncryptionConfigurationRuleApplyServerSideEncryptionByDefaultA";
const PAB_CLASS: &str = "S3BucketPublicAccessBlock";

/// Which of the two resources a bucket misses.
struct Missing {
    encryption: bool,
    access_block: bool,
}

impl Transform for S3BucketHardening {
    fn meta(&self) -> &'static TransformMeta {
        &META
    }

    fn check(&self, file: &ParsedFile, ctx: &Context, out: &mut Vec<Diagnostic>) {
        let lang = file.lang;
        if Scope::of(file, ctx.index).is_none() {
            return;
        }
        let all = file.constructs(ctx.index);
        if !all.iter().any(|c| c.class == "S3Bucket") {
            return;
        }
        // The construct ids in use, read only for a fix (a new resource needs a free one).
        let ids = std::cell::OnceCell::new();
        let ids = || -> &Vec<String> {
            ids.get_or_init(|| {
                all.iter()
                    .filter_map(|c| c.id_arg.as_ref())
                    .filter_map(|id| construct::literal_body(lang, id))
                    .collect()
            })
        };
        for bucket in all.iter().filter(|c| c.class == "S3Bucket") {
            let Some(binding) = &bucket.binding else {
                continue;
            };
            let props = match &bucket.config {
                Some(config) => match config.props() {
                    Some(p) => p,
                    None => continue, // a spread: the bucket's settings are unknown
                },
                None if bucket.computed.is_some() => continue,
                None => Vec::new(),
            };
            let has = |key: &str| construct::find(&props, &key_in(lang, key)).is_some();
            let public_acl = construct::find(&props, "acl")
                .and_then(|p| construct::string_value(lang, &p.value))
                .is_some_and(|v| v.starts_with("public-read"));
            let website = has("website")
                || refers(lang, all, "S3BucketWebsiteConfiguration", binding) != Some(false);
            let missing = Missing {
                encryption: !has("serverSideEncryptionConfiguration")
                    && refers(lang, all, SSE_CLASS, binding) == Some(false),
                access_block: !public_acl
                    && !website
                    && refers(lang, all, PAB_CLASS, binding) == Some(false),
            };
            if !missing.encryption && !missing.access_block {
                continue;
            }
            let what = match (missing.encryption, missing.access_block) {
                (true, true) => format!(
                    "no server-side encryption configuration and no public access block refer to S3 bucket `{binding}`: one ACL or policy change can make it public, and its encryption at rest is left to the account defaults; add `{SSE_CLASS}` (AES256) and `{PAB_CLASS}` (all four flags true)"
                ),
                (true, false) => format!(
                    "no server-side encryption configuration refers to S3 bucket `{binding}`: its encryption at rest is left to the account defaults; add `{SSE_CLASS}` (AES256)"
                ),
                _ => format!(
                    "no public access block refers to S3 bucket `{binding}`: one ACL or policy change can make it public; add `{PAB_CLASS}` (all four flags true)"
                ),
            };
            let fix = match placement(file.text, lang, bucket, &props) {
                Ok(provider) => build_fix(file, ctx, bucket, binding, &missing, ids(), provider)
                    .ok_or("the bucket's statement or construct id cannot be extended safely"),
                Err(why) => Err(why),
            };
            let message = match &fix {
                Ok(_) => what,
                Err(why) => format!("{what} (not added automatically: {why})"),
            };
            out.push(Diagnostic {
                transform: META.id,
                range: bucket.ctor.range(),
                message,
                fix: fix.ok(),
            });
        }
    }
}

/// Whether what a fix adds for `c` can stand right after its statement, in its block, made the
/// way it is: the `provider` to repeat on it (`None`: the default one), or why not.
fn placement(
    text: &str,
    lang: Lang,
    c: &Construct,
    props: &[construct::Prop],
) -> Result<Option<String>, &'static str> {
    for key in ["count", "forEach"] {
        if construct::find(props, &key_in(lang, key)).is_some() {
            return Err("the bucket is made with `count` or `forEach`, and one added resource would stand for all its copies");
        }
    }
    let Some(statement) = &c.statement else {
        return Err("the bucket's statement cannot be extended safely");
    };
    let in_block = statement.parent().is_some_and(|p| {
        matches!(
            p.kind().as_ref(),
            "program" | "statement_block" | "module" | "block"
        )
    });
    // A Python `for x in y: b = S3Bucket(...)` is in a block that starts on the `for` line.
    if !in_block || !starts_line(text, statement.range().start) {
        return Err("the bucket's statement is not a statement of a block of its own");
    }
    let constant_id = c
        .id_arg
        .as_ref()
        .is_some_and(|id| construct::string_value(lang, id).is_some());
    if constant_id && repeats(statement) {
        return Err("the bucket is made in a loop or a callback under a constant construct id");
    }
    provider_of(props)
        .ok_or("the bucket's `provider` is not a plain reference that can be repeated")
}

/// The construct's `provider`, as written, to repeat on a resource added for it: `Some(None)`
/// without one, `None` when it is not a plain reference (`west`, `this.west`, `self.west`), since
/// another expression could make a second provider or name another one when written again.
pub(super) fn provider_of(props: &[construct::Prop]) -> Option<Option<String>> {
    let Some(p) = construct::find(props, "provider") else {
        return Some(None);
    };
    fn plain(n: &N) -> bool {
        match n.kind().as_ref() {
            "identifier" | "this" => true,
            "member_expression" | "attribute" => {
                let parts = named_children(n);
                parts.len() == 2
                    && plain(&parts[0])
                    && matches!(
                        parts[1].kind().as_ref(),
                        "property_identifier" | "identifier"
                    )
            }
            _ => false,
        }
    }
    plain(&p.value).then(|| Some(p.value.text().to_string()))
}

/// Whether `node` may run more than once per construction of its class: inside a loop, or
/// inside a function passed to a call (a callback), before the method or function that holds it.
pub(super) fn repeats(node: &N) -> bool {
    for a in node.ancestors() {
        match a.kind().as_ref() {
            "for_statement" | "for_in_statement" | "while_statement" | "do_statement" => {
                return true
            }
            "arrow_function" | "function_expression" | "function" | "lambda"
                if a.parent()
                    .is_some_and(|p| p.kind() == "arguments" || p.kind() == "argument_list") =>
            {
                return true
            }
            "method_definition"
            | "function_declaration"
            | "function_definition"
            | "class_body"
            | "class_declaration"
            | "class_definition"
            | "program"
            | "module" => return false,
            _ => {}
        }
    }
    false
}

/// Whether a resource of `class` refers to the bucket bound to `binding`: `Some(true)` when one
/// does, `Some(false)` when none does, `None` when one is built from a config the rule cannot read.
fn refers(lang: Lang, all: &[Construct], class: &str, binding: &str) -> Option<bool> {
    let refs = [format!("{binding}.id"), format!("{binding}.bucket")];
    let mut unknown = false;
    for c in all.iter().filter(|c| same_class(&c.class, class)) {
        let props = match &c.config {
            Some(config) => construct::props(lang, &config.node),
            None => None,
        };
        match props {
            Some(p) => {
                let bucket = construct::find(&p, "bucket");
                if bucket.is_some_and(|b| refs.iter().any(|r| *r == b.value.text())) {
                    return Some(true);
                }
            }
            None => unknown = true,
        }
    }
    (!unknown).then_some(false)
}

/// Whether `name` is `class` or an invented name of it (`...ConfigurationV2`, the missing `A`)
/// that `provider-class-names` renames to it.
fn same_class(name: &str, class: &str) -> bool {
    if name == class {
        return true;
    }
    if !super::provider_class_names::could_rename_to(name, class) {
        return false;
    }
    let Some(aws) = ProviderIndex::get().provider("aws") else {
        return false;
    };
    aws.modules_exporting(class)
        .any(|m| super::provider_class_names::real_name(m, name) == Some(class))
}

/// The construct id of a new resource: the bucket's id with a suffix, in the same kind of literal.
fn derived_id(lang: Lang, id: &N, suffix: &str) -> Option<String> {
    let text = id.text().to_string();
    let body = construct::literal_body(lang, id);
    let sep = match &body {
        Some(b) if b.contains('_') && !b.contains('-') => "_",
        _ => "-",
    };
    let suffix = if sep == "_" {
        suffix.replace('-', "_")
    } else {
        suffix.to_string()
    };
    match body {
        Some(_) => {
            let quote = text.chars().last()?;
            if text.ends_with("\"\"\"") || text.ends_with("'''") {
                return None;
            }
            Some(format!("{}{sep}{suffix}{quote}", &text[..text.len() - 1]))
        }
        None if lang == Lang::Python => Some(format!("f\"{{{text}}}{sep}{suffix}\"")),
        None => Some(format!("`${{{text}}}{sep}{suffix}`")),
    }
}

fn build_fix(
    file: &ParsedFile,
    ctx: &Context,
    bucket: &Construct,
    binding: &str,
    missing: &Missing,
    ids: &[String],
    provider: Option<String>,
) -> Option<Fix> {
    let lang = file.lang;
    let py = lang == Lang::Python;
    let text = file.text;
    let nl = file.newline();
    let statement = bucket.statement.as_ref()?;
    let id = bucket.id_arg.as_ref()?;
    let scope_arg = named_children(&bucket.node.field("arguments")?)
        .first()?
        .text()
        .to_string();
    // Where the new statements go: after the bucket's statement (and a comment ending its line).
    let end = statement.range().end;
    let line_end = text[end..]
        .find(['\r', '\n'])
        .map_or(text.len(), |i| end + i);
    let rest = text[end..line_end].trim();
    if !(rest.is_empty() || rest.starts_with("//") || rest.starts_with('#')) {
        return None;
    }
    let indent = indent_at(text, statement.range().start).to_string();
    let unit = indent_unit(text, bucket, &indent);
    let (i1, i2) = (format!("{indent}{unit}"), format!("{indent}{unit}{unit}"));
    let quote = id
        .text()
        .chars()
        .last()
        .filter(|q| *q == '\'' || *q == '"')
        .unwrap_or('"');
    let semi = if !py && statement.text().ends_with(';') {
        ";"
    } else {
        ""
    };
    let reference = format!("{binding}.id");

    // The names to use, and the imports to add for them.
    let mut names = Imports::new(file, ctx.index, ctx.style);
    let (py_provider, ts_provider) = match &provider {
        Some(p) => (
            format!("{nl}{i1}provider={p},"),
            format!("{nl}{i1}provider: {p},"),
        ),
        None => (String::new(), String::new()),
    };
    let mut snippet = String::new();
    let mut new_ids = Vec::new();
    if missing.encryption {
        let new_id = derived_id(lang, id, "encryption")?;
        new_ids.push(new_id.clone());
        let class = names.class("aws", SSE_CLASS)?;
        if py {
            let rule = names.class("aws", SSE_RULE)?;
            let default = names.class("aws", SSE_DEFAULT)?;
            // Broken as black breaks it where the project sets its line length.
            let i3 = format!("{i2}{unit}");
            let head = format!("apply_server_side_encryption_by_default={default}");
            let algorithm = [format!("sse_algorithm={quote}AES256{quote}")];
            let by_default = match ctx.style.python_line_length {
                Some(n) => crate::style::python_call(&head, &algorithm, ",", &i3, n, nl),
                None => format!("{head}({}),", algorithm[0]),
            };
            snippet.push_str(&format!(
                "{nl}{indent}{class}({nl}{i1}{scope_arg},{nl}{i1}{new_id},{nl}{i1}bucket={reference},{py_provider}{nl}{i1}rule=[{nl}{i2}{rule}({nl}{i3}{by_default}{nl}{i2}){nl}{i1}],{nl}{indent})"
            ));
        } else {
            let statement = format!(
                "new {class}({scope_arg}, {new_id}, {{{nl}{i1}bucket: {reference},{ts_provider}{nl}{i1}rule: [{{ applyServerSideEncryptionByDefault: {{ sseAlgorithm: {quote}AES256{quote} }} }}],{nl}{indent}}}){semi}"
            );
            let statement = layout::ts_statement(ctx.style, statement, &indent, nl);
            snippet.push_str(&format!("{nl}{indent}{statement}"));
        }
    }
    if missing.access_block {
        let new_id = derived_id(lang, id, "public-access-block")?;
        new_ids.push(new_id.clone());
        let class = names.class("aws", PAB_CLASS)?;
        let flags = [
            "blockPublicAcls",
            "blockPublicPolicy",
            "ignorePublicAcls",
            "restrictPublicBuckets",
        ];
        if py {
            let body: String = flags
                .iter()
                .map(|f| format!("{nl}{i1}{}=True,", key_in(lang, f)))
                .collect();
            snippet.push_str(&format!(
                "{nl}{indent}{class}({nl}{i1}{scope_arg},{nl}{i1}{new_id},{nl}{i1}bucket={reference},{py_provider}{body}{nl}{indent})"
            ));
        } else {
            let body: String = flags
                .iter()
                .map(|f| format!("{nl}{i1}{f}: true,"))
                .collect();
            let statement = format!(
                "new {class}({scope_arg}, {new_id}, {{{nl}{i1}bucket: {reference},{ts_provider}{body}{nl}{indent}}}){semi}"
            );
            let statement = layout::ts_statement(ctx.style, statement, &indent, nl);
            snippet.push_str(&format!("{nl}{indent}{statement}"));
        }
    }
    // A construct id already in use would make synth fail.
    for new_id in &new_ids {
        let body = &new_id[1..new_id.len() - 1];
        if ids.iter().any(|i| i == body) {
            return None;
        }
    }
    let mut edits = names.edits(Some(&bucket.ctor));
    edits.push(Edit::insert(line_end, snippet));
    Some(Fix::unsafe_(edits))
}

/// The indentation step of the file, read from the bucket's config layout (else two spaces in
/// TypeScript, four in Python).
fn indent_unit(text: &str, bucket: &Construct, base: &str) -> String {
    if let Some(config) = &bucket.config {
        if let Some(first) = named_children(&config.node).first() {
            if starts_line(text, first.range().start) {
                let ind = indent_at(text, first.range().start);
                if let Some(unit) = ind.strip_prefix(base).filter(|u| !u.is_empty()) {
                    return unit.to_string();
                }
            }
        }
    }
    if base.starts_with('\t') {
        "\t".into()
    } else if text.contains("\n    ") && !text.contains("\n  ") || bucket.py_package.is_some() {
        "    ".into()
    } else {
        "  ".into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ParsedFile;

    fn first_string<'r>(root: &N<'r>) -> N<'r> {
        root.dfs()
            .find(|n| n.kind() == "string" || n.kind() == "template_string")
            .unwrap()
    }

    #[test]
    fn invented_names_count_as_the_real_class() {
        assert!(same_class(SSE_CLASS, SSE_CLASS));
        assert!(same_class(
            "S3BucketServerSideEncryptionConfiguration",
            SSE_CLASS
        ));
        assert!(same_class(
            "S3BucketServerSideEncryptionConfigurationV2",
            SSE_CLASS
        ));
        assert!(!same_class("S3BucketVersioningA", SSE_CLASS));
    }

    #[test]
    fn derived_ids_keep_the_literal_kind_and_separator() {
        for (lang, src, want) in [
            (Lang::TypeScript, "x('logs')", "'logs-encryption'"),
            (Lang::TypeScript, "x(`b-${i}`)", "`b-${i}-encryption`"),
            (Lang::Python, "x(\"app_data\")", "\"app_data_encryption\""),
            (Lang::Python, "x(f\"b{i}\")", "f\"b{i}-encryption\""),
        ] {
            let file = ParsedFile::parse(lang, src);
            let root = file.tree().root();
            assert_eq!(
                derived_id(lang, &first_string(&root), "encryption").as_deref(),
                Some(want)
            );
        }
    }
}
