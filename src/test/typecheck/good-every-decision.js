// @ts-check
// Each trigger's richest legal decision, so the types refuse no valid answer.

/** @type {import('../../../policies/interlock').PreSignupPolicy} */
export const signupByExternalId = (ctx) =>
  ctx.data.user?.memberships.some((m) => m.status === "ACTIVE")
    ? { decision: "ALLOW", response: { create_organization_membership: { external_organization_id: "ext_1", roles: ["member"] } } }
    : { decision: "ALLOW", response: { create_organization_membership: { organization_id: "org_1", roles: ["admin", "member"] } } };

/** @type {import('../../../policies/interlock').PreSignupPolicy} */
export const signupPlain = () => ({ decision: "ALLOW", response: {} });

/** @type {import('../../../policies/interlock').PreUserInvitationPolicy} */
export const invitationDenyWithoutMessage = (ctx) =>
  ctx.interceptor_context.user_id === undefined ? { decision: "DENY" } : { decision: "ALLOW" };

/** @type {import('../../../policies/interlock').PreM2mTokenCreationPolicy} */
export const m2m = (ctx) => ({
  decision: "ALLOW",
  response: {
    claims: {
      scope: ctx.data.m2m_token_claims.claims.scopes.slice(0, 1).join(" "),
      aud: ["https://a.example", "https://b.example"],
      tenant: ctx.data.m2m_token_claims.claims.oid,
      limits: { per_minute: 10, burst: [1, 2] },
    },
  },
});

/** @type {import('../../../policies/interlock').PreM2mTokenCreationPolicy} */
export const m2mScp = (ctx) => ({
  decision: "ALLOW",
  response: { claims: { scp: ctx.data.m2m_token_claims.claims.scopes.slice(0, 1), "https://acme.example/groups": ["ops"] } },
});

/** @type {import('../../../policies/interlock').PreSessionCreationPolicy<{ tiers: Record<string, { flags: string[] }> }>} */
export const sessionFromData = (ctx, data) => ({
  decision: "ALLOW",
  response: { claims: { flags: data.tiers[ctx.interceptor_context.organization_id]?.flags ?? [] } },
});
