// @ts-check
// Puts the user's seat from the billing service into the tokens (`seat`: "full", "viewer", …,
// and `seat_expires_at` when the seat is a trial), so the application can gate editing without
// asking billing on every request.
//
// Calls GET https://billing.acmecorp.com/v1/seats?organization_id=…&user_id=… , which answers
//   200 {"seat": "full", "expires_at": "2026-01-31"}   the user's seat (expires_at optional)
//   404                                                 the user has no seat: no claim
// The host must be listed in INTERLOCK_FETCH_ALLOW (billing.acmecorp.com). Out of the box the
// list is empty: the call is refused at once, nothing leaves the machine, and sign-ins get no
// seat claim (the trace and the decision log say why).
//
// When the call fails (host not allowed, billing down, slower than INTERLOCK_FETCH_TIMEOUT_MS, an
// answer that is not a seat) the sign-in goes ahead without the claim and a console line says
// why: the application treats a missing seat as the smallest one, so an outage of billing costs
// features, not sign-ins. Where a seat must be proven, let the error propagate instead: the
// failure then gets INTERLOCK_ON_ERROR's answer (DENY by default).

const SEATS = "https://billing.acmecorp.com/v1/seats";

/** @type {import('../interlock').PreSessionCreationPolicy} */
export default async function (ctx) {
  const { organization_id, user_id } = ctx.interceptor_context;
  const url = `${SEATS}?organization_id=${encodeURIComponent(organization_id)}&user_id=${encodeURIComponent(user_id)}`;

  let seat;
  try {
    const response = await fetch(url, { headers: { accept: "application/json" } });
    if (response.status === 404) {
      return { decision: "ALLOW" };
    }
    if (!response.ok) {
      throw new Error(`billing answered ${response.status} ${response.statusText}`);
    }
    seat = await response.json();
  } catch (e) {
    console.warn(`no seat claim: ${e instanceof Error ? e.message : String(e)}`);
    return { decision: "ALLOW" };
  }

  if (typeof seat?.seat !== "string" || seat.seat === "") {
    console.warn(`no seat claim: billing's answer has no seat: ${JSON.stringify(seat)}`);
    return { decision: "ALLOW" };
  }
  return {
    decision: "ALLOW",
    response: {
      claims: {
        seat: seat.seat,
        ...(typeof seat.expires_at === "string" ? { seat_expires_at: seat.expires_at } : {}),
      },
    },
  };
}
