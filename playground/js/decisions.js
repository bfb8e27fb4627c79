// The Decisions view: charts of the decision log, the log itself with filters, a search,
// auto-refresh and "load more", and the whole event.
import { $, el, pad } from './dom.js';

import { api } from './api.js';
import { TRIGGERS, triggerById } from './triggers.js';
import { createStats, SHORT_TRIGGER } from './stats.js';

const REFRESH_MS = 5000;
/** The charts' aggregates are re-read at most this often while auto-refresh finds new decisions. */
const STATS_REFRESH_MS = 15000;
const SOURCE_LABEL = { intercept: 'interceptor', evaluate: 'dry run' };
export const MASKED_NOTE = 'Its payload was masked when it was logged (INTERLOCK_LOG_PII): personal data in it '
  + 'was replaced, so a replay runs on different data and may not give the same decision.';



const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Always with its date ("Dec 7 17:40:46"), and the year when it is not this one; the whole time on hover. */
function formatTime(iso) {
  const d = new Date(iso);
  if (isNaN(d)) return String(iso ?? '');
  const time = `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  const year = d.getFullYear() === new Date().getFullYear() ? '' : ` ${d.getFullYear()}`;
  return `${MONTHS[d.getMonth()]} ${d.getDate()}${year} ${time}`;
}

function localInputToIso(value) {
  if (!value) return '';
  const d = new Date(value);
  return isNaN(d) ? '' : d.toISOString();
}

export function createDecisions({ onOpenInPlayground } = {}) {
  const form = $('decision-filters');
  const body = $('decisions-body');
  const empty = $('decisions-empty');
  const status = $('dec-status');
  const loadMore = $('load-more');
  const autoRefresh = $('auto-refresh');
  const detail = $('decision-detail');
  const detailHint = $('detail-hint');
  const openButton = $('open-in-playground');
  const triggerFilter = $('filter-trigger');
  // choosing an entry of a top list shows its decisions: its filters replace the form's (the window stays)
  const stats = createStats({
    onPick(pick) {
      for (const id of ['filter-decision', 'filter-policy', 'filter-search', 'filter-failure']) $(id).value = '';
      if (pick.search) $('filter-search').value = pick.search;
      if (pick.decision) $('filter-decision').value = pick.decision;
      if (pick.policy) $('filter-policy').value = pick.policy;
      if (pick.failure) $('filter-failure').value = pick.failure;
      apply();
    },
  });

  triggerFilter.append(el('option', { value: '', text: 'Any' }));
  for (const t of TRIGGERS) triggerFilter.append(el('option', { value: t.id, text: t.id }));

  let rows = [];
  let cursor = null;
  let applied = {};
  let loading = false;
  let active = false;
  let timer = null;
  let selectedId = null;
  let selectedEvent = null;
  let generation = 0; // a newer query makes older answers stale
  let statsGeneration = 0;
  let statsAt = 0;

  function readFilters() {
    const limit = Math.min(500, Math.max(1, Number($('filter-limit').value) || 50));
    return {
      from: localInputToIso($('filter-from').value),
      to: localInputToIso($('filter-to').value),
      trigger: triggerFilter.value,
      source: $('filter-source').value,
      decision: $('filter-decision').value,
      policy: $('filter-policy').value.trim(),
      search: $('filter-search').value.trim(),
      email: $('filter-email').value.trim(),
      organization: $('filter-organization').value.trim(),
      failure: $('filter-failure').value.trim(),
      limit: String(limit),
    };
  }

  let filterValuesLoaded = false;

  /** The failure codes to offer come from the server, which is also what checks them. */
  async function loadFilterValues() {
    if (filterValuesLoaded) return;
    try {
      const values = await api('v1/decisions/filters');
      const codes = Array.isArray(values?.failure) ? values.failure : [];
      $('failure-codes').replaceChildren(...codes.map((code) => el('option', { value: String(code) })));
      filterValuesLoaded = true;
    } catch {
      // the field still takes any code by hand; the next activation tries again
    }
    try {
      const policies = await api('v1/policies');
      const names = new Set();
      for (const t of Array.isArray(policies?.triggers) ? policies.triggers : []) {
        for (const f of Array.isArray(t.files) ? t.files : []) if (f && f.name) names.add(String(f.name));
      }
      $('policy-names').replaceChildren(...[...names].sort().map((name) => el('option', { value: name })));
    } catch {
      // any file name can still be typed
    }
  }

  /** The charts for the applied filters (all but the page size), computed by the store. */
  async function loadStats() {
    const gen = ++statsGeneration;
    statsAt = Date.now();
    stats.loading();
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(applied)) if (v && k !== 'limit') q.set(k, v);
    try {
      const data = await api(`v1/decisions/stats?${q}`);
      if (gen === statsGeneration) stats.render(data);
    } catch (e) {
      if (gen === statsGeneration) stats.failed(e.message);
    }
  }

  function url(filters, after) {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(filters)) if (v) q.set(k, v);
    if (after) q.set('cursor', after);
    return `v1/decisions?${q}`;
  }

  function setStatus(text) {
    status.textContent = text;
  }

  function row(d, fresh) {
    const decision = d.decision === 'ALLOW' || d.decision === 'DENY' ? d.decision : String(d.decision ?? '');
    const failure = d.failure && typeof d.failure === 'object' ? d.failure : null;
    const open = el('button', {
      type: 'button', class: 'btn btn-quiet btn-small mono', 'data-testid': 'decision-open',
      title: `${d.time} — show the whole event`, 'aria-label': `Show decision ${d.id} of ${d.time}`,
    }, formatTime(d.time));
    const who = d.user_email || d.client_id || '';
    const message = typeof d.error_message === 'string' ? d.error_message : '';
    const tr = el('tr', {
      'data-testid': 'decision-row', 'data-id': d.id, 'data-decision': decision, 'data-trigger': d.trigger ?? '',
      'data-source': d.source ?? '', 'aria-selected': String(d.id === selectedId), class: fresh ? 'fresh' : null,
    },
    el('td', { 'data-testid': 'time-cell' }, open),
    // the short name in the cell, the trigger's own name on hover (and in data-trigger)
    el('td', { title: d.trigger ?? '', text: SHORT_TRIGGER[d.trigger] ?? d.trigger ?? '' }),
    el('td', {
      class: `source-${d.source}`, 'data-testid': 'source-cell', text: SOURCE_LABEL[d.source] ?? d.source ?? '',
    }),
    el('td', {}, el('span', {
      class: `badge ${decision === 'ALLOW' ? 'badge-allow' : decision === 'DENY' ? 'badge-deny' : 'badge-none'}`,
      'data-testid': 'decision-cell', text: decision || '?',
    })),
    el('td', { 'data-testid': 'message-cell', title: message, text: message }),
    el('td', { class: 'mono', title: failure ? failure.message || '' : '', text: failure ? failure.code || 'failure' : '' }),
    el('td', { title: [d.user_email, d.client_id].filter(Boolean).join(' · '), text: who }),
    el('td', { class: 'mono', title: d.organization_id ?? '', text: d.organization_id ?? '' }),
    // the policy that decided: its file name in the cell, the whole path on hover
    el('td', { class: 'mono', title: d.decided_by ?? '', text: (d.decided_by ?? '').split('/').pop() }),
    el('td', { class: 'num', 'data-testid': 'ms-cell', text: typeof d.duration_ms === 'number' ? d.duration_ms.toFixed(d.duration_ms < 10 ? 2 : 0) : '' }));
    tr.addEventListener('click', (e) => {
      if (e.target.closest('button') !== open) open.focus();
      select(d.id);
    });
    open.addEventListener('click', (e) => {
      e.stopPropagation();
      select(d.id);
    });
    open.addEventListener('keydown', (e) => {
      if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
      e.preventDefault();
      const sibling = e.key === 'ArrowDown' ? tr.nextElementSibling : tr.previousElementSibling;
      sibling?.querySelector('[data-testid=decision-open]')?.focus();
    });
    return tr;
  }

  function render(freshIds = new Set()) {
    body.replaceChildren(...rows.map((d) => row(d, freshIds.has(d.id))));
    empty.hidden = rows.length !== 0 || loading;
    loadMore.hidden = !cursor;
  }

  function markUpdated(prefix = '') {
    const now = new Date();
    setStatus(`${prefix}${rows.length} shown${cursor ? ', more available' : ''} · updated ${pad(now.getHours())}:${pad(now.getMinutes())}:${pad(now.getSeconds())}`);
  }

  /** New query with the form's filters: replaces the list. */
  async function apply() {
    applied = readFilters();
    loadStats();
    const gen = ++generation;
    loading = true;
    setStatus('Loading…');
    try {
      const data = await api(url(applied));
      if (gen !== generation) return;
      rows = Array.isArray(data.decisions) ? data.decisions : [];
      cursor = data.next_cursor || null;
      render();
      markUpdated();
    } catch (e) {
      if (gen !== generation) return;
      rows = [];
      cursor = null;
      render();
      setStatus(`Could not load decisions: ${e.message}`);
    } finally {
      if (gen === generation) loading = false;
      empty.hidden = rows.length !== 0;
    }
  }

  /** Next page after the cursor: appended. */
  async function more() {
    if (!cursor || loading) return;
    const gen = generation;
    loading = true;
    loadMore.disabled = true;
    setStatus('Loading more…');
    try {
      const data = await api(url(applied, cursor));
      if (gen !== generation) return;
      const known = new Set(rows.map((r) => r.id));
      rows = rows.concat((data.decisions || []).filter((d) => !known.has(d.id)));
      cursor = data.next_cursor || null;
      render();
      markUpdated();
    } catch (e) {
      setStatus(`Could not load more: ${e.message}`);
    } finally {
      loading = false;
      loadMore.disabled = false;
    }
  }

  /** Re-reads the first page and puts decisions not yet shown on top. */
  async function refresh() {
    if (loading) return;
    const gen = generation;
    loading = true;
    try {
      const data = await api(url(applied));
      if (gen !== generation) return;
      const page = Array.isArray(data.decisions) ? data.decisions : [];
      const known = new Set(rows.map((r) => r.id));
      const fresh = page.filter((d) => !known.has(d.id));
      if (fresh.length === 0) {
        markUpdated();
        return;
      }
      if (fresh.length === page.length && rows.length > 0) {
        // more new decisions than one page: start over from this page
        rows = page;
        cursor = data.next_cursor || null;
        render(new Set(fresh.map((d) => d.id)));
      } else {
        // put the new rows on top without rebuilding the others (keeps keyboard focus and scroll)
        rows = fresh.concat(rows);
        body.prepend(...fresh.map((d) => row(d, true)));
        empty.hidden = true;
      }
      markUpdated(`${fresh.length} new · `);
      if (Date.now() - statsAt >= STATS_REFRESH_MS) loadStats();
    } catch (e) {
      setStatus(`Refresh failed: ${e.message}`);
    } finally {
      loading = false;
    }
  }

  // Which version decided (issue 28) and what the shadow chain would have answered (issue 26),
  // in words above the event: both are in the JSON too, but easy to miss there.
  const facts = $('decision-facts');
  function showFacts(event) {
    const parts = [];
    if (event && event.version) {
      parts.push(`Decided by version ${event.version.label || '(no label)'} · chain ${event.version.chain}`);
    }
    if (event && event.shadow) {
      const s = event.shadow;
      parts.push(`Shadow chain: ${s.decision || s.failure_code || 'no answer'} — ${s.agrees ? 'agrees' : 'disagrees'}`
        + (s.agrees || !s.differs || !s.differs.length ? '' : ` (${s.differs.join(', ')})`));
    }
    facts.textContent = parts.join('. ');
    facts.hidden = parts.length === 0;
  }

  async function select(id) {
    selectedId = id;
    for (const tr of body.querySelectorAll('tr')) tr.setAttribute('aria-selected', String(tr.dataset.id === id));
    detailHint.hidden = false;
    detailHint.textContent = 'Loading the event…';
    openButton.hidden = true;
    try {
      const event = await api(`v1/decisions/${encodeURIComponent(id)}`);
      if (selectedId !== id) return;
      selectedEvent = event;
      detail.textContent = JSON.stringify(event, null, 2);
      detail.hidden = false;
      showFacts(event);
      const replayable = event && event.payload && typeof event.payload === 'object' && triggerById(event.trigger);
      openButton.hidden = !replayable;
      if (!replayable) {
        detailHint.textContent = 'No payload is stored with this event, so it cannot be replayed.';
      } else if (event.payload_masked) {
        detailHint.textContent = MASKED_NOTE;
      }
      detailHint.hidden = replayable && !event.payload_masked;
    } catch (e) {
      if (selectedId !== id) return;
      selectedEvent = null;
      detail.hidden = true;
      facts.hidden = true;
      detailHint.textContent = `Could not load decision ${id}: ${e.message}`;
    }
  }

  openButton.addEventListener('click', () => {
    if (selectedEvent && onOpenInPlayground) {
      onOpenInPlayground(selectedEvent.trigger, selectedEvent.payload, `decision ${selectedEvent.id}`,
        { masked: selectedEvent.payload_masked === true });
    }
  });

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    apply();
  });
  for (const id of ['filter-trigger', 'filter-source', 'filter-decision', 'filter-from', 'filter-to']) {
    $(id).addEventListener('change', apply);
  }
  $('filter-clear').addEventListener('click', () => {
    form.reset();
    $('filter-limit').value = '50';
    apply();
  });
  loadMore.addEventListener('click', more);

  function schedule() {
    clearInterval(timer);
    timer = null;
    if (active && autoRefresh.checked) {
      timer = setInterval(() => {
        if (!document.hidden) refresh();
      }, REFRESH_MS);
    }
  }
  autoRefresh.addEventListener('change', () => {
    schedule();
    if (autoRefresh.checked && active) refresh();
  });

  let loadedOnce = false;

  return {
    /** Called when the view is shown or hidden. */
    setActive(on) {
      active = on;
      if (on) loadFilterValues();
      if (on && !loadedOnce) {
        loadedOnce = true;
        apply();
      } else if (on) {
        refresh();
      }
      schedule();
    },
    reload: () => {
      loadFilterValues();
      return apply();
    },
    select,
    /** The charts' last answer from v1/decisions/stats. */
    stats: () => stats.last(),
    /** Shows one decision (e.g. from the playground's result). */
    async show(id) {
      if (!loadedOnce) {
        loadedOnce = true;
        await apply();
      }
      await select(id);
      body.querySelector(`tr[data-id="${CSS.escape(id)}"] [data-testid=decision-open]`)?.focus();
    },
  };
}
