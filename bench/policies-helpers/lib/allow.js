// bench/helpers: the reference policy's logic moved into a helper (see bench/policies/pre-signup/10-reference.js).
export function isAllowed(domain) {
  const allowed = [
    "acmecorp.com", "example.com", "partner0.example.org", "partner1.example.org",
    "partner2.example.org", "partner3.example.org", "partner4.example.org", "partner5.example.org",
    "partner6.example.org", "partner7.example.org", "partner8.example.org", "partner9.example.org",
    "partner10.example.org", "partner11.example.org", "partner12.example.org", "partner13.example.org",
    "partner14.example.org", "partner15.example.org", "partner16.example.org", "partner17.example.org",
    "partner18.example.org", "partner19.example.org", "partner20.example.org", "partner21.example.org",
    "partner22.example.org", "partner23.example.org", "partner24.example.org", "partner25.example.org",
    "partner26.example.org", "partner27.example.org", "partner28.example.org", "partner29.example.org",
    "partner30.example.org", "partner31.example.org", "partner32.example.org", "partner33.example.org",
    "partner34.example.org", "partner35.example.org", "partner36.example.org", "partner37.example.org",
    "partner38.example.org", "partner39.example.org", "partner40.example.org", "partner41.example.org",
    "partner42.example.org", "partner43.example.org", "partner44.example.org", "partner45.example.org",
    "partner46.example.org", "partner47.example.org",
  ];
  return allowed.includes(domain);
}

export function rolesOf(ctx) {
  return ((ctx.data.user && ctx.data.user.memberships) || []).flatMap(m => m.roles || []);
}
