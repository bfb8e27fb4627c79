'use strict';
// bench/run --stuck: healthy calls at a fixed rate for the whole run, beside attacks whose policy
// stalls in a built-in the watchdog cannot interrupt (DESIGN.md §7, issue 22 item 7).
//
// Phases: a baseline of healthy calls alone; then each attack in turn ("name:file:clients"), its
// clients repeating the call back to back (a new signature each time) for --attack-seconds; after
// each attack, healthy calls go on until Interlock's queue is empty (interlock_pool_queue_depth 0
// at 4 successive polls 250 ms apart, at most --drain-limit s). Every call is signed afresh and
// carries the current time in interceptor_context.triggered_at, as the platform's calls do.
// A healthy call belongs to the phase it was sent in; one not answered within --answer-timeout s
// is counted as unanswered (and abandoned).
//
// Output: one JSON line {"phases": [{name, healthy: {sent, answered, unanswered, statuses,
// decisions, p50_ms, p99_ms, max_ms}, attack: {calls, statuses, decisions, p50_ms, max_ms},
// drained_after_s}], "metrics": [lines of /metrics about stuck and quarantined calls]}.
// Usage: node stall-attack.js --url URL --metrics URL --secret whsec_... --healthy FILE
//        --attack NAME:FILE:CLIENTS [--attack ...] [--rate 10] [--baseline 10] [--attack-seconds 30]
//        [--answer-timeout 30] [--drain-limit 240]
const fs = require('node:fs');
const http = require('node:http');
const crypto = require('node:crypto');

const args = process.argv.slice(2);
const arg = (name, dflt) => { const i = args.indexOf('--' + name); return i >= 0 ? args[i + 1] : dflt; };
const all = (name) => args.flatMap((a, i) => (a === '--' + name ? [args[i + 1]] : []));
const url = new URL(arg('url'));
const metricsUrl = arg('metrics');
const secret = arg('secret');
const healthyPayload = JSON.parse(fs.readFileSync(arg('healthy'), 'utf8'));
const attacks = all('attack').map((spec) => {
  const [name, file, clients] = spec.split(':');
  return { name, payload: JSON.parse(fs.readFileSync(file, 'utf8')), clients: +clients || 1 };
});
const rate = +arg('rate', 10);
const baseline = +arg('baseline', 10);
const attackSeconds = +arg('attack-seconds', 30);
const answerTimeout = +arg('answer-timeout', 30) * 1000;
const drainLimit = +arg('drain-limit', 240) * 1000;
const key = Buffer.from(secret.slice(secret.indexOf('_') + 1), 'base64');
const healthyAgent = new http.Agent({ keepAlive: true, maxSockets: Infinity });

let seq = 0;
/** One signed call; resolves {ms, status, decision} or {ms, status: 0} when unanswered within timeoutMs. */
function call(payload, agent, timeoutMs) {
  const body = Buffer.from(JSON.stringify({ ...payload,
    interceptor_context: { ...payload.interceptor_context, triggered_at: new Date().toISOString() } }));
  const id = `msg_stall_${process.pid}_${++seq}_${crypto.randomBytes(4).toString('hex')}`;
  const ts = String(Math.floor(Date.now() / 1000));
  const sig = crypto.createHmac('sha256', key).update(`${id}.${ts}.`).update(body).digest('base64');
  const started = process.hrtime.bigint();
  const ms = () => Number(process.hrtime.bigint() - started) / 1e6;
  return new Promise((resolve) => {
    let done = false;
    const finish = (r) => { if (!done) { done = true; clearTimeout(timer); resolve(r); } };
    const req = http.request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json',
      'content-length': body.length, 'interceptor-id': id, 'interceptor-timestamp': ts, 'interceptor-signature': `v1,${sig}` } },
    (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => { text += c; });
      res.on('end', () => {
        let decision = 'none';
        try { decision = JSON.parse(text).decision || 'none'; } catch { /* a 503's error body */ }
        finish({ ms: ms(), status: res.statusCode, decision });
      });
    });
    const timer = setTimeout(() => { finish({ ms: ms(), status: 0, decision: 'none' }); req.destroy(); }, timeoutMs);
    req.on('error', () => finish({ ms: ms(), status: 0, decision: 'none' }));
    req.end(body);
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const metrics = () => new Promise((resolve) => {
  http.get(metricsUrl, (res) => { let t = ''; res.on('data', (c) => { t += c; }); res.on('end', () => resolve(t)); })
    .on('error', () => resolve(''));
});
const queueDepth = async () => {
  const m = (await metrics()).match(/^interlock_pool_queue_depth(?:\{[^}]*\})? ([0-9.eE+-]+)$/m);
  return m ? +m[1] : NaN;
};

let phase = 'baseline';
const phases = [];
const healthyCalls = [];   // promises of {phase, ...result}
let sending = true;

async function healthyLoop() {
  const period = 1000 / rate;
  const start = Date.now();
  for (let n = 0; sending; n++) {
    const p = phase;
    healthyCalls.push(call(healthyPayload, healthyAgent, answerTimeout).then((r) => ({ phase: p, ...r })));
    await sleep(Math.max(0, start + (n + 1) * period - Date.now()));
  }
}

async function attackClient(attack, until, results) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  while (Date.now() < until) {
    results.push(await call(attack.payload, agent, 300_000));
  }
  agent.destroy();
}

/** Seconds from now until the queue stays empty for 1 s (4 polls), or null past the limit. */
async function drain() {
  const from = Date.now();
  let zeros = 0, firstZero = null;
  while (Date.now() - from < drainLimit) {
    const depth = await queueDepth();
    if (depth === 0) { if (zeros++ === 0) firstZero = Date.now(); if (zeros >= 4) return (firstZero - from) / 1000; }
    else zeros = 0;
    await sleep(250);
  }
  return null;
}

function pct(sorted, q) { return sorted.length ? +sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)].toFixed(1) : null; }
function count(list, f) { const o = {}; for (const x of list) o[f(x)] = (o[f(x)] || 0) + 1; return o; }
function summary(list) {
  const answered = list.filter((r) => r.status !== 0);
  const ms = Float64Array.from(answered.map((r) => r.ms)).sort();
  return { sent: list.length, answered: answered.length, unanswered: list.length - answered.length,
    statuses: count(answered, (r) => r.status), decisions: count(answered, (r) => r.decision),
    p50_ms: pct(ms, 0.5), p99_ms: pct(ms, 0.99), max_ms: ms.length ? +ms[ms.length - 1].toFixed(1) : null };
}

(async () => {
  const healthy = healthyLoop();
  await sleep(baseline * 1000);
  phases.push({ name: 'baseline' });
  for (const attack of attacks) {
    phase = attack.name;
    const results = [];
    const until = Date.now() + attackSeconds * 1000;
    const clients = Array.from({ length: attack.clients }, () => attackClient(attack, until, results));
    await sleep(attackSeconds * 1000);
    // healthy calls sent from now on belong to the drain after this attack
    phase = attack.name + ' (after)';
    const drainedAfter = await drain();
    phases.push({ name: attack.name, clients: attack.clients, attackPromise: Promise.all(clients), results, drained_after_s: drainedAfter });
  }
  await sleep(2000);
  sending = false;
  await healthy;
  const calls = await Promise.all(healthyCalls);
  const out = [];
  for (const p of phases) {
    const mine = calls.filter((c) => c.phase === p.name);
    const entry = { name: p.name, healthy: summary(mine) };
    if (p.results) {
      await p.attackPromise;
      const after = calls.filter((c) => c.phase === p.name + ' (after)');
      const ms = Float64Array.from(p.results.map((r) => r.ms)).sort();
      Object.assign(entry, { clients: p.clients, healthy_after: summary(after), drained_after_s: p.drained_after_s,
        attack: { calls: p.results.length, statuses: count(p.results, (r) => r.status), decisions: count(p.results, (r) => r.decision),
          p50_ms: pct(ms, 0.5), max_ms: ms.length ? +ms[ms.length - 1].toFixed(1) : null } });
    }
    out.push(entry);
  }
  const m = (await metrics()).split('\n')
    .filter((l) => /^interlock_(pool_stuck|evaluations_stuck|stuck|stall|quarantine)/.test(l) && !/ 0\.0$/.test(l));
  console.log(JSON.stringify({ rate, attack_seconds: attackSeconds, phases: out, metrics: m }));
  healthyAgent.destroy();
})().catch((e) => { console.error(e); process.exit(1); });
