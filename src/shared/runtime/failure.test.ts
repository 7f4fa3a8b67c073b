import { describe, expect, it } from 'vitest';
import { backoffMs, classifyAnswer, classifyNoAnswer } from './failure';

const answer = (status: number, headers: Record<string, string> = {}, body: unknown = null) => ({ status, headers, body });

describe('reading a vendor’s answer', () => {
  it.each([
    ['a 2xx', answer(204), { kind: 'ok' }],
    ['Stripe 429 with Retry-After seconds', answer(429, { 'retry-after': '2' }, { error: { type: 'rate_limit_error', message: 'Too many requests' } }), { kind: 'throttled', waitMs: 2000, reason: 'HTTP 429: Too many requests' }],
    ['ShipBob 429 with x-retry-after', answer(429, { 'x-retry-after': '30' }), { kind: 'throttled', waitMs: 30_000 }],
    ['a 429 with an HTTP date', answer(429, { 'retry-after': new Date(10_000 + 3_000).toUTCString() }), { kind: 'throttled', waitMs: 3_000 }],
    ['a 429 that names no wait', answer(429), { kind: 'throttled', waitMs: 0 }],
    ['a 503', answer(503), { kind: 'transient' }],
    ['a 503 with Retry-After', answer(503, { 'retry-after': '5' }), { kind: 'throttled', waitMs: 5_000 }],
    ['a NetSuite validation error', answer(400, {}, { type: 'x', title: 'Bad Request', status: 400, 'o:errorDetails': [{ detail: 'Invalid field value', 'o:errorCode': 'INVALID_FLD_VALUE' }] }), { kind: 'permanent', reason: 'HTTP 400: Invalid field value' }],
    ['a 404', answer(404), { kind: 'permanent', reason: 'HTTP 404' }],
  ])('%s', (_name, given, expected) => {
    expect(classifyAnswer(given, 10_000)).toMatchObject(expected);
  });

  it('reads Shopify’s THROTTLED (HTTP 200) as a wait for the points the bucket lacks', () => {
    const throttled = answer(200, {}, { errors: [{ message: 'Throttled', extensions: { code: 'THROTTLED' } }], extensions: { cost: { requestedQueryCost: 752, actualQueryCost: null, throttleStatus: { maximumAvailable: 20_000, currentlyAvailable: 252, restoreRate: 1_000 } } } });
    expect(classifyAnswer(throttled)).toEqual({ kind: 'throttled', reason: 'Shopify query cost: THROTTLED', waitMs: 500 });
    expect(classifyAnswer(answer(200, {}, { data: { orders: { nodes: [] } }, extensions: { cost: { requestedQueryCost: 12 } } }))).toEqual({ kind: 'ok' });
    // A throttle that is not about cost (the price unknown, the bucket full) waits a short moment, never zero.
    const storm = answer(200, {}, { errors: [{ message: 'Throttled', extensions: { code: 'THROTTLED' } }], extensions: { cost: { requestedQueryCost: null, throttleStatus: { maximumAvailable: 20_000, currentlyAvailable: 20_000, restoreRate: 1_000 } } } });
    expect(classifyAnswer(storm)).toMatchObject({ kind: 'throttled', waitMs: 250 });
  });

  it('treats a write sent without an answer as unknown, a read or an unsent request as transient', () => {
    expect(classifyNoAnswer('ECONNRESET', true, true).kind).toBe('unknown');
    expect(classifyNoAnswer('ECONNRESET', true, false).kind).toBe('transient');
    expect(classifyNoAnswer('ECONNREFUSED', false, true).kind).toBe('transient');
  });

  it('backs off exponentially up to a cap, with full jitter', () => {
    expect([0, 1, 2, 3, 10].map((attempt) => backoffMs(attempt, () => 0.999_999))).toEqual([99, 199, 399, 799, 9_999]);
    expect(backoffMs(5, () => 0)).toBe(0);
  });
});
