#!/usr/bin/env node
// Synth driver for tests/conformance.rs (the `fixtures_synthesize_and_keep_their_meaning` test).
//
//   node synth.js <manifest.json> <results.tsv> [<core package folder>]
//
// The manifest (written by the Rust test) lists compiled fixture modules and the checks to run on
// their synthesized Terraform JSON:
//
//   { "modules": [ { "key": "<rule>/<case>/<input|expected>", "js": "<abs path>.js",
//                    "outdir": "<abs dir>" }, ... ],
//     "checks":  [ { "kind": "same-config" | "same-addresses", "case": "<rule>/<case>",
//                    "input": "<module key>", "expected": "<module key>" },
//                  { "kind": "default-tags", "case": ..., "expected": <key>, "input": <key> | null,
//                    "tags": { "<Key>": { "value": "<string>" } | { "expr": true }, ... } },
//                  { "kind": "sg-all-protocol-ports", "case": ..., "expected": <key> }, ... ] }
//
// All modules are loaded in this one process: requiring @cdktf/provider-aws's barrel costs seconds,
// once. For each module, every exported class that extends cdktf's TerraformStack is instantiated
// as `new Stack(new App({ outdir, ... }), "<ClassName>")` and the app is synthesized.
//
// Results go to <results.tsv> (not stdout: fixtures may print), one record per line, tab-separated
// (fields never hold tabs or newlines):
//   stack  <module> <stack id> <path of stacks/<id>/cdk.tf.json>
//   note   <module> <text>            something worth knowing, not a failure
//   error  <module> <text>            the module did not synthesize (require, constructor or synth threw)
//   check  <kind> <case> pass|fail <assertions made> <detail>
//   done   <modules> <stacks>         the last line: the driver ran to the end
// The Rust side decides what is a failure; this script only does the JSON work.
"use strict";

const fs = require("fs");
const path = require("path");

// Environment the cdktf CLI sets for a real `cdktf synth`; none of it may leak into this run.
for (const name of Object.keys(process.env)) {
  if (name.startsWith("CDKTF_") || name === "SYNTH_HCL_OUTPUT") delete process.env[name];
}

// The core package: cdktf, or the folder of another one with the same API given as a third
// argument (tests/conformance_cdktn.rs passes CDK Terrain's `cdktn`).
const { App, TerraformStack } = process.argv[4] ? require(process.argv[4]) : require("cdktf");

const clean = (s) => String(s).replace(/[\t\r\n]+/g, " ");
const resultsFile = process.argv[3];
fs.writeFileSync(resultsFile, "");
const emit = (...fields) => fs.appendFileSync(resultsFile, fields.map(clean).join("\t") + "\n");
const errorText = (e) => clean(e && e.stack ? e.stack.split("\n").slice(0, 4).join(" | ") : e);

const manifest = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));

function extendsStack(cls) {
  if (typeof cls !== "function" || !cls.prototype) return false;
  for (let p = Object.getPrototypeOf(cls.prototype); p; p = Object.getPrototypeOf(p)) {
    if (p === TerraformStack.prototype) return true;
  }
  return false;
}

// A stand-in for a constructor parameter after (scope, id), used only when the constructor threw
// without it (e.g. `props: TapStackProps` read as `props.environmentSuffix`): every property reads
// as a placeholder string, and spreading it adds nothing. The same placeholder is used for the input
// and the expected module, so comparisons still hold.
function stubArgument(owner, index) {
  const text = (prop) => `stub-${owner}-arg${index}-${prop}`;
  return new Proxy(Object.create(null), {
    get(_target, prop) {
      if (typeof prop !== "string" || prop === "then" || prop === "toJSON") return undefined;
      if (prop === "toString" || prop === "valueOf") return () => text("value");
      return text(prop);
    },
  });
}

function synthStack(cls, id, outdir, args) {
  // skipValidation: fixtures are snippets, many declare resources without a provider block, which
  // cdktf's app validation rejects after writing the files; stackTraces: false keeps source paths
  // and line numbers (which differ between input and expected) out of the metadata.
  fs.mkdirSync(outdir, { recursive: true }); // App creates only the last path component
  const app = new App({ outdir, stackTraces: false, hclOutput: false, skipValidation: true });
  new cls(app, id, ...args);
  app.synth();
  const written = JSON.parse(fs.readFileSync(path.join(outdir, "manifest.json"), "utf8"));
  const entry = written.stacks && written.stacks[id];
  if (!entry) throw new Error(`synth wrote no manifest entry for stack ${id}`);
  return path.join(outdir, entry.synthesizedStackPath);
}

// module key -> Map(stack id -> parsed cdk.tf.json), or null when the module failed
const synthesized = new Map();
let stackCount = 0;

for (const mod of manifest.modules) {
  const stacks = new Map();
  let exportsObj;
  try {
    exportsObj = require(mod.js);
  } catch (e) {
    emit("error", mod.key, `require failed: ${errorText(e)}`);
    synthesized.set(mod.key, null);
    continue;
  }
  const classes = [];
  for (const [exportName, value] of Object.entries(exportsObj)) {
    if (extendsStack(value)) classes.push([value.name || exportName, value]);
  }
  if (classes.length === 0) emit("note", mod.key, "exports no TerraformStack subclass; nothing to synthesize");
  let failed = false;
  for (const [id, cls] of classes) {
    const outdir = mod.outdir;
    let file;
    try {
      file = synthStack(cls, id, outdir, []);
    } catch (first) {
      const extra = cls.length - 2;
      if (extra <= 0) {
        emit("error", mod.key, `${id}: ${errorText(first)}`);
        failed = true;
        continue;
      }
      try {
        const args = Array.from({ length: extra }, (_, i) => stubArgument(id, i + 2));
        file = synthStack(cls, id, outdir, args);
        emit("note", mod.key, `${id}: the constructor threw without its ${extra} extra argument(s) ` +
          `(${clean(first && first.message)}); synthesized with stub objects for them`);
      } catch (second) {
        emit("error", mod.key, `${id}: ${errorText(first)}; with stub arguments: ${errorText(second)}`);
        failed = true;
        continue;
      }
    }
    stacks.set(id, JSON.parse(fs.readFileSync(file, "utf8")));
    stackCount += 1;
    emit("stack", mod.key, id, file);
  }
  synthesized.set(mod.key, failed ? null : stacks);
}

// ---- JSON helpers -------------------------------------------------------------------------------

// Terraform ignores "//" keys in JSON configuration; cdktf puts its metadata there.
function stripComments(v) {
  if (Array.isArray(v)) return v.map(stripComments);
  if (v && typeof v === "object") {
    const out = {};
    for (const [k, x] of Object.entries(v)) if (k !== "//") out[k] = stripComments(x);
    return out;
  }
  return v;
}

const show = (v) => {
  const s = v === undefined ? "(absent)" : JSON.stringify(v);
  return s.length > 160 ? s.slice(0, 157) + "..." : s;
};

// The first difference between two JSON values (object key order ignored), or null.
function firstDiff(a, b, at) {
  if (a === b) return null;
  const kind = (v) => (v === null ? "null" : Array.isArray(v) ? "array" : typeof v);
  if (kind(a) !== kind(b) || kind(a) !== "array" && kind(a) !== "object") {
    return `${at || "(root)"}: input ${show(a)}, expected ${show(b)}`;
  }
  if (Array.isArray(a)) {
    if (a.length !== b.length) return `${at || "(root)"}: input has ${a.length} items, expected ${b.length}`;
    for (let i = 0; i < a.length; i++) {
      const d = firstDiff(a[i], b[i], `${at || "(root)"}[${i}]`);
      if (d) return d;
    }
    return null;
  }
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  for (const k of keys) {
    const d = firstDiff(a[k], b[k], at ? `${at}.${k}` : k);
    if (d) return d;
  }
  return null;
}

function addresses(json) {
  const out = [];
  for (const [section, prefix] of [["resource", ""], ["data", "data."]]) {
    for (const [type, byName] of Object.entries(json[section] || {})) {
      for (const name of Object.keys(byName || {})) out.push(`${prefix}${type}.${name}`);
    }
  }
  return out.sort();
}

const asList = (v) => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]);

function awsProviderBlocks(json) {
  return asList(json.provider && json.provider.aws);
}

const providerName = (block) => (block.alias === undefined ? "aws" : `aws.${block.alias}`);

function defaultTags(block) {
  const tags = {};
  for (const entry of asList(block.default_tags)) Object.assign(tags, (entry && entry.tags) || {});
  return tags;
}

// ---- checks -------------------------------------------------------------------------------------

function stacksOf(key, role, problems) {
  const stacks = synthesized.get(key);
  if (stacks === undefined) problems.push(`${role} ${key} is not in the manifest's modules`);
  else if (stacks === null) problems.push(`${role} ${key} did not synthesize (see its error line)`);
  return stacks || null;
}

function checkSame(check, compare) {
  const problems = [];
  let n = 0;
  const input = stacksOf(check.input, "input", problems);
  const expected = stacksOf(check.expected, "expected", problems);
  if (input && expected) {
    const ids = [...new Set([...input.keys(), ...expected.keys()])].sort();
    if (ids.length === 0) problems.push("neither module synthesized a stack");
    for (const id of ids) {
      if (!input.has(id) || !expected.has(id)) {
        problems.push(`stack ${id} only in ${input.has(id) ? "input" : "expected"}`);
        continue;
      }
      n += 1;
      const d = compare(input.get(id), expected.get(id), id);
      if (d) problems.push(d);
    }
  }
  return [problems, n];
}

const sameConfig = (check) =>
  checkSame(check, (a, b, id) => {
    const d = firstDiff(stripComments(a), stripComments(b), "");
    return d && `stack ${id}: the synthesized configuration differs at ${d}`;
  });

const sameAddresses = (check) =>
  checkSame(check, (a, b, id) => {
    const x = addresses(a);
    const y = addresses(b);
    const onlyIn = (p, q) => p.filter((v) => !q.includes(v));
    const lost = onlyIn(x, y);
    const added = onlyIn(y, x);
    if (!lost.length && !added.length) return null;
    return `stack ${id}: resource addresses differ; only in input: [${lost.join(", ")}], ` +
      `only in expected: [${added.join(", ")}]`;
  });

function checkDefaultTags(check) {
  const problems = [];
  let n = 0;
  const expected = stacksOf(check.expected, "expected", problems);
  const input = check.input === null ? null : stacksOf(check.input, "input", problems);
  if (!expected || (check.input !== null && !input)) return [problems, n];
  let blocksSeen = 0;
  for (const [id, json] of expected) {
    const blocks = awsProviderBlocks(json);
    const inputBlocks = input ? awsProviderBlocks((input.get(id) || {})) : [];
    if (input && !input.has(id)) problems.push(`stack ${id} is not in the input's output`);
    for (const ib of inputBlocks) {
      if (!blocks.some((b) => providerName(b) === providerName(ib))) {
        problems.push(`stack ${id}: provider ${providerName(ib)} of the input is gone`);
      }
    }
    for (const block of blocks) {
      blocksSeen += 1;
      const where = `stack ${id}, provider ${providerName(block)}`;
      const tags = defaultTags(block);
      const ib = inputBlocks.find((b) => providerName(b) === providerName(block));
      const before = ib ? defaultTags(ib) : {};
      for (const [key, spec] of Object.entries(check.tags)) {
        n += 1;
        const has = Object.prototype.hasOwnProperty.call(tags, key) && tags[key] !== null;
        if (!has) {
          problems.push(`${where}: default tag ${key} is missing (default_tags: ${show(block.default_tags)})`);
        } else if (Object.prototype.hasOwnProperty.call(before, key)) {
          // the input already had it: existing values are never changed
          if (tags[key] !== before[key]) {
            problems.push(`${where}: tag ${key} was ${show(before[key])} in the input, is ${show(tags[key])}`);
          }
        } else if (spec.value !== undefined && tags[key] !== spec.value) {
          problems.push(`${where}: tag ${key} is ${show(tags[key])}, configured ${show(spec.value)}`);
        }
      }
      for (const [key, value] of Object.entries(before)) {
        if (Object.prototype.hasOwnProperty.call(check.tags, key)) continue; // checked above
        n += 1;
        if (tags[key] !== value) {
          problems.push(`${where}: tag ${key} was ${show(value)} in the input, is ${show(tags[key])}`);
        }
      }
    }
  }
  if (blocksSeen === 0) problems.push("the expected output has no provider.aws block to check");
  return [problems, n];
}

const ALL = new Set(["-1", "all"]);

function checkSgPorts(check) {
  const problems = [];
  let n = 0;
  const expected = stacksOf(check.expected, "expected", problems);
  for (const [id, json] of expected || []) {
    const resources = json.resource || {};
    const zeroPorts = (rule, where) => {
      if (!ALL.has(String(rule.protocol).toLowerCase())) return;
      n += 1;
      if (rule.from_port !== 0 || rule.to_port !== 0) {
        problems.push(`${where}: protocol ${show(rule.protocol)} needs from_port 0 and to_port 0, ` +
          `has ${show(rule.from_port)}..${show(rule.to_port)}`);
      }
    };
    for (const [name, sg] of Object.entries(resources.aws_security_group || {})) {
      for (const dir of ["ingress", "egress"]) {
        asList(sg[dir]).forEach((rule, i) => zeroPorts(rule, `stack ${id}: aws_security_group.${name}.${dir}[${i}]`));
      }
    }
    // With protocol -1 the provider sends no ports for an aws_security_group_rule (and
    // suppresses their diff): any values are fine, but both are required.
    for (const [name, rule] of Object.entries(resources.aws_security_group_rule || {})) {
      if (!ALL.has(String(rule.protocol).toLowerCase())) continue;
      n += 1;
      const missing = ["from_port", "to_port"].filter((k) => rule[k] === undefined);
      if (missing.length) {
        problems.push(`stack ${id}: aws_security_group_rule.${name}: protocol ${show(rule.protocol)} ` +
          `still requires ${missing.join(", ")}`);
      }
    }
    for (const type of ["aws_vpc_security_group_ingress_rule", "aws_vpc_security_group_egress_rule"]) {
      for (const [name, rule] of Object.entries(resources[type] || {})) {
        if (!ALL.has(String(rule.ip_protocol).toLowerCase())) continue;
        n += 1;
        const set = ["from_port", "to_port"].filter((k) => rule[k] !== undefined);
        if (set.length) {
          problems.push(`stack ${id}: ${type}.${name}: ip_protocol ${show(rule.ip_protocol)} must not set ` +
            `${set.map((k) => `${k} (${show(rule[k])})`).join(", ")}`);
        }
      }
    }
  }
  return [problems, n];
}

const CHECKS = {
  "same-config": sameConfig,
  "same-addresses": sameAddresses,
  "default-tags": checkDefaultTags,
  "sg-all-protocol-ports": checkSgPorts,
};
Object.assign(CHECKS, require("./checks_b.js")({ stacksOf, show, asList }));

for (const check of manifest.checks) {
  const run = CHECKS[check.kind];
  let problems;
  let n = 0;
  if (!run) {
    problems = [`unknown check kind ${check.kind}`];
  } else {
    try {
      [problems, n] = run(check);
    } catch (e) {
      problems = [`the check threw: ${errorText(e)}`];
    }
  }
  emit("check", check.kind, check.case, problems.length ? "fail" : "pass", n, problems.join(" || "));
}

emit("done", manifest.modules.length, stackCount);
