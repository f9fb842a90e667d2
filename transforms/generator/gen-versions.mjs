#!/usr/bin/env node
// Generates transforms/providers/versions.tsv: the packages of the CDKTF and CDK Terrain families
// on every registry jsii publishes them to, which `migrate-cdktn` writes into dependency manifests.
//
//   cd transforms/generator && node gen-versions.mjs
//
// Needs `npm` (npm view) and HTTPS access to pypi.org; nothing is installed. The members are the
// provider packages pinned in ./package.json (the ones the committed index is generated from, at
// their pinned versions), every other `@cdktn/provider-*` package npm holds (at its latest
// release: `npm search` lists them; where the registry offers no search, the names come from
// ./cdktn-providers.json, CDK Terrain's own list of the providers it builds, and each is kept
// only when `npm view` finds it), the core package each family's providers ask for (`cdktf`,
// `cdktn`), its CLI, and for CDK Terrain the `constructs` release its peer range allows.
//
// Facts, not patterns: every name comes from the package's own jsii `targets` (python distName,
// java maven groupId/artifactId and package, dotnet packageId and namespace, go moduleName and
// packageName). jsii publishes one version to every registry; the npm version is checked on PyPI
// (a column stays empty when PyPI lacks it). Maven Central, NuGet and the Go module proxy could not
// be reached from the machine that generated the table, so their versions are the npm version.
import { readFileSync, writeFileSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { execFileSync } from "node:child_process";

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, "..", "providers", "versions.tsv");
const pins = JSON.parse(readFileSync(join(here, "package.json"), "utf8")).dependencies;

function npmView(spec, fields) {
  const text = execFileSync("npm", ["view", spec, ...fields, "--json"], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "ignore"],
  });
  return JSON.parse(text);
}

/// `npm view` of a field the package may lack (then npm prints nothing).
function npmViewOr(spec, fields, fallback) {
  const text = execFileSync("npm", ["view", spec, ...fields, "--json"], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "ignore"],
  });
  return text.trim() ? JSON.parse(text) : fallback;
}

/// The highest version npm has that satisfies `range`.
function maxSatisfying(name, range) {
  const v = npmView(`${name}@${range}`, ["version"]);
  return Array.isArray(v) ? v[v.length - 1] : v;
}

const pypiReleases = new Map();
async function onPypi(dist, version) {
  if (!pypiReleases.has(dist)) {
    const res = await fetch(`https://pypi.org/pypi/${dist}/json`);
    pypiReleases.set(dist, res.ok ? Object.keys((await res.json()).releases) : []);
  }
  return pypiReleases.get(dist).includes(version);
}

function major(version) {
  return Number(version.split(".")[0]);
}

/// The `@cdktn/provider-*` packages npm holds: by `npm search`, or, where the registry has no
/// search, CDK Terrain's list of the providers it builds, each kept when npm has it.
function cdktnProviders() {
  try {
    const found = JSON.parse(
      execFileSync("npm", ["search", "@cdktn/provider-", "--json", "--searchlimit", "250"], {
        encoding: "utf8",
        stdio: ["ignore", "pipe", "ignore"],
      }),
    );
    const names = found.map((p) => p.name).filter((n) => n.startsWith("@cdktn/provider-"));
    if (names.length > 0) return names;
  } catch {
    // No search on this registry: the list below.
  }
  const listed = JSON.parse(readFileSync(join(here, "cdktn-providers.json"), "utf8")).providers;
  return listed
    .map((p) => `@cdktn/provider-${p}`)
    .filter((n) => {
      try {
        return npmViewOr(n, ["name"], null) === n;
      } catch {
        return false; // E404: CDK Terrain builds it but has not published it.
      }
    });
}

/// One row: a jsii package at `version`, named on every registry from its own targets.
async function row(family, member, npm, version) {
  // Two fields in one call: npm names the fields in its answer only when several are asked for.
  // A package without peers gets the targets alone, unnamed.
  const v = npmViewOr(`${npm}@${version}`, ["jsii.targets", "peerDependencies", "cdktf"], {});
  const named = "jsii.targets" in v;
  const t = named ? v["jsii.targets"] : v;
  const peers = (named && v.peerDependencies) || {};
  const m = major(version);
  // jsii names the Go package after the npm package unless `packageName` says otherwise.
  const goPackage = t.go.packageName ?? npm.replace(/^@[^/]*\//, "").replace(/[^a-z0-9]/g, "");
  const go = `${t.go.moduleName}/${goPackage}${m >= 2 ? `/v${m}` : ""}`;
  return {
    family,
    member,
    npm,
    version,
    pypi: t.python.distName,
    pypiVersion: (await onPypi(t.python.distName, version)) ? version : "",
    pythonModule: t.python.module,
    go,
    maven: `${t.java.maven.groupId}:${t.java.maven.artifactId}`,
    javaPackage: t.java.package,
    nuget: t.dotnet.packageId,
    dotnetNamespace: t.dotnet.namespace,
    // The Terraform provider a prebuilt CDKTF provider package was generated from
    // (`hashicorp/null@3.2.4`, from its package.json's `cdktf.provider`): migrate-cdktn asks
    // `cdktn get` for it where CDK Terrain publishes no package.
    terraformProvider:
      family === "cdktf" && named && v.cdktf?.provider
        ? `${v.cdktf.provider.name.replace(/^registry\.terraform\.io\//, "")}@${v.cdktf.provider.version}`
        : "",
    peers,
  };
}

const rows = [];
for (const family of ["cdktf", "cdktn"]) {
  const pinned = Object.keys(pins).filter((p) => p.startsWith(`@${family}/provider-`));
  const published = family === "cdktn" ? cdktnProviders() : [];
  const providers = [...new Set([...pinned, ...published])].sort();
  const provRows = [];
  for (const p of providers) {
    const version = pins[p] ?? npmView(p, ["version"]);
    provRows.push(await row(family, p.slice(`@${family}/provider-`.length), p, version));
  }
  // The core release every provider of the family accepts (the pinned ones set it; a provider
  // asking for another range is reported, since its row may need a core the table does not hold).
  const coreRange = provRows.find((r) => pins[r.npm]).peers[family];
  for (const r of provRows) {
    // The range of the core the provider asks for: migrate-cdktn refuses a provider whose range
    // leaves out the table's core (npm would refuse the peer conflict).
    if (family === "cdktn") r.range = r.peers[family];
    if (r.peers[family] !== coreRange) {
      console.warn(`${r.npm} ${r.version} asks for ${family} ${r.peers[family]}, not ${coreRange}`);
    }
  }
  const coreVersion = maxSatisfying(family, coreRange);
  const core = await row(family, "core", family, coreVersion);
  rows.push(core);
  const cli = `${family}-cli`;
  const cliVersion = npmView(`${cli}@${coreVersion}`, ["version"]);
  rows.push({ family, member: "cli", npm: cli, version: cliVersion });
  if (family === "cdktn") {
    const range = core.peers.constructs;
    const version = maxSatisfying("constructs", range);
    const c = await row(family, "constructs", "constructs", version);
    c.range = range;
    rows.push(c);
  }
  rows.push(...provRows);
}

const date = new Date().toISOString().slice(0, 10);
const cols = [
  "family", "member", "npm", "version", "pypi", "pypiVersion", "pythonModule", "go", "maven",
  "javaPackage", "nuget", "dotnetNamespace", "range", "terraformProvider",
];
const lines = [
  `# Generated by transforms/generator/gen-versions.mjs on ${date} from npm (npm view) and PyPI`,
  "# (pypi.org/pypi/<dist>/json) metadata: names from each package's jsii targets. Do not edit.",
  "# Maven, NuGet and Go versions are the npm version (jsii publishes one version everywhere; those",
  "# registries were not reachable when the table was generated). pypiVersion is empty when PyPI",
  "# lacks the release. range: the peer range of constructs that the cdktn core asks for, and for a",
  "# cdktn provider the range of cdktn it asks for. The cdktn providers: every @cdktn/provider-*",
  "# npm holds (pinned ones at their pins, the others at their latest release). terraformProvider:",
  "# for a cdktf provider, the Terraform provider it was generated from (its package.json's",
  "# `cdktf.provider`).",
  `#generated\t${date}`,
  `#${cols.join("\t")}`,
  ...rows.map((r) => cols.map((c) => r[c] ?? "").join("\t")),
];
writeFileSync(out, lines.join("\n") + "\n");
console.log(`wrote ${out}: ${rows.length} packages`);
