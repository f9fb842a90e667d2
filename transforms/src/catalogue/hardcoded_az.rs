//! `hardcoded-az`: availability-zone names written as literals (`"us-east-1a"`).

use crate::lang::Lang;
use crate::syntax::python::Bindings;
use crate::syntax::{go, ts, N};
use crate::{Context, Diagnostic, ParsedFile, Transform, TransformMeta};

pub struct HardcodedAz;

/// The public AWS regions (and GovCloud and China), whose zones are `<region><letter>`.
const REGIONS: &[&str] = &[
    "af-south-1",
    "ap-east-1",
    "ap-east-2",
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-northeast-3",
    "ap-south-1",
    "ap-south-2",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-southeast-3",
    "ap-southeast-4",
    "ap-southeast-5",
    "ap-southeast-6",
    "ap-southeast-7",
    "ca-central-1",
    "ca-west-1",
    "cn-north-1",
    "cn-northwest-1",
    "eu-central-1",
    "eu-central-2",
    "eu-north-1",
    "eu-south-1",
    "eu-south-2",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "il-central-1",
    "me-central-1",
    "me-south-1",
    "mx-central-1",
    "sa-east-1",
    "us-east-1",
    "us-east-2",
    "us-gov-east-1",
    "us-gov-west-1",
    "us-west-1",
    "us-west-2",
];

static META: TransformMeta = TransformMeta {
    id: "hardcoded-az",
    kind: crate::Kind::Policy,
    summary: "Availability-zone names written as literals (\"us-east-1a\") instead of looked up",
    languages: &[Lang::TypeScript, Lang::Tsx, Lang::Python, Lang::Go],
    fixes: &[],
    triggers: &[
        "us-east-", "us-west-", "us-gov-", "eu-", "ap-", "ca-", "sa-", "me-", "af-", "il-", "mx-",
        "cn-",
    ],
    reads_project: false,
    docs: r#"
## What it does
Reports every string literal that is an availability zone of a real AWS region: the region's
name followed by one letter (`"us-east-1a"`, `'eu-west-2c'`), wherever it stands
(`availabilityZone`, `availabilityZones`, a `const azs = [...]` list, a subnet map), in files
that use CDKTF (TypeScript, Python, Go: `jsii.String("us-east-1a")`). Computed names such as `` `${region}a` `` are not reported.

Zone names that select what exists are left alone: the values of a data source's `filter`
(`new DataAwsSubnets(this, "s", { filter: [{ name: "availability-zone", values: ["us-east-1a"] }] })`,
`DataAwsSubnetsFilter(...)` in Python, `Filter:` in Go) and the configuration of
`DataAwsAvailabilityZones` / `DataAwsAvailabilityZone` (`excludeNames`, `filter`, `name`) are
zone names by design, and looking the zones up is what those data sources do.

## Why
A stack with `"us-east-1a"` in it cannot be deployed in any other region: the subnet or instance
fails with "InvalidParameterValue: Value (us-east-1a) for parameter availabilityZone is invalid".
Not every account has every zone either (and new accounts may lack the older ones), so even in
`us-east-1` the literal can fail. The zones the account has are a data source away.

## Example
```ts
const azs = ["us-east-1a", "us-east-1b"];
new Subnet(this, "private-0", { vpcId: vpc.id, cidrBlock: "10.0.1.0/24", availabilityZone: azs[0] });
```
is reported; what it should be:
```ts
const azs = new DataAwsAvailabilityZones(this, "azs", { state: "available" });
new Subnet(this, "private-0", {
  vpcId: vpc.id,
  cidrBlock: "10.0.1.0/24",
  availabilityZone: Fn.element(azs.names, 0),
});
```
(or `` `${region}a` `` from the region the provider is configured with).

## Fix safety
Detect-only: the rewrite moves the zone choice into a data source and an index, which changes
which zone a resource lands in for accounts whose zone letters differ; only the author can say
whether that is what was meant.

## Source
Regions and Availability Zones in the Amazon EC2 documentation:
https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/using-regions-availability-zones.html; the
`aws_availability_zones` data source: https://registry.terraform.io/providers/hashicorp/aws/latest/docs/data-sources/availability_zones;
Terraform's `element` function: https://developer.hashicorp.com/terraform/language/functions/element.
"#,
};

/// The region of an availability-zone name, when `s` is one.
fn region_of(s: &str) -> Option<&'static str> {
    let letter = s.chars().last()?;
    let region = &s[..s.len() - letter.len_utf8()];
    if !letter.is_ascii_lowercase() {
        return None;
    }
    REGIONS.iter().copied().find(|r| *r == region)
}

/// Whether the file uses CDKTF (or CDK Terrain) at all: an import of one of its packages.
fn uses_cdktf(file: &ParsedFile, root: &N) -> bool {
    let ours = |p: &str| {
        ["cdktf", "@cdktf/", "cdktn", "@cdktn/"]
            .iter()
            .any(|prefix| p.starts_with(prefix))
    };
    if file.lang == Lang::Python {
        let b = Bindings::of(file);
        b.names.values().chain(b.star.iter()).any(|p| ours(p))
    } else if file.lang == Lang::Go {
        go::imports(root).iter().any(|i| {
            i.path.contains("/terraform-cdk-go/")
                || i.path.contains("/cdktf-provider-")
                || i.path.contains("/cdktn")
        })
    } else {
        file.ts_imports().iter().any(|i| ours(&i.source))
    }
}

impl Transform for HardcodedAz {
    fn meta(&self) -> &'static TransformMeta {
        &META
    }

    fn check(&self, file: &ParsedFile, _ctx: &Context, out: &mut Vec<Diagnostic>) {
        let root = file.tree().root();
        if !uses_cdktf(file, &root) {
            return;
        }
        let (py, golang) = (file.lang == Lang::Python, file.lang == Lang::Go);
        // Every zone name holds a `-` and a digit (`eu-west-1a`); strings without them (or an
        // escape that could spell them) are not looked at.
        let may_be_zone = |t: &str| {
            t.contains('\\') || (t.contains('-') && t.bytes().any(|b| b.is_ascii_digit()))
        };
        for node in file.of_kinds_where(
            &[
                "string",
                "template_string",
                "interpreted_string_literal",
                "raw_string_literal",
            ],
            may_be_zone,
        ) {
            // Import sources are module names, not zones.
            if node
                .parent()
                .is_some_and(|p| p.kind() == "import_statement" || p.kind() == "import_spec")
            {
                continue;
            }
            let value = if py {
                crate::syntax::python::string_value(&node)
            } else if golang {
                go::string_value(&node)
            } else {
                ts::string_value(&node)
            };
            let Some(value) = value else { continue };
            let Some(region) = region_of(&value) else {
                continue;
            };
            if in_data_source_lookup(&node) {
                continue;
            }
            let index = value.as_bytes()[value.len() - 1] - b'a';
            let letter = index_letter(index);
            let (lookup, element, region_relative) = if py {
                (
                    "`azs = DataAwsAvailabilityZones(self, \"azs\", state=\"available\")`",
                    format!("`Fn.element(azs.names, {index})`"),
                    format!("f\"{{region}}{letter}\""),
                )
            } else if golang {
                (
                    "`azs := dataawsavailabilityzones.NewDataAwsAvailabilityZones(stack, jsii.String(\"azs\"), &dataawsavailabilityzones.DataAwsAvailabilityZonesConfig{State: jsii.String(\"available\")})`",
                    format!("`cdktf.Fn_Element(azs.Names(), jsii.Number({index}))`"),
                    format!("fmt.Sprintf(\"%s{letter}\", region)"),
                )
            } else {
                (
                    "`const azs = new DataAwsAvailabilityZones(this, \"azs\", { state: \"available\" })`",
                    format!("`Fn.element(azs.names, {index})`"),
                    format!("`${{region}}{letter}`"),
                )
            };
            out.push(Diagnostic {
                transform: META.id,
                range: node.range(),
                message: format!(
                    "\"{value}\" hard-codes an availability zone of {region}: the stack cannot deploy in another region, and not every account has every zone; look the zones up with {lookup} and use {element}, or derive it from the provider's region ({region_relative})"
                ),
                fix: None,
            });
        }
    }
}

/// Whether a zone literal selects what exists, a zone name by design: inside the `filter` of a
/// `DataAws*` data source (or a `DataAws*Filter` struct), or anywhere in the configuration of the
/// availability-zone data sources (`excludeNames`, `filter`, `name`). Read from the syntax alone:
/// TypeScript `new DataAwsSubnets(this, "s", { filter: [...] })`, Python
/// `DataAwsSubnets(self, "s", filter=[...])` / `DataAwsSubnetsFilter(...)`, Go
/// `dataawssubnets.NewDataAwsSubnets(..., &dataawssubnets.DataAwsSubnetsConfig{Filter: ...})`.
fn in_data_source_lookup(node: &N) -> bool {
    let mut in_filter = false;
    for a in node.ancestors() {
        match a.kind().as_ref() {
            "pair" => {
                let key = a.field("key").map(|k| k.text().to_string());
                if key.is_some_and(|k| k.trim_matches(['"', '\'']) == "filter") {
                    in_filter = true;
                }
            }
            "keyword_argument" if a.field("name").is_some_and(|n| n.text() == "filter") => {
                in_filter = true;
            }
            "keyed_element" => {
                let key = a.children().find(|c| c.is_named() && c.kind() != "comment");
                if key.is_some_and(|k| go::unwrap_element(&k).text() == "Filter") {
                    in_filter = true;
                }
            }
            // TypeScript: the nearest construction decides.
            "new_expression" => {
                let class = a.field("constructor").map(|c| c.text().to_string());
                return class.is_some_and(|c| data_source(last_name(&c), in_filter) == Some(true));
            }
            // Python and Go: calls of anything else (`jsii.String`, `Fn.element`) are looked
            // through.
            "call" | "call_expression" => {
                let Some(function) = a.field("function") else {
                    continue;
                };
                let text = function.text();
                let name = last_name(&text);
                let name = name.strip_prefix("New").unwrap_or(name);
                if let Some(verdict) = data_source(name, in_filter) {
                    return verdict;
                }
            }
            "composite_literal" => {
                let Some(ty) = a.field("type") else { continue };
                let text = ty.text();
                let name = last_name(&text);
                if let Some(verdict) =
                    data_source(name.strip_suffix("Config").unwrap_or(name), in_filter)
                {
                    return verdict;
                }
            }
            _ => {}
        }
    }
    false
}

/// `aws.dataAwsSubnets.DataAwsSubnets` → `DataAwsSubnets`; `[]*pkg.Type` → `Type`.
fn last_name(path: &str) -> &str {
    path.rsplit('.')
        .next()
        .unwrap_or(path)
        .trim_start_matches(['[', ']', '*', '&'])
        .trim()
}

/// For a class or struct name: `None` when it is no data source; else whether a zone under it is
/// a lookup criterion (`in_filter`: the zone is inside its `filter`).
fn data_source(name: &str, in_filter: bool) -> Option<bool> {
    let rest = name.strip_prefix("DataAws")?;
    if rest.is_empty() {
        return None;
    }
    Some(
        rest.ends_with("Filter")
            || rest == "AvailabilityZones"
            || rest == "AvailabilityZone"
            || in_filter,
    )
}

fn index_letter(index: u8) -> char {
    (b'a' + index) as char
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zones_of_real_regions_only() {
        assert_eq!(region_of("us-east-1a"), Some("us-east-1"));
        assert_eq!(region_of("ap-southeast-2c"), Some("ap-southeast-2"));
        assert_eq!(region_of("us-east-1"), None);
        assert_eq!(region_of("us-east-9a"), None);
        assert_eq!(region_of("us-east-1A"), None);
        assert_eq!(region_of(""), None);
        assert_eq!(region_of("us-east-1é"), None);
    }

    #[test]
    fn data_sources_by_name() {
        assert_eq!(data_source("DataAwsSubnets", false), Some(false));
        assert_eq!(data_source("DataAwsSubnets", true), Some(true));
        assert_eq!(data_source("DataAwsSubnetsFilter", false), Some(true));
        assert_eq!(data_source("DataAwsAvailabilityZones", false), Some(true));
        assert_eq!(data_source("Subnet", true), None);
        assert_eq!(data_source("DataAws", true), None);
        assert_eq!(
            last_name("aws.dataAwsSubnets.DataAwsSubnets"),
            "DataAwsSubnets"
        );
        assert_eq!(
            last_name("[]*dataawssubnets.DataAwsSubnetsFilter"),
            "DataAwsSubnetsFilter"
        );
    }
}
