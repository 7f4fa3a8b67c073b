import { z } from 'zod';
import { FlowSummary } from './flow';

/** The file extension of a Steward project (one SQLite file). */
export const PROJECT_EXTENSION = '.steward';

export const ProjectSnapshot = z.object({
  path: z.string(),
  name: z.string(),
  schemaVersion: z.number().int().positive(),
  createdAt: z.string(),
  flows: z.array(FlowSummary),
});
export type ProjectSnapshot = z.infer<typeof ProjectSnapshot>;

export const RecentProject = z.object({
  path: z.string(),
  name: z.string(),
  openedAt: z.string(),
});
export type RecentProject = z.infer<typeof RecentProject>;

export const Theme = z.enum(['system', 'light', 'dark']);
export type Theme = z.infer<typeof Theme>;
