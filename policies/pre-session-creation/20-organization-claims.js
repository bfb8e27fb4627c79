// @ts-check
// Puts the organization's plan into its members' tokens, so the application can gate
// features and keep data in the right region without asking the billing system on every
// request.
//
// Data, keyed by organization_id and subscription tier:
//   data/organizations.json — "org_…": {
//       "subscription_tier": "enterprise",      a key of subscription_tiers.json
//       "data_region": "us-west-2",             optional: where this customer's data lives
//       "feature_flags": ["custom_branding"],   optional: on top of the tier's flags
//       "account_manager": "jane@acmecorp.com"  optional
//     }
//   data/subscription_tiers.json — "enterprise": { "feature_flags": ["api_access", …] }
// Organizations not listed are on the free tier.

/**
 * @typedef {object} Organization
 * @property {string} subscription_tier
 * @property {string} [data_region]
 * @property {string[]} [feature_flags]
 * @property {string} [account_manager]
 *
 * @typedef {object} Data
 * @property {Record<string, Organization>} organizations
 * @property {Record<string, { feature_flags: string[] }>} subscription_tiers
 */

const DEFAULT_TIER = "free";

/** @type {import('../interlock').PreSessionCreationPolicy<Data>} */
export default function (ctx, data) {
  const orgId = ctx.interceptor_context.organization_id;
  // hasOwn: an id is only ever a key of the file, never something inherited like "toString".
  const org = Object.hasOwn(data.organizations, orgId)
    ? data.organizations[orgId]
    : { subscription_tier: DEFAULT_TIER };

  const tier = org.subscription_tier;
  if (!Object.hasOwn(data.subscription_tiers, tier)) {
    // A typo in the data must not lock a customer out; it costs them the tier's flags
    // until fixed, and this line in the decision log says why.
    console.log(`organization ${orgId}: unknown subscription_tier ${JSON.stringify(tier)}`);
  }
  const tierFlags = Object.hasOwn(data.subscription_tiers, tier) ? data.subscription_tiers[tier].feature_flags : [];

  return {
    decision: "ALLOW",
    response: {
      claims: {
        subscription_tier: tier,
        // No region rather than a guessed one: the application keeps its own default.
        ...(org.data_region ? { data_region: org.data_region } : {}),
        feature_flags: [...new Set([...tierFlags, ...(org.feature_flags ?? [])])],
        ...(org.account_manager ? { account_manager: org.account_manager } : {}),
      },
    },
  };
}
