import { test as base, expect } from '@playwright/test';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppPage } from './app-page';

/**
 * Each test gets its own browser host (the real `npm run web` entry point)
 * with a fresh STEWARD_HOME, and fails if the page logs any console error.
 */
export interface Host {
  readonly url: string;
  readonly home: string;
  readonly projectsDir: string;
}

const root = join(import.meta.dirname, '..');

async function startHost(home: string): Promise<{ url: string; process: ChildProcess }> {
  const child = spawn(process.execPath, [join(root, 'dist', 'node', 'browser-host.js'), '--port', '0'], {
    env: { ...process.env, STEWARD_HOME: home },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`browser host did not start:\n${output}`)), 10_000);
    const read = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = /Open (http:\/\/127\.0\.0\.1:\d+\/#token=[0-9a-f]+)/.exec(output);
      if (match?.[1] !== undefined) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.on('exit', (code) => reject(new Error(`browser host exited with ${String(code)}:\n${output}`)));
  });
  return { url, process: child };
}

export const test = base.extend<{ host: Host; app: AppPage; consoleErrors: string[] }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright fixtures take their dependencies by destructuring.
  host: async ({}, use) => {
    const home = mkdtempSync(join(tmpdir(), 'steward-e2e-'));
    const started = await startHost(home);
    await use({ url: started.url, home, projectsDir: join(home, 'projects') });
    started.process.kill('SIGTERM');
    rmSync(home, { recursive: true, force: true });
  },
  consoleErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text());
      });
      page.on('pageerror', (error) => errors.push(error.message));
      await use(errors);
      expect(errors, 'console errors in the page').toEqual([]);
    },
    { auto: true },
  ],
  app: async ({ page, host }, use) => {
    const app = new AppPage(page, host);
    await app.open();
    await use(app);
  },
});

export { expect };
