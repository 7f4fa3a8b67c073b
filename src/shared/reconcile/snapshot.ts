import type { SystemRole } from '../model/project-model';
import type { ReconciledEntity } from './canonical';
import type { Shapes } from './shapes';
import type { Table } from './table';

/**
 * Entity state read from every system of an environment at one moment: what
 * the reconciler joins and judges, and what its cache keeps between runs.
 */
export interface SystemSnapshot {
  readonly system: string;
  /** The connector it was read through (`shopify`, `shipstation`, …). */
  readonly vendor: string;
  readonly role: SystemRole;
  readonly tables: Partial<Record<ReconciledEntity, Table>>;
  /** What this system could not give, and why (an endpoint a staging server does not serve). */
  readonly skipped: readonly string[];
  /** The shape of each endpoint's payloads, from a sample of what was read. */
  readonly shapes?: Shapes;
  /** How it was read: everything, only what changed since the last reading, or nothing (unchanged). */
  readonly read?: 'full' | 'changes' | 'unchanged';
}

export interface Snapshot {
  readonly takenAt: string;
  readonly systems: readonly SystemSnapshot[];
  /** Open confirmed reservations by SKU, from Steward's own ledger (domain.md §4). */
  readonly reservations: Readonly<Record<string, number>>;
}

/**
 * The latest moment any system records activity. Lag is judged against it,
 * not the wall clock, so a staging world that stands still (a seeded
 * sandbox, a snapshot from last week) is judged as it stood: an order placed
 * a minute before the data ends is in flight, not missing.
 */
const ACTIVITY = new Set(['placedAt', 'createdAt', 'updatedAt', 'shippedAt']);

export function activityHorizon(snapshot: Snapshot): number | null {
  let latest = Number.NEGATIVE_INFINITY;
  for (const system of snapshot.systems) {
    for (const table of Object.values(system.tables)) {
      for (const column of table.data.columns) {
        // Activity only: a payout's arrival date is a promise about the future.
        if (column.type !== 'time' || !ACTIVITY.has(column.name)) continue;
        // NaN (no value) never compares greater.
        for (const time of column.values as Float64Array) if (time > latest) latest = time;
      }
    }
  }
  return Number.isFinite(latest) ? latest : null;
}
