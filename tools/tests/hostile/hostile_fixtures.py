# SPDX-License-Identifier: Apache-2.0
"""Hostile fixtures: a fixture file that is deep, huge, expands to gigabytes or says two
things at once gets a precise error from `conform` and from `replay-serve` (exit 2), in
bounded memory and time.

Usage: hostile_fixtures.py MTASTS SOURCE_DIR [TEST...] (as ctest runs it, with every test).
"""
import json
import os
import shutil
import sys
import tempfile
import unittest

import hostile

MTASTS = SOURCE = None
NAME = "rfc8461/3.1/hostile"


def fixture(step=None, **test_fields):
    """A valid one-test fixture (as a dict); `step` and `test_fields` change it."""
    s = {"now": "2026-11-28T00:00:00Z", "action": "parse_txt", "input": "v=STSv1; id=a",
         "expect": {"valid": True, "id": "a"}}
    s.update(step or {})
    t = {"tcId": 1, "name": NAME, "level": "MUST", "result": "valid",
         "requirements": ["R-3.1-3"], "requires": ["parse"], "steps": [s]}
    t.update(test_fields)
    return {"schema": "mtasts-fixture/1", "suite": "hostile", "numberOfTests": 1, "notes": {},
            "testGroups": [{"tests": [t]}]}


class HostileFixtures(hostile.HostileCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="hostile-fixtures-")

    def tearDown(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def write(self, text):
        path = os.path.join(self.dir, "hostile_test.json")
        with open(path, "w" if isinstance(text, str) else "wb") as f:
            f.write(text)
        return path

    def both(self, path, *says, max_rss_mib=100, max_seconds=20):
        """`conform` and `replay-serve` both refuse the file with the same precise error."""
        for argv in ([MTASTS, "conform", path],
                     [MTASTS, "replay-serve", path, "--test", NAME]):
            with self.subTest(command=argv[1]):
                out = hostile.run(argv, timeout=120)
                self.assertStatus(out, 2)
                self.assertSays(out, *says)
                self.assertClean(out)
                self.assertBounded(out, max_rss_mib, max_seconds)

    def test_deep_comment(self):
        text = json.dumps(fixture(comment="@"))
        self.both(self.write(text.replace('"@"', "[" * 100000 + "]" * 100000)),
                  "nested deeper than 64 levels")

    def test_deep_expect(self):
        text = json.dumps(fixture(step={"expect": {"valid": "@"}}))
        self.both(self.write(text.replace('"@"', "{\"a\":" * 100000 + "0" + "}" * 100000)),
                  "nested deeper than 64 levels")

    def test_file_over_the_size_cap(self):
        # 100 MB of [0,0,...]: refused by its size, before it is read.
        path = os.path.join(self.dir, "hostile_test.json")
        with open(path, "wb") as f:  # in chunks: the test's own memory stays small
            f.write(b"[")
            for _ in range(50):
                f.write(b"0," * (1 << 20))
            f.write(b"0]")
        self.both(path, "more than the limit of 16777216")

    def test_too_many_values(self):
        text = json.dumps(fixture(comment="@"))
        self.both(self.write(text.replace('"@"', "[" + "0," * (4 << 20) + "0]")),
                  "more than 262144 values")

    def test_repeat_bodies_summed_over_the_file(self):
        # 40 bodies of 16 MiB each: every one within max_fixture_bytes, 640 MiB together.
        body = {"repeat": "x" * 1024, "count": 16 * 1024}
        f = fixture(step={"action": "lookup", "expect": {}}, requires=["discover"])
        f["testGroups"][0]["tests"][0]["steps"][0]["https"] = [
            {"url": "https://mta-sts.example.com/.well-known/mta-sts.txt", "body": body}
            for _ in range(40)]
        self.both(self.write(json.dumps(f)), "/https/4/body",
                  "expand to more than 67108864 bytes")

    def test_duplicate_keys(self):
        text = json.dumps(fixture()).replace('"result": "valid"',
                                             '"result": "valid", "result": "invalid"')
        self.both(self.write(text), 'duplicate key "result"', "line 1, column")

    def test_times_outside_the_integer_range(self):
        self.both(self.write(json.dumps(fixture(step={"now": "1969-12-31T23:59:59Z"}))),
                  "/steps/0/now", "expected a time")


if __name__ == "__main__":
    MTASTS, SOURCE = sys.argv[1], sys.argv[2]
    unittest.main(argv=sys.argv[:1] + sys.argv[3:], verbosity=2)  # then unittest's own args
