import { ReactFlowProvider } from '@xyflow/react';
import { useShallow } from 'zustand/react/shallow';
import type { Diagnostic } from '../../shared/governance/diagnostic';
import { FlowCanvas } from '../canvas/FlowCanvas';
import { ProblemsPanel } from '../shell/ProblemsPanel';
import { useSteward } from '../store/use-store';

const nextFlowName = (count: number): string => `Flow ${count + 1}`;

export function FlowsView({ diagnostics, colorMode }: { diagnostics: readonly Diagnostic[]; colorMode: 'light' | 'dark' }) {
  const { project, flow, loadFlow, commitFlow, createFlow } = useSteward(
    useShallow((state) => ({ project: state.project, flow: state.flow, loadFlow: state.loadFlow, commitFlow: state.commitFlow, createFlow: state.createFlow })),
  );
  if (project === null) return null;
  return (
    <div className="flows-view">
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
            <FlowCanvas flow={flow} diagnostics={diagnostics} colorMode={colorMode} onChange={commitFlow} />
            <ProblemsPanel flow={flow} diagnostics={diagnostics} />
          </div>
        </ReactFlowProvider>
      )}
    </div>
  );
}
