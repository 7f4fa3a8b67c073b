import type { CanonicalRecord } from '../../../../shared/reconcile/table';
import { TableBuilder } from '../../../../shared/reconcile/table';
import type { ShipBobConnector } from '../../connectors/shipbob';
import type { ShipStationConnector } from '../../connectors/shipstation';
import type { ReadContext, SystemReading } from './reader';
import { isoTime, keyFrom } from './reader';

/**
 * A 3PL's orders with what actually left the warehouse, line by line. ShipBob
 * and ShipStation name things differently; both come back as the same
 * canonical order (name, status, lines with `shipped`), so the rules hold
 * across a 3PL swap.
 */
type Product = { reference_id?: string; sku?: string; quantity?: number };
interface ShipBobOrder {
  id: number;
  reference_id?: string;
  order_number?: string;
  status?: string;
  created_date?: string;
  products?: Product[];
  shipments?: { status?: string; products?: Product[]; actual_fulfillment_date?: string | null }[];
}

/** A shipment counts once it has left: ShipBob's Completed (and later Delivered). */
const LEFT = new Set(['Completed', 'Delivered']);

function order(key: string | null, id: string, fields: CanonicalRecord['fields'], ordered: readonly Product[], shipped: ReadonlyMap<string, number>): CanonicalRecord {
  const skus = new Map<string, number>();
  for (const line of ordered) {
    const sku = line.reference_id ?? line.sku ?? '';
    skus.set(sku, (skus.get(sku) ?? 0) + (line.quantity ?? 0));
  }
  for (const sku of shipped.keys()) if (!skus.has(sku)) skus.set(sku, 0);
  return { key, id, fields, lines: [...skus].map(([sku, quantity]) => ({ sku, quantity, shipped: shipped.get(sku) ?? 0 })) };
}

export async function readShipBob(connector: ShipBobConnector, context: ReadContext): Promise<SystemReading> {
  const orders = new TableBuilder();
  const xref = context.xref('Order');
  for await (const page of connector.list('/2026-01/order', { Limit: 250 })) {
    for (const raw of page as ShipBobOrder[]) {
      context.observe('order', raw);
      const shipped = new Map<string, number>();
      let shippedAt: string | null = null;
      for (const shipment of raw.shipments ?? []) {
        if (!LEFT.has(shipment.status ?? '')) continue;
        const at = isoTime(shipment.actual_fulfillment_date);
        if (at !== null && (shippedAt === null || at > shippedAt)) shippedAt = at;
        for (const line of shipment.products ?? []) {
          const sku = line.reference_id ?? line.sku ?? '';
          shipped.set(sku, (shipped.get(sku) ?? 0) + (line.quantity ?? 0));
        }
      }
      orders.add(order(keyFrom(raw, xref), String(raw.id), { name: raw.order_number ?? null, status: raw.status ?? null, createdAt: isoTime(raw.created_date), shippedAt }, raw.products ?? [], shipped));
    }
    context.progress('orders', orders.size);
  }
  return { tables: { Order: orders.finish() }, skipped: [] };
}

interface StationOrder {
  orderId: number;
  orderKey?: string;
  orderNumber?: string;
  orderStatus?: string;
  createDate?: string;
  items?: { sku?: string; quantity?: number }[];
}
interface StationShipment {
  orderId?: number;
  orderKey?: string;
  shipDate?: string;
  voided?: boolean;
  shipmentItems?: { sku?: string; quantity?: number }[] | null;
}

export async function readShipStation(connector: ShipStationConnector, context: ReadContext): Promise<SystemReading> {
  const stationOrders: StationOrder[] = [];
  for await (const page of connector.list('orders')) {
    for (const order of page) context.observe('orders', order);
    stationOrders.push(...(page as StationOrder[]));
    context.progress('orders', stationOrders.length);
  }
  const shipments: StationShipment[] = [];
  for await (const page of connector.list('shipments')) {
    for (const shipment of page) context.observe('shipments', shipment);
    shipments.push(...(page as StationShipment[]));
  }
  const byOrder = new Map<number, StationShipment[]>();
  for (const shipment of shipments) {
    if (shipment.voided === true || shipment.orderId === undefined) continue;
    byOrder.set(shipment.orderId, [...(byOrder.get(shipment.orderId) ?? []), shipment]);
  }
  const orders = new TableBuilder();
  const xref = context.xref('Order');
  for (const raw of stationOrders) {
    const shipped = new Map<string, number>();
    let shippedAt: string | null = null;
    for (const shipment of byOrder.get(raw.orderId) ?? []) {
      const at = isoTime(shipment.shipDate);
      if (at !== null && (shippedAt === null || at > shippedAt)) shippedAt = at;
      for (const line of shipment.shipmentItems ?? []) shipped.set(line.sku ?? '', (shipped.get(line.sku ?? '') ?? 0) + (line.quantity ?? 0));
    }
    orders.add(order(keyFrom(raw, xref), String(raw.orderId), { name: raw.orderNumber ?? null, status: raw.orderStatus ?? null, createdAt: isoTime(raw.createDate), shippedAt }, (raw.items ?? []).map((item) => ({ sku: item.sku ?? '', quantity: item.quantity ?? 0 })), shipped));
  }
  return { tables: { Order: orders.finish() }, skipped: [] };
}
