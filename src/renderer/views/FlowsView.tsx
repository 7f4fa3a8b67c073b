import { ReactFlowProvider } from '@xyflow/react';
import { useMemo, useState } from 'react';
import { analyseFlow } from '../../shared/governance/flow-analysis';
import { NodeInspector } from '../inspector/NodeInspector';
import { Icon } from '../shell/icons';
import { useShallow } from 'zustand/react/shallow';
import type { Diagnostic } from '../../shared/governance/diagnostic';
import { FlowCanvas } from '../canvas/FlowCanvas';
import { NodeRuns } from '../run/NodeRuns';
import { RunBar } from '../run/RunBar';
import { TransactionView } from '../run/TransactionView';
import { ProblemsPanel } from '../shell/ProblemsPanel';
import { useSteward } from '../store/use-store';

const nextFlowName = (count: number): string => `Flow ${count + 1}`;

export function FlowsView({ diagnostics, allDiagnostics, colorMode }: { diagnostics: readonly Diagnostic[]; allDiagnostics: readonly Diagnostic[]; colorMode: 'light' | 'dark' }) {
  const { project, flow, model, loadFlow, commitFlow, createFlow, duplicateFlow, deleteFlow, extractSelection, canvasFocus, clearCanvasFocus } = useSteward(
    useShallow((state) => ({
      project: state.project,
      flow: state.flow,
      model: state.model,
      loadFlow: state.loadFlow,
      commitFlow: state.commitFlow,
      createFlow: state.createFlow,
      duplicateFlow: state.duplicateFlow,
      deleteFlow: state.deleteFlow,
      extractSelection: state.extractSelection,
      canvasFocus: state.canvasFocus,
      clearCanvasFocus: state.clearCanvasFocus,
    })),
  );
  const [renaming, setRenaming] = useState<string | null>(null);
  const [selection, setSelection] = useState<readonly string[]>([]);
  const selectedNode = selection.length === 1 ? flow?.nodes.find((node) => node.id === selection[0]) : undefined;
  // The fields in scope at the selected node; worked out only while the inspector is open.
  const selectedId = selectedNode?.id;
  const scope = useMemo(() => (flow === null || model === null || selectedId === undefined ? [] : (analyseFlow(model, flow).scopes.get(selectedId) ?? [])), [flow, model, selectedId]);
  if (project === null) return null;
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
          {project.flows.map((summary) => {
            const errors = allDiagnostics.filter((entry) => entry.flowId === summary.id && entry.severity === 'error').length;
            const active = flow?.id === summary.id;
            return (
              <li key={summary.id} className="flows-row">
                {renaming === summary.id && active && flow !== null ? (
                  <input
                    className="flows-rename"
                    defaultValue={flow.name}
                    autoFocus
                    onBlur={(event) => {
                      const name = event.target.value.trim();
                      if (name !== '' && name !== flow.name) commitFlow({ ...flow, name });
                      setRenaming(null);
                    }}
                    onKeyDown={(event) => {
                      if (event.key === 'Enter') event.currentTarget.blur();
                      if (event.key === 'Escape') setRenaming(null);
                    }}
                    data-testid="flow-rename"
                  />
                ) : (
                  <button
                    type="button"
                    className={`flows-item${active ? ' is-active' : ''}`}
                    onClick={() => void loadFlow(summary.id)}
                    onDoubleClick={() => setRenaming(summary.id)}
                    title="Double-click to rename"
                    data-testid={`flow-${summary.name}`}
                  >
                    <span className={`flow-status ${errors > 0 ? 'is-error' : 'is-clean'}`} title={errors > 0 ? `${errors} governance error${errors === 1 ? '' : 's'}` : 'No governance errors'} />
                    <span className="flows-name">{summary.name}</span>
                    <span className="muted">{summary.nodeCount}</span>
                  </button>
                )}
                {active && (
                  <span className="flows-actions">
                    <button type="button" className="icon-button" title="Duplicate" aria-label={`Duplicate ${summary.name}`} onClick={() => void duplicateFlow(summary.id)} data-testid="flow-duplicate">
                      <Icon name="duplicate" size={15} />
                    </button>
                    <button
                      type="button"
                      className="icon-button"
                      title="Delete"
                      aria-label={`Delete ${summary.name}`}
                      disabled={project.flows.length <= 1}
                      onClick={() => {
                        if (window.confirm(`Delete the flow "${summary.name}"?`)) void deleteFlow(summary.id);
                      }}
                      data-testid="flow-delete"
                    >
                      <Icon name="trash" size={15} />
                    </button>
                  </span>
                )}
              </li>
            );
          })}
        </ul>
      </aside>
      {flow === null ? (
        <div className="view-empty">Loading flow…</div>
      ) : (
        <ReactFlowProvider key={flow.id}>
          <div className="flow-workspace">
            <RunBar />
            <FlowCanvas flow={flow} model={model} diagnostics={diagnostics} colorMode={colorMode} onChange={commitFlow} onExtract={extractSelection} onSelect={(ids) => setSelection((previous) => (previous.join() === ids.join() ? previous : ids))} focus={canvasFocus} onFocused={clearCanvasFocus} />
            <ProblemsPanel flow={flow} diagnostics={diagnostics} />
          </div>
        </ReactFlowProvider>
      )}
      {flow !== null && model !== null && selectedNode !== undefined && (
        <NodeInspector
          // One inspector per node, so nothing typed into one node's form lingers in the next.
          key={selectedNode.id}
          model={model}
          flow={flow}
          node={selectedNode}
          scope={scope}
          flows={project.flows}
          theme={colorMode}
          onOpenFlow={(flowId) => void loadFlow(flowId)}
          onChange={(next, mergeKey) => commitFlow(next, mergeKey === undefined ? {} : { mergeKey })}
        >
          <NodeRuns flowId={flow.id} nodeId={selectedNode.id} />
        </NodeInspector>
      )}
      <TransactionView />
    </div>
  );
}
