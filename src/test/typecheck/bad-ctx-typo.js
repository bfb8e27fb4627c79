// @ts-check
// expect-error: TS2551
// expect-text: Property 'user_emial' does not exist
// A misspelt request field reads as undefined at run time; the types catch it first.

/** @type {import('../../../policies/interlock').PreSignupPolicy} */
export default function (ctx) {
  const email = ctx.interceptor_context.user_emial;
  return email ? { decision: "ALLOW" } : { decision: "DENY" };
}
