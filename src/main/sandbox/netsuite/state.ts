import type { World } from '../world/world';
import { committedUnits, shippedUnits, toMajor } from '../world/world';

/**
 * NetSuite records as the REST record API returns them: references are
 * `{id, refName}` objects, money is a decimal number, sublists sit under
 * `item.items`. Records of every type share one shape so that list, get,
 * external-id upsert and filters work the same way for each.
 */
export interface NsRef {
  id: string;
  refName: string;
}

export type NsRecord = Record<string, unknown> & { id: string; externalId?: string; lastModifiedDate: string; createdDate: string };

export const RECORD_TYPES = ['salesOrder', 'invoice', 'creditMemo', 'customerRefund', 'itemFulfillment', 'customer', 'inventoryItem', 'deposit'] as const;
export type RecordType = (typeof RECORD_TYPES)[number];

export interface NetSuiteState {
  records: Record<RecordType, Record<string, NsRecord>>;
  sequence: number;
}

export const LOCATION: NsRef = { id: '1', refName: 'Main Warehouse' };
export const USD: NsRef = { id: '1', refName: 'USD' };

export const ORDER_STATUS = {
  pendingFulfillment: { id: 'B', refName: 'Pending Fulfillment' },
  pendingBilling: { id: 'F', refName: 'Pending Billing' },
  billed: { id: 'G', refName: 'Billed' },
} as const;

export function nextNsId(state: NetSuiteState): string {
  state.sequence += 1;
  return String(state.sequence);
}

const round = (value: number): number => Math.round(value * 100) / 100;

export function createNetSuiteState(world: World): NetSuiteState {
  const state: NetSuiteState = { records: { salesOrder: {}, invoice: {}, creditMemo: {}, customerRefund: {}, itemFulfillment: {}, customer: {}, inventoryItem: {}, deposit: {} }, sequence: 100 };
  const shipped = shippedUnits(world);
  const committed = committedUnits(world);
  const itemIds = new Map<string, string>();
  for (const product of world.products.filter((entry) => entry.inErp)) {
    const id = nextNsId(state);
    itemIds.set(product.sku, id);
    const onHand = product.onHand - (shipped.get(product.sku) ?? 0);
    const commit = committed.get(product.sku) ?? 0;
    state.records.inventoryItem[id] = {
      id,
      itemId: product.sku,
      displayName: product.title,
      basePrice: product.priceCents / 100,
      createdDate: '2026-01-05T10:00:00Z',
      lastModifiedDate: new Date(world.startAt - 86_400_000).toISOString(),
      locations: [{ location: LOCATION, quantityOnHand: onHand, quantityAvailable: onHand - commit, quantityCommitted: commit }],
    };
  }
  for (const order of world.orders) {
    if (!order.released) continue;
    const customerId = nextNsId(state);
    state.records.customer[customerId] = {
      id: customerId,
      externalId: `shopify-customer-${order.legacyResourceId}`,
      entityId: `${order.firstName} ${order.lastName}`,
      firstName: order.firstName,
      lastName: order.lastName,
      email: order.email,
      createdDate: order.createdAt,
      lastModifiedDate: order.createdAt,
    };
    const id = nextNsId(state);
    const items = order.lines.map((line, index) => ({
      line: index + 1,
      item: { id: itemIds.get(line.sku) ?? '0', refName: line.sku },
      quantity: line.quantity,
      rate: toMajor(line.unitPriceCents, order.currency),
      amount: round(toMajor(line.quantity * line.unitPriceCents, order.currency)),
      quantityFulfilled: order.shipped ? line.quantity : 0,
      quantityBilled: order.shipped ? line.quantity : 0,
    }));
    const salesOrder: NsRecord = {
      id,
      externalId: `shopify-${order.legacyResourceId}`,
      tranId: `SO${order.name.slice(1)}`,
      otherRefNum: order.name,
      tranDate: order.createdAt.slice(0, 10),
      entity: { id: customerId, refName: `${order.firstName} ${order.lastName}` },
      currency: { id: order.currency === 'USD' ? '1' : '2', refName: order.currency },
      orderStatus: order.shipped ? ORDER_STATUS.billed : ORDER_STATUS.pendingFulfillment,
      status: order.shipped ? ORDER_STATUS.billed : ORDER_STATUS.pendingFulfillment,
      shippingCost: toMajor(order.shippingCents, order.currency),
      taxTotal: toMajor(order.taxCents, order.currency),
      subtotal: round(items.reduce((sum, line) => sum + line.amount, 0)),
      total: toMajor(order.totalCents, order.currency),
      createdDate: order.createdAt,
      lastModifiedDate: order.shippedAt ?? order.createdAt,
      item: { items },
    };
    state.records.salesOrder[id] = salesOrder;
    if (!order.shipped) continue;
    const fulfillmentId = nextNsId(state);
    state.records.itemFulfillment[fulfillmentId] = {
      id: fulfillmentId,
      tranId: `IF${order.name.slice(1)}`,
      createdFrom: { id, refName: `Sales Order #SO${order.name.slice(1)}` },
      shipStatus: { id: 'C', refName: 'Shipped' },
      tranDate: (order.shippedAt ?? order.createdAt).slice(0, 10),
      createdDate: order.shippedAt ?? order.createdAt,
      lastModifiedDate: order.shippedAt ?? order.createdAt,
      item: { items: items.map((line) => ({ line: line.line, item: line.item, quantity: line.quantity, location: LOCATION })) },
    };
    const invoiceId = nextNsId(state);
    state.records.invoice[invoiceId] = {
      id: invoiceId,
      tranId: `INV${order.name.slice(1)}`,
      createdFrom: { id, refName: `Sales Order #SO${order.name.slice(1)}` },
      entity: salesOrder['entity'],
      currency: salesOrder['currency'],
      status: { id: 'B', refName: 'Paid In Full' },
      tranDate: (order.shippedAt ?? order.createdAt).slice(0, 10),
      shippingCost: toMajor(order.shippingCents, order.currency),
      taxTotal: toMajor(order.taxCents, order.currency),
      subtotal: salesOrder['subtotal'],
      total: salesOrder['total'],
      createdDate: order.shippedAt ?? order.createdAt,
      lastModifiedDate: order.shippedAt ?? order.createdAt,
      item: { items: items.map((line) => ({ line: line.line, item: line.item, quantity: line.quantity, rate: line.rate, amount: line.amount })) },
    };
    for (const [index, refund] of order.refunds.entries()) {
      const creditId = nextNsId(state);
      state.records.creditMemo[creditId] = {
        id: creditId,
        externalId: `shopify-${order.legacyResourceId}-refund-${index + 1}`,
        tranId: `CM${order.name.slice(1)}-${index + 1}`,
        createdFrom: { id: invoiceId, refName: `Invoice #INV${order.name.slice(1)}` },
        entity: salesOrder['entity'],
        currency: salesOrder['currency'],
        total: toMajor(refund.amountCents, order.currency),
        tranDate: refund.at.slice(0, 10),
        createdDate: refund.at,
        lastModifiedDate: refund.at,
        item: { items: [] },
      };
    }
  }
  return state;
}

export function salesOrderByExternalId(state: NetSuiteState, externalId: string): NsRecord | undefined {
  return Object.values(state.records.salesOrder).find((record) => record.externalId === externalId);
}

export function inventoryItemBySku(state: NetSuiteState, sku: string): NsRecord | undefined {
  return Object.values(state.records.inventoryItem).find((record) => record['itemId'] === sku);
}
