// @ts-check
// Someone signing up with the email domain of a known customer joins that customer's
// organization, instead of creating a new, empty one of their own (PRE_SIGNUP fires just
// before the platform would create it). Other domains sign up as usual.
//
// Data: data/domain_organizations.json — email domain → organization to join:
//   "acmecorp.com": {
//     "organization_id": "org_…",           or "external_organization_id": your own id for it
//     "roles": ["member"],                  roles for everyone from the domain
//     "admin_roles": ["admin", "member"],   optional: roles instead for people who are
//     "admins_from": ["org_…"]              already admins of one of these organizations
//   }

import { emailDomain } from "../lib/email.js";

/**
 * @typedef {object} Target
 * @property {string} [organization_id]
 * @property {string} [external_organization_id]
 * @property {string[]} roles
 * @property {string[]} [admin_roles]
 * @property {string[]} [admins_from]
 *
 * @typedef {{ domain_organizations: Record<string, Target> }} Data
 */

/** @type {import('../interlock').PreSignupPolicy<Data>} */
export default function (ctx, data) {
  const domain = emailDomain(ctx.interceptor_context.user_email);
  // The key comes from the user: a plain lookup of "constructor" would find Object's.
  if (domain === null || !Object.hasOwn(data.domain_organizations, domain)) {
    return { decision: "ALLOW" };
  }
  const target = data.domain_organizations[domain];
  const user = ctx.data.user; // only when the person already has an account elsewhere

  // Joining a company's organization rests on owning an address at its domain, and only a
  // verified address shows that. Unverified: no automatic membership.
  if (user && user.email_verified === false) {
    console.log(`not provisioning into ${domain}: email not verified`);
    return { decision: "ALLOW" };
  }

  const memberships = user?.memberships ?? [];
  if (target.organization_id && memberships.some((m) => m.organization_id === target.organization_id)) {
    return { decision: "ALLOW" }; // already a member: nothing to provision
  }

  // Being an admin somewhere proves nothing on its own: anyone can sign up, create an
  // organization and be its admin. Only admins of the organizations the customer trusts count.
  const trusted = target.admins_from ?? [];
  const isTrustedAdmin = memberships.some(
    (m) => m.status === "ACTIVE" && trusted.includes(m.organization_id) && (m.roles ?? []).includes("admin"),
  );
  const roles = isTrustedAdmin && target.admin_roles ? target.admin_roles : target.roles;

  // The platform takes exactly one of the two ids; its own id wins if both are configured.
  if (target.organization_id) {
    return {
      decision: "ALLOW",
      response: { create_organization_membership: { organization_id: target.organization_id, roles } },
    };
  }
  if (target.external_organization_id) {
    return {
      decision: "ALLOW",
      response: { create_organization_membership: { external_organization_id: target.external_organization_id, roles } },
    };
  }
  // A configuration mistake: fail loudly (the service's on-error setting decides the answer)
  // rather than quietly letting the person create an organization of their own.
  throw new Error(`data/domain_organizations.json: "${domain}" has no organization_id or external_organization_id`);
}
