'use strict';
// Load generator for bench/run's --soak and --hostile modes, built on autocannon (from the peer's
// node_modules, via NODE_PATH) and signing every request afresh exactly as the peer's load.js does.
// Unlike load.js it tells two kinds of request apart and can report per interval:
//   --hostile-payload FILE --hostile-every N   every N-th request (counted over all connections)
//                                              sends FILE instead; 0 (default) = none
//   --interval S --pid P                       every S seconds print one JSON line with that
//                                              interval's req/s, p50/p99 and P's VmRSS
// Latencies of healthy and hostile requests are recorded separately (autocannon's own histogram
// mixes them). Final line: {"healthy": {...}, "hostile": {...}, ...}.
// Usage: node mixed-load.js --url URL --secret whsec_... --payload FILE [--connections 32]
//        [--duration 20] [--warmup 3] [--hostile-payload FILE --hostile-every 100] [--interval 30 --pid PID]
const fs = require('node:fs');
const crypto = require('node:crypto');
const autocannon = require('autocannon');

const arg = (name, dflt) => { const i = process.argv.indexOf('--' + name); return i > 0 ? process.argv[i + 1] : dflt; };
const url = arg('url');
const secret = arg('secret');
const healthyBody = fs.readFileSync(arg('payload'));
const hostileBody = arg('hostile-payload') ? fs.readFileSync(arg('hostile-payload')) : null;
const every = hostileBody ? +arg('hostile-every', 0) : 0;
const connections = +arg('connections', 32), duration = +arg('duration', 20), warmup = +arg('warmup', 3);
const interval = +arg('interval', 0), pid = arg('pid');
if (!url || !secret) { console.error('usage: node mixed-load.js --url URL --secret whsec_... --payload FILE'); process.exit(2); }
const key = Buffer.from(secret.slice(secret.indexOf('_') + 1), 'base64');

let n = 0;
let recording = false;
const stats = () => ({ lat: [], ok: [], non2xx: 0, statuses: {} });
let healthy = stats(), hostile = stats(), window = stats();
let lastKind = 'healthy';

function signed(req, context) {
  const kind = every > 0 && ++n % every === 0 ? 'hostile' : 'healthy';
  if (every === 0) n++;
  const body = kind === 'hostile' ? hostileBody : healthyBody;
  const id = `msg_${process.pid}_${n}_${crypto.randomBytes(4).toString('hex')}`;
  const ts = String(Math.floor(Date.now() / 1000));
  const sig = crypto.createHmac('sha256', key).update(`${id}.${ts}.`).update(body).digest('base64');
  context.kind = kind;
  req.headers = { 'content-type': 'application/json', 'interceptor-id': id, 'interceptor-timestamp': ts, 'interceptor-signature': `v1,${sig}` };
  req.body = body;
  req.method = 'POST';
  return req;
}
// autocannon calls onResponse (with the connection's context) right before it emits 'response'
// (with the latency) for the same reply, synchronously: remember the kind in between.
function onResponse(status, body, context) { lastKind = context.kind; }

function record(status, ms) {
  if (!recording) return;
  const s = lastKind === 'hostile' ? hostile : healthy;
  for (const t of lastKind === 'hostile' ? [s] : [s, window]) {
    t.lat.push(ms);
    t.statuses[status] = (t.statuses[status] || 0) + 1;
    if (status < 200 || status > 299) t.non2xx++; else t.ok.push(ms);
  }
}

function pct(sorted, q) { return sorted.length ? sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] : null; }
// p50_ms.. over every answer (as autocannon reports them); ok_* over the 2xx answers only
function summary(s, seconds) {
  const sorted = Float64Array.from(s.lat).sort();
  const ok = Float64Array.from(s.ok).sort();
  const r = (x) => (x === null ? null : +x.toFixed(2));
  return { requests: sorted.length, rps: +(sorted.length / seconds).toFixed(1), p50_ms: r(pct(sorted, 0.5)),
    p90_ms: r(pct(sorted, 0.9)), p99_ms: r(pct(sorted, 0.99)), max_ms: r(sorted.length ? sorted[sorted.length - 1] : null),
    non2xx: s.non2xx, statuses: s.statuses, ok_rps: +(ok.length / seconds).toFixed(1), ok_p50_ms: r(pct(ok, 0.5)),
    ok_p90_ms: r(pct(ok, 0.9)), ok_p99_ms: r(pct(ok, 0.99)), ok_max_ms: r(ok.length ? ok[ok.length - 1] : null) };
}
function rssKb() {
  try { return +fs.readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)[1]; } catch { return null; }
}

function run(seconds) {
  return new Promise((resolve, reject) => {
    const inst = autocannon({ url, connections, duration: seconds, requests: [{ setupRequest: signed, onResponse }] },
      (err, res) => (err ? reject(err) : resolve(res)));
    inst.on('response', (client, status, bytes, ms) => record(status, ms));
  });
}

(async () => {
  if (warmup > 0) await run(warmup);
  healthy = stats(); hostile = stats(); window = stats();
  recording = true;
  const started = Date.now();
  let timer = null;
  if (interval > 0) {
    let last = started;
    const tick = () => {
      const now = Date.now();
      const w = summary(window, (now - last) / 1000);
      window = stats(); last = now;
      console.log(JSON.stringify({ t_s: Math.round((now - started) / 1000), rps: w.rps, ok_rps: w.ok_rps, p50_ms: w.p50_ms,
        p99_ms: w.p99_ms, ok_p99_ms: w.ok_p99_ms, non2xx: w.non2xx, rss_kb: pid ? rssKb() : null }));
    };
    if (pid) console.log(JSON.stringify({ t_s: 0, rps: null, ok_rps: null, p50_ms: null, p99_ms: null, ok_p99_ms: null, non2xx: 0, rss_kb: rssKb() }));
    timer = setInterval(tick, interval * 1000);
  }
  const res = await run(duration);
  recording = false;
  if (timer) clearInterval(timer);
  const seconds = (Date.now() - started) / 1000;
  console.log(JSON.stringify({ url, connections, duration_s: duration, hostile_every: every,
    healthy: summary(healthy, seconds), hostile: summary(hostile, seconds),
    errors: res.errors, timeouts: res.timeouts }));
})().catch((e) => { console.error(e); process.exit(1); });
