/**
 * Auth0 Action (Machine to Machine / Credentials Exchange): scopes that change things
 * ("write:…", "delete:…") are only issued to the clients trusted with them; every other client
 * gets its token with those scopes taken out, or none at all if it asked for nothing else.
 * Written for Auth0's API; Interlock runs it unchanged.
 *
 * Secrets (Auth0: the Action's Secrets tab; Interlock: environment INTERLOCK_SECRET_<NAME>):
 *   WRITE_CLIENTS  optional, comma-separated client ids that keep write and delete scopes.
 *
 * event.accessToken.scope is what the token would carry: in Interlock, what the policies
 * before this one in the chain left of the requested scopes.
 */
const CHANGING_SCOPE = /^(write|delete):/;

/**
 * Handler that will be called during the execution of a Client Credentials exchange.
 *
 * @param {Event} event - Details about client credentials grant request.
 * @param {CredentialsExchangeAPI} api - Interface whose methods can be used to change the behavior of client credentials grant.
 */
exports.onExecuteCredentialsExchange = async (event, api) => {
  const trusted = (event.secrets.WRITE_CLIENTS || "")
    .split(",")
    .map((id) => id.trim())
    .filter((id) => id.length > 0);
  if (trusted.includes(event.client.client_id)) {
    return;
  }

  const scopes = event.accessToken.scope;
  const changing = scopes.filter((scope) => CHANGING_SCOPE.test(scope));
  if (changing.length === 0) {
    return;
  }
  if (changing.length === scopes.length) {
    api.access.deny("invalid_scope", "This client may only request read scopes.");
    return;
  }
  for (const scope of changing) {
    api.accessToken.removeScope(scope);
  }
  console.log(`${event.client.client_id}: removed ${changing.join(" ")}`);
};
