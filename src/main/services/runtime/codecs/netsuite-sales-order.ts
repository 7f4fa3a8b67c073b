import { fromMinorUnits } from '../../../../shared/money';
import type { Outcome } from '../../../../shared/runtime/failure';
import type { NetSuiteConnector } from '../../connectors/netsuite';
import type { Codec, Data } from './codec';
import { linesOf, text, unitCount } from './codec';
import { netsuiteItemId } from '../sources';

/** Canonical Order → NetSuite sales order, as apis.md describes it. */
export function netsuiteSalesOrder(netsuite: NetSuiteConnector, items = new Map<string, string | null>()): Codec {
  // Item ids by SKU, found once per run (the caller keeps the map across calls).
  const itemId = async (sku: string): Promise<string | null> => {
    if (!items.has(sku)) items.set(sku, await netsuiteItemId(netsuite, sku));
    return items.get(sku) ?? null;
  };
  /**
   * The order's NetSuite customer: its `erpCustomerId` when a step upstream
   * read it; otherwise upserted by the xref convention (`shopify-customer-<order id>`),
   * so a retry finds the same one.
   */
  const customerOf = async (record: Data): Promise<string | Exclude<Outcome, { kind: 'ok' }>> => {
    const known = text(record['erpCustomerId']);
    if (known !== '') return known;
    const customerKey = `shopify-customer-${text(record['orderId'])}`;
    const customer = await netsuite.upsert('customer', customerKey, { entityId: `Shopify customer ${text(record['name'])}`, ...(text(record['customerEmail']) === '' ? {} : { email: record['customerEmail'] }) });
    if (!customer.ok) return customer.failure;
    const found = await netsuite.get('customer', { externalId: customerKey });
    if (!found.ok) return found.failure;
    const id = (found.value as { id?: string } | null)?.id;
    return id ?? { kind: 'unknown', reason: `customer ${customerKey} was upserted but cannot be read back` };
  };
  return {
    async write(record, key, mode) {
      const currency = text(record['currency']) || 'USD';
      const entity = await customerOf(record);
      if (typeof entity !== 'string') return { outcome: entity };
      // Shipping and tax travel with the order, so the ERP's total is the storefront's (the reconciler compares them).
      const charges = Object.fromEntries(
        ([['shippingCost', record['shipping']], ['taxTotal', record['tax']]] as const).flatMap(([name, minor]) => (typeof minor === 'number' ? [[name, Number(fromMinorUnits(minor, currency))]] : [])),
      );
      const header = { otherRefNum: text(record['name']), tranDate: text(record['placedAt']).slice(0, 10), currency: { refName: currency }, entity: { id: entity }, ...charges };
      const withLines = async () => {
        const itemLines = [];
        for (const line of linesOf(record)) {
          // An unknown SKU is sent as it is: NetSuite's own INVALID_KEY_OR_REF says what is wrong, for the dead letter.
          itemLines.push({ item: { id: await itemId(text(line.sku)) }, quantity: Number(line.quantity ?? 0), rate: Number(fromMinorUnits(Number(line.unitPrice ?? 0), currency)) });
        }
        return { ...header, item: { items: itemLines } };
      };
      if (mode === 'create') {
        // POST with the external id: one request. NetSuite's DUP_RCRD means this order was made before — done.
        const created = await netsuite.create('salesOrder', key, await withLines());
        if (created.ok) return { outcome: { kind: 'ok' }, response: created.value };
        const existing = created.status === 400 && /already exists/i.test(created.failure.reason) ? await netsuite.get('salesOrder', { externalId: key }) : null;
        return existing?.ok === true && existing.value !== null ? { outcome: { kind: 'ok' }, response: existing.value } : { outcome: created.failure };
      }
      // The upsert (PUT eid:): an order already there keeps its own lines, which the ERP may have started
      // to fulfil or bill — a re-sent sublist would undo that — so only its header is sent.
      const existing = await netsuite.get('salesOrder', { externalId: key });
      const present = existing.ok && existing.value !== null;
      const result = await netsuite.upsert('salesOrder', key, present ? header : await withLines());
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
      const wanted = unitCount(linesOf(record));
      const held = unitCount(stored.item?.items ?? []);
      if (stored.otherRefNum !== record['name']) return { acked: false, reason: `sales order eid:${key} holds ${text(stored.otherRefNum)}, not ${text(record['name'])}` };
      return held === wanted ? { acked: true, reason: 'read back' } : { acked: false, reason: `sales order eid:${key} holds ${held} units, ${wanted} were sent` };
    },
  };
}
