// Tries every way a request could leave something behind for the next one, then reports
// whether it found anything left by an earlier request. Every answer must be ALLOW. Under the
// lockdown most writes throw (built-ins are frozen); each is tried on its own so one refusal
// does not skip the others.
let calls = 0; // module scope: must start at 0 in every evaluation
function attempt(write) {
  try { write(); } catch (refused) { /* frozen: expected */ }
}
export default function (ctx, data) {
  calls += 1;
  const leaks = [];
  if (calls !== 1) leaks.push('module state ' + calls);
  if (globalThis.__seen !== undefined) leaks.push('global ' + globalThis.__seen);
  if (Object.prototype.evil !== undefined) leaks.push('Object.prototype');
  if ([].polluted !== undefined) leaks.push('Array.prototype');
  if (JSON.parse('{"a":1}').a !== 1) leaks.push('JSON.parse');
  if (String(data.marker) !== 'undefined') leaks.push('data ' + data.marker);
  attempt(() => { globalThis.__seen = ctx.interceptor_context.user_email; });
  attempt(() => { Object.prototype.evil = 1; });
  attempt(() => { Array.prototype.polluted = true; });
  attempt(() => { JSON.parse = () => ({ a: 2 }); });
  attempt(() => { data.marker = 'x'; });
  return leaks.length
    ? { decision: 'DENY', error: { message: 'leak: ' + leaks.join(', ') } }
    : { decision: 'ALLOW' };
}
