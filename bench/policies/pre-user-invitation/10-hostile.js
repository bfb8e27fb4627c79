// Benchmark only (bench/run --hostile and --stuck): runaway policies. A request whose payload
// carries data.bench_hostile === true loops until Interlock's time limit stops it. One with
// data.bench_stall spends seconds to minutes inside one built-in the watchdog cannot interrupt
// (its thread stays busy after the deadline): "indexOf" searches a 20 MB string, "bigint" raises
// a BigInt to a huge power. Every other request (including the start-up warm-up with the sample
// payload, and the healthy calls of --stuck) is allowed at once.
export default function (ctx) {
  if (ctx.data && ctx.data.bench_hostile === true) {
    let n = 0;
    for (;;) n++;
  }
  if (ctx.data && ctx.data.bench_stall === "indexOf") {
    'a'.repeat(2e7).indexOf('a'.repeat(2e4) + 'b');
  }
  if (ctx.data && ctx.data.bench_stall === "bigint") {
    7n ** 10000000n;
  }
  return { decision: "ALLOW" };
}
