import { useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { SANDBOX_SYSTEMS } from '../../shared/sandbox/faults';
import { useSteward } from '../store/use-store';
import { FAULT_SWITCHES, SWITCH_DETAILS, SWITCH_LABELS, isSwitchOn, toggleSwitch } from './sandbox-faults';

/**
 * The staging sandbox: pick a scenario and seed, start the five simulators,
 * flip faults on and off, and watch every request and webhook go by.
 */
export function SandboxView() {
  const { scenarios, status, log, busy, sent, load, start, stop, setFaults, sendHistory } = useSteward(
    useShallow((state) => ({
      scenarios: state.sandboxScenarios,
      status: state.sandboxStatus,
      log: state.sandboxLog,
      busy: state.sandboxBusy,
      load: state.loadSandbox,
      start: state.startSandbox,
      stop: state.stopSandbox,
      setFaults: state.setSandboxFaults,
      sent: state.sandboxSent,
      sendHistory: state.sendSandboxHistory,
    })),
  );
  const [scenario, setScenario] = useState('order-to-cash');
  const [seed, setSeed] = useState('1');
  // When a sandbox is already running (after a reload), the form shows what it runs.
  const runningKey = status?.running === true ? `${status.scenario ?? ''}:${String(status.seed)}` : null;
  const [shownKey, setShownKey] = useState<string | null>(null);
  if (runningKey !== shownKey) {
    setShownKey(runningKey);
    if (status?.running === true && status.scenario !== null) {
      setScenario(status.scenario);
      setSeed(String(status.seed ?? 1));
    }
  }
  useEffect(() => {
    void load();
  }, [load]);

  const chosen = scenarios.find((entry) => entry.name === scenario);
  const seedNumber = Number(seed);
  const seedValid = Number.isInteger(seedNumber) && seedNumber >= 0 && seedNumber < 2 ** 32;
  const running = status?.running === true;

  return (
    <div className="sandbox-view" data-testid="view-sandbox">
      <section className="sandbox-controls">
        <label className="field">
          <span>Scenario</span>
          <select value={scenario} onChange={(event) => setScenario(event.target.value)} data-testid="sandbox-scenario">
            {scenarios.map((entry) => (
              <option key={entry.name} value={entry.name}>
                {entry.title}
              </option>
            ))}
          </select>
        </label>
        <label className="field field-narrow">
          <span>Seed</span>
          <input value={seed} onChange={(event) => setSeed(event.target.value)} inputMode="numeric" aria-invalid={!seedValid} data-testid="sandbox-seed" />
        </label>
        <div className="sandbox-buttons">
          <button type="button" className="primary" disabled={busy || !seedValid} onClick={() => void start(scenario, seedNumber)} data-testid="sandbox-start">
            {running ? 'Restart' : 'Start'}
          </button>
          <button type="button" disabled={busy || !running} onClick={() => void stop()} data-testid="sandbox-stop">
            Stop
          </button>
          <button
            type="button"
            disabled={busy || !running}
            onClick={() => void sendHistory()}
            data-testid="sandbox-send-history"
            title="Sends the webhooks the seeded week would have sent (orders created, payments captured, refunds, shipments) to every subscriber — a run listening against this sandbox takes them in"
          >
            Send history as webhooks
          </button>
        </div>
        {running && sent !== null && (
          <div className="muted" data-testid="sandbox-sent">
            Sent {sent} webhook{sent === 1 ? '' : 's'} to the systems' subscribers.
          </div>
        )}
        <div className={`sandbox-state${running ? ' is-running' : ''}`} data-testid="sandbox-state">
          {running ? `Running “${status.scenario ?? ''}”, seed ${status.seed ?? ''}` : 'Stopped'}
        </div>
        {chosen !== undefined && <p className="sandbox-description">{chosen.description}</p>}
      </section>

      <section className="sandbox-systems">
        <div className="panel-title">Systems and faults</div>
        <table className="data-table">
          <thead>
            <tr>
              <th>System</th>
              <th>Base URL</th>
              {FAULT_SWITCHES.map((name) => (
                <th key={name} title={SWITCH_DETAILS[name]}>
                  {SWITCH_LABELS[name]}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {SANDBOX_SYSTEMS.map((system) => {
              const binding = status?.systems.find((entry) => entry.id === system);
              return (
                <tr key={system} data-testid={`sandbox-system-${system}`}>
                  <td className="strong">{system}</td>
                  <td className="mono">{binding?.baseUrl ?? '—'}</td>
                  {FAULT_SWITCHES.map((name) => (
                    <td key={name}>
                      <input
                        type="checkbox"
                        aria-label={`${SWITCH_DETAILS[name]} (${system})`}
                        title={SWITCH_DETAILS[name]}
                        disabled={!running || busy || (name === 'duplicates' && system === 'netsuite')}
                        checked={status !== null && isSwitchOn(status.faults, system, name)}
                        onChange={() => status !== null && void setFaults(toggleSwitch(status.faults, system, name))}
                        data-testid={`fault-${system}-${name}`}
                      />
                    </td>
                  ))}
                </tr>
              );
            })}
          </tbody>
        </table>
      </section>

      <section className="sandbox-log">
        <div className="panel-title">
          Requests and webhooks <span className="count">{log.length}</span>
        </div>
        {log.length === 0 ? (
          <p className="muted sandbox-empty">{running ? 'Waiting for the first request…' : 'Start the sandbox to see its traffic here.'}</p>
        ) : (
          <table className="data-table log-table" data-testid="sandbox-log">
            <tbody>
              {log.map((entry, index) => (
                <tr key={`${entry.at}-${index}`} className={entry.status === null || entry.status >= 400 ? 'is-bad' : ''}>
                  <td className="mono muted">{entry.at.slice(11, 19)}</td>
                  <td>{entry.kind === 'webhook' ? `${entry.system} ⇢` : entry.system}</td>
                  <td className="mono log-summary">{entry.summary}</td>
                  <td className="mono">{entry.status ?? 'no answer'}</td>
                  <td className="mono muted">{entry.ms === null ? '' : `${entry.ms} ms`}</td>
                  <td>{entry.fault !== null && <span className="tag">{entry.fault}</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
