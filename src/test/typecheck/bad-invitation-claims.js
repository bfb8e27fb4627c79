// @ts-check
// expect-error: TS2322
// expect-text: Types of property 'response' are incompatible
// PRE_USER_INVITATION answers with a decision (and error) only: no claims.

/** @type {import('../../../policies/interlock').PreUserInvitationPolicy} */
export default function () {
  return { decision: "ALLOW", response: { claims: { plan: "pro" } } };
}
