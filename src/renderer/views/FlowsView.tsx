import { ReactFlowProvider } from '@xyflow/react';
import { useMemo, useState } from 'react';
import { analyseFlow } from '../../shared/governance/flow-analysis';
import { NodeInspector } from '../inspector/NodeInspector';
import { useShallow } from 'zustand/react/shallow';
import type { Diagnostic } from '../../shared/governance/diagnostic';
import { FlowCanvas } from '../canvas/FlowCanvas';
import { ProblemsPanel } from '../shell/ProblemsPanel';
import { useSteward } from '../store/use-store';

const nextFlowName = (count: number): string => `Flow ${count + 1}`;

export function FlowsView({ diagnostics, colorMode }: { diagnostics: readonly Diagnostic[]; colorMode: 'light' | 'dark' }) {
  const { project, flow, model, loadFlow, commitFlow, createFlow } = useSteward(
    useShallow((state) => ({ project: state.project, flow: state.flow, model: state.model, loadFlow: state.loadFlow, commitFlow: state.commitFlow, createFlow: state.createFlow })),
  );
  const [selection, setSelection] = useState<readonly string[]>([]);
  const scopes = useMemo(() => (flow === null || model === null ? new Map<string, readonly string[]>() : analyseFlow(model, flow).scopes), [flow, model]);
  if (project === null) return null;
  const selectedNode = selection.length === 1 ? flow?.nodes.find((node) => node.id === selection[0]) : undefined;
  return (
    <div className={`flows-view${selectedNode === undefined ? '' : ' has-inspector'}`}>
      <aside className="flows-list" aria-label="Flows">
        <div className="panel-title panel-title-row">
          Flows
          <button type="button" className="icon-button" aria-label="New flow" title="New flow" onClick={() => void createFlow(nextFlowName(project.flows.length))} data-testid="flow-new">
            +
          </button>
        </div>
        <ul>
          {project.flows.map((summary) => (
            <li key={summary.id}>
              <button
                type="button"
                className={`flows-item${flow?.id === summary.id ? ' is-active' : ''}`}
                onClick={() => void loadFlow(summary.id)}
                data-testid={`flow-${summary.name}`}
              >
                <span>{summary.name}</span>
                <span className="muted">{summary.nodeCount}</span>
              </button>
            </li>
          ))}
        </ul>
      </aside>
      {flow === null ? (
        <div className="view-empty">Loading flow…</div>
      ) : (
        <ReactFlowProvider key={flow.id}>
          <div className="flow-workspace">
            <FlowCanvas flow={flow} diagnostics={diagnostics} colorMode={colorMode} onChange={commitFlow} onSelect={(ids) => setSelection((previous) => (previous.join() === ids.join() ? previous : ids))} />
            <ProblemsPanel flow={flow} diagnostics={diagnostics} />
          </div>
        </ReactFlowProvider>
      )}
      {flow !== null && model !== null && selectedNode !== undefined && (
        <NodeInspector
          model={model}
          flow={flow}
          node={selectedNode}
          scope={scopes.get(selectedNode.id) ?? []}
          flows={project.flows}
          onChange={(next, mergeKey) => commitFlow(next, mergeKey === undefined ? {} : { mergeKey })}
        />
      )}
    </div>
  );
}
