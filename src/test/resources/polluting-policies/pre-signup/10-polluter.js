// Tries every way a request could leave something behind for the next one, then reports
// whether it found anything left by an earlier request. Every answer must be ALLOW.
let calls = 0; // module scope: must start at 0 in every evaluation
export default function (ctx, data) {
  calls += 1;
  const leaks = [];
  if (calls !== 1) leaks.push('module state ' + calls);
  if (globalThis.__seen !== undefined) leaks.push('global ' + globalThis.__seen);
  if (Object.prototype.evil !== undefined) leaks.push('Object.prototype');
  if ([].polluted !== undefined) leaks.push('Array.prototype');
  if (JSON.parse('{"a":1}').a !== 1) leaks.push('JSON.parse');
  if (String(data.marker) !== 'undefined') leaks.push('data ' + data.marker);
  globalThis.__seen = ctx.interceptor_context.user_email;
  Object.prototype.evil = 1;
  Array.prototype.polluted = true;
  JSON.parse = () => ({ a: 2 });
  try { data.marker = 'x'; } catch (frozen) { /* data is frozen: expected */ }
  return leaks.length
    ? { decision: 'DENY', error: { message: 'leak: ' + leaks.join(', ') } }
    : { decision: 'ALLOW' };
}
