import type { World } from '../world/world';
import { shippedUnits } from '../world/world';

/** ShipBob (API 2026-01) orders with their shipments, and inventory levels. */
export interface ShipBobShipment {
  id: number;
  order_id: number;
  reference_id: string;
  status: 'Processing' | 'Completed' | 'OnHold' | 'Exception' | 'Cancelled' | 'Delivered';
  status_details: { name: string; description: string }[];
  location: { id: number; name: string };
  products: { id: number; reference_id: string; sku: string; quantity: number }[];
  actual_fulfillment_date: string | null;
  estimated_fulfillment_date: string | null;
  delivery_date: string | null;
  is_tracking_uploaded: boolean;
  tracking: { carrier: string; carrier_service: string; tracking_number: string; tracking_url: string; shipping_date: string } | null;
}

export interface ShipBobOrder {
  id: number;
  reference_id: string;
  order_number: string;
  status: 'Processing' | 'Fulfilled' | 'PartiallyFulfilled' | 'Exception' | 'Cancelled';
  type: 'DTC' | 'DropShip' | 'B2B';
  channel: { id: number; name: string };
  created_date: string;
  purchase_date: string | null;
  shipping_method: string;
  recipient: { name: string; email: string; address: { address1: string; city: string; state: string; country: string; zip_code: string } };
  products: { id: number; reference_id: string; sku: string; quantity: number }[];
  shipments: ShipBobShipment[];
}

export interface ShipBobState {
  orders: Record<string, ShipBobOrder>;
  inventory: Record<string, { inventory_id: number; sku: string; name: string; total_fulfillable_quantity: number; total_onhand_quantity: number; total_committed_quantity: number }>;
  sequence: number;
}

export const SHIPBOB_CHANNEL = { id: 12345, name: 'Steward Sandbox Store' };
export const SHIPBOB_LOCATION = { id: 7, name: 'Cicero (IL)' };

export function createShipBobState(world: World, include: boolean): ShipBobState {
  const state: ShipBobState = { orders: {}, inventory: {}, sequence: 500_000 };
  const shipped = shippedUnits(world);
  // The 3PL commits stock only for orders it has received.
  const committed = new Map<string, number>();
  for (const order of world.orders) {
    if (!order.released || order.shipped) continue;
    for (const line of order.lines) committed.set(line.sku, (committed.get(line.sku) ?? 0) + line.quantity);
  }
  for (const product of world.products.filter((entry) => entry.inErp)) {
    state.sequence += 1;
    const onHand = product.onHand - (shipped.get(product.sku) ?? 0);
    const commit = committed.get(product.sku) ?? 0;
    state.inventory[product.sku] = { inventory_id: state.sequence, sku: product.sku, name: product.title, total_fulfillable_quantity: onHand - commit, total_onhand_quantity: onHand, total_committed_quantity: commit };
  }
  if (!include) return state;
  for (const order of world.orders) {
    if (!order.released) continue;
    state.sequence += 1;
    const id = state.sequence;
    const products = order.lines.map((line) => ({ id: state.inventory[line.sku]?.inventory_id ?? 0, reference_id: line.sku, sku: line.sku, quantity: line.quantity }));
    const shipments: ShipBobShipment[] = [];
    state.sequence += 1;
    shipments.push({
      id: state.sequence,
      order_id: id,
      reference_id: `shopify-${order.legacyResourceId}`,
      status: order.shipped ? 'Completed' : 'Processing',
      status_details: [],
      location: SHIPBOB_LOCATION,
      products,
      actual_fulfillment_date: order.shippedAt,
      estimated_fulfillment_date: null,
      delivery_date: null,
      is_tracking_uploaded: order.shipped,
      tracking:
        order.shipped && order.trackingNumber !== null && order.shippedAt !== null
          ? { carrier: 'USPS', carrier_service: 'Ground Advantage', tracking_number: order.trackingNumber, tracking_url: `https://tools.usps.com/go/TrackConfirmAction?tLabels=${order.trackingNumber}`, shipping_date: order.shippedAt }
          : null,
    });
    state.orders[String(id)] = {
      id,
      reference_id: `shopify-${order.legacyResourceId}`,
      order_number: order.name,
      status: order.shipped ? 'Fulfilled' : 'Processing',
      type: 'DTC',
      channel: SHIPBOB_CHANNEL,
      created_date: order.createdAt,
      purchase_date: order.createdAt,
      shipping_method: 'Standard',
      recipient: { name: `${order.firstName} ${order.lastName}`, email: order.email, address: { address1: '100 Main St', city: 'Springfield', state: 'IL', country: 'US', zip_code: '62701' } },
      products,
      shipments,
    };
  }
  return state;
}
