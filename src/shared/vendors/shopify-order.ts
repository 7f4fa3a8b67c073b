import { z } from 'zod';
import { toMinorUnits } from '../money';

/**
 * Shopify orders as Steward's canonical Order (domain.md §1): the fields of
 * apis.md's binding surface only, so any staging server that follows it
 * decodes the same. Money becomes minor units; the key is the
 * `legacyResourceId` (domain.md §6).
 */
/** Pages start at `$first` orders; the connector halves it when Shopify says a page would cost too much. */
export const ORDER_QUERY = `query Orders($first: Int!, $after: String, $query: String) {
  orders(first: $first, after: $after, query: $query, sortKey: CREATED_AT) {
    nodes {
      legacyResourceId name createdAt updatedAt cancelledAt test
      displayFinancialStatus displayFulfillmentStatus currencyCode
      currentTotalPriceSet { shopMoney { amount currencyCode } }
      totalRefundedSet { shopMoney { amount currencyCode } }
      lineItems(first: 20) { nodes { id sku quantity currentQuantity originalUnitPriceSet { shopMoney { amount currencyCode } } } }
    }
    pageInfo { hasNextPage endCursor }
  }
}`;

const Money = z.object({ shopMoney: z.object({ amount: z.string(), currencyCode: z.string() }) });

export const ShopifyOrder = z.object({
  legacyResourceId: z.union([z.string(), z.number()]).transform(String),
  name: z.string(),
  createdAt: z.string(),
  updatedAt: z.string().optional(),
  cancelledAt: z.string().nullable().optional(),
  test: z.boolean().optional(),
  displayFinancialStatus: z.string().nullable().optional(),
  displayFulfillmentStatus: z.string().nullable().optional(),
  currencyCode: z.string(),
  currentTotalPriceSet: Money,
  totalRefundedSet: Money.optional(),
  lineItems: z.object({ nodes: z.array(z.object({ id: z.string(), sku: z.string().nullable(), quantity: z.number().int(), currentQuantity: z.number().int().optional(), originalUnitPriceSet: Money })) }),
});
export type ShopifyOrder = z.infer<typeof ShopifyOrder>;

export interface CanonicalOrderLine {
  readonly lineId: string;
  readonly orderId: string;
  readonly sku: string;
  readonly quantity: number;
  readonly unitPrice: number;
}

export interface CanonicalOrder {
  readonly orderId: string;
  readonly name: string;
  readonly placedAt: string;
  readonly currency: string;
  readonly total: number;
  readonly financialStatus: string | null;
  readonly fulfillmentStatus: string | null;
  readonly cancelledAt: string | null;
  readonly lines: readonly CanonicalOrderLine[];
  /** Not in the binding surface of apis.md; filled where a staging server or a later read provides it. */
  readonly customerEmail: string | null;
}

export function decodeShopifyOrder(node: ShopifyOrder): CanonicalOrder {
  const currency = node.currencyCode;
  const orderId = node.legacyResourceId;
  return {
    orderId,
    name: node.name,
    placedAt: node.createdAt,
    currency,
    total: toMinorUnits(node.currentTotalPriceSet.shopMoney.amount, currency) ?? 0,
    financialStatus: node.displayFinancialStatus ?? null,
    fulfillmentStatus: node.displayFulfillmentStatus ?? null,
    cancelledAt: node.cancelledAt ?? null,
    customerEmail: null,
    lines: node.lineItems.nodes.map((line) => ({
      lineId: line.id,
      orderId,
      sku: line.sku ?? '',
      quantity: line.currentQuantity ?? line.quantity,
      unitPrice: toMinorUnits(line.originalUnitPriceSet.shopMoney.amount, line.originalUnitPriceSet.shopMoney.currencyCode) ?? 0,
    })),
  };
}
