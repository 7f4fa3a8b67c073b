import type { Outcome } from '../../../../shared/runtime/failure';

/**
 * A codec: how one (system, entity) pair is written, found again, read and
 * read back, between Steward's canonical record and the vendor's (apis.md).
 */
export type Data = Record<string, unknown>;

export interface Codec {
  /** The record by its key in this system, canonical; null when there is none. */
  read?(key: string): Promise<{ outcome: Outcome; record?: Data }>;
  /** `mode` is the write node's: create, upsert or update (codecs that do one thing ignore it). */
  write(record: Data, key: string, mode?: 'create' | 'upsert' | 'update'): Promise<{ outcome: Outcome; response?: unknown }>;
  lookup(record: Data, key: string): Promise<{ found: boolean; response?: unknown }>;
  /** Reads the record back and says whether it holds what was written (`response`: the write's own answer, when it had one). */
  readBack(record: Data, key: string, fields: readonly string[], response?: unknown): Promise<{ acked: boolean; reason: string }>;
}

export { scalarText as text } from '../../../../shared/scalar';

/** An order line as it travels in a canonical Order's `lines`. */
export interface Line {
  readonly sku?: unknown;
  readonly quantity?: unknown;
  readonly unitPrice?: unknown;
}

/** The lines an Order or a Shipment carries (`lines`), none when it has none. */
export function linesOf(record: Data): Line[] {
  return Array.isArray(record['lines']) ? (record['lines'] as Line[]) : [];
}

/** How many units some lines hold: what a read-back compares with what was sent. */
export function unitCount(lines: readonly { readonly quantity?: unknown }[]): number {
  return lines.reduce((sum, line) => sum + Number(line.quantity ?? 0), 0);
}
