#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Writes corpus/fuzz_parse_tlsrpt_report/ from the shipped fixtures:
    python3 fuzz/fuzz_tlsrpt_report_seeds.py fixtures corpus/fuzz_parse_tlsrpt_report

Every parse_tlsrpt_report step of every fixture file becomes one seed, its bytes exactly the
step's input (JSON text, or gzip given as base64), named y_<test> when the fixture expects the
report to be accepted and n_<test> when rejected, so the corpus replay checks the target's
verdict against the suite. The gzip seeds at and over max_report_bytes (16 MiB decompressed)
are a few kilobytes each: they are how the fuzzer reaches the size limit. Seeds of a fixture
that no longer exists are removed; other files (auto/, regressions/) are left alone.
"""
import base64
import json
import os
import pathlib
import sys


def input_bytes(value):
    if isinstance(value, str):
        return value.encode("utf-8")
    if "base64" in value:
        return base64.b64decode(value["base64"])
    return value["repeat"].encode("utf-8") * value["count"]


def steps_of(test):
    return test.get("steps", [test])


def main(fixtures, out):
    out = pathlib.Path(out)
    out.mkdir(parents=True, exist_ok=True)
    seeds = {}
    for path in sorted(pathlib.Path(fixtures).rglob("*_test.json")):
        document = json.loads(path.read_text(encoding="utf-8"))
        for group in document.get("testGroups", []):
            for test in group["tests"]:
                for step in steps_of(test):
                    if step.get("action") != "parse_tlsrpt_report":
                        continue
                    prefix = "y_" if step["expect"]["valid"] else "n_"
                    slug = test["name"].replace("/", "_").replace(".", "_").replace("-", "_")
                    seeds[prefix + slug] = input_bytes(step["input"])
    for old in out.iterdir():
        if old.is_file() and old.name[:2] in ("y_", "n_") and old.name not in seeds:
            old.unlink()
    for name, data in seeds.items():
        (out / name).write_bytes(data)
    print(f"{len(seeds)} seeds in {out}", file=sys.stderr)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
