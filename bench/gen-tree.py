#!/usr/bin/env python3
"""Writes a deterministic synthetic monorepo for the benchmark (bench/run.sh).

    bench/gen-tree.py OUT [--files N] [--seed S] [--kind mixed|plain]

`mixed` (the default tree): CDKTF stacks in TypeScript, Python and Go, about half of them with the
seed defects cdktf-fix repairs (invented class names, wrong port ranges, barrel imports, provider
without default tags), the rest correct; plain TypeScript and Python application code that is not
CDKTF; and, on top of the N source files, node_modules/ and cdktf.out/ folders and a .gitignore
that every tool must skip. `plain`: the same without a single CDKTF file (no candidates).

The same arguments always give the same bytes (random.Random(seed), no clock, no hash order).
"""
import argparse
import os
import random

WORDS = "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda sigma omega orders users billing search auth cache queue media reports audit".split()


def ident(r):
    return r.choice(WORDS) + r.choice(WORDS).capitalize() + str(r.randrange(100))


def ts_stack(r, defect):
    name = ident(r)
    bucket = ident(r).lower()
    lines = ['import { Construct } from "constructs";', 'import { App, TerraformStack } from "cdktf";']
    if defect and r.random() < 0.3:
        lines.append('import { AwsProvider, S3Bucket, SecurityGroup } from "@cdktf/provider-aws";')
    else:
        lines += [
            'import { AwsProvider } from "@cdktf/provider-aws/lib/provider";',
            'import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";',
            'import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";',
        ]
    versioning = "S3BucketVersioningV2" if defect else "S3BucketVersioningA"
    lines.append(f'import {{ {versioning} }} from "@cdktf/provider-aws/lib/s3-bucket-versioning";')
    tags = "" if defect else ', defaultTags: [{ tags: { Team: "platform" } }]'
    to_port = "65535" if defect else "0"
    lines += [
        "",
        f"export class {name.capitalize()}Stack extends TerraformStack {{",
        "  constructor(scope: Construct, id: string) {",
        "    super(scope, id);",
        f'    new AwsProvider(this, "aws", {{ region: "{r.choice(["us-east-1", "eu-west-1", "ap-south-1"])}"{tags} }});',
        f'    const bucket = new S3Bucket(this, "{bucket}", {{ bucketPrefix: "{bucket}-" }});',
        f'    new {versioning}(this, "{bucket}-versioning", {{',
        "      bucket: bucket.id,",
        '      versioningConfiguration: { status: "Enabled" },',
        "    });",
        f'    new SecurityGroup(this, "{bucket}-sg", {{',
        f'      name: "{bucket}",',
        '      description: "generated",',
        f'      egress: [{{ description: "all", fromPort: 0, toPort: {to_port}, protocol: "-1", cidrBlocks: ["0.0.0.0/0"] }}],',
        "    });",
    ]
    for i in range(r.randrange(3, 20)):
        lines.append(f'    // {ident(r)}: {" ".join(r.choice(WORDS) for _ in range(8))}')
    lines += ["  }", "}", "", "const app = new App();", f'new {name.capitalize()}Stack(app, "{name}");', "app.synth();", ""]
    return "\n".join(lines)


def py_stack(r, defect):
    name = ident(r)
    versioning = "S3BucketVersioning" if defect else "S3BucketVersioningA"
    tags = "" if defect else ', default_tags=[{"tags": {"Team": "platform"}}]'
    to_port = "65535" if defect else "0"
    lines = [
        "from constructs import Construct",
        "from cdktf import App, TerraformStack",
        "from cdktf_cdktf_provider_aws.provider import AwsProvider",
        "from cdktf_cdktf_provider_aws.security_group import SecurityGroup, SecurityGroupEgress",
        f"from cdktf_cdktf_provider_aws.s3_bucket_versioning import {versioning}",
        "",
        "",
        f"class {name.capitalize()}Stack(TerraformStack):",
        "    def __init__(self, scope: Construct, id: str):",
        "        super().__init__(scope, id)",
        f'        AwsProvider(self, "aws", region="us-east-1"{tags})',
        f'        SecurityGroup(self, "sg", name="{name}", description="generated",',
        f'                      egress=[SecurityGroupEgress(from_port=0, to_port={to_port}, protocol="-1", cidr_blocks=["0.0.0.0/0"])])',
    ]
    for _ in range(r.randrange(3, 20)):
        lines.append(f'        # {" ".join(r.choice(WORDS) for _ in range(8))}')
    lines += ["", "", "app = App()", f'{name.capitalize()}Stack(app, "{name}")', "app.synth()", ""]
    return "\n".join(lines)


def go_stack(r, defect):
    name = ident(r)
    ctor = "NewS3BucketVersioning" if defect else "NewS3BucketVersioningA"
    cfg = "S3BucketVersioningConfig" if defect else "S3BucketVersioningAConfig"
    lines = [
        "package main",
        "",
        "import (",
        '\t"github.com/aws/constructs-go/constructs/v10"',
        '\t"github.com/aws/jsii-runtime-go"',
        '\t"github.com/cdktf/cdktf-provider-aws-go/aws/v19/provider"',
        '\t"github.com/cdktf/cdktf-provider-aws-go/aws/v19/s3bucketversioning"',
        '\t"github.com/hashicorp/terraform-cdk-go/cdktf"',
        ")",
        "",
        f"func New{name.capitalize()}Stack(scope constructs.Construct, id string) cdktf.TerraformStack {{",
        "\tstack := cdktf.NewTerraformStack(scope, &id)",
        '\tprovider.NewAwsProvider(stack, jsii.String("aws"), &provider.AwsProviderConfig{',
        '\t\tRegion: jsii.String("us-east-1"),',
        "\t})",
        f'\ts3bucketversioning.{ctor}(stack, jsii.String("v"), &s3bucketversioning.{cfg}{{',
        '\t\tBucket: jsii.String("b"),',
        "\t})",
    ]
    for _ in range(r.randrange(3, 20)):
        lines.append(f'\t// {" ".join(r.choice(WORDS) for _ in range(8))}')
    lines += ["\treturn stack", "}", ""]
    return "\n".join(lines)


def plain_ts(r):
    lines = [f'import {{ {ident(r)} }} from "./{r.choice(WORDS)}";', ""]
    for _ in range(r.randrange(2, 12)):
        fn = ident(r)
        lines += [
            f"export function {fn}(input: string[], limit = {r.randrange(1, 500)}): number {{",
            "  let total = 0;",
            "  for (const item of input.slice(0, limit)) {",
            f'    if (item.startsWith("{r.choice(WORDS)}")) total += item.length;',
            "  }",
            "  return total;",
            "}",
            "",
        ]
    return "\n".join(lines)


def plain_py(r):
    lines = ["import os", "import json", ""]
    for _ in range(r.randrange(2, 12)):
        lines += [
            f"def {ident(r).lower()}(items, limit={r.randrange(1, 500)}):",
            "    total = 0",
            "    for item in items[:limit]:",
            f'        if item.startswith("{r.choice(WORDS)}"):',
            "            total += len(item)",
            "    return total",
            "",
            "",
        ]
    return "\n".join(lines)


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", newline="") as f:
        f.write(text)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out")
    ap.add_argument("--files", type=int, default=20000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--kind", choices=["mixed", "plain"], default="mixed")
    a = ap.parse_args()
    r = random.Random(a.seed)
    write(os.path.join(a.out, ".gitignore"), "node_modules/\ncdktf.out/\n")
    # Weights: (kind, weight). Plain trees hold no CDKTF file at all.
    if a.kind == "mixed":
        mix = [("ts-stack", 30), ("py-stack", 10), ("go-stack", 5), ("ts", 40), ("py", 15)]
    else:
        mix = [("ts", 70), ("py", 30)]
    kinds = [k for k, w in mix for _ in range(w)]
    per_pkg = 40
    for i in range(a.files):
        kind = r.choice(kinds)
        pkg = os.path.join(a.out, f"packages/pkg{i // per_pkg:04d}")
        defect = r.random() < 0.5
        if kind == "ts-stack":
            write(os.path.join(pkg, f"stacks/stack{i}.ts"), ts_stack(r, defect))
        elif kind == "py-stack":
            write(os.path.join(pkg, f"stacks/stack_{i}.py"), py_stack(r, defect))
        elif kind == "go-stack":
            write(os.path.join(pkg, f"stacks/stack{i}.go"), go_stack(r, defect))
        elif kind == "ts":
            write(os.path.join(pkg, f"src/mod{i}.ts"), plain_ts(r))
        else:
            write(os.path.join(pkg, f"src/mod_{i}.py"), plain_py(r))
        # Every package has build output and dependencies that must be skipped.
        if i % per_pkg == 0:
            for j in range(20):
                write(os.path.join(pkg, f"node_modules/@cdktf/provider-aws/lib/m{j}/index.d.ts"),
                      ts_stack(r, True))
            write(os.path.join(pkg, "cdktf.out/stacks/app/cdk.tf.json"), '{"resource": {}}\n')
    print(f"wrote {a.files} source files ({a.kind}) under {a.out}")


if __name__ == "__main__":
    main()
