// @ts-check
// expect-error: TS2322
// expect-text: Type 'string' is not assignable to type 'PreUserInvitationDecision'
// An async policy still resolves to a decision object, not a bare string.

/** @type {import('../../../policies/interlock').PreUserInvitationPolicy} */
export default async function () {
  return "ALLOW";
}
