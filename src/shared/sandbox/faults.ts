import { z } from 'zod';

/**
 * Ways a simulated system can misbehave on purpose (issue: staging sandbox).
 * A rule applies to one system and one endpoint (or every endpoint: "*").
 * Rates are probabilities drawn from the sandbox's seeded generator, so a
 * scenario with a seed fails the same way every time.
 */
export const SANDBOX_SYSTEMS = ['shopify', 'netsuite', 'stripe', 'shipbob', 'shipstation'] as const;
export const SandboxSystem = z.enum(SANDBOX_SYSTEMS);
export type SandboxSystem = z.infer<typeof SandboxSystem>;

const Rate = z.number().min(0).max(1);

export const FaultRule = z
  .object({
    system: SandboxSystem,
    /** An endpoint name as the simulator logs it (e.g. `salesOrder.upsert`), or "*". */
    endpoint: z.string().min(1).default('*'),
    latencyMs: z.number().int().nonnegative().optional(),
    /** Answer with the vendor's own server error body. */
    errorRate: Rate.optional(),
    /** Answer with the vendor's own rate-limit response and headers. */
    throttleRate: Rate.optional(),
    /** A 429 storm: the next `count` requests are all throttled. */
    storm: z.object({ count: z.number().int().positive() }).optional(),
    /** A 2xx whose effect never happens. */
    acceptThenDropRate: Rate.optional(),
    /** Every write applies again, even under a repeated idempotency key. */
    ignoreIdempotency: z.boolean().optional(),
    /** A permanent failure with the vendor's validation error for this endpoint. */
    rejectRate: Rate.optional(),
  })
  .strict();
export type FaultRule = z.infer<typeof FaultRule>;

export const WebhookFaults = z
  .object({
    system: SandboxSystem,
    duplicateRate: Rate.optional(),
    dropRate: Rate.optional(),
    /** Hold each delivery and send the batch in reverse order. */
    outOfOrder: z.boolean().optional(),
    corruptSignatureRate: Rate.optional(),
  })
  .strict();
export type WebhookFaults = z.infer<typeof WebhookFaults>;

/** API-version switch: the simulator answers as a newer (or older) version. */
export const VersionSwitch = z
  .object({
    system: SandboxSystem,
    /** Stripe: a `Stripe-Version` date; Shopify: an API version such as 2024-04. */
    version: z.string().min(1),
  })
  .strict();
export type VersionSwitch = z.infer<typeof VersionSwitch>;

/**
 * A second writer of storefront stock (the double-write field note): every
 * `everyMs` it blindly sets the SKU's available quantity back to the value it
 * read when it started, overwriting whatever happened in between.
 */
export const StockWriter = z
  .object({
    system: z.literal('shopify'),
    sku: z.string().min(1),
    everyMs: z.number().int().min(50).max(3_600_000),
  })
  .strict();
export type StockWriter = z.infer<typeof StockWriter>;

export const FaultSettings = z
  .object({
    rules: z.array(FaultRule).default([]),
    webhooks: z.array(WebhookFaults).default([]),
    versions: z.array(VersionSwitch).default([]),
    stockWriters: z.array(StockWriter).default([]),
  })
  .strict();
export type FaultSettings = z.infer<typeof FaultSettings>;
