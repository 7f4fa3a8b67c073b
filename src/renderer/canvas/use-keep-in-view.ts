import { useReactFlow } from '@xyflow/react';
import { useEffect } from 'react';
import type { RefObject } from 'react';
import { CARD_SIZE } from '../../shared/model/flow';

/** Room kept between a node and the canvas's edge when it is brought into view. */
const MARGIN = 32;

/**
 * When one node is selected, the inspector opens and the canvas narrows; the
 * node may end up under it. This pans, at the same zoom, just enough to keep
 * the selected node on the canvas.
 */
export function useKeepInView(nodeId: string | null, pane: RefObject<HTMLDivElement | null>): void {
  const { getInternalNode, getViewport, setViewport } = useReactFlow();
  useEffect(() => {
    if (nodeId === null) return;
    const keep = (): void => {
      const node = getInternalNode(nodeId);
      const box = pane.current?.getBoundingClientRect();
      if (node === undefined || box === undefined) return;
      const { x, y, zoom } = getViewport();
      const left = node.internals.positionAbsolute.x * zoom + x;
      const top = node.internals.positionAbsolute.y * zoom + y;
      const width = (node.measured.width ?? CARD_SIZE.width) * zoom;
      const height = (node.measured.height ?? CARD_SIZE.height) * zoom;
      const shift = (start: number, size: number, room: number): number => {
        if (start + size > room - MARGIN) return Math.max(room - MARGIN - (start + size), MARGIN - start);
        return start < MARGIN ? MARGIN - start : 0;
      };
      const dx = shift(left, width, box.width);
      const dy = shift(top, height, box.height);
      if (dx !== 0 || dy !== 0) void setViewport({ x: x + dx, y: y + dy, zoom }, { duration: 200 });
    };
    // The inspector narrows the canvas after it mounts, however long that takes: check then too.
    const frame = requestAnimationFrame(keep);
    const resized = new ResizeObserver(keep);
    if (pane.current !== null) resized.observe(pane.current);
    return () => {
      cancelAnimationFrame(frame);
      resized.disconnect();
    };
  }, [nodeId, pane, getInternalNode, getViewport, setViewport]);
}
