// What a package gets when it requires a Node module Interlock's sandbox has no place for (http,
// fs, net, zlib, …): a module that loads, so a package that only requires it at the top (to use it
// in a code path the Action never takes) still works, and whose every member fails when used,
// naming the module, the package and why, with a note in the trace even if the package catches it.
// The resolver names the module and the requiring package in this module's id:
// node:unavailable/<module>/<package>. Instantiated afresh per evaluation, like every built-in.
'use strict';
const note = require('interlock:note');

const parts = __filename.slice('node:unavailable/'.length).split('/');
const name = parts[0];
const pkg = parts.slice(1).join('/');
const WHY = {
  fs: 'a policy cannot read or write files', child_process: 'a policy cannot start processes',
  worker_threads: 'a policy cannot start threads', cluster: 'a policy cannot start processes',
};
const why = WHY[name] || (['http', 'https', 'http2', 'net', 'tls', 'dgram', 'dns'].includes(name)
  ? 'a policy cannot open connections itself; calls go out only through fetch() to the hosts in INTERLOCK_FETCH_ALLOW'
  : 'Interlock\'s sandbox has no ' + name + ' module');

function fail(member) {
  const message = "the package '" + pkg + "' used " + name + '.' + member + ', which cannot work in Interlock\'s sandbox: ' + why;
  note(message);
  const error = new Error(message);
  error.code = 'ERR_INTERLOCK_UNAVAILABLE';
  return error;
}

function member(key) {
  // A class a package extends at its top level (class A extends https.Agent) must exist; using it fails.
  const f = function () { throw fail(key + (new.target ? ' (new)' : '()')); };
  Object.defineProperty(f, 'name', { value: key });
  return f;
}

const members = Object.create(null);
module.exports = new Proxy(Object.create(null), {
  get(target, key) {
    if (typeof key === 'symbol' || key === '__esModule' || key === 'then' || key === 'default') return undefined;
    if (!(key in members)) members[key] = member(key);
    return members[key];
  },
  has() { return true; },
  set() { throw fail('(assignment)'); },
});
