"""Imports and synthesizes the Python fixtures for tests/conformance_python.rs, in one process.

Usage: python driver.py <manifest.json> <results.tsv> [<core module>]

The core module is `cdktf` unless given (tests/conformance_python.rs passes `cdktn` for the
CDK Terrain venv).

The manifest (written by the Rust test):
  {"modules": [{"key": "<rule>/<case>/<input|expected>", "path": "<file.py>",
                "outdir": "<dir>", "mode": "synth" | "fail"}, ...],
   "checks": [{"kind": "same-config" | "same-addresses" | "added-addresses" | "sg-all-protocol-ports"
                       | "default-tags",
               "case": "<rule>/<case>", "input": <key or null>, "expected": <key>,
               "allowed": ["<address prefix>", ...]                           (added-addresses only),
               "tags": {"<key>": {"value": "<string>"} | {"expr": true}, ...}, (default-tags only)
               "suppressed": ["aws" | "aws.<alias>", ...]},                    (default-tags only)
              ...]}

Every module is imported under a name of its own. "synth": every TerraformStack subclass the
module defines is instantiated as Stack(App(outdir=...), "<ClassName>") and synthesized. "fail":
the module must not get that far (the input of a case whose case.toml says compiles = false):
its import, or the construction or synth of one of its stacks, must raise.

The AWS provider costs most of a minute to load (the package root imports all of its 2,212
submodules and jsii loads the provider's JavaScript), once; each synth after that is quick.

Results go to <results.tsv>, one tab-separated record per line (fields hold no tabs or newlines):
  stack   <key> <stack id> <path of cdk.tf.json>
  ok      <key>                       imported, and every stack constructed and synthesized
  failed  <key> <stage> <error>       stage: import | construct | synth
  note    <key> <text>
  check   <kind> <case> pass|fail <assertions made> <detail>
  done    <modules> <stacks>
The Rust side decides what is a failure; this script only does the Python and JSON work.
"""

import importlib.util
import inspect
import json
import os
import re
import sys
import traceback

for name in list(os.environ):
    if name.startswith("CDKTF_") or name == "SYNTH_HCL_OUTPUT":
        del os.environ[name]

import importlib  # noqa: E402

_core = importlib.import_module(sys.argv[3] if len(sys.argv) > 3 else "cdktf")
App, TerraformStack = _core.App, _core.TerraformStack

manifest_path, results_path = sys.argv[1], sys.argv[2]
results = open(results_path, "w", encoding="utf-8")


def clean(s):
    return re.sub(r"[\t\r\n]+", " ", str(s))


def emit(*fields):
    results.write("\t".join(clean(f) for f in fields) + "\n")
    results.flush()


def error_text(e):
    lines = traceback.format_exception_only(type(e), e)
    return clean(" ".join(lines).strip())[:400]


with open(manifest_path, encoding="utf-8") as f:
    manifest = json.load(f)

# key -> {stack id: parsed cdk.tf.json}, or None when the module failed
synthesized = {}
stack_count = 0


def stub_arguments(cls):
    """Placeholder strings for the constructor's required parameters after (scope, id), such as
    `environment_suffix`: the same for input and expected, so comparisons still hold."""
    params = list(inspect.signature(cls.__init__).parameters.values())[3:]
    return [
        f"stub-{cls.__name__}-{p.name}"
        for p in params
        if p.default is inspect.Parameter.empty
        and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
    ]


def synth_stack(cls, stack_id, outdir):
    os.makedirs(outdir, exist_ok=True)
    app = App(outdir=outdir, stack_traces=False, hcl_output=False, skip_validation=True)
    cls(app, stack_id, *stub_arguments(cls))
    app.synth()
    with open(os.path.join(outdir, "manifest.json"), encoding="utf-8") as f:
        written = json.load(f)
    entry = (written.get("stacks") or {}).get(stack_id)
    if not entry:
        raise RuntimeError(f"synth wrote no manifest entry for stack {stack_id}")
    return os.path.join(outdir, entry["synthesizedStackPath"])


for n, mod in enumerate(manifest["modules"]):
    key = mod["key"]
    name = f"cdktf_fix_fixture_{n}"
    try:
        spec = importlib.util.spec_from_file_location(name, mod["path"])
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    except BaseException as e:  # noqa: BLE001 - any failure to import is the verdict
        emit("failed", key, "import", error_text(e))
        synthesized[key] = None
        continue
    classes = [
        (value.__name__, value)
        for _, value in inspect.getmembers(module, inspect.isclass)
        if issubclass(value, TerraformStack)
        and value is not TerraformStack
        and value.__module__ == name
    ]
    if not classes:
        emit("note", key, "defines no TerraformStack subclass; nothing to synthesize")
    stacks = {}
    failed = False
    for stack_id, cls in classes:
        stage = "construct"
        try:
            path = synth_stack(cls, stack_id, mod["outdir"])
            stage = "synth"
            with open(path, encoding="utf-8") as f:
                stacks[stack_id] = json.load(f)
        except BaseException as e:  # noqa: BLE001
            emit("failed", key, stage, f"{stack_id}: {error_text(e)}")
            failed = True
            continue
        stack_count += 1
        emit("stack", key, stack_id, path)
    if not failed:
        emit("ok", key)
    synthesized[key] = None if failed else stacks


# ---- checks (the same as tests/conformance/synth.js does for TypeScript) ----------------------


def strip_comments(v):
    if isinstance(v, list):
        return [strip_comments(x) for x in v]
    if isinstance(v, dict):
        return {k: strip_comments(x) for k, x in v.items() if k != "//"}
    return v


def show(v):
    s = json.dumps(v)
    return s if len(s) <= 160 else s[:157] + "..."


def first_diff(a, b, at=""):
    here = at or "(root)"
    if type(a) is not type(b):
        return f"{here}: input {show(a)}, expected {show(b)}"
    if isinstance(a, list):
        if len(a) != len(b):
            return f"{here}: input has {len(a)} items, expected {len(b)}"
        for i, (x, y) in enumerate(zip(a, b)):
            d = first_diff(x, y, f"{here}[{i}]")
            if d:
                return d
        return None
    if isinstance(a, dict):
        for k in sorted(set(a) | set(b)):
            if k not in a or k not in b:
                return f"{at + '.' if at else ''}{k}: input {show(a.get(k))}, expected {show(b.get(k))}"
            d = first_diff(a[k], b[k], f"{at}.{k}" if at else k)
            if d:
                return d
        return None
    return None if a == b else f"{here}: input {show(a)}, expected {show(b)}"


def addresses(doc):
    out = []
    for section, prefix in (("resource", ""), ("data", "data.")):
        for rtype, by_name in (doc.get(section) or {}).items():
            for rname in by_name or {}:
                out.append(f"{prefix}{rtype}.{rname}")
    return sorted(out)


def as_list(v):
    return [] if v is None else v if isinstance(v, list) else [v]


def stacks_of(key, role, problems):
    if key not in synthesized:
        problems.append(f"{role} {key} is not in the manifest's modules")
        return None
    if synthesized[key] is None:
        problems.append(f"{role} {key} did not synthesize (see its failed line)")
    return synthesized[key]


def check_same(check, compare):
    problems, n = [], 0
    a = stacks_of(check["input"], "input", problems)
    b = stacks_of(check["expected"], "expected", problems)
    if a is not None and b is not None:
        ids = sorted(set(a) | set(b))
        if not ids:
            problems.append("neither module synthesized a stack")
        for sid in ids:
            if sid not in a or sid not in b:
                problems.append(f"stack {sid} only in {'input' if sid in a else 'expected'}")
                continue
            n += 1
            d = compare(a[sid], b[sid], sid)
            if d:
                problems.append(d)
    return problems, n


def same_config(check):
    def compare(a, b, sid):
        d = first_diff(strip_comments(a), strip_comments(b))
        return d and f"stack {sid}: the synthesized configuration differs at {d}"

    return check_same(check, compare)


def same_addresses(check):
    def compare(a, b, sid):
        x, y = addresses(a), addresses(b)
        lost = [v for v in x if v not in y]
        added = [v for v in y if v not in x]
        if not lost and not added:
            return None
        return (f"stack {sid}: resource addresses differ; only in input: [{', '.join(lost)}], "
                f"only in expected: [{', '.join(added)}]")

    return check_same(check, compare)


def added_addresses(check):
    """For transforms that add resources on purpose: the expected output keeps every address of the
    input, adds at least one, and adds only addresses starting with one of check["allowed"]."""
    added_total = 0

    def compare(a, b, sid):
        nonlocal added_total
        x, y = addresses(a), addresses(b)
        lost = [v for v in x if v not in y]
        added = [v for v in y if v not in x]
        added_total += len(added)
        other = [v for v in added if not any(v.startswith(p) for p in check["allowed"])]
        if not lost and not other:
            return None
        return (f"stack {sid}: the input's addresses must all stay and only {show(check['allowed'])} "
                f"be added; lost: [{', '.join(lost)}], added beyond those: [{', '.join(other)}]")

    problems, n = check_same(check, compare)
    if not problems and added_total == 0:
        problems.append("the expected output adds nothing, though its transform adds resources")
    return problems, n


ALL = {"-1", "all"}


def sg_ports(check):
    problems, n = [], 0
    expected = stacks_of(check["expected"], "expected", problems) or {}
    for sid, doc in expected.items():
        resources = doc.get("resource") or {}

        def zero_ports(rule, where):
            nonlocal n
            if str(rule.get("protocol")).lower() not in ALL:
                return
            n += 1
            if rule.get("from_port") != 0 or rule.get("to_port") != 0:
                problems.append(f"{where}: protocol {show(rule.get('protocol'))} needs from_port 0 and "
                                f"to_port 0, has {show(rule.get('from_port'))}..{show(rule.get('to_port'))}")

        for name, sg in (resources.get("aws_security_group") or {}).items():
            for direction in ("ingress", "egress"):
                for i, rule in enumerate(as_list(sg.get(direction))):
                    zero_ports(rule, f"stack {sid}: aws_security_group.{name}.{direction}[{i}]")
        # With protocol -1 the provider sends no ports for an aws_security_group_rule (and
        # suppresses their diff): any values are fine, but both are required.
        for name, rule in (resources.get("aws_security_group_rule") or {}).items():
            if str(rule.get("protocol")).lower() not in ALL:
                continue
            n += 1
            missing = [k for k in ("from_port", "to_port") if k not in rule]
            if missing:
                problems.append(f"stack {sid}: aws_security_group_rule.{name}: protocol "
                                f"{show(rule.get('protocol'))} still requires {', '.join(missing)}")
        for rtype in ("aws_vpc_security_group_ingress_rule", "aws_vpc_security_group_egress_rule"):
            for name, rule in (resources.get(rtype) or {}).items():
                if str(rule.get("ip_protocol")).lower() not in ALL:
                    continue
                n += 1
                set_ports = [k for k in ("from_port", "to_port") if k in rule]
                if set_ports:
                    problems.append(f"stack {sid}: {rtype}.{name}: ip_protocol {show(rule.get('ip_protocol'))} "
                                    f"must not set {', '.join(set_ports)}")
    return problems, n


def aws_provider_blocks(doc):
    return as_list((doc.get("provider") or {}).get("aws"))


def provider_name(block):
    return "aws" if block.get("alias") is None else f"aws.{block['alias']}"


def default_tags(block):
    tags = {}
    for entry in as_list(block.get("default_tags")):
        tags.update((entry or {}).get("tags") or {})
    return tags


def check_default_tags(check):
    """Every AWS provider of the expected output carries every configured tag, with the configured
    value unless the input's same provider already had the tag, whose value never changes ("expr"
    values: presence only); every tag the input's provider had keeps its value; no provider is
    gone. A provider named in check["suppressed"] (its finding held back by a suppression comment)
    keeps exactly the input's default tags instead, and must exist."""
    problems, n = [], 0
    expected = stacks_of(check["expected"], "expected", problems)
    inp = None if check["input"] is None else stacks_of(check["input"], "input", problems)
    if expected is None or (check["input"] is not None and inp is None):
        return problems, n
    blocks_seen = 0
    suppressed = check.get("suppressed") or []
    seen_names = set()
    for sid, doc in expected.items():
        blocks = aws_provider_blocks(doc)
        input_blocks = aws_provider_blocks(inp.get(sid) or {}) if inp is not None else []
        if inp is not None and sid not in inp:
            problems.append(f"stack {sid} is not in the input's output")
        for ib in input_blocks:
            if not any(provider_name(b) == provider_name(ib) for b in blocks):
                problems.append(f"stack {sid}: provider {provider_name(ib)} of the input is gone")
        seen_names.update(provider_name(b) for b in blocks)
        for block in blocks:
            blocks_seen += 1
            where = f"stack {sid}, provider {provider_name(block)}"
            tags = default_tags(block)
            ib = next((b for b in input_blocks if provider_name(b) == provider_name(block)), None)
            before = default_tags(ib) if ib is not None else {}
            if provider_name(block) in suppressed:
                n += 1
                if check["input"] is None:
                    problems.append(f"{where}: listed as suppressed, but the input does not compile to compare")
                elif tags != before:
                    problems.append(f"{where}: suppressed, so its default tags must stay {show(before)}, "
                                    f"are {show(tags)}")
                continue
            for key, spec in check["tags"].items():
                n += 1
                if tags.get(key) is None:
                    problems.append(f"{where}: default tag {key} is missing "
                                    f"(default_tags: {show(block.get('default_tags'))})")
                elif key in before:
                    if tags[key] != before[key]:
                        problems.append(f"{where}: tag {key} was {show(before[key])} in the input, "
                                        f"is {show(tags[key])}")
                elif "value" in spec and tags[key] != spec["value"]:
                    problems.append(f"{where}: tag {key} is {show(tags[key])}, configured {show(spec['value'])}")
            for key, value in before.items():
                if key in check["tags"]:
                    continue
                n += 1
                if tags.get(key) != value:
                    problems.append(f"{where}: tag {key} was {show(value)} in the input, is {show(tags.get(key))}")
    for name in suppressed:
        if name not in seen_names:
            problems.append(f"suppressed provider {name} is in no stack of the expected output")
    if blocks_seen == 0:
        problems.append("the expected output has no provider.aws block to check")
    return problems, n


CHECKS = {
    "added-addresses": added_addresses,
    "default-tags": check_default_tags,
    "same-config": same_config,
    "same-addresses": same_addresses,
    "sg-all-protocol-ports": sg_ports,
}

for check in manifest["checks"]:
    run = CHECKS.get(check["kind"])
    if run is None:
        problems, n = [f"unknown check kind {check['kind']}"], 0
    else:
        try:
            problems, n = run(check)
        except Exception as e:  # noqa: BLE001
            problems, n = [f"the check threw: {error_text(e)}"], 0
    emit("check", check["kind"], check["case"], "fail" if problems else "pass", n, " || ".join(problems))

emit("done", len(manifest["modules"]), stack_count)
results.close()
