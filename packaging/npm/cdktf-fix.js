#!/usr/bin/env node
// The `cdktf-fix` command of the npm package: runs the prebuilt binary of this platform, which
// npm installed as one of the optional dependencies `@cdktf-fix/cli-<platform>-<arch>` (the
// others are skipped: their package.json `os` and `cpu` do not match). CDKTF_FIX_BINARY names
// another binary to run instead.
"use strict";

const { spawnSync } = require("node:child_process");

const PLATFORMS = {
  "linux-x64": "@cdktf-fix/cli-linux-x64",
  "linux-arm64": "@cdktf-fix/cli-linux-arm64",
  "darwin-x64": "@cdktf-fix/cli-darwin-x64",
  "darwin-arm64": "@cdktf-fix/cli-darwin-arm64",
  "win32-x64": "@cdktf-fix/cli-win32-x64",
};

function fail(message) {
  process.stderr.write(`error: ${message}\n`);
  // 2: usage, configuration or I/O error, as cdktf-fix itself.
  process.exit(2);
}

function binary() {
  if (process.env.CDKTF_FIX_BINARY) {
    return process.env.CDKTF_FIX_BINARY;
  }
  const platform = `${process.platform}-${process.arch}`;
  const pkg = PLATFORMS[platform];
  if (!pkg) {
    fail(
      `cdktf-fix has no prebuilt binary for ${platform}\n` +
        "  help: build it from source with `cargo install`, or set CDKTF_FIX_BINARY to a binary",
    );
  }
  const exe = process.platform === "win32" ? "cdktf-fix.exe" : "cdktf-fix";
  try {
    return require.resolve(`${pkg}/bin/${exe}`);
  } catch {
    fail(
      `the package ${pkg}, which holds cdktf-fix's binary for ${platform}, is not installed\n` +
        "  help: install again without --omit=optional / --no-optional",
    );
  }
}

const run = spawnSync(binary(), process.argv.slice(2), { stdio: "inherit" });
if (run.error) {
  fail(`cannot run cdktf-fix: ${run.error.message}`);
}
if (run.signal) {
  process.kill(process.pid, run.signal);
}
process.exit(run.status ?? 2);
