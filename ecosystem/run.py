#!/usr/bin/env python3
"""Ecosystem check: run cdktf-fix over the public CDKTF projects in projects.toml.

For each project: findings per transform, files changed, and whether the project still
type-checks / passes its tests / passes `prettier --check` after `fix` and after
`fix --unsafe-fixes`; and how many of its type-check problems name a provider export that does
not exist (provider_symbols.py), before and after. A development tool: it reads snapshots that are already on this machine
(it fetches nothing from the repositories' hosts) and is not part of `cargo test`.

  ecosystem/run.sh [--mirrors DIR] [--work DIR] [--bin PATH] [--only SUBSTR] [--out FILE]

--mirrors: a folder with one `owner+name/repo` bare git dir per project (what the development
session's `fetch` tool produces under /work/.mirror), or with plain checkouts `owner+name/`.
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

from provider_symbols import is_provider_symbol

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
TIMEOUT = 900
# Every transform, the policy ones that are off by default too, so that every fix is judged on
# real code; not the migration (its result needs CDK Terrain's packages, not the project's).
EVERY_TRANSFORM = "--extend-select ALL --ignore migrate-cdktn"

DEFAULT_TYPECHECK = {
    "typescript": "npx --no-install tsc --noEmit -p .",
    "python": "python -m compileall -q -x '(^|/)(\\.venv|venv|cdktf\\.out|imports)/' .",
    "go": "gofmt -e -l .",
}


def sh(cmd, cwd, env=None, timeout=TIMEOUT):
    """Runs a shell command; returns (exit code, stdout + stderr)."""
    try:
        p = subprocess.run(cmd, shell=True, cwd=cwd, env=env, timeout=timeout,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                           errors="replace")
        return p.returncode, p.stdout
    except subprocess.TimeoutExpired:
        return 124, f"timeout after {timeout}s"


def log(msg):
    print(msg, file=sys.stderr, flush=True)


# ---- toolchains shared by every project -------------------------------------------------

def pinned_node(work):
    """The pinned TypeScript toolchain (tests/conformance's lockfile) plus prettier."""
    d = work / "pinned-node"
    if not (d / "node_modules" / ".bin" / "tsc").exists():
        d.mkdir(parents=True, exist_ok=True)
        for f in ("package.json", "package-lock.json"):
            shutil.copy(ROOT / "tests" / "conformance" / f, d / f)
        rc, out = sh("npm ci --ignore-scripts --no-audit --no-fund", d)
        if rc:
            sys.exit(f"pinned toolchain: npm ci failed:\n{out[-2000:]}")
    tools = work / "tools"
    if not (tools / "node_modules" / ".bin" / "prettier").exists():
        tools.mkdir(parents=True, exist_ok=True)
        sh("npm init -y >/dev/null && npm install --no-audit --no-fund prettier@3.6.2", tools)
    return d


def pinned_python(work):
    """One venv with the pinned cdktf + provider-aws (share PIP_CACHE_DIR across runs).
    ECO_PY_SITE=<site-packages> reuses an existing one through a .pth instead of installing."""
    venv = work / "venv-pinned"
    py = venv / "bin" / "python"
    if not py.exists():
        sh(f"{sys.executable} -m venv {venv}", work)
        site = os.environ.get("ECO_PY_SITE")
        if site:
            sp = next((venv / "lib").glob("python3*/site-packages"))
            (sp / "eco-pinned.pth").write_text(site + "\n")
            pkgs = "pytest"
        else:
            pkgs = "cdktf==0.21.0 cdktf-cdktf-provider-aws==21.22.1 pytest"
        rc, out = sh(f"{py} -m pip install -q {pkgs}", work)
        if rc:
            sys.exit(f"pinned venv: pip failed:\n{out[-2000:]}")
    return venv


# ---- one project ------------------------------------------------------------------------

def checkout(p, mirrors, dest):
    slug = p["repo"].replace("/", "+")
    src = mirrors / slug
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    gitdir = src / "repo" if (src / "repo").exists() else src / ".git"
    if gitdir.exists():
        rc, out = sh(f"git --git-dir={gitdir} archive {p['commit']} | tar -x -C {dest}", dest)
        if rc:
            return f"git archive failed: {out.strip()[-300:]}"
    elif src.is_dir():
        shutil.copytree(src, dest, dirs_exist_ok=True, ignore=shutil.ignore_patterns(".git"))
    else:
        return f"no snapshot at {src}: run `fetch github:{p['repo']}` first"
    # A throwaway repository, only to see and undo what fix changed.
    sh("git init -q && git add -A && git -c user.name=eco -c user.email=eco@localhost "
       "commit -qm base --no-verify", dest)
    (dest / ".git" / "info" / "exclude").write_text("node_modules\n")
    return None


def setup(p, proj, work):
    """Installs the project's dependencies; returns a note when something is off."""
    lang = p["language"]
    if lang == "typescript":
        note = None
        if p["deps"] == "lockfile":
            # npm ci; a lockfile out of step with package.json: npm install; else pinned.
            for cmd in ("npm ci", "npm install"):
                rc, out = sh(cmd + " --ignore-scripts --no-audit --no-fund", proj)
                if rc == 0 and (proj / "node_modules" / ".bin" / "tsc").exists():
                    return note
                note = f"{cmd} failed" if rc else f"{cmd}: no tsc"
            shutil.rmtree(proj / "node_modules", ignore_errors=True)
            note += ", pinned toolchain used"
        nm = proj / "node_modules"
        if not nm.exists():
            nm.symlink_to(pinned_node(work) / "node_modules")
        # A config the checking tsc refuses (removed options, a base config not installed)
        # would stop tsc before any file: derive one it accepts (ecosystem/tsconfig_eco.js).
        rc, out = sh(f"node {HERE / 'tsconfig_eco.js'} .", proj)
        if out.strip():
            note = f"{note}; {out.strip()}" if note else out.strip()
        return note
    return None


def env_for(p, work):
    env = dict(os.environ)
    if p["language"] == "python":
        env["PATH"] = f"{work / 'venv-pinned' / 'bin'}:{env['PATH']}"
    env["CI"] = "true"
    return env


TS_ERR = re.compile(r"^(.*?)\(\d+,\d+\): error (TS\d+: .*)$")


def problems(lang, rc, out):
    """The type-check's problems as a set of line-number-free strings (so fixes that move code
    do not look like new errors), or None when the check passed."""
    if lang == "typescript":
        errs = {f"{m[1]}: {m[2]}" for m in map(TS_ERR.match, out.splitlines()) if m}
        if rc and not errs:
            errs = {out.strip()[-300:] or f"exit {rc}"}
        return errs
    if lang == "go":
        # gofmt -l lists the unformatted files; -e prints every parse error.
        return {re.sub(r":\d+:\d+:", ":", l) for l in out.splitlines() if l.strip()}
    return {re.sub(r"line \d+", "line N", l) for l in out.splitlines() if l.strip()} if rc else set()


def state(p, proj, env, files):
    """Type-check, tests and prettier in the current state of the checkout."""
    lang = p["language"]
    cmd = p.get("typecheck", DEFAULT_TYPECHECK[lang])
    if lang == "typescript" and (proj / "tsconfig.eco.json").exists():
        cmd = cmd.replace("-p .", "-p tsconfig.eco.json")
    rc, out = sh(cmd, proj, env)
    found = problems(lang, rc, out)
    if lang == "python":
        # compileall only parses: also run every file fix touched, against the pinned
        # provider, as a module (its top-level code runs: constructs are built, stacks synthesized).
        for f in files:
            code = f"import runpy,sys; sys.path.insert(0, '.'); runpy.run_path('{f}', run_name='eco')"
            rc, out = sh(f'python -c "{code}"', proj, env, timeout=600)
            if rc:
                last = [l for l in out.splitlines() if l.strip()][-1:] or [f"exit {rc}"]
                found.add(f"{f}: runs: {last[0][:200]}")
    # The problems that name a provider export that does not exist (provider_symbols.py).
    s = {"typecheck": sorted(found),
         "provider_symbols": sum(1 for x in found if is_provider_symbol(x))}
    if p.get("test"):
        rc, out = sh(p["test"], proj, env)
        s["test"] = "pass" if rc == 0 else ("none" if rc == 5 and "pytest" in p["test"] else "fail")
    if p.get("prettier") and files:
        own = proj / "node_modules" / ".bin" / "prettier"
        exe = own if own.exists() and not (proj / "node_modules").is_symlink() else \
            env["ECO_WORK"] + "/tools/node_modules/.bin/prettier"
        rc, out = sh(f"{exe} --check " + " ".join(files), proj, env)
        s["prettier"] = "pass" if rc == 0 else "fail"
    return s


def findings(binary, proj):
    rc, out = sh(f"{binary} check --format json --quiet {EVERY_TRANSFORM} .", proj)
    counts = {}
    try:
        doc = json.loads(out[out.index("{"):])
    except ValueError:
        return {"error": out.strip()[-300:]}
    for f in doc.get("files", []):
        for d in f.get("findings", []):
            counts[d["transform"]] = counts.get(d["transform"], 0) + 1
    return counts


def changed(repo_root, proj):
    rc, out = sh("git diff --name-only --relative", proj)
    return [l for l in out.splitlines() if l.strip()]


def run_project(p, args, work):
    slug = p["repo"].replace("/", "+")
    dest = work / "checkouts" / slug
    r = {"repo": p["repo"], "commit": p["commit"], "language": p["language"],
         "subfolder": p["subfolder"]}
    err = checkout(p, Path(args.mirrors), dest)
    if err:
        r["error"] = err
        return r
    proj = dest / p["subfolder"]
    note = setup(p, proj, work)
    if note:
        r["setup"] = note
    # What setup wrote (an updated lockfile) is part of the baseline, not of the fix.
    sh("git add -A && git -c user.name=eco -c user.email=eco@localhost commit -qm setup "
       "--no-verify --allow-empty", dest)
    env = env_for(p, work)
    env["ECO_WORK"] = str(work)
    r["findings"] = findings(args.bin, proj)
    for mode, flag in (("fix", ""), ("unsafe", " --unsafe-fixes")):
        rc, out = sh(f"{args.bin} fix --quiet {EVERY_TRANSFORM}{flag} .", proj)
        files = changed(dest, proj)
        diff = sh("git diff --relative", proj)[1]
        after = state(p, proj, env, files)
        sh("git stash -q", dest)  # back to the pinned commit to take the baseline
        # The baseline of each mode runs the same files (Python runs the files a fix touched),
        # so a file that failed before is not counted as broken by the fix.
        r["before" if mode == "fix" else "before_unsafe"] = state(p, proj, env, files)
        sh("git stash drop -q", dest)
        r[mode] = {"exit": rc, "files": files, "after": after, "diff": diff}
        if rc not in (0, 1):
            r[mode]["error"] = out.strip()[-500:]
    return r


# ---- report -----------------------------------------------------------------------------

def verdict(before, after):
    new = sorted(set(after) - set(before))
    if not before and not after:
        return "ok", new
    if not new:
        return f"same ({len(before)} before)" if before else "ok", new
    return f"**{len(new)} new**", new


def markdown(results):
    rows = ["| project | lang | findings per transform | files changed: fix / unsafe | "
            "type-check before → fix / unsafe | provider-symbol errors fix / unsafe | "
            "tests before → fix / unsafe | prettier fix / unsafe |",
            "| --- | --- | --- | --- | --- | --- | --- | --- |"]
    details = []
    for r in results:
        name = f"[{r['repo']}](https://github.com/{r['repo']}/tree/{r['commit'][:12]}/{r['subfolder']})"
        if "error" in r:
            rows.append(f"| {name} | {r['language']} | {r['error']} | | | | | |")
            continue
        f = ", ".join(f"{k} {v}" for k, v in sorted(r["findings"].items())) or "none"
        b = r["before"]["typecheck"]
        before = {"fix": r["before"], "unsafe": r.get("before_unsafe", r["before"])}
        tc = []
        for mode in ("fix", "unsafe"):
            v, new = verdict(before[mode]["typecheck"], r[mode]["after"]["typecheck"])
            tc.append(v)
            for n in new:
                details.append(f"- {r['repo']} `{mode}`: {n}")
        base = "pass" if not b else f"{len(b)} problems"
        t = "n/a"
        if "test" in r["before"]:
            t = f"{r['before']['test']} → {r['fix']['after'].get('test')} / {r['unsafe']['after'].get('test')}"
        pr = " / ".join(
            f"{before[m].get('prettier')} → {r[m]['after']['prettier']}"
            if "prettier" in r[m]["after"] else "n/a" for m in ("fix", "unsafe"))
        ch = f"{len(r['fix']['files'])} / {len(r['unsafe']['files'])}"
        if r.get("setup"):
            base += f" ({r['setup']})"
        ps = "n/a"
        if "provider_symbols" in r["before"]:
            # Each mode against its own baseline (Python runs the files each mode touched).
            ps = " / ".join(f"{before[m].get('provider_symbols')} → {r[m]['after']['provider_symbols']}"
                            for m in ("fix", "unsafe"))
        rows.append(f"| {name} | {r['language']} | {f} | {ch} | {base} → {tc[0]} / {tc[1]} | {ps} | {t} | {pr} |")
    return "\n".join(rows) + ("\n\nNew type-check problems after fix:\n\n" + "\n".join(details)
                              if details else "") + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--mirrors", default="/work/.mirror")
    ap.add_argument("--work", default=str(ROOT / "target" / "ecosystem"))
    ap.add_argument("--bin", default=os.environ.get("CDKTF_FIX", str(ROOT / "target/release/cdktf-fix")))
    ap.add_argument("--only", default="", help="only projects whose repo contains one of these (comma-separated)")
    ap.add_argument("--lang", default="", help="only projects in this language")
    ap.add_argument("--out", default=None, help="results JSON (default: WORK/results.json)")
    args = ap.parse_args()
    args.bin = str(Path(args.bin).resolve())
    work = Path(args.work).resolve()
    work.mkdir(parents=True, exist_ok=True)
    projects = tomllib.loads((HERE / "projects.toml").read_text())["project"]
    only = [o for o in args.only.split(",") if o] or [""]
    projects = [p for p in projects if any(o in p["repo"] for o in only) and args.lang in p["language"]]
    if any(p["language"] == "python" for p in projects):
        pinned_python(work)
    results = []
    for p in projects:
        log(f"== {p['repo']}")
        r = run_project(p, args, work)
        results.append(r)
        Path(args.out or work / "results.json").write_text(json.dumps(results, indent=1))
    print(markdown(results))


if __name__ == "__main__":
    main()
