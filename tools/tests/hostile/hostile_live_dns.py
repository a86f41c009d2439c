#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Hostile DNS servers against `mtasts check`: spoofed transaction IDs and questions are
never taken for the answer (the lookup waits for the genuine one, or times out), and answers
that cannot be read are DNS_MALFORMED, not DNS_TIMEOUT; a resolver that never answers is
named on stderr before the wait.

Usage: hostile_live_dns.py MTASTS SOURCE_DIR
"""
import json
import os
import select
import socket
import struct
import subprocess
import sys
import tempfile
import time
import unittest

import hostile
import hostile_servers as hs
from hostile_servers import answer, txt_rdata

MTASTS = sys.argv[1]
hs.SOURCE = sys.argv[2]
TIMEOUT = 2  # --timeout, seconds
# One lookup asks one TXT question; the time bound allows one timeout and start-up.
MAX_SECONDS = TIMEOUT + 3
MAX_RSS_MIB = 64


class DnsHostile(hostile.HostileCase):
    def check(self, behave=None, tcp_behave=None):
        dns = hs.DnsServer(hs.example_zone(), behave, tcp_behave)
        https = hs.TcpServer(hs.https_handler(
            lambda conn, s: conn.sendall(hs.policy_response(hs.ENFORCE))),
            tls=("policy-valid", "intermediate-ca.pem"))
        try:
            out = hostile.run(
                [MTASTS, "check", "example.com", "--observation", "--resolver",
                 "127.0.0.1:%d" % dns.port, "--https-port", str(https.port), "--ca-file",
                 os.path.join(hs.certs_dir(), "root-ca.pem"), "--timeout", str(TIMEOUT)],
                timeout=30)
        finally:
            dns.close()
            https.close()
        self.assertClean(out)
        self.assertBounded(out, MAX_RSS_MIB, MAX_SECONDS)
        return out, json.loads(out.stdout.decode())

    @staticmethod
    def on_txt(make):
        """behave() that answers the _mta-sts TXT question with make(q), the rest genuinely."""
        def behave(q):
            return make(q) if q[2] == 16 and q[1] == "_mta-sts.example.com" else None
        return behave

    def test_spoofed_then_genuine(self):
        # An off-path spoofer's answer (wrong ID) arrives first; the genuine one is taken.
        def make(q):
            qid, _, _, question = q
            spoof = answer(qid ^ 0x5A5A, question, [(16, txt_rdata("v=STSv1; id=spoofed1"))])
            genuine = answer(qid, question, [(16, txt_rdata("v=STSv1; id=genuine1"))])
            return [spoof, spoof, genuine]
        out, obs = self.check(self.on_txt(make))
        self.assertStatus(out, 0)
        self.assertEqual(obs["id"], "genuine1", repr(out))
        self.assertEqual(obs["outcome"], "fetched", repr(out))

    def test_spoofed_only(self):
        def make(q):
            qid, _, _, question = q
            return [answer(qid ^ 1, question, [(16, txt_rdata("v=STSv1; id=spoofed1"))])]
        out, obs = self.check(self.on_txt(make))
        # No genuine answer in time: nothing is known about the domain (exit 2).
        self.assertStatus(out, 2)
        self.assertEqual(obs["events"], ["DNS_TIMEOUT"], repr(out))
        self.assertIsNone(obs["id"], repr(out))
        self.assertSays(out, "answer(s) not matching the query ignored")

    def test_wrong_question(self):
        # The right ID but another name: not an answer to this question.
        def make(q):
            qid = q[0]
            other = hs.encode_name("_mta-sts.example.net") + struct.pack("!HH", 16, 1)
            return [answer(qid, other, [(16, txt_rdata("v=STSv1; id=spoofed1"))])]
        out, obs = self.check(self.on_txt(make))
        self.assertStatus(out, 2)
        self.assertEqual(obs["events"], ["DNS_TIMEOUT"], repr(out))

    def test_wrong_type(self):
        def make(q):
            qid, _, _, question = q
            return [answer(qid, question[:-4] + struct.pack("!HH", 1, 1),
                           [(16, txt_rdata("v=STSv1; id=spoofed1"))])]
        out, obs = self.check(self.on_txt(make))
        self.assertEqual(obs["events"], ["DNS_TIMEOUT"], repr(out))

    def malformed(self, make):
        out, obs = self.check(self.on_txt(make))
        self.assertStatus(out, 1)
        self.assertEqual(obs["events"], ["DNS_MALFORMED"], repr(out))
        self.assertSays(out, "MALFORMED (")
        return out

    def test_garbage(self):
        # The server's ID, then bytes that are no DNS message.
        self.malformed(lambda q: [struct.pack("!H", q[0]) + b"\xff" * 10 + os.urandom(40)])

    def test_compression_loop(self):
        def make(q):
            qid, _, _, question = q
            # The record's owner is a pointer to itself.
            at = 12 + len(question)
            record = struct.pack("!H", 0xC000 | at) + struct.pack("!HHIH", 16, 1, 60, 2) + b"\1x"
            return [struct.pack("!HHHHHH", qid, 0x8180, 1, 1, 0, 0) + question + record]
        self.malformed(make)

    def test_count_lie(self):
        def make(q):
            qid, _, _, question = q
            return [answer(qid, question, [(16, txt_rdata("v=STSv1; id=x"))], ancount=40)]
        self.malformed(make)

    def test_length_lie(self):
        def make(q):
            qid, _, _, question = q
            good = answer(qid, question, [(16, txt_rdata("v=STSv1; id=x"))])
            # The record's RDLENGTH claims 4000 bytes; the datagram ends long before.
            at = 12 + len(question) + 2 + 8
            return [good[:at] + struct.pack("!H", 4000) + good[at + 2:]]
        self.malformed(make)

    def test_tcp_length_lie(self):
        # Truncated over UDP; over TCP the length prefix promises more than is sent.
        def make(q):
            qid, _, _, question = q
            return [answer(qid, question, [], tc=True)]

        def tcp(q):
            qid, _, _, question = q
            return struct.pack("!H", 60000) + answer(qid, question, [])
        out, obs = self.check(self.on_txt(make), tcp)
        self.assertEqual(obs["events"], ["DNS_MALFORMED"], repr(out))
        self.assertSays(out, "shorter than its length prefix")

    def test_record_refuses_a_malformed_answer(self):
        # A fixture has no rcode for an unreadable answer: record says so and writes nothing.
        def make(q):
            return [struct.pack("!H", q[0]) + b"\xff" * 20]
        dns = hs.DnsServer(hs.example_zone(), self.on_txt(make))
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "recorded.json")
            try:
                out = hostile.run([MTASTS, "record", "example.com", "-o", path, "--resolver",
                                   "127.0.0.1:%d" % dns.port, "--timeout", str(TIMEOUT)],
                                  timeout=30)
            finally:
                dns.close()
            self.assertClean(out)
            self.assertBounded(out, MAX_RSS_MIB, MAX_SECONDS)
            self.assertStatus(out, 2)
            self.assertSays(out, "cannot record this world", "(DNS_MALFORMED)")
            self.assertFalse(os.path.exists(path), repr(out))


class SilentResolver(unittest.TestCase):
    """A resolver that never answers: the question is said on stderr before the wait, not
    after the timeout (a progress line printed only at the end left the operator in silence)."""

    SILENT_TIMEOUT = 30  # --timeout, seconds: the line must come well before its end

    def test_question_is_said_before_the_wait(self):
        silent = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)  # bound, never read
        silent.bind(("127.0.0.1", 0))
        port = silent.getsockname()[1]
        started = time.monotonic()
        proc = subprocess.Popen(
            [MTASTS, "check", "example.com", "--resolver", "127.0.0.1:%d" % port,
             "--timeout", str(self.SILENT_TIMEOUT)],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            line = b""
            while not line.endswith(b"\n"):
                left = self.SILENT_TIMEOUT - (time.monotonic() - started)
                ready, _, _ = select.select([proc.stderr], [], [], max(left, 0))
                if not ready:
                    break
                chunk = os.read(proc.stderr.fileno(), 1)
                if not chunk:
                    break
                line += chunk
            elapsed = time.monotonic() - started
            still_waiting = proc.poll() is None
        finally:
            proc.kill()  # the tool this test started; it would wait out the timeout
            proc.wait()
            proc.stderr.close()
            silent.close()
        self.assertEqual(line.decode(errors="replace"),
                         "mtasts: dns: asking 127.0.0.1:%d for TXT _mta-sts.example.com ...\n"
                         % port)
        self.assertTrue(still_waiting, "the tool had already ended")
        self.assertLess(elapsed, self.SILENT_TIMEOUT)


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1], verbosity=2)
