#!/usr/bin/env python3
"""Provider-symbol errors: the type-check and run errors that name a provider export that does
not exist (TypeScript TS2305, TS2724, TS2307, TS2339, TS2694 on a provider module; Python
ImportError, ModuleNotFoundError, AttributeError on one), counted before and after `fix`.

Used two ways:
- by ecosystem/run.py, through `is_provider_symbol`, on each project's type-check problems;
- alone, over the fixtures of provider-class-names (the stand-ins for generated stacks): every
  input is "before", its expected output (what `fix` writes: tests/fixtures.rs proves it; the
  input itself for a case only reported) is "after". Prints the errors of both, the share
  removed, whether each error left is reported by `cdktf-fix check` (none may be silent), and
  every error of any kind on a line the fix edited (there must be none). Exit 1 otherwise.

  python3 ecosystem/provider_symbols.py [--fixtures fixtures/provider-class-names]
      [--python target/conformance-python/venv/bin/python]

TypeScript is checked by the pinned tsc of tests/conformance (one run over every file); Python
files run in one process of the conformance venv, each imported and its stacks synthesized (a
Python file stops at its first error, so it counts at most one).
"""

import argparse
import difflib
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

TS_CODES = ("TS2305", "TS2724", "TS2307", "TS2339", "TS2694")
PROVIDER = re.compile(r"@cdktf/provider-|@cdktn/provider-|cdktf_cdktf_provider_|cdktn_provider_")
PY_ERRORS = re.compile(r"\b(ImportError|ModuleNotFoundError|AttributeError)\b")
TS_LINE = re.compile(r"^(.*?)\((\d+),\d+\): error (TS\d+): (.*)$")

ROOT = Path(__file__).resolve().parent.parent


def is_provider_symbol(problem):
    """Whether one problem line (`file: TS2305: ...`, `file: runs: ImportError: ...`) names a
    provider export that does not exist."""
    if not PROVIDER.search(problem):
        return False
    m = re.search(r"\b(TS\d+):", problem)
    if m:
        return m[1] in TS_CODES
    return bool(PY_ERRORS.search(problem))


def edited_lines(before, after):
    """The 1-based lines of `after` that are not lines of `before` kept as they were."""
    sm = difflib.SequenceMatcher(a=before.splitlines(), b=after.splitlines(), autojunk=False)
    kept = set()
    for a, b, n in sm.get_matching_blocks():
        kept.update(range(b + 1, b + n + 1))
    return {i for i in range(1, len(after.splitlines()) + 1) if i not in kept}


def case_keys(case):
    toml = case / "case.toml"
    text = toml.read_text() if toml.exists() else ""
    return {"typecheck": not re.search(r"^typecheck\s*=\s*false", text, re.M),
            "family": re.search(r"^family\s*=", text, re.M) is not None}


def typescript(cases, scratch):
    """tsc errors per (case, 'input'|'output'): [(line, code, message)]."""
    node_modules = ROOT / "tests" / "conformance" / "node_modules"
    tsc = node_modules / ".bin" / "tsc"
    files = []
    for case in cases:
        for role, src in (("input", case / "input.ts"),
                          ("output", case / "expected.ts" if (case / "expected.ts").exists()
                           else case / "input.ts")):
            dest = scratch / case.name / f"{role}.ts"
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(src, dest)
            files.append(str(dest.relative_to(scratch)))
    (scratch / "node_modules").symlink_to(node_modules)
    (scratch / "tsconfig.json").write_text(json.dumps({
        "extends": str(ROOT / "tests" / "conformance" / "tsconfig.base.json"),
        "compilerOptions": {"noEmit": True}, "files": files}))
    out = subprocess.run([str(tsc), "-p", ".", "--pretty", "false"], cwd=scratch,
                         capture_output=True, text=True).stdout
    errors = {}
    for line in out.splitlines():
        m = TS_LINE.match(line)
        if not m:
            continue
        case, role = Path(m[1]).parent.name, Path(m[1]).stem
        errors.setdefault((case, role), []).append((int(m[2]), m[3], f"{m[3]}: {m[4]}"))
    return errors


RUNNER = r"""
import importlib.util, inspect, json, sys, tempfile, traceback
from cdktf import App, TerraformStack
out = {}
for key, path in json.load(open(sys.argv[1])):
    try:
        spec = importlib.util.spec_from_file_location("m_" + str(abs(hash(key))), path)
        m = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(m)
        for n, c in inspect.getmembers(m, inspect.isclass):
            if issubclass(c, TerraformStack) and c is not TerraformStack and c.__module__ == m.__name__:
                app = App(outdir=tempfile.mkdtemp())
                c(app, n)
                app.synth()
        out[key] = None
    except BaseException as e:
        line = getattr(e, "lineno", None) if isinstance(e, SyntaxError) else None
        for f in traceback.extract_tb(e.__traceback__):
            if f.filename == path:
                line = f.lineno
        out[key] = [line, f"{type(e).__name__}: {e}"[:300]]
json.dump(out, open(sys.argv[2], "w"))
"""


def python(cases, scratch, exe):
    """The run error per (case, 'input'|'output'): [(line, kind, message)] (one at most)."""
    items = []
    for case in cases:
        out = case / "expected.py" if (case / "expected.py").exists() else case / "input.py"
        items.append([f"{case.name}/input", str(case / "input.py")])
        items.append([f"{case.name}/output", str(out)])
    (scratch / "items.json").write_text(json.dumps(items))
    (scratch / "runner.py").write_text(RUNNER)
    subprocess.run([exe, str(scratch / "runner.py"), str(scratch / "items.json"),
                    str(scratch / "results.json")], cwd=scratch, capture_output=True, text=True)
    results = json.loads((scratch / "results.json").read_text())
    errors = {}
    for key, err in results.items():
        if err:
            case, role = key.split("/")
            errors[(case, role)] = [(err[0] or 0, "run", err[1])]
    return errors


def finding_lines(binary, path):
    """The lines where `cdktf-fix check` reports something in `path` (every default transform)."""
    out = subprocess.run([binary, "check", "--format", "json", "--quiet", str(path)],
                         capture_output=True, text=True).stdout
    try:
        doc = json.loads(out[out.index("{"):])
    except ValueError:
        return set()
    return {f["range"]["start"]["line"] for file in doc.get("files", [])
            for f in file.get("findings", [])}


def report(lang, cases, errors, ext, binary):
    before = after = silent = 0
    # The same, over the cases the fix changes (the others are only reported, by design).
    fixed_before = fixed_after = 0
    new_on_edits = []
    for case in cases:
        inp = (case / f"input.{ext}").read_text()
        exp = case / f"expected.{ext}"
        out = exp.read_text() if exp.exists() else inp
        edited = edited_lines(inp, out)
        b = [e for e in errors.get((case.name, "input"), []) if is_provider_symbol(e[2])]
        a = [e for e in errors.get((case.name, "output"), []) if is_provider_symbol(e[2])]
        before += len(b)
        after += len(a)
        if exp.exists():
            fixed_before += len(b)
            fixed_after += len(a)
        for line, _, msg in errors.get((case.name, "output"), []):
            if line in edited:
                new_on_edits.append(f"{case.name}:{line}: {msg}")
        # What is left must be reported: a finding on its line (TypeScript) or in its file
        # (Python stops at its first error, whose line is the statement's first).
        found = finding_lines(binary, exp if exp.exists() else case / f"input.{ext}") if a else set()
        lines = out.splitlines()
        for line, _, msg in a:
            # A TypeScript error on an import's module (TS2307) is on its last line: the
            # finding may be on any line of the statement.
            start = line
            while start > 1 and ext == "ts" and not lines[start - 1].lstrip().startswith("import") \
                    and line - start < 50:
                start -= 1
            reported = bool(found & set(range(start, line + 1))) if ext == "ts" else bool(found)
            silent += not reported
            print(f"  {lang} left ({'reported' if reported else 'SILENT'}): {case.name}:{line}: {msg}")
    removed = 100.0 * (before - after) / before if before else 100.0
    print(f"{lang}: {len(cases)} cases; provider-symbol errors {before} before fix, {after} after: "
          f"{removed:.1f}% removed, {after - silent} of those left reported, {silent} silent; "
          f"errors of any kind on an edited line after fix: {len(new_on_edits)}")
    if fixed_before:
        share = 100.0 * (fixed_before - fixed_after) / fixed_before
        print(f"  of them in the cases the fix changes: {fixed_before} before, {fixed_after} after: "
              f"{share:.1f}% removed")
    for n in new_on_edits:
        print(f"  new on an edited line: {n}")
    return before, after, new_on_edits + ["silent"] * silent


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--fixtures", default=str(ROOT / "fixtures" / "provider-class-names"))
    ap.add_argument("--python", default=str(ROOT / "target" / "conformance-python" / "venv" / "bin" / "python"))
    ap.add_argument("--bin", default=str(ROOT / "target" / "release" / "cdktf-fix"))
    ap.add_argument("--scratch", default=str(ROOT / "target" / "provider-symbols"))
    args = ap.parse_args()
    scratch = Path(args.scratch)
    shutil.rmtree(scratch, ignore_errors=True)
    cases = sorted(p for p in Path(args.fixtures).iterdir() if p.is_dir())
    ts = [c for c in cases if (c / "input.ts").exists()
          and case_keys(c)["typecheck"] and not case_keys(c)["family"]]
    py = [c for c in cases if (c / "input.py").exists() and case_keys(c)["typecheck"]]
    (scratch / "ts").mkdir(parents=True)
    (scratch / "py").mkdir(parents=True)
    bad = False
    if ts:
        _, _, new = report("TypeScript", ts, typescript(ts, scratch / "ts"), "ts", args.bin)
        bad |= bool(new)
    if py:
        _, _, new = report("Python", py, python(py, scratch / "py", args.python), "py", args.bin)
        bad |= bool(new)
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
