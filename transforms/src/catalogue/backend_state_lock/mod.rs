//! `backend-state-lock`: an S3 backend without S3-native state locking (Terraform ≥ 1.11).

mod go;

use crate::lang::Lang;
use crate::syntax::construct::{enclosing_statement, key_in, string_value, true_in, Map};
use crate::syntax::layout::named_children;
use crate::syntax::python::Bindings;
use crate::syntax::ts;
use crate::syntax::{indent_at, N};
use crate::{Context, Diagnostic, Edit, Fix, ParsedFile, Safety, Transform, TransformMeta};

pub struct BackendStateLock;

static META: TransformMeta = TransformMeta {
    id: "backend-state-lock",
    kind: crate::Kind::Policy,
    summary: "S3 backend without native state locking: add the use_lockfile override next to it",
    languages: &[Lang::TypeScript, Lang::Tsx, Lang::Python, Lang::Go],
    fixes: &[Safety::Safe],
    triggers: &["S3Backend"],
    reads_project: false,
    docs: r#"
## What it does
Finds `S3Backend` backends (imported from `cdktf` or `cdktn`) whose state is not locked, and
turns on S3-native locking with an override on the stack, right after the backend (Go:
`stack.AddOverride(jsii.String("terraform.backend.s3.use_lockfile"), jsii.Bool(true))` after
`cdktf.NewS3Backend(stack, ...)`):

- no lock at all: adds `this.addOverride("terraform.backend.s3.use_lockfile", true)` (Python
  `self.add_override(...)`, on the scope the backend was created in);
- `useLockfile: true` (Python `use_lockfile=True`) written into the backend's configuration:
  cdktf 0.21's `S3BackendConfig` has no such property (TypeScript: `TS2353 Object literal may
  only specify known properties`; Python: an unexpected keyword argument), so it is moved out of
  the configuration into the override, with its value (Go's `S3BackendConfig` has no
  `UseLockfile` field either: the same move, with the literal re-aligned as gofmt does; a
  literal holding comments is only reported);
- `backend.addOverride("terraform.backend.s3.use_lockfile", true)` on the backend object: a
  backend's override paths are relative to its own block, so this writes
  `terraform.backend.s3.terraform.backend.s3.use_lockfile`, which Terraform rejects. The path
  becomes `"use_lockfile"`.

Locking already in place is left alone: `this.addOverride("terraform.backend.s3.use_lockfile",
...)` in the same block or on the same scope anywhere in the function that creates the backend
(a backend created inside an `if`, the override after it), or
`backend.addOverride("use_lockfile", ...)`. The override is written with the quotes of the
configuration's strings, else of the file's. A backend with a
`dynamodbTable` lock is left alone as well: it is locked. Terraform 1.11 deprecates DynamoDB
locking in favour of the lock file, but migrating is a step of its own (both on for a while, and
the lock file needs `s3:PutObject`/`s3:DeleteObject` on `<key>.tflock`), so cdktf-fix does not
take it. A configuration that is not a literal object (or holds a spread) is left alone.

## Why
Without a lock two `cdktf deploy` runs (two people, two CI jobs) can write the same state at
once and corrupt it. Since Terraform 1.11 the S3 backend locks with a lock file next to the
state (`use_lockfile = true`), no DynamoDB table needed; cdktf 0.21 predates the setting, so the
escape hatch is the way to set it.

## Example
```ts
new S3Backend(this, {
  bucket: "tf-state",
  key: "app/terraform.tfstate",
  region: "us-east-1",
  encrypt: true,
});
```
becomes
```ts
new S3Backend(this, {
  bucket: "tf-state",
  key: "app/terraform.tfstate",
  region: "us-east-1",
  encrypt: true,
});
this.addOverride("terraform.backend.s3.use_lockfile", true);
```

## Fix safety
Safe: nothing deployed changes, only how the state is guarded; the moved `useLockfile` and the
corrected override path repair code that could not compile or could not `init`. It needs
Terraform ≥ 1.11 (older versions reject `use_lockfile`).

## Source
Terraform's S3 backend documentation (`use_lockfile`, S3-native locking since Terraform 1.11,
DynamoDB locking deprecated): https://developer.hashicorp.com/terraform/language/backend/s3;
escape hatches (`addOverride` on a stack or a construct) in the CDKTF documentation:
https://developer.hashicorp.com/terraform/cdktf/concepts/resources.
"#,
};

const LOCK_PATH: &str = "terraform.backend.s3.use_lockfile";

struct Backend<'r> {
    call: N<'r>,
    /// The scope argument (the stack): `this`, `self`.
    scope: String,
    config: Option<Map<'r>>,
    /// What the backend is assigned to (`backend`, `this.backend`).
    target: Option<String>,
    block: Option<N<'r>>,
}

struct Override<'r> {
    call: N<'r>,
    receiver: String,
    path_node: N<'r>,
    path: String,
    block: Option<N<'r>>,
}

fn block_of<'r>(node: &N<'r>) -> Option<N<'r>> {
    node.ancestors().find(|a| {
        matches!(
            a.kind().as_ref(),
            "statement_block" | "program" | "block" | "module"
        )
    })
}

/// The function (or the module) a node is in: an override anywhere in the function that
/// creates the backend applies to it (`if (...) { new S3Backend(this, ...) }` followed by
/// `this.addOverride(...)`).
fn function_of<'r>(node: &N<'r>) -> Option<N<'r>> {
    node.ancestors().find(|a| {
        matches!(
            a.kind().as_ref(),
            "method_definition"
                | "function_declaration"
                | "function_expression"
                | "function"
                | "arrow_function"
                | "generator_function_declaration"
                | "program"
                | "function_definition"
                | "module"
        )
    })
}

/// The quote of inserted strings: that of the configuration's strings, else that of the file's
/// first plain string literal, else `"`.
fn file_quote(file: &ParsedFile, config: &Map) -> char {
    let of = |n: &N| {
        let t = n.text();
        let q = t.chars().next()?;
        ((q == '"' || q == '\'') && !t.starts_with("\"\"\"") && !t.starts_with("'''")).then_some(q)
    };
    config
        .node
        .dfs()
        .filter(|n| n.kind() == "string")
        .chain(file.of_kind("string"))
        .find_map(|n| of(&n))
        .unwrap_or('"')
}

fn same(a: &Option<N>, b: &Option<N>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => a.range() == b.range(),
        _ => false,
    }
}

fn assigned_to(call: &N) -> Option<String> {
    let parent = call.parent()?;
    match parent.kind().as_ref() {
        "variable_declarator" => Some(parent.field("name")?.text().to_string()),
        "assignment_expression" | "assignment" => Some(parent.field("left")?.text().to_string()),
        _ => None,
    }
}

fn backends<'r>(file: &'r ParsedFile) -> Vec<Backend<'r>> {
    let mut out = Vec::new();
    if file.lang.is_typescript() {
        let imports = file.ts_imports();
        let mut names = Vec::new();
        let mut namespaces = Vec::new();
        for imp in imports
            .iter()
            .filter(|i| i.source == "cdktf" || i.source == "cdktn")
        {
            for spec in imp.named.iter().filter(|s| s.imported() == "S3Backend") {
                names.push(spec.local());
            }
            if let Some(ns) = &imp.namespace {
                namespaces.push(ns.text().to_string());
            }
        }
        for new in file.of_kind("new_expression") {
            let (Some(ctor), Some(args)) = (new.field("constructor"), new.field("arguments"))
            else {
                continue;
            };
            let is_backend = match ctor.kind().as_ref() {
                "identifier" => names.contains(&ctor.text().to_string()),
                "member_expression" => ts::qualified_parts(&ctor).is_some_and(|(o, p)| {
                    p.text() == "S3Backend" && namespaces.contains(&o.text().to_string())
                }),
                _ => false,
            };
            if !is_backend {
                continue;
            }
            let argv: Vec<N> = named_children(&args);
            let Some(scope) = argv.first() else { continue };
            out.push(Backend {
                scope: scope.text().to_string(),
                config: argv.get(1).and_then(|c| Map::of_value(file.lang, c)),
                target: assigned_to(&new),
                block: block_of(&new),
                call: new,
            });
        }
    } else if file.lang == Lang::Python {
        let b = Bindings::of(file);
        for call in file.of_kind("call") {
            let (Some(function), Some(args)) = (call.field("function"), call.field("arguments"))
            else {
                continue;
            };
            let names = b.qualified_names(&function);
            if !names
                .iter()
                .any(|n| n == "cdktf.S3Backend" || n == "cdktn.S3Backend")
                || args.kind() != "argument_list"
            {
                continue;
            }
            let Some(scope) = named_children(&args)
                .into_iter()
                .next()
                .filter(|c| c.kind() != "keyword_argument")
            else {
                continue;
            };
            out.push(Backend {
                scope: scope.text().to_string(),
                config: Map::of_value(file.lang, &call),
                target: assigned_to(&call),
                block: block_of(&call),
                call,
            });
        }
    }
    out
}

fn overrides<'r>(file: &'r ParsedFile) -> Vec<Override<'r>> {
    let (call_kind, member_kind, method) = if file.lang == Lang::Python {
        ("call", "attribute", "add_override")
    } else {
        ("call_expression", "member_expression", "addOverride")
    };
    file.of_kind(call_kind)
        .filter_map(|call| {
            let function = call.field("function")?;
            if function.kind() != member_kind {
                return None;
            }
            let (object, property) = if file.lang == Lang::Python {
                (function.field("object")?, function.field("attribute")?)
            } else {
                ts::qualified_parts(&function)?
            };
            if property.text() != method {
                return None;
            }
            let args = call.field("arguments")?;
            let path_node = named_children(&args).into_iter().next()?;
            let path = string_value(file.lang, &path_node)?;
            Some(Override {
                call,
                receiver: object.text().to_string(),
                block: block_of(&call),
                path_node,
                path,
            })
        })
        .collect()
}

impl Transform for BackendStateLock {
    fn meta(&self) -> &'static TransformMeta {
        &META
    }

    fn check(&self, file: &ParsedFile, _ctx: &Context, out: &mut Vec<Diagnostic>) {
        if file.lang == Lang::Go {
            return go::check(file, out);
        }
        let backends = backends(file);
        if backends.is_empty() {
            return;
        }
        let overrides = overrides(file);
        let lang = file.lang;
        let method = if lang == Lang::Python {
            "add_override"
        } else {
            "addOverride"
        };
        for backend in &backends {
            let on_backend = |o: &Override| backend.target.as_deref() == Some(o.receiver.as_str());
            // The misplaced full path on the backend object.
            let mut locked = false;
            for o in overrides.iter().filter(|o| on_backend(o)) {
                if o.path == LOCK_PATH {
                    locked = true;
                    let inner = o.path_node.range();
                    let quote = &file.text[inner.start..inner.start + 1];
                    out.push(Diagnostic {
                        transform: META.id,
                        range: o.path_node.range(),
                        message: format!(
                            "an override on the backend object is relative to its own block: `{}.{method}(\"{LOCK_PATH}\", ...)` writes terraform.backend.s3.{LOCK_PATH}; use \"use_lockfile\"",
                            o.receiver
                        ),
                        fix: Some(Fix::safe(vec![Edit::replace(
                            o.path_node.range(),
                            format!("{quote}use_lockfile{quote}"),
                        )])),
                    });
                } else if o.path == "use_lockfile" {
                    locked = true;
                }
            }
            if overrides.iter().any(|o| {
                !on_backend(o)
                    && o.path == LOCK_PATH
                    && (same(&o.block, &backend.block)
                        || (o.receiver == backend.scope
                            && same(&function_of(&o.call), &function_of(&backend.call))))
            }) {
                locked = true;
            }
            let Some(config) = &backend.config else {
                continue;
            };
            if config.is_open() {
                continue;
            }
            let in_config = config.get("useLockfile");
            if locked && in_config.is_none() {
                continue;
            }
            if in_config.is_none() && config.get("dynamodbTable").is_some() {
                continue; // locked with DynamoDB: see the docs
            }
            let Some(stmt) = enclosing_statement(&backend.call) else {
                continue;
            };
            let nl = file.newline();
            let indent = indent_at(file.text, stmt.range().start);
            // The semicolon habit of the backend's statement, after which the override goes (a
            // file without semicolons, as prettier's `semi: false` prints it, gets none).
            let semi = if lang != Lang::Python && stmt.text().trim_end().ends_with(';') {
                ";"
            } else {
                ""
            };
            let quote = file_quote(file, config);
            let value = in_config
                .as_ref()
                .map_or(true_in(lang).to_string(), |e| e.value.text().to_string());
            let mut edits = Vec::new();
            if let Some(e) = &in_config {
                edits.push(config.remove(file.text, e));
            }
            if !locked {
                edits.push(Edit::insert(
                    stmt.range().end,
                    format!(
                        "{nl}{indent}{}.{method}({quote}{LOCK_PATH}{quote}, {value}){semi}",
                        backend.scope
                    ),
                ));
            }
            let message = match &in_config {
                Some(_) => format!(
                    "the S3 backend configuration has no `{}` setting (cdktf 0.21 predates it); set it with `{}.{method}(\"{LOCK_PATH}\", ...)` after the backend",
                    key_in(lang, "useLockfile"),
                    backend.scope
                ),
                None => format!(
                    "the S3 backend does not lock its state, so concurrent deploys can corrupt it; turn on S3-native locking (Terraform >= 1.11) with `{}.{method}(\"{LOCK_PATH}\", {})`",
                    backend.scope,
                    true_in(lang)
                ),
            };
            out.push(Diagnostic {
                transform: META.id,
                range: in_config
                    .as_ref()
                    .map_or(backend.call.range(), |e| e.node.range()),
                message,
                fix: Some(Fix::safe(edits)),
            });
        }
    }
}
