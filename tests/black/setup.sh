#!/usr/bin/env bash
# Creates target/black-venv with the black pinned in tests/black/requirements.txt, for
# tests/black.rs. Idempotent: a venv whose stamp matches the requirements file is kept as it is,
# so reruns take a moment.
set -euo pipefail
cd "$(dirname "$0")/../.."
venv=target/black-venv
req=tests/black/requirements.txt
python=${PYTHON:-python3}
command -v "$python" >/dev/null 2>&1 || { echo "python3 missing"; exit 1; }
stamp=$venv/.requirements
if [ -f "$stamp" ] && cmp -s "$stamp" "$req"; then
  echo "black venv up to date: $venv"
  exit 0
fi
rm -rf "$venv"
mkdir -p target
"$python" -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-input -r "$req"
cp "$req" "$stamp"
echo "black venv ready: $venv"
