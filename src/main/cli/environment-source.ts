import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { EnvironmentFile } from '../../shared/environment/environment-file';
import { parseEnvironmentFile, resolveEnvironmentReferences } from '../../shared/environment/environment-file';
import type { System } from '../../shared/model/project-model';
import { formatProblem } from '../../shared/problem';
import { Sandbox } from '../sandbox/sandbox';
import { loadScenario } from '../sandbox/scenarios';
import type { CliIo } from './cli-io';

/**
 * Where a headless command's systems are: an environment file (with its
 * `${VAR}` references resolved from the process environment), or — with
 * `--scenario` alone — a sandbox started for the purpose, each of the
 * project's systems talking to its vendor's simulator under its own id.
 */
export interface EnvironmentSource {
  readonly environment: EnvironmentFile;
  readonly sandbox: Sandbox | null;
}

export async function openEnvironment(io: CliIo, systems: readonly System[], options: { env?: string | undefined; scenario?: string | undefined; noLimits?: boolean | undefined }, usage: string): Promise<EnvironmentSource | null> {
  if (options.env === undefined) {
    if (options.scenario === undefined) {
      io.err(`usage: ${usage}`);
      return null;
    }
    const sandbox = await Sandbox.start({ scenario: loadScenario(options.scenario), seed: 1, limits: options.noLimits !== true });
    io.err(`Started the sandbox with scenario ${options.scenario}.`);
    return { environment: sandbox.environmentFor(systems), sandbox };
  }
  const parsed = parseEnvironmentFile(readFileSync(resolve(io.cwd, options.env), 'utf8'), options.env);
  const resolved = parsed.ok ? resolveEnvironmentReferences(parsed.value, io.env, options.env) : parsed;
  if (!resolved.ok) {
    for (const problem of resolved.error) io.err(formatProblem(problem));
    io.err(`${options.env} cannot be used: ${resolved.error.length} problem${resolved.error.length === 1 ? '' : 's'}.`);
    return null;
  }
  return { environment: resolved.value, sandbox: null };
}
