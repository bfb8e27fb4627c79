'use strict';
// One cold start of one Interlock (issue 23 item 2): polls GET /health/readiness every 20 ms from
// --since (epoch ms of the process start) until it answers 200, then sends the first signed call,
// then --calls more one at a time, and prints one JSON line:
//   {"port_ms", "ready_ms", "first": {"latency_ms", "status", "decision", "failure", "eval_ms"},
//    "warm": {"p50_ms", "max_ms", "eval_p50_ms"}, "statuses": {...}}
// port_ms: the first time anything answered on the port (liveness); eval_ms: the evaluation's own
// duration from the decision log (GET /v1/decisions/{id}; loopback, so no admin token is needed).
// With --pid P it gives up as soon as process P is gone.
// Usage: node cold-start.js --base http://127.0.0.1:PORT --secret whsec_... --payload FILE --since EPOCH_MS
//        [--calls 20] [--deadline 180] [--pid P]
const fs = require('node:fs');
const http = require('node:http');
const crypto = require('node:crypto');

const arg = (name, dflt) => { const i = process.argv.indexOf('--' + name); return i > 0 ? process.argv[i + 1] : dflt; };
const base = arg('base');
const secret = arg('secret');
const payload = fs.readFileSync(arg('payload'));
const since = +arg('since', Date.now());
const calls = +arg('calls', 20);
const deadline = Date.now() + 1000 * +arg('deadline', 180);
const pid = arg('pid');
const key = Buffer.from(secret.slice(secret.indexOf('_') + 1), 'base64');

function request(path, method, headers, body) {
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    const req = http.request(base + path, { method, agent: false, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString('utf8'),
        ms: Number(process.hrtime.bigint() - started) / 1e6 }));
    });
    req.on('error', (e) => resolve({ error: e.code || e.message }));
    req.end(body);
  });
}

let n = 0;
function signedCall() {
  const id = `msg_cold_${process.pid}_${++n}`;
  const ts = String(Math.floor(Date.now() / 1000));
  const sig = crypto.createHmac('sha256', key).update(`${id}.${ts}.`).update(payload).digest('base64');
  return request('/v1/intercept', 'POST', { 'content-type': 'application/json', 'content-length': payload.length,
    'interceptor-id': id, 'interceptor-timestamp': ts, 'interceptor-signature': `v1,${sig}` }, payload);
}

async function evalMs(res) {
  const id = res.headers && res.headers['interlock-decision-id'];
  if (!id) return null;
  const r = await request('/v1/decisions/' + id, 'GET', { host: 'localhost' });
  try { return JSON.parse(r.body).duration_ms ?? null; } catch { return null; }
}

const pause = (ms) => new Promise((r) => setTimeout(r, ms));
const pct = (xs, q) => { const s = [...xs].sort((a, b) => a - b); return s.length ? s[Math.max(0, Math.ceil(q * s.length) - 1)] : null; };
const r2 = (x) => (x == null ? null : +x.toFixed(2));

async function main() {
  let portMs = null;
  for (;;) {
    const r = await request('/health/readiness', 'GET', {});
    if (!r.error && portMs === null) portMs = Date.now() - since;
    if (r.status === 200) break;
    if (pid && !fs.existsSync(`/proc/${pid}`)) { console.error(`process ${pid} exited before it was ready`); process.exit(1); }
    if (Date.now() > deadline) { console.error(`not ready in time; last: ${r.error || r.status + ' ' + r.body.slice(0, 300)}`); process.exit(1); }
    await pause(20);
  }
  const readyMs = Date.now() - since;
  const first = await signedCall();
  const statuses = {};
  const warm = [];
  const warmEval = [];
  for (let i = 0; i < calls; i++) {
    const r = await signedCall();
    statuses[r.status] = (statuses[r.status] || 0) + 1;
    warm.push(r.ms);
    const e = await evalMs(r);
    if (e != null) warmEval.push(e);
  }
  let decision = null, failure = null;
  try {
    const body = JSON.parse(first.body);
    decision = body.decision ?? null;
  } catch { /* not JSON */ }
  const id = first.headers && first.headers['interlock-decision-id'];
  let firstEval = null;
  if (id) {
    const r = await request('/v1/decisions/' + id, 'GET', { host: 'localhost' });
    try { const e = JSON.parse(r.body); firstEval = e.duration_ms ?? null; failure = e.failure ? e.failure.code : null; } catch { /* */ }
  }
  console.log(JSON.stringify({ port_ms: portMs, ready_ms: readyMs,
    first: { latency_ms: r2(first.ms), status: first.status ?? first.error, decision, failure, eval_ms: r2(firstEval) },
    warm: { p50_ms: r2(pct(warm, 0.5)), max_ms: r2(pct(warm, 1)), eval_p50_ms: r2(pct(warmEval, 0.5)) }, statuses }));
}
main();
