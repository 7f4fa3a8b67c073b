import type { ShopifyConnector } from '../../connectors/shopify';
import type { Codec, Data, Line } from './codec';
import { text } from './codec';

/**
 * Canonical Shipment → Shopify fulfilment (apis.md `fulfillmentCreate`): the
 * shipped lines matched by SKU to the order's open fulfilment-order lines,
 * with the tracking. A fulfilment carrying the same tracking number already
 * is the same shipment: found, never created twice.
 */
const ORDER = `query Order($id: ID!) {
  order(id: $id) {
    fulfillments { id trackingInfo { number } }
    fulfillmentOrders(first: 5) { nodes { id status lineItems(first: 20) { nodes { id remainingQuantity lineItem { sku } } } } }
  }
}`;

const CREATE = `mutation Fulfil($fulfillment: FulfillmentInput!) {
  fulfillmentCreate(fulfillment: $fulfillment) { fulfillment { id status } userErrors { field message } }
}`;

interface OrderView {
  fulfillments: { id: string; trackingInfo: { number: string | null }[] }[];
  fulfillmentOrders: { nodes: { id: string; status: string; lineItems: { nodes: { id: string; remainingQuantity: number; lineItem: { sku: string | null } }[] } }[] };
}

export function shopifyFulfilment(shopify: ShopifyConnector): Codec {
  const order = async (record: Data): Promise<{ ok: true; order: OrderView | null } | { ok: false; reason: string }> => {
    const result = await shopify.query<{ order: OrderView | null }>(ORDER, { id: `gid://shopify/Order/${text(record['orderId'])}` });
    return result.ok ? { ok: true, order: result.value.order } : { ok: false, reason: result.failure.reason };
  };
  const existing = (view: OrderView, record: Data): { id: string } | undefined => {
    const number = text(record['trackingNumber']);
    return number === '' ? undefined : view.fulfillments.find((fulfillment) => fulfillment.trackingInfo.some((info) => info.number === number));
  };
  return {
    async write(record) {
      const found = await order(record);
      if (!found.ok) return { outcome: { kind: 'transient', reason: found.reason } };
      if (found.order === null) return { outcome: { kind: 'permanent', reason: `Shopify has no order ${text(record['orderId'])} to fulfil` } };
      const already = existing(found.order, record);
      if (already !== undefined) return { outcome: { kind: 'ok' }, response: already };
      // What was shipped, by SKU, taken from the open fulfilment-order lines in turn.
      const shipped = new Map<string, number>();
      for (const line of (Array.isArray(record['lines']) ? record['lines'] : []) as Line[]) shipped.set(text(line.sku), (shipped.get(text(line.sku)) ?? 0) + Number(line.quantity ?? 0));
      const groups = [];
      for (const fulfillmentOrder of found.order.fulfillmentOrders.nodes) {
        if (fulfillmentOrder.status === 'CLOSED' || fulfillmentOrder.status === 'CANCELLED') continue;
        const items = [];
        for (const line of fulfillmentOrder.lineItems.nodes) {
          const sku = line.lineItem.sku ?? '';
          const quantity = Math.min(line.remainingQuantity, shipped.get(sku) ?? 0);
          if (quantity < 1) continue;
          items.push({ id: line.id, quantity });
          shipped.set(sku, (shipped.get(sku) ?? 0) - quantity);
        }
        if (items.length > 0) groups.push({ fulfillmentOrderId: fulfillmentOrder.id, fulfillmentOrderLineItems: items });
      }
      if (groups.length === 0) return { outcome: { kind: 'permanent', reason: `order ${text(record['orderId'])} has nothing left to fulfil for this shipment's lines in Shopify` } };
      const trackingInfo = { company: text(record['carrier']) || null, number: text(record['trackingNumber']) || null, url: text(record['trackingUrl']) || null };
      const result = await shopify.query<{ fulfillmentCreate: { fulfillment: { id: string } | null; userErrors: { message: string }[] } }>(CREATE, { fulfillment: { lineItemsByFulfillmentOrder: groups, trackingInfo, notifyCustomer: false } });
      if (!result.ok) return { outcome: result.failure };
      const refused = result.value.fulfillmentCreate.userErrors[0];
      if (refused !== undefined) return { outcome: { kind: 'permanent', reason: `Shopify refused the fulfilment: ${refused.message}` } };
      return { outcome: { kind: 'ok' }, response: result.value.fulfillmentCreate.fulfillment };
    },
    async lookup(record) {
      const found = await order(record);
      const already = found.ok && found.order !== null ? existing(found.order, record) : undefined;
      return already === undefined ? { found: false } : { found: true, response: already };
    },
    async readBack(record) {
      const found = await order(record);
      if (!found.ok) return { acked: false, reason: `read-back failed: ${found.reason}` };
      if (found.order === null) return { acked: false, reason: `Shopify has no order ${text(record['orderId'])} on read-back` };
      return existing(found.order, record) === undefined ? { acked: false, reason: `no fulfilment with tracking ${text(record['trackingNumber'])} on Shopify order ${text(record['orderId'])}` } : { acked: true, reason: 'read back' };
    },
  };
}
