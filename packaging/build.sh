#!/usr/bin/env bash
# Builds cdktf-fix's packages for the npm registry and PyPI.
#
#   packaging/build.sh npm OUT [BINARY]   the npm launcher `cdktf-fix` and the package of this
#                                         platform, `@cdktf-fix/cli-<platform>-<arch>`, holding
#                                         BINARY (default: target/release/cdktf-fix), packed as
#                                         tarballs into OUT
#   packaging/build.sh wheel OUT          the PyPI wheel (maturin, `bin` bindings) into OUT;
#                                         needs maturin on PATH (or MATURIN=/path/to/maturin)
#
# The npm layout is the one of @biomejs/biome and @ast-grep/cli: `cdktf-fix` is a small launcher
# (bin/cdktf-fix.js) whose optionalDependencies name one package per platform, each with `os`
# and `cpu` set so that npm installs only the one that fits. Publishing: build the platform
# package on each platform (or from each cross-compiled binary with CDKTF_FIX_PLATFORM set),
# publish those, then the launcher. tests/packaging.rs builds, installs and runs both kinds.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
version="$(sed -n 's/^version = "\(.*\)"$/\1/p' "$root/Cargo.toml" | head -n 1)"
# Every platform the launcher knows (packaging/npm/cdktf-fix.js has the same list).
platforms=(linux-x64 linux-arm64 darwin-x64 darwin-arm64 win32-x64)

usage() {
  sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

npm_packages() {
  local out binary platform os cpu exe
  out="$(mkdir -p "$1" && cd "$1" && pwd)"
  binary="${2:-$root/target/release/cdktf-fix}"
  [ -x "$binary" ] || { echo "error: $binary: no such executable (cargo build --release first)" >&2; exit 2; }
  platform="${CDKTF_FIX_PLATFORM:-$(node -p 'process.platform + "-" + process.arch')}"
  os="${platform%-*}"
  cpu="${platform#*-}"
  exe=cdktf-fix
  [ "$os" = win32 ] && exe=cdktf-fix.exe
  stage="$(mktemp -d)"
  trap 'rm -rf "${stage:-}"' EXIT

  # The platform package: the binary and a package.json that npm installs only on its platform.
  mkdir -p "$stage/platform/bin"
  cp "$binary" "$stage/platform/bin/$exe"
  chmod 755 "$stage/platform/bin/$exe"
  NAME="@cdktf-fix/cli-$platform" VERSION="$version" OS="$os" CPU="$cpu" node -e '
    const e = process.env;
    const pkg = {
      name: e.NAME,
      version: e.VERSION,
      description: `The cdktf-fix binary for ${e.OS}-${e.CPU} (installed by the cdktf-fix package)`,
      license: "MIT",
      os: [e.OS],
      cpu: [e.CPU],
      files: ["bin/"],
      preferUnplugged: true,
    };
    process.stdout.write(JSON.stringify(pkg, null, 2) + "\n");
  ' > "$stage/platform/package.json"

  # The launcher: bin/cdktf-fix.js and every platform package as an optional dependency.
  mkdir -p "$stage/launcher/bin"
  cp "$root/packaging/npm/cdktf-fix.js" "$stage/launcher/bin/cdktf-fix.js"
  chmod 755 "$stage/launcher/bin/cdktf-fix.js"
  cp "$root/README.md" "$stage/launcher/"
  VERSION="$version" PLATFORMS="${platforms[*]}" node -e '
    const e = process.env;
    const optional = {};
    for (const p of e.PLATFORMS.split(" ")) optional[`@cdktf-fix/cli-${p}`] = e.VERSION;
    const pkg = {
      name: "cdktf-fix",
      version: e.VERSION,
      description: "A codemod that repairs recurring mistakes in CDK for Terraform (and CDK Terrain) code",
      license: "MIT",
      keywords: ["cdktf", "terraform", "codemod", "linter"],
      bin: { "cdktf-fix": "bin/cdktf-fix.js" },
      files: ["bin/"],
      engines: { node: ">=18" },
      optionalDependencies: optional,
    };
    process.stdout.write(JSON.stringify(pkg, null, 2) + "\n");
  ' > "$stage/launcher/package.json"

  (cd "$stage/platform" && npm pack --silent --pack-destination "$out" >/dev/null)
  (cd "$stage/launcher" && npm pack --silent --pack-destination "$out" >/dev/null)
  echo "$out/cdktf-fix-cli-$platform-$version.tgz"
  echo "$out/cdktf-fix-$version.tgz"
}

wheel() {
  local out maturin
  out="$(mkdir -p "$1" && cd "$1" && pwd)"
  maturin="${MATURIN:-maturin}"
  (cd "$root/packaging/python" && "$maturin" build --release --quiet --out "$out" >&2)
  ls "$out"/cdktf_fix-"$version"-*.whl
}

case "${1:-}" in
  npm) [ $# -ge 2 ] || usage; npm_packages "$2" "${3:-}" ;;
  wheel) [ $# -eq 2 ] || usage; wheel "$2" ;;
  *) usage ;;
esac
