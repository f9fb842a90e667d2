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
the `aws_iam_policy_document` data source: https://registry.terraform.io/providers/hashicorp/aws/latest/docs/data-sources/iam_policy_document.
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
                    check_statement(lang, &s, "Effect", "Action", out);
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
                check_statement(lang, &s, "effect", "actions", out);
            }
        }
    }
}

fn check_statement(
    lang: Lang,
    statement: &N,
    effect: &str,
    action: &str,
    out: &mut Vec<Diagnostic>,
) {
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
}
