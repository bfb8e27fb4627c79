// Interlock's lockdown, in the spirit of Hardened JavaScript's lockdown(). Evaluated once per
// prepared context, after the harness and the Auth0 adapter have captured what they use and
// before any policy code runs. Afterwards nothing in the realm that outlives an evaluation can be
// changed by one, so a context can serve evaluation after evaluation without one request seeing
// another's traces:
// 1. what carries state or schedules work across evaluations is removed: WeakRef and
//    FinalizationRegistry (callbacks run during later evaluations), SharedArrayBuffer and
//    Atomics, the RegExp legacy statics (RegExp.$1, input, lastMatch…: the previous match),
//    GraalJS's shell functions;
// 2. override taming: the inherited data properties ordinary code assigns to on its own objects
//    (o.toString = …, this.name = … in an Error subclass, Object.assign({}, {constructor: 1}))
//    become accessors whose setter defines an own property on the receiver, so freezing the
//    prototypes does not break that code ("the override mistake");
// 3. Error.stackTraceLimit and Error.prepareStackTrace accept writes and ignore them;
// 4. everything reachable from globalThis, and the intrinsics reachable only through syntax
//    (iterator, generator and async function prototypes, iterator helpers, segments) is frozen.
//    globalThis's own properties are made read-only and permanent, but globalThis stays
//    extensible: Node's sloppy CommonJS (an Auth0 Action's `for (i = 0; …)`) creates globals by
//    assignment, and the harness deletes whatever a policy added before anything else runs.
// It is an expression, so evaluating it declares nothing in the realm.
(function () {
  'use strict';
  const G = globalThis;
  const freeze = Object.freeze;
  const getPrototypeOf = Object.getPrototypeOf;
  const describe = Object.getOwnPropertyDescriptor;
  const defineProperty = Object.defineProperty;
  const hasOwn = Object.hasOwn;
  const ownKeys = Reflect.ownKeys;
  const apply = Reflect.apply;
  const SetCtor = Set;
  const setHas = Set.prototype.has;
  const setAdd = Set.prototype.add;
  const TypeErrorCtor = TypeError;
  const toStr = String;

  // 1. Remove.
  const REMOVED = ['WeakRef', 'FinalizationRegistry', 'SharedArrayBuffer', 'Atomics',
    'Java', 'Polyglot', 'Graal', 'load', 'loadWithNewGlobal', 'print', 'printErr', 'quit', 'read', 'readbuffer',
    'readline', 'performance', 'Packages', 'java', 'javax', 'com', 'org', 'edu', 'net', 'arguments'];
  for (let i = 0; i < REMOVED.length; i++) delete G[REMOVED[i]];
  const REGEXP_STATICS = ['input', '$_', 'lastMatch', '$&', 'lastParen', '$+', 'leftContext', '$`', 'rightContext', "$'",
    '$1', '$2', '$3', '$4', '$5', '$6', '$7', '$8', '$9'];
  for (let i = 0; i < REGEXP_STATICS.length; i++) {
    if (!delete RegExp[REGEXP_STATICS[i]]) throw new TypeErrorCtor('lockdown: cannot remove RegExp.' + REGEXP_STATICS[i]);
  }

  // 2. Override taming.
  function tame(object, key) {
    const d = describe(object, key);
    if (d === undefined || !('value' in d) || !d.configurable) return;
    const value = d.value;
    defineProperty(object, key, {
      get: function () { return value; },
      set: function (replacement) {
        if (this === object) {
          throw new TypeErrorCtor("Cannot assign to read only property '" + toStr(key) + "' of a shared built-in object");
        }
        if (hasOwn(this, key)) this[key] = replacement;
        else defineProperty(this, key, { value: replacement, writable: true, enumerable: true, configurable: true });
      },
      enumerable: d.enumerable,
      configurable: false,
    });
  }
  function tameAll(object, keys) {
    for (let i = 0; i < keys.length; i++) tame(object, keys[i]);
  }
  const ObjectProto = Object.prototype;
  const objectKeys = ownKeys(ObjectProto);
  for (let i = 0; i < objectKeys.length; i++) if (objectKeys[i] !== '__proto__') tame(ObjectProto, objectKeys[i]);
  // Only what ordinary code overrides on its own objects: a tamed method is read through a getter,
  // so hot methods (push, includes, then…) stay plain data properties.
  tameAll(Function.prototype, ['constructor', 'toString']);
  tameAll(Array.prototype, ['constructor', 'toString', 'toLocaleString']);
  tameAll(Promise.prototype, ['constructor']);
  tameAll(Date.prototype, ['constructor', 'toString', 'toJSON', 'valueOf']);
  tameAll(RegExp.prototype, ['constructor', 'toString']);
  tameAll(Map.prototype, ['constructor']);
  tameAll(Set.prototype, ['constructor']);
  tameAll(Symbol.prototype, ['constructor', 'toString']);
  const ERRORS = [Error, EvalError, RangeError, ReferenceError, SyntaxError, TypeError, URIError, AggregateError];
  for (let i = 0; i < ERRORS.length; i++) tameAll(ERRORS[i].prototype, ['constructor', 'name', 'message', 'toString']);

  // 3. Error's V8-style knobs: writable by code written for Node, ignored here.
  for (const [key, shown] of [['stackTraceLimit', 10], ['prepareStackTrace', undefined]]) {
    defineProperty(Error, key, { get: function () { return shown; }, set: function () {}, enumerable: false, configurable: false });
  }

  // 4. Freeze.
  function lockProperties(object) {
    const keys = ownKeys(object);
    for (let i = 0; i < keys.length; i++) {
      const d = describe(object, keys[i]);
      const locked = 'value' in d ? { writable: false, configurable: false } : { configurable: false };
      defineProperty(object, keys[i], locked);
    }
  }
  const roots = [G];
  function via(make) {
    try {
      const value = make();
      if (value !== null && value !== undefined) roots[roots.length] = value;
    } catch (absent) {
      // This GraalJS has no such feature: nothing to freeze.
    }
  }
  via(() => getPrototypeOf(function* () {}));
  via(() => getPrototypeOf((function* () {})()));
  via(() => getPrototypeOf(async function () {}));
  via(() => getPrototypeOf(async function* () {}));
  via(() => getPrototypeOf((async function* () {})()));
  via(() => getPrototypeOf([][Symbol.iterator]()));
  via(() => getPrototypeOf(new Map()[Symbol.iterator]()));
  via(() => getPrototypeOf(new Set()[Symbol.iterator]()));
  via(() => getPrototypeOf(''[Symbol.iterator]()));
  via(() => getPrototypeOf(/a/[Symbol.matchAll]('')));
  via(() => getPrototypeOf([].values().map((x) => x)));
  via(() => getPrototypeOf(Iterator.from({ next() { return { done: true }; } })));
  via(() => getPrototypeOf(new Intl.Segmenter().segment('')));
  via(() => getPrototypeOf(new Intl.Segmenter().segment('')[Symbol.iterator]()));
  via(() => getPrototypeOf(async function () {}.prototype));

  const seen = new SetCtor();
  const pending = roots;
  while (pending.length > 0) {
    const value = pending[pending.length - 1];
    pending.length = pending.length - 1;
    if (value === null || (typeof value !== 'object' && typeof value !== 'function')) continue;
    if (apply(setHas, seen, [value])) continue;
    apply(setAdd, seen, [value]);
    if (value === G) lockProperties(G);
    else freeze(value);
    pending[pending.length] = getPrototypeOf(value);
    const keys = ownKeys(value);
    for (let i = 0; i < keys.length; i++) {
      const d = describe(value, keys[i]);
      if (d === undefined) continue;
      if ('value' in d) pending[pending.length] = d.value;
      else {
        pending[pending.length] = d.get;
        pending[pending.length] = d.set;
      }
    }
  }
  return seen.size;
})
