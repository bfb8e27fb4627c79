// Node's util module for Auth0 Actions, in the part that makes sense in a sandbox (format,
// inspect, promisify, callbackify, inherits, deprecate, debuglog, isDeepStrictEqual, types, the
// is* predicates, TextEncoder/TextDecoder), plus
// atob/btoa, which the adapter hands out as Node's globals. Instantiated afresh per evaluation.
'use strict';

function quoteString(s) { return "'" + s.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n') + "'"; }

function inspect(value, options) {
  const depth = options && typeof options.depth === 'number' ? options.depth : 2;
  return show(value, depth, []);
}
function show(value, depth, seen) {
  switch (typeof value) {
    case 'string': return quoteString(value);
    case 'number': return Object.is(value, -0) ? '-0' : String(value);
    case 'bigint': return value + 'n';
    case 'undefined': case 'boolean': return String(value);
    case 'symbol': return value.toString();
    case 'function': return '[Function: ' + (value.name || '(anonymous)') + ']';
  }
  if (value === null) return 'null';
  if (seen.indexOf(value) >= 0) return '[Circular *1]';
  if (value instanceof Date) return isNaN(value) ? 'Invalid Date' : value.toISOString();
  if (value instanceof RegExp) return String(value);
  if (value instanceof Error) return value.stack || String(value);
  if (typeof Buffer !== 'undefined' && value instanceof Uint8Array && value.constructor && value.constructor.name === 'Buffer') {
    let hex = '';
    for (let i = 0; i < Math.min(value.length, 50); i++) hex += (i ? ' ' : '') + (value[i] < 16 ? '0' : '') + value[i].toString(16);
    return '<Buffer' + (hex ? ' ' + hex : '') + (value.length > 50 ? ' ... ' + (value.length - 50) + ' more bytes' : '') + '>';
  }
  const isArray = Array.isArray(value);
  if (depth < 0) return isArray ? '[Array]' : '[Object]';
  seen.push(value);
  let parts;
  if (isArray) {
    parts = value.map((v) => show(v, depth - 1, seen));
  } else if (value instanceof Map) {
    parts = Array.from(value, ([k, v]) => show(k, depth - 1, seen) + ' => ' + show(v, depth - 1, seen));
  } else if (value instanceof Set) {
    parts = Array.from(value, (v) => show(v, depth - 1, seen));
  } else {
    parts = Object.keys(value).map((k) => (/^[A-Za-z_$][\w$]*$/.test(k) ? k : quoteString(k)) + ': ' + show(value[k], depth - 1, seen));
  }
  seen.pop();
  const prefix = value instanceof Map ? 'Map(' + value.size + ') ' : value instanceof Set ? 'Set(' + value.size + ') '
    : !isArray && Object.getPrototypeOf(value) === null ? '[Object: null prototype] ' : '';
  if (parts.length === 0) return prefix + (isArray ? '[]' : '{}');
  return prefix + (isArray ? '[ ' + parts.join(', ') + ' ]' : '{ ' + parts.join(', ') + ' }');
}

function format(f) {
  const args = Array.prototype.slice.call(arguments, 1);
  if (typeof f !== 'string') return [f].concat(args).map((a) => (typeof a === 'string' ? a : inspect(a))).join(' ');
  let i = 0;
  let out = f.replace(/%([sdifjoOc%])/g, (match, kind) => {
    if (kind === '%') return '%';
    if (i >= args.length) return match;
    const a = args[i++];
    switch (kind) {
      case 's': return typeof a === 'string' ? a : typeof a === 'bigint' ? a + 'n' : typeof a === 'object' && a !== null ? inspect(a, { depth: 1 }) : String(a);
      case 'd': return typeof a === 'bigint' ? a + 'n' : typeof a === 'object' && a !== null ? 'NaN' : String(Number(a));
      case 'i': return typeof a === 'bigint' ? a + 'n' : String(parseInt(a, 10));
      case 'f': return String(parseFloat(a));
      case 'j': try { return JSON.stringify(a); } catch (e) { return '[Circular]'; }
      case 'o': case 'O': return inspect(a);
      case 'c': return '';
    }
    return match;
  });
  for (; i < args.length; i++) out += ' ' + (typeof args[i] === 'string' ? args[i] : inspect(args[i]));
  return out;
}

function promisify(fn) {
  if (typeof fn !== 'function') throw new TypeError('The "original" argument must be of type function');
  return function () {
    const args = Array.prototype.slice.call(arguments);
    return new Promise((resolve, reject) => {
      fn.apply(this, args.concat([(err, value) => (err ? reject(err) : resolve(value))]));
    });
  };
}

function inherits(ctor, superCtor) {
  Object.defineProperty(ctor, 'super_', { value: superCtor, writable: true, configurable: true });
  Object.setPrototypeOf(ctor.prototype, superCtor.prototype);
}

function isDeepStrictEqual(a, b) {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  const ka = Object.keys(a), kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && isDeepStrictEqual(a[k], b[k]));
}

class TextEncoder {
  get encoding() { return 'utf-8'; }
  encode(input) {
    const s = input === undefined ? '' : String(input);
    const out = [];
    for (let i = 0; i < s.length; i++) {
      let c = s.charCodeAt(i);
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
        c = 0x10000 + ((c - 0xd800) << 10) + (s.charCodeAt(++i) - 0xdc00);
      } else if (c >= 0xd800 && c <= 0xdfff) {
        c = 0xfffd;
      }
      if (c < 0x80) out.push(c);
      else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
      else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
      else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    }
    return Uint8Array.from(out);
  }
}

class TextDecoder {
  constructor(label, options) {
    const name = label === undefined ? 'utf-8' : String(label).toLowerCase();
    if (name !== 'utf-8' && name !== 'utf8') throw new RangeError('TextDecoder: only utf-8 is available in Interlock\'s sandbox, not ' + label);
    this.fatal = !!(options && options.fatal);
  }
  get encoding() { return 'utf-8'; }
  decode(input) {
    if (input === undefined) return '';
    const b = input instanceof Uint8Array ? input : ArrayBuffer.isView(input) ? new Uint8Array(input.buffer, input.byteOffset, input.byteLength)
      : new Uint8Array(input);
    let out = '';
    let i = 0;
    const bad = () => { if (this.fatal) throw new TypeError('The encoded data was not valid for encoding utf-8'); out += '\ufffd'; };
    if (b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) i = 3;
    while (i < b.length) {
      const c = b[i];
      let need = 0, cp = 0, min = 0;
      if (c < 0x80) { out += String.fromCharCode(c); i++; continue; }
      else if ((c & 0xe0) === 0xc0) { need = 1; cp = c & 0x1f; min = 0x80; }
      else if ((c & 0xf0) === 0xe0) { need = 2; cp = c & 0x0f; min = 0x800; }
      else if ((c & 0xf8) === 0xf0) { need = 3; cp = c & 0x07; min = 0x10000; }
      else { bad(); i++; continue; }
      let j = 1;
      for (; j <= need && i + j < b.length && (b[i + j] & 0xc0) === 0x80; j++) cp = (cp << 6) | (b[i + j] & 63);
      if (j <= need || cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) { bad(); i += j; continue; }
      out += String.fromCodePoint(cp);
      i += need + 1;
    }
    return out;
  }
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
function invalidCharacter(message) { const e = new Error(message); e.name = 'InvalidCharacterError'; return e; }
function btoa(input) {
  const s = String(input);
  let out = '';
  for (let i = 0; i < s.length; i += 3) {
    const a = s.charCodeAt(i), b = s.charCodeAt(i + 1), c = s.charCodeAt(i + 2);
    if (a > 255 || b > 255 || c > 255) throw invalidCharacter('Invalid character: btoa takes Latin-1 text only');
    const n = (a << 16) | ((b || 0) << 8) | (c || 0);
    out += B64[n >> 18] + B64[(n >> 12) & 63] + (i + 1 < s.length ? B64[(n >> 6) & 63] : '=') + (i + 2 < s.length ? B64[n & 63] : '=');
  }
  return out;
}
function atob(input) {
  let s = String(input).replace(/[\t\n\f\r ]/g, '');
  if (s.length % 4 === 0) s = s.replace(/==?$/, '');
  if (s.length % 4 === 1 || /[^A-Za-z0-9+/]/.test(s)) throw invalidCharacter('The string to be decoded is not correctly encoded.');
  let out = '', bits = 0, value = 0;
  for (let i = 0; i < s.length; i++) {
    value = (value << 6) | B64.indexOf(s[i]);
    bits += 6;
    if (bits >= 8) { bits -= 8; out += String.fromCharCode((value >> bits) & 0xff); }
  }
  return out;
}

function callbackify(fn) {
  if (typeof fn !== 'function') throw new TypeError('The "original" argument must be of type function');
  return function (...args) {
    const callback = args.pop();
    if (typeof callback !== 'function') throw new TypeError('The last argument must be of type function');
    Promise.resolve().then(() => fn.apply(this, args)).then((value) => callback(null, value), (reason) => {
      if (!reason) { const e = new Error('Promise was rejected with a falsy value'); e.reason = reason; reason = e; }
      callback(reason);
    });
  };
}

// Node's debuglog prints only for NODE_DEBUG, which the sandbox's empty environment never sets.
function debuglog() {
  const log = function () {};
  log.enabled = false;
  return log;
}

const isTypedArray = (v) => ArrayBuffer.isView(v) && !(v instanceof DataView);
const types = {
  isDate: (v) => v instanceof Date, isRegExp: (v) => v instanceof RegExp, isPromise: (v) => v instanceof Promise,
  isUint8Array: (v) => v instanceof Uint8Array, isMap: (v) => v instanceof Map, isSet: (v) => v instanceof Set,
  isWeakMap: (v) => v instanceof WeakMap, isWeakSet: (v) => v instanceof WeakSet,
  isArrayBuffer: (v) => v instanceof ArrayBuffer, isAnyArrayBuffer: (v) => v instanceof ArrayBuffer,
  isArrayBufferView: (v) => ArrayBuffer.isView(v), isTypedArray, isDataView: (v) => v instanceof DataView,
  isNativeError: (v) => v instanceof Error, isAsyncFunction: (v) => typeof v === 'function' && v.constructor && v.constructor.name === 'AsyncFunction',
  isGeneratorFunction: (v) => typeof v === 'function' && v.constructor && /GeneratorFunction$/.test(v.constructor.name),
  isBoxedPrimitive: (v) => v instanceof Number || v instanceof String || v instanceof Boolean || (typeof v === 'object' && v !== null && (typeof v.valueOf() === 'bigint' || typeof v.valueOf() === 'symbol')),
  isProxy: () => false,
};

inspect.custom = Symbol.for('nodejs.util.inspect.custom');
inspect.defaultOptions = { depth: 2 };

module.exports = {
  format, inspect, promisify, callbackify, inherits, isDeepStrictEqual, TextEncoder, TextDecoder, atob, btoa,
  deprecate(fn) { return fn; },
  debuglog, debug: debuglog,
  formatWithOptions(options, ...args) { return format(...args); },
  stripVTControlCharacters: (s) => String(s).replace(/\u001b\[[0-9;]*[A-Za-z]/g, ''),
  toUSVString: (s) => String(s).toWellFormed(),
  isArray: Array.isArray,
  isBoolean: (v) => typeof v === 'boolean', isNull: (v) => v === null, isNullOrUndefined: (v) => v === null || v === undefined,
  isNumber: (v) => typeof v === 'number', isString: (v) => typeof v === 'string', isSymbol: (v) => typeof v === 'symbol',
  isUndefined: (v) => v === undefined, isRegExp: types.isRegExp, isDate: types.isDate, isError: (v) => v instanceof Error,
  isObject: (v) => v !== null && typeof v === 'object', isFunction: (v) => typeof v === 'function',
  isPrimitive: (v) => v === null || (typeof v !== 'object' && typeof v !== 'function'),
  isBuffer: (v) => typeof Buffer !== 'undefined' && Buffer.isBuffer(v),
  types,
};
