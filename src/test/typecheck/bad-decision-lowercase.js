// @ts-check
// expect-error: TS2322
// expect-text: Type '"allow"' is not assignable to type '"ALLOW"'
// Decisions are exact upper-case strings; the platform refuses "allow".

/** @type {import('../../../policies/interlock').PreSignupPolicy} */
export default function () {
  return { decision: "allow" };
}
