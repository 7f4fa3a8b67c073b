import type { World } from '../world/world';

/**
 * Stripe's objects as the API returns them (API v1), held by id. `created`
 * orders lists newest first, as Stripe's do.
 */
export interface PaymentIntent {
  id: string;
  object: 'payment_intent';
  amount: number;
  amount_capturable: number;
  amount_received: number;
  currency: string;
  status: 'requires_payment_method' | 'requires_capture' | 'succeeded' | 'canceled' | 'processing';
  capture_method: 'automatic' | 'manual';
  latest_charge: string | null;
  metadata: Record<string, string>;
  created: number;
  canceled_at: number | null;
  cancellation_reason: string | null;
  description: string | null;
  livemode: false;
}

export interface Charge {
  id: string;
  object: 'charge';
  amount: number;
  amount_captured: number;
  amount_refunded: number;
  captured: boolean;
  refunded: boolean;
  paid: boolean;
  status: 'succeeded' | 'pending' | 'failed';
  currency: string;
  balance_transaction: string | null;
  payment_intent: string;
  metadata: Record<string, string>;
  created: number;
  livemode: false;
}

export interface Refund {
  id: string;
  object: 'refund';
  amount: number;
  status: 'succeeded' | 'pending' | 'failed' | 'canceled';
  charge: string;
  payment_intent: string;
  balance_transaction: string | null;
  currency: string;
  reason: string | null;
  metadata: Record<string, string>;
  created: number;
}

export interface BalanceTransaction {
  id: string;
  object: 'balance_transaction';
  amount: number;
  fee: number;
  net: number;
  currency: string;
  type: 'charge' | 'refund' | 'payout' | 'adjustment' | 'stripe_fee';
  source: string;
  status: 'available' | 'pending';
  available_on: number;
  created: number;
  fee_details: { amount: number; currency: string; type: string; description: string }[];
  /** The payout that settled it (for `payout=` filters); not part of the public object. */
  payout: string | null;
}

export interface Payout {
  id: string;
  object: 'payout';
  amount: number;
  currency: string;
  status: 'paid' | 'pending' | 'in_transit' | 'failed' | 'canceled';
  arrival_date: number;
  created: number;
  balance_transaction: string;
  livemode: false;
}

export interface StripeState {
  paymentIntents: Record<string, PaymentIntent>;
  charges: Record<string, Charge>;
  refunds: Record<string, Refund>;
  balanceTransactions: Record<string, BalanceTransaction>;
  payouts: Record<string, Payout>;
  webhookEndpoints: Record<string, { id: string; object: 'webhook_endpoint'; url: string; enabled_events: string[]; status: 'enabled'; created: number }>;
  idempotency: Record<string, { fingerprint: string; status: number; body: unknown }>;
  /** One counter per id prefix, so that ids are predictable: `pi_sbx00000001` is the first order's. */
  sequences: Record<string, number>;
}

/** Stripe's standard US card pricing: 2.9 % + 30¢. */
export function cardFee(amount: number): number {
  return Math.round(amount * 0.029) + 30;
}

export function nextId(state: StripeState, prefix: string): string {
  const next = (state.sequences[prefix] ?? 0) + 1;
  state.sequences[prefix] = next;
  return `${prefix}_sbx${String(next).padStart(8, '0')}`;
}

const DAY = 86_400;

export function createStripeState(world: World): StripeState {
  const state: StripeState = { paymentIntents: {}, charges: {}, refunds: {}, balanceTransactions: {}, payouts: {}, webhookEndpoints: {}, idempotency: {}, sequences: {} };
  const settled: string[] = [];
  for (const order of world.orders) {
    const created = Math.floor(Date.parse(order.createdAt) / 1000);
    const pi = nextId(state, 'pi');
    const ch = nextId(state, 'ch');
    const captured = order.capturedCents;
    const authorisedOnly = !order.released;
    const txn = authorisedOnly ? null : nextId(state, 'txn');
    state.paymentIntents[pi] = {
      id: pi,
      object: 'payment_intent',
      amount: order.totalCents,
      amount_capturable: authorisedOnly ? order.totalCents : 0,
      amount_received: captured,
      currency: order.currency.toLowerCase(),
      status: authorisedOnly ? 'requires_capture' : 'succeeded',
      capture_method: 'manual',
      latest_charge: ch,
      metadata: { shopify_order_id: order.legacyResourceId, shopify_order_name: order.name },
      created,
      canceled_at: null,
      cancellation_reason: null,
      description: `Shopify order ${order.name}`,
      livemode: false,
    };
    const refunded = order.refunds.reduce((sum, refund) => sum + refund.amountCents, 0);
    state.charges[ch] = {
      id: ch,
      object: 'charge',
      amount: order.totalCents,
      amount_captured: captured,
      amount_refunded: refunded,
      captured: !authorisedOnly,
      refunded: refunded >= captured && captured > 0,
      paid: true,
      status: 'succeeded',
      currency: order.currency.toLowerCase(),
      balance_transaction: txn,
      payment_intent: pi,
      metadata: { shopify_order_id: order.legacyResourceId },
      created,
      livemode: false,
    };
    if (txn === null) continue;
    const fee = cardFee(captured);
    state.balanceTransactions[txn] = {
      id: txn,
      object: 'balance_transaction',
      amount: captured,
      fee,
      net: captured - fee,
      currency: order.currency.toLowerCase(),
      type: 'charge',
      source: ch,
      status: 'available',
      available_on: created + 2 * DAY,
      created,
      fee_details: [{ amount: fee, currency: order.currency.toLowerCase(), type: 'stripe_fee', description: 'Stripe processing fees' }],
      payout: null,
    };
    settled.push(txn);
    for (const refund of order.refunds) settled.push(addRefund(state, ch, refund.amountCents, Math.floor(Date.parse(refund.at) / 1000)).balance_transaction ?? '');
  }
  // One payout settles everything that was available a day before the scenario starts.
  const cutoff = Math.floor(world.startAt / 1000) - DAY;
  const included = settled.filter((id) => (state.balanceTransactions[id]?.available_on ?? Infinity) <= cutoff);
  if (included.length > 0) createPayout(state, included, cutoff);
  return state;
}

/** Adds a succeeded refund with its (fee-free) balance transaction. */
export function addRefund(state: StripeState, chargeId: string, amount: number, created: number): Refund {
  const charge = state.charges[chargeId];
  if (charge === undefined) throw new Error(`no charge ${chargeId}`);
  const id = nextId(state, 're');
  const txn = nextId(state, 'txn');
  state.balanceTransactions[txn] = {
    id: txn,
    object: 'balance_transaction',
    amount: -amount,
    fee: 0,
    net: -amount,
    currency: charge.currency,
    type: 'refund',
    source: id,
    status: 'available',
    available_on: created,
    created,
    fee_details: [],
    payout: null,
  };
  const refund: Refund = { id, object: 'refund', amount, status: 'succeeded', charge: chargeId, payment_intent: charge.payment_intent, balance_transaction: txn, currency: charge.currency, reason: 'requested_by_customer', metadata: {}, created };
  state.refunds[id] = refund;
  charge.amount_refunded += amount;
  charge.refunded = charge.amount_refunded >= charge.amount_captured;
  return refund;
}

export function createPayout(state: StripeState, transactionIds: readonly string[], created: number): Payout {
  const id = nextId(state, 'po');
  const txn = nextId(state, 'txn');
  let amount = 0;
  for (const transactionId of transactionIds) {
    const transaction = state.balanceTransactions[transactionId];
    if (transaction === undefined) continue;
    transaction.payout = id;
    amount += transaction.net;
  }
  state.balanceTransactions[txn] = { id: txn, object: 'balance_transaction', amount: -amount, fee: 0, net: -amount, currency: 'usd', type: 'payout', source: id, status: 'available', available_on: created, created, fee_details: [], payout: id };
  const payout: Payout = { id, object: 'payout', amount, currency: 'usd', status: 'paid', arrival_date: created + DAY, created, balance_transaction: txn, livemode: false };
  state.payouts[id] = payout;
  return payout;
}

export function paymentIntentForOrder(state: StripeState, legacyResourceId: string): PaymentIntent | undefined {
  return Object.values(state.paymentIntents).find((intent) => intent.metadata['shopify_order_id'] === legacyResourceId);
}
