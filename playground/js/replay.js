// Replay panel of the Playground view: the open draft (or the loaded chain) run against the last N
// real calls of its trigger, kept by the decision log with their payloads (POST v1/evaluate/replay,
// behind the admin guard, on the dry-run workers; nothing it runs is recorded). Shows the summary
// `interlock replay` prints, and opens any changed call beside its original.
import { $, el } from './dom.js';

import { api, HttpError } from './api.js';



const KINDS = [
  ['allow_to_deny', 'ALLOW → DENY'],
  ['deny_to_allow', 'DENY → ALLOW'],
  ['answer_changed', 'claims, membership or message changed'],
  ['new_failure', 'new failure'],
];
const kindLabel = (wire) => (KINDS.find(([k]) => k === wire) || [wire, wire])[1];
const pretty = (value) => (value === undefined || value === null ? '(none)' : JSON.stringify(value, null, 2));

/**
 * {@code getRun()} gives what Run would send: {trigger, policies (undefined: the loaded chain), note}.
 */
export function createReplay({ getRun }) {
  const button = $('replay-button');
  const count = $('replay-count');
  const status = $('replay-status');
  const summary = $('replay-summary');
  const changes = $('replay-changes');
  const compare = $('replay-compare');
  let last = null;

  async function replay() {
    const { trigger, policies, note } = getRun();
    const limit = Number(count.value);
    if (!Number.isInteger(limit) || limit < 1 || limit > 200) {
      status.textContent = 'Replay from 1 to 200 calls.';
      count.focus();
      return;
    }
    const body = { trigger, limit };
    if (policies) body.policies = policies;
    button.disabled = true;
    status.textContent = `Replaying ${note} against the last ${limit} real ${trigger} calls…`;
    summary.replaceChildren();
    changes.replaceChildren();
    compare.hidden = true;
    try {
      last = await api('v1/evaluate/replay', { method: 'POST', body });
      status.textContent = `${note}, replayed against real ${trigger} calls.`;
      render(last);
    } catch (e) {
      last = null;
      const message = e instanceof HttpError ? e.message : String(e && e.message ? e.message : e);
      status.textContent = `Replay failed: ${message}`;
    } finally {
      button.disabled = false;
    }
  }

  function render(report) {
    const lines = [
      el('p', { id: 'replay-counts', 'data-testid': 'replay-counts' },
        el('strong', { text: `${report.changed} of ${report.replayed}` }), ' replayed calls would change.'),
    ];
    if (report.replayed === 0) {
      lines.push(el('p', { class: 'hint', text: report.payloads_kept
        ? 'No real call of this trigger was kept with its payload yet.'
        : 'The service keeps no payloads (INTERLOCK_LOG_PAYLOADS=false), so there is nothing to replay.' }));
    }
    const kinds = el('ul', { class: 'replay-kinds', id: 'replay-kinds', 'data-testid': 'replay-kinds' });
    for (const [wire, label] of KINDS) {
      kinds.append(el('li', { 'data-kind': wire }, `${label}: `, el('strong', { text: String(report.by_kind[wire] || 0) })));
    }
    lines.push(kinds);
    const policies = Object.entries(report.by_policy || {});
    if (policies.length) {
      lines.push(el('p', { id: 'replay-policies', 'data-testid': 'replay-policies' }, 'Changed by: ',
        policies.map(([p, ks]) => `${p} (${Object.values(ks).reduce((a, b) => a + b, 0)})`).join(', ')));
    }
    lines.push(el('p', { id: 'replay-uncertain', 'data-testid': 'replay-uncertain', class: report.uncertain ? 'field-warning' : 'hint' },
      report.uncertain
        ? `${report.uncertain} uncertain: ${Object.entries(report.uncertain_reasons).map(([why, n]) => `${n} × ${why}`).join('; ')}`
        : 'No replay is uncertain: every one saw what its original call saw.'));
    if (report.without_payload) {
      lines.push(el('p', { class: 'hint', text: `${report.without_payload} calls without a payload were not replayed.` }));
    }
    summary.replaceChildren(...lines);
    changes.replaceChildren(...report.changes.map((c, i) => el('li', {},
      el('button', {
        type: 'button', class: 'btn btn-quiet btn-small replay-change', 'data-testid': 'replay-change', 'data-id': c.id,
        onclick: () => open(i),
      }, el('code', { text: c.id }), ` ${kindLabel(c.kind)} · ${c.policy}${c.uncertain.length ? ' · uncertain' : ''}`))));
  }

  /** The changed call beside its original: both answers, the differing fields, the stored event and the replay's trace. */
  function open(i) {
    const c = last.changes[i];
    $('replay-compare-title').textContent = `${c.id}: ${kindLabel(c.kind)} (by ${c.policy})`;
    $('replay-differences').replaceChildren(...c.differences.map((d) => el('li', {},
      el('code', { text: d.field }), `: ${JSON.stringify(d.before ?? null)} → ${JSON.stringify(d.after ?? null)}`)));
    $('replay-original').textContent = pretty(c.original_answer ?? { decision: c.original.decision });
    $('replay-original-event').textContent = pretty(c.original);
    $('replay-replayed').textContent = pretty(c.replayed.result);
    $('replay-replayed-trace').textContent = pretty({ failure: c.replayed.failure, trace: c.replayed.trace });
    $('replay-doubts').textContent = c.uncertain.length ? `Uncertain: ${c.uncertain.join('; ')}` : '';
    $('replay-doubts').hidden = c.uncertain.length === 0;
    compare.hidden = false;
    compare.scrollIntoView({ block: 'nearest' });
  }

  button.addEventListener('click', replay);
  return { replay, get report() { return last; }, open };
}
