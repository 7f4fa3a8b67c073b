import { NodeResizer } from '@xyflow/react';
import type { NodeProps } from '@xyflow/react';
import { memo, useContext, useState } from 'react';
import { CanvasEditContext } from './canvas-edits';
import type { FrameNode } from './projection';

/**
 * A frame behind the steps it groups. Only its title bar takes the pointer, so
 * clicks and box selection inside it reach the canvas and the nodes; drag the
 * title to move the frame with everything in it, double-click it to rename.
 */
function FrameViewBody({ id, data, selected }: NodeProps<FrameNode>) {
  const edits = useContext(CanvasEditContext);
  const [draft, setDraft] = useState<string | null>(null);
  const finish = (): void => {
    if (draft !== null && draft.trim() !== '') edits.setFrameLabel(id, draft.trim());
    setDraft(null);
  };
  return (
    <div className={`canvas-frame${selected ? ' is-selected' : ''}`} data-testid={`frame-${data.label}`}>
      <NodeResizer isVisible={selected} minWidth={120} minHeight={80} onResizeEnd={(_event, box) => edits.resizeFrame(id, box)} />
      {draft === null ? (
        <div className="canvas-frame-title" onDoubleClick={() => setDraft(data.label)} title="Drag to move the group; double-click to rename">
          {data.label}
        </div>
      ) : (
        <input
          className="canvas-frame-title canvas-frame-input nodrag"
          autoFocus
          value={draft}
          maxLength={200}
          onChange={(event) => setDraft(event.target.value)}
          onBlur={finish}
          onKeyDown={(event) => {
            event.stopPropagation();
            if (event.key === 'Enter') finish();
            if (event.key === 'Escape') setDraft(null);
          }}
          aria-label="Group name"
          data-testid="frame-input"
        />
      )}
    </div>
  );
}

export const FrameView = memo(FrameViewBody);
