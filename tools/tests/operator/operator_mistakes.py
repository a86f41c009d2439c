#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""The mistakes real operators make, one served world each, and what `check` and `lint` say.

Each world is a fixture test (written to a temporary file) that `mtasts replay-serve`
serves on loopback ports. For each: the exit status, the finding's code, and that its text
holds the evidence (what was seen) and a fix. Then the exit statuses of the tool's own
failures (2: could not check) and of a domain without MTA-STS (0, or 1 with
--require-policy).

Usage: operator_mistakes.py MTASTS SOURCE_DIR
"""
import copy
import json
import os
import socket
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "e2e"))
import served_world  # noqa: E402

MTASTS, SOURCE = sys.argv[1], sys.argv[2]
CA = os.path.join(SOURCE, "fixtures", "certs", "root-ca.pem")
URL = "https://mta-sts.example.com/.well-known/mta-sts.txt"
GOOD_POLICY = "version: STSv1\nmode: enforce\nmx: mx1.example.com\nmax_age: 604800\n"
failures = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures.append(what)


def world(name, txt=("v=STSv1; id=20261201",), status=200, body=GOOD_POLICY,
          headers=(("Content-Type", "text/plain"),), policy_tls="valid", mx_tls="valid",
          mx_hosts=("mx1.example.com",), tlsrpt=("v=TLSRPTv1; rua=mailto:tls@example.com",),
          starttls=True):
    dns = []
    if txt is None:
        dns.append({"name": "_mta-sts.example.com", "rcode": "NXDOMAIN"})
    else:
        dns.append({"name": "_mta-sts.example.com", "rcode": "NOERROR",
                    "txt": [[t] for t in txt]})
    if tlsrpt:
        dns.append({"name": "_smtp._tls.example.com", "rcode": "NOERROR",
                    "txt": [[t] for t in tlsrpt]})
    else:
        dns.append({"name": "_smtp._tls.example.com", "rcode": "NXDOMAIN"})
    https = [{"url": URL, "tls": {"verdict": policy_tls}, "status": status,
              "headers": [list(h) for h in headers], "body": body}]
    mx = [{"host": h, "starttls": True, "tls": {"verdict": mx_tls}} if starttls
          else {"host": h, "starttls": False} for h in mx_hosts]
    return {"tcId": 1, "name": "operator/mistake/" + name, "requirements": ["R-3.1-1"],
            "level": "MUST", "result": "valid", "requires": ["discover"],
            "steps": [{"now": "2026-11-28T12:00:00Z", "action": "deliver", "dns": dns,
                       "https": https, "mx": mx, "expect": {}}]}


# (world, command and flags, exit status, finding code, token or None, evidence, fix)
CASES = [
    (world("good"), ["check", "--starttls"], 0, None, None, "passes validation", None),
    (world("good"), ["lint"], 0, None, None, "certificate: names", None),
    (world("mx-cert-name", mx_tls="name_mismatch"), ["check", "--starttls"], 1,
     "mx-would-fail", "MX_CERT_NAME_MISMATCH", "certificate: names",
     "subjectAltName lists mx1.example.com"),
    (world("policy-cert-expired", policy_tls="expired"), ["check"], 1,
     "policy-fetch-failed", "FETCH_CERT_EXPIRED", "expired", "renew the certificate"),
    (world("policy-cert-name", policy_tls="name_mismatch"), ["check"], 1,
     "policy-fetch-failed", "FETCH_CERT_NAME_MISMATCH", "certificate: names",
     "subjectAltName lists mta-sts.example.com"),
    (world("policy-404", status=404, body="not found"), ["check"], 1,
     "policy-fetch-failed", "FETCH_HTTP_STATUS", "HTTP 404", URL),
    (world("policy-redirect", status=301, body="moved",
           headers=(("Location", "https://www.example.com/mta-sts.txt"),
                    ("Content-Type", "text/html"))), ["check"], 1,
     "policy-fetch-failed", "FETCH_REDIRECT", "Location: https://www.example.com/mta-sts.txt",
     "never follow redirects"),
    (world("policy-html", headers=(("Content-Type", "text/html"),)), ["check"], 1,
     "policy-fetch-failed", "FETCH_CONTENT_TYPE", "Content-Type: text/html",
     "Content-Type: text/plain"),
    (world("policy-blank-line",
           body="version: STSv1\n\nmode: enforce\nmx: mx1.example.com\nmax_age: 604800\n"),
     ["check"], 1, "policy-invalid", "POLICY_BLANK_LINE", "line 2: <blank>", "remove the blank line"),
    (world("policy-blank-line-and-ignored-mx",
           body="version: STSv1\n\nmode: enforce\nmx: mx1.example.com\nmx: alt*.google.com\n"
                "max_age: 604800\n"),
     ["lint"], 1, "policy-warning", "MX_PATTERN_WILDCARD", "mx: alt*.google.com", "*.google.com"),
    (world("mx-line-ignored", body=GOOD_POLICY + "mx: alt*.google.com\n"), ["check"], 0,
     "policy-warning", "MX_PATTERN_WILDCARD", "line 5: mx: alt*.google.com", "*.google.com"),
    (world("policy-nbsp", body=GOOD_POLICY.replace("max_age: ", "max_age:\u00a0")), ["check"], 1,
     "policy-invalid", "POLICY_MAX_AGE_SYNTAX", "<U+00A0>", "ordinary space"),
    (world("policy-misspelt-field", body="e" + GOOD_POLICY), ["check"], 1,
     "policy-invalid", "POLICY_VERSION_MISSING", None, "did you mean `version`?"),
    (world("policy-comment", body="# our policy\n" + GOOD_POLICY), ["check"], 1,
     "policy-invalid", "POLICY_NAME_SYNTAX", "line 1: # our policy", "remove the comment"),
    (world("policy-yaml-list", body=GOOD_POLICY.replace("mx: mx1", "mx:\n  - mx1")), ["check"],
     1, "policy-invalid", "POLICY_VALUE_SYNTAX", "line 3: mx:", "one host per mx: line"),
    (world("policy-bad-mode", body=GOOD_POLICY.replace("enforce", "enforced")), ["check"], 1,
     "policy-invalid", "POLICY_MODE_VALUE", "mode: enforced", "mode: enforce"),
    (world("txt-wrong-version", txt=("v=STSv2; id=20261201",)), ["check"], 1,
     "txt-invalid", "TXT_VERSION_VALUE", "v=STSv2; id=20261201", "v=STSv1"),
    (world("txt-two-records", txt=("v=STSv1; id=1", "v=STSv1; id=2")), ["check"], 1,
     "txt-invalid", "TXT_SELECT_MULTIPLE", '"v=STSv1; id=2"', "exactly one record"),
    (world("max-age-one-day", body=GOOD_POLICY.replace("604800", "86400")), ["check"], 0,
     "max-age-short", None, "max_age: 86400", "604800"),
    (world("mode-testing", body=GOOD_POLICY.replace("enforce", "testing")), ["lint"], 0,
     "mode-testing", None, "mode: testing", "enforce"),
    (world("mx-not-covered", mx_hosts=("mx1.example.com", "mx2.example.com")), ["lint"], 1,
     "mx-host-not-covered", "MX_NOT_IN_POLICY", "mx patterns: mx1.example.com",
     "mx: mx2.example.com"),
    (world("policy-behind-a-cache", headers=(("Content-Type", "text/plain"),
                                             ("Cache-Control", "public, max-age=86400"),
                                             ("Age", "3000"))),
     ["lint"], 0, "policy-http-caching", None, "Cache-Control: public, max-age=86400", "no-cache"),
    (world("no-tlsrpt", tlsrpt=None), ["lint"], 0, "tlsrpt-missing", None, None,
     "_smtp._tls.example.com"),
    (world("testing-without-tlsrpt", tlsrpt=None, body=GOOD_POLICY.replace("enforce", "testing")),
     ["lint"], 0, "tlsrpt-missing", None, "NXDOMAIN", "in mode testing"),
    (world("no-mta-sts", txt=None), ["check"], 0, "txt-missing", None,
     "_mta-sts.example.com: NXDOMAIN", "v=STSv1"),
    # Without a policy the MX session is still shown as it went, not as "ok".
    (world("no-mta-sts-no-starttls", txt=None, starttls=False), ["check", "--starttls"], 0,
     None, None, "SMTP mx1.example.com: STARTTLS not offered\n", None),
    (world("no-mta-sts-no-starttls", txt=None, starttls=False), ["check", "--starttls"], 0,
     None, None, "senders deliver without TLS", None),
    (world("no-mta-sts-required", txt=None), ["check", "--require-policy"], 1,
     "policy-required", None, None, "_mta-sts.example.com"),
]


def run(args, **kw):
    return subprocess.run([MTASTS] + args, capture_output=True, text=True, timeout=120, **kw)


def test_world(fixture_path, w, command, status, code, token, evidence, fix):
    name = w["name"]
    with served_world.Served(MTASTS, fixture_path, name, CA) as served:
        args = command[:1] + ["example.com"] + command[1:] + served.net_args() + ["--quiet"]
        text = run(args)
        report_run = run(args + ["--json"])
    label = "%s: %s" % (name.rsplit("/", 1)[1], " ".join(command))
    check(text.returncode == status,
          "%s exits %d (got %d)\n%s" % (label, status, text.returncode, text.stdout[-1500:]))
    check(report_run.returncode == status, "%s --json exits %d" % (label, status))
    report = json.loads(report_run.stdout or "{}")
    findings = report.get("findings", [])
    if code is None:
        check(not any(f["severity"] in ("error", "warning") for f in findings),
              "%s: no error or warning (%s)" % (label, [f["code"] for f in findings]))
        if evidence:
            check(evidence in text.stdout, "%s: shows %r" % (label, evidence))
        return
    found = [f for f in findings if f["code"] == code and (token is None or f.get("token") == token)]
    check(bool(found), "%s: finding %s %s (found %s)" % (
        label, code, token or "", [(f["code"], f.get("token")) for f in findings]))
    if not found:
        return
    f = found[0]
    if evidence:
        check(any(evidence in line for line in f["evidence"]),
              "%s: evidence holds %r (%s)" % (label, evidence, f["evidence"]))
        check(evidence in text.stdout, "%s: the text shows %r" % (label, evidence))
    if fix:
        check(fix in f["fix"] or fix in f["message"],
              "%s: fix says %r (%r)" % (label, fix, f["fix"]))
    check("<domain>" not in text.stdout, "%s: no placeholder left in the text" % label)
    check("fix: " in text.stdout, "%s: the text has a fix line" % label)


def free_udp_port_that_never_answers():
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("127.0.0.1", 0))
    return s


def test_could_not_check():
    silent = free_udp_port_that_never_answers()
    try:
        resolver = "127.0.0.1:%d" % silent.getsockname()[1]
        cases = [
            (["check", "user@example.com"], "did you mean example.com?"),
            (["check", "https://example.com/.well-known/mta-sts.txt"], "did you mean example.com?"),
            (["lint", ""], "is empty"),
            (["check", "192.0.2.1"], "IP address"),
            (["check", "b\u2603.example"], "HOST_IDNA_"),
            (["check", "[2001:db8::1]"], "IP address"),
            (["record", "mailto:user@example.com", "-o", os.devnull], "did you mean example.com?"),
            (["check", "example.com", "--ca-file", "/nonexistent/ca.pem"], "--ca-file"),
            (["check", "example.com", "--ca-file", os.path.join(SOURCE, "README.md")], "ca"),
            (["check", "example.com", "--resolver", resolver, "--timeout", "1"],
             "COULD NOT CHECK"),
            (["lint", "example.com", "--resolver", resolver, "--timeout", "1"],
             "COULD NOT CHECK"),
        ]
        for args, says in cases:
            out = run(args)
            check(out.returncode == 2, "%s exits 2 (got %d: %s%s)" % (
                args, out.returncode, out.stderr.strip()[:200], out.stdout.strip()[-200:]))
            check(says.lower() in (out.stderr + out.stdout).lower(),
                  "%s says %r" % (args, says))
    finally:
        silent.close()


def test_record_checks_output_first():
    out = run(["record", "example.com", "-o", "/nonexistent/dir/x.json", "--resolver",
               "127.0.0.1:9", "--timeout", "30"])
    check(out.returncode == 2 and "dns:" not in out.stderr,
          "record refuses an unwritable output before any network work (%d, %s)" % (
              out.returncode, out.stderr.strip()[:200]))


def test_record_exit_zero(fixture_path):
    w = CASES[2][0]
    with served_world.Served(MTASTS, fixture_path, w["name"], CA) as served:
        with tempfile.TemporaryDirectory() as tmp:
            out = run(["record", "example.com", "--starttls", "-o", os.path.join(tmp, "r.json")]
                      + served.net_args())
            check(out.returncode == 0 and os.path.exists(os.path.join(tmp, "r.json")),
                  "record exits 0 once written, whatever the verdict (%d)" % out.returncode)
            check("has problems" in out.stderr, "record says the verdict on stderr")


def main():
    worlds = []
    for case in CASES:
        if case[0]["name"] not in [w["name"] for w in worlds]:
            worlds.append(copy.deepcopy(case[0]))
    for i, w in enumerate(worlds):
        w["tcId"] = i + 1
    doc = {"schema": "mtasts-fixture/1", "suite": "operator-mistakes",
           "numberOfTests": len(worlds), "header": ["Worlds of operator mistakes."],
           "testGroups": [{"type": "ScenarioTest", "tests": worlds}]}
    with tempfile.TemporaryDirectory(prefix="mtasts-operator-") as tmp:
        path = os.path.join(tmp, "worlds.json")
        with open(path, "w") as f:
            json.dump(doc, f)
        for w, command, status, code, token, evidence, fix in CASES:
            test_world(path, w, command, status, code, token, evidence, fix)
        test_record_exit_zero(path)
    test_could_not_check()
    test_record_checks_output_first()
    if failures:
        print("%d failures" % len(failures))
        return 1
    print("all %d operator worlds and the could-not-check cases passed" % len(CASES))
    return 0


if __name__ == "__main__":
    sys.exit(main())
