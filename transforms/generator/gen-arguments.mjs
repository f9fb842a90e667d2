#!/usr/bin/env node
// Generates ../providers/<provider>.arguments.tsv, the removed and renamed arguments of a
// Terraform provider as the bindings name them, for every provider with a transcription of its
// upgrade guides or changelog here (<provider>-upgrade-guides.tsv: aws, tls, random), from two
// facts:
//
//   - <provider>-upgrade-guides.tsv: what the provider's upgrade guides (AWS, versions 3 to 6) or
//     its changelog's breaking changes (tls, random) say was removed or renamed, with the
//     section's URL (see each file's header);
//   - ../providers/<provider>.shapes.tsv and <provider>.tsv: the interfaces of the bindings
//     (gen-shapes.mjs, gen-index.mjs).
//
// and, with --majors, the Terraform provider major each major of the prebuilt packages was
// generated from (`npm view <package> version cdktf.provider.version`, for the packages of that
// provider pinned in ./package.json; without --majors the lines of the current file are kept):
//
//   cd transforms/generator && node gen-arguments.mjs [--majors | --majors=tls,random]
//   node gen-arguments.mjs --check     (writes nothing: exits 1 when a committed table differs
//                                       from what its inputs give; tests/provider_shapes_arguments.rs)
//
// gen-index.mjs runs it after regenerating the shapes (`node gen-index.mjs [--majors]`), so a row
// the new bindings disagree with is left out (and listed); the Rust test
// `tests/provider_shapes_arguments.rs` fails on a table older than its inputs.
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
// TypeScript literals), `drop` (the provider computes the value from other arguments now: the
// argument goes, safe; instead says why) or `instead` (report only, with what to write instead);
// major is the provider major from which the old name is gone (0: it never existed).
import { readFileSync, writeFileSync, existsSync, readdirSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const providers = join(here, "..", "providers");
// The lowest package major whose `cdktf.provider.version` is read: the AWS table starts at 9
// (its earlier packages are grouped by service, and nothing version-dependent is assumed there).
const FIRST_MAJOR = { aws: 9 };

const camel = (s) => s.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase());
const cap = (s) => s.charAt(0).toUpperCase() + s.slice(1);

/// interface -> { meta, props: Map(name -> struct name | null) } (the encoding of gen-shapes.mjs).
function readShapes(provider) {
  const ifaces = new Map();
  for (const line of readFileSync(join(providers, `${provider}.shapes.tsv`), "utf8").split("\n")) {
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

/// Terraform type -> config interface, through the module folders of <provider>.tsv.
function readConfigs(provider, ifaces) {
  const configs = new Map();
  for (const line of readFileSync(join(providers, `${provider}.tsv`), "utf8").split("\n")) {
    if (!line || line.startsWith("#")) continue;
    const [, folder, , interfaces = ""] = line.split("\t");
    const config = interfaces
      .split(" ")
      .filter((i) => i.endsWith("Config") && ifaces.get(i)?.meta);
    if (config.length === 1) configs.set(folder, config[0]);
  }
  return configs;
}

/// Terraform type -> [class, ...], from <provider>.types.tsv (gen-types.mjs).
function readTypes(provider) {
  const types = new Map();
  const path = join(providers, `${provider}.types.tsv`);
  if (!existsSync(path)) return types;
  for (const line of readFileSync(path, "utf8").split("\n")) {
    if (!line || line.startsWith("#")) continue;
    const [cls, type] = line.split("\t");
    if (!types.has(type)) types.set(type, []);
    types.get(type).push(cls);
  }
  return types;
}

function configOf(provider, kind, type, configs, types, ifaces) {
  if (kind === "provider") return `${cap(provider)}ProviderConfig`;
  // aws_db_instance -> db-instance, the data source aws_subnets -> data-aws-subnets.
  const folder = (kind === "data" ? "data-" + type : type.replace(new RegExp(`^${provider}_`), "")).replace(/_/g, "-");
  if (configs.has(folder)) return configs.get(folder);
  // A module named otherwise (random_string is `StringResource` in string-resource): the one
  // class of that kind whose tfResourceType is the type.
  const classes = (types.get(type) ?? []).filter((c) => c.startsWith("Data") === (kind === "data"));
  const config = classes.length === 1 ? `${classes[0]}Config` : undefined;
  return config && ifaces.get(config)?.meta ? config : undefined;
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

/// The prebuilt packages of `provider` pinned in ./package.json (`@cdktf/provider-aws`,
/// `@cdktn/provider-aws`): the ones whose majors are looked up.
function packagesOf(provider) {
  const pins = JSON.parse(readFileSync(join(here, "package.json"), "utf8")).dependencies;
  return Object.keys(pins)
    .filter((p) => p === `@cdktf/provider-${provider}` || p === `@cdktn/provider-${provider}`)
    .sort();
}

function majorsLines(provider, outPath, fetch) {
  if (!fetch) {
    if (!existsSync(outPath)) return [];
    return readFileSync(outPath, "utf8").split("\n").filter((l) => l.startsWith("%major\t"));
  }
  const lines = [];
  for (const pkg of packagesOf(provider)) {
    const first = FIRST_MAJOR[provider] ?? 0;
    const out = execFileSync("npm", ["view", `${pkg}@>=${first}.0.0`, "version", "cdktf.provider.version", "--json"], {
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

/// The table of one provider, as text, and the guide rows left out.
function table(provider, fetchMajors) {
  const outPath = join(providers, `${provider}.arguments.tsv`);
  const ifaces = readShapes(provider);
  const configs = readConfigs(provider, ifaces);
  const types = readTypes(provider);
  const rows = [];
  const skipped = [];
  const text = readFileSync(join(here, `${provider}-upgrade-guides.tsv`), "utf8");
  for (const line of text.split("\n")) {
    if (!line || line.startsWith("#")) continue;
    const [major, section, kind, type, oldPath, newPath, fix, instead = ""] = line.split("\t");
    const url = section.startsWith("#")
      ? `https://registry.terraform.io/providers/hashicorp/${provider}/latest/docs/guides/version-${major}-upgrade${section}`
      : section;
    const config = configOf(provider, kind, type, configs, types, ifaces);
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
    if (seen.has(key)) throw new Error(`${provider}: two rows for ${key}`);
    seen.add(key);
  }
  const header = [
    "# cdktf-fix removed and renamed provider arguments, generated by transforms/generator/gen-arguments.mjs",
    `# from ${provider}-upgrade-guides.tsv and ${provider}.shapes.tsv; do not edit.`,
    "# columns: interface<TAB>old<TAB>new<TAB>fix<TAB>value<TAB>major<TAB>section<TAB>instead (see gen-arguments.mjs)",
  ];
  const out = header.concat(majorsLines(provider, outPath, fetchMajors), rows).join("\n") + "\n";
  return { outPath, out, rows, skipped };
}

/// The providers with a transcription of their guides next to this script.
export function guidedProviders() {
  return readdirSync(here)
    .filter((f) => f.endsWith("-upgrade-guides.tsv"))
    .map((f) => f.slice(0, -"-upgrade-guides.tsv".length))
    .sort();
}

/// Writes every provider's table (`check`: writes nothing, returns the stale ones).
export function generateArguments({ majors = false, check = false } = {}) {
  const stale = [];
  for (const provider of guidedProviders()) {
    const fetch = !check && (majors === true || (Array.isArray(majors) && majors.includes(provider)));
    const { outPath, out, rows, skipped } = table(provider, fetch);
    const file = `providers/${provider}.arguments.tsv`;
    if (check) {
      const committed = existsSync(outPath) ? readFileSync(outPath, "utf8") : "";
      if (committed !== out) stale.push(file);
      continue;
    }
    writeFileSync(outPath, out);
    console.log(`${rows.length} arguments -> ${file}`);
    for (const s of skipped) console.log(`  left out: ${s}`);
  }
  return stale;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv.includes("--check")) {
    const stale = generateArguments({ check: true });
    for (const f of stale) {
      console.error(`${f} is not what gen-arguments.mjs makes of its inputs: run \`node gen-arguments.mjs\` in transforms/generator`);
    }
    process.exit(stale.length ? 1 : 0);
  }
  generateArguments({ majors: majorsOption(process.argv) });
}

/// `--majors` (every provider) or `--majors=tls,random` (those only): whose package majors to
/// look up with `npm view`.
export function majorsOption(argv) {
  const arg = argv.find((a) => a === "--majors" || a.startsWith("--majors="));
  if (!arg) return false;
  return arg === "--majors" ? true : arg.slice("--majors=".length).split(",");
}
