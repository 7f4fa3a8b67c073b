import { buildSchema } from 'graphql';
import type { GraphQLSchema } from 'graphql';

/**
 * The subset of Shopify's Admin GraphQL schema (2026-01) that Steward uses
 * (design/apis.md). Executed by graphql-js, so a field outside it is a
 * validation error, as on Shopify. Versions before 2024-04 still had
 * `InventoryLevel.available`, which later versions removed — the API-version
 * switch scenario serves one or the other.
 */
export const SHOPIFY_VERSION = '2026-01';
export const INVENTORY_QUANTITIES_SINCE = '2024-04';

const sdl = (legacyInventory: boolean): string => `
scalar DateTime
scalar Decimal
scalar URL
scalar UnsignedInt64

enum CurrencyCode { USD EUR GBP CAD AUD JPY }
enum OrderSortKeys { CREATED_AT UPDATED_AT ID ORDER_NUMBER PROCESSED_AT TOTAL_PRICE }
enum OrderDisplayFinancialStatus { AUTHORIZED EXPIRED PAID PARTIALLY_PAID PARTIALLY_REFUNDED PENDING REFUNDED VOIDED }
enum OrderDisplayFulfillmentStatus { FULFILLED IN_PROGRESS ON_HOLD OPEN PARTIALLY_FULFILLED PENDING_FULFILLMENT RESTOCKED SCHEDULED UNFULFILLED }
enum OrderTransactionKind { AUTHORIZATION CAPTURE CHANGE EMV_AUTHORIZATION REFUND SALE SUGGESTED_REFUND VOID }
enum OrderTransactionStatus { AWAITING_RESPONSE ERROR FAILURE PENDING SUCCESS UNKNOWN }
enum FulfillmentStatus { CANCELLED ERROR FAILURE OPEN PENDING SUCCESS }
enum FulfillmentOrderStatus { CANCELLED CLOSED INCOMPLETE IN_PROGRESS ON_HOLD OPEN SCHEDULED }
enum WebhookSubscriptionTopic { ORDERS_CREATE ORDERS_UPDATED ORDERS_PAID REFUNDS_CREATE FULFILLMENTS_CREATE INVENTORY_LEVELS_UPDATE }
enum WebhookSubscriptionFormat { JSON XML }

interface Node { id: ID! }

type MoneyV2 { amount: Decimal! currencyCode: CurrencyCode! }
type MoneyBag { shopMoney: MoneyV2! presentmentMoney: MoneyV2! }
type PageInfo { hasNextPage: Boolean! hasPreviousPage: Boolean! startCursor: String endCursor: String }

type Customer implements Node { id: ID! email: String firstName: String lastName: String }

type LineItem implements Node {
  id: ID! sku: String name: String! quantity: Int! currentQuantity: Int! unfulfilledQuantity: Int!
  originalUnitPriceSet: MoneyBag!
}
type LineItemEdge { cursor: String! node: LineItem! }
type LineItemConnection { edges: [LineItemEdge!]! nodes: [LineItem!]! pageInfo: PageInfo! }

type OrderTransaction implements Node {
  id: ID! kind: OrderTransactionKind! status: OrderTransactionStatus! gateway: String
  amountSet: MoneyBag! parentTransaction: OrderTransaction authorizationCode: String
  createdAt: DateTime! processedAt: DateTime
}

type FulfillmentTrackingInfo { company: String number: String url: URL }
type FulfillmentLineItem implements Node { id: ID! lineItem: LineItem! quantity: Int }
type FulfillmentLineItemEdge { cursor: String! node: FulfillmentLineItem! }
type FulfillmentLineItemConnection { edges: [FulfillmentLineItemEdge!]! nodes: [FulfillmentLineItem!]! pageInfo: PageInfo! }
type Fulfillment implements Node {
  id: ID! status: FulfillmentStatus! createdAt: DateTime!
  trackingInfo(first: Int): [FulfillmentTrackingInfo!]!
  fulfillmentLineItems(first: Int, after: String): FulfillmentLineItemConnection!
}

type FulfillmentOrderLineItem implements Node { id: ID! remainingQuantity: Int! totalQuantity: Int! lineItem: LineItem! }
type FulfillmentOrderLineItemEdge { cursor: String! node: FulfillmentOrderLineItem! }
type FulfillmentOrderLineItemConnection { edges: [FulfillmentOrderLineItemEdge!]! nodes: [FulfillmentOrderLineItem!]! pageInfo: PageInfo! }
type FulfillmentOrder implements Node {
  id: ID! status: FulfillmentOrderStatus!
  lineItems(first: Int, after: String): FulfillmentOrderLineItemConnection!
}
type FulfillmentOrderEdge { cursor: String! node: FulfillmentOrder! }
type FulfillmentOrderConnection { edges: [FulfillmentOrderEdge!]! nodes: [FulfillmentOrder!]! pageInfo: PageInfo! }

type Order implements Node {
  id: ID! legacyResourceId: UnsignedInt64! name: String! email: String
  createdAt: DateTime! updatedAt: DateTime! cancelledAt: DateTime test: Boolean!
  displayFinancialStatus: OrderDisplayFinancialStatus displayFulfillmentStatus: OrderDisplayFulfillmentStatus!
  currencyCode: CurrencyCode! customer: Customer
  currentTotalPriceSet: MoneyBag! totalPriceSet: MoneyBag! subtotalPriceSet: MoneyBag
  currentSubtotalPriceSet: MoneyBag! totalTaxSet: MoneyBag currentTotalTaxSet: MoneyBag!
  totalShippingPriceSet: MoneyBag! totalRefundedSet: MoneyBag! totalReceivedSet: MoneyBag!
  lineItems(first: Int, after: String): LineItemConnection!
  transactions(first: Int): [OrderTransaction!]!
  fulfillments(first: Int): [Fulfillment!]!
  fulfillmentOrders(first: Int, after: String): FulfillmentOrderConnection!
}
type OrderEdge { cursor: String! node: Order! }
type OrderConnection { edges: [OrderEdge!]! nodes: [Order!]! pageInfo: PageInfo! }

type Location implements Node { id: ID! legacyResourceId: UnsignedInt64! name: String! }
type InventoryQuantity { id: ID! name: String! quantity: Int! updatedAt: DateTime }
type InventoryLevel implements Node {
  id: ID! location: Location! updatedAt: DateTime!
  quantities(names: [String!]!): [InventoryQuantity!]!
  ${legacyInventory ? 'available: Int!' : ''}
}
type InventoryLevelEdge { cursor: String! node: InventoryLevel! }
type InventoryLevelConnection { edges: [InventoryLevelEdge!]! nodes: [InventoryLevel!]! pageInfo: PageInfo! }
type InventoryItem implements Node {
  id: ID! legacyResourceId: UnsignedInt64! sku: String tracked: Boolean! updatedAt: DateTime!
  inventoryLevels(first: Int, after: String): InventoryLevelConnection!
}
type InventoryItemEdge { cursor: String! node: InventoryItem! }
type InventoryItemConnection { edges: [InventoryItemEdge!]! nodes: [InventoryItem!]! pageInfo: PageInfo! }
type LocationEdge { cursor: String! node: Location! }
type LocationConnection { edges: [LocationEdge!]! nodes: [Location!]! pageInfo: PageInfo! }

type WebhookSubscription implements Node { id: ID! topic: WebhookSubscriptionTopic! callbackUrl: URL! format: WebhookSubscriptionFormat! createdAt: DateTime! }

type UserError { field: [String!] message: String! }
type InventorySetQuantitiesUserError { field: [String!] message: String! code: String }
type InventoryChange { name: String! delta: Int! quantityAfterChange: Int item: InventoryItem location: Location }
type InventoryAdjustmentGroup { id: ID! createdAt: DateTime! reason: String! referenceDocumentUri: String changes(inventoryItemIds: [ID!], locationIds: [ID!], quantityNames: [String!]): [InventoryChange!]! }
type InventorySetQuantitiesPayload { inventoryAdjustmentGroup: InventoryAdjustmentGroup userErrors: [InventorySetQuantitiesUserError!]! }
type InventoryAdjustQuantitiesPayload { inventoryAdjustmentGroup: InventoryAdjustmentGroup userErrors: [InventorySetQuantitiesUserError!]! }
type FulfillmentCreatePayload { fulfillment: Fulfillment userErrors: [UserError!]! }
type WebhookSubscriptionCreatePayload { webhookSubscription: WebhookSubscription userErrors: [UserError!]! }

input InventoryQuantityInput { inventoryItemId: ID! locationId: ID! quantity: Int! compareQuantity: Int changeFromQuantity: Int }
input InventorySetQuantitiesInput { name: String! reason: String! referenceDocumentUri: String ignoreCompareQuantity: Boolean quantities: [InventoryQuantityInput!]! }
input InventoryChangeInput { delta: Int! inventoryItemId: ID! locationId: ID! changeFromQuantity: Int }
input InventoryAdjustQuantitiesInput { name: String! reason: String! referenceDocumentUri: String changes: [InventoryChangeInput!]! }
input FulfillmentOrderLineItemInput { id: ID! quantity: Int! }
input FulfillmentOrderLineItemsInput { fulfillmentOrderId: ID! fulfillmentOrderLineItems: [FulfillmentOrderLineItemInput!] }
input FulfillmentTrackingInput { company: String number: String url: URL numbers: [String!] urls: [URL!] }
input FulfillmentInput { lineItemsByFulfillmentOrder: [FulfillmentOrderLineItemsInput!]! trackingInfo: FulfillmentTrackingInput notifyCustomer: Boolean }
input WebhookSubscriptionInput { callbackUrl: URL! format: WebhookSubscriptionFormat }

type Query {
  orders(first: Int, after: String, last: Int, before: String, query: String, sortKey: OrderSortKeys, reverse: Boolean): OrderConnection!
  order(id: ID!): Order
  inventoryItems(first: Int, after: String, query: String): InventoryItemConnection!
  inventoryItem(id: ID!): InventoryItem
  locations(first: Int, after: String): LocationConnection!
}

type Mutation {
  inventorySetQuantities(input: InventorySetQuantitiesInput!): InventorySetQuantitiesPayload
  inventoryAdjustQuantities(input: InventoryAdjustQuantitiesInput!): InventoryAdjustQuantitiesPayload
  fulfillmentCreate(fulfillment: FulfillmentInput!, message: String): FulfillmentCreatePayload
  webhookSubscriptionCreate(topic: WebhookSubscriptionTopic!, webhookSubscription: WebhookSubscriptionInput!): WebhookSubscriptionCreatePayload
}
`;

const schemas = new Map<boolean, GraphQLSchema>();

/** The schema a request's API version sees. */
export function schemaFor(version: string): GraphQLSchema {
  const legacy = version < INVENTORY_QUANTITIES_SINCE;
  let schema = schemas.get(legacy);
  if (schema === undefined) {
    schema = buildSchema(sdl(legacy));
    schemas.set(legacy, schema);
  }
  return schema;
}
