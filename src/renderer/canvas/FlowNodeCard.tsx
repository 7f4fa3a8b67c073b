import { Handle, Position } from '@xyflow/react';
import type { NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { NODE_KIND_INFO } from '../../shared/model/node-kinds';
import { useSteward } from '../store/use-store';
import type { StepNode } from './projection';

/**
 * One node on the canvas: its kind, its label, its governance badge and its
 * typed handles. Memoised, because React Flow re-renders on every viewport
 * change and a flow may hold thousands of nodes.
 */
function FlowNodeCardView({ id, data, selected }: NodeProps<StepNode>) {
  const info = NODE_KIND_INFO[data.kind];
  // The last run's counter for this node; a number pair, so the card re-renders only when it changes.
  const passed = useSteward((state) => (state.flow === null ? undefined : state.runStatus?.nodes[`${state.flow.id}:${id}`]?.passed));
  const failed = useSteward((state) => (state.flow === null ? undefined : state.runStatus?.nodes[`${state.flow.id}:${id}`]?.failed));
  return (
    <div className={`flow-node kind-${data.kind}${selected ? ' is-selected' : ''}`} data-testid={`node-${data.label}`}>
      {info.hasInput && <Handle type="target" position={Position.Left} id="in" />}
      <div className="flow-node-kind">{info.label}</div>
      <div className="flow-node-label" title={data.label}>
        {data.label}
      </div>
      {data.detail !== '' && <div className="flow-node-detail">{data.detail}</div>}
      {(data.errors > 0 || data.warnings > 0) && (
        <div className={`flow-node-badge ${data.errors > 0 ? 'is-error' : 'is-warning'}`} title={`${data.errors} errors, ${data.warnings} warnings`}>
          {data.errors > 0 ? data.errors : data.warnings}
        </div>
      )}
      {passed !== undefined && (
        <div className="flow-node-run" data-testid={`run-counter-${data.label}`} title={`${passed} passed, ${failed ?? 0} failed in the last run`}>
          <span className="ok-text">✓ {passed}</span>
          {(failed ?? 0) > 0 && <span className="error-text"> ✗ {failed}</span>}
        </div>
      )}
      {info.outputs.map((output, index) => (
        <Handle
          key={output}
          type="source"
          position={Position.Right}
          id={output}
          style={info.outputs.length > 1 ? { top: `${((index + 1) * 100) / (info.outputs.length + 1)}%` } : undefined}
          title={output}
        />
      ))}
    </div>
  );
}

export const FlowNodeCard = memo(FlowNodeCardView);
