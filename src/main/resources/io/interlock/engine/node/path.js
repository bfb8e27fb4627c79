// Node's path module for Auth0 Actions and the packages they require: the POSIX functions (no
// file system is touched; resolve() starts from '/', the sandbox's working directory).
// path.win32 is the same object, as Windows paths have no meaning here. Instantiated afresh per evaluation.
'use strict';

function check(path, name) {
  if (typeof path !== 'string') throw new TypeError('The "' + (name || 'path') + '" argument must be of type string. Received ' + typeof path);
}

function normalizeSegments(path, allowAboveRoot) {
  const out = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (allowAboveRoot) out.push('..');
    } else {
      out.push(part);
    }
  }
  return out.join('/');
}

function normalize(path) {
  check(path);
  if (path === '') return '.';
  const absolute = path[0] === '/';
  const trailing = path[path.length - 1] === '/';
  let out = normalizeSegments(path, !absolute);
  if (out === '' && !absolute) out = '.';
  if (out !== '' && trailing) out += '/';
  return absolute ? '/' + out : out;
}

function join(...parts) {
  for (const p of parts) check(p);
  const joined = parts.filter((p) => p !== '').join('/');
  return joined === '' ? '.' : normalize(joined);
}

function resolve(...parts) {
  let resolved = '';
  let absolute = false;
  for (let i = parts.length - 1; i >= -1 && !absolute; i--) {
    const part = i >= 0 ? parts[i] : '/';
    check(part);
    if (part === '') continue;
    resolved = part + '/' + resolved;
    absolute = part[0] === '/';
  }
  const out = normalizeSegments(resolved, !absolute);
  return absolute ? '/' + out : out.length > 0 ? out : '.';
}

function isAbsolute(path) { check(path); return path.length > 0 && path[0] === '/'; }

function relative(from, to) {
  check(from, 'from'); check(to, 'to');
  const a = resolve(from).split('/').filter(Boolean);
  const b = resolve(to).split('/').filter(Boolean);
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return a.slice(i).map(() => '..').concat(b.slice(i)).join('/');
}

function dirname(path) {
  check(path);
  if (path === '') return '.';
  const trimmed = path.length > 1 ? path.replace(/\/+$/, '') : path;
  const at = trimmed.lastIndexOf('/');
  if (at < 0) return '.';
  if (at === 0) return '/';
  return trimmed.slice(0, at).replace(/\/+$/, '') || '/';
}

function basename(path, ext) {
  check(path);
  if (ext !== undefined) check(ext, 'ext');
  const trimmed = path.replace(/\/+$/, '');
  let base = trimmed.slice(trimmed.lastIndexOf('/') + 1);
  if (ext !== undefined && base.endsWith(ext) && base !== ext) base = base.slice(0, base.length - ext.length);
  return base;
}

function extname(path) {
  check(path);
  const base = basename(path);
  const dot = base.lastIndexOf('.');
  return dot <= 0 ? '' : base.slice(dot);
}

function parse(path) {
  check(path);
  const root = path[0] === '/' ? '/' : '';
  const base = basename(path);
  const ext = extname(path);
  let dir = dirname(path);
  if (dir === '.' && !path.includes('/')) dir = '';
  return { root, dir, base, ext, name: ext ? base.slice(0, base.length - ext.length) : base };
}

function format(object) {
  if (object === null || typeof object !== 'object') throw new TypeError('The "pathObject" argument must be of type object');
  const dir = object.dir || object.root || '';
  const base = object.base || (object.name || '') + (object.ext ? (object.ext[0] === '.' ? '' : '.') + object.ext : '');
  if (!dir) return base;
  return dir === object.root ? dir + base : dir + '/' + base;
}

const posix = {
  sep: '/', delimiter: ':', normalize, join, resolve, isAbsolute, relative, dirname, basename, extname, parse, format,
  toNamespacedPath: (p) => p,
};
posix.posix = posix;
posix.win32 = posix;
module.exports = posix;
