// @ts-check
// expect-error: TS2304
// expect-text: Cannot find name 'setTimeout'
// There are no timers in the sandbox.

/** @type {import('../../../policies/interlock').PreUserInvitationPolicy} */
export default function () {
  setTimeout(() => {}, 10);
  return { decision: "ALLOW" };
}
