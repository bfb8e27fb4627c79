// Benchmark only (bench/run --hostile and --stuck): runaway policies. A request whose payload
// carries data.bench_hostile === true loops until Interlock's time limit stops it; one with
// data.bench_stuck === true spends seconds inside one string search, a built-in the watchdog
// cannot interrupt (its thread stays busy after the deadline). Every other request (including
// the start-up warm-up with the sample payload) is allowed at once. It lives under a trigger the
// reference load never calls, so the healthy PRE_SIGNUP chain is unchanged.
export default function (ctx) {
  if (ctx.data && ctx.data.bench_hostile === true) {
    let n = 0;
    for (;;) n++;
  }
  if (ctx.data && ctx.data.bench_stuck === true) {
    'a'.repeat(300000).indexOf('a'.repeat(100000) + 'b');
  }
  return { decision: "ALLOW" };
}
