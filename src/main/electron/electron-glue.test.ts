import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { CHANNEL_NAMES } from '../../shared/ipc/channels';

/**
 * The glue runs only inside Electron, which this machine may not have; these
 * tests replace the `electron` module at its edge and check what the glue
 * asks of it.
 */
const electron = vi.hoisted(() => {
  const created: { options: Record<string, unknown> }[] = [];
  const handlers = new Map<string, (event: unknown, payload: unknown) => Promise<unknown>>();
  class FakeWindow {
    constructor(readonly options: Record<string, unknown>) {
      created.push({ options });
    }
    maximize(): void {}
    once(): void {}
    on(): void {}
    isDestroyed(): boolean {
      return false;
    }
  }
  return {
    created,
    handlers,
    module: {
      BrowserWindow: FakeWindow,
      screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
      ipcMain: { handle: (channel: string, handler: (event: unknown, payload: unknown) => Promise<unknown>) => handlers.set(channel, handler) },
      protocol: { registerSchemesAsPrivileged: () => undefined, handle: () => undefined },
    },
  };
});

vi.mock('electron', () => electron.module);

const { createMainWindow } = await import('./window');
const { bridgeIpc } = await import('./ipc-bridge');

describe('createMainWindow', () => {
  beforeEach(() => {
    electron.created.length = 0;
  });

  it('creates windows sandboxed, context-isolated and without Node integration', () => {
    createMainWindow({ preload: '/app/preload.cjs', state: undefined, onStateChange: () => undefined });
    createMainWindow({ preload: '/app/preload.cjs', state: { x: 5000, y: 5000, width: 800, height: 600, maximized: true }, onStateChange: () => undefined });
    expect(electron.created).toHaveLength(2);
    for (const { options } of electron.created) {
      expect(options['webPreferences']).toMatchObject({
        sandbox: true,
        contextIsolation: true,
        nodeIntegration: false,
        nodeIntegrationInWorker: false,
        nodeIntegrationInSubFrames: false,
        webviewTag: false,
        webSecurity: true,
        preload: '/app/preload.cjs',
      });
    }
  });

  it('restores remembered bounds only while they are on a display', () => {
    createMainWindow({ preload: 'p', state: { x: 100, y: 80, width: 1000, height: 700, maximized: false }, onStateChange: () => undefined });
    createMainWindow({ preload: 'p', state: { x: 5000, y: 5000, width: 1000, height: 700, maximized: false }, onStateChange: () => undefined });
    expect(electron.created[0]?.options).toMatchObject({ x: 100, y: 80, width: 1000, height: 700 });
    expect(electron.created[1]?.options).not.toHaveProperty('x');
  });

  it('is the only place in src/main that constructs a BrowserWindow', () => {
    const root = join(import.meta.dirname, '..');
    const files = (readdirSync(root, { recursive: true }) as string[]).filter((file) => /\.tsx?$/.test(file) && !file.endsWith('.test.ts'));
    const constructing = files.filter((file) => /new\s+BrowserWindow\s*\(/.test(readFileSync(join(root, file), 'utf8')));
    expect(constructing.map((file) => relative(root, join(root, file)))).toEqual([join('electron', 'window.ts')]);
  });
});

describe('bridgeIpc', () => {
  const dispatch = vi.fn((channel: string) => Promise.resolve({ ok: true as const, value: channel }));
  bridgeIpc(dispatch);
  const frame = (url: string, parent: unknown = null) => ({ senderFrame: { url, parent } });

  beforeEach(() => dispatch.mockClear());

  it('registers every channel of the contract', () => {
    expect([...electron.handlers.keys()].sort()).toEqual([...CHANNEL_NAMES].sort());
  });

  it('refuses calls from a foreign origin or a sub-frame without dispatching them', async () => {
    const handler = electron.handlers.get('project.open');
    for (const event of [frame('https://evil.example/'), frame('app://steward/index.html', {}), { senderFrame: null }]) {
      expect(await handler?.(event, { path: '/x' })).toMatchObject({ ok: false, error: { code: 'IPC_UNTRUSTED_SENDER' } });
    }
    expect(dispatch).not.toHaveBeenCalled();
  });

  it('dispatches calls from the app page', async () => {
    const handler = electron.handlers.get('project.open');
    expect(await handler?.(frame('app://steward/index.html'), { path: '/x' })).toEqual({ ok: true, value: 'project.open' });
    expect(dispatch).toHaveBeenCalledWith('project.open', { path: '/x' });
  });
});
