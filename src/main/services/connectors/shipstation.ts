import type { HttpClient } from './http-client';
import type { ConnectorResult } from './connector';
import { VendorConnector, basic } from './connector';

/** ShipStation API V1 (apis.md): basic auth, `createorder` upserting by `orderKey`, lists paged by `page`/`pages`. */
export class ShipStationConnector extends VendorConnector {
  constructor(
    baseUrl: string,
    apiKey: string,
    apiSecret: string,
    client: HttpClient,
    system = 'shipstation',
  ) {
    super(system, baseUrl, client, basic(apiKey, apiSecret));
  }


  /** Creates or updates the order with this `orderKey`: sending it twice leaves one order. */
  async upsertOrder(order: Readonly<Record<string, unknown>> & { orderKey: string }): Promise<ConnectorResult<unknown>> {
    return this.bodyOf({ method: 'POST', path: '/orders/createorder', headers: { 'content-type': 'application/json' }, body: JSON.stringify(order) });
  }

  async post(path: string, body: unknown): Promise<ConnectorResult<unknown>> {
    return this.bodyOf({ method: 'POST', path, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  }

  get(path: string): Promise<ConnectorResult<unknown>> {
    return this.fetchRecord({ method: 'GET', path });
  }

  /**
   * A webhook's `resource_url`, fetched with this connector's credentials —
   * only on ShipStation's own origin: a URL elsewhere never gets them.
   */
  async resource(url: string): Promise<ConnectorResult<unknown>> {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      return { ok: false, failure: { kind: 'permanent', reason: `resource_url "${url}" is not a URL` }, exchanges: [] };
    }
    if (target.origin !== new URL(this.baseUrl).origin) return { ok: false, failure: { kind: 'permanent', reason: `resource_url points at ${target.origin}, not ShipStation (${new URL(this.baseUrl).origin}); its credentials are not sent there` }, exchanges: [] };
    return this.get(`${target.pathname}${target.search}`);
  }

  /** Every item of `/orders` or `/shipments`, page by page. */
  async *list(resource: 'orders' | 'shipments', params: Readonly<Record<string, string | number>> = {}): AsyncGenerator<unknown[]> {
    for (let page = 1; ; page += 1) {
      const answer = await this.must({ method: 'GET', path: `/${resource}`, query: { pageSize: 500, ...params, page } });
      const body = answer.body as { orders?: unknown[]; shipments?: unknown[]; pages?: number };
      yield body[resource] ?? [];
      if (page >= (body.pages ?? 1)) return;
    }
  }
}
