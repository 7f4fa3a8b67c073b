import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { EXIT } from '../../shared/cli/exit-codes';
import type { ExitCode } from '../../shared/cli/exit-codes';
import { startControlServer } from '../sandbox/control-server';
import { Sandbox } from '../sandbox/sandbox';
import { loadScenario, scenarioNames } from '../sandbox/scenarios';
import type { CliIo } from './cli-io';

export interface SandboxArguments {
  readonly scenario: string;
  readonly seed: number;
  readonly port: number;
  readonly webhookUrl: string | undefined;
  readonly envOut: string | undefined;
  readonly limits: boolean;
  /** A world of this many orders instead of the pack's (a bigger merchant, for load). */
  readonly orders?: number | undefined;
}

/**
 * `steward sandbox`: starts the five simulators for a scenario, writes the
 * environment file that points the template at them, and runs until
 * interrupted (`stop` resolves on SIGINT/SIGTERM; tests pass their own).
 */
export async function runSandbox(io: CliIo, args: SandboxArguments, stop: Promise<void>): Promise<ExitCode> {
  const started = performance.now();
  const pack = loadScenario(args.scenario);
  const scenario = args.orders === undefined ? pack : { ...pack, world: { ...pack.world, orders: args.orders } };
  const sandbox = await Sandbox.start({
    scenario,
    seed: args.seed,
    port: args.port,
    limits: args.limits,
    ...(args.webhookUrl === undefined ? {} : { webhookUrl: args.webhookUrl }),
    onInternalError: (system, error) => io.err(`[sandbox] ${system} simulator error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`),
  });
  const control = await startControlServer(sandbox, args.port === 0 ? 0 : args.port + 5);
  try {
    if (args.envOut !== undefined) {
      const file = resolve(io.cwd, args.envOut);
      // The file holds this run's credentials: readable by the user only.
      writeFileSync(file, `${JSON.stringify(sandbox.environment(), null, 2)}\n`, { mode: 0o600 });
      io.err(`Environment file written to ${file}`);
    }
    io.out(`Steward sandbox: scenario "${scenario.name}" (${scenario.title}), seed ${args.seed}`);
    for (const [system, binding] of Object.entries(sandbox.environment().systems)) io.out(`  ${system.padEnd(12)} ${binding.baseUrl}`);
    io.out(`  ${'control'.padEnd(12)} ${control.url}  (header x-sandbox-token: ${control.token})`);
    io.out(`Ready in ${Math.round(performance.now() - started)} ms. Press Ctrl+C to stop.`);
    await stop;
    return EXIT.clean;
  } finally {
    await control.close();
    await sandbox.stop();
  }
}

export function listScenarios(io: CliIo): ExitCode {
  for (const name of scenarioNames()) {
    const scenario = loadScenario(name);
    io.out(`${name.padEnd(28)} ${scenario.title}`);
  }
  return EXIT.clean;
}
