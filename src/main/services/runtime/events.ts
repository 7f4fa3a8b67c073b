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
  if (connector instanceof ShipBobConnector && trigger.entity === 'Shipment') return [{ key: text(payload['id']), record: shipbobShipment(payload) }];
  if (connector instanceof ShipStationConnector && trigger.entity === 'Shipment') return shipstationShipments(connector, text(payload['resource_url']));
  if (connector instanceof StripeConnector && (trigger.entity === 'Payment' || trigger.entity === 'Refund')) {
    const object = ((payload['data'] as Data | undefined)?.['object'] ?? {}) as Data;
    const intentId = object['object'] === 'payment_intent' ? text(object['id']) : text(object['payment_intent']);
    if (intentId === '') return `the ${event.topic} event names no payment intent`;
    return trigger.entity === 'Payment' ? stripePayment(connector, intentId) : stripeRefunds(connector, intentId);
  }
  return `Steward cannot take ${trigger.entity} from ${trigger.system}'s webhooks yet`;
}

/** The Shopify order a 3PL's reference id points at (`shopify-<legacyResourceId>`, domain.md §6). */
function orderOf(reference: string): string {
  return reference.startsWith('shopify-') ? reference.slice('shopify-'.length) : reference;
}

function shipbobShipment(shipment: Data): Data {
  const tracking = (shipment['tracking'] ?? {}) as Data;
  const products = Array.isArray(shipment['products']) ? (shipment['products'] as Data[]) : [];
  return {
    shipmentId: text(shipment['id']),
    orderId: orderOf(text(shipment['reference_id'])),
    carrier: text(tracking['carrier']),
    trackingNumber: text(tracking['tracking_number']),
    trackingUrl: text(tracking['tracking_url']),
    shippedAt: text(tracking['shipping_date']) || text(shipment['actual_fulfillment_date']),
    status: text(shipment['status']),
    lines: products.map((line) => ({ sku: text(line['reference_id']) || text(line['sku']), quantity: Number(line['quantity'] ?? 0) })),
  };
}

async function shipstationShipments(shipstation: ShipStationConnector, url: string): Promise<TriggerRecord[] | string> {
  const result = await shipstation.resource(url);
  if (!result.ok) return result.failure.reason;
  const shipments = ((result.value as { shipments?: Data[] } | null)?.shipments ?? []).filter((shipment) => shipment['voided'] !== true);
  return shipments.map((shipment) => {
    const items = Array.isArray(shipment['shipmentItems']) ? (shipment['shipmentItems'] as Data[]) : [];
    const record = {
      shipmentId: text(shipment['shipmentId']),
      orderId: orderOf(text(shipment['orderKey'])),
      carrier: text(shipment['carrierCode']),
      trackingNumber: text(shipment['trackingNumber']),
      trackingUrl: '',
      shippedAt: text(shipment['shipDate']),
      status: 'Completed',
      lines: items.map((line) => ({ sku: text(line['sku']), quantity: Number(line['quantity'] ?? 0) })),
    };
    return { key: record.shipmentId, record };
  });
}

async function intent(stripe: StripeConnector, id: string): Promise<Data | string> {
  const result = await stripe.get(`/v1/payment_intents/${encodeURIComponent(id)}`);
  if (!result.ok) return result.failure.reason;
  return result.value === null ? `Stripe has no payment intent ${id}` : (result.value as Data);
}

async function stripePayment(stripe: StripeConnector, id: string): Promise<TriggerRecord[] | string> {
  const found = await intent(stripe, id);
  if (typeof found === 'string') return found;
  // Read now, not taken from the event: a capture that a later event undid is not a capture.
  if (found['status'] !== 'succeeded') return [];
  const record = {
    paymentIntentId: id,
    orderId: text((found['metadata'] as Data | undefined)?.['shopify_order_id']),
    amountAuthorized: Number(found['amount'] ?? 0),
    amountCaptured: Number(found['amount_received'] ?? 0),
    currency: text(found['currency']).toUpperCase(),
    status: text(found['status']),
  };
  return [{ key: id, record }];
}

async function stripeRefunds(stripe: StripeConnector, id: string): Promise<TriggerRecord[] | string> {
  const found = await intent(stripe, id);
  if (typeof found === 'string') return found;
  const orderId = text((found['metadata'] as Data | undefined)?.['shopify_order_id']);
  const refunds: Data[] = [];
  try {
    for await (const page of stripe.list('/v1/refunds', { payment_intent: id })) refunds.push(...(page as Data[]));
  } catch (error: unknown) {
    return error instanceof Error ? error.message : String(error);
  }
  // The n-th refund of the order, oldest first: the ERP's credit memo for it is `shopify-<order>-refund-<n>`.
  refunds.sort((a, b) => Number(a['created'] ?? 0) - Number(b['created'] ?? 0) || text(a['id']).localeCompare(text(b['id'])));
  return refunds.flatMap((refund, index) =>
    refund['status'] === 'failed' || refund['status'] === 'canceled'
      ? []
      : [{ key: text(refund['id']), record: { refundId: text(refund['id']), orderId, paymentIntentId: id, sequence: index + 1, amount: Number(refund['amount'] ?? 0), currency: text(refund['currency']).toUpperCase(), status: text(refund['status']), reason: text(refund['reason']) } }],
  );
}
