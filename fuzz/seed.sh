#!/usr/bin/env bash
# Seeds each target's corpus (fuzz/corpus/<target>/) with the fixtures' inputs and expected
# outputs of its language, and the bundled examples. Safe to re-run: files are named by content.
set -euo pipefail
cd "$(dirname "$0")"
seed() {
  local target=$1; shift
  mkdir -p "corpus/$target"
  for ext in "$@"; do
    find ../fixtures ../examples -type f \( -name "input.$ext" -o -name "expected.$ext" -o -name "*.$ext" \) -print0 |
      while IFS= read -r -d '' f; do
        cp "$f" "corpus/$target/$(sha1sum "$f" | cut -c1-16).$ext"
      done
  done
}
seed fix_typescript ts tsx
seed fix_python py
seed fix_go go
for t in corpus/*; do echo "$t: $(ls "$t" | wc -l) seeds"; done
