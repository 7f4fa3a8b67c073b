import Database from 'better-sqlite3';
import { ProblemError } from '../../../shared/problem';

/**
 * The run journal (domain.md §4): every transaction, step and effect of a run
 * in SQLite, durable by group commit. Rows are queued and written together in
 * one transaction every few milliseconds with `synchronous=FULL`; an effect's
 * intent is only reported durable once the batch holding it has committed, so
 * the runtime sends nothing whose intent could still be lost. Everything
 * queued before an intent commits with it or earlier, in order.
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

/** Marks the file as a Steward journal ("STJR"), so a project or a stranger's database is never mistaken for one. */
const JOURNAL_APPLICATION_ID = 0x53544a52;
/** 2: the webhook inbox. */
const SCHEMA_VERSION = 2;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS runs (
  id TEXT PRIMARY KEY,
  flows TEXT NOT NULL,
  environment TEXT NOT NULL,
  scenario TEXT,
  started_at TEXT NOT NULL,
  ended_at TEXT,
  status TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS transactions (
  run_id TEXT NOT NULL REFERENCES runs(id),
  id TEXT NOT NULL,
  key TEXT NOT NULL,
  flow_id TEXT NOT NULL,
  state TEXT NOT NULL,
  failing_node TEXT,
  reason TEXT,
  input TEXT NOT NULL,
  started_at TEXT NOT NULL,
  ended_at TEXT,
  PRIMARY KEY (run_id, id)
);
CREATE TABLE IF NOT EXISTS steps (
  run_id TEXT NOT NULL,
  transaction_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  node_id TEXT NOT NULL,
  status TEXT NOT NULL,
  input TEXT,
  output TEXT,
  exchanges TEXT,
  started_at TEXT NOT NULL,
  duration_ms REAL NOT NULL,
  PRIMARY KEY (run_id, transaction_id, seq)
);
CREATE TABLE IF NOT EXISTS effects (
  run_id TEXT NOT NULL,
  transaction_id TEXT NOT NULL,
  node_id TEXT NOT NULL,
  system TEXT NOT NULL,
  idempotency_key TEXT NOT NULL,
  state TEXT NOT NULL,
  request TEXT NOT NULL,
  response TEXT,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (run_id, transaction_id, node_id)
);
CREATE INDEX IF NOT EXISTS effects_open ON effects (run_id, state);
CREATE TABLE IF NOT EXISTS inbox (
  run_id TEXT NOT NULL,
  system TEXT NOT NULL,
  event_id TEXT NOT NULL,
  topic TEXT NOT NULL,
  body TEXT NOT NULL,
  received_at TEXT NOT NULL,
  PRIMARY KEY (run_id, system, event_id)
);
`;

export interface JournalOptions {
  /** How long rows wait for company before they are committed (default 2 ms). */
  readonly windowMs?: number;
  readonly nativeBinding?: string;
}

export class Journal {
  private readonly queue: (() => void)[] = [];
  private readonly waiters: { resolve: () => void; reject: (error: unknown) => void }[] = [];
  private timer: NodeJS.Timeout | null = null;
  /**
   * What this journal has been told since its last commit, by key: answered
   * from memory, so asking does not force a commit (which would undo group
   * commit). Anything not here is on disk. Cleared at each commit.
   */
  private readonly effectStates = new Map<string, string>();
  private readonly inbox = new Set<string>();
  /**
   * Runs this process started (not resumed), and what it began and intended
   * in them: anything else of theirs cannot be on disk, so asking the file is
   * skipped — the look-ups were the largest cost left per record. Ids only,
   * dropped with the journal.
   */
  private readonly freshRuns = new Set<string>();
  private readonly begunHere = new Set<string>();
  private readonly intendedHere = new Set<string>();
  private readonly endings = new Map<string, { state: Exclude<TransactionState, 'running'>; failingNode: string | null; reason: string | null }>();
  private commits = 0;
  private rows = 0;
  private closed = false;
  private readonly statements;
  private readonly commitBatch;

  private constructor(
    readonly path: string,
    private readonly db: Database.Database,
    private readonly windowMs: number,
  ) {
    this.statements = {
      startRun: db.prepare('INSERT INTO runs (id, flows, environment, scenario, started_at, status) VALUES (@id, @flows, @environment, @scenario, @startedAt, \'running\') ON CONFLICT (id) DO UPDATE SET status = \'running\', ended_at = NULL'),
      endRun: db.prepare('UPDATE runs SET status = @status, ended_at = @endedAt WHERE id = @id'),
      begin: db.prepare('INSERT INTO transactions (run_id, id, key, flow_id, state, input, started_at) VALUES (@runId, @id, @key, @flowId, \'running\', @input, @startedAt) ON CONFLICT (run_id, id) DO NOTHING'),
      finish: db.prepare('UPDATE transactions SET state = @state, failing_node = @failingNode, reason = @reason, ended_at = @endedAt WHERE run_id = @runId AND id = @id'),
      step: db.prepare(
        'INSERT INTO steps (run_id, transaction_id, seq, node_id, status, input, output, exchanges, started_at, duration_ms) VALUES (@runId, @transactionId, (SELECT COALESCE(MAX(seq), -1) + 1 FROM steps WHERE run_id = @runId AND transaction_id = @transactionId), @nodeId, @status, @input, @output, @exchanges, @startedAt, @durationMs)',
      ),
      intend: db.prepare(
        'INSERT INTO effects (run_id, transaction_id, node_id, system, idempotency_key, state, request, updated_at) VALUES (@runId, @transactionId, @nodeId, @system, @idempotencyKey, \'intent\', @request, @at) ON CONFLICT (run_id, transaction_id, node_id) DO NOTHING',
      ),
      settle: db.prepare('UPDATE effects SET state = @state, response = @response, updated_at = @at WHERE run_id = @runId AND transaction_id = @transactionId AND node_id = @nodeId'),
      pending: db.prepare<[string], { run_id: string; transaction_id: string; node_id: string; system: string; idempotency_key: string; state: 'intent' | 'unknown'; request: string }>(
        "SELECT run_id, transaction_id, node_id, system, idempotency_key, state, request FROM effects WHERE run_id = ? AND state IN ('intent', 'unknown') ORDER BY rowid",
      ),
      effectState: db.prepare<[string, string, string], { state: string }>('SELECT state FROM effects WHERE run_id = ? AND transaction_id = ? AND node_id = ?'),
      unfinished: db.prepare<[string], { id: string; key: string; flow_id: string; input: string }>("SELECT id, key, flow_id, input FROM transactions WHERE run_id = ? AND state = 'running' ORDER BY rowid"),
      transactionState: db.prepare<[string, string], { state: TransactionState; failing_node: string | null; reason: string | null }>('SELECT state, failing_node, reason FROM transactions WHERE run_id = ? AND id = ?'),
      runExists: db.prepare<[string], { found: number }>('SELECT 1 AS found FROM runs WHERE id = ?'),
      receive: db.prepare('INSERT INTO inbox (run_id, system, event_id, topic, body, received_at) VALUES (@runId, @system, @eventId, @topic, @body, @at) ON CONFLICT DO NOTHING'),
      received: db.prepare<[string, string, string], { found: number }>('SELECT 1 AS found FROM inbox WHERE run_id = ? AND system = ? AND event_id = ?'),
      inboxEvents: db.prepare<[string], { system: string; event_id: string; topic: string; body: string }>('SELECT system, event_id, topic, body FROM inbox WHERE run_id = ? ORDER BY rowid'),
      transactions: db.prepare<[string], { id: string; key: string; flow_id: string; state: TransactionState; failing_node: string | null; reason: string | null }>(
        'SELECT id, key, flow_id, state, failing_node, reason FROM transactions WHERE run_id = ? ORDER BY rowid',
      ),
    };
    this.commitBatch = db.transaction((work: readonly (() => void)[]) => {
      for (const write of work) write();
    });
  }

  /** Opens (or creates) a journal file; refuses a file that is not one. */
  static open(path: string, options: JournalOptions = {}): Journal {
    const db = new Database(path, options.nativeBinding === undefined ? {} : { nativeBinding: options.nativeBinding });
    try {
      const applicationId = Number(db.pragma('application_id', { simple: true }));
      const version = Number(db.pragma('user_version', { simple: true }));
      // New — or made by a process killed while making it: the mark, the tables and the
      // version are written in one transaction, so a journal is either whole or not there.
      // An older journal gains the new tables the same way (every statement of SCHEMA is IF NOT EXISTS).
      if ((version === 0 && applicationId === 0) || (applicationId === JOURNAL_APPLICATION_ID && version < SCHEMA_VERSION)) {
        db.transaction(() => {
          db.pragma(`application_id = ${JOURNAL_APPLICATION_ID}`);
          db.exec(SCHEMA);
          db.pragma(`user_version = ${SCHEMA_VERSION}`);
        })();
      } else if (applicationId !== JOURNAL_APPLICATION_ID) {
        throw new ProblemError({ code: 'JOURNAL_FOREIGN', message: `${path} is not a Steward run journal.`, hint: 'Point the run at a new journal file.', location: { file: path } });
      } else if (version > SCHEMA_VERSION) {
        throw new ProblemError({ code: 'JOURNAL_TOO_NEW', message: `${path} was written by a newer Steward.`, hint: 'Update Steward, or start a new journal.', location: { file: path } });
      }
      db.pragma('journal_mode = WAL');
      // FULL: a committed batch survives power loss, not only a crash of this process.
      db.pragma('synchronous = FULL');
      db.pragma('busy_timeout = 2000');
    } catch (error: unknown) {
      db.close();
      throw error;
    }
    return new Journal(path, db, options.windowMs ?? 2);
  }

  startRun(run: { id: string; flows: readonly string[]; environment: string; scenario: string | null }): void {
    if (this.statements.runExists.get(run.id) === undefined) this.freshRuns.add(run.id);
    this.enqueue(() => this.statements.startRun.run({ id: run.id, flows: JSON.stringify(run.flows), environment: run.environment, scenario: run.scenario, startedAt: now() }));
  }

  endRun(id: string, status: 'done' | 'cancelled' | 'failed'): void {
    this.enqueue(() => this.statements.endRun.run({ id, status, endedAt: now() }));
  }

  /** A transaction enters; begun again after a resume, it keeps its first row. */
  begin(transaction: { runId: string; id: string; key: string; flowId: string; input: unknown }): void {
    if (this.freshRuns.has(transaction.runId)) this.begunHere.add(`${transaction.runId}\u0000${transaction.id}`);
    this.enqueue(() => this.statements.begin.run({ ...transaction, input: JSON.stringify(transaction.input ?? null), startedAt: now() }));
  }

  step(step: { runId: string; transactionId: string; nodeId: string; status: string; input?: unknown; output?: unknown; exchanges?: unknown; startedAt: string; durationMs: number }): void {
    const json = (value: unknown): string | null => (value === undefined ? null : JSON.stringify(value));
    this.enqueue(() =>
      this.statements.step.run({ runId: step.runId, transactionId: step.transactionId, nodeId: step.nodeId, status: step.status, input: json(step.input), output: json(step.output), exchanges: json(step.exchanges), startedAt: step.startedAt, durationMs: step.durationMs }),
    );
  }

  finish(transaction: { runId: string; id: string; state: Exclude<TransactionState, 'running'>; failingNode?: string; reason?: string }): void {
    this.endings.set(`${transaction.runId}\u0000${transaction.id}`, { state: transaction.state, failingNode: transaction.failingNode ?? null, reason: transaction.reason ?? null });
    this.enqueue(() => this.statements.finish.run({ runId: transaction.runId, id: transaction.id, state: transaction.state, failingNode: transaction.failingNode ?? null, reason: transaction.reason ?? null, endedAt: now() }));
  }

  /**
   * Journals the intent to send an effect and resolves once it is durable.
   * Only then may the request go out.
   */
  intend(effect: EffectIntent): Promise<void> {
    const key = effectKey(effect.runId, effect.transactionId, effect.nodeId);
    // A repeated intent keeps the first row (and its state), as the insert does.
    if (!this.effectStates.has(key)) this.effectStates.set(key, this.storedEffectState(effect.runId, effect.transactionId, effect.nodeId) ?? 'intent');
    if (this.freshRuns.has(effect.runId)) this.intendedHere.add(key);
    this.enqueue(() => this.statements.intend.run({ ...effect, request: JSON.stringify(effect.request ?? null), at: now() }));
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  /** The effect's outcome, after it was sent (or found by a lookup). */
  settle(effect: { runId: string; transactionId: string; nodeId: string; state: EffectOutcome; response?: unknown }): void {
    this.effectStates.set(effectKey(effect.runId, effect.transactionId, effect.nodeId), effect.state);
    this.enqueue(() => this.statements.settle.run({ runId: effect.runId, transactionId: effect.transactionId, nodeId: effect.nodeId, state: effect.state, response: JSON.stringify(effect.response ?? null), at: now() }));
  }

  /** The state of one effect, committed or not yet: the caller's own view. */
  effectState(runId: string, transactionId: string, nodeId: string): string | null {
    return this.effectStates.get(effectKey(runId, transactionId, nodeId)) ?? this.storedEffectState(runId, transactionId, nodeId);
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
    if (this.inbox.has(key) || this.statements.received.get(event.runId, event.system, event.eventId) !== undefined) return { fresh: false, durable: Promise.resolve() };
    this.inbox.add(key);
    this.enqueue(() => this.statements.receive.run({ ...event, at: now() }));
    return { fresh: true, durable: new Promise((resolve, reject) => this.waiters.push({ resolve, reject })) };
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
    if (known !== undefined) return known;
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

  /** Commits everything queued, now. */
  flush(): void {
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.queue.length === 0) return;
    const work = this.queue.splice(0);
    const waiters = this.waiters.splice(0);
    try {
      this.commitBatch(work);
    } catch (error: unknown) {
      for (const waiter of waiters) waiter.reject(error);
      throw error;
    }
    this.commits += 1;
    this.rows += work.length;
    // All of it is on disk now, where the look-ups find it: memory stays the size of one batch.
    this.effectStates.clear();
    this.endings.clear();
    this.inbox.clear();
    for (const waiter of waiters) waiter.resolve();
  }

  close(): void {
    if (this.closed) return;
    this.flush();
    this.closed = true;
    this.db.close();
  }

  private enqueue(write: () => void): void {
    if (this.closed) throw new ProblemError({ code: 'JOURNAL_CLOSED', message: 'The run journal is closed.' });
    this.queue.push(write);
    this.timer ??= setTimeout(() => {
      this.timer = null;
      try {
        this.flush();
      } catch {
        // The waiters of the failed batch were rejected; their callers report it.
      }
    }, this.windowMs);
  }
}

function now(): string {
  return new Date().toISOString();
}

function effectKey(runId: string, transactionId: string, nodeId: string): string {
  return `${runId}\u0000${transactionId}\u0000${nodeId}`;
}
