import { useShallow } from 'zustand/react/shallow';
import { Modal } from '../dialogs/Modal';
import { useSteward } from '../store/use-store';

/**
 * One transaction, step by step: each node's status, the record it took and
 * gave, and the HTTP it exchanged (credentials already redacted in main). A
 * failed one can be replayed once its flow is fixed.
 */
export function TransactionView() {
  const { detail, flow, busy, close, replay, pin } = useSteward(
    useShallow((state) => ({ detail: state.runDetail, flow: state.flow, busy: state.runBusy, close: state.closeTransaction, replay: state.replayTransaction, pin: state.pinOutput })),
  );
  if (detail === null) return null;
  const label = (nodeId: string): string => flow?.nodes.find((node) => node.id === nodeId)?.label ?? nodeId;
  const { summary } = detail;
  const failed = summary.state !== 'succeeded' && summary.state !== 'filtered';
  return (
    <Modal title={`Transaction ${summary.key}`} onClose={close} wide testId="transaction-dialog">
      <div className="transaction-view" data-testid="transaction-view">
        <p>
          <span className={`state-chip is-${summary.state}`} data-testid="transaction-state">
            {summary.state}
          </span>{' '}
          {summary.failingNode !== null && failed && (
            <>
              at <strong>{label(summary.failingNode)}</strong>: {summary.reason}
            </>
          )}
          {summary.replayOf !== null && <span className="muted"> — replayed</span>}
        </p>
        <ol className="transaction-steps">
          {detail.steps.map((step, index) => (
            <li key={`${step.nodeId}-${index}`} className={`transaction-step is-${step.status}`}>
              <div className="transaction-step-head">
                <strong>{label(step.nodeId)}</strong> <span className={`state-chip is-${step.status}`}>{step.status}</span> <span className="muted">{step.durationMs.toFixed(1)} ms</span>
              </div>
              {step.input !== null && step.input !== undefined && (
                <details>
                  <summary>Input</summary>
                  <pre>{JSON.stringify(step.input, null, 2)}</pre>
                </details>
              )}
              {step.output !== null && step.output !== undefined && (
                <details open={index === detail.steps.length - 1 || step.status !== 'ok'}>
                  <summary>
                    Output
                    {flow?.id === summary.flowId && typeof step.output === 'object' && !Array.isArray(step.output) && (
                      <button type="button" className="link-button" onClick={() => pin(step.nodeId, step.output as Record<string, unknown>)} data-testid={`pin-${step.nodeId}`}>
                        {flow.pins?.[step.nodeId] === undefined ? 'Pin as sample data' : 'Pinned — pin this one instead'}
                      </button>
                    )}
                  </summary>
                  <pre>{JSON.stringify(step.output, null, 2)}</pre>
                </details>
              )}
              {Array.isArray(step.exchanges) && step.exchanges.length > 0 && (
                <details>
                  <summary>HTTP ({step.exchanges.length})</summary>
                  <pre>{JSON.stringify(step.exchanges, null, 2)}</pre>
                </details>
              )}
            </li>
          ))}
        </ol>
        <div className="dialog-actions">
          {failed && (
            <button type="button" className="primary" disabled={busy} onClick={() => void replay(summary.id)} data-testid="transaction-replay">
              Replay with the flow as it is now
            </button>
          )}
          <button type="button" onClick={close}>
            Close
          </button>
        </div>
      </div>
    </Modal>
  );
}
