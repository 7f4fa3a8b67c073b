import type { Outcome } from '../../../shared/runtime/failure';
import type { ManagedConnectorInstance } from '../connectors/connectors';
import { NetSuiteConnector } from '../connectors/netsuite';
import { ShipBobConnector } from '../connectors/shipbob';
import { ShopifyConnector } from '../connectors/shopify';
import type { ReservationLedger } from './reservation-ledger';
import { netsuiteAvailable } from './sources';
import { fromMinorUnits } from '../../../shared/money';
import type { Effects } from './executor';

/**
 * Effects over the managed connectors: each (system, entity) a flow writes
 * has a codec from Steward's canonical record to the vendor's and back.
 * Entities without one yet are refused with that reason, never skipped.
 *
 * Codecs so far: Customer in NetSuite (`customer`, upserted by external id);
 * Order in NetSuite (`salesOrder` by external id, its customer upserted as
 * `shopify-customer-<order id>` and its items found by SKU); InventoryLevel in
 * Shopify (available-to-promise by compare-and-set). Reservation requests to
 * NetSuite are decided by the ledger from NetSuite's available. ShipBob orders
 * need a recipient, which the binding surface of Shopify's orders does not
 * carry: they are refused with that reason until a record brings `shipTo`.
 */
type Data = Record<string, unknown>;

interface Codec {
  /** The record by its key in this system, canonical; null when there is none. */
  read?(key: string): Promise<{ outcome: Outcome; record?: Data }>;
  write(record: Data, key: string): Promise<{ outcome: Outcome; response?: unknown }>;
  lookup(record: Data, key: string): Promise<{ found: boolean; response?: unknown }>;
  /** Reads the record back and says whether it holds what was written. */
  readBack(record: Data, key: string, fields: readonly string[]): Promise<{ acked: boolean; reason: string }>;
}

/** Canonical Customer field → NetSuite customer field. */
const NETSUITE_CUSTOMER: Readonly<Record<string, string>> = { email: 'email', firstName: 'firstName', lastName: 'lastName', phone: 'phone' };

function netsuiteCustomer(netsuite: NetSuiteConnector): Codec {
  return {
    async read(key) {
      const result = await netsuite.get('customer', { externalId: key });
      if (!result.ok) return { outcome: result.failure };
      if (result.value === null) return { outcome: { kind: 'permanent', reason: `NetSuite has no customer eid:${key}` } };
      const stored = result.value as Data;
      return { outcome: { kind: 'ok' }, record: Object.fromEntries(Object.entries(NETSUITE_CUSTOMER).map(([field, name]) => [field, stored[name] ?? null])) };
    },
    async write(record, key) {
      const body = Object.fromEntries(Object.entries(NETSUITE_CUSTOMER).filter(([field]) => record[field] !== undefined && record[field] !== null).map(([field, name]) => [name, record[field]]));
      const result = await netsuite.upsert('customer', key, { ...body, entityId: body['email'] ?? key });
      return result.ok ? { outcome: { kind: 'ok' }, response: result.value } : { outcome: result.failure };
    },
    async lookup(_record, key) {
      const result = await netsuite.get('customer', { externalId: key });
      return result.ok && result.value !== null ? { found: true, response: result.value } : { found: false };
    },
    async readBack(record, key, fields) {
      const result = await netsuite.get('customer', { externalId: key });
      if (!result.ok) return { acked: false, reason: `read-back failed: ${result.failure.reason}` };
      if (result.value === null) return { acked: false, reason: `customer eid:${key} is not in NetSuite on read-back` };
      const stored = result.value as Data;
      const differing = fields.filter((field) => NETSUITE_CUSTOMER[field] !== undefined && record[field] !== undefined && record[field] !== null && stored[NETSUITE_CUSTOMER[field] ?? field] !== record[field]);
      return differing.length === 0 ? { acked: true, reason: 'read back' } : { acked: false, reason: `read back with different ${differing.join(', ')}` };
    },
  };
}

interface Line {
  readonly sku?: unknown;
  readonly quantity?: unknown;
  readonly unitPrice?: unknown;
}

/** Canonical Order → NetSuite sales order, as apis.md describes it. */
function netsuiteSalesOrder(netsuite: NetSuiteConnector): Codec {
  // Item ids by SKU, found once per run.
  const items = new Map<string, string | null>();
  const itemId = async (sku: string): Promise<string | null> => {
    if (!items.has(sku)) {
      let found: string | null = null;
      for await (const page of netsuite.list('inventoryItem', { q: `itemId IS "${sku.replace(/"/g, '')}"`, limit: 1 })) found = page[0]?.id ?? null;
      items.set(sku, found);
    }
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
      const itemLines = [];
      for (const line of lines(record)) {
        // An unknown SKU is sent as it is: NetSuite's own INVALID_KEY_OR_REF says what is wrong, for the dead letter.
        itemLines.push({ item: { id: await itemId(text(line.sku)) }, quantity: Number(line.quantity ?? 0), rate: Number(fromMinorUnits(Number(line.unitPrice ?? 0), currency)) });
      }
      const body = { otherRefNum: text(record['name']), tranDate: text(record['placedAt']).slice(0, 10), currency: { refName: currency }, entity: { id: entity }, item: { items: itemLines } };
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
function shopifyStock(shopify: ShopifyConnector, ledger: ReservationLedger | null): Codec {
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
    async readBack(record) {
      const now = await current(text(record['sku']));
      if (typeof now === 'string') return { acked: false, reason: `read-back failed: ${now}` };
      const wanted = target(record);
      return now.quantity === wanted ? { acked: true, reason: 'read back' } : { acked: false, reason: `Shopify shows ${now.quantity} available for ${text(record['sku'])}, ${wanted} was set` };
    },
  };
}

export class VendorEffects implements Effects {
  private orders: Codec | undefined;

  constructor(
    private readonly connectors: ReadonlyMap<string, ManagedConnectorInstance>,
    /** The governor's ledger: reservation requests are decided here, and stock published net of them. */
    private readonly ledger: ReservationLedger | null = null,
  ) {}

  private codec(system: string, entity: string): Codec | null {
    const connector = this.connectors.get(system);
    if (connector instanceof NetSuiteConnector && entity === 'Customer') return netsuiteCustomer(connector);
    if (connector instanceof ShopifyConnector && entity === 'InventoryLevel') return shopifyStock(connector, this.ledger);
    if (connector instanceof NetSuiteConnector && entity === 'Order') {
      // One per system, so its item look-ups are shared across the run.
      this.orders ??= netsuiteSalesOrder(connector);
      return this.orders;
    }
    return null;
  }

  private missing(system: string, entity: string): { kind: 'permanent'; reason: string } {
    if (!this.connectors.has(system)) return { kind: 'permanent', reason: `the environment has no system "${system}"` };
    if (entity === 'Order' && this.connectors.get(system) instanceof ShipBobConnector) {
      return { kind: 'permanent', reason: 'ShipBob needs a recipient for an order, and the order carries none (Shopify’s shipping address is not in the binding surface Steward reads)' };
    }
    return { kind: 'permanent', reason: `Steward cannot write ${entity} into ${system} yet` };
  }

  async read(step: Parameters<Effects['read']>[0], _record: Data, key: string | null): ReturnType<Effects['read']> {
    const codec = this.codec(step.system, step.entity);
    if (codec?.read === undefined || key === null) return { outcome: { kind: 'permanent', reason: `Steward cannot read ${step.entity} from ${step.system}${key === null ? ' without a key' : ''} yet` } };
    return codec.read(key);
  }

  async write(step: Parameters<Effects['write']>[0], record: Data, key: string): ReturnType<Effects['write']> {
    const codec = this.codec(step.system, step.entity);
    if (codec === null) return { outcome: this.missing(step.system, step.entity) };
    return codec.write(record, key);
  }

  async lookup(step: Parameters<Effects['lookup']>[0], _record: Data, key: string): ReturnType<Effects['lookup']> {
    return (await this.codec(step.system, step.entity)?.lookup(_record, key)) ?? { found: false };
  }

  async ack(step: Parameters<Effects['ack']>[0], write: Parameters<Effects['ack']>[1]): ReturnType<Effects['ack']> {
    const codec = this.codec(write.step.system, write.step.entity);
    if (codec === null) return { acked: false, reason: `no way to read ${write.step.entity} back from ${write.step.system} yet` };
    if (step.mode !== 'read-back') return { acked: false, reason: `${step.mode} acks are not implemented yet; use read-back` };
    return codec.readBack(write.record, write.idempotencyKey, write.step.fields);
  }

  /**
   * A reservation asked of the owner: every line of the order is reserved from
   * the owner's available quantity, or none is (a line refused releases the
   * others). Other requests are not wired yet and are denied with that reason.
   */
  async request(step: Parameters<Effects['request']>[0], record: Data, transactionId: string): ReturnType<Effects['request']> {
    const owner = this.connectors.get(step.system);
    if (step.entity !== 'Reservation' || !(owner instanceof NetSuiteConnector) || this.ledger === null) {
      return { confirmed: false, reason: `requests for ${step.entity} to ${step.system} are not wired yet` };
    }
    const ledger = this.ledger;
    const lines = Array.isArray(record['lines']) ? (record['lines'] as Line[]) : [];
    const held: string[] = [];
    for (const line of lines) {
      const sku = text(line.sku);
      const available = await this.ownerAvailable(owner, sku);
      const reservation = ledger.request({ id: `${transactionId}:${sku}`, sku, quantity: Number(line.quantity ?? 0), orderId: text(record['orderId']), ttlSeconds: step.ttlSeconds }, available ?? 0);
      if (reservation.state !== 'confirmed') {
        for (const id of held) ledger.release(id);
        return { confirmed: false, reason: `${sku}: ${reservation.reason}` };
      }
      held.push(reservation.id);
    }
    return { confirmed: true, reason: `${held.length} line${held.length === 1 ? '' : 's'} reserved` };
  }

  /** The owner's available quantity for a SKU, read from NetSuite (never from a replica). */
  private async ownerAvailable(netsuite: NetSuiteConnector, sku: string): Promise<number | null> {
    let itemId: string | undefined;
    for await (const page of netsuite.list('inventoryItem', { q: `itemId IS "${sku.replace(/"/g, '')}"`, limit: 1 })) itemId ??= page[0]?.id;
    return itemId === undefined ? null : netsuiteAvailable(netsuite, itemId);
  }
}

/** A scalar as text; '' for anything else. */
function text(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : '';
}
