'use strict';
// Waits until a server answers a signed interceptor call with HTTP 200, then prints one JSON
// line: {"ms": time since --since (epoch ms), "status", "body", "latency_ms"} (latency of that
// first successful call). Used as the readiness check of bench/run for Interlock and the peer.
// With --pid P it gives up as soon as process P is gone (the server died or never bound its port).
// Usage: node first-answer.js --url URL --secret whsec_... --payload FILE --since EPOCH_MS [--deadline 120] [--pid P]
const fs = require('node:fs');
const http = require('node:http');
const crypto = require('node:crypto');

const arg = (name, dflt) => { const i = process.argv.indexOf('--' + name); return i > 0 ? process.argv[i + 1] : dflt; };
const url = new URL(arg('url'));
const secret = arg('secret');
const payload = fs.readFileSync(arg('payload'));
const since = +arg('since', Date.now());
const deadline = Date.now() + 1000 * +arg('deadline', 120);
const pid = arg('pid');
const key = Buffer.from(secret.slice(secret.indexOf('_') + 1), 'base64');
let n = 0;

function attempt() {
  const id = `msg_ready_${process.pid}_${++n}`;
  const ts = String(Math.floor(Date.now() / 1000));
  const sig = crypto.createHmac('sha256', key).update(`${id}.${ts}.`).update(payload).digest('base64');
  const started = process.hrtime.bigint();
  const req = http.request(url, {
    method: 'POST', agent: false,
    headers: { 'content-type': 'application/json', 'content-length': payload.length,
      'interceptor-id': id, 'interceptor-timestamp': ts, 'interceptor-signature': `v1,${sig}` },
  }, (res) => {
    const chunks = [];
    res.on('data', (c) => chunks.push(c));
    res.on('end', () => {
      const latency = Number(process.hrtime.bigint() - started) / 1e6;
      if (res.statusCode === 200) {
        console.log(JSON.stringify({ ms: Date.now() - since, status: res.statusCode, latency_ms: +latency.toFixed(2),
          body: Buffer.concat(chunks).toString('utf8') }));
        process.exit(0);
      }
      retry(`HTTP ${res.statusCode}: ${Buffer.concat(chunks).toString('utf8').slice(0, 200)}`);
    });
  });
  req.on('error', (e) => retry(e.code || e.message));
  req.end(payload);
}
function retry(why) {
  if (pid && !fs.existsSync(`/proc/${pid}`)) { console.error(`process ${pid} exited before answering; last: ${why}`); process.exit(1); }
  if (Date.now() > deadline) { console.error(`no 200 answer from ${url} in time; last: ${why}`); process.exit(1); }
  setTimeout(attempt, 25);
}
attempt();
