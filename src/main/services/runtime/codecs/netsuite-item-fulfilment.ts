import type { NetSuiteConnector } from '../../connectors/netsuite';
import type { Codec, Data, Line } from './codec';
import { text } from './codec';

/**
 * Canonical Shipment → NetSuite item fulfilment (apis.md): the sales order
 * `shopify-<orderId>` transformed (`!transform/itemFulfillment`) with the
 * fulfilment's external id set to the write's key, so it is found again by
 * `eid:`. The transform is not idempotent, so the key is looked up first, and
 * a sales order whose every line is already fulfilled is taken as done.
 */
interface SalesOrder {
  id: string;
  item?: { items?: { quantity?: unknown; quantityFulfilled?: unknown; item?: { refName?: unknown } }[] };
}

export function netsuiteItemFulfilment(netsuite: NetSuiteConnector): Codec {
  const salesOrder = async (record: Data): Promise<{ ok: true; order: SalesOrder | null } | { ok: false; reason: string }> => {
    const result = await netsuite.get('salesOrder', { externalId: `shopify-${text(record['orderId'])}` }, true);
    return result.ok ? { ok: true, order: result.value as SalesOrder | null } : { ok: false, reason: result.failure.reason };
  };
  const fulfilment = async (key: string): Promise<unknown> => {
    const result = await netsuite.get('itemFulfillment', { externalId: key });
    return result.ok ? result.value : null;
  };
  return {
    async write(record, key) {
      const already = await fulfilment(key);
      if (already !== null) return { outcome: { kind: 'ok' }, response: already };
      const found = await salesOrder(record);
      if (!found.ok) return { outcome: { kind: 'transient', reason: found.reason } };
      if (found.order === null) return { outcome: { kind: 'permanent', reason: `NetSuite has no sales order shopify-${text(record['orderId'])} to fulfil` } };
      const lines = found.order.item?.items ?? [];
      if (lines.length > 0 && lines.every((line) => Number(line.quantityFulfilled ?? 0) >= Number(line.quantity ?? 0))) {
        return { outcome: { kind: 'ok' }, response: { salesOrder: found.order.id, alreadyFulfilled: true } };
      }
      const shipped = ((Array.isArray(record['lines']) ? record['lines'] : []) as Line[]).map((line) => ({ sku: text(line.sku), quantity: Number(line.quantity ?? 0) }));
      const items = lines.flatMap((line) => {
        const match = shipped.find((entry) => entry.sku === text(line.item?.refName));
        return match === undefined ? [] : [{ item: line.item, quantity: match.quantity }];
      });
      const result = await netsuite.transform(found.order.id, 'itemFulfillment', { externalId: key, ...(items.length === 0 ? {} : { item: { items } }) });
      return result.ok ? { outcome: { kind: 'ok' }, response: result.value } : { outcome: result.failure };
    },
    async lookup(_record, key) {
      const already = await fulfilment(key);
      return already === null ? { found: false } : { found: true, response: already };
    },
    async readBack(record, key) {
      if ((await fulfilment(key)) !== null) return { acked: true, reason: 'read back' };
      const found = await salesOrder(record);
      const lines = found.ok ? (found.order?.item?.items ?? []) : [];
      if (lines.length > 0 && lines.every((line) => Number(line.quantityFulfilled ?? 0) >= Number(line.quantity ?? 0))) return { acked: true, reason: 'the sales order is fulfilled' };
      return { acked: false, reason: `NetSuite has no item fulfilment ${key} on read-back` };
    },
  };
}
