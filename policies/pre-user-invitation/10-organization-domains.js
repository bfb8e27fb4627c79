// @ts-check
// Invite-only organizations: members may invite only addresses at their organization's own
// domains, so nobody can open a company's workspace to outsiders one invitation at a time.
//
// Data: data/organization_domains.json — organization_id → its lower-case email domains:
//   "org_93731871904672153": ["acmecorp.com"]
// An empty list turns invitations off for that organization. Organizations not listed may
// invite anyone: the restriction is something a customer asks for, not the default.

import { emailDomain } from "../lib/email.js";

/** @typedef {{ organization_domains: Record<string, string[]> }} Data */

/** @type {import('../interlock').PreUserInvitationPolicy<Data>} */
export default function (ctx, data) {
  const orgId = ctx.interceptor_context.organization_id;
  // hasOwn: an id is only ever a key of the file, never something inherited like "toString".
  if (!Object.hasOwn(data.organization_domains, orgId)) {
    return { decision: "ALLOW" };
  }
  const domains = data.organization_domains[orgId];
  const domain = emailDomain(ctx.interceptor_context.user_email);

  if (domain !== null && domains.includes(domain)) {
    return { decision: "ALLOW" };
  }
  console.log(`invitation refused in ${orgId} for ${domain === null ? "a malformed address" : JSON.stringify(domain)}`);
  if (domains.length === 0) {
    return { decision: "DENY", error: { message: "This organization does not accept new invitations." } };
  }
  // The inviter is a member: telling them the organization's domains helps and reveals nothing.
  const list = domains.map((d) => `@${d}`).join(" or ");
  return {
    decision: "DENY",
    error: { message: `Cannot invite users from external domains. Please use ${list} email addresses.` },
  };
}
