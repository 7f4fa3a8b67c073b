import { z } from 'zod';
import { RECONCILED_ENTITIES } from './canonical';
import { Alert, RunFigures } from './baselines';
import { Inconsistency, ReconcileReport } from './report';

/** What the window asks of the reconciler and is told back (the IPC contract's reconcile.* channels). */
export const ReconcileStart = z
  .object({
    scenario: z.string().min(1).max(100).optional(),
    environment: z.string().min(1).max(100).optional(),
  })
  .refine((request) => (request.scenario === undefined) !== (request.environment === undefined), { message: 'choose a sandbox scenario or an environment' });
export type ReconcileStart = z.infer<typeof ReconcileStart>;

export const ReconcileStatus = z.object({
  state: z.enum(['idle', 'reading', 'done', 'failed']),
  /** "scenario settlement-drift" or "environment staging". */
  target: z.string().nullable(),
  startedAt: z.string().nullable(),
  elapsedMs: z.number().nonnegative(),
  /** Records read so far, per system and kind. */
  progress: z.record(z.string(), z.record(z.string(), z.number().int().nonnegative())),
  message: z.string().nullable(),
  summary: ReconcileReport.shape.summary.nullable(),
});
export type ReconcileStatus = z.infer<typeof ReconcileStatus>;

export const RecordQuery = z.object({ entity: z.enum(RECONCILED_ENTITIES), key: z.string().min(1).max(500) });
export type RecordQuery = z.infer<typeof RecordQuery>;

const Scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);

/** One record in every system, side by side: what the results pane shows for one inconsistency. */
export const RecordDetail = z.object({
  entity: z.enum(RECONCILED_ENTITIES),
  key: z.string(),
  owner: z.string().nullable(),
  systems: z.array(
    z.object({
      id: z.string(),
      role: z.string(),
      vendor: z.string(),
      record: z.object({ id: z.string(), fields: z.record(z.string(), Scalar), lines: z.array(z.record(z.string(), Scalar)) }).nullable(),
    }),
  ),
  inconsistency: Inconsistency.nullable(),
});
export type RecordDetail = z.infer<typeof RecordDetail>;

/** The project's runs as figures, oldest first, and the latest run's alerts. */
export const RunHistory = z.object({ runs: z.array(RunFigures), alerts: z.array(Alert) });
export type RunHistory = z.infer<typeof RunHistory>;
