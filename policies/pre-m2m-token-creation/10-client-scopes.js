// @ts-check
// Machine clients get tokens only for what someone reviewed them for: the requested scopes
// are narrowed to the client's allowed ones, and the token names the API it is for (aud),
// the client's rate limit and its environment.
//
// Data: data/m2m_clients.json — client_id → {
//     "allowed_scopes": ["deploy:applications", "read:deployments"],
//     "aud": "https://api.acmecorp.com",     or a list of audiences
//     "rate_limit": "1000",                   passed on as is, for the API gateway
//     "environment": "production"
//   }
//
// Unknown clients are refused: a new client gets tokens once someone has written down what
// it may do, not before. A client left with no allowed scope is refused too, rather than
// allowed without a scope claim: the token would then keep every scope it asked for.

/**
 * @typedef {object} Client
 * @property {string[]} allowed_scopes
 * @property {string | string[]} aud
 * @property {string} rate_limit
 * @property {string} environment
 *
 * @typedef {{ m2m_clients: Record<string, Client> }} Data
 */

/** @type {import('../interlock').PreM2mTokenCreationPolicy<Data>} */
export default function (ctx, data) {
  const clientId = ctx.interceptor_context.client_id;
  // hasOwn: an id is only ever a key of the file, never something inherited like "toString".
  if (!Object.hasOwn(data.m2m_clients, clientId)) {
    console.log(`unknown M2M client ${JSON.stringify(clientId)}`);
    return { decision: "DENY", error: { message: "This client is not allowed to request tokens." } };
  }
  const client = data.m2m_clients[clientId];

  // Request order, each scope once (the platform refuses a repeated scope).
  const requested = requestedScopes(ctx.data.m2m_token_claims?.claims);
  const granted = [...new Set(requested)].filter((scope) => client.allowed_scopes.includes(scope));
  const dropped = requested.filter((scope) => !granted.includes(scope));
  if (dropped.length > 0) {
    console.log(`${clientId}: not granted ${dropped.join(" ")}`);
  }

  if (granted.length === 0) {
    return { decision: "DENY", error: { message: "None of the requested scopes is allowed for this client." } };
  }
  return {
    decision: "ALLOW",
    response: {
      claims: {
        scope: granted.join(" "),
        aud: client.aud,
        rate_limit: client.rate_limit,
        environment: client.environment,
      },
    },
  };
}

/**
 * The scopes asked for: the list when the platform sends one, else the space-separated
 * string (the same reading as the service's guard against widening scopes).
 *
 * @param {{ readonly scopes?: readonly string[], readonly scope?: string } | undefined} claims
 * @returns {readonly string[]}
 */
function requestedScopes(claims) {
  if (Array.isArray(claims?.scopes)) return claims.scopes;
  return (claims?.scope ?? "").trim().split(/\s+/).filter((scope) => scope !== "");
}
