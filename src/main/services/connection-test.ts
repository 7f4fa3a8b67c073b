import type { ConnectionResult } from '../../shared/environment/environment-view';
import { ConnectorFailure } from './connectors/connector';
import type { ManagedConnectorInstance } from './connectors/connectors';
import { NetSuiteConnector } from './connectors/netsuite';
import { ShipBobConnector } from './connectors/shipbob';
import { ShipStationConnector } from './connectors/shipstation';
import { ShopifyConnector } from './connectors/shopify';
import { StripeConnector } from './connectors/stripe';

/**
 * The environments editor's connection test: one cheap authenticated read
 * per vendor (apis.md), and the failure put in words a consultant can act
 * on — the host not found, TLS, nothing listening, a timeout, credentials
 * refused, a wrong base URL, rate-limited, the vendor failing.
 */
export type Probe = { ok: true; detail: string } | { ok: false; status: number | null; reason: string };

export async function probe(connector: ManagedConnectorInstance): Promise<Probe> {
  try {
    if (connector instanceof ShopifyConnector) {
      const answer = await connector.query<{ orders: { nodes: unknown[] } }>('query Probe { orders(first: 1) { nodes { id } } }');
      return answer.ok ? { ok: true, detail: 'the Admin GraphQL API answered an orders query' } : { ok: false, status: answer.status ?? statusOf(answer.exchanges), reason: answer.failure.reason };
    }
    if (connector instanceof NetSuiteConnector) {
      await connector.list('customer', { limit: 1 }).next();
      return { ok: true, detail: 'the REST record API listed customers' };
    }
    if (connector instanceof StripeConnector) {
      await connector.list('/v1/payment_intents', { limit: 1 }).next();
      return { ok: true, detail: 'the API listed payment intents' };
    }
    if (connector instanceof ShipBobConnector) {
      await connector.list('/2026-01/order', { Limit: 1 }).next();
      return { ok: true, detail: 'the API listed orders' };
    }
    if (connector instanceof ShipStationConnector) {
      await connector.list('orders', { pageSize: 1 }).next();
      return { ok: true, detail: 'the API listed orders' };
    }
    return { ok: false, status: null, reason: `Steward has no connection test for ${connector.system}'s connector yet` };
  } catch (error: unknown) {
    if (error instanceof ConnectorFailure) return { ok: false, status: statusOf(error.exchanges), reason: error.failure.reason };
    return { ok: false, status: null, reason: error instanceof Error ? error.message : String(error) };
  }
}

function statusOf(exchanges: readonly { response: { status: number } | null }[]): number | null {
  return exchanges.at(-1)?.response?.status ?? null;
}

export function explain(status: number | null, reason: string, connector: ManagedConnectorInstance): [ConnectionResult['kind'], string] {
  const host = URL.canParse(connector.baseUrl) ? new URL(connector.baseUrl).host : 'the host';
  if (/ENOTFOUND|EAI_AGAIN/.test(reason)) return ['dns', `The name ${host} was not found (DNS). Check the base URL.`];
  if (/CERT|TLS|SSL|self[- ]signed|UNABLE_TO_VERIFY/i.test(reason)) return ['tls', `The TLS handshake with ${host} failed: ${reason}. The certificate is not trusted, or the URL should be http.`];
  if (/ECONNREFUSED/.test(reason)) return ['refused', `Nothing is listening at ${host} (connection refused). Is the system up, and is the port right?`];
  if (/TIMEOUT|ETIMEDOUT/i.test(reason)) return ['timeout', `${host} did not answer in time.`];
  if (status === 401 || status === 403) return ['auth', `${host} refused the credentials (HTTP ${status}): ${reason.replace(/^HTTP \d+: ?/, '').replace(/\.+$/, '') || 'no reason given'}.`];
  if (status === 404) return ['path', `${host} answered 404: the base URL is probably wrong (it must be scheme, host and port only; Steward adds the vendor's paths).`];
  if (status === 429) return ['rate-limited', `${host} is rate-limiting these credentials (HTTP 429); try again shortly.`];
  if (status !== null && status >= 500) return ['server', `${host} failed with HTTP ${status}: ${reason}.`];
  return ['other', reason];
}
