import type { PipelinePlan } from '../../../shared/compile/plan';
import { ORDER_QUERY, ShopifyOrder, decodeShopifyOrder } from '../../../shared/vendors/shopify-order';
import type { ManagedConnectorInstance } from '../connectors/connectors';
import { NetSuiteConnector } from '../connectors/netsuite';
import { ShopifyConnector } from '../connectors/shopify';
import type { TriggerRecord } from './executor';

/**
 * Where a trigger's transactions come from in a headless run: the trigger
 * system's records read through its connector. Shopify orders are read from
 * the beginning (a backfill); NetSuite stock is polled from a cursor — the
 * last modification seen by the previous run against the same environment —
 * so a run reads only what changed. Anything else says it cannot yet.
 */
export interface Polled {
  readonly records: TriggerRecord[];
  /** Where the next poll starts; null when this trigger keeps none. */
  readonly cursor: string | null;
}

export async function triggerRecords(plan: PipelinePlan, entry: string, connectors: ReadonlyMap<string, ManagedConnectorInstance>, since: string | null = null): Promise<Polled | string> {
  const step = plan.steps.get(entry);
  if (step?.kind !== 'trigger') return 'the entry is not a trigger';
  const connector = connectors.get(step.system);
  if (connector === undefined) return `the environment has no system "${step.system}"`;
  if (connector instanceof ShopifyConnector && step.entity === 'Order') return { records: await shopifyOrders(connector), cursor: null };
  if (connector instanceof NetSuiteConnector && step.entity === 'InventoryLevel') return netsuiteStock(connector, since);
  return `Steward cannot read ${step.entity} from ${step.system} as a trigger yet`;
}

async function shopifyOrders(shopify: ShopifyConnector): Promise<TriggerRecord[]> {
  const records: TriggerRecord[] = [];
  for await (const page of shopify.paginate<unknown>(ORDER_QUERY, (data) => (data as { orders: never }).orders, { first: 50 })) {
    for (const node of page) {
      const order = decodeShopifyOrder(ShopifyOrder.parse(node));
      records.push({ key: order.orderId, record: { ...order } });
    }
  }
  return records;
}

/**
 * NetSuite's stock per item changed since `since`: the owner's available
 * quantity, summed over its locations. NetSuite filters modification dates by
 * day (`ON_OR_AFTER "2026-11-20"`), so the day is asked for and the exact
 * timestamp compared here; the new cursor is the latest modification seen.
 */
async function netsuiteStock(netsuite: NetSuiteConnector, since: string | null): Promise<Polled> {
  const records: TriggerRecord[] = [];
  let cursor = since;
  const query = since === null ? {} : { q: `lastModifiedDate ON_OR_AFTER "${since.slice(0, 10)}"` };
  for await (const page of netsuite.list('inventoryItem', query)) {
    for (const { id } of page) {
      const item = await netsuite.get('inventoryItem', id);
      const value = item.ok ? (item.value as { itemId?: unknown; lastModifiedDate?: unknown } | null) : null;
      const sku = value?.itemId;
      const modified = typeof value?.lastModifiedDate === 'string' ? value.lastModifiedDate : null;
      if (typeof sku !== 'string') continue;
      if (since !== null && modified !== null && modified <= since) continue;
      if (modified !== null && (cursor === null || modified > cursor)) cursor = modified;
      const available = await netsuiteAvailable(netsuite, id);
      if (available !== null) records.push({ key: sku, record: { sku, available } });
    }
  }
  return { records, cursor };
}

/** NetSuite's internal id of the item with this SKU (its `itemId`); null when there is none. */
export async function netsuiteItemId(netsuite: NetSuiteConnector, sku: string): Promise<string | null> {
  for await (const page of netsuite.list('inventoryItem', { q: `itemId IS "${sku.replace(/"/g, '')}"`, limit: 1 })) return page[0]?.id ?? null;
  return null;
}

/** An item's available quantity over its locations, by internal id; null when NetSuite does not say. */
export async function netsuiteAvailable(netsuite: NetSuiteConnector, itemId: string): Promise<number | null> {
  let total: number | null = null;
  for await (const page of netsuite.listSub(`inventoryItem/${encodeURIComponent(itemId)}/locations`)) {
    for (const location of page as { quantityAvailable?: unknown }[]) total = (total ?? 0) + Number(location.quantityAvailable ?? 0);
  }
  return total;
}
