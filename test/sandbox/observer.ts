import type { Clients } from './clients';
import { json } from './clients';

/**
 * Reads every system of a sandbox through its public API and lists the
 * records that break the template's invariants (domain.md §5). A test's
 * stand-in for the reconciler: it proves each planted inconsistency is
 * observable over HTTP, and that nothing else is.
 */
export interface Finding {
  readonly entity: string;
  readonly key: string;
  readonly rule: string;
}

interface ShopifyOrder {
  legacyResourceId: string;
  name: string;
  createdAt: string;
  currencyCode: string;
  totalPriceSet: { shopMoney: { amount: string } };
  totalReceivedSet: { shopMoney: { amount: string } };
  totalRefundedSet: { shopMoney: { amount: string } };
  lineItems: { nodes: { sku: string; quantity: number; unfulfilledQuantity: number }[] };
}

const EXPONENT: Readonly<Record<string, number>> = { JPY: 0 };
const minor = (amount: string | number, currency: string): number => Math.round(Number(amount) * 10 ** (EXPONENT[currency] ?? 2));

async function shopifyOrders(clients: Clients): Promise<ShopifyOrder[]> {
  const orders: ShopifyOrder[] = [];
  let after: string | null = null;
  for (;;) {
    const { body } = await clients.shopify(
      `query($after: String) { orders(first: 50, after: $after) { nodes { legacyResourceId name createdAt currencyCode
        totalPriceSet { shopMoney { amount } } totalReceivedSet { shopMoney { amount } } totalRefundedSet { shopMoney { amount } }
        lineItems(first: 5) { nodes { sku quantity unfulfilledQuantity } } } pageInfo { hasNextPage endCursor } } }`,
      { after },
    );
    const page = (body['data'] as { orders: { nodes: ShopifyOrder[]; pageInfo: { hasNextPage: boolean; endCursor: string } } }).orders;
    orders.push(...page.nodes);
    if (!page.pageInfo.hasNextPage) return orders;
    after = page.pageInfo.endCursor;
  }
}

type NsRecord = Record<string, unknown> & { id: string; externalId?: string };

async function netsuiteRecords(clients: Clients, type: string): Promise<NsRecord[]> {
  const list = await json<{ items: { id: string }[] }>(clients.netsuite(`/services/rest/record/v1/${type}?limit=1000`));
  return Promise.all(list.items.map((item) => json<NsRecord>(clients.netsuite(`/services/rest/record/v1/${type}/${item.id}?expandSubResources=true`))));
}

async function stripeAll<T>(clients: Clients, path: string): Promise<T[]> {
  const all: T[] = [];
  let after: string | null = null;
  for (;;) {
    const separator = path.includes('?') ? '&' : '?';
    const page: { data: (T & { id: string })[]; has_more: boolean } = await json(clients.stripe(`${path}${separator}limit=100${after === null ? '' : `&starting_after=${after}`}`));
    all.push(...page.data);
    if (!page.has_more) return all;
    after = page.data.at(-1)?.id ?? null;
  }
}

interface ThreePlShipment {
  readonly reference: string;
  readonly shipped: Map<string, number>;
}

async function threePlOrders(clients: Clients): Promise<{ references: Set<string>; shipments: ThreePlShipment[] }> {
  const references = new Set<string>();
  const shipments: ThreePlShipment[] = [];
  for (let page = 1; ; page += 1) {
    const response = await clients.shipbob(`/2026-01/order?Limit=250&Page=${page}`);
    const orders = await json<{ reference_id: string; shipments: { status: string; products: { sku: string; quantity: number }[] }[] }[]>(response);
    for (const order of orders) {
      references.add(order.reference_id);
      const shipped = new Map<string, number>();
      for (const shipment of order.shipments) if (shipment.status === 'Completed' || shipment.status === 'Delivered') for (const line of shipment.products) shipped.set(line.sku, (shipped.get(line.sku) ?? 0) + line.quantity);
      shipments.push({ reference: order.reference_id, shipped });
    }
    if (response.headers.get('next-page') === null) break;
  }
  const stationOrders = await json<{ orders: { orderKey: string; orderNumber: string }[] }>(clients.shipstation('/orders?pageSize=500'));
  const stationShipments = await json<{ shipments: { orderKey: string; shipmentItems: { sku: string; quantity: number }[] }[] }>(clients.shipstation('/shipments?pageSize=500'));
  for (const order of stationOrders.orders) {
    references.add(order.orderKey);
    const shipped = new Map<string, number>();
    for (const shipment of stationShipments.shipments.filter((entry) => entry.orderKey === order.orderKey)) for (const line of shipment.shipmentItems) shipped.set(line.sku, (shipped.get(line.sku) ?? 0) + line.quantity);
    shipments.push({ reference: order.orderKey, shipped });
  }
  return { references, shipments };
}

/** Orders younger than this are still on their way downstream. */
const SLA_MS = 2 * 3_600_000;

export async function observe(clients: Clients, now: number): Promise<Finding[]> {
  const findings: Finding[] = [];
  const add = (entity: string, key: string, rule: string): void => {
    if (!findings.some((finding) => finding.entity === entity && finding.key === key && finding.rule === rule)) findings.push({ entity, key, rule });
  };
  const [orders, salesOrders, invoices, creditMemos, fulfillments, deposits, items, intents, refunds, payouts, threePl] = await Promise.all([
    shopifyOrders(clients),
    netsuiteRecords(clients, 'salesOrder'),
    netsuiteRecords(clients, 'invoice'),
    netsuiteRecords(clients, 'creditMemo'),
    netsuiteRecords(clients, 'itemFulfillment'),
    netsuiteRecords(clients, 'deposit'),
    netsuiteRecords(clients, 'inventoryItem'),
    stripeAll<{ amount: number; amount_received: number; latest_charge: string | null; metadata: Record<string, string> }>(clients, '/v1/payment_intents'),
    stripeAll<{ amount: number; payment_intent: string; status: string }>(clients, '/v1/refunds'),
    stripeAll<{ id: string; amount: number }>(clients, '/v1/payouts'),
    threePlOrders(clients),
  ]);

  // Duplicates: one storefront order, several ERP sales orders.
  const byRef = new Map<string, NsRecord[]>();
  for (const order of salesOrders) byRef.set(String(order['otherRefNum']), [...(byRef.get(String(order['otherRefNum'])) ?? []), order]);

  for (const order of orders) {
    const key = order.legacyResourceId;
    const externalId = `shopify-${key}`;
    const erp = salesOrders.find((record) => record.externalId === externalId);
    const overdue = Date.parse(order.createdAt) < now - SLA_MS;
    if (overdue && (erp === undefined || !threePl.references.has(externalId))) add('Order', key, 'presence');
    if ((byRef.get(order.name)?.length ?? 0) > 1) add('Order', key, 'duplicate');

    // Money: storefront total = authorised; captured − refunded agrees everywhere it is known.
    const currency = order.currencyCode;
    const intent = intents.find((entry) => entry.metadata['shopify_order_id'] === key);
    const stripeRefunded = refunds.filter((refund) => refund.payment_intent === (intent as { id?: string } | undefined)?.id && refund.status === 'succeeded').reduce((sum, refund) => sum + refund.amount, 0);
    const shopifyNet = minor(order.totalReceivedSet.shopMoney.amount, currency) - minor(order.totalRefundedSet.shopMoney.amount, currency);
    const figures = [shopifyNet];
    if (intent !== undefined) {
      if (intent.amount !== minor(order.totalPriceSet.shopMoney.amount, currency)) add('Order', key, 'payment-economics');
      figures.push(intent.amount_received - stripeRefunded);
    }
    if (erp !== undefined) {
      const billed = invoices.filter((invoice) => (invoice['createdFrom'] as { id: string } | undefined)?.id === erp.id);
      if (billed.length > 0) {
        const credited = creditMemos.filter((memo) => billed.some((invoice) => invoice.id === (memo['createdFrom'] as { id: string } | undefined)?.id));
        figures.push(minor(billed.reduce((sum, invoice) => sum + Number(invoice['total']), 0), currency) - minor(credited.reduce((sum, memo) => sum + Number(memo['total']), 0), currency));
      }
    }
    if (new Set(figures).size > 1) add('Order', key, 'payment-economics');

    // Shipped in the 3PL ⇒ fulfilled in storefront and ERP, line by line.
    const shipment = threePl.shipments.find((entry) => entry.reference === externalId);
    if (shipment !== undefined) {
      const erpFulfilled = new Map<string, number>();
      for (const record of fulfillments.filter((entry) => (entry['createdFrom'] as { id: string } | undefined)?.id === erp?.id)) {
        for (const line of (record['item'] as { items: { item: { refName: string }; quantity: number }[] }).items) erpFulfilled.set(line.item.refName, (erpFulfilled.get(line.item.refName) ?? 0) + line.quantity);
      }
      for (const line of order.lineItems.nodes) {
        const storefront = line.quantity - line.unfulfilledQuantity;
        const shipped = shipment.shipped.get(line.sku) ?? 0;
        if (storefront !== shipped || (erp !== undefined && (erpFulfilled.get(line.sku) ?? 0) !== shipped)) add('Order', key, 'shipped-fulfilled');
      }
    }
  }

  // Stock: storefront available = ERP available − open reservations (none on a fresh sandbox).
  const { body } = await clients.shopify('{ inventoryItems(first: 50) { nodes { sku inventoryLevels(first: 1) { nodes { quantities(names: ["available"]) { name quantity } } } } } }');
  const stock = (body['data'] as { inventoryItems: { nodes: { sku: string; inventoryLevels: { nodes: { quantities: { quantity: number }[] }[] } }[] } }).inventoryItems.nodes;
  for (const item of stock) {
    const erpItem = items.find((record) => record['itemId'] === item.sku);
    if (erpItem === undefined) continue;
    const locations = await json<{ items: { quantityAvailable: number }[] }>(clients.netsuite(`/services/rest/record/v1/inventoryItem/${erpItem.id}/locations`));
    if ((item.inventoryLevels.nodes[0]?.quantities[0]?.quantity ?? 0) !== (locations.items[0]?.quantityAvailable ?? 0)) add('InventoryLevel', item.sku, 'stock');
  }

  // Settlement: the ERP's deposit equals what Stripe paid out, which equals the net of what it settled.
  for (const payout of payouts) {
    const settled = await stripeAll<{ net: number }>(clients, `/v1/balance_transactions?payout=${payout.id}`);
    const deposit = deposits.find((record) => record.externalId === `stripe-${payout.id}`);
    const net = settled.reduce((sum, transaction) => sum + transaction.net, 0);
    if (deposit === undefined || minor(Number(deposit['total']), 'USD') !== payout.amount || net !== payout.amount) add('Settlement', `stripe:${payout.id}`, 'settlement-net');
  }
  return findings;
}
