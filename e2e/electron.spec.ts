import { _electron as electron, expect, test } from '@playwright/test';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The desktop app itself, driven through Playwright's Electron support. It
 * needs Electron's binary and better-sqlite3 built for Electron; machines
 * that cannot download them skip it and say why.
 */
const root = join(import.meta.dirname, '..');

function missing(): string | null {
  const pathFile = join(root, 'node_modules', 'electron', 'path.txt');
  const binary = existsSync(pathFile) ? join(root, 'node_modules', 'electron', 'dist', readFileSync(pathFile, 'utf8').trim()) : null;
  if (binary === null || !existsSync(binary)) {
    return 'SKIPPED: the Electron binary is not installed (node_modules/electron/dist is missing and cannot be downloaded here); run `npm start` on a machine with internet to fetch it.';
  }
  if (!existsSync(join(root, '.electron-native', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'))) {
    return 'SKIPPED: better-sqlite3 is not built for Electron yet; run `npm run rebuild:electron-native` (needs Electron headers from electronjs.org).';
  }
  return null;
}

function binaryPath(): string {
  return join(root, 'node_modules', 'electron', 'dist', readFileSync(join(root, 'node_modules', 'electron', 'path.txt'), 'utf8').trim());
}

test('the desktop renderer has no Node: process and require are undefined', async () => {
  const reason = missing();
  if (reason !== null) {
    console.log(`[electron e2e] ${reason}`);
    test.skip(true, reason);
    return;
  }
  const home = mkdtempSync(join(tmpdir(), 'steward-electron-'));
  const app = await electron.launch({ executablePath: binaryPath(), args: [root, '--no-sandbox'], env: { ...process.env, STEWARD_HOME: home } });
  try {
    const page = await app.firstWindow();
    await expect(page.locator('[data-app-state="ready"]')).toBeVisible();
    expect(await page.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe('undefined');
    expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
    expect(await page.evaluate(() => window.location.protocol)).toBe('app:');
    // The preload exposes named functions, never ipcRenderer itself.
    expect(await page.evaluate(() => Object.keys((window as unknown as { steward: object }).steward).sort())).toEqual(['app', 'dialog', 'events', 'flow', 'project', 'settings']);
  } finally {
    await app.close();
    rmSync(home, { recursive: true, force: true });
  }
});
