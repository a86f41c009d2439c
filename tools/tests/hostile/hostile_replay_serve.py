#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""`mtasts replay-serve` under a flood: hundreds of connections at once to its DNS (TCP), HTTPS
and SMTP ports, garbage on each and on DNS over UDP, must not crash it, grow it past its
connection limit, or stop it serving the good client that comes next.

Usage: hostile_replay_serve.py MTASTS SOURCE_DIR
"""
import json
import os
import signal
import socket
import sys
import tempfile
import threading
import time
import unittest

import hostile

MTASTS, SOURCE = sys.argv[1], sys.argv[2]
FIXTURE = os.path.join(SOURCE, "fixtures", "delivery", "delivery_test.json")
TEST = "rfc8461/5/enforce-valid-mx-delivers"
FLOOD = 300  # connections held at once on each TCP port
MAX_REPLAY_CONNECTIONS = 64  # tools/replay: max_replay_connections
# replay-serve gets SIGTERM once the good client is done (a timer raced with slow sanitized
# floods), and must then exit within this bound.
SERVE_SECONDS = 60


def threads_of(marker):
    """Thread count of the process whose command line holds marker (0 if none)."""
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open("/proc/%s/cmdline" % pid, "rb") as f:
                if marker.encode() not in f.read():
                    continue
            with open("/proc/%s/status" % pid) as f:
                for line in f:
                    if line.startswith("Threads:"):
                        return int(line.split()[1])
        except OSError:
            pass
    return 0


def connect_many(address, port, count, garbage):
    held = []
    for _ in range(count):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.settimeout(2)
        try:
            s.connect((address, port))
            s.sendall(garbage)
        except OSError:
            pass
        held.append(s)
    return held


class ReplayServeHostile(hostile.HostileCase):
    def test_flood_then_a_good_client(self):
        tmp = tempfile.mkdtemp(prefix="hostile-replay-")
        ready = os.path.join(tmp, "ready.json")
        server = {}
        done = threading.Event()

        def serve():
            server["out"] = hostile.run(
                [MTASTS, "replay-serve", FIXTURE, "--test", TEST, "--dns-port", "0",
                 "--https-port", "0", "--smtp-port", "0", "--ready-file", ready],
                timeout=SERVE_SECONDS + 30, signal_when=done, sig=signal.SIGTERM)

        runner = threading.Thread(target=serve)
        runner.start()
        deadline = time.monotonic() + 10
        while not os.path.exists(ready) and time.monotonic() < deadline:
            time.sleep(0.02)
        if not os.path.exists(ready):
            done.set()
        self.assertTrue(os.path.exists(ready), "replay-serve did not start")
        with open(ready) as f:
            info = json.load(f)
        # Port 0 above: the server picks its ports, so no other test can take them first.
        dns = int(info["dns"].rsplit(":", 1)[1])
        https = int(info["https"].rsplit(":", 1)[1])
        smtp = info["smtp_port"]
        mx_address = info["addresses"]["mx1.example.com"]

        # Garbage over UDP, then hundreds of connections held open with garbage in them.
        u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        for i in range(2000):
            u.sendto(os.urandom(1 + i % 600), ("127.0.0.1", dns))
        u.close()
        held = []
        held += connect_many("127.0.0.1", https, FLOOD, b"\x16\x03\x01\xff\xff" + b"G" * 4000)
        held += connect_many(mx_address, smtp, FLOOD, b"EHLO " + b"x" * 4000)
        held += connect_many("127.0.0.1", dns, FLOOD, b"\xff\xff" + b"\x00" * 100)
        threads_under_flood = threads_of(ready)
        for s in held:
            s.close()

        good = hostile.run(
            [MTASTS, "check", "example.com", "--starttls", "--observation", "--resolver",
             "127.0.0.1:%d" % dns, "--https-port", str(https), "--smtp-port", str(smtp),
             "--ca-file", info["ca_file"], "--timeout", "3"], timeout=30)
        done.set()
        runner.join(SERVE_SECONDS + 30)
        out = server["out"]
        try:
            self.assertClean(good)
            self.assertStatus(good, 0)
            obs = json.loads(good.stdout.decode())
            self.assertEqual(obs["outcome"], "fetched", repr(good))
            self.assertEqual([m["verdict"] for m in obs["mx"]], ["ok"], repr(good))
            # Listeners, the main thread and at most the connection limit.
            self.assertLessEqual(threads_under_flood, MAX_REPLAY_CONNECTIONS + 8, repr(out))
            self.assertStatus(out, 0)
            self.assertClean(out)
            self.assertBounded(out, 128, SERVE_SECONDS + 5)
        finally:
            for name in os.listdir(tmp):
                os.remove(os.path.join(tmp, name))
            os.rmdir(tmp)


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1], verbosity=2)
