import { Background, Controls, MiniMap, ReactFlow, ReactFlowProvider, applyEdgeChanges, applyNodeChanges, useReactFlow } from '@xyflow/react';
import type { Connection, Edge, EdgeChange, NodeChange, NodeTypes } from '@xyflow/react';
import { useCallback, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { Diagnostic } from '../../shared/governance/diagnostic';
import { addIntegration, addSystem, moveSystems, removeIntegrations, removeSystems } from '../../shared/model/model-edits';
import type { ProjectModel } from '../../shared/model/project-model';
import { SYSTEM_CATALOG } from '../../shared/model/system-catalog';
import { useSteward } from '../store/use-store';
import { SystemNodeCard } from './SystemNodeCard';
import { SystemsInspector } from './SystemsInspector';
import type { SystemNode } from './systems-projection';
import { toSystemsMap } from './systems-projection';

const nodeTypes: NodeTypes = { system: SystemNodeCard };

/** The audit view: the merchant's systems and today's integrations, with their pain points. */
export function SystemsMapView({ diagnostics, colorMode }: { diagnostics: readonly Diagnostic[]; colorMode: 'light' | 'dark' }) {
  const { model, commitModel } = useSteward(useShallow((state) => ({ model: state.model, commitModel: state.commitModel })));
  if (model === null) return <div className="view-empty">Loading the systems map…</div>;
  return (
    <ReactFlowProvider>
      <SystemsCanvas model={model} diagnostics={diagnostics} colorMode={colorMode} onChange={commitModel} />
    </ReactFlowProvider>
  );
}

function SystemsCanvas({ model, diagnostics, colorMode, onChange }: { model: ProjectModel; diagnostics: readonly Diagnostic[]; colorMode: 'light' | 'dark'; onChange: (next: ProjectModel) => void }) {
  const { screenToFlowPosition } = useReactFlow();
  const [selected, setSelected] = useState<string | null>(null);
  const [nodes, setNodes] = useState<SystemNode[]>(() => toSystemsMap(model, diagnostics).nodes);
  const [edges, setEdges] = useState<Edge[]>(() => toSystemsMap(model, diagnostics).edges);
  const [projected, setProjected] = useState({ model, diagnostics });
  if (projected.model !== model || projected.diagnostics !== diagnostics) {
    setProjected({ model, diagnostics });
    const projection = toSystemsMap(model, diagnostics, new Set(selected === null ? [] : [selected]));
    setNodes(projection.nodes);
    setEdges(projection.edges);
  }
  const [fitOnOpen] = useState(model.systems.length > 0);

  const onNodesChange = useCallback((changes: NodeChange<SystemNode>[]) => setNodes((current) => applyNodeChanges(changes, current)), []);
  const onEdgesChange = useCallback((changes: EdgeChange[]) => setEdges((current) => applyEdgeChanges(changes, current)), []);

  const add = (entry: (typeof SYSTEM_CATALOG)[number] | null): void => {
    const center = screenToFlowPosition({ x: window.innerWidth / 2, y: window.innerHeight / 2 });
    const position = { x: Math.round(center.x + (model.systems.length % 4) * 24), y: Math.round(center.y + (model.systems.length % 4) * 24) };
    const base = entry ?? { id: 'custom-system', name: 'Custom system', role: 'other' as const, connector: 'rest' };
    const result = addSystem(model, { id: base.id, name: base.name, role: base.role, connector: base.connector, connectorOptions: {}, environments: ['staging', 'production'], notes: '', position });
    setSelected(result.id);
    onChange(result.model);
  };

  return (
    <div className="systems-view" data-testid="view-systems">
      <aside className="palette" aria-label="System catalog">
        <div className="panel-title">Catalog</div>
        {SYSTEM_CATALOG.map((entry) => (
          <button key={entry.id} type="button" className={`palette-item role-${entry.role}`} onClick={() => add(entry)} data-testid={`catalog-${entry.id}`} title={`Add ${entry.name} (${entry.role})`}>
            <span className="palette-swatch" />
            {entry.name}
          </button>
        ))}
        <button type="button" className="palette-item" onClick={() => add(null)} data-testid="catalog-custom">
          + Custom system
        </button>
      </aside>
      <div className="flow-canvas" data-testid="systems-canvas">
        <ReactFlow<SystemNode>
          nodes={nodes}
          edges={edges}
          nodeTypes={nodeTypes}
          onNodesChange={onNodesChange}
          onEdgesChange={onEdgesChange}
          onNodeDragStop={(_event, _node, dragged) => onChange(moveSystems(model, new Map(dragged.map((node) => [node.id, node.position]))))}
          onConnect={(connection: Connection) => {
            if (connection.source === connection.target) return;
            const result = addIntegration(model, connection.source, connection.target);
            setSelected(result.id);
            onChange(result.model);
          }}
          onDelete={({ nodes: removedNodes, edges: removedEdges }) => {
            onChange(removeIntegrations(removeSystems(model, new Set(removedNodes.map((node) => node.id))), new Set(removedEdges.map((edge) => edge.id))));
            setSelected(null);
          }}
          onSelectionChange={({ nodes: selectedNodes, edges: selectedEdges }) => setSelected(selectedNodes[0]?.id ?? selectedEdges[0]?.id ?? null)}
          colorMode={colorMode}
          deleteKeyCode={['Backspace', 'Delete']}
          fitView={fitOnOpen}
          fitViewOptions={{ maxZoom: 1 }}
          proOptions={{ hideAttribution: true }}
        >
          <Background gap={20} />
          <Controls />
          <MiniMap pannable zoomable />
        </ReactFlow>
        {model.systems.length === 0 && <div className="canvas-empty">Add the merchant’s systems from the catalog.</div>}
      </div>
      <SystemsInspector model={model} selected={selected} onChange={onChange} />
    </div>
  );
}
