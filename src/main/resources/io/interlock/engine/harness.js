// Interlock guest harness. Evaluated first in every fresh context, before any policy code,
// so it captures the intrinsics it relies on while they are still pristine. A policy may
// later pollute prototypes; the harness never looks anything up through them:
// - results are serialised by hand into a string (no JSON.stringify of objects, which
//   would consult toJSON; no array methods, which could be replaced);
// - only own data properties are read (accessors are refused, never invoked), so a getter
//   or an inherited property can't make `{}` read as a decision;
// - the host receives one JSON text per policy and parses it itself.
// Shape: (dataJson, limits) => { data, deepFreeze, run(fn, payloadJson), poll() }.
(function (dataJson, maxConsoleLines, maxConsoleLineLength) {
  'use strict';
  const G = globalThis;
  const parse = JSON.parse;
  const quote = JSON.stringify; // only ever called on primitives: no toJSON lookup
  const freeze = Object.freeze;
  const getProto = Object.getPrototypeOf;
  const describe = Object.getOwnPropertyDescriptor;
  const ownKeys = Reflect.ownKeys;
  const apply = Reflect.apply;
  const isArray = Array.isArray;
  const isFinite = Number.isFinite;
  const ObjectProto = Object.prototype;
  const ArrayProto = Array.prototype;
  const promiseResolve = Promise.resolve;
  const promiseThen = Promise.prototype.then;
  const PromiseCtor = Promise;
  const toStr = String;
  const MAX_DEPTH = 32;

  // Names the sandbox must not expose even as inert objects.
  for (const name of ['Java', 'Polyglot', 'Graal', 'load', 'loadWithNewGlobal', 'print', 'printErr', 'quit', 'read', 'readbuffer', 'readline', 'performance', 'Packages', 'java', 'javax', 'com', 'org', 'edu', 'net']) {
    delete G[name];
  }

  function deepFreeze(value) {
    if (value !== null && typeof value === 'object') {
      const keys = ownKeys(value);
      for (let i = 0; i < keys.length; i++) deepFreeze(value[keys[i]]);
      freeze(value);
    }
    return value;
  }
  const data = deepFreeze(parse(dataJson));

  // console: bounded, captured per policy, never reaches the host's stdout.
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
    if (line.length > maxConsoleLineLength) line = line.substring(0, maxConsoleLineLength) + '…';
    consoleOut += (consoleLines ? ',' : '') + quote(line);
    consoleLines++;
  }
  const console = {};
  for (const level of ['log', 'info', 'warn', 'error', 'debug', 'trace']) {
    console[level] = function () { record(level, arguments); };
  }
  Object.defineProperty(G, 'console', { value: freeze(console), writable: false, configurable: false, enumerable: false });

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
  function fail(error) {
    let name = 'Error', message, stack = '';
    try {
      if (error !== null && typeof error === 'object') {
        const n = error.name, m = error.message;
        name = typeof n === 'string' ? n : '';
        message = typeof m === 'string' ? m : '';
        if (!name && !message) message = 'threw an object that is not an Error';
        stack = typeof error.stack === 'string' ? error.stack : '';
      } else {
        message = 'threw a non-Error value: ' + show(error);
      }
    } catch (e) {
      message = 'threw a value that cannot be read';
    }
    state = '{"status":"thrown","name":' + quote(name) + ',"message":' + quote(message) + ',"stack":' + quote(stack);
  }

  return freeze({
    data,
    deepFreeze, // for the Auth0 adapter, which freezes the event it builds the same way
    run(fn, payloadJson) {
      state = '{"status":"pending"';
      if (typeof fn !== 'function') { state = '{"status":"no_default"'; return; }
      try {
        const result = apply(fn, undefined, [parse(payloadJson), data]);
        if (result !== null && (typeof result === 'object' || typeof result === 'function') && typeof result.then === 'function') {
          apply(promiseThen, apply(promiseResolve, PromiseCtor, [result]), [settle, fail]);
        } else {
          settle(result);
        }
      } catch (e) {
        fail(e);
      }
    },
    poll() {
      return state + ',"console":' + takeConsole() + '}';
    },
  });
})
