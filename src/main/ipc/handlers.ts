import type { AppInfo } from '../../shared/ipc/contract';
import type { SettingsStore } from '../services/settings/settings-store';
import type { Environments } from '../services/environments';
import type { ReconcileService } from '../services/reconcile-service';
import type { RunService } from '../services/run-service';
import type { SandboxService } from '../services/sandbox-service';
import { loadTemplate } from '../services/templates';
import type { Workspace } from '../services/workspace';
import type { EnvironmentFile } from '../../shared/environment/environment-file';
import type { EnvironmentEdit } from '../../shared/environment/environment-view';
import { ProblemError } from '../../shared/problem';
import type { Handlers } from './dispatch';

/** What differs between the desktop app and the browser host. */
export interface HostPorts {
  readonly info: AppInfo;
  chooseProjectPath(purpose: 'create' | 'open' | 'saveAs', suggestedName?: string): Promise<string | null>;
}

export interface HandlerServices {
  readonly sandbox: SandboxService;
  readonly runs: RunService;
  readonly environments: Environments;
  readonly reconciler: ReconcileService;
  readonly workspace: Workspace;
  readonly settings: SettingsStore;
  readonly host: HostPorts;
}

/** The composition root of every IPC handler: one line each over a service. */
export function createHandlers({ workspace, settings, host, sandbox, runs, environments, reconciler }: HandlerServices): Handlers {
  const settingsView = () => {
    const { theme, recent } = settings.get();
    return { theme, recent };
  };
  return {
    'app.info': () => host.info,
    'settings.get': settingsView,
    'settings.setTheme': ({ theme }) => (settings.setTheme(theme), settingsView()),
    'project.current': () => workspace.current(),
    'project.create': ({ path, name, template }) => workspace.create(path, name, template === undefined ? undefined : loadTemplate(template)),
    'project.open': ({ path }) => workspace.open(path),
    'project.saveAs': ({ path }) => workspace.saveAs(path),
    'project.close': () => (workspace.close(), null),
    'project.forgetRecent': ({ path }) => (settings.forget(path), settingsView()),
    'flow.get': ({ flowId }) => workspace.getFlow(flowId),
    'flow.create': ({ name }) => workspace.createFlow(name),
    'flow.save': ({ document }) => workspace.saveFlow(document),
    'flow.all': ({ except }) => workspace.allFlows().filter((flow) => flow.id !== except),
    'flow.delete': ({ flowId }) => workspace.deleteFlow(flowId),
    'flow.duplicate': ({ flowId, name }) => workspace.duplicateFlow(flowId, name),
    'model.get': () => workspace.getModel(),
    'model.save': ({ model }) => workspace.saveModel(model),
    'dialog.chooseProjectPath': async ({ purpose, suggestedName }) => ({ path: await host.chooseProjectPath(purpose, suggestedName) }),
    'sandbox.scenarios': () => sandbox.scenarios(),
    'sandbox.status': () => sandbox.status(),
    'sandbox.start': ({ scenario, seed }) => sandbox.start(scenario, seed),
    'sandbox.stop': () => sandbox.stop(),
    'sandbox.setFaults': (faults) => sandbox.setFaults(faults),
    'sandbox.log': ({ count }) => sandbox.recentLog(count),
    'sandbox.sendHistory': () => sandbox.sendHistory(),
    'run.start': (request) => runs.start(request),
    'run.cancel': () => runs.cancel(),
    'run.stopListening': () => runs.stopListening(),
    'run.status': () => runs.status(),
    'run.transactions': (query) => runs.transactions(query),
    'run.transaction': ({ id }) => runs.transaction(id),
    'run.replay': ({ id }) => runs.replay(id),
    'reconcile.start': (request) => reconciler.start(request),
    'reconcile.status': () => reconciler.status(),
    'reconcile.report': () => reconciler.latest(),
    'reconcile.rejudge': () => reconciler.rejudge(),
    'reconcile.record': ({ entity, key }) => reconciler.record(entity, key),
    'reconcile.history': () => reconciler.history(),
    'reconcile.audit': () => reconciler.audit(),
    'environment.list': () => environments.list(),
    'environment.get': ({ name }) => environments.get(name),
    'environment.save': (edit) => environments.save(edit),
    'environment.test': ({ name, system }) => environments.test(name, system),
    'environment.fromSandbox': ({ name }) => {
      const running = sandbox.environmentFor(workspace.getModel().systems);
      if (running === null) throw new ProblemError({ code: 'SANDBOX_NOT_RUNNING', message: 'The sandbox is not running.', hint: 'Start it in the Sandbox view first.' });
      return environments.save(editFrom(name, running));
    },
  };
}

/** An environment file as an edit that stores each of its credentials. */
function editFrom(name: string, environment: EnvironmentFile): EnvironmentEdit {
  return {
    name,
    webhookBaseUrl: environment.webhookBaseUrl ?? null,
    systems: Object.fromEntries(
      Object.entries(environment.systems).map(([id, binding]) => [id, { connector: binding.connector, baseUrl: binding.baseUrl, options: binding.options, credentials: Object.fromEntries(Object.entries(binding.credentials).map(([key, value]) => [key, { value }])) }]),
    ),
  };
}
