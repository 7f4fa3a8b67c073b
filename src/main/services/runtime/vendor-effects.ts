import type { Outcome } from '../../../shared/runtime/failure';
import type { ManagedConnectorInstance } from '../connectors/connectors';
import { NetSuiteConnector } from '../connectors/netsuite';
import { ShipBobConnector } from '../connectors/shipbob';
import { fromMinorUnits } from '../../../shared/money';
import type { Effects } from './executor';

/**
 * Effects over the managed connectors: each (system, entity) a flow writes
 * has a codec from Steward's canonical record to the vendor's and back.
 * Entities without one yet are refused with that reason, never skipped.
 *
 * Codecs so far: Customer in NetSuite (`customer`, upserted by external id);
 * Order in NetSuite (`salesOrder` by external id, its customer upserted as
 * `shopify-customer-<order id>` and its items found by SKU). ShipBob orders
 * need a recipient, which the binding surface of Shopify's orders does not
 * carry: they are refused with that reason until a record brings `shipTo`.
 */
type Data = Record<string, unknown>;

interface Codec {
  write(record: Data, key: string): Promise<{ outcome: Outcome; response?: unknown }>;
  lookup(key: string): Promise<{ found: boolean; response?: unknown }>;
  /** Reads the record back and says whether it holds what was written. */
  readBack(record: Data, key: string, fields: readonly string[]): Promise<{ acked: boolean; reason: string }>;
}

/** Canonical Customer field → NetSuite customer field. */
const NETSUITE_CUSTOMER: Readonly<Record<string, string>> = { email: 'email', firstName: 'firstName', lastName: 'lastName', phone: 'phone' };

function netsuiteCustomer(netsuite: NetSuiteConnector): Codec {
  return {
    async write(record, key) {
      const body = Object.fromEntries(Object.entries(NETSUITE_CUSTOMER).filter(([field]) => record[field] !== undefined && record[field] !== null).map(([field, name]) => [name, record[field]]));
      const result = await netsuite.upsert('customer', key, { ...body, entityId: body['email'] ?? key });
      return result.ok ? { outcome: { kind: 'ok' }, response: result.value } : { outcome: result.failure };
    },
    async lookup(key) {
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
    async lookup(key) {
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

export class VendorEffects implements Effects {
  private orders: Codec | undefined;

  constructor(private readonly connectors: ReadonlyMap<string, ManagedConnectorInstance>) {}

  private codec(system: string, entity: string): Codec | null {
    const connector = this.connectors.get(system);
    if (connector instanceof NetSuiteConnector && entity === 'Customer') return netsuiteCustomer(connector);
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

  read(step: Parameters<Effects['read']>[0]): ReturnType<Effects['read']> {
    return Promise.resolve({ outcome: { kind: 'permanent', reason: `Steward cannot read ${step.entity} from ${step.system} yet` } });
  }

  async write(step: Parameters<Effects['write']>[0], record: Data, key: string): ReturnType<Effects['write']> {
    const codec = this.codec(step.system, step.entity);
    if (codec === null) return { outcome: this.missing(step.system, step.entity) };
    return codec.write(record, key);
  }

  async lookup(step: Parameters<Effects['lookup']>[0], _record: Data, key: string): ReturnType<Effects['lookup']> {
    return (await this.codec(step.system, step.entity)?.lookup(key)) ?? { found: false };
  }

  async ack(step: Parameters<Effects['ack']>[0], write: Parameters<Effects['ack']>[1]): ReturnType<Effects['ack']> {
    const codec = this.codec(write.step.system, write.step.entity);
    if (codec === null) return { acked: false, reason: `no way to read ${write.step.entity} back from ${write.step.system} yet` };
    if (step.mode !== 'read-back') return { acked: false, reason: `${step.mode} acks are not implemented yet; use read-back` };
    return codec.readBack(write.record, write.idempotencyKey, write.step.fields);
  }

  request(step: Parameters<Effects['request']>[0]): ReturnType<Effects['request']> {
    return Promise.resolve({ confirmed: false, reason: `requests to ${step.system} are not wired to the ledger yet` });
  }
}

/** A scalar as text; '' for anything else. */
function text(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : '';
}
