import Database from 'better-sqlite3';
import { ProblemError } from '../../../shared/problem';
import type { ReservationEvent, ReservationState } from '../../../shared/runtime/reservations';
import { availableToPromise, decide, transition } from '../../../shared/runtime/reservations';

/**
 * The governor's ledger of reservations (domain.md §4), in SQLite. Each
 * decision reads the open reservations and records the new one inside one
 * `BEGIN IMMEDIATE` transaction, so two runtimes sharing the file cannot both
 * promise the last unit. A request is idempotent by its id: asked again (a
 * retry, a resumed run), it gets the first answer.
 */
export interface Reservation {
  readonly id: string;
  readonly sku: string;
  readonly quantity: number;
  readonly state: ReservationState;
  readonly orderId: string | null;
  readonly expiresAt: number;
  readonly reason: string;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS reservations (
  id TEXT PRIMARY KEY,
  sku TEXT NOT NULL,
  quantity INTEGER NOT NULL,
  state TEXT NOT NULL,
  order_id TEXT,
  expires_at INTEGER NOT NULL,
  reason TEXT NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS reservations_open ON reservations (sku, state, expires_at);
CREATE TABLE IF NOT EXISTS landed_orders (
  order_id TEXT PRIMARY KEY,
  landed_at INTEGER NOT NULL
);
`;

interface Row {
  id: string;
  sku: string;
  quantity: number;
  state: ReservationState;
  order_id: string | null;
  expires_at: number;
  reason: string;
}

const toReservation = (row: Row): Reservation => ({ id: row.id, sku: row.sku, quantity: row.quantity, state: row.state, orderId: row.order_id, expiresAt: row.expires_at, reason: row.reason });

export class ReservationLedger {
  private readonly statements;
  private readonly decideAtomically;

  private constructor(private readonly db: Database.Database) {
    this.statements = {
      find: db.prepare<[string], Row>('SELECT id, sku, quantity, state, order_id, expires_at, reason FROM reservations WHERE id = ?'),
      expire: db.prepare("UPDATE reservations SET state = 'expired', updated_at = @now WHERE state = 'confirmed' AND expires_at <= @now"),
      open: db.prepare<{ now: number }, { sku: string; total: number }>("SELECT sku, SUM(quantity) AS total FROM reservations WHERE state = 'confirmed' AND expires_at > @now GROUP BY sku"),
      reserved: db.prepare<{ sku: string; now: number }, { total: number | null }>("SELECT SUM(quantity) AS total FROM reservations WHERE sku = @sku AND state = 'confirmed' AND expires_at > @now"),
      insert: db.prepare('INSERT INTO reservations (id, sku, quantity, state, order_id, expires_at, reason, updated_at) VALUES (@id, @sku, @quantity, @state, @orderId, @expiresAt, @reason, @now)'),
      move: db.prepare('UPDATE reservations SET state = @state, updated_at = @now WHERE id = @id'),
      commitOrder: db.prepare("UPDATE reservations SET state = 'committed', updated_at = @now WHERE order_id = @orderId AND state = 'confirmed'"),
      landed: db.prepare('INSERT OR IGNORE INTO landed_orders (order_id, landed_at) VALUES (@orderId, @now)'),
      hasLanded: db.prepare<[string], { order_id: string }>('SELECT order_id FROM landed_orders WHERE order_id = ?'),
    };
    this.decideAtomically = db.transaction((request: { id: string; sku: string; quantity: number; orderId: string | null; ttlSeconds: number; now: number }, ownerAvailable: number): Reservation => {
      const earlier = this.statements.find.get(request.id);
      if (earlier !== undefined) return toReservation(earlier);
      this.statements.expire.run({ now: request.now });
      const reserved = this.statements.reserved.get({ sku: request.sku, now: request.now })?.total ?? 0;
      // An order the owner already holds took its stock there: nothing is left to hold apart, or to decide.
      const landed = request.orderId !== null && this.statements.hasLanded.get(request.orderId) !== undefined;
      const decision: { state: ReservationState; reason: string } = landed ? { state: 'committed', reason: 'the order is already in the stock owner' } : decide(request.quantity, ownerAvailable, reserved);
      const row = { id: request.id, sku: request.sku, quantity: request.quantity, state: decision.state, orderId: request.orderId, expiresAt: request.now + request.ttlSeconds * 1000, reason: decision.reason, now: request.now };
      this.statements.insert.run(row);
      return { id: row.id, sku: row.sku, quantity: row.quantity, state: row.state, orderId: row.orderId, expiresAt: row.expiresAt, reason: row.reason };
    });
  }

  /** The ledger in a SQLite file (a run's journal file holds it well), shared safely between processes. */
  static open(path: string, options: { nativeBinding?: string } = {}): ReservationLedger {
    const db = new Database(path, options.nativeBinding === undefined ? {} : { nativeBinding: options.nativeBinding });
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('busy_timeout = 5000');
    db.exec(SCHEMA);
    return new ReservationLedger(db);
  }

  /** Confirms or denies a request from the owner's available quantity; the same id always gets the same answer. */
  request(request: { id: string; sku: string; quantity: number; orderId?: string; ttlSeconds: number; now?: number }, ownerAvailable: number): Reservation {
    return this.decideAtomically.immediate({ ...request, orderId: request.orderId ?? null, now: request.now ?? Date.now() }, ownerAvailable);
  }

  commit(id: string, now = Date.now()): Reservation {
    return this.move(id, 'commit', now);
  }

  release(id: string, now = Date.now()): Reservation {
    return this.move(id, 'release', now);
  }

  /** Lapses every confirmed reservation past its time; returns how many. */
  expire(now = Date.now()): number {
    return this.statements.expire.run({ now }).changes;
  }

  availableToPromise(sku: string, ownerAvailable: number, now = Date.now()): number {
    return availableToPromise(ownerAvailable, this.statements.reserved.get({ sku, now })?.total ?? 0);
  }

  /** Commits every open reservation of an order that has reached the stock owner; returns how many. */
  commitOrder(orderId: string, now = Date.now()): number {
    if (orderId === '') return 0;
    this.statements.landed.run({ orderId, now });
    return this.statements.commitOrder.run({ orderId, now }).changes;
  }

  /** Open reservations by SKU in the ledger of a journal file, opened and closed for the asking. */
  static openIn(path: string): Record<string, number> {
    const ledger = ReservationLedger.open(path);
    try {
      return ledger.openBySku();
    } finally {
      ledger.close();
    }
  }

  /** Units held by open confirmed reservations, by SKU: what the reconciler allows for between ERP and storefront stock. */
  openBySku(now = Date.now()): Record<string, number> {
    return Object.fromEntries(this.statements.open.all({ now }).map((row) => [row.sku, row.total]));
  }

  get(id: string): Reservation | null {
    const row = this.statements.find.get(id);
    return row === undefined ? null : toReservation(row);
  }

  close(): void {
    this.db.close();
  }

  private move(id: string, event: ReservationEvent, now: number): Reservation {
    const current = this.statements.find.get(id);
    if (current === undefined) throw new ProblemError({ code: 'RESERVATION_UNKNOWN', message: `There is no reservation "${id}".` });
    // An expired reservation is expired whether or not the sweep has run yet.
    const state = current.state === 'confirmed' && current.expires_at <= now ? 'expired' : current.state;
    const next = transition(state, event);
    if (next === null) {
      if (state === 'expired' && current.state === 'confirmed') this.statements.move.run({ id, state, now });
      throw new ProblemError({ code: 'RESERVATION_CLOSED', message: `Reservation "${id}" is ${state}; it cannot be ${event === 'commit' ? 'committed' : event === 'release' ? 'released' : 'expired'}.` });
    }
    this.statements.move.run({ id, state: next, now });
    return { ...toReservation(current), state: next };
  }
}
