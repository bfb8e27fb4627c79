/**
 * Auth0 Action (Login / Post Login): puts the user's roles in the organization they sign into
 * and their department into the tokens as namespaced claims, and refuses sign-in until the
 * email address is verified. Written for Auth0's API; Interlock runs it unchanged.
 *
 * Roles come from event.authorization (the membership of the organization being signed into),
 * the department from event.user.app_metadata. A user without either gets no extra claims.
 * Claims are namespaced: plain "roles" is reserved for what the platform computes itself.
 */
const NAMESPACE = "https://acmecorp.com/claims/";

/**
 * Handler that will be called during the execution of a PostLogin flow.
 *
 * @param {Event} event - Details about the user and the context in which they are logging in.
 * @param {PostLoginAPI} api - Interface whose methods can be used to change the behavior of the login.
 */
exports.onExecutePostLogin = async (event, api) => {
  if (event.user.email_verified === false) {
    api.access.deny("Please verify your email address before signing in.");
    return;
  }

  const roles = event.authorization?.roles ?? [];
  if (roles.length > 0) {
    api.idToken.setCustomClaim(`${NAMESPACE}roles`, roles);
    api.accessToken.setCustomClaim(`${NAMESPACE}roles`, roles);
  }

  const department = event.user.app_metadata?.department;
  if (typeof department === "string" && department !== "") {
    api.idToken.setCustomClaim(`${NAMESPACE}department`, department);
  }
};
