//! `iam-wildcard-actions`: `"*"` and `"service:*"` actions in IAM policy documents.

use crate::lang::Lang;
use crate::syntax::construct;
use crate::syntax::N;
use crate::{Context, Diagnostic, ParsedFile, Transform, TransformMeta};

pub struct IamWildcardActions;

static META: TransformMeta = TransformMeta {
    id: "iam-wildcard-actions",
    kind: crate::Kind::Policy,
    summary: "IAM policy statements that allow \"*\" or \"service:*\" actions",
    languages: &[Lang::TypeScript, Lang::Tsx, Lang::Python],
    fixes: &[],
    triggers: &["Action", "actions"],
    reads_project: false,
    docs: r#"
## What it does
Reports each `"*"` or `"<service>:*"` action of an `Allow` statement in:
- a policy document written as a literal and serialized in place: `JSON.stringify({ Statement:
  [...] })` (TypeScript) or `json.dumps({"Statement": [...]})` (Python), as given to
  `IamPolicy`, `IamRolePolicy`, `assumeRolePolicy`, bucket and key policies;
- the `statement` blocks of a `DataAwsIamPolicyDocument` (`actions`; dicts or
  `DataAwsIamPolicyDocumentStatement(...)` in Python).
`Deny` statements are left alone: a wide deny is a guard, not a grant. Action prefixes such as
`"s3:Get*"` are not reported.

`"kms:*"` granted to the account root alone (`Principal: { AWS: "arn:aws:iam::111122223333:root" }`,
the same with `${...}` / f-string parts or put together with `+`, `%` or `Fn.format`, the
caller identity's `accountId`, a bare account id,
or `principals: [{ type: "AWS", identifiers: [...] }]` naming only such roots) is not reported:
it is the default key policy AWS gives a KMS key, which lets the account's IAM policies grant
access to the key; narrowing it can leave the key with no one able to manage it.

## Why
`"s3:*"` grants every S3 action, deleting buckets and rewriting their policies included;
`"*"` grants everything, IAM too, which makes the principal an administrator (a role that can
call `iam:*` can grant itself anything). Least privilege is what audits (PCI DSS, SOC 2) and the
IAM Access Analyzer ask for, and the blast radius of a leaked credential is what it allows.

## Example
```ts
new IamRolePolicy(this, "deploy", {
  role: role.id,
  policy: JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Action: ["ecs:*", "s3:*"], Resource: "*" }],
  }),
});
```
is reported twice; what it should be lists the actions:
```ts
Statement: [{
  Effect: "Allow",
  Action: ["ecs:UpdateService", "ecs:DescribeServices", "s3:GetObject", "s3:PutObject"],
  Resource: [cluster.arn, `${bucket.arn}/*`],
}],
```

## Fix safety
Detect-only: which actions a principal needs is known only to its author (IAM Access Analyzer
can generate a policy from CloudTrail activity).

## Source
Security best practices in IAM (grant least privilege):
https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html; the `Action` element of
IAM policies: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html;
the `aws_iam_policy_document` data source: https://registry.terraform.io/providers/hashicorp/aws/latest/docs/data-sources/iam_policy_document;
the default key policy in the AWS KMS developer guide ("Default key policy", which allows
`kms:*` to the account root): https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html.
"#,
};

/// A few exact actions per service, for the message's example.
fn examples(service: &str) -> Option<&'static str> {
    Some(match service {
        "s3" => "\"s3:GetObject\", \"s3:PutObject\"",
        "ec2" => "\"ec2:DescribeInstances\", \"ec2:StartInstances\"",
        "ecs" => "\"ecs:DescribeServices\", \"ecs:UpdateService\"",
        "ecr" => "\"ecr:GetAuthorizationToken\", \"ecr:BatchGetImage\"",
        "rds" => "\"rds:DescribeDBInstances\", \"rds:CreateDBSnapshot\"",
        "logs" => "\"logs:CreateLogStream\", \"logs:PutLogEvents\"",
        "dynamodb" => "\"dynamodb:GetItem\", \"dynamodb:PutItem\", \"dynamodb:Query\"",
        "sqs" => "\"sqs:SendMessage\", \"sqs:ReceiveMessage\", \"sqs:DeleteMessage\"",
        "sns" => "\"sns:Publish\"",
        "kms" => "\"kms:Decrypt\", \"kms:GenerateDataKey\"",
        "lambda" => "\"lambda:InvokeFunction\"",
        "secretsmanager" => "\"secretsmanager:GetSecretValue\"",
        "iam" => "\"iam:PassRole\" on the one role it passes",
        "elasticloadbalancing" => {
            "\"elasticloadbalancing:DescribeTargetHealth\", \"elasticloadbalancing:RegisterTargets\""
        }
        "cloudwatch" => "\"cloudwatch:PutMetricData\"",
        "sts" => "\"sts:AssumeRole\"",
        _ => return None,
    })
}

fn message(action: &str) -> Option<String> {
    if action == "*" || action == "*:*" {
        return Some(format!(
            "action \"{action}\" allows every action of every AWS service, IAM included (an administrator): list only the actions this principal needs, e.g. \"s3:GetObject\", \"logs:PutLogEvents\""
        ));
    }
    let service = action.strip_suffix(":*")?;
    if service.is_empty() || service.contains(['*', ':']) {
        return None;
    }
    let suggestion = examples(service).map_or_else(
        || format!("\"{service}:Describe*\" / \"{service}:Get*\" for read access, or the exact actions"),
        |e| format!("e.g. {e}"),
    );
    Some(format!(
        "action \"{action}\" allows every {service} action, deletes and permission changes included: list only the actions needed ({suggestion})"
    ))
}

impl Transform for IamWildcardActions {
    fn meta(&self) -> &'static TransformMeta {
        &META
    }

    fn check(&self, file: &ParsedFile, ctx: &Context, out: &mut Vec<Diagnostic>) {
        let lang = file.lang;
        // Literal policy documents, wherever they are serialized.
        for (_, literal) in construct::serialized_literals(file) {
            for object in std::iter::once(literal).chain(literal.dfs().skip(1)) {
                let Some(props) = construct::props(lang, &object) else {
                    continue;
                };
                let Some(statement) = construct::find(&props, "Statement") else {
                    continue;
                };
                let statements =
                    construct::items(&statement.value).unwrap_or_else(|| vec![statement.value]);
                for s in statements {
                    check_statement(lang, &s, JSON_KEYS, out);
                }
            }
        }
        // DataAwsIamPolicyDocument statements.
        for c in file.constructs(ctx.index) {
            if c.class != "DataAwsIamPolicyDocument" {
                continue;
            }
            let Some(props) = c.config.as_ref().and_then(|c| c.props()) else {
                continue;
            };
            let Some(statement) = construct::find(&props, "statement") else {
                continue;
            };
            for s in construct::items(&statement.value).unwrap_or_default() {
                check_statement(lang, &s, DOCUMENT_KEYS, out);
            }
        }
    }
}

/// How a statement spells its parts: a JSON policy document or `DataAwsIamPolicyDocument`.
struct Keys {
    effect: &'static str,
    action: &'static str,
    principals: Principals,
}

enum Principals {
    /// `Principal: { AWS: "..." | [...] }`.
    Json,
    /// `principals: [{ type: "AWS", identifiers: [...] }]`.
    Document,
}

const JSON_KEYS: &Keys = &Keys {
    effect: "Effect",
    action: "Action",
    principals: Principals::Json,
};

const DOCUMENT_KEYS: &Keys = &Keys {
    effect: "effect",
    action: "actions",
    principals: Principals::Document,
};

/// The principal values of a statement when every one is an AWS principal (`None` when there
/// is none, another kind such as `Service`, or something unreadable).
fn aws_principals<'r>(
    lang: Lang,
    props: &[construct::Prop<'r>],
    keys: &Keys,
) -> Option<Vec<N<'r>>> {
    let values = |node: &N<'r>| construct::items(node).unwrap_or_else(|| vec![*node]);
    let mut out = Vec::new();
    match keys.principals {
        Principals::Json => {
            let principal = construct::find(props, "Principal")?;
            let kinds = construct::props(lang, &principal.value)?;
            for kind in &kinds {
                if kind.key != "AWS" {
                    return None;
                }
                out.extend(values(&kind.value));
            }
        }
        Principals::Document => {
            let principals = construct::find(props, "principals")?;
            for p in construct::items(&principals.value)? {
                let p = construct::props(lang, &p)?;
                let kind = construct::find(&p, "type")
                    .and_then(|t| construct::string_value(lang, &t.value))?;
                if kind != "AWS" {
                    return None;
                }
                out.extend(values(&construct::find(&p, "identifiers")?.value));
            }
        }
    }
    (!out.is_empty()).then_some(out)
}

/// Whether a principal value names an account's root, which stands for the account itself:
/// `"arn:aws:iam::111122223333:root"` and its templates (`` `arn:${partition}:iam::${id}:root` ``,
/// `f"arn:aws:iam::{current.account_id}:root"`, `"arn:aws:iam::${data.x.account_id}:root"`), a
/// bare account id (`"111122223333"`), or the account id of a data source (`current.accountId`,
/// `current.account_id`).
fn is_account_root(lang: Lang, value: &N) -> bool {
    if let Some(body) = construct::literal_body(lang, value) {
        let arn = body
            .strip_suffix(":root")
            .and_then(|b| b.strip_prefix("arn:"));
        if arn.is_some_and(|rest| rest.contains(":iam::")) {
            return true;
        }
        return body.len() == 12 && body.bytes().all(|b| b.is_ascii_digit());
    }
    match value.kind().as_ref() {
        "member_expression" | "attribute" => value
            .text()
            .rsplit('.')
            .next()
            .is_some_and(|p| p == "accountId" || p == "account_id"),
        // `"arn:aws:iam::" + id + ":root"`, `"arn:aws:iam::%s:root" % id`,
        // `Fn.format("arn:aws:iam::%s:root", [id])`: an IAM ARN put together, ending in `:root`.
        "binary_expression" | "binary_operator" | "call_expression" | "call" => {
            let bodies: Vec<String> = value
                .dfs()
                .filter(|n| matches!(n.kind().as_ref(), "string" | "template_string"))
                .filter_map(|n| construct::literal_body(lang, &n))
                .collect();
            bodies
                .iter()
                .any(|b| b.starts_with("arn:") && b.contains(":iam::"))
                && bodies.last().is_some_and(|b| b.ends_with(":root"))
        }
        _ => false,
    }
}

/// `"kms:*"` for the account root is the default key policy AWS gives every KMS key: it lets
/// IAM policies of the account grant access to the key. Narrowing it can make the key
/// unmanageable, so it is no finding.
fn is_default_key_policy(lang: Lang, props: &[construct::Prop], keys: &Keys) -> bool {
    aws_principals(lang, props, keys).is_some_and(|ps| ps.iter().all(|p| is_account_root(lang, p)))
}

fn check_statement(lang: Lang, statement: &N, keys: &Keys, out: &mut Vec<Diagnostic>) {
    let (effect, action) = (keys.effect, keys.action);
    let Some(props) = construct::props(lang, statement) else {
        return;
    };
    let denies = construct::find(&props, effect)
        .and_then(|e| construct::string_value(lang, &e.value))
        .is_some_and(|e| e.eq_ignore_ascii_case("deny"));
    if denies {
        return;
    }
    let Some(actions) = construct::find(&props, action) else {
        return;
    };
    let values = construct::items(&actions.value).unwrap_or_else(|| vec![actions.value]);
    for v in values {
        let Some(text) = construct::string_value(lang, &v) else {
            continue;
        };
        if text == "kms:*" && is_default_key_policy(lang, &props, keys) {
            continue;
        }
        if let Some(message) = message(&text) {
            out.push(Diagnostic {
                transform: META.id,
                range: v.range(),
                message,
                fix: None,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_whole_service_wildcards() {
        assert!(message("*").is_some());
        assert!(message("s3:*").unwrap().contains("s3:GetObject"));
        assert!(message("foo:*").unwrap().contains("foo:Describe*"));
        assert!(message("s3:Get*").is_none());
        assert!(message("s3:GetObject").is_none());
        assert!(message(":*").is_none());
    }

    fn first_value<'r>(file: &'r ParsedFile, lang: Lang) -> N<'r> {
        let root = file.tree().root();
        let assign = if lang == Lang::Python {
            "assignment"
        } else {
            "variable_declarator"
        };
        let decl = root.dfs().find(|n| n.kind() == assign).unwrap();
        decl.field(if lang == Lang::Python {
            "right"
        } else {
            "value"
        })
        .unwrap()
    }

    #[test]
    fn account_roots_however_spelled() {
        let ts = |src: &str| {
            let text = format!("const p = {src};\n");
            let file = ParsedFile::parse(Lang::TypeScript, &text);
            is_account_root(Lang::TypeScript, &first_value(&file, Lang::TypeScript))
        };
        let py = |src: &str| {
            let text = format!("p = {src}\n");
            let file = ParsedFile::parse(Lang::Python, &text);
            is_account_root(Lang::Python, &first_value(&file, Lang::Python))
        };
        assert!(ts("\"arn:aws:iam::111122223333:root\""));
        assert!(ts("\"arn:aws-us-gov:iam::111122223333:root\""));
        assert!(ts(
            "`arn:${partition.partition}:iam::${current.accountId}:root`"
        ));
        assert!(ts(
            "\"arn:aws:iam::${data.aws_caller_identity.current.account_id}:root\""
        ));
        assert!(ts("\"111122223333\""));
        assert!(ts("current.accountId"));
        assert!(py("f\"arn:aws:iam::{current.account_id}:root\""));
        assert!(py("current.account_id"));
        assert!(ts("\"arn:aws:iam::\" + current.accountId + \":root\""));
        assert!(ts(
            "Fn.format(\"arn:aws:iam::%s:root\", [current.accountId])"
        ));
        assert!(py("\"arn:aws:iam::%s:root\" % account_id"));
        assert!(py("\"arn:aws:iam::{}:root\".format(account_id)"));
        assert!(!ts(
            "\"arn:aws:iam::\" + current.accountId + \":role/admin\""
        ));
        assert!(!ts("f(\"arn:aws:iam::1:root\", \"x\")"));
        assert!(!ts("\"arn:aws:iam::111122223333:role/admin\""));
        assert!(!ts("\"arn:aws:iam::111122223333:user/root\""));
        assert!(!ts("\"*\""));
        assert!(!ts("role.arn"));
        assert!(!ts("\"12345\""));
    }
}
