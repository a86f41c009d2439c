#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""The installed `mtasts` works without its source tree.

Installs the already-built tree into a temporary prefix (`cmake --install`; nothing else is
copied), then runs PREFIX/bin/mtasts from `/` with a scrubbed environment:
- `conform` and `diff` (against the installed snapshots) exit 0;
- `replay-serve` on ports it picks (port 0) answers over HTTPS with the installed test PKI;
- `diff --update` and `conform --update-expectations` exit 2 and write nothing;
- the binary holds no path of the source tree.

The install is stripped (`--strip`): debug information names the compiler's directories,
which is not a path the binary reads.

Usage: install_e2e.py BUILD_DIR SOURCE_DIR
"""
import filecmp
import hashlib
import json
import os
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time

BUILD, SOURCE = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
ENV = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}
failures = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures.append(what)


def run(args, **kw):
    return subprocess.run(args, cwd="/", env=ENV, capture_output=True, timeout=300, **kw)


def tree_digest(path):
    """A digest of every file's name and bytes under path."""
    h = hashlib.sha256()
    for dirpath, dirnames, filenames in os.walk(path):
        dirnames.sort()
        for name in sorted(filenames):
            full = os.path.join(dirpath, name)
            h.update(full.encode())
            with open(full, "rb") as f:
                h.update(f.read())
    return h.hexdigest()


def https_answers(port, ca_file, host):
    context = ssl.create_default_context(cafile=ca_file)
    with socket.create_connection(("127.0.0.1", port), timeout=10) as raw:
        with context.wrap_socket(raw, server_hostname=host) as tls:
            tls.sendall(b"GET /.well-known/mta-sts.txt HTTP/1.1\r\nHost: " + host.encode() +
                        b"\r\nConnection: close\r\n\r\n")
            return tls.recv(64)


def replay_serve(mtasts, data, tmp):
    fixture = os.path.join(data, "fixtures", "fetch", "fetch_test.json")
    ready = os.path.join(tmp, "ready.json")
    proc = subprocess.Popen(
        [mtasts, "replay-serve", fixture, "--test", "rfc8461/3.3/redirect-not-followed",
         "--dns-port", "0", "--https-port", "0", "--smtp-port", "0", "--ready-file", ready],
        cwd="/", env=ENV, stderr=subprocess.PIPE)
    try:
        deadline = time.time() + 20
        while not os.path.exists(ready) and proc.poll() is None and time.time() < deadline:
            time.sleep(0.02)
        check(os.path.exists(ready), "replay-serve starts (%s)" % (
            b"" if proc.poll() is None else proc.stderr.read()).decode(errors="replace"))
        if not os.path.exists(ready):
            return
        with open(ready) as f:
            info = json.load(f)
        check(info["ca_file"].startswith(tmp), "replay-serve's certificates come from the "
              "install: " + info["ca_file"])
        port = int(info["https"].rsplit(":", 1)[1])
        check(https_answers(port, info["ca_file"], "mta-sts.example.com").startswith(b"HTTP/1.1"),
              "replay-serve answers over HTTPS with the installed test CA")
    finally:
        proc.send_signal(signal.SIGTERM)
        check(proc.wait(timeout=10) == 0, "replay-serve exits 0 on SIGTERM")


def main():
    tmp = tempfile.mkdtemp(prefix="mtasts-install-")
    try:
        prefix = os.path.join(tmp, "prefix")
        installed = subprocess.run(["cmake", "--install", BUILD, "--prefix", prefix, "--strip"],
                                   capture_output=True, timeout=300)
        check(installed.returncode == 0, "cmake --install: " +
              installed.stderr.decode(errors="replace"))
        mtasts = os.path.join(prefix, "bin", "mtasts")
        data = os.path.join(prefix, "share", "mtasts")

        conform = run([mtasts, "conform"])
        check(conform.returncode == 0, "conform exits 0: " + conform.stdout.decode()[-300:] +
              conform.stderr.decode())
        diff = run([mtasts, "diff", "--jobs", "2"])
        check(diff.returncode == 0, "diff exits 0: " + diff.stderr.decode()[-300:])
        check(("snapshots in " + os.path.join(data, "snapshots")).encode() in diff.stdout,
              "diff reads the installed snapshots")

        replay_serve(mtasts, data, tmp)
        # The output schemas the README lists are installed with the data.
        schemas = os.path.join(SOURCE, "conformance", "schemas")
        for name in sorted(os.listdir(schemas)):
            installed_schema = os.path.join(data, "conformance", "schemas", name)
            check(os.path.isfile(installed_schema) and
                  filecmp.cmp(os.path.join(schemas, name), installed_schema, shallow=False),
                  "installed: conformance/schemas/" + name)

        before = tree_digest(data)
        update = run([mtasts, "diff", "--update", "--jobs", "2"])
        check(update.returncode == 2 and b"give --root DIR" in update.stderr,
              "diff --update from / exits 2 naming --root: " + update.stderr.decode())
        expectations = run([mtasts, "conform", "--update-expectations"])
        check(expectations.returncode == 2 and b"give --expectations FILE" in expectations.stderr,
              "conform --update-expectations from / exits 2 naming --expectations: " +
              expectations.stderr.decode())
        check(tree_digest(data) == before, "nothing in the data directory was written")

        # ASan and UBSan keep source file names in the binary for their reports (global and
        # check descriptors), stripped or not; a release binary must hold none.
        if os.environ.get("MTASTS_SANITIZED") == "1":
            print("skipped in a sanitizer build: no source path in the binary")
        else:
            with open(mtasts, "rb") as f:
                binary = f.read()
            check(SOURCE.encode() not in binary, "no source path in the binary (" + SOURCE + ")")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if failures:
        print("%d failure(s)" % len(failures))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
