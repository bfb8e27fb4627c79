// Tests only (StallQuarantineTest): a call whose data.stall holds a number n spends seconds in one
// String.prototype.indexOf over n characters, a built-in the watchdog cannot interrupt (about 8 s
// for n = 4e6 on an interpreted JDK 17, the test uses 8e6: the thread stays busy long after the deadline); every
// other call is allowed at once.
export default function (ctx) {
  const n = ctx.data && ctx.data.stall;
  if (typeof n === "number") {
    "a".repeat(n).indexOf("a".repeat(n / 1000) + "b");
  }
  return { decision: "ALLOW" };
}
