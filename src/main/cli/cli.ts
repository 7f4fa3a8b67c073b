import { parseArgs } from 'node:util';
import { EXIT } from '../../shared/cli/exit-codes';
import type { ExitCode } from '../../shared/cli/exit-codes';
import { ProblemError, formatProblem } from '../../shared/problem';
import { APP_VERSION } from '../services/app-meta';
import type { CliIo } from './cli-io';
import { checkEnvironment, newProject, projectInfo } from './commands';

/**
 * `steward`: the same engine as the app, without the window. Exit codes follow
 * domain.md §7; on exit 2 the last line on stderr is the one-line reason.
 */
const HELP = `Steward ${APP_VERSION} — integration flows as a governance layer

Usage: steward <command> [options]

Commands:
  new FILE [--name NAME]   create an empty project file
  info PROJECT             show what a project holds
  env check FILE           validate an environment file and its \${VAR} references

Options:
  -h, --help               show this help
  -v, --version            print the version

Exit codes: 0 done and clean; 1 done with findings; 2 could not do the job.`;

class UsageError extends Error {}

function expectArguments(positionals: readonly string[], count: number, usage: string): void {
  if (positionals.length !== count) throw new UsageError(`usage: steward ${usage}`);
}

export function runCli(argv: readonly string[], io: CliIo): ExitCode {
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
        name: { type: 'string' },
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
        expectArguments(rest, 1, 'new FILE [--name NAME]');
        return newProject(io, rest[0] ?? '', values.name);
      case 'info':
        expectArguments(rest, 1, 'info PROJECT');
        return projectInfo(io, rest[0] ?? '');
      case 'env':
        if (rest[0] !== 'check') throw new UsageError('usage: steward env check FILE');
        expectArguments(rest, 2, 'env check FILE');
        return checkEnvironment(io, rest[1] ?? '');
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

function isArgumentError(error: unknown): boolean {
  return error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS');
}
