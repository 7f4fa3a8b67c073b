import { money } from '../world/world';
import type { ShopifyInventoryItem, ShopifyOrder, ShopifyState } from './state';
import { financialStatus, fulfillmentStatus, orderMoney } from './state';

/**
 * GraphQL views of the state: graphql-js calls a function-valued property
 * with the field's arguments, so connections page themselves.
 */
export const gid = (type: string, id: string): string => `gid://shopify/${type}/${id}`;

export function parseGid(value: string, type: string): string | null {
  const match = new RegExp(`^gid://shopify/${type}/(\\d+)$`).exec(value);
  return match?.[1] ?? null;
}

const bag = (cents: number, currency: string) => {
  const amount = { amount: money(cents, currency), currencyCode: currency };
  return { shopMoney: amount, presentmentMoney: amount };
};

/** A page of `items` after the cursor, as Shopify shapes a connection. */
export function connection<T>(items: readonly T[], args: { first?: number | null; after?: string | null }, cursorOf: (item: T) => string): unknown {
  const first = args.first ?? 10;
  if (first < 0 || first > 250) throw new Error('The first argument must be between 0 and 250.');
  const start = args.after === null || args.after === undefined ? 0 : items.findIndex((item) => encodeCursor(cursorOf(item)) === args.after) + 1;
  const page = items.slice(start, start + first);
  const edges = page.map((node) => ({ cursor: encodeCursor(cursorOf(node)), node }));
  return {
    edges,
    nodes: page,
    pageInfo: { hasNextPage: start + first < items.length, hasPreviousPage: start > 0, startCursor: edges[0]?.cursor ?? null, endCursor: edges.at(-1)?.cursor ?? null },
  };
}

const encodeCursor = (key: string): string => Buffer.from(JSON.stringify({ last_id: key })).toString('base64');

export function orderView(order: ShopifyOrder): Record<string, unknown> {
  const currency = order.currencyCode;
  const { receivedCents, refundedCents } = orderMoney(order);
  const lineView = (line: ShopifyOrder['lineItems'][number]) => ({
    id: gid('LineItem', line.id),
    sku: line.sku,
    name: line.name,
    quantity: line.quantity,
    currentQuantity: line.currentQuantity,
    unfulfilledQuantity: line.unfulfilledQuantity,
    originalUnitPriceSet: bag(line.unitPriceCents, currency),
  });
  const lines = new Map(order.lineItems.map((line) => [line.id, lineView(line)]));
  const transactions = order.transactions.map((transaction) => ({
    id: gid('OrderTransaction', transaction.id),
    kind: transaction.kind,
    status: transaction.status,
    gateway: transaction.gateway,
    amountSet: bag(transaction.amountCents, currency),
    authorizationCode: transaction.authorizationCode,
    createdAt: transaction.createdAt,
    processedAt: transaction.createdAt,
    parentId: transaction.parentId,
  }));
  const byId = new Map(transactions.map((transaction) => [transaction.id, transaction]));
  const currentSubtotal = order.lineItems.reduce((sum, line) => sum + line.currentQuantity * line.unitPriceCents, 0);
  return {
    id: gid('Order', order.id),
    legacyResourceId: order.id,
    name: order.name,
    email: order.email,
    createdAt: order.createdAt,
    updatedAt: order.updatedAt,
    cancelledAt: order.cancelledAt,
    test: order.test,
    displayFinancialStatus: financialStatus(order),
    displayFulfillmentStatus: fulfillmentStatus(order),
    currencyCode: currency,
    customer: { id: gid('Customer', order.customer.id), email: order.customer.email, firstName: order.customer.firstName, lastName: order.customer.lastName },
    currentTotalPriceSet: bag(order.totalCents - refundedCents, currency),
    totalPriceSet: bag(order.totalCents, currency),
    subtotalPriceSet: bag(order.subtotalCents, currency),
    currentSubtotalPriceSet: bag(currentSubtotal, currency),
    totalTaxSet: bag(order.taxCents, currency),
    currentTotalTaxSet: bag(order.taxCents, currency),
    totalShippingPriceSet: bag(order.shippingCents, currency),
    totalRefundedSet: bag(refundedCents, currency),
    totalReceivedSet: bag(receivedCents, currency),
    lineItems: (args: { first?: number; after?: string }) => connection([...lines.values()], args, (line) => line.id),
    transactions: (args: { first?: number }) =>
      transactions.slice(0, args.first ?? transactions.length).map((transaction) => ({ ...transaction, parentTransaction: transaction.parentId === null ? null : (byId.get(gid('OrderTransaction', transaction.parentId)) ?? null) })),
    fulfillments: (args: { first?: number }) =>
      order.fulfillments.slice(0, args.first ?? order.fulfillments.length).map((fulfillment) => ({
        id: gid('Fulfillment', fulfillment.id),
        status: fulfillment.status,
        createdAt: fulfillment.createdAt,
        trackingInfo: (trackingArgs: { first?: number }) => fulfillment.tracking.slice(0, trackingArgs.first ?? fulfillment.tracking.length),
        fulfillmentLineItems: (pageArgs: { first?: number; after?: string }) =>
          connection(
            fulfillment.lines.map((line) => ({ id: gid('FulfillmentLineItem', line.id), quantity: line.quantity, lineItem: lines.get(line.lineItemId) })),
            pageArgs,
            (line) => line.id,
          ),
      })),
    fulfillmentOrders: (args: { first?: number; after?: string }) =>
      connection(
        order.fulfillmentOrders.map((fulfillmentOrder) => ({
          id: gid('FulfillmentOrder', fulfillmentOrder.id),
          status: fulfillmentOrder.status,
          lineItems: (pageArgs: { first?: number; after?: string }) =>
            connection(
              fulfillmentOrder.lines.map((line) => ({ id: gid('FulfillmentOrderLineItem', line.id), remainingQuantity: line.remainingQuantity, totalQuantity: line.totalQuantity, lineItem: lines.get(line.lineItemId) })),
              pageArgs,
              (line) => line.id,
            ),
        })),
        args,
        (fulfillmentOrder) => fulfillmentOrder.id,
      ),
  };
}

export function inventoryItemView(item: ShopifyInventoryItem, state: ShopifyState): Record<string, unknown> {
  const levels = item.levels.map((level) => ({
    id: gid('InventoryLevel', `${item.id}${level.locationId}`),
    location: locationView(state.locations[level.locationId] ?? { id: level.locationId, name: 'Unknown' }),
    updatedAt: level.updatedAt,
    available: level.quantities.available,
    quantities: (args: { names: string[] }) =>
      args.names.filter((name) => name in level.quantities).map((name) => ({ id: gid('InventoryQuantity', `${item.id}${level.locationId}${name}`), name, quantity: level.quantities[name as keyof typeof level.quantities], updatedAt: level.updatedAt })),
  }));
  return {
    id: gid('InventoryItem', item.id),
    legacyResourceId: item.id,
    sku: item.sku,
    tracked: item.tracked,
    updatedAt: item.updatedAt,
    inventoryLevels: (args: { first?: number; after?: string }) => connection(levels, args, (level) => level.id),
  };
}

export function locationView(location: { id: string; name: string }): Record<string, unknown> {
  return { id: gid('Location', location.id), legacyResourceId: location.id, name: location.name };
}

/** Fields Shopify's order search understands. */
export function orderSearchFields(order: ShopifyOrder): Record<string, string | number | boolean | null> {
  return {
    id: Number(order.id),
    name: order.name,
    email: order.email,
    created_at: order.createdAt,
    updated_at: order.updatedAt,
    test: order.test,
    financial_status: financialStatus(order).toLowerCase(),
    fulfillment_status: fulfillmentStatus(order) === 'FULFILLED' ? 'shipped' : 'unshipped',
    status: order.cancelledAt === null ? 'open' : 'cancelled',
  };
}
