#!/usr/bin/env node
// Writes tsconfig.eco.json beside a project's tsconfig.json when the TypeScript that checks it
// refuses the config itself (an option TypeScript 5.5+ removed, `extends` of a package that is
// not installed): tsc then stops at the config and checks no file, so before/after comparisons
// would compare nothing. The derived config drops only what tsc refuses; the rest is the
// project's. Prints what it dropped; writes nothing when the config is fine.
//   node ecosystem/tsconfig_eco.js <project folder>
const fs = require("fs");
const path = require("path");

const proj = path.resolve(process.argv[2] || ".");
const ts = require(require.resolve("typescript", { paths: [proj] }));
const file = path.join(proj, "tsconfig.json");
if (!fs.existsSync(file)) process.exit(0);

// Removed in TypeScript 5.5 (TS5102), see the 5.0 deprecation list in the TypeScript 5.0 release notes.
const REMOVED = [
  "charset", "importsNotUsedAsValues", "preserveValueImports", "keyofStringsOnly",
  "suppressExcessPropertyErrors", "suppressImplicitAnyIndexErrors", "noImplicitUseStrict",
  "noStrictGenericChecks", "out",
];
const dropped = [];

function load(configPath) {
  const { config, error } = ts.readConfigFile(configPath, ts.sys.readFile);
  if (error) throw new Error(ts.flattenDiagnosticMessageText(error.messageText, "\n"));
  return config;
}

function resolveExtends(spec, from) {
  const dir = path.dirname(from);
  const candidates = spec.startsWith(".") || path.isAbsolute(spec)
    ? [path.resolve(dir, spec), path.resolve(dir, spec + ".json")]
    : [];
  for (const c of candidates) if (fs.existsSync(c)) return c;
  if (!candidates.length) {
    for (const s of [spec, spec + ".json", spec + "/tsconfig.json"]) {
      try { return require.resolve(s, { paths: [dir] }); } catch (_) { /* next */ }
    }
  }
  return null;
}

// Inline the extends chain so that a removed option set by a base config is dropped too.
function flatten(configPath) {
  const config = load(configPath);
  let base = {};
  const ext = config.extends;
  if (ext) {
    for (const spec of Array.isArray(ext) ? ext : [ext]) {
      const found = resolveExtends(spec, configPath);
      if (!found) { dropped.push(`extends ${spec} (not installed)`); continue; }
      const b = flatten(found);
      // Paths in a base config are relative to it: keep only compiler options from bases.
      base = { ...base, compilerOptions: { ...(base.compilerOptions || {}), ...(b.compilerOptions || {}) } };
    }
  }
  delete config.extends;
  return { ...base, ...config, compilerOptions: { ...(base.compilerOptions || {}), ...(config.compilerOptions || {}) } };
}

const config = flatten(file);
for (const opt of REMOVED) {
  if (opt in config.compilerOptions) { dropped.push(opt); delete config.compilerOptions[opt]; }
}
if (dropped.length) {
  fs.writeFileSync(path.join(proj, "tsconfig.eco.json"), JSON.stringify(config, null, 2) + "\n");
  console.log(`tsconfig.eco.json without: ${dropped.join(", ")}`);
}
