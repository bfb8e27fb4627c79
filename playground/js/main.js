// Entry point: views (tabs), the token panel, editors, and the two views.
import { $ } from './dom.js';

import { onAuthRequired, getToken, setToken } from './api.js';
import { createEditorKit } from './editor.js';
import { createPlayground } from './playground.js';
import { createDecisions } from './decisions.js';
import { createReplay } from './replay.js';


// ------------------------------------------------------------------ views

const views = {
  playground: { tab: $('tab-playground'), panel: $('view-playground') },
  decisions: { tab: $('tab-decisions'), panel: $('view-decisions') },
};
let playground = null;
let decisions = null;

function showView(name, { focusTab = false } = {}) {
  for (const [key, v] of Object.entries(views)) {
    const on = key === name;
    v.tab.setAttribute('aria-selected', String(on));
    v.tab.tabIndex = on ? 0 : -1;
    v.panel.hidden = !on;
  }
  if (focusTab) views[name].tab.focus();
  document.body.dataset.view = name;
  if (decisions) decisions.setActive(name === 'decisions');
  if (name === 'playground' && playground) playground.layout();
}

const tabOrder = Object.keys(views);
for (const [key, v] of Object.entries(views)) {
  v.tab.addEventListener('click', () => showView(key));
  v.tab.addEventListener('keydown', (e) => {
    const i = tabOrder.indexOf(key);
    let j = null;
    if (e.key === 'ArrowRight') j = (i + 1) % tabOrder.length;
    else if (e.key === 'ArrowLeft') j = (i - 1 + tabOrder.length) % tabOrder.length;
    else if (e.key === 'Home') j = 0;
    else if (e.key === 'End') j = tabOrder.length - 1;
    if (j === null) return;
    e.preventDefault();
    showView(tabOrder[j], { focusTab: true });
  });
}

// ------------------------------------------------------------------ token

const authPanel = $('auth-panel');
const authStatus = $('auth-status');
const authForget = $('auth-forget');

function renderAuthStatus() {
  const has = !!getToken();
  authStatus.hidden = !has;
  authForget.hidden = !has;
  authStatus.textContent = has ? 'Using an admin token' : '';
}

onAuthRequired(({ reason }) => {
  $('auth-reason').textContent = reason;
  const wasHidden = authPanel.hidden;
  authPanel.hidden = false;
  if (wasHidden && !document.activeElement?.closest('.editor')) $('token-input').focus();
});

$('auth-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const token = $('token-input').value.trim();
  if (!token) return;
  setToken(token);
  $('token-input').value = '';
  authPanel.hidden = true;
  renderAuthStatus();
  if (playground) await playground.reload();
  if (decisions && !views.decisions.panel.hidden) decisions.reload();
});

authForget.addEventListener('click', () => {
  setToken('');
  renderAuthStatus();
});

renderAuthStatus();

// ------------------------------------------------------------------ start

async function start() {
  const kit = await createEditorKit();
  document.body.dataset.editor = kit.kind;
  playground = createPlayground(kit, {
    onOpenDecision: async (id) => {
      showView('decisions');
      await decisions.show(id);
    },
  });
  decisions = createDecisions({
    onOpenInPlayground: (trigger, payload, label, options) => {
      showView('playground');
      playground.loadPayload(trigger, payload, label, options);
      playground.focus();
    },
  });
  const replay = createReplay({ getRun: () => playground.runTarget() });
  // Scripting handle (used by the browser test; handy in the devtools console).
  window.interlock = { kit, playground, decisions, replay, showView };
  window.addEventListener('hashchange', () => {
    if (location.hash.startsWith('#s=')) showView('playground');
  });
  showView('playground');
  if (kit.kind !== 'monaco') {
    console.warn('Monaco could not be loaded from webjars/monaco-editor/…; using plain text areas.');
  }
  await playground.start();
  if (kit.kind !== 'monaco' && !$('run-status').textContent) {
    $('run-status').textContent = 'Plain text editors (the code editor could not be loaded).';
  }
  document.body.dataset.ready = 'true';
}

start().catch((e) => {
  document.body.dataset.ready = 'error';
  $('run-status').textContent = `The playground failed to start: ${e.message}`;
  console.error(e);
});
