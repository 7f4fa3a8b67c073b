import type { ShipTo } from '../../../../shared/vendors/shopify-order';
import type { ShipBobConnector } from '../../connectors/shipbob';
import type { Codec } from './codec';
import { linesOf, text, unitCount } from './codec';

/**
 * Canonical Order → ShipBob order (apis.md): `reference_id` is the xref key
 * (`shopify-<id>`), products by SKU, the recipient from the order's `shipTo`
 * — which only Shopify's `orders/create` webhook carries, so an order read
 * some other way is refused with that reason rather than sent half-made.
 */
export function shipbobOrder(shipbob: ShipBobConnector): Codec {
  const find = async (key: string): Promise<{ ok: true; order: { products?: { quantity?: unknown }[] } | null } | { ok: false; reason: string }> => {
    const result = await shipbob.get(`/2026-01/order?ReferenceIds=${encodeURIComponent(key)}`);
    if (!result.ok) return { ok: false, reason: result.failure.reason };
    const orders = Array.isArray(result.value) ? (result.value as { reference_id?: unknown; products?: { quantity?: unknown }[] }[]) : [];
    return { ok: true, order: orders.find((order) => order.reference_id === key) ?? null };
  };
  return {
    async write(record, key) {
      const shipTo = record['shipTo'] as ShipTo | null | undefined;
      if (typeof shipTo !== 'object' || shipTo === null || typeof shipTo.address1 !== 'string' || shipTo.address1 === '') {
        // An order ShipBob already holds needs nothing more from us.
        const existing = await find(key);
        if (existing.ok && existing.order !== null) return { outcome: { kind: 'ok' }, response: existing.order };
        return { outcome: { kind: 'permanent', reason: 'ShipBob needs a recipient and this order has no shipTo (it comes with Shopify’s orders/create webhook; map shipTo into the 3PL order)' } };
      }
      const body = {
        reference_id: key,
        order_number: text(record['name']),
        shipping_method: 'Standard',
        recipient: { name: shipTo.name, email: text(record['customerEmail']), address: { address1: shipTo.address1, city: shipTo.city, state: shipTo.state, country: shipTo.country, zip_code: shipTo.zip } },
        products: linesOf(record).map((line) => ({ reference_id: text(line.sku), quantity: Number(line.quantity ?? 0) })),
      };
      const result = await shipbob.post('/2026-01/order', body);
      if (result.ok) return { outcome: { kind: 'ok' }, response: result.value };
      // ShipBob refuses a second order with the same reference id: that order is this write, already done.
      if (result.status === 422) {
        const existing = await find(key);
        if (existing.ok && existing.order !== null) return { outcome: { kind: 'ok' }, response: existing.order };
      }
      return { outcome: result.failure };
    },
    async lookup(_record, key) {
      const found = await find(key);
      return found.ok && found.order !== null ? { found: true, response: found.order } : { found: false };
    },
    async readBack(record, key) {
      const found = await find(key);
      if (!found.ok) return { acked: false, reason: `read-back failed: ${found.reason}` };
      if (found.order === null) return { acked: false, reason: `ShipBob has no order ${key} on read-back` };
      const wanted = unitCount(linesOf(record));
      const held = unitCount(found.order.products ?? []);
      return held === wanted ? { acked: true, reason: 'read back' } : { acked: false, reason: `ShipBob order ${key} holds ${held} units, ${wanted} were sent` };
    },
  };
}
