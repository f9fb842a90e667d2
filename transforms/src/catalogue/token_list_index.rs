//! `token-list-index`: a provider attribute that is a list of strings or numbers (a token list
//! until Terraform runs) indexed like an array, `azs.names[0]` or `azs.names.get(0)`, becomes
//! `Fn.element(azs.names, 0)` (TypeScript).

use std::collections::HashMap;

use crate::index::shapes::Shapes;
use crate::lang::Lang;
use crate::syntax::add_import::{add_import, Wanted};
use crate::syntax::ts::{self, Binding, ProviderScope};
use crate::syntax::N;
use crate::{Context, Diagnostic, Edit, Fix, ParsedFile, Safety, Transform, TransformMeta};

pub struct TokenListIndex;

static META: TransformMeta = TransformMeta {
    id: "token-list-index",
    kind: crate::Kind::Defect,
    summary: "Token lists indexed like arrays (azs.names[0], .get(0)) → Fn.element(azs.names, 0)",
    languages: &[Lang::TypeScript, Lang::Tsx],
    fixes: &[Safety::Safe],
    triggers: &["/provider-"],
    reads_project: false,
    docs: r##"
## What it does
Finds a list attribute of a provider construct, one that the provider types as `string[]` or
`number[]` (`names` and `zoneIds` of `DataAwsAvailabilityZones`, `ids` of `DataAwsSubnets`, ...:
recorded in the provider index from the `.d.ts` getters), indexed as if it held the values:
`azs.names[0]`, or `azs.names.get(0)` as for a list of blocks. The construct is a variable
declared in the file as `const azs = new DataAwsAvailabilityZones(...)` (every declaration of that
name in the file must be of the same class), its class resolved through the provider imports.
The index becomes Terraform's `element`: `Fn.element(azs.names, 0)`. `Fn` is added to the file's
`cdktf` import (or `cdktn` for CDK Terrain), used as `cdktf.Fn` under `import * as cdktf`, or
imported on a new line after the last import when the file has no such import; when the file
binds `Fn` to something else, cdktf's is imported as `CdktfFn`.

Left alone: assignments to an index and an attribute of an object whose class is unknown.

## Why
Until Terraform runs, such a list is a token: cdktf hands TypeScript an array whose single
element encodes the whole list. `azs.names[0]` is therefore the whole list where one value is
expected, and cdktf 0.21 refuses to synthesize it ("Found an encoded list token string in a
scalar string context"); `azs.names[1]` is `undefined`, so the argument silently disappears; and
`.get(0)` does not compile (TS2339: it exists on lists of blocks, not on `string[]`).
`Fn.element` asks Terraform for the item.

## Example
```ts
const azs = new DataAwsAvailabilityZones(this, "azs", { state: "available" });
new Subnet(this, "a", { vpcId: vpc.id, cidrBlock: "10.0.1.0/24", availabilityZone: azs.names[0] });
```
becomes
```ts
const azs = new DataAwsAvailabilityZones(this, "azs", { state: "available" });
new Subnet(this, "a", { vpcId: vpc.id, cidrBlock: "10.0.1.0/24", availabilityZone: Fn.element(azs.names, 0) });
```

## Fix safety
Safe: the indexed form cannot synthesize (or compile, or keeps no value at all), and `element(list, i)` is the item the code
asks for. Terraform's `element` wraps around past the end of the list where a native index
would fail; for the indexes such code uses (the first zones of a region) both agree.

## Source
The CDKTF "Tokens" concept page (a list token resolves to `["#{TOKEN[TOKEN.9]}"]`, one
element standing for the whole list): https://developer.hashicorp.com/terraform/cdktf/concepts/tokens;
Terraform functions in CDKTF (`Fn.element`): https://developer.hashicorp.com/terraform/cdktf/concepts/functions;
Terraform's `element` function: https://developer.hashicorp.com/terraform/language/functions/element;
the getters of `@cdktf/provider-aws` 21.22.1 (`get names(): string[]`), https://github.com/cdktf/cdktf-provider-aws.
"##,
};

impl Transform for TokenListIndex {
    fn meta(&self) -> &'static TransformMeta {
        &META
    }

    fn check(&self, file: &ParsedFile, ctx: &Context, out: &mut Vec<Diagnostic>) {
        let scope = file.provider_scope(ctx.index);
        if scope.bindings.is_empty() {
            return;
        }
        let vars = construct_variables(file, scope);
        if vars.values().all(Option::is_none) {
            return;
        }
        // `Fn`, imported once per round (each fix brings the same import edits).
        let Some((fn_name, fn_import)) =
            add_import(file, ctx.index, ctx.style, Wanted::Core("Fn"), None)
        else {
            return;
        };
        for node in file.of_kinds(&["subscript_expression", "call_expression"]) {
            let (list, index) = match node.kind().as_ref() {
                "subscript_expression" => {
                    let (Some(obj), Some(idx)) = (node.field("object"), node.field("index")) else {
                        continue;
                    };
                    if is_assigned(&node) {
                        continue;
                    }
                    (obj, idx)
                }
                "call_expression" => {
                    let (Some(callee), Some(args)) =
                        (node.field("function"), node.field("arguments"))
                    else {
                        continue;
                    };
                    let Some((obj, method)) = ts::qualified_parts(&callee) else {
                        continue;
                    };
                    let args: Vec<N> = args.children().filter(|c| c.is_named()).collect();
                    if method.text() != "get" || args.len() != 1 {
                        continue;
                    }
                    (obj, args[0])
                }
                _ => continue,
            };
            let Some((var, attr)) = ts::qualified_parts(&list) else {
                continue;
            };
            if var.kind() != "identifier" {
                continue;
            }
            let Some(Some((class, provider))) = vars.get(var.text().as_ref()) else {
                continue;
            };
            if !Shapes::of(provider).is_some_and(|s| s.is_list_attribute(class, &attr.text())) {
                continue;
            }
            let replacement = format!("{fn_name}.element({}, {})", list.text(), index.text());
            let mut edits = vec![Edit::replace(node.range(), replacement.clone())];
            edits.extend(fn_import.iter().cloned());
            out.push(Diagnostic {
                transform: META.id,
                range: node.range(),
                message: format!(
                    "`{}` is a token list ({class}.{}): indexing it reads the whole list, not one item; use `{replacement}`",
                    list.text(),
                    attr.text()
                ),
                fix: Some(Fix::safe(edits)),
            });
        }
    }
}

/// Whether a subscript is written to (`x[0] = ...`, `x[0]++`).
fn is_assigned(node: &N) -> bool {
    let Some(parent) = node.parent() else {
        return false;
    };
    match parent.kind().as_ref() {
        "assignment_expression" | "augmented_assignment_expression" => parent
            .field("left")
            .is_some_and(|l| l.range() == node.range()),
        "update_expression" => true,
        _ => false,
    }
}

/// Variables declared as `const x = new ProviderClass(...)`: name → (class, provider); `None`
/// when the name is declared more than once with different (or unknown) values.
fn construct_variables(
    file: &ParsedFile,
    scope: &ProviderScope,
) -> HashMap<String, Option<(String, &'static str)>> {
    let mut vars: HashMap<String, Option<(String, &'static str)>> = HashMap::new();
    for decl in file.of_kind("variable_declarator") {
        let Some(name) = decl.field("name").filter(|n| n.kind() == "identifier") else {
            continue;
        };
        let what = decl
            .field("value")
            .filter(|v| v.kind() == "new_expression")
            .and_then(|v| v.field("constructor"))
            .and_then(|ctor| Some((scope.class_of(&ctor)?, provider_of(scope, &ctor)?)));
        let name = name.text().to_string();
        match vars.get(&name) {
            Some(prev) if *prev != what => {
                vars.insert(name, None);
            }
            Some(_) => {}
            None => {
                vars.insert(name, what);
            }
        }
    }
    vars
}

fn provider_of(scope: &ProviderScope, expr: &N) -> Option<&'static str> {
    let mut base = *expr;
    while base.kind() == "member_expression" {
        base = ts::qualified_parts(&base)?.0;
    }
    match scope.bindings.get(base.text().as_ref())?.0 {
        Binding::Package(p) | Binding::Module(p, _) | Binding::Name(p, _) => Some(p.provider.name),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::ProviderIndex;

    #[test]
    fn a_name_declared_with_two_classes_is_not_trusted() {
        let text = r#"import { DataAwsAvailabilityZones } from "@cdktf/provider-aws/lib/data-aws-availability-zones";
import { DataAwsSubnets } from "@cdktf/provider-aws/lib/data-aws-subnets";
const azs = new DataAwsAvailabilityZones(this, "a", {});
{ const azs = new DataAwsSubnets(this, "b", {}); }
const zones = new DataAwsAvailabilityZones(this, "z", {});
const plain = [1];
"#;
        let file = ParsedFile::parse(Lang::TypeScript, text);
        let vars = construct_variables(&file, file.provider_scope(ProviderIndex::get()));
        assert_eq!(vars["azs"], None);
        assert_eq!(
            vars["zones"],
            Some(("DataAwsAvailabilityZones".to_string(), "aws"))
        );
        assert_eq!(vars["plain"], None);
    }
}
