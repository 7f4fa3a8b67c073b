import type { ExprType } from '../expression/library';
import { fromMinorUnits } from '../money';
import type { SystemRole } from '../model/project-model';

/**
 * What the reconciler reads from each kind of system, under canonical names
 * (money in minor units, time as UTC ISO-8601, currencies upper-case): the
 * vocabulary invariants are written in, and what completion offers. Readers
 * of every vendor in a role produce the same fields, so a rule written for
 * ShipBob holds for ShipStation after the 3PL swap.
 */
export const RECONCILED_ENTITIES = ['Order', 'InventoryLevel', 'Settlement'] as const;
export type ReconciledEntity = (typeof RECONCILED_ENTITIES)[number];

export interface CanonicalShape {
  readonly fields: Readonly<Record<string, ExprType>>;
  readonly lines?: Readonly<Record<string, ExprType>>;
}

export interface EntityCatalog {
  /** Keys in reports: the business key itself, or `<owner system>:<id>` for records with no storefront twin (domain.md §7). */
  readonly keyStyle: 'business' | 'owner-prefixed';
  /** The canonical field holding when the record was made (an SLA counts from it). */
  readonly madeAt: string;
  /** Whether the owner holds every record, so a copy with no original is itself an inconsistency. */
  readonly orphans: boolean;
  /** What each role's readers give for this entity. */
  readonly roles: Partial<Readonly<Record<SystemRole, CanonicalShape>>>;
  /** Values known to the reconciler beside the systems' records. */
  readonly extras: Readonly<Record<string, ExprType>>;
  /** How long a copy may lag its owner before the derived check counts it (hours, from the copy's `updatedAt`). */
  readonly lagHours?: number;
}

export const CATALOG: Readonly<Record<ReconciledEntity, EntityCatalog>> = {
  Order: {
    keyStyle: 'business',
    madeAt: 'placedAt',
    orphans: true,
    roles: {
      storefront: {
        fields: { name: 'string', placedAt: 'string', updatedAt: 'string', currency: 'string', total: 'number', captured: 'number', refunded: 'number', cancelled: 'boolean', financialStatus: 'string', fulfillmentStatus: 'string' },
        lines: { sku: 'string', quantity: 'number', fulfilled: 'number' },
      },
      erp: {
        fields: { name: 'string', createdAt: 'string', currency: 'string', total: 'number', billed: 'number', credited: 'number', status: 'string', copies: 'number' },
        lines: { sku: 'string', quantity: 'number', fulfilled: 'number' },
      },
      payments: { fields: { status: 'string', currency: 'string', total: 'number', captured: 'number', refunded: 'number', createdAt: 'string', copies: 'number' } },
      '3pl': { fields: { name: 'string', status: 'string', createdAt: 'string', shippedAt: 'string', copies: 'number' }, lines: { sku: 'string', quantity: 'number', shipped: 'number' } },
    },
    extras: {},
  },
  InventoryLevel: {
    keyStyle: 'business',
    madeAt: 'updatedAt',
    // The storefront may list SKUs the ERP never stocked: a product problem, which incidents name.
    orphans: false,
    roles: {
      storefront: { fields: { available: 'number', onHand: 'number', updatedAt: 'string' } },
      erp: { fields: { available: 'number', onHand: 'number', committed: 'number' } },
    },
    extras: { reservations: 'number' },
    // Stock is published by the runtime as reservations come and go: a copy a few minutes behind is in flight.
    lagHours: 0.25,
  },
  Settlement: {
    keyStyle: 'owner-prefixed',
    madeAt: 'arrivalDate',
    orphans: true,
    roles: {
      payments: { fields: { amount: 'number', net: 'number', fees: 'number', status: 'string', arrivalDate: 'string', currency: 'string' } },
      erp: { fields: { deposited: 'number', currency: 'string' } },
    },
    extras: {},
  },
};

/** Canonical fields that hold money, in minor units of the record's `currency`. */
export const MONEY_FIELDS: ReadonlySet<string> = new Set(['total', 'captured', 'refunded', 'billed', 'credited', 'amount', 'net', 'fees', 'deposited']);

/** A canonical money value as people read it (`167.79 USD`); null for anything that is not money. */
export function moneyText(field: string, value: unknown, currency: string): string | null {
  return typeof value === 'number' && MONEY_FIELDS.has(field) ? `${fromMinorUnits(value, currency)} ${currency}` : null;
}

export function isReconciled(entity: string): entity is ReconciledEntity {
  return (RECONCILED_ENTITIES as readonly string[]).includes(entity);
}

/** The names an invariant over `entity` may use, given which system plays which role. */
export function invariantScope(entity: ReconciledEntity, systems: readonly { id: string; role: SystemRole }[]): Map<string, ExprType> {
  const catalog = CATALOG[entity];
  const scope = new Map<string, ExprType>([
    ['key', 'string'],
    ['ageHours', 'number'],
    ['asOf', 'string'],
    ['lines', 'list'],
  ]);
  for (const [name, type] of Object.entries(catalog.extras)) scope.set(name, type);
  for (const system of systems) {
    const shape = catalog.roles[system.role];
    if (shape === undefined) continue;
    scope.set(system.id, 'any');
    scope.set(`${system.id}.id`, 'string');
    for (const [field, type] of Object.entries(shape.fields)) scope.set(`${system.id}.${field}`, type);
    if (shape.lines !== undefined) scope.set(`${system.id}.lines`, 'list');
  }
  return scope;
}
