import { z } from 'zod';

/**
 * Response shapes written from the vendors' public API references, limited
 * to the fields Steward relies on (design/apis.md), with the vendors' types
 * and nullability. Objects are loose: vendors add fields, and so may we.
 */
const nullableString = z.string().nullable();

export const stripe = {
  paymentIntent: z
    .object({
      id: z.string().regex(/^pi_/),
      object: z.literal('payment_intent'),
      amount: z.number().int(),
      amount_capturable: z.number().int(),
      amount_received: z.number().int(),
      currency: z.string().regex(/^[a-z]{3}$/),
      status: z.enum(['requires_payment_method', 'requires_confirmation', 'requires_action', 'processing', 'requires_capture', 'canceled', 'succeeded']),
      capture_method: z.enum(['automatic', 'automatic_async', 'manual']),
      latest_charge: nullableString,
      metadata: z.record(z.string(), z.string()),
      created: z.number().int(),
      canceled_at: z.number().int().nullable(),
      cancellation_reason: nullableString,
      livemode: z.boolean(),
    })
    .loose(),
  charge: z
    .object({
      id: z.string().regex(/^(ch|py)_/),
      object: z.literal('charge'),
      amount: z.number().int(),
      amount_captured: z.number().int(),
      amount_refunded: z.number().int(),
      captured: z.boolean(),
      refunded: z.boolean(),
      paid: z.boolean(),
      status: z.enum(['succeeded', 'pending', 'failed']),
      currency: z.string().regex(/^[a-z]{3}$/),
      balance_transaction: nullableString,
      payment_intent: nullableString,
      metadata: z.record(z.string(), z.string()),
    })
    .loose(),
  refund: z
    .object({
      id: z.string().regex(/^re_/),
      object: z.literal('refund'),
      amount: z.number().int(),
      status: z.enum(['pending', 'requires_action', 'succeeded', 'failed', 'canceled']).nullable(),
      charge: nullableString,
      payment_intent: nullableString,
      balance_transaction: nullableString,
      currency: z.string(),
      created: z.number().int(),
    })
    .loose(),
  balanceTransaction: z
    .object({
      id: z.string().regex(/^txn_/),
      object: z.literal('balance_transaction'),
      amount: z.number().int(),
      fee: z.number().int(),
      net: z.number().int(),
      currency: z.string(),
      type: z.string(),
      source: nullableString,
      status: z.enum(['available', 'pending']),
      available_on: z.number().int(),
      fee_details: z.array(z.object({ amount: z.number().int(), currency: z.string(), type: z.string() }).loose()),
    })
    .loose(),
  payout: z
    .object({
      id: z.string().regex(/^po_/),
      object: z.literal('payout'),
      amount: z.number().int(),
      currency: z.string(),
      status: z.enum(['paid', 'pending', 'in_transit', 'canceled', 'failed']),
      arrival_date: z.number().int(),
    })
    .loose(),
  list: z.object({ object: z.literal('list'), data: z.array(z.unknown()), has_more: z.boolean(), url: z.string() }).loose(),
  error: z.object({ error: z.object({ type: z.string(), message: z.string() }).loose() }),
  event: z.object({ id: z.string().regex(/^evt_/), object: z.literal('event'), type: z.string(), created: z.number().int(), data: z.object({ object: z.object({}).loose() }).loose() }).loose(),
};

const nsRef = z.object({ id: z.string(), refName: z.string().optional() }).loose();

export const netsuite = {
  list: z
    .object({
      links: z.array(z.object({ rel: z.string(), href: z.string() })),
      count: z.number().int(),
      hasMore: z.boolean(),
      items: z.array(z.object({ links: z.array(z.object({ rel: z.string(), href: z.string() })), id: z.string() })),
      offset: z.number().int(),
      totalResults: z.number().int(),
    })
    .loose(),
  salesOrder: z
    .object({
      links: z.array(z.object({ rel: z.string(), href: z.string() })),
      id: z.string(),
      externalId: z.string().optional(),
      tranId: z.string(),
      tranDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
      entity: nsRef,
      currency: nsRef,
      total: z.number(),
      subtotal: z.number().optional(),
      item: z.union([z.object({ links: z.array(z.unknown()) }).loose(), z.object({ items: z.array(z.object({ item: nsRef, quantity: z.number() }).loose()) }).loose()]),
    })
    .loose(),
  error: z
    .object({
      type: z.string(),
      title: z.string(),
      status: z.number().int(),
      'o:errorDetails': z.array(z.object({ detail: z.string(), 'o:errorCode': z.string() }).loose()).min(1),
    })
    .loose(),
};

export const shipbob = {
  order: z
    .object({
      id: z.number().int(),
      reference_id: z.string(),
      order_number: z.string().nullable(),
      status: z.string(),
      type: z.string(),
      created_date: z.string(),
      recipient: z.object({ name: z.string() }).loose(),
      products: z.array(z.object({ reference_id: z.string().nullable(), quantity: z.number().int() }).loose()),
      shipments: z.array(
        z
          .object({
            id: z.number().int(),
            order_id: z.number().int(),
            reference_id: z.string().nullable(),
            status: z.string(),
            products: z.array(z.object({ reference_id: z.string().nullable(), quantity: z.number().int().optional() }).loose()),
            tracking: z.object({ carrier: z.string().nullable(), tracking_number: z.string().nullable(), tracking_url: z.string().nullable() }).loose().nullable(),
          })
          .loose(),
      ),
    })
    .loose(),
  problem: z.object({ title: z.string(), status: z.number().int() }).loose(),
};

export const shipstation = {
  orderList: z
    .object({
      orders: z.array(
        z
          .object({
            orderId: z.number().int(),
            orderNumber: z.string(),
            orderKey: z.string(),
            orderStatus: z.enum(['awaiting_payment', 'awaiting_shipment', 'pending_fulfillment', 'shipped', 'on_hold', 'cancelled']),
            items: z.array(z.object({ sku: z.string().nullable(), quantity: z.number().int() }).loose()),
          })
          .loose(),
      ),
      total: z.number().int(),
      page: z.number().int(),
      pages: z.number().int(),
    })
    .loose(),
  shipmentList: z
    .object({
      shipments: z.array(
        z
          .object({
            shipmentId: z.number().int(),
            orderId: z.number().int(),
            orderNumber: z.string(),
            trackingNumber: z.string().nullable(),
            carrierCode: z.string().nullable(),
            shipDate: z.string().nullable(),
            shipmentItems: z.array(z.object({ sku: z.string().nullable(), quantity: z.number().int() }).loose()).nullable(),
          })
          .loose(),
      ),
      total: z.number().int(),
      page: z.number().int(),
      pages: z.number().int(),
    })
    .loose(),
  webhook: z.object({ resource_url: z.string(), resource_type: z.string() }),
};

const moneyBag = z.object({ shopMoney: z.object({ amount: z.string().regex(/^-?\d+(\.\d+)?$/), currencyCode: z.string() }) }).loose();

export const shopify = {
  response: z
    .object({
      data: z.unknown().optional(),
      errors: z.array(z.object({ message: z.string() }).loose()).optional(),
      extensions: z
        .object({
          cost: z.object({
            requestedQueryCost: z.number().nullable(),
            actualQueryCost: z.number().nullable(),
            throttleStatus: z.object({ maximumAvailable: z.number(), currentlyAvailable: z.number(), restoreRate: z.number() }),
          }),
        })
        .optional(),
    })
    .loose(),
  order: z
    .object({
      id: z.string().regex(/^gid:\/\/shopify\/Order\/\d+$/),
      legacyResourceId: z.string().regex(/^\d+$/),
      name: z.string(),
      createdAt: z.string(),
      displayFinancialStatus: z.string().nullable(),
      displayFulfillmentStatus: z.string(),
      currentTotalPriceSet: moneyBag,
      lineItems: z.object({ nodes: z.array(z.object({ sku: z.string().nullable(), quantity: z.number().int() }).loose()) }).loose(),
    })
    .loose(),
  // REST ids can exceed 2^53 (the reference's own example does), so they are
  // numbers, not safe integers: a consumer must not trust their low digits.
  orderWebhook: z
    .object({
      id: z.number(),
      admin_graphql_api_id: z.string(),
      name: z.string(),
      created_at: z.string(),
      currency: z.string(),
      total_price: z.string(),
      financial_status: z.string().nullable(),
      line_items: z.array(z.object({ id: z.number(), sku: z.string().nullable(), quantity: z.number().int(), price: z.string() }).loose()),
    })
    .loose(),
};
