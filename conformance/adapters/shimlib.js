// SPDX-License-Identifier: Apache-2.0
'use strict';
// Shared plumbing of the Node shims for mailauth, mx-connect and email-domain-check
// (conformance/PROTOCOL.md, mtasts-shim/1): the level-D1 session over JSON lines, Node-shaped
// DNS errors, the runner's clock as the global Date, and raw HTTP/1.1 answers. Nothing here
// decides anything about MTA-STS; every verdict comes from the peer's own code.

const readline = require('node:readline');
const http = require('node:http');
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

// TXT character-strings as Node decodes them (latin1 bytes).
function txtString(s) {
    return typeof s === 'string' ? s : Buffer.from(s.base64, 'base64').toString('latin1');
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

module.exports = {
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
    sessionIO
};
