// Share links: the state travels in the URL fragment (never sent to the server, nothing stored).
// Format: #s=<base64url of deflate-raw(JSON)>, or of the plain UTF-8 JSON where the browser has no
// CompressionStream. State: {v:1, t:trigger, p:payloadText, d:{n:name, s:source, a:alone}|null}.

const PREFIX = 's=';

function toBase64Url(bytes) {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    bin += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
  }
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text) {
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const bin = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

async function pipe(bytes, stream) {
  const res = new Response(new Blob([bytes]).stream().pipeThrough(stream));
  return new Uint8Array(await res.arrayBuffer());
}

export async function encodeState(state) {
  const json = new TextEncoder().encode(JSON.stringify(state));
  if (typeof CompressionStream === 'function') {
    try {
      return PREFIX + toBase64Url(await pipe(json, new CompressionStream('deflate-raw')));
    } catch {
      // fall through to plain JSON
    }
  }
  return PREFIX + toBase64Url(json);
}

/** The state in a location hash ("#s=…"), or null when there is none. Throws on a damaged link. */
export async function decodeHash(hash) {
  const h = (hash || '').replace(/^#/, '');
  if (!h.startsWith(PREFIX)) return null;
  let bytes;
  try {
    bytes = fromBase64Url(h.slice(PREFIX.length));
  } catch {
    throw new Error('The shared link is damaged (not base64url).');
  }
  let text = null;
  if (bytes[0] === 0x7b /* { */) {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
      JSON.parse(text);
    } catch {
      text = null;
    }
  }
  if (text === null) {
    if (typeof DecompressionStream !== 'function') {
      throw new Error('This browser cannot open compressed share links (no DecompressionStream).');
    }
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(await pipe(bytes, new DecompressionStream('deflate-raw')));
    } catch {
      throw new Error('The shared link is damaged (cannot decompress it).');
    }
  }
  let state;
  try {
    state = JSON.parse(text);
  } catch {
    throw new Error('The shared link is damaged (not JSON).');
  }
  if (!state || typeof state !== 'object' || typeof state.t !== 'string' || typeof state.p !== 'string') {
    throw new Error('The shared link does not hold a playground state.');
  }
  return state;
}
