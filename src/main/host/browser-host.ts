import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import type { EventName, EventPayload } from '../../shared/ipc/contract';
import { ClientMessage, IPC_PATH, TOKEN_PROTOCOL_PREFIX, WIRE_PROTOCOL } from '../../shared/ipc/wire';
import type { ServerMessage } from '../../shared/ipc/wire';
import type { Dispatch } from '../ipc/dispatch';
import { SECURITY_HEADERS, contentSecurityPolicy } from '../security/csp';
import { readStaticFile } from './static-files';

/**
 * The browser host (architecture.md, Processes): the built renderer over HTTP
 * and the IPC contract over a WebSocket, both on 127.0.0.1 only. A WebSocket
 * must present the per-launch token and come from the host's own origin, so
 * other pages in the user's browser cannot drive it.
 */
export interface BrowserHostOptions {
  readonly rendererDir: string;
  readonly dispatch: Dispatch;
  readonly port?: number;
  readonly token?: string;
}

export interface BrowserHost {
  readonly url: string;
  readonly token: string;
  readonly port: number;
  emit<E extends EventName>(name: E, payload: EventPayload<E>): void;
  close(): Promise<void>;
}

const MAX_MESSAGE_BYTES = 32 * 1024 * 1024;

export async function startBrowserHost(options: BrowserHostOptions): Promise<BrowserHost> {
  const token = options.token ?? randomBytes(24).toString('hex');
  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES, handleProtocols: () => WIRE_PROTOCOL });
  let port = 0;

  const server: Server = createServer((request, response) => {
    if (!isLocalHost(request, port) || (request.method !== 'GET' && request.method !== 'HEAD')) {
      response.writeHead(request.method === 'GET' || request.method === 'HEAD' ? 421 : 405).end();
      return;
    }
    void readStaticFile(options.rendererDir, request.url ?? '/').then((file) => {
      if (file === null) {
        response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found');
        return;
      }
      response.writeHead(200, {
        ...SECURITY_HEADERS,
        'Content-Type': file.contentType,
        'Content-Security-Policy': contentSecurityPolicy([`ws://127.0.0.1:${port}`, `ws://localhost:${port}`]),
        'Cache-Control': 'no-cache',
      });
      response.end(request.method === 'HEAD' ? undefined : file.body);
    });
  });

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const refusal = refuseUpgrade(request, port, token);
    if (refusal !== null) {
      socket.end(`HTTP/1.1 ${refusal}\r\nConnection: close\r\n\r\n`);
      return;
    }
    sockets.handleUpgrade(request, socket, head, (client) => serveClient(client, options.dispatch));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;

  const send = (client: WebSocket, message: ServerMessage): void => {
    if (client.readyState === client.OPEN) client.send(JSON.stringify(message));
  };

  return {
    url: `http://127.0.0.1:${port}/#token=${token}`,
    token,
    port,
    emit: (name, payload) => {
      for (const client of sockets.clients) send(client, { type: 'event', name, payload });
    },
    close: async () => {
      for (const client of sockets.clients) client.terminate();
      await new Promise<void>((resolve) => sockets.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };

  function serveClient(client: WebSocket, dispatch: Dispatch): void {
    client.on('message', (data, isBinary) => {
      if (isBinary) return client.close(1003, 'text frames only');
      let message: ClientMessage;
      try {
        const text = (Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(new Uint8Array(data))).toString('utf8');
        const parsed = ClientMessage.safeParse(JSON.parse(text));
        if (!parsed.success) return client.close(1008, 'malformed message');
        message = parsed.data;
      } catch {
        return client.close(1007, 'not JSON');
      }
      void dispatch(message.channel, message.payload).then((envelope) => send(client, { type: 'result', id: message.id, envelope }));
      return undefined;
    });
  }
}

/** The Host header must name this server on loopback (blocks DNS rebinding). */
function isLocalHost(request: IncomingMessage, port: number): boolean {
  const host = request.headers.host;
  return host === `127.0.0.1:${port}` || host === `localhost:${port}`;
}

function refuseUpgrade(request: IncomingMessage, port: number, token: string): string | null {
  if (new URL(request.url ?? '/', 'http://host').pathname !== IPC_PATH) return '404 Not Found';
  if (!isLocalHost(request, port)) return '421 Misdirected Request';
  const origin = request.headers.origin;
  if (origin !== `http://127.0.0.1:${port}` && origin !== `http://localhost:${port}`) return '403 Forbidden';
  const offered = (request.headers['sec-websocket-protocol'] ?? '').split(',').map((protocol) => protocol.trim());
  const presented = offered.find((protocol) => protocol.startsWith(TOKEN_PROTOCOL_PREFIX))?.slice(TOKEN_PROTOCOL_PREFIX.length) ?? '';
  if (!offered.includes(WIRE_PROTOCOL) || !sameSecret(presented, token)) return '401 Unauthorized';
  return null;
}

function sameSecret(presented: string, expected: string): boolean {
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
