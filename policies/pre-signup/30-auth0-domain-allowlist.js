/**
 * Auth0 Action (Pre User Registration): only people with an address at one of the company's
 * email domains may register. Written for Auth0's API; Interlock runs it unchanged.
 *
 * Secrets (Auth0: the Action's Secrets tab; Interlock: environment INTERLOCK_SECRET_<NAME>):
 *   ALLOWED_DOMAINS  optional, comma-separated, e.g. "acmecorp.com,foocorp.com"; replaces the
 *                    built-in list so the list can change without a deploy.
 *
 * A domain matches exactly: "eng.acmecorp.com" must be listed on its own, or anyone who
 * controls some subdomain could register. An address with more than one "@" is refused, as
 * mail systems disagree about which domain it belongs to.
 */
const DEFAULT_ALLOWED_DOMAINS = ["acmecorp.com", "foocorp.com", "example.com"];

/**
 * Handler that will be called during the execution of a PreUserRegistration flow.
 *
 * @param {Event} event - Details about the context and user that is attempting to register.
 * @param {PreUserRegistrationAPI} api - Interface whose methods can be used to change the behavior of the signup.
 */
exports.onExecutePreUserRegistration = async (event, api) => {
  const allowed = allowedDomains(event.secrets.ALLOWED_DOMAINS);
  const parts = (event.user.email || "").trim().toLowerCase().split("@");

  if (parts.length !== 2 || !parts[0] || !parts[1]) {
    api.validation.error("invalid_email", "Please sign up with a valid email address.");
    return;
  }
  const domain = parts[1];
  if (!allowed.includes(domain)) {
    // The first argument is for the logs, the second is what the person sees.
    api.access.deny(`domain_not_allowed: ${domain}`, "Sign-up is limited to company email addresses.");
    return;
  }

  // Auth0 stores this on the new user; Interlock records the call in the trace instead.
  api.user.setAppMetadata("signup_domain", domain);
};

function allowedDomains(configured) {
  if (!configured) return DEFAULT_ALLOWED_DOMAINS;
  return configured
    .split(",")
    .map((d) => d.trim().toLowerCase())
    .filter((d) => d.length > 0);
}
