import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EnvironmentFile } from '../../../shared/environment/environment-file';
import { Sandbox } from '../../sandbox/sandbox';
import { loadScenario } from '../../sandbox/scenarios';
import { ConnectorFailure } from './connector';
import { connectorFor } from './connectors';
import { NetSuiteConnector } from './netsuite';
import { ShipBobConnector } from './shipbob';
import { ShipStationConnector } from './shipstation';
import { ShopifyConnector } from './shopify';
import { StripeConnector } from './stripe';

/**
 * The managed connectors against the staging simulators over real HTTP, using
 * only the environment file the sandbox writes (as a user's would be).
 */
let sandbox: Sandbox;
let environment: EnvironmentFile;
beforeAll(async () => {
  sandbox = await Sandbox.start({ scenario: loadScenario('order-to-cash'), seed: 11, limits: true });
  environment = sandbox.environment();
});
afterAll(async () => {
  await sandbox.stop();
});

function connector<T>(system: string, kind: new (...args: never[]) => T): T {
  const binding = environment.systems[system];
  if (binding === undefined) throw new Error(`no ${system}`);
  const made = connectorFor(system, binding);
  if (!(made instanceof kind)) throw new Error(`${system} is not a ${kind.name}`);
  return made;
}

async function all<T>(pages: AsyncGenerator<T[]>): Promise<T[]> {
  const items: T[] = [];
  for await (const page of pages) items.push(...page);
  return items;
}

describe('the managed connectors, against the sandbox', () => {
  it('NetSuite: pages through a list, reads by external id, and upserts idempotently by eid', async () => {
    const netsuite = connector('netsuite', NetSuiteConnector);
    const small = await all(netsuite.list('salesOrder', { limit: 7 }));
    const whole = await all(netsuite.list('salesOrder', { limit: 1000 }));
    expect(small.length).toBeGreaterThan(7);
    expect(small.map((item) => item.id)).toEqual(whole.map((item) => item.id));

    const first = await netsuite.get('salesOrder', whole[0]?.id ?? '', true);
    if (!first.ok) throw new Error(first.failure.reason);
    const externalId = (first.value as { externalId: string }).externalId;
    const byEid = await netsuite.get('salesOrder', { externalId });
    expect(byEid.ok && (byEid.value as { id: string }).id).toBe(whole[0]?.id);
    expect(await netsuite.get('salesOrder', { externalId: 'shopify-does-not-exist' })).toMatchObject({ ok: true, value: null });

    // A new order for the same customer and items as the first one.
    const existing = first.value as { entity: unknown; currency: unknown; item: { items: { item: unknown; quantity: number; rate: number }[] } };
    const body = { tranDate: '2026-11-20', entity: existing.entity, currency: existing.currency, item: { items: existing.item.items.map(({ item, quantity, rate }) => ({ item, quantity, rate })) } };
    for (let time = 0; time < 2; time += 1) {
      const upserted = await netsuite.upsert('salesOrder', 'shopify-connector-test', body);
      expect(upserted.ok ? 'ok' : upserted.failure.reason).toBe('ok');
    }
    expect(await all(netsuite.list('salesOrder', { q: 'externalId IS "shopify-connector-test"' }))).toHaveLength(1);
  });

  it('Stripe: pages with starting_after, and a repeated Idempotency-Key creates one refund', async () => {
    const stripe = connector('stripe', StripeConnector);
    const paged = await all(stripe.list('/v1/payment_intents', { limit: 3 }));
    const whole = await all(stripe.list('/v1/payment_intents', { limit: 100 }));
    expect(paged.length).toBeGreaterThan(3);
    expect(paged.map((item) => item.id)).toEqual(whole.map((item) => item.id));
    const captured = whole.find((intent) => (intent as { status?: string }).status === 'succeeded');
    const refunds = async () => (await all(stripe.list('/v1/refunds', { payment_intent: captured?.id ?? '' }))).length;
    const before = await refunds();
    const refund = async () => stripe.post('/v1/refunds', { payment_intent: captured?.id, amount: 100, metadata: { reason: 'connector test' } }, 'connector-test-refund');
    const [a, b] = [await refund(), await refund()];
    expect(a.ok && b.ok).toBe(true);
    expect(a.ok && (a.value as { id: string }).id).toBe(b.ok && (b.value as { id: string }).id);
    expect(await refunds()).toBe(before + 1);
  });

  it('Shopify: pages a connection by cursor and keeps the cost bucket it reports', async () => {
    const shopify = connector('shopify', ShopifyConnector);
    expect(shopify.available()).toBeNull();
    const query = 'query Orders($after: String) { orders(first: 5, after: $after) { nodes { legacyResourceId } pageInfo { hasNextPage endCursor } } }';
    const orders = await all(shopify.paginate<{ legacyResourceId: string }>(query, (data) => (data as { orders: never }).orders));
    const once = await shopify.query<{ orders: { nodes: { legacyResourceId: string }[] } }>('{ orders(first: 250) { nodes { legacyResourceId } } }');
    if (!once.ok) throw new Error(once.failure.reason);
    expect(orders.length).toBeGreaterThan(5);
    expect(orders.map((order) => order.legacyResourceId)).toEqual(once.value.orders.nodes.map((order) => order.legacyResourceId));
    expect(shopify.available()).toBeGreaterThan(0);
    const broken = await shopify.query('{ orders(first: 5) { nope } }');
    expect(broken).toMatchObject({ ok: false, failure: { kind: 'permanent' } });
  });

  it('ShipBob and ShipStation: page by next-page and by page/pages; ShipStation upserts by orderKey', async () => {
    const shipbob = connector('shipbob', ShipBobConnector);
    const paged = await all(shipbob.list('/2026-01/order', { Limit: 4 }));
    const whole = await all(shipbob.list('/2026-01/order', { Limit: 250 }));
    expect(paged.length).toBeGreaterThan(4);
    expect(paged).toEqual(whole);

    const shipstation = connector('shipstation', ShipStationConnector);
    const order = { orderKey: 'shopify-connector-test', orderNumber: '#9999', orderDate: '2026-11-20T09:00:00Z', orderStatus: 'awaiting_shipment', billTo: { name: 'A' }, shipTo: { name: 'A' }, items: [{ sku: 'TEE-BLK-M', quantity: 1 }] };
    for (let time = 0; time < 2; time += 1) expect((await shipstation.upsertOrder(order)).ok).toBe(true);
    const found = await all(shipstation.list('orders', { orderNumber: '#9999' }));
    expect(found).toHaveLength(1);
  });

  it('says exactly what failed: a wrong credential is a permanent 401 with the vendor’s words, and a list stops with it', async () => {
    const binding = environment.systems['netsuite'];
    if (binding === undefined) throw new Error('no netsuite');
    const wrong = connectorFor('netsuite', { ...binding, credentials: { token: 'ns_wrong_token' } });
    if (!(wrong instanceof NetSuiteConnector)) throw new Error('not netsuite');
    const result = await wrong.get('salesOrder', '1');
    expect(result).toMatchObject({ ok: false, status: 401, failure: { kind: 'permanent' } });
    expect(result.ok ? '' : result.failure.reason).toMatch(/^HTTP 401/);
    await expect(all(wrong.list('salesOrder'))).rejects.toBeInstanceOf(ConnectorFailure);
    expect(() => connectorFor('erp', { connector: 'sap', baseUrl: 'http://127.0.0.1:1', credentials: {}, options: {} })).toThrow(/Steward does not have/);
  });
});

describe('Stripe form encoding', () => {
  it('nests objects and lists the way Stripe reads them', async () => {
    const { formEncode } = await import('./stripe');
    expect(formEncode({ amount: 100, metadata: { shopify_order_id: '7000000001' }, expand: ['latest_charge'], skip: undefined })).toBe('amount=100&metadata%5Bshopify_order_id%5D=7000000001&expand%5B0%5D=latest_charge');
  });
});
