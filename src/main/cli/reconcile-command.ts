import { existsSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { EXIT } from '../../shared/cli/exit-codes';
import type { ExitCode } from '../../shared/cli/exit-codes';
import { ProblemError, formatProblem } from '../../shared/problem';
import { auditReportHtml } from '../../shared/reconcile/audit-report';
import type { Snapshot } from '../../shared/reconcile/snapshot';
import { ProjectStore } from '../services/project/project-store';
import { journalInputs } from '../services/reconcile/journal-inputs';
import { reconcileSnapshot, takeSnapshot } from '../services/reconcile/reconcile';
import { readSnapshot, writeSnapshot } from '../services/reconcile/snapshot-file';
import type { CliIo } from './cli-io';
import { openEnvironment } from './environment-source';

/**
 * `steward reconcile PROJECT (--env FILE | --scenario NAME) [--report FILE]`:
 * reads every system, joins records by xref and lists what is inconsistent
 * (domain.md §5, §7). `--snapshot FILE` keeps what was read in the
 * reconciler's cache; `--offline` judges that cache again without reading
 * (after an edit to the rules, say). Exit 0 when everything agrees, 1 when
 * something does not, 2 when a system could not be read.
 */
export interface ReconcileOptions {
  readonly env?: string | undefined;
  readonly scenario?: string | undefined;
  readonly report?: string | undefined;
  readonly snapshot?: string | undefined;
  readonly offline?: boolean | undefined;
  readonly asOf?: string | undefined;
  readonly journal?: string | undefined;
  readonly noLimits?: boolean | undefined;
  /** Where to write the audit report (HTML). */
  readonly audit?: string | undefined;
  /** Ask only for what changed since the snapshot in --snapshot. */
  readonly incremental?: boolean | undefined;
}

const USAGE = 'steward reconcile PROJECT (--env FILE | --scenario NAME | --snapshot FILE --offline) [--report FILE]';

export async function reconcileCommand(io: CliIo, file: string, options: ReconcileOptions): Promise<ExitCode> {
  const store = ProjectStore.open(resolve(io.cwd, file));
  const model = store.getModel();
  const flows = store.allFlows();
  const projectName = store.snapshot().name;
  store.close();
  let asOf: number | null = null;
  if (options.asOf !== undefined) {
    asOf = Date.parse(options.asOf);
    if (Number.isNaN(asOf)) {
      io.err(`--as-of must be an ISO-8601 time such as 2026-11-20T09:00:00Z, got "${options.asOf}"`);
      return EXIT.failed;
    }
  }

  const fromJournal = journalInputs(resolve(io.cwd, options.journal ?? `${file}.journal`), flows);
  let snapshot: Snapshot;
  let environmentName: string;
  // The snapshot kept from the last reading: its payload shapes are what drift is measured from.
  let previous: Snapshot | null = null;
  if (options.offline === true) {
    if (options.snapshot === undefined || !existsSync(resolve(io.cwd, options.snapshot))) {
      io.err(`--offline judges a snapshot saved by an earlier reconcile: give it with --snapshot FILE. usage: ${USAGE}`);
      return EXIT.failed;
    }
    snapshot = readSnapshot(resolve(io.cwd, options.snapshot));
    environmentName = `snapshot of ${snapshot.takenAt}`;
  } else {
    if (options.snapshot !== undefined && existsSync(resolve(io.cwd, options.snapshot))) previous = readSnapshot(resolve(io.cwd, options.snapshot));
    if (options.incremental === true && previous === null) {
      io.err(`--incremental reads what changed since a saved snapshot: give one that exists with --snapshot FILE. usage: ${USAGE}`);
      return EXIT.failed;
    }
    const source = await openEnvironment(io, model.systems, options, USAGE);
    if (source === null) return EXIT.failed;
    try {
      const shown = new Map<string, number>();
      snapshot = await takeSnapshot(model, source.environment, {
        reservations: fromJournal.reservations,
        ...(options.incremental === true ? { previous } : {}),
        progress: (system, what, records) => {
          // One line per system and kind every second or so, not one per page.
          const key = `${system} ${what}`;
          const now = Date.now();
          if (now - (shown.get(key) ?? 0) < 1000) return;
          shown.set(key, now);
          io.err(`${system}: ${records.toLocaleString('en-US')} ${what} read`);
        },
      });
      environmentName = source.environment.name;
    } catch (error) {
      if (error instanceof ProblemError) {
        io.err(formatProblem(error.problem));
        io.err(`Not reconciled: ${error.problem.message}`);
        return EXIT.failed;
      }
      throw error;
    } finally {
      await source.sandbox?.stop();
    }
    if (options.snapshot !== undefined) writeSnapshot(resolve(io.cwd, options.snapshot), snapshot);
  }

  const { alerts } = fromJournal.history;
  const report = { ...reconcileSnapshot(model, snapshot, { environment: environmentName, asOf, previous, flows, runFailures: fromJournal.runFailures, incremental: options.incremental === true }), alerts };
  const { timings: _timings, ...written } = report;
  if (options.report !== undefined) writeFileSync(resolve(io.cwd, options.report), `${JSON.stringify(written, null, 2)}\n`);
  if (options.audit !== undefined) writeFileSync(resolve(io.cwd, options.audit), auditReportHtml({ project: projectName, model, flows, report: written, alerts, generatedAt: new Date().toISOString() }));
  for (const problem of report.problems) io.err(`rule ${problem.rule} (${problem.part}, at ${problem.at}): ${problem.message} — not checked`);
  for (const system of report.systems) for (const reason of system.skipped) io.err(`${system.id}: ${reason}`);
  if (options.incremental === true) io.err(`Read ${report.systems.map((system) => `${system.id} ${system.read === 'changes' ? 'changes only' : system.read === 'unchanged' ? 'nothing (unchanged)' : 'in full'}`).join(', ')}.`);
  for (const entry of report.inconsistencies) io.out(`${entry.severity.padEnd(7)} ${entry.entity} ${entry.key} ${entry.label === entry.key ? '' : `${entry.label} `}${entry.message}`);
  for (const incident of report.incidents) io.out(`incident ${incident.id}  ${incident.title}`);
  for (const drift of report.drift) io.err(`schema drift: ${drift.message}${drift.nodes.length === 0 ? '' : ` (used by ${drift.nodes.map((node) => `"${node.label}"`).join(', ')})`}`);
  for (const alert of report.alerts) io.err(`${alert.severity === 'critical' ? 'CRITICAL' : 'warning'}: ${alert.message} (the latest run against the runs before it)`);
  const { summary } = report;
  io.err(`${summary.checked.toLocaleString('en-US')} records checked as of ${report.reconcile.asOf ?? 'now'}: ${summary.inconsistent} inconsistent in ${summary.incidents} incident${summary.incidents === 1 ? '' : 's'}, ${summary.inFlight} still within their SLA.`);
  return summary.inconsistent > 0 ? EXIT.findings : EXIT.clean;
}
