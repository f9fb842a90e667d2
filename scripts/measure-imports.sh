#!/usr/bin/env bash
# Measures what a wildcard import of the AWS provider costs: examples/wildcard-imports/main.ts as
# written (`import * as aws from "@cdktf/provider-aws"`, "before") and as `cdktf-fix fix` leaves it
# (per-module imports, "after"), each type-checked with `tsc --noEmit` and synthesized with
# `node main.js` (compiled by tsc first; the compile is not timed). Each measurement runs RUNS times
# (default 3) and the median wall time and median peak resident memory are reported as a markdown
# table. The two synthesized stacks must be identical (cdktf's "//" metadata aside), or the script
# fails: the rewrite must not change what gets deployed.
#
# Uses the pinned toolchain of tests/conformance (runs `npm ci` there when node_modules is missing)
# and target/release/cdktf-fix (runs `cargo build --release` when missing). Needs node, npm, cargo.
# Peak memory comes from the measured Node process itself (`process.resourceUsage().maxRSS`, read by
# a preloaded hook as it exits), so GNU time is not needed.
#
# Usage: scripts/measure-imports.sh            RUNS=5 scripts/measure-imports.sh
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
conformance="$repo/tests/conformance"
example="$repo/examples/wildcard-imports/main.ts"
bin="$repo/target/release/cdktf-fix"
runs=${RUNS:-3}

case "$runs" in
  '' | *[!0-9]* | 0) echo "measure-imports: RUNS must be a positive integer, got '$runs'" >&2; exit 2 ;;
esac
for tool in node npm; do
  command -v "$tool" >/dev/null || { echo "measure-imports: $tool is not on PATH" >&2; exit 2; }
done

if [ ! -f "$conformance/node_modules/.package-lock.json" ]; then
  echo "measure-imports: installing the pinned toolchain (npm ci in tests/conformance)" >&2
  (cd "$conformance" && npm ci --no-audit --no-fund --loglevel=error) >&2
fi
if [ ! -x "$bin" ]; then
  echo "measure-imports: building cdktf-fix (cargo build --release)" >&2
  (cd "$repo" && cargo build --release --quiet) >&2
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/measure-imports.XXXXXX")
trap '[ -n "${KEEP:-}" ] || rm -rf "$work"' EXIT

# Preloaded into every measured process: writes its peak RSS (KiB) where MEASURE_RSS_FILE says.
cat >"$work/rss-hook.js" <<'EOF'
"use strict";
const file = process.env.MEASURE_RSS_FILE;
if (file) {
  process.on("exit", () => {
    require("fs").writeFileSync(file, String(process.resourceUsage().maxRSS));
  });
}
EOF

# node measure.js <runs> <cwd> <script> [args...]: runs `node <script> args` <runs> times in <cwd>
# and prints "<median seconds> <median peak RSS in MiB>"; exits 1 when a run fails.
cat >"$work/measure.js" <<'EOF'
"use strict";
const { spawnSync } = require("child_process");
const fs = require("fs");
const path = require("path");
const [runs, cwd, script, ...args] = process.argv.slice(2);
const rssFile = path.join(__dirname, ".rss");
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const times = [];
const rss = [];
for (let i = 0; i < Number(runs); i++) {
  fs.rmSync(rssFile, { force: true });
  const started = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ["--require", path.join(__dirname, "rss-hook.js"), script, ...args], {
    cwd,
    env: { ...process.env, MEASURE_RSS_FILE: rssFile },
    stdio: ["ignore", "pipe", "pipe"],
    maxBuffer: 64 * 1024 * 1024,
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (r.status !== 0) {
    process.stderr.write(`measure-imports: \`node ${script} ${args.join(" ")}\` in ${cwd} failed ` +
      `(${r.status ?? r.signal}):\n${r.stdout}${r.stderr}`);
    process.exit(1);
  }
  times.push(seconds);
  rss.push(Number(fs.readFileSync(rssFile, "utf8")) / 1024);
}
console.log(`${median(times).toFixed(2)} ${Math.round(median(rss))}`);
EOF

# node same-synth.js <a/cdk.tf.json> <b/cdk.tf.json>: exits 1 unless equal without "//" keys.
cat >"$work/same-synth.js" <<'EOF'
"use strict";
const fs = require("fs");
const strip = (v) => Array.isArray(v) ? v.map(strip)
  : v && typeof v === "object"
    ? Object.fromEntries(Object.keys(v).sort().filter((k) => k !== "//").map((k) => [k, strip(v[k])]))
    : v;
const [a, b] = process.argv.slice(2).map((f) => JSON.stringify(strip(JSON.parse(fs.readFileSync(f, "utf8")))));
process.exit(a === b ? 0 : 1);
EOF

tsc="$conformance/node_modules/typescript/bin/tsc"
for variant in before after; do
  dir="$work/$variant"
  mkdir -p "$dir"
  cp "$example" "$dir/main.ts"
  ln -s "$conformance/node_modules" "$dir/node_modules"
  # The conformance suite's compiler options: strict, like a `cdktf init` project.
  cat >"$dir/tsconfig.json" <<EOF
{
  "extends": "$conformance/tsconfig.base.json",
  "compilerOptions": { "outDir": "js", "rootDir": "." },
  "files": ["main.ts"]
}
EOF
done

"$bin" fix "$work/after" >/dev/null
if cmp -s "$work/before/main.ts" "$work/after/main.ts"; then
  echo "measure-imports: cdktf-fix fix changed nothing in $example; nothing to compare" >&2
  exit 1
fi
if grep -q 'import \* as .* from "@cdktf/provider-aws";' "$work/after/main.ts"; then
  echo "measure-imports: the fixed file still imports the provider's barrel" >&2
  exit 1
fi

declare -A result
for variant in before after; do
  dir="$work/$variant"
  echo "measure-imports: $variant: tsc --noEmit x$runs" >&2
  result[$variant.tsc]=$(node "$work/measure.js" "$runs" "$dir" "$tsc" -p tsconfig.json --noEmit)
  # Compile once (not timed), then time the synth: `node js/main.js` writing to its own outdir.
  (cd "$dir" && node "$tsc" -p tsconfig.json --noEmit false)
  echo "measure-imports: $variant: synth x$runs" >&2
  # Run from $work for both: the local backend's state path in cdk.tf.json is relative to it.
  result[$variant.synth]=$(CDKTF_OUTDIR="$dir/cdktf.out" node "$work/measure.js" "$runs" "$work" "$dir/js/main.js")
done

stack=stacks/wildcard/cdk.tf.json
if ! node "$work/same-synth.js" "$work/before/cdktf.out/$stack" "$work/after/cdktf.out/$stack"; then
  echo "measure-imports: before and after synthesize different configurations" >&2
  exit 1
fi

cell() { # "<seconds> <MiB>" -> "<seconds> s, <MiB> MiB"
  local seconds mib
  read -r seconds mib <<<"$1"
  printf '%s s, %s MiB' "$seconds" "$mib"
}
echo
echo "Median of $runs runs (wall time, peak RSS); node $(node --version), typescript $(node "$tsc" --version | awk '{print $2}'), $(nproc 2>/dev/null || echo '?') cores."
echo
echo "| | tsc --noEmit | synth |"
echo "|---|---|---|"
echo "| before: \`import * as aws from \"@cdktf/provider-aws\"\` | $(cell "${result[before.tsc]}") | $(cell "${result[before.synth]}") |"
echo "| after: \`cdktf-fix fix\` (per-module imports) | $(cell "${result[after.tsc]}") | $(cell "${result[after.synth]}") |"
echo
echo "Both synthesize the same cdk.tf.json (cdktf's \"//\" metadata aside)."
