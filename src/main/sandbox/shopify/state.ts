import type { World } from '../world/world';
import { committedUnits, shippedUnits } from '../world/world';

/**
 * Shopify's records, held close to the Admin GraphQL shapes; ids are the
 * numeric parts of Shopify's global ids (`gid://shopify/Order/<id>`).
 * Money is kept in cents and rendered as Shopify's decimal strings.
 */
export interface ShopifyLineItem {
  id: string;
  sku: string;
  name: string;
  quantity: number;
  currentQuantity: number;
  unfulfilledQuantity: number;
  unitPriceCents: number;
}

export interface ShopifyTransaction {
  id: string;
  kind: 'AUTHORIZATION' | 'CAPTURE' | 'SALE' | 'REFUND' | 'VOID';
  status: 'SUCCESS' | 'PENDING' | 'FAILURE';
  gateway: string;
  amountCents: number;
  parentId: string | null;
  authorizationCode: string | null;
  createdAt: string;
}

export interface ShopifyFulfillment {
  id: string;
  status: 'SUCCESS' | 'CANCELLED' | 'ERROR' | 'FAILURE' | 'OPEN' | 'PENDING';
  createdAt: string;
  tracking: { company: string | null; number: string | null; url: string | null }[];
  lines: { id: string; lineItemId: string; quantity: number }[];
}

export interface ShopifyFulfillmentOrder {
  id: string;
  status: 'OPEN' | 'IN_PROGRESS' | 'CLOSED' | 'CANCELLED' | 'ON_HOLD';
  lines: { id: string; lineItemId: string; totalQuantity: number; remainingQuantity: number }[];
}

export interface ShopifyOrder {
  id: string;
  name: string;
  email: string;
  createdAt: string;
  updatedAt: string;
  cancelledAt: string | null;
  test: boolean;
  currencyCode: string;
  customer: { id: string; email: string; firstName: string; lastName: string };
  subtotalCents: number;
  shippingCents: number;
  taxCents: number;
  totalCents: number;
  lineItems: ShopifyLineItem[];
  transactions: ShopifyTransaction[];
  fulfillments: ShopifyFulfillment[];
  fulfillmentOrders: ShopifyFulfillmentOrder[];
}

export interface ShopifyInventoryLevel {
  locationId: string;
  quantities: Record<'available' | 'on_hand' | 'committed' | 'reserved' | 'incoming', number>;
  updatedAt: string;
}

export interface ShopifyInventoryItem {
  id: string;
  sku: string;
  tracked: boolean;
  updatedAt: string;
  levels: ShopifyInventoryLevel[];
}

export interface ShopifyState {
  orders: Record<string, ShopifyOrder>;
  inventoryItems: Record<string, ShopifyInventoryItem>;
  locations: Record<string, { id: string; name: string }>;
  /** The leaky bucket of query cost points. */
  bucket: { available: number; updatedAt: number };
  sequence: number;
}

export const SHOPIFY_LOCATION = { id: '61000000001', name: 'Main Warehouse' };

export function nextShopifyId(state: ShopifyState): string {
  state.sequence += 1;
  return String(state.sequence);
}

export function createShopifyState(world: World): ShopifyState {
  const state: ShopifyState = { orders: {}, inventoryItems: {}, locations: { [SHOPIFY_LOCATION.id]: SHOPIFY_LOCATION }, bucket: { available: Number.NaN, updatedAt: 0 }, sequence: 12_000_000_000 };
  const shipped = shippedUnits(world);
  const committed = committedUnits(world);
  for (const product of world.products) {
    const id = String(44_000_000_001 + product.index);
    const onHand = product.onHand - (shipped.get(product.sku) ?? 0);
    const commit = committed.get(product.sku) ?? 0;
    state.inventoryItems[id] = {
      id,
      sku: product.sku,
      tracked: true,
      updatedAt: new Date(world.startAt - 3_600_000).toISOString(),
      levels: [{ locationId: SHOPIFY_LOCATION.id, quantities: { available: onHand - commit, on_hand: onHand, committed: commit, reserved: 0, incoming: 0 }, updatedAt: new Date(world.startAt - 3_600_000).toISOString() }],
    };
  }
  for (const order of world.orders) {
    const lineItems = order.lines.map((line) => ({
      id: nextShopifyId(state),
      sku: line.sku,
      name: world.products.find((product) => product.sku === line.sku)?.title ?? line.sku,
      quantity: line.quantity,
      currentQuantity: line.quantity,
      unfulfilledQuantity: order.shipped ? 0 : line.quantity,
      unitPriceCents: line.unitPriceCents,
    }));
    const authorization: ShopifyTransaction = { id: nextShopifyId(state), kind: 'AUTHORIZATION', status: 'SUCCESS', gateway: 'stripe', amountCents: order.totalCents, parentId: null, authorizationCode: `ch_${order.legacyResourceId}`, createdAt: order.createdAt };
    const transactions: ShopifyTransaction[] = [authorization];
    if (order.capturedCents > 0) transactions.push({ id: nextShopifyId(state), kind: 'CAPTURE', status: 'SUCCESS', gateway: 'stripe', amountCents: order.capturedCents, parentId: authorization.id, authorizationCode: null, createdAt: order.createdAt });
    for (const refund of order.refunds) transactions.push({ id: nextShopifyId(state), kind: 'REFUND', status: 'SUCCESS', gateway: 'stripe', amountCents: refund.amountCents, parentId: authorization.id, authorizationCode: null, createdAt: refund.at });
    const fulfillmentOrder: ShopifyFulfillmentOrder = {
      id: nextShopifyId(state),
      status: order.shipped ? 'CLOSED' : 'OPEN',
      lines: lineItems.map((line) => ({ id: nextShopifyId(state), lineItemId: line.id, totalQuantity: line.quantity, remainingQuantity: order.shipped ? 0 : line.quantity })),
    };
    const fulfillments: ShopifyFulfillment[] =
      order.shipped && order.shippedAt !== null
        ? [
            {
              id: nextShopifyId(state),
              status: 'SUCCESS',
              createdAt: order.shippedAt,
              tracking: [{ company: 'USPS', number: order.trackingNumber, url: `https://tools.usps.com/go/TrackConfirmAction?tLabels=${order.trackingNumber ?? ''}` }],
              lines: lineItems.map((line) => ({ id: nextShopifyId(state), lineItemId: line.id, quantity: line.quantity })),
            },
          ]
        : [];
    state.orders[order.legacyResourceId] = {
      id: order.legacyResourceId,
      name: order.name,
      email: order.email,
      createdAt: order.createdAt,
      updatedAt: order.shippedAt ?? order.createdAt,
      cancelledAt: null,
      test: false,
      currencyCode: order.currency,
      customer: { id: String(8_000_000_001 + order.index), email: order.email, firstName: order.firstName, lastName: order.lastName },
      subtotalCents: order.lines.reduce((sum, line) => sum + line.quantity * line.unitPriceCents, 0),
      shippingCents: order.shippingCents,
      taxCents: order.taxCents,
      totalCents: order.totalCents,
      lineItems,
      transactions,
      fulfillments,
      fulfillmentOrders: [fulfillmentOrder],
    };
  }
  return state;
}

/** Amounts that Shopify derives from an order's transactions. */
export function orderMoney(order: ShopifyOrder): { receivedCents: number; refundedCents: number; authorisedCents: number } {
  const sum = (kind: ShopifyTransaction['kind']): number => order.transactions.filter((transaction) => transaction.kind === kind && transaction.status === 'SUCCESS').reduce((total, transaction) => total + transaction.amountCents, 0);
  return { receivedCents: sum('CAPTURE') + sum('SALE'), refundedCents: sum('REFUND'), authorisedCents: sum('AUTHORIZATION') };
}

export function financialStatus(order: ShopifyOrder): string {
  const { receivedCents, refundedCents, authorisedCents } = orderMoney(order);
  if (refundedCents > 0) return refundedCents >= receivedCents ? 'REFUNDED' : 'PARTIALLY_REFUNDED';
  if (receivedCents >= order.totalCents) return 'PAID';
  if (receivedCents > 0) return 'PARTIALLY_PAID';
  return authorisedCents > 0 ? 'AUTHORIZED' : 'PENDING';
}

export function fulfillmentStatus(order: ShopifyOrder): string {
  const total = order.lineItems.reduce((sum, line) => sum + line.currentQuantity, 0);
  const open = order.lineItems.reduce((sum, line) => sum + line.unfulfilledQuantity, 0);
  if (open === 0 && total > 0) return 'FULFILLED';
  return open < total ? 'PARTIALLY_FULFILLED' : 'UNFULFILLED';
}
