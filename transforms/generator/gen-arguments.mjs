#!/usr/bin/env node
// Generates ../providers/aws.arguments.tsv, the removed and renamed arguments of the Terraform
// AWS provider as the bindings name them, from two facts:
//
//   - aws-upgrade-guides.tsv: what the provider's upgrade guides (versions 3 to 6) say was
//     removed or renamed, with the guide's section (see its header);
//   - ../providers/aws.shapes.tsv and aws.tsv: the interfaces of the bindings (gen-shapes.mjs).
//
// and, with --majors, the Terraform AWS provider major each major of the prebuilt packages was
// generated from (`npm view <package>@>=9 version cdktf.provider.version`; without --majors
// the lines of the current file are kept):
//
//   cd transforms/generator && node gen-arguments.mjs [--majors]
//
// Run it again after gen-index.mjs regenerates the shapes of a new package: a row the new
// bindings disagree with is then left out (and listed), and the Rust test
// `arguments_agree_with_the_shapes` fails on a table older than the shapes.
//
// A guide row is kept only when the bindings agree with it: the block it names exists, it has
// no property of the old name any more, and (for a rename) it has the new one. Rows whose old
// argument is still there (deprecated, not removed) or whose block is gone are reported and
// left out. Output lines:
//
//   %major<TAB>package<TAB>package major<TAB>Terraform provider major
//   interface<TAB>old<TAB>new<TAB>fix<TAB>value<TAB>major<TAB>section URL<TAB>instead
//
// old and new are camelCase property names of `interface` (new: a dotted path for `instead`
// rows, possibly empty); fix is `rename` (same value, safe), `map` (value is `old=>new` in
// TypeScript literals) or `instead` (report only, with what to write instead); major is the
// provider major from which the old name is gone (0: it never existed).
import { readFileSync, writeFileSync, existsSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const providers = join(here, "..", "providers");
const outPath = join(providers, "aws.arguments.tsv");
const PACKAGES = ["@cdktf/provider-aws", "@cdktn/provider-aws"];

const camel = (s) => s.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase());
const cap = (s) => s.charAt(0).toUpperCase() + s.slice(1);

/// interface -> { meta, props: Map(name -> struct name | null) } (the encoding of gen-shapes.mjs).
function readShapes() {
  const ifaces = new Map();
  for (const line of readFileSync(join(providers, "aws.shapes.tsv"), "utf8").split("\n")) {
    if (!line || line.startsWith("#") || line.startsWith("=") || line.startsWith(".")) continue;
    const [name, flags, props = ""] = line.split("\t");
    const map = new Map();
    for (const p of props.split(" ").filter(Boolean)) {
      const m = p.match(/^(\w+)(.*)$/);
      const [, prop, rest] = m;
      let struct = null;
      const r = rest.startsWith("[]") ? rest.slice(2) : rest.startsWith(":") ? rest.slice(1) : "";
      if (r && r !== "{}" && rest !== "[]") {
        if (r === "~") struct = name + cap(prop);
        else if (r === "^") struct = name.replace(/Config$/, "") + cap(prop);
        else struct = r;
      }
      map.set(prop, struct);
    }
    ifaces.set(name, { meta: flags === "m", props: map });
  }
  return ifaces;
}

/// Terraform type -> config interface, through the module folders of aws.tsv.
function readConfigs(ifaces) {
  const configs = new Map();
  for (const line of readFileSync(join(providers, "aws.tsv"), "utf8").split("\n")) {
    if (!line || line.startsWith("#")) continue;
    const [, folder, , interfaces = ""] = line.split("\t");
    const config = interfaces
      .split(" ")
      .filter((i) => i.endsWith("Config") && ifaces.get(i)?.meta);
    if (config.length === 1) configs.set(folder, config[0]);
  }
  return configs;
}

function configOf(kind, type, configs) {
  if (kind === "provider") return "AwsProviderConfig";
  // aws_db_instance -> db-instance, the data source aws_subnets -> data-aws-subnets.
  const folder = (kind === "data" ? "data-" + type : type.replace(/^aws_/, "")).replace(/_/g, "-");
  return configs.get(folder);
}

/// Follows `path` (snake_case segments) from `iface`: [interface, leaf] or null.
function follow(ifaces, iface, path) {
  const segs = path.split(".");
  let cur = iface;
  for (const seg of segs.slice(0, -1)) {
    const next = ifaces.get(cur)?.props.get(camel(seg));
    if (!next) return null;
    cur = next;
  }
  return [cur, camel(segs[segs.length - 1])];
}

/// The interfaces reachable from `iface` that have `has` and lack `lacks`.
function search(ifaces, iface, has, lacks) {
  const seen = new Set([iface]);
  const queue = [iface];
  const found = [];
  while (queue.length) {
    const cur = queue.shift();
    const props = ifaces.get(cur)?.props;
    if (!props) continue;
    if (props.has(has) && !props.has(lacks)) found.push(cur);
    for (const s of props.values()) if (s && !seen.has(s)) (seen.add(s), queue.push(s));
  }
  return found;
}

function majorsLines() {
  if (!process.argv.includes("--majors")) {
    if (!existsSync(outPath)) return [];
    return readFileSync(outPath, "utf8").split("\n").filter((l) => l.startsWith("%major\t"));
  }
  const lines = [];
  for (const pkg of PACKAGES) {
    const out = execFileSync("npm", ["view", `${pkg}@>=9.0.0`, "version", "cdktf.provider.version", "--json"], {
      encoding: "utf8",
    });
    const byMajor = new Map();
    for (const e of [JSON.parse(out)].flat()) {
      if (typeof e !== "object" || !e["cdktf.provider.version"]) continue;
      const major = Number(e.version.split(".")[0]);
      const tf = Number(e["cdktf.provider.version"].split(".")[0]);
      if (!byMajor.has(major)) byMajor.set(major, new Set());
      byMajor.get(major).add(tf);
    }
    for (const [major, tfs] of [...byMajor].sort((a, b) => a[0] - b[0])) {
      // A package major generated from two provider majors says nothing certain: left out.
      if (tfs.size === 1) lines.push(`%major\t${pkg}\t${major}\t${[...tfs][0]}`);
    }
  }
  return lines;
}

function generate() {
  const ifaces = readShapes();
  const configs = readConfigs(ifaces);
  const rows = [];
  const skipped = [];
  const text = readFileSync(join(here, "aws-upgrade-guides.tsv"), "utf8");
  for (const line of text.split("\n")) {
    if (!line || line.startsWith("#")) continue;
    const [major, section, kind, type, oldPath, newPath, fix, instead = ""] = line.split("\t");
    const url = section.startsWith("#")
      ? `https://registry.terraform.io/providers/hashicorp/aws/latest/docs/guides/version-${major}-upgrade${section}`
      : section;
    const config = configOf(kind, type, configs);
    const what = `${kind} ${type} ${oldPath}`;
    if (!config) {
      skipped.push(`${what}: no such ${kind} in the bindings`);
      continue;
    }
    let at = follow(ifaces, config, oldPath);
    const renamed = fix === "rename" || fix.startsWith("map:");
    const newLeaf = newPath ? camel(newPath.split(".").pop()) : "";
    const lacksBoth = (a) => a && !ifaces.get(a[0]).props.has(a[1]) && !ifaces.get(a[0]).props.has(newLeaf);
    if ((!at || lacksBoth(at)) && renamed && !oldPath.includes(".")) {
      // The guide names the argument without its blocks (`statemux_settings`): the one block
      // under the resource that has the new name.
      const found = search(ifaces, config, newLeaf, camel(oldPath.split(".").pop()));
      if (found.length === 1) at = [found[0], camel(oldPath.split(".").pop())];
    }
    if (!at) {
      skipped.push(`${what}: its block is not in the bindings`);
      continue;
    }
    const [iface, oldLeaf] = at;
    const props = ifaces.get(iface).props;
    if (props.has(oldLeaf)) {
      skipped.push(`${what}: ${iface}.${oldLeaf} still exists`);
      continue;
    }
    if (renamed && !props.has(newLeaf)) {
      skipped.push(`${what}: ${iface} has no ${newLeaf}`);
      continue;
    }
    const value = fix.startsWith("map:") ? fix.slice(4) : "";
    const kindOut = fix.startsWith("map:") ? "map" : fix;
    // An `instead` row's new argument, relative to the block of the old one when they share it.
    const oldSegs = oldPath.split(".");
    let newSegs = newPath ? newPath.split(".") : [];
    while (newSegs.length > 1 && oldSegs.length > 1 && newSegs[0] === oldSegs[0]) {
      newSegs = newSegs.slice(1);
      oldSegs.shift();
    }
    const newOut = renamed ? newLeaf : newSegs.map(camel).join(".");
    rows.push([iface, oldLeaf, newOut, kindOut, value, major, url, instead].join("\t"));
  }
  rows.sort();
  const seen = new Set();
  for (const r of rows) {
    const key = r.split("\t").slice(0, 2).join("\t");
    if (seen.has(key)) throw new Error(`two rows for ${key}`);
    seen.add(key);
  }
  const header = [
    "# cdktf-fix removed and renamed provider arguments, generated by transforms/generator/gen-arguments.mjs",
    "# from aws-upgrade-guides.tsv and aws.shapes.tsv; do not edit.",
    "# columns: interface<TAB>old<TAB>new<TAB>fix<TAB>value<TAB>major<TAB>section<TAB>instead (see gen-arguments.mjs)",
  ];
  writeFileSync(outPath, header.concat(majorsLines(), rows).join("\n") + "\n");
  console.log(`${rows.length} arguments -> providers/aws.arguments.tsv`);
  for (const s of skipped) console.log(`  left out: ${s}`);
}

generate();
