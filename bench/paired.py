#!/usr/bin/env python3
"""Paired timings for bench/run.sh's ratio targets.

hyperfine times each command's runs back to back, so the two sides of a ratio are measured
minutes apart; on a shared VM the machine's speed drifts by 10% or more over that time. Here the
two commands of each pair run alternately, once each per round (which one goes first alternates
too), and the ratio of a round compares runs seconds apart. report.py takes the median of the
rounds' ratios.

Usage: paired.py OUT.json ROUNDS NAME_A CMD_A NAME_B CMD_B [NAME_A CMD_A NAME_B CMD_B ...]
Writes {"<name_a>/<name_b>": {"a": [seconds...], "b": [seconds...]}, ...}.
"""
import json
import subprocess
import sys
import time


def wall(cmd):
    start = time.perf_counter()
    subprocess.run(cmd, shell=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main():
    out, rounds, rest = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
    if rounds < 1:
        sys.exit("paired.py: ROUNDS must be at least 1")
    if len(rest) % 4:
        sys.exit("paired.py: commands come in pairs of NAME CMD NAME CMD")
    pairs = [rest[i:i + 4] for i in range(0, len(rest), 4)]
    results = {}
    for name_a, cmd_a, name_b, cmd_b in pairs:
        wall(cmd_a)  # warm-up: files into the page cache
        a, b = [], []
        for r in range(rounds):
            if r % 2 == 0:
                a.append(wall(cmd_a))
                b.append(wall(cmd_b))
            else:
                b.append(wall(cmd_b))
                a.append(wall(cmd_a))
        results[f"{name_a}/{name_b}"] = {"a": a, "b": b}
        print(f"paired {name_a} / {name_b}: {len(a)} rounds", file=sys.stderr)
    with open(out, "w") as f:
        json.dump(results, f, indent=1)


if __name__ == "__main__":
    main()
