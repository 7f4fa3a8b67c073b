import Database from 'better-sqlite3';
import { ProblemError } from '../../../shared/problem';
import { openJournalFile } from './journal-file';
import { JournalWriter } from './journal-writer';
import type { WriteOp } from './journal-writer';

/**
 * The run journal (domain.md §4): every transaction, step and effect of a run
 * in SQLite, durable by group commit. Rows are queued and handed to the
 * journal's writer thread in batches (journal-writer.ts), each committed in
 * one transaction with `synchronous=FULL`; an effect's intent is only reported
 * durable once the batch holding it has committed, so the runtime sends
 * nothing whose intent could still be lost. Everything queued before an
 * intent commits with it or earlier, in order. Look-ups run on this thread's
 * own connection (WAL lets them read beside the writer).
 *
 * Callers redact before they journal: the journal stores what it is given.
 */
export type TransactionState = 'running' | 'succeeded' | 'failed' | 'dead-lettered' | 'unacknowledged' | 'filtered';
export type EffectOutcome = 'done' | 'failed' | 'unknown';

export interface EffectIntent {
  readonly runId: string;
  readonly transactionId: string;
  readonly nodeId: string;
  readonly system: string;
  readonly idempotencyKey: string;
  /** The request about to be sent, redacted. */
  readonly request: unknown;
}

export interface PendingEffect extends EffectIntent {
  /** `intent`: journaled, maybe sent; `unknown`: sent, answer lost. Either way, look it up before re-sending. */
  readonly state: 'intent' | 'unknown';
}

export interface JournalStats {
  readonly commits: number;
  readonly rows: number;
}

/**
 * Batches with the writer at once: two, so a batch can fill while one commits
 * and the next waits ready — batches still grow with load, and a write that
 * arrives mid-commit does not wait for two commits.
 */
const MAX_IN_FLIGHT = Number(process.env['STEWARD_JOURNAL_DEPTH'] ?? 2);

export interface JournalOptions {
  /** How long rows wait for company before they are committed (default 2 ms). */
  readonly windowMs?: number;
  readonly nativeBinding?: string;
}

export class Journal {
  /** Rows queued for the next batch. */
  private ops: WriteOp[] = [];
  /** Who waits for which batch: resolved when the writer has committed it. */
  private readonly waiters: { seq: number; resolve: () => void; reject: (error: unknown) => void }[] = [];
  /** The number the batch being filled will have when it is sent. */
  private filling = 1;
  private timer: NodeJS.Timeout | null = null;
  private immediate: NodeJS.Immediate | null = null;
  /**
   * What this journal has been told and the writer has not yet confirmed, by
   * key, with the batch that carries it: answered from memory, so asking does
   * not force a commit (which would undo group commit). Anything not here is
   * on disk. Forgotten as each batch is confirmed.
   */
  private readonly effectStates = new Map<string, { state: string; seq: number }>();
  private readonly inbox = new Map<string, number>();
  private readonly endings = new Map<string, { state: Exclude<TransactionState, 'running'>; failingNode: string | null; reason: string | null; seq: number }>();
  /**
   * Runs this process started (not resumed), and what it began and intended
   * in them: anything else of theirs cannot be on disk, so asking the file is
   * skipped — the look-ups were the largest cost left per record. Ids only,
   * dropped with the journal.
   */
  private readonly freshRuns = new Set<string>();
  private readonly begunHere = new Set<string>();
  private readonly intendedHere = new Set<string>();
  private readonly receivedHere = new Set<string>();
  private readonly stepCounts = new Map<string, number>();
  private commits = 0;
  private rows = 0;
  private closed = false;
  private readonly statements;
  private readonly writer: JournalWriter;

  private constructor(
    readonly path: string,
    /** This thread's connection: look-ups only. Every write goes through the writer. */
    private readonly db: Database.Database,
    private readonly windowMs: number,
    nativeBinding: string | undefined,
  ) {
    this.statements = {
      pending: db.prepare<[string], { run_id: string; transaction_id: string; node_id: string; system: string; idempotency_key: string; state: 'intent' | 'unknown'; request: string }>(
        "SELECT run_id, transaction_id, node_id, system, idempotency_key, state, request FROM effects WHERE run_id = ? AND state IN ('intent', 'unknown') ORDER BY rowid",
      ),
      effectState: db.prepare<[string, string, string], { state: string }>('SELECT state FROM effects WHERE run_id = ? AND transaction_id = ? AND node_id = ?'),
      unfinished: db.prepare<[string], { id: string; key: string; flow_id: string; input: string }>("SELECT id, key, flow_id, input FROM transactions WHERE run_id = ? AND state = 'running' ORDER BY rowid"),
      transactionState: db.prepare<[string, string], { state: TransactionState; failing_node: string | null; reason: string | null }>('SELECT state, failing_node, reason FROM transactions WHERE run_id = ? AND id = ?'),
      runExists: db.prepare<[string], { found: number }>('SELECT 1 AS found FROM runs WHERE id = ?'),
      cursor: db.prepare<[string, string, string], { value: string }>('SELECT value FROM cursors WHERE flow_id = ? AND node_id = ? AND environment = ?'),
      received: db.prepare<[string, string, string], { found: number }>('SELECT 1 AS found FROM inbox WHERE run_id = ? AND system = ? AND event_id = ?'),
      inboxEvents: db.prepare<[string], { system: string; event_id: string; topic: string; body: string }>('SELECT system, event_id, topic, body FROM inbox WHERE run_id = ? ORDER BY rowid'),
      transactions: db.prepare<[string], { id: string; key: string; flow_id: string; state: TransactionState; failing_node: string | null; reason: string | null }>(
        'SELECT id, key, flow_id, state, failing_node, reason FROM transactions WHERE run_id = ? ORDER BY rowid',
      ),
    };
    this.writer = new JournalWriter(path, nativeBinding, (seq, error) => this.settled(seq, error));
  }

  /** Opens (or creates) a journal file; refuses a file that is not one. */
  static open(path: string, options: JournalOptions = {}): Journal {
    const db = openJournalFile(path, options.nativeBinding);
    return new Journal(path, db, options.windowMs ?? 2, options.nativeBinding);
  }

  startRun(run: { id: string; flows: readonly string[]; environment: string; scenario: string | null }): void {
    if (this.statements.runExists.get(run.id) === undefined) this.freshRuns.add(run.id);
    this.enqueue(['startRun', { id: run.id, flows: JSON.stringify(run.flows), environment: run.environment, scenario: run.scenario, startedAt: now() }]);
  }

  endRun(id: string, status: 'done' | 'cancelled' | 'failed'): void {
    this.enqueue(['endRun', { id, status, endedAt: now() }]);
  }

  /** A transaction enters; begun again after a resume, it keeps its first row. */
  begin(transaction: { runId: string; id: string; key: string; flowId: string; input: unknown }): void {
    if (this.freshRuns.has(transaction.runId)) this.begunHere.add(`${transaction.runId}\u0000${transaction.id}`);
    this.enqueue(['begin', { ...transaction, input: JSON.stringify(transaction.input ?? null), startedAt: now() }]);
  }

  step(step: { runId: string; transactionId: string; nodeId: string; status: string; input?: unknown; output?: unknown; exchanges?: unknown; startedAt: string; durationMs: number }): void {
    const json = (value: unknown): string | null => (value === undefined ? null : JSON.stringify(value));
    const row = { runId: step.runId, transactionId: step.transactionId, nodeId: step.nodeId, status: step.status, input: json(step.input), output: json(step.output), exchanges: json(step.exchanges), startedAt: step.startedAt, durationMs: step.durationMs };
    // A transaction this process began numbers its steps in memory; a resumed one asks the file where it got to.
    const key = `${step.runId}\u0000${step.transactionId}`;
    const seq = this.begunHere.has(key) ? (this.stepCounts.get(key) ?? 0) : undefined;
    if (seq === undefined) {
      this.enqueue(['step', row]);
      return;
    }
    this.stepCounts.set(key, seq + 1);
    this.enqueue(['stepAt', { ...row, seq }]);
  }

  finish(transaction: { runId: string; id: string; state: Exclude<TransactionState, 'running'>; failingNode?: string; reason?: string }): void {
    this.stepCounts.delete(`${transaction.runId}\u0000${transaction.id}`);
    this.endings.set(`${transaction.runId}\u0000${transaction.id}`, { state: transaction.state, failingNode: transaction.failingNode ?? null, reason: transaction.reason ?? null, seq: this.filling });
    this.enqueue(['finish', { runId: transaction.runId, id: transaction.id, state: transaction.state, failingNode: transaction.failingNode ?? null, reason: transaction.reason ?? null, endedAt: now() }]);
  }

  /**
   * Journals the intent to send an effect and resolves once it is durable.
   * Only then may the request go out.
   */
  intend(effect: EffectIntent): Promise<void> {
    const key = effectKey(effect.runId, effect.transactionId, effect.nodeId);
    // A repeated intent keeps the first row (and its state), as the insert does.
    const known = this.effectStates.get(key)?.state ?? this.storedEffectState(effect.runId, effect.transactionId, effect.nodeId);
    this.effectStates.set(key, { state: known ?? 'intent', seq: this.filling });
    if (this.freshRuns.has(effect.runId)) this.intendedHere.add(key);
    this.enqueue(['intend', { ...effect, request: JSON.stringify(effect.request ?? null), at: now() }], true);
    return this.durable();
  }

  /** The effect's outcome, after it was sent (or found by a lookup). */
  settle(effect: { runId: string; transactionId: string; nodeId: string; state: EffectOutcome; response?: unknown }): void {
    this.effectStates.set(effectKey(effect.runId, effect.transactionId, effect.nodeId), { state: effect.state, seq: this.filling });
    this.enqueue(['settle', { runId: effect.runId, transactionId: effect.transactionId, nodeId: effect.nodeId, state: effect.state, response: JSON.stringify(effect.response ?? null), at: now() }]);
  }

  /** The state of one effect, committed or not yet: the caller's own view. */
  effectState(runId: string, transactionId: string, nodeId: string): string | null {
    return this.effectStates.get(effectKey(runId, transactionId, nodeId))?.state ?? this.storedEffectState(runId, transactionId, nodeId);
  }

  private storedEffectState(runId: string, transactionId: string, nodeId: string): string | null {
    if (this.freshRuns.has(runId) && this.begunHere.has(`${runId}\u0000${transactionId}`) && !this.intendedHere.has(effectKey(runId, transactionId, nodeId))) return null;
    return this.statements.effectState.get(runId, transactionId, nodeId)?.state ?? null;
  }

  /**
   * A webhook event received for a run. `fresh` says at once whether this run
   * has had it before (a redelivery or a replay); `durable` resolves once a
   * fresh event is in the inbox on disk — only then may the vendor hear 200.
   */
  receive(event: { runId: string; system: string; eventId: string; topic: string; body: string }): { fresh: boolean; durable: Promise<void> } {
    const key = `${event.runId}\u0000${event.system}\u0000${event.eventId}`;
    const fresh = this.freshRuns.has(event.runId);
    const had = fresh ? this.receivedHere.has(key) : this.inbox.has(key) || this.statements.received.get(event.runId, event.system, event.eventId) !== undefined;
    if (had) return { fresh: false, durable: Promise.resolve() };
    if (fresh) this.receivedHere.add(key);
    this.inbox.set(key, this.filling);
    this.enqueue(['receive', { ...event, at: now() }], true);
    return { fresh: true, durable: this.durable() };
  }

  /** Where a polling trigger's next poll starts against an environment; null the first time. */
  cursor(flowId: string, nodeId: string, environment: string): string | null {
    this.flush();
    return this.statements.cursor.get(flowId, nodeId, environment)?.value ?? null;
  }

  setCursor(cursor: { flowId: string; nodeId: string; environment: string; value: string }): void {
    this.enqueue(['cursor', { ...cursor, at: now() }]);
  }

  /** The events a run took in, in the order they came: a resumed run goes on from them. */
  inboxEvents(runId: string): { system: string; eventId: string; topic: string; payload: unknown; body: string }[] {
    this.flush();
    return this.statements.inboxEvents.all(runId).map((row) => ({ system: row.system, eventId: row.event_id, topic: row.topic, payload: JSON.parse(row.body) as unknown, body: row.body }));
  }

  /** Effects whose outcome is not known (after a crash): each must be looked up before anything is re-sent. */
  pendingEffects(runId: string): PendingEffect[] {
    this.flush();
    return this.statements.pending.all(runId).map((row) => ({
      runId: row.run_id,
      transactionId: row.transaction_id,
      nodeId: row.node_id,
      system: row.system,
      idempotencyKey: row.idempotency_key,
      state: row.state,
      request: JSON.parse(row.request) as unknown,
    }));
  }

  /** Transactions a crash left running, with the input they started from. */
  unfinished(runId: string): { id: string; key: string; flowId: string; input: unknown }[] {
    this.flush();
    return this.statements.unfinished.all(runId).map((row) => ({ id: row.id, key: row.key, flowId: row.flow_id, input: JSON.parse(row.input) as unknown }));
  }

  /** How a transaction ended, or null when it has not (or never started). */
  ended(runId: string, id: string): { state: Exclude<TransactionState, 'running'>; failingNode: string | null; reason: string | null } | null {
    const known = this.endings.get(`${runId}\u0000${id}`);
    if (known !== undefined) return { state: known.state, failingNode: known.failingNode, reason: known.reason };
    if (this.freshRuns.has(runId) && !this.begunHere.has(`${runId}\u0000${id}`)) return null;
    const row = this.statements.transactionState.get(runId, id);
    if (row === undefined || row.state === 'running') return null;
    return { state: row.state, failingNode: row.failing_node, reason: row.reason };
  }

  transactions(runId: string): { id: string; key: string; flowId: string; state: TransactionState; failingNode: string | null; reason: string | null }[] {
    this.flush();
    return this.statements.transactions.all(runId).map((row) => ({ id: row.id, key: row.key, flowId: row.flow_id, state: row.state, failingNode: row.failing_node, reason: row.reason }));
  }

  stats(): JournalStats {
    return { commits: this.commits, rows: this.rows };
  }

  /** Commits everything queued, now: returns once it is on disk (or throws why not). */
  flush(): void {
    this.dispatch(true);
    this.writer.waitAll();
    const failure = this.lastFailure;
    this.lastFailure = null;
    if (failure !== null) throw new Error(failure);
  }

  close(): void {
    if (this.closed) return;
    try {
      this.dispatch(true);
      this.writer.close();
    } finally {
      this.closed = true;
      this.db.close();
    }
  }

  private lastFailure: string | null = null;
  /** A batch is with the writer and not yet confirmed. */
  private inFlight = 0;
  /** A batch was ready while one was in flight: it goes when that one is confirmed. */
  private held = false;

  /** Resolves when the batch being filled is committed. */
  private durable(): Promise<void> {
    const seq = this.filling;
    return new Promise((resolve, reject) => this.waiters.push({ seq, resolve, reject }));
  }

  /**
   * Queues a row. Rows nobody waits for wait up to the window for company;
   * once someone waits (an intent, an inbox event), the batch goes to the
   * writer at the end of this turn of the event loop — everything queued in
   * the turn goes together.
   */
  private enqueue(op: WriteOp, waited = false): void {
    if (this.closed) throw new ProblemError({ code: 'JOURNAL_CLOSED', message: 'The run journal is closed.' });
    this.ops.push(op);
    if (waited && this.immediate === null) {
      if (this.timer !== null) clearTimeout(this.timer);
      this.timer = null;
      this.immediate = setImmediate(() => {
        this.immediate = null;
        this.dispatch();
      });
      return;
    }
    if (this.immediate !== null) return;
    this.timer ??= setTimeout(() => {
      this.timer = null;
      this.dispatch();
    }, this.windowMs);
  }

  /**
   * Sends the batch being filled to the writer — unless the writer is still
   * committing the last one: then this batch keeps filling and goes the
   * moment that commit is confirmed. One commit in flight at a time is what
   * makes the batches large when the load is (classic group commit).
   */
  private dispatch(force = false): void {
    if (this.timer !== null) clearTimeout(this.timer);
    if (this.immediate !== null) clearImmediate(this.immediate);
    this.timer = null;
    this.immediate = null;
    if (this.ops.length === 0) return;
    if (!force && this.inFlight >= MAX_IN_FLIGHT) {
      this.held = true;
      return;
    }
    this.inFlight += 1;
    this.held = false;
    const ops = this.ops;
    this.ops = [];
    this.rows += ops.length;
    this.writer.send(ops);
    this.filling += 1;
  }

  /** The writer has finished batch `seq`: its waiters hear, and memory forgets what is now on disk. */
  private settled(seq: number, error: string | null): void {
    if (error === null) this.commits += 1;
    else this.lastFailure = error;
    this.inFlight = Math.max(0, this.filling - 1 - seq);
    while (this.waiters.length > 0 && (this.waiters[0]?.seq ?? Infinity) <= seq) {
      const waiter = this.waiters.shift();
      if (error === null) waiter?.resolve();
      else waiter?.reject(new Error(error));
    }
    // A failed batch's rows are not on disk: what memory says of them must not be forgotten as if they were.
    if (error === null) {
      for (const [key, entry] of this.effectStates) if (entry.seq <= seq) this.effectStates.delete(key);
      for (const [key, entry] of this.endings) if (entry.seq <= seq) this.endings.delete(key);
      for (const [key, entry] of this.inbox) if (entry <= seq) this.inbox.delete(key);
    } else {
      // An event whose inbox row failed was answered 503: the vendor's retry must be taken as new.
      for (const [key, entry] of this.inbox) {
        if (entry !== seq) continue;
        this.inbox.delete(key);
        this.receivedHere.delete(key);
      }
    }
    if (this.held && this.inFlight < MAX_IN_FLIGHT && !this.closed) this.dispatch();
  }
}

function now(): string {
  return new Date().toISOString();
}

function effectKey(runId: string, transactionId: string, nodeId: string): string {
  return `${runId}\u0000${transactionId}\u0000${nodeId}`;
}
