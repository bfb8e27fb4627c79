// @ts-check
// expect-error: TS2345
// expect-text: Argument of type 'number' is not assignable to parameter of type 'string'
// A helper from policies/lib/ is typed by its JSDoc: a policy that calls it wrongly is caught.

import { emailDomain } from "../../../policies/lib/email.js";

/** @type {import('../../../policies/interlock').PreSignupPolicy} */
export default function (ctx) {
  const domain = emailDomain(ctx.interceptor_context.user_email.length);
  return domain ? { decision: "ALLOW" } : { decision: "DENY" };
}
