// Synth checks of nat-gateway-depends-on and s3-bucket-hardening (see checks_b.rs), loaded by
// synth.js with its helpers. Each check returns [problems, assertions made].
"use strict";

module.exports = ({ stacksOf, show, asList }) => {
  // Runs `each(json, id, problems)` -> assertions over every stack of the expected module.
  const overExpected = (check, each) => {
    const problems = [];
    let n = 0;
    for (const [id, json] of stacksOf(check.expected, "expected", problems) || []) {
      n += each(json.resource || {}, id, problems);
    }
    return [problems, n];
  };

  function natIgwDependency(check) {
    return overExpected(check, (resources, id, problems) => {
      let n = 0;
      const gateways = Object.keys(resources.aws_internet_gateway || {}).map((name) => `aws_internet_gateway.${name}`);
      const nats = Object.entries(resources.aws_nat_gateway || {});
      if (!nats.length) problems.push(`stack ${id}: no aws_nat_gateway to check`);
      for (const [name, nat] of nats) {
        if (nat.connectivity_type === "private") continue;
        n += 1;
        const deps = asList(nat.depends_on);
        if (!deps.some((d) => gateways.includes(d))) {
          problems.push(`stack ${id}: aws_nat_gateway.${name} depends_on ${show(nat.depends_on)}, ` +
            `none of the internet gateways [${gateways.join(", ")}]`);
        }
      }
      return n;
    });
  }

  const FLAGS = ["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"];

  const ADDED = ["aws_s3_bucket_server_side_encryption_configuration", "aws_s3_bucket_public_access_block"];
  const addresses = (resources) =>
    Object.entries(resources).flatMap(([type, byName]) => Object.keys(byName || {}).map((name) => `${type}.${name}`));

  function s3BucketHardened(check) {
    const problems = [];
    const inputs = check.input === null ? null : stacksOf(check.input, "input", problems);
    const [more, n] = overExpected(check, (resources, id, problems) => {
      let n = 0;
      if (inputs) {
        n += 1;
        const before = addresses((inputs.get(id) || {}).resource || {});
        const after = addresses(resources);
        const lost = before.filter((a) => !after.includes(a));
        const foreign = after.filter((a) => !before.includes(a) && !ADDED.includes(a.split(".")[0]));
        if (!inputs.has(id)) problems.push(`stack ${id} is not in the input's output`);
        if (lost.length || foreign.length) {
          problems.push(`stack ${id}: the fix may only add ${ADDED.join(" / ")}; ` +
            `lost: [${lost.join(", ")}], other additions: [${foreign.join(", ")}]`);
        }
      }
      const buckets = Object.keys(resources.aws_s3_bucket || {});
      if (!buckets.length) problems.push(`stack ${id}: no aws_s3_bucket to check`);
      const refersTo = (r, name) => [`\${aws_s3_bucket.${name}.id}`, `\${aws_s3_bucket.${name}.bucket}`].includes(r.bucket);
      for (const name of buckets) {
        n += 2;
        // A configuration the fix added must be AES256; one the input had keeps its algorithm.
        // Without a compiling input to compare with, any algorithm is accepted (the fix only
        // ever writes AES256; the fixture's expected text shows the rest).
        const before = inputs ? ((inputs.get(id) || {}).resource || {}) : null;
        const hadBefore = (key) => before === null || Object.prototype.hasOwnProperty.call(
          before.aws_s3_bucket_server_side_encryption_configuration || {}, key);
        const encryption = Object.entries(resources.aws_s3_bucket_server_side_encryption_configuration || {})
          .filter(([, r]) => refersTo(r, name));
        const encrypted = encryption.some(([key, r]) => {
          const algorithms = asList(r.rule).flatMap((rule) =>
            asList(rule.apply_server_side_encryption_by_default).map((d) => d.sse_algorithm));
          return algorithms.length > 0 && (algorithms.every((a) => a === "AES256") || hadBefore(key));
        });
        if (!encrypted) {
          problems.push(`stack ${id}: aws_s3_bucket.${name} has no encryption configuration (AES256 when added) ` +
            `(configurations referring to it: ${show(encryption)})`);
        }
        const blocks = Object.values(resources.aws_s3_bucket_public_access_block || {}).filter((r) => refersTo(r, name));
        if (!blocks.some((b) => FLAGS.every((f) => b[f] === true))) {
          problems.push(`stack ${id}: aws_s3_bucket.${name} has no public access block with ${FLAGS.join(", ")} true ` +
            `(blocks referring to it: ${show(blocks)})`);
        }
      }
      return n;
    });
    return [problems.concat(more), n];
  }

  return { "nat-igw-dependency": natIgwDependency, "s3-bucket-hardened": s3BucketHardened };
};
