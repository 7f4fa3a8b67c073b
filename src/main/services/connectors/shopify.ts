import type { HttpClient } from './http-client';
import type { ConnectorResult } from './connector';
import { ConnectorFailure, VendorConnector } from './connector';

interface ThrottleStatus {
  readonly maximumAvailable: number;
  readonly currentlyAvailable: number;
  readonly restoreRate: number;
}

/**
 * Shopify's Admin GraphQL API (apis.md). The HTTP client already waits out a
 * THROTTLED answer; this also keeps the last reported bucket, so a query that
 * would overdraw it waits for the refill first instead of being refused.
 */
export class ShopifyConnector extends VendorConnector {
  /** Shared by the connector's scoped views: one bucket per shop, however many steps use it. */
  private readonly throttle: { bucket: (ThrottleStatus & { at: number }) | null; spent: number; lastRequested: number } = { bucket: null, spent: 0, lastRequested: 0 };

  constructor(
    baseUrl: string,
    accessToken: string,
    client: HttpClient,
    private readonly apiVersion = '2026-01',
    system = 'shopify',
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  ) {
    super(system, baseUrl, client, { 'x-shopify-access-token': accessToken });
  }


  /** Query cost points Shopify has charged this connector (and its scoped views) so far. */
  get pointsSpent(): number {
    return this.throttle.spent;
  }

  /** Points the bucket holds now, by the last report and the refill since. */
  available(now = Date.now()): number | null {
    if (this.throttle.bucket === null) return null;
    return Math.min(this.throttle.bucket.maximumAvailable, this.throttle.bucket.currentlyAvailable + ((now - this.throttle.bucket.at) / 1000) * this.throttle.bucket.restoreRate);
  }

  /**
   * One query or mutation. `expectedCost` (from the last answer's
   * `requestedQueryCost`) lets it wait for the bucket before sending.
   */
  async query<T>(document: string, variables: Readonly<Record<string, unknown>> = {}, expectedCost = 0): Promise<ConnectorResult<T>> {
    const available = this.available();
    if (this.throttle.bucket !== null && available !== null && expectedCost > available) await this.sleep(Math.ceil(((expectedCost - available) / this.throttle.bucket.restoreRate) * 1000));
    const mutation = /^\s*mutation\b/.test(document);
    const result = await this.call({ method: 'POST', path: `/admin/api/${this.apiVersion}/graphql.json`, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: document, variables }), changesState: mutation });
    if (!result.ok) return result;
    const body = result.value.body as { data?: T; errors?: { message?: string }[]; extensions?: { cost?: { requestedQueryCost?: number | null; actualQueryCost?: number | null; throttleStatus?: ThrottleStatus } } };
    this.throttle.spent += body.extensions?.cost?.actualQueryCost ?? 0;
    this.throttle.lastRequested = body.extensions?.cost?.requestedQueryCost ?? 0;
    const status = body.extensions?.cost?.throttleStatus;
    if (status !== undefined) this.throttle.bucket = { ...status, at: Date.now() };
    if (body.errors !== undefined && body.errors.length > 0) {
      return { ok: false, failure: { kind: 'permanent', reason: `GraphQL: ${body.errors.map((error) => error.message ?? 'error').join('; ')}` }, exchanges: result.exchanges };
    }
    return { ok: true, value: body.data as T, exchanges: result.exchanges };
  }

  /**
   * Every node of a connection, page by page: the document takes `$after`
   * (and `$first`, which is halved while a page costs more than Shopify
   * allows) and `connection` picks the connection out of `data`.
   */
  async *paginate<Node>(document: string, connection: (data: unknown) => { nodes?: Node[]; edges?: { node: Node }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } }, variables: Readonly<Record<string, unknown>> = {}): AsyncGenerator<Node[]> {
    let after: string | null = null;
    let first = typeof variables['first'] === 'number' ? variables['first'] : undefined;
    for (;;) {
      // Each page costs what the last one asked for: wait for the bucket to hold that, rather than be refused and told to.
      const result: ConnectorResult<unknown> = await this.query<unknown>(document, { ...variables, ...(first === undefined ? {} : { first }), after }, after === null ? 0 : this.throttle.lastRequested);
      // A page Shopify prices above its single-query limit is asked again at half the size.
      if (!result.ok && first !== undefined && first > 1 && /max cost|MAX_COST_EXCEEDED/i.test(result.failure.reason)) {
        first = Math.floor(first / 2);
        continue;
      }
      if (!result.ok) throw new ConnectorFailure(result.failure, result.exchanges);
      const page = connection(result.value);
      yield page.nodes ?? page.edges?.map((edge) => edge.node) ?? [];
      if (!page.pageInfo.hasNextPage || page.pageInfo.endCursor === null) return;
      after = page.pageInfo.endCursor;
    }
  }
}
