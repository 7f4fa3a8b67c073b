import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { Sandbox } from '../../sandbox/sandbox';
import { loadScenario } from '../../sandbox/scenarios';
import { HttpClient } from './http-client';

/** A real loopback server answering each request with the next handler of the script. */
let server: Server | undefined;
let seen: { method: string; url: string; body: string }[] = [];
async function serve(script: ((request: IncomingMessage, response: ServerResponse) => void)[]): Promise<string> {
  seen = [];
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      seen.push({ method: request.method ?? '', url: request.url ?? '', body });
      const handler = script[Math.min(seen.length - 1, script.length - 1)];
      handler?.(request, response);
    });
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server === undefined ? resolve() : server.close(() => resolve())));
  server = undefined;
});

const reply = (status: number, body: unknown = {}, headers: Record<string, string> = {}) => (_request: IncomingMessage, response: ServerResponse) => {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
};
const hangUp = (_request: IncomingMessage, response: ServerResponse) => response.socket?.destroy();
const silence = () => undefined;
const recorder = () => {
  const waits: number[] = [];
  return { waits, sleep: (ms: number) => { waits.push(ms); return Promise.resolve(); } };
};

describe('the HTTP client', () => {
  it('retries transient failures with jittered backoff, keeping every attempt as an exchange', async () => {
    const base = await serve([reply(503, { message: 'busy' }), reply(503), reply(200, { id: 7 })]);
    const { waits, sleep } = recorder();
    const result = await new HttpClient({ sleep, random: () => 0.5 }).send({ method: 'GET', url: `${base}/salesOrder/7`, changesState: false });
    expect(result.outcome).toEqual({ kind: 'ok' });
    expect(result.answer?.body).toEqual({ id: 7 });
    expect(result.exchanges.map((exchange) => exchange.response?.status)).toEqual([503, 503, 200]);
    expect(waits).toEqual([50, 100]);
  });

  it('waits as long as Retry-After says, for real, then goes on', async () => {
    const base = await serve([reply(429, { error: { message: 'Too many requests' } }, { 'retry-after': '1' }), reply(200, { ok: true })]);
    const started = performance.now();
    const result = await new HttpClient().send({ method: 'GET', url: `${base}/v1/refunds`, changesState: false });
    expect(result.outcome.kind).toBe('ok');
    expect(performance.now() - started).toBeGreaterThanOrEqual(950);
    expect(result.exchanges[0]?.outcome).toMatchObject({ kind: 'throttled', waitMs: 1000, reason: 'HTTP 429: Too many requests' });
  });

  it('honours the sandbox ShipBob’s 429 storm and its x-retry-after, then succeeds', async () => {
    const sandbox = await Sandbox.start({ scenario: loadScenario('order-to-cash'), seed: 3, limits: true });
    try {
      sandbox.setFaults({ rules: [{ system: 'shipbob', endpoint: '*', storm: { count: 2 } }], webhooks: [], versions: [] });
      const shipbob = sandbox.environment().systems['shipbob'];
      const { waits, sleep } = recorder();
      const token = shipbob?.credentials['token'] ?? '';
      const result = await new HttpClient({ sleep, secrets: [token] }).send({ method: 'GET', url: `${shipbob?.baseUrl ?? ''}/2026-01/inventory-level`, headers: { authorization: `Bearer ${token}` }, changesState: false });
      expect(result.outcome.kind).toBe('ok');
      expect(result.exchanges.map((exchange) => exchange.response?.status)).toEqual([429, 429, 200]);
      expect(waits).toEqual([30_000, 30_000]);
      expect(JSON.stringify(result.exchanges)).not.toContain(token);
    } finally {
      await sandbox.stop();
    }
  });

  it('never retries a permanent failure', async () => {
    const base = await serve([reply(400, { type: 'x', title: 'Bad Request', 'o:errorDetails': [{ detail: 'Invalid field value for entity' }] })]);
    const result = await new HttpClient({ sleep: recorder().sleep }).send({ method: 'PUT', url: `${base}/salesOrder/eid:shopify-1`, body: '{}', changesState: true });
    expect(result.outcome).toEqual({ kind: 'permanent', reason: 'HTTP 400: Invalid field value for entity' });
    expect(seen).toHaveLength(1);
  });

  it('returns a write that got no answer as unknown and does not send it again; a read is retried', async () => {
    const base = await serve([hangUp, reply(200, { id: 1 })]);
    const write = await new HttpClient({ sleep: recorder().sleep }).send({ method: 'POST', url: `${base}/v1/refunds`, body: 'amount=100', changesState: true });
    expect(write.outcome.kind).toBe('unknown');
    expect(seen.filter((request) => request.method === 'POST')).toHaveLength(1);

    const again = await serve([hangUp, reply(200, { id: 1 })]);
    const read = await new HttpClient({ sleep: recorder().sleep }).send({ method: 'GET', url: `${again}/v1/refunds/re_1`, changesState: false });
    expect(read.outcome.kind).toBe('ok');
    expect(seen).toHaveLength(2);
  });

  it('treats a write that times out as unknown, and an unreachable host as transient until attempts run out', async () => {
    const base = await serve([silence]);
    const slow = await new HttpClient({ timeoutMs: 200 }).send({ method: 'POST', url: `${base}/orders/createorder`, body: '{}', changesState: true });
    expect(slow.outcome).toEqual({ kind: 'unknown', reason: 'no answer (TIMEOUT)' });

    // A port that was just free: nothing listens there.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const { waits, sleep } = recorder();
    const closed = await new HttpClient({ sleep, maxAttempts: 3 }).send({ method: 'POST', url: `http://127.0.0.1:${port}/orders`, body: '{}', changesState: true });
    expect(closed.outcome).toEqual({ kind: 'transient', reason: 'no answer (ECONNREFUSED)' });
    expect(closed.exchanges).toHaveLength(3);
    expect(waits).toHaveLength(2);
  });

  it('redacts credentials from the exchanges it keeps: auth headers, and secret values anywhere', async () => {
    const base = await serve([reply(200, { echoed: 'sk_test_SECRET123' })]);
    const result = await new HttpClient({ secrets: ['sk_test_SECRET123'] }).send({
      method: 'POST',
      url: `${base}/v1/refunds?key=sk_test_SECRET123`,
      headers: { authorization: 'Bearer anything', 'x-shopify-access-token': 'shpat_abc', 'idempotency-key': 'refund-1' },
      body: 'secret=sk_test_SECRET123',
      changesState: true,
    });
    const kept = JSON.stringify(result.exchanges);
    expect(kept).not.toContain('sk_test_SECRET123');
    expect(kept).not.toContain('shpat_abc');
    expect(kept).not.toContain('Bearer anything');
    expect(result.exchanges[0]?.request.headers['idempotency-key']).toBe('refund-1');
  });
});
