/**
 * How a vendor's answer is read (domain.md §4): success, or one of four kinds
 * of failure, each handled its own way. Pure, so the runtime, the reconciler
 * and the tests agree on it.
 *
 * - transient: retry with capped exponential backoff and jitter;
 * - throttled: wait as long as the vendor says (Retry-After, x-retry-after,
 *   Shopify's cost bucket), then retry; `waitMs` 0 means it named no wait;
 * - permanent: never retried; to the error branch or the dead letter;
 * - unknown: the request may have taken effect (sent, no answer): look the
 *   record up, never re-send blindly.
 */
export type Outcome =
  | { readonly kind: 'ok' }
  | { readonly kind: 'transient'; readonly reason: string }
  | { readonly kind: 'throttled'; readonly reason: string; readonly waitMs: number }
  | { readonly kind: 'permanent'; readonly reason: string }
  | { readonly kind: 'unknown'; readonly reason: string };

export interface HttpAnswer {
  readonly status: number;
  /** Lower-case header names. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: unknown;
}

/**
 * The shortest wait after Shopify's THROTTLED: when the bucket it reports
 * already holds the points (or the query's price is not given), the throttle
 * is not about cost, and a short pause before asking again is right.
 */
const MIN_SHOPIFY_THROTTLE_MS = 250;

export function classifyAnswer(answer: HttpAnswer, now: number = Date.now()): Outcome {
  const { status, headers, body } = answer;
  // A 429 that names no wait (NetSuite's concurrency limit) gets 0: the client backs off with jitter.
  if (status === 429) return { kind: 'throttled', reason: `HTTP 429${vendorMessage(body)}`, waitMs: waitFromHeaders(headers, now) ?? 0 };
  const throttledQuery = shopifyThrottle(body);
  if (status === 200 && throttledQuery !== null) return { kind: 'throttled', reason: 'Shopify query cost: THROTTLED', waitMs: throttledQuery };
  if (status >= 200 && status < 300) return { kind: 'ok' };
  if (status === 408 || status === 502 || status === 503 || status === 504 || status === 500) {
    const wait = waitFromHeaders(headers, now);
    return wait === null ? { kind: 'transient', reason: `HTTP ${status}${vendorMessage(body)}` } : { kind: 'throttled', reason: `HTTP ${status}${vendorMessage(body)}`, waitMs: wait };
  }
  return { kind: 'permanent', reason: `HTTP ${status}${vendorMessage(body)}` };
}

/**
 * A request that got no answer. Not sent (refused, no route): safe to retry.
 * Sent with no answer (reset, timeout): unknown — unless it cannot change
 * anything, in which case it is simply retried.
 */
export function classifyNoAnswer(code: string, sent: boolean, changesState: boolean): Outcome {
  const reason = `no answer (${code})`;
  if (!sent) return { kind: 'transient', reason };
  return changesState ? { kind: 'unknown', reason } : { kind: 'transient', reason };
}

/** Capped exponential backoff with full jitter: uniform in [0, min(cap, base·2^attempt)). */
export function backoffMs(attempt: number, random: () => number = Math.random, baseMs = 100, capMs = 10_000): number {
  return Math.floor(random() * Math.min(capMs, baseMs * 2 ** attempt));
}

function waitFromHeaders(headers: Readonly<Record<string, string>>, now: number): number | null {
  for (const name of ['retry-after', 'x-retry-after']) {
    const value = headers[name];
    if (value === undefined || value.trim() === '') continue;
    const seconds = Number(value);
    if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds * 1000);
    const date = Date.parse(value);
    if (!Number.isNaN(date)) return Math.max(0, date - now);
  }
  return null;
}

/** Shopify answers a throttled query with 200 and THROTTLED; the wait is what the bucket lacks at its refill rate. */
function shopifyThrottle(body: unknown): number | null {
  if (typeof body !== 'object' || body === null) return null;
  const errors = (body as { errors?: unknown }).errors;
  if (!Array.isArray(errors) || !errors.some((error) => (error as { extensions?: { code?: unknown } } | null)?.extensions?.code === 'THROTTLED')) return null;
  const cost = (body as { extensions?: { cost?: { requestedQueryCost?: number | null; throttleStatus?: { currentlyAvailable?: number; restoreRate?: number } } } }).extensions?.cost;
  const requested = cost?.requestedQueryCost;
  const available = cost?.throttleStatus?.currentlyAvailable;
  const rate = cost?.throttleStatus?.restoreRate;
  if (typeof requested !== 'number' || typeof available !== 'number' || typeof rate !== 'number' || rate <= 0) return MIN_SHOPIFY_THROTTLE_MS;
  return Math.max(MIN_SHOPIFY_THROTTLE_MS, Math.ceil(((requested - available) / rate) * 1000));
}

/** The vendor's own words, from the error envelopes of apis.md, for the reason. */
function fieldErrors(value: unknown): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const entries = Object.entries(value as Record<string, unknown>)
    .slice(0, 3)
    .map(([field, messages]) => `${field}: ${Array.isArray(messages) ? String(messages[0] ?? '') : String(messages)}`);
  return entries.length === 0 ? null : entries.join('; ');
}

function vendorMessage(body: unknown): string {
  if (typeof body !== 'object' || body === null) return '';
  const record = body as Record<string, unknown>;
  const stripe = record['error'] as { message?: unknown } | undefined;
  const netsuite = (record['o:errorDetails'] as { detail?: unknown }[] | undefined)?.[0]?.detail;
  const candidates = [stripe?.message, netsuite, record['title'], record['message'], record['detail']];
  const message = candidates.find((candidate): candidate is string => typeof candidate === 'string' && candidate !== '');
  // Validation details (ASP.NET problem `errors`, ShipStation's `ModelState`) say which field: keep the first few.
  const details = fieldErrors(record['errors']) ?? fieldErrors(record['ModelState']);
  if (message === undefined) return details === null ? '' : `: ${details}`;
  return `: ${message}${details === null ? '' : ` ${details}`}`;
}
