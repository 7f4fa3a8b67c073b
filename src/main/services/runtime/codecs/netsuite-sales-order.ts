import { fromMinorUnits } from '../../../../shared/money';
import type { NetSuiteConnector } from '../../connectors/netsuite';
import type { Codec, Data, Line } from './codec';
import { text } from './codec';
import { netsuiteItemId } from '../sources';

/** Canonical Order → NetSuite sales order, as apis.md describes it. */
export function netsuiteSalesOrder(netsuite: NetSuiteConnector): Codec {
  // Item ids by SKU, found once per run.
  const items = new Map<string, string | null>();
  const itemId = async (sku: string): Promise<string | null> => {
    if (!items.has(sku)) items.set(sku, await netsuiteItemId(netsuite, sku));
    return items.get(sku) ?? null;
  };
  const lines = (record: Data): Line[] => (Array.isArray(record['lines']) ? (record['lines'] as Line[]) : []);
  return {
    async write(record, key) {
      const orderId = text(record['orderId']);
      const currency = text(record['currency']) || 'USD';
      // The order's customer, by the xref convention: upserted, so a retry finds the same one.
      const customerKey = `shopify-customer-${orderId}`;
      const customer = await netsuite.upsert('customer', customerKey, { entityId: `Shopify customer ${text(record['name'])}`, ...(text(record['customerEmail']) === '' ? {} : { email: record['customerEmail'] }) });
      if (!customer.ok) return { outcome: customer.failure };
      const found = await netsuite.get('customer', { externalId: customerKey });
      if (!found.ok) return { outcome: found.failure };
      const entity = (found.value as { id?: string } | null)?.id;
      if (entity === undefined) return { outcome: { kind: 'unknown', reason: `customer ${customerKey} was upserted but cannot be read back` } };
      // The lines are sent when the order is made; an order already there keeps its own, which the
      // ERP may have started to fulfil or bill — a re-sent sublist would undo that.
      const existing = await netsuite.get('salesOrder', { externalId: key });
      const present = existing.ok && existing.value !== null;
      const itemLines = [];
      for (const line of present ? [] : lines(record)) {
        // An unknown SKU is sent as it is: NetSuite's own INVALID_KEY_OR_REF says what is wrong, for the dead letter.
        itemLines.push({ item: { id: await itemId(text(line.sku)) }, quantity: Number(line.quantity ?? 0), rate: Number(fromMinorUnits(Number(line.unitPrice ?? 0), currency)) });
      }
      const body = { otherRefNum: text(record['name']), tranDate: text(record['placedAt']).slice(0, 10), currency: { refName: currency }, entity: { id: entity }, ...(present ? {} : { item: { items: itemLines } }) };
      const result = await netsuite.upsert('salesOrder', key, body);
      return result.ok ? { outcome: { kind: 'ok' }, response: result.value } : { outcome: result.failure };
    },
    async lookup(_record, key) {
      const result = await netsuite.get('salesOrder', { externalId: key });
      return result.ok && result.value !== null ? { found: true, response: result.value } : { found: false };
    },
    async readBack(record, key) {
      const result = await netsuite.get('salesOrder', { externalId: key }, true);
      if (!result.ok) return { acked: false, reason: `read-back failed: ${result.failure.reason}` };
      if (result.value === null) return { acked: false, reason: `sales order eid:${key} is not in NetSuite on read-back` };
      const stored = result.value as { otherRefNum?: unknown; item?: { items?: { quantity?: unknown }[] } };
      const wanted = lines(record).reduce((sum, line) => sum + Number(line.quantity ?? 0), 0);
      const held = (stored.item?.items ?? []).reduce((sum, line) => sum + Number(line.quantity ?? 0), 0);
      if (stored.otherRefNum !== record['name']) return { acked: false, reason: `sales order eid:${key} holds ${text(stored.otherRefNum)}, not ${text(record['name'])}` };
      return held === wanted ? { acked: true, reason: 'read back' } : { acked: false, reason: `sales order eid:${key} holds ${held} units, ${wanted} were sent` };
    },
  };
}
