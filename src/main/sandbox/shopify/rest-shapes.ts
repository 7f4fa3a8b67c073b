import { money } from '../world/world';
import type { ShopifyFulfillment, ShopifyInventoryItem, ShopifyOrder } from './state';
import { financialStatus, fulfillmentStatus } from './state';
import { gid } from './views';

/**
 * Webhook bodies are still REST-shaped JSON (snake_case, numeric ids,
 * decimal strings), even for apps on the GraphQL Admin API.
 */
export function restOrder(order: ShopifyOrder): Record<string, unknown> {
  const status = fulfillmentStatus(order);
  return {
    id: Number(order.id),
    admin_graphql_api_id: gid('Order', order.id),
    name: order.name,
    order_number: Number(order.name.slice(1)),
    email: order.email,
    created_at: order.createdAt,
    updated_at: order.updatedAt,
    cancelled_at: order.cancelledAt,
    test: order.test,
    currency: order.currencyCode,
    subtotal_price: money(order.subtotalCents, order.currencyCode),
    total_tax: money(order.taxCents, order.currencyCode),
    total_price: money(order.totalCents, order.currencyCode),
    financial_status: financialStatus(order).toLowerCase(),
    fulfillment_status: status === 'FULFILLED' ? 'fulfilled' : status === 'PARTIALLY_FULFILLED' ? 'partial' : null,
    customer: { id: Number(order.customer.id), email: order.customer.email, first_name: order.customer.firstName, last_name: order.customer.lastName },
    // The same address the 3PL's seeded orders carry (shipbob/state.ts).
    shipping_address: { first_name: order.customer.firstName, last_name: order.customer.lastName, name: `${order.customer.firstName} ${order.customer.lastName}`, address1: '100 Main St', city: 'Springfield', province_code: 'IL', country_code: 'US', zip: '62701' },
    line_items: order.lineItems.map((line) => ({
      id: Number(line.id),
      admin_graphql_api_id: gid('LineItem', line.id),
      sku: line.sku,
      name: line.name,
      quantity: line.quantity,
      current_quantity: line.currentQuantity,
      fulfillable_quantity: line.unfulfilledQuantity,
      price: money(line.unitPriceCents, order.currencyCode),
    })),
    shipping_lines: order.shippingCents > 0 ? [{ code: 'Standard', title: 'Standard', price: money(order.shippingCents, order.currencyCode) }] : [],
  };
}

export function restFulfillment(order: ShopifyOrder, fulfillment: ShopifyFulfillment): Record<string, unknown> {
  const tracking = fulfillment.tracking[0];
  return {
    id: Number(fulfillment.id),
    admin_graphql_api_id: gid('Fulfillment', fulfillment.id),
    order_id: Number(order.id),
    status: fulfillment.status.toLowerCase(),
    created_at: fulfillment.createdAt,
    tracking_company: tracking?.company ?? null,
    tracking_number: tracking?.number ?? null,
    tracking_url: tracking?.url ?? null,
    line_items: fulfillment.lines.map((line) => {
      const item = order.lineItems.find((candidate) => candidate.id === line.lineItemId);
      return { id: Number(line.lineItemId), sku: item?.sku ?? null, quantity: line.quantity };
    }),
  };
}

export function restInventoryLevel(item: ShopifyInventoryItem, locationId: string): Record<string, unknown> {
  const level = item.levels.find((candidate) => candidate.locationId === locationId);
  return { inventory_item_id: Number(item.id), location_id: Number(locationId), available: level?.quantities.available ?? null, updated_at: level?.updatedAt ?? item.updatedAt };
}
