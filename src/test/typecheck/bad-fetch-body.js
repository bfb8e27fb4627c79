// @ts-check
// expect-error: TS2353
// expect-text: 'email' does not exist in type
// fetch() takes a string (or FormData, Blob, bytes) body: a plain object must be sent as JSON.stringify(value).

/** @type {import('../../../policies/interlock').PreSignupPolicy} */
export default async function (ctx) {
  await fetch("https://audit.example.com/v1/events", { method: "POST", body: { email: ctx.interceptor_context.user_email } });
  return { decision: "ALLOW" };
}
