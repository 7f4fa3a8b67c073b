import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientsFor, json } from '../../../test/sandbox/clients';
import type { Clients } from '../../../test/sandbox/clients';
import { Sandbox } from './sandbox';
import { loadScenario } from './scenarios';

/**
 * The simulators over real HTTP: idempotency, the vendors' error shapes,
 * query cost, faults and write counters.
 */
let sandbox: Sandbox;
let clients: Clients;

beforeAll(async () => {
  sandbox = await Sandbox.start({ scenario: loadScenario('order-to-cash'), seed: 3, limits: true });
  clients = clientsFor(sandbox.environment());
});
afterAll(async () => {
  await sandbox.stop();
});

const form = (fields: Record<string, string>): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
});

describe('Stripe', () => {
  it('replays the first answer to a repeated Idempotency-Key and creates one refund', async () => {
    const before = (await json<{ data: unknown[] }>(clients.stripe('/v1/refunds?limit=100'))).data.length;
    const request = { ...form({ payment_intent: 'pi_sbx00000002', amount: '500' }), headers: { 'content-type': 'application/x-www-form-urlencoded', 'idempotency-key': 'refund-1002-a' } };
    const first = await clients.stripe('/v1/refunds', request);
    const second = await clients.stripe('/v1/refunds', request);
    const [a, b] = [(await first.json()) as { id: string }, (await second.json()) as { id: string }];
    expect(first.status).toBe(200);
    expect(b).toEqual(a);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect((await json<{ data: unknown[] }>(clients.stripe('/v1/refunds?limit=100'))).data.length).toBe(before + 1);
    const changed = await clients.stripe('/v1/refunds', { ...request, body: new URLSearchParams({ payment_intent: 'pi_sbx00000002', amount: '900' }).toString() });
    expect(changed.status).toBe(400);
    expect(((await changed.json()) as { error: { type: string } }).error.type).toBe('idempotency_error');
  });

  it('captures part of an authorisation and refuses to capture more than is capturable', async () => {
    const pending = await json<{ id: string; amount: number; status: string }>(clients.stripe('/v1/payment_intents/pi_sbx00000024'));
    expect(pending.status).toBe('requires_capture');
    const partial = Math.floor(pending.amount / 2);
    const captured = await json<{ amount_received: number; status: string; latest_charge: string }>(clients.stripe(`/v1/payment_intents/${pending.id}/capture`, form({ amount_to_capture: String(partial) })));
    expect(captured).toMatchObject({ amount_received: partial, status: 'succeeded' });
    const again = await clients.stripe(`/v1/payment_intents/${pending.id}/capture`, form({}));
    expect(again.status).toBe(400);
    expect(((await again.json()) as { error: { code: string } }).error.code).toBe('payment_intent_unexpected_state');
  });

  it('answers as the requested Stripe-Version: latest_charge from 2022-11-15, charges before', async () => {
    const modern = await json<Record<string, unknown>>(clients.stripe('/v1/payment_intents/pi_sbx00000001'));
    const legacy = await json<Record<string, unknown>>(clients.stripe('/v1/payment_intents/pi_sbx00000001', { headers: { 'stripe-version': '2020-08-27' } }));
    expect(modern['latest_charge']).toBe('ch_sbx00000001');
    expect(modern).not.toHaveProperty('charges');
    expect(legacy).not.toHaveProperty('latest_charge');
    expect(legacy['charges']).toMatchObject({ object: 'list', data: [{ id: 'ch_sbx00000001' }] });
  });

  it('finds payment intents by metadata and pages lists with starting_after', async () => {
    const found = await json<{ object: string; data: { id: string }[] }>(clients.stripe(`/v1/payment_intents/search?query=${encodeURIComponent("metadata['shopify_order_id']:'7000000003'")}`));
    expect(found).toMatchObject({ object: 'search_result', data: [{ id: 'pi_sbx00000003' }] });
    const first = await json<{ data: { id: string }[]; has_more: boolean }>(clients.stripe('/v1/payment_intents?limit=5'));
    const next = await json<{ data: { id: string }[] }>(clients.stripe(`/v1/payment_intents?limit=5&starting_after=${first.data.at(-1)?.id ?? ''}`));
    expect(first.has_more).toBe(true);
    expect(next.data.map((item) => item.id)).not.toContain(first.data[0]?.id);
  });
});

describe('NetSuite', () => {
  const order = (externalId: string) => ({
    entity: { id: '' },
    otherRefNum: `#${externalId}`,
    item: { items: [{ item: { id: '' }, quantity: 2, rate: 25 }] },
  });

  it('upserts by external id: PUT …/eid:X twice gives one sales order', async () => {
    const items = await json<{ items: { id: string }[] }>(clients.netsuite('/services/rest/record/v1/inventoryItem?limit=1'));
    const customers = await json<{ items: { id: string }[] }>(clients.netsuite('/services/rest/record/v1/customer?limit=1'));
    const body = order('9001');
    body.entity.id = customers.items[0]?.id ?? '';
    body.item.items[0] = { item: { id: items.items[0]?.id ?? '' }, quantity: 2, rate: 25 };
    const put = () => clients.netsuite('/services/rest/record/v1/salesOrder/eid:shopify-9001', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const [first, second] = [await put(), await put()];
    expect([first.status, second.status]).toEqual([204, 204]);
    expect(first.headers.get('location')).toBe(second.headers.get('location'));
    const matches = await json<{ totalResults: number }>(clients.netsuite(`/services/rest/record/v1/salesOrder?q=${encodeURIComponent('externalId IS "shopify-9001"')}`));
    expect(matches.totalResults).toBe(1);
    const saved = await json<{ total: number }>(clients.netsuite('/services/rest/record/v1/salesOrder/eid:shopify-9001'));
    expect(saved.total).toBe(50);
  });

  it('refuses an unknown item with INVALID_KEY_OR_REF at its path', async () => {
    const customers = await json<{ items: { id: string }[] }>(clients.netsuite('/services/rest/record/v1/customer?limit=1'));
    const response = await clients.netsuite('/services/rest/record/v1/salesOrder/eid:shopify-9002', {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ entity: { id: customers.items[0]?.id }, item: { items: [{ item: { id: '99999' }, quantity: 1 }] } }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ status: 400, 'o:errorDetails': [{ 'o:errorCode': 'INVALID_KEY_OR_REF', 'o:errorPath': 'item.items[0].item' }] });
  });

  it('transforms a sales order into an invoice whose createdFrom points back', async () => {
    const target = await json<{ id: string; total: number }>(clients.netsuite('/services/rest/record/v1/salesOrder/eid:shopify-7000000017'));
    const response = await clients.netsuite(`/services/rest/record/v1/salesOrder/${target.id}/!transform/invoice`, { method: 'POST' });
    expect(response.status).toBe(204);
    const invoice = await json<{ createdFrom: { id: string }; total: number }>(clients.netsuite(new URL(response.headers.get('location') ?? '').pathname));
    expect(invoice).toMatchObject({ createdFrom: { id: target.id }, total: target.total });
  });
});

describe('ShipBob and ShipStation', () => {
  it('ShipBob refuses a second order with the same reference_id', async () => {
    const create = () =>
      clients.shipbob('/2026-01/order', {
        method: 'POST',
        headers: { 'content-type': 'application/json', shipbob_channel_id: '12345' },
        body: JSON.stringify({ reference_id: 'shopify-9100', order_number: '#9100', recipient: { name: 'A B', address: {} }, products: [{ reference_id: 'MUG-01', quantity: 1 }] }),
      });
    expect((await create()).status).toBe(201);
    const again = await create();
    expect(again.status).toBe(422);
    expect(await again.json()).toMatchObject({ status: 422, errors: { ReferenceId: [expect.stringContaining('already exists')] } });
  });

  it('ShipStation creates or updates by orderKey', async () => {
    const upsert = (status: string) =>
      clients.shipstation('/orders/createorder', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ orderNumber: '#9200', orderKey: 'shopify-9200', orderDate: '2026-11-20T08:00:00Z', orderStatus: status, billTo: {}, shipTo: { name: 'A B' }, items: [{ sku: 'MUG-01', quantity: 1 }] }),
      });
    const first = await json<{ orderId: number }>(upsert('awaiting_shipment'));
    const second = await json<{ orderId: number; orderStatus: string }>(upsert('on_hold'));
    expect(second).toMatchObject({ orderId: first.orderId, orderStatus: 'on_hold' });
    expect((await json<{ total: number }>(clients.shipstation('/orders?orderNumber=%239200'))).total).toBe(1);
  });
});

describe("bad requests get the vendor's error shape, never a crash", () => {
  it.each([
    ['shopify, no token', async () => fetch(`${sandbox.url('shopify')}/admin/api/2026-01/graphql.json`, { method: 'POST', body: '{}' }), 401, { errors: expect.stringContaining('Invalid API key') }],
    ['shopify, malformed JSON', async () => fetch(`${sandbox.url('shopify')}/admin/api/2026-01/graphql.json`, { method: 'POST', headers: { 'x-shopify-access-token': sandbox.credentials.shopify.accessToken }, body: '{"query": ' }), 400, { errors: { query: expect.any(String) } }],
    ['netsuite, no token', async () => fetch(`${sandbox.url('netsuite')}/services/rest/record/v1/salesOrder`), 401, { 'o:errorDetails': [{ 'o:errorCode': 'INVALID_LOGIN' }] }],
    ['netsuite, malformed JSON', async () => clients.netsuite('/services/rest/record/v1/salesOrder/eid:x', { method: 'PUT', body: '{nope' }), 400, { 'o:errorDetails': [{ 'o:errorCode': 'INVALID_CONTENT' }] }],
    ['netsuite, unknown record', async () => clients.netsuite('/services/rest/record/v1/salesOrder/424242'), 404, { 'o:errorDetails': [{ 'o:errorCode': 'NONEXISTENT_ID' }] }],
    ['stripe, no key', async () => fetch(`${sandbox.url('stripe')}/v1/payment_intents`), 401, { error: { type: 'invalid_request_error' } }],
    ['stripe, unknown object', async () => clients.stripe('/v1/charges/ch_missing'), 404, { error: { code: 'resource_missing', param: 'id' } }],
    ['stripe, unknown URL', async () => clients.stripe('/v1/nothing'), 404, { error: { message: expect.stringContaining('Unrecognized request URL') } }],
    ['shipbob, no token', async () => fetch(`${sandbox.url('shipbob')}/2026-01/order`), 401, { status: 401 }],
    ['shipbob, malformed JSON', async () => clients.shipbob('/2026-01/order', { method: 'POST', headers: { shipbob_channel_id: '12345' }, body: '[' }), 400, { status: 400 }],
    ['shipbob, unknown order', async () => clients.shipbob('/2026-01/order/1'), 404, { status: 404, title: 'Not Found' }],
    ['shipstation, unknown order', async () => clients.shipstation('/orders/1'), 404, { Message: expect.stringContaining('Order not found') }],
    ['shipstation, malformed JSON', async () => clients.shipstation('/orders/createorder', { method: 'POST', body: 'x' }), 400, { Message: 'The request is invalid.' }],
  ])('%s', async (_label, call, status, shape) => {
    const response = await call();
    expect(response.status).toBe(status);
    expect(await response.json()).toMatchObject(shape);
  });

  it('shipstation without credentials answers 401 as plain text', async () => {
    const response = await fetch(`${sandbox.url('shipstation')}/orders`);
    expect(response.status).toBe(401);
    expect(await response.text()).toBe('401 Unauthorized');
  });
});

describe('Shopify GraphQL', () => {
  it('reports an unknown field as Shopify does', async () => {
    const { body } = await clients.shopify('{ orders(first: 1) { nodes { id favouriteColour } } }');
    expect(body).toMatchObject({ errors: [{ message: "Field 'favouriteColour' doesn't exist on type 'Order'", extensions: { code: 'undefinedField' } }] });
  });

  it('prices queries and refuses one over 1,000 points', async () => {
    const { body } = await clients.shopify('{ orders(first: 250) { nodes { id lineItems(first: 250) { nodes { id } } } } }');
    expect(body).toMatchObject({ errors: [{ extensions: { code: 'MAX_COST_EXCEEDED' } }] });
    const cheap = await clients.shopify('{ orders(first: 5) { nodes { id name } } }');
    expect(cheap.body).toMatchObject({ extensions: { cost: { requestedQueryCost: 7, throttleStatus: { maximumAvailable: 20000, restoreRate: 1000 } } } });
  });

  it('sets stock only with a matching compare quantity unless told to ignore it', async () => {
    const { body } = await clients.shopify('{ inventoryItems(first: 1, query: "sku:MUG-01") { nodes { id inventoryLevels(first: 1) { nodes { location { id } quantities(names: ["available"]) { quantity } } } } } }');
    const item = (body['data'] as { inventoryItems: { nodes: { id: string; inventoryLevels: { nodes: { location: { id: string }; quantities: { quantity: number }[] }[] } }[] } }).inventoryItems.nodes[0];
    const level = item?.inventoryLevels.nodes[0];
    const current = level?.quantities[0]?.quantity ?? 0;
    const set = (changeFrom: number | null, ignore: boolean) =>
      clients.shopify(`mutation($input: InventorySetQuantitiesInput!) { inventorySetQuantities(input: $input) { userErrors { code message } inventoryAdjustmentGroup { changes { delta } } } }`, {
        input: { name: 'available', reason: 'correction', ignoreCompareQuantity: ignore, quantities: [{ inventoryItemId: item?.id, locationId: level?.location.id, quantity: current + 5, changeFromQuantity: changeFrom }] },
      });
    const stale = await set(current - 1, false);
    expect(stale.body).toMatchObject({ data: { inventorySetQuantities: { userErrors: [{ code: 'COMPARE_QUANTITY_STALE' }] } } });
    const ok = await set(current, false);
    expect(ok.body).toMatchObject({ data: { inventorySetQuantities: { userErrors: [], inventoryAdjustmentGroup: { changes: [{ delta: 5 }] } } } });
  });
});

describe('faults and counters', () => {
  it('accept-then-drop answers 204 but nothing is saved; every write is counted by idempotency key', async () => {
    const customers = await json<{ items: { id: string }[] }>(clients.netsuite('/services/rest/record/v1/customer?limit=1'));
    const items = await json<{ items: { id: string }[] }>(clients.netsuite('/services/rest/record/v1/inventoryItem?limit=1'));
    sandbox.setFaults({ rules: [{ system: 'netsuite', endpoint: 'salesOrder.upsert', acceptThenDropRate: 1 }], webhooks: [], versions: [] });
    try {
      const response = await clients.netsuite('/services/rest/record/v1/salesOrder/eid:shopify-9300', {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ entity: { id: customers.items[0]?.id }, item: { items: [{ item: { id: items.items[0]?.id }, quantity: 1 }] } }),
      });
      expect(response.status).toBe(204);
      expect((await clients.netsuite('/services/rest/record/v1/salesOrder/eid:shopify-9300')).status).toBe(404);
      expect(sandbox.counters.list('netsuite')).toContainEqual({ system: 'netsuite', endpoint: 'salesOrder.upsert', idempotencyKey: 'eid:shopify-9300', count: 1 });
    } finally {
      sandbox.setFaults({ rules: [], webhooks: [], versions: [], stockWriters: [] });
    }
  });

  it('a 429 storm answers with the vendor headers, then passes', async () => {
    sandbox.setFaults({ rules: [{ system: 'shipbob', endpoint: '*', storm: { count: 2 } }], webhooks: [], versions: [] });
    try {
      const first = await clients.shipbob('/2026-01/inventory-level');
      const second = await clients.shipbob('/2026-01/inventory-level');
      const third = await clients.shipbob('/2026-01/inventory-level');
      expect([first.status, second.status, third.status]).toEqual([429, 429, 200]);
      expect(first.headers.get('x-retry-after')).not.toBeNull();
    } finally {
      sandbox.setFaults({ rules: [], webhooks: [], versions: [], stockWriters: [] });
    }
  });

  it('ignore-idempotency makes a repeated Stripe key create a second refund', async () => {
    sandbox.setFaults({ rules: [{ system: 'stripe', endpoint: 'refunds.create', ignoreIdempotency: true }], webhooks: [], versions: [] });
    try {
      const request = { ...form({ payment_intent: 'pi_sbx00000004', amount: '100' }), headers: { 'content-type': 'application/x-www-form-urlencoded', 'idempotency-key': 'same-key' } };
      const a = await json<{ id: string }>(clients.stripe('/v1/refunds', request));
      const b = await json<{ id: string }>(clients.stripe('/v1/refunds', request));
      expect(a.id).not.toBe(b.id);
      expect(sandbox.counters.list('stripe')).toContainEqual({ system: 'stripe', endpoint: 'refunds.create', idempotencyKey: 'same-key', count: 2 });
    } finally {
      sandbox.setFaults({ rules: [], webhooks: [], versions: [], stockWriters: [] });
    }
  });
});

describe('webhooks are signed as each vendor documents', () => {
  it('Shopify HMAC over the raw body, Stripe t.body signature, Standard Webhooks for ShipBob', async () => {
    const received: { headers: Record<string, string | string[] | undefined>; body: string; path: string }[] = [];
    const server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        received.push({ headers: request.headers, body, path: request.url ?? '' });
        response.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      sandbox.dispatcher('shopify').subscribe(`${url}/shopify`, ['orders/create']);
      sandbox.dispatcher('stripe').subscribe(`${url}/stripe`, []);
      sandbox.dispatcher('shipbob').subscribe(`${url}/shipbob`, ['order.shipped']);
      sandbox.replayOrders();
      await clients.stripe('/v1/refunds', form({ payment_intent: 'pi_sbx00000005', amount: '100' }));
      const orders = await json<{ id: number; shipments: { status: string }[] }[]>(clients.shipbob('/2026-01/order?Limit=250'));
      const open = orders.find((order) => order.shipments[0]?.status === 'Processing');
      await clients.shipbob('/2026-01/simulate/shipment', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ order_id: open?.id, simulation: { action: 'ShipOrder' } }) });
      await expect.poll(() => new Set(received.map((entry) => entry.path)).size, { timeout: 5_000 }).toBe(3);

      const shopify = received.find((entry) => entry.path === '/shopify');
      const expected = createHmac('sha256', sandbox.credentials.shopify.webhookSecret).update(shopify?.body ?? '').digest('base64');
      expect(shopify?.headers['x-shopify-hmac-sha256']).toBe(expected);
      expect(shopify?.headers['x-shopify-topic']).toBe('orders/create');
      expect(JSON.parse(shopify?.body ?? '{}')).toMatchObject({ id: expect.any(Number), line_items: expect.any(Array), total_price: expect.stringMatching(/^\d+\.\d\d$/) });

      const stripe = received.find((entry) => entry.path === '/stripe');
      const [t, v1] = String(stripe?.headers['stripe-signature']).split(',').map((part) => part.split('=')[1]);
      expect(createHmac('sha256', sandbox.credentials.stripe.webhookSecret).update(`${t ?? ''}.${stripe?.body ?? ''}`).digest('hex')).toBe(v1);
      expect(JSON.parse(stripe?.body ?? '{}')).toMatchObject({ object: 'event', type: expect.stringMatching(/^(charge\.refunded|refund\.created)$/) });

      const shipbob = received.find((entry) => entry.path === '/shipbob');
      const id = String(shipbob?.headers['webhook-id']);
      const timestamp = String(shipbob?.headers['webhook-timestamp']);
      const key = Buffer.from(sandbox.credentials.shipbob.webhookSecret.slice('whsec_'.length), 'base64');
      expect(shipbob?.headers['webhook-signature']).toBe(`v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${shipbob?.body ?? ''}`).digest('base64')}`);
      expect(shipbob?.headers['x-webhook-topic']).toBe('order.shipped');
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

describe('a second stock writer', () => {
  it('blindly puts storefront stock back to the value it first read', async () => {
    const available = async (): Promise<number> => {
      const { body } = await clients.shopify('{ inventoryItems(first: 1, query: "sku:CAP-NVY") { nodes { inventoryLevels(first: 1) { nodes { quantities(names: ["available"]) { quantity } } } } } }');
      return (body['data'] as { inventoryItems: { nodes: { inventoryLevels: { nodes: { quantities: { quantity: number }[] }[] } }[] } }).inventoryItems.nodes[0]?.inventoryLevels.nodes[0]?.quantities[0]?.quantity ?? Number.NaN;
    };
    const before = await available();
    sandbox.setFaults({ stockWriters: [{ system: 'shopify', sku: 'CAP-NVY', everyMs: 50 }] });
    try {
      const { body } = await clients.shopify('{ inventoryItems(first: 1, query: "sku:CAP-NVY") { nodes { id inventoryLevels(first: 1) { nodes { location { id } } } } } }');
      const item = (body['data'] as { inventoryItems: { nodes: { id: string; inventoryLevels: { nodes: { location: { id: string } }[] } }[] } }).inventoryItems.nodes[0];
      await clients.shopify('mutation($input: InventoryAdjustQuantitiesInput!) { inventoryAdjustQuantities(input: $input) { userErrors { message } } }', {
        input: { name: 'available', reason: 'correction', changes: [{ delta: -2, inventoryItemId: item?.id, locationId: item?.inventoryLevels.nodes[0]?.location.id }] },
      });
      await expect.poll(available, { timeout: 2_000 }).toBe(before);
      expect(sandbox.counters.list('shopify').find((entry) => entry.endpoint === 'stock-writer')?.count).toBeGreaterThanOrEqual(1);
    } finally {
      sandbox.setFaults({});
    }
  });
});

describe('the control endpoint', () => {
  it('needs its token, and reports counters, faults and the clock', async () => {
    const { startControlServer } = await import('./control-server');
    const control = await startControlServer(sandbox);
    try {
      const call = (path: string, init: RequestInit = {}, token = control.token) => fetch(`${control.url}${path}`, { ...init, headers: { 'x-sandbox-token': token, 'content-type': 'application/json' } });
      expect((await call('/status', {}, 'wrong')).status).toBe(401);
      expect(await (await call('/status')).json()).toMatchObject({ scenario: 'order-to-cash', seed: 3, systems: { stripe: { connector: 'stripe' } } });
      expect(await (await call('/counters?system=stripe')).json()).toMatchObject({ writes: expect.arrayContaining([expect.objectContaining({ endpoint: 'refunds.create' })]) });
      const before = Date.parse(((await (await call('/status')).json()) as { now: string }).now);
      const moved = (await (await call('/clock', { method: 'POST', body: JSON.stringify({ advanceMs: 8 * 86_400_000 }) })).json()) as { now: string };
      expect(Date.parse(moved.now) - before).toBeGreaterThanOrEqual(8 * 86_400_000);
      expect((await call('/faults', { method: 'PUT', body: JSON.stringify({ rules: [{ system: 'mars' }] }) })).status).toBe(400);
      expect((await call('/log?count=5')).status).toBe(200);
    } finally {
      await control.close();
    }
  });

  it('a manual-capture authorisation lapses after the clock passes seven days', async () => {
    sandbox.clock.advance(8 * 86_400_000);
    const intent = await json<{ status: string; cancellation_reason: string | null }>(clients.stripe('/v1/payment_intents/pi_sbx00000023'));
    expect(intent).toMatchObject({ status: 'canceled', cancellation_reason: 'automatic' });
  });
});
