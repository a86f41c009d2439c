// SPDX-License-Identifier: Apache-2.0
'use strict';
// Shared plumbing of the Node shims for mailauth, mx-connect and email-domain-check
// (conformance/PROTOCOL.md, mtasts-shim/1): the level-D1 session over JSON lines, Node-shaped
// DNS errors, the runner's clock as the global Date, raw HTTP/1.1 answers, and level P's
// command line and batch form. Nothing here decides anything about MTA-STS; every verdict
// comes from the peer's own code.

const readline = require('node:readline');
const http = require('node:http');
const https = require('node:https');
const tls = require('node:tls');
const { duplexPair } = require('node:stream');
const { Buffer } = require('node:buffer');

const UNIMPLEMENTED = 89;

function die(who, message, code = 2) {
    process.stderr.write(`${who} shim: ${message}\n`);
    process.exit(code);
}

// Exits once the answer is written: stdout is a pipe, asynchronous in Node, and a large
// answer (a 64 KiB policy's mx list) would be cut by an immediate exit.
function print(obj, code) {
    process.stdout.write(JSON.stringify(obj) + '\n', () => process.exit(code));
}

// A DNS error as Node's resolver reports it (c-ares codes).
function dnsError(code, rrtype, name) {
    const syscall = { TXT: 'queryTxt', A: 'queryA', AAAA: 'queryAaaa', MX: 'queryMx' }[rrtype] || 'query';
    const err = new Error(`${syscall} ${code} ${name}`);
    err.code = code;
    err.syscall = syscall;
    err.hostname = name;
    return err;
}

// TXT character-strings as Node's resolver hands them over: each byte one character (latin1).
// A runner string stands for its UTF-8 bytes, {"base64"} for the bytes it holds.
function txtString(s) {
    return typeof s === 'string' ? Buffer.from(s, 'utf8').toString('latin1') : Buffer.from(s.base64, 'base64').toString('latin1');
}

function txtRecord(r) {
    return (Array.isArray(r) ? r : [r]).map(txtString);
}

// A stub resolver over `ask(name, rrtype)` answers: follows CNAMEs as a stub behind a
// recursive server sees them (a loop or a chain over 8 is that server's SERVFAIL) and turns
// rcodes into Node's error codes. Returns TXT rows (arrays of strings) or addresses.
function makeResolver(ask) {
    return async (name, rrtype) => {
        const seen = new Set();
        let current = name;
        for (;;) {
            if (seen.has(current.toLowerCase()) || seen.size >= 8) throw dnsError('ESERVFAIL', rrtype, name);
            seen.add(current.toLowerCase());
            const a = await ask(current, rrtype);
            if (a.rcode === 'NXDOMAIN') throw dnsError('ENOTFOUND', rrtype, name);
            if (a.rcode === 'SERVFAIL') throw dnsError('ESERVFAIL', rrtype, name);
            if (a.rcode === 'TIMEOUT') throw dnsError('ETIMEOUT', rrtype, name);
            if (a.cname) {
                current = a.cname;
                continue;
            }
            const rows = rrtype === 'TXT' ? (a.txt || []).map(txtRecord) : a.addresses || [];
            if (!rows.length) throw dnsError('ENODATA', rrtype, name);
            return rows;
        }
    };
}

// The HTTP/1.1 bytes of a runner https answer; the body ends when the connection closes.
function rawResponse(a) {
    const reason = http.STATUS_CODES[a.status] || 'Unknown';
    let head = `HTTP/1.1 ${a.status} ${reason}\r\n`;
    for (const [n, v] of a.headers || []) head += `${n}: ${v}\r\n`;
    return Buffer.concat([Buffer.from(head + 'Connection: close\r\n\r\n', 'latin1'), Buffer.from(a.body_base64 || '', 'base64')]);
}

// TLS verdicts as the error Node's TLS socket emits for them.
const TLS_ERRORS = {
    expired: ['CERT_HAS_EXPIRED', 'certificate has expired'],
    not_yet_valid: ['CERT_NOT_YET_VALID', 'certificate is not yet valid'],
    untrusted: ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'unable to verify the first certificate'],
    name_mismatch: ['ERR_TLS_CERT_ALTNAME_INVALID', "Hostname/IP does not match certificate's altnames"]
};

function socketError(code, message, extra) {
    const err = new Error(message);
    err.code = code;
    return Object.assign(err, extra || {});
}

// The runner's clock: `Date.now()` and `new Date()` follow the step's `now`.
const RealDate = Date;
let nowMs = RealDate.now();
class RunnerDate extends RealDate {
    constructor(...a) {
        if (a.length === 0) super(nowMs);
        else super(...a);
    }
    static now() {
        return nowMs;
    }
}
function useRunnerClock() {
    globalThis.Date = RunnerDate;
}
function setNow(seconds) {
    nowMs = seconds * 1000;
}

// The session's message stream (runner -> shim), one JSON object per line.
function sessionIO(who) {
    const lines = [];
    let waiting = null;
    let closed = false;
    readline
        .createInterface({ input: process.stdin, crlfDelay: Infinity, terminal: false })
        .on('line', line => {
            if (!line.trim()) return;
            if (waiting) {
                const w = waiting;
                waiting = null;
                w.resolve(line);
            } else lines.push(line);
        })
        .on('close', () => {
            closed = true;
            if (waiting) waiting.reject(new Error('EOF'));
        });
    const next = () => {
        if (lines.length) return Promise.resolve(JSON.parse(lines.shift()));
        if (closed) return Promise.reject(new Error('EOF'));
        return new Promise((resolve, reject) => {
            waiting = { resolve: l => resolve(JSON.parse(l)), reject };
        });
    };
    const send = obj => process.stdout.write(JSON.stringify(obj) + '\n');
    // One question at a time: the runner answers in order.
    let chain = Promise.resolve();
    const ask = (question, expectType) => {
        const p = chain.then(async () => {
            send(question);
            let a;
            try {
                a = await next();
            } catch (err) {
                die(who, `EOF while waiting for the ${question.type} answer`);
            }
            if (a.type !== expectType) throw new Error(`expected a ${expectType} answer, got ${JSON.stringify(a)}`);
            return a;
        });
        chain = p.catch(() => {});
        return p;
    };
    return { next, send, ask };
}

// https.request as mailauth calls it (mailauth's own shim, and mx-connect's through its bundled
// mailauth 5.0.1): `ask` puts each request to the runner; `roots()` gives the session's trust
// anchors (begin.roots_pem) for level D2; `onServed()` runs when a response is served.
function interceptHttps(ask, roots, onServed = () => {}) {
    // A real TLS handshake over an in-memory duplex pair: a server TLSSocket presenting the
    // runner's chain (leaf first) with the leaf's key, and a client made by tls.connect with the
    // TLS options mailauth gave https.request (servername, rejectUnauthorized, mailauth 7's
    // checkServerIdentity) as Node's https agent would pass them, except `ca`: the runner's roots
    // instead of Node's bundled CAs. The HTTP client's socket `httpSocket` (its other end is
    // `relay`) is relayed through the TLS client, and the TLS client's error (CERT_HAS_EXPIRED,
    // ERR_TLS_CERT_ALTNAME_INVALID, ...) is the socket's error, as a real TLS socket's would be.
    function serveTls(options, a, httpSocket, relay) {
        const rootsPem = roots();
        if (rootsPem === null) throw new Error('a tls chain came without roots_pem in begin');
        const [clientEnd, serverEnd] = duplexPair();
        const server = new tls.TLSSocket(serverEnd, {
            isServer: true,
            secureContext: tls.createSecureContext({ cert: a.tls.chain_pem.join('\n'), key: a.tls.key_pem })
        });
        server.on('error', () => {}); // the client's alert after it refused the chain
        server.on('data', () => {}); // the request itself is not looked at
        server.on('secure', () => server.end(rawResponse(a)));
        const client = tls.connect(Object.assign({}, options, { ca: rootsPem, socket: clientEnd }));
        client.on('error', err => httpSocket.destroy(err));
        client.on('secureConnect', () => {
            relay.pipe(client);
            client.pipe(relay);
        });
    }

    // https.request as mailauth calls it. At D1 the TLS layer is the part replaced: the runner's
    // verdict becomes the error Node's TLS socket would emit (D1 trusts the verdict); at D2 a
    // real TLS session judges the runner's chain (serveTls). The HTTP exchange itself goes
    // through Node's real http client over an in-memory stream.
    https.request = (options, callback) => {
        const host = options.servername || (options.headers && options.headers.host) || options.host;
        const url = `https://${host}${options.path || '/'}`;
        const [client, server] = duplexPair();
        const httpOptions = Object.assign({}, options, { createConnection: () => client });
        for (const k of ['protocol', 'agent', 'servername', 'rejectUnauthorized', 'checkServerIdentity', 'ca']) delete httpOptions[k];
        const req = http.request(httpOptions, callback);
        ask({ type: 'https', url }, 'https').then(
            a => {
                const where = { address: options.host, port: options.port || 443 };
                if (a.transport === 'connect_error') {
                    client.destroy(socketError('ECONNREFUSED', `connect ECONNREFUSED ${where.address}:${where.port}`, { errno: -111, syscall: 'connect', ...where }));
                } else if (a.transport === 'timeout') {
                    client.emit('timeout'); // the socket idle timeout mailauth set, without waiting for it
                } else if (a.transport === 'tls_error') {
                    client.destroy(socketError('EPROTO', 'ssl3_read_bytes:sslv3 alert handshake failure', { library: 'SSL routines' }));
                } else if (a.tls && a.tls.chain_pem) {
                    onServed();
                serveTls(options, a, client, server);
                } else if (a.tls && a.tls.verdict && a.tls.verdict !== 'valid') {
                    const [code, message] = TLS_ERRORS[a.tls.verdict] || ['ERR_TLS_CERT', a.tls.verdict];
                    client.destroy(socketError(code, message, code === 'ERR_TLS_CERT_ALTNAME_INVALID' ? { host, reason: `Host: ${host}. is not in the cert's altnames` } : {}));
                } else {
                    onServed();
                server.on('data', () => {}); // the request itself is not looked at
                    server.on('error', () => {});
                    server.end(rawResponse(a));
                }
            },
            err => client.destroy(err)
        );
        return req;
    };
}

// ---------------------------------------------------------------------------------------
// Level P, and its batch form (PROTOCOL.md "Batch").

// A level-P command line as the question it asks: the command without FILE and FILE's path
// (only `parse` and `build` take a FILE, as their last argument).
function splitCommandLine(argv) {
    if ((argv[0] === 'parse' || argv[0] === 'build') && argv.length >= 3) {
        return { command: argv.slice(0, -1), filePath: argv[argv.length - 1] };
    }
    return { command: argv, filePath: null };
}

// The command-line form of a level-P question: FILE read (unreadable: exit 2), the handler's
// answer printed with its exit status, or for 89 the reason on stderr and nothing on stdout.
async function runCommand(who, argv, answerQuestion) {
    const { command, filePath } = splitCommandLine(argv);
    let file = null;
    if (filePath !== null) {
        try {
            file = require('node:fs').readFileSync(filePath);
        } catch (err) {
            die(who, `cannot read ${filePath}: ${err.message}`);
        }
    }
    const r = await answerQuestion(command, file);
    if (r.exit === UNIMPLEMENTED) {
        process.stderr.write(`${who} shim: unsupported: ${argv.join(' ')}\n`);
        process.exit(UNIMPLEMENTED);
    }
    print(r.answer, r.exit);
}

// A runner string: a JSON string, or {"base64"} for bytes that are not UTF-8.
function runnerBytes(v) {
    if (typeof v === 'string') return Buffer.from(v, 'utf8');
    if (v && typeof v === 'object' && !Array.isArray(v) && typeof v.base64 === 'string' && Object.keys(v).length === 1) {
        return Buffer.from(v.base64, 'base64');
    }
    return null;
}

// The questions of a request line, or throws with what is wrong with it. Operands become
// strings as Node decodes a command line (UTF-8, a bad sequence U+FFFD); FILE stays bytes.
function batchQuestion(line) {
    const r = JSON.parse(line);
    if (!r || typeof r !== 'object' || Array.isArray(r)) throw new Error('a request is a JSON object');
    if (!Number.isSafeInteger(r.id) || r.id < 0) throw new Error('/id: expected an unsigned integer');
    if (!Array.isArray(r.command)) throw new Error('/command: expected an array');
    const command = r.command.map((w, i) => {
        const b = runnerBytes(w);
        if (b === null) throw new Error(`/command/${i}: expected a string or a {"base64"} object`);
        return b.toString('utf8');
    });
    let file = null;
    if (r.file !== undefined && r.file !== null) {
        file = runnerBytes(r.file);
        if (file === null) throw new Error('/file: expected a string or a {"base64"} object');
    }
    return { id: r.id, command, file };
}

// `SHIM batch`: one request per line on stdin (blank lines ignored), answered strictly in
// order, one question at a time; each answer line is flushed before the next question is
// read. `answerQuestion(command, file)` returns (or resolves to) {exit, answer}; for exit 89
// the answer is left out. A handler that throws, or a malformed request, is a crash: the
// error on stderr, nothing on stdout for that question, exit 2 (the runner restarts the shim).
// `beforeEach()` resets whatever state a question could leave behind.
async function runBatch(who, answerQuestion, beforeEach = () => {}) {
    const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity, terminal: false });
    const write = text =>
        new Promise((resolve, reject) => {
            process.stdout.write(text, err => (err ? reject(err) : resolve()));
        });
    try {
        for await (const line of rl) {
            if (!line.trim()) continue;
            let q;
            try {
                q = batchQuestion(line);
            } catch (err) {
                die(who, `batch: malformed request: ${err.message}`);
            }
            beforeEach();
            const r = await answerQuestion(q.command, q.file);
            if (!r || ![0, 1, 3, UNIMPLEMENTED].includes(r.exit)) throw new Error(`handler gave no answer for ${JSON.stringify(q.command)}`);
            const out = { id: q.id, exit: r.exit };
            if (r.exit !== UNIMPLEMENTED) out.answer = r.answer;
            await write(JSON.stringify(out) + '\n');
        }
    } catch (err) {
        die(who, `batch: ${err && err.stack ? err.stack : String(err)}`);
    }
    process.exit(0);
}

module.exports = {
    interceptHttps,
    UNIMPLEMENTED,
    die,
    print,
    dnsError,
    txtString,
    txtRecord,
    makeResolver,
    rawResponse,
    TLS_ERRORS,
    socketError,
    RealDate,
    useRunnerClock,
    setNow,
    sessionIO,
    splitCommandLine,
    runCommand,
    runBatch
};
