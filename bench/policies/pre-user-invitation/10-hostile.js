// Benchmark only (bench/run --hostile): a runaway policy. A request whose payload carries
// data.bench_hostile === true loops until Interlock's time limit stops it; every other request
// (including the start-up warm-up with the sample payload) is allowed at once. It lives under a
// trigger the reference load never calls, so the healthy PRE_SIGNUP chain is unchanged.
export default function (ctx) {
  if (ctx.data && ctx.data.bench_hostile === true) {
    let n = 0;
    for (;;) n++;
  }
  return { decision: "ALLOW" };
}
