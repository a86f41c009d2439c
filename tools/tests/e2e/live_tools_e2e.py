#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""`mtasts check`, `record` and `lint` end to end against `mtasts replay-serve`.

No internet and no root: every fixture test below is served on loopback ports that
`mtasts replay-serve` picks itself (port 0; its ready file names them), and the live tools
reach it with --resolver, --https-port, --smtp-port and --ca-file.

- record: recording a replayed test gives a fixture that `mtasts conform` replays to the
  same verdict, and whose verdict (outcome, policy, active, id, events, mx) is the one the
  original test expects.
- check: `--json` is the observation the original test expects.
- lint: the findings a domain operator should see for the served world.

Usage: live_tools_e2e.py MTASTS SOURCE_DIR
"""
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import served_world  # noqa: E402

MTASTS, SOURCE = sys.argv[1], sys.argv[2]
FIXTURES = os.path.join(SOURCE, "fixtures")
CA = os.path.join(FIXTURES, "certs", "root-ca.pem")
VERDICT_FIELDS = ("outcome", "policy", "active", "id", "events", "mx", "temporary_failure")
failures = []


def Served(path, name):  # noqa: N802 (a class in served_world.py)
    return served_world.Served(MTASTS, os.path.join(FIXTURES, path), name, CA)


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures.append(what)


def matches(expected, observed):
    """As fixtures compare (FORMAT.md): only the fields an expected object gives."""
    if isinstance(expected, dict):
        return isinstance(observed, dict) and all(
            k in observed and matches(v, observed[k]) for k, v in expected.items())
    if isinstance(expected, list):
        return (isinstance(observed, list) and len(expected) == len(observed)
                and all(matches(e, o) for e, o in zip(expected, observed)))
    return expected == observed


def same_verdict(expected, observed, what):
    for field in VERDICT_FIELDS:
        if field in expected:
            check(matches(expected[field], observed.get(field)),
                  "%s: %s %s == %s" % (what, field, json.dumps(observed.get(field)),
                                        json.dumps(expected[field])))


# (fixture file, test name): lookups and deliveries with a policy, without one, and broken.
CASES = [
    ("discovery/discovery_test.json", "rfc8461/3.1/discovery-query-name"),
    ("discovery/discovery_test.json", "rfc8461/3.1/discovery-split-strings"),
    ("discovery/discovery_test.json", "rfc8461/3.1/discovery-nxdomain"),
    ("discovery/discovery_test.json", "rfc8461/3.1/discovery-servfail"),
    ("discovery/discovery_test.json", "rfc8461/3.1/discovery-cname-chain"),
    ("fetch/fetch_test.json", "rfc8461/3.3/fetch-200-only-404"),
    ("fetch/fetch_test.json", "rfc8461/3.3/redirect-not-followed"),
    ("fetch/fetch_test.json", "rfc8461/3.3/body-cap-exceeded"),
    ("fetch/fetch_test.json", "rfc8461/3.3/cert-expired"),
    ("fetch/fetch_test.json", "rfc8461/3.3/cert-untrusted"),
    ("fetch/fetch_test.json", "rfc8461/3.3/cert-name-mismatch"),
    ("fetch/fetch_test.json", "rfc8461/3.3/fetch-connect-error"),
    ("fetch/fetch_test.json", "rfc8461/3.3/fetch-tls-handshake-error"),
    ("fetch/fetch_test.json", "rfc8461/3.3/fetch-base64-body"),
    ("delivery/delivery_test.json", "rfc8461/5/enforce-valid-mx-delivers"),
    ("delivery/delivery_test.json", "rfc8461/5/enforce-cert-expired"),
    ("delivery/delivery_test.json", "rfc8461/5/enforce-starttls-absent"),
    ("delivery/delivery_test.json", "rfc8461/5/testing-cert-name-mismatch-reported"),
    ("delivery/delivery_test.json", "rfc8461/5/enforce-priority-order"),
]


def run(args, **kw):
    return subprocess.run([MTASTS] + args, capture_output=True, text=True, timeout=60, **kw)


def test_check_and_record(path, name):
    with Served(path, name) as served:
        deliver = served.test["steps"][0]["action"] == "deliver"
        extra = ["--starttls"] if deliver else []
        out = run(["check", served.domain(), "--observation", "--quiet"] + extra + served.net_args())
        check(out.returncode in (0, 1), "%s: check exit %d %s" % (name, out.returncode, out.stderr))
        if out.returncode in (0, 1):
            same_verdict(served.expect(), json.loads(out.stdout), name + ": check")
        fixture = os.path.join(served.tmp, "recorded.json")
        rec = run(["record", served.domain(), "-o", fixture, "--quiet"] + extra + served.net_args())
        check(rec.returncode in (0, 1), "%s: record exit %d %s" % (name, rec.returncode, rec.stderr))
        if rec.returncode not in (0, 1):
            return
        conform = run(["conform", fixture])
        check(conform.returncode == 0,
              "%s: conform replays the recording (exit %d) %s" % (name, conform.returncode,
                                                                 conform.stdout[-400:].strip()))
        with open(fixture) as f:
            recorded = json.load(f)["testGroups"][0]["tests"][0]["steps"][0]["expect"]
        same_verdict(served.expect(), recorded, name + ": recorded")


DELIVERY = "delivery/delivery_test.json"
# (fixture, test, codes that must be found, codes that must not, lint exit status)
LINT_CASES = [
    # max_age 86400: one day is too short for large receivers such as Gmail (a warning).
    (DELIVERY, "rfc8461/5/enforce-valid-mx-delivers",
     {"tlsrpt-missing", "mx-pattern-unused", "max-age-short"},
     {"mx-would-fail", "mx-host-not-covered", "mode-testing"}, 0),
    (DELIVERY, "rfc8461/5/enforce-cert-expired", {"mx-would-fail"}, {"mx-host-not-covered"}, 1),
    (DELIVERY, "rfc8461/5/testing-delivers-and-reports", {"mode-testing", "mx-would-fail"},
     set(), 1),
    (DELIVERY, "rfc8461/5/enforce-mx-not-in-policy", {"mx-host-not-covered"}, set(), 1),
    (DELIVERY, "rfc8461/5/none-mode-no-policy", {"mode-none", "max-age-short"},
     {"mx-would-fail"}, 0),
    ("fetch/fetch_test.json", "rfc8461/3.3/cert-expired", {"policy-fetch-failed"}, set(), 1),
    ("discovery/discovery_test.json", "rfc8461/3.1/discovery-nxdomain", {"txt-missing"},
     {"policy-fetch-failed"}, 0),
]


def lint(served, extra=()):
    out = run(["lint", served.domain(), "--json", "--quiet"] + list(extra) + served.net_args())
    try:
        report = json.loads(out.stdout)
    except ValueError:
        report = {"findings": []}
    return out.returncode, {f["code"]: f for f in report.get("findings", [])}


def test_lint(path, name, present, absent, status):
    with Served(path, name) as served:
        code, found = lint(served)
        check(code == status, "%s: lint exit %d == %d" % (name, code, status))
        for c in present:
            check(c in found, "%s: lint finds %s (found %s)" % (name, c, sorted(found)))
        for c in absent:
            check(c not in found, "%s: lint does not find %s" % (name, c))
        for f in found.values():
            check(bool(f.get("rfc")), "%s: finding %s cites its RFC reason" % (name, f["code"]))
        if "policy-changed-id-unchanged" not in absent:
            check(found.get("policy-changed-id-unchanged", {}).get("severity") == "skipped",
                  "%s: the id check is skipped without --previous" % name)


def test_lint_previous():
    """The policy changed (enforce → testing) while the TXT id stayed id1: an error."""
    with Served(DELIVERY, "rfc8461/5/enforce-valid-mx-delivers") as before:
        fd, previous = tempfile.mkstemp(prefix="mtasts-e2e-previous-", suffix=".json")
        os.close(fd)
        rec = run(["record", before.domain(), "-o", previous, "--quiet", "--starttls"]
                  + before.net_args())
        check(rec.returncode == 0, "record the previous state (exit %d)" % rec.returncode)
    try:
        with Served(DELIVERY, "rfc8461/5/testing-delivers-and-reports") as after:
            code, found = lint(after, ["--previous", previous])
            check(found.get("policy-changed-id-unchanged", {}).get("severity") == "error",
                  "lint --previous: policy changed under the same id is an error")
            check(code == 1, "lint --previous exit %d == 1" % code)
        with Served(DELIVERY, "rfc8461/5/enforce-valid-mx-delivers") as same:
            code, found = lint(same, ["--previous", previous])
            check("policy-changed-id-unchanged" not in found
                  or found["policy-changed-id-unchanged"]["severity"] not in ("error", "skipped"),
                  "lint --previous: an unchanged policy under the same id is fine")
    finally:
        os.remove(previous)


def main():
    for path, name in CASES:
        test_check_and_record(path, name)
    for case in LINT_CASES:
        test_lint(*case)
    test_lint_previous()
    if failures:
        print("%d failures" % len(failures))
        return 1
    print("all %d check/record cases, %d lint cases and lint --previous passed" % (len(CASES), len(LINT_CASES)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
