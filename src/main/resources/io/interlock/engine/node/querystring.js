// Node's querystring module for Auth0 Actions: parse, stringify, escape, unescape (and Node's
// aliases decode, encode). Instantiated afresh per evaluation.
'use strict';

function unescape(s) {
  try { return decodeURIComponent(s); } catch (e) {
    return s.replace(/%([0-9a-fA-F]{2})/g, (m, hex) => String.fromCharCode(parseInt(hex, 16)));
  }
}
function escape(s) { return encodeURIComponent(s); }

function parse(text, sep, eq, options) {
  const out = Object.create(null);
  if (typeof text !== 'string' || text.length === 0) return out;
  sep = sep || '&'; eq = eq || '=';
  const max = options && typeof options.maxKeys === 'number' ? options.maxKeys : 1000;
  const decode = options && typeof options.decodeURIComponent === 'function' ? options.decodeURIComponent : unescape;
  let pairs = text.split(sep);
  if (max > 0 && pairs.length > max) pairs = pairs.slice(0, max);
  for (const pair of pairs) {
    if (pair.length === 0) continue;
    const at = pair.indexOf(eq);
    const rawKey = at >= 0 ? pair.slice(0, at) : pair;
    const rawValue = at >= 0 ? pair.slice(at + eq.length) : '';
    const key = decode(rawKey.replace(/\+/g, ' '));
    const value = decode(rawValue.replace(/\+/g, ' '));
    if (!(key in out)) out[key] = value;
    else if (Array.isArray(out[key])) out[key].push(value);
    else out[key] = [out[key], value];
  }
  return out;
}

function primitive(v) {
  if (typeof v === 'string') return v;
  if ((typeof v === 'number' && isFinite(v)) || typeof v === 'bigint') return '' + v;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return '';
}

function stringify(obj, sep, eq, options) {
  sep = sep || '&'; eq = eq || '=';
  const encode = options && typeof options.encodeURIComponent === 'function' ? options.encodeURIComponent : escape;
  if (obj === null || typeof obj !== 'object') return '';
  const parts = [];
  for (const key of Object.keys(obj)) {
    const k = encode(primitive(key)) + eq;
    const v = obj[key];
    if (Array.isArray(v)) for (const each of v) parts.push(k + encode(primitive(each)));
    else parts.push(k + encode(primitive(v)));
  }
  return parts.join(sep);
}

module.exports = { parse, stringify, escape, unescape, decode: parse, encode: stringify };
