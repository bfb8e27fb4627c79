// @ts-check
// expect-error: TS2322
// expect-text: 'response.create_organization_membership.external_organization_id' are incompatible
// A membership names its organization by exactly one id.

/** @type {import('../../../policies/interlock').PreSignupPolicy} */
export default function () {
  return {
    decision: "ALLOW",
    response: {
      create_organization_membership: { organization_id: "org_1", external_organization_id: "ext_1", roles: ["member"] },
    },
  };
}
