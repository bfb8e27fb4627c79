// The web platform globals Node gives every module that fit Interlock's sandbox: Blob, File,
// FormData (fetch() bodies), AbortController, AbortSignal and DOMException (fetch() cancellation),
// and structuredClone. Evaluated once per prepared context before the harness, which defines them
// as globals beside fetch(), Headers and Response, and serialises bodies with bodyOf(); the
// lockdown then freezes them with the realm. Each instance keeps its state in private fields, so
// nothing of one evaluation is reachable from the shared classes.
//
// No timers exist here: AbortSignal.timeout(ms) gives a signal that never aborts by itself (every
// fetch() call already ends at INTERLOCK_FETCH_TIMEOUT_MS or the evaluation's deadline).
// It is an expression, so evaluating it declares nothing in the realm.
(function () {
  'use strict';
  const freeze = Object.freeze;
  const toStr = String;
  const fromCharCode = String.fromCharCode;
  const isView = ArrayBuffer.isView;
  const TypeErrorCtor = TypeError;

  class DOMException extends Error {
    #code;
    constructor(message, name) {
      super(message === undefined ? '' : toStr(message));
      this.name = name === undefined ? 'Error' : toStr(name);
      this.#code = name === 'AbortError' ? 20 : name === 'TimeoutError' ? 23 : name === 'DataCloneError' ? 25 : 0;
    }
    get code() { return this.#code; }
  }

  // ---- bytes as "byte strings": one char per byte, what the host sends as ISO-8859-1 ----
  function utf8(text) {
    const s = toStr(text).toWellFormed();
    let out = '';
    for (let i = 0; i < s.length; i++) {
      let c = s.codePointAt(i);
      if (c > 0xffff) i++;
      if (c < 0x80) out += fromCharCode(c);
      else if (c < 0x800) out += fromCharCode(0xc0 | (c >> 6), 0x80 | (c & 63));
      else if (c < 0x10000) out += fromCharCode(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
      else out += fromCharCode(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    }
    return out;
  }
  function fromUtf8(bytes) {
    let out = '';
    for (let i = 0; i < bytes.length;) {
      const c = bytes.charCodeAt(i);
      const need = c < 0x80 ? 0 : (c & 0xe0) === 0xc0 ? 1 : (c & 0xf0) === 0xe0 ? 2 : (c & 0xf8) === 0xf0 ? 3 : -1;
      let cp = need === 0 ? c : need === 1 ? c & 0x1f : need === 2 ? c & 0x0f : c & 0x07;
      let j = 1;
      for (; need > 0 && j <= need && i + j < bytes.length && (bytes.charCodeAt(i + j) & 0xc0) === 0x80; j++) {
        cp = (cp << 6) | (bytes.charCodeAt(i + j) & 63);
      }
      if (need < 0 || j <= need || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) { out += '\ufffd'; i += need < 0 ? 1 : j; continue; }
      out += String.fromCodePoint(cp);
      i += need + 1;
    }
    return out;
  }
  function viewBytes(view) {
    const u8 = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
    let out = '';
    for (let i = 0; i < u8.length; i++) out += fromCharCode(u8[i]);
    return out;
  }
  function arrayOf(bytes) {
    const out = new Uint8Array(bytes.length);
    for (let i = 0; i < bytes.length; i++) out[i] = bytes.charCodeAt(i);
    return out;
  }
  /** The bytes of a Blob part or body: a string as UTF-8, a buffer or view as it is, else undefined. */
  function bytesOf(part) {
    if (typeof part === 'string') return utf8(part);
    if (part instanceof Blob) return blobBytes(part);
    if (part instanceof ArrayBuffer) return viewBytes(new Uint8Array(part));
    if (isView(part)) return viewBytes(part);
    return undefined;
  }

  let blobBytes;
  class Blob {
    #bytes;
    #type;
    static {
      blobBytes = (blob) => blob.#bytes;
    }
    constructor(parts, options) {
      let bytes = '';
      if (parts !== undefined) {
        if (parts === null || typeof parts !== 'object' || typeof parts[Symbol.iterator] !== 'function') {
          throw new TypeErrorCtor("Failed to construct 'Blob': The provided value cannot be converted to a sequence.");
        }
        for (const part of parts) {
          const b = bytesOf(part);
          bytes += b === undefined ? utf8(toStr(part)) : b;
        }
      }
      this.#bytes = bytes;
      const type = options === undefined || options === null || options.type === undefined ? '' : toStr(options.type);
      this.#type = /^[\x20-\x7e]*$/.test(type) ? type.toLowerCase() : '';
    }
    get size() { return this.#bytes.length; }
    get type() { return this.#type; }
    text() { return Promise.resolve(fromUtf8(this.#bytes)); }
    arrayBuffer() { return Promise.resolve(arrayOf(this.#bytes).buffer); }
    bytes() { return Promise.resolve(arrayOf(this.#bytes)); }
    slice(start, end, type) {
      const size = this.#bytes.length;
      const from = start === undefined ? 0 : start < 0 ? Math.max(size + start, 0) : Math.min(start, size);
      const to = end === undefined ? size : end < 0 ? Math.max(size + end, 0) : Math.min(end, size);
      const part = new Blob([]);
      part.#bytes = this.#bytes.slice(from, Math.max(from, to));
      part.#type = type === undefined ? '' : toStr(type).toLowerCase();
      return part;
    }
    get [Symbol.toStringTag]() { return 'Blob'; }
  }

  class File extends Blob {
    #name;
    #lastModified;
    constructor(parts, name, options) {
      super(parts, options);
      if (arguments.length < 2) throw new TypeErrorCtor("Failed to construct 'File': 2 arguments required.");
      this.#name = toStr(name);
      this.#lastModified = options !== undefined && options !== null && options.lastModified !== undefined
        ? Number(options.lastModified) : Date.now();
    }
    get name() { return this.#name; }
    get lastModified() { return this.#lastModified; }
    get [Symbol.toStringTag]() { return 'File'; }
  }

  // ---- FormData ----
  function entryValue(value, filename) {
    if (value instanceof Blob) {
      if (value instanceof File && filename === undefined) return value;
      return new File([value], filename === undefined ? 'blob' : toStr(filename), { type: value.type });
    }
    return toStr(value);
  }
  let formEntries;
  class FormData {
    #entries = [];
    static {
      formEntries = (form) => form.#entries;
    }
    constructor(form) {
      if (form !== undefined) throw new TypeErrorCtor("FormData: a form element is not available in Interlock's sandbox");
    }
    append(name, value, filename) { this.#entries.push([toStr(name), entryValue(value, filename)]); }
    set(name, value, filename) {
      const key = toStr(name);
      const entry = [key, entryValue(value, filename)];
      const kept = [];
      let placed = false;
      for (const e of this.#entries) {
        if (e[0] !== key) kept.push(e);
        else if (!placed) { kept.push(entry); placed = true; }
      }
      if (!placed) kept.push(entry);
      this.#entries = kept;
    }
    get(name) { const key = toStr(name); for (const e of this.#entries) if (e[0] === key) return e[1]; return null; }
    getAll(name) { const key = toStr(name), out = []; for (const e of this.#entries) if (e[0] === key) out.push(e[1]); return out; }
    has(name) { return this.get(name) !== null; }
    delete(name) { const key = toStr(name); this.#entries = this.#entries.filter((e) => e[0] !== key); }
    entries() { return this.#entries.map((e) => [e[0], e[1]]).values(); }
    keys() { return this.#entries.map((e) => e[0]).values(); }
    values() { return this.#entries.map((e) => e[1]).values(); }
    forEach(callback, thisArg) { for (const [k, v] of this.entries()) Reflect.apply(callback, thisArg, [v, k, this]); }
    [Symbol.iterator]() { return this.entries(); }
    get [Symbol.toStringTag]() { return 'FormData'; }
  }
  // As browsers write multipart names: quotes and line breaks percent-encoded.
  function escapeName(name) { return name.replace(/\r/g, '%0D').replace(/\n/g, '%0A').replace(/"/g, '%22'); }
  function multipart(form) {
    let boundary = '----InterlockFormBoundary';
    for (let i = 0; i < 16; i++) boundary += 'abcdefghijklmnopqrstuvwxyz0123456789'[Math.floor(Math.random() * 36)];
    let body = '';
    for (const [name, value] of formEntries(form)) {
      body += '--' + boundary + '\r\nContent-Disposition: form-data; name="' + utf8(escapeName(name)) + '"';
      if (value instanceof File) {
        body += '; filename="' + utf8(escapeName(value.name)) + '"\r\nContent-Type: ' + (value.type || 'application/octet-stream')
          + '\r\n\r\n' + blobBytes(value) + '\r\n';
      } else {
        body += '\r\n\r\n' + utf8(value.replace(/\r?\n|\r/g, '\r\n')) + '\r\n';
      }
    }
    return { bytes: body + '--' + boundary + '--\r\n', type: 'multipart/form-data; boundary=' + boundary };
  }

  /**
   * A fetch() body as {bytes, type}: bytes a byte string (one char per byte), type the content-type
   * the body implies ('' when none); undefined for a body fetch() cannot send.
   */
  function bodyOf(body) {
    if (body instanceof FormData) return multipart(body);
    if (body instanceof Blob) return { bytes: blobBytes(body), type: body.type };
    if (body instanceof ArrayBuffer || isView(body)) return { bytes: bytesOf(body), type: '' };
    if (body !== null && typeof body === 'object' && body[Symbol.toStringTag] === 'URLSearchParams') {
      return { bytes: utf8(toStr(body)), type: 'application/x-www-form-urlencoded;charset=UTF-8' };
    }
    return undefined;
  }

  // ---- AbortController ----
  let abortWith;
  class AbortSignal {
    #aborted = false;
    #reason = undefined;
    #listeners = [];
    static {
      abortWith = (signal, reason) => {
        if (signal.#aborted) return;
        signal.#aborted = true;
        signal.#reason = reason === undefined ? new DOMException('This operation was aborted', 'AbortError') : reason;
        const event = { type: 'abort', target: signal };
        if (typeof signal.onabort === 'function') Reflect.apply(signal.onabort, signal, [event]);
        for (const listener of signal.#listeners.slice()) {
          if (typeof listener === 'function') Reflect.apply(listener, signal, [event]);
          else if (listener !== null && typeof listener === 'object' && typeof listener.handleEvent === 'function') listener.handleEvent(event);
        }
      };
    }
    constructor(key) {
      if (key !== CONSTRUCTING) throw new TypeErrorCtor('Illegal constructor');
      this.onabort = null;
    }
    get aborted() { return this.#aborted; }
    get reason() { return this.#reason; }
    throwIfAborted() { if (this.#aborted) throw this.#reason; }
    addEventListener(type, listener) { if (type === 'abort' && !this.#listeners.includes(listener)) this.#listeners.push(listener); }
    removeEventListener(type, listener) { if (type === 'abort') this.#listeners = this.#listeners.filter((l) => l !== listener); }
    dispatchEvent(event) { return true; }
    static abort(reason) { const s = new AbortSignal(CONSTRUCTING); abortWith(s, reason); return s; }
    static timeout(ms) { return new AbortSignal(CONSTRUCTING); }
    static any(signals) {
      const s = new AbortSignal(CONSTRUCTING);
      for (const other of signals) {
        if (other.aborted) { abortWith(s, other.reason); break; }
        other.addEventListener('abort', () => abortWith(s, other.reason));
      }
      return s;
    }
    get [Symbol.toStringTag]() { return 'AbortSignal'; }
  }
  const CONSTRUCTING = freeze({});
  class AbortController {
    #signal = new AbortSignal(CONSTRUCTING);
    get signal() { return this.#signal; }
    abort(reason) { abortWith(this.#signal, reason); }
    get [Symbol.toStringTag]() { return 'AbortController'; }
  }

  // ---- structuredClone: the data types of the HTML structured clone, cycles kept ----
  function structuredClone(value) {
    const copies = new Map();
    function clone(v) {
      if (v === null || (typeof v !== 'object' && typeof v !== 'function')) {
        if (typeof v === 'symbol') throw new DOMException(toStr(v.description) + ' could not be cloned.', 'DataCloneError');
        return v;
      }
      if (typeof v === 'function') throw new DOMException((v.name || 'function') + ' could not be cloned.', 'DataCloneError');
      if (copies.has(v)) return copies.get(v);
      let out;
      if (Array.isArray(v)) {
        out = [];
        copies.set(v, out);
        for (const key of Object.keys(v)) out[key] = clone(v[key]);
        return out;
      }
      if (v instanceof Date) out = new Date(v.getTime());
      else if (v instanceof RegExp) out = new RegExp(v.source, v.flags);
      else if (v instanceof ArrayBuffer) out = v.slice(0);
      else if (isView(v)) {
        out = new v.constructor(v.buffer.slice(0), v.byteOffset, v instanceof DataView ? v.byteLength : v.length);
      } else if (v instanceof Map) {
        out = new Map();
        copies.set(v, out);
        for (const [k, x] of v) out.set(clone(k), clone(x));
        return out;
      } else if (v instanceof Set) {
        out = new Set();
        copies.set(v, out);
        for (const x of v) out.add(clone(x));
        return out;
      } else if (v instanceof Error) {
        out = new Error(v.message);
        if (v.name !== 'Error') out.name = v.name;
      } else if (v instanceof Blob) {
        out = v.slice(0, v.size, v.type);
      } else if (v instanceof Boolean || v instanceof Number || v instanceof String) {
        out = Object(v.valueOf());
      } else if (v instanceof Promise || v instanceof WeakMap || v instanceof WeakSet) {
        throw new DOMException(Object.prototype.toString.call(v) + ' could not be cloned.', 'DataCloneError');
      } else {
        out = {};
        copies.set(v, out);
        for (const key of Object.keys(v)) out[key] = clone(v[key]);
        return out;
      }
      copies.set(v, out);
      return out;
    }
    return clone(value);
  }

  return freeze({ Blob, File, FormData, AbortController, AbortSignal, DOMException, structuredClone, bodyOf,
    isSignal: (s) => s instanceof AbortSignal });
})
