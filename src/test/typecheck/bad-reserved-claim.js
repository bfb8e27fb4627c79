// @ts-check
// expect-error: TS2322
// expect-text: Types of property 'sub' are incompatible
// sub is the platform's: a policy that sets it could make the token speak for someone else.

/** @type {import('../../../policies/interlock').PreSessionCreationPolicy} */
export default function (ctx) {
  return { decision: "ALLOW", response: { claims: { sub: ctx.interceptor_context.user_email } } };
}
