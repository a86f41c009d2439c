# SPDX-License-Identifier: Apache-2.0
"""Hostile shims: adversarial answers at level P and D1 must fail the test they answer
(CRASH with a reason), never the run, and every report must stay well-formed and bounded.

Usage: hostile_shims.py MTASTS SOURCE_DIR [TEST...] (as ctest runs it, with every test).
"""
import json
import os
import shutil
import sys
import tempfile
import unittest
import xml.etree.ElementTree as ElementTree

import hostile

MTASTS = SOURCE = None

# Each shim is this script with one behaviour: it answers --capabilities, then does BEHAVIOUR
# for every level-P command and, in a D1 session, for every step.
SHIM = r'''
import json, sys
BEHAVIOUR = %r
out = sys.stdout.buffer
args = sys.argv[1:]
def padded(head, size, tail):
    """head + " " * n + tail, exactly size bytes: whitespace costs the runner nothing but
    reading, so a case at a byte cap stays quick."""
    return (head + " " * (size - len(head) - len(tail)) + tail).encode()
if args == ["--capabilities"]:
    caps = ('{"protocol":"mtasts-shim/1","name":"hostile","levels":["P","D1"],'
            '"capabilities":["parse","match","discover","cache","clock","apply"]')
    if BEHAVIOUR.startswith("capabilities:"):
        out.write(padded(caps + "}", int(BEHAVIOUR.split(":")[1]), ""))
    else:
        out.write(caps.encode() + b"}\n")
    sys.exit(0)
def send(text):
    out.write(text if isinstance(text, bytes) else text.encode())
    out.write(b"\n")
    out.flush()
if args and args[0] == "session":
    for line in sys.stdin:
        m = json.loads(line)
        if m["type"] == "end":
            sys.exit(0)
        if m["type"] != "step":
            continue
        if BEHAVIOUR == "deep":
            send('{"type":"clock","pad":' + "[" * 100000 + "]" * 100000 + "}")
        elif BEHAVIOUR == "deep_result":
            send('{"type":"result","observation":{"x":' + "[" * 100000 + "]" * 100000 + "}}")
        elif BEHAVIOUR.startswith("line:"):
            out.write(padded('{"type":"clock"}', int(BEHAVIOUR.split(":")[1]), ""))
            send("")
            sys.stdin.readline()
            send('{"type":"result","observation":{}}')
        elif BEHAVIOUR.startswith("lines:"):
            for _ in range(5):
                out.write(padded('{"type":"clock"}', 15 << 20, ""))
                send("")
                sys.stdin.readline()
            send('{"type":"result","observation":{}}')
        elif BEHAVIOUR.startswith("message:"):
            send(BEHAVIOUR[len("message:"):])
        else:
            send('{"type":"result","observation":{}}')
        sys.stdin.readline()  # the answer, if any; then wait to be stopped
    sys.exit(0)
# Level P.
if BEHAVIOUR == "deep":
    send('{"valid":' + "[" * 100000 + "]" * 100000 + "}")
elif BEHAVIOUR == "bad_utf8":
    sys.stderr.buffer.write(b"caf\xc3 \xff\xfe\x1b[31m red\n")
    send(b'{"valid": tr\xff')
elif BEHAVIOUR == "cut_utf8":
    sys.stderr.buffer.write(("\u00e9" * 200 + "x").encode())
    sys.exit(5)
elif BEHAVIOUR == "escape":
    sys.stderr.buffer.write(b"\x1b]0;owned\x07\x1b[2J\xc2\x9b")
    sys.exit(2)
elif BEHAVIOUR == "escape_token":
    send('{"valid": false, "kind": "txt", "error": {"message": "\\u001b[31mred\\u009b"}}')
    sys.exit(1)
elif BEHAVIOUR == "big_string":
    send('{"valid": "' + "x" * (5 << 20) + '"}')
elif BEHAVIOUR.startswith("answer:"):
    out.write(padded('{"valid":false}', int(BEHAVIOUR.split(":")[1]), ""))
elif BEHAVIOUR == "big_array":
    send('{"valid": [' + "0," * (30 << 20) + "0]}")
sys.exit(0)
'''

PARSE_TESTS = ["--test", "rfc8461/3.1/txt-id-1-char"]
D1_TESTS = ["--test", "rfc8461/3.1/discovery-query-name"]
# 28 level-P tests.
MANY_PARSE_TESTS = ["--test", "rfc8461/3.1/txt-id-*", "--test", "rfc8461/3.1/txt-v*"]


class HostileShims(hostile.HostileCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="hostile-shims-")

    def tearDown(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def conform(self, behaviour, tests, *extra, timeout=120):
        script = os.path.join(self.dir, "shim.py")
        with open(script, "w") as f:
            f.write(SHIM % behaviour)
        argv = [MTASTS, "conform", os.path.join(SOURCE, "fixtures"), "--impl", "hostile",
                "--timeout", "20", "--shim", "%s %s" % (sys.executable, script)]
        return hostile.run(argv + list(tests) + list(extra), timeout=timeout)

    def reports(self):
        """--json, --junit and --index in this case's directory."""
        return ["--json", os.path.join(self.dir, "r.json"), "--junit",
                os.path.join(self.dir, "r.xml"), "--index", os.path.join(self.dir, "index")]

    def assertReportsWellFormed(self):
        with open(os.path.join(self.dir, "r.json"), "rb") as f:
            report = json.loads(f.read().decode("utf-8"))
        with open(os.path.join(self.dir, "index", "hostile.json"), "rb") as f:
            json.loads(f.read().decode("utf-8"))
        ElementTree.parse(os.path.join(self.dir, "r.xml"))
        return report

    def assertCrashed(self, out, *reason):
        """The run finished (exit 1: an unexpected CRASH) and said why."""
        self.assertStatus(out, 1)
        self.assertSays(out, "UNEXPECTED CRASH", *reason)
        self.assertClean(out)

    def test_deep_answer_at_level_p(self):
        out = self.conform("deep", PARSE_TESTS)
        self.assertCrashed(out, "nested deeper than 64 levels")
        self.assertBounded(out, 100, 20)

    def test_deep_message_at_level_d1(self):
        out = self.conform("deep", D1_TESTS)
        self.assertCrashed(out, "nested deeper than 64 levels")
        self.assertBounded(out, 100, 20)

    def test_deep_observation_at_level_d1(self):
        out = self.conform("deep_result", D1_TESTS)
        self.assertCrashed(out, "nested deeper than 64 levels")
        self.assertBounded(out, 100, 20)

    def test_wrongly_typed_messages_fail_their_test(self):
        for jobs in ("1", "2"):
            for message, says in (('{"type":"dns","name":5}', "/name: expected a string"),
                                  ('{"type":"https","url":{}}', "/url: expected a string"),
                                  ('{"type":"dns","name":"a","rrtype":null}',
                                   "/rrtype: expected a string")):
                with self.subTest(jobs=jobs, message=message):
                    out = self.conform("message:" + message, D1_TESTS + ["--test",
                                       "rfc8461/3.1/discovery-nxdomain"], "--jobs", jobs)
                    self.assertCrashed(out, says)
                    self.assertSays(out, "2 CRASH")
                    self.assertBounded(out, 100, 20)

    def test_invalid_utf8_keeps_every_report_well_formed(self):
        out = self.conform("bad_utf8", PARSE_TESTS, *self.reports())
        self.assertCrashed(out, "\\xff")
        report = self.assertReportsWellFormed()
        self.assertIn("\\xff", report["tests"][0]["reasons"][0])
        self.assertBounded(out, 100, 20)

    def test_junit_alone_is_well_formed(self):
        xml = os.path.join(self.dir, "r.xml")
        out = self.conform("bad_utf8", PARSE_TESTS, "--junit", xml)
        self.assertCrashed(out)
        ElementTree.parse(xml)
        self.assertBounded(out, 100, 20)

    def test_tail_never_cuts_a_character(self):
        out = self.conform("cut_utf8", PARSE_TESTS, *self.reports())
        self.assertCrashed(out, "exit 5")
        report = self.assertReportsWellFormed()
        self.assertNotIn("\\x", report["tests"][0]["reasons"][0])
        self.assertBounded(out, 100, 20)

    def test_terminal_escapes_never_reach_the_text_report(self):
        out = self.conform("escape", PARSE_TESTS, *self.reports())
        self.assertCrashed(out, "exit 2: \\x1b]0;owned\\x07\\x1b[2J\\xc2\\x9b")
        self.assertNotIn(b"\x1b", out.stdout + out.stderr)
        self.assertNotIn("\u009b".encode(), out.stdout + out.stderr)
        self.assertReportsWellFormed()
        self.assertBounded(out, 100, 20)

    def test_reported_errors_are_printable(self):
        out = self.conform("escape_token", PARSE_TESTS, *self.reports())
        self.assertStatus(out, 1)
        report = self.assertReportsWellFormed()
        self.assertEqual(report["tests"][0]["reported"], ["\\x1b[31mred\\xc2\\x9b"])
        self.assertClean(out)
        self.assertBounded(out, 100, 20)

    def test_flood_of_big_answers_stays_bounded(self):
        out = self.conform("big_string", MANY_PARSE_TESTS, *self.reports())
        self.assertStatus(out, 1)
        self.assertSays(out, "hostile: 28 tests", "bytes more)")
        self.assertClean(out)
        report = self.assertReportsWellFormed()
        self.assertLess(os.path.getsize(os.path.join(self.dir, "r.json")), 1 << 20)
        self.assertEqual(len(report["tests"]), 28)
        self.assertBounded(out, 250, 40)

    def test_answer_at_and_over_the_cap(self):
        out = self.conform("answer:%d" % (64 << 20), PARSE_TESTS)
        self.assertStatus(out, 1)
        self.assertSays(out, "UNEXPECTED SHOULD_HAVE_PASSED", "/valid: expected true, got false")
        self.assertClean(out)
        self.assertBounded(out, 400, 30)
        out = self.conform("answer:%d" % ((64 << 20) + 1), PARSE_TESTS)
        self.assertCrashed(out, "printed more than 67108864 bytes")
        self.assertBounded(out, 400, 30)

    def test_line_at_and_over_the_cap(self):
        out = self.conform("line:%d" % (16 << 20), D1_TESTS)
        self.assertStatus(out, 1)
        self.assertSays(out, "UNEXPECTED SHOULD_HAVE_")
        self.assertClean(out)
        self.assertBounded(out, 200, 30)
        out = self.conform("line:%d" % ((16 << 20) + 1), D1_TESTS)
        self.assertCrashed(out, "a line over 16777216 bytes")
        self.assertBounded(out, 200, 30)

    def test_output_per_test_is_summed(self):
        out = self.conform("lines:", D1_TESTS)
        self.assertCrashed(out, "a test's answers hold at most 262144 JSON values and 67108864 "
                           "bytes together")
        self.assertBounded(out, 200, 30)

    def test_capabilities_at_and_over_the_cap(self):
        out = self.conform("capabilities:%d" % (1 << 20), PARSE_TESTS)
        self.assertCrashed(out, "malformed JSON on stdout")  # accepted, then ran the test
        out = self.conform("capabilities:%d" % ((1 << 20) + 1), PARSE_TESTS)
        self.assertStatus(out, 2)
        self.assertSays(out, "--capabilities failed")
        self.assertClean(out)
        self.assertBounded(out, 100, 20)

    def test_one_answer_of_too_many_values(self):
        out = self.conform("big_array", PARSE_TESTS)
        self.assertCrashed(out, "more than 262144 values")
        self.assertBounded(out, 250, 20)


if __name__ == "__main__":
    MTASTS, SOURCE = sys.argv[1], sys.argv[2]
    unittest.main(argv=sys.argv[:1] + sys.argv[3:], verbosity=2)  # then unittest's own args
