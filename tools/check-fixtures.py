#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Checks the shipped fixtures: JSON Schema, lint, and the requirement gate.

1. Every fixtures/**/*_test.json validates against fixtures/schemas/fixture.schema.json.
2. Lint: tcIds unique per file, names unique across the suite, no two tests with the same
   inputs and expectations, every flag defined in notes, numberOfTests right, every error
   token in an expectation registered in fixtures/error-tokens.json.
3. Gate (fixtures/requirements.json): every `tested` or `lint` id has at least one test —
   a fixture naming it in `requirements`, or a unit test whose name carries it
   (R-3.1-9 -> R_3_1_9); no test names an unknown id; every out_of_scope id has a reason.
4. Effects: every note of every fixture file and every `tested` or `lint` id of
   requirements.json says in `effect` what goes wrong when an implementation gets it wrong:
   one line of at most 120 characters (a certificate-of-conformance report prints it as is).
Exit 1 on any problem, printing one line each.

Usage: check-fixtures.py               # check fixtures/ and fixtures/requirements.json
       check-fixtures.py --self-test   # show that the effect check finds bad effects
"""
import json
import pathlib
import re
import sys

import jsonschema

ROOT = pathlib.Path(__file__).resolve().parents[1]
FIX = ROOT / "fixtures"
# An effect is one line of a report: this long at most.
EFFECT_MAX_CHARS = 120


def effect_problem(effect):
    """Why `effect` cannot stand as one report line, or None when it can."""
    if effect is None:
        return "has no effect"
    if not isinstance(effect, str) or not effect.strip():
        return "has an empty effect"
    if len(effect.splitlines()) != 1 or effect != effect.strip():
        return "has an effect that is not one trimmed line"
    if len(effect) > EFFECT_MAX_CHARS:
        return f"has an effect of {len(effect)} characters (at most {EFFECT_MAX_CHARS})"
    return None


def note_effect_problems(rel, notes):
    """One line per note of a fixture file whose effect is missing or malformed."""
    return [f"{rel}: note {name} {why}" for name, note in notes.items()
            if (why := effect_problem(note.get("effect") if isinstance(note, dict) else None))]


def registry_effect_problems(entries):
    """One line per tested or lint id without a well-formed effect; out-of-scope ids may omit it."""
    problems = []
    for entry in entries:
        effect = entry.get("effect")
        if effect is None and entry.get("status") not in ("tested", "lint"):
            continue
        if why := effect_problem(effect):
            problems.append(f"requirements.json: {entry.get('id')} {why}")
    return problems


def self_test():
    """The effect check rejects each kind of bad effect and accepts good ones."""
    good = "Blocking the policy fetch drops the cached policy: silent downgrade to no policy."
    notes = {"Good": {"description": "d", "effect": good},
             "Missing": {"description": "d"},
             "Empty": {"description": "d", "effect": " "},
             "TwoLines": {"description": "d", "effect": "first\nsecond"},
             "TooLong": {"description": "d", "effect": "x" * (EFFECT_MAX_CHARS + 1)},
             "AtLimit": {"description": "d", "effect": "x" * EFFECT_MAX_CHARS}}
    entries = [{"id": "R-1", "status": "tested", "effect": good},
               {"id": "R-2", "status": "tested"},
               {"id": "R-3", "status": "lint", "effect": "a\r\nb"},
               {"id": "R-4", "status": "out_of_scope"},
               {"id": "A-1", "status": "tested", "effect": ""}]
    found = note_effect_problems("t.json", notes) + registry_effect_problems(entries)
    expected = ["t.json: note Missing has no effect",
                "t.json: note Empty has an empty effect",
                "t.json: note TwoLines has an effect that is not one trimmed line",
                f"t.json: note TooLong has an effect of {EFFECT_MAX_CHARS + 1} characters (at most {EFFECT_MAX_CHARS})",
                "requirements.json: R-2 has no effect",
                "requirements.json: R-3 has an effect that is not one trimmed line",
                "requirements.json: A-1 has an empty effect"]
    if found != expected:
        print("self-test: expected", *expected, "found", *found, sep="\n  ")
        return 1
    print(f"self-test: the check finds {len(expected)} bad effects and accepts the good ones")
    return 0


def main():
    if sys.argv[1:] == ["--self-test"]:
        return self_test()
    schema = json.loads((FIX / "schemas" / "fixture.schema.json").read_text())
    validator = jsonschema.Draft202012Validator(schema)
    tokens = {e["token"] for e in json.loads((FIX / "error-tokens.json").read_text())}
    registry = json.loads((FIX / "requirements.json").read_text())
    known = {r["id"]: r for r in registry["requirements"]}
    known.update({a["id"]: a for a in registry["ambiguities"]})
    problems = registry_effect_problems(registry["requirements"] + registry["ambiguities"])

    covered_by_fixture = {}
    names, fingerprints = {}, {}
    files = sorted(FIX.rglob("*_test.json"))
    n_tests = 0
    for path in files:
        rel = path.relative_to(ROOT)
        doc = json.loads(path.read_text(encoding="utf-8"))
        for err in validator.iter_errors(doc):
            problems.append(f"{rel}: /{'/'.join(map(str, err.absolute_path))}: {err.message}")
        tests = [t for g in doc.get("testGroups", []) for t in g.get("tests", [])]
        if doc.get("numberOfTests") != len(tests):
            problems.append(f"{rel}: numberOfTests {doc.get('numberOfTests')} != {len(tests)}")
        ids = set()
        notes = doc.get("notes", {})
        problems += note_effect_problems(rel, notes)
        for t in tests:
            n_tests += 1
            where = f"{rel} tcId {t.get('tcId')}"
            if t.get("tcId") in ids:
                problems.append(f"{where}: duplicate tcId")
            ids.add(t.get("tcId"))
            if t.get("name") in names:
                problems.append(f"{where}: duplicate name {t.get('name')} (also {names[t['name']]})")
            names[t.get("name")] = where
            # fixtures/peers/ is the peers' published vectors by provenance: an input is there
            # once (several peers' answers folded into one test), and it may also be in the
            # rule suites, which are organised by requirement.
            scope = "peers" if rel.parts[1] == "peers" else "rules"
            key = scope + json.dumps({"d": t.get("domain"), "c": t.get("cache_before"), "f": t.get("failures_before"), "s": t.get("steps")}, sort_keys=True)
            if key in fingerprints:
                problems.append(f"{where}: same inputs and expectations as {fingerprints[key]}")
            fingerprints[key] = where
            for f in t.get("flags", []):
                if f not in notes:
                    problems.append(f"{where}: flag {f} not defined in notes")
            for rid in t.get("requirements", []):
                if rid not in known:
                    problems.append(f"{where}: unknown requirement id {rid}")
                covered_by_fixture.setdefault(rid, []).append(where)
            for text in re.findall(r'"(?:token|verdict)": "([A-Z][A-Z0-9_]+)"', json.dumps(t)) + \
                    [e for s in t.get("steps", []) for x in [s.get("expect", {})] + s.get("alternatives", []) for e in x.get("events", [])]:
                if text not in tokens:
                    problems.append(f"{where}: unregistered error token {text}")

    # Unit tests: names carry the id with '-' and '.' as '_' (TEST(Suite, R_3_1_9_...)).
    unit_text = "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in ROOT.glob("parser/*/tests/**/*.cc"))
    unit_text += "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in ROOT.glob("conformance/*/tests/**/*.cc"))
    covered_by_unit = {rid for rid in known if re.search(r"\b" + re.escape(rid.replace("-", "_").replace(".", "_")) + r"_", unit_text)}

    fixture_only = unit_only = 0
    for rid, r in known.items():
        status = r.get("status")
        if status == "out_of_scope":
            if not r.get("reason"):
                problems.append(f"requirements.json: {rid} is out_of_scope without a reason")
            continue
        if status not in ("tested", "lint"):
            problems.append(f"requirements.json: {rid} has unknown status {status}")
            continue
        in_fixture, in_unit = rid in covered_by_fixture, rid in covered_by_unit
        if not in_fixture and not in_unit:
            problems.append(f"gate: {rid} ({status}) has no test")
        fixture_only += in_fixture
        unit_only += in_unit and not in_fixture

    for p in problems:
        print(p)
    total = sum(1 for r in known.values() if r.get("status") in ("tested", "lint"))
    print(f"check-fixtures: {len(files)} files, {n_tests} tests; {total} tested/lint ids: "
          f"{fixture_only} covered by fixtures, {unit_only} by unit tests only; {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
