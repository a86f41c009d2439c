#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Hostile SMTP and HTTPS servers, and names and headers that are not UTF-8, against
`mtasts check`, `record` and `lint`: every case ends within --timeout and a margin, in
bounded memory, with a status and a message that say what the server did.

Usage: hostile_live_servers.py MTASTS SOURCE_DIR
"""
import json
import os
import sys
import tempfile
import unittest

import hostile
import hostile_servers as hs

MTASTS = sys.argv[1]
hs.SOURCE = sys.argv[2]
TIMEOUT = 2  # --timeout, seconds
MAX_RSS_MIB = 64
# Every server here answers DNS and connects at once: only the step under attack can take up
# to --timeout, so a whole run stays within one timeout and a margin for start-up.
MAX_SECONDS = TIMEOUT + 2


def policy_server(respond=None, leaf="policy-valid"):
    respond = respond or (lambda conn, s: conn.sendall(hs.policy_response(hs.ENFORCE)))
    return hs.TcpServer(hs.https_handler(respond), tls=(leaf, "intermediate-ca.pem"))


class World:
    """example.com on loopback: DNS, a Policy Host and one MX, each replaceable."""

    def __init__(self, https=None, smtp=None, mx=b"mx1.example.com"):
        self.dns = hs.DnsServer(hs.example_zone(mx=mx))
        self.https = https or policy_server()
        self.smtp = smtp

    def args(self):
        out = ["--resolver", "127.0.0.1:%d" % self.dns.port, "--https-port",
               str(self.https.port), "--ca-file", os.path.join(hs.certs_dir(), "root-ca.pem"),
               "--timeout", str(TIMEOUT)]
        if self.smtp:
            out += ["--smtp-port", str(self.smtp.port)]
        return out

    def close(self):
        for s in (self.dns, self.https, self.smtp):
            if s:
                s.close()


class LiveHostile(hostile.HostileCase):
    def run_tool(self, world, *command):
        try:
            out = hostile.run([MTASTS] + list(command) + world.args(), timeout=60)
        finally:
            world.close()
        self.assertClean(out)
        self.assertBounded(out, MAX_RSS_MIB, MAX_SECONDS)
        return out

    def check_json(self, world, *extra):
        out = self.run_tool(world, "check", "example.com", "--observation", *extra)
        return out, json.loads(out.stdout.decode())

    # --- SMTP --------------------------------------------------------------------------

    def test_smtp_drip(self):
        # One continuation line a second: each read succeeds, only the session deadline ends it.
        def drip(conn, server):
            hs.send_until_stopped(conn, server, b"220-still talking\r\n", pause=0.5)
        world = World(smtp=hs.TcpServer(drip))
        out, obs = self.check_json(world, "--starttls")
        self.assertStatus(out, 1)
        self.assertEqual(obs["mx"][0]["verdict"], "MX_TLS_FAILED", repr(out))
        self.assertSays(out, "deadline passed")

    def test_smtp_flood(self):
        # An endless multi-line banner as fast as the socket takes it.
        line = b"220-" + b"x" * 1000 + b"\r\n"

        def flood(conn, server):
            hs.send_until_stopped(conn, server, line * 64)
        world = World(smtp=hs.TcpServer(flood))
        out, obs = self.check_json(world, "--starttls")
        self.assertStatus(out, 1)
        self.assertEqual(obs["mx"][0]["verdict"], "MX_TLS_FAILED", repr(out))
        self.assertSays(out, "reply longer than 65536 bytes (max_smtp_reply_bytes)")

    # --- HTTPS -------------------------------------------------------------------------

    def test_https_endless_body(self):
        def endless(conn, server):
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n")
            hs.send_until_stopped(conn, server, b"mx: a.example.com\n" * 1000)
        out, obs = self.check_json(World(https=policy_server(endless)))
        self.assertStatus(out, 1)
        self.assertEqual(obs["events"], ["FETCH_TOO_LARGE"], repr(out))

    def test_https_slow_body(self):
        def slow(conn, server):
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"
                         b"Content-Length: 1000\r\n\r\n")
            hs.send_until_stopped(conn, server, b"v", pause=0.3)
        out, obs = self.check_json(World(https=policy_server(slow)))
        self.assertStatus(out, 1)
        self.assertEqual(obs["events"], ["FETCH_TIMEOUT"], repr(out))

    def test_https_huge_headers(self):
        def huge(conn, server):
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n")
            hs.send_until_stopped(conn, server, b"X-Pad: " + b"a" * 1000 + b"\r\n")
        out, obs = self.check_json(World(https=policy_server(huge)))
        self.assertStatus(out, 1)
        self.assertEqual(obs["events"], ["FETCH_CONNECT"], repr(out))
        self.assertSays(out, "response headers longer than 65536 bytes "
                             "(max_response_header_bytes)")

    def test_https_redirect_not_followed(self):
        def redirect(conn, server):
            conn.sendall(b"HTTP/1.1 301 Moved Permanently\r\nLocation: "
                         b"https://mta-sts.example.com/elsewhere.txt\r\nContent-Length: 0\r\n"
                         b"Connection: close\r\n\r\n")
        https = policy_server(redirect)
        out, obs = self.check_json(World(https=https))
        self.assertStatus(out, 1)
        self.assertEqual(obs["events"], ["FETCH_REDIRECT"], repr(out))
        self.assertEqual(https.requests, 1, repr(out))

    def test_https_cn_only_certificate(self):
        out, obs = self.check_json(World(https=policy_server(leaf="policy-cn-only")))
        self.assertStatus(out, 1)
        self.assertEqual(obs["events"], ["FETCH_CERT_NAME_MISMATCH"], repr(out))

    def test_https_partial_wildcard_certificate(self):
        # DNS:mta-*.example.com: a wildcard that is not a whole label matches nothing.
        out, obs = self.check_json(World(https=policy_server(leaf="policy-partial-wildcard")))
        self.assertStatus(out, 1)
        self.assertEqual(obs["events"], ["FETCH_CERT_NAME_MISMATCH"], repr(out))

    # --- bytes that are not UTF-8 ------------------------------------------------------

    def test_check_json_mx_name_not_utf8(self):
        hangs_up = hs.TcpServer(lambda conn, server: None)
        out, obs = self.check_json(World(mx=b"mx\xff.example.com", smtp=hangs_up), "--starttls")
        self.assertStatus(out, 1)  # the MX is not in the policy
        self.assertEqual(obs["mx"][0]["host"], {"base64": "bXj/LmV4YW1wbGUuY29t"}, repr(out))

    def test_lint_json_mx_name_not_utf8(self):
        out = self.run_tool(World(mx=b"mx\xff.example.com"), "lint", "example.com", "--json",
                            "--no-starttls")
        self.assertStatus(out, 1)
        lint = json.loads(out.stdout.decode())
        missed = [f for f in lint["findings"] if f["code"] == "mx-host-not-covered"]
        self.assertEqual([f["subject"] for f in missed],
                         [{"base64": "bXj/LmV4YW1wbGUuY29t"}], repr(out))

    def test_record_mx_name_not_utf8(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "recorded.json")
            hangs_up = hs.TcpServer(lambda conn, server: None)
            out = self.run_tool(World(mx=b"mx\xff.example.com", smtp=hangs_up), "record",
                                "example.com", "--starttls", "-o", path)
            self.assertStatus(out, 2)
            self.assertSays(out, "MX host", "is not UTF-8")
            self.assertFalse(os.path.exists(path), repr(out))

    def test_record_header_value_not_utf8(self):
        def weird(conn, server):
            conn.sendall(hs.policy_response(hs.ENFORCE, b"X-Weird: caf\xe9\r\n"))
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "recorded.json")
            out = self.run_tool(World(https=policy_server(weird)), "record", "example.com",
                                "-o", path)
            self.assertStatus(out, 2)
            self.assertSays(out, 'the value of header "X-Weird" {"base64"', "is not UTF-8")
            self.assertFalse(os.path.exists(path), repr(out))


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1], verbosity=2)
