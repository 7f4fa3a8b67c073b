import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
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
 * Run the project's flows against the built-in sandbox with a scenario, and
 * watch it go: a progress bar (done of expected), the counts, the rate and an
 * estimate of what is left; Cancel stops taking new transactions and lets the
 * ones in flight finish.
 */
export function RunBar() {
  const { status, target, limits, setLimits, scenarios, environments, busy, setTarget, start, cancel, loadSandbox, loadEnvironments } = useSteward(
    useShallow((state) => ({
      status: state.runStatus,
      target: state.runTarget,
      limits: state.runLimits,
      setLimits: state.setRunLimits,
      scenarios: state.sandboxScenarios,
      environments: state.environments,
      busy: state.runBusy,
      setTarget: state.setRunTarget,
      start: state.startRun,
      cancel: state.cancelRun,
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
      {running ? (
        <button type="button" onClick={() => void cancel()} data-testid="run-cancel">
          Cancel
        </button>
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
