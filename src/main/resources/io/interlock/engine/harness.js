// Interlock guest harness. Evaluated once in every prepared context, before any policy code,
// so it captures the intrinsics it relies on while they are still pristine; the lockdown then
// freezes the realm, and the context serves many evaluations. A policy may still try to pollute
// what it can reach; the harness never looks anything up through it:
// - results are serialised by hand into a string (no JSON.stringify of objects, which
//   would consult toJSON; no array methods, which could be replaced);
// - only own data properties are read (accessors are refused, never invoked), so a getter
//   or an inherited property can't make `{}` read as a decision;
// - the host receives one JSON text per policy and parses it itself.
// Every call of run() starts from nothing the previous call left: a fresh instance of the policy
// (its factory re-runs the file's top level), a fresh parse of the payload, an empty console.
// It also defines fetch(), Headers and Response (see below) over fetchHost, the host's FetchHost,
// and the web globals of web.js (Blob, FormData, AbortController, structuredClone, …) beside them.
// Shape: (dataJson, maxConsoleLines, rawLineLength, fetchHost, web) =>
//   { data, deepFreeze, install(kind, factory, isAsync, handlerName, adapter, imports, requires),
//     installHelper(factory, imports), lockedDown(), sweep() → '' or a change,
//     run(i, payloadJson, scope, seedA..seedD, watchJson), poll(), rethrow() }
(function (dataJson, maxConsoleLines, rawLineLength, fetchHost, web) {
  'use strict';
  const G = globalThis;
  const parse = JSON.parse;
  const quote = JSON.stringify; // only ever called on primitives: no toJSON lookup
  const freeze = Object.freeze;
  const getProto = Object.getPrototypeOf;
  const describe = Object.getOwnPropertyDescriptor;
  const ownKeys = Reflect.ownKeys;
  const apply = Reflect.apply;
  const hasOwn = Object.hasOwn;
  const isArray = Array.isArray;
  const isFinite = Number.isFinite;
  const substring = String.prototype.substring;
  const ObjectProto = Object.prototype;
  const ArrayProto = Array.prototype;
  const promiseResolve = Promise.resolve;
  const promiseThen = Promise.prototype.then;
  const PromiseCtor = Promise;
  const toStr = String;
  const deleteProperty = Reflect.deleteProperty;
  const SetCtor = Set;
  const setHas = Set.prototype.has;
  const setAdd = Set.prototype.add;
  const MAX_DEPTH = 32;

  function deepFreeze(value) {
    if (value !== null && typeof value === 'object') {
      const keys = ownKeys(value);
      for (let i = 0; i < keys.length; i++) deepFreeze(value[keys[i]]);
      freeze(value);
    }
    return value;
  }
  const data = deepFreeze(parse(dataJson));

  // console: bounded, captured per policy, never reaches the host's stdout. Lines are cut at
  // rawLineLength, longer than what is shown: the host removes secrets from the whole line first
  // and only then cuts it to its display length, so a cut can never leave half a secret behind.
  // No counters, timers or groups: the console keeps no state from one evaluation to the next.
  let consoleOut = '';
  let consoleLines = 0;
  let consoleDropped = 0;
  function show(value) {
    if (typeof value === 'string') return value;
    try {
      const text = serialize(value, '', 0, []);
      return text === undefined ? toStr(value) : text;
    } catch (e) {
      try { return toStr(value); } catch (e2) { return '[unprintable]'; }
    }
  }
  function record(level, args) {
    if (consoleLines >= maxConsoleLines) { consoleDropped++; return; }
    let line = level === 'log' ? '' : level + ': ';
    for (let i = 0; i < args.length; i++) line += (i ? ' ' : '') + show(args[i]);
    if (line.length > rawLineLength) line = apply(substring, line, [0, rawLineLength]) + '…';
    consoleOut += (consoleLines ? ',' : '') + quote(line);
    consoleLines++;
  }
  const console = {};
  for (const level of ['log', 'info', 'warn', 'error', 'debug', 'trace']) {
    console[level] = function () { record(level, arguments); };
  }
  Object.defineProperty(G, 'console', { value: freeze(console), writable: false, configurable: false, enumerable: false });

  // fetch(): the WHATWG shape policy authors know, over the host's exchange. The host call blocks
  // this thread for the exchange, bounded by what is left of the evaluation's time, and the
  // promise returned is already settled, so `await fetch(…)` works and calls run one after the
  // other. The host checks everything (URL, method, headers, allowlist, limits); this side only
  // puts the call into JSON and the answer into a Response. A call's state lives in the private
  // fields of its own Headers and Response objects; the classes themselves are frozen with the
  // realm, and the host keeps each evaluation's record apart (FetchSession).
  const TypeErrorCtor = TypeError;
  const promiseReject = Promise.reject;
  const toLower = String.prototype.toLowerCase;
  const arrayValues = Array.prototype.values;
  const defineGlobal = (name, value) =>
    Object.defineProperty(G, name, { value, writable: true, configurable: true, enumerable: false });
  function lower(name) { return apply(toLower, toStr(name), []); }
  function pairsOf(init, out) {
    if (init === undefined || init === null) return;
    if (init instanceof Headers || isArray(init)) {
      for (const pair of init) {
        if (!isArray(pair) || pair.length !== 2) throw new TypeErrorCtor('fetch: headers must be [name, value] pairs');
        out[out.length] = [lower(pair[0]), toStr(pair[1])];
      }
      return;
    }
    if (typeof init !== 'object') throw new TypeErrorCtor('fetch: headers must be an object, a Headers or [name, value] pairs');
    const keys = ownKeys(init);
    for (let i = 0; i < keys.length; i++) {
      const d = describe(init, keys[i]);
      if (typeof keys[i] === 'string' && d.enumerable) out[out.length] = [lower(keys[i]), toStr(init[keys[i]])];
    }
  }
  class Headers {
    #list = [];
    constructor(init) { pairsOf(init, this.#list); }
    append(name, value) { const l = this.#list; l[l.length] = [lower(name), toStr(value)]; }
    delete(name) {
      const key = lower(name), kept = [];
      for (let i = 0; i < this.#list.length; i++) if (this.#list[i][0] !== key) kept[kept.length] = this.#list[i];
      this.#list = kept;
    }
    set(name, value) { this.delete(name); this.append(name, value); }
    get(name) {
      const key = lower(name);
      let value = null;
      for (let i = 0; i < this.#list.length; i++) {
        if (this.#list[i][0] === key) value = value === null ? this.#list[i][1] : value + ', ' + this.#list[i][1];
      }
      return value;
    }
    has(name) { return this.get(name) !== null; }
    // Combined per name, sorted by name, as the standard iterates them.
    entries() {
      const names = [];
      for (let i = 0; i < this.#list.length; i++) {
        const n = this.#list[i][0];
        let j = 0;
        while (j < names.length && names[j] < n) j++;
        if (names[j] !== n) { for (let k = names.length; k > j; k--) names[k] = names[k - 1]; names[j] = n; }
      }
      const out = [];
      for (let i = 0; i < names.length; i++) out[i] = [names[i], this.get(names[i])];
      return apply(arrayValues, out, []);
    }
    keys() { const out = []; for (const [n] of this.entries()) out[out.length] = n; return apply(arrayValues, out, []); }
    values() { const out = []; for (const [, v] of this.entries()) out[out.length] = v; return apply(arrayValues, out, []); }
    forEach(callback, thisArg) { for (const [n, v] of this.entries()) apply(callback, thisArg, [v, n, this]); }
    [Symbol.iterator]() { return this.entries(); }
  }
  class Response {
    #body;
    #used = false;
    constructor(body, init) {
      const options = init === undefined || init === null ? {} : init;
      this.#body = body === undefined || body === null ? '' : toStr(body);
      this.status = options.status === undefined ? 200 : options.status;
      this.statusText = options.statusText === undefined ? '' : toStr(options.statusText);
      this.ok = this.status >= 200 && this.status <= 299;
      this.headers = new Headers(options.headers);
      this.url = '';
      this.redirected = false;
      this.type = 'default';
    }
    get bodyUsed() { return this.#used; }
    text() {
      if (this.#used) return apply(promiseReject, PromiseCtor, [new TypeErrorCtor('Response body is already used')]);
      this.#used = true;
      return apply(promiseResolve, PromiseCtor, [this.#body]);
    }
    json() { return apply(promiseThen, this.text(), [(text) => parse(text)]); }
    clone() {
      if (this.#used) throw new TypeErrorCtor('Response body is already used');
      const copy = new Response(this.#body, { status: this.status, statusText: this.statusText, headers: this.headers });
      copy.url = this.url; copy.redirected = this.redirected; copy.type = this.type;
      return copy;
    }
  }
  function requestJson(input, init) {
    const options = init === undefined || init === null ? {} : init;
    const url = typeof input === 'string' ? input
      : input !== null && typeof input === 'object' && typeof input.url === 'string' ? input.url : toStr(input);
    const method = options.method === undefined ? 'GET' : toStr(options.method);
    const headers = [];
    pairsOf(options.headers, headers);
    let body = options.body, bytes = false;
    if (body !== undefined && body !== null && typeof body !== 'string') {
      // FormData, Blob, URLSearchParams, ArrayBuffer, typed arrays (Buffer): sent as their bytes,
      // with the content-type they imply unless the call set one. The host checks them like text.
      const made = web === undefined ? undefined : web.bodyOf(body);
      if (made === undefined) {
        throw new TypeErrorCtor('fetch: the body must be a string, URLSearchParams, FormData, Blob, ArrayBuffer or a typed'
          + ' array (Buffer); send JSON as JSON.stringify(value) with a content-type header');
      }
      body = made.bytes;
      bytes = true;
      let typed = false;
      for (let i = 0; i < headers.length; i++) if (headers[i][0] === 'content-type') typed = true;
      if (!typed && made.type !== '') headers[headers.length] = ['content-type', made.type];
    }
    const redirect = options.redirect === undefined ? 'follow' : toStr(options.redirect);
    if (redirect !== 'follow' && redirect !== 'manual' && redirect !== 'error') {
      throw new TypeErrorCtor("fetch: redirect must be 'follow', 'manual' or 'error'");
    }
    let text = '{"url":' + quote(url) + ',"method":' + quote(method) + ',"redirect":' + quote(redirect) + ',"headers":[';
    for (let i = 0; i < headers.length; i++) text += (i ? ',' : '') + '[' + quote(headers[i][0]) + ',' + quote(headers[i][1]) + ']';
    return text + '],"body":' + (typeof body === 'string' ? quote(body) : 'null') + ',"bodyBytes":' + bytes + '}';
  }
  function fetch(input, init) {
    try {
      const signal = init === undefined || init === null ? undefined : init.signal;
      if (web !== undefined && web.isSignal(signal) && signal.aborted) return apply(promiseReject, PromiseCtor, [signal.reason]);
      const answer = parse(fetchHost.fetch(requestJson(input, init)));
      if (typeof answer.error === 'string') return apply(promiseReject, PromiseCtor, [new TypeErrorCtor(answer.error)]);
      const response = new Response(answer.body, { status: answer.status, statusText: answer.statusText, headers: answer.headers });
      response.url = answer.url;
      response.redirected = answer.redirected;
      response.type = 'basic';
      return apply(promiseResolve, PromiseCtor, [response]);
    } catch (e) {
      return apply(promiseReject, PromiseCtor, [e]);
    }
  }
  if (fetchHost !== undefined && fetchHost !== null) {
    defineGlobal('fetch', fetch);
    defineGlobal('Headers', Headers);
    defineGlobal('Response', Response);
  }
  if (web !== undefined && web !== null) {
    const names = ['Blob', 'File', 'FormData', 'AbortController', 'AbortSignal', 'DOMException', 'structuredClone'];
    for (let i = 0; i < names.length; i++) defineGlobal(names[i], web[names[i]]);
  }

  class Refusal {
    constructor(path, reason) { this.path = path; this.reason = reason; }
  }
  function refuse(path, reason) { throw new Refusal(path, reason); }
  function at(path, key) { return path === '' ? key : path + '.' + key; }

  // Returns the JSON text of a plain-data value, or undefined for `undefined`
  // (an absent property, as in JSON). Throws Refusal for anything that is not plain data.
  function serialize(value, path, depth, stack) {
    switch (typeof value) {
      case 'undefined': return undefined;
      case 'boolean': return value ? 'true' : 'false';
      case 'string': return quote(value);
      case 'number':
        if (!isFinite(value)) refuse(path, 'not a finite number');
        return quote(value);
      case 'bigint': refuse(path, 'BigInt is not JSON data');
      case 'symbol': refuse(path, 'a symbol is not JSON data');
      case 'function': refuse(path, 'a function is not JSON data');
    }
    if (value === null) return 'null';
    if (depth >= MAX_DEPTH) refuse(path, 'nested deeper than ' + MAX_DEPTH);
    for (let i = 0; i < stack.length; i++) if (stack[i] === value) refuse(path, 'cycle');
    stack[stack.length] = value;
    const proto = getProto(value);
    let text;
    if (isArray(value)) {
      if (proto !== ArrayProto) refuse(path, 'not a plain array');
      text = serializeArray(value, path, depth, stack);
    } else {
      if (proto !== ObjectProto && proto !== null) refuse(path, 'not a plain object');
      text = serializeObject(value, path, depth, stack);
    }
    stack.length = stack.length - 1;
    return text;
  }
  function ownData(value, key, path) {
    const d = describe(value, key);
    if (d === undefined) refuse(path, 'sparse array');
    if (!('value' in d)) refuse(path, 'accessor properties are not allowed');
    return d.value;
  }
  function serializeArray(value, path, depth, stack) {
    const length = describe(value, 'length').value;
    let text = '[';
    for (let i = 0; i < length; i++) {
      const p = path + '[' + i + ']';
      const item = serialize(ownData(value, toStr(i), p), p, depth + 1, stack);
      text += (i ? ',' : '') + (item === undefined ? 'null' : item);
    }
    return text + ']';
  }
  function serializeObject(value, path, depth, stack) {
    const keys = ownKeys(value);
    let text = '{';
    let first = true;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i];
      if (typeof key === 'symbol') refuse(path, 'symbol keys are not allowed');
      const d = describe(value, key);
      if (d === undefined || !d.enumerable) continue;
      const p = at(path, key);
      if (!('value' in d)) refuse(p, 'accessor properties are not allowed');
      const item = serialize(d.value, p, depth + 1, stack);
      if (item === undefined) continue;
      text += (first ? '' : ',') + quote(key) + ':' + item;
      first = false;
    }
    return text + '}';
  }

  let state;
  function takeConsole() {
    let lines = '[' + consoleOut;
    if (consoleDropped) lines += (consoleLines ? ',' : '') + quote('… ' + consoleDropped + ' more console lines dropped');
    consoleOut = ''; consoleLines = 0; consoleDropped = 0;
    return lines + ']';
  }
  function settle(value) {
    try {
      const text = serialize(value, '', 0, []);
      state = text === undefined ? '{"status":"undefined"' : '{"status":"ok","value":' + text;
    } catch (e) {
      if (e instanceof Refusal) state = '{"status":"refused","path":' + quote(e.path) + ',"reason":' + quote(e.reason);
      else fail(e);
    }
  }
  // What a policy threw is kept so the host can throw it again: the engine then reports the line
  // where the error was really created, which no property of the thrown value can forge.
  let thrown;
  function fail(error) {
    thrown = error;
    let name = 'Error', message;
    const locatable = error !== null && (typeof error === 'object' || typeof error === 'function');
    try {
      if (error !== null && typeof error === 'object') {
        const n = error.name, m = error.message;
        name = typeof n === 'string' ? n : '';
        message = typeof m === 'string' ? m : '';
        if (!name && !message) message = 'threw an object that is not an Error';
      } else {
        message = 'threw a non-Error value: ' + show(error);
      }
    } catch (e) {
      message = 'threw a value that cannot be read';
    }
    state = '{"status":"thrown","name":' + quote(name) + ',"message":' + quote(message) + ',"locatable":' + locatable;
  }

  // Where the chain holds an Auth0 Action, globalThis stays extensible (Node's sloppy CommonJS
  // creates globals by assignment), so its shape is checked before each policy runs and after the
  // evaluation. Globals a policy created are removed: the lockdown made every built-in global
  // permanent, so anything else on globalThis is a policy's. What cannot be undone is reported
  // and the engine retires the context, so no later policy or evaluation sees it: a global
  // defined non-configurable, a replaced prototype (an inherited accessor would catch an Action's
  // sloppy `apiKey = …` or feed it a value), a globalThis made non-extensible (an Action's next
  // sloppy assignment would be lost).
  let builtins, builtinCount = -1, globalProto;
  const isExtensible = Object.isExtensible;
  function sweep() {
    if (builtins === undefined) return ''; // not locked down (only the engine's own tests do that)
    if (getProto(G) !== globalProto) return 'replaced the prototype of globalThis';
    if (!isExtensible(G)) return 'made globalThis non-extensible';
    const keys = ownKeys(G);
    if (keys.length === builtinCount) return '';
    let stuck = '';
    for (let i = 0; i < keys.length; i++) {
      if (!apply(setHas, builtins, [keys[i]]) && !deleteProperty(G, keys[i])) {
        stuck = "defined the global '" + toStr(keys[i]) + "', which cannot be removed: policies may create globals only by assignment";
      }
    }
    return stuck;
  }

  // Math.random draws from a generator the engine reseeds for every policy call: a realm-wide
  // generator would carry its state from one evaluation to the next (how many numbers an earlier
  // call drew), and a frozen Math could not be reseeded. xoshiro128**, 53-bit doubles.
  const imul = Math.imul;
  let r0 = 1, r1 = 2, r2 = 3, r3 = 4;
  function rotl(x, k) { return (x << k) | (x >>> (32 - k)); }
  function next32() {
    const result = imul(rotl(imul(r1, 5), 7), 9) >>> 0;
    const t = r1 << 9;
    r2 ^= r0; r3 ^= r1; r1 ^= r2; r0 ^= r3; r2 ^= t; r3 = rotl(r3, 11);
    return result;
  }
  function reseed(a, b, c, d) {
    r0 = a | 0; r1 = b | 0; r2 = c | 0; r3 = d | 0;
    if ((r0 | r1 | r2 | r3) === 0) r3 = 1;
  }
  const random = { random() { return ((next32() >>> 5) * 67108864 + (next32() >>> 6)) / 9007199254740992; } }.random;
  Object.defineProperty(Math, 'random', { value: random, writable: true, enumerable: false, configurable: true });

  // Replay's watch (watchJson: a JSON list of JSON pointers into the payload, else null): each
  // watched value becomes a getter on this run's fresh copy that notes its pointer when read, so
  // the host learns which policy read a value that was masked when stored. Reported in the
  // outcome as "reads"; without a watch nothing is wrapped and nothing reported.
  const defineProperty = Object.defineProperty;
  const hasOwnProperty = Object.prototype.hasOwnProperty;
  const split = String.prototype.split;
  const replaceAll = String.prototype.replaceAll;
  const indexOf = String.prototype.indexOf;
  let reads = '';
  function watchPayload(ctx, watchJson) {
    const pointers = parse(watchJson);
    for (let i = 0; i < pointers.length; i++) {
      const pointer = pointers[i];
      const parts = apply(split, pointer, ['/']);
      let parent = ctx;
      for (let j = 1; j < parts.length - 1 && parent !== null && typeof parent === 'object'; j++) {
        parent = parent[unescapePointer(parts[j])];
      }
      const key = unescapePointer(parts[parts.length - 1]);
      if (parts.length < 2 || parent === null || typeof parent !== 'object' || !apply(hasOwnProperty, parent, [key])) continue;
      const value = parent[key];
      defineProperty(parent, key, { enumerable: true, configurable: true, get() { noteRead(pointer); return value; } });
    }
    return ctx;
  }
  function unescapePointer(part) {
    return apply(replaceAll, apply(replaceAll, part, ['~1', '/']), ['~0', '~']);
  }
  function noteRead(pointer) {
    const quoted = quote(pointer);
    if (apply(indexOf, reads, [quoted]) < 0) reads = reads === '' ? quoted : reads + ',' + quoted;
  }

  // Helpers (policies/lib/): each policy call instantiates the helpers it imports afresh, each
  // once for that call (a helper two of its imports share is one instance, as in a module graph),
  // and no other call or policy sees those instances: a helper's top-level `let` starts anew every
  // time. Namespaces are frozen, as an ES module namespace is; the code itself is frozen with the
  // realm. Helpers never import each other in a circle (refused at load), so the walk ends.
  const helpers = [];
  function instances() {
    const made = [];
    function instance(i) {
      if (made[i] !== undefined) return made[i];
      const h = helpers[i];
      made[i] = freeze(apply(h.factory, undefined, [namespaces(h.imports)]));
      return made[i];
    }
    function namespaces(indexes) {
      const out = [];
      for (let i = 0; i < indexes.length; i++) out[i] = instance(indexes[i]);
      return freeze(out);
    }
    return { namespaces, instance };
  }

  const policies = [];
  let loaded;
  function call(main, ctx) {
    loaded = true;
    if (typeof main !== 'function') { state = '{"status":"no_default"'; return; }
    const result = apply(main, undefined, [ctx, data]);
    if (result !== null && (typeof result === 'object' || typeof result === 'function') && typeof result.then === 'function') {
      apply(promiseThen, apply(promiseResolve, PromiseCtor, [result]), [settle, fail]);
    } else {
      settle(result);
    }
  }
  function instantiated(main) {
    loaded = true;
    state = typeof main === 'function' ? '{"status":"loaded"' : '{"status":"no_default"';
  }
  function finish() {
    if (state === PENDING) state = loaded ? '{"status":"pending"' : '{"status":"module_pending"';
    const read = reads === '' ? '' : ',"reads":[' + reads + ']';
    reads = '';
    return state + read + ',"console":' + takeConsole() + '}';
  }
  const PENDING = '{"status":"pending"';

  return freeze({
    data,
    deepFreeze, // for the Auth0 adapter, which freezes the event it builds the same way
    // At preparation, once per policy of the chain, in chain order: its compiled factory.
    // imports: the helper index of each of a module's imports, in order; requires: an Action's
    // relative require() names → helper index (JSON).
    install(kind, factory, isAsync, handlerName, adapter, imports, requires) {
      policies[policies.length] = freeze({ kind, factory, isAsync, handlerName, adapter,
        imports: freeze(parse(imports === undefined ? '[]' : imports)), requires: freeze(parse(requires === undefined ? '{}' : requires)) });
    },
    // Before any policy: each helper's factory and the helpers it imports (JSON), in index order.
    installHelper(factory, imports) {
      helpers[helpers.length] = freeze({ factory, imports: freeze(parse(imports)) });
    },
    // Runs policy i on a fresh instance and a fresh copy of the payload: its JSON text, or an object
    // the engine just built from it for this call alone (PayloadShapes.java). Returns the outcome, or
    // null while a promise is pending: the engine runs the queued jobs when this call returns,
    // and the host then asks poll().
    // After a lockdown that left globalThis extensible: what is on it now is the realm's own.
    lockedDown() {
      const keys = ownKeys(G);
      builtins = new SetCtor();
      for (let i = 0; i < keys.length; i++) apply(setAdd, builtins, [keys[i]]);
      builtinCount = keys.length;
      globalProto = getProto(G);
    },
    sweep,
    run(index, payloadJson, scope, seedA, seedB, seedC, seedD, watchJson) {
      state = PENDING; thrown = undefined; loaded = false; reads = '';
      reseed(seedA, seedB, seedC, seedD);
      const changed = sweep();
      if (changed !== '') {
        state = '{"status":"global_changed","change":' + quote(changed);
        return finish();
      }
      const p = policies[index];
      // No payload: only instantiate, to check at load time that the file has what it must export.
      const checkOnly = payloadJson === null;
      try {
        const ctx = checkOnly ? undefined : typeof payloadJson !== 'string' ? payloadJson
          : watchJson == null ? parse(payloadJson) : watchPayload(parse(payloadJson), watchJson);
        const made = instances();
        if (p.kind === 'ACTION') {
          const requires = p.requires;
          const helperRequire = (specifier) => typeof specifier === 'string' && hasOwn(requires, specifier)
            ? made.instance(requires[specifier]) : undefined;
          const handler = p.adapter.load(p.factory, p.handlerName, scope, helperRequire);
          loaded = true;
          if (typeof handler === 'string') state = '{"status":"no_handler","exported":' + quote(handler);
          else if (checkOnly) state = '{"status":"loaded"';
          else call(handler, ctx);
        } else if (p.isAsync) {
          apply(promiseThen, apply(p.factory, undefined, [made.namespaces(p.imports)]), [function (main) {
            try { if (checkOnly) instantiated(main); else call(main, ctx); } catch (e) { fail(e); }
          }, fail]);
        } else {
          const main = apply(p.factory, undefined, [made.namespaces(p.imports)]);
          if (checkOnly) instantiated(main); else call(main, ctx);
        }
      } catch (e) {
        fail(e);
      }
      return state === PENDING ? null : finish();
    },
    poll() {
      return finish();
    },
    rethrow() {
      const error = thrown;
      thrown = undefined;
      throw error;
    },
  });
})
