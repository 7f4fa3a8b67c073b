import { parseArgs } from 'node:util';
import { EXIT } from '../../shared/cli/exit-codes';
import type { ExitCode } from '../../shared/cli/exit-codes';
import { ProblemError, formatProblem } from '../../shared/problem';
import { MAX_WORLD_ORDERS } from '../../shared/sandbox/scenario';
import { APP_VERSION } from '../services/app-meta';
import type { CliIo } from './cli-io';
import { bindCommand, checkCommand, checkEnvironment, newProject, projectInfo } from './commands';
import { reconcileCommand } from './reconcile-command';
import { runCommand } from './run-command';
import { listScenarios, runSandbox } from './sandbox-command';

/**
 * `steward`: the same engine as the app, without the window. Exit codes follow
 * domain.md §7; on exit 2 the last line on stderr is the one-line reason.
 */
const HELP = `Steward ${APP_VERSION} — integration flows as a governance layer

Usage: steward <command> [options]

Commands:
  new FILE [--name NAME] [--template order-to-cash]
                           create a project file, empty or from a template
  check PROJECT [--strict] run the governance checker; exit 1 on errors (--strict: on warnings too)
  info PROJECT             show what a project holds
  bind PROJECT SYSTEM CONNECTOR [--name NAME]
                           bind a system to another vendor's connector (e.g. the 3PL to shipstation):
                           its connector and field vocabulary change, no flow does
  env check FILE           validate an environment file and its \${VAR} references
  sandbox [--scenario NAME] [--seed N] [--port P] [--webhook-url URL] [--env-out FILE] [--no-limits] [--orders N]
                           start the staging simulators and write an environment file for them
                           (--orders: a world of N orders instead of the scenario's)
  sandbox --list           list the scenario packs
  run PROJECT (--env FILE | --scenario NAME) [--flow ID] [--report FILE] [--journal FILE] [--resume RUN] [--listen SECONDS [--no-backfill]] [--no-limits]
                           run the project's flows against staging (the sandbox with --scenario alone);
                           webhook triggers subscribe a local receiver; --listen keeps it open that long
                           after reading what is there (with --scenario, the sandbox replays its history);
                           --no-backfill takes only the events that arrive while it listens;
                           --resume continues an interrupted run without sending anything twice;
                           --no-limits starts the scenario's sandbox without the vendors' rate limits;
                           exit 1 when a transaction failed, was dead-lettered or went unacknowledged
  reconcile PROJECT (--env FILE | --scenario NAME) [--report FILE] [--snapshot FILE [--incremental]] [--as-of TIME] [--audit FILE]
                           read every system, join records by xref and list those that break an
                           invariant, grouped into incidents; --snapshot keeps what was read, and with
                           --offline judges that snapshot again without reading, --incremental reads
                           only what changed since it (where the vendor can say); lag is judged as of
                           the systems' latest activity unless --as-of says otherwise; --audit writes
                           the workshop's audit report (HTML: ownership, flows, findings, inconsistencies);
                           exit 1 when something is inconsistent, 2 when a system cannot be read

Options:
  -h, --help               show this help
  -v, --version            print the version

Exit codes: 0 done and clean; 1 done with findings; 2 could not do the job.`;

class UsageError extends Error {}

function expectArguments(positionals: readonly string[], count: number, usage: string): void {
  if (positionals.length !== count) throw new UsageError(`usage: steward ${usage}`);
}

export async function runCli(argv: readonly string[], io: CliIo, stop: Promise<void> = untilInterrupted()): Promise<ExitCode> {
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
        name: { type: 'string' },
        template: { type: 'string' },
        strict: { type: 'boolean' },
        scenario: { type: 'string' },
        seed: { type: 'string' },
        port: { type: 'string' },
        'webhook-url': { type: 'string' },
        'env-out': { type: 'string' },
        'no-limits': { type: 'boolean' },
        'no-backfill': { type: 'boolean' },
        list: { type: 'boolean' },
        env: { type: 'string' },
        flow: { type: 'string' },
        report: { type: 'string' },
        journal: { type: 'string' },
        resume: { type: 'string' },
        listen: { type: 'string' },
        snapshot: { type: 'string' },
        offline: { type: 'boolean' },
        'as-of': { type: 'string' },
        orders: { type: 'string' },
        audit: { type: 'string' },
        incremental: { type: 'boolean' },
      },
    });
    if (values.version === true) {
      io.out(APP_VERSION);
      return EXIT.clean;
    }
    const [command, ...rest] = positionals;
    if (values.help === true || command === undefined || command === 'help') {
      io.out(HELP);
      return EXIT.clean;
    }
    switch (command) {
      case 'new':
        expectArguments(rest, 1, 'new FILE [--name NAME] [--template NAME]');
        return newProject(io, rest[0] ?? '', values.name, values.template);
      case 'check':
        expectArguments(rest, 1, 'check PROJECT [--strict]');
        return checkCommand(io, rest[0] ?? '', values.strict === true);
      case 'bind':
        expectArguments(rest, 3, 'bind PROJECT SYSTEM CONNECTOR [--name NAME]');
        return bindCommand(io, rest[0] ?? '', rest[1] ?? '', rest[2] ?? '', values.name);
      case 'info':
        expectArguments(rest, 1, 'info PROJECT');
        return projectInfo(io, rest[0] ?? '');
      case 'env':
        if (rest[0] !== 'check') throw new UsageError('usage: steward env check FILE');
        expectArguments(rest, 2, 'env check FILE');
        return checkEnvironment(io, rest[1] ?? '');
      case 'sandbox': {
        expectArguments(rest, 0, 'sandbox [--scenario NAME] [--seed N] [--port P] [--webhook-url URL] [--env-out FILE]');
        if (values.list === true) return listScenarios(io);
        const seed = integer(values.seed ?? '1', '--seed', 0, 2 ** 32 - 1);
        const port = integer(values.port ?? '0', '--port', 0, 65_529);
        const webhookUrl = values['webhook-url'];
        if (webhookUrl !== undefined && !/^https?:\/\/[^/]+/.test(webhookUrl)) throw new UsageError(`--webhook-url must be an http(s) URL, got "${webhookUrl}"`);
        const orders = values.orders === undefined ? undefined : integer(values.orders, '--orders', 1, MAX_WORLD_ORDERS);
        return await runSandbox(io, { scenario: values.scenario ?? 'order-to-cash', seed, port, webhookUrl, envOut: values['env-out'], limits: values['no-limits'] !== true, orders }, stop);
      }
      case 'run':
        expectArguments(rest, 1, 'run PROJECT (--env FILE | --scenario NAME) [--flow ID] [--report FILE]');
        return await runCommand(io, rest[0] ?? '', {
          env: values.env,
          flow: values.flow,
          scenario: values.scenario,
          report: values.report,
          journal: values.journal,
          resume: values.resume,
          noLimits: values['no-limits'] === true,
          ...(values.listen === undefined ? {} : { listen: integer(values.listen, '--listen', 0, 86_400) }),
          backfill: values['no-backfill'] !== true,
        });
      case 'reconcile':
        expectArguments(rest, 1, 'reconcile PROJECT (--env FILE | --scenario NAME) [--report FILE]');
        return await reconcileCommand(io, rest[0] ?? '', {
          env: values.env,
          scenario: values.scenario,
          report: values.report,
          snapshot: values.snapshot,
          offline: values.offline === true,
          asOf: values['as-of'],
          journal: values.journal,
          noLimits: values['no-limits'] === true,
          audit: values.audit,
          incremental: values.incremental === true,
        });
      default:
        throw new UsageError(`unknown command "${command}"; run steward --help for the list`);
    }
  } catch (error: unknown) {
    if (error instanceof ProblemError) io.err(formatProblem(error.problem));
    else if (error instanceof UsageError || isArgumentError(error)) io.err(`steward: ${(error as Error).message}`);
    else io.err(`steward: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return EXIT.failed;
  }
}

function integer(text: string, flag: string, min: number, max: number): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max) throw new UsageError(`${flag} must be a whole number from ${min} to ${max}, got "${text}"`);
  return value;
}

/** Resolves on Ctrl+C or a termination signal. */
function untilInterrupted(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
}

function isArgumentError(error: unknown): boolean {
  return error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS');
}
