import { z } from 'zod';

/**
 * A governance or shape finding on a flow (domain.md §3): a stable code, a
 * severity, the ids of what is involved, and a hint that says how to fix it.
 */
export const Diagnostic = z.object({
  code: z.string(),
  severity: z.enum(['error', 'warning']),
  message: z.string(),
  hint: z.string(),
  /** The flow it is in, or null for a finding on the project's model (systems, ownership). */
  flowId: z.string().nullable(),
  nodeIds: z.array(z.string()),
  edgeIds: z.array(z.string()),
  /** `Entity.field` (or `Entity` for an entity) the finding is about. */
  fields: z.array(z.string()).default([]),
  systems: z.array(z.string()).default([]),
  /** Other flows involved (double writes and echo loops span flows). */
  relatedFlowIds: z.array(z.string()).default([]),
});
export type Diagnostic = z.infer<typeof Diagnostic>;
