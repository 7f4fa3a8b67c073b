import type { World } from '../world/world';
import { money } from '../world/world';

/** ShipStation V1 orders (by orderKey) and shipments. Money is decimal. */
export interface ShipStationOrder {
  orderId: number;
  orderNumber: string;
  orderKey: string;
  orderDate: string;
  createDate: string;
  modifyDate: string;
  orderStatus: 'awaiting_payment' | 'awaiting_shipment' | 'shipped' | 'on_hold' | 'cancelled';
  customerEmail: string;
  shipTo: { name: string; street1: string; city: string; state: string; postalCode: string; country: string };
  items: { lineItemKey: string; sku: string; name: string; quantity: number; unitPrice: number }[];
  amountPaid: number;
  taxAmount: number;
  shippingAmount: number;
}

export interface ShipStationShipment {
  shipmentId: number;
  orderId: number;
  orderKey: string;
  orderNumber: string;
  createDate: string;
  shipDate: string;
  trackingNumber: string;
  carrierCode: string;
  serviceCode: string;
  voided: boolean;
  batchId: number;
  shipmentItems: { sku: string; name: string; quantity: number }[];
}

export interface ShipStationState {
  orders: Record<string, ShipStationOrder>;
  shipments: Record<string, ShipStationShipment>;
  sequence: number;
}

export function createShipStationState(world: World, include: boolean): ShipStationState {
  const state: ShipStationState = { orders: {}, shipments: {}, sequence: 900_000 };
  if (!include) return state;
  for (const order of world.orders) {
    if (!order.released) continue;
    state.sequence += 1;
    const orderId = state.sequence;
    const items = order.lines.map((line, index) => ({ lineItemKey: `${order.legacyResourceId}-${index + 1}`, sku: line.sku, name: line.sku, quantity: line.quantity, unitPrice: line.unitPriceCents / 100 }));
    state.orders[String(orderId)] = {
      orderId,
      orderNumber: order.name,
      orderKey: `shopify-${order.legacyResourceId}`,
      orderDate: order.createdAt,
      createDate: order.createdAt,
      modifyDate: order.shippedAt ?? order.createdAt,
      orderStatus: order.shipped ? 'shipped' : 'awaiting_shipment',
      customerEmail: order.email,
      shipTo: { name: `${order.firstName} ${order.lastName}`, street1: '100 Main St', city: 'Springfield', state: 'IL', postalCode: '62701', country: 'US' },
      items,
      amountPaid: Number(money(order.totalCents)),
      taxAmount: order.taxCents / 100,
      shippingAmount: order.shippingCents / 100,
    };
    if (order.shipped && order.shippedAt !== null && order.trackingNumber !== null) {
      state.sequence += 1;
      state.shipments[String(state.sequence)] = {
        shipmentId: state.sequence,
        orderId,
        orderKey: `shopify-${order.legacyResourceId}`,
        orderNumber: order.name,
        createDate: order.shippedAt,
        shipDate: order.shippedAt.slice(0, 10),
        trackingNumber: order.trackingNumber,
        carrierCode: 'stamps_com',
        serviceCode: 'usps_ground_advantage',
        voided: false,
        batchId: 0,
        shipmentItems: items.map((item) => ({ sku: item.sku, name: item.name, quantity: item.quantity })),
      };
    }
  }
  return state;
}
