import type { ShopifyConnector } from '../../connectors/shopify';
import type { ReservationLedger } from '../reservation-ledger';
import type { Codec, Data } from './codec';
import { text } from './codec';

const STOCK_QUERY = `query Stock($query: String!) {
  inventoryItems(first: 1, query: $query) {
    nodes { id sku inventoryLevels(first: 1) { nodes { location { id } quantities(names: ["available"]) { name quantity } } } }
  }
}`;

const SET_STOCK = `mutation SetStock($input: InventorySetQuantitiesInput!) {
  inventorySetQuantities(input: $input) { userErrors { code field message } }
}`;

/** How many times a compare-and-set is tried again from a fresh read when the quantity moved under it. */
const STALE_RETRIES = 3;

/**
 * Canonical InventoryLevel → Shopify available stock, by compare-and-set
 * (apis.md): the quantity written is the owner's available less the open
 * reservations (available-to-promise), and it changes only from the quantity
 * just read — a stale compare is read again, never forced.
 */
export function shopifyStock(shopify: ShopifyConnector, ledger: ReservationLedger | null): Codec {
  const target = (record: Data): number => {
    const available = Number(record['available'] ?? 0);
    return ledger === null ? available : ledger.availableToPromise(text(record['sku']), available);
  };
  const current = async (sku: string): Promise<{ itemId: string; locationId: string; quantity: number } | string> => {
    const result = await shopify.query<{ inventoryItems: { nodes: { id: string; inventoryLevels: { nodes: { location: { id: string }; quantities: { name: string; quantity: number }[] }[] } }[] } }>(STOCK_QUERY, { query: `sku:${sku}` });
    if (!result.ok) return result.failure.reason;
    const item = result.value.inventoryItems.nodes[0];
    const level = item?.inventoryLevels.nodes[0];
    if (item === undefined || level === undefined) return `Shopify has no stocked item with SKU ${sku}`;
    return { itemId: item.id, locationId: level.location.id, quantity: level.quantities.find((quantity) => quantity.name === 'available')?.quantity ?? 0 };
  };
  return {
    async write(record) {
      const sku = text(record['sku']);
      const wanted = target(record);
      for (let attempt = 0; attempt <= STALE_RETRIES; attempt += 1) {
        const now = await current(sku);
        if (typeof now === 'string') return { outcome: { kind: 'permanent', reason: now } };
        if (now.quantity === wanted) return { outcome: { kind: 'ok' }, response: { sku, available: wanted, unchanged: true } };
        const input = { name: 'available', reason: 'correction', referenceDocumentUri: `steward://stock/${sku}`, quantities: [{ inventoryItemId: now.itemId, locationId: now.locationId, quantity: wanted, changeFromQuantity: now.quantity }] };
        const result = await shopify.query<{ inventorySetQuantities: { userErrors: { code?: string; message: string }[] } }>(SET_STOCK, { input });
        if (!result.ok) return { outcome: result.failure };
        const errors = result.value.inventorySetQuantities.userErrors;
        if (errors.length === 0) return { outcome: { kind: 'ok' }, response: { sku, available: wanted, from: now.quantity } };
        if (!errors.every((error) => error.code === 'COMPARE_QUANTITY_STALE')) return { outcome: { kind: 'permanent', reason: errors.map((error) => error.message).join('; ') } };
      }
      return { outcome: { kind: 'transient', reason: `Shopify's ${sku} kept changing under the compare-and-set (${STALE_RETRIES + 1} tries): another writer is racing` } };
    },
    async lookup(record) {
      const now = await current(text(record['sku']));
      return typeof now !== 'string' && now.quantity === target(record) ? { found: true, response: { available: now.quantity } } : { found: false };
    },
    async readBack(record, _key, _fields, response) {
      const now = await current(text(record['sku']));
      if (typeof now === 'string') return { acked: false, reason: `read-back failed: ${now}` };
      // What was written, not what would be written now: reservations taken since move the target.
      const written = (response as { available?: unknown } | null | undefined)?.available;
      const wanted = typeof written === 'number' ? written : target(record);
      return now.quantity === wanted ? { acked: true, reason: 'read back' } : { acked: false, reason: `Shopify shows ${now.quantity} available for ${text(record['sku'])}, ${wanted} was set` };
    },
  };
}
