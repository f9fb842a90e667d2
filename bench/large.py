#!/usr/bin/env python3
"""Prints the issue-24 targets from bench/run.sh --large's measurements.

Usage: large.py DIR SMALL_BYTES BIG_BYTES CANDIDATES FILES
DIR holds paired.json (bench/paired.py) and rss-{check,fix}-{0.01,0.5,5} (max RSS in KiB).
"""
import json
import os
import statistics
import sys

d, small, big, candidates, files = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5]
with open(os.path.join(d, "paired.json")) as f:
    paired = json.load(f)


def rounds(a, b, scale=1.0):
    runs = paired[f"{a}/{b}"]
    return [x / y * scale for x, y in zip(runs["a"], runs["b"])]


def rss(cmd, mb):
    try:
        with open(os.path.join(d, f"rss-{cmd}-{mb}")) as f:
            return int(f.read().split()[-1]) * 1024
    except (OSError, ValueError, IndexError):
        return float("nan")


def median_s(a, b, side):
    return statistics.median(paired[f"{a}/{b}"][side])


# Time per byte on the big file over time per byte on the small one.
per_mb = small / big
targets = [
    ("`check` s/MB, 5 MB file / 0.5 MB file (target <= 1.5)", rounds("check-5", "check-0.5", per_mb), lambda x: x <= 1.5),
    ("`fix --dry-run` s/MB, 5 MB / 0.5 MB (target <= 1.5)", rounds("fix-5", "fix-0.5", per_mb), lambda x: x <= 1.5),
    ("`fix --dry-run` / `check`, 5 MB file (target <= 3)", rounds("fix-5", "check-5"), lambda x: x <= 3),
    (f"mixed tree ({files} files): `check` / (ripgrep + parse of its {candidates} files), 1 thread (target <= 1.5)",
     rounds("mixed-check-j1", "floor-j1"), lambda x: x <= 1.5),
]
print(f"0.5 MB file: {small} bytes; 5 MB file: {big} bytes")
print()
print("| command | median s |")
print("|---|---:|")
for a, b in [("check-5", "check-0.5"), ("fix-5", "fix-0.5"), ("mixed-check-j1", "floor-j1")]:
    print(f"| {a} | {median_s(a, b, 'a'):.3f} |")
    print(f"| {b} | {median_s(a, b, 'b'):.3f} |")
print()
print("| ratio | paired | rounds: range | rounds meeting it | met |")
print("|---|---:|---:|---:|:---:|")
for label, rs, ok in targets:
    pair = statistics.median(rs)
    meeting = sum(1 for r in rs if ok(r))
    print(f"| {label} | {pair:.2f} | {min(rs):.2f}-{max(rs):.2f} | {meeting} of {len(rs)} | {'yes' if ok(pair) else 'NO'} |")
print()
print("| peak memory, 1 thread | 0.01 MB (baseline) MiB | 0.5 MB MiB | 5 MB MiB | bytes per byte of the 5 MB file over the baseline (target <= 30) | met |")
print("|---|---:|---:|---:|---:|:---:|")
for cmd in ["check", "fix"]:
    base, mid, top = rss(cmd, "0.01"), rss(cmd, "0.5"), rss(cmd, "5")
    per = (top - base) / big
    print(f"| {cmd} | {base / 2**20:.0f} | {mid / 2**20:.0f} | {top / 2**20:.0f} | {per:.1f} | {'yes' if per <= 30 else 'NO'} |")
