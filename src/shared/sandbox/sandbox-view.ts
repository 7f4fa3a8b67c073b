import { z } from 'zod';
import { FaultSettings } from './faults';

/** What the app shows of the sandbox: its scenarios, its status and its log. */
export const ScenarioSummary = z.object({
  name: z.string(),
  title: z.string(),
  description: z.string(),
  fieldNote: z.string().nullable(),
  reproduces: z.array(z.number()),
  orders: z.number(),
});
export type ScenarioSummary = z.infer<typeof ScenarioSummary>;

export const SandboxStatus = z.object({
  running: z.boolean(),
  scenario: z.string().nullable(),
  seed: z.number().nullable(),
  systems: z.array(z.object({ id: z.string(), connector: z.string(), baseUrl: z.string() })),
  faults: FaultSettings,
});
export type SandboxStatus = z.infer<typeof SandboxStatus>;

export const SandboxLogEntry = z.object({
  kind: z.enum(['request', 'webhook']),
  at: z.string(),
  system: z.string(),
  summary: z.string(),
  status: z.number().nullable(),
  ms: z.number().nullable(),
  fault: z.string().nullable(),
});
export type SandboxLogEntry = z.infer<typeof SandboxLogEntry>;
