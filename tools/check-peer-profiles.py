#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Checks that each peer profile reproduces its peer on the peers' own vectors.

Every test of fixtures/peers/*_test.json may record what deployed implementations answer
(`peers`, fixtures/FORMAT.md). An answer that names a `profile` is a promise: `mtasts parse
<kind> --profile <profile>` gives that answer on the test's input. The check runs every such
vector and fails when
  - a profile answers otherwise and its `differences` (`mtasts profiles`) do not list the test,
  - a listed difference names no test, or a test on which the profile now agrees (stale),
  - an answer names a profile for an input kind the profile does not model, or an unknown one.

Usage: check-peer-profiles.py MTASTS [FIXTURE_DIR]   (default FIXTURE_DIR: fixtures/peers)
       check-peer-profiles.py --self-test MTASTS
Exit 0 when every promise holds, 1 when one does not, 2 when the check could not run.
"""
import base64
import json
import pathlib
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parents[1]
KIND_OF_ACTION = {"parse_txt": "txt", "parse_txt_records": "txt", "parse_policy": "policy",
                  "parse_tlsrpt": "tlsrpt"}


def fixture_bytes(value):
    """The bytes a fixture value stands for (FORMAT.md: a string, {"base64"} or {"repeat"})."""
    if isinstance(value, str):
        return value.encode("utf-8")
    if "base64" in value:
        return base64.b64decode(value["base64"])
    return fixture_bytes(value["repeat"]) * value["count"]


def matches(answer, observed):
    """Only the fields the answer gives are compared, recursively for objects."""
    if isinstance(answer, dict):
        return isinstance(observed, dict) and all(
            k in observed and matches(v, observed[k]) for k, v in answer.items())
    return answer == observed


def observe(mtasts, step, profile, scratch):
    action = step["action"]
    kind = KIND_OF_ACTION[action]
    command = [mtasts, "parse", kind, "--profile", profile]
    stdin = b""
    if action == "parse_txt_records":
        records = scratch / "records.json"
        records.write_text(json.dumps(step["input"]), encoding="utf-8")
        command += ["--records", str(records)]
    else:
        command.append("-")
        stdin = fixture_bytes(step["input"])
    run = subprocess.run(command, input=stdin, capture_output=True, check=False, timeout=60)
    if run.returncode not in (0, 1):
        raise RuntimeError(f"{' '.join(command)} exited {run.returncode}: "
                           f"{run.stderr.decode(errors='replace').strip()}")
    return json.loads(run.stdout)


def check(mtasts, fixture_dir):
    """The problems found, as lines; and how many promises were checked."""
    listing = subprocess.run([mtasts, "profiles"], capture_output=True, check=True, timeout=60)
    profiles = {p["name"]: p for p in json.loads(listing.stdout)}
    listed = {(name, d["test"]) for name, p in profiles.items() for d in p["differences"]}
    problems, checked, differing, names = [], 0, set(), set()
    with tempfile.TemporaryDirectory() as tmp:
        scratch = pathlib.Path(tmp)
        for path in sorted(pathlib.Path(fixture_dir).glob("*_test.json")):
            data = json.loads(path.read_text(encoding="utf-8"))
            for group in data["testGroups"]:
                for test in group["tests"]:
                    names.add(test["name"])
                    for answer in test.get("peers", []):
                        profile = answer.get("profile")
                        if profile is None:
                            continue
                        where = f"{path.name}: {test['name']} ({answer['peer']}, --profile {profile})"
                        steps = test["steps"]
                        if profile not in profiles:
                            problems.append(f"{where}: no such profile")
                            continue
                        if len(steps) != 1 or steps[0]["action"] not in KIND_OF_ACTION or "answer" not in answer:
                            problems.append(f"{where}: a profile answer needs one parse step and an answer")
                            continue
                        kind = KIND_OF_ACTION[steps[0]["action"]]
                        if kind not in profiles[profile]["models"]:
                            problems.append(f"{where}: the profile does not model {kind} input")
                            continue
                        checked += 1
                        observed = observe(mtasts, steps[0], profile, scratch)
                        if matches(answer["answer"], observed):
                            continue
                        differing.add((profile, test["name"]))
                        if (profile, test["name"]) not in listed:
                            observed.pop("diagnostics", None)
                            problems.append(f"{where}: the peer answers {json.dumps(answer['answer'])}, "
                                            f"the profile {json.dumps(observed)}; model it or list it in "
                                            "the profile's differences")
    for profile, name in sorted(listed - differing):
        state = "names no test" if name not in names else "is not a difference (the profile agrees)"
        problems.append(f"profile {profile}: listed difference {name} {state}")
    return problems, checked


def self_test(mtasts):
    """A wrong peer answer must be reported; a right one must not."""
    test = {"name": "rfc8461/3.1/self-test", "steps": [{"action": "parse_txt", "input": "v=STSv1; id=abc;"}],
            "peers": [{"peer": "pmsr", "profile": "pmsr", "answer": {"valid": True, "id": "abc"}}]}
    with tempfile.TemporaryDirectory() as tmp:
        path = pathlib.Path(tmp) / "x_test.json"
        for answer, want in (({"valid": True, "id": "abc"}, 0), ({"valid": False}, 1), ({"valid": True, "id": "abd"}, 1)):
            test["peers"][0]["answer"] = answer
            path.write_text(json.dumps({"testGroups": [{"tests": [test]}]}), encoding="utf-8")
            # Only what concerns this test: the real profiles' differences name other tests.
            problems = [p for p in check(mtasts, tmp)[0] if "listed difference" not in p]
            if len(problems) != want:
                print(f"self-test: answer {answer}: want {want} problem(s), got {problems}")
                return 1
        test["peers"][0]["profile"] = "mailauth-strict"
        path.write_text(json.dumps({"testGroups": [{"tests": [test]}]}), encoding="utf-8")
        problems, _ = check(mtasts, tmp)
        if not any("does not model" in p for p in problems):
            print(f"self-test: a profile used for a kind it does not model went unnoticed: {problems}")
            return 1
    print("self-test: ok")
    return 0


def main(argv):
    if len(argv) >= 2 and argv[0] == "--self-test":
        return self_test(argv[1])
    if not argv or len(argv) > 2:
        print(__doc__.strip().splitlines()[-3], file=sys.stderr)
        return 2
    fixture_dir = argv[1] if len(argv) == 2 else ROOT / "fixtures" / "peers"
    try:
        problems, checked = check(argv[0], fixture_dir)
    except (OSError, RuntimeError, subprocess.SubprocessError, json.JSONDecodeError) as e:
        print(f"check-peer-profiles: could not check: {e}", file=sys.stderr)
        return 2
    for p in problems:
        print(p)
    print(f"check-peer-profiles: {checked} profile answers checked, {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
