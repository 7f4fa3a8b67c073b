import type { PipelinePlan } from '../../../shared/compile/plan';
import { ORDER_QUERY, ShopifyOrder, decodeShopifyOrder } from '../../../shared/vendors/shopify-order';
import type { ManagedConnectorInstance } from '../connectors/connectors';
import { NetSuiteConnector } from '../connectors/netsuite';
import { ShipBobConnector } from '../connectors/shipbob';
import { ShipStationConnector } from '../connectors/shipstation';
import { ShopifyConnector } from '../connectors/shopify';
import { StripeConnector } from '../connectors/stripe';
import type { TriggerRecord } from './executor';
import { shipbobShipment, shipbobShipped, shipstationShipment, stripePayment, stripeRefunds } from './trigger-records';

/**
 * Where a trigger's transactions come from when they are read rather than
 * sent: the trigger system's records through its connector. Webhook
 * triggers are backfilled from the beginning — Shopify orders, Stripe's
 * captured payments and their refunds, the 3PL's shipped shipments — built
 * as their webhooks would have built them, so a record read and then sent is
 * one transaction. NetSuite stock is polled from a cursor (the last
 * modification seen by the previous run against the same environment), so a
 * run reads only what changed. Anything else says it cannot yet.
 */
export interface Polled {
  readonly records: TriggerRecord[];
  /** Where the next poll starts; null when this trigger keeps none. */
  readonly cursor: string | null;
}

export async function triggerRecords(plan: PipelinePlan, entry: string, connectors: ReadonlyMap<string, ManagedConnectorInstance>, since: string | null = null): Promise<Polled | string> {
  const step = plan.steps.get(entry);
  if (step?.kind !== 'trigger') return 'the entry is not a trigger';
  const connector = connectors.get(step.system);
  if (connector === undefined) return `the environment has no system "${step.system}"`;
  if (connector instanceof ShopifyConnector && step.entity === 'Order') return { records: await shopifyOrders(connector), cursor: null };
  if (connector instanceof NetSuiteConnector && step.entity === 'InventoryLevel') return netsuiteStock(connector, since);
  if (connector instanceof StripeConnector && step.entity === 'Payment') return { records: (await stripeIntents(connector)).flatMap((intent) => stripePayment(intent) ?? []), cursor: null };
  if (connector instanceof StripeConnector && step.entity === 'Refund') return { records: await stripeRefundRecords(connector), cursor: null };
  if (connector instanceof ShipBobConnector && step.entity === 'Shipment') return { records: await shipbobShipments(connector), cursor: null };
  if (connector instanceof ShipStationConnector && step.entity === 'Shipment') return { records: await shipstationShipments(connector), cursor: null };
  return `Steward cannot read ${step.entity} from ${step.system} as a trigger yet`;
}

type Data = Record<string, unknown>;

async function stripeIntents(stripe: StripeConnector): Promise<Data[]> {
  const intents: Data[] = [];
  for await (const page of stripe.list('/v1/payment_intents')) intents.push(...(page as Data[]));
  return intents;
}

/** Every refund, numbered within its payment intent as the refund webhook numbers it. */
async function stripeRefundRecords(stripe: StripeConnector): Promise<TriggerRecord[]> {
  const byIntent = new Map<string, Data[]>();
  for await (const page of stripe.list('/v1/refunds')) {
    for (const refund of page as Data[]) {
      const intent = typeof refund['payment_intent'] === 'string' ? refund['payment_intent'] : '';
      const refunds = byIntent.get(intent) ?? [];
      refunds.push(refund);
      byIntent.set(intent, refunds);
    }
  }
  if (byIntent.size === 0) return [];
  const intents = new Map((await stripeIntents(stripe)).map((intent) => [intent['id'], intent]));
  return [...byIntent].flatMap(([id, refunds]) => stripeRefunds(intents.get(id) ?? { id }, refunds));
}

async function shipbobShipments(shipbob: ShipBobConnector): Promise<TriggerRecord[]> {
  const records: TriggerRecord[] = [];
  for await (const page of shipbob.list('/2026-01/order')) {
    for (const order of page as Data[]) {
      const shipments = Array.isArray(order['shipments']) ? (order['shipments'] as Data[]) : [];
      const reference = typeof order['reference_id'] === 'string' ? order['reference_id'] : '';
      for (const shipment of shipments) if (shipbobShipped(shipment)) records.push(shipbobShipment(shipment, reference));
    }
  }
  return records;
}

async function shipstationShipments(shipstation: ShipStationConnector): Promise<TriggerRecord[]> {
  const records: TriggerRecord[] = [];
  for await (const page of shipstation.list('shipments')) {
    for (const shipment of page as Data[]) {
      const record = shipstationShipment(shipment);
      if (record !== null) records.push(record);
    }
  }
  return records;
}

async function shopifyOrders(shopify: ShopifyConnector): Promise<TriggerRecord[]> {
  const records: TriggerRecord[] = [];
  for await (const page of shopify.paginate<unknown>(ORDER_QUERY, (data) => (data as { orders: never }).orders, { first: 50 })) {
    for (const node of page) {
      const order = decodeShopifyOrder(ShopifyOrder.parse(node));
      records.push({ key: order.orderId, record: { ...order } });
    }
  }
  return records;
}

/**
 * NetSuite's stock per item changed since `since`: the owner's available
 * quantity, summed over its locations. NetSuite filters modification dates by
 * day (`ON_OR_AFTER "2026-11-20"`), so the day is asked for and the exact
 * timestamp compared here; the new cursor is the latest modification seen.
 */
async function netsuiteStock(netsuite: NetSuiteConnector, since: string | null): Promise<Polled> {
  const records: TriggerRecord[] = [];
  let cursor = since;
  const query = since === null ? {} : { q: `lastModifiedDate ON_OR_AFTER "${since.slice(0, 10)}"` };
  for await (const page of netsuite.list('inventoryItem', query)) {
    for (const { id } of page) {
      const item = await netsuite.get('inventoryItem', id);
      const value = item.ok ? (item.value as { itemId?: unknown; lastModifiedDate?: unknown } | null) : null;
      const sku = value?.itemId;
      const modified = typeof value?.lastModifiedDate === 'string' ? value.lastModifiedDate : null;
      if (typeof sku !== 'string') continue;
      if (since !== null && modified !== null && modified <= since) continue;
      if (modified !== null && (cursor === null || modified > cursor)) cursor = modified;
      const available = await netsuiteAvailable(netsuite, id);
      if (available !== null) records.push({ key: sku, record: { sku, available } });
    }
  }
  return { records, cursor };
}

/** NetSuite's internal id of the item with this SKU (its `itemId`); null when there is none. */
export async function netsuiteItemId(netsuite: NetSuiteConnector, sku: string): Promise<string | null> {
  for await (const page of netsuite.list('inventoryItem', { q: `itemId IS "${sku.replace(/"/g, '')}"`, limit: 1 })) return page[0]?.id ?? null;
  return null;
}

/** An item's available quantity over its locations, by internal id; null when NetSuite does not say. */
export async function netsuiteAvailable(netsuite: NetSuiteConnector, itemId: string): Promise<number | null> {
  let total: number | null = null;
  for await (const page of netsuite.listSub(`inventoryItem/${encodeURIComponent(itemId)}/locations`)) {
    for (const location of page as { quantityAvailable?: unknown }[]) total = (total ?? 0) + Number(location.quantityAvailable ?? 0);
  }
  return total;
}
