# SPDX-License-Identifier: Apache-2.0
"""Loopback servers that misbehave on purpose, for the live tools' hostile cases: a DNS
server whose answers can be spoofed, garbled or lie, and TLS (HTTPS) and plain (SMTP) TCP
servers whose replies a test scripts. Each runs in threads of the test and stops when the
test closes it. Standard library only.

The DNS wire is written here by hand because the point is to write what no library would:
wrong IDs, compression loops, counts and lengths that lie.
"""
import os
import shutil
import socket
import ssl
import struct
import tempfile
import threading
import time

SOURCE = None  # set by the test from argv: the source tree (for fixtures/certs)


def certs_dir():
    return os.path.join(SOURCE, "fixtures", "certs")


# --- DNS -------------------------------------------------------------------------------

TYPES = {"A": 1, "MX": 15, "TXT": 16, "AAAA": 28}


def encode_name(name):
    """Labels as bytes (a label may hold any byte), then the root."""
    if isinstance(name, str):
        name = name.encode()
    out = b""
    for label in name.rstrip(b".").split(b"."):
        if label:
            out += bytes([len(label)]) + label
    return out + b"\0"


def txt_rdata(*strings):
    out = b""
    for s in strings:
        s = s.encode() if isinstance(s, str) else s
        out += bytes([len(s)]) + s
    return out


def a_rdata(address):
    return socket.inet_aton(address)


def mx_rdata(preference, host):
    return struct.pack("!H", preference) + encode_name(host)


def parse_query(data):
    """(id, name in lower case without the dot, type number, question bytes) or None."""
    if len(data) < 12:
        return None
    qid, _, qd = struct.unpack("!HHH", data[:6])
    if qd != 1:
        return None
    labels, i = [], 12
    while i < len(data) and data[i] != 0:
        n = data[i]
        labels.append(data[i + 1:i + 1 + n])
        i += 1 + n
    question = data[12:i + 5]
    qtype = struct.unpack("!H", data[i + 1:i + 3])[0]
    return qid, b".".join(labels).decode("latin-1").lower(), qtype, question


def answer(qid, question, records, rcode=0, tc=False, ancount=None):
    """A response: the question echoed, then each (rtype, rdata) owned by the question name
    (a compression pointer to offset 12)."""
    flags = 0x8180 | rcode | (0x0200 if tc else 0)
    body = b""
    for rtype, rdata in records:
        body += b"\xc0\x0c" + struct.pack("!HHIH", rtype, 1, 60, len(rdata)) + rdata
    count = len(records) if ancount is None else ancount
    return struct.pack("!HHHHHH", qid, flags, 1, count, 0, 0) + question + body


class DnsServer:
    """UDP and TCP on one loopback port. `zone` maps (name, type) to a list of (type, rdata);
    `behave(query_id, name, type, question)` may return a list of datagrams to send instead
    (None: answer from the zone). Unknown names get NXDOMAIN."""

    def __init__(self, zone, behave=None, tcp_behave=None):
        self.zone = zone
        self.behave = behave
        self.tcp_behave = tcp_behave
        self.queries = []
        self.udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.udp.bind(("127.0.0.1", 0))
        self.port = self.udp.getsockname()[1]
        self.tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.tcp.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.tcp.bind(("127.0.0.1", self.port))
        self.tcp.listen(16)
        self.stopping = False
        self.threads = [threading.Thread(target=self._serve_udp, daemon=True),
                        threading.Thread(target=self._serve_tcp, daemon=True)]
        for t in self.threads:
            t.start()

    def genuine(self, q):
        qid, name, qtype, question = q
        records = self.zone.get((name, qtype))
        if records is None:
            known = any(n == name for n, _ in self.zone)
            return answer(qid, question, [], rcode=0 if known else 3)
        return answer(qid, question, records)

    def _serve_udp(self):
        self.udp.settimeout(0.1)
        while not self.stopping:
            try:
                data, peer = self.udp.recvfrom(65535)
            except (socket.timeout, OSError):
                continue
            q = parse_query(data)
            if q is None:
                continue
            self.queries.append((q[1], q[2]))
            out = self.behave(q) if self.behave else None
            for datagram in (out if out is not None else [self.genuine(q)]):
                try:
                    self.udp.sendto(datagram, peer)
                except OSError:
                    pass

    def _serve_tcp(self):
        self.tcp.settimeout(0.1)
        while not self.stopping:
            try:
                conn, _ = self.tcp.accept()
            except (socket.timeout, OSError):
                continue
            with conn:
                conn.settimeout(5)
                try:
                    length = struct.unpack("!H", conn.recv(2))[0]
                    data = b""
                    while len(data) < length:
                        chunk = conn.recv(length - len(data))
                        if not chunk:
                            break
                        data += chunk
                    q = parse_query(data)
                    if q is None:
                        continue
                    out = self.tcp_behave(q) if self.tcp_behave else None
                    conn.sendall(out if out is not None else
                                 struct.pack("!H", len(self.genuine(q))) + self.genuine(q))
                except (OSError, struct.error):
                    pass

    def close(self):
        self.stopping = True
        for t in self.threads:
            t.join(5)
        self.udp.close()
        self.tcp.close()


def example_zone(txt_id="genuine1", mx=b"mx1.example.com"):
    """example.com with a policy host and one MX, all on 127.0.0.1."""
    return {
        ("_mta-sts.example.com", 16): [(16, txt_rdata("v=STSv1; id=" + txt_id))],
        ("mta-sts.example.com", 1): [(1, a_rdata("127.0.0.1"))],
        ("example.com", 15): [(15, mx_rdata(10, mx))],
        (mx.decode("latin-1").lower(), 1): [(1, a_rdata("127.0.0.1"))],
    }


# --- TCP servers -------------------------------------------------------------------------

class TcpServer:
    """Accepts on a loopback port and runs handler(conn, server) per connection in a thread;
    `stopping` tells endless handlers to end. With tls=(cert, key), connections are TLS."""

    def __init__(self, handler, tls=None):
        self.handler = handler
        self.stopping = False
        self.connections = 0
        self.requests = 0
        self.tmp = tempfile.mkdtemp(prefix="hostile-server-")
        self.context = None
        if tls is not None:
            leaf, chain = tls
            combined = os.path.join(self.tmp, "chain.pem")
            with open(combined, "wb") as out:
                for name in (leaf + ".pem", chain):
                    if name:
                        with open(os.path.join(certs_dir(), name), "rb") as f:
                            out.write(f.read())
            self.context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            self.context.load_cert_chain(combined, os.path.join(certs_dir(), leaf + ".key"))
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.port = self.sock.getsockname()[1]
        self.workers = []
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self):
        self.sock.settimeout(0.1)
        while not self.stopping:
            try:
                conn, _ = self.sock.accept()
            except (socket.timeout, OSError):
                continue
            self.connections += 1
            t = threading.Thread(target=self._run, args=(conn,), daemon=True)
            t.start()
            self.workers.append(t)

    def _run(self, conn):
        try:
            conn.settimeout(10)
            if self.context is not None:
                conn = self.context.wrap_socket(conn, server_side=True)
            self.handler(conn, self)
        except (OSError, ssl.SSLError, ValueError):
            pass
        finally:
            try:
                conn.close()
            except OSError:
                pass

    def close(self):
        self.stopping = True
        self.thread.join(5)
        for t in self.workers:
            t.join(5)
        self.sock.close()
        shutil.rmtree(self.tmp, ignore_errors=True)


def read_head(conn):
    """An HTTP request head, or b"" when the client left."""
    data = b""
    while b"\r\n\r\n" not in data and len(data) < 65536:
        chunk = conn.recv(4096)
        if not chunk:
            return b""
        data += chunk
    return data


def https_handler(respond):
    """A handler that reads one request, counts it, then calls respond(conn, server)."""
    def handle(conn, server):
        if read_head(conn):
            server.requests += 1
            respond(conn, server)
    return handle


def policy_response(body, extra_headers=b""):
    body = body.encode() if isinstance(body, str) else body
    return (b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n" + extra_headers +
            b"Content-Length: %d\r\nConnection: close\r\n\r\n" % len(body) + body)


ENFORCE = "version: STSv1\nmode: enforce\nmx: mx1.example.com\nmax_age: 604800\n"


def send_until_stopped(conn, server, chunk, pause=0.0, limit_seconds=30,
                       limit_bytes=256 * 1024 * 1024):
    """Sends chunk again and again until the client leaves, the test ends, or time or the
    byte budget is up."""
    end = time.monotonic() + limit_seconds
    sent = 0
    while not server.stopping and time.monotonic() < end and sent < limit_bytes:
        conn.sendall(chunk)
        sent += len(chunk)
        if pause:
            time.sleep(pause)
