import Database from 'better-sqlite3';
import type { RunFigures } from '../../../shared/reconcile/baselines';
import { alertsFor, figuresOf } from '../../../shared/reconcile/baselines';
import type { RunFailure } from '../../../shared/reconcile/incidents';
import type { RunHistory } from '../../../shared/reconcile/reconcile-view';

/**
 * The project's runs as figures, from the journal (read only): per flow,
 * its transactions; per system, the writes sent to it — how many, how many
 * failed, how many were acknowledged, how long they took. Replays are left
 * out: they are repairs, not runs.
 */
interface Counts {
  total: number;
  failed: number;
  acked: number;
  unacknowledged: number;
}

const empty = (): Counts => ({ total: 0, failed: 0, acked: 0, unacknowledged: 0 });

export type { RunHistory };

export function readRunHistory(journalPath: string, options: { limit?: number; nativeBinding?: string } = {}): RunHistory {
  const db = new Database(journalPath, { readonly: true, fileMustExist: true, ...(options.nativeBinding === undefined ? {} : { nativeBinding: options.nativeBinding }) });
  try {
    const runs = db
      .prepare<[number], { id: string; started_at: string; scenario: string | null; environment: string }>("SELECT id, started_at, scenario, environment FROM runs WHERE id NOT LIKE '%~%' ORDER BY started_at DESC LIMIT ?")
      .all(options.limit ?? 20)
      .reverse();
    const transactions = db.prepare<[string], { flow_id: string; state: string; ms: number | null }>(
      'SELECT flow_id, state, (julianday(ended_at) - julianday(started_at)) * 86400000.0 AS ms FROM transactions WHERE run_id = ?',
    );
    // Every write with its system and how its step ended.
    const writes = db.prepare<[string], { system: string; status: string; ms: number }>(
      'SELECT e.system AS system, s.status AS status, s.duration_ms AS ms FROM effects e JOIN steps s ON s.run_id = e.run_id AND s.transaction_id = e.transaction_id AND s.node_id = e.node_id WHERE e.run_id = ?',
    );
    // An unacknowledged transaction's last write before its failing read-back is the one not acknowledged.
    const unacked = db.prepare<[string], { system: string }>(
      `SELECT e.system AS system FROM transactions t
         JOIN steps failing ON failing.run_id = t.run_id AND failing.transaction_id = t.id AND failing.node_id = t.failing_node
         JOIN steps w ON w.run_id = t.run_id AND w.transaction_id = t.id AND w.seq = (
           SELECT MAX(s.seq) FROM steps s JOIN effects x ON x.run_id = s.run_id AND x.transaction_id = s.transaction_id AND x.node_id = s.node_id
            WHERE s.run_id = t.run_id AND s.transaction_id = t.id AND s.seq < failing.seq)
         JOIN effects e ON e.run_id = w.run_id AND e.transaction_id = w.transaction_id AND e.node_id = w.node_id
       WHERE t.run_id = ? AND t.state = 'unacknowledged'`,
    );
    const figures: RunFigures[] = runs.map((run) => {
      const flows = new Map<string, { counts: Counts; times: number[] }>();
      const all = { counts: empty(), times: [] as number[] };
      for (const row of transactions.iterate(run.id)) {
        const flow = flows.get(row.flow_id) ?? { counts: empty(), times: [] };
        flows.set(row.flow_id, flow);
        for (const target of [flow, all]) {
          target.counts.total += 1;
          if (row.state === 'failed' || row.state === 'dead-lettered') target.counts.failed += 1;
          if (row.state === 'succeeded') target.counts.acked += 1;
          if (row.state === 'unacknowledged') target.counts.unacknowledged += 1;
          if (row.ms !== null) target.times.push(row.ms);
        }
      }
      const systems = new Map<string, { counts: Counts; times: number[] }>();
      for (const row of writes.iterate(run.id)) {
        const system = systems.get(row.system) ?? { counts: empty(), times: [] };
        systems.set(row.system, system);
        system.counts.total += 1;
        system.times.push(row.ms);
        if (row.status === 'failed' || row.status === 'dead-lettered') system.counts.failed += 1;
        else if (row.status === 'ok') system.counts.acked += 1;
      }
      for (const row of unacked.iterate(run.id)) {
        const system = systems.get(row.system);
        if (system === undefined) continue;
        // It was written (ok) but never acknowledged.
        system.counts.acked -= 1;
        system.counts.unacknowledged += 1;
      }
      return {
        runId: run.id,
        startedAt: run.started_at,
        target: run.scenario === null ? `environment ${run.environment}` : `scenario ${run.scenario}`,
        flows: Object.fromEntries([...flows].map(([id, entry]) => [id, figuresOf(entry.counts, entry.times)])),
        systems: Object.fromEntries([...systems].map(([id, entry]) => [id, figuresOf(entry.counts, entry.times)])),
        total: figuresOf(all.counts, all.times),
      };
    });
    return { runs: figures, alerts: alertsFor(figures) };
  } finally {
    db.close();
  }
}

/** The latest run's transactions that did not succeed (replays aside), with the label of the step they stopped at. */
export function readLatestRunFailures(journalPath: string, labelOf: (flowId: string, nodeId: string) => string, options: { nativeBinding?: string } = {}): RunFailure[] {
  const db = new Database(journalPath, { readonly: true, fileMustExist: true, ...(options.nativeBinding === undefined ? {} : { nativeBinding: options.nativeBinding }) });
  try {
    const latest = db.prepare<[], { id: string }>("SELECT id FROM runs WHERE id NOT LIKE '%~%' ORDER BY started_at DESC LIMIT 1").get();
    if (latest === undefined) return [];
    return db
      .prepare<[string], { flow_id: string; key: string; state: RunFailure['state']; failing_node: string | null; reason: string | null }>(
        "SELECT flow_id, key, state, failing_node, reason FROM transactions WHERE run_id = ? AND state IN ('failed', 'dead-lettered', 'unacknowledged') ORDER BY key",
      )
      .all(latest.id)
      .map((row) => ({ runId: latest.id, flowId: row.flow_id, key: row.key, state: row.state, node: row.failing_node, nodeLabel: row.failing_node === null ? 'its flow' : labelOf(row.flow_id, row.failing_node), reason: row.reason ?? '' }));
  } finally {
    db.close();
  }
}
