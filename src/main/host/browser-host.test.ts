import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { useTempDir } from '../../../test/temp';
import { TOKEN_PROTOCOL_PREFIX, WIRE_PROTOCOL } from '../../shared/ipc/wire';
import { createDispatcher } from '../ipc/dispatch';
import type { Handlers } from '../ipc/dispatch';
import { startBrowserHost } from './browser-host';
import type { BrowserHost } from './browser-host';

const tempDir = useTempDir();
let host: BrowserHost | undefined;
afterEach(async () => {
  await host?.close();
  host = undefined;
});

async function start(): Promise<BrowserHost> {
  const rendererDir = join(tempDir(), 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Steward</title>');
  const handlers = { 'app.info': () => ({ name: 'Steward', version: '9.9.9', host: 'browser', platform: 'linux', nativeDialogs: false, projectsDir: '/p' }) } as unknown as Handlers;
  host = await startBrowserHost({ rendererDir, dispatch: createDispatcher(handlers, () => undefined) });
  return host;
}

function get(port: number, path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const outgoing = request({ host: '127.0.0.1', port, path, headers }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

/** Opens a socket and resolves with the HTTP status it was refused with, or 101. */
function connect(port: number, protocols: string[], origin: string): Promise<{ status: number; socket?: WebSocket }> {
  return new Promise((resolve) => {
    const socket = new WebSocket(`ws://127.0.0.1:${port}/ipc`, protocols, { origin });
    socket.on('open', () => resolve({ status: 101, socket }));
    socket.on('unexpected-response', (_request, response) => resolve({ status: response.statusCode ?? 0 }));
    socket.on('error', () => resolve({ status: 0 }));
  });
}

describe('browser host', () => {
  it('binds to loopback and serves the renderer with a strict CSP', async () => {
    const { port, url } = await start();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=[0-9a-f]{48}$/);
    const page = await get(port, '/');
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>Steward</title>');
    expect(String(page.headers['content-security-policy'])).toContain("script-src 'self'");
    expect(String(page.headers['content-security-policy'])).not.toContain('unsafe-eval');
  });

  it('refuses path traversal and foreign Host headers', async () => {
    const { port } = await start();
    expect((await get(port, '/../../package.json')).status).toBe(404);
    expect((await get(port, '/%2e%2e/%2e%2e/etc/passwd.txt')).status).toBe(404);
    expect((await get(port, '/', { Host: `evil.example:${port}` })).status).toBe(421);
  });

  it('answers contract calls only with the token and from its own origin', async () => {
    const { port, token } = await start();
    const origin = `http://127.0.0.1:${port}`;
    expect((await connect(port, [WIRE_PROTOCOL], origin)).status).toBe(401);
    expect((await connect(port, [WIRE_PROTOCOL, `${TOKEN_PROTOCOL_PREFIX}${'0'.repeat(48)}`], origin)).status).toBe(401);
    expect((await connect(port, [WIRE_PROTOCOL, `${TOKEN_PROTOCOL_PREFIX}${token}`], 'https://evil.example')).status).toBe(403);

    const { status, socket } = await connect(port, [WIRE_PROTOCOL, `${TOKEN_PROTOCOL_PREFIX}${token}`], origin);
    expect(status).toBe(101);
    const answer = await new Promise<unknown>((resolve) => {
      socket?.once('message', (data: Buffer) => resolve(JSON.parse(data.toString())));
      socket?.send(JSON.stringify({ type: 'call', id: 7, channel: 'app.info' }));
    });
    expect(answer).toMatchObject({ type: 'result', id: 7, envelope: { ok: true, value: { version: '9.9.9' } } });

    const closed = new Promise<number>((resolve) => socket?.once('close', (code: number) => resolve(code)));
    socket?.send('{"type": "shell", "command": "rm -rf /"}');
    expect(await closed).toBe(1008);
  });
});
