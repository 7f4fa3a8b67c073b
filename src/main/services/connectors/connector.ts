import type { HttpAnswer, Outcome } from '../../../shared/runtime/failure';
import type { Exchange, HttpClient, HttpRequest } from './http-client';

/**
 * What every managed connector shares: a base URL from the environment file,
 * the vendor's auth, and one HTTP client that retries as the failure kind
 * says. Connectors are transport only (domain.md §3, connector purity): they
 * speak the vendor's API of apis.md and know nothing of flows or ownership.
 */
export type Failure = Exclude<Outcome, { kind: 'ok' }>;

export type ConnectorResult<T> =
  | { readonly ok: true; readonly value: T; readonly exchanges: readonly Exchange[] }
  | { readonly ok: false; readonly failure: Failure; readonly exchanges: readonly Exchange[]; readonly status?: number };

/** A failure while paging through a list: thrown by the list generators, with what was exchanged. */
export class ConnectorFailure extends Error {
  constructor(
    readonly failure: Failure,
    readonly exchanges: readonly Exchange[],
    /** The vendor's HTTP status, where it answered. */
    readonly status?: number,
  ) {
    super(failure.reason);
    this.name = 'ConnectorFailure';
  }
}

export interface Call {
  readonly method: HttpRequest['method'];
  readonly path: string;
  readonly query?: Readonly<Record<string, string | number | undefined>>;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly changesState?: boolean;
}

/** `Authorization: Bearer …`, the header most vendors here take. */
export function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}

/** `Authorization: Basic …` from a user and a password (or key and secret). */
export function basic(user: string, password: string): Record<string, string> {
  return { authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` };
}

export abstract class VendorConnector {
  /** Where this view of the connector notes its exchanges (see `scoped`). */
  private sink: Exchange[] | null = null;

  constructor(
    readonly system: string,
    readonly baseUrl: string,
    protected readonly client: HttpClient,
    /** The vendor's auth headers, sent with every request — or made per request, for schemes that sign each one (OAuth 1.0a). */
    private readonly auth: Readonly<Record<string, string>> | ((method: string, url: string) => Readonly<Record<string, string>>),
  ) {}

  /**
   * This connector, noting every exchange it makes in `sink`: a step's own
   * view of it, so the journal gets the step's HTTP without every codec
   * threading a log. Everything else — client, auth, throttle state — is the
   * connector's own, shared.
   */
  scoped(sink: Exchange[]): this {
    const view = Object.create(this) as this;
    view.sink = sink;
    return view;
  }

  /** One call; a 2xx answer is the value. */
  protected async call(call: Call): Promise<ConnectorResult<HttpAnswer>> {
    const url = new URL(call.path, this.baseUrl);
    for (const [name, value] of Object.entries(call.query ?? {})) if (value !== undefined) url.searchParams.set(name, String(value));
    const result = await this.client.send({
      method: call.method,
      url: url.toString(),
      headers: { accept: 'application/json', ...(typeof this.auth === 'function' ? this.auth(call.method, url.toString()) : this.auth), ...(call.headers ?? {}) },
      ...(call.body === undefined ? {} : { body: call.body }),
      changesState: call.changesState ?? call.method !== 'GET',
    });
    this.sink?.push(...result.exchanges);
    if (result.outcome.kind !== 'ok' || result.answer === null) {
      const failure: Failure = result.outcome.kind === 'ok' ? { kind: 'unknown', reason: 'no answer' } : result.outcome;
      return { ok: false, failure, exchanges: result.exchanges, ...(result.answer === null ? {} : { status: result.answer.status }) };
    }
    return { ok: true, value: result.answer, exchanges: result.exchanges };
  }

  /** One call whose answer's body is the value. */
  protected async bodyOf(call: Call): Promise<ConnectorResult<unknown>> {
    const result = await this.call(call);
    return result.ok ? { ok: true, value: result.value.body, exchanges: result.exchanges } : result;
  }

  /** A record by id: null when the vendor says it does not exist (404), a failure otherwise. */
  protected async fetchRecord(call: Call): Promise<ConnectorResult<unknown>> {
    const result = await this.bodyOf(call);
    return !result.ok && result.status === 404 ? { ok: true, value: null, exchanges: result.exchanges } : result;
  }

  /** The value of a call, or the failure thrown for a list generator. */
  protected async must(call: Call): Promise<HttpAnswer> {
    const result = await this.call(call);
    if (!result.ok) throw new ConnectorFailure(result.failure, result.exchanges, result.status);
    return result.value;
  }
}
