import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useSteward } from '../store/use-store';

/**
 * What the last run did at one node: its transactions, failures first, each
 * with its state and reason; one click opens it step by step.
 */
export function NodeRuns({ flowId, nodeId }: { flowId: string; nodeId: string }) {
  const { status, page, load, open } = useSteward(
    useShallow((state) => ({ status: state.runStatus, page: state.runPage, load: state.loadRunPage, open: state.openTransaction })),
  );
  const runId = status?.runId ?? null;
  useEffect(() => {
    if (runId !== null) void load(flowId, nodeId);
  }, [runId, flowId, nodeId, load]);
  if (runId === null) return null;
  const counter = status?.nodes[`${flowId}:${nodeId}`];
  const shown = page !== null && page.flowId === flowId && page.nodeId === nodeId ? page : null;
  return (
    <section className="node-runs" data-testid="node-runs">
      <div className="panel-title">
        Last run{counter === undefined ? '' : ` · ${counter.passed} passed, ${counter.failed} failed here`}
      </div>
      {shown === null || shown.total === 0 ? (
        <p className="muted">No transaction reached this node.</p>
      ) : (
        <ul className="node-runs-list">
          {shown.items.map((item) => (
            <li key={item.id}>
              <button type="button" className="node-run" onClick={() => void open(item.id)} data-testid={`transaction-${item.key}`}>
                <span className={`state-chip is-${item.state}`}>{item.state}</span>
                <span className="node-run-key">{item.key}</span>
                {item.replayOf !== null && <span className="muted"> (replayed)</span>}
                {item.reason !== null && item.state !== 'succeeded' && <span className="node-run-reason">{item.reason}</span>}
              </button>
            </li>
          ))}
          {shown.total > shown.items.length && <li className="muted">and {shown.total - shown.items.length} more</li>}
        </ul>
      )}
    </section>
  );
}
