//! `provider-shapes`: object literals shaped the way the provider's own type definitions say
//! (TypeScript, Python): a single object where the provider takes a list of blocks is wrapped in a list,
//! a property the provider renamed gets its replacement, and a misspelt property name gets the
//! one real name the compiler would suggest.

mod python;
mod typescript;

use crate::index::shapes::{Argument, ArgumentFix, Arguments, Interface};
use crate::lang::Lang;
use crate::{Context, Diagnostic, Edit, Fix, ParsedFile, Safety, Transform, TransformMeta};

pub struct ProviderShapes;

static META: TransformMeta = TransformMeta {
    id: "provider-shapes",
    kind: crate::Kind::Defect,
    summary: "Provider config shapes: an object where the provider takes a list, a renamed or misspelt property (from the provider's type definitions)",
    languages: &[Lang::TypeScript, Lang::Tsx, Lang::Python],
    fixes: &[Safety::Safe],
    triggers: &["/provider-", "_provider_aws"],
    docs: r#"
## What it does
Reads the configuration object of every provider construct (`new S3BucketLifecycleConfiguration(
this, "x", { ... })`, data sources and providers included) against the provider's own type
definitions, recorded in the provider index (`transforms/providers/<provider>.shapes.tsv`,
generated from the `.d.ts` files of the npm package): the construct's class is resolved through
the file's imports, then each property path is followed into the nested block structs (`rule` →
`S3BucketLifecycleConfigurationRule` → `expiration` → ...). It repairs three mistakes, each of
which the TypeScript compiler rejects:

- **a single object where the provider takes a list of blocks** (`T[] | IResolvable`):
  `expiration: { days: 30 }` in a lifecycle rule, `noncurrentVersionExpiration`,
  `abortIncompleteMultipartUpload`, `encryptionConfiguration` of an ECR repository,
  `defaultTags: { tags: {...} }` on the AWS provider, ... becomes `[{ ... }]` (tsc: TS2353,
  "'days' does not exist in type 'IResolvable | S3BucketLifecycleConfigurationRuleExpiration[]'");
- **a property the provider renamed, with a known replacement**: `vpc: true` on an `Eip`
  (deprecated by the Terraform AWS provider v5 in favour of `domain`, absent from the bindings of
  AWS provider 6) becomes `domain: "vpc"`;
- **a misspelt property name** (TS2353/TS2561): `vpcZoneIdentifiers` → `vpcZoneIdentifier` on an
  `AutoscalingGroup`, `includeGlobalResources` → `includeGlobalResourceTypes` in a config
  recorder's `recordingGroup`. "Close" is defined as in TypeScript's own spelling suggestion
  (`getSpellingSuggestion` and `levenshteinWithMax` in `src/compiler/core.ts` of
  microsoft/TypeScript, read in typescript 5.9.3's `lib/typescript.js`): a candidate's length
  may differ by at most max(2, ⌊0.34·n⌋) characters, names under 3 characters only match by case,
  and the distance is a Levenshtein distance where inserting or deleting costs 1, substituting a
  letter by the same letter in another case 0.1 and any other substitution 2; it must be below
  ⌊0.4·n⌋ + 1 (n: the length of the name written). The candidates are the interface's properties
  (and, for a resource's config, cdktf's meta-arguments `dependsOn`, `count`, ...). Where tsc
  takes the first of equally close names, this rule renames only when exactly one name is
  closest, never to a name the object already has, and not in an object with a spread (tsc
  suggests in all three cases). Unlike tsc it also corrects a quoted key
  (`"includeGlobalResources"`, for which tsc reports TS2353 without a suggestion).

In Python the same mistakes are repaired in the keyword arguments of provider constructs and of
the provider's struct classes (`S3BucketLifecycleConfigurationRule(expiration=...)`), whose names
are the snake_case of the TypeScript properties: a struct-class call or a dictionary where a list
is wanted is wrapped (`expiration=[S3BucketLifecycleConfigurationRuleExpiration(days=30)]`;
a call of anything else, such as a helper returning a list, is left alone), `vpc=True` on an
`Eip` becomes `domain="vpc"` (in the file's quotes), and a misspelt keyword argument gets the one
name this close by the same measure. Inside a dictionary only the block shapes are checked. Such
inputs fail when the stack is constructed: jsii cannot pass a single struct as a list ("Passed to
parameter config of new ...: Unable to deserialize value"), and Python rejects an unknown keyword
argument (`TypeError`).

TypeScript objects are also found where a variable's type annotation names a provider interface
(`const rule: S3BucketLifecycleConfigurationRule = { ... }`, `X[] = [{ ... }]`). Where the type
cannot be determined (a class not imported from a provider package, an object in a variable
without such an annotation, a spread in the object for renames) nothing is reported.

## Why
Generated CDKTF code often writes nested blocks the way HCL or the Terraform docs show them: one
block, one object. The prebuilt providers type every block that may repeat as a list, so the
stack does not compile until it is wrapped. Property names renamed by the provider or off by one
letter fail the same way. The provider's `.d.ts` files say exactly what is expected, so the
repair needs no guessing.

## Example
```ts
new S3BucketLifecycleConfiguration(this, "lifecycle", {
  bucket: bucket.id,
  rule: [{
    id: "expire",
    status: "Enabled",
    expiration: { days: 30 },
  }],
});
new Eip(this, "nat", { vpc: true });
```
becomes
```ts
new S3BucketLifecycleConfiguration(this, "lifecycle", {
  bucket: bucket.id,
  rule: [{
    id: "expire",
    status: "Enabled",
    expiration: [{ days: 30 }],
  }],
});
new Eip(this, "nat", { domain: "vpc" });
```

## Fix safety
Safe: the input does not compile, and the rewrite is the only meaning it can have (the block
becomes the list's one item, a renamed property its documented replacement, a misspelt name the
one real name that close). `defaultTags` on the AWS provider is also repaired by `default-tags`,
to the same text; when both run, either one applies it and the other then finds nothing to do.

## Source
The shapes come from `@cdktf/provider-aws` 21.22.1 (https://github.com/cdktf/cdktf-provider-aws;
for instance `S3BucketLifecycleConfigurationRule.expiration: S3BucketLifecycleConfigurationRuleExpiration[] |
cdktf.IResolvable`), the `vpc` → `domain` replacement from the `aws_eip` documentation
(https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/eip: `vpc` deprecated, use `domain = "vpc"`), the spelling rule
from TypeScript's `getSpellingSuggestion`
(https://github.com/microsoft/TypeScript/blob/main/src/compiler/core.ts).
"#,
};

/// The removed or renamed argument `old` of `iface`, when the provider major the project is
/// written for no longer has it (`transforms/providers/<provider>.arguments.tsv`, from the upgrade
/// guides): a rename from the version 5 guide is not one for a project pinned to provider 4.
fn removed_argument(
    ctx: &Context,
    provider: &str,
    iface: &Interface,
    old: &str,
) -> Option<&'static Argument> {
    let args = Arguments::of(provider)?;
    let row = args.find(iface.name, old)?;
    let assumed = args
        .pinned_provider_major(ctx.provider_majors)
        .unwrap_or(u64::MAX);
    (row.major <= assumed).then_some(row)
}

/// Whether `old` is an argument of `iface` in the provider major the project pins (removed in a
/// later one): the bindings it compiles against still have it, so it is no misspelling.
fn valid_when_pinned(ctx: &Context, provider: &str, iface: &Interface, old: &str) -> bool {
    let Some(args) = Arguments::of(provider) else {
        return false;
    };
    let Some(row) = args.find(iface.name, old) else {
        return false;
    };
    args.pinned_provider_major(ctx.provider_majors)
        .is_some_and(|pinned| row.major > pinned)
}

/// The first `@cdktf/provider-aws` major of the namespaced layout of cdktf 0.13 (one module per
/// resource): a project pinning an older major may have bindings that type a single block as a
/// list, so a one-item list is left alone there.
fn single_blocks_typed_as_objects(ctx: &Context) -> bool {
    ctx.provider_majors.iter().all(|(package, major)| {
        match crate::index::per_resource_since(package) {
            Some(since) => *major >= since,
            None => true,
        }
    })
}

/// The message of a removed or renamed argument, written as `old` and `new` in the language.
fn removed_message(iface: &Interface, row: &Argument, old: &str, new: &str) -> String {
    let gone = if row.major == 0 {
        format!("{} has no `{old}`", iface.name)
    } else {
        format!(
            "{} has no `{old}` since version {} of the provider",
            iface.name, row.major
        )
    };
    match row.fix {
        ArgumentFix::Instead => format!("{gone}: {} ({})", row.instead, row.source),
        _ if row.major == 0 => format!(
            "{gone}: the argument with that meaning is `{new}` ({})",
            row.source
        ),
        _ => format!("{gone}: it is `{new}` now ({})", row.source),
    }
}

/// The diagnostic that replaces the one-item list at `list` by its item at `item`: the
/// provider takes one block there.
fn unwrap(
    text: &str,
    list: std::ops::Range<usize>,
    item: std::ops::Range<usize>,
    key: &str,
    owner: &str,
    block: &str,
) -> Option<Diagnostic> {
    // Only brackets, white space and a trailing comma around the item: nothing is lost.
    let before = &text[list.start..item.start];
    let after = &text[item.end..list.end];
    let plain = |s: &str, bracket: char| {
        s.chars()
            .filter(|c| !c.is_whitespace())
            .eq(std::iter::once(bracket))
    };
    let after_ok = plain(after, ']') || {
        let t: String = after.chars().filter(|c| !c.is_whitespace()).collect();
        t == ",]"
    };
    if !plain(before, '[') || !after_ok {
        return None;
    }
    Some(Diagnostic {
        transform: META.id,
        range: list.clone(),
        message: format!(
            "`{key}` of {owner} is one {block} block, not a list: write the block without `[...]`"
        ),
        fix: Some(Fix::safe(vec![
            Edit::replace(list.start..item.start, ""),
            Edit::replace(item.end..list.end, ""),
        ])),
    })
}

impl Transform for ProviderShapes {
    fn meta(&self) -> &'static TransformMeta {
        &META
    }

    fn check(&self, file: &ParsedFile, ctx: &Context, out: &mut Vec<Diagnostic>) {
        match file.lang {
            Lang::Python => python::check(file, ctx, out),
            _ => typescript::check(file, ctx, out),
        }
    }
}

/// The diagnostic that wraps the single block at `range` in a list.
fn wrap(range: std::ops::Range<usize>, key: &str, owner: &str, item: &str) -> Diagnostic {
    Diagnostic {
        transform: META.id,
        range: range.clone(),
        message: format!(
            "`{key}` of {owner} is a list of {item} blocks, not a single one: wrap it in a list, `[...]`"
        ),
        fix: Some(Fix::safe(vec![
            Edit::insert(range.start, "["),
            Edit::insert(range.end, "]"),
        ])),
    }
}

/// TypeScript's spelling suggestion (`getSpellingSuggestion`, `src/compiler/core.ts`), except that
/// a tie between equally close candidates gives no suggestion. Distances are in tenths.
pub fn spelling_suggestion<'c>(
    name: &str,
    candidates: impl Iterator<Item = &'c str>,
) -> Option<&'c str> {
    let n = name.chars().count();
    let max_length_difference = 2.max(n * 34 / 100);
    // tsc: floor(n * 0.4) + 1, and a candidate must be closer than that.
    let limit = ((n * 4 / 10) + 1) * 10;
    let mut best: Option<(usize, &'c str)> = None;
    let mut tied = false;
    for candidate in candidates {
        let m = candidate.chars().count();
        if m.abs_diff(n) > max_length_difference || candidate == name {
            continue;
        }
        if m < 3 && candidate.to_lowercase() != name.to_lowercase() {
            continue;
        }
        let d = distance_tenths(name, candidate);
        if d >= limit {
            continue;
        }
        match best {
            Some((b, _)) if d > b => {}
            Some((b, _)) if d == b => tied = true,
            _ => {
                best = Some((d, candidate));
                tied = false;
            }
        }
    }
    match (best, tied) {
        (Some((_, c)), false) => Some(c),
        _ => None,
    }
}

/// `levenshteinWithMax` without the cut-off, in tenths: insert/delete 10, substitution by the
/// same letter in another case 1, other substitutions 20.
fn distance_tenths(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).map(|j| j * 10).collect();
    let mut current = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        current[0] = i * 10;
        for j in 1..=b.len() {
            current[j] = if a[i - 1] == b[j - 1] {
                previous[j - 1]
            } else {
                let sub = if a[i - 1].to_lowercase().eq(b[j - 1].to_lowercase()) {
                    previous[j - 1] + 1
                } else {
                    previous[j - 1] + 20
                };
                (previous[j] + 10).min(current[j - 1] + 10).min(sub)
            };
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_follow_tsc() {
        let names = ["vpcZoneIdentifier", "availabilityZones", "maxSize"];
        assert_eq!(
            spelling_suggestion("vpcZoneIdentifiers", names.iter().copied()),
            Some("vpcZoneIdentifier")
        );
        assert_eq!(
            spelling_suggestion(
                "includeGlobalResources",
                [
                    "includeGlobalResourceTypes",
                    "allSupported",
                    "resourceTypes"
                ]
                .iter()
                .copied()
            ),
            Some("includeGlobalResourceTypes")
        );
        // Case differences are cheap.
        assert_eq!(
            spelling_suggestion("MaxSize", names.iter().copied()),
            Some("maxSize")
        );
        // Too far: ⌊0.4·7⌋ + 1 = 3 edits is the limit for a 7-letter name.
        assert_eq!(spelling_suggestion("minSize", names.iter().copied()), None);
        // Two equally close names: no suggestion.
        assert_eq!(
            spelling_suggestion("tagX", ["tagA", "tagB"].iter().copied()),
            None
        );
        // Short names only match by case.
        assert_eq!(spelling_suggestion("ab", ["ac"].iter().copied()), None);
        assert_eq!(
            spelling_suggestion("Ab", ["ab"].iter().copied()),
            Some("ab")
        );
        assert_eq!(distance_tenths("kitten", "sitting"), 50);
        assert_eq!(distance_tenths("abc", "ABC"), 3);
    }
}
