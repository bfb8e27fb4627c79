// The few DOM helpers every view uses: one copy, so the views build their elements alike.

/** The element with this id. */
export const $ = (id) => document.getElementById(id);

/**
 * A new element: attributes (`class`, `text` for its text, `onclick`-style listeners; false,
 * null and undefined leave an attribute out, true sets it empty), then its children.
 */
export function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k === 'text') e.textContent = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children) if (c !== null && c !== undefined) e.append(c);
  return e;
}

/** Two digits, for times. */
export function pad(n) {
  return String(n).padStart(2, '0');
}
