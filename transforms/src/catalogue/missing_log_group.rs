//! `missing-log-group`: an ECS container logs to an `awslogs-group` that nothing creates.

use crate::lang::Lang;
use crate::syntax::construct;
use crate::syntax::N;
use crate::{Context, Diagnostic, ParsedFile, Transform, TransformMeta};

pub struct MissingLogGroup;

static META: TransformMeta = TransformMeta {
    id: "missing-log-group",
    kind: crate::Kind::Defect,
    summary: "ECS container definitions logging to an awslogs-group the file never creates",
    languages: &[Lang::TypeScript, Lang::Tsx, Lang::Python],
    fixes: &[],
    triggers: &["awslogs-group"],
    reads_project: false,
    docs: r#"
## What it does
In container definitions written as a literal and serialized in place (`containerDefinitions:
JSON.stringify([...])`, `container_definitions=json.dumps([...])`), finds each
`logConfiguration` with `logDriver: "awslogs"` and reports its `awslogs-group` when the file
creates no `CloudwatchLogGroup` with that name: neither one whose `name` is the same literal
(template strings and f-strings compared as written) nor one whose `.name` the option refers to.
Left alone: `"awslogs-create-group": "true"` (the ECS agent creates the group), and a group
name that is neither a literal nor a log group's `.name` (a parameter, say): it may be created
elsewhere.

## Why
The awslogs driver does not create its log group by default. The task fails to start with
`ResourceInitializationError: failed to validate logger args: ... The specified log group does
not exist`, so the service never reaches a steady state and the deployment hangs or fails.
Creating the group in the stack also lets it set a retention (the default keeps logs forever)
and deletes it with the stack.

## Example
```ts
containerDefinitions: JSON.stringify([{
  name: "app",
  image: "nginx",
  logConfiguration: {
    logDriver: "awslogs",
    options: { "awslogs-group": `/ecs/${environment}/app`, "awslogs-region": "us-east-1", "awslogs-stream-prefix": "ecs" },
  },
}]),
```
is reported; what it should be:
```ts
const logGroup = new CloudwatchLogGroup(this, "ecs-log-group", {
  name: `/ecs/${environment}/app`,
  retentionInDays: 7,
});
// ...
options: { "awslogs-group": logGroup.name, ... },
```

## Fix safety
Detect-only: where the group belongs (this stack or a shared one), its retention and its KMS key
are the author's choice.

## Source
The awslogs log driver in the Amazon ECS documentation (`awslogs-group`,
`awslogs-create-group`): https://docs.aws.amazon.com/AmazonECS/latest/developerguide/using_awslogs.html;
the `aws_cloudwatch_log_group` resource: https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cloudwatch_log_group.
"#,
};

impl Transform for MissingLogGroup {
    fn meta(&self) -> &'static TransformMeta {
        &META
    }

    fn check(&self, file: &ParsedFile, ctx: &Context, out: &mut Vec<Diagnostic>) {
        let lang = file.lang;
        let py = lang == Lang::Python;
        // The `name` values of the log groups the file creates.
        let mut names = Vec::new();
        for c in file.constructs(ctx.index) {
            if c.class != "CloudwatchLogGroup" {
                continue;
            }
            let props = c.config.as_ref().and_then(|c| c.props());
            if let Some(name) = props.as_ref().and_then(|p| construct::find(p, "name")) {
                names.push(name.value);
            }
        }
        let same = |a: &N, b: &N| match (
            construct::literal_body(lang, a),
            construct::literal_body(lang, b),
        ) {
            (Some(x), Some(y)) => x == y,
            (None, None) => a.text() == b.text(),
            _ => false,
        };
        for (_, literal) in construct::serialized_literals(file) {
            for object in std::iter::once(literal).chain(literal.dfs().skip(1)) {
                let Some(props) = construct::props(lang, &object) else {
                    continue;
                };
                let Some(log) = construct::find(&props, "logConfiguration") else {
                    continue;
                };
                let Some(log) = construct::props(lang, &log.value) else {
                    continue;
                };
                let awslogs = construct::find(&log, "logDriver")
                    .and_then(|d| construct::string_value(lang, &d.value))
                    .is_some_and(|d| d == "awslogs");
                let Some(options) =
                    construct::find(&log, "options").and_then(|o| construct::props(lang, &o.value))
                else {
                    continue;
                };
                let creates = construct::find(&options, "awslogs-create-group")
                    .and_then(|v| construct::string_value(lang, &v.value))
                    .is_some_and(|v| v.eq_ignore_ascii_case("true"));
                let Some(group) = construct::find(&options, "awslogs-group") else {
                    continue;
                };
                if !awslogs || creates {
                    continue;
                }
                let value = &group.value;
                if names.iter().any(|n| same(n, value)) {
                    continue;
                }
                let Some(body) = construct::literal_body(lang, value) else {
                    // A reference (a log group's `.name`, a parameter): nothing to say here.
                    continue;
                };
                let text = value.text();
                let create = if py {
                    format!(
                        "`log_group = CloudwatchLogGroup(self, \"log_group\", name={text}, retention_in_days=30)` and pass `log_group.name`"
                    )
                } else {
                    format!(
                        "`const logGroup = new CloudwatchLogGroup(this, \"log-group\", {{ name: {text}, retentionInDays: 30 }})` and pass `logGroup.name`"
                    )
                };
                out.push(Diagnostic {
                    transform: META.id,
                    range: value.range(),
                    message: format!(
                        "awslogs-group \"{body}\" is not created in this file: the awslogs driver does not create it, so tasks fail to start (\"ResourceInitializationError: ... log group does not exist\"); create it with {create}, or set \"awslogs-create-group\": \"true\" and allow logs:CreateLogGroup"
                    ),
                    fix: None,
                });
            }
        }
    }
}
