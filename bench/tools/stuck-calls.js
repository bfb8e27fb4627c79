'use strict';
// Sends --count signed calls at once (bench/run --stuck) and prints one JSON line with each
// call's latency, HTTP status and body: {"calls": [{"ms", "status", "body"}, ...]}.
// Usage: node stuck-calls.js --url URL --secret whsec_... --payload FILE [--count 2]
const fs = require('node:fs');
const http = require('node:http');
const crypto = require('node:crypto');

const arg = (name, dflt) => { const i = process.argv.indexOf('--' + name); return i > 0 ? process.argv[i + 1] : dflt; };
const url = new URL(arg('url'));
const secret = arg('secret');
const payload = fs.readFileSync(arg('payload'));
const count = +arg('count', 2);
const key = Buffer.from(secret.slice(secret.indexOf('_') + 1), 'base64');

function call(i) {
  return new Promise((resolve) => {
    const id = `msg_stuck_${process.pid}_${i}_${crypto.randomBytes(4).toString('hex')}`;
    const ts = String(Math.floor(Date.now() / 1000));
    const sig = crypto.createHmac('sha256', key).update(`${id}.${ts}.`).update(payload).digest('base64');
    const started = process.hrtime.bigint();
    const req = http.request(url, {
      method: 'POST', agent: false,
      headers: { 'content-type': 'application/json', 'content-length': payload.length,
        'interceptor-id': id, 'interceptor-timestamp': ts, 'interceptor-signature': `v1,${sig}` },
    }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => { body += chunk; });
      res.on('end', () => resolve({ ms: Number(process.hrtime.bigint() - started) / 1e6, status: res.statusCode, body }));
    });
    req.on('error', (e) => resolve({ ms: Number(process.hrtime.bigint() - started) / 1e6, status: 0, body: String(e) }));
    req.end(payload);
  });
}

Promise.all(Array.from({ length: count }, (_, i) => call(i))).then((calls) => console.log(JSON.stringify({ calls })));
