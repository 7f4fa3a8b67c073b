import { join } from 'node:path';
import type { Handlers } from '../ipc/dispatch';
import { createHandlers } from '../ipc/handlers';
import type { HostPorts } from '../ipc/handlers';
import { SettingsStore } from './settings/settings-store';
import { Workspace } from './workspace';

export interface ServiceOptions {
  /** Folder for app settings (Electron's userData, or STEWARD_HOME). */
  readonly home: string;
  readonly host: HostPorts;
  readonly nativeBinding?: string | undefined;
  readonly onWarning: (message: string) => void;
}

export interface Services {
  readonly workspace: Workspace;
  readonly settings: SettingsStore;
  readonly handlers: Handlers;
  dispose(): void;
}

/** Builds every service once per process; the app, browser host and CLI share it. */
export function createServices(options: ServiceOptions): Services {
  const settings = new SettingsStore({ file: join(options.home, 'settings.json'), onWarning: options.onWarning });
  const workspace = new Workspace(settings, options.nativeBinding);
  const handlers = createHandlers({ workspace, settings, host: options.host });
  return { workspace, settings, handlers, dispose: () => workspace.close() };
}
