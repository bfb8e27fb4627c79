// @ts-check
// expect-error: TS2322
// expect-text: Types of property 'response' are incompatible
// A DENY carries no response.

/** @type {import('../../../policies/interlock').PreSessionCreationPolicy} */
export default function () {
  return { decision: "DENY", response: { claims: { reason: "blocked" } } };
}
