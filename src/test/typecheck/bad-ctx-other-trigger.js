// @ts-check
// expect-error: TS2339
// expect-text: Property 'organization' does not exist
// data.organization exists on PRE_USER_INVITATION requests, not on PRE_SIGNUP ones.

/** @type {import('../../../policies/interlock').PreSignupPolicy} */
export default function (ctx) {
  return ctx.data.organization.name === "Acme" ? { decision: "ALLOW" } : { decision: "DENY" };
}
