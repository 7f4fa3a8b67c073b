import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { RunStatus } from '../../shared/runtime/run-view';
import { useSteward } from '../store/use-store';

/** The sandbox scenarios and saved environments a run or a reconciliation can go against, as `scenario:…` / `environment:…`. */
export function TargetOptions({ target, scenarios, environments }: { target: string; scenarios: readonly { name: string }[]; environments: readonly string[] }) {
  return (
    <>
      <optgroup label="Sandbox scenarios">
        {scenarios.length === 0 && <option value={target}>{target.split(':')[1]}</option>}
        {scenarios.map((entry) => (
          <option key={entry.name} value={`scenario:${entry.name}`}>
            {entry.name}
          </option>
        ))}
      </optgroup>
      {environments.length > 0 && (
        <optgroup label="Environments">
          {environments.map((name) => (
            <option key={name} value={`environment:${name}`}>
              {name}
            </option>
          ))}
        </optgroup>
      )}
    </>
  );
}

/**
 * Run the project's flows against the built-in sandbox with a scenario, or
 * against a saved environment (optionally listening for its webhooks until
 * Stop listening), and watch it go: a progress bar (done of expected), the
 * counts, the rate and an estimate of what is left; Cancel stops taking new
 * transactions and lets the ones in flight finish.
 */
export function RunBar() {
  const { status, target, limits, setLimits, listen, setListen, backfill, setBackfill, scenarios, environments, busy, setTarget, start, cancel, stopListening, loadSandbox, loadEnvironments } = useSteward(
    useShallow((state) => ({
      status: state.runStatus,
      target: state.runTarget,
      limits: state.runLimits,
      setLimits: state.setRunLimits,
      listen: state.runListen,
      setListen: state.setRunListen,
      backfill: state.runBackfill,
      setBackfill: state.setRunBackfill,
      scenarios: state.sandboxScenarios,
      environments: state.environments,
      busy: state.runBusy,
      setTarget: state.setRunTarget,
      start: state.startRun,
      cancel: state.cancelRun,
      stopListening: state.stopListening,
      loadSandbox: state.loadSandbox,
      loadEnvironments: state.loadEnvironments,
    })),
  );
  useEffect(() => {
    if (scenarios.length === 0) void loadSandbox();
    void loadEnvironments();
  }, [scenarios.length, loadSandbox, loadEnvironments]);
  const running = status?.state === 'running' || status?.state === 'starting';
  const counts = status?.counts;
  const done = counts?.transactions ?? 0;
  const expected = status?.expected ?? null;
  const share = expected === null || expected === 0 ? (running ? 0 : 1) : Math.min(1, done / expected);
  const failures = (counts?.failed ?? 0) + (counts?.deadLettered ?? 0) + (counts?.unacknowledged ?? 0);
  const listening = running ? (status?.listening ?? null) : null;
  return (
    <div className="run-bar" data-testid="run-bar">
      <label className="run-field">
        <span className="muted" title="A scenario runs against the built-in sandbox, started for it; an environment runs against the systems it names">
          Against
        </span>
        <select value={target} onChange={(event) => setTarget(event.target.value)} disabled={running} data-testid="run-target">
          <TargetOptions target={target} scenarios={scenarios} environments={environments} />
        </select>
      </label>
      {target.startsWith('scenario:') && (
        <label className="run-field" title="The simulators answer 429 and throttle as the vendors do at their published limits; off for a quick functional run">
          <input type="checkbox" checked={limits} disabled={running} onChange={(event) => setLimits(event.target.checked)} data-testid="run-limits" />
          <span className="muted">Rate limits</span>
        </label>
      )}
      {target.startsWith('environment:') && (
        <label className="run-field" title="After reading what is there, keep a local receiver open: it subscribes to each system's webhooks and runs every event that arrives, until you stop listening">
          <input type="checkbox" checked={listen} disabled={running} onChange={(event) => setListen(event.target.checked)} data-testid="run-listen" />
          <span className="muted">Listen for webhooks</span>
        </label>
      )}
      {target.startsWith('environment:') && listen && (
        <label className="run-field" title="Read what the systems already hold first (orders, payments, refunds, shipments), or take only the events that arrive from now on">
          <input type="checkbox" checked={backfill} disabled={running} onChange={(event) => setBackfill(event.target.checked)} data-testid="run-backfill" />
          <span className="muted">Read existing records first</span>
        </label>
      )}
      {running ? (
        <>
          {listening !== null && (
            <button type="button" className="primary" onClick={() => void stopListening()} data-testid="run-stop-listening" title="Close the receiver; what it took in finishes, and the run ends">
              Stop listening
            </button>
          )}
          <button type="button" onClick={() => void cancel()} data-testid="run-cancel">
            Cancel
          </button>
        </>
      ) : (
        <button type="button" className="primary" disabled={busy} onClick={() => void start()} data-testid="run-start">
          Run
        </button>
      )}
      {status !== null && status.state !== 'idle' && (
        <div className={`run-progress is-${status.state}`} data-testid="run-progress" data-state={status.state}>
          <div className="run-meter" role="progressbar" aria-valuemin={0} aria-valuemax={expected ?? done} aria-valuenow={done}>
            <div className={`run-meter-fill${failures > 0 ? ' has-failures' : ''}`} style={{ width: `${Math.round(share * 100)}%` }} />
          </div>
          <span className="run-counts" data-testid="run-counts">
            {status.state === 'failed' && status.message !== null ? (
              <span className="run-error">{status.message}</span>
            ) : (
              <>
                <strong>{done}</strong>
                {expected !== null && expected > 0 ? ` of ~${expected}` : ''} transactions · <span className="ok-text">{counts?.succeeded ?? 0} succeeded</span>
                {failures > 0 && (
                  <>
                    {' · '}
                    <span className="error-text">
                      {counts?.deadLettered ?? 0} dead-lettered, {counts?.unacknowledged ?? 0} unacknowledged, {counts?.failed ?? 0} failed
                    </span>
                  </>
                )}
                {' · '}
                {Math.round(status.rate)}/s
                {status.listening !== null && <ListeningNote listening={status.listening} live={running} />}
                {running && status.etaMs !== null ? ` · about ${Math.ceil(status.etaMs / 1000)} s left` : ''}
                {status.state === 'done' ? ` · done in ${(status.elapsedMs / 1000).toFixed(1)} s` : ''}
                {status.state === 'cancelled' ? ' · cancelled' : ''}
              </>
            )}
          </span>
        </div>
      )}
    </div>
  );
}

/** Where the receiver listens, what it subscribed to, and the events it took in. */
function ListeningNote({ listening, live }: { listening: NonNullable<RunStatus['listening']>; live: boolean }) {
  const refused = listening.subscriptions.filter((entry) => entry.refused !== null);
  const subscribed = listening.subscriptions.filter((entry) => entry.refused === null).map((entry) => `${entry.system} (${entry.topics.join(', ')})`);
  return (
    <span className="run-listening" data-testid="run-listening" title={`Subscribed: ${subscribed.join('; ') || 'nothing'}${refused.map((entry) => `\n${entry.system} refused: ${entry.refused ?? ''}`).join('')}`}>
      {' · '}
      {live ? (
        <>
          <span className="run-listening-dot" aria-hidden="true" />
          listening at <code>{listening.url}</code>
        </>
      ) : (
        'listened'
      )}
      {': '}
      {listening.received} event{listening.received === 1 ? '' : 's'}
      {listening.duplicates > 0 ? `, ${listening.duplicates} duplicate${listening.duplicates === 1 ? '' : 's'} ignored` : ''}
      {listening.refused > 0 ? <span className="error-text">, {listening.refused} refused</span> : ''}
      {refused.length > 0 && <span className="error-text"> · {refused.map((entry) => entry.system).join(', ')} would not subscribe</span>}
    </span>
  );
}
