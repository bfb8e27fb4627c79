// @ts-check
// Refuses sign-in from countries the business may not serve (sanctions, export control).
//
// Data: data/blocked_countries.json — upper-case ISO 3166-1 alpha-2 codes, e.g. ["KP"].
//
// The country is the platform's geolocation of the sign-in's IP address, a best-effort
// signal that a VPN moves. When the platform can't place the address (no region), the
// sign-in goes ahead: refusing everyone who can't be located locks out real users and stops
// no one who is determined. If your obligations say otherwise, refuse that case too.

/** @typedef {{ blocked_countries: string[] }} Data */

/** @type {import('../interlock').PreSessionCreationPolicy<Data>} */
export default function (ctx, data) {
  const country = (ctx.interceptor_context.region ?? "").trim().toUpperCase();

  if (country !== "" && data.blocked_countries.includes(country)) {
    console.log(`sign-in refused from ${JSON.stringify(country)}`);
    // Deliberately vague: the person can't change what the message would tell them.
    return { decision: "DENY", error: { message: "Sign-in is not available in your location." } };
  }
  return { decision: "ALLOW" };
}
