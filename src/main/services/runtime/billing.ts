import { fromMinorUnits } from '../../../shared/money';
import type { NetSuiteConnector } from '../connectors/netsuite';
import type { Data } from './codecs/codec';
import { text } from './codecs/codec';

/**
 * Billing asked of the ERP, its owner (the template's "Ask NetSuite to
 * invoice" and "… for a credit memo" request nodes). The governor decides
 * from NetSuite's own records: a capture is invoiced from the order's sales
 * order (once: an order already billed is not billed again), a refund
 * credited against that invoice as `shopify-<order>-refund-<n>`, the n-th
 * refund of the order. Each is looked up before it is made, so asking twice —
 * a redelivered event, a resumed run — makes one.
 * Events arrive in any order: a refund whose capture has not been invoiced
 * yet waits for it (up to `graceMs`) instead of being refused at once.
 */
export interface Answer {
  readonly confirmed: boolean;
  readonly reason: string;
}

interface SalesOrder {
  id: string;
  entity?: { id?: string };
  currency?: { refName?: string };
  status?: { refName?: string };
  item?: { items?: { item?: { id?: string }; quantity?: unknown; quantityBilled?: unknown }[] };
}

export class Billing {
  constructor(
    private readonly netsuite: NetSuiteConnector,
    private readonly graceMs = 5_000,
  ) {}

  async invoice(payment: Data): Promise<Answer> {
    const key = `stripe-${text(payment['paymentIntentId'])}`;
    if (await this.exists('invoice', key)) return { confirmed: true, reason: `invoice ${key} exists` };
    const order = await this.waitFor(() => this.salesOrder(payment), (found) => found !== null);
    if (typeof order === 'string') return { confirmed: false, reason: order };
    if (order === null) return { confirmed: false, reason: `NetSuite has no sales order shopify-${text(payment['orderId'])} to invoice` };
    if (billed(order)) return { confirmed: true, reason: `sales order shopify-${text(payment['orderId'])} is already billed` };
    const made = await this.netsuite.transform(order.id, 'invoice', { externalId: key });
    return made.ok ? { confirmed: true, reason: `invoiced as ${key}` } : { confirmed: false, reason: `NetSuite refused the invoice: ${made.failure.reason}` };
  }

  async creditMemo(refund: Data): Promise<Answer> {
    const key = `shopify-${text(refund['orderId'])}-refund-${text(refund['sequence']) || '1'}`;
    if (await this.exists('creditMemo', key)) return { confirmed: true, reason: `credit memo ${key} exists` };
    // The capture's invoice first: a refund event can arrive before the capture's.
    const order = await this.waitFor(() => this.salesOrder(refund), (found) => found !== null && billed(found));
    if (typeof order === 'string') return { confirmed: false, reason: order };
    if (order === null) return { confirmed: false, reason: `NetSuite has no sales order shopify-${text(refund['orderId'])} to credit` };
    if (!billed(order)) return { confirmed: false, reason: `sales order shopify-${text(refund['orderId'])} has no invoice to credit yet` };
    const currency = text(refund['currency']) || order.currency?.refName || 'USD';
    const line = order.item?.items?.[0];
    const body = {
      entity: { id: order.entity?.id },
      createdFrom: { id: order.id },
      tranDate: new Date().toISOString().slice(0, 10),
      currency: { refName: currency },
      memo: `Stripe refund ${text(refund['refundId'])}`,
      // The refunded amount as one line of the order's first item: what was credited, not which goods came back.
      item: { items: [{ item: { id: line?.item?.id }, quantity: 1, rate: Number(fromMinorUnits(Number(refund['amount'] ?? 0), currency)) }] },
    };
    const made = await this.netsuite.upsert('creditMemo', key, body);
    return made.ok ? { confirmed: true, reason: `credited as ${key}` } : { confirmed: false, reason: `NetSuite refused the credit memo: ${made.failure.reason}` };
  }

  private async exists(type: string, key: string): Promise<boolean> {
    const found = await this.netsuite.get(type, { externalId: key });
    return found.ok && found.value !== null;
  }

  private async salesOrder(record: Data): Promise<SalesOrder | null | string> {
    const found = await this.netsuite.get('salesOrder', { externalId: `shopify-${text(record['orderId'])}` }, true);
    return found.ok ? (found.value as SalesOrder | null) : `NetSuite could not be asked: ${found.failure.reason}`;
  }

  /** Reads until `ready` or the grace runs out; the last read either way. */
  private async waitFor<T>(read: () => Promise<T | string>, ready: (value: T) => boolean): Promise<T | string> {
    const until = Date.now() + this.graceMs;
    for (;;) {
      const value = await read();
      if (typeof value === 'string' || ready(value) || Date.now() >= until) return value;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

function billed(order: SalesOrder): boolean {
  const lines = order.item?.items ?? [];
  return order.status?.refName === 'Billed' || (lines.length > 0 && lines.every((line) => Number(line.quantityBilled ?? 0) >= Number(line.quantity ?? 0)));
}
