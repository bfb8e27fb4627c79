// @ts-check
// expect-error: TS2591
// expect-text: Cannot find name 'process'
// There is no environment in the sandbox: configuration belongs in policies/data/.

/** @type {import('../../../policies/interlock').PreUserInvitationPolicy} */
export default function () {
  return process.env.INVITES_OPEN ? { decision: "ALLOW" } : { decision: "DENY" };
}
