#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Writes the README's conformance table from conformance/expectations/*.json.

Each expectations file lists every test whose status is not the default (PASS, or
ACCEPTABLE_PASS for an acceptable test, or UNIMPLEMENTED for a test needing a capability
outside the file's `capabilities`, what the implementation declared); every other test of
fixtures/ is expected at its default. The table between the README markers gives, per implementation, the count of each
status over the whole shipped suite (SHOULD-level tests included, as CI certifies with
--strict). `--check` exits 1 when the README differs from what this would write, or when an
expectations file names a test that does not exist or a status that is not in the protocol.
"""
import json
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
BEGIN = "<!-- conformance-counts:begin (tools/gen-readme-counts.py) -->"
END = "<!-- conformance-counts:end -->"
STATUSES = ["PASS", "ACCEPTABLE_PASS", "ACCEPTABLE_FAIL", "SHOULD_HAVE_PASSED", "SHOULD_HAVE_FAILED",
            "WRONG_ERROR", "CRASH", "TIMEOUT", "UNIMPLEMENTED", "DISABLED"]
# Our engine first, then its shim, then the peers by name.
ORDER = {"mtasts": 0, "mtasts-shim": 1}


def fixture_tests():
    tests = {}
    for path in sorted((ROOT / "fixtures").rglob("*_test.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        for group in doc["testGroups"]:
            for t in group["tests"]:
                tests[t["name"]] = (t["result"], set(t.get("requires", [])))
    return tests


def table(problems):
    tests = fixture_tests()
    files = sorted((ROOT / "conformance" / "expectations").glob("*.json"),
                   key=lambda p: (ORDER.get(p.stem, 2), p.stem))
    lines = ["| implementation | " + " | ".join(STATUSES) + " |",
             "|---|" + "---|" * len(STATUSES)]
    for path in files:
        doc = json.loads(path.read_text(encoding="utf-8"))
        listed = doc.get("tests", {})
        counts = dict.fromkeys(STATUSES, 0)
        for name, v in listed.items():
            if name not in tests:
                problems.append(f"{path.relative_to(ROOT)}: no fixture test named {name}")
            if v.get("status") not in STATUSES:
                problems.append(f"{path.relative_to(ROOT)}: {name}: unknown status {v.get('status')}")
        declared = doc.get("capabilities")
        for name, (result, needs) in tests.items():
            default = "ACCEPTABLE_PASS" if result == "acceptable" else "PASS"
            if declared is not None and not needs <= set(declared):
                default = "UNIMPLEMENTED"
            status = listed.get(name, {}).get("status", default)
            if status in counts:
                counts[status] += 1
        lines.append(f"| {doc.get('impl', path.stem)} | " + " | ".join(str(counts[s]) for s in STATUSES) + " |")
    return "\n".join([BEGIN, f"{len(tests)} tests; generated from `conformance/expectations/` by "
                      "`tools/gen-readme-counts.py`.", "", *lines, END])


def main():
    problems = []
    readme = ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    if BEGIN not in text or END not in text:
        print("gen-readme-counts: README.md has no conformance-counts markers")
        return 1
    before, rest = text.split(BEGIN, 1)
    _, after = rest.split(END, 1)
    new = before + table(problems) + after
    for p in problems:
        print(p)
    if "--check" in sys.argv[1:]:
        if new != text:
            print("gen-readme-counts: README.md is out of date (run tools/gen-readme-counts.py)")
            return 1
        return 1 if problems else 0
    readme.write_text(new, encoding="utf-8")
    print("gen-readme-counts: README.md written")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
