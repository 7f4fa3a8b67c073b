import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

/**
 * The journal's writes, committed on a thread of their own. SQLite is
 * synchronous: a commit with `synchronous=FULL` holds whichever thread runs
 * it until the disk says the batch is safe, and on the runtime's thread that
 * stalled every transaction in flight. Here the runtime hands over each batch
 * as plain data (a statement name and its parameters per row) and goes on;
 * the writer commits batches in the order they came and says so per batch.
 *
 * A shared counter carries the last committed batch too, so `waitAll` can
 * block for the writer when a caller needs everything on disk now (a resume's
 * look-ups, closing) without going round the event loop.
 */
export const WRITES = {
  startRun: "INSERT INTO runs (id, flows, environment, scenario, started_at, status) VALUES (@id, @flows, @environment, @scenario, @startedAt, 'running') ON CONFLICT (id) DO UPDATE SET status = 'running', ended_at = NULL",
  endRun: 'UPDATE runs SET status = @status, ended_at = @endedAt WHERE id = @id',
  begin: "INSERT INTO transactions (run_id, id, key, flow_id, state, input, started_at) VALUES (@runId, @id, @key, @flowId, 'running', @input, @startedAt) ON CONFLICT (run_id, id) DO NOTHING",
  finish: 'UPDATE transactions SET state = @state, failing_node = @failingNode, reason = @reason, ended_at = @endedAt WHERE run_id = @runId AND id = @id',
  stepAt: 'INSERT INTO steps (run_id, transaction_id, seq, node_id, status, input, output, exchanges, started_at, duration_ms) VALUES (@runId, @transactionId, @seq, @nodeId, @status, @input, @output, @exchanges, @startedAt, @durationMs)',
  step: 'INSERT INTO steps (run_id, transaction_id, seq, node_id, status, input, output, exchanges, started_at, duration_ms) VALUES (@runId, @transactionId, (SELECT COALESCE(MAX(seq), -1) + 1 FROM steps WHERE run_id = @runId AND transaction_id = @transactionId), @nodeId, @status, @input, @output, @exchanges, @startedAt, @durationMs)',
  intend: "INSERT INTO effects (run_id, transaction_id, node_id, system, idempotency_key, state, request, updated_at) VALUES (@runId, @transactionId, @nodeId, @system, @idempotencyKey, 'intent', @request, @at) ON CONFLICT (run_id, transaction_id, node_id) DO NOTHING",
  settle: 'UPDATE effects SET state = @state, response = @response, updated_at = @at WHERE run_id = @runId AND transaction_id = @transactionId AND node_id = @nodeId',
  receive: 'INSERT INTO inbox (run_id, system, event_id, topic, body, received_at) VALUES (@runId, @system, @eventId, @topic, @body, @at) ON CONFLICT DO NOTHING',
  cursor: 'INSERT INTO cursors (flow_id, node_id, environment, value, updated_at) VALUES (@flowId, @nodeId, @environment, @value, @at) ON CONFLICT (flow_id, node_id, environment) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
} as const;

export type WriteName = keyof typeof WRITES;
export type WriteOp = readonly [WriteName, Readonly<Record<string, unknown>>];

/** The writer thread, plain CommonJS so it runs the same from sources, bundles and the packaged app. */
const WRITER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.module);
const db = new Database(workerData.path, workerData.nativeBinding ? { nativeBinding: workerData.nativeBinding } : {});
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
db.pragma('busy_timeout = 5000');
const statements = {};
for (const [name, sql] of Object.entries(workerData.writes)) statements[name] = db.prepare(sql);
const commit = db.transaction((ops) => { for (const [name, params] of ops) statements[name].run(params); });
const progress = new Int32Array(workerData.progress);
parentPort.on('message', (batch) => {
  if (batch === 'close') { db.close(); parentPort.close(); return; }
  let error = null;
  try { commit(batch.ops); } catch (cause) { error = String((cause && cause.message) || cause); Atomics.store(progress, 1, batch.seq); }
  Atomics.store(progress, 0, batch.seq);
  Atomics.notify(progress, 0);
  parentPort.postMessage({ seq: batch.seq, error });
});
`;

/** Where better-sqlite3 is, for the writer to load the same one: found from this module (ESM) or this file (a CommonJS bundle). */
function sqliteModule(): string {
  const meta = import.meta as { url?: unknown };
  const here = typeof meta.url === 'string' ? meta.url : pathToFileURL(typeof __filename === 'string' ? __filename : join(process.cwd(), 'index.js')).href;
  return createRequire(here).resolve('better-sqlite3');
}

export class JournalWriter {
  private readonly worker: Worker;
  /** [0]: the last batch the writer finished; [1]: the last one that failed. */
  private readonly progress = new Int32Array(new SharedArrayBuffer(8));
  private sent = 0;
  private settled = 0;
  private failed: { seq: number; error: string } | null = null;
  private broken: string | null = null;

  constructor(
    path: string,
    nativeBinding: string | undefined,
    /** Told once per batch, in order: null when it committed, the reason when it did not. */
    private readonly onSettled: (seq: number, error: string | null) => void,
  ) {
    this.worker = new Worker(WRITER_SOURCE, {
      eval: true,
      workerData: { path, nativeBinding, module: sqliteModule(), writes: WRITES, progress: this.progress.buffer },
    });
    this.worker.on('message', (message: { seq: number; error: string | null }) => {
      if (message.error !== null) this.failed = { seq: message.seq, error: message.error };
      this.settleUpTo(message.seq);
    });
    this.worker.on('error', (error: Error) => {
      // Nothing it had not confirmed can be taken as written.
      this.broken = `the journal's writer stopped: ${error.message}`;
      this.settleUpTo(this.sent);
    });
    // Only a batch on its way keeps the process alive for the writer.
    this.worker.unref();
  }

  /** Hands a batch over; returns its number. */
  send(ops: readonly WriteOp[]): number {
    if (this.broken !== null) throw new Error(this.broken);
    this.sent += 1;
    this.worker.ref();
    this.worker.postMessage({ seq: this.sent, ops });
    return this.sent;
  }

  /** Blocks until every batch sent is committed (or failed), then settles them. */
  waitAll(timeoutMs = 60_000): void {
    const deadline = Date.now() + timeoutMs;
    for (let done = Atomics.load(this.progress, 0); done < this.sent && this.broken === null; done = Atomics.load(this.progress, 0)) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`the journal's writer did not finish in ${timeoutMs} ms`);
      Atomics.wait(this.progress, 0, done, left);
    }
    const lastFailed = Atomics.load(this.progress, 1);
    if (lastFailed > this.settled && (this.failed === null || this.failed.seq < lastFailed)) this.failed = { seq: lastFailed, error: 'the journal could not commit a batch' };
    this.settleUpTo(this.sent);
  }

  close(): void {
    this.waitAll();
    this.worker.postMessage('close');
  }

  private settleUpTo(seq: number): void {
    for (let next = this.settled + 1; next <= seq; next += 1) {
      this.settled = next;
      this.onSettled(next, this.broken ?? (this.failed !== null && this.failed.seq === next ? this.failed.error : null));
    }
    if (this.settled >= this.sent) this.worker.unref();
  }
}
