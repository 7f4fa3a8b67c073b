import Database from 'better-sqlite3';
import type { StepView, TransactionDetail, TransactionPage, TransactionQuery, TransactionSummary } from '../../../shared/runtime/run-view';

/**
 * Reading a run's journal while (or after) the runtime writes it: a
 * read-only connection, which WAL lets read beside the writer. A step whose
 * input is stored as NULL takes the record journaled just before it (the
 * previous step's output, or the transaction's input) — journal.ts.
 */
interface TransactionRow {
  id: string;
  key: string;
  flow_id: string;
  state: TransactionSummary['state'];
  failing_node: string | null;
  reason: string | null;
}

export class JournalReader {
  private readonly db: Database.Database;

  constructor(path: string, nativeBinding?: string) {
    this.db = new Database(path, { readonly: true, fileMustExist: true, ...(nativeBinding === undefined ? {} : { nativeBinding }) });
  }

  page(runIds: readonly string[], query: TransactionQuery): TransactionPage {
    const where = [`t.run_id IN (${runIds.map(() => '?').join(', ')})`];
    const params: unknown[] = [...runIds];
    if (query.flowId !== undefined) {
      where.push('t.flow_id = ?');
      params.push(query.flowId);
    }
    if (query.state !== undefined) {
      where.push('t.state = ?');
      params.push(query.state);
    }
    if (query.nodeId !== undefined) {
      where.push('EXISTS (SELECT 1 FROM steps s WHERE s.run_id = t.run_id AND s.transaction_id = t.id AND s.node_id = ?)');
      params.push(query.nodeId);
    }
    const clause = where.join(' AND ');
    const total = (this.db.prepare(`SELECT COUNT(*) AS n FROM transactions t WHERE ${clause}`).get(...params) as { n: number }).n;
    // Failures first: the list exists to find what went wrong.
    const rows = this.db
      .prepare(`SELECT t.id, t.key, t.flow_id, t.state, t.failing_node, t.reason FROM transactions t WHERE ${clause} ORDER BY CASE t.state WHEN 'succeeded' THEN 1 WHEN 'filtered' THEN 1 ELSE 0 END, t.rowid LIMIT ? OFFSET ?`)
      .all(...params, query.limit, query.offset) as TransactionRow[];
    return { total, items: rows.map(summary) };
  }

  transaction(runId: string, id: string): TransactionDetail | null {
    const row = this.db.prepare('SELECT id, key, flow_id, state, failing_node, reason, input FROM transactions WHERE run_id = ? AND id = ?').get(runId, id) as (TransactionRow & { input: string }) | undefined;
    if (row === undefined) return null;
    const input = JSON.parse(row.input) as unknown;
    const rows = this.db.prepare('SELECT node_id, status, input, output, exchanges, started_at, duration_ms FROM steps WHERE run_id = ? AND transaction_id = ? ORDER BY seq').all(runId, id) as {
      node_id: string;
      status: string;
      input: string | null;
      output: string | null;
      exchanges: string | null;
      started_at: string;
      duration_ms: number;
    }[];
    let previous: unknown = input;
    const steps: StepView[] = rows.map((step, index) => {
      const stepInput = step.input === null ? previous : (JSON.parse(step.input) as unknown);
      // The trigger's output is the transaction's input.
      const output = step.output === null ? (index === 0 ? input : null) : (JSON.parse(step.output) as unknown);
      previous = step.output === null ? stepInput : output;
      return { nodeId: step.node_id, status: step.status, input: index === 0 ? null : stepInput, output, exchanges: step.exchanges === null ? null : (JSON.parse(step.exchanges) as unknown), startedAt: step.started_at, durationMs: step.duration_ms };
    });
    return { summary: summary(row), input, steps };
  }

  close(): void {
    this.db.close();
  }
}

function summary(row: TransactionRow): TransactionSummary {
  return { id: row.id, key: row.key, flowId: row.flow_id, state: row.state, failingNode: row.failing_node, reason: row.reason, replayOf: null };
}
