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
  /** Not in the binding surface of apis.md's GraphQL reads; the `orders/create` webhook carries it. */
  readonly customerEmail: string | null;
  /** Where the order ships: only the webhook's REST body has it; a 3PL cannot take an order without it. */
  readonly shipTo: ShipTo | null;
}

export interface ShipTo {
  readonly name: string;
  readonly address1: string;
  readonly city: string;
  readonly state: string;
  readonly country: string;
  readonly zip: string;
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
    shipTo: null,
    lines: node.lineItems.nodes.map((line) => ({
      lineId: line.id,
      orderId,
      sku: line.sku ?? '',
      quantity: line.currentQuantity ?? line.quantity,
      unitPrice: toMinorUnits(line.originalUnitPriceSet.shopMoney.amount, line.originalUnitPriceSet.shopMoney.currencyCode) ?? 0,
    })),
  };
}

/**
 * The REST-shaped order of Shopify's `orders/create` webhook (domain-apis.md
 * §1): money as decimal strings, ids as numbers, the customer and the
 * shipping address inline.
 */
const RestAddress = z
  .object({
    name: z.string().nullish(),
    first_name: z.string().nullish(),
    last_name: z.string().nullish(),
    address1: z.string().nullish(),
    city: z.string().nullish(),
    province_code: z.string().nullish(),
    country_code: z.string().nullish(),
    zip: z.string().nullish(),
  })
  .nullish();

export const ShopifyRestOrder = z.object({
  id: z.union([z.number(), z.string()]).transform(String),
  name: z.string(),
  created_at: z.string(),
  cancelled_at: z.string().nullish(),
  currency: z.string(),
  email: z.string().nullish(),
  total_price: z.string(),
  subtotal_price: z.string().nullish(),
  total_tax: z.string().nullish(),
  financial_status: z.string().nullish(),
  fulfillment_status: z.string().nullish(),
  customer: z.object({ email: z.string().nullish() }).nullish(),
  shipping_address: RestAddress,
  shipping_lines: z.array(z.object({ price: z.string() })).default([]),
  line_items: z.array(z.object({ id: z.union([z.number(), z.string()]).transform(String), sku: z.string().nullish(), quantity: z.number().int(), current_quantity: z.number().int().optional(), price: z.string() })),
});
export type ShopifyRestOrder = z.infer<typeof ShopifyRestOrder>;

export function decodeShopifyRestOrder(order: ShopifyRestOrder): CanonicalOrder & { subtotal: number; shipping: number; tax: number } {
  const currency = order.currency;
  const minor = (amount: string | null | undefined): number => (amount === null || amount === undefined ? 0 : (toMinorUnits(amount, currency) ?? 0));
  const address = order.shipping_address;
  const name = address?.name ?? [address?.first_name, address?.last_name].filter(Boolean).join(' ');
  return {
    orderId: order.id,
    name: order.name,
    placedAt: order.created_at,
    currency,
    total: minor(order.total_price),
    subtotal: minor(order.subtotal_price),
    shipping: order.shipping_lines.reduce((sum, line) => sum + minor(line.price), 0),
    tax: minor(order.total_tax),
    financialStatus: order.financial_status?.toUpperCase() ?? null,
    fulfillmentStatus: order.fulfillment_status?.toUpperCase() ?? null,
    cancelledAt: order.cancelled_at ?? null,
    customerEmail: order.email ?? order.customer?.email ?? null,
    shipTo:
      address?.address1 === undefined || address.address1 === null
        ? null
        : { name, address1: address.address1, city: address.city ?? '', state: address.province_code ?? '', country: address.country_code ?? '', zip: address.zip ?? '' },
    lines: order.line_items.map((line) => ({ lineId: `gid://shopify/LineItem/${line.id}`, orderId: order.id, sku: line.sku ?? '', quantity: line.current_quantity ?? line.quantity, unitPrice: minor(line.price) })),
  };
}
