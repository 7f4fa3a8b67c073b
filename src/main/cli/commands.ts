import { readFileSync } from 'node:fs';
import { basename, extname, resolve } from 'node:path';
import { EXIT } from '../../shared/cli/exit-codes';
import type { ExitCode } from '../../shared/cli/exit-codes';
import { parseEnvironmentFile, resolveEnvironmentReferences } from '../../shared/environment/environment-file';
import { formatProblem } from '../../shared/problem';
import { checkProject, errorCount } from '../../shared/governance/check-project';
import { rebindSystem } from '../../shared/model/rebind';
import { ProjectStore } from '../services/project/project-store';
import { loadTemplate } from '../services/templates';
import type { CliIo } from './cli-io';

/** `steward new FILE [--name NAME] [--template NAME]`: a project, as New Project makes it. */
export function newProject(io: CliIo, file: string, name: string | undefined, template: string | undefined): ExitCode {
  const path = resolve(io.cwd, file);
  const start = template === undefined ? {} : (({ model, flows }) => ({ model, flows }))(loadTemplate(template));
  const store = ProjectStore.create(path, name ?? basename(path, extname(path)), start);
  const snapshot = store.snapshot();
  store.close();
  io.out(`Created ${snapshot.path} (${snapshot.name}, schema ${snapshot.schemaVersion}${template === undefined ? '' : `, from template ${template}`}).`);
  return EXIT.clean;
}

/**
 * `steward check PROJECT [--strict]`: the governance checker, headless.
 * Exit 0 clean, 1 with errors (or warnings with --strict), 2 unreadable.
 */
export function checkCommand(io: CliIo, file: string, strict: boolean): ExitCode {
  const store = ProjectStore.open(resolve(io.cwd, file));
  let diagnostics;
  let flows;
  try {
    flows = store.allFlows();
    diagnostics = checkProject(store.getModel(), flows);
  } finally {
    store.close();
  }
  const names = new Map(flows.map((flow) => [flow.id, flow.name]));
  for (const entry of diagnostics) {
    const where = entry.flowId === null ? 'project' : `flow "${names.get(entry.flowId) ?? entry.flowId}"${entry.nodeIds.length > 0 ? ` node ${entry.nodeIds.join(', ')}` : ''}`;
    io.out(`${entry.severity.padEnd(7)} ${entry.code}  ${where}: ${entry.message} ${entry.hint}`);
  }
  const errors = errorCount(diagnostics);
  const warnings = diagnostics.length - errors;
  io.err(`${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'} in ${flows.length} flow${flows.length === 1 ? '' : 's'}.`);
  return errors > 0 || (strict && warnings > 0) ? EXIT.findings : EXIT.clean;
}

/**
 * `steward bind PROJECT SYSTEM CONNECTOR [--name NAME]`: the system is now
 * that vendor's — connector and vocabulary replaced, every flow untouched
 * (the 3PL swap). The checker then says whether the project still holds.
 */
export function bindCommand(io: CliIo, file: string, systemId: string, connector: string, name: string | undefined): ExitCode {
  const store = ProjectStore.open(resolve(io.cwd, file));
  try {
    const before = store.getModel();
    const previous = before.systems.find((system) => system.id === systemId)?.connector;
    const rebound = rebindSystem(before, systemId, connector, name);
    if (!rebound.ok) {
      io.err(formatProblem(rebound.error));
      return EXIT.failed;
    }
    store.saveModel(rebound.value.model);
    const flows = store.allFlows();
    const errors = errorCount(checkProject(rebound.value.model, flows));
    io.out(`${systemId}: connector ${previous ?? '?'} → ${connector}; ${rebound.value.fieldNames} field names and ${rebound.value.xrefs} cross-references are now ${connector}'s; ${flows.length} flows unchanged.`);
    io.err(errors === 0 ? 'The checker finds no errors after the change.' : `The checker finds ${errors} error${errors === 1 ? '' : 's'} after the change; steward check lists them.`);
    return errors === 0 ? EXIT.clean : EXIT.findings;
  } finally {
    store.close();
  }
}

/** `steward info PROJECT`: what a project holds, read through the app's store. */
export function projectInfo(io: CliIo, file: string): ExitCode {
  const store = ProjectStore.open(resolve(io.cwd, file));
  try {
    const snapshot = store.snapshot();
    io.out(`${snapshot.name}  (${snapshot.path})`);
    io.out(`schema ${snapshot.schemaVersion}, created ${snapshot.createdAt}`);
    io.out(`${snapshot.flows.length} flow${snapshot.flows.length === 1 ? '' : 's'}:`);
    for (const flow of snapshot.flows) io.out(`  ${flow.name}  ${flow.nodeCount} node${flow.nodeCount === 1 ? '' : 's'}  [${flow.id}]`);
  } finally {
    store.close();
  }
  return EXIT.clean;
}

/**
 * `steward env check FILE`: validates an environment file and its `${VAR}`
 * references. Problems are findings (exit 1); an unreadable file is exit 2.
 */
export function checkEnvironment(io: CliIo, file: string): ExitCode {
  const path = resolve(io.cwd, file);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error: unknown) {
    io.err(`Cannot read environment file ${path}: ${error instanceof Error ? error.message : String(error)}`);
    return EXIT.failed;
  }
  const parsed = parseEnvironmentFile(text, file);
  const resolved = parsed.ok ? resolveEnvironmentReferences(parsed.value, io.env, file) : parsed;
  if (!resolved.ok) {
    for (const problem of resolved.error) io.out(formatProblem(problem));
    io.err(`${resolved.error.length} problem${resolved.error.length === 1 ? '' : 's'} in ${file}.`);
    return EXIT.findings;
  }
  const systems = Object.entries(resolved.value.systems);
  io.out(`${file}: environment "${resolved.value.name}" is valid (${systems.length} system${systems.length === 1 ? '' : 's'}).`);
  for (const [id, binding] of systems) io.out(`  ${id}: ${binding.connector} at ${binding.baseUrl}`);
  return EXIT.clean;
}
