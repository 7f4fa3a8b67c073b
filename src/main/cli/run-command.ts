import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { EXIT } from '../../shared/cli/exit-codes';
import type { ExitCode } from '../../shared/cli/exit-codes';
import { compileFlow } from '../../shared/compile/compile-flow';
import type { PipelinePlan } from '../../shared/compile/plan';
import type { EnvironmentFile } from '../../shared/environment/environment-file';
import { parseEnvironmentFile, resolveEnvironmentReferences } from '../../shared/environment/environment-file';
import { formatProblem } from '../../shared/problem';
import { Sandbox } from '../sandbox/sandbox';
import { loadScenario } from '../sandbox/scenarios';
import { connectorFor } from '../services/connectors/connectors';
import type { ManagedConnectorInstance } from '../services/connectors/connectors';
import type { TransactionResult } from '../services/runtime/executor';
import { Executor } from '../services/runtime/executor';
import { Journal } from '../services/runtime/journal';
import { ReservationLedger } from '../services/runtime/reservation-ledger';
import { triggerRecords } from '../services/runtime/sources';
import { VendorEffects } from '../services/runtime/vendor-effects';
import { ProjectStore } from '../services/project/project-store';
import type { CliIo } from './cli-io';

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
}

interface RunReport {
  readonly summary: { transactions: number; succeeded: number; failed: number; deadLettered: number; unacknowledged: number; filtered: number; duration: number; rate: number };
  readonly run: { id: string; environment: string; scenario: string | null; flows: string[] };
  readonly transactions: (Omit<TransactionResult, 'id'> & { flow: string })[];
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

  let sandbox: Sandbox | null = null;
  let environment: EnvironmentFile;
  if (options.env === undefined) {
    if (options.scenario === undefined) {
      io.err('usage: steward run PROJECT --env FILE [--flow ID] [--scenario NAME] [--report FILE]');
      return EXIT.failed;
    }
    sandbox = await Sandbox.start({ scenario: loadScenario(options.scenario), seed: 1 });
    environment = sandbox.environment();
    io.err(`Started the sandbox with scenario ${options.scenario}.`);
  } else {
    const envPath = resolve(io.cwd, options.env);
    const parsed = parseEnvironmentFile(readFileSync(envPath, 'utf8'), options.env);
    const resolved = parsed.ok ? resolveEnvironmentReferences(parsed.value, io.env, options.env) : parsed;
    if (!resolved.ok) {
      for (const problem of resolved.error) io.err(formatProblem(problem));
      io.err(`${options.env} cannot be used: ${resolved.error.length} problem${resolved.error.length === 1 ? '' : 's'}.`);
      return EXIT.failed;
    }
    environment = resolved.value;
  }

  try {
    const connectors = new Map<string, ManagedConnectorInstance>(Object.entries(environment.systems).flatMap(([id, binding]) => (binding.connector === 'rest' ? [] : [[id, connectorFor(id, binding)] as const])));
    // The reservation ledger lives in the journal's file: one file per project's runs.
    const journalPath = resolve(io.cwd, options.journal ?? `${file}.journal`);
    const journal = Journal.open(journalPath);
    const ledger = ReservationLedger.open(journalPath);
    const effects = new VendorEffects(connectors, ledger);
    const runId = options.resume ?? randomUUID();
    journal.startRun({ id: runId, flows: plans.map((plan) => plan.flowId), environment: environment.name, scenario: options.scenario ?? null });
    const started = performance.now();
    const transactions: RunReport['transactions'] = [];
    for (const plan of plans) {
      for (const entry of plan.entries) {
        const records = await triggerRecords(plan, entry, connectors);
        if (typeof records === 'string') {
          io.err(`Flow "${plan.flowName}": ${records}; its trigger "${plan.steps.get(entry)?.label ?? entry}" was skipped.`);
          continue;
        }
        io.err(`Flow "${plan.flowName}": ${records.length} transaction${records.length === 1 ? '' : 's'} from "${plan.steps.get(entry)?.label ?? entry}"…`);
        const executor = new Executor(plan, journal, effects, runId);
        if (options.resume !== undefined) {
          const found = await executor.recover(new Map(records.map((record) => [`${plan.flowId}:${record.key}`, record.record])));
          io.err(`Resuming run ${runId}: ${found} write${found === 1 ? '' : 's'} in doubt found done, not sent again.`);
        }
        const results = await executor.run(records, entry);
        transactions.push(...results.map(({ id: _id, ...result }) => ({ ...result, flow: plan.flowId })));
      }
    }
    journal.endRun(runId, 'done');
    journal.close();
    ledger.close();
    const duration = (performance.now() - started) / 1000;
    const count = (state: string): number => transactions.filter((transaction) => transaction.state === state).length;
    const report: RunReport = {
      summary: { transactions: transactions.length, succeeded: count('succeeded'), failed: count('failed'), deadLettered: count('dead-lettered'), unacknowledged: count('unacknowledged'), filtered: count('filtered'), duration: Math.round(duration * 1000) / 1000, rate: duration === 0 ? 0 : Math.round((transactions.length / duration) * 10) / 10 },
      run: { id: runId, environment: environment.name, scenario: options.scenario ?? null, flows: plans.map((plan) => plan.flowId) },
      transactions,
    };
    if (options.report !== undefined) writeFileSync(resolve(io.cwd, options.report), `${JSON.stringify(report, null, 2)}\n`);
    const { summary } = report;
    io.err(`Run ${runId} (journal ${options.journal ?? `${file}.journal`}).`);
    io.err(`${summary.transactions} transactions in ${summary.duration} s: ${summary.succeeded} succeeded, ${summary.deadLettered} dead-lettered, ${summary.unacknowledged} unacknowledged, ${summary.failed} failed.`);
    return summary.failed + summary.deadLettered + summary.unacknowledged > 0 ? EXIT.findings : EXIT.clean;
  } finally {
    await sandbox?.stop();
  }
}
