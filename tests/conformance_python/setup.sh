#!/usr/bin/env bash
# Creates target/conformance-python/venv with the pinned Python bindings of
# tests/conformance_python/requirements.txt. Idempotent: a venv whose stamp matches the
# requirements file is kept as it is, so reruns take a second.
set -euo pipefail
cd "$(dirname "$0")/../.."
dir=target/conformance-python
venv=$dir/venv
req=tests/conformance_python/requirements.txt
stamp=$venv/.requirements
if [ -f "$stamp" ] && cmp -s "$stamp" "$req"; then
  echo "python venv up to date: $venv"
  exit 0
fi
python=${PYTHON:-python3}
command -v "$python" >/dev/null 2>&1 || { echo "python3 missing"; exit 1; }
rm -rf "$venv"
mkdir -p "$dir"
"$python" -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-input -r "$req"
cp "$req" "$stamp"
echo "python venv ready: $venv"
