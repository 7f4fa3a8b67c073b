import type * as Monaco from 'monaco-editor/editor/editor.api.js';
import { LIBRARY } from '../../shared/expression/library';

/**
 * Monaco, bundled locally (no CDN) and loaded on first use so the app's
 * first paint does not pay for it. The core editor, the contributions an
 * editor of short expressions and code steps needs (monaco-contributions.ts)
 * and its base worker are loaded; Steward's expression language is registered
 * here with highlighting and completion of the fields in scope and the
 * functions.
 */
export type MonacoApi = typeof Monaco;

export const EXPRESSION_LANGUAGE = 'steward-expression';

/** The fields each editor model may complete, keyed by the model's URI. */
export const scopes = new Map<string, readonly { name: string; type: string }[]>();

let loading: Promise<MonacoApi> | null = null;
/** The TypeScript worker, once a code step has asked for it. */
let typescriptWorker: (new () => Worker) | null = null;

export function loadMonaco(): Promise<MonacoApi> {
  loading ??= (async () => {
    const [monaco, worker] = await Promise.all([import('monaco-editor/editor/editor.api.js'), import('monaco-editor/editor/editor.worker.js?worker'), import('./monaco-contributions')]);
    (self as unknown as { MonacoEnvironment: { getWorker: (id: string, label: string) => Worker } }).MonacoEnvironment = {
      getWorker: (_id, label) => (typescriptWorker !== null && (label === 'typescript' || label === 'javascript') ? new typescriptWorker() : new worker.default()),
    };
    register(monaco);
    return monaco;
  })();
  return loading;
}

let loadingTypeScript: Promise<TypeScriptApi> | null = null;

export type TypeScriptApi = typeof import('monaco-editor/languages/features/typescript/register.js');

/**
 * TypeScript for code steps: highlighting, the language service (completion,
 * inline errors) and its worker. Loaded only when a code step is opened, since
 * the language service is most of Monaco's weight.
 */
export function loadTypeScript(): Promise<{ monaco: MonacoApi; typescript: TypeScriptApi }> {
  loadingTypeScript ??= (async () => {
    const [worker, typescript] = await Promise.all([
      import('monaco-editor/language/typescript/ts.worker.js?worker'),
      import('monaco-editor/languages/features/typescript/register.js'),
      import('monaco-editor/languages/definitions/typescript/register.js'),
      loadMonaco(),
    ]);
    typescriptWorker = worker.default;
    typescript.typescriptDefaults.setCompilerOptions({
      target: typescript.ScriptTarget.ES2020,
      module: typescript.ModuleKind.ESNext,
      strict: true,
      noEmit: true,
      // A code step sees only its input: no DOM, no Node.
      lib: ['lib.es2020.d.ts'],
    });
    return typescript;
  })();
  return loadingTypeScript.then(async (typescript) => ({ monaco: await loadMonaco(), typescript }));
}

function register(monaco: MonacoApi): void {
  monaco.languages.register({ id: EXPRESSION_LANGUAGE });
  monaco.languages.setMonarchTokensProvider(EXPRESSION_LANGUAGE, {
    keywords: ['if', 'then', 'else', 'and', 'or', 'not', 'true', 'false', 'null'],
    functions: Object.keys(LIBRARY),
    tokenizer: {
      root: [
        [/[A-Za-z_$][\w$]*(?=\s*\()/, { cases: { '@functions': 'predefined', '@default': 'identifier' } }],
        [/[A-Za-z_$][\w$]*/, { cases: { '@keywords': 'keyword', '@default': 'variable' } }],
        [/\d+(\.\d+)?/, 'number'],
        [/"([^"\\]|\\.)*"/, 'string'],
        [/'([^'\\]|\\.)*'/, 'string'],
        [/[+\-*/%<>=!&?:]+/, 'operator'],
      ],
    },
  });
  monaco.languages.registerCompletionItemProvider(EXPRESSION_LANGUAGE, {
    triggerCharacters: ['.'],
    provideCompletionItems(model, position) {
      const word = model.getWordUntilPosition(position);
      const range = { startLineNumber: position.lineNumber, endLineNumber: position.lineNumber, startColumn: word.startColumn, endColumn: word.endColumn };
      // After `netsuite.` only netsuite's fields; elsewhere the names at the top of the scope, and the functions.
      const before = model.getLineContent(position.lineNumber).slice(0, word.startColumn - 1);
      const owner = /([A-Za-z_][\w.]*)\.$/.exec(before)?.[1] ?? null;
      const inScope = scopes.get(model.uri.toString()) ?? [];
      const members = owner === null ? inScope.filter((field) => !field.name.includes('.')) : inScope.filter((field) => field.name.startsWith(`${owner}.`) && !field.name.slice(owner.length + 1).includes('.')).map((field) => ({ ...field, name: field.name.slice(owner.length + 1) }));
      const fields = members.map((field) => ({
        label: field.name,
        kind: monaco.languages.CompletionItemKind.Field,
        detail: field.type,
        insertText: field.name,
        range,
      }));
      if (owner !== null) return { suggestions: fields };
      const functions = Object.entries(LIBRARY).map(([name, fn]) => ({
        label: name,
        kind: monaco.languages.CompletionItemKind.Function,
        detail: fn.summary,
        insertText: `${name}($0)`,
        insertTextRules: monaco.languages.CompletionItemInsertTextRule.InsertAsSnippet,
        range,
      }));
      return { suggestions: [...fields, ...functions] };
    },
  });
}
