import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import type { EnvironmentFile } from '../../shared/environment/environment-file';
import { parseEnvironmentFile, referenceName, referenceNames, resolveEnvironmentReferences } from '../../shared/environment/environment-file';
import type { ConnectionResult, CredentialView, EnvironmentEdit, EnvironmentView } from '../../shared/environment/environment-view';
import { ProblemError, formatProblem } from '../../shared/problem';
import { connectorFor } from './connectors/connectors';
import type { ManagedConnectorInstance } from './connectors/connectors';
import { explain, probe } from './connection-test';
import type { SecretStore } from './secrets/secret-store';

/**
 * A project's environments: environment files (domain.md §7) in a folder
 * beside the project (`acme.environments/staging.json`). What the editor
 * saves is a normal environment file — the CLI runs it too — except that a
 * credential typed in the app is sealed in the secret store and the file
 * holds only its `${STEWARD_…}` reference. Resolving looks references up in
 * the secret store first, then in the process environment.
 */

export class Environments {
  constructor(
    private readonly projectPath: () => string | null,
    private readonly secrets: SecretStore,
    private readonly variables: Readonly<Record<string, string | undefined>> = process.env,
  ) {}

  list(): string[] {
    const folder = this.folder();
    if (folder === null || !existsSync(folder)) return [];
    return readdirSync(folder)
      .filter((file) => file.endsWith('.json'))
      .map((file) => file.slice(0, -'.json'.length))
      .sort();
  }

  get(name: string): EnvironmentView {
    const { file, environment } = this.read(name);
    const systems = Object.fromEntries(
      Object.entries(environment.systems).map(([id, binding]) => [
        id,
        { connector: binding.connector, baseUrl: binding.baseUrl, options: binding.options, credentials: Object.fromEntries(Object.entries(binding.credentials).map(([key, value]) => [key, credentialView(value)])) },
      ]),
    );
    return { name, file, systems, webhookBaseUrl: environment.webhookBaseUrl ?? null, secretsKind: this.secrets.kind };
  }

  /** Saves the file; new credential values go to the secret store, the file gets their references. */
  async save(edit: EnvironmentEdit): Promise<EnvironmentView> {
    const previous = this.list().includes(edit.name) ? this.read(edit.name).environment : null;
    const systems: EnvironmentFile['systems'] = {};
    for (const [id, binding] of Object.entries(edit.systems)) {
      const credentials: Record<string, string> = {};
      for (const [key, change] of Object.entries(binding.credentials)) {
        if ('value' in change) {
          const name = secretName(edit.name, id, key);
          await this.secrets.set(name, change.value);
          credentials[key] = `\${${name}}`;
        } else if ('reference' in change) {
          credentials[key] = change.reference;
        } else {
          const kept = previous?.systems[id]?.credentials[key];
          if (kept !== undefined) credentials[key] = kept;
        }
      }
      systems[id] = { connector: binding.connector, baseUrl: binding.baseUrl, credentials, options: binding.options };
    }
    const environment = { name: edit.name, systems, ...(edit.webhookBaseUrl === null || edit.webhookBaseUrl === '' ? {} : { webhookBaseUrl: edit.webhookBaseUrl }) };
    const file = this.file(edit.name);
    const text = `${JSON.stringify(environment, null, 2)}\n`;
    const parsed = parseEnvironmentFile(text, file);
    if (!parsed.ok) throw new ProblemError(parsed.error[0] ?? { code: 'ENVIRONMENT_INVALID', message: 'The environment is not valid.' });
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(`${file}.next`, text);
    renameSync(`${file}.next`, file);
    return this.get(edit.name);
  }

  /** The environment ready to run: every `${NAME}` filled from the secret store or the process environment. */
  async resolve(name: string): Promise<EnvironmentFile> {
    const { file, environment } = this.read(name);
    const names = new Set<string>();
    JSON.stringify(environment, (_key, value: unknown) => {
      if (typeof value === 'string') for (const name of referenceNames(value)) names.add(name);
      return value;
    });
    const values: Record<string, string | undefined> = {};
    for (const variable of names) values[variable] = (await this.secrets.get(variable)) ?? this.variables[variable];
    const resolved = resolveEnvironmentReferences(environment, values, file);
    if (!resolved.ok) throw new ProblemError(resolved.error[0] ?? { code: 'ENVIRONMENT_INVALID', message: `${file} cannot be resolved.` });
    return resolved.value;
  }

  /**
   * One cheap authenticated read against a system, and what went wrong in
   * words a consultant can act on: the host not found, TLS, nothing
   * listening, a timeout, credentials refused, a wrong base URL, rate-limited.
   */
  async test(name: string, system: string): Promise<ConnectionResult> {
    const started = performance.now();
    const result = (ok: boolean, kind: ConnectionResult['kind'], message: string): ConnectionResult => ({ system, ok, kind, message, ms: Math.round(performance.now() - started) });
    let connector: ManagedConnectorInstance;
    try {
      const environment = await this.resolve(name);
      const binding = environment.systems[system];
      if (binding === undefined) return result(false, 'config', `${name} has no system "${system}".`);
      // One attempt, no waiting out throttles: a test says what happened, it does not retry until it works.
      connector = connectorFor(system, binding, { maxAttempts: 1, maxThrottles: 0, timeoutMs: 8_000 });
    } catch (error: unknown) {
      return result(false, 'config', error instanceof ProblemError ? formatProblem(error.problem) : String(error));
    }
    const outcome = await probe(connector);
    if (outcome.ok) return result(true, 'ok', `Connected: ${outcome.detail}.`);
    const [kind, message] = explain(outcome.status, outcome.reason, connector);
    return result(false, kind, message);
  }

  private read(name: string): { file: string; environment: EnvironmentFile } {
    const file = this.file(name);
    if (!existsSync(file)) throw new ProblemError({ code: 'ENVIRONMENT_UNKNOWN', message: `There is no environment "${name}".`, hint: `Environments: ${this.list().join(', ') || 'none yet'}.` });
    const parsed = parseEnvironmentFile(readFileSync(file, 'utf8'), file);
    if (!parsed.ok) throw new ProblemError(parsed.error[0] ?? { code: 'ENVIRONMENT_INVALID', message: `${file} is not a valid environment file.` });
    return { file, environment: parsed.value };
  }

  private folder(): string | null {
    const project = this.projectPath();
    if (project === null) return null;
    return join(dirname(project), `${basename(project, extname(project))}.environments`);
  }

  private file(name: string): string {
    const folder = this.folder();
    if (folder === null) throw new ProblemError({ code: 'NO_PROJECT', message: 'No project is open.', hint: 'Environments belong to a project: open one first.' });
    return join(folder, `${name}.json`);
  }
}

/** The secret store's name for one credential, also the `${…}` reference in the file. */
export function secretName(environment: string, system: string, key: string): string {
  return `STEWARD_${[environment, system, key].map((part) => part.replace(/[^A-Za-z0-9]+/g, '_').toUpperCase()).join('_')}`;
}

function credentialView(value: string): CredentialView {
  const reference = referenceName(value);
  if (reference === null) return { state: 'stored', reference: null };
  return reference.startsWith('STEWARD_') ? { state: 'stored', reference: null } : { state: 'reference', reference: value };
}
