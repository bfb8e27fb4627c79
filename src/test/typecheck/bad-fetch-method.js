// @ts-check
// expect-error: TS2322
// expect-text: is not assignable to type 'HttpMethod
// fetch() sends only the standard methods; anything else (here a value meant as a header) is refused.

/** @type {import('../../../policies/interlock').PreSignupPolicy} */
export default async function () {
  await fetch("https://api.example.com/check", { method: "sk_live_123" });
  return { decision: "ALLOW" };
}
