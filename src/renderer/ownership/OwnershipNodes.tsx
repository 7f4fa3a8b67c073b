import { Handle, Position } from '@xyflow/react';
import type { Node, NodeProps } from '@xyflow/react';
import { memo } from 'react';
import type { EntityNodeData, OwnerSystemData } from './ownership-projection';
import { ENTITY_HANDLE } from './ownership-projection';

function OwnerSystemView({ data }: NodeProps<Node<OwnerSystemData, 'owner-system'>>) {
  return (
    <div className={`owner-system role-${data.role}`} data-testid={`owner-system-${data.name}`}>
      <span className="palette-swatch" />
      {data.name}
      <Handle type="source" position={Position.Right} />
    </div>
  );
}

function EntityView({ data, selected }: NodeProps<Node<EntityNodeData, 'entity'>>) {
  return (
    <div className={`entity-node${selected ? ' is-selected' : ''}${data.errors > 0 ? ' has-errors' : ''}`} data-testid={`entity-${data.name}`}>
      <div className="entity-title">
        <Handle type="target" position={Position.Left} id={ENTITY_HANDLE} />
        {data.name}
        {data.errors > 0 && <span className="flow-node-badge is-error entity-badge">{data.errors}</span>}
      </div>
      {data.fields.map((field) => (
        <div
          key={field.id}
          className={`entity-field${field.owners.length > 1 ? ' is-contested' : field.owners.length === 0 ? ' is-missing' : ''}${data.selectedField === `${data.name}.${field.id}` ? ' is-selected' : ''}`}
          data-testid={`entity-field-${data.name}.${field.id}`}
        >
          <Handle type="target" position={Position.Left} id={field.id} className="field-handle" />
          <span>{field.id}</span>
          <span className="entity-owner">{field.owners.join(' + ') || '—'}</span>
        </div>
      ))}
    </div>
  );
}

export const OwnerSystemNode = memo(OwnerSystemView);
export const EntityNode = memo(EntityView);
