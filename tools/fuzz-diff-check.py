#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""A short, deterministic fuzz-diff run, twice: the two summaries must be identical once their
timing members are left out, and every expected class must be found (known or new).

  tools/fuzz-diff-check.py MTASTS --max-inputs N [--seed S] --impl IMPL... \\
      --expect 'IMPL|SIGNATURE'... [--json-out FILE]

Bounded by --max-inputs, never by time, so the result does not depend on the machine. Exit 0
when both hold, 1 when either does not (each difference and each missing class listed), 2
when fuzz-diff itself could not run (exit 2, no summary).
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time


def without_timing(value):
    if isinstance(value, dict):
        return {k: without_timing(v) for k, v in value.items() if k != "timing"}
    if isinstance(value, list):
        return [without_timing(v) for v in value]
    return value


def first_difference(a, b, path=""):
    if type(a) is not type(b):
        return f"{path or '/'}: {json.dumps(a)[:200]} vs {json.dumps(b)[:200]}"
    if isinstance(a, dict):
        for k in sorted(set(a) | set(b)):
            if k not in a or k not in b:
                return f"{path}/{k}: only in run {'2' if k not in a else '1'}"
            d = first_difference(a[k], b[k], f"{path}/{k}")
            if d:
                return d
        return None
    if isinstance(a, list):
        if len(a) != len(b):
            return f"{path}: {len(a)} items vs {len(b)}"
        for i, (x, y) in enumerate(zip(a, b)):
            d = first_difference(x, y, f"{path}/{i}")
            if d:
                return d
        return None
    return None if a == b else f"{path}: {json.dumps(a)[:200]} vs {json.dumps(b)[:200]}"


def one_run(mtasts, args, out):
    start = time.monotonic()
    done = subprocess.run([mtasts, "fuzz-diff", "--quiet", "--json", out] + args,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if done.returncode not in (0, 1) or not os.path.exists(out):
        sys.stderr.write(done.stdout + done.stderr)
        print(f"fuzz-diff-check: mtasts fuzz-diff exited {done.returncode}", file=sys.stderr)
        sys.exit(2)
    with open(out, encoding="utf-8") as f:
        return json.load(f), time.monotonic() - start, done.stdout


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("mtasts")
    ap.add_argument("--max-inputs", required=True)
    ap.add_argument("--seed", default="1")
    ap.add_argument("--impl", action="append", required=True)
    ap.add_argument("--expect", action="append", default=[], help="IMPL|SIGNATURE")
    ap.add_argument("--json-out", help="keep the first run's summary here")
    a = ap.parse_args()
    args = ["--max-inputs", a.max_inputs, "--seed", a.seed]
    for impl in a.impl:
        args += ["--impl", impl]
    with tempfile.TemporaryDirectory(prefix="mtasts-fuzz-diff-check-") as tmp:
        first, t1, text = one_run(a.mtasts, args, os.path.join(tmp, "1.json"))
        second, t2, _ = one_run(a.mtasts, args, os.path.join(tmp, "2.json"))
        if a.json_out:
            with open(a.json_out, "w", encoding="utf-8") as f:
                json.dump(first, f, indent=2)
    sys.stdout.write(text)
    failures = []
    difference = first_difference(without_timing(first), without_timing(second))
    if difference:
        failures.append(f"the two runs differ (timing left out): {difference}")
    found = {(c["implementation"], c["signature"]): c for c in first["classes"]}
    for expected in a.expect:
        impl, _, signature = expected.partition("|")
        c = found.get((impl, signature))
        if c is None:
            failures.append(f"expected class not found: {impl}: {signature}")
        elif c["generated"] == 0:
            failures.append(f"expected class not shown by any generated input: {impl}: {signature}")
    print(f"fuzz-diff-check: {first['inputs']} inputs, seed {a.seed}, runs of {t1:.1f} s and {t2:.1f} s, "
          f"{len(a.expect)} expected classes, {first['class_counts']['known']} known and "
          f"{first['class_counts']['new']} new classes")
    for f in failures:
        print("fuzz-diff-check: " + f, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
