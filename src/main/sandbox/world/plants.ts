import { ProblemError } from '../../../shared/problem';
import type { Plant } from '../../../shared/sandbox/scenario';
import { ORDER_STATUS, nextNsId, salesOrderByExternalId } from '../netsuite/state';
import type { NsRecord } from '../netsuite/state';
import { nextShopifyId } from '../shopify/state';
import { addRefund, cardFee, paymentIntentForOrder } from '../stripe/state';
import type { Charge, PaymentIntent } from '../stripe/state';
import type { SystemStates } from './projections';
import type { World, WorldOrder } from './world';
import { retotal } from './world';

/**
 * Plants: the inconsistencies a scenario puts into otherwise consistent data.
 * World plants change the business before it is projected into systems;
 * system plants then change one system's copy behind the others' backs.
 * Each reproduces a situation from the field notes or domain-apis.md §8.
 */
interface Planter {
  readonly stage: 'world' | 'systems';
  apply(plant: Plant, world: World, states: SystemStates | null): void;
}

const HOUR = 3_600_000;

function fail(plant: Plant, message: string): never {
  throw new ProblemError({ code: 'SCENARIO_PLANT_INVALID', message: `Plant "${plant.kind}": ${message}` });
}

function orderOf(plant: Plant, world: World): WorldOrder {
  const order = plant.order === undefined ? undefined : world.orders[plant.order];
  if (order === undefined) fail(plant, `order index ${String(plant.order)} is not in a world of ${world.orders.length} orders`);
  return order;
}

function numberParam(plant: Plant, name: string): number {
  const value = plant[name];
  if (typeof value !== 'number') fail(plant, `needs a numeric "${name}"`);
  return value;
}

function stringParam(plant: Plant, name: string): string {
  const value = plant[name];
  if (typeof value !== 'string') fail(plant, `needs a string "${name}"`);
  return value;
}

/** The order's PaymentIntent and its latest charge, or a located plant error. */
function stripePayment(plant: Plant, states: SystemStates, order: WorldOrder): { intent: PaymentIntent; charge: Charge } {
  const stripe = states.stripe.current;
  const intent = paymentIntentForOrder(stripe, order.legacyResourceId);
  const charge = intent?.latest_charge === null || intent === undefined ? undefined : stripe.charges[intent.latest_charge];
  if (intent === undefined || charge === undefined) fail(plant, `order ${order.name} has no Stripe charge`);
  return { intent, charge };
}

function salesOrder(plant: Plant, states: SystemStates, order: WorldOrder): NsRecord {
  const found = salesOrderByExternalId(states.netsuite.current, `shopify-${order.legacyResourceId}`);
  if (found === undefined) fail(plant, `order ${order.name} has no NetSuite sales order`);
  return found;
}

const PLANTERS: Readonly<Record<string, Planter>> = {
  /** Orders that never reached the ERP or the 3PL (a rejected or dropped write), long past any SLA. */
  stuck: {
    stage: 'world',
    apply(plant, world) {
      const orders = plant['orders'];
      if (!Array.isArray(orders)) fail(plant, 'needs "orders": a list of order indexes');
      for (const index of orders) {
        const order = world.orders[Number(index)];
        if (order === undefined) fail(plant, `order index ${String(index)} is out of range`);
        Object.assign(order, { released: false, shipped: false, shippedAt: null, trackingNumber: null });
        retotal(order);
      }
    },
  },
  /** A product that reached the storefront but not the ERP; orders for it cannot be created there (§8 #5, bad import). */
  'unknown-sku': {
    stage: 'world',
    apply(plant, world) {
      const sku = stringParam(plant, 'sku');
      const from = numberParam(plant, 'from');
      const to = numberParam(plant, 'to');
      world.products.push({ sku, title: `${sku} (imported)`, priceCents: 2900, onHand: 500, index: world.products.length, inErp: false });
      for (let index = from; index <= to; index += 1) {
        const order = world.orders[index];
        if (order === undefined) fail(plant, `order index ${index} is out of range`);
        order.lines = [...order.lines.filter((line) => line.sku !== sku), { sku, quantity: 1, unitPriceCents: 2900 }];
        Object.assign(order, { released: false, shipped: false, shippedAt: null, trackingNumber: null });
        retotal(order);
      }
    },
  },
  /** An order in a zero-decimal currency (§8 #12); the system plant `minor-units-times-100` breaks it. */
  currency: {
    stage: 'world',
    apply(plant, world) {
      const order = orderOf(plant, world);
      order.currency = stringParam(plant, 'currency');
      order.shippingCents = 0;
      order.lines = order.lines.map((line) => ({ ...line, unitPriceCents: Math.round(line.unitPriceCents * 1.5) }));
      retotal(order);
    },
  },
  /** Gives an order three lines, so one can be left out of a shipment (§8 #13). */
  'three-lines': {
    stage: 'world',
    apply(plant, world) {
      const order = orderOf(plant, world);
      const skus = world.products.filter((product) => product.inErp).slice(0, 3);
      order.lines = skus.map((product) => ({ sku: product.sku, quantity: 1, unitPriceCents: product.priceCents }));
      retotal(order);
    },
  },
  /** Stripe refunded part of an order (dashboard or helpdesk macro); the ERP has no credit memo (§8 #2). */
  'refund-without-credit-memo': {
    stage: 'systems',
    apply(plant, world, states) {
      if (states === null) return;
      const order = orderOf(plant, world);
      const amount = numberParam(plant, 'amount');
      const { charge } = stripePayment(plant, states, order);
      const at = world.startAt - 5 * HOUR;
      addRefund(states.stripe.current, charge.id, amount, Math.floor(at / 1000));
      const shopify = states.shopify.current.orders[order.legacyResourceId];
      const authorisation = shopify?.transactions.find((transaction) => transaction.kind === 'AUTHORIZATION');
      shopify?.transactions.push({ id: nextShopifyId(states.shopify.current), kind: 'REFUND', status: 'SUCCESS', gateway: 'stripe', amountCents: amount, parentId: authorisation?.id ?? null, authorizationCode: null, createdAt: new Date(at).toISOString() });
    },
  },
  /** Only part of the authorisation was captured; the ERP invoiced the whole order (§8 #1). */
  'partial-capture': {
    stage: 'systems',
    apply(plant, world, states) {
      if (states === null) return;
      const order = orderOf(plant, world);
      const captured = Math.round(order.totalCents * numberParam(plant, 'share'));
      const { intent, charge } = stripePayment(plant, states, order);
      const transaction = charge.balance_transaction === null ? undefined : states.stripe.current.balanceTransactions[charge.balance_transaction];
      if (transaction === undefined) fail(plant, `order ${order.name} has no captured Stripe charge`);
      if (transaction.payout !== null) fail(plant, `order ${order.name} is already settled in a payout; pick a more recent order`);
      const fee = cardFee(captured);
      Object.assign(intent, { amount_received: captured });
      Object.assign(charge, { amount_captured: captured });
      Object.assign(transaction, { amount: captured, fee, net: captured - fee, fee_details: [{ amount: fee, currency: charge.currency, type: 'stripe_fee', description: 'Stripe processing fees' }] });
      const capture = states.shopify.current.orders[order.legacyResourceId]?.transactions.find((entry) => entry.kind === 'CAPTURE');
      if (capture !== undefined) capture.amountCents = captured;
    },
  },
  /** An uncaptured authorisation lapsed after seven days while the order shipped and was invoiced (§8 #11). */
  'authorisation-expired': {
    stage: 'systems',
    apply(plant, world, states) {
      if (states === null) return;
      const order = orderOf(plant, world);
      const stripe = states.stripe.current;
      const { intent, charge } = stripePayment(plant, states, order);
      const transaction = charge.balance_transaction === null ? undefined : stripe.balanceTransactions[charge.balance_transaction];
      if (transaction?.payout !== null && transaction !== undefined) fail(plant, `order ${order.name} is already settled in a payout; pick a more recent order`);
      if (transaction !== undefined) stripe.balanceTransactions = Object.fromEntries(Object.entries(stripe.balanceTransactions).filter(([id]) => id !== transaction.id));
      Object.assign(intent, { status: 'requires_capture', amount_received: 0, amount_capturable: intent.amount, created: Math.floor((world.startAt - 8 * 24 * HOUR) / 1000) });
      Object.assign(charge, { captured: false, amount_captured: 0, balance_transaction: null });
      const shopify = states.shopify.current.orders[order.legacyResourceId];
      if (shopify !== undefined) shopify.transactions = shopify.transactions.filter((entry) => entry.kind !== 'CAPTURE');
    },
  },
  /** The connector sent a zero-decimal amount multiplied by 100 (§8 #12). */
  'minor-units-times-100': {
    stage: 'systems',
    apply(plant, world, states) {
      if (states === null) return;
      const { intent, charge } = stripePayment(plant, states, orderOf(plant, world));
      Object.assign(intent, { amount: intent.amount * 100, amount_received: intent.amount_received * 100 });
      Object.assign(charge, { amount: charge.amount * 100, amount_captured: charge.amount_captured * 100 });
    },
  },
  /** The 3PL shipped, but the storefront and the ERP never heard (§8 #3). */
  'shipped-not-fulfilled': {
    stage: 'systems',
    apply(plant, world, states) {
      if (states === null) return;
      const order = orderOf(plant, world);
      if (!order.released || order.shipped) fail(plant, `order ${order.name} must be released and not yet shipped`);
      const at = new Date(world.startAt - 6 * HOUR).toISOString();
      const tracking = `9400111899223${order.legacyResourceId.slice(-9)}`;
      const shipbob = Object.values(states.shipbob.current.orders).find((entry) => entry.reference_id === `shopify-${order.legacyResourceId}`);
      const shipment = shipbob?.shipments[0];
      if (shipbob !== undefined && shipment !== undefined) {
        Object.assign(shipment, { status: 'Completed', actual_fulfillment_date: at, is_tracking_uploaded: true, tracking: { carrier: 'USPS', carrier_service: 'Ground Advantage', tracking_number: tracking, tracking_url: `https://tools.usps.com/go/TrackConfirmAction?tLabels=${tracking}`, shipping_date: at } });
        shipbob.status = 'Fulfilled';
        return;
      }
      const shipstation = Object.values(states.shipstation.current.orders).find((entry) => entry.orderKey === `shopify-${order.legacyResourceId}`);
      if (shipstation === undefined) fail(plant, `order ${order.name} is in neither 3PL`);
      shipstation.orderStatus = 'shipped';
      const shipmentId = (states.shipstation.current.sequence += 1);
      states.shipstation.current.shipments[String(shipmentId)] = { shipmentId, orderId: shipstation.orderId, orderKey: shipstation.orderKey, orderNumber: shipstation.orderNumber, createDate: at, shipDate: at.slice(0, 10), trackingNumber: tracking, carrierCode: 'stamps_com', serviceCode: 'usps_ground_advantage', voided: false, batchId: shipmentId, shipmentItems: shipstation.items.map((item) => ({ sku: item.sku, name: item.name, quantity: item.quantity })) };
    },
  },
  /** The 3PL shipped two of three lines and held the third; the storefront and ERP marked all three fulfilled (§8 #13). */
  'partial-shipment': {
    stage: 'systems',
    apply(plant, world, states) {
      if (states === null) return;
      const order = orderOf(plant, world);
      if (!order.shipped || order.lines.length < 2) fail(plant, `order ${order.name} must be shipped and have at least two lines`);
      const shipbob = Object.values(states.shipbob.current.orders).find((entry) => entry.reference_id === `shopify-${order.legacyResourceId}`);
      const shipment = shipbob?.shipments[0];
      if (shipbob === undefined || shipment === undefined) fail(plant, `order ${order.name} has no ShipBob shipment`);
      const held = shipment.products.slice(-1);
      shipment.products = shipment.products.slice(0, -1);
      states.shipbob.current.sequence += 1;
      shipbob.shipments.push({ ...structuredClone(shipment), id: states.shipbob.current.sequence, status: 'OnHold', products: held, actual_fulfillment_date: null, is_tracking_uploaded: false, tracking: null, status_details: [{ name: 'OutOfStock', description: 'Waiting for inventory' }] });
      shipbob.status = 'PartiallyFulfilled';
    },
  },
  /** The ERP's stock sync overwrote the storefront blindly, after orders had already taken stock (§8 #4, field note 1). */
  'stock-overwrite': {
    stage: 'systems',
    apply(plant, _world, states) {
      if (states === null) return;
      adjustShopifyStock(plant, states, numberParam(plant, 'delta'));
    },
  },
  /** A reservation that was never released keeps stock off sale in the storefront (§8 #14). */
  'stock-leak': {
    stage: 'systems',
    apply(plant, _world, states) {
      if (states === null) return;
      adjustShopifyStock(plant, states, -numberParam(plant, 'quantity'));
    },
  },
  /** A webhook redelivery created a second ERP sales order without the external id (§8 #7). */
  'duplicate-erp-order': {
    stage: 'systems',
    apply(plant, world, states) {
      if (states === null) return;
      const order = orderOf(plant, world);
      const original = salesOrder(plant, states, order);
      const id = nextNsId(states.netsuite.current);
      const { externalId: _externalId, ...copy } = structuredClone(original);
      states.netsuite.current.records.salesOrder[id] = { ...copy, id, tranId: `SO${id}`, orderStatus: ORDER_STATUS.pendingFulfillment, status: ORDER_STATUS.pendingFulfillment };
    },
  },
  /** The ERP booked a payout at its gross amount: fees never booked (§8 #9, field note 2). */
  'deposit-gross': {
    stage: 'systems',
    apply(plant, _world, states) {
      if (states === null) return;
      const payoutId = stringParam(plant, 'payout');
      const payout = states.stripe.current.payouts[payoutId];
      if (payout === undefined) fail(plant, `there is no Stripe payout ${payoutId}`);
      const gross = Object.values(states.stripe.current.balanceTransactions)
        .filter((transaction) => transaction.payout === payoutId && transaction.type !== 'payout')
        .reduce((sum, transaction) => sum + transaction.amount, 0);
      const deposit = Object.values(states.netsuite.current.records.deposit).find((record) => record.externalId === `stripe-${payoutId}`);
      if (deposit === undefined) fail(plant, `payout ${payoutId} has no NetSuite deposit`);
      deposit['total'] = gross / 100;
    },
  },
};

function adjustShopifyStock(plant: Plant, states: SystemStates, delta: number): void {
  const sku = stringParam(plant, 'sku');
  const item = Object.values(states.shopify.current.inventoryItems).find((entry) => entry.sku === sku);
  const level = item?.levels[0];
  if (level === undefined) fail(plant, `Shopify has no stock level for ${sku}`);
  level.quantities.available += delta;
  level.quantities.on_hand += delta;
}

export function plantStage(plant: Plant): 'world' | 'systems' {
  const planter = PLANTERS[plant.kind];
  if (planter === undefined) fail(plant, `unknown kind; known kinds: ${Object.keys(PLANTERS).join(', ')}`);
  return planter.stage;
}

export function applyPlant(plant: Plant, world: World, states: SystemStates | null): void {
  const planter = PLANTERS[plant.kind];
  if (planter === undefined) fail(plant, `unknown kind; known kinds: ${Object.keys(PLANTERS).join(', ')}`);
  planter.apply(plant, world, states);
}
