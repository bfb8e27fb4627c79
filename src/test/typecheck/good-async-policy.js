// @ts-check
// An async policy reading data without declaring its shape: every file is then frozen JSON
// that may be missing, so the policy narrows before use.

/** @type {import('../../../policies/interlock').PreSessionCreationPolicy} */
export default async function (ctx, data) {
  const regions = data.regions;
  const region = ctx.interceptor_context.region;
  if (Array.isArray(regions) && regions.includes(region)) {
    return { decision: "DENY" };
  }
  const flags = data.flags;
  const extra = flags && typeof flags === "object" && !Array.isArray(flags) ? flags : {};
  return { decision: "ALLOW", response: { claims: { region, extra, nothing: null, n: 1.5, ok: true } } };
}
