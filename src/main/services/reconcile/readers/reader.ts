import type { Xref } from '../../../../shared/model/project-model';
import type { ReconciledEntity } from '../../../../shared/reconcile/canonical';
import type { SystemSnapshot } from '../../../../shared/reconcile/snapshot';
import type { Table } from '../../../../shared/reconcile/table';
import { TableBuilder } from '../../../../shared/reconcile/table';
import type { ConnectorResult } from '../../connectors/connector';
import { ConnectorFailure } from '../../connectors/connector';

/**
 * What every reader shares. A reader takes one system's entity state through
 * its managed connector — the public API of apis.md, paged and rate-limited
 * as the connector does it — and gives it back in canonical form: keys
 * resolved through the project's xrefs, money in minor units.
 */
export interface ReadContext {
  readonly system: string;
  /** How this system writes an entity's business key (the project's xref), if it does. */
  xref(entity: ReconciledEntity): Xref | null;
  /** Requests in flight at once, for APIs that cap concurrency rather than rate (NetSuite). */
  readonly concurrency: number;
  /** Records read so far, for progress. */
  progress(what: string, records: number): void;
  /**
   * An incremental re-run: this system as the last reading found it, and the
   * moment (in the system's own clock, with a margin) from which changes are
   * asked for. Null reads everything.
   */
  readonly previous: { readonly snapshot: SystemSnapshot; readonly since: string } | null;
  /** Notes a raw vendor record's shape, per endpoint (schema drift). */
  observe(endpoint: string, record: unknown): void;
}

export interface SystemReading {
  readonly tables: Partial<Record<ReconciledEntity, Table>>;
  /** What this system could not give, and why. */
  readonly skipped: string[];
  /** How it was read: everything, only what changed since the last reading, or nothing (it had not changed). */
  readonly read?: 'full' | 'changes' | 'unchanged';
}

/** A table with some records replaced or added (by id): the last reading brought up to date with the changes. */
export function merged(previous: Table | undefined, changes: Table): Table {
  if (previous === undefined) return changes;
  const changed = new Map<string, number>();
  for (let row = 0; row < changes.size; row += 1) changed.set(changes.id(row), row);
  const builder = new TableBuilder();
  for (let row = 0; row < previous.size; row += 1) {
    const id = previous.id(row);
    const replacement = changed.get(id);
    builder.add(replacement === undefined ? previous.record(row) : changes.record(replacement));
    changed.delete(id);
  }
  for (const row of changed.values()) builder.add(changes.record(row));
  return builder.finish();
}

/** The business key a vendor record carries under an xref (`externalId` = `shopify-{key}` → the key), or null. */
export function keyFrom(record: unknown, xref: Xref | null): string | null {
  if (xref === null) return null;
  let value: unknown = record;
  for (const segment of xref.path.split('.')) {
    if (typeof value !== 'object' || value === null) return null;
    value = (value as Record<string, unknown>)[segment];
  }
  if ((typeof value !== 'string' && typeof value !== 'number') || value === '') return null;
  const text = String(value);
  const at = xref.format.indexOf('{key}');
  if (at < 0) return null;
  const prefix = xref.format.slice(0, at);
  const suffix = xref.format.slice(at + '{key}'.length);
  if (!text.startsWith(prefix) || !text.endsWith(suffix) || text.length <= prefix.length + suffix.length) return null;
  return text.slice(prefix.length, text.length - suffix.length);
}

/** A value, or the failure thrown so the reconciliation stops with the vendor's reason. */
export function valueOf<T>(result: ConnectorResult<T>): T {
  if (!result.ok) throw new ConnectorFailure(result.failure, result.exchanges, result.status);
  return result.value;
}

/** Whether a failure is the vendor saying the endpoint is not there (a staging server that lacks a record type). */
export function isNotFound(error: unknown): boolean {
  return error instanceof ConnectorFailure && error.status === 404;
}

/** Runs `work` over `items` with at most `limit` in flight, keeping order. */
export async function inPool<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}

/** ISO-8601 UTC from Unix seconds (Stripe) or a vendor's date text; null when there is none. */
export function isoTime(value: unknown): string | null {
  if (typeof value === 'number' && Number.isFinite(value)) return new Date(value * 1000).toISOString();
  if (typeof value !== 'string' || value === '') return null;
  const time = Date.parse(value);
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}

export const upper = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value.toUpperCase() : null);
