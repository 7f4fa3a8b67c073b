import { toMinorUnits } from '../../../../shared/money';
import type { Scalar } from '../../../../shared/reconcile/table';
import { TableBuilder } from '../../../../shared/reconcile/table';
import type { NetSuiteConnector } from '../../connectors/netsuite';
import type { ReadContext, SystemReading } from './reader';
import { inPool, isNotFound, isoTime, keyFrom, upper, valueOf } from './reader';

/**
 * The ERP's sales orders with what was billed, credited and fulfilled
 * against them, its bank deposits and its stock, through the REST record
 * API. Lists give ids only, so each record is fetched, at most
 * `concurrency` at a time: NetSuite caps concurrent requests, not their rate.
 */
type Ref = { id?: string; refName?: string } | undefined;
type NsRecord = Record<string, unknown> & { id: string; externalId?: string; createdFrom?: Ref; total?: number; currency?: Ref };
type NsLine = { item?: Ref; quantity?: number };

const itemsOf = (record: NsRecord): NsLine[] => ((record['item'] as { items?: NsLine[] } | undefined)?.items ?? []);

export async function readNetSuite(connector: NetSuiteConnector, context: ReadContext): Promise<SystemReading> {
  const skipped: string[] = [];
  const records = async (type: string, optional = false): Promise<NsRecord[]> => {
    const ids: string[] = [];
    try {
      for await (const page of connector.list(type)) for (const item of page) ids.push(item.id);
    } catch (error) {
      if (optional && isNotFound(error)) {
        skipped.push(`${type}: the server has no ${type} records (HTTP 404), so deposits are not compared`);
        return [];
      }
      throw error;
    }
    let done = 0;
    return inPool(ids, context.concurrency, async (id) => {
      const record = valueOf(await connector.get(type, id, true)) as NsRecord | null;
      if (record !== null) context.observe(type, record);
      done += 1;
      if (done % 200 === 0 || done === ids.length) context.progress(type, done);
      return record ?? { id };
    });
  };

  // An incremental re-run first asks whether anything changed; NetSuite filters by day, so a change on
  // the day of the last reading (or after) re-reads it all, and none keeps the last reading as it was.
  if (context.previous !== null) {
    const since = `lastModifiedDate ON_OR_AFTER "${context.previous.since.slice(0, 10)}"`;
    let changes = 0;
    for (const type of ['salesOrder', 'invoice', 'creditMemo', 'itemFulfillment', 'inventoryItem']) {
      for await (const page of connector.list(type, { q: since, limit: 1 })) {
        changes += page.length;
        break;
      }
      if (changes > 0) break;
    }
    if (changes === 0) return { tables: context.previous.snapshot.tables, skipped: [...context.previous.snapshot.skipped], read: 'unchanged' };
  }
  const salesOrders = await records('salesOrder');
  const invoices = await records('invoice');
  const creditMemos = await records('creditMemo');
  const fulfilments = await records('itemFulfillment');
  const deposits = await records('deposit', true);

  // Billing and fulfilment hang off the sales order; a credit memo may point at the order or at its invoice.
  const currencyOf = new Map(salesOrders.map((order) => [order.id, order.currency?.refName ?? 'USD']));
  const orderOfInvoice = new Map(invoices.map((invoice) => [invoice.id, invoice.createdFrom?.id ?? '']));
  const billed = new Map<string, number>();
  const credited = new Map<string, number>();
  const fulfilled = new Map<string, Map<string, number>>();
  const add = (totals: Map<string, number>, order: string, amount: number | null): void => {
    if (amount !== null) totals.set(order, (totals.get(order) ?? 0) + amount);
  };
  for (const invoice of invoices) {
    const order = invoice.createdFrom?.id ?? '';
    add(billed, order, toMinorUnits(invoice.total, currencyOf.get(order) ?? invoice.currency?.refName ?? 'USD'));
  }
  for (const memo of creditMemos) {
    const from = memo.createdFrom?.id ?? '';
    const order = currencyOf.has(from) ? from : (orderOfInvoice.get(from) ?? from);
    add(credited, order, toMinorUnits(memo.total, currencyOf.get(order) ?? memo.currency?.refName ?? 'USD'));
  }
  for (const record of fulfilments) {
    const order = record.createdFrom?.id ?? '';
    const lines = fulfilled.get(order) ?? new Map<string, number>();
    for (const line of itemsOf(record)) {
      const sku = line.item?.refName ?? '';
      lines.set(sku, (lines.get(sku) ?? 0) + (line.quantity ?? 0));
    }
    fulfilled.set(order, lines);
  }

  const orders = new TableBuilder();
  const xref = context.xref('Order');
  for (const order of salesOrders) {
    const currency = order.currency?.refName ?? 'USD';
    const done = fulfilled.get(order.id);
    orders.add({
      key: keyFrom(order, xref),
      id: order.id,
      fields: {
        name: typeof order['otherRefNum'] === 'string' ? order['otherRefNum'] : null,
        createdAt: isoTime(order['tranDate']),
        currency: upper(currency),
        total: toMinorUnits(order.total, currency),
        // Not invoiced yet is "nothing billed", which the economics rule leaves out.
        billed: billed.get(order.id) ?? null,
        credited: credited.get(order.id) ?? 0,
        status: (order['status'] as Ref)?.refName ?? (order['orderStatus'] as Ref)?.refName ?? null,
      },
      lines: itemsOf(order).map((line): Record<string, Scalar> => ({ sku: line.item?.refName ?? null, quantity: (line.quantity ?? 0), fulfilled: done?.get(line.item?.refName ?? '') ?? 0 })),
    });
  }

  const settlements = new TableBuilder();
  const settlementXref = context.xref('Settlement');
  for (const deposit of deposits) {
    const currency = deposit.currency?.refName ?? 'USD';
    settlements.add({ key: keyFrom(deposit, settlementXref), id: deposit.id, fields: { deposited: toMinorUnits(deposit.total, currency), currency: upper(currency) } });
  }

  const stock = new TableBuilder();
  const items = await records('inventoryItem');
  await inPool(items, context.concurrency, async (item) => {
    const sku = typeof item['itemId'] === 'string' ? item['itemId'] : null;
    if (sku === null) return;
    const locations: { location?: Ref; quantityAvailable?: number; quantityOnHand?: number; quantityCommitted?: number }[] = [];
    for await (const page of connector.listSub(`inventoryItem/${encodeURIComponent(item.id)}/locations`)) locations.push(...(page as typeof locations));
    for (const level of locations) {
      const key = locations.length > 1 ? `${sku}@${level.location?.id ?? ''}` : sku;
      stock.add({ key, id: item.id, fields: { available: level.quantityAvailable ?? null, onHand: level.quantityOnHand ?? null, committed: level.quantityCommitted ?? null } });
    }
  });
  context.progress('stock levels', stock.size);
  return { tables: { Order: orders.finish(), Settlement: settlements.finish(), InventoryLevel: stock.finish() }, skipped };
}
