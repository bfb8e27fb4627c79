// Same-origin calls to the Interlock admin API.
// Paths are relative to the page, so the page also works behind a reverse proxy under a prefix.
// When a call answers 401/403 the auth listeners are told; the token the user gives is kept in
// sessionStorage and sent as "Authorization: Bearer <token>" on every call.

const TOKEN_KEY = 'interlock.adminToken';

export class HttpError extends Error {
  constructor(status, data, message) {
    super(message);
    this.name = 'HttpError';
    this.status = status;
    this.data = data;
  }
}

const authListeners = new Set();
let memoryToken = '';

export function onAuthRequired(listener) {
  authListeners.add(listener);
}

export function getToken() {
  try {
    return sessionStorage.getItem(TOKEN_KEY) || '';
  } catch {
    return '';
  }
}

export function setToken(token) {
  try {
    if (token) sessionStorage.setItem(TOKEN_KEY, token);
    else sessionStorage.removeItem(TOKEN_KEY);
  } catch {
    // storage disabled: the token lives only as long as this page
  }
  memoryToken = token || '';
}

function currentToken() {
  return getToken() || memoryToken;
}

/** The message of the service's error body {"error":{"code","message"}}, or a generic one. */
export function errorMessage(status, data) {
  const err = data && typeof data === 'object' ? data.error : null;
  if (err && typeof err === 'object' && err.message) {
    return err.code ? `${err.code}: ${err.message}` : String(err.message);
  }
  if (typeof err === 'string') return err;
  return `HTTP ${status}`;
}

async function request(path, { method = 'GET', body, signal, accept = 'application/json' } = {}) {
  const headers = { Accept: accept };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const token = currentToken();
  if (token) headers.Authorization = `Bearer ${token}`;
  let res;
  try {
    res = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
      mode: 'same-origin',
      credentials: 'same-origin',
      cache: 'no-store',
    });
  } catch (e) {
    if (e && e.name === 'AbortError') throw e;
    throw new HttpError(0, null, 'The service could not be reached. Is Interlock running?');
  }
  const text = await res.text();
  return { res, text };
}

function parseJson(text) {
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function authFailure(status, data) {
  const reason = status === 401
    ? (currentToken() ? 'The token was not accepted.' : 'This Interlock requires an admin token.')
    : (currentToken()
      ? 'The token was refused (403).'
      : 'Access denied (403). Without INTERLOCK_ADMIN_TOKEN set, the admin API answers only on the same machine, '
        + 'opened as http://localhost:…, http://127.0.0.1:… or http://[::1]:…; or give the admin token.');
  for (const l of authListeners) l({ status, reason, data });
}

/** JSON call; resolves to the parsed body, rejects with HttpError (status 0 when unreachable). */
export async function api(path, options = {}) {
  const { res, text } = await request(path, options);
  const data = parseJson(text);
  if (res.status === 401 || res.status === 403) {
    authFailure(res.status, data);
    throw new HttpError(res.status, data, errorMessage(res.status, data));
  }
  if (!res.ok) throw new HttpError(res.status, data, errorMessage(res.status, data));
  if (data === null && text) throw new HttpError(res.status, null, `HTTP ${res.status}: the answer is not JSON`);
  return data;
}

/** Text call; resolves to the text, or null on 404. */
export async function apiText(path, options = {}) {
  const { res, text } = await request(path, { ...options, accept: 'text/plain, */*' });
  if (res.status === 404) return null;
  if (res.status === 401 || res.status === 403) {
    authFailure(res.status, parseJson(text));
    throw new HttpError(res.status, null, `HTTP ${res.status}`);
  }
  if (!res.ok) throw new HttpError(res.status, parseJson(text), errorMessage(res.status, parseJson(text)));
  return text;
}

/** A static file of the page itself (samples); no token needed. */
export async function staticJson(path) {
  const res = await fetch(path, { mode: 'same-origin', credentials: 'same-origin' });
  if (!res.ok) throw new HttpError(res.status, null, `${path}: HTTP ${res.status}`);
  return res.text();
}
