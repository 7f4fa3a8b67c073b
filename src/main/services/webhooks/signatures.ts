import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Webhook signatures as each vendor signs them (apis.md), checked over the
 * raw body exactly as it arrived — a body parsed and re-serialised is a
 * different body. Every comparison is constant-time. A signed timestamp older
 * or newer than the tolerance is a replay and is refused, however good the
 * signature.
 */
export type Verdict = { ok: true } | { ok: false; reason: string };

export type Headers = Readonly<Record<string, string | undefined>>;

/** Five minutes either way, the window Stripe's and Standard Webhooks' libraries use. */
export const TOLERANCE_SECONDS = 300;

const OK: Verdict = { ok: true };

function same(expected: Buffer, given: Buffer): boolean {
  return expected.length === given.length && timingSafeEqual(expected, given);
}

function fresh(timestamp: number, nowSeconds: number): Verdict {
  if (!Number.isFinite(timestamp)) return { ok: false, reason: 'the signed timestamp is not a number' };
  const skew = Math.abs(nowSeconds - timestamp);
  return skew <= TOLERANCE_SECONDS ? OK : { ok: false, reason: `the signed timestamp is ${Math.round(skew)} s away from now (tolerance ${TOLERANCE_SECONDS} s): a replay` };
}

/** Shopify: `X-Shopify-Hmac-Sha256`, base64 HMAC-SHA256 of the raw body with the app's secret. */
export function verifyShopify(body: Buffer, headers: Headers, secret: string): Verdict {
  const given = headers['x-shopify-hmac-sha256'];
  if (given === undefined) return { ok: false, reason: 'X-Shopify-Hmac-Sha256 is missing' };
  const expected = createHmac('sha256', secret).update(body).digest();
  return same(expected, Buffer.from(given, 'base64')) ? OK : { ok: false, reason: 'X-Shopify-Hmac-Sha256 does not match the body' };
}

/** Stripe: `Stripe-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "t.body">`; any one v1 may match (secrets roll). */
export function verifyStripe(body: Buffer, headers: Headers, secret: string, nowSeconds: number): Verdict {
  const header = headers['stripe-signature'];
  if (header === undefined) return { ok: false, reason: 'Stripe-Signature is missing' };
  const parts = header.split(',').map((part) => part.split('=', 2) as [string, string | undefined]);
  const timestamp = parts.find(([name]) => name === 't')?.[1];
  const signatures = parts.filter(([name]) => name === 'v1').map(([, value]) => value ?? '');
  if (timestamp === undefined || signatures.length === 0) return { ok: false, reason: 'Stripe-Signature has no t= or no v1=' };
  const expected = createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest();
  if (!signatures.some((signature) => same(expected, Buffer.from(signature, 'hex')))) return { ok: false, reason: 'no v1 signature in Stripe-Signature matches the body' };
  return fresh(Number(timestamp), nowSeconds);
}

/**
 * Standard Webhooks (ShipBob): `webhook-signature: v1,<base64 HMAC-SHA256 of
 * "id.timestamp.body">`, several space-separated; a `whsec_` secret is base64.
 */
export function verifyStandard(body: Buffer, headers: Headers, secret: string, nowSeconds: number): Verdict {
  const id = headers['webhook-id'];
  const timestamp = headers['webhook-timestamp'];
  const header = headers['webhook-signature'];
  if (id === undefined || timestamp === undefined || header === undefined) return { ok: false, reason: 'webhook-id, webhook-timestamp or webhook-signature is missing' };
  const key = secret.startsWith('whsec_') ? Buffer.from(secret.slice('whsec_'.length), 'base64') : Buffer.from(secret, 'utf8');
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.`).update(body).digest();
  const matches = header
    .split(' ')
    .filter((entry) => entry.startsWith('v1,'))
    .some((entry) => same(expected, Buffer.from(entry.slice(3), 'base64')));
  if (!matches) return { ok: false, reason: 'no v1 signature in webhook-signature matches the body' };
  return fresh(Number(timestamp), nowSeconds);
}
