import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { EXIT } from '../../shared/cli/exit-codes';
import type { ExitCode } from '../../shared/cli/exit-codes';
import { compileFlow } from '../../shared/compile/compile-flow';
import type { PipelinePlan } from '../../shared/compile/plan';
import { executeRun } from '../services/runtime/run-session';
import { ProjectStore } from '../services/project/project-store';
import type { CliIo } from './cli-io';
import { openEnvironment } from './environment-source';

/**
 * `steward run PROJECT --env FILE [--flow ID] [--scenario NAME] [--report FILE]`:
 * the project's flows against staging, headless (domain.md §7). With
 * `--scenario` and no `--env`, it starts the sandbox with that pack itself.
 * Exit 0 when every transaction succeeded, 1 when any failed, was
 * dead-lettered or went unacknowledged, 2 when it could not run.
 */
export interface RunOptions {
  readonly env?: string | undefined;
  readonly flow?: string | undefined;
  readonly scenario?: string | undefined;
  readonly report?: string | undefined;
  readonly journal?: string | undefined;
  /** A run id from an earlier, interrupted run: its effects in doubt are looked up, and what it finished stands. */
  readonly resume?: string | undefined;
  /** With --scenario: start the sandbox without the vendors' rate limits (a quick functional run). */
  readonly noLimits?: boolean | undefined;
  /** Seconds to wait for webhooks: after the backfill against real systems, or at most, for a sandbox's replay. */
  readonly listen?: number | undefined;
  /** With --env and --listen: read what the systems hold first (default), or take only the events that arrive. */
  readonly backfill?: boolean | undefined;
}

export async function runCommand(io: CliIo, file: string, options: RunOptions): Promise<ExitCode> {
  const projectPath = resolve(io.cwd, file);
  const store = ProjectStore.open(projectPath);
  const model = store.getModel();
  const flows = store.allFlows();
  store.close();

  const chosen = options.flow === undefined ? flows : flows.filter((flow) => flow.id === options.flow || flow.name === options.flow);
  if (chosen.length === 0) {
    io.err(`There is no flow "${options.flow ?? ''}" in ${file}; steward info lists them.`);
    return EXIT.failed;
  }
  const plans: PipelinePlan[] = [];
  for (const flow of chosen) {
    const compiled = compileFlow(model, flows, flow.id);
    if (!compiled.ok) {
      for (const entry of compiled.diagnostics) io.out(`${entry.severity.padEnd(7)} ${entry.code}  flow "${flow.name}": ${entry.message} ${entry.hint}`);
      io.err(`Flow "${flow.name}" cannot run: the checker found ${compiled.diagnostics.length} error${compiled.diagnostics.length === 1 ? '' : 's'} (steward check shows them all).`);
      return EXIT.failed;
    }
    plans.push(compiled.plan);
  }

  const source = await openEnvironment(io, model.systems, options, 'steward run PROJECT --env FILE [--flow ID] [--scenario NAME] [--report FILE]');
  if (source === null) return EXIT.failed;
  const { environment, sandbox } = source;

  try {
    const journalFile = options.journal ?? `${file}.journal`;
    const report = await executeRun({
      plans,
      environment,
      journalPath: resolve(io.cwd, journalFile),
      runId: options.resume ?? randomUUID(),
      resume: options.resume !== undefined,
      scenario: options.scenario ?? null,
      ...(sandbox === null ? {} : { replay: () => sandbox?.replayHistory() ?? { sent: 0, topics: {} } }),
      ...(options.listen === undefined ? {} : { listenSeconds: options.listen }),
      ...(options.backfill === false ? { backfill: false } : {}),
      log: (line) => io.err(line),
    });
    if (options.report !== undefined) writeFileSync(resolve(io.cwd, options.report), `${JSON.stringify(report, null, 2)}\n`);
    const { summary, webhooks } = report;
    io.err(`Run ${report.run.id} (journal ${journalFile}).`);
    if (webhooks.received + webhooks.refused > 0) io.err(`Webhooks: ${webhooks.received} taken in, ${webhooks.duplicates} duplicates answered and dropped, ${webhooks.refused} refused (bad signature or stale).`);
    io.err(`${summary.transactions} transactions in ${summary.duration} s: ${summary.succeeded} succeeded, ${summary.deadLettered} dead-lettered, ${summary.unacknowledged} unacknowledged, ${summary.failed} failed.`);
    return summary.failed + summary.deadLettered + summary.unacknowledged > 0 ? EXIT.findings : EXIT.clean;
  } finally {
    await sandbox?.stop();
  }
}
