// @ts-check
// expect-error: TS2339
// expect-text: Property 'push' does not exist on type 'readonly string[]'
// data is deeply frozen: pushing to it throws at run time.

/** @type {import('../../../policies/interlock').PreSignupPolicy<{ approved_domains: string[] }>} */
export default function (ctx, data) {
  data.approved_domains.push("evil.test");
  return { decision: "ALLOW" };
}
