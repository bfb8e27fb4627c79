// @ts-check
// expect-error: TS2367
// expect-text: have no overlap
// Trigger names are exact: there is no "PRE_SIGN_UP".

/** @type {import('../../../policies/interlock').PreSignupPolicy} */
export default function (ctx) {
  return ctx.trigger_point === "PRE_SIGN_UP" ? { decision: "ALLOW" } : { decision: "DENY" };
}
