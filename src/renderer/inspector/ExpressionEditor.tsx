import { useEffect, useRef, useState } from 'react';
import { compileExpression } from '../../shared/expression/compile';
import type { ExprType } from '../../shared/expression/library';
import { EXPRESSION_LANGUAGE, loadMonaco, scopes } from './monaco';

/**
 * An expression edited in Monaco: completion of the fields in scope and of
 * the functions, and the checker's error as an inline marker at its span.
 */
interface ExpressionEditorProps {
  readonly value: string;
  readonly scope: ReadonlyMap<string, ExprType>;
  readonly onChange: (value: string) => void;
  readonly label: string;
  readonly theme: 'light' | 'dark';
}

export function ExpressionEditor({ value, scope, onChange, label, theme }: ExpressionEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const editorRef = useRef<{ getValue(): string; setValue(text: string): void; getModel(): unknown; dispose(): void } | null>(null);
  const latest = useRef({ onChange, scope });
  const [ready, setReady] = useState(false);
  useEffect(() => {
    latest.current = { onChange, scope };
  });

  useEffect(() => {
    let disposed = false;
    void loadMonaco().then((monaco) => {
      if (disposed || host.current === null) return;
      const editor = monaco.editor.create(host.current, {
        value,
        language: EXPRESSION_LANGUAGE,
        theme: theme === 'dark' ? 'vs-dark' : 'vs',
        minimap: { enabled: false },
        lineNumbers: 'off',
        glyphMargin: false,
        folding: false,
        scrollBeyondLastLine: false,
        wordWrap: 'on',
        fontSize: 12,
        automaticLayout: true,
        ariaLabel: label,
        renderLineHighlight: 'none',
        overviewRulerLanes: 0,
        // Hovers and the completion list may reach outside the small editor box.
        fixedOverflowWidgets: true,
      });
      const model = editor.getModel();
      const mark = (): void => {
        if (model === null) return;
        const text = editor.getValue();
        const compiled = text.trim() === '' ? null : compileExpression(text, latest.current.scope);
        const markers =
          compiled === null || compiled.ok
            ? []
            : [
                {
                  severity: monaco.MarkerSeverity.Error,
                  message: compiled.error.message,
                  startLineNumber: model.getPositionAt(compiled.error.span.start).lineNumber,
                  startColumn: model.getPositionAt(compiled.error.span.start).column,
                  endLineNumber: model.getPositionAt(Math.max(compiled.error.span.end, compiled.error.span.start + 1)).lineNumber,
                  endColumn: model.getPositionAt(Math.max(compiled.error.span.end, compiled.error.span.start + 1)).column,
                },
              ];
        monaco.editor.setModelMarkers(model, 'steward', markers);
      };
      if (model !== null) scopes.set(model.uri.toString(), [...latest.current.scope].map(([name, type]) => ({ name, type })));
      editor.onDidChangeModelContent(() => {
        mark();
        latest.current.onChange(editor.getValue());
      });
      mark();
      editorRef.current = editor;
      setReady(true);
    });
    return () => {
      disposed = true;
      const model = editorRef.current?.getModel() as { uri: { toString(): string } } | null | undefined;
      if (model !== undefined && model !== null) scopes.delete(model.uri.toString());
      editorRef.current?.dispose();
      editorRef.current = null;
    };
    // The editor is created once; value changes arrive through the effect below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    const editor = editorRef.current;
    if (editor !== null && editor.getValue() !== value) editor.setValue(value);
  }, [value, ready]);

  return <div className="expression-editor" ref={host} data-testid="expression-editor" data-ready={ready} />;
}
