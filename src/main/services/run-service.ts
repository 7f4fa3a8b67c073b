import { randomUUID } from 'node:crypto';
import { compileFlow } from '../../shared/compile/compile-flow';
import type { PipelinePlan } from '../../shared/compile/plan';
import type { EnvironmentFile } from '../../shared/environment/environment-file';
import { ProblemError } from '../../shared/problem';
import type { RunStatus, TransactionDetail, TransactionPage, TransactionQuery, TransactionSummary } from '../../shared/runtime/run-view';
import { Sandbox } from '../sandbox/sandbox';
import { loadScenario } from '../sandbox/scenarios';
import { CODE_HOST_SCRIPT } from './app-meta';
import { CodeSandbox } from './code/code-sandbox';
import type { HostLauncher } from './code/code-sandbox';
import { connectorsFor } from './connectors/connectors';
import { Executor } from './runtime/executor';
import { Journal } from './runtime/journal';
import { JournalReader } from './runtime/journal-reader';
import { ReservationLedger } from './runtime/reservation-ledger';
import type { Listening, RunTransaction } from './runtime/run-session';
import { executeRun } from './runtime/run-session';
import { VendorEffects } from './runtime/vendor-effects';
import type { Environments } from './environments';
import type { Workspace } from './workspace';

/**
 * Runs as the app drives them: the open project's flows against a sandbox
 * started for the chosen scenario, off the renderer, with its status pushed
 * to the window a few times a second (counts, rate, ETA, a counter per node).
 * The sandbox stays up after the run so a failed transaction can be replayed
 * against it once its flow is fixed; the next run, or closing, stops it.
 */
const PUSH_MS = 150;

const IDLE: Readonly<RunStatus> = {
  runId: null,
  state: 'idle',
  scenario: null,
  environment: null,
  startedAt: null,
  elapsedMs: 0,
  expected: null,
  counts: { transactions: 0, succeeded: 0, failed: 0, deadLettered: 0, unacknowledged: 0, filtered: 0 },
  rate: 0,
  etaMs: null,
  nodes: {},
  message: null,
  listening: null,
};

export interface RunServiceOptions {
  readonly workspace: Workspace;
  /** To run against a saved environment instead of a sandbox scenario. */
  readonly environments?: Environments;
  readonly status: (status: RunStatus) => void;
  readonly nativeBinding?: string | undefined;
  readonly codeHost?: HostLauncher;
}

export class RunService {
  private current: RunStatus = IDLE;
  private started = 0;
  private sandbox: Sandbox | null = null;
  private environment: EnvironmentFile | null = null;
  private journalPath: string | null = null;
  private controller: AbortController | null = null;
  private listenController: AbortController | null = null;
  private listening: Listening | null = null;
  private pushTimer: ReturnType<typeof setInterval> | null = null;
  private replays = new Map<string, TransactionSummary>();
  private replayCount = 0;
  private finished: Promise<void> = Promise.resolve();

  constructor(private readonly options: RunServiceOptions) {}

  status(): RunStatus {
    return this.snapshot();
  }

  /** Starts a run and answers at once; the status events say how it goes. */
  async start(request: { scenario?: string | undefined; environment?: string | undefined; flowId?: string | undefined; limits?: boolean | undefined; listen?: boolean | undefined; backfill?: boolean | undefined }): Promise<RunStatus> {
    if (this.current.state === 'running' || this.current.state === 'starting') throw new ProblemError({ code: 'RUN_BUSY', message: 'A run is already going.', hint: 'Cancel it or wait for it to end.' });
    const project = this.options.workspace.current();
    if (project === null) throw new ProblemError({ code: 'NO_PROJECT', message: 'No project is open.', hint: 'Create or open a project first.' });
    await this.stopSandbox();
    const model = this.options.workspace.getModel();
    const flows = this.options.workspace.allFlows();
    const chosen = request.flowId === undefined ? flows : flows.filter((flow) => flow.id === request.flowId);
    const plans: PipelinePlan[] = [];
    for (const flow of chosen) {
      const compiled = compileFlow(model, flows, flow.id);
      if (!compiled.ok) return this.fail(request.scenario ?? null, `"${flow.name}" cannot run: the checker found ${compiled.diagnostics.length} error${compiled.diagnostics.length === 1 ? '' : 's'} (the Problems panel lists them).`);
      plans.push(compiled.plan);
    }
    if (plans.length === 0) return this.fail(request.scenario ?? null, 'There is no flow to run.');
    if ((request.scenario === undefined) === (request.environment === undefined)) return this.fail(null, 'Choose a sandbox scenario or an environment to run against.');
    if (request.listen === true && request.environment === undefined) return this.fail(request.scenario ?? null, 'Listening for webhooks needs an environment; a sandbox scenario sends its own history.');
    const runId = randomUUID();
    this.replays = new Map();
    this.listening = null;
    this.started = performance.now();
    // A counter object of its own: countStep writes into it, and IDLE's must stay empty for the next run.
    this.current = { ...IDLE, nodes: {}, runId, state: 'starting', scenario: request.scenario ?? null, environment: request.environment ?? null, startedAt: new Date().toISOString(), expected: 0 };
    this.push();
    let sandbox: Sandbox | null = null;
    try {
      if (request.scenario !== undefined) {
        sandbox = await Sandbox.start({ scenario: loadScenario(request.scenario), seed: 1, limits: request.limits ?? true });
        this.sandbox = sandbox;
        this.environment = sandbox.environmentFor(model.systems);
      } else {
        if (this.options.environments === undefined) return this.fail(null, 'Environments are not available here.');
        // Against real staging systems: what is there is read (webhook triggers backfilled); nothing is replayed.
        this.environment = await this.options.environments.resolve(request.environment ?? '');
      }
    } catch (error: unknown) {
      return this.fail(request.scenario ?? null, error instanceof ProblemError ? error.problem.message : String(error));
    }
    const replaying = sandbox;
    this.journalPath = `${project.path}.journal`;
    const controller = new AbortController();
    this.controller = controller;
    const listenController = request.listen === true ? new AbortController() : null;
    this.listenController = listenController;
    this.current = { ...this.current, state: 'running' };
    this.pushTimer = setInterval(() => this.push(), PUSH_MS);
    this.finished = executeRun({
      plans,
      environment: this.environment,
      journalPath: this.journalPath,
      runId,
      resume: false,
      scenario: request.scenario ?? null,
      ...(replaying === null ? {} : { replay: () => replaying.replayHistory() }),
      signal: controller.signal,
      ...(listenController === null ? {} : { listenUntil: listenController.signal, backfill: request.backfill ?? true, onListening: (listening: Listening) => (this.listening = listening) }),
      ...(this.options.codeHost === undefined ? {} : { codeHost: this.options.codeHost }),
      log: () => undefined,
      onExpected: (count) => (this.current = { ...this.current, expected: (this.current.expected ?? 0) + count }),
      onStep: (flowId, nodeId, status) => this.countStep(`${flowId}:${nodeId}`, status),
      onTransaction: (transaction) => this.countTransaction(transaction),
    }).then(
      () => this.end(controller.signal.aborted ? 'cancelled' : 'done', null),
      (error: unknown) => this.end('failed', error instanceof Error ? error.message : String(error)),
    );
    return this.snapshot();
  }

  /** The environment of the sandbox the last run left up, if that run was of `scenario`. */
  liveEnvironment(scenario: string): EnvironmentFile | null {
    return this.sandbox !== null && this.current.scenario === scenario && this.current.state !== 'running' ? this.environment : null;
  }

  cancel(): RunStatus {
    this.controller?.abort();
    return this.snapshot();
  }

  /** Ends a listening run as done: the receiver closes once what it took in has finished. */
  stopListening(): RunStatus {
    if (this.listenController === null) throw new ProblemError({ code: 'RUN_NOT_LISTENING', message: 'This run is not listening for webhooks.' });
    this.listenController.abort();
    return this.snapshot();
  }

  transactions(query: TransactionQuery): TransactionPage {
    const reader = this.reader();
    if (reader === null || this.current.runId === null) return { total: 0, items: [] };
    try {
      const page = reader.page([this.current.runId], query);
      return { ...page, items: page.items.map((item) => this.replays.get(item.id) ?? item) };
    } finally {
      reader.close();
    }
  }

  transaction(id: string): TransactionDetail {
    const reader = this.reader();
    const runId = this.replays.get(id) === undefined ? this.current.runId : `${this.current.runId ?? ''}~${this.replays.get(id)?.replayOf ?? ''}`;
    const found = reader === null || runId === null ? null : reader.transaction(runId, id);
    reader?.close();
    if (found === null) throw new ProblemError({ code: 'TRANSACTION_UNKNOWN', message: `This run has no transaction ${id}.` });
    const replayOf = this.replays.get(id)?.replayOf ?? null;
    return replayOf === null ? found : { ...found, summary: { ...found.summary, replayOf } };
  }

  /**
   * Runs one transaction again, from the input it first had, through its
   * flow as it is now (after a fix), against the run's sandbox. Its result
   * replaces the first one in the run's list and counts.
   */
  async replay(id: string): Promise<TransactionSummary> {
    if (this.environment === null || this.journalPath === null || this.current.runId === null) throw new ProblemError({ code: 'RUN_NONE', message: 'There is no run to replay from.', hint: 'Run the flows first.' });
    if (this.current.state === 'running' || this.current.state === 'starting') throw new ProblemError({ code: 'RUN_BUSY', message: 'Replay waits until the run has ended.' });
    const original = this.transaction(id);
    const model = this.options.workspace.getModel();
    const flows = this.options.workspace.allFlows();
    const compiled = compileFlow(model, flows, original.summary.flowId);
    if (!compiled.ok) throw new ProblemError({ code: 'FLOW_INVALID', message: `The flow cannot run: the checker found ${compiled.diagnostics.length} error${compiled.diagnostics.length === 1 ? '' : 's'}.`, hint: compiled.diagnostics[0]?.message ?? '' });
    const entry = original.steps[0]?.nodeId ?? compiled.plan.entries[0] ?? '';
    this.replayCount += 1;
    const replayId = `replay-${this.replayCount}`;
    const runId = `${this.current.runId}~${replayId}`;
    const connectors = connectorsFor(this.environment);
    const journal = Journal.open(this.journalPath);
    const ledger = ReservationLedger.open(this.journalPath);
    const hasCode = [...compiled.plan.steps.values()].some((step) => step.kind === 'map' && step.code !== null);
    const code = hasCode ? new CodeSandbox({ script: CODE_HOST_SCRIPT, ...(this.options.codeHost === undefined ? {} : { launcher: this.options.codeHost }) }) : undefined;
    try {
      journal.startRun({ id: runId, flows: [compiled.plan.flowId], environment: this.environment.name, scenario: this.current.scenario });
      const executor = new Executor(compiled.plan, journal, new VendorEffects(connectors, ledger), runId, code === undefined ? {} : { code });
      const result = await executor.submit({ key: original.summary.key, record: original.input as Record<string, unknown> }, entry);
      journal.endRun(runId, 'done');
      if (result === null) throw new ProblemError({ code: 'RUN_CANCELLED', message: 'The replay was cancelled before it started.' });
      const summary: TransactionSummary = { id, key: result.key, flowId: original.summary.flowId, state: result.state, failingNode: result.failingNode ?? null, reason: result.reason ?? null, replayOf: replayId };
      this.recount(original.summary.state, summary.state);
      this.replays.set(id, summary);
      this.push();
      return summary;
    } finally {
      code?.close();
      journal.close();
      ledger.close();
    }
  }

  async dispose(): Promise<void> {
    this.controller?.abort();
    await this.finished;
    await this.stopSandbox();
  }

  private reader(): JournalReader | null {
    if (this.journalPath === null) return null;
    try {
      return new JournalReader(this.journalPath, this.options.nativeBinding);
    } catch {
      return null;
    }
  }

  private countStep(key: string, status: string): void {
    const counter = this.current.nodes[key] ?? { passed: 0, failed: 0 };
    const failed = status === 'failed' || status === 'dead-lettered' || status === 'unacknowledged' || status === 'unknown';
    this.current.nodes[key] = failed ? { ...counter, failed: counter.failed + 1 } : { ...counter, passed: counter.passed + 1 };
  }

  private countTransaction(transaction: RunTransaction): void {
    const counts = { ...this.current.counts, transactions: this.current.counts.transactions + 1 };
    const field = COUNT_OF[transaction.state];
    if (field !== undefined) counts[field] += 1;
    this.current = { ...this.current, counts };
  }

  private recount(from: string, to: string): void {
    const counts = { ...this.current.counts };
    const before = COUNT_OF[from];
    const after = COUNT_OF[to];
    if (before !== undefined) counts[before] -= 1;
    if (after !== undefined) counts[after] += 1;
    this.current = { ...this.current, counts };
  }

  private snapshot(): RunStatus {
    const running = this.current.state === 'running' || this.current.state === 'starting';
    const elapsedMs = running ? performance.now() - this.started : this.current.elapsedMs;
    const done = this.current.counts.transactions;
    const rate = elapsedMs > 0 ? (done / elapsedMs) * 1000 : 0;
    const left = this.current.expected === null ? null : Math.max(0, this.current.expected - done);
    const heard = this.listening;
    const listening = heard === null ? this.current.listening : { url: heard.url, subscriptions: heard.subscriptions, received: heard.stats.received, duplicates: heard.stats.duplicates, refused: heard.stats.refused };
    // Listening has no end to estimate; what is read first has one.
    const etaMs = running && left !== null && rate > 0 && (left > 0 || heard === null) ? (left / rate) * 1000 : running ? null : 0;
    return { ...this.current, nodes: { ...this.current.nodes }, elapsedMs, rate, etaMs, listening };
  }

  private push(): void {
    this.options.status(this.snapshot());
  }

  private end(state: 'done' | 'cancelled' | 'failed', message: string | null): void {
    if (this.pushTimer !== null) clearInterval(this.pushTimer);
    this.pushTimer = null;
    this.current = { ...this.snapshot(), state, message, etaMs: 0 };
    this.controller = null;
    this.listenController = null;
    this.listening = null;
    this.push();
  }

  private fail(scenario: string | null, message: string): RunStatus {
    this.current = { ...IDLE, nodes: {}, state: 'failed', scenario, message };
    this.push();
    return this.snapshot();
  }

  private async stopSandbox(): Promise<void> {
    const sandbox = this.sandbox;
    this.sandbox = null;
    this.environment = null;
    await sandbox?.stop();
  }
}

const COUNT_OF: Readonly<Record<string, 'succeeded' | 'failed' | 'deadLettered' | 'unacknowledged' | 'filtered'>> = {
  succeeded: 'succeeded',
  failed: 'failed',
  'dead-lettered': 'deadLettered',
  unacknowledged: 'unacknowledged',
  filtered: 'filtered',
};
