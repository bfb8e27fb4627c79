// @ts-check
// expect-error: TS2322
// expect-text: Types of property 'scope' are incompatible
// Only M2M policies may touch scope; a user session's scopes are the platform's.

/** @type {import('../../../policies/interlock').PreSessionCreationPolicy} */
export default function () {
  return { decision: "ALLOW", response: { claims: { scope: "admin" } } };
}
