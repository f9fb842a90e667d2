#!/usr/bin/env node
// Generates the committed property shapes in ../providers/<provider>.shapes.tsv from the real npm
// packages (run by gen-index.mjs, or alone):
//
//   cd transforms/generator && npm ci && node gen-shapes.mjs
//
// For every interface of every module of each prebuilt provider package installed next to this
// script (the constructor configs `XConfig` and the nested block structs), one line:
//
//   Interface<TAB>flags<TAB>property property ...
//
// flags: `m` when the interface extends cdktf.TerraformMetaArguments (a resource's config: its
// meta-arguments dependsOn, count, provider, ... are properties too), else `-`.
// Each property is its camelCase name followed by its shape:
//   (nothing)  a scalar: string, number, boolean, IResolvable, any
//   []         a list of scalars (`string[]`, `number[]`)
//   {}         a map (`{ [key: string]: string }`)
//   []T        a list of the struct interface T (`T[] | cdktf.IResolvable`: one block per item)
//   :T         a single struct T (`timeouts?: XTimeouts`)
// where T is written `~` when it is the interface's name followed by the capitalised property
// (`S3BucketLifecycleConfigurationRule` + `expiration`), `^` when it is that of the interface's
// name without its `Config` suffix (`S3BucketLifecycleConfigurationConfig` + `rule`), and in full
// otherwise. Classes whose constructor config is not `<Class>Config` get a line
// `=Class<TAB>ConfigInterface`; classes with attributes that are lists of strings or numbers
// (`get names(): string[]` of DataAwsAvailabilityZones: token lists, read with Fn.element) get
// a line `.Class<TAB>attribute attribute ...`. Interfaces with properties typed exactly `any`
// (`Wafv2WebAclRule.statement`: the bindings generate no structs below it, and its toTerraform
// passes the value through `cdktf.anyToTerraform` with its keys as they are) get a line
// `*Interface<TAB>property property ...`.
import { readFileSync, writeFileSync, readdirSync, existsSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, "..", "providers");
const scopes = ["@cdktf"];

const exportStar = /^export \* as (\w+) from '\.\/([^']+)';$/gm;
const ifaceRe = /^export interface (\w+)(?: extends ([\w.]+))? \{$/;
const classRe = /^export declare (?:abstract )?class (\w+)/;
const ctorRe = /^ {4}constructor\(scope: Construct, id: string, config\??: (\w+)\);$/;
const propRe = /^ {4}readonly (\w+)\??: (.*)$/;
const listGetterRe = /^ {4}get (\w+)\(\): (?:string|number)\[\];$/;

const cap = (s) => s.charAt(0).toUpperCase() + s.slice(1);

function shapeOf(type, iface, prop, structs) {
  type = type.replace(/;$/, "").trim();
  const ref = (t) => {
    if (t === iface + cap(prop)) return "~";
    if (iface.endsWith("Config") && t === iface.slice(0, -"Config".length) + cap(prop)) return "^";
    return t;
  };
  if (type.startsWith("{")) return "{}";
  let m = type.match(/^(\w+)\[\] \| cdktf\.IResolvable$/);
  if (m && structs.has(m[1])) return "[]" + ref(m[1]);
  if (/^[\w.]+\[\](?: \| cdktf\.IResolvable)?$/.test(type) || /\[\]\[\]/.test(type)) return "[]";
  if (/^\w+$/.test(type) && structs.has(type)) return ":" + ref(type);
  return "";
}

/// The interfaces (name → { meta, props: [[name, rawType]] }) and constructor configs of a module.
function parseModule(text) {
  const lines = text.split("\n");
  const ifaces = [];
  const ctors = [];
  const lists = [];
  let cur = null;
  let cls = null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    let m;
    if ((m = line.match(ifaceRe))) {
      cur = { name: m[1], meta: m[2] === "cdktf.TerraformMetaArguments", props: [] };
      ifaces.push(cur);
      continue;
    }
    if ((m = line.match(classRe))) {
      cls = m[1];
      cur = null;
      continue;
    }
    if (line === "}") {
      cur = null;
      cls = null;
      continue;
    }
    if (cls && (m = line.match(ctorRe))) {
      ctors.push([cls, m[1]]);
      continue;
    }
    if (cls && (m = line.match(listGetterRe))) {
      const last = lists[lists.length - 1];
      if (last && last[0] === cls) last[1].push(m[1]);
      else lists.push([cls, [m[1]]]);
      continue;
    }
    if (cur && (m = line.match(propRe))) {
      let type = m[2];
      // A multi-line type (`{ [key: string]: string; }`) ends at the line `    };`.
      if (type === "{") {
        while (i + 1 < lines.length && lines[i + 1] !== "    };") i++;
        i++;
      }
      cur.props.push([m[1], type]);
    }
  }
  return { ifaces, ctors, lists };
}

export function generateShapes() {
  for (const scope of scopes) {
    const scopeDir = join(here, "node_modules", scope);
    if (!existsSync(scopeDir)) continue;
    for (const pkgDir of readdirSync(scopeDir).sort()) {
      if (!pkgDir.startsWith("provider-")) continue;
      const root = join(scopeDir, pkgDir);
      const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
      const index = readFileSync(join(root, "lib", "index.d.ts"), "utf8");
      const modules = [];
      for (const [, , folder] of index.matchAll(exportStar)) {
        modules.push(parseModule(readFileSync(join(root, "lib", folder, "index.d.ts"), "utf8")));
      }
      const structs = new Set(modules.flatMap((m) => m.ifaces.map((i) => i.name)));
      const lines = [];
      for (const { ifaces, ctors, lists } of modules) {
        for (const [cls, attrs] of lists) lines.push(`.${cls}\t${attrs.join(" ")}`);
        for (const i of ifaces) {
          const props = i.props.map(([p, t]) => p + shapeOf(t, i.name, p, structs));
          lines.push([i.name, i.meta ? "m" : "-", props.join(" ")].join("\t"));
          const anys = i.props.filter(([, t]) => t === "any;").map(([p]) => p);
          if (anys.length) lines.push(`*${i.name}\t${anys.join(" ")}`);
        }
        for (const [cls, config] of ctors) {
          if (config !== cls + "Config") lines.push(`=${cls}\t${config}`);
        }
      }
      lines.sort();
      const short = pkgDir.slice("provider-".length);
      const header = [
        `# cdktf-fix provider shapes, generated by transforms/generator/gen-shapes.mjs; do not edit.`,
        `# package\t${pkg.name}\t${pkg.version}`,
        `# columns: interface<TAB>flags<TAB>properties (see gen-shapes.mjs for the encoding)`,
      ];
      writeFileSync(join(out, `${short}.shapes.tsv`), header.concat(lines).join("\n") + "\n");
      console.log(`${pkg.name}@${pkg.version}: ${lines.length} interfaces -> providers/${short}.shapes.tsv`);
    }
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) generateShapes();
