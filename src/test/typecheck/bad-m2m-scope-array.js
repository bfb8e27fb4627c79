// @ts-check
// expect-error: TS2322
// expect-text: Types of property 'scope' are incompatible
// scope is one space-separated string, not a list.

/** @type {import('../../../policies/interlock').PreM2mTokenCreationPolicy} */
export default function (ctx) {
  return { decision: "ALLOW", response: { claims: { scope: ctx.data.m2m_token_claims.claims.scopes } } };
}
