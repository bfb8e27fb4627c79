// @ts-check
// Email helpers shared by the policies (import { emailDomain } from "../lib/email.js"; an Auth0
// Action: const { emailDomain } = require("../lib/email.js")). One copy, so the sign-up and the
// invitation policies cannot drift apart on what counts as an address's domain.

/**
 * The domain of an email address, lower-cased, or null when it isn't a usable address.
 * Domains are case-insensitive and some forms leave stray spaces around addresses. An address
 * with several "@" (legal only inside quotes, and rare) is refused: mail systems disagree
 * on which domain "a@evil.test@acmecorp.com" belongs to, and we must not guess in its favour.
 *
 * @param {string | undefined | null} email
 * @returns {string | null}
 */
export function emailDomain(email) {
  if (typeof email !== "string") return null;
  const parts = email.trim().toLowerCase().split("@");
  if (parts.length !== 2 || parts[0] === "" || parts[1] === "") return null;
  return parts[1];
}
