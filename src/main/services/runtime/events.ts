import type { PipelinePlan } from '../../../shared/compile/plan';
import { ShopifyRestOrder, decodeShopifyRestOrder } from '../../../shared/vendors/shopify-order';
import type { ManagedConnectorInstance } from '../connectors/connectors';
import { ShipBobConnector } from '../connectors/shipbob';
import { ShipStationConnector } from '../connectors/shipstation';
import { ShopifyConnector } from '../connectors/shopify';
import { StripeConnector } from '../connectors/stripe';
import { scalarText as text } from '../../../shared/scalar';
import { topicFor } from '../../../shared/vendors/vocabulary';
import type { ReceivedEvent } from '../webhooks/receiver';
import { vendorOf } from '../webhooks/subscriptions';
import type { TriggerRecord } from './executor';
import { shipbobShipment, shipstationShipment, stripePayment, stripeRefunds } from './trigger-records';

/**
 * A webhook event as a trigger's transactions. Where the event is thin or
 * may be stale (Stripe's arrive in any order; ShipStation's carry only a URL)
 * the record is read fresh from the system that sent it, so an older event
 * never stands for a newer state. Each record keeps its own key, so two
 * events about one record are one transaction.
 */
type Trigger = Extract<PipelinePlan['steps'] extends ReadonlyMap<string, infer S> ? S : never, { kind: 'trigger' }>;
type Data = Record<string, unknown>;

export async function eventRecords(trigger: Trigger, event: ReceivedEvent, connector: ManagedConnectorInstance): Promise<TriggerRecord[] | string> {
  // The trigger may name the event in another vendor's words (the 3PL was swapped): compare in this one's.
  if (trigger.topic !== null && trigger.topic !== '' && topicFor(vendorOf(connector), trigger.topic) !== event.topic) return [];
  const payload = (event.payload ?? {}) as Data;
  if (connector instanceof ShopifyConnector && trigger.entity === 'Order') {
    const parsed = ShopifyRestOrder.safeParse(payload);
    if (!parsed.success) return `the ${event.topic} body is not a Shopify order: ${parsed.error.issues[0]?.message ?? 'invalid'} at ${parsed.error.issues[0]?.path.join('.') ?? ''}`;
    const order = decodeShopifyRestOrder(parsed.data);
    return [{ key: order.orderId, record: { ...order } }];
  }
  if (connector instanceof ShipBobConnector && trigger.entity === 'Shipment') return [shipbobShipment(payload)];
  if (connector instanceof ShipStationConnector && trigger.entity === 'Shipment') return shipstationShipments(connector, text(payload['resource_url']));
  if (connector instanceof StripeConnector && (trigger.entity === 'Payment' || trigger.entity === 'Refund')) {
    const object = ((payload['data'] as Data | undefined)?.['object'] ?? {}) as Data;
    const intentId = object['object'] === 'payment_intent' ? text(object['id']) : text(object['payment_intent']);
    if (intentId === '') return `the ${event.topic} event names no payment intent`;
    return trigger.entity === 'Payment' ? paymentOf(connector, intentId) : refundsOf(connector, intentId);
  }
  return `Steward cannot take ${trigger.entity} from ${trigger.system}'s webhooks yet`;
}

async function shipstationShipments(shipstation: ShipStationConnector, url: string): Promise<TriggerRecord[] | string> {
  const result = await shipstation.resource(url);
  if (!result.ok) return result.failure.reason;
  return ((result.value as { shipments?: Data[] } | null)?.shipments ?? []).flatMap((shipment) => shipstationShipment(shipment) ?? []);
}

async function intent(stripe: StripeConnector, id: string): Promise<Data | string> {
  const result = await stripe.get(`/v1/payment_intents/${encodeURIComponent(id)}`);
  if (!result.ok) return result.failure.reason;
  return result.value === null ? `Stripe has no payment intent ${id}` : (result.value as Data);
}

async function paymentOf(stripe: StripeConnector, id: string): Promise<TriggerRecord[] | string> {
  const found = await intent(stripe, id);
  if (typeof found === 'string') return found;
  // Read now, not taken from the event: a capture that a later event undid is not a capture.
  const payment = stripePayment(found);
  return payment === null ? [] : [payment];
}

async function refundsOf(stripe: StripeConnector, id: string): Promise<TriggerRecord[] | string> {
  const found = await intent(stripe, id);
  if (typeof found === 'string') return found;
  const refunds: Data[] = [];
  try {
    for await (const page of stripe.list('/v1/refunds', { payment_intent: id })) refunds.push(...(page as Data[]));
  } catch (error: unknown) {
    return error instanceof Error ? error.message : String(error);
  }
  return stripeRefunds(found, refunds);
}
