import { scalarText as text } from '../../../shared/scalar';
import type { TriggerRecord } from './executor';

/**
 * A vendor's record as a trigger's transaction, the same whether it came in
 * a webhook or was read from a list (a backfill): one key per record, so the
 * record read and then delivered again is one transaction.
 */
type Data = Record<string, unknown>;

/** The Shopify order a 3PL's reference id points at (`shopify-<legacyResourceId>`, domain.md §6). */
function orderOf(reference: string): string {
  return reference.startsWith('shopify-') ? reference.slice('shopify-'.length) : reference;
}

/** A ShipBob shipment; `orderReference` stands in when the shipment does not carry its order's reference id. */
export function shipbobShipment(shipment: Data, orderReference = ''): TriggerRecord {
  const tracking = (shipment['tracking'] ?? {}) as Data;
  const products = Array.isArray(shipment['products']) ? (shipment['products'] as Data[]) : [];
  const record = {
    shipmentId: text(shipment['id']),
    orderId: orderOf(text(shipment['reference_id']) || orderReference),
    carrier: text(tracking['carrier']),
    trackingNumber: text(tracking['tracking_number']),
    trackingUrl: text(tracking['tracking_url']),
    shippedAt: text(tracking['shipping_date']) || text(shipment['actual_fulfillment_date']),
    status: text(shipment['status']),
    lines: products.map((line) => ({ sku: text(line['reference_id']) || text(line['sku']), quantity: Number(line['quantity'] ?? 0) })),
  };
  return { key: record.shipmentId, record };
}

/** Shipped ShipBob shipments: the ones its `order.shipped` webhook is sent for. */
export function shipbobShipped(shipment: Data): boolean {
  return shipment['status'] === 'Completed' || shipment['status'] === 'Delivered';
}

/** A ShipStation shipment; voided ones are none. */
export function shipstationShipment(shipment: Data): TriggerRecord | null {
  if (shipment['voided'] === true) return null;
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
}

/** A captured Stripe payment intent; one not (or no longer) captured is none. */
export function stripePayment(intent: Data): TriggerRecord | null {
  if (intent['status'] !== 'succeeded') return null;
  const id = text(intent['id']);
  const record = {
    paymentIntentId: id,
    orderId: text((intent['metadata'] as Data | undefined)?.['shopify_order_id']),
    amountAuthorized: Number(intent['amount'] ?? 0),
    amountCaptured: Number(intent['amount_received'] ?? 0),
    currency: text(intent['currency']).toUpperCase(),
    status: text(intent['status']),
  };
  return { key: id, record };
}

/**
 * A payment intent's refunds, oldest first, each with its place: the ERP's
 * credit memo for the order's n-th refund is `shopify-<order>-refund-<n>`.
 */
export function stripeRefunds(intent: Data, refunds: readonly Data[]): TriggerRecord[] {
  const id = text(intent['id']);
  const orderId = text((intent['metadata'] as Data | undefined)?.['shopify_order_id']);
  const ordered = [...refunds].sort((a, b) => Number(a['created'] ?? 0) - Number(b['created'] ?? 0) || text(a['id']).localeCompare(text(b['id'])));
  return ordered.flatMap((refund, index) =>
    refund['status'] === 'failed' || refund['status'] === 'canceled'
      ? []
      : [{ key: text(refund['id']), record: { refundId: text(refund['id']), orderId, paymentIntentId: id, sequence: index + 1, amount: Number(refund['amount'] ?? 0), currency: text(refund['currency']).toUpperCase(), status: text(refund['status']), reason: text(refund['reason']) } }],
  );
}
