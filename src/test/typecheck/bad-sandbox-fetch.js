// @ts-check
// expect-error: TS2304
// expect-text: Cannot find name 'fetch'
// There is no network in the sandbox.

/** @type {import('../../../policies/interlock').PreUserInvitationPolicy} */
export default async function (ctx) {
  const response = await fetch("https://blocklist.example/" + ctx.interceptor_context.user_email);
  return response.ok ? { decision: "ALLOW" } : { decision: "DENY" };
}
