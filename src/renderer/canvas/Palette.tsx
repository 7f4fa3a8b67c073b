import { useMemo, useState } from 'react';
import type { DragEvent } from 'react';
import type { ProjectModel } from '../../shared/model/project-model';
import type { PaletteEntry } from './palette-entries';
import { paletteEntries, searchPalette } from './palette-entries';

/** The MIME type a palette drag carries; the canvas drop reads the entry id from it. */
export const NODE_KIND_MIME = 'application/x-steward-node-kind';

export function Palette({ model, onAdd }: { model: ProjectModel | null; onAdd: (entry: PaletteEntry) => void }) {
  const [query, setQuery] = useState('');
  const entries = useMemo(() => paletteEntries(model), [model]);
  const shown = searchPalette(entries, query);
  const startDrag = (event: DragEvent<HTMLButtonElement>, entry: PaletteEntry): void => {
    event.dataTransfer.setData(NODE_KIND_MIME, entry.id);
    event.dataTransfer.effectAllowed = 'copy';
  };
  return (
    <aside className="palette" aria-label="Node palette">
      <div className="panel-title">Nodes</div>
      <input className="palette-search" value={query} onChange={(event) => setQuery(event.target.value)} placeholder="Search: kind, system, entity" aria-label="Search the palette" data-testid="palette-search" />
      {shown.map((entry) => (
        <button
          key={entry.id}
          type="button"
          className={`palette-item kind-${entry.kind}`}
          draggable
          onDragStart={(event) => startDrag(event, entry)}
          onClick={() => onAdd(entry)}
          title="Drag onto the canvas, or click to add"
          data-testid={`palette-${entry.id}`}
        >
          <span className="palette-swatch" />
          {entry.label}
        </button>
      ))}
      {shown.length === 0 && <p className="muted">Nothing matches “{query}”.</p>}
    </aside>
  );
}
