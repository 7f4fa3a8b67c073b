import { Background, Controls, ReactFlow, ReactFlowProvider, applyNodeChanges, useReactFlow } from '@xyflow/react';
import type { Connection, Edge, NodeChange, NodeTypes } from '@xyflow/react';
import { useCallback, useEffect, useState } from 'react';
import type { Diagnostic } from '../../shared/governance/diagnostic';
import { assignOwner, clearAssignment } from '../../shared/model/model-edits';
import type { ProjectModel } from '../../shared/model/project-model';
import { EntityNode, OwnerSystemNode } from './OwnershipNodes';
import type { OwnershipNode } from './ownership-projection';
import { ENTITY_HANDLE, entityNodeId, toOwnershipCanvas } from './ownership-projection';

const nodeTypes: NodeTypes = { 'owner-system': OwnerSystemNode, entity: EntityNode };

interface OwnershipCanvasProps {
  readonly model: ProjectModel;
  readonly diagnostics: readonly Diagnostic[];
  readonly selected: string | null;
  readonly colorMode: 'light' | 'dark';
  readonly onChange: (next: ProjectModel) => void;
}

/**
 * Ownership drawn: connect a system to an entity (its default owner) or to
 * one field (an override). Deleting an edge removes the assignment. The
 * matrix and this canvas edit the same model.
 */
export function OwnershipCanvas(props: OwnershipCanvasProps) {
  return (
    <ReactFlowProvider>
      <Canvas {...props} />
    </ReactFlowProvider>
  );
}

function Canvas({ model, diagnostics, selected, colorMode, onChange }: OwnershipCanvasProps) {
  const [nodes, setNodes] = useState<OwnershipNode[]>(() => toOwnershipCanvas(model, diagnostics, selected).nodes);
  const [projected, setProjected] = useState({ model, diagnostics, selected });
  const edges: Edge[] = toOwnershipCanvas(model, diagnostics, selected).edges;
  if (projected.model !== model || projected.diagnostics !== diagnostics || projected.selected !== selected) {
    setProjected({ model, diagnostics, selected });
    setNodes(toOwnershipCanvas(model, diagnostics, selected).nodes);
  }
  // A selected finding brings its entity into view.
  const { fitView } = useReactFlow();
  const focus = selected === null ? null : entityNodeId(selected.split('.')[0] ?? selected);
  useEffect(() => {
    if (focus !== null) void fitView({ nodes: [{ id: focus }], duration: 250, maxZoom: 1.2 });
  }, [focus, fitView]);

  const onNodesChange = useCallback((changes: NodeChange<OwnershipNode>[]) => setNodes((current) => applyNodeChanges(changes, current)), []);

  const onConnect = (connection: Connection): void => {
    const system = connection.source.replace(/^system:/, '');
    const entity = connection.target.replace(/^entity:/, '');
    const field = connection.targetHandle === null || connection.targetHandle === ENTITY_HANDLE ? null : connection.targetHandle;
    onChange(assignOwner(model, entity, field, system));
  };

  return (
    <div className="flow-canvas ownership-canvas" data-testid="ownership-canvas">
      <ReactFlow<OwnershipNode>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        onNodesChange={onNodesChange}
        onConnect={onConnect}
        isValidConnection={(connection) => connection.source.startsWith('system:') && connection.target.startsWith('entity:')}
        onEdgesDelete={(removed) => {
          let next = model;
          for (const edge of removed) {
            const data = edge.data as { entity: string; field: string | null; system: string } | undefined;
            if (data !== undefined) next = clearAssignment(next, data.entity, data.field, data.system);
          }
          onChange(next);
        }}
        colorMode={colorMode}
        deleteKeyCode={['Backspace', 'Delete']}
        fitView
        fitViewOptions={{ maxZoom: 1, padding: 0.05 }}
        minZoom={0.2}
        proOptions={{ hideAttribution: true }}
      >
        <Background gap={20} />
        <Controls />
      </ReactFlow>
    </div>
  );
}
