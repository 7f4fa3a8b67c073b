import { TableBuilder } from '../../../../shared/reconcile/table';
import type { StripeConnector } from '../../connectors/stripe';
import type { ReadContext, SystemReading } from './reader';
import { inPool, isoTime, keyFrom, upper } from './reader';

/**
 * Every money movement through Stripe's lists: payment intents (what was
 * authorised and captured per order), refunds, and payouts with the
 * balance transactions each paid out (what settled, less fees).
 */
interface Intent {
  id: string;
  amount: number;
  amount_received: number;
  currency: string;
  status: string;
  created: number;
  metadata?: Record<string, string>;
}
interface Refund {
  id: string;
  amount: number;
  status: string;
  payment_intent: string | null;
}
interface Payout {
  id: string;
  amount: number;
  status: string;
  arrival_date: number;
  currency: string;
}
interface BalanceTransaction {
  id: string;
  net: number;
  fee: number;
  type: string;
}

async function all<T>(connector: StripeConnector, path: string, context: ReadContext, what: string, params: Readonly<Record<string, string>> = {}): Promise<T[]> {
  const items: T[] = [];
  for await (const page of connector.list(path, params)) {
    for (const item of page) context.observe(path, item);
    items.push(...(page as T[]));
    context.progress(what, items.length);
  }
  return items;
}

export async function readStripe(connector: StripeConnector, context: ReadContext): Promise<SystemReading> {
  const [intents, refunds, payouts] = await Promise.all([
    all<Intent>(connector, '/v1/payment_intents', context, 'payment intents'),
    all<Refund>(connector, '/v1/refunds', context, 'refunds'),
    all<Payout>(connector, '/v1/payouts', context, 'payouts'),
  ]);
  const refunded = new Map<string, number>();
  for (const refund of refunds) if (refund.status === 'succeeded' && refund.payment_intent !== null) refunded.set(refund.payment_intent, (refunded.get(refund.payment_intent) ?? 0) + refund.amount);

  const orders = new TableBuilder();
  const xref = context.xref('Order');
  for (const intent of intents) {
    orders.add({
      key: keyFrom(intent, xref),
      id: intent.id,
      fields: { status: intent.status, currency: upper(intent.currency), total: intent.amount, captured: intent.amount_received, refunded: refunded.get(intent.id) ?? 0, createdAt: isoTime(intent.created) },
    });
  }

  const settlements = new TableBuilder();
  const settlementXref = context.xref('Settlement');
  const settled = await inPool(payouts, 4, (payout) => all<BalanceTransaction>(connector, '/v1/balance_transactions', context, 'balance transactions', { payout: payout.id }));
  payouts.forEach((payout, index) => {
    // The payout's own transaction (type "payout") is the money leaving, not what settled into it.
    const paid = (settled[index] ?? []).filter((transaction) => transaction.type !== 'payout');
    settlements.add({
      key: keyFrom(payout, settlementXref) ?? payout.id,
      id: payout.id,
      fields: {
        amount: payout.amount,
        net: paid.reduce((sum, transaction) => sum + transaction.net, 0),
        fees: paid.reduce((sum, transaction) => sum + transaction.fee, 0),
        status: payout.status,
        arrivalDate: isoTime(payout.arrival_date),
        currency: upper(payout.currency),
      },
    });
  });
  return { tables: { Order: orders.finish(), Settlement: settlements.finish() }, skipped: [] };
}
