// @ts-check
// Only people with an email address at an approved company domain may sign up.
//
// Data: data/approved_domains.json — a list of lower-case domains, e.g. ["acmecorp.com"].
// A domain matches exactly: list subdomains (eng.acmecorp.com) on their own lines. Matching
// "*.acmecorp.com" automatically would let in anyone who controls any one subdomain.

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
 * The domain of an email address, lower-cased, or null when it isn't a usable address.
 * Domains are case-insensitive and some forms leave stray spaces around addresses. An address
 * with several "@" (legal only inside quotes, and rare) is refused: mail systems disagree
 * on which domain "a@evil.test@acmecorp.com" belongs to, and we must not guess in its favour.
 *
 * @param {string | undefined} email
 */
function emailDomain(email) {
  if (typeof email !== "string") return null;
  const parts = email.trim().toLowerCase().split("@");
  if (parts.length !== 2 || parts[0] === "" || parts[1] === "") return null;
  return parts[1];
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
