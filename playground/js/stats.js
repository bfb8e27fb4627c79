// The Decisions view's charts: what GET v1/decisions/stats computed in the decision store (the
// decisions themselves are never downloaded for this). Chart.js (window.Chart, served from the
// chart.js WebJar) draws the series; the top lists and figures are plain HTML, readable and
// searchable. Without Chart.js the series are shown as figures instead.
import { $, el, pad } from './dom.js';


const OUTCOMES = [
  { key: 'ALLOW', label: 'ALLOW', color: '#2e8b4a' },
  { key: 'DENY', label: 'DENY', color: '#c8323a' },
  { key: 'failure', label: 'failure', color: '#d69a00' },
];

export const SHORT_TRIGGER = {
  PRE_SIGNUP: 'sign-up',
  PRE_SESSION_CREATION: 'session',
  PRE_USER_INVITATION: 'invitation',
  PRE_M2M_TOKEN_CREATION: 'M2M token',
};



/** A bucket's start as the axis shows it: the time, and the date when the window spans days. */
function bucketLabel(iso, withDate) {
  const d = new Date(iso);
  const time = `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  return withDate ? `${d.getMonth() + 1}/${d.getDate()} ${time}` : time;
}

function ms(value) {
  if (typeof value !== 'number') return '—';
  return value < 10 ? value.toFixed(2) : value < 100 ? value.toFixed(1) : String(Math.round(value));
}

/** {@code onPick(filters)}: a top list's entry was chosen; the table should show its decisions. */
export function createStats({ onPick } = {}) {
  const charts = $('trigger-charts');
  const status = $('stats-status');
  let drawn = []; // Chart instances, destroyed before the next drawing
  let last = null;

  function destroy() {
    for (const c of drawn) c.destroy();
    drawn = [];
  }

  function triggerChart(series, withDate, stacked) {
    const t = series.trigger;
    const name = t ? (SHORT_TRIGGER[t] || t) : 'refused (no trigger)';
    const totals = series.total;
    const head = el('div', { class: 'trigger-chart-head' },
      el('span', { class: 'mono', title: t || 'calls refused before a trigger was known', text: name }),
      ...OUTCOMES.map((o) => el('span', {
        class: `count-${o.key.toLowerCase()}`, 'data-outcome': o.key, text: `${o.label} ${totals[o.key]}`,
      })));
    const canvas = el('canvas', {
      'data-testid': 'trigger-chart', 'data-trigger': t ?? '', role: 'img',
      'aria-label': `${t || 'no trigger'}: ${OUTCOMES.map((o) => `${totals[o.key]} ${o.label}`).join(', ')} in the window`,
    });
    const box = el('div', { class: 'trigger-chart-box' }, canvas);
    const wrap = el('div', { class: 'trigger-chart', 'data-testid': 'trigger-chart-card', 'data-trigger': t ?? '' }, head, box);
    charts.append(wrap);
    if (!window.Chart) {
      box.append(el('p', { class: 'muted small', text: 'Chart.js did not load: the totals above are the window\'s.' }));
      canvas.hidden = true;
      return;
    }
    drawn.push(new window.Chart(canvas, {
      type: 'bar',
      data: {
        labels: series.buckets.map((b) => bucketLabel(b.start, withDate)),
        datasets: OUTCOMES.map((o) => ({
          label: o.label, data: series.buckets.map((b) => b[o.key]), backgroundColor: o.color,
          stack: 'outcome', barPercentage: 1, categoryPercentage: 0.9,
        })),
      },
      options: {
        animation: false,
        maintainAspectRatio: false,
        responsive: true,
        plugins: {
          legend: { display: false },
          tooltip: { callbacks: { title: (items) => `${t ?? 'no trigger'} · ${series.buckets[items[0].dataIndex].start}` } },
        },
        scales: {
          x: { stacked, grid: { display: false }, ticks: { maxRotation: 0, autoSkipPadding: 12, font: { size: 10 } } },
          y: { stacked, beginAtZero: true, ticks: { precision: 0, maxTicksLimit: 4, font: { size: 10 } } },
        },
      },
    }));
  }

  function topList(list, items, render, empty) {
    list.replaceChildren();
    const max = Math.max(1, ...items.map((i) => i.count));
    for (const item of items) {
      const [label, title, cls, pick] = render(item);
      const li = el('li', { 'data-testid': 'top-item', class: cls, title: pick ? `${title} — show these decisions` : title },
        el('span', { class: 'bar' }),
        el('span', { class: 'label', text: label }),
        el('span', { class: 'count', text: String(item.count) }));
      if (pick && onPick) {
        li.tabIndex = 0;
        li.classList.add('pickable');
        li.setAttribute('role', 'button');
        li.addEventListener('click', () => onPick(pick));
        li.addEventListener('keydown', (e) => {
          if (e.key === 'Enter' || e.key === ' ') {
            e.preventDefault();
            onPick(pick);
          }
        });
      }
      list.append(li);
      // the bar's length through the CSSOM: the page's policy allows no inline style attributes from markup
      list.lastElementChild.querySelector('.bar').style.width = `${(100 * item.count) / max}%`;
    }
    if (items.length === 0) list.append(el('li', { class: 'none', text: empty }));
  }

  function tiles(dl, pairs) {
    dl.replaceChildren(...pairs.map(([name, value, cls]) => el('div', {},
      el('dt', { text: name }),
      el('dd', { 'data-testid': `tile-${name.toLowerCase()}`, class: cls, text: value }))));
  }

  function render(stats) {
    last = stats;
    destroy();
    charts.replaceChildren();
    const series = Array.isArray(stats.series) ? stats.series : [];
    const withDate = new Date(stats.to) - new Date(stats.from) > 24 * 3600 * 1000;
    for (const s of series) triggerChart(s, withDate, true);
    if (series.length === 0) charts.append(el('p', { class: 'muted small', text: 'No decisions in this window.' }));
    charts.dataset.count = String(series.length);

    topList($('top-deny'), stats.top_deny_messages || [], (i) => i.message === null
      ? ['(no message: the platform\'s generic text)', 'DENY without error.message', 'none']
      : [i.message, i.message, null, { search: i.message, decision: 'DENY' }], 'No DENY in this window.');
    topList($('top-failing'), stats.top_failing_policies || [], (i) => {
      const file = i.policy ? i.policy.split('/').pop() : '(no policy ran)';
      return [`${file} · ${i.failure_code}`, `${i.policy ?? 'no policy ran'}: ${i.failure_code}`, 'failing',
        { policy: i.policy ? file : '', failure: i.failure_code }];
    }, 'No failure in this window.');

    const l = stats.latency_ms || {};
    tiles($('latency'), [['p50', ms(l.p50)], ['p95', ms(l.p95)], ['p99', ms(l.p99)]]);
    const sh = stats.shadow || {};
    const compared = sh.compared || 0;
    tiles($('shadow'), [
      ['Compared', compared ? String(compared) : '—'],
      ['Agree', compared ? String(sh.agree) : '—'],
      ['Disagree', compared ? String(sh.disagree) : '—', sh.disagree ? 'disagree' : null],
    ]);

    const buckets = stats.bucket ? `${stats.bucket} buckets` : '';
    const limited = stats.limited ? ` · the newest ${stats.max_counted.toLocaleString()} only` : '';
    status.textContent = `${stats.total} decisions · ${l.count ?? 0} timed · ${buckets}${limited}`;
    status.title = `${stats.from} to ${stats.to}`;
    status.dataset.state = 'ready';
  }

  return {
    render,
    failed(message) {
      status.textContent = `Charts: ${message}`;
      status.dataset.state = 'error';
    },
    loading() {
      status.dataset.state = 'loading';
    },
    /** The last answer drawn (for the browser test and the console). */
    last: () => last,
  };
}
