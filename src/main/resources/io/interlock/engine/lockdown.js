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
//    (o.toString = …, this.name = … in an Error subclass, Object.assign({}, {constructor: 1}),
//    Buffer.prototype.toString = … over Uint8Array's) become accessors whose setter defines an
//    own property on the receiver, so freezing the prototypes does not break that code ("the
//    override mistake");
// 3. Error.stackTraceLimit and Error.prepareStackTrace accept writes and ignore them;
// 4. everything reachable from globalThis, and the intrinsics reachable only through syntax
//    (iterator, generator and async function prototypes, iterator helpers, segments) is frozen,
//    globalThis included (a policy that writes a global gets a TypeError). Where the chain holds
//    an Auth0 Action, globalThis's own properties are made read-only and permanent but it stays
//    extensible: Node's sloppy CommonJS (`for (i = 0; …)`) creates globals by assignment, and the
//    harness deletes whatever a policy added before anything else runs.
// It is an expression, so evaluating it declares nothing in the realm.
(function (extensibleGlobal) {
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
  const arrayIncludes = Array.prototype.includes;

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

  // What the freeze (step 4) still has to visit. Taming puts here every value it hides behind an
  // accessor: the freeze walk would otherwise reach the accessor and never the value it returns,
  // and the original functions (Object.prototype.toString, every typed array method…) would stay
  // mutable, shared by every evaluation.
  const pending = [G];

  // 2. Override taming.
  // Accessors are methods, not function expressions: a method has no `prototype` object, which
  // the freeze below would otherwise find and tame in turn, without end.
  function tame(object, key) {
    const d = describe(object, key);
    if (d === undefined || !('value' in d) || !d.configurable) return;
    const value = d.value;
    pending[pending.length] = value;
    const accessors = {
      get() { return value; },
      set(replacement) {
        if (this === object) {
          throw new TypeErrorCtor("Cannot assign to read only property '" + toStr(key) + "' of a shared built-in object");
        }
        if (hasOwn(this, key)) this[key] = replacement;
        else defineProperty(this, key, { value: replacement, writable: true, enumerable: true, configurable: true });
      },
    };
    defineProperty(object, key, { get: accessors.get, set: accessors.set, enumerable: d.enumerable, configurable: false });
  }
  function tameAll(object, keys) {
    for (let i = 0; i < keys.length; i++) tame(object, keys[i]);
  }
  // Wholly, where ordinary code assigns any inherited name on its own objects, as Hardened
  // JavaScript's "moderate" taming does: Object.prototype (objects used as records), Array.prototype
  // (an observable array's own push, an array's own iterator), Iterator.prototype and the generator
  // and async iterator prototypes (hand-made iterators, a generator object's own next), and the
  // typed arrays' (Buffer and other byte libraries subclass Uint8Array and assign their own
  // includes, slice, toString… on the subclass's prototype). On every other prototype (an object
  // whose own `constructor` is a function), only the names ordinary code gives its own objects
  // and classes (OVERRIDDEN below): a tamed property is read through a getter, which costs on a
  // hot path (bench/engine measures it).
  function tameWholly(object) {
    const keys = ownKeys(object);
    for (let i = 0; i < keys.length; i++) if (keys[i] !== '__proto__') tame(object, keys[i]);
  }
  const ObjectProto = Object.prototype;
  const GeneratorProto = getPrototypeOf(function* () {}).prototype;
  const AsyncGeneratorProto = getPrototypeOf(async function* () {}).prototype;
  const wholly = [ObjectProto, Array.prototype, getPrototypeOf(Uint8Array.prototype), getPrototypeOf(GeneratorProto),
    GeneratorProto, getPrototypeOf(AsyncGeneratorProto), AsyncGeneratorProto];
  for (let i = 0; i < wholly.length; i++) tameWholly(wholly[i]);
  const OVERRIDDEN = ['constructor', 'toString', 'toLocaleString', 'valueOf', 'toJSON', 'name', 'message', 'bind'];
  function isPrototype(object) {
    const d = describe(object, 'constructor');
    return d !== undefined && typeof d.value === 'function';
  }

  // 3. Error's V8-style knobs: writable by code written for Node, ignored here.
  for (const [key, shown] of [['stackTraceLimit', 10], ['prepareStackTrace', undefined]]) {
    const ignored = { get() { return shown; }, set(discarded) {} };
    defineProperty(Error, key, { get: ignored.get, set: ignored.set, enumerable: false, configurable: false });
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
  function via(make) {
    try {
      const value = make();
      if (value !== null && value !== undefined) pending[pending.length] = value;
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
  while (pending.length > 0) {
    const value = pending[pending.length - 1];
    pending.length = pending.length - 1;
    if (value === null || (typeof value !== 'object' && typeof value !== 'function')) continue;
    if (apply(setHas, seen, [value])) continue;
    apply(setAdd, seen, [value]);
    if (value === G && extensibleGlobal) lockProperties(G);
    else {
      if (value !== G && isPrototype(value) && !apply(arrayIncludes, wholly, [value])) tameAll(value, OVERRIDDEN);
      freeze(value);
    }
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
