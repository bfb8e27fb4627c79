// bench/helpers: bench/policies/pre-signup/10-reference.js with its logic imported from a helper.
import { isAllowed, rolesOf } from "../lib/allow.js";

export default function (ctx) {
  const email = ctx.interceptor_context.user_email || "";
  const domain = email.split("@")[1];
  if (!isAllowed(domain)) return { decision: "DENY", error: { message: "Only approved domains may sign up" } };
  const roles = rolesOf(ctx);
  return {
    decision: "ALLOW",
    response: {
      create_organization_membership: {
        organization_id: "org_102953846317318346",
        roles: roles.includes("admin") ? ["admin"] : ["member"],
      },
    },
  };
}
