// The Playground view: trigger, payload, policy chain + an editable draft, run, result, share.
import { $, el } from './dom.js';

import { api, apiText, staticJson, HttpError } from './api.js';
import { TRIGGERS, triggerById, policyTemplate } from './triggers.js';
import { checkJson } from './json.js';
import { encodeState, decodeHash } from './share.js';
import { MASKED_NOTE } from './decisions.js';

const DRAFT = '\u0000draft'; // key of the draft tab (cannot collide with a file name)
const HELPER = '\u0000lib:'; // prefix of a helper tab's key: HELPER + its import path (../lib/…)
const MARK_RUN = 'interlock';
const MARK_LOAD = 'interlock-load';
const MARK_JSON = 'payload-json';
const DEFAULT_DRAFT_NAME = '99-playground.js';
const RUN_CLIENT_TIMEOUT_MS = 120000; // the server enforces its own, much lower, limit


/** Java's String.compareTo order (UTF-16 code units), which is JavaScript's default string order. */
const byName = (a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

function validDraftName(name) {
  if (!name) return 'Give the file a name.';
  if (!/^[A-Za-z0-9._-]+\.m?js$/.test(name)) return 'Use letters, digits, ".", "_" or "-" and end with .js.';
  return null;
}

function formatMs(ms) {
  if (typeof ms !== 'number' || !isFinite(ms)) return '';
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  if (ms >= 10) return `${ms.toFixed(0)} ms`;
  return `${ms.toFixed(2)} ms`;
}

/** file:line:col at the start of (or inside) an engine message, e.g. "10-a.js:3:7: ReferenceError …". */
function locationFromMessage(message, names) {
  if (typeof message !== 'string') return null;
  const re = /([A-Za-z0-9._-]+\.m?js):(\d+)(?::(\d+))?/g;
  let m;
  while ((m = re.exec(message)) !== null) {
    if (!names || names.includes(m[1])) return { policy: m[1], line: Number(m[2]), column: m[3] ? Number(m[3]) : 1 };
  }
  return null;
}

export function createPlayground(kit, { onOpenDecision } = {}) {
  const triggerSelect = $('trigger-select');
  const runButton = $('run-button');
  const cancelButton = $('cancel-button');
  const runStatus = $('run-status');
  const payloadError = $('payload-error');
  const payloadWarning = $('payload-warning');
  const tabsEl = $('policy-tabs');
  const loadErrorsEl = $('policy-load-errors');
  const draftBar = $('draft-bar');
  const draftName = $('draft-name');
  const draftAlone = $('draft-alone');
  const draftInfo = $('draft-info');
  const readonlyNote = $('policy-readonly-note');
  const editCopyButton = $('edit-copy');

  const perTrigger = {};
  const chains = {}; // trigger id -> {files:[{name,hash,loaded_at,source,model}], errors:[]}
  let helpers = []; // policies/lib/: [{path, import, hash, source, model}], read-only, shared by every trigger
  let chainsState = 'loading'; // loading | loaded | failed
  let chainsError = '';
  let typesText = null;
  let current = null;
  let running = null; // {controller, trigger, started, timer}
  let draftCounter = 0;
  let jsonCheckTimer = null;

  const placeholderJson = kit.createModel('', 'json');
  const placeholderJs = kit.createModel('', 'javascript');
  const payloadEditor = kit.createEditor($('payload-editor'), {
    model: placeholderJson,
    ariaLabel: 'Payload JSON editor',
  });
  const policyEditor = kit.createEditor($('policy-editor'), {
    model: placeholderJs,
    ariaLabel: 'Policy editor',
  });

  for (const t of TRIGGERS) {
    triggerSelect.append(el('option', { value: t.id, text: `${t.id}  ·  ${t.label}` }));
    perTrigger[t.id] = {
      payloadModel: null,
      sampleText: '',
      draft: null, // {model, name, alone, pristine}
      active: null, // DRAFT or a chain file name
      result: null, // what renderResult shows
    };
  }

  // ------------------------------------------------------------------ payload

  function payloadModelOf(id) {
    const st = perTrigger[id];
    if (!st.payloadModel) {
      st.payloadModel = kit.createModel(st.sampleText || '{}', 'json', `file:///payloads/${triggerById(id).folder}.json`);
      st.payloadModel.onDidChangeContent(() => {
        if (current === id) scheduleJsonCheck();
      });
    }
    return st.payloadModel;
  }

  function scheduleJsonCheck() {
    clearTimeout(jsonCheckTimer);
    jsonCheckTimer = setTimeout(checkPayload, 120);
  }

  /** Validates the current payload; shows message + marker; returns the parsed value or undefined. */
  function checkPayload() {
    clearTimeout(jsonCheckTimer);
    const model = payloadModelOf(current);
    const text = model.getValue();
    const r = checkJson(text);
    if (!r.ok) {
      payloadError.textContent = `Invalid JSON at line ${r.line}, column ${r.column}: ${r.message}`;
      payloadError.hidden = false;
      payloadError.dataset.line = String(r.line);
      kit.setMarkers(model, MARK_JSON, [{ line: r.line, column: r.column, message: r.message, source: 'JSON' }]);
      payloadWarning.hidden = true;
      updateRunEnabled();
      return undefined;
    }
    payloadError.hidden = true;
    payloadError.textContent = '';
    delete payloadError.dataset.line;
    kit.setMarkers(model, MARK_JSON, []);
    let warning = '';
    const v = r.value;
    if (v === null || typeof v !== 'object' || Array.isArray(v)) {
      warning = 'The payload should be a JSON object (the request body the platform sends).';
    } else if (typeof v.trigger_point === 'string' && v.trigger_point !== current) {
      warning = `The payload's trigger_point is "${v.trigger_point}" but the selected trigger is ${current}.`;
    }
    payloadWarning.textContent = warning;
    payloadWarning.hidden = !warning;
    updateRunEnabled();
    return v;
  }

  function updateRunEnabled() {
    const invalid = !payloadError.hidden;
    const nameProblem = perTrigger[current]?.draft ? validDraftName(perTrigger[current].draft.name) : null;
    const disabled = invalid || !!nameProblem || !!running;
    runButton.disabled = disabled;
    runButton.title = invalid ? 'Fix the payload JSON first' : nameProblem || (running ? 'Running…' : '');
  }

  $('payload-reset').addEventListener('click', () => {
    const st = perTrigger[current];
    payloadModelOf(current).setValue(st.sampleText);
    checkPayload();
    payloadEditor.focus();
  });

  // ------------------------------------------------------------------ chain + draft

  function chainOf(id) {
    return chains[id] || { files: [], errors: [] };
  }

  function fileByName(id, name) {
    return chainOf(id).files.find((f) => f.name === name) || null;
  }

  function helperByKey(key) {
    return typeof key === 'string' && key.startsWith(HELPER) ? helpers.find((h) => HELPER + h.import === key) || null : null;
  }

  function templateFor(id) {
    const t = triggerById(id);
    const typeName = typesText && t.type && typesText.includes(t.type) ? t.type : null;
    return policyTemplate(t, typeName);
  }

  function createDraft(id, { name, source, alone = false, pristine = true }) {
    const st = perTrigger[id];
    if (st.draft) st.draft.model.dispose();
    const folder = triggerById(id).folder;
    const model = kit.createModel(source, 'javascript', `file:///playground/${folder}/${++draftCounter}/${name}`);
    st.draft = { model, name, alone, pristine, initial: source };
    model.onDidChangeContent(() => {
      if (st.draft && st.draft.model === model) {
        st.draft.pristine = model.getValue() === st.draft.initial;
        kit.setMarkers(model, MARK_RUN, []);
      }
    });
    st.active = DRAFT;
  }

  function draftDirty(id) {
    const d = perTrigger[id].draft;
    return !!d && !d.pristine;
  }

  function confirmReplaceDraft() {
    if (!draftDirty(current)) return true;
    return window.confirm('Replace your edited draft? Its changes will be lost.');
  }

  editCopyButton.addEventListener('click', () => {
    const st = perTrigger[current];
    const file = st.active && st.active !== DRAFT ? fileByName(current, st.active) : null;
    if (!file || !confirmReplaceDraft()) return;
    createDraft(current, { name: file.name, source: file.source, alone: false });
    showPolicy();
    policyEditor.focus();
  });

  $('new-policy').addEventListener('click', () => {
    if (!confirmReplaceDraft()) return;
    const taken = new Set(chainOf(current).files.map((f) => f.name));
    let name = DEFAULT_DRAFT_NAME;
    for (let i = 2; taken.has(name); i++) name = `99-playground-${i}.js`;
    createDraft(current, { name, source: templateFor(current), alone: false });
    showPolicy();
    policyEditor.focus();
  });

  $('draft-discard').addEventListener('click', () => {
    const st = perTrigger[current];
    if (!st.draft) return;
    if (draftDirty(current) && !window.confirm('Discard your draft policy?')) return;
    st.draft.model.dispose();
    st.draft = null;
    st.active = chainOf(current).files[0]?.name || null;
    showPolicy();
    updateRunEnabled();
    (tabsEl.querySelector('[aria-selected=true]') || $('new-policy')).focus();
  });

  draftName.addEventListener('input', () => {
    const d = perTrigger[current].draft;
    if (!d) return;
    d.name = draftName.value.trim();
    renderTabs();
    renderDraftInfo();
    updateRunEnabled();
  });

  draftAlone.addEventListener('change', () => {
    const d = perTrigger[current].draft;
    if (!d) return;
    d.alone = draftAlone.checked;
    renderTabs();
    renderDraftInfo();
  });

  function renderDraftInfo() {
    const d = perTrigger[current].draft;
    if (!d) return;
    const problem = validDraftName(d.name);
    draftName.setAttribute('aria-invalid', problem ? 'true' : 'false');
    if (problem) {
      draftInfo.textContent = problem;
      draftInfo.classList.add('field-error');
      return;
    }
    draftInfo.classList.remove('field-error');
    const files = chainOf(current).files;
    if (d.alone) {
      draftInfo.textContent = 'Run sends only this policy; the loaded chain is left out.';
    } else if (chainsState !== 'loaded') {
      draftInfo.textContent = 'The loaded chain is not available here, so Run sends only this policy.';
    } else if (files.some((f) => f.name === d.name)) {
      draftInfo.textContent = `Run sends the chain with ${d.name} replaced by this copy.`;
    } else {
      const before = files.filter((f) => f.name < d.name).map((f) => f.name);
      draftInfo.textContent = files.length === 0
        ? 'The trigger has no loaded policies: Run sends this policy alone.'
        : before.length === files.length
          ? `Run sends the chain with this policy added last (after ${before[before.length - 1]}).`
          : before.length === 0
            ? 'Run sends the chain with this policy added first (file-name order).'
            : `Run sends the chain with this policy added after ${before[before.length - 1]} (file-name order).`;
    }
  }

  function renderTabs() {
    const st = perTrigger[current];
    const chain = chainOf(current);
    const errFiles = new Set(chain.errors.map((e) => e.file));
    tabsEl.replaceChildren();
    const tabs = [];
    for (const f of chain.files) {
      const replaced = st.draft && !st.draft.alone && st.draft.name === f.name;
      const b = el('button', {
        type: 'button',
        role: 'tab',
        class: `file-tab${replaced ? ' replaced' : ''}`,
        'data-testid': 'policy-tab',
        'data-file': f.name,
        'aria-selected': String(st.active === f.name),
        'aria-controls': 'policy-editor',
        title: replaced ? `${f.name} (replaced by your draft when you run)` : `${f.name} (read-only)`,
      }, f.name, errFiles.has(f.name) ? el('span', { class: 'tag tag-err', text: 'error' }) : null);
      b.addEventListener('click', () => selectTab(f.name));
      tabs.push(b);
    }
    if (chain.files.length === 0) {
      const msg = chainsState === 'loading'
        ? 'Loading the chain…'
        : chainsState === 'failed'
          ? `Chain not available: ${chainsError}`
          : 'No policies loaded for this trigger.';
      tabsEl.append(el('span', { class: 'empty-chain', 'data-testid': 'policy-chain-empty', text: msg }));
    }
    // The helpers of policies/lib/, read-only beside the chain: a draft imports them ('../lib/…').
    for (const h of helpers) {
      const key = HELPER + h.import;
      const b = el('button', {
        type: 'button',
        role: 'tab',
        class: 'file-tab helper-tab',
        'data-testid': 'helper-tab',
        'data-file': h.import,
        'aria-selected': String(st.active === key),
        'aria-controls': 'policy-editor',
        title: `${h.import} (shared helper, read-only)`,
      }, el('span', { class: 'tag tag-lib', text: 'lib' }), h.import.replace(/^\.\.\/lib\//, ''));
      b.addEventListener('click', () => selectTab(key));
      tabs.push(b);
    }
    if (st.draft) {
      const b = el('button', {
        type: 'button',
        role: 'tab',
        class: 'file-tab',
        'data-testid': 'policy-tab-draft',
        'data-file': st.draft.name,
        'aria-selected': String(st.active === DRAFT),
        'aria-controls': 'policy-editor',
        title: 'Your editable policy',
      }, el('span', { class: 'tag tag-draft', text: 'draft' }), st.draft.name || '(no name)');
      b.addEventListener('click', () => selectTab(DRAFT));
      tabs.push(b);
    }
    // roving tabindex + arrow keys (WAI-ARIA tabs)
    tabs.forEach((b, i) => {
      b.tabIndex = b.getAttribute('aria-selected') === 'true' ? 0 : -1;
      b.addEventListener('keydown', (e) => {
        let j = null;
        if (e.key === 'ArrowRight') j = (i + 1) % tabs.length;
        else if (e.key === 'ArrowLeft') j = (i - 1 + tabs.length) % tabs.length;
        else if (e.key === 'Home') j = 0;
        else if (e.key === 'End') j = tabs.length - 1;
        if (j === null) return;
        e.preventDefault();
        tabs[j].click();
        tabsEl.querySelectorAll('[role=tab]')[j]?.focus();
      });
    });
    if (tabs.length && !tabs.some((b) => b.tabIndex === 0)) tabs[0].tabIndex = 0;
    tabsEl.append(...tabs);
  }

  function selectTab(key) {
    perTrigger[current].active = key;
    showPolicy();
  }

  /** Puts the active file or the draft into the policy editor and updates the bars around it. */
  function showPolicy() {
    const st = perTrigger[current];
    const chain = chainOf(current);
    if (st.active !== DRAFT && !fileByName(current, st.active) && !helperByKey(st.active)) {
      st.active = st.draft ? DRAFT : chain.files[0]?.name || null;
    }
    renderTabs();
    const folder = triggerById(current).folder;
    if (st.active === DRAFT) {
      policyEditor.setModel(st.draft.model);
      policyEditor.updateOptions({ readOnly: false, ariaLabel: `Draft policy ${st.draft.name}, editable` });
      draftBar.hidden = false;
      draftName.value = st.draft.name;
      draftAlone.checked = st.draft.alone;
      readonlyNote.textContent = '';
      renderDraftInfo();
      editCopyButton.disabled = true;
    } else if (helperByKey(st.active)) {
      const h = helperByKey(st.active);
      policyEditor.setModel(h.model);
      policyEditor.updateOptions({
        readOnly: true,
        readOnlyMessage: { value: 'Helpers are read-only here: change the file in policies/lib/, the service reloads it.' },
        ariaLabel: `Helper ${h.import}, read-only`,
      });
      draftBar.hidden = true;
      readonlyNote.textContent = `Read-only helper · ${h.path} · a policy or draft imports it from '${h.import}'`;
      readonlyNote.title = h.hash ? String(h.hash) : '';
      editCopyButton.disabled = true;
    } else if (st.active) {
      const f = fileByName(current, st.active);
      policyEditor.setModel(f.model);
      policyEditor.updateOptions({
        readOnly: true,
        readOnlyMessage: { value: 'This file is read-only here. Use “Edit a copy” to change it.' },
        ariaLabel: `Policy ${f.name}, read-only`,
      });
      draftBar.hidden = true;
      const loaded = f.loaded_at ? new Date(f.loaded_at) : null;
      const at = loaded && !isNaN(loaded)
        ? ` · loaded ${loaded.toDateString() === new Date().toDateString() ? loaded.toLocaleTimeString() : loaded.toLocaleString()}`
        : '';
      readonlyNote.textContent = `Read-only · policies/${folder}/${f.name}${at} · “Edit a copy” to try changes`;
      readonlyNote.title = f.hash ? String(f.hash) : '';
      editCopyButton.disabled = false;
    } else {
      policyEditor.setModel(placeholderJs);
      policyEditor.updateOptions({ readOnly: true, ariaLabel: 'No policy' });
      draftBar.hidden = true;
      readonlyNote.textContent = 'Use “New policy” to write one.';
      editCopyButton.disabled = true;
    }
    const errs = chain.errors;
    loadErrorsEl.hidden = errs.length === 0;
    loadErrorsEl.textContent = errs.length
      ? `Load errors (the service keeps the last good version): ${errs.map((e) => `${e.file}${e.line ? `:${e.line}` : ''}${e.column ? `:${e.column}` : ''} ${e.message}`).join('; ')}`
      : '';
  }

  function applyPolicies(data) {
    const seen = new Set();
    for (const entry of (data && Array.isArray(data.triggers) ? data.triggers : [])) {
      const t = triggerById(entry.trigger);
      if (!t) continue; // triggers this page does not know yet
      seen.add(t.id);
      const old = chains[t.id] || { files: [], errors: [] };
      const files = (Array.isArray(entry.files) ? entry.files : []).map((f) => {
        const prev = old.files.find((o) => o.name === f.name);
        const source = typeof f.source === 'string' ? f.source : '';
        let model;
        if (prev) {
          model = prev.model;
          if (model.getValue() !== source) model.setValue(source);
        } else {
          model = kit.createModel(source, 'javascript', `file:///policies/${t.folder}/${f.name}`);
        }
        return { name: f.name, hash: f.hash, loaded_at: f.loaded_at, source, model };
      }).sort(byName);
      for (const o of old.files) if (!files.some((f) => f.name === o.name)) o.model.dispose();
      const errors = Array.isArray(entry.errors) ? entry.errors : [];
      for (const f of files) {
        kit.setMarkers(f.model, MARK_LOAD, errors.filter((e) => e.file === f.name && e.line).map((e) => ({
          line: e.line, column: e.column || 1, message: e.message, source: 'load error',
        })));
      }
      chains[t.id] = { files, errors };
    }
    for (const t of TRIGGERS) if (!seen.has(t.id)) chains[t.id] = { files: [], errors: [] };
    applyHelpers(data && Array.isArray(data.helpers) ? data.helpers : []);
  }

  function applyHelpers(list) {
    const next = list.filter((h) => h && typeof h.import === 'string').map((h) => {
      const source = typeof h.source === 'string' ? h.source : '';
      const prev = helpers.find((o) => o.import === h.import);
      let model;
      if (prev) {
        model = prev.model;
        if (model.getValue() !== source) model.setValue(source);
      } else {
        // beside the trigger folders, as on disk, so '../lib/…' from a policy's model names it
        model = kit.createModel(source, 'javascript', `file:///policies/${h.import.replace(/^\.\.\//, '')}`);
      }
      return { path: String(h.path || h.import), import: h.import, hash: h.hash, source, model };
    });
    for (const o of helpers) if (!next.some((h) => h.import === o.import)) o.model.dispose();
    helpers = next;
  }

  async function loadPolicies() {
    chainsState = chainsState === 'loaded' ? 'loaded' : 'loading';
    try {
      applyPolicies(await api('v1/policies'));
      chainsState = 'loaded';
      chainsError = '';
    } catch (e) {
      chainsState = 'failed';
      chainsError = e.message;
    }
    for (const t of TRIGGERS) {
      const st = perTrigger[t.id];
      if (chainsState === 'loaded' && chainOf(t.id).files.length === 0 && !st.draft) {
        createDraft(t.id, { name: DEFAULT_DRAFT_NAME, source: templateFor(t.id) });
      }
    }
    if (current) showPolicy();
  }

  async function loadTypes() {
    try {
      typesText = await apiText('v1/policies/types');
    } catch {
      typesText = null;
    }
    kit.setTypes(typesText);
  }

  $('reload-policies').addEventListener('click', async () => {
    runStatus.textContent = 'Reloading the chain…';
    await Promise.all([loadPolicies(), loadTypes()]);
    runStatus.textContent = chainsState === 'loaded' ? 'Chain reloaded.' : `Could not load the chain: ${chainsError}`;
  });

  // ------------------------------------------------------------------ trigger switch

  function switchTrigger(id, { focus = false } = {}) {
    if (!triggerById(id)) return;
    current = id;
    triggerSelect.value = id;
    try {
      localStorage.setItem('interlock.trigger', id);
    } catch {
      // ignore
    }
    payloadEditor.setModel(payloadModelOf(id));
    showPolicy();
    checkPayload();
    renderResult(perTrigger[id].result);
    if (focus) payloadEditor.focus();
  }

  triggerSelect.addEventListener('change', () => switchTrigger(triggerSelect.value));

  // ------------------------------------------------------------------ run

  function policiesForRun() {
    const st = perTrigger[current];
    const d = st.draft;
    if (!d) return { policies: undefined, note: 'loaded chain' };
    const mine = { name: d.name, source: d.model.getValue() };
    if (d.alone || chainsState !== 'loaded') return { policies: [mine], note: `${d.name} alone` };
    const files = chainOf(current).files;
    const replaced = files.some((f) => f.name === d.name);
    const list = files.filter((f) => f.name !== d.name).map((f) => ({ name: f.name, source: f.source }));
    list.push(mine);
    list.sort(byName);
    return { policies: list, note: replaced ? `chain with ${d.name} replaced` : `chain + ${d.name}` };
  }

  function clearRunMarkers() {
    for (const t of TRIGGERS) {
      const st = perTrigger[t.id];
      if (st.draft) kit.setMarkers(st.draft.model, MARK_RUN, []);
      for (const f of chainOf(t.id).files) kit.setMarkers(f.model, MARK_RUN, []);
    }
  }

  async function run() {
    if (running) return;
    const payload = checkPayload();
    if (payload === undefined) {
      const line = Number(payloadError.dataset.line || 1);
      payloadEditor.revealLineInCenter(line);
      payloadEditor.setPosition({ lineNumber: line, column: 1 });
      payloadEditor.focus();
      return;
    }
    const d = perTrigger[current].draft;
    if (d && validDraftName(d.name)) {
      draftName.focus();
      return;
    }
    const trigger = current;
    const { policies, note } = policiesForRun();
    const body = { trigger, payload };
    if (policies) body.policies = policies;
    clearRunMarkers();

    const controller = new AbortController();
    const started = performance.now();
    running = { controller, trigger, started, timer: null, cancelled: false, timedOut: false };
    const clientTimeout = setTimeout(() => {
      running.timedOut = true;
      controller.abort();
    }, RUN_CLIENT_TIMEOUT_MS);
    setRunningUi(true, note);
    running.timer = setInterval(() => {
      runStatus.textContent = `Running ${note}… ${((performance.now() - started) / 1000).toFixed(1)} s`;
    }, 100);

    let view;
    try {
      const data = await api('v1/evaluate', { method: 'POST', body, signal: controller.signal });
      view = { kind: 'ok', data, ms: performance.now() - started, note };
    } catch (e) {
      if (e && e.name === 'AbortError') {
        view = { kind: 'error', title: running.timedOut ? 'No answer' : 'Cancelled', message: running.timedOut ? 'The service did not answer in time.' : 'You cancelled the run (the service may still finish it).' };
      } else if (e instanceof HttpError) {
        const title = e.status === 401 || e.status === 403 ? 'Admin token required'
          : e.status === 400 ? 'Bad request'
            : e.status === 0 ? 'Service unreachable' : `HTTP ${e.status}`;
        view = { kind: 'error', title, message: e.message, status: e.status };
      } else {
        view = { kind: 'error', title: 'Error', message: String(e && e.message ? e.message : e) };
      }
    } finally {
      clearTimeout(clientTimeout);
      clearInterval(running.timer);
      running = null;
      setRunningUi(false);
    }
    perTrigger[trigger].result = view;
    if (current === trigger) {
      renderResult(view, { reveal: true });
      // on narrow screens the result panel sits below the editors
      $('decision-badge').scrollIntoView({ block: 'nearest' });
    }
    runStatus.textContent = view.kind === 'ok'
      ? `Ran ${view.note} in ${formatMs(view.ms)}.`
      : `${view.title}.`;
  }

  function setRunningUi(on) {
    $('spinner').hidden = !on;
    $('result').setAttribute('aria-busy', on ? 'true' : 'false');
    cancelButton.hidden = !on;
    updateRunEnabled();
    if (on && running && running.trigger === current) $('result-summary').textContent = 'Running…';
  }

  runButton.addEventListener('click', run);
  cancelButton.addEventListener('click', () => {
    if (running) {
      running.cancelled = true;
      running.controller.abort();
    }
  });

  // Ctrl/Cmd+Enter anywhere in the playground view (captured before the editors see it).
  document.addEventListener('keydown', (e) => {
    if (e.key !== 'Enter' || !(e.ctrlKey || e.metaKey) || e.altKey || e.shiftKey) return;
    if ($('view-playground').hidden) return;
    e.preventDefault();
    e.stopPropagation();
    run();
  }, true);

  // ------------------------------------------------------------------ result

  // The service names folder policies by path (policies/pre-signup/10-x.js); the chain and the
  // editor know them by file name.
  function baseName(policy) {
    return String(policy ?? '').split('/').pop();
  }

  function modelForPolicy(id, policy) {
    const name = baseName(policy);
    const st = perTrigger[id];
    if (st.draft && st.draft.name === name) return { model: st.draft.model, key: DRAFT };
    const f = fileByName(id, name);
    return f ? { model: f.model, key: f.name } : null;
  }

  function renderResult(view, { reveal = false } = {}) {
    const badge = $('decision-badge');
    const summary = $('result-summary');
    const failureBox = $('failure');
    const requestError = $('request-error');
    const wire = $('wire-response');
    const trace = $('trace');
    const meta = $('result-meta');
    const gotoButton = $('failure-goto');
    failureBox.hidden = true;
    requestError.hidden = true;
    gotoButton.hidden = true;
    gotoButton.onclick = null;
    trace.replaceChildren();
    wire.textContent = '';
    meta.replaceChildren();
    badge.className = 'badge badge-big badge-none';
    badge.textContent = '—';
    delete badge.dataset.decision;

    if (!view) {
      summary.textContent = 'Run the policy to see the decision.';
      return;
    }
    if (view.kind === 'error') {
      summary.textContent = 'No decision.';
      requestError.replaceChildren(
        el('div', { class: 'failure-head' }, el('span', { class: 'failure-label', text: view.title })),
        el('pre', { class: 'failure-message', 'data-testid': 'request-error-message', text: view.message }),
      );
      requestError.hidden = false;
      const loc = locationFromMessage(view.message);
      if (loc) markFailure(loc, view.message, reveal);
      return;
    }

    const data = view.data || {};
    const result = data.result && typeof data.result === 'object' ? data.result : null;
    const decision = result && (result.decision === 'ALLOW' || result.decision === 'DENY') ? result.decision : null;
    badge.textContent = decision || '?';
    badge.dataset.decision = decision || '';
    badge.className = `badge badge-big ${decision === 'ALLOW' ? 'badge-allow' : decision === 'DENY' ? 'badge-deny' : 'badge-none'}`;
    badge.setAttribute('aria-label', `Decision: ${decision || 'unknown'}`);

    const parts = [];
    if (decision === 'DENY') {
      const msg = result.error && result.error.message;
      parts.push(msg ? `User sees: “${msg}”` : 'User sees the platform’s generic denial text.');
    } else if (decision === 'ALLOW') {
      const r = result.response || {};
      if (r.create_organization_membership) parts.push('Adds an organization membership.');
      if (r.claims) parts.push(`Sets ${Object.keys(r.claims).length} claim(s).`);
      if (!parts.length) parts.push('Allowed as is.');
    }
    summary.textContent = parts.join(' ');

    const total = Array.isArray(data.trace) ? data.trace.reduce((s, t) => s + (Number(t.duration_ms) || 0), 0) : null;
    meta.append(formatMs(total ?? view.ms));
    meta.title = `${view.note}${data.decision_id ? ` · decision ${data.decision_id}` : ''}`;
    if (data.decision_id) {
      meta.append(' · ');
      const link = el('button', {
        type: 'button', class: 'btn btn-quiet btn-small', 'data-testid': 'result-decision-id',
        'data-decision-id': String(data.decision_id),
        title: `Show decision ${data.decision_id} in the log`,
        text: 'In the log',
      });
      link.addEventListener('click', () => onOpenDecision && onOpenDecision(String(data.decision_id)));
      meta.append(link);
    }

    wire.textContent = result ? JSON.stringify(result, null, 2) : '';

    const f = data.failure;
    if (f && typeof f === 'object') {
      $('failure-code').textContent = f.code || 'failure';
      $('failure-message').textContent = f.message || '';
      failureBox.hidden = false;
      const names = [perTrigger[current].draft?.name, ...chainOf(current).files.map((x) => x.name)].filter(Boolean);
      let loc = null;
      if (f.policy && f.line) loc = { policy: f.policy, line: Number(f.line), column: Number(f.column) || 1 };
      else loc = locationFromMessage(f.message, names);
      if (loc) markFailure(loc, `${f.code}: ${f.message}`, reveal);
    }

    for (const t of Array.isArray(data.trace) ? data.trace : []) {
      const outcome = String(t.outcome || '').toLowerCase();
      const lines = Array.isArray(t.console) ? t.console : [];
      trace.append(el('li', { 'data-testid': 'trace-entry', 'data-policy': baseName(t.policy), 'data-outcome': outcome },
        el('div', { class: 'trace-head' },
          el('span', { class: 'trace-name', text: t.policy || '(policy)' }),
          el('span', { class: `badge badge-soft-${['allow', 'deny', 'error', 'skipped'].includes(outcome) ? outcome : 'skipped'}`, text: outcome || '?' }),
          el('span', { class: 'trace-ms', text: formatMs(Number(t.duration_ms)) })),
        lines.length
          ? el('pre', { class: 'trace-console', 'aria-label': `Console output of ${t.policy}`, text: lines.join('\n') })
          : el('p', { class: 'trace-console-empty', text: 'No console output.' }),
        fetchList(t)));
    }
  }

  /** The policy's fetch() calls: method, host, status or error, time; the message of a failed one. */
  function fetchList(t) {
    const calls = Array.isArray(t.fetch) ? t.fetch : [];
    if (!calls.length) return null;
    return el('ul', { class: 'trace-fetch', 'data-testid': 'trace-fetch', 'aria-label': `fetch() calls of ${t.policy}` },
      ...calls.map((c) => el('li', {
        class: c.error ? 'trace-fetch-failed' : 'trace-fetch-ok',
        'data-testid': 'trace-fetch-call',
        'data-outcome': c.error || String(c.status),
        title: c.message || '',
      },
      el('span', { class: 'trace-fetch-call', text: `${c.method} ${c.host}` }),
      el('span', { class: 'trace-fetch-outcome', text: c.error ? c.error : String(c.status) }),
      el('span', { class: 'trace-ms', text: formatMs(Number(c.duration_ms)) }),
      c.message ? el('div', { class: 'trace-fetch-message', text: c.message }) : null)));
  }

  function markFailure(loc, message, reveal) {
    const target = modelForPolicy(current, loc.policy);
    if (!target) return;
    kit.setMarkers(target.model, MARK_RUN, [{ line: loc.line, column: loc.column, message }]);
    const gotoButton = $('failure-goto');
    gotoButton.hidden = false;
    gotoButton.textContent = `Go to ${loc.policy}:${loc.line}`;
    const go = () => {
      selectTab(target.key);
      policyEditor.revealLineInCenter(loc.line);
      policyEditor.setPosition({ lineNumber: loc.line, column: loc.column });
    };
    gotoButton.onclick = () => {
      go();
      policyEditor.focus();
    };
    const st = perTrigger[current];
    if (reveal && (st.active === target.key || target.key === DRAFT)) go();
  }

  // ------------------------------------------------------------------ share

  const sharePanel = $('share-panel');
  const shareUrl = $('share-url');
  const shareNote = $('share-note');

  $('share-button').addEventListener('click', async () => {
    const st = perTrigger[current];
    const state = {
      v: 1,
      t: current,
      p: payloadModelOf(current).getValue(),
      d: st.draft ? { n: st.draft.name, s: st.draft.model.getValue(), a: !!st.draft.alone } : null,
    };
    const hash = await encodeState(state);
    const url = `${location.origin}${location.pathname}${location.search}#${hash}`;
    shareUrl.value = url;
    sharePanel.hidden = false;
    shareNote.textContent = state.d
      ? `Holds the trigger, the payload and your draft ${state.d.n} (${url.length} characters).`
      : `Holds the trigger and the payload; it runs the loaded chain (${url.length} characters).`;
    shareUrl.focus();
    shareUrl.select();
  });

  $('share-copy').addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(shareUrl.value);
      shareNote.textContent = 'Copied to the clipboard.';
    } catch {
      shareUrl.focus();
      shareUrl.select();
      shareNote.textContent = 'Press Ctrl+C (⌘C) to copy the selected link.';
    }
  });

  const closeShare = () => {
    sharePanel.hidden = true;
    $('share-button').focus();
  };
  $('share-close').addEventListener('click', closeShare);
  sharePanel.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') closeShare();
  });

  function applySharedState(state) {
    const id = triggerById(state.t) ? state.t : null;
    if (!id) throw new Error(`The shared link names an unknown trigger: ${state.t}`);
    payloadModelOf(id).setValue(state.p);
    if (state.d && typeof state.d.s === 'string') {
      createDraft(id, {
        name: typeof state.d.n === 'string' ? state.d.n : DEFAULT_DRAFT_NAME,
        source: state.d.s,
        alone: !!state.d.a,
      });
    } else {
      perTrigger[id].active = chainOf(id).files[0]?.name || (perTrigger[id].draft ? DRAFT : null);
    }
    perTrigger[id].result = null;
    switchTrigger(id);
  }

  async function restoreFromHash() {
    let state;
    try {
      state = await decodeHash(location.hash);
    } catch (e) {
      runStatus.textContent = e.message;
      return false;
    }
    if (!state) return false;
    try {
      applySharedState(state);
      runStatus.textContent = 'Restored from a shared link.';
      return true;
    } catch (e) {
      runStatus.textContent = e.message;
      return false;
    }
  }

  window.addEventListener('hashchange', () => {
    restoreFromHash();
  });

  // ------------------------------------------------------------------ replay from the decision log

  /** Loads a trigger + payload (from a logged decision) into the playground. */
  /** {masked}: the payload was masked when logged, so say a replay runs on different data. */
  function loadPayload(triggerId, payload, label, { masked = false } = {}) {
    if (!triggerById(triggerId)) throw new Error(`Unknown trigger ${triggerId}`);
    payloadModelOf(triggerId).setValue(JSON.stringify(payload, null, 2));
    perTrigger[triggerId].result = null;
    switchTrigger(triggerId);
    runStatus.textContent = (label ? `Loaded the payload of ${label}.` : 'Payload loaded.')
      + (masked ? ` ${MASKED_NOTE}` : '');
  }

  // ------------------------------------------------------------------ start

  async function start() {
    const samples = await Promise.all(TRIGGERS.map((t) => staticJson(`samples/${t.folder}.json`).catch(() => '{}')));
    TRIGGERS.forEach((t, i) => {
      perTrigger[t.id].sampleText = samples[i];
    });
    let initial = TRIGGERS[0].id;
    try {
      const saved = localStorage.getItem('interlock.trigger');
      if (triggerById(saved)) initial = saved;
    } catch {
      // ignore
    }
    switchTrigger(initial);
    await Promise.all([loadPolicies(), loadTypes()]);
    await restoreFromHash();
  }

  return {
    start,
    run,
    loadPayload,
    reload: () => Promise.all([loadPolicies(), loadTypes()]),
    isRunning: () => !!running,
    focus: () => payloadEditor.focus(),
    layout: () => {
      payloadEditor.layout();
      policyEditor.layout();
    },
    // what Run would send, for the replay panel (js/replay.js)
    runTarget: () => ({ trigger: current, ...policiesForRun() }),
    // for scripting and the browser test
    get trigger() { return current; },
    setPayloadText: (text) => payloadModelOf(current).setValue(text),
    getPayloadText: () => payloadModelOf(current).getValue(),
    setDraft: (source, { name = DEFAULT_DRAFT_NAME, alone = false } = {}) => {
      createDraft(current, { name, source, alone, pristine: false });
      showPolicy();
    },
    getDraft: () => {
      const d = perTrigger[current].draft;
      return d ? { name: d.name, source: d.model.getValue(), alone: d.alone } : null;
    },
    markers: (owner = MARK_RUN) => {
      const d = perTrigger[current].draft;
      const out = [];
      if (d) out.push(...kit.getMarkers(d.model, owner).map((m) => ({ file: d.name, line: m.startLineNumber ?? m.line, message: m.message })));
      for (const f of chainOf(current).files) {
        out.push(...kit.getMarkers(f.model, owner).map((m) => ({ file: f.name, line: m.startLineNumber ?? m.line, message: m.message })));
      }
      return out;
    },
    policyEditor,
    payloadEditor,
  };
}
