import { useMemo, useState } from 'react';
import type { ProjectModel } from '../../shared/model/project-model';
import type { PaletteEntry } from './palette-entries';
import { paletteEntries, searchPalette } from './palette-entries';

/** Tab on the canvas: a search box at the cursor; Enter adds the first match there. */
export function QuickAdd({ model, at, onPick, onClose }: { model: ProjectModel | null; at: { x: number; y: number }; onPick: (entry: PaletteEntry) => void; onClose: () => void }) {
  const [query, setQuery] = useState('');
  const entries = useMemo(() => paletteEntries(model), [model]);
  const shown = searchPalette(entries, query).slice(0, 8);
  return (
    <div className="quick-add" style={{ left: at.x, top: at.y }} data-testid="quick-add">
      <input
        autoFocus
        value={query}
        onChange={(event) => setQuery(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Escape') onClose();
          if (event.key === 'Enter' && shown[0] !== undefined) onPick(shown[0]);
        }}
        onBlur={onClose}
        placeholder="Add a node…"
        data-testid="quick-add-input"
      />
      <ul>
        {shown.map((entry) => (
          <li key={entry.id}>
            <button type="button" onMouseDown={(event) => event.preventDefault()} onClick={() => onPick(entry)}>
              {entry.label}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
