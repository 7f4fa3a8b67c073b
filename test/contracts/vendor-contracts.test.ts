import { readFileSync, readdirSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { Sandbox } from '../../src/main/sandbox/sandbox';
import { loadScenario } from '../../src/main/sandbox/scenarios';
import { clientsFor } from '../sandbox/clients';
import type { Clients } from '../sandbox/clients';
import { netsuite, shipbob, shipstation, shopify, stripe } from './schemas';

/**
 * Vendor accuracy: one schema per response shape, written from the vendors'
 * references. Each schema must accept the reference's own example (the
 * golden fixtures, with their sources), and every simulator answer must
 * match the same schema — so the sandbox and the real APIs agree on shape.
 */
const SCHEMAS: Readonly<Record<string, z.ZodType>> = {
  ...prefixed('stripe', stripe),
  ...prefixed('netsuite', netsuite),
  ...prefixed('shipbob', shipbob),
  ...prefixed('shipstation', shipstation),
  ...prefixed('shopify', shopify),
};

function prefixed(vendor: string, schemas: Record<string, z.ZodType>): Record<string, z.ZodType> {
  return Object.fromEntries(Object.entries(schemas).map(([name, schema]) => [`${vendor}.${name}`, schema]));
}

function schema(name: string): z.ZodType {
  const found = SCHEMAS[name];
  if (found === undefined) throw new Error(`no schema ${name}`);
  return found;
}

function conforms(name: string, value: unknown): string[] {
  const parsed = schema(name).safeParse(value);
  return parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

const fixtureRoot = join(import.meta.dirname, 'fixtures');
const fixtures = readdirSync(fixtureRoot).flatMap((vendor) => readdirSync(join(fixtureRoot, vendor)).map((file) => join(vendor, file)));

describe('golden fixtures from the vendor references', () => {
  it.each(fixtures)('%s matches its schema and names its source', (file) => {
    const fixture = JSON.parse(readFileSync(join(fixtureRoot, file), 'utf8')) as { source: string; schema: string; payload: unknown };
    expect(fixture.source).toMatch(/^https:\/\/(docs\.stripe\.com|docs\.oracle\.com|developer\.shipbob\.com|www\.shipstation\.com|shopify\.dev)\//);
    expect(conforms(fixture.schema, fixture.payload)).toEqual([]);
  });

  it('the schemas are not vacuous: a wrong type is refused', () => {
    expect(conforms('stripe.paymentIntent', { id: 'pi_1', object: 'payment_intent', amount: '20.00' })).not.toEqual([]);
    expect(conforms('netsuite.error', { type: 'x', title: 'x', status: 400, 'o:errorDetails': [] })).not.toEqual([]);
    expect(conforms('shopify.order', { id: '148977776' })).not.toEqual([]);
  });
});

describe('simulator answers match the same schemas', () => {
  let sandbox: Sandbox;
  let clients: Clients;
  beforeAll(async () => {
    sandbox = await Sandbox.start({ scenario: loadScenario('settlement-drift'), seed: 11, limits: false });
    clients = clientsFor(sandbox.environment());
  });
  afterAll(async () => {
    await sandbox.stop();
  });

  const body = async (response: Promise<Response>): Promise<unknown> => (await response).json();

  it('Stripe objects, lists and errors', async () => {
    const list = (await body(clients.stripe('/v1/payment_intents?limit=100'))) as { data: unknown[] };
    expect(conforms('stripe.list', list)).toEqual([]);
    for (const item of list.data) expect(conforms('stripe.paymentIntent', item)).toEqual([]);
    for (const [path, name] of [
      ['/v1/charges?limit=100', 'stripe.charge'],
      ['/v1/refunds?limit=100', 'stripe.refund'],
      ['/v1/balance_transactions?limit=100', 'stripe.balanceTransaction'],
      ['/v1/payouts?limit=100', 'stripe.payout'],
    ] as const) {
      const page = (await body(clients.stripe(path))) as { data: unknown[] };
      expect(page.data.length, path).toBeGreaterThan(0);
      for (const item of page.data) expect(conforms(name, item), path).toEqual([]);
    }
    expect(conforms('stripe.error', await body(clients.stripe('/v1/payouts/po_missing')))).toEqual([]);
  });

  it('NetSuite lists, records and errors', async () => {
    const list = (await body(clients.netsuite('/services/rest/record/v1/salesOrder?limit=5'))) as { items: { id: string }[] };
    expect(conforms('netsuite.list', list)).toEqual([]);
    for (const item of list.items) {
      expect(conforms('netsuite.salesOrder', await body(clients.netsuite(`/services/rest/record/v1/salesOrder/${item.id}`)))).toEqual([]);
      expect(conforms('netsuite.salesOrder', await body(clients.netsuite(`/services/rest/record/v1/salesOrder/${item.id}?expandSubResources=true`)))).toEqual([]);
    }
    expect(conforms('netsuite.error', await body(clients.netsuite('/services/rest/record/v1/salesOrder/1')))).toEqual([]);
  });

  it('ShipBob orders and problems; ShipStation lists', async () => {
    const orders = (await body(clients.shipbob('/2026-01/order?Limit=250'))) as unknown[];
    expect(orders.length).toBeGreaterThan(0);
    for (const order of orders) expect(conforms('shipbob.order', order)).toEqual([]);
    expect(conforms('shipbob.problem', await body(clients.shipbob('/2026-01/order/1')))).toEqual([]);
    expect(conforms('shipstation.orderList', await body(clients.shipstation('/orders')))).toEqual([]);
    expect(conforms('shipstation.shipmentList', await body(clients.shipstation('/shipments')))).toEqual([]);
  });

  it('Shopify GraphQL answers and REST-shaped webhooks', async () => {
    const { body: answer } = await clients.shopify('{ orders(first: 20) { nodes { id legacyResourceId name createdAt displayFinancialStatus displayFulfillmentStatus currentTotalPriceSet { shopMoney { amount currencyCode } } lineItems(first: 5) { nodes { sku quantity } } } } }');
    expect(conforms('shopify.response', answer)).toEqual([]);
    for (const order of (answer['data'] as { orders: { nodes: unknown[] } }).orders.nodes) expect(conforms('shopify.order', order)).toEqual([]);

    const received: { path: string; body: unknown }[] = [];
    const server = createServer((request, response) => {
      let text = '';
      request.on('data', (chunk: Buffer) => (text += chunk.toString()));
      request.on('end', () => {
        received.push({ path: request.url ?? '', body: JSON.parse(text) });
        response.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      sandbox.dispatcher('shopify').subscribe(`${url}/shopify`, ['orders/create']);
      sandbox.dispatcher('stripe').subscribe(`${url}/stripe`, []);
      sandbox.dispatcher('shipstation').subscribe(`${url}/shipstation`, []);
      sandbox.replayOrders();
      await clients.stripe('/v1/refunds', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'payment_intent=pi_sbx00000003&amount=100' });
      await clients.shipstation('/orders/createorder', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ orderNumber: '#77', orderKey: 'k77', orderDate: '2026-11-20', orderStatus: 'awaiting_shipment', billTo: {}, shipTo: {} }) });
      await expect.poll(() => new Set(received.map((entry) => entry.path)).size, { timeout: 5_000 }).toBe(3);
      for (const entry of received) {
        const name = entry.path === '/shopify' ? 'shopify.orderWebhook' : entry.path === '/stripe' ? 'stripe.event' : 'shipstation.webhook';
        expect(conforms(name, entry.body), entry.path).toEqual([]);
      }
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
