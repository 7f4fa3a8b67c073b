import { z } from 'zod';

/**
 * What the app shows of a run while it goes and after: its progress, a
 * counter per node, its transactions page by page, and one transaction's
 * steps — input, output and HTTP exchanges (secrets already redacted).
 */
export const TransactionState = z.enum(['running', 'succeeded', 'failed', 'dead-lettered', 'unacknowledged', 'filtered']);
export type TransactionState = z.infer<typeof TransactionState>;

export const NodeCounter = z.object({ passed: z.number().int().nonnegative(), failed: z.number().int().nonnegative() });
export type NodeCounter = z.infer<typeof NodeCounter>;

export const RunStatus = z.object({
  runId: z.string().nullable(),
  state: z.enum(['idle', 'starting', 'running', 'done', 'cancelled', 'failed']),
  scenario: z.string().nullable(),
  /** The saved environment run against, when not a sandbox scenario. */
  environment: z.string().nullable(),
  startedAt: z.string().nullable(),
  elapsedMs: z.number().nonnegative(),
  /** Transactions on their way as far as known (records read, events sent); null when not known. */
  expected: z.number().int().nonnegative().nullable(),
  counts: z.object({ transactions: z.number().int(), succeeded: z.number().int(), failed: z.number().int(), deadLettered: z.number().int(), unacknowledged: z.number().int(), filtered: z.number().int() }),
  /** Transactions a second so far. */
  rate: z.number().nonnegative(),
  etaMs: z.number().nonnegative().nullable(),
  /** By `flowId:nodeId`. */
  nodes: z.record(z.string(), NodeCounter),
  /** Why the run could not start or stopped, in a sentence. */
  message: z.string().nullable(),
  /** A run against an environment that listens for webhooks: where, what it subscribed, and what came in. */
  listening: z
    .object({
      url: z.string(),
      subscriptions: z.array(z.object({ system: z.string(), topics: z.array(z.string()), refused: z.string().nullable() })),
      received: z.number().int().nonnegative(),
      duplicates: z.number().int().nonnegative(),
      refused: z.number().int().nonnegative(),
    })
    .nullable()
    .default(null),
});
export type RunStatus = z.infer<typeof RunStatus>;

export const TransactionSummary = z.object({
  id: z.string(),
  key: z.string(),
  flowId: z.string(),
  state: TransactionState,
  failingNode: z.string().nullable(),
  reason: z.string().nullable(),
  /** Set on a replay: the transaction it replays. */
  replayOf: z.string().nullable().default(null),
});
export type TransactionSummary = z.infer<typeof TransactionSummary>;

export const TransactionPage = z.object({ total: z.number().int().nonnegative(), items: z.array(TransactionSummary) });
export type TransactionPage = z.infer<typeof TransactionPage>;

export const StepView = z.object({
  nodeId: z.string(),
  status: z.string(),
  input: z.unknown(),
  output: z.unknown(),
  exchanges: z.unknown(),
  startedAt: z.string(),
  durationMs: z.number(),
});
export type StepView = z.infer<typeof StepView>;

export const TransactionDetail = z.object({ summary: TransactionSummary, input: z.unknown(), steps: z.array(StepView) });
export type TransactionDetail = z.infer<typeof TransactionDetail>;

export const RunStart = z
  .object({
    scenario: z.string().regex(/^[a-z0-9-]+$/).optional(),
    environment: z.string().regex(/^[a-z0-9][a-z0-9-]{0,40}$/).optional(),
    flowId: z.string().min(1).optional(),
    /** With a scenario: the simulators enforce the vendors' published rate limits (off for a quick functional run). */
    limits: z.boolean().default(true),
    /** With an environment: after reading what is there, keep the webhook receiver open until Stop listening. */
    listen: z.boolean().default(false),
    /** With `listen`: read what the systems already hold first (true), or take only the events that arrive from now on. */
    backfill: z.boolean().default(true),
  })
  .refine((start) => (start.scenario === undefined) !== (start.environment === undefined), 'give a sandbox scenario or an environment, not both')
  .refine((start) => !start.listen || start.environment !== undefined, 'listen for webhooks only with an environment (a scenario replays its own)');
export const TransactionQuery = z.object({
  flowId: z.string().min(1).optional(),
  nodeId: z.string().min(1).optional(),
  state: TransactionState.optional(),
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(200).default(50),
});
export type TransactionQuery = z.infer<typeof TransactionQuery>;
