# SPDX-License-Identifier: Apache-2.0
"""mtasts-shim/1 shim for postfix-mta-sts-resolver (conformance/PROTOCOL.md), levels P, D1, D2.

    /usr/bin/python3 conformance/adapters/pmsr/shim.py ARGS

Debian's python3 is required: it sees the Debian package (1.1.2) and its aiodns/aiohttp.

pmsr validates nothing in its utils parsers; every decision is made inside
`STSResolver.resolve(domain, last_known_id)`. So every command runs that coroutine, the
installed code, unchanged. Only what it takes from the world is replaced in this process:
  - DNS: `aiodns.DNSResolver.query` answers with real pycares result/error objects;
  - HTTPS: aiohttp's own connector runs, but the event loop's `getaddrinfo` and
    `create_connection` are replaced: a TLS verdict other than valid raises the
    `ssl.SSLCertVerificationError` OpenSSL would (aiohttp wraps it as it always does), and a
    completed exchange is served as raw HTTP/1.1 bytes over a socketpair, so aiohttp's real
    parser produces the status, headers, charset and body that pmsr checks.
    At D2 the runner's chain is served by an in-memory TLS server and the context aiohttp
    passed to create_connection runs the handshake against it (`tls_handshake`), its trust
    anchors being the runner's roots only; the error that handshake raises is what pmsr sees.
For level P the world is fixed (a valid TXT record for `parse policy`, a valid policy for
`parse txt`); for D1 it is the runner's, asked over JSON lines.

resolve() reports only an STSFetchResult. To say *why*, the shim reads resolve()'s own
frame while it runs (sys.settrace on that one code object): the message names the
exception pmsr caught, or quotes the line of pmsr's source that decided the return.
Nothing of pmsr's logic is restated here.
"""
import asyncio
import base64
import contextvars
import json
import linecache
import logging
import os
import socket
import ssl
import sys
import tempfile

import aiodns
import aiohttp
import pycares
from postfix_mta_sts_resolver import resolver as pmsr_resolver
from postfix_mta_sts_resolver import utils as pmsr_utils

UNIMPLEMENTED = 89
VERSION = "1.1.2"
RESOLVE_CODE = pmsr_resolver.STSResolver.resolve.__code__
RESOLVE_FILE = RESOLVE_CODE.co_filename

# pmsr would send its fetch through an https proxy named in the environment.
for var in ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"):
    os.environ.pop(var, None)


def die(message, code=2):
    sys.stderr.write("pmsr shim: %s\n" % message)
    sys.exit(code)


# --------------------------------------------------------------------------------------
# The world pmsr sees. `answer(question)` returns the protocol's answer object for a
# {"type": "dns"/"https", ...} question; level P answers locally, D1 asks the runner.

class World:
    def __init__(self, answer, roots_pem=None):
        self.answer = answer
        self.roots_pem = roots_pem  # level D2: the only trust anchors
        self.fetch_started = False

    # Like a stub resolver behind a recursive server (what c-ares is): CNAMEs are followed,
    # and a loop or an over-long chain is the SERVFAIL a recursive server would give.
    def resolve(self, name, rrtype):
        seen, current = set(), name
        while True:
            if current.lower() in seen or len(seen) >= 8:
                return None, pycares.errno.ARES_ESERVFAIL
            seen.add(current.lower())
            a = self.answer({"type": "dns", "name": current, "rrtype": rrtype})
            rcode = a.get("rcode")
            if rcode != "NOERROR":
                return None, {"NXDOMAIN": pycares.errno.ARES_ENOTFOUND,
                              "TIMEOUT": pycares.errno.ARES_ETIMEOUT}.get(rcode, pycares.errno.ARES_ESERVFAIL)
            if a.get("cname"):
                current = a["cname"]
                continue
            rows = a.get("txt") if rrtype == "TXT" else a.get("addresses")
            if not rows:
                return None, pycares.errno.ARES_ENODATA
            return rows, None


class Chunk:
    """What pycares builds a TXT result from: the record's character-strings joined. A runner
    string stands for its UTF-8 bytes, {"base64"} for the bytes it holds; level P's one-record
    FILE comes as bytes."""
    def __init__(self, strings):
        self.text = b"".join(s if isinstance(s, bytes) else s.encode("utf-8") if isinstance(s, str)
                             else base64.b64decode(s["base64"])
                             for s in (strings if isinstance(strings, list) else [strings]))


WORLD = contextvars.ContextVar("world")
REQUEST_URL = contextvars.ContextVar("request_url")


async def fake_query(self, host, qtype, qclass=None):  # replaces aiodns.DNSResolver.query
    rows, err = WORLD.get().resolve(host, qtype)
    if err is not None:
        raise aiodns.error.DNSError(err, pycares.errno.strerror(err))
    return [pycares.ares_query_txt_result(Chunk(r)) for r in rows]


_CONNECTOR_PATCHED = False


def install_fakes(loop):
    """The DNS and connector replacements (once per process) and the loop's (per loop)."""
    global _CONNECTOR_PATCHED
    aiodns.DNSResolver.query = fake_query

    # aiohttp resolves the policy host through loop.getaddrinfo (its ThreadedResolver).
    # One address only, so that aiohttp makes one connection attempt (one fetch).
    async def getaddrinfo(host, port, *, family=0, type=0, proto=0, flags=0):
        world = WORLD.get()
        world.fetch_started = True
        for rrtype, fam in (("A", socket.AF_INET), ("AAAA", socket.AF_INET6)):
            rows, err = world.resolve(host, rrtype)
            if rows:
                addr = (rows[0], port) if fam == socket.AF_INET else (rows[0], port, 0, 0)
                return [(fam, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", addr)]
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    real_create_connection = loop.create_connection

    async def create_connection(protocol_factory, host=None, port=None, **kw):
        a = WORLD.get().answer({"type": "https", "url": REQUEST_URL.get()})
        transport = a.get("transport", "completed")
        if transport == "connect_error":
            raise ConnectionRefusedError(111, "Connect call failed ('%s', %s)" % (host, port))
        if transport == "timeout":
            raise asyncio.TimeoutError()  # what aiohttp's own timeout raises, without the wait
        if transport == "tls_error":
            raise ssl.SSLError(1, "[SSL: SSLV3_ALERT_HANDSHAKE_FAILURE] sslv3 alert handshake failure (_ssl.c:992)")
        tls = a.get("tls") or {}
        if "chain_pem" in tls:
            tls_handshake(kw.get("ssl"), kw.get("server_hostname"), tls, WORLD.get().roots_pem)
        else:
            verdict = tls.get("verdict", "valid")
            if verdict != "valid":
                raise cert_error(verdict, kw.get("server_hostname"))
        ours, theirs = socket.socketpair()
        ours.setblocking(False)
        theirs.setblocking(False)
        asyncio.ensure_future(serve(theirs, raw_response(a)))
        return await real_create_connection(protocol_factory, sock=ours)

    loop.getaddrinfo = getaddrinfo
    loop.create_connection = create_connection

    # The URL of the request being connected, for the https question. Wrapped once: a batch
    # runs many loops in one process, and wrapping the wrapper would nest once per question.
    if _CONNECTOR_PATCHED:
        return
    _CONNECTOR_PATCHED = True
    real_create = aiohttp.TCPConnector._create_connection

    async def _create_connection(self, req, traces, timeout):
        REQUEST_URL.set(str(req.url))
        return await real_create(self, req, traces, timeout)

    aiohttp.TCPConnector._create_connection = _create_connection


# OpenSSL's verify results for each verdict (X509_V_ERR_* code and text).
CERT_ERRORS = {
    "expired": (10, "certificate has expired"),
    "not_yet_valid": (9, "certificate is not yet valid"),
    "untrusted": (20, "unable to get local issuer certificate"),
}


def cert_error(verdict, hostname):
    code, text = CERT_ERRORS.get(verdict, (62, "Hostname mismatch, certificate is not valid for '%s'." % hostname))
    err = ssl.SSLCertVerificationError(1, "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: %s (_ssl.c:992)" % text)
    err.verify_code, err.verify_message, err.library, err.reason = code, text, "SSL", "CERTIFICATE_VERIFY_FAILED"
    return err


def client_context(aiohttp_context, roots_pem):
    """The context aiohttp verifies the Policy Host with, trusting roots_pem only.

    pmsr passes no ssl argument, so aiohttp 3.8 uses its `_make_ssl_context(True)`, which is
    `ssl.create_default_context()`; given cadata, that function builds the same context with
    those anchors instead of the system store. Any other context would be a change in pmsr
    or aiohttp that this shim does not know how to copy."""
    if aiohttp_context is not aiohttp.TCPConnector._make_ssl_context(True):
        die("aiohttp passed an ssl context other than its default: %r" % (aiohttp_context,))
    return ssl.create_default_context(cadata=roots_pem)


def server_context(tls):
    """A TLS server presenting the runner's chain (leaf first) with the leaf's key.
    load_cert_chain reads only files: they live in $TMPDIR for the call."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    with tempfile.TemporaryDirectory() as tmp:
        cert_file, key_file = os.path.join(tmp, "chain.pem"), os.path.join(tmp, "key.pem")
        with open(cert_file, "w", encoding="ascii") as f:
            f.write("".join(pem if pem.endswith("\n") else pem + "\n" for pem in tls["chain_pem"]))
        with open(key_file, "w", encoding="ascii") as f:
            f.write(tls["key_pem"])
        context.load_cert_chain(cert_file, key_file)
    return context


def tls_handshake(aiohttp_context, hostname, tls, roots_pem):
    """Level D2: a real TLS handshake in memory (two MemoryBIO pairs) between a server holding
    the runner's chain and aiohttp's client context with the runner's roots. An error of the
    client (ssl.SSLCertVerificationError with OpenSSL's verify_code, or another SSLError) is
    raised as a real server would make create_connection raise it; aiohttp wraps it."""
    if roots_pem is None:
        die("a tls chain came without roots_pem in begin")
    client_in, client_out, server_in, server_out = (ssl.MemoryBIO() for _ in range(4))
    client = client_context(aiohttp_context, roots_pem).wrap_bio(
        client_in, client_out, server_side=False, server_hostname=hostname)
    server = server_context(tls).wrap_bio(server_in, server_out, server_side=True)
    server_failed = False
    for _ in range(16):  # TLS 1.3 takes two flights each way; 16 is far more than any handshake
        try:
            client.do_handshake()
            return
        except ssl.SSLWantReadError:
            pass
        server_in.write(client_out.read())
        if not server_failed:
            try:
                server.do_handshake()
            except ssl.SSLWantReadError:
                pass
            except ssl.SSLError:
                server_failed = True  # the client's alert; the client raises its own error next
        client_in.write(server_out.read())
        if server_failed and not client_in.pending and not client_out.pending:
            client_in.write_eof()
    die("the in-memory TLS handshake did not finish")


def raw_response(a):
    status = int(a.get("status", 200))
    try:
        from http import HTTPStatus
        reason = HTTPStatus(status).phrase
    except ValueError:
        reason = "Unknown"
    head = "HTTP/1.1 %d %s\r\n" % (status, reason)
    for name, value in a.get("headers", []):
        head += "%s: %s\r\n" % (name, value)
    # No framing header is added: the body ends when the connection closes.
    head += "Connection: close\r\n\r\n"
    return head.encode("latin-1") + base64.b64decode(a.get("body_base64", ""))


async def serve(sock, response):
    """The server end of the socketpair: read the request head, answer, close."""
    loop = asyncio.get_running_loop()
    try:
        request = b""
        while b"\r\n\r\n" not in request:
            chunk = await loop.sock_recv(sock, 65536)
            if not chunk:
                break
            request += chunk
        await loop.sock_sendall(sock, response)
        sock.shutdown(socket.SHUT_WR)
        while await loop.sock_recv(sock, 65536):
            pass
    except OSError:
        pass  # pmsr closed early (e.g. the body was over its limit)
    finally:
        sock.close()


# --------------------------------------------------------------------------------------
# Running resolve() and saying why it returned what it did.

class Watch:
    """Reads resolve()'s own frame: the line it returned from and the exceptions it caught,
    plus the TXT record pmsr parsed (parse_mta_sts_record's argument and result)."""

    def __init__(self):
        self.last_line = None
        self.caught = []  # (line, exception), first sighting of each exception
        self.record = None  # (text, dict)

    def trace(self, frame, event, arg):
        if frame.f_code is not RESOLVE_CODE:
            return None
        return self.local

    def local(self, frame, event, arg):
        if event == "line":
            self.last_line = frame.f_lineno
        elif event == "exception":
            exc = arg[1]
            if not isinstance(exc, (StopIteration, GeneratorExit, asyncio.CancelledError)) \
                    and all(exc is not e for _, e in self.caught):
                self.caught.append((frame.f_lineno, exc))
        return self.local


def source(line):
    return linecache.getline(RESOLVE_FILE, line).split("  #")[0].strip()


def enclosing_clause(line):
    """The if/elif/else/except/while line a statement of resolver.py sits in."""
    text = linecache.getline(RESOLVE_FILE, line)
    indent = len(text) - len(text.lstrip())
    for n in range(line - 1, RESOLVE_CODE.co_firstlineno, -1):
        t = linecache.getline(RESOLVE_FILE, n)
        if t.strip() and len(t) - len(t.lstrip()) < indent:
            return source(n)
    return "?"


def why(status, watch):
    """The message for a rejection: the exception pmsr caught, or the clause it returned in."""
    name = "STSFetchResult." + status.name
    if watch.caught:
        line, exc = watch.caught[0]
        detail = type(exc).__name__
        if isinstance(exc, aiodns.error.DNSError):
            detail += " " + pycares.errno.errorcode.get(exc.args[0], str(exc.args[0]))
        if source(line).startswith("raise"):
            detail += " raised in: " + enclosing_clause(line)
        return "%s after %s" % (name, detail)
    return "%s in: %s" % (name, enclosing_clause(watch.last_line))


def run_resolve(world, domain):
    """Runs pmsr's STSResolver.resolve(domain) in a fresh event loop with the fakes."""
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    install_fakes(loop)
    watch = Watch()
    real_parse = pmsr_resolver.parse_mta_sts_record

    def parse_record(text):  # observed, not changed
        result = real_parse(text)
        watch.record = (text, dict(result))
        return result

    pmsr_resolver.parse_mta_sts_record = parse_record
    WORLD.set(world)

    async def go():
        res = pmsr_resolver.STSResolver(loop=loop)
        sys.settrace(watch.trace)
        try:
            return await res.resolve(domain)
        finally:
            sys.settrace(None)

    try:
        status, payload = loop.run_until_complete(go())
        # let the socketpair server finish
        loop.run_until_complete(asyncio.sleep(0))
    finally:
        pmsr_resolver.parse_mta_sts_record = real_parse
        close_loop(loop)
    return status, payload, watch


def close_loop(loop):
    """Ends the loop with nothing left over for the next question of a batch: tasks still
    pending (a socketpair server that did not finish) are cancelled and awaited, so their
    sockets close, then async generators and the default executor are shut down."""
    try:
        pending = [t for t in asyncio.all_tasks(loop) if not t.done()]
        for t in pending:
            t.cancel()
        if pending:
            loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
        loop.run_until_complete(loop.shutdown_asyncgens())
        loop.run_until_complete(loop.shutdown_default_executor())
    finally:
        asyncio.set_event_loop(None)
        loop.close()


def policy_fields(pol):
    """pmsr's policy dict as the protocol's policy fields. No `extensions`: pmsr has none; its
    dict keeps other keys only as a side effect (the last of each name, a blank line as key
    ''), which is not an extension list."""
    return {"version": pol.get("version"), "mode": pol.get("mode"), "max_age": pol.get("max_age"),
            "mx": pol.get("mx", [])}


# --------------------------------------------------------------------------------------
# Level P

GOOD_RECORD = [["v=STSv1; id=shim1"]]
GOOD_POLICY = b"version: STSv1\nmode: enforce\nmx: mx1.example.com\nmax_age: 86400\n"


def local_world(txt, policy_body):
    def answer(q):
        if q["type"] == "dns":
            if q["rrtype"] == "TXT":
                return {"rcode": "NOERROR", "txt": txt} if q["name"] == "_mta-sts.example.com" else {"rcode": "NXDOMAIN"}
            return {"rcode": "NOERROR", "addresses": ["192.0.2.25" if q["rrtype"] == "A" else "2001:db8::25"]}
        return {"transport": "completed", "tls": {"verdict": "valid"}, "status": 200,
                "headers": [["Content-Type", "text/plain"]], "body_base64": base64.b64encode(policy_body).decode()}
    return World(answer)


def emit(obj, code):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()
    sys.exit(code)


# Each handler answers one question as (exit, answer): the command line prints it and exits
# with it, `batch` writes it as one line. FILE comes as its bytes.

def parse_policy(body):
    status, payload, watch = run_resolve(local_world(GOOD_RECORD, body), "example.com")
    if status is pmsr_resolver.STSFetchResult.VALID:
        return 0, dict({"valid": True, "kind": "policy"}, **policy_fields(payload[1]))
    return 1, {"valid": False, "kind": "policy", "error": {"message": why(status, watch)}}


def parse_txt(with_index, body):
    if with_index:
        records = [r if isinstance(r, list) else [r] for r in json.loads(body.decode("utf-8"))]
    else:
        records = [[body]]
    status, payload, watch = run_resolve(local_world(records, GOOD_POLICY), "example.com")
    out = {"kind": "txt"}
    if with_index:
        # The record pmsr picked, found by its text among the inputs.
        joined = [Chunk(r).text for r in records]
        picked = watch.record[0].encode("latin-1") if watch.record else None
        out["record"] = joined.index(picked) if picked in joined else None
    if status is pmsr_resolver.STSFetchResult.VALID:
        rec = watch.record[1]
        return 0, dict(out, valid=True, version=rec.get("v"), id=payload[0])
    # With --records, "not exactly one STS record" is a selection result (TXT_SELECT_*), for
    # one record a verdict on it; the prefix keeps the two apart for the ErrorMap.
    return 1, dict(out, valid=False, error={"message": ("records: " if with_index else "") + why(status, watch)})


def answer_question(command, body):
    """One level-P question: the command without FILE, and FILE's bytes (None when none).
    match / cert-match: pmsr has no matcher (Postfix matches `match=` itself);
    parse tlsrpt: pmsr does not parse TLS-RPT records."""
    if body is not None and command == ["parse", "policy"]:
        return parse_policy(body)
    if body is not None and command in (["parse", "txt"], ["parse", "txt", "--records"]):
        return parse_txt(len(command) == 3, body)
    return UNIMPLEMENTED, None


# --------------------------------------------------------------------------------------
# Level P in batch (PROTOCOL.md "Batch"): one JSON request per line, answered in order.

def runner_bytes(v):
    """A runner string (JSON string, or {"base64"} for bytes that are not UTF-8) as bytes."""
    if isinstance(v, str):
        return v.encode("utf-8", "surrogatepass")
    if isinstance(v, dict) and list(v) == ["base64"] and isinstance(v["base64"], str):
        return base64.b64decode(v["base64"], validate=True)
    raise ValueError("expected a string or a {\"base64\"} object")


def batch_question(line):
    """(id, command, FILE bytes or None) of a request line; ValueError when it is not one.
    Operands become str as Python decodes a command line (the file system encoding with
    surrogateescape), FILE stays bytes."""
    r = json.loads(line)
    if not isinstance(r, dict):
        raise ValueError("a request is a JSON object")
    qid = r.get("id")
    if not isinstance(qid, int) or isinstance(qid, bool) or qid < 0:
        raise ValueError("/id: expected an unsigned integer")
    if not isinstance(r.get("command"), list):
        raise ValueError("/command: expected an array")
    command = [os.fsdecode(runner_bytes(w)) for w in r["command"]]
    body = runner_bytes(r["file"]) if r.get("file") is not None else None
    return qid, command, body


def batch():
    # resolve() logs each failed fetch as a warning on stderr; over thousands of questions
    # that would bury the one message that matters, a crash's traceback. Answers already
    # name the failure (why()), so only errors are logged here.
    logging.getLogger("RES").setLevel(logging.ERROR)
    for line in sys.stdin.buffer:
        if not line.strip():
            continue
        try:
            qid, command, body = batch_question(line)
        except ValueError as e:
            die("batch: malformed request: %s" % e)
        try:
            code, answer = answer_question(command, body)
        except Exception:  # a crash of this question, not an answer: the runner restarts us
            import traceback
            die("batch: %s" % traceback.format_exc())
        out = {"id": qid, "exit": code}
        if code != UNIMPLEMENTED:
            out["answer"] = answer
        sys.stdout.write(json.dumps(out) + "\n")
        sys.stdout.flush()
    sys.exit(0)


# --------------------------------------------------------------------------------------
# Levels D1 and D2

def read_message():
    while True:
        line = sys.stdin.readline()
        if not line:
            return None  # EOF
        if line.strip():
            return json.loads(line)


def send(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


def runner_answer(question):
    send(question)
    a = read_message()
    if a is None:
        # The runner is gone: leave at once (sys.exit would only end the current task).
        sys.stderr.write("pmsr shim: EOF while waiting for the %s answer\n" % question["type"])
        sys.stderr.flush()
        os._exit(2)
    if a.get("type") != question["type"]:
        die("expected a %s answer, got %r" % (question["type"], a))
    return a


def session():
    begin = read_message()
    if begin is None:
        sys.exit(0)
    if begin.get("type") != "begin":
        die("expected begin, got %r" % begin)
    roots_pem = begin.get("roots_pem")
    while True:
        msg = read_message()
        if msg is None or msg.get("type") == "end":
            sys.exit(0)
        if msg.get("type") != "step":
            die("unexpected message %r" % msg)
        if msg["action"] != "lookup":
            # refresh: pmsr's proactive fetcher only refreshes what its cache holds, and the
            # cache lives in the responder, not in resolve(); deliver: Postfix applies the
            # policy (pmsr only answers `secure match=...`).
            send({"type": "unimplemented", "detail": "pmsr resolve() has no %s" % msg["action"]})
            continue
        world = World(runner_answer, roots_pem)
        status, payload, watch = run_resolve(world, msg["domain"])
        if status is pmsr_resolver.STSFetchResult.VALID:
            obs = {"outcome": "fetched", "messages": [], "policy": policy_fields(payload[1]),
                   "active": payload[1].get("mode") != "none", "id": payload[0]}
        else:
            # The id pmsr went on to fetch with, if it got that far.
            used = watch.record[1].get("id") if watch.record and world.fetch_started else None
            obs = {"outcome": "none", "messages": ["lookup: " + why(status, watch)],
                   "policy": None, "active": False, "id": used}
        send({"type": "result", "observation": obs})


def main(argv):
    if argv == ["--capabilities"]:
        emit({"protocol": "mtasts-shim/1", "name": "postfix-mta-sts-resolver", "version": VERSION,
              "levels": ["P", "batch", "D1", "D2"], "capabilities": ["parse", "discover"]}, 0)
    if argv == ["session"]:
        session()
        sys.exit(0)
    if argv == ["batch"]:
        batch()
    # A level-P command line: parse and build take FILE as their last argument.
    command, body = argv, None
    if len(argv) >= 3 and argv[0] in ("parse", "build"):
        command = argv[:-1]
        with open(argv[-1], "rb") as f:
            body = f.read()
    code, answer = answer_question(command, body)
    if code == UNIMPLEMENTED:
        sys.stderr.write("pmsr shim: unsupported: %s\n" % " ".join(argv))
        sys.exit(UNIMPLEMENTED)
    emit(answer, code)


if __name__ == "__main__":
    try:
        main(sys.argv[1:])
    except (OSError, ValueError) as e:  # unreadable input, malformed JSON: a crash, not a verdict
        die(repr(e))
