#!/usr/bin/env python3
"""Generated-stacks check: how many provider-symbol errors `cdktf-fix fix` removes from stacks
that code generators wrote.

`ecosystem/generated.toml` pins a public corpus of model-written CDKTF stacks (each a markdown
answer whose fenced code blocks are the stack's files). This script extracts the TypeScript and
Python blocks that use CDKTF into one scratch project per answer, puts the corpus repository's
own manifests (package.json, Pipfile) at the root so that project facts are what that
repository declares, runs `cdktf-fix fix` (safe fixes only) on a copy, and counts before and
after:

- TypeScript: every tsc error that names a provider export that does not exist (TS2305, TS2724,
  TS2307, TS2339, TS2694 on a provider module; `provider_symbols.is_provider_symbol`), with the
  corpus's own pins of the provider packages (`npm` in the TOML, installed once into the work
  folder);
- Python: every name imported from, or read off, a provider module that the bindings do not
  have (a static walk of each file's imports and attribute chains, resolved in the conformance
  venv by importing the real modules): a file is not run, so one error does not hide the next;
- errors of any kind on a line the fix edited that were not there before (there must be none);
- for each error left, whether `cdktf-fix check` reports it (a finding on its line).

  python3 ecosystem/generated.py --mirrors /work/.mirror --work /work/eco/generated \
      [--bin target/release/cdktf-fix] [--python target/conformance-python/venv/bin/python] \
      [--out results.json] > generated.md

The corpus's code is never committed here: `fetch github:<repo>` brings it onto the machine in
a development session (see docs/ecosystem.md).
"""

import argparse
import json
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from provider_symbols import TS_LINE, edited_lines, is_provider_symbol  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
FENCE = re.compile(r"^```\s*([A-Za-z0-9_+-]*)\s*$")
NAME = re.compile(r"([A-Za-z0-9_./-]+\.(?:ts|py))\b")
LANGS = {"typescript": ("ts", {"typescript", "ts", "tsx"}), "python": ("py", {"python", "py", "python3"})}


def git(mirror, *args):
    out = subprocess.run(["git", "--git-dir", str(mirror), *args], capture_output=True,
                         check=True).stdout
    return out.decode("utf-8", errors="replace")


def blocks(markdown, tags):
    """(file name or None, code) for each fenced block whose tag is one of `tags`. The name is
    the path in the block's first comment line, else in the nearest non-empty line above."""
    lines = markdown.splitlines()
    out, i = [], 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        tag, start = m[1].lower(), i + 1
        j = start
        while j < len(lines) and not FENCE.match(lines[j]):
            j += 1
        if tag in tags:
            code = "\n".join(lines[start:j]) + "\n"
            name = None
            first = next((l for l in lines[start:j] if l.strip()), "")
            if first.lstrip().startswith(("//", "#")) and not first.startswith("#!"):
                n = NAME.search(first)
                name = n[1] if n else None
            k = i - 1
            while name is None and k >= 0 and i - k <= 3:
                if lines[k].strip():
                    n = NAME.search(lines[k])
                    name = n[1] if n else None
                    break
                k -= 1
            out.append((name, code))
        i = j + 1
    return out


def uses_cdktf(code, ext):
    if ext == "ts":
        return re.search(r"""from\s+["'](cdktf|@cdktf/|@cdktn/|cdktn)""", code) is not None
    return re.search(r"^\s*(from|import)\s+(cdktf|cdktn)", code, re.M) is not None


def extract(mirror, commit, pattern, ext, tags, dest):
    """Writes every answer's CDKTF blocks under dest/<task>/; returns {task: [relative files]}."""
    paths = [p for p in git(mirror, "ls-tree", "-r", "--name-only", commit).splitlines()
             if Path(p).match(pattern)]
    tasks = {}
    for p in sorted(paths):
        task = p.split("/")[-3] if p.count("/") >= 2 else p
        task = f"{Path(p).parts[-4] if len(Path(p).parts) >= 4 else ''}-{task}".strip("-")
        files = []
        for n, (name, code) in enumerate(blocks(git(mirror, "show", f"{commit}:{p}"), tags)):
            if not uses_cdktf(code, ext):
                continue
            rel = Path(name) if name and name.endswith("." + ext) else Path(f"block{n}.{ext}")
            rel = Path(*[part for part in rel.parts if part not in ("..", ".", "/")])
            if len(rel.parts) == 1:
                rel = Path("lib") / rel
            while str(rel) in files:
                rel = rel.with_name(f"{rel.stem}_{n}{rel.suffix}")
            target = dest / task / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(code)
            files.append(str(rel))
        if files:
            tasks[task] = files
    return tasks


def tsc_run(folder, node_modules, tsconfig, files):
    (folder / "tsconfig.json").write_text(json.dumps({"compilerOptions": tsconfig, "files": files}))
    out = subprocess.run([str(node_modules / ".bin" / "tsc"), "-p", ".", "--pretty", "false"],
                         cwd=folder, capture_output=True, text=True).stdout
    errors = {}
    for line in out.splitlines():
        m = TS_LINE.match(line)
        if m:
            errors.setdefault(m[1], []).append((int(m[2]), m[3], f"{m[3]}: {m[4]}"))
    return errors


PARSE = r"""
const ts = require(process.argv[1]);
const fs = require("fs");
const bad = [];
for (const f of JSON.parse(fs.readFileSync(0, "utf8"))) {
  const sf = ts.createSourceFile(f, fs.readFileSync(f, "utf8"), ts.ScriptTarget.Latest, false);
  if (sf.parseDiagnostics.length) bad.push(f);
}
process.stdout.write(JSON.stringify(bad));
"""


def unparsed(folder, node_modules, files):
    """The files with a syntax error: while one exists, tsc reports no type error at all."""
    out = subprocess.run(["node", "-e", PARSE, str(node_modules / "typescript")],
                         input=json.dumps(files), cwd=folder, capture_output=True, text=True,
                         check=True).stdout
    return set(json.loads(out))


def tsc_errors(before, after, node_modules, tsconfig):
    """({relative file: [(line, code, message)]} before, the same after, the files that do not
    parse before (most are answers cut off mid-file: their answers are left out of both
    type-checks), the files that parse before `fix` and not after)."""
    for folder in (before, after):
        nm = folder / "node_modules"
        if not nm.exists():
            nm.symlink_to(node_modules)
    files = sorted(str(p.relative_to(before)) for p in before.rglob("*.ts")
                   if "node_modules" not in p.parts)
    broken_before = unparsed(before, node_modules, files)
    broken_after = unparsed(after, node_modules, files)
    # A file left out is still compiled when a kept file imports it: leave out its whole answer.
    tasks = {Path(f).parts[0] for f in broken_before | broken_after}
    kept = [f for f in files if Path(f).parts[0] not in tasks]
    eb = tsc_run(before, node_modules, tsconfig, kept)
    ea = tsc_run(after, node_modules, tsconfig, kept)
    return eb, ea, broken_before, broken_after - broken_before


# Runs in the venv that holds the bindings: resolves each provider name a file imports or reads.
PY_CHECK = r"""
import ast, importlib, json, sys
PREFIXES = ("cdktf_cdktf_provider_", "cdktn_provider_")
cache = {}
def resolve(dotted):
    # the object named by a dotted path, importing modules as needed; None when it does not exist
    if dotted in cache:
        return cache[dotted]
    parts, obj = dotted.split("."), None
    try:
        obj = importlib.import_module(parts[0])
        for i, part in enumerate(parts[1:], 1):
            if hasattr(obj, part):
                obj = getattr(obj, part)
            else:
                obj = importlib.import_module(".".join(parts[: i + 1]))
    except Exception:
        obj = None
    cache[dotted] = obj
    return obj
def chain(node):
    names = []
    while isinstance(node, ast.Attribute):
        names.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        return node.id, list(reversed(names)), node
    return None, [], None
out = {}
for path in json.load(open(sys.argv[1])):
    errs, bound = [], {}
    try:
        tree = ast.parse(open(path).read())
    except SyntaxError as e:
        out[path] = [[e.lineno or 0, "SyntaxError", str(e)]]
        continue
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith(PREFIXES):
            if resolve(node.module) is None:
                errs.append([node.lineno, "ModuleNotFoundError", f"No module named '{node.module}'"])
                continue
            for a in node.names:
                if a.name == "*":
                    continue
                if resolve(node.module + "." + a.name) is None:
                    errs.append([node.lineno, "ImportError",
                                 f"cannot import name '{a.name}' from '{node.module}'"])
                else:
                    bound[a.asname or a.name] = node.module + "." + a.name
        elif isinstance(node, ast.Import):
            for a in node.names:
                if a.name.startswith(PREFIXES):
                    if resolve(a.name) is None:
                        errs.append([node.lineno, "ModuleNotFoundError", f"No module named '{a.name}'"])
                    elif a.asname:
                        bound[a.asname] = a.name
                    else:
                        bound[a.name.split(".")[0]] = a.name.split(".")[0]
    seen = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Attribute) or id(node) in seen:
            continue
        root, names, _ = chain(node)
        inner = node.value
        while isinstance(inner, ast.Attribute):
            seen.add(id(inner))
            inner = inner.value
        if root not in bound:
            continue
        dotted = bound[root]
        for name in names:
            parent = resolve(dotted)
            if parent is None:
                break
            if not (type(parent).__name__ == "module" or isinstance(parent, type)):
                break
            if resolve(dotted + "." + name) is None:
                if type(parent).__name__ == "module":
                    errs.append([node.lineno, "AttributeError",
                                 f"module '{dotted}' has no attribute '{name}'"])
                break
            dotted = dotted + "." + name
    out[path] = errs
json.dump(out, open(sys.argv[2], "w"))
"""


def python_errors(folder, exe, scratch):
    files = sorted(str(p) for p in folder.rglob("*.py"))
    (scratch / "py-files.json").write_text(json.dumps(files))
    (scratch / "py-check.py").write_text(PY_CHECK)
    subprocess.run([exe, str(scratch / "py-check.py"), str(scratch / "py-files.json"),
                    str(scratch / "py-out.json")], check=True)
    result = json.loads((scratch / "py-out.json").read_text())
    return {str(Path(p).relative_to(folder)): [(l, k, f"{k}: {m}") for l, k, m in errs]
            for p, errs in result.items() if errs}


def check_findings(binary, folder):
    """{relative file: [(line, message)]} of `cdktf-fix check` over the folder."""
    out = subprocess.run([binary, "check", "--format", "json", "--quiet", "."], cwd=folder,
                         capture_output=True, text=True).stdout
    try:
        doc = json.loads(out[out.index("{"):])
    except ValueError:
        return {}
    found = {}
    for f in doc.get("files", []):
        rel = str(Path(f["path"])).removeprefix("./")
        found.setdefault(rel, []).extend(
            (x["range"]["start"]["line"], x.get("message", "")) for x in f.get("findings", []))
    return found


def is_reported(findings, lines, msg):
    """Whether a finding covers the error: one on its lines, or one in its file that names what
    the error names (a name imported once and reported where it is used)."""
    if any(line in lines for line, _ in findings):
        return True
    names = set()
    for quoted in re.findall(r"'([^']+)'", msg):
        names.add(quoted)
        names.add(quoted.rsplit("/", 1)[-1].rsplit(".", 1)[-1])
    names = {n for n in names if len(n) > 2 and not n.startswith(('"', "/"))}
    return any(f"`{n}`" in text or f"{n}`" in text for _, text in findings for n in names)


def provider_error(msg, ext):
    if ext == "ts":
        return is_provider_symbol(msg)
    return msg.split(":")[0] in ("ImportError", "ModuleNotFoundError", "AttributeError")


def measure(lang, ext, before_dir, after_dir, errors_before, errors_after, binary):
    found = check_findings(binary, after_dir)
    rows = {"before": 0, "after": 0, "silent": 0, "new_on_edits": [], "left": [], "files": 0,
            "files_changed": 0}
    for path in sorted(before_dir.rglob(f"*.{ext}")):
        if "node_modules" in path.parts:
            continue
        rel = str(path.relative_to(before_dir))
        rows["files"] += 1
        before = path.read_text()
        after = (after_dir / rel).read_text()
        if before != after:
            rows["files_changed"] += 1
        b = [e for e in errors_before.get(rel, []) if provider_error(e[2], ext)]
        a = [e for e in errors_after.get(rel, []) if provider_error(e[2], ext)]
        rows["before"] += len(b)
        rows["after"] += len(a)
        edited = edited_lines(before, after)
        had = {(code, msg) for _, code, msg in errors_before.get(rel, [])}
        for line, code, msg in errors_after.get(rel, []):
            if line in edited and (code, msg) not in had:
                rows["new_on_edits"].append(f"{rel}:{line}: {msg}")
        lines = after.splitlines()
        for line, _, msg in a:
            start = line
            while start > 1 and ext == "ts" and line - start < 50 and \
                    not lines[start - 1].lstrip().startswith("import"):
                start -= 1
            reported = is_reported(found.get(rel, []), set(range(start, line + 1)), msg)
            rows["silent"] += not reported
            rows["left"].append(f"{'reported' if reported else 'SILENT'} {rel}:{line}: {msg}")
    removed = 100.0 * (rows["before"] - rows["after"]) / rows["before"] if rows["before"] else 100.0
    rows["removed_percent"] = round(removed, 1)
    print(f"## {lang}\n")
    print(f"- files: {rows['files']} ({rows['files_changed']} changed by `fix`)")
    print(f"- provider-symbol errors: {rows['before']} before `fix`, {rows['after']} after: "
          f"**{removed:.1f}% removed**")
    print(f"- of those left: {rows['after'] - rows['silent']} reported by `check`, "
          f"{rows['silent']} silent")
    print(f"- errors of any kind new on an edited line: {len(rows['new_on_edits'])}")
    for n in rows["new_on_edits"]:
        print(f"  - new on an edited line: {n}")
    print("\nLeft after `fix`:\n")
    for n in rows["left"]:
        print(f"- {n}")
    print()
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--mirrors", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--bin", default=str(ROOT / "target" / "release" / "cdktf-fix"))
    ap.add_argument("--python", default=str(ROOT / "target" / "conformance-python" / "venv" / "bin" / "python"))
    ap.add_argument("--config", default=str(ROOT / "ecosystem" / "generated.toml"))
    ap.add_argument("--lang", choices=list(LANGS), help="only this language")
    ap.add_argument("--out")
    args = ap.parse_args()
    config = tomllib.loads(Path(args.config).read_text())
    work = Path(args.work).resolve()
    binary = str(Path(args.bin).resolve())
    results = {}
    for corpus in config["corpus"]:
        mirror = Path(args.mirrors) / corpus["repo"].replace("/", "+") / "repo"
        commit = corpus["commit"]
        print(f"# {corpus['repo']} @ {commit[:10]}\n")
        for lang, (ext, tags) in LANGS.items():
            patterns = corpus.get(lang, [])
            if not patterns or (args.lang and lang != args.lang):
                continue
            base = work / lang
            shutil.rmtree(base, ignore_errors=True)
            before_dir, after_dir = base / "before", base / "after"
            tasks = {}
            for pattern in patterns:
                tasks.update(extract(mirror, commit, pattern, ext, tags, before_dir))
            for manifest in corpus.get("manifests", []):
                text = git(mirror, "show", f"{commit}:{manifest}")
                (before_dir / manifest).write_text(text)
            shutil.copytree(before_dir, after_dir)
            fixed = subprocess.run([binary, "fix", "--quiet", "."], cwd=after_dir,
                                   capture_output=True, text=True)
            if fixed.returncode not in (0, 1):
                print(f"`fix` failed ({fixed.returncode}): {fixed.stderr[-2000:]}")
            print(f"{len(tasks)} answers with CDKTF {lang} code\n")
            if ext == "ts":
                node_modules = work / "npm" / "node_modules"
                if not node_modules.exists():
                    (work / "npm").mkdir(parents=True, exist_ok=True)
                    (work / "npm" / "package.json").write_text(json.dumps(
                        {"name": "generated-corpus", "private": True, "dependencies": corpus["npm"]}))
                    subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--loglevel=error"],
                                   cwd=work / "npm", check=True)
                eb, ea, unparsed, by_fix = tsc_errors(before_dir, after_dir, node_modules,
                                                      corpus.get("tsconfig", {}))
                answers = {Path(f).parts[0] for f in unparsed | by_fix}
                print(f"{len(unparsed)} files do not parse (most are answers cut off mid-file): "
                      f"their {len(answers)} answers are left out of the type-check; "
                      f"{len(by_fix)} files parse before `fix` and not after"
                      f"{': ' + ', '.join(sorted(by_fix)) if by_fix else ''}\n")
            else:
                eb = python_errors(before_dir, args.python, base)
                ea = python_errors(after_dir, args.python, base)
            results[f"{corpus['repo']}:{lang}"] = measure(lang, ext, before_dir, after_dir, eb, ea, binary)
    if args.out:
        Path(args.out).write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
