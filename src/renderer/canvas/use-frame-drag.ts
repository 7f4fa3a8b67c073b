import { useCallback, useRef } from 'react';
import type { Dispatch, SetStateAction } from 'react';
import type { FlowDocument, Position } from '../../shared/model/flow';
import { frameContents } from '../../shared/model/frame-edits';
import type { CanvasNode } from './projection';

interface Carried {
  readonly frameId: string;
  readonly start: Position;
  readonly frameStart: Position;
}

/**
 * Dragging a frame carries what sits inside it: the contents follow the
 * frame live, and the finished drag returns their positions with the frame's,
 * so the whole move is one edit (one undo step).
 */
export function useFrameDrag(flow: FlowDocument, setNodes: Dispatch<SetStateAction<CanvasNode[]>>) {
  const carried = useRef<Map<string, Carried> | null>(null);

  const onDragStart = useCallback(
    (dragged: readonly CanvasNode[]) => {
      const draggedIds = new Set(dragged.map((node) => node.id));
      const positions = new Map<string, Position>();
      for (const item of [...flow.nodes, ...(flow.notes ?? []), ...(flow.frames ?? [])]) positions.set(item.id, item.position);
      const map = new Map<string, Carried>();
      for (const frame of dragged) {
        if (frame.type !== 'frame') continue;
        const frameStart = positions.get(frame.id) ?? frame.position;
        for (const id of frameContents(flow, frame.id)) {
          const start = positions.get(id);
          if (start !== undefined && !draggedIds.has(id) && !map.has(id)) map.set(id, { frameId: frame.id, start, frameStart });
        }
      }
      carried.current = map.size === 0 ? null : map;
    },
    [flow],
  );

  const onDrag = useCallback(
    (dragged: readonly CanvasNode[]) => {
      const map = carried.current;
      if (map === null) return;
      const frames = new Map(dragged.filter((node) => node.type === 'frame').map((node) => [node.id, node.position]));
      setNodes((current) => current.map((node) => {
        const entry = map.get(node.id);
        const at = entry === undefined ? undefined : frames.get(entry.frameId);
        if (entry === undefined || at === undefined) return node;
        return { ...node, position: { x: entry.start.x + at.x - entry.frameStart.x, y: entry.start.y + at.y - entry.frameStart.y } };
      }));
    },
    [setNodes],
  );

  /** The moves of the finished drag: what was dragged, and what its frames carried. */
  const onDragStop = useCallback((dragged: readonly CanvasNode[]): Map<string, Position> => {
    const moves = new Map(dragged.map((node) => [node.id, node.position]));
    const map = carried.current;
    carried.current = null;
    if (map === null) return moves;
    for (const [id, entry] of map) {
      const at = moves.get(entry.frameId);
      if (at !== undefined) moves.set(id, { x: entry.start.x + at.x - entry.frameStart.x, y: entry.start.y + at.y - entry.frameStart.y });
    }
    return moves;
  }, []);

  return { onDragStart, onDrag, onDragStop };
}
