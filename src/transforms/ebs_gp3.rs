//! `ebs-gp3`: gp2 EBS volumes, which gp3 replaces at a lower price.

use crate::lang::Lang;
use crate::syntax::construct::{self, string_inner, string_value, Map};
use crate::syntax::{go, N};
use crate::transforms::{Context, Diagnostic, Edit, Fix, ParsedFile, Rule, RuleMeta, Safety};

pub struct EbsGp3;

static META: RuleMeta = RuleMeta {
    id: "ebs-gp3",
    summary: "EBS volume type \"gp2\" → \"gp3\" (instances, launch templates, EbsVolume)",
    languages: &[Lang::TypeScript, Lang::Tsx, Lang::Python, Lang::Go],
    fixes: &[Safety::Unsafe],
    triggers: &["gp2"],
    docs: r#"
## What it does
Rewrites the EBS volume type `"gp2"` to `"gp3"` where the AWS provider takes one:

- `Instance`: `rootBlockDevice.volumeType` and every `ebsBlockDevice[].volumeType`;
- `LaunchTemplate`: `blockDeviceMappings[].ebs.volumeType`;
- `EbsVolume`: `type`.

Python spellings (`root_block_device`, `volume_type`, dicts or struct classes such as
`InstanceRootBlockDevice(...)`) and Go ones (`RootBlockDevice: &instance.InstanceRootBlockDevice{
VolumeType: jsii.String("gp2")}`, `NewInstance`/`NewLaunchTemplate`/`NewEbsVolume` of the
`cdktf-provider-aws-go` packages) are handled the same way. Only literal `"gp2"` strings inside
literal configurations are rewritten; the quotes are kept.

## Why
gp3 is the current general-purpose SSD: about 20% cheaper per GiB than gp2, with a baseline
of 3,000 IOPS and 125 MiB/s whatever the size (gp2 gives 3 IOPS per GiB, bursting to 3,000 on
small volumes). The reviews upgrade root volumes to gp3 as a matter of course.

## Example
```ts
new Instance(this, "web", {
  rootBlockDevice: { volumeType: "gp2", volumeSize: 20 },
});
```
becomes
```ts
new Instance(this, "web", {
  rootBlockDevice: { volumeType: "gp3", volumeSize: 20 },
});
```

## Fix safety
Unsafe: the volumes are modified in place (no replacement), but their performance changes.
Volumes over 1,000 GiB get more than 3,000 IOPS from gp2 (up to 16,000) and would drop to
gp3's baseline unless `iops`/`throughput` are set; a volume can also be modified only once
every six hours. Needs `--unsafe-fixes`; `check` reports it either way.

## Source
Seed 001 §13 (`volumeType: 'gp3',  // Also upgraded to gp3`); the `volume_type` of
`aws_instance` block devices and launch templates, and `type` of `aws_ebs_volume`.
"#,
};

fn list_items<'r>(node: &N<'r>) -> Vec<N<'r>> {
    match node.kind().as_ref() {
        "array" | "list" => node
            .children()
            .filter(|c| c.is_named() && c.kind() != "comment")
            .collect(),
        _ => Vec::new(),
    }
}

fn map_of<'r>(lang: Lang, node: &N<'r>) -> Option<Map<'r>> {
    Map::of_value(lang, node)
}

fn check_type(file: &ParsedFile, map: &Map, key: &str, out: &mut Vec<Diagnostic>) {
    let lang = file.lang;
    let Some(entry) = map.get(key) else { return };
    if string_value(lang, &entry.value).as_deref() != Some("gp2") {
        return;
    }
    let Some(inner) = string_inner(lang, &entry.value) else {
        return;
    };
    out.push(Diagnostic {
        rule: META.id,
        range: entry.node.range(),
        message: format!(
            "`{}` \"gp2\": gp3 costs about 20% less with a 3,000 IOPS / 125 MiB/s baseline at any size; use \"gp3\" (set iops for volumes over 1,000 GiB)",
            entry.key
        ),
        fix: Some(Fix::unsafe_(vec![Edit::replace(inner, "gp3")])),
    });
}

impl Rule for EbsGp3 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, file: &ParsedFile, ctx: &Context, out: &mut Vec<Diagnostic>) {
        let lang = file.lang;
        if lang == Lang::Go {
            return check_go(file, out);
        }
        for c in construct::aws_constructs(file, ctx, &["Instance", "LaunchTemplate", "EbsVolume"])
        {
            let Some(config) = &c.config else { continue };
            match c.class.as_str() {
                "EbsVolume" => check_type(file, config, "type", out),
                "Instance" => {
                    if let Some(root) = config.get("rootBlockDevice") {
                        if let Some(m) = map_of(lang, &root.value) {
                            check_type(file, &m, "volumeType", out);
                        }
                    }
                    if let Some(ebs) = config.get("ebsBlockDevice") {
                        for item in list_items(&ebs.value) {
                            if let Some(m) = map_of(lang, &item) {
                                check_type(file, &m, "volumeType", out);
                            }
                        }
                    }
                }
                "LaunchTemplate" => {
                    if let Some(mappings) = config.get("blockDeviceMappings") {
                        for item in list_items(&mappings.value) {
                            let Some(m) = map_of(lang, &item) else {
                                continue;
                            };
                            if let Some(ebs) = m.get("ebs").and_then(|e| map_of(lang, &e.value)) {
                                check_type(file, &ebs, "volumeType", out);
                            }
                        }
                    }
                }
                _ => {}
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Go

/// Whether an import path is a module of the prebuilt AWS provider for Go
/// (`github.com/cdktf/cdktf-provider-aws-go/aws/v21/instance`).
fn go_aws_module(path: &str) -> Option<&str> {
    let parts: Vec<&str> = path.split('/').collect();
    match parts.as_slice() {
        [.., "aws", v, module]
            if v.len() > 1 && v.starts_with('v') && v[1..].bytes().all(|b| b.is_ascii_digit()) =>
        {
            Some(module)
        }
        [.., "aws", module] => Some(module),
        _ => None,
    }
}

/// The `literal_value` body of a struct value: `&T{...}`, `T{...}` or an elided `{...}`.
fn go_body<'r>(node: &N<'r>) -> Option<N<'r>> {
    let node = go::unwrap_element(node);
    if node.kind() == "literal_value" {
        return Some(node);
    }
    go::composite(&node)?.0.field("body")
}

fn go_field<'r>(body: &N<'r>, key: &str) -> Option<N<'r>> {
    go::keyed_elements(body)
        .into_iter()
        .find(|e| e.key_name().as_deref() == Some(key))
        .map(|e| e.value)
}

/// `jsii.String("gp2")` (or a plain string): the literal's node.
fn go_string<'r>(value: &N<'r>) -> Option<N<'r>> {
    if go::string_value(value).is_some() {
        return Some(value.clone());
    }
    if value.kind() != "call_expression" {
        return None;
    }
    let args = value.field("arguments")?;
    let mut named = args
        .children()
        .filter(|c| c.is_named() && c.kind() != "comment");
    let s = named.next()?;
    (named.next().is_none() && go::string_value(&s).is_some()).then_some(s)
}

fn go_check_type(body: &N, key: &str, out: &mut Vec<Diagnostic>) {
    let Some(value) = go_field(body, key) else {
        return;
    };
    let Some(s) = go_string(&value) else { return };
    if go::string_value(&s).as_deref() != Some("gp2") {
        return;
    }
    let r = s.range();
    out.push(Diagnostic {
        rule: META.id,
        range: value.range(),
        message: format!(
            "`{key}` \"gp2\": gp3 costs about 20% less with a 3,000 IOPS / 125 MiB/s baseline at any size; use \"gp3\" (set Iops for volumes over 1,000 GiB)"
        ),
        fix: Some(Fix::unsafe_(vec![Edit::replace(r.start + 1..r.end - 1, "gp3")])),
    });
}

fn go_items<'r>(value: &N<'r>) -> Vec<N<'r>> {
    go_body(value)
        .map(|b| {
            b.children()
                .filter(|c| c.kind() == "literal_element")
                .collect()
        })
        .unwrap_or_default()
}

fn check_go(file: &ParsedFile, out: &mut Vec<Diagnostic>) {
    let root = file.root.root();
    let packages: Vec<(String, String)> = go::imports(&root)
        .iter()
        .filter(|i| i.path.contains("provider-aws-go"))
        .filter_map(|i| Some((i.local_name(), go_aws_module(&i.path)?.to_string())))
        .collect();
    if packages.is_empty() {
        return;
    }
    for call in file.of_kind("call_expression") {
        let Some(function) = call.field("function") else {
            continue;
        };
        if function.kind() != "selector_expression" {
            continue;
        }
        let (Some(operand), Some(field)) = (function.field("operand"), function.field("field"))
        else {
            continue;
        };
        let Some((_, module)) = packages.iter().find(|(l, _)| *l == operand.text()) else {
            continue;
        };
        let class = match (module.as_str(), field.text().as_ref()) {
            ("instance", "NewInstance") => "Instance",
            ("launchtemplate", "NewLaunchTemplate") => "LaunchTemplate",
            ("ebsvolume", "NewEbsVolume") => "EbsVolume",
            _ => continue,
        };
        let Some(args) = call.field("arguments") else {
            continue;
        };
        let Some(config) = args
            .children()
            .filter(|c| c.is_named() && c.kind() != "comment")
            .nth(2)
            .and_then(|c| go_body(&c))
        else {
            continue;
        };
        match class {
            "EbsVolume" => go_check_type(&config, "Type", out),
            "Instance" => {
                if let Some(b) = go_field(&config, "RootBlockDevice").and_then(|v| go_body(&v)) {
                    go_check_type(&b, "VolumeType", out);
                }
                if let Some(list) = go_field(&config, "EbsBlockDevice") {
                    for item in go_items(&list) {
                        if let Some(b) = go_body(&item) {
                            go_check_type(&b, "VolumeType", out);
                        }
                    }
                }
            }
            _ => {
                if let Some(list) = go_field(&config, "BlockDeviceMappings") {
                    for item in go_items(&list) {
                        if let Some(ebs) = go_body(&item)
                            .and_then(|b| go_field(&b, "Ebs"))
                            .and_then(|v| go_body(&v))
                        {
                            go_check_type(&ebs, "VolumeType", out);
                        }
                    }
                }
            }
        }
    }
}
