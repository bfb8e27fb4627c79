// Test-only: the reachability walk of issue 22. Prepended to a test policy, which calls
// walkReport(...) and returns its decision. It is written without the lockdown's help: it takes
// no list of objects to check from lockdown.js, it finds them by following every edge a policy
// can follow (prototypes, property values, accessor functions and what the accessors return).
//
// Two checks, both over the whole graph:
// - frozen: every object reachable from the realm's roots (globalThis and the intrinsics that
//   only syntax reaches) must be frozen; such an object is shared by every evaluation.
// - marks: every object reachable from anything the policy is handed (the payload, data, the
//   Auth0 event and api, each Node module and global) that is not frozen is marked; a later
//   evaluation or a later policy of the chain that finds a mark found state that outlived its
//   owner. Objects made for one evaluation are marked too, harmlessly: nobody else sees them.
const WALK_MARK = '__interlock_walk_mark__';

// The intrinsics only syntax reaches. What syntax makes is new in each evaluation (a function, an
// iterator, an arguments object); what it shares with every other evaluation is its prototype
// chain, so that is where the walk starts. A few are shared values themselves (`shared`).
function walkSyntaxRoots() {
  const roots = [];
  // depth: how many prototypes up the shared part starts (a generator's instances inherit from
  // that generator function's own, fresh `prototype`, and only above it from the shared one).
  const via = (name, make, shared, depth = 1) => {
    let made;
    try { made = make(); } catch (absent) { return; /* not in this engine */ }
    if (shared) { roots.push([name, made]); return; }
    let value = made, path = name;
    for (let i = 0; i < depth; i++) { value = Object.getPrototypeOf(value); path += '.[[Prototype]]'; }
    roots.push([path, value]);
    const own = typeof made === 'function' ? Object.getOwnPropertyDescriptor(made, 'prototype') : undefined;
    if (own !== undefined && own.value !== null && typeof own.value === 'object') {
      roots.push([name + '.prototype.[[Prototype]]', Object.getPrototypeOf(own.value)]);
    }
  };
  via('(function(){})', () => function () {});
  via('(()=>{})', () => () => {});
  via('class{}', () => class {});
  via('function*(){}', () => function* () {});
  via('function*(){}()', () => (function* () {})(), false, 2);
  via('async function(){}', () => async function () {});
  via('async()=>{}', () => async () => {});
  via('async function*(){}', () => async function* () {});
  via('async function*(){}()', () => (async function* () {})(), false, 2);
  via('async function(){}()', () => (async function () {})());
  via('[][@@iterator]()', () => [][Symbol.iterator]());
  via('[].keys()', () => [].keys());
  via('new Map().entries()', () => new Map().entries());
  via('new Set().values()', () => new Set().values());
  via("''[@@iterator]()", () => ''[Symbol.iterator]());
  via('/a/g[@@matchAll]()', () => /a/g[Symbol.matchAll]('a'));
  via('[].values().map()', () => [].values().map((x) => x));
  via('[].values().filter()', () => [].values().filter((x) => x));
  via('[].values().flatMap()', () => [].values().flatMap((x) => [x]));
  via('Iterator.from()', () => Iterator.from({ next() { return { done: true }; } }));
  via('Intl.Segmenter segments', () => new Intl.Segmenter().segment('a b'));
  via('Intl.Segmenter segment iterator', () => new Intl.Segmenter().segment('a b')[Symbol.iterator]());
  via('arguments', function () { return arguments; });
  via('sloppy arguments', Function('return arguments'));
  via('regexp exec result', () => /(?<x>a)/.exec('a'));
  via('regexp groups', () => /(?<x>a)/.exec('a').groups);
  via('Error', () => new Error('x'));
  via('AggregateError', () => new AggregateError([]));
  via('Promise.withResolvers', () => Promise.withResolvers());
  via('Proxy.revocable', () => Proxy.revocable({}, {}));
  via('Object(1n)', () => Object(1n));
  via('Object(Symbol())', () => Object(Symbol('x')));
  via('new Intl.DateTimeFormat()', () => new Intl.DateTimeFormat('en'));
  via('new Intl.NumberFormat()', () => new Intl.NumberFormat('en'));
  via('new Intl.Collator()', () => new Intl.Collator('en'));
  via('new Intl.PluralRules()', () => new Intl.PluralRules('en'));
  via('new Intl.RelativeTimeFormat()', () => new Intl.RelativeTimeFormat('en'));
  via('new Intl.ListFormat()', () => new Intl.ListFormat('en'));
  via('new Intl.DisplayNames()', () => new Intl.DisplayNames(['en'], { type: 'region' }));
  via('new Intl.Locale()', () => new Intl.Locale('en'));
  via('new DataView()', () => new DataView(new ArrayBuffer(1)));
  via('new WeakMap()', () => new WeakMap());
  via('new Date()', () => new Date(0));
  // the same object in every evaluation: a call site's template object, and these intrinsics
  via('tagged template', () => ((s) => s)`a${1}b`, true);
  via('Array.prototype[@@unscopables]', () => Array.prototype[Symbol.unscopables], true);
  via('%ThrowTypeError%', () => Object.getOwnPropertyDescriptor(Function('"use strict"; return arguments')(), 'callee').get, true);
  return roots;
}

// Every object reachable from roots ([path, value] pairs): a Map from object to the first path.
function walkGraph(roots) {
  const seen = new Map();
  const queue = [];
  const add = (path, value) => {
    if (value === null || (typeof value !== 'object' && typeof value !== 'function') || seen.has(value)) return;
    seen.set(value, path);
    queue.push([path, value]);
  };
  for (const [path, value] of roots) add(path, value);
  for (let i = 0; i < queue.length; i++) {
    const [path, object] = queue[i];
    try { add(path + '.[[Prototype]]', Reflect.getPrototypeOf(object)); } catch (e) { /* a revoked proxy */ }
    let keys = [];
    try { keys = Reflect.ownKeys(object); } catch (e) { /* a revoked proxy */ }
    for (const key of keys) {
      if (key === WALK_MARK) continue;
      const name = path + (typeof key === 'symbol' ? '[' + String(key.description) + ']' : '.' + key);
      let d;
      try { d = Reflect.getOwnPropertyDescriptor(object, key); } catch (e) { continue; }
      if (d === undefined) continue;
      if ('value' in d) { add(name, d.value); continue; }
      add(name + '<get>', d.get);
      add(name + '<set>', d.set);
      if (d.get !== undefined) {
        try { add(name, Reflect.apply(d.get, object, [])); } catch (e) { /* a getter for instances only */ }
      }
    }
  }
  return seen;
}

function walkIsMarked(object) {
  try {
    if (Reflect.getOwnPropertyDescriptor(object, WALK_MARK) !== undefined) return true;
    for (const key of Reflect.ownKeys(object)) {
      const d = Reflect.getOwnPropertyDescriptor(object, key);
      if (d !== undefined && d.value === WALK_MARK) return true;
    }
  } catch (e) { /* a revoked proxy */ }
  return false;
}

// Leaves a mark an unfrozen object keeps: a new property, or else a writable or configurable one rewritten.
function walkMark(object) {
  try {
    if (Reflect.defineProperty(object, WALK_MARK, { value: 1, configurable: true, enumerable: false })) return;
    for (const key of Reflect.ownKeys(object)) {
      const d = Reflect.getOwnPropertyDescriptor(object, key);
      if (d !== undefined && (d.configurable || d.writable) && Reflect.defineProperty(object, key, { value: WALK_MARK })) return;
    }
  } catch (e) { /* a proxy that refuses */ }
}

// { unfrozen: paths of realm objects not frozen, marked: paths of objects an earlier owner marked, walked: count }
function walkReport(handed, { markAfter = true, exempt = [] } = {}) {
  const realm = walkGraph([['globalThis', globalThis], ...walkSyntaxRoots()]);
  const unfrozen = [];
  for (const [object, path] of realm) {
    if (!Object.isFrozen(object) && !exempt.includes(object)) unfrozen.push(path);
  }
  const all = walkGraph([['globalThis', globalThis], ...walkSyntaxRoots(), ...handed]);
  const marked = [];
  for (const [object, path] of all) if (walkIsMarked(object)) marked.push(path);
  if (markAfter) for (const [object] of all) if (!Object.isFrozen(object)) walkMark(object);
  return { unfrozen, marked, walked: all.size };
}

function walkPrint(report) {
  console.log('walked ' + report.walked + ', unfrozen ' + report.unfrozen.length + ', marked ' + report.marked.length);
  for (const path of report.unfrozen.slice(0, 200)) console.log('unfrozen: ' + path);
  for (const path of report.marked.slice(0, 200)) console.log('marked: ' + path);
}

// A vandal: every mutation it can try on everything it reaches, each leaving the walk's mark
// where it succeeds (a new property, a rewritten or redefined one), plus deleting properties,
// replacing prototypes and preventing extensions. globalThis's own shape is left alone where
// sparing it is asked (in an Action's chain, changing it fails the chain by design).
function vandalize(handed, { spareGlobal = false } = {}) {
  const all = walkGraph([['globalThis', globalThis], ...walkSyntaxRoots(), ...handed]);
  let succeeded = 0;
  const attempt = (action) => { try { if (action() !== false) succeeded++; } catch (refused) { /* frozen */ } };
  for (const [object] of all) {
    attempt(() => Reflect.defineProperty(object, WALK_MARK, { value: WALK_MARK, configurable: true }));
    let keys = [];
    try { keys = Reflect.ownKeys(object); } catch (e) { /* a revoked proxy */ }
    for (const key of keys) {
      attempt(() => Reflect.set(object, key, WALK_MARK));
      attempt(() => Reflect.defineProperty(object, key, { value: WALK_MARK }));
      attempt(() => Reflect.deleteProperty(object, key));
    }
    if (spareGlobal && object === globalThis) continue;
    attempt(() => Reflect.setPrototypeOf(object, { [WALK_MARK]: WALK_MARK }));
    attempt(() => Reflect.preventExtensions(object));
  }
  return succeeded;
}
