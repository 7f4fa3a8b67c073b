import type { DragEvent } from 'react';
import { NODE_KINDS, NODE_KIND_INFO } from '../../shared/model/node-kinds';
import type { NodeKind } from '../../shared/model/node-kinds';

/** The MIME type a palette drag carries; the canvas drop reads it. */
export const NODE_KIND_MIME = 'application/x-steward-node-kind';

export function Palette({ onAdd }: { onAdd: (kind: NodeKind) => void }) {
  const startDrag = (event: DragEvent<HTMLButtonElement>, kind: NodeKind): void => {
    event.dataTransfer.setData(NODE_KIND_MIME, kind);
    event.dataTransfer.effectAllowed = 'copy';
  };
  return (
    <aside className="palette" aria-label="Node palette">
      <div className="panel-title">Nodes</div>
      {NODE_KINDS.map((kind) => (
        <button
          key={kind}
          type="button"
          className={`palette-item kind-${kind}`}
          draggable
          onDragStart={(event) => startDrag(event, kind)}
          onClick={() => onAdd(kind)}
          title={`${NODE_KIND_INFO[kind].summary}. Drag onto the canvas, or click to add.`}
          data-testid={`palette-${kind}`}
        >
          <span className="palette-swatch" />
          {NODE_KIND_INFO[kind].label}
        </button>
      ))}
    </aside>
  );
}
