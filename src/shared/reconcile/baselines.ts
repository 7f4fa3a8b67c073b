import { z } from 'zod';

/**
 * Baselines and alerts (domain.md §5): for each flow and each system, the
 * latest run's volume, error rate, ack rate and latency against the rolling
 * mean of the runs before it. A sharp drop in ack rate is critical — writes
 * the transport called successful that never landed — the rest are
 * warnings worth a look.
 */
export const Figures = z.object({
  /** Transactions (a flow) or writes (a system). */
  volume: z.number().int().nonnegative(),
  /** Failed or dead-lettered, of all. */
  errorRate: z.number().min(0).max(1),
  /** Acknowledged, of those that were written and checked. */
  ackRate: z.number().min(0).max(1),
  /** The 95th percentile of a transaction's (a flow) or a write's (a system) time. */
  latencyP95Ms: z.number().nonnegative(),
});
export type Figures = z.infer<typeof Figures>;

export const RunFigures = z.object({
  runId: z.string(),
  startedAt: z.string(),
  target: z.string(),
  flows: z.record(z.string(), Figures),
  systems: z.record(z.string(), Figures),
  total: Figures,
});
export type RunFigures = z.infer<typeof RunFigures>;

export const Alert = z.object({
  severity: z.enum(['critical', 'warning']),
  /** `flow <id>` or `system <id>`. */
  subject: z.string(),
  measure: z.enum(['volume', 'errorRate', 'ackRate', 'latencyP95Ms']),
  value: z.number(),
  baseline: z.number(),
  message: z.string(),
});
export type Alert = z.infer<typeof Alert>;

/** Runs before the latest that make its baseline. */
export const BASELINE_RUNS = 5;

/** A rate as a percentage to one decimal (`91.7 %`). */
export const percent = (rate: number): string => `${Math.round(rate * 1000) / 10} %`;

function mean(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / Math.max(1, values.length);
}

function judgeFigures(subject: string, latest: Figures, before: readonly Figures[]): Alert[] {
  if (before.length === 0) return [];
  const base = {
    volume: mean(before.map((entry) => entry.volume)),
    errorRate: mean(before.map((entry) => entry.errorRate)),
    ackRate: mean(before.map((entry) => entry.ackRate)),
    latencyP95Ms: mean(before.map((entry) => entry.latencyP95Ms)),
  };
  const alerts: Alert[] = [];
  // Five points below the usual ack rate (or three times the usual share unacknowledged): writes the
  // transport called done are not landing.
  if (base.ackRate - latest.ackRate >= Math.max(0.05, 2 * (1 - base.ackRate))) {
    alerts.push({ severity: 'critical', subject, measure: 'ackRate', value: latest.ackRate, baseline: base.ackRate, message: `${subject}: ack rate fell to ${percent(latest.ackRate)} from a usual ${percent(base.ackRate)}` });
  }
  if (latest.errorRate >= Math.max(2 * base.errorRate, base.errorRate + 0.05)) {
    alerts.push({ severity: 'warning', subject, measure: 'errorRate', value: latest.errorRate, baseline: base.errorRate, message: `${subject}: ${percent(latest.errorRate)} failed, against a usual ${percent(base.errorRate)}` });
  }
  if (base.volume >= 10 && latest.volume < 0.5 * base.volume) {
    alerts.push({ severity: 'warning', subject, measure: 'volume', value: latest.volume, baseline: base.volume, message: `${subject}: ${latest.volume} against a usual ${Math.round(base.volume)}` });
  }
  if (base.latencyP95Ms > 0 && latest.latencyP95Ms > 2 * base.latencyP95Ms && latest.latencyP95Ms - base.latencyP95Ms > 50) {
    alerts.push({ severity: 'warning', subject, measure: 'latencyP95Ms', value: latest.latencyP95Ms, baseline: base.latencyP95Ms, message: `${subject}: p95 ${Math.round(latest.latencyP95Ms)} ms against a usual ${Math.round(base.latencyP95Ms)} ms` });
  }
  return alerts;
}

/** Alerts for the latest of `runs` (oldest first) against the rolling baseline of those before it. */
export function alertsFor(runs: readonly RunFigures[]): Alert[] {
  const latest = runs.at(-1);
  if (latest === undefined) return [];
  const before = runs.slice(-1 - BASELINE_RUNS, -1);
  const alerts: Alert[] = [];
  for (const [flow, figures] of Object.entries(latest.flows)) alerts.push(...judgeFigures(`flow ${flow}`, figures, before.flatMap((run) => (run.flows[flow] === undefined ? [] : [run.flows[flow]]))));
  for (const [system, figures] of Object.entries(latest.systems)) alerts.push(...judgeFigures(`system ${system}`, figures, before.flatMap((run) => (run.systems[system] === undefined ? [] : [run.systems[system]]))));
  return alerts.sort((a, b) => (a.severity === b.severity ? a.subject.localeCompare(b.subject) : a.severity === 'critical' ? -1 : 1));
}

/** Figures from counts and times: what the journal reader gathers per flow or per system. */
export function figuresOf(counts: { total: number; failed: number; acked: number; unacknowledged: number }, times: number[]): Figures {
  times.sort((a, b) => a - b);
  const checked = counts.acked + counts.unacknowledged;
  return {
    volume: counts.total,
    errorRate: counts.total === 0 ? 0 : counts.failed / counts.total,
    ackRate: checked === 0 ? 1 : counts.acked / checked,
    latencyP95Ms: times.length === 0 ? 0 : (times[Math.min(times.length - 1, Math.ceil(0.95 * times.length) - 1)] ?? 0),
  };
}
