#!/usr/bin/env bash
# Ecosystem check: cdktf-fix over the public CDKTF projects pinned in ecosystem/projects.toml.
# Needs their snapshots first (one `fetch github:<repo>` per project in a development session),
# node/npm, python3 and gofmt. See docs/ecosystem.md.
set -euo pipefail
exec python3 "$(dirname "$0")/run.py" "$@"
