// @ts-check
// expect-error: TS2322
// expect-text: Types of property 'error' are incompatible
// error goes with DENY only.

/** @type {import('../../../policies/interlock').PreSessionCreationPolicy} */
export default function () {
  return { decision: "ALLOW", error: { message: "welcome back" } };
}
