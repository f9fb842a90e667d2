#!/usr/bin/env python3
"""Writes one large, deterministic CDKTF TypeScript file for the single-file benchmark (issue 24).

    bench/gen-large.py OUT.ts --mb M [--seed S]

One module of about M megabytes (10^6 bytes): the imports of a CDKTF stack, then one stack class
whose constructor declares resources block after block (as a converted or generated stack does),
the blocks like bench/gen-tree.py's stacks, about half of them with the catalogue's defects (an
invented `...V2` class name, a security group's `toPort: 65535` with `fromPort: 0`, a provider
without default tags), so `fix` has work in every part of the file. The same arguments always
give the same bytes; any M gives the same kind of content (the same mix of blocks).
"""
import argparse
import random

WORDS = "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda sigma omega orders users billing search auth cache queue media reports audit".split()

HEADER = """import { Construct } from "constructs";
import { App, TerraformStack, TerraformOutput } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { S3BucketVersioningV2 } from "@cdktf/provider-aws/lib/s3-bucket-versioning";

export class GeneratedStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
"""

FOOTER = """  }
}

const app = new App();
new GeneratedStack(app, "generated");
app.synth();
"""


def ident(r):
    return r.choice(WORDS) + r.choice(WORDS).capitalize() + str(r.randrange(1000))


def block(r, n, defect):
    bucket = f"{ident(r).lower()}-{n}"
    var = f"bucket{n}"
    versioning = "S3BucketVersioningV2" if defect else "S3BucketVersioningA"
    tags = "" if defect else ', defaultTags: [{ tags: { Team: "platform" } }]'
    to_port = "65535" if defect else "0"
    region = r.choice(["us-east-1", "eu-west-1", "ap-south-1"])
    lines = [
        f'    new AwsProvider(this, "aws{n}", {{ alias: "p{n}", region: "{region}"{tags} }});',
        f'    const {var} = new S3Bucket(this, "{bucket}", {{ bucketPrefix: "{bucket}-" }});',
        f'    new {versioning}(this, "{bucket}-versioning", {{',
        f"      bucket: {var}.id,",
        '      versioningConfiguration: { status: "Enabled" },',
        "    });",
        f'    new SecurityGroup(this, "{bucket}-sg", {{',
        f'      name: "{bucket}",',
        '      description: "generated",',
        f'      egress: [{{ description: "all", fromPort: 0, toPort: {to_port}, protocol: "-1", cidrBlocks: ["0.0.0.0/0"] }}],',
        "    });",
    ]
    for _ in range(r.randrange(2, 10)):
        lines.append(f'    // {ident(r)}: {" ".join(r.choice(WORDS) for _ in range(8))}')
    for i in range(r.randrange(0, 4)):
        attr = r.choice(["arn", "id", "bucketDomainName"])
        lines.append(f'    new TerraformOutput(this, "out{n}-{i}", {{ value: {var}.{attr} }});')
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out")
    ap.add_argument("--mb", type=float, required=True)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    r = random.Random(a.seed)
    target = int(a.mb * 1_000_000)
    parts = [HEADER]
    size = len(HEADER) + len(FOOTER)
    n = 0
    while size < target:
        part = block(r, n, r.random() < 0.5)
        parts.append(part)
        size += len(part)
        n += 1
    parts.append(FOOTER)
    with open(a.out, "w", newline="") as f:
        f.write("".join(parts))
    print(f"wrote {a.out}: {n} blocks, {size} bytes")


if __name__ == "__main__":
    main()
