import { createHmac } from 'node:crypto';
import { join } from 'node:path';
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { useTempDir } from '../../../../test/temp';
import { Journal } from '../runtime/journal';
import type { ReceivedEvent } from './receiver';
import { WebhookReceiver } from './receiver';

/**
 * The receiver over real HTTP on loopback, with the journal's inbox as its
 * dedupe store: forged, tampered and stale deliveries are refused; the same
 * event delivered three times is taken in once.
 */
const tempDir = useTempDir();
const SHOPIFY_SECRET = 'shpss_test_secret';
const STRIPE_SECRET = 'whsec_stripe_test';
const SHIPBOB_SECRET = `whsec_${Buffer.from('shipbob-signing-key-0123456789').toString('base64')}`;

let receiver: WebhookReceiver | null = null;
afterEach(async () => {
  await receiver?.close();
  receiver = null;
});

async function start(): Promise<{ url: string; delivered: ReceivedEvent[]; refused: string[]; journal: Journal }> {
  const journal = Journal.open(join(tempDir(), 'run.journal'));
  const delivered: ReceivedEvent[] = [];
  const refused: string[] = [];
  receiver = new WebhookReceiver({
    sources: [
      { system: 'shopify', signature: 'shopify', secret: SHOPIFY_SECRET },
      { system: 'stripe', signature: 'stripe', secret: STRIPE_SECRET },
      { system: 'shipbob', signature: 'standard', secret: SHIPBOB_SECRET },
      { system: 'unsigned-shop', signature: 'shopify', secret: undefined },
    ],
    accept: (event) => journal.receive({ runId: 'r1', system: event.system, eventId: event.eventId, topic: event.topic, body: event.body }),
    deliver: (event) => delivered.push(event),
    onRefused: (_system, reason) => refused.push(reason),
  });
  return { url: await receiver.listen(), delivered, refused, journal };
}

async function post(url: string, headers: Record<string, string>, body: string): Promise<number> {
  const response = await request(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  await response.body.dump();
  return response.statusCode;
}

const shopifyHeaders = (body: string, eventId: string, secret = SHOPIFY_SECRET) => ({ 'x-shopify-topic': 'orders/create', 'x-shopify-event-id': eventId, 'x-shopify-hmac-sha256': createHmac('sha256', secret).update(body).digest('base64') });
const stripeHeader = (body: string, at: number, secret = STRIPE_SECRET) => ({ 'stripe-signature': `t=${at},v1=${createHmac('sha256', secret).update(`${at}.${body}`).digest('hex')}` });
const standardHeaders = (body: string, id: string, at: number) => ({
  'webhook-id': id,
  'webhook-timestamp': String(at),
  'webhook-signature': `v1,${createHmac('sha256', Buffer.from(SHIPBOB_SECRET.slice(6), 'base64')).update(`${id}.${at}.${body}`).digest('base64')}`,
});
const now = () => Math.floor(Date.now() / 1000);

describe('the webhook receiver', () => {
  it('takes the same Shopify event delivered three times in once, and answers 200 every time', async () => {
    const { url, delivered, journal } = await start();
    const body = JSON.stringify({ id: 7000000001, name: '#1001' });
    const statuses = await Promise.all([1, 2, 3].map(() => post(`${url}/webhooks/shopify`, shopifyHeaders(body, 'evt-1'), body)));
    expect(statuses).toEqual([200, 200, 200]);
    expect(delivered.map((event) => event.eventId)).toEqual(['evt-1']);
    // Durable before the 200: the inbox has it, and a later delivery (after the commit) is still a duplicate.
    expect(journal.inboxEvents('r1').map((event) => event.eventId)).toEqual(['evt-1']);
    expect(await post(`${url}/webhooks/shopify`, shopifyHeaders(body, 'evt-1'), body)).toBe(200);
    expect(delivered).toHaveLength(1);
    journal.close();
  });

  it('refuses forged, tampered, stale and unverifiable deliveries, and processes none of them', async () => {
    const { url, delivered, refused, journal } = await start();
    const body = JSON.stringify({ id: 'evt_1', type: 'payment_intent.succeeded', data: { object: { id: 'pi_1', object: 'payment_intent' } } });
    const cases: [string, Record<string, string>, string][] = [
      ['shopify', shopifyHeaders(body, 'e1', 'wrong-secret'), body],
      ['shopify', shopifyHeaders(body, 'e2'), body.replace('7', '8').replace('pi_1', 'pi_2')],
      ['shopify', {}, body],
      ['stripe', stripeHeader(body, now(), 'whsec_wrong'), body],
      ['stripe', stripeHeader(body, now() - 3_600), body],
      ['stripe', { 'stripe-signature': 'v1=abc' }, body],
      ['shipbob', standardHeaders(body, 'msg_1', now() - 900), body],
      ['shipbob', { ...standardHeaders(body, 'msg_2', now()), 'webhook-id': 'msg_other' }, body],
      ['unsigned-shop', shopifyHeaders(body, 'e3'), body],
    ];
    for (const [system, headers, sent] of cases) expect(await post(`${url}/webhooks/${system}`, headers, sent), `${system} ${JSON.stringify(headers)}`).toBe(401);
    expect(delivered).toEqual([]);
    expect(refused).toHaveLength(cases.length);
    expect(refused.some((reason) => /^the signed timestamp is 3[56]\d\d s away from now \(tolerance 300 s\): a replay$/.test(reason))).toBe(true);
    expect(refused.at(-1)).toMatch(/has no webhookSecret/);
    journal.close();
  });

  it('takes correctly signed Stripe and Standard Webhooks deliveries, by their own event ids', async () => {
    const { url, delivered, journal } = await start();
    const stripeBody = JSON.stringify({ id: 'evt_9', type: 'charge.refunded', data: { object: { id: 'ch_1', payment_intent: 'pi_1' } } });
    const shipbobBody = JSON.stringify({ id: 500001, reference_id: 'shopify-7000000001' });
    expect(await post(`${url}/webhooks/stripe`, stripeHeader(stripeBody, now()), stripeBody)).toBe(200);
    expect(await post(`${url}/webhooks/shipbob`, { ...standardHeaders(shipbobBody, 'msg_9', now()), 'x-webhook-topic': 'order.shipped' }, shipbobBody)).toBe(200);
    expect(delivered.map((event) => [event.system, event.eventId, event.topic])).toEqual([
      ['stripe', 'evt_9', 'charge.refunded'],
      ['shipbob', 'msg_9', 'order.shipped'],
    ]);
    journal.close();
  });

  it('answers 404 for an unknown system, 405 for a GET, 413 over the size cap, 400 for a body that is not JSON', async () => {
    const { url, delivered, journal } = await start();
    expect(await post(`${url}/webhooks/nowhere`, {}, '{}')).toBe(404);
    const get = await request(`${url}/webhooks/shopify`);
    await get.body.dump();
    expect(get.statusCode).toBe(405);
    const huge = JSON.stringify({ pad: 'x'.repeat(1_100_000) });
    expect(await post(`${url}/webhooks/shopify`, shopifyHeaders(huge, 'big'), huge)).toBe(413);
    expect(await post(`${url}/webhooks/shopify`, shopifyHeaders('not json', 'nj'), 'not json')).toBe(400);
    expect(delivered).toEqual([]);
    journal.close();
  });
});
