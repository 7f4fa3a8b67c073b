import type { IncomingHttpHeaders } from 'node:http';

/**
 * The small HTTP vocabulary every simulator shares: a parsed request, a
 * response as data, routes declared with `{param}` placeholders, and an error
 * that carries the vendor's own response so handlers read straight down.
 */
export interface SimRequest {
  readonly method: string;
  readonly path: string;
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  /** Set by the fault `ignoreIdempotency`: writes apply again under a repeated key. */
  readonly ignoreIdempotency?: boolean;
}

export interface SimResponse {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** Serialised as JSON unless `text` is set. */
  readonly body?: unknown;
  readonly text?: string;
}

export interface Route {
  readonly method: string;
  readonly pattern: string;
  /** The endpoint's name in logs, counters and fault rules, e.g. `salesOrder.upsert`. */
  readonly name: string;
  readonly write: boolean;
  /** The key a retried write would repeat (header, externalId, orderKey). */
  readonly idempotencyKey?: (request: SimRequest) => string | undefined;
  readonly handle: (request: SimRequest) => SimResponse | Promise<SimResponse>;
}

export class SimError extends Error {
  constructor(readonly response: SimResponse) {
    super(`simulated ${response.status}`);
  }
}

export function json(status: number, body: unknown, headers?: Record<string, string>): SimResponse {
  return headers === undefined ? { status, body } : { status, body, headers };
}

interface CompiledRoute {
  readonly route: Route;
  readonly regex: RegExp;
  readonly names: readonly string[];
}

/** Matches method + path to a route; literal characters (`eid:`, `!transform`) are escaped. */
export class Router {
  private readonly compiled: CompiledRoute[] = [];

  constructor(routes: readonly Route[]) {
    for (const route of routes) {
      const names: string[] = [];
      const source = route.pattern
        .split(/(\{[A-Za-z]+\})/)
        .map((part) => {
          const name = /^\{([A-Za-z]+)\}$/.exec(part)?.[1];
          if (name === undefined) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
          names.push(name);
          return '([^/]+)';
        })
        .join('');
      this.compiled.push({ route, regex: new RegExp(`^${source}/?$`), names });
    }
  }

  match(method: string, path: string): { route: Route; params: Record<string, string> } | 'method-not-allowed' | null {
    let pathMatched = false;
    for (const { route, regex, names } of this.compiled) {
      const found = regex.exec(path);
      if (found === null) continue;
      pathMatched = true;
      if (route.method !== method) continue;
      const params: Record<string, string> = {};
      names.forEach((name, index) => {
        params[name] = decodeURIComponent(found[index + 1] ?? '');
      });
      return { route, params };
    }
    return pathMatched ? 'method-not-allowed' : null;
  }
}

export function header(request: SimRequest, name: string): string | undefined {
  const value = request.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/** Parses a JSON body or throws the vendor's malformed-body error. */
export function jsonBody(request: SimRequest, malformed: (message: string) => SimResponse): unknown {
  try {
    return JSON.parse(request.body.toString('utf8'));
  } catch (error: unknown) {
    throw new SimError(malformed(error instanceof Error ? error.message : 'malformed JSON'));
  }
}

/** A value from an untrusted JSON body as text; objects and arrays become `fallback`. */
export function text(value: unknown, fallback = ''): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return fallback;
}
