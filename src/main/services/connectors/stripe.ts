import type { HttpClient } from './http-client';
import type { ConnectorResult } from './connector';
import { VendorConnector, bearer } from './connector';

/**
 * The API version this connector is written against, sent with every request
 * so an account pinned to an older one (say, before PaymentIntents gained
 * `latest_charge`) answers in the shapes Steward reads.
 */
export const STRIPE_API_VERSION = '2026-01-28.clover';

/** Stripe API v1 (apis.md): form-encoded writes under an Idempotency-Key, cursor lists, search. */
export class StripeConnector extends VendorConnector {
  constructor(
    baseUrl: string,
    secretKey: string,
    client: HttpClient,
    system = 'stripe',
    apiVersion = STRIPE_API_VERSION,
  ) {
    super(system, baseUrl, client, { ...bearer(secretKey), 'stripe-version': apiVersion });
  }


  get(path: string): Promise<ConnectorResult<unknown>> {
    return this.fetchRecord({ method: 'GET', path });
  }

  /** A write; Stripe replays the first answer to a repeated key, so a retry never doubles it. */
  async post(path: string, params: Readonly<Record<string, unknown>>, idempotencyKey: string): Promise<ConnectorResult<unknown>> {
    return this.bodyOf({ method: 'POST', path, headers: { 'content-type': 'application/x-www-form-urlencoded', 'idempotency-key': idempotencyKey }, body: formEncode(params) });
  }

  /** Every object of a list, page by page (`starting_after` the last id while `has_more`). */
  async *list(path: string, params: Readonly<Record<string, string | number>> = {}): AsyncGenerator<{ id: string }[]> {
    for (let after: string | undefined; ; ) {
      const answer = await this.must({ method: 'GET', path, query: { ...params, limit: params['limit'] ?? 100, starting_after: after } });
      const page = answer.body as { data?: { id: string }[]; has_more?: boolean };
      const items = page.data ?? [];
      yield items;
      after = items.at(-1)?.id;
      if (page.has_more !== true || after === undefined) return;
    }
  }
}

/** Stripe's form encoding, with nested keys as `metadata[shopify_order_id]=…`. */
export function formEncode(params: Readonly<Record<string, unknown>>, prefix = ''): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null) continue;
    const name = prefix === '' ? key : `${prefix}[${key}]`;
    if (typeof value === 'object' && !Array.isArray(value)) parts.push(formEncode(value as Record<string, unknown>, name));
    else if (Array.isArray(value)) parts.push(formEncode(Object.fromEntries(value.map((item: unknown, index) => [String(index), item])), name));
    else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') parts.push(`${encodeURIComponent(name)}=${encodeURIComponent(String(value))}`);
  }
  return parts.filter((part) => part !== '').join('&');
}
