import type * as Monaco from 'monaco-editor/editor/editor.api.js';
import { LIBRARY } from '../../shared/expression/library';

/**
 * Monaco, bundled locally (no CDN) and loaded on first use so the app's
 * first paint does not pay for it. Only the core editor and its base worker
 * are loaded; Steward's expression language is registered here with
 * highlighting and completion of the fields in scope and the functions.
 */
export type MonacoApi = typeof Monaco;

export const EXPRESSION_LANGUAGE = 'steward-expression';

/** The fields each editor model may complete, keyed by the model's URI. */
export const scopes = new Map<string, readonly { name: string; type: string }[]>();

let loading: Promise<MonacoApi> | null = null;

export function loadMonaco(): Promise<MonacoApi> {
  loading ??= (async () => {
    const [monaco, worker] = await Promise.all([import('monaco-editor/editor/editor.api.js'), import('monaco-editor/editor/editor.worker.js?worker')]);
    (self as unknown as { MonacoEnvironment: { getWorker: () => Worker } }).MonacoEnvironment = { getWorker: () => new worker.default() };
    register(monaco);
    return monaco;
  })();
  return loading;
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
      const fields = (scopes.get(model.uri.toString()) ?? []).map((field) => ({
        label: field.name,
        kind: monaco.languages.CompletionItemKind.Field,
        detail: field.type,
        insertText: field.name,
        range,
      }));
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
