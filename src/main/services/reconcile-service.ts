import { existsSync } from 'node:fs';
import { ProblemError } from '../../shared/problem';
import type { ReconciledEntity } from '../../shared/reconcile/canonical';
import { auditReportHtml } from '../../shared/reconcile/audit-report';
import { recordDetail } from '../../shared/reconcile/record-detail';
import type { ReconcileStart, ReconcileStatus, RecordDetail, RunHistory } from '../../shared/reconcile/reconcile-view';
import type { ReconcileReport } from '../../shared/reconcile/report';
import type { Snapshot } from '../../shared/reconcile/snapshot';
import type { EnvironmentFile } from '../../shared/environment/environment-file';
import { Sandbox } from '../sandbox/sandbox';
import { loadScenario } from '../sandbox/scenarios';
import type { Environments } from './environments';
import { journalInputs } from './reconcile/journal-inputs';
import { readRunHistory } from './runtime/run-history';
import { reconcileSnapshot, takeSnapshot } from './reconcile/reconcile';
import { readSnapshot, writeSnapshot } from './reconcile/snapshot-file';
import type { Workspace } from './workspace';

/**
 * Reconciliation as the app drives it: read every system of the chosen
 * target off the renderer, pushing progress, then judge. Against a scenario
 * whose run's sandbox is still up, it reads that sandbox — the systems as the
 * run left them; otherwise it starts the scenario's sandbox for the reading.
 * The snapshot is kept beside the project, so a rule edited later is
 * previewed against it without reading anything again.
 */
const PUSH_MS = 250;

const IDLE: ReconcileStatus = { state: 'idle', target: null, startedAt: null, elapsedMs: 0, progress: {}, message: null, summary: null };

export interface ReconcileServiceOptions {
  readonly workspace: Workspace;
  readonly environments?: Environments;
  /** The live sandbox a run left up for this scenario, if any. */
  readonly runSandbox?: (scenario: string) => EnvironmentFile | null;
  readonly status: (status: ReconcileStatus) => void;
}

export class ReconcileService {
  private current: ReconcileStatus = IDLE;
  private started = 0;
  /** The last snapshot, and the project it was read for. */
  private snapshot: { path: string; snapshot: Snapshot } | null = null;
  private report: ReconcileReport | null = null;
  private finished: Promise<void> = Promise.resolve();

  constructor(private readonly options: ReconcileServiceOptions) {}

  status(): ReconcileStatus {
    return this.view();
  }

  latest(): ReconcileReport | null {
    return this.snapshot !== null && this.snapshot.path === this.options.workspace.current()?.path ? this.report : null;
  }

  /** Starts reading and answers at once; the status events say how it goes. */
  start(request: ReconcileStart): ReconcileStatus {
    if (this.current.state === 'reading') throw new ProblemError({ code: 'RECONCILE_BUSY', message: 'A reconciliation is already reading.', hint: 'Wait for it to end.' });
    const project = this.options.workspace.current();
    if (project === null) throw new ProblemError({ code: 'NO_PROJECT', message: 'No project is open.', hint: 'Create or open a project first.' });
    const model = this.options.workspace.getModel();
    const target = request.scenario === undefined ? `environment ${request.environment ?? ''}` : `scenario ${request.scenario}`;
    this.started = performance.now();
    this.current = { ...IDLE, state: 'reading', target, startedAt: new Date().toISOString() };
    const timer = setInterval(() => this.push(), PUSH_MS);
    this.push();
    this.finished = (async () => {
      let sandbox: Sandbox | null = null;
      try {
        let environment: EnvironmentFile;
        if (request.scenario !== undefined) {
          const live = this.options.runSandbox?.(request.scenario) ?? null;
          if (live !== null) environment = live;
          else {
            sandbox = await Sandbox.start({ scenario: loadScenario(request.scenario), seed: 1 });
            environment = sandbox.environmentFor(model.systems);
          }
        } else {
          if (this.options.environments === undefined) throw new ProblemError({ code: 'ENVIRONMENTS_UNAVAILABLE', message: 'Environments are not available here.' });
          environment = await this.options.environments.resolve(request.environment ?? '');
        }
        const flows = this.options.workspace.allFlows();
        const fromJournal = journalInputs(`${project.path}.journal`, flows);
        const previous = this.hasSnapshot() ? this.lastSnapshot() : null;
        const snapshot = await takeSnapshot(model, environment, {
          reservations: fromJournal.reservations,
          progress: (system, what, records) => {
            this.current = { ...this.current, progress: { ...this.current.progress, [system]: { ...this.current.progress[system], [what]: records } } };
          },
        });
        this.snapshot = { path: project.path, snapshot };
        writeSnapshot(`${project.path}.snapshot`, snapshot);
        const { timings: _timings, ...report } = reconcileSnapshot(model, snapshot, { environment: environment.name, previous, flows, runFailures: fromJournal.runFailures });
        this.report = { ...report, alerts: fromJournal.history.alerts };
        this.current = { ...this.current, state: 'done', summary: report.summary };
      } catch (error: unknown) {
        this.current = { ...this.current, state: 'failed', message: error instanceof ProblemError ? error.problem.message : error instanceof Error ? error.message : String(error) };
      } finally {
        await sandbox?.stop();
        clearInterval(timer);
        this.push();
      }
    })();
    return this.view();
  }

  /** Judges the last snapshot again with the project's rules as they are now (after an edit), reading nothing. */
  rejudge(): ReconcileReport {
    const snapshot = this.lastSnapshot();
    const { timings: _timings, ...report } = reconcileSnapshot(this.options.workspace.getModel(), snapshot, { environment: this.report?.reconcile.environment ?? 'snapshot', runFailures: this.report?.runFailures ?? [] });
    // The same reading judged again: its drift is what it was.
    this.report = { ...report, drift: this.report?.drift ?? [], alerts: this.history().alerts };
    this.current = { ...this.current, summary: report.summary };
    this.push();
    return report;
  }

  /** The project's runs as figures and the latest run's alerts; none before the first run. */
  history(): RunHistory {
    const project = this.options.workspace.current();
    const journal = project === null ? null : `${project.path}.journal`;
    return journal === null || !existsSync(journal) ? { runs: [], alerts: [] } : readRunHistory(journal);
  }

  /** The workshop's audit report: ownership, flows, governance findings, and the latest reconciliation. */
  audit(): { name: string; html: string } {
    const project = this.options.workspace.current();
    if (project === null) throw new ProblemError({ code: 'NO_PROJECT', message: 'No project is open.', hint: 'Create or open a project first.' });
    const html = auditReportHtml({ project: project.name, model: this.options.workspace.getModel(), flows: this.options.workspace.allFlows(), report: this.latest(), alerts: this.history().alerts, generatedAt: new Date().toISOString() });
    return { name: `${project.name} audit.html`, html };
  }

  record(entity: ReconciledEntity, key: string): RecordDetail {
    const snapshot = this.lastSnapshot();
    return recordDetail(this.options.workspace.getModel(), snapshot, this.latest(), entity, key);
  }

  async settled(): Promise<void> {
    await this.finished;
  }

  private hasSnapshot(): boolean {
    const project = this.options.workspace.current();
    return project !== null && (this.snapshot?.path === project.path || existsSync(`${project.path}.snapshot`));
  }

  private lastSnapshot(): Snapshot {
    const project = this.options.workspace.current();
    if (project !== null && this.snapshot?.path === project.path) return this.snapshot.snapshot;
    const file = project === null ? null : `${project.path}.snapshot`;
    if (project === null || file === null || !existsSync(file)) throw new ProblemError({ code: 'RECONCILE_NONE', message: 'Nothing has been reconciled for this project yet.', hint: 'Reconcile against a scenario or an environment first.' });
    this.snapshot = { path: project.path, snapshot: readSnapshot(file) };
    return this.snapshot.snapshot;
  }

  private view(): ReconcileStatus {
    return { ...this.current, elapsedMs: this.current.startedAt === null ? 0 : Math.round(performance.now() - this.started) };
  }

  private push(): void {
    this.options.status(this.view());
  }
}
