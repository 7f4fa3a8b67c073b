import { BaseEdge, EdgeLabelRenderer, getBezierPath } from '@xyflow/react';
import type { EdgeProps } from '@xyflow/react';
import { memo, useContext } from 'react';
import { CanvasEditContext } from './canvas-edits';

/**
 * A connection that, once selected, offers a + at its middle to put a node on
 * it. Only the selected edge draws the button, so big flows pay nothing.
 */
function InsertableEdgeView({ id, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, selected, markerEnd, style }: EdgeProps) {
  const edits = useContext(CanvasEditContext);
  const [path, labelX, labelY] = getBezierPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition });
  return (
    <>
      <BaseEdge id={id} path={path} {...(markerEnd === undefined ? {} : { markerEnd })} {...(style === undefined ? {} : { style })} />
      {selected === true && (
        <EdgeLabelRenderer>
          <button
            type="button"
            className="edge-insert nodrag nopan"
            style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
            onClick={(event) => edits.insertOnEdge(id, { x: event.clientX, y: event.clientY })}
            title="Put a node on this connection (or press Tab)"
            aria-label="Put a node on this connection"
            data-testid="edge-insert"
          >
            +
          </button>
        </EdgeLabelRenderer>
      )}
    </>
  );
}

export const InsertableEdge = memo(InsertableEdgeView);
