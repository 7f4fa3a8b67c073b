import type { NodeProps } from '@xyflow/react';
import { memo, useContext, useEffect, useRef, useState } from 'react';
import { CanvasEditContext } from './canvas-edits';
import type { NoteNode } from './projection';

/**
 * A sticky note: double-click to write, click away (or Escape) to keep it.
 * The textarea opts out of canvas drags and keys while it has focus.
 */
function StickyNoteView({ id, data, selected }: NodeProps<NoteNode>) {
  const { setNoteText: setText } = useContext(CanvasEditContext);
  const [draft, setDraft] = useState<string | null>(data.text === '' ? '' : null);
  // React Flow shows a node only once it is measured, so keep trying for a few frames
  // rather than focusing on mount, when the textarea is still hidden.
  const input = useRef<HTMLTextAreaElement>(null);
  const editing = draft !== null;
  useEffect(() => {
    if (!editing) return;
    let frame = 0;
    let tries = 0;
    const focus = (): void => {
      input.current?.focus();
      tries += 1;
      if (document.activeElement !== input.current && tries < 30) frame = requestAnimationFrame(focus);
    };
    frame = requestAnimationFrame(focus);
    return () => cancelAnimationFrame(frame);
  }, [editing]);
  const finish = (): void => {
    if (draft !== null) setText(id, draft);
    setDraft(null);
  };
  return (
    <div className={`sticky-note${selected ? ' is-selected' : ''}`} onDoubleClick={() => setDraft(data.text)} data-testid={`note-${id}`}>
      {draft === null ? (
        <div className="sticky-note-text">{data.text === '' ? 'Double-click to write a note' : data.text}</div>
      ) : (
        <textarea
          className="sticky-note-input nodrag nowheel"
          ref={input}
          value={draft}
          maxLength={4000}
          placeholder="A note for whoever reads this flow"
          onChange={(event) => setDraft(event.target.value)}
          onBlur={finish}
          onKeyDown={(event) => {
            event.stopPropagation();
            if (event.key === 'Escape') finish();
          }}
          aria-label="Note text"
          data-testid="note-input"
        />
      )}
    </div>
  );
}

export const StickyNote = memo(StickyNoteView);
