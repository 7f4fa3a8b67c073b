import type { HttpClient } from './http-client';
import type { ConnectorResult } from './connector';
import { VendorConnector, bearer } from './connector';
import type { OAuthCredentials } from './oauth1';
import { authorizationHeader } from './oauth1';

const RECORDS = '/services/rest/record/v1';

/** NetSuite's REST record API v1 (apis.md): get by id or external id, the `eid:` upsert, paged lists with `q`. */
export class NetSuiteConnector extends VendorConnector {
  /** `auth`: an OAuth 2.0 bearer token, or token-based authentication's credentials (each request signed, HMAC-SHA256). */
  constructor(
    baseUrl: string,
    auth: string | OAuthCredentials,
    client: HttpClient,
    system = 'netsuite',
  ) {
    super(system, baseUrl, client, typeof auth === 'string' ? bearer(auth) : (method, url) => ({ authorization: authorizationHeader({ method, url }, auth) }));
  }


  /** A record by internal id or `{ externalId }`; null when there is none. */
  get(type: string, ref: string | { externalId: string }, expand = false): Promise<ConnectorResult<unknown>> {
    const key = typeof ref === 'string' ? ref : `eid:${ref.externalId}`;
    return this.fetchRecord({ method: 'GET', path: `${RECORDS}/${type}/${encodeURIComponent(key)}`, query: { expandSubResources: expand ? 'true' : undefined } });
  }

  /** The idempotent upsert: `PUT /{type}/eid:{externalId}`. Sending it twice leaves one record. */
  async upsert(type: string, externalId: string, body: Record<string, unknown>): Promise<ConnectorResult<{ location: string | null }>> {
    const result = await this.call({ method: 'PUT', path: `${RECORDS}/${type}/${encodeURIComponent(`eid:${externalId}`)}`, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...body, externalId }) });
    return result.ok ? { ok: true, value: { location: result.value.headers['location'] ?? null }, exchanges: result.exchanges } : result;
  }

  /**
   * `POST /{type}` with the external id in the body: creates, or fails with
   * NetSuite's DUP_RCRD when a record with that external id exists.
   */
  async create(type: string, externalId: string, body: Record<string, unknown>): Promise<ConnectorResult<{ location: string | null }>> {
    const result = await this.call({ method: 'POST', path: `${RECORDS}/${type}`, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...body, externalId }) });
    return result.ok ? { ok: true, value: { location: result.value.headers['location'] ?? null }, exchanges: result.exchanges } : result;
  }

  /**
   * `POST /salesOrder/{id}/!transform/{target}`: a new record made from the
   * sales order (apis.md). Not idempotent — callers look up `body.externalId` first.
   */
  async transform(salesOrderId: string, target: 'itemFulfillment' | 'invoice', body: Record<string, unknown>): Promise<ConnectorResult<{ location: string | null }>> {
    const result = await this.call({ method: 'POST', path: `${RECORDS}/salesOrder/${encodeURIComponent(salesOrderId)}/!transform/${target}`, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return result.ok ? { ok: true, value: { location: result.value.headers['location'] ?? null }, exchanges: result.exchanges } : result;
  }

  /** Every record of a list, page by page (`limit`/`offset` while `hasMore`). */
  list(type: string, options: { q?: string; limit?: number } = {}): AsyncGenerator<{ id: string }[]> {
    return this.listSub(type, options);
  }

  /** A list under a record (e.g. `inventoryItem/{id}/locations`), paged the same way. */
  async *listSub(path: string, options: { q?: string; limit?: number } = {}): AsyncGenerator<{ id: string }[]> {
    const limit = Math.min(options.limit ?? 1000, 1000);
    for (let offset = 0; ; ) {
      const answer = await this.must({ method: 'GET', path: `${RECORDS}/${path}`, query: { q: options.q, limit, offset } });
      const page = answer.body as { items?: { id: string }[]; hasMore?: boolean; count?: number };
      const items = page.items ?? [];
      yield items;
      if (page.hasMore !== true || items.length === 0) return;
      offset += page.count ?? items.length;
    }
  }
}
