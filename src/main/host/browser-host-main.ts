import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { platform } from 'node:process';
import { APP_NAME, APP_VERSION, RENDERER_DIR } from '../services/app-meta';
import { nodeHostPaths } from '../services/paths';
import { createServices } from '../services/services';
import { createDispatcher } from '../ipc/dispatch';
import { startBrowserHost } from './browser-host';
import type { BrowserHost } from './browser-host';

/**
 * `npm run web`: the whole app in a browser, for development, demos on
 * machines without Electron, and the end-to-end tests. Options:
 * `--port N` (default: a free port).
 */
async function main(): Promise<void> {
  const portArgument = process.argv.indexOf('--port');
  const port = portArgument === -1 ? Number(process.env['STEWARD_PORT'] ?? 0) : Number(process.argv[portArgument + 1]);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`--port must be a port number, got "${String(process.argv[portArgument + 1])}"\n`);
    process.exit(2);
  }
  if (!existsSync(join(RENDERER_DIR, 'index.html'))) {
    process.stderr.write(`The renderer is not built (${RENDERER_DIR} is missing); run "npm run web", which builds it first.\n`);
    process.exit(2);
  }
  const { home, projectsDir } = nodeHostPaths(process.env);
  mkdirSync(projectsDir, { recursive: true });
  let host: BrowserHost | null = null;
  const log = (level: 'info' | 'warn' | 'error', message: string): void => {
    process.stderr.write(`[${level}] ${message}\n`);
    host?.emit('log', { level, message, at: new Date().toISOString() });
  };
  const services = createServices({
    home,
    onWarning: (message) => log('warn', message),
    emit: (name, payload) => host?.emit(name, payload),
    host: {
      info: { name: APP_NAME, version: APP_VERSION, host: 'browser', platform, nativeDialogs: false, projectsDir },
      // A page cannot open the OS file dialogs; the renderer asks for a path instead.
      chooseProjectPath: () => Promise.resolve(null),
    },
  });
  const dispatch = createDispatcher(services.handlers, (channel, error) => {
    log('error', `${channel} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  });
  host = await startBrowserHost({ rendererDir: RENDERER_DIR, dispatch, port });
  const stop = (): void => {
    void services
      .dispose()
      .then(() => host?.close())
      .then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  process.stdout.write(`Steward ${APP_VERSION} is running. Open ${host.url}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`Steward could not start the browser host: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(2);
});
