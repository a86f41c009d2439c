#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""The mtasts CLI contract: exit statuses, output fields, and the output schema.

usage: cli_contract_test.py MTASTS SOURCE_DIR [idna|no-idna]   (default idna: the build converts U-labels)

Runs the binary on every command with valid and invalid inputs and checks, for each run:
  - the exit status (0 valid/match, 1 invalid/no match, 2 usage or I/O error,
    3 invalid pattern or host);
  - JSON results: exactly one line on stdout, nothing on stderr, the expected member values,
    and validity against conformance/schemas/parse-result.schema.json;
  - usage errors: nothing on stdout and exactly one stderr line starting "mtasts: ".
Exits 1 when any check fails, printing every failure.
"""

import gzip
import json
import os
import subprocess
import sys
import tempfile

try:
    import jsonschema
except ImportError:  # A missing validator is a failure, never a silent skip.
    print("cli_contract_test: python3 module jsonschema is required", file=sys.stderr)
    sys.exit(1)

OK, NEGATIVE, USAGE, INVALID_SUBJECT = 0, 1, 2, 3


class Contract:
    def __init__(self, mtasts, source_dir, idna=True):
        self.mtasts = mtasts
        self.idna = idna  # built with MTASTS_WITH_IDNA: U-labels are converted
        self.source_dir = source_dir
        self.examples = os.path.join(source_dir, "examples")
        schema_path = os.path.join(source_dir, "conformance", "schemas",
                                   "parse-result.schema.json")
        with open(schema_path, encoding="utf-8") as f:
            self.schema = json.load(f)
        validator_class = jsonschema.validators.validator_for(self.schema)
        validator_class.check_schema(self.schema)
        self.validator = validator_class(self.schema)
        self.tmp = tempfile.TemporaryDirectory(prefix="mtasts-cli-test-")
        self.runs = 0
        self.validated = 0
        self.failures = []

    # -- helpers -------------------------------------------------------------------------

    def example(self, *parts):
        return os.path.join(self.examples, *parts)

    def write(self, name, data):
        path = os.path.join(self.tmp.name, name)
        mode = "wb" if isinstance(data, bytes) else "w"
        with open(path, mode) as f:
            if isinstance(data, (bytes, str)):
                f.write(data)
            else:
                json.dump(data, f)
        return path

    def fail(self, label, why):
        self.failures.append(f"{label}: {why}")

    def run(self, args, stdin=b""):
        self.runs += 1
        argv = [self.mtasts] + [a if isinstance(a, bytes) else a.encode() for a in args]
        done = subprocess.run(argv, input=stdin, capture_output=True, timeout=30)
        return done.returncode, done.stdout, done.stderr

    def label(self, args):
        shown = " ".join(a.decode("utf-8", "backslashreplace") if isinstance(a, bytes) else a
                         for a in args)
        return f"mtasts {shown}"

    def check_subset(self, label, expected, actual, path="$"):
        """Every member of expected must be in actual with an equal value (objects: recursively)."""
        if isinstance(expected, dict):
            if not isinstance(actual, dict):
                self.fail(label, f"{path}: expected an object, got {actual!r}")
                return
            for key, value in expected.items():
                if key not in actual:
                    self.fail(label, f"{path}.{key}: missing")
                else:
                    self.check_subset(label, value, actual[key], f"{path}.{key}")
        elif expected != actual or type(expected) is not type(actual):
            self.fail(label, f"{path}: expected {expected!r}, got {actual!r}")

    def json_result(self, args, status, expect=None, stdin=b"", absent=()):
        """Runs a command that must print one JSON value; returns it (or None on failure)."""
        label = self.label(args)
        code, out, err = self.run(args, stdin)
        if code != status:
            self.fail(label, f"exit {code}, expected {status}; stderr={err!r} stdout={out!r}")
        if err:
            self.fail(label, f"unexpected stderr {err!r}")
        if not out.endswith(b"\n") or out.count(b"\n") != 1:
            self.fail(label, f"stdout is not exactly one line: {out!r}")
        try:
            value = json.loads(out.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as e:
            self.fail(label, f"stdout is not UTF-8 JSON ({e}): {out!r}")
            return None
        errors = sorted(self.validator.iter_errors(value), key=lambda e: list(e.path))
        self.validated += 1
        for e in errors:
            self.fail(label, f"schema: {e.message[:300]}")
        if expect is not None:
            self.check_subset(label, expect, value)
        for key in absent:
            if isinstance(value, dict) and key in value:
                self.fail(label, f"member {key!r} must be absent")
        return value

    def usage_error(self, args, mentions=None, stdin=b""):
        label = self.label(args)
        code, out, err = self.run(args, stdin)
        if code != USAGE:
            self.fail(label, f"exit {code}, expected {USAGE}; stdout={out!r}")
        if out:
            self.fail(label, f"stdout must be empty, got {out!r}")
        if not err.startswith(b"mtasts: ") or not err.endswith(b"\n") or err.count(b"\n") != 1:
            self.fail(label, f"stderr must be one line starting 'mtasts: ', got {err!r}")
        if mentions is not None and mentions.encode() not in err:
            self.fail(label, f"stderr does not mention {mentions!r}: {err!r}")

    def help_text(self, args, mentions):
        label = self.label(args)
        code, out, err = self.run(args)
        if code != OK:
            self.fail(label, f"exit {code}, expected 0")
        if mentions.encode() not in out:
            self.fail(label, f"help does not mention {mentions!r}: {out[:200]!r}")
        if err:
            self.fail(label, f"unexpected stderr {err!r}")

    def schema_rejects(self, label, value):
        """The schema is not vacuous: a wrong shape must fail it."""
        if self.validator.is_valid(value):
            self.fail(f"schema self-check {label}", f"accepted {value!r}")

    # -- the contract ----------------------------------------------------------------------

    def parse_txt(self):
        self.json_result(["parse", "txt", self.example("txt", "valid.txt")], OK,
                         {"valid": True, "kind": "txt", "id": "20240101T000000",
                          "extensions": []}, absent=("record",))
        self.json_result(["parse", "txt", "-"], OK,
                         {"valid": True, "id": "abc123", "extensions": [["ext", "1"]]},
                         stdin=b"v=STSv1; id=abc123; ext=1;")
        # No FILE at all reads stdin too.
        self.json_result(["parse", "txt"], OK, {"valid": True, "id": "X1"},
                         stdin=b"v=STSv1;id=X1")
        # A trailing newline is part of the record, so the record is invalid; the
        # diagnostic says why.
        record = b"v=STSv1; id=20240101T000000\n"
        value = self.json_result(["parse", "txt", "-"], NEGATIVE,
                                 {"valid": False, "kind": "txt",
                                  "error": {"family": "TXT_CHARSET", "offset": len(record) - 1}},
                                 stdin=record)
        if value is not None:
            self.check_subset("parse txt diagnostics",
                              [{"severity": "error", "token": "TXT_CONTROL_CHARACTER",
                                "column": len(record),
                                "evidence": "v=STSv1; id=20240101T000000<LF>"}],
                              [{k: d[k] for k in ("severity", "token", "column", "evidence")}
                               for d in value.get("diagnostics", [])])
        self.json_result(["parse", "txt", self.example("txt", "bad-id.txt")], NEGATIVE,
                         {"valid": False, "kind": "txt",
                          "error": {"token": "TXT_ID_SYNTAX", "family": "TXT_ID", "offset": 12,
                                    "line": 1, "column": 13}})
        self.json_result(["parse", "txt", "-"], NEGATIVE, {"error": {"token": "TXT_EMPTY"}})
        self.json_result(["parse", "txt", "-"], NEGATIVE,
                         {"error": {"token": "TXT_NON_ASCII", "offset": 12}},
                         stdin=b"v=STSv1; id=\xff\xfe")
        # Profiles select options: a trailing space is a strict error, a lenient relaxation.
        self.json_result(["parse", "txt", "-"], NEGATIVE,
                         {"error": {"token": "TXT_TRAILING_WHITESPACE"}},
                         stdin=b"v=STSv1; id=abc ")
        self.json_result(["parse", "txt", "--profile", "lenient", "-"], OK,
                         {"valid": True, "id": "abc"}, stdin=b"v=STSv1; id=abc ")
        self.usage_error(["parse", "txt", "--profile", "no-such-profile", "-"], "--profile")

    def parse_policy(self):
        self.json_result(["parse", "policy", self.example("policy", "enforce.txt")], OK,
                         {"valid": True, "kind": "policy", "version": "STSv1",
                          "mode": "enforce", "max_age": 604800,
                          "mx": ["mail.example.com", "*.mx.example.net"], "extensions": []})
        self.json_result(["parse", "policy", self.example("policy", "crlf.txt")], OK,
                         {"mode": "testing", "max_age": 86400, "mx": ["mx1.example.org"]})
        self.json_result(["parse", "policy", self.example("policy", "max-age-too-large.txt")],
                         NEGATIVE,
                         {"valid": False, "kind": "policy",
                          "error": {"token": "POLICY_MAX_AGE_RANGE", "family": "POLICY_MAX_AGE",
                                    "line": 4, "column": 10}})
        self.json_result(["parse", "policy", "-"], OK,
                         {"mode": "none", "max_age": 0, "mx": [],
                          "extensions": [["note", "caf\u00e9"], ["x-b", "2"]]},
                         stdin="version: STSv1\nmode: none\nnote: café\nmax_age: 0\nx-b: 2\n"
                         .encode())
        self.json_result(["parse", "policy", "-"], NEGATIVE,
                         {"error": {"token": "POLICY_INVALID_UTF8", "line": 4, "column": 7}},
                         stdin=b"version: STSv1\nmode: none\nmax_age: 0\nnote: \xff\n")
        self.json_result(["parse", "policy", "-"], NEGATIVE,
                         {"error": {"token": "POLICY_BOM", "offset": 0}},
                         stdin=b"\xef\xbb\xbfversion: STSv1\nmode: none\nmax_age: 0\n")
        # Every error, not only the first, and warnings that leave the policy valid.
        value = self.json_result(["parse", "policy", "-"], NEGATIVE,
                                 {"error": {"token": "POLICY_BLANK_LINE", "line": 2}},
                                 stdin=b"version: STSv1\n\n  mode: enforce\nmx: a.example.com\n")
        if value is not None:
            tokens = [d["token"] for d in value.get("diagnostics", [])]
            if tokens[:3] != ["POLICY_BLANK_LINE", "POLICY_LEADING_WHITESPACE",
                              "POLICY_MODE_MISSING"]:
                self.fail("parse policy diagnostics", f"tokens {tokens}")
        value = self.json_result(
            ["parse", "policy", "-"], OK, {"valid": True},
            stdin=b"version: STSv1\nmode: testing\nmx: a.example.com\nmax_age: 60\n")
        if value is not None:
            self.check_subset("parse policy warnings",
                              [["warning", "POLICY_MODE_TESTING", 2],
                               ["warning", "POLICY_MAX_AGE_SHORT", 4]],
                              [[d["severity"], d["token"], d["line"]]
                               for d in value.get("diagnostics", [])])
        blank = b"version: STSv1\nmode: none\nmax_age: 0\n\n"
        self.json_result(["parse", "policy", "-"], NEGATIVE,
                         {"error": {"token": "POLICY_BLANK_LINE"}}, stdin=blank)
        self.json_result(["parse", "policy", "--profile", "lenient", "-"], OK,
                         {"valid": True, "mode": "none"}, stdin=blank)
        self.usage_error(["parse", "policy", "--records", self.example("txt", "records.json")])

    def parse_tlsrpt(self):
        self.json_result(["parse", "tlsrpt", self.example("tlsrpt", "valid.txt")], OK,
                         {"valid": True, "kind": "tlsrpt",
                          "rua": ["mailto:tlsrpt@example.com", "https://reports.example.com/v1"],
                          "extensions": []})
        self.json_result(["parse", "tlsrpt", "-"], OK,
                         {"rua": ["mailto:a@example.com"], "extensions": [["ext", "v"]]},
                         stdin=b"v=TLSRPTv1; rua=mailto:a@example.com; ext=v")
        self.json_result(["parse", "tlsrpt", "-"], NEGATIVE,
                         {"valid": False, "kind": "tlsrpt",
                          "error": {"token": "TLSRPT_RUA_MISSING"}},
                         stdin=b"v=TLSRPTv1; ext=v")
        answer = self.write("tlsrpt-answer.json",
                            ["v=spf1 -all", ["v=TLSRPTv1; ", "rua=mailto:r@example.com"]])
        self.json_result(["parse", "tlsrpt", "--records", answer], OK,
                         {"rua": ["mailto:r@example.com"], "record": 1})

    def tlsrpt_report(self):
        example = self.example("tlsrpt-report", "rfc8460-example.json")
        with open(example, "rb") as f:
            text = f.read()
        expect = {"valid": True, "kind": "tlsrpt-report", "organization_name": "Company-X",
                  "policy_count": 1, "total_successful_session_count": 5326,
                  "total_failure_session_count": 303, "warnings": []}
        self.json_result(["parse", "tlsrpt-report", example], OK, expect)
        self.json_result(["parse", "tlsrpt-report", "-"], OK, expect, stdin=text)
        # application/tlsrpt+gzip, from a file and from standard input.
        self.json_result(["parse", "tlsrpt-report", example + ".gz"], OK, expect)
        self.json_result(["parse", "tlsrpt-report", "-"], OK, expect,
                         stdin=gzip.compress(text, mtime=0))
        self.json_result(["parse", "tlsrpt-report", self.example("tlsrpt-report", "duplicate-member.json")],
                         NEGATIVE, {"valid": False, "kind": "tlsrpt-report",
                                    "error": {"token": "TLSRPT_REPORT_DUPLICATE_MEMBER",
                                              "family": "TLSRPT_REPORT_IJSON",
                                              "pointer": "/report-id"}})
        self.json_result(["parse", "tlsrpt-report", "-"], NEGATIVE,
                         {"error": {"token": "TLSRPT_REPORT_NOT_JSON", "pointer": ""}},
                         stdin=text + b",")
        # A gzip bomb: 16 MiB + 1 decompressed, a precise error rather than memory.
        bomb = gzip.compress(b" " * ((16 << 20) + 1), mtime=0)
        self.json_result(["parse", "tlsrpt-report", "-"], NEGATIVE,
                         {"error": {"token": "TLSRPT_REPORT_TOO_LARGE", "pointer": "",
                                    "message": "/: decompressed report is larger than the limit of 16777216 bytes"}},
                         stdin=bomb)
        self.json_result(["parse", "tlsrpt-report", "-"], NEGATIVE,
                         {"error": {"token": "TLSRPT_REPORT_GZIP"}}, stdin=gzip.compress(text)[:-4])
        self.usage_error(["parse", "tlsrpt-report", os.path.join(self.tmp.name, "missing.json")],
                         "cannot open")
        self.usage_error(["parse", "tlsrpt-report", "--records", example])
        built = self.json_result(["build", "tlsrpt-report", self.example("tlsrpt-report", "sessions.json")], OK,
                                 {"valid": True, "kind": "tlsrpt-report",
                                  "start_datetime": "2026-11-28T00:00:00Z",
                                  "end_datetime": "2026-11-29T00:00:00Z",
                                  "total_successful_session_count": 40,
                                  "total_failure_session_count": 2,
                                  "result_types": ["certificate-expired"]})
        if built is not None and not isinstance(built.get("report", {}).get("policies"), list):
            self.fail("build tlsrpt-report", "report.policies is not an array (R-8460-4-2)")
        self.usage_error(["build", "tlsrpt-report", "-"], "missing member", stdin=b"{}")
        self.usage_error(["build", "tlsrpt-report", "-"], "duplicate key", stdin=b'{"a": 1, "a": 2}')
        self.usage_error(["build", "tlsrpt-report", "-"], "/day",
                         stdin=json.dumps({"organization_name": "o", "contact_info": "c",
                                           "report_id": "r", "day": "2026-02-30",
                                           "sessions": []}).encode())

    def records(self):
        self.json_result(["parse", "txt", "--records", self.example("txt", "records.json")], OK,
                         {"valid": True, "id": "20240101T000000",
                          "extensions": [["comment", "split"]], "record": 1})
        # Records as character-strings, some written under the bytes rule.
        split = self.write("split.json", [[{"base64": "dj1TVFN2MTsg"}, "id=", "", "b64"]])
        self.json_result(["parse", "txt", "--records", split], OK, {"id": "b64", "record": 0})
        # Invalid bytes reach the parser through {"base64"} and are rejected as such.
        bad_bytes = self.write("bad-bytes.json", [{"base64": "dj1TVFN2MTsgaWQ9/w=="}])
        self.json_result(["parse", "txt", "--records", bad_bytes], NEGATIVE,
                         {"error": {"token": "TXT_NON_ASCII", "offset": 12}, "record": 0})
        two = self.write("two.json", ["v=STSv1; id=a", "v=STSv1; id=b", "v=spf1 -all"])
        self.json_result(["parse", "txt", "--records", two], NEGATIVE,
                         {"error": {"token": "TXT_SELECT_MULTIPLE"}, "record": None})
        none = self.write("none.json", ["v=spf1 -all", "other"])
        self.json_result(["parse", "txt", "--records", none], NEGATIVE,
                         {"error": {"token": "TXT_SELECT_NONE"}, "record": None})
        empty = self.write("empty.json", [])
        self.json_result(["parse", "txt", "--records", empty], NEGATIVE,
                         {"error": {"token": "TXT_SELECT_NONE"}, "record": None})
        # The one surviving candidate does not parse: its error, with its index.
        survivor = self.write("survivor.json", ["v=spf1 -all", "v=STSv1; id=a-b"])
        self.json_result(["parse", "txt", "--records", survivor], NEGATIVE,
                         {"error": {"token": "TXT_ID_SYNTAX"}, "record": 1})
        self.json_result(["parse", "txt", "--records", "-"], OK, {"record": 0},
                         stdin=b'["v=STSv1; id=stdin"]')
        self.usage_error(["parse", "txt", "--records", self.write("broken.json", b"[\"v=STSv1")],
                         "JSON")
        self.usage_error(["parse", "txt", "--records", self.write("object.json", {"a": 1})])
        self.usage_error(["parse", "txt", "--records", self.write("number.json", [["x", 5]])],
                         "record 0 string 1")
        self.usage_error(["parse", "txt", "--records",
                          self.write("bad-b64.json", [{"base64": "/w="}])], "base64")
        self.usage_error(["parse", "txt", "--records", self.write("bad-utf8.json",
                                                                   b'["\xff"]')], "JSON")
        self.usage_error(["parse", "txt", "--records", self.example("txt", "records.json"),
                          self.example("txt", "valid.txt")])
        self.usage_error(["parse", "txt", "--records",
                          os.path.join(self.tmp.name, "missing.json")], "cannot open")

    def match(self):
        self.json_result(["match", "*.example.com", "mx1.example.com"], OK, {"match": True})
        self.json_result(["match", "*.example.com", "a.b.example.com"], NEGATIVE,
                         {"match": False})
        self.json_result(["match", "*.example.com", "example.com"], NEGATIVE, {"match": False})
        self.json_result(["match", "mx.example.com", "MX.Example.COM."], OK, {"match": True})
        self.json_result(["match", "mx..example.com", "mx.example.com"], INVALID_SUBJECT,
                         {"match": False,
                          "error": {"token": "MX_PATTERN_EMPTY_LABEL", "subject": "pattern"}})
        self.json_result(["match", "*.example.com", "bad_host.example.com"], INVALID_SUBJECT,
                         {"match": False,
                          "error": {"token": "HOST_CHARACTER", "subject": "host"}})
        self.json_result(["match", "*.example.com", b"\xffmx.example.com"], INVALID_SUBJECT,
                         {"error": {"token": "HOST_IDNA_UTF8" if self.idna
                                    else "HOST_IDNA_UNAVAILABLE", "subject": "host"}})
        self.usage_error(["match", "*.example.com"])
        # RFC 6125 §6.4.2: a U-label host is matched as its A-labels, whatever its case.
        if self.idna:
            self.json_result(["match", "xn--bcher-kva.example", "b\u00fccher.example"], OK,
                             {"match": True})
            self.json_result(["match", "*.xn--bcher-kva.example", "mx.B\u00dcCHER.example"], OK,
                             {"match": True})
            self.json_result(["match", "*.example", "mx.a\u2603b.example"], INVALID_SUBJECT,
                             {"match": False, "error": {"token": "HOST_IDNA_DISALLOWED",
                                                        "subject": "host", "offset": 3}})
            self.json_result(["match", "*.example", "xn--abc-.b\u00fccher.example"],
                             INVALID_SUBJECT,
                             {"error": {"token": "HOST_IDNA_NOT_ROUND_TRIP", "subject": "host"}})
            # An ASCII host is never converted: the same answer in every build.
            self.json_result(["match", "*.example", "xn--ab-c.sub.example"], NEGATIVE,
                             {"match": False})
        else:
            self.json_result(["match", "xn--bcher-kva.example", "b\u00fccher.example"],
                             INVALID_SUBJECT,
                             {"error": {"token": "HOST_IDNA_UNAVAILABLE", "subject": "host"}})

    def cert_match(self):
        self.json_result(["cert-match", "mx1.example.com", "other.example.org", "*.example.com",
                          "mx1.example.com"], OK,
                         {"match": True, "matched": "*.example.com"})
        self.json_result(["cert-match", "mx1.example.com", "mx2.example.com", "*.com"], NEGATIVE,
                         {"match": False, "matched": None})
        self.json_result(["cert-match", "mx1.example.com", "mx*.example.com"], NEGATIVE,
                         {"match": False, "matched": None})
        self.json_result(["cert-match", "--partial-wildcard", "mx1.example.com",
                          "mx*.example.com"], OK, {"match": True, "matched": "mx*.example.com"})
        self.json_result(["cert-match", "--policy-host", "mta-sts.example.com", "*.example.com"],
                         OK, {"match": True, "matched": "*.example.com"})
        self.json_result(["cert-match", "--policy-host", "mta-sts.example.com",
                          "mta*.example.com"], NEGATIVE, {"match": False, "matched": None})
        # A name that is not UTF-8 never matches and never reaches the output.
        self.json_result(["cert-match", "mx.example.com", b"\xff.example.com", "MX.example.com"],
                         OK, {"match": True, "matched": "MX.example.com"})
        if self.idna:
            # The host may be U-labels; a certificate's dNSName never (an IA5String).
            self.json_result(["cert-match", "b\u00fccher.example", "xn--bcher-kva.example"], OK,
                             {"match": True, "matched": "xn--bcher-kva.example"})
            self.json_result(["cert-match", "xn--bcher-kva.example", "b\u00fccher.example"],
                             NEGATIVE, {"match": False, "matched": None})
        self.json_result(["cert-match", ".example.com", "*.example.com"], INVALID_SUBJECT,
                         {"match": False, "matched": None,
                          "error": {"token": "HOST_EMPTY_LABEL", "subject": "host"}})
        self.usage_error(["cert-match", "--policy-host", "--partial-wildcard", "a.example.com",
                          "a.example.com"])
        # A certificate without SAN dNSName entries matches nothing (RFC 6125 §6.4: no CN fallback).
        self.json_result(["cert-match", "mx.example.com"], NEGATIVE, {"match": False, "matched": None})
        self.usage_error(["cert-match"])

    def registries(self):
        tokens = self.json_result(["tokens"], OK)
        with open(os.path.join(self.source_dir, "parser", "core", "include", "mtasts",
                               "error_tokens.def"), encoding="utf-8") as f:
            defined = [line.split("(", 1)[1].split(",", 1)[0] for line in f
                       if line.startswith("X(")]
        if not isinstance(tokens, list) or not all(isinstance(t, dict) for t in tokens):
            self.fail("mtasts tokens", "not a list of objects")
            return
        listed = [t.get("token") for t in tokens]
        if listed != defined:
            self.fail("mtasts tokens", f"tokens differ from error_tokens.def: {listed}")
        by_token = {t["token"]: t for t in tokens}
        self.check_subset("mtasts tokens",
                          {"family": "POLICY_MAX_AGE", "section": "RFC 8461 §3.2"},
                          by_token.get("POLICY_MAX_AGE_RANGE"))
        # fixtures/error-tokens.json is the language-neutral copy of the same registry.
        fixture = os.path.join(self.source_dir, "fixtures", "error-tokens.json")
        if os.path.exists(fixture):
            with open(fixture, encoding="utf-8") as f:
                copy = json.load(f)
            projected = [{k: t.get(k) for k in ("token", "family", "section")} for t in tokens]
            if projected != copy:
                self.fail("mtasts tokens", "differs from fixtures/error-tokens.json "
                          "(regenerate it with tools/gen-error-tokens.py)")
        label = "mtasts --pretty tokens"
        code, out, err = self.run(["--pretty", "tokens"])
        if code != OK or json.loads(out) != tokens or out.count(b"\n") < 2 or err:
            self.fail(label, "pretty output differs or is not indented")
        code, out, _ = self.run(["tokens", "--pretty"])
        if code != OK or json.loads(out) != tokens:
            self.fail("mtasts tokens --pretty", "--pretty after the command is not accepted")

        profiles = self.json_result(["profiles"], OK)
        if isinstance(profiles, list) and profiles and isinstance(profiles[0], dict):
            names = [p["name"] for p in profiles]
            if names[0] != "strict":
                self.fail("mtasts profiles", f"strict is not first: {names}")
            inputs = {"txt": (b"v=STSv1; id=p1", {"valid": True, "id": "p1"}),
                      "policy": (b"version: STSv1\nmode: none\nmax_age: 60\n", {"valid": True, "mode": "none"}),
                      "tlsrpt": (b"v=TLSRPTv1; rua=mailto:r@example.com", {"valid": True})}
            for p in profiles:  # accepted for the kinds it models, refused for the others
                for kind, (data, expect) in inputs.items():
                    args = ["parse", kind, "--profile", p["name"], "-"]
                    if kind in p["models"]:
                        self.json_result(args, OK, expect, stdin=data)
                    else:
                        self.usage_error(args, "does not model", stdin=data)
            models = {p["name"]: p["models"] for p in profiles}
            if models.get("strict") != ["txt", "policy", "tlsrpt"] or models.get("mailauth-strict") != ["policy"]:
                self.fail("mtasts profiles", f"unexpected models: {models}")

    def usage(self):
        self.usage_error([])
        self.usage_error(["parse"])
        self.usage_error(["frobnicate"])
        self.usage_error(["parse", "txt", "--no-such-option"])
        self.usage_error(["parse", "yaml", "-"])
        self.usage_error(["parse", "policy", os.path.join(self.tmp.name, "missing.txt")],
                         "cannot open")
        self.usage_error(["parse", "policy", self.tmp.name], "cannot read")
        self.usage_error(["parse", "txt", "a.txt", "b.txt"])
        self.help_text(["--help"], "parse")
        self.help_text(["parse", "--help"], "tlsrpt")
        self.help_text(["parse", "--help"], "tlsrpt-report")
        self.help_text(["build", "--help"], "tlsrpt-report")
        self.help_text(["--help"], "build")
        self.help_text(["parse", "txt", "--help"], "--records")
        self.help_text(["parse", "policy", "--help"], "--profile")
        self.help_text(["match", "--help"], "PATTERN")
        self.help_text(["cert-match", "--help"], "--partial-wildcard")
        self.help_text(["tokens", "--help"], "tokens")
        self.help_text(["profiles", "--help"], "profiles")
        self.help_text(["--version"], "mtasts")

    def bench_result(self, args, keys, expect):
        """`mtasts bench` prints one JSON object (not in the parse-result schema): exit 0,
        nothing on stderr, exactly `keys` in order, and the members of expect."""
        label = self.label(args)
        code, out, err = self.run(args)
        if code != OK or err or out.count(b"\n") != 1:
            self.fail(label, f"exit {code}, stderr={err!r}, stdout={out!r}")
            return None
        value = json.loads(out)
        if list(value) != keys:
            self.fail(label, f"keys {list(value)}, expected {keys}")
        self.check_subset(label, expect, value)
        for rate in ("seconds", "records_per_s", "mb_per_s"):
            if not isinstance(value.get(rate), (int, float)) or value[rate] < 0:
                self.fail(label, f"{rate} is not a non-negative number: {value.get(rate)!r}")
        return value

    def bench(self):
        """A smoke run of `mtasts bench` on 20-record workloads from tools/bench/gen_workload.py."""
        parse_keys = ["records", "valid", "bytes", "seconds", "records_per_s", "mb_per_s"]
        floor_keys = ["records", "valid", "separators", "bytes", "seconds", "records_per_s",
                      "mb_per_s"]
        generator = os.path.join(self.source_dir, "tools", "bench", "gen_workload.py")
        for kind in ("policy", "txt"):
            workload = os.path.join(self.tmp.name, f"{kind}.bin")
            expected_path = os.path.join(self.tmp.name, f"{kind}.expected")
            subprocess.run([sys.executable, generator, "--kind", kind, "--seed", "7", "--count",
                            "20", "-o", workload, "--expected", expected_path, "--quiet"],
                           check=True, timeout=60)
            with open(workload, "rb") as f:
                size = len(f.read()) - 4 * 20
            with open(expected_path, encoding="ascii") as f:
                expected = f.read().strip()
            verdicts_path = os.path.join(self.tmp.name, f"{kind}.verdicts")
            self.bench_result(["bench", f"parse-{kind}", workload, "--passes", "2",
                               "--verdicts", verdicts_path], parse_keys,
                              {"records": 20, "valid": expected.count("1"), "bytes": size})
            with open(verdicts_path, encoding="ascii") as f:
                if f.read().strip() != expected:
                    self.fail(f"mtasts bench parse-{kind}",
                              "verdicts differ from the generator's intended labels")
            self.bench_result(["bench", f"floor-{kind}", workload], floor_keys,
                              {"records": 20, "valid": None, "bytes": size})
        self.bench_result(["bench", "parse-txt", self.write("empty.bin", b"")], parse_keys,
                          {"records": 0, "valid": 0, "bytes": 0, "records_per_s": 0.0})
        self.bench_result(["bench", "parse-policy", "--profile", "lenient",
                           self.write("one.bin", b"\x00\x00\x00\x00")], parse_keys,
                          {"records": 1, "valid": 0, "bytes": 0})
        self.usage_error(["bench", "parse-txt", self.write("truncated.bin", b"\x05\x00")],
                         "truncated length prefix")
        self.usage_error(["bench", "parse-txt", self.write("short.bin", b"\x10\x00\x00\x00abc")],
                         "declares 16 bytes")
        self.usage_error(["bench", "parse-yaml", self.write("x.bin", b"")])
        self.usage_error(["bench", "parse-txt", os.path.join(self.tmp.name, "missing.bin")],
                         "cannot open")
        self.usage_error(["bench", "floor-txt", self.write("y.bin", b""), "--verdicts",
                          os.path.join(self.tmp.name, "v")], "--verdicts")
        self.help_text(["bench", "--help"], "floor-policy")

    def schema_self_check(self):
        self.schema_rejects("missing id", {"valid": True, "kind": "txt", "extensions": []})
        self.schema_rejects("extra member", {"match": True, "extra": 1})
        self.schema_rejects("lowercase token", [{"token": "txt_empty", "family": "TXT_SYNTAX",
                                                 "section": "RFC 8461 §3.1", "message": "m"}])
        self.schema_rejects("bad base64", {"valid": True, "kind": "txt",
                                           "id": {"base64": "/w="}, "extensions": []})
        self.schema_rejects("record on a policy", {
            "valid": False, "kind": "policy", "record": 0,
            "error": {"token": "POLICY_EMPTY", "family": "POLICY_LINE", "offset": 0,
                      "line": 1, "column": 1, "message": "m"}})
        self.schema_rejects("matched without match", {"match": False, "matched": "a.example"})
        self.schema_rejects("report error without pointer", {
            "valid": False, "kind": "tlsrpt-report",
            "error": {"token": "TLSRPT_REPORT_COUNT", "family": "TLSRPT_REPORT_VALUE", "message": "m"}})
        self.schema_rejects("report error with a record token", {
            "valid": False, "kind": "tlsrpt-report",
            "error": {"token": "TLSRPT_EMPTY", "family": "TLSRPT_SYNTAX", "pointer": "", "message": "m"}})

    def run_all(self):
        for part in (self.parse_txt, self.parse_policy, self.parse_tlsrpt, self.tlsrpt_report,
                     self.records,
                     self.match, self.cert_match, self.registries, self.usage, self.bench,
                     self.schema_self_check):
            try:
                part()
            except Exception as e:  # a crash in a check is a failure of that part
                self.fail(part.__name__, f"{type(e).__name__}: {e}")
        for failure in self.failures:
            print("FAIL " + failure)
        print(f"cli_contract_test: {self.runs} invocations, {self.validated} outputs validated "
              f"against the schema, {len(self.failures)} failures")
        return 1 if self.failures else 0


def main():
    if len(sys.argv) not in (3, 4) or sys.argv[3:] not in ([], ["idna"], ["no-idna"]):
        print(__doc__, file=sys.stderr)
        return 2
    return Contract(os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2]),
                    sys.argv[3:] != ["no-idna"]).run_all()


if __name__ == "__main__":
    sys.exit(main())
