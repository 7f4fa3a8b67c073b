import { BrowserWindow, Menu, app, dialog } from 'electron';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PROJECT_EXTENSION } from '../../shared/model/project';
import { createDispatcher } from '../ipc/dispatch';
import { APP_NAME, APP_ROOT, APP_VERSION, RENDERER_DIR } from '../services/app-meta';
import { createServices } from '../services/services';
import { utilityHostLauncher } from './code-host-launcher';
import { safeStorageSealer } from './safe-storage-sealer';
import type { Services } from '../services/services';
import { bridgeIpc, sendEvent } from './ipc-bridge';
import { buildMenu } from './menu';
import { electronNativeBinding } from './native-binding';
import { APP_URL, registerAppScheme, serveRenderer } from './protocol';
import { hardenSession, hardenWebContents } from './security';
import { createMainWindow } from './window';

/**
 * The desktop app's composition root: the thin glue between Electron and the
 * services every host shares.
 */
const preload = fileURLToPath(new URL('./preload.cjs', import.meta.url));

// One instance owns the open project files; a second launch focuses the first.
if (!app.requestSingleInstanceLock()) app.quit();
app.on('second-instance', () => {
  if (window === undefined || window.isDestroyed()) return;
  if (window.isMinimized()) window.restore();
  window.focus();
});

app.enableSandbox();
// Tests (and portable setups) keep the app's data in a folder of their choosing.
const home = process.env['STEWARD_HOME'];
if (home !== undefined && home !== '') app.setPath('userData', home);
registerAppScheme();
hardenWebContents();

let services: Services | undefined;
let window: BrowserWindow | undefined;

async function start(): Promise<void> {
  await app.whenReady();
  hardenSession();
  serveRenderer(RENDERER_DIR);
  const projectsDir = join(app.getPath('documents'), 'Steward');
  mkdirSync(projectsDir, { recursive: true });
  const log = (level: 'info' | 'warn' | 'error', message: string): void => {
    console[level === 'info' ? 'log' : level](message);
    if (window !== undefined) sendEvent(window.webContents, 'log', { level, message, at: new Date().toISOString() });
  };
  services = createServices({
    home: app.getPath('userData'),
    sealer: safeStorageSealer(),
    codeHost: utilityHostLauncher,
    nativeBinding: electronNativeBinding(APP_ROOT, app.isPackaged),
    onWarning: (message) => log('warn', message),
    emit: (name, payload) => {
      if (window !== undefined) sendEvent(window.webContents, name, payload);
    },
    host: {
      info: { name: APP_NAME, version: APP_VERSION, host: 'electron', platform: process.platform, nativeDialogs: true, projectsDir },
      chooseProjectPath: (purpose, suggestedName) => chooseProjectPath(purpose, projectsDir, suggestedName),
    },
  });
  const dispatch = createDispatcher(services.handlers, (channel, error) => log('error', `${channel} failed: ${String(error)}`));
  const settings = services.settings;
  bridgeIpc(async (channel, payload) => {
    const envelope = await dispatch(channel, payload);
    // Opening or creating a project changes Open Recent.
    if (channel.startsWith('project.') || channel === 'settings.get') refreshMenu();
    return envelope;
  });
  const refreshMenu = (): void => {
    Menu.setApplicationMenu(buildMenu(settings.get().recent, (command) => window && sendEvent(window.webContents, 'menu.command', command)));
  };
  refreshMenu();
  window = createMainWindow({ preload, state: settings.get().window, onStateChange: (state) => settings.setWindow(state) });
  await window.loadURL(APP_URL);
}

async function chooseProjectPath(purpose: 'create' | 'open' | 'saveAs', projectsDir: string, suggestedName?: string): Promise<string | null> {
  const filters = [{ name: 'Steward project', extensions: [PROJECT_EXTENSION.slice(1)] }];
  const parent = window ?? BrowserWindow.getFocusedWindow();
  if (purpose === 'open') {
    const options = { defaultPath: projectsDir, filters, properties: ['openFile' as const] };
    const result = parent === null ? await dialog.showOpenDialog(options) : await dialog.showOpenDialog(parent, options);
    return result.canceled ? null : (result.filePaths[0] ?? null);
  }
  const options = { defaultPath: join(projectsDir, `${suggestedName ?? 'Untitled'}${PROJECT_EXTENSION}`), filters };
  const result = parent === null ? await dialog.showSaveDialog(options) : await dialog.showSaveDialog(parent, options);
  return result.canceled ? null : (result.filePath ?? null);
}

app.on('window-all-closed', () => {
  void services?.dispose().finally(() => app.quit());
});

start().catch((error: unknown) => {
  dialog.showErrorBox('Steward could not start', error instanceof Error ? error.message : String(error));
  app.exit(1);
});
