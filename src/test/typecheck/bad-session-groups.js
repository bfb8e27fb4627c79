// @ts-check
// expect-error: TS2322
// expect-text: Types of property 'groups' are incompatible
// groups is authorization a relying party acts on; a policy's own goes under its own name.

/** @type {import('../../../policies/interlock').PreSessionCreationPolicy} */
export default function () {
  return { decision: "ALLOW", response: { claims: { groups: ["admins"] } } };
}
