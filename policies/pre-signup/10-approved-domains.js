// @ts-check
// Only people with an email address at an approved company domain may sign up.
//
// Data: data/approved_domains.json — a list of lower-case domains, e.g. ["acmecorp.com"].
// A domain matches exactly: list subdomains (eng.acmecorp.com) on their own lines. Matching
// "*.acmecorp.com" automatically would let in anyone who controls any one subdomain.

import { emailDomain } from "../lib/email.js";

/** @typedef {{ approved_domains: string[] }} Data */

/** @type {import('../interlock').PreSignupPolicy<Data>} */
export default function (ctx, data) {
  const approved = data.approved_domains;
  const domain = emailDomain(ctx.interceptor_context.user_email);

  if (domain !== null && approved.includes(domain)) {
    return { decision: "ALLOW" };
  }
  console.log(domain === null ? "sign-up refused: not an email address" : `sign-up refused for ${JSON.stringify(domain)}`);
  return { decision: "DENY", error: { message: deniedMessage(approved) } };
}

/**
 * Names the approved domains so a person who used a personal address knows what to use
 * instead, but only while the list is short: a long list would publish the customer list
 * to anyone who tries to sign up.
 *
 * @param {readonly string[]} domains
 */
function deniedMessage(domains) {
  if (domains.length === 0 || domains.length > 3) {
    return "Only approved company email addresses are allowed to sign up";
  }
  const names = domains.map((d) => `@${d}`);
  const list = names.length === 1 ? names[0] : `${names.slice(0, -1).join(", ")} or ${names.at(-1)}`;
  return `Only ${list} email addresses are allowed to sign up`;
}
