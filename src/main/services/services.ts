import { join } from 'node:path';
import type { Handlers } from '../ipc/dispatch';
import { createHandlers } from '../ipc/handlers';
import type { HostPorts } from '../ipc/handlers';
import type { EventName, EventPayload } from '../../shared/ipc/contract';
import type { HostLauncher } from './code/code-sandbox';
import { Environments } from './environments';
import { ReconcileService } from './reconcile-service';
import { RunService } from './run-service';
import { keyFileSealer } from './secrets/key-file-sealer';
import { SealedFileSecretStore } from './secrets/secret-store';
import type { Sealer } from './secrets/secret-store';
import { SandboxService } from './sandbox-service';
import { SettingsStore } from './settings/settings-store';
import { Workspace } from './workspace';

export interface ServiceOptions {
  /** Folder for app settings (Electron's userData, or STEWARD_HOME). */
  readonly home: string;
  readonly host: HostPorts;
  readonly nativeBinding?: string | undefined;
  readonly onWarning: (message: string) => void;
  /** How code steps' host process is started: Electron's utilityProcess in the app, a Node child otherwise. */
  readonly codeHost?: HostLauncher;
  /** What seals stored credentials: Electron's safeStorage in the app; a key file in `home` otherwise. */
  readonly sealer?: Sealer;
  /** Pushes an event to the window (Electron) or the page (browser host). */
  readonly emit: <E extends EventName>(name: E, payload: EventPayload<E>) => void;
}

export interface Services {
  readonly workspace: Workspace;
  readonly settings: SettingsStore;
  readonly handlers: Handlers;
  dispose(): Promise<void>;
}

/** Builds every service once per process; the app, browser host and CLI share it. */
export function createServices(options: ServiceOptions): Services {
  const settings = new SettingsStore({ file: join(options.home, 'settings.json'), onWarning: options.onWarning });
  const workspace = new Workspace(settings, options.nativeBinding);
  const sandbox = new SandboxService({ log: (entries) => options.emit('sandbox.log', entries), status: (status) => options.emit('sandbox.status', status) });
  const secrets = new SealedFileSecretStore(join(options.home, 'secrets.json'), options.sealer ?? keyFileSealer(join(options.home, 'secret.key')));
  const environments = new Environments(() => workspace.current()?.path ?? null, secrets);
  const runs = new RunService({ workspace, environments, status: (status) => options.emit('run.status', status), nativeBinding: options.nativeBinding, ...(options.codeHost === undefined ? {} : { codeHost: options.codeHost }) });
  const reconciler = new ReconcileService({ workspace, environments, runSandbox: (scenario) => runs.liveEnvironment(scenario), status: (status) => options.emit('reconcile.status', status) });
  const handlers = createHandlers({ workspace, settings, host: options.host, sandbox, runs, environments, reconciler });
  return {
    workspace,
    settings,
    handlers,
    dispose: async () => {
      await reconciler.settled();
      await runs.dispose();
      workspace.close();
      await sandbox.stop();
    },
  };
}
