// @ts-check
// expect-error: TS2322
// expect-text: Property 'roles' is missing
// A membership needs its roles.

/** @type {import('../../../policies/interlock').PreSignupPolicy} */
export default function () {
  return { decision: "ALLOW", response: { create_organization_membership: { organization_id: "org_1" } } };
}
