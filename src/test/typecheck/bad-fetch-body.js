// @ts-check
// expect-error: TS2322
// expect-text: is not assignable to type 'string'
// fetch() takes a string body: an object must be sent as JSON.stringify(value).

/** @type {import('../../../policies/interlock').PreSignupPolicy} */
export default async function (ctx) {
  await fetch("https://audit.example.com/v1/events", { method: "POST", body: { email: ctx.interceptor_context.user_email } });
  return { decision: "ALLOW" };
}
