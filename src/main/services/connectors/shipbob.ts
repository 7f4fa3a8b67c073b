import type { HttpClient } from './http-client';
import type { ConnectorResult } from './connector';
import { VendorConnector, bearer } from './connector';

/** ShipBob API 2026-01 (apis.md): bearer token, the channel header on writes, lists paged by `next-page`. */
export class ShipBobConnector extends VendorConnector {
  constructor(
    baseUrl: string,
    token: string,
    private readonly channelId: string,
    client: HttpClient,
    system = 'shipbob',
  ) {
    super(system, baseUrl, client, bearer(token));
  }


  get(path: string): Promise<ConnectorResult<unknown>> {
    return this.fetchRecord({ method: 'GET', path });
  }

  async post(path: string, body: unknown): Promise<ConnectorResult<unknown>> {
    return this.bodyOf({ method: 'POST', path, headers: { 'content-type': 'application/json', shipbob_channel_id: this.channelId }, body: JSON.stringify(body) });
  }

  /** Every item of a list: the body is an array; the `next-page` header names the next page, absent on the last. */
  async *list(path: string, params: Readonly<Record<string, string | number>> = {}): AsyncGenerator<unknown[]> {
    const query = new URLSearchParams(Object.entries({ Limit: 250, ...params }).map(([key, value]): [string, string] => [key, String(value)]));
    let next: string | null = `${path}?${query.toString()}`;
    while (next !== null) {
      const answer = await this.must({ method: 'GET', path: next });
      yield Array.isArray(answer.body) ? (answer.body as unknown[]) : [];
      const header = answer.headers['next-page'];
      next = header === undefined || header === '' ? null : header;
    }
  }
}
