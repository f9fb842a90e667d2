#!/usr/bin/env bash
# Creates the venvs of the Python conformance suite with their pinned bindings:
#   target/conformance-python/venv        tests/conformance_python/requirements.txt (CDKTF)
#   target/conformance-python/venv-cdktn  tests/conformance_python/requirements-cdktn.txt (CDK Terrain)
# Idempotent: a venv whose stamp matches its requirements file is kept as it is, so reruns take
# a second.
set -euo pipefail
cd "$(dirname "$0")/../.."
dir=target/conformance-python
python=${PYTHON:-python3}
command -v "$python" >/dev/null 2>&1 || { echo "python3 missing"; exit 1; }
build() {
  local venv=$1 req=$2
  local stamp=$venv/.requirements
  if [ -f "$stamp" ] && cmp -s "$stamp" "$req"; then
    echo "python venv up to date: $venv"
    return
  fi
  rm -rf "$venv"
  mkdir -p "$dir"
  "$python" -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-input -r "$req"
  cp "$req" "$stamp"
  echo "python venv ready: $venv"
}
build "$dir/venv" tests/conformance_python/requirements.txt
build "$dir/venv-cdktn" tests/conformance_python/requirements-cdktn.txt
