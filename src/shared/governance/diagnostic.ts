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
  flowId: z.string(),
  nodeIds: z.array(z.string()),
  edgeIds: z.array(z.string()),
});
export type Diagnostic = z.infer<typeof Diagnostic>;
