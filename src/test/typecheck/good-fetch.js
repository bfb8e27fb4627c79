// @ts-check
// fetch() as policies use it: a JSON GET with headers, a POST with a JSON string, the response API.

/** @type {import('../../../policies/interlock').PreSessionCreationPolicy} */
export default async function (ctx) {
  const id = encodeURIComponent(ctx.interceptor_context.user_id);
  const response = await fetch(`https://billing.example.com/v1/seats?user_id=${id}`, {
    headers: { accept: "application/json" },
  });
  /** @type {{ seat?: string }} */
  const seat = response.ok ? await response.json() : {};
  const posted = await fetch("https://audit.example.com/v1/events", {
    method: "POST",
    headers: new Headers([["content-type", "application/json"]]),
    body: JSON.stringify({ user: ctx.interceptor_context.user_id }),
    redirect: "error",
  });
  const type = posted.headers.get("content-type") ?? "";
  console.warn(posted.status, posted.statusText, type, await posted.text());
  return { decision: "ALLOW", response: { claims: { seat: seat.seat ?? "none" } } };
}
