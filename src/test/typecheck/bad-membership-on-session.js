// @ts-check
// expect-error: TS2353
// expect-text: 'create_organization_membership' does not exist
// Memberships are created at sign-up, not at session creation.

/** @type {import('../../../policies/interlock').PreSessionCreationPolicy} */
export default function () {
  return {
    decision: "ALLOW",
    response: { create_organization_membership: { organization_id: "org_1", roles: ["member"] } },
  };
}
