//! `ebs-gp3`: gp2 EBS volumes, which gp3 replaces at a lower price.

mod go;

use crate::lang::Lang;
use crate::syntax::construct::{self, string_inner, string_value, Map};
use crate::syntax::layout::named_children;
use crate::syntax::N;
use crate::{Context, Diagnostic, Edit, Fix, ParsedFile, Safety, Transform, TransformMeta};

pub struct EbsGp3;

static META: TransformMeta = TransformMeta {
    id: "ebs-gp3",
    kind: crate::Kind::Policy,
    summary: "EBS volume type \"gp2\" → \"gp3\" (instances, launch templates, EbsVolume)",
    languages: &[Lang::TypeScript, Lang::Tsx, Lang::Python, Lang::Go],
    fixes: &[Safety::Unsafe],
    triggers: &["gp2"],
    reads_project: false,
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
small volumes).

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
Amazon EBS General Purpose SSD volumes (gp2 and gp3 performance):
https://docs.aws.amazon.com/ebs/latest/userguide/general-purpose.html; the `volume_type` of the
block devices of `aws_instance` (https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/instance) and `aws_launch_template`
(https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/launch_template), and `type` of `aws_ebs_volume`
(https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/ebs_volume).
"#,
};

fn list_items<'r>(node: &N<'r>) -> Vec<N<'r>> {
    match node.kind().as_ref() {
        "array" | "list" => named_children(node),
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
        transform: META.id,
        range: entry.node.range(),
        message: format!(
            "`{}` \"gp2\": gp3 costs about 20% less with a 3,000 IOPS / 125 MiB/s baseline at any size; use \"gp3\" (set iops for volumes over 1,000 GiB)",
            entry.key
        ),
        fix: Some(Fix::unsafe_(vec![Edit::replace(inner, "gp3")])),
    });
}

impl Transform for EbsGp3 {
    fn meta(&self) -> &'static TransformMeta {
        &META
    }

    fn check(&self, file: &ParsedFile, ctx: &Context, out: &mut Vec<Diagnostic>) {
        let lang = file.lang;
        if lang == Lang::Go {
            return go::check(file, out);
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
