import { useEffect, useMemo, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { RECONCILED_ENTITIES } from '../../shared/reconcile/canonical';
import { reportCsv } from '../../shared/reconcile/export';
import type { Inconsistency, ReconcileReport } from '../../shared/reconcile/report';
import { TargetOptions } from '../run/RunBar';
import { saveFile } from '../shell/save-file';
import type { ResultFilters } from '../store/results.slice';
import { NO_FILTERS } from '../store/results.slice';
import { useSteward } from '../store/use-store';
import { RecordSideBySide } from './RecordSideBySide';
import { RulesPanel } from './RulesPanel';
import { RunTrends } from './RunTrends';

/**
 * Exception-first results: reconcile the systems of a scenario's sandbox or
 * an environment, then see only what is wrong — incidents (findings grouped
 * by cause) and the inconsistent records, errors first, filtered as needed.
 * One record opens side by side with the disagreeing values lit; from there,
 * the step on the canvas that wrote them.
 */
function matches(entry: Inconsistency, filters: ResultFilters): boolean {
  if (filters.severity !== 'all' && entry.severity !== filters.severity) return false;
  if (filters.entity !== 'all' && entry.entity !== filters.entity) return false;
  if (filters.incident !== null && entry.incident !== filters.incident) return false;
  const text = filters.text.trim().toLowerCase();
  return text === '' || `${entry.key} ${entry.label} ${entry.message}`.toLowerCase().includes(text);
}

function Summary({ report }: { report: ReconcileReport }) {
  const { summary } = report;
  return (
    <div className="results-summary" data-testid="results-summary">
      <div className="tile">
        <strong>{summary.checked.toLocaleString('en-US')}</strong>
        <span className="muted">records checked</span>
      </div>
      <div className={`tile${summary.inconsistent > 0 ? ' is-bad' : ' is-good'}`}>
        <strong data-testid="results-inconsistent">{summary.inconsistent.toLocaleString('en-US')}</strong>
        <span className="muted">inconsistent</span>
      </div>
      <div className="tile">
        <strong>{summary.incidents}</strong>
        <span className="muted">incidents</span>
      </div>
      <div className="tile">
        <strong>{summary.inFlight}</strong>
        <span className="muted" title="Records that do not agree yet but are still within their SLA">in flight</span>
      </div>
      <div className="tile tile-wide">
        <span className="muted">as of {report.reconcile.asOf === null ? 'now' : report.reconcile.asOf.replace('T', ' ').slice(0, 16)} UTC · {report.reconcile.environment}</span>
      </div>
    </div>
  );
}

export function ResultsView({ colorMode }: { colorMode: 'light' | 'dark' }) {
  const [tab, setTab] = useState<'findings' | 'rules'>('findings');
  const { status, history, report, detail, filters, target, scenarios, environments, setTarget, start, load, setFilters, open, close, showOnCanvas, audit, showStep, loadSandbox, loadEnvironments, projectPath } = useSteward(
    useShallow((state) => ({
      status: state.reconcileStatus,
      history: state.runHistory,
      report: state.reconcileReport,
      detail: state.reconcileDetail,
      filters: state.resultFilters,
      target: state.runTarget,
      scenarios: state.sandboxScenarios,
      environments: state.environments,
      setTarget: state.setRunTarget,
      start: state.startReconcile,
      load: state.loadReconcileReport,
      setFilters: state.setResultFilters,
      open: state.openRecord,
      close: state.closeRecord,
      showOnCanvas: state.showOnCanvas,
      audit: state.downloadAudit,
      showStep: state.showStep,
      loadSandbox: state.loadSandbox,
      loadEnvironments: state.loadEnvironments,
      projectPath: state.project?.path ?? null,
    })),
  );
  // Each project has its own results: ask again when another one is opened.
  useEffect(() => {
    void load();
    void loadEnvironments();
  }, [load, loadEnvironments, projectPath]);
  useEffect(() => {
    if (scenarios.length === 0) void loadSandbox();
  }, [loadSandbox, scenarios.length]);
  const reading = status?.state === 'reading';
  const shown = useMemo(() => report?.inconsistencies.filter((entry) => matches(entry, filters)) ?? [], [report, filters]);
  const selected = detail === null ? null : (report?.inconsistencies.find((entry) => entry.entity === detail.entity && entry.key === detail.key) ?? null);
  const progress = status === null ? [] : Object.entries(status.progress).map(([system, kinds]) => `${system} ${Object.entries(kinds).map(([what, count]) => `${count} ${what}`).join(', ')}`);
  return (
    <div className="results-view" data-testid="view-runs">
      <div className="results-bar">
        <label className="run-field">
          <span className="muted">Reconcile</span>
          <select value={target} onChange={(event) => setTarget(event.target.value)} disabled={reading} data-testid="reconcile-target">
            <TargetOptions target={target} scenarios={scenarios} environments={environments} />
          </select>
        </label>
        <button type="button" className="primary" disabled={reading} onClick={() => void start()} data-testid="reconcile-start">
          {reading ? 'Reading…' : 'Reconcile'}
        </button>
        <span className="results-status muted" data-testid="reconcile-status" data-state={status?.state ?? 'idle'}>
          {status === null || status.state === 'idle'
            ? 'Reads every system, joins records by their cross-references, and shows only what disagrees.'
            : status.state === 'reading'
              ? `Reading ${status.target ?? ''}: ${progress.join(' · ') || 'connecting…'}`
              : status.state === 'failed'
                ? <span className="error-text">{status.message}</span>
                : `Read ${status.target ?? ''} in ${(status.elapsedMs / 1000).toFixed(1)} s.`}
        </span>
        <span className="results-tabs" role="tablist">
          <button type="button" role="tab" aria-selected={tab === 'findings'} className={tab === 'findings' ? 'is-active' : undefined} onClick={() => setTab('findings')} data-testid="tab-findings">
            Findings
          </button>
          <button type="button" role="tab" aria-selected={tab === 'rules'} className={tab === 'rules' ? 'is-active' : undefined} onClick={() => setTab('rules')} data-testid="tab-rules">
            Rules
          </button>
        </span>
        <button type="button" onClick={() => void audit()} title="Systems, ownership matrix, flows, governance findings and inconsistencies on one printable page" data-testid="export-audit">
          Audit report
        </button>
        {report !== null && (
          <span className="results-export">
            <button type="button" onClick={() => saveFile('inconsistencies.csv', 'text/csv', reportCsv(report))} data-testid="export-csv">
              Export CSV
            </button>
            <button type="button" onClick={() => saveFile('reconcile-report.json', 'application/json', `${JSON.stringify(report, null, 2)}\n`)} data-testid="export-json">
              Export JSON
            </button>
          </span>
        )}
      </div>
      {tab === 'rules' ? (
        <RulesPanel theme={colorMode} />
      ) : report === null ? (
        <div className="results-empty">
          {history !== null && <RunTrends history={history} />}
          <div className="view-empty">
            <h2>No results yet</h2>
            <p>Reconcile against a sandbox scenario (after a run, its systems are read as the run left them) or a saved environment.</p>
          </div>
        </div>
      ) : (
        <div className={`results-body${detail === null ? '' : ' has-detail'}`}>
          <div className="results-top">
            <Summary report={report} />
            {history !== null && <RunTrends history={history} />}
          </div>
          <aside className="results-incidents" data-testid="results-incidents">
            <h3>Incidents</h3>
            {report.incidents.length === 0 && <p className="muted">Nothing disagrees.</p>}
            {report.incidents.map((incident) => (
              <button
                key={incident.id}
                type="button"
                className={`incident is-${incident.severity}${filters.incident === incident.id ? ' is-active' : ''}`}
                onClick={() => setFilters({ incident: filters.incident === incident.id ? null : incident.id })}
                data-testid={`incident-${incident.id}`}
              >
                <span className="incident-title">{incident.title}</span>
                <span className="incident-cause muted">{incident.rootCause}</span>
                {incident.runFailures > 0 && <span className="incident-cause error-text">{incident.runFailures} transaction{incident.runFailures === 1 ? '' : 's'} of the latest run failed for it</span>}
              </button>
            ))}
            {report.drift.length > 0 && (
              <div className="drift" data-testid="schema-drift">
                <h3>Schema drift</h3>
                {report.drift.map((drift) => (
                  <div key={`${drift.system}-${drift.endpoint}-${drift.path}`} className="drift-entry">
                    <span>{drift.message}</span>
                    {drift.nodes.map((node) => (
                      <button key={`${node.flowId}-${node.nodeId}`} type="button" className="link-button" onClick={() => void showStep(node.flowId, node.nodeId)}>
                        {node.label}
                      </button>
                    ))}
                  </div>
                ))}
              </div>
            )}
          </aside>
          <section className="results-list">
            <div className="results-filters">
              <select value={filters.severity} onChange={(event) => setFilters({ severity: event.target.value as ResultFilters['severity'] })} data-testid="filter-severity" aria-label="Severity">
                <option value="all">All severities</option>
                <option value="error">Errors</option>
                <option value="warning">Warnings</option>
              </select>
              <select value={filters.entity} onChange={(event) => setFilters({ entity: event.target.value as ResultFilters['entity'] })} data-testid="filter-entity" aria-label="Entity">
                <option value="all">All records</option>
                {RECONCILED_ENTITIES.map((entity) => (
                  <option key={entity} value={entity}>
                    {entity}
                  </option>
                ))}
              </select>
              <input type="search" placeholder="Key, order name or message" value={filters.text} onChange={(event) => setFilters({ text: event.target.value })} data-testid="filter-text" />
              {filters !== NO_FILTERS && (
                <button type="button" onClick={() => setFilters(NO_FILTERS)}>
                  Clear
                </button>
              )}
              <span className="muted" data-testid="results-count">
                {shown.length} of {report.inconsistencies.length}
              </span>
            </div>
            <table className="results-table" data-testid="results-table">
              <thead>
                <tr>
                  <th />
                  <th>Record</th>
                  <th>Rule</th>
                  <th className="result-message">What disagrees</th>
                </tr>
              </thead>
              <tbody>
                {shown.map((entry) => (
                  <tr
                    key={`${entry.entity}-${entry.key}`}
                    className={selected === entry ? 'is-selected' : undefined}
                    onClick={() => void open(entry.entity, entry.key)}
                    data-testid={`result-${entry.key}`}
                  >
                    <td>
                      <span className={`severity is-${entry.severity}`}>{entry.severity}</span>
                    </td>
                    <td>
                      <strong>{entry.label}</strong>
                      <div className="muted">
                        {entry.entity} {entry.key}
                      </div>
                    </td>
                    <td>{entry.rules.map((rule) => rule.id).join(', ')}</td>
                    <td className="result-message">{entry.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          {detail !== null && (
            <aside className="results-detail" data-testid="record-detail">
              <header>
                <h3>
                  {selected?.label ?? detail.key} <span className="muted">{detail.entity} {detail.key}</span>
                </h3>
                <button type="button" onClick={close} aria-label="Close">
                  ×
                </button>
              </header>
              {selected !== null && (
                <ul className="detail-rules">
                  {selected.rules.map((rule) => (
                    <li key={rule.id} className={`is-${rule.severity}`}>
                      {rule.message}
                    </li>
                  ))}
                </ul>
              )}
              <RecordSideBySide detail={detail} />
              {selected !== null && (
                <button type="button" className="primary" onClick={() => void showOnCanvas(selected)} data-testid="show-on-canvas">
                  Show the responsible step on the canvas
                </button>
              )}
            </aside>
          )}
        </div>
      )}
    </div>
  );
}
