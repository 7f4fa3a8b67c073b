import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { FaultSettings, SandboxSystem } from '../../shared/sandbox/faults';
import type { Sandbox } from './sandbox';
import { sameSecret } from './stripe/simulator';

/**
 * The sandbox's own control endpoint on loopback: status, write counters,
 * the request log, each system's state, fault switches, the clock, reset and
 * order replay. Calls need the `x-sandbox-token` printed at start.
 */
export interface ControlServer {
  readonly url: string;
  readonly token: string;
  close(): Promise<void>;
}

const Advance = z.object({ advanceMs: z.number().int().positive() }).strict();

export async function startControlServer(sandbox: Sandbox, port = 0, token = randomBytes(16).toString('hex')): Promise<ControlServer> {
  const server: Server = createServer((request, response) => {
    const send = (status: number, body: unknown): void => {
      response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
    };
    if (!sameSecret(String(request.headers['x-sandbox-token'] ?? ''), token)) {
      send(401, { error: 'x-sandbox-token is missing or wrong' });
      return;
    }
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://control');
      const route = `${request.method ?? 'GET'} ${url.pathname}`;
      let body: unknown = undefined;
      try {
        body = chunks.length === 0 ? undefined : JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        send(400, { error: 'the body is not JSON' });
        return;
      }
      const system = /^GET \/control\/state\/([a-z]+)$/.exec(route)?.[1];
      if (system !== undefined) {
        const parsed = SandboxSystem.safeParse(system);
        if (parsed.success) send(200, sandbox.state(parsed.data));
        else send(404, { error: `no system ${system}` });
        return;
      }
      switch (route) {
        case 'GET /control/status':
          send(200, { scenario: sandbox.scenario.name, seed: sandbox.options.seed, now: sandbox.clock.iso(), systems: sandbox.environment().systems });
          return;
        case 'GET /control/counters':
          send(200, { writes: sandbox.counters.list(url.searchParams.get('system') ?? undefined) });
          return;
        case 'GET /control/log':
          send(200, { entries: sandbox.log.recent(Number(url.searchParams.get('count') ?? 200)) });
          return;
        case 'GET /control/faults':
          send(200, sandbox.faults.current());
          return;
        case 'PUT /control/faults': {
          const parsed = FaultSettings.safeParse(body);
          if (!parsed.success) {
            send(400, { error: parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ') });
            return;
          }
          sandbox.setFaults(parsed.data);
          send(200, parsed.data);
          return;
        }
        case 'POST /control/clock': {
          const parsed = Advance.safeParse(body);
          if (!parsed.success) {
            send(400, { error: 'expected {"advanceMs": <positive integer>}' });
            return;
          }
          sandbox.clock.advance(parsed.data.advanceMs);
          send(200, { now: sandbox.clock.iso() });
          return;
        }
        case 'POST /control/reset':
          sandbox.reset();
          send(200, { reset: true });
          return;
        case 'POST /control/replay-orders':
          send(200, { sent: sandbox.replayOrders() });
          return;
        case 'POST /control/replay':
          send(200, sandbox.replayHistory());
          return;
        default:
          send(404, { error: `no control route ${route}` });
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const bound = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${bound}/control`,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
