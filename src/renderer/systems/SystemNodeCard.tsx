import { Handle, Position } from '@xyflow/react';
import type { NodeProps } from '@xyflow/react';
import { memo } from 'react';
import type { SystemNode } from './systems-projection';

function SystemNodeCardView({ data, selected }: NodeProps<SystemNode>) {
  return (
    <div className={`system-node role-${data.role}${selected ? ' is-selected' : ''}`} data-testid={`system-${data.name}`}>
      <Handle type="target" position={Position.Left} />
      <div className="system-badge">{data.monogram}</div>
      <div className="system-text">
        <div className="system-name">{data.name}</div>
        <div className="system-meta">
          {data.role} · {data.connector}
          {data.owns > 0 ? ` · owns ${data.owns}` : ''}
        </div>
      </div>
      {data.errors > 0 && <div className="flow-node-badge is-error">{data.errors}</div>}
      <Handle type="source" position={Position.Right} />
    </div>
  );
}

export const SystemNodeCard = memo(SystemNodeCardView);
