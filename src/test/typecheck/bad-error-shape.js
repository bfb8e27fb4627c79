// @ts-check
// expect-error: TS2322
// expect-text: Type 'string' is not assignable to type '{ message: string; }'
// error is an object with a message, not the message itself.

/** @type {import('../../../policies/interlock').PreSessionCreationPolicy} */
export default function () {
  return { decision: "DENY", error: "not from here" };
}
