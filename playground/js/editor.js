// Code editors: Monaco from the WebJar (AMD loader, no build step), or plain textareas with the
// same small interface when Monaco cannot be loaded, so the page keeps working.

export const MONACO_VERSION = '0.52.2';
const VS_URL = new URL(`../webjars/monaco-editor/${MONACO_VERSION}/min/vs`, import.meta.url).href;

function loadMonaco(timeoutMs = 20000) {
  return new Promise((resolve) => {
    const amd = window.require;
    if (typeof amd !== 'function' || typeof amd.config !== 'function') {
      resolve(null);
      return;
    }
    const timer = setTimeout(() => resolve(null), timeoutMs);
    amd.config({ paths: { vs: VS_URL } });
    // Workers are loaded from the same origin (no blob: or data: URLs, so a strict CSP can allow them).
    window.MonacoEnvironment = {
      getWorkerUrl: () => `${VS_URL}/base/worker/workerMain.js`,
    };
    amd(['vs/editor/editor.main'], () => {
      clearTimeout(timer);
      resolve(window.monaco || null);
    }, () => {
      clearTimeout(timer);
      resolve(null);
    });
  });
}

// ---------- textarea fallback with a Monaco-like subset ----------

class PlainModel {
  constructor(value, language, uri) {
    this.value = value;
    this.language = language;
    this.uri = uri;
    this.listeners = new Set();
  }
  getValue() { return this.value; }
  setValue(v) {
    this.value = v;
    for (const l of this.listeners) l();
  }
  onDidChangeContent(l) {
    this.listeners.add(l);
    return { dispose: () => this.listeners.delete(l) };
  }
  getLineCount() { return this.value.split('\n').length; }
  getLineMaxColumn(line) { return (this.value.split('\n')[line - 1] || '').length + 1; }
  dispose() { this.listeners.clear(); }
}

class PlainEditor {
  constructor(container, options) {
    this.ta = document.createElement('textarea');
    this.ta.className = 'fallback-editor';
    this.ta.spellcheck = false;
    this.ta.wrap = 'off';
    this.ta.setAttribute('aria-label', options.ariaLabel || 'Editor');
    this.ta.readOnly = !!options.readOnly;
    container.appendChild(this.ta);
    this.model = null;
    this.ta.addEventListener('input', () => {
      if (this.model && !this.ta.readOnly) this.model.setValue(this.ta.value);
    });
  }
  setModel(model) {
    this.model = model;
    this.ta.value = model ? model.getValue() : '';
  }
  getModel() { return this.model; }
  updateOptions(o) {
    if ('readOnly' in o) this.ta.readOnly = !!o.readOnly;
    if ('ariaLabel' in o) this.ta.setAttribute('aria-label', o.ariaLabel);
  }
  focus() { this.ta.focus(); }
  layout() {}
  addCommand() {}
  onDidChangeModelContent(l) { this.ta.addEventListener('input', l); }
  revealLineInCenter(line) {
    const lh = 19.5;
    this.ta.scrollTop = Math.max(0, (line - 5) * lh);
  }
  setPosition({ lineNumber, column }) {
    const lines = this.ta.value.split('\n');
    let off = 0;
    for (let i = 0; i < lineNumber - 1 && i < lines.length; i++) off += lines[i].length + 1;
    off += Math.max(0, column - 1);
    this.ta.setSelectionRange(off, off);
  }
}

/**
 * Creates the editor kit: {kind, monaco, createModel(text, language, path), createEditor(el, opts),
 * setMarkers(model, owner, markers), getMarkers(model, owner), addTypes(dts, path)}.
 */
export async function createEditorKit() {
  const monaco = await loadMonaco();
  if (!monaco) {
    let n = 0;
    return {
      kind: 'textarea',
      monaco: null,
      createModel: (text, language, path) => new PlainModel(text, language, path || `inmemory://${++n}`),
      createEditor: (el, opts) => {
        const ed = new PlainEditor(el, opts);
        if (opts.model) ed.setModel(opts.model);
        return ed;
      },
      setMarkers: (model, owner, markers) => {
        model.markers = model.markers || {};
        model.markers[owner] = markers;
      },
      getMarkers: (model, owner) => ((model.markers || {})[owner] || []),
      setTypes: () => {},
      modelPath: (model) => model.uri,
    };
  }

  const js = monaco.languages.typescript.javascriptDefaults;
  // Policies run in a sandbox with ECMAScript only: no DOM globals in completion.
  js.setCompilerOptions({
    target: monaco.languages.typescript.ScriptTarget.ES2020,
    module: monaco.languages.typescript.ModuleKind.ESNext,
    lib: ['es2020'],
    allowJs: true,
    checkJs: false,
    allowNonTsExtensions: true,
    noLib: false,
  });
  js.setDiagnosticsOptions({ noSemanticValidation: true, noSyntaxValidation: false });
  js.setEagerModelSync(true);
  js.addExtraLib(
    'declare var console: { log(...data: any[]): void; info(...data: any[]): void; warn(...data: any[]): void; error(...data: any[]): void; debug(...data: any[]): void; };\n'
      + 'declare class Headers { constructor(init?: Record<string, string> | [string, string][] | Headers); get(name: string): string | null; has(name: string): boolean; set(name: string, value: string): void; append(name: string, value: string): void; delete(name: string): void; forEach(cb: (value: string, name: string) => void): void; entries(): IterableIterator<[string, string]>; [Symbol.iterator](): IterableIterator<[string, string]>; }\n'
      + 'declare class Response { constructor(body?: string | null, init?: { status?: number; statusText?: string; headers?: Record<string, string> | [string, string][] | Headers }); readonly ok: boolean; readonly status: number; readonly statusText: string; readonly headers: Headers; readonly url: string; readonly redirected: boolean; readonly bodyUsed: boolean; text(): Promise<string>; json(): Promise<any>; clone(): Response; }\n'
      + "declare function fetch(url: string | { url: string } | { href: string }, init?: { method?: string; headers?: Record<string, string> | [string, string][] | Headers; body?: string | null; redirect?: 'follow' | 'manual' | 'error' }): Promise<Response>;\n",
    'file:///interlock/sandbox.d.ts',
  );
  let typesLib = null;

  return {
    kind: 'monaco',
    monaco,
    createModel: (text, language, path) => monaco.editor.createModel(text, language, path ? monaco.Uri.parse(path) : undefined),
    createEditor: (el, opts) => monaco.editor.create(el, {
      model: opts.model || null,
      readOnly: !!opts.readOnly,
      ariaLabel: opts.ariaLabel,
      automaticLayout: true,
      minimap: { enabled: false },
      fontSize: 13,
      lineNumbersMinChars: 3,
      scrollBeyondLastLine: false,
      tabSize: 2,
      renderLineHighlight: 'line',
      fixedOverflowWidgets: true,
      wordWrap: 'off',
      glyphMargin: false,
      folding: true,
      scrollbar: { alwaysConsumeMouseWheel: false },
      accessibilitySupport: 'auto',
      theme: 'vs',
    }),
    setMarkers: (model, owner, markers) => monaco.editor.setModelMarkers(model, owner, markers.map((m) => ({
      severity: m.severity === 'warning' ? monaco.MarkerSeverity.Warning : monaco.MarkerSeverity.Error,
      message: m.message,
      startLineNumber: m.line,
      startColumn: m.column,
      endLineNumber: m.endLine || m.line,
      endColumn: m.endColumn || Math.max(m.column + 1, model.getLineMaxColumn(Math.min(m.line, model.getLineCount()))),
      source: m.source,
    }))),
    getMarkers: (model, owner) => monaco.editor.getModelMarkers({ resource: model.uri, owner }),
    /** The service's d.ts (GET v1/policies/types) for completion; null removes it. */
    setTypes: (dts) => {
      if (typesLib) typesLib.dispose();
      typesLib = dts ? js.addExtraLib(dts, 'file:///interlock/interlock.d.ts') : null;
    },
    modelPath: (model) => model.uri.toString(),
  };
}
