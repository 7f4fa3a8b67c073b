import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SandboxSystem } from '../../../shared/sandbox/faults';
import type { SandboxClock } from './clock';
import type { WriteCounters } from './counters';
import type { FaultEngine } from './fault-engine';
import { Router, SimError } from './http';
import type { Route, SimRequest, SimResponse } from './http';
import type { RequestLog } from './request-log';

/** The vendor's own answers for what is not a route's business. */
export interface VendorErrors {
  notFound(request: SimRequest): SimResponse;
  methodNotAllowed(request: SimRequest): SimResponse;
  serverError(request: SimRequest): SimResponse;
  throttled(request: SimRequest): SimResponse;
  /** A permanent validation failure for this endpoint (fault `rejectRate`). */
  rejected(request: SimRequest, route: Route): SimResponse;
}

/** A vendor limit (per-minute budget, concurrency cap) in front of the routes. */
export interface Limiter {
  /** A throttled response, or null to go ahead (then `release` when done). */
  acquire(request: SimRequest): SimResponse | null;
  release(): void;
}

export interface SimulatorDefinition {
  readonly system: SandboxSystem;
  readonly routes: readonly Route[];
  authenticate(request: SimRequest): SimResponse | null;
  readonly errors: VendorErrors;
  /** Copy and put back the state, for writes that are accepted and then dropped. */
  snapshot(): unknown;
  restore(state: unknown): void;
  readonly limiter?: Limiter;
}

export interface SimulatorContext {
  readonly faults: FaultEngine;
  readonly counters: WriteCounters;
  readonly log: RequestLog;
  readonly clock: SandboxClock;
  /** When false, vendor rate and concurrency limits are not enforced. */
  readonly limits: boolean;
  /** A bug in a simulator: logged, answered with the vendor's 500. */
  readonly onInternalError: (system: SandboxSystem, error: unknown) => void;
}

export interface RunningSimulator {
  readonly system: SandboxSystem;
  readonly port: number;
  readonly url: string;
  close(): Promise<void>;
}

const MAX_BODY = 10 * 1024 * 1024;

export async function startSimulator(definition: SimulatorDefinition, context: SimulatorContext, port = 0): Promise<RunningSimulator> {
  const router = new Router(definition.routes);
  const server: Server = createServer((incoming, outgoing) => {
    void serve(incoming, outgoing);
  });
  server.keepAliveTimeout = 30_000;

  async function serve(incoming: IncomingMessage, outgoing: ServerResponse): Promise<void> {
    const started = performance.now();
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of incoming) {
      size += (chunk as Buffer).length;
      if (size > MAX_BODY) {
        outgoing.writeHead(413).end();
        return;
      }
      chunks.push(chunk as Buffer);
    }
    const url = new URL(incoming.url ?? '/', 'http://sandbox');
    const base: SimRequest = {
      method: incoming.method ?? 'GET',
      path: url.pathname,
      params: {},
      query: url.searchParams,
      headers: incoming.headers,
      body: chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks),
    };
    const { response, endpoint, fault } = await answer(base);
    const text = response.text ?? (response.body === undefined ? '' : JSON.stringify(response.body));
    const headers: Record<string, string> = { ...response.headers };
    if (response.text === undefined && response.body !== undefined) headers['content-type'] ??= 'application/json; charset=utf-8';
    outgoing.writeHead(response.status, headers).end(text);
    context.log.add({
      kind: 'request',
      at: context.clock.iso(),
      system: definition.system,
      method: base.method,
      path: base.path,
      endpoint,
      status: response.status,
      ms: Math.round((performance.now() - started) * 10) / 10,
      ...(fault === undefined ? {} : { fault }),
    });
  }

  async function answer(request: SimRequest): Promise<{ response: SimResponse; endpoint: string; fault?: string }> {
    const matched = router.match(request.method, request.path);
    if (matched === null) return { response: definition.errors.notFound(request), endpoint: '-' };
    if (matched === 'method-not-allowed') return { response: definition.errors.methodNotAllowed(request), endpoint: '-' };
    const { route } = matched;
    const routed: SimRequest = { ...request, params: matched.params };
    const denied = definition.authenticate(routed);
    if (denied !== null) return { response: denied, endpoint: route.name };

    const decision = context.faults.decide(definition.system, route.name, route.write);
    const limiter = context.limits ? definition.limiter : undefined;
    const limited = limiter?.acquire(routed) ?? null;
    if (limited !== null) return { response: limited, endpoint: route.name, fault: 'vendor-limit' };
    try {
      // Latency is spent holding the vendor's limit, as a slow real request would.
      if (decision.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, decision.latencyMs));
      if (decision.outcome === 'throttle') return { response: definition.errors.throttled(routed), endpoint: route.name, fault: 'throttle' };
      if (decision.outcome === 'error') return { response: definition.errors.serverError(routed), endpoint: route.name, fault: 'error' };
      if (route.write) context.counters.record(definition.system, route.name, route.idempotencyKey?.(routed));
      if (decision.outcome === 'reject') return { response: definition.errors.rejected(routed, route), endpoint: route.name, fault: 'reject' };
      const request = decision.ignoreIdempotency ? { ...routed, ignoreIdempotency: true } : routed;
      if (decision.outcome === 'drop') {
        const before = definition.snapshot();
        const response = await run(route, request);
        definition.restore(before);
        return { response, endpoint: route.name, fault: 'accept-then-drop' };
      }
      return { response: await run(route, request), endpoint: route.name };
    } finally {
      limiter?.release();
    }
  }

  async function run(route: Route, request: SimRequest): Promise<SimResponse> {
    try {
      return await route.handle(request);
    } catch (error: unknown) {
      if (error instanceof SimError) return error.response;
      context.onInternalError(definition.system, error);
      return definition.errors.serverError(request);
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const bound = (server.address() as AddressInfo).port;
  return {
    system: definition.system,
    port: bound,
    url: `http://127.0.0.1:${bound}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
