import { Panel } from '@xyflow/react';
import type { RefObject } from 'react';

interface CanvasToolbarProps {
  readonly searchRef: RefObject<HTMLInputElement | null>;
  readonly query: string;
  readonly onQuery: (query: string) => void;
  readonly matches: ReadonlySet<string> | null;
  readonly onFind: (nodeIds: string[]) => void;
  readonly onNote: () => void;
  readonly onGroup: () => void;
  /** Null where the canvas cannot create flows (no project around it). */
  readonly onExtract: (() => void) | null;
  readonly canExtract: boolean;
  readonly onLayout: () => void;
}

/** Canvas search and the canvas-wide actions, top right over the canvas. */
export function CanvasToolbar({ searchRef, query, onQuery, matches, onFind, onNote, onGroup, onExtract, canExtract, onLayout }: CanvasToolbarProps) {
  return (
    <Panel position="top-right" className="canvas-toolbar">
      <input
        ref={searchRef}
        className="canvas-search"
        value={query}
        onChange={(event) => onQuery(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && matches !== null && matches.size > 0) onFind([...matches]);
          if (event.key === 'Escape') onQuery('');
        }}
        placeholder="Search  kind: system: is:invalid"
        aria-label="Search the canvas"
        data-testid="canvas-search"
      />
      {matches !== null && <span className="canvas-search-count" data-testid="canvas-search-count">{matches.size} found</span>}
      <button type="button" onClick={onNote} title="Add a sticky note: context for whoever reads the flow" data-testid="add-note">
        Note
      </button>
      <button type="button" onClick={onGroup} title="Frame the selection as a group, or add an empty frame (Ctrl+G)" data-testid="add-frame">
        Group
      </button>
      {onExtract !== null && (
        <button type="button" onClick={onExtract} disabled={!canExtract} title="Move the selected steps into a new flow, called from here by one sub-flow node" data-testid="extract-subflow">
          Sub-flow
        </button>
      )}
      <button type="button" onClick={onLayout} title="Lay out the selection, or the whole flow (one undo step)" data-testid="auto-layout">
        Auto-layout
      </button>
    </Panel>
  );
}
