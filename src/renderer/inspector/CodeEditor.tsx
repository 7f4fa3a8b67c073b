import { useEffect, useRef, useState } from 'react';
import { loadTypeScript } from './monaco';

/**
 * A code step in Monaco as TypeScript, checked against the types of its input
 * and output (see code-step.ts): completion of the fields in scope and the
 * language service's errors inline.
 */
interface CodeEditorProps {
  readonly value: string;
  /** Declarations of `Input` and `Output` for this step. */
  readonly types: string;
  readonly onChange: (value: string) => void;
  readonly theme: 'light' | 'dark';
}

/** One code step is open at a time (the inspector shows one node), so its types have one place. */
const TYPES_URI = 'file:///steward/code-step-types.d.ts';

export function CodeEditor({ value, types, onChange, theme }: CodeEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const editorRef = useRef<{ getValue(): string; setValue(text: string): void; dispose(): void } | null>(null);
  const latest = useRef(onChange);
  const [ready, setReady] = useState(false);
  const [library, setLibrary] = useState<{ setTypes(text: string): void } | null>(null);
  useEffect(() => {
    latest.current = onChange;
  });

  useEffect(() => {
    let disposed = false;
    let dispose = (): void => undefined;
    void loadTypeScript().then(({ monaco, typescript }) => {
      if (disposed || host.current === null) return;
      const model = monaco.editor.createModel(value, 'typescript', monaco.Uri.parse(`file:///steward/code-step-${Date.now()}.ts`));
      const editor = monaco.editor.create(host.current, {
        model,
        theme: theme === 'dark' ? 'vs-dark' : 'vs',
        minimap: { enabled: false },
        lineNumbers: 'on',
        lineNumbersMinChars: 2,
        folding: false,
        scrollBeyondLastLine: false,
        fontSize: 12,
        tabSize: 2,
        automaticLayout: true,
        ariaLabel: 'Code step',
        overviewRulerLanes: 0,
        // Hovers and the completion list may reach outside the small editor box.
        fixedOverflowWidgets: true,
      });
      editor.onDidChangeModelContent(() => latest.current(editor.getValue()));
      let extra = typescript.typescriptDefaults.addExtraLib('', TYPES_URI);
      setLibrary({
        setTypes(text) {
          extra.dispose();
          extra = typescript.typescriptDefaults.addExtraLib(text, TYPES_URI);
        },
      });
      editorRef.current = editor;
      dispose = () => {
        extra.dispose();
        editor.dispose();
        model.dispose();
      };
      setReady(true);
    });
    return () => {
      disposed = true;
      dispose();
      editorRef.current = null;
    };
    // The editor is created once; value and types arrive through the effects below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => library?.setTypes(types), [library, types]);

  useEffect(() => {
    const editor = editorRef.current;
    if (editor !== null && editor.getValue() !== value) editor.setValue(value);
  }, [value, ready]);

  return <div className="code-editor" ref={host} data-testid="code-editor" data-ready={ready} />;
}
