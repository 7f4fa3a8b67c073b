import type { ShipTo } from '../../../../shared/vendors/shopify-order';
import { fromMinorUnits } from '../../../../shared/money';
import type { ShipStationConnector } from '../../connectors/shipstation';
import type { Codec, Data } from './codec';
import { linesOf, text, unitCount } from './codec';

/**
 * Canonical Order → ShipStation order (apis.md): `POST /orders/createorder`
 * keyed by `orderKey` (the xref, `shopify-<id>`), the recipient from the
 * order's `shipTo`. `createorder` also updates an order it knows, status and
 * all — so an order ShipStation already holds (perhaps shipped) is found by
 * its order number and left as it is, never sent again.
 */
interface ShipStationOrder {
  orderKey?: string;
  items?: { quantity?: unknown }[];
}

export function shipstationOrder(shipstation: ShipStationConnector): Codec {
  const find = async (record: Data, key: string): Promise<{ ok: true; order: ShipStationOrder | null } | { ok: false; reason: string }> => {
    try {
      for await (const page of shipstation.list('orders', { orderNumber: text(record['name']) })) {
        const found = (page as ShipStationOrder[]).find((order) => order.orderKey === key);
        if (found !== undefined) return { ok: true, order: found };
      }
      return { ok: true, order: null };
    } catch (error: unknown) {
      return { ok: false, reason: error instanceof Error ? error.message : String(error) };
    }
  };
  return {
    async write(record, key) {
      const existing = await find(record, key);
      if (!existing.ok) return { outcome: { kind: 'transient', reason: existing.reason } };
      if (existing.order !== null) return { outcome: { kind: 'ok' }, response: existing.order };
      const shipTo = record['shipTo'] as ShipTo | null | undefined;
      if (typeof shipTo !== 'object' || shipTo === null || typeof shipTo.address1 !== 'string' || shipTo.address1 === '') {
        return { outcome: { kind: 'permanent', reason: 'ShipStation needs a ship-to address and this order has no shipTo (it comes with Shopify’s orders/create webhook; map shipTo into the 3PL order)' } };
      }
      const currency = text(record['currency']) || 'USD';
      const address = { name: shipTo.name, street1: shipTo.address1, city: shipTo.city, state: shipTo.state, postalCode: shipTo.zip, country: shipTo.country };
      const body = {
        orderNumber: text(record['name']),
        orderKey: key,
        orderDate: text(record['placedAt']),
        orderStatus: 'awaiting_shipment',
        customerEmail: text(record['customerEmail']),
        billTo: address,
        shipTo: address,
        items: linesOf(record).map((line, index) => ({ lineItemKey: String(index + 1), sku: text(line.sku), quantity: Number(line.quantity ?? 0), unitPrice: Number(fromMinorUnits(Number(line.unitPrice ?? 0), currency)) })),
      };
      const result = await shipstation.upsertOrder(body);
      return result.ok ? { outcome: { kind: 'ok' }, response: result.value } : { outcome: result.failure };
    },
    async lookup(record, key) {
      const found = await find(record, key);
      return found.ok && found.order !== null ? { found: true, response: found.order } : { found: false };
    },
    async readBack(record, key) {
      const found = await find(record, key);
      if (!found.ok) return { acked: false, reason: `read-back failed: ${found.reason}` };
      if (found.order === null) return { acked: false, reason: `ShipStation has no order ${key} on read-back` };
      const wanted = unitCount(linesOf(record));
      const held = unitCount(found.order.items ?? []);
      return held === wanted ? { acked: true, reason: 'read back' } : { acked: false, reason: `ShipStation order ${key} holds ${held} units, ${wanted} were sent` };
    },
  };
}
