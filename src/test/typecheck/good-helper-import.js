// @ts-check
// A policy that imports a helper from policies/lib/ type-checks with the helper's own types.

import { emailDomain } from "../../../policies/lib/email.js";

/** @type {import('../../../policies/interlock').PreUserInvitationPolicy} */
export default function (ctx) {
  /** @type {string | null} */
  const domain = emailDomain(ctx.interceptor_context.user_email);
  return domain === "acmecorp.com" ? { decision: "ALLOW" } : { decision: "DENY", error: { message: "outside" } };
}
