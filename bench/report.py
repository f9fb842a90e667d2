#!/usr/bin/env python3
"""Prints the benchmark table and the issue-10 targets from bench/run.sh's hyperfine JSON files."""
import json
import os
import statistics
import sys

d, files, cores, rg_version, sg_version = sys.argv[1:6]


def median(name):
    with open(os.path.join(d, name + ".json")) as f:
        return statistics.median(json.load(f)["results"][0]["times"])


def rss(name):
    try:
        with open(os.path.join(d, name + ".rss")) as f:
            return int(f.read().split()[-1]) / 1024
    except (OSError, ValueError, IndexError):
        return float("nan")


names = ["plain-rg-j2", "plain-check-j2", "mixed-rg-j2", "mixed-check-j1", "mixed-check-j2",
         "mixed-dry-run-j2", "mixed-ast-grep-j1", "mixed-ast-grep-j2"]
t = {n: median(n) for n in names}
print(f"files: {files}, cores: {cores}, {rg_version}, {sg_version}")
print()
print("| command | median s | peak MiB |")
print("|---|---:|---:|")
for n in names:
    print(f"| {n} | {t[n]:.3f} | {rss(n):.0f} |")
print()
with open(os.path.join(d, "paired.json")) as f:
    paired = json.load(f)


def paired_ratios(a, b):
    """Each round's a time / b time, both measured in the same round."""
    runs = paired[f"{a}/{b}"]
    return [x / y for x, y in zip(runs["a"], runs["b"])]


# (label, paired per-round ratios or None, ratio of the hyperfine medians, target)
targets = [
    ("no candidates: check / ripgrep (target <= 1.5)", paired_ratios("plain-check-j2", "plain-rg-j2"),
     t["plain-check-j2"] / t["plain-rg-j2"], lambda x: x <= 1.5),
    ("mixed: ast-grep / check, 2 threads (target >= 3)", paired_ratios("mixed-ast-grep-j2", "mixed-check-j2"),
     t["mixed-ast-grep-j2"] / t["mixed-check-j2"], lambda x: x >= 3),
    ("mixed: check 1 thread / 2 threads (target >= 1.7)", paired_ratios("mixed-check-j1", "mixed-check-j2"),
     t["mixed-check-j1"] / t["mixed-check-j2"], lambda x: x >= 1.7),
    ("mixed: ast-grep / check, 1 thread (information)", None,
     t["mixed-ast-grep-j1"] / t["mixed-check-j1"], None),
    ("mixed: ast-grep 1 thread / 2 threads (information)", None,
     t["mixed-ast-grep-j1"] / t["mixed-ast-grep-j2"], None),
    ("mixed: check / ripgrep (information)", None, t["mixed-check-j2"] / t["mixed-rg-j2"], None),
    ("mixed: fix --dry-run / check (information)", None, t["mixed-dry-run-j2"] / t["mixed-check-j2"], None),
]
peak = max(rss("plain-check-j2"), rss("mixed-check-j2"), rss("mixed-dry-run-j2"))
print("Ratios: *paired* is the median of per-round ratios with the two commands alternating")
print("(bench/paired.py), which the targets are judged on, with the range of the rounds and how many")
print("rounds alone meet the target; *medians* divides the table's medians.")
print()
print("| ratio | paired | rounds: range | rounds meeting it | medians | met |")
print("|---|---:|---:|---:|---:|:---:|")
for label, rounds, value, ok in targets:
    if rounds is None:
        print(f"| {label} | | | | {value:.2f} | |")
        continue
    pair = statistics.median(rounds)
    meeting = sum(1 for r in rounds if ok(r))
    print(f"| {label} | {pair:.2f} | {min(rounds):.2f}-{max(rounds):.2f} | {meeting} of {len(rounds)} "
          f"| {value:.2f} | {'yes' if ok(pair) else 'NO'} |")
print(f"| peak memory of cdktf-fix, MiB (target < 200) | | | | {peak:.0f} | {'yes' if peak < 200 else 'NO'} |")
