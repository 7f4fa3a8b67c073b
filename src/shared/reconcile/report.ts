import { z } from 'zod';
import type { ProjectModel } from '../model/project-model';
import { RECONCILED_ENTITIES } from './canonical';
import { Alert } from './baselines';
import { Drift } from './shapes';
import type { Judgement } from './evaluate';
import type { CauseContext, RunFailure } from './incidents';
import { groupIncidents } from './incidents';
import type { RuleProblem } from './rules';
import type { Snapshot } from './snapshot';

/** The reconcile report of domain.md §7: what `steward reconcile --report` writes and the results pane shows. */
const Severity = z.enum(['error', 'warning']);

export const Inconsistency = z.object({
  rule: z.string(),
  rules: z.array(z.object({ id: z.string(), title: z.string(), severity: Severity, message: z.string() })),
  entity: z.enum(RECONCILED_ENTITIES),
  key: z.string(),
  label: z.string(),
  severity: Severity,
  message: z.string(),
  observed: z.record(z.string(), z.record(z.string(), z.unknown()).nullable()),
  differing: z.array(z.string()),
  incident: z.string(),
});
export type Inconsistency = z.infer<typeof Inconsistency>;

export const IncidentEntry = z.object({
  id: z.string(),
  title: z.string(),
  rootCause: z.string(),
  severity: Severity,
  count: z.number().int(),
  keys: z.array(z.string()),
  rules: z.array(z.string()),
  runFailures: z.number().int().default(0),
});

export const ReconcileReport = z.object({
  reconcile: z.object({ environment: z.string(), takenAt: z.string(), asOf: z.string().nullable(), incremental: z.boolean() }),
  summary: z.object({
    checked: z.number().int(),
    inconsistent: z.number().int(),
    inFlight: z.number().int(),
    byRule: z.record(z.string(), z.number().int()),
    byEntity: z.record(z.string(), z.object({ checked: z.number().int(), inconsistent: z.number().int() })),
    incidents: z.number().int(),
  }),
  inconsistencies: z.array(Inconsistency),
  incidents: z.array(IncidentEntry),
  /** The latest run's failed, dead-lettered and unacknowledged transactions (every write must be acked), each in its incident. */
  runFailures: z
    .array(z.object({ runId: z.string(), flowId: z.string(), key: z.string(), state: z.enum(['failed', 'dead-lettered', 'unacknowledged']), node: z.string().nullable(), nodeLabel: z.string(), reason: z.string(), incident: z.string() }))
    .default([]),
  systems: z.array(z.object({ id: z.string(), vendor: z.string(), role: z.string(), read: z.enum(['full', 'changes', 'unchanged']).default('full'), records: z.record(z.string(), z.number().int()), skipped: z.array(z.string()) })),
  /** Payload shapes that changed since the snapshot before (an API version change), with the steps they touch. */
  drift: z.array(Drift).default([]),
  /** The latest run's figures against the baseline of the runs before it (from the run journal). */
  alerts: z.array(Alert).default([]),
  /** Rules that did not compile (and so were not checked), each located. */
  problems: z.array(z.object({ rule: z.string(), part: z.string(), message: z.string(), at: z.number().int() })),
});
export type ReconcileReport = z.infer<typeof ReconcileReport>;

const SEVERITY_ORDER = { error: 0, warning: 1 } as const;

export function buildReport(model: ProjectModel, snapshot: Snapshot, judgement: Judgement, problems: readonly RuleProblem[], meta: { environment: string; incremental: boolean; runFailures?: readonly RunFailure[] }): ReconcileReport {
  const erpSystem = model.systems.find((system) => system.role === 'erp')?.id ?? null;
  const erpStock = snapshot.systems.find((system) => system.system === erpSystem)?.tables.InventoryLevel;
  const known = erpStock === undefined ? null : erpStock.index();
  const context: CauseContext = { erp: erpSystem === null || known === null ? null : { system: erpSystem, knows: (sku) => known.has(sku) } };
  const failures = meta.runFailures ?? [];
  const { incidents, incidentOf, failureIncidentOf } = groupIncidents(judgement.findings, context, failures);
  const inconsistencies: Inconsistency[] = judgement.findings.map((finding, index) => ({
    rule: finding.rules[0]?.id ?? 'unknown',
    rules: [...finding.rules],
    entity: finding.entity,
    key: finding.key,
    label: finding.label,
    severity: finding.severity,
    message: finding.rules.map((rule) => rule.message).join(' · '),
    observed: finding.observed,
    differing: [...finding.differing],
    incident: incidentOf[index] ?? '',
  }));
  inconsistencies.sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || a.entity.localeCompare(b.entity) || a.key.localeCompare(b.key, undefined, { numeric: true }));
  const byRule: Record<string, number> = {};
  const byEntity: Record<string, { checked: number; inconsistent: number }> = {};
  for (const [entity, checked] of Object.entries(judgement.checked)) byEntity[entity] = { checked, inconsistent: 0 };
  for (const entry of inconsistencies) {
    for (const rule of entry.rules) byRule[rule.id] = (byRule[rule.id] ?? 0) + 1;
    const counts = byEntity[entry.entity];
    if (counts !== undefined) counts.inconsistent += 1;
  }
  return {
    reconcile: { environment: meta.environment, takenAt: snapshot.takenAt, asOf: judgement.asOf, incremental: meta.incremental },
    summary: {
      checked: Object.values(judgement.checked).reduce((sum, count) => sum + count, 0),
      inconsistent: inconsistencies.length,
      inFlight: judgement.inFlight,
      byRule,
      byEntity,
      incidents: incidents.length,
    },
    inconsistencies,
    incidents: incidents.map((incident) => ({ ...incident, keys: [...incident.keys], rules: [...incident.rules] })),
    runFailures: failures.map((failure, index) => ({ ...failure, incident: failureIncidentOf[index] ?? '' })),
    systems: snapshot.systems.map((system) => ({ id: system.system, vendor: system.vendor, role: system.role, read: system.read ?? 'full', records: Object.fromEntries(Object.entries(system.tables).map(([entity, table]) => [entity, table.size])), skipped: [...system.skipped] })),
    drift: [],
    alerts: [],
    problems: [...problems],
  };
}
