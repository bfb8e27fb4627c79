// Node's url module for Auth0 Actions: the WHATWG URL and URLSearchParams classes (also Node's
// globals), and the legacy url.parse / url.format / url.resolve. A compact WHATWG parser: special
// schemes (http, https, ws, wss, ftp, file) and others, user info, IPv4 (decimal, octal, hex) and
// IPv6 hosts, default ports, dot segments, percent-encoding. Not covered: internationalised
// (non-ASCII) host names, which throw naming themselves. Instantiated afresh per evaluation.
'use strict';

const SPECIAL = { 'ftp:': '21', 'file:': '', 'http:': '80', 'https:': '443', 'ws:': '80', 'wss:': '443' };
const isSpecial = (protocol) => Object.prototype.hasOwnProperty.call(SPECIAL, protocol);

function invalid(input, why) {
  const e = new TypeError('Invalid URL' + (why ? ' (' + why + ')' : '') + ': ' + input);
  e.code = 'ERR_INVALID_URL';
  e.input = input;
  return e;
}

function percentEncode(s, keep) {
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0);
    if (c > 0x20 && c < 0x7f && !keep.includes(ch)) { out += ch; continue; }
    if (ch === '%') { out += ch; continue; }
    for (const b of new TextEncoderLite().encode(ch)) out += '%' + (b < 16 ? '0' : '') + b.toString(16).toUpperCase();
  }
  return out;
}
class TextEncoderLite {
  encode(ch) {
    const c = ch.codePointAt(0);
    if (c < 0x80) return [c];
    if (c < 0x800) return [0xc0 | (c >> 6), 0x80 | (c & 63)];
    if (c < 0x10000) return [0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63)];
    return [0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63)];
  }
}
const PATH_KEEP = ' "<>`#?{}', QUERY_KEEP = ' "<>#', SPECIAL_QUERY_KEEP = ' "<>#\'', FRAGMENT_KEEP = ' "<>`',
  USERINFO_KEEP = ' "<>`#?{}/:;=@[\\]^|';

function ipv4Number(part) {
  if (part === '') return NaN;
  let radix = 10;
  if (/^0[xX]/.test(part)) { part = part.slice(2); radix = 16; if (part === '') return 0; }
  else if (part.length > 1 && part[0] === '0') { part = part.slice(1); radix = 8; }
  const ok = radix === 16 ? /^[0-9a-fA-F]+$/ : radix === 8 ? /^[0-7]+$/ : /^[0-9]+$/;
  return ok.test(part) ? parseInt(part, radix) : NaN;
}
function parseHost(input, special, original) {
  if (input.startsWith('[')) {
    if (!input.endsWith(']') || !/^[0-9a-fA-F:.]+$/.test(input.slice(1, -1))) throw invalid(original, 'bad IPv6 address');
    return '[' + compressIPv6(input.slice(1, -1), original) + ']';
  }
  if (!special) {
    if (/[\0\t\n\r #/<>?@[\\\]^|]/.test(input)) throw invalid(original, 'forbidden host code point');
    return percentEncode(input, '');
  }
  let host;
  try { host = decodeURIComponent(input); } catch (e) { throw invalid(original, 'bad percent-encoding in host'); }
  host = host.toLowerCase();
  if (/[^\x00-\x7f]/.test(host)) throw invalid(original, 'internationalised host names are not supported by Interlock\'s URL');
  if (host === '' || /[\0\t\n\r #%/:<>?@[\\\]^|]/.test(host)) throw invalid(original, 'forbidden host code point');
  const parts = host.split('.');
  if (parts[parts.length - 1] === '' && parts.length > 1) parts.pop();
  const last = parts[parts.length - 1];
  if (/^[0-9]+$/.test(last) || /^0[xX][0-9a-fA-F]*$/.test(last)) {
    if (parts.length > 4) throw invalid(original, 'bad IPv4 address');
    const numbers = parts.map(ipv4Number);
    if (numbers.some((n) => Number.isNaN(n))) throw invalid(original, 'bad IPv4 address');
    for (let i = 0; i < numbers.length - 1; i++) if (numbers[i] > 255) throw invalid(original, 'bad IPv4 address');
    if (numbers[numbers.length - 1] >= Math.pow(256, 5 - numbers.length)) throw invalid(original, 'bad IPv4 address');
    let value = numbers[numbers.length - 1];
    for (let i = 0; i < numbers.length - 1; i++) value += numbers[i] * Math.pow(256, 3 - i);
    const out = [];
    for (let i = 3; i >= 0; i--) out.push(Math.floor(value / Math.pow(256, i)) % 256);
    return out.join('.');
  }
  return host;
}
function compressIPv6(text, original) {
  let head = text, tail = '';
  const dbl = text.indexOf('::');
  if (dbl >= 0) { head = text.slice(0, dbl); tail = text.slice(dbl + 2); }
  const toWords = (s) => {
    if (s === '') return [];
    const out = [];
    for (const piece of s.split(':')) {
      if (piece.includes('.')) {
        const n = piece.split('.').map(Number);
        if (n.length !== 4 || n.some((x) => !(x >= 0 && x <= 255))) throw invalid(original, 'bad IPv6 address');
        out.push(n[0] * 256 + n[1], n[2] * 256 + n[3]);
      } else {
        if (!/^[0-9a-fA-F]{1,4}$/.test(piece)) throw invalid(original, 'bad IPv6 address');
        out.push(parseInt(piece, 16));
      }
    }
    return out;
  };
  const a = toWords(head), b = toWords(tail);
  if (dbl < 0 ? a.length !== 8 : a.length + b.length > 7) throw invalid(original, 'bad IPv6 address');
  const words = a.concat(new Array(8 - a.length - b.length).fill(0), b);
  let bestStart = -1, bestLength = 1;
  for (let i = 0; i < 8;) {
    if (words[i] !== 0) { i++; continue; }
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > bestLength) { bestStart = i; bestLength = j - i; }
    i = j;
  }
  let out = '';
  for (let i = 0; i < 8; i++) {
    if (i === bestStart) { out += i === 0 ? '::' : ':'; i += bestLength - 1; continue; }
    out += words[i].toString(16) + (i < 7 ? ':' : '');
  }
  return out;
}

function normalizePath(segments, special) {
  const out = [];
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i];
    const lower = seg.toLowerCase();
    const last = i === segments.length - 1;
    if (seg === '..' || lower === '.%2e' || lower === '%2e.' || lower === '%2e%2e') {
      if (out.length) out.pop();
      if (last) out.push('');
    } else if (seg === '.' || lower === '%2e') {
      if (last) out.push('');
    } else {
      out.push(percentEncode(seg, PATH_KEEP));
    }
  }
  return '/' + out.join('/');
}

/** Splits `rest` (after the scheme) into the URL record's parts, resolving against `base` if any. */
function parseURL(input, base) {
  const original = input;
  input = input.replace(/^[\x00-\x20]+|[\x00-\x20]+$/g, '').replace(/[\t\n\r]/g, '');
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(input);
  const r = { protocol: '', username: '', password: '', hostname: '', port: '', pathname: '', search: '', hash: '', opaque: false, host: null };
  let rest;
  if (scheme) {
    r.protocol = scheme[1].toLowerCase() + ':';
    rest = input.slice(scheme[0].length);
    if (base && isSpecial(r.protocol) && base.protocol === r.protocol && !/^[/\\]/.test(rest)) {
      return relative(r, rest, base, original);
    }
  } else {
    if (!base) throw invalid(original);
    if (base.opaque) { if (input.startsWith('#')) return Object.assign({}, base, { hash: fragment(input.slice(1)) }); throw invalid(original); }
    r.protocol = base.protocol;
    return relative(r, input, base, original);
  }
  const special = isSpecial(r.protocol);
  const hashAt = rest.indexOf('#');
  if (hashAt >= 0) { r.hash = fragment(rest.slice(hashAt + 1)); rest = rest.slice(0, hashAt); }
  const queryAt = rest.indexOf('?');
  if (queryAt >= 0) { r.search = query(rest.slice(queryAt + 1), special); rest = rest.slice(0, queryAt); }
  if (special) {
    rest = rest.replace(/^[/\\]*/, '');
    return authorityAndPath(r, rest, true, original);
  }
  if (rest.startsWith('//')) return authorityAndPath(r, rest.slice(2), false, original);
  if (rest.startsWith('/')) { r.pathname = normalizePath(rest.slice(1).split('/'), false); return r; }
  r.opaque = true;
  r.pathname = percentEncode(rest, '');
  return r;
}
function fragment(s) { return s === '' ? '' : '#' + percentEncode(s, FRAGMENT_KEEP); }
function query(s, special) { return s === '' ? '' : '?' + percentEncode(s, special ? SPECIAL_QUERY_KEEP : QUERY_KEEP); }

function authorityAndPath(r, rest, special, original) {
  const split = special ? /[/\\]/ : /\//;
  const m = split.exec(rest);
  const authority = m ? rest.slice(0, m.index) : rest;
  const path = m ? rest.slice(m.index + 1) : null;
  const at = authority.lastIndexOf('@');
  let hostPort = authority;
  if (at >= 0) {
    const info = authority.slice(0, at);
    hostPort = authority.slice(at + 1);
    const colon = info.indexOf(':');
    r.username = percentEncode(colon >= 0 ? info.slice(0, colon) : info, USERINFO_KEEP);
    r.password = colon >= 0 ? percentEncode(info.slice(colon + 1), USERINFO_KEEP) : '';
  }
  const portMatch = /:([^:\]]*)$/.exec(hostPort);
  let host = hostPort;
  if (portMatch) {
    host = hostPort.slice(0, portMatch.index);
    const port = portMatch[1];
    if (port !== '') {
      if (!/^[0-9]+$/.test(port) || Number(port) > 65535) throw invalid(original, 'bad port');
      r.port = String(Number(port)) === SPECIAL[r.protocol] ? '' : String(Number(port));
    }
  }
  if (host === '' && special && r.protocol !== 'file:') throw invalid(original, 'no host');
  r.hostname = host === '' ? '' : parseHost(host, special, original);
  if (r.protocol === 'file:' && r.hostname === 'localhost') r.hostname = '';
  r.host = r.hostname;
  r.pathname = path === null ? (special ? '/' : '') : normalizePath(path.split(split), special);
  return r;
}

function relative(r, input, base, original) {
  const special = isSpecial(r.protocol);
  if ((special && /^[/\\]{2}/.test(input)) || input.startsWith('//')) return parseURL(r.protocol + input, null);
  let rest = input;
  const out = Object.assign({}, base, { hash: '' });
  const hashAt = rest.indexOf('#');
  if (hashAt >= 0) { out.hash = fragment(rest.slice(hashAt + 1)); rest = rest.slice(0, hashAt); }
  const queryAt = rest.indexOf('?');
  if (queryAt >= 0) { out.search = query(rest.slice(queryAt + 1), special); rest = rest.slice(0, queryAt); }
  else out.search = rest === '' ? base.search : '';
  if (rest === '') return out;
  const sep = special ? /[/\\]/ : /\//;
  if (sep.test(rest[0])) { out.pathname = normalizePath(rest.slice(1).split(sep), special); return out; }
  const dir = base.pathname.slice(0, base.pathname.lastIndexOf('/') + 1);
  out.pathname = normalizePath((dir.slice(1) + rest).split(sep), special);
  return out;
}

function serialize(r) {
  let out = r.protocol;
  if (r.host !== null) {
    out += '//';
    if (r.username || r.password) out += r.username + (r.password ? ':' + r.password : '') + '@';
    out += r.hostname + (r.port ? ':' + r.port : '');
  }
  return out + r.pathname + r.search + r.hash;
}

const RECORD = Symbol('url');
const QUERY = Symbol('query');
class URL {
  constructor(url, base) {
    const b = base === undefined ? null : base instanceof URL ? base[RECORD] : parseURL(String(base), null);
    this[RECORD] = parseURL(String(url), b);
    this[QUERY] = new URLSearchParams(this[RECORD].search);
    this[QUERY][RECORD] = this;
  }
  static canParse(url, base) { try { new URL(url, base); return true; } catch (e) { return false; } }
  get href() { return serialize(this[RECORD]); }
  set href(v) { this[RECORD] = parseURL(String(v), null); this[QUERY] = new URLSearchParams(this[RECORD].search); this[QUERY][RECORD] = this; }
  get origin() {
    const r = this[RECORD];
    return isSpecial(r.protocol) && r.protocol !== 'file:' ? r.protocol + '//' + r.hostname + (r.port ? ':' + r.port : '') : 'null';
  }
  get protocol() { return this[RECORD].protocol; }
  set protocol(v) {
    const p = String(v).replace(/:.*$/, '').toLowerCase() + ':';
    if (/^[a-z][a-z0-9+.-]*:$/.test(p) && isSpecial(p) === isSpecial(this[RECORD].protocol)) {
      this[RECORD].protocol = p;
      if (this[RECORD].port === SPECIAL[p]) this[RECORD].port = '';
    }
  }
  get username() { return this[RECORD].username; }
  set username(v) { if (this[RECORD].host) this[RECORD].username = percentEncode(String(v), USERINFO_KEEP); }
  get password() { return this[RECORD].password; }
  set password(v) { if (this[RECORD].host) this[RECORD].password = percentEncode(String(v), USERINFO_KEEP); }
  get host() { const r = this[RECORD]; return r.host === null ? '' : r.hostname + (r.port ? ':' + r.port : ''); }
  set host(v) { this._reparseAuthority(String(v)); }
  get hostname() { return this[RECORD].host === null ? '' : this[RECORD].hostname; }
  set hostname(v) { this._reparseAuthority(String(v).replace(/:.*$/, '') + (this[RECORD].port ? ':' + this[RECORD].port : '')); }
  get port() { return this[RECORD].port; }
  set port(v) {
    const s = String(v);
    if (s === '') { this[RECORD].port = ''; return; }
    const m = /^[0-9]+/.exec(s);
    if (m && Number(m[0]) <= 65535) this[RECORD].port = String(Number(m[0])) === SPECIAL[this[RECORD].protocol] ? '' : String(Number(m[0]));
  }
  get pathname() { return this[RECORD].pathname; }
  set pathname(v) {
    if (this[RECORD].opaque) return;
    const s = String(v);
    this[RECORD].pathname = normalizePath((s.startsWith('/') ? s.slice(1) : s).split(isSpecial(this.protocol) ? /[/\\]/ : /\//), isSpecial(this.protocol));
  }
  get search() { return this[RECORD].search === '?' ? '' : this[RECORD].search; }
  set search(v) {
    const s = String(v);
    this[RECORD].search = query(s.startsWith('?') ? s.slice(1) : s, isSpecial(this.protocol));
    this[QUERY]._replace(this[RECORD].search);
  }
  get searchParams() { return this[QUERY]; }
  get hash() { return this[RECORD].hash === '#' ? '' : this[RECORD].hash; }
  set hash(v) { const s = String(v); this[RECORD].hash = fragment(s.startsWith('#') ? s.slice(1) : s); }
  toString() { return this.href; }
  toJSON() { return this.href; }
  _reparseAuthority(authority) {
    const r = this[RECORD];
    if (r.opaque) return;
    try {
      const parsed = parseURL(r.protocol + '//' + authority + '/', null);
      r.hostname = parsed.hostname; r.host = parsed.host; r.port = parsed.port;
    } catch (e) { /* an invalid host leaves the URL unchanged, as in Node */ }
  }
  _updateSearch(serialized) { this[RECORD].search = serialized === '' ? '' : '?' + serialized; }
}
Object.defineProperty(URL.prototype, Symbol.toStringTag, { value: 'URL' });

function formDecode(s) {
  const plus = s.replace(/\+/g, ' ');
  try { return decodeURIComponent(plus); } catch (e) { return plus.replace(/%([0-9a-fA-F]{2})/g, (m, h) => String.fromCharCode(parseInt(h, 16))); }
}
function formEncode(s) {
  let out = '';
  for (const b of new TextEncoderLite().encodeAll(String(s))) {
    const ch = String.fromCharCode(b);
    if (/[A-Za-z0-9*\-._]/.test(ch)) out += ch;
    else if (b === 0x20) out += '+';
    else out += '%' + (b < 16 ? '0' : '') + b.toString(16).toUpperCase();
  }
  return out;
}
TextEncoderLite.prototype.encodeAll = function (s) {
  const out = [];
  for (const ch of s) {
    const c = ch.codePointAt(0);
    out.push(...this.encode(c >= 0xd800 && c <= 0xdfff ? '\ufffd' : ch));
  }
  return out;
};

class URLSearchParams {
  constructor(init) {
    this._list = [];
    if (init === undefined || init === null) return;
    if (typeof init === 'object' && typeof init[Symbol.iterator] === 'function') {
      for (const pair of init) {
        const p = Array.from(pair);
        if (p.length !== 2) throw new TypeError('Each query pair must be an iterable [name, value] tuple');
        this._list.push([String(p[0]), String(p[1])]);
      }
    } else if (typeof init === 'object') {
      for (const key of Object.keys(init)) this._list.push([key, String(init[key])]);
    } else {
      this._replace(String(init));
    }
  }
  _replace(text) {
    this._list = [];
    const s = text.startsWith('?') ? text.slice(1) : text;
    for (const part of s.split('&')) {
      if (part === '') continue;
      const eq = part.indexOf('=');
      this._list.push(eq >= 0 ? [formDecode(part.slice(0, eq)), formDecode(part.slice(eq + 1))] : [formDecode(part), '']);
    }
  }
  _update() { if (this[RECORD]) this[RECORD]._updateSearch(this.toString()); }
  get size() { return this._list.length; }
  append(name, value) { this._list.push([String(name), String(value)]); this._update(); }
  delete(name, value) {
    this._list = this._list.filter(([k, v]) => !(k === String(name) && (value === undefined || v === String(value))));
    this._update();
  }
  get(name) { const e = this._list.find(([k]) => k === String(name)); return e ? e[1] : null; }
  getAll(name) { return this._list.filter(([k]) => k === String(name)).map(([, v]) => v); }
  has(name, value) { return this._list.some(([k, v]) => k === String(name) && (value === undefined || v === String(value))); }
  set(name, value) {
    const key = String(name);
    const at = this._list.findIndex(([k]) => k === key);
    if (at < 0) this._list.push([key, String(value)]);
    else { this._list[at][1] = String(value); this._list = this._list.filter(([k], i) => k !== key || i === at); }
    this._update();
  }
  sort() { this._list.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)); this._update(); }
  forEach(fn, thisArg) { for (const [k, v] of this._list.slice()) fn.call(thisArg, v, k, this); }
  keys() { return this._list.map(([k]) => k)[Symbol.iterator](); }
  values() { return this._list.map(([, v]) => v)[Symbol.iterator](); }
  entries() { return this._list.map(([k, v]) => [k, v])[Symbol.iterator](); }
  [Symbol.iterator]() { return this.entries(); }
  toString() { return this._list.map(([k, v]) => formEncode(k) + '=' + formEncode(v)).join('&'); }
}
Object.defineProperty(URLSearchParams.prototype, Symbol.toStringTag, { value: 'URLSearchParams' });

// ---- legacy API ----
function Url() {
  this.protocol = null; this.slashes = null; this.auth = null; this.host = null; this.port = null; this.hostname = null;
  this.hash = null; this.search = null; this.query = null; this.pathname = null; this.path = null; this.href = null;
}
function parse(text, parseQueryString, slashesDenoteHost) {
  if (text instanceof Url) return text;
  const u = new Url();
  let rest = String(text).trim();
  const hashAt = rest.indexOf('#');
  if (hashAt >= 0) { u.hash = rest.slice(hashAt); rest = rest.slice(0, hashAt); }
  const queryAt = rest.indexOf('?');
  if (queryAt >= 0) { u.search = rest.slice(queryAt); u.query = rest.slice(queryAt + 1); rest = rest.slice(0, queryAt); }
  else if (parseQueryString) { u.search = ''; u.query = {}; }
  if (parseQueryString && typeof u.query === 'string') u.query = require('querystring').parse(u.query);
  const proto = /^([a-zA-Z][a-zA-Z0-9+.-]*:)/.exec(rest);
  if (proto) { u.protocol = proto[1].toLowerCase(); rest = rest.slice(proto[1].length); }
  if (rest.startsWith('//') && (proto || slashesDenoteHost) && u.protocol !== 'javascript:') {
    u.slashes = true;
    rest = rest.slice(2);
    const end = rest.search(/[/]/);
    const authority = end >= 0 ? rest.slice(0, end) : rest;
    rest = end >= 0 ? rest.slice(end) : '';
    const at = authority.lastIndexOf('@');
    if (at >= 0) u.auth = decodeURIComponent(authority.slice(0, at));
    u.host = (at >= 0 ? authority.slice(at + 1) : authority).toLowerCase();
    const port = /:([0-9]*)$/.exec(u.host);
    u.port = port && port[1] ? port[1] : null;
    u.hostname = port ? u.host.slice(0, port.index) : u.host;
    if (rest === '' && isSpecial(u.protocol || '')) rest = '/';
  }
  u.pathname = rest === '' ? null : rest;
  u.path = (u.pathname || '') + (u.search || '') || null;
  u.href = format(u);
  return u;
}
function format(u) {
  if (typeof u === 'string') return format(parse(u));
  if (u instanceof URL) return u.href;
  const protocol = u.protocol ? (u.protocol.endsWith(':') ? u.protocol : u.protocol + ':') : '';
  let host = '';
  if (u.host) host = u.host;
  else if (u.hostname) host = (u.hostname.includes(':') ? '[' + u.hostname + ']' : u.hostname) + (u.port ? ':' + u.port : '');
  const auth = u.auth ? encodeURIComponent(u.auth).replace(/%3A/i, ':') + '@' : '';
  let search = u.search || '';
  if (!search && u.query && typeof u.query === 'object') {
    const q = require('querystring').stringify(u.query);
    search = q ? '?' + q : '';
  }
  const slashes = u.slashes || isSpecial(protocol) ? '//' : '';
  let pathname = u.pathname || '';
  if (host && pathname && !pathname.startsWith('/')) pathname = '/' + pathname;
  const hash = u.hash ? (u.hash.startsWith('#') ? u.hash : '#' + u.hash) : '';
  return protocol + (host || protocol === 'file:' ? slashes + auth + host : '') + pathname + (search && !search.startsWith('?') ? '?' + search : search) + hash;
}
function resolve(from, to) { try { return new URL(to, from).href; } catch (e) { return String(to); } }

module.exports = { URL, URLSearchParams, parse, format, resolve, Url,
  domainToASCII(domain) { try { return parseHost(String(domain), true, domain); } catch (e) { return ''; } } };
