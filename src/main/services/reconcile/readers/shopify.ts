import { toMinorUnits } from '../../../../shared/money';
import { TableBuilder } from '../../../../shared/reconcile/table';
import type { ShopifyConnector } from '../../connectors/shopify';
import type { ReadContext, SystemReading } from './reader';
import { isoTime, keyFrom, merged, upper } from './reader';

/**
 * The storefront's orders and stock through the Admin GraphQL API. Pages are
 * sized to stay under Shopify's single-query cost limit (a page of 50 orders
 * with up to 10 lines asks for about 950 points); the connector waits out the
 * bucket when it runs dry.
 */
const ORDERS = `query Orders($first: Int!, $after: String, $query: String) {
  orders(first: $first, after: $after, query: $query, sortKey: ID) {
    nodes {
      legacyResourceId name createdAt updatedAt cancelledAt currencyCode displayFinancialStatus displayFulfillmentStatus
      currentTotalPriceSet { shopMoney { amount } } totalRefundedSet { shopMoney { amount } } totalReceivedSet { shopMoney { amount } }
      lineItems(first: 10) { nodes { sku quantity unfulfilledQuantity } }
    }
    pageInfo { hasNextPage endCursor }
  }
}`;

const STOCK = `query Stock($first: Int!, $after: String) {
  inventoryItems(first: $first, after: $after) {
    nodes { sku updatedAt inventoryLevels(first: 5) { nodes { location { id } quantities(names: ["available", "on_hand"]) { name quantity } } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

interface Money {
  shopMoney: { amount: string };
}

interface OrderNode {
  legacyResourceId: string;
  name: string;
  createdAt: string;
  updatedAt: string;
  cancelledAt: string | null;
  currencyCode: string;
  displayFinancialStatus: string | null;
  displayFulfillmentStatus: string | null;
  currentTotalPriceSet: Money;
  totalRefundedSet: Money;
  totalReceivedSet: Money;
  lineItems: { nodes: { sku: string | null; quantity: number; unfulfilledQuantity: number }[] };
}

interface ItemNode {
  sku: string | null;
  updatedAt: string;
  inventoryLevels: { nodes: { location: { id: string }; quantities: { name: string; quantity: number }[] }[] };
}

type Connection<Node> = { nodes: Node[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };

export async function readShopify(connector: ShopifyConnector, context: ReadContext): Promise<SystemReading> {
  const orders = new TableBuilder();
  const xref = context.xref('Order');
  // An incremental re-run asks only for the orders updated since the last reading.
  const query = context.previous === null ? null : `updated_at:>='${context.previous.since}'`;
  for await (const page of connector.paginate<OrderNode>(ORDERS, (data) => (data as { orders: Connection<OrderNode> }).orders, { first: 50, query })) {
    for (const order of page) {
      context.observe('orders', order);
      const currency = order.currencyCode;
      const refunded = toMinorUnits(order.totalRefundedSet.shopMoney.amount, currency) ?? 0;
      orders.add({
        key: keyFrom(order, xref),
        id: order.legacyResourceId,
        fields: {
          name: order.name,
          placedAt: isoTime(order.createdAt),
          updatedAt: isoTime(order.updatedAt),
          currency: upper(currency),
          // The order's total as sold: Shopify's current total is net of refunds.
          total: (toMinorUnits(order.currentTotalPriceSet.shopMoney.amount, currency) ?? 0) + refunded,
          captured: toMinorUnits(order.totalReceivedSet.shopMoney.amount, currency),
          refunded,
          cancelled: order.cancelledAt !== null,
          financialStatus: order.displayFinancialStatus,
          fulfillmentStatus: order.displayFulfillmentStatus,
        },
        lines: order.lineItems.nodes.map((line) => ({ sku: line.sku, quantity: line.quantity, fulfilled: line.quantity - line.unfulfilledQuantity })),
      });
    }
    context.progress('orders', orders.size);
  }

  const stock = new TableBuilder();
  for await (const page of connector.paginate<ItemNode>(STOCK, (data) => (data as { inventoryItems: Connection<ItemNode> }).inventoryItems, { first: 50 })) {
    for (const item of page) {
      context.observe('inventoryItems', item);
      if (item.sku === null || item.sku === '') continue;
      const levels = item.inventoryLevels.nodes;
      for (const level of levels) {
        const quantity = (name: string): number | null => level.quantities.find((entry) => entry.name === name)?.quantity ?? null;
        // Stock is keyed by SKU, or SKU@location where the shop stocks it in several places (domain.md §6).
        const key = levels.length > 1 ? `${item.sku}@${level.location.id.split('/').pop() ?? level.location.id}` : item.sku;
        stock.add({ key, id: key, fields: { available: quantity('available'), onHand: quantity('on_hand'), updatedAt: isoTime(item.updatedAt) } });
      }
    }
    context.progress('stock levels', stock.size);
  }
  const changed = orders.finish();
  return {
    tables: { Order: context.previous === null ? changed : merged(context.previous.snapshot.tables.Order, changed), InventoryLevel: stock.finish() },
    skipped: [],
    read: context.previous === null ? 'full' : 'changes',
  };
}
