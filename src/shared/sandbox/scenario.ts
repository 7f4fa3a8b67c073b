import { z } from 'zod';
import { FaultSettings, SandboxSystem } from './faults';

/**
 * A scenario pack (resources/scenarios/*.json): which world to generate,
 * which inconsistencies to plant in it, which faults to inject, and the two
 * answer keys a correct reconciler and runtime are measured against.
 */
export const ENTITIES = [
  'Customer',
  'Product',
  'Order',
  'OrderLine',
  'InventoryLevel',
  'Reservation',
  'Payment',
  'Refund',
  'Settlement',
  'Shipment',
  'Invoice',
  'CreditMemo',
  'TaxDocument',
  'Subscription',
  'Ticket',
] as const;
export const Entity = z.enum(ENTITIES);
export type Entity = z.infer<typeof Entity>;

/** One inconsistency present in the seeded data (domain.md §7 keys). */
export const StateAnswer = z
  .object({
    entity: Entity,
    key: z.string().min(1),
    rule: z.string().min(1),
    systems: z.array(SandboxSystem).min(1),
    note: z.string(),
  })
  .strict();
export type StateAnswer = z.infer<typeof StateAnswer>;

/** One fault injected at run time, and what a correct runtime does with it. */
export const RuntimeAnswer = z
  .object({
    system: SandboxSystem,
    endpoint: z.string(),
    fault: z.string(),
    expect: z.enum(['defeat', 'surface']),
    note: z.string(),
  })
  .strict();
export type RuntimeAnswer = z.infer<typeof RuntimeAnswer>;

export const Plant = z.object({ kind: z.string().min(1), order: z.number().int().nonnegative().optional() }).catchall(z.unknown());
export type Plant = z.infer<typeof Plant>;

/** The largest seeded world: ten thousand orders is the live reconcile benchmark's merchant. */
export const MAX_WORLD_ORDERS = 20_000;

export const ScenarioPack = z
  .object({
    name: z.string().regex(/^[a-z0-9-]+$/),
    title: z.string(),
    description: z.string(),
    fieldNote: z.enum(['double-write', 'settlement-drift', '3pl-swap', 'silent-failure']).optional(),
    /** domain-apis.md §8 numbers this pack reproduces. */
    reproduces: z.array(z.number().int().min(1).max(18)).default([]),
    world: z
      .object({
        orders: z.number().int().min(1).max(MAX_WORLD_ORDERS).default(24),
        threePl: z.enum(['shipbob', 'shipstation']).default('shipbob'),
        startAt: z.iso.datetime().default('2026-11-20T09:00:00.000Z'),
      })
      .strict()
      .default({ orders: 24, threePl: 'shipbob', startAt: '2026-11-20T09:00:00.000Z' }),
    plants: z.array(Plant).default([]),
    faults: FaultSettings.default({ rules: [], webhooks: [], versions: [], stockWriters: [] }),
    answers: z.object({ state: z.array(StateAnswer), runtime: z.array(RuntimeAnswer) }).strict(),
  })
  .strict();
export type ScenarioPack = z.infer<typeof ScenarioPack>;
