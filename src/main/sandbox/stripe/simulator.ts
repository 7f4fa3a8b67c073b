import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { SandboxClock } from '../core/clock';
import { SimError, header, json } from '../core/http';
import type { Route, SimRequest, SimResponse } from '../core/http';
import type { SimulatorDefinition } from '../core/simulator-server';
import type { WebhookDispatcher, WebhookPolicy } from '../core/webhooks';
import { formList, formRecord, formString, parseStripeForm } from './form';
import type { FormValue } from './form';
import type { Charge, PaymentIntent, StripeState } from './state';
import { addRefund, cardFee, nextId } from './state';

/**
 * Stripe API v1 as the sandbox serves it: lists with cursors, search by
 * metadata, manual and partial capture, refunds, the balance and payouts,
 * `Idempotency-Key` replay, and `Stripe-Version` deciding whether a
 * PaymentIntent shows `latest_charge` (2022-11-15 and later) or `charges`.
 */
export const STRIPE_DEFAULT_VERSION = '2026-01-28.clover';
const CHARGES_REMOVED_IN = '2022-11-15';
/** Uncaptured card authorisations lapse after seven days. */
const AUTHORISATION_LIFETIME = 7 * 86_400;

export interface StripeOptions {
  readonly secretKey: string;
  readonly webhookSecret: string;
  readonly clock: SandboxClock;
  /** The account's API version, unless a request sends `Stripe-Version`. */
  readonly accountVersion: () => string;
  readonly webhooks: () => WebhookDispatcher;
}

const stripeError = (status: number, type: string, message: string, extra: Record<string, string> = {}): SimResponse =>
  json(status, { error: { type, message, ...extra } }, { 'request-id': `req_sbx${Date.now().toString(36)}` });

const missing = (kind: string, id: string): SimError =>
  new SimError(stripeError(404, 'invalid_request_error', `No such ${kind}: '${id}'`, { code: 'resource_missing', param: 'id' }));

export function stripeWebhookPolicy(secret: string): WebhookPolicy {
  return {
    headers: (event) => ({ 'stripe-signature': `t=${event.timestamp},v1=${createHmac('sha256', secret).update(`${event.timestamp}.${event.body}`).digest('hex')}` }),
    corrupt: (headers) => ({ ...headers, 'stripe-signature': `t=0,v1=${'0'.repeat(64)}` }),
    deadlineMs: 10_000,
    retryDelaysMs: [1_000, 5_000, 30_000],
  };
}

/** A Stripe event envelope around `object`, as webhooks deliver it. */
export function stripeEvent(state: StripeState, type: string, object: unknown, created: number, apiVersion: string): Record<string, unknown> {
  return { id: nextId(state, 'evt'), object: 'event', api_version: apiVersion, created, type, data: { object }, livemode: false, pending_webhooks: 1, request: { id: null, idempotency_key: null } };
}

export function createStripeSimulator(state: { current: StripeState }, options: StripeOptions): SimulatorDefinition {
  const s = (): StripeState => state.current;
  const version = (request: SimRequest): string => header(request, 'stripe-version') ?? options.accountVersion();
  const form = (request: SimRequest): Record<string, FormValue> => parseStripeForm(request.body.toString('utf8'));

  /** Lapsed manual-capture authorisations become canceled when next looked at. */
  const lapse = (intent: PaymentIntent): PaymentIntent => {
    if (intent.status === 'requires_capture' && options.clock.unix() > intent.created + AUTHORISATION_LIFETIME) {
      intent.status = 'canceled';
      intent.amount_capturable = 0;
      intent.canceled_at = intent.created + AUTHORISATION_LIFETIME;
      intent.cancellation_reason = 'automatic';
    }
    return intent;
  };

  const renderIntent = (intent: PaymentIntent, request: SimRequest, expand: readonly string[]): unknown => {
    const { latest_charge: latestCharge, ...rest } = lapse(intent);
    const charge = latestCharge === null ? null : (s().charges[latestCharge] ?? null);
    if (version(request) < CHARGES_REMOVED_IN) {
      return { ...rest, charges: { object: 'list', data: charge === null ? [] : [charge], has_more: false, url: `/v1/charges?payment_intent=${intent.id}` } };
    }
    return { ...rest, latest_charge: expand.includes('latest_charge') ? charge : latestCharge };
  };

  const renderCharge = (charge: Charge, expand: readonly string[]): unknown =>
    expand.includes('balance_transaction') && charge.balance_transaction !== null ? { ...charge, balance_transaction: s().balanceTransactions[charge.balance_transaction] } : charge;

  const expansions = (request: SimRequest, prefix = ''): string[] =>
    request.query
      .getAll('expand[]')
      .concat(request.method === 'POST' ? formList(form(request), 'expand') : [])
      .filter((path) => path.startsWith(prefix))
      .map((path) => path.slice(prefix.length));

  /** Stripe's cursor lists: newest first, `limit` ≤ 100, `starting_after`. */
  const list = <T extends { id: string; created: number }>(request: SimRequest, url: string, items: T[], render: (item: T) => unknown): SimResponse => {
    const limit = Number(request.query.get('limit') ?? 10);
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
      throw new SimError(stripeError(400, 'invalid_request_error', 'This value must be between 1 and 100.', { param: 'limit', code: 'parameter_invalid_integer' }));
    }
    const sorted = [...items].sort((a, b) => b.created - a.created || (a.id < b.id ? 1 : -1));
    const after = request.query.get('starting_after');
    const start = after === null ? 0 : sorted.findIndex((item) => item.id === after) + 1;
    if (after !== null && start === 0) throw missing('object', after);
    const page = sorted.slice(start, start + limit);
    return json(200, { object: 'list', data: page.map(render), has_more: start + limit < sorted.length, url });
  };

  const intent = (id: string): PaymentIntent => {
    const found = s().paymentIntents[id];
    if (found === undefined) throw missing('payment_intent', id);
    return found;
  };

  /** Replays the first answer to a repeated `Idempotency-Key`; refuses changed parameters. */
  const idempotent = (request: SimRequest & { ignoreIdempotency?: boolean }, handle: () => SimResponse): SimResponse => {
    const key = header(request, 'idempotency-key');
    if (key === undefined || request.ignoreIdempotency === true) return handle();
    const fingerprint = createHash('sha256').update(`${request.method} ${request.path}\n`).update(request.body).digest('hex');
    const stored = s().idempotency[key];
    if (stored !== undefined) {
      if (stored.fingerprint !== fingerprint) {
        return stripeError(400, 'idempotency_error', `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`);
      }
      return json(stored.status, stored.body, { 'idempotent-replayed': 'true', 'idempotency-key': key });
    }
    const response = handle();
    if (response.status < 500) s().idempotency[key] = { fingerprint, status: response.status, body: response.body };
    return { ...response, headers: { ...response.headers, 'idempotency-key': key } };
  };

  const emit = (type: string, object: unknown): void => {
    options.webhooks().emit(type, stripeEvent(s(), type, object, options.clock.unix(), options.accountVersion()));
  };

  /** `GET /v1/<collection>/{id}`: one object, or Stripe's resource_missing. */
  const retrieve = <T>(path: string, kind: string, name: string, collection: () => Record<string, T>, render: (item: T, request: SimRequest) => unknown): Route => ({
    method: 'GET',
    pattern: `/v1/${path}/{id}`,
    name,
    write: false,
    handle: (request) => {
      const id = request.params['id'] ?? '';
      const found = collection()[id];
      if (found === undefined) throw missing(kind, id);
      return json(200, render(found, request));
    },
  });

  const routes: Route[] = [
    {
      method: 'GET',
      pattern: '/v1/payment_intents',
      name: 'payment_intents.list',
      write: false,
      handle: (request) => {
        const created = request.query.get('created[gte]');
        const items = Object.values(s().paymentIntents).filter((item) => created === null || item.created >= Number(created));
        return list(request, '/v1/payment_intents', items, (item) => renderIntent(item, request, expansions(request, 'data.')));
      },
    },
    {
      method: 'GET',
      pattern: '/v1/payment_intents/search',
      name: 'payment_intents.search',
      write: false,
      handle: (request) => {
        const query = request.query.get('query') ?? '';
        const match = /^metadata\['([^']+)'\]:'([^']*)'$/.exec(query.trim());
        if (match === null) {
          throw new SimError(stripeError(400, 'invalid_request_error', `Invalid search query: ${query}. The sandbox supports metadata['key']:'value'.`, { param: 'query' }));
        }
        const [, key = '', value = ''] = match;
        const data = Object.values(s().paymentIntents).filter((item) => item.metadata[key] === value);
        return json(200, { object: 'search_result', data: data.map((item) => renderIntent(item, request, expansions(request, 'data.'))), has_more: false, next_page: null, url: '/v1/payment_intents/search' });
      },
    },
    retrieve('payment_intents', 'payment_intent', 'payment_intents.retrieve', () => s().paymentIntents, (item, request) => renderIntent(item, request, expansions(request))),
    {
      method: 'POST',
      pattern: '/v1/payment_intents',
      name: 'payment_intents.create',
      write: true,
      idempotencyKey: (request) => header(request, 'idempotency-key'),
      handle: (request) =>
        idempotent(request, () => {
          const body = form(request);
          const amount = Number(formString(body, 'amount'));
          const currency = formString(body, 'currency');
          if (!Number.isInteger(amount) || amount < 50) throw new SimError(stripeError(400, 'invalid_request_error', 'Amount must be at least $0.50 usd', { param: 'amount', code: 'amount_too_small' }));
          if (currency === undefined) throw new SimError(stripeError(400, 'invalid_request_error', 'Missing required param: currency.', { param: 'currency', code: 'parameter_missing' }));
          const manual = formString(body, 'capture_method') === 'manual';
          const id = nextId(s(), 'pi');
          const chargeId = nextId(s(), 'ch');
          const created = options.clock.unix();
          s().charges[chargeId] = { id: chargeId, object: 'charge', amount, amount_captured: manual ? 0 : amount, amount_refunded: 0, captured: !manual, refunded: false, paid: true, status: 'succeeded', currency, balance_transaction: null, payment_intent: id, metadata: formRecord(body, 'metadata'), created, livemode: false };
          const created_: PaymentIntent = { id, object: 'payment_intent', amount, amount_capturable: manual ? amount : 0, amount_received: manual ? 0 : amount, currency, status: manual ? 'requires_capture' : 'succeeded', capture_method: manual ? 'manual' : 'automatic', latest_charge: chargeId, metadata: formRecord(body, 'metadata'), created, canceled_at: null, cancellation_reason: null, description: formString(body, 'description') ?? null, livemode: false };
          s().paymentIntents[id] = created_;
          emit(manual ? 'payment_intent.amount_capturable_updated' : 'payment_intent.succeeded', created_);
          return json(200, renderIntent(created_, request, expansions(request)));
        }),
    },
    {
      method: 'POST',
      pattern: '/v1/payment_intents/{id}/capture',
      name: 'payment_intents.capture',
      write: true,
      idempotencyKey: (request) => header(request, 'idempotency-key'),
      handle: (request) =>
        idempotent(request, () => {
          const found = lapse(intent(request.params['id'] ?? ''));
          if (found.status !== 'requires_capture') {
            return stripeError(400, 'invalid_request_error', `This PaymentIntent could not be captured because it has a status of ${found.status}. Only a PaymentIntent with one of the following statuses may be captured: requires_capture.`, { code: 'payment_intent_unexpected_state' });
          }
          const requested = formString(form(request), 'amount_to_capture');
          const amount = requested === undefined ? found.amount_capturable : Number(requested);
          if (!Number.isInteger(amount) || amount < 1 || amount > found.amount_capturable) {
            return stripeError(400, 'invalid_request_error', `The amount_to_capture must be less than or equal to the amount_capturable (${found.amount_capturable}).`, { param: 'amount_to_capture', code: 'amount_too_large' });
          }
          const charge = found.latest_charge === null ? undefined : s().charges[found.latest_charge];
          if (charge !== undefined) {
            const txn = nextId(s(), 'txn');
            const fee = cardFee(amount);
            s().balanceTransactions[txn] = { id: txn, object: 'balance_transaction', amount, fee, net: amount - fee, currency: charge.currency, type: 'charge', source: charge.id, status: 'pending', available_on: options.clock.unix() + 2 * 86_400, created: options.clock.unix(), fee_details: [{ amount: fee, currency: charge.currency, type: 'stripe_fee', description: 'Stripe processing fees' }], payout: null };
            Object.assign(charge, { amount_captured: amount, captured: true, balance_transaction: txn });
          }
          Object.assign(found, { amount_received: amount, amount_capturable: 0, status: 'succeeded' });
          emit('payment_intent.succeeded', found);
          return json(200, renderIntent(found, request, expansions(request)));
        }),
    },
    {
      method: 'POST',
      pattern: '/v1/payment_intents/{id}/cancel',
      name: 'payment_intents.cancel',
      write: true,
      idempotencyKey: (request) => header(request, 'idempotency-key'),
      handle: (request) =>
        idempotent(request, () => {
          const found = lapse(intent(request.params['id'] ?? ''));
          if (found.status === 'succeeded' || found.status === 'canceled') {
            return stripeError(400, 'invalid_request_error', `You cannot cancel this PaymentIntent because it has a status of ${found.status}.`, { code: 'payment_intent_unexpected_state' });
          }
          Object.assign(found, { status: 'canceled', amount_capturable: 0, canceled_at: options.clock.unix(), cancellation_reason: formString(form(request), 'cancellation_reason') ?? 'requested_by_customer' });
          emit('payment_intent.canceled', found);
          return json(200, renderIntent(found, request, expansions(request)));
        }),
    },
    {
      method: 'GET',
      pattern: '/v1/charges',
      name: 'charges.list',
      write: false,
      handle: (request) => {
        const intentId = request.query.get('payment_intent');
        const items = Object.values(s().charges).filter((item) => intentId === null || item.payment_intent === intentId);
        return list(request, '/v1/charges', items, (item) => renderCharge(item, expansions(request, 'data.')));
      },
    },
    retrieve('charges', 'charge', 'charges.retrieve', () => s().charges, (charge, request) => renderCharge(charge, expansions(request))),
    {
      method: 'GET',
      pattern: '/v1/refunds',
      name: 'refunds.list',
      write: false,
      handle: (request) => {
        const intentId = request.query.get('payment_intent');
        const chargeId = request.query.get('charge');
        const items = Object.values(s().refunds).filter((item) => (intentId === null || item.payment_intent === intentId) && (chargeId === null || item.charge === chargeId));
        return list(request, '/v1/refunds', items, (item) => item);
      },
    },
    retrieve('refunds', 'refund', 'refunds.retrieve', () => s().refunds, (refund) => refund),
    {
      method: 'POST',
      pattern: '/v1/refunds',
      name: 'refunds.create',
      write: true,
      idempotencyKey: (request) => header(request, 'idempotency-key'),
      handle: (request) =>
        idempotent(request, () => {
          const body = form(request);
          const intentId = formString(body, 'payment_intent');
          const chargeId = formString(body, 'charge') ?? (intentId === undefined ? undefined : (intent(intentId).latest_charge ?? undefined));
          if (chargeId === undefined) return stripeError(400, 'invalid_request_error', 'One of the following params should be provided for this request: payment_intent or charge.', { code: 'parameter_missing' });
          const charge = s().charges[chargeId];
          if (charge === undefined) throw missing('charge', chargeId);
          const remaining = charge.amount_captured - charge.amount_refunded;
          const requested = formString(body, 'amount');
          const amount = requested === undefined ? remaining : Number(requested);
          if (remaining <= 0) return stripeError(400, 'invalid_request_error', `Charge ${charge.id} has already been refunded.`, { code: 'charge_already_refunded' });
          if (!Number.isInteger(amount) || amount < 1 || amount > remaining) {
            return stripeError(400, 'invalid_request_error', `Refund amount ($${(amount / 100).toFixed(2)}) is greater than unrefunded amount on charge ($${(remaining / 100).toFixed(2)})`, { param: 'amount', code: 'amount_too_large' });
          }
          const refund = addRefund(s(), charge.id, amount, options.clock.unix());
          refund.metadata = formRecord(body, 'metadata');
          emit('charge.refunded', charge);
          emit('refund.created', refund);
          return json(200, refund);
        }),
    },
    {
      method: 'GET',
      pattern: '/v1/balance_transactions',
      name: 'balance_transactions.list',
      write: false,
      handle: (request) => {
        const payout = request.query.get('payout');
        const source = request.query.get('source');
        const type = request.query.get('type');
        const items = Object.values(s().balanceTransactions).filter(
          (item) => (payout === null || (item.payout === payout && item.type !== 'payout')) && (source === null || item.source === source) && (type === null || item.type === type),
        );
        return list(request, '/v1/balance_transactions', items, publicTransaction);
      },
    },
    retrieve('balance_transactions', 'balance_transaction', 'balance_transactions.retrieve', () => s().balanceTransactions, publicTransaction),
    { method: 'GET', pattern: '/v1/payouts', name: 'payouts.list', write: false, handle: (request) => list(request, '/v1/payouts', Object.values(s().payouts), (item) => item) },
    retrieve('payouts', 'payout', 'payouts.retrieve', () => s().payouts, (payout) => payout),
    {
      method: 'POST',
      pattern: '/v1/webhook_endpoints',
      name: 'webhook_endpoints.create',
      write: true,
      handle: (request) => {
        const body = form(request);
        const url = formString(body, 'url');
        if (url === undefined || !/^https?:\/\//.test(url)) return stripeError(400, 'invalid_request_error', 'Invalid URL: url must be an http or https URL.', { param: 'url' });
        const events = formList(body, 'enabled_events');
        options.webhooks().subscribe(url, events.includes('*') ? [] : events);
        const id = nextId(s(), 'we');
        const endpoint = { id, object: 'webhook_endpoint' as const, url, enabled_events: events, status: 'enabled' as const, created: options.clock.unix() };
        s().webhookEndpoints[id] = endpoint;
        return json(200, { ...endpoint, secret: options.webhookSecret });
      },
    },
    { method: 'GET', pattern: '/v1/webhook_endpoints', name: 'webhook_endpoints.list', write: false, handle: (request) => list(request, '/v1/webhook_endpoints', Object.values(s().webhookEndpoints), (item) => item) },
  ];

  return {
    system: 'stripe',
    routes,
    authenticate: (request) => {
      const authorization = header(request, 'authorization') ?? '';
      const basic = /^Basic (.+)$/.exec(authorization);
      const key = /^Bearer (.+)$/.exec(authorization)?.[1] ?? (basic === null ? undefined : Buffer.from(basic[1] ?? '', 'base64').toString('utf8').split(':')[0]);
      if (key === undefined) {
        return stripeError(401, 'invalid_request_error', "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').");
      }
      if (!sameSecret(key, options.secretKey)) return stripeError(401, 'invalid_request_error', `Invalid API Key provided: ${key.slice(0, 8)}${'*'.repeat(Math.max(0, key.length - 12))}${key.slice(-4)}`);
      return null;
    },
    errors: {
      notFound: (request) => stripeError(404, 'invalid_request_error', `Unrecognized request URL (${request.method}: ${request.path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`),
      methodNotAllowed: (request) => stripeError(404, 'invalid_request_error', `Unrecognized request URL (${request.method}: ${request.path}).`),
      serverError: () => stripeError(500, 'api_error', 'An unknown error occurred'),
      throttled: () => stripeError(429, 'invalid_request_error', 'Request rate limit exceeded. Learn more about rate limits here https://stripe.com/docs/rate-limits.', { code: 'rate_limit' }),
      rejected: () => stripeError(402, 'card_error', 'Your card was declined.', { code: 'card_declined', decline_code: 'generic_decline' }),
    },
    snapshot: () => structuredClone(state.current),
    restore: (saved) => {
      state.current = saved as StripeState;
    },
  };
}

function publicTransaction(transaction: StripeState['balanceTransactions'][string]): unknown {
  const { payout: _payout, ...rest } = transaction;
  return rest;
}

export function sameSecret(presented: string, expected: string): boolean {
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
