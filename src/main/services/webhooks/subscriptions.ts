import type { ManagedConnectorInstance } from '../connectors/connectors';
import { NetSuiteConnector } from '../connectors/netsuite';
import { ShipBobConnector } from '../connectors/shipbob';
import { ShipStationConnector } from '../connectors/shipstation';
import { ShopifyConnector } from '../connectors/shopify';
import { StripeConnector } from '../connectors/stripe';
import type { SignatureKind } from './receiver';

/**
 * Registering the receiver's URL with each system through the vendor's own
 * subscription endpoint (apis.md): Shopify's `webhookSubscriptionCreate`,
 * Stripe's `POST /v1/webhook_endpoints`, ShipBob's `POST /2026-01/webhook`,
 * ShipStation's `POST /webhooks/subscribe`. NetSuite sends no webhooks; its
 * triggers are polled.
 */

/** Which vendor a connector speaks, by the names the environment file and vocabularies use. */
export function vendorOf(connector: ManagedConnectorInstance): string {
  if (connector instanceof ShopifyConnector) return 'shopify';
  if (connector instanceof StripeConnector) return 'stripe';
  if (connector instanceof ShipBobConnector) return 'shipbob';
  if (connector instanceof ShipStationConnector) return 'shipstation';
  if (connector instanceof NetSuiteConnector) return 'netsuite';
  return 'rest';
}

/** How each vendor that sends webhooks signs them (ShipBob uses Standard Webhooks; ShipStation does not sign). */
const SIGNATURES: Readonly<Record<string, SignatureKind>> = { shopify: 'shopify', stripe: 'stripe', shipbob: 'standard', shipstation: 'none' };

/** How a system's webhooks are signed; null when it sends none. */
export function signatureKind(connector: ManagedConnectorInstance): SignatureKind | null {
  return SIGNATURES[vendorOf(connector)] ?? null;
}

const SUBSCRIBE_SHOPIFY = `mutation Subscribe($topic: WebhookSubscriptionTopic!, $url: URL!) {
  webhookSubscriptionCreate(topic: $topic, webhookSubscription: { callbackUrl: $url, format: JSON }) {
    webhookSubscription { id }
    userErrors { field message }
  }
}`;

/** Subscribes `url` to `topics`; resolves with a reason when the vendor refused. */
export async function subscribe(connector: ManagedConnectorInstance, url: string, topics: readonly string[]): Promise<string | null> {
  if (connector instanceof ShopifyConnector) {
    for (const topic of topics) {
      // `orders/create` is the REST name; the GraphQL enum is ORDERS_CREATE.
      const result = await connector.query<{ webhookSubscriptionCreate: { userErrors: { message: string }[] } }>(SUBSCRIBE_SHOPIFY, { topic: topic.replace(/\//g, '_').toUpperCase(), url });
      if (!result.ok) return result.failure.reason;
      const refused = result.value.webhookSubscriptionCreate.userErrors[0];
      if (refused !== undefined) return `Shopify refused the ${topic} subscription: ${refused.message}`;
    }
    return null;
  }
  if (connector instanceof StripeConnector) {
    const result = await connector.post('/v1/webhook_endpoints', { url, enabled_events: [...topics] }, `steward-subscribe-${url}-${topics.join(',')}`);
    return result.ok ? null : result.failure.reason;
  }
  if (connector instanceof ShipBobConnector) {
    const result = await connector.post('/2026-01/webhook', { url, topics });
    return result.ok ? null : result.failure.reason;
  }
  if (connector instanceof ShipStationConnector) {
    for (const event of topics) {
      const result = await connector.post('/webhooks/subscribe', { target_url: url, event, friendly_name: `Steward ${event}` });
      if (!result.ok) return result.failure.reason;
    }
    return null;
  }
  return `${connector.system} does not send webhooks`;
}
