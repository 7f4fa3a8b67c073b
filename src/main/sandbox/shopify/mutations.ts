import type { SandboxClock } from '../core/clock';
import type { WebhookDispatcher } from '../core/webhooks';
import { restFulfillment, restInventoryLevel, restOrder } from './rest-shapes';
import type { ShopifyState } from './state';
import { nextShopifyId } from './state';
import { gid, inventoryItemView, locationView, orderView, parseGid } from './views';

/**
 * The mutations Steward uses. Stock writes are compare-and-set unless the
 * caller passes `ignoreCompareQuantity: true` — the blind overwrite behind
 * the double-write field note. Each change sends its REST-shaped webhook.
 */
interface MutationOptions {
  readonly clock: SandboxClock;
  readonly webhooks: () => WebhookDispatcher;
  /** Told of every blind overwrite that went through, so a test can prove who forced stock. */
  readonly onBlindOverwrite?: (referenceDocumentUri: string | null) => void;
}

interface QuantityInput {
  inventoryItemId: string;
  locationId: string;
  quantity: number;
  compareQuantity?: number | null;
  changeFromQuantity?: number | null;
}

type Name = 'available' | 'on_hand' | 'committed' | 'reserved' | 'incoming';
const SETTABLE: ReadonlySet<string> = new Set(['available', 'on_hand']);
const TOPICS: Readonly<Record<string, string>> = {
  ORDERS_CREATE: 'orders/create',
  ORDERS_UPDATED: 'orders/updated',
  ORDERS_PAID: 'orders/paid',
  REFUNDS_CREATE: 'refunds/create',
  FULFILLMENTS_CREATE: 'fulfillments/create',
  INVENTORY_LEVELS_UPDATE: 'inventory_levels/update',
};

export function createMutations(state: () => ShopifyState, options: MutationOptions) {
  const userError = (field: string[], message: string, code?: string) => ({ field, message, ...(code === undefined ? {} : { code }) });

  const applyQuantities = (
    input: { name: string; reason: string; referenceDocumentUri?: string | null; ignoreCompareQuantity?: boolean | null },
    entries: { itemId: string; locationId: string; target: (current: number) => number; expected?: number | null | undefined; path: string[] }[],
  ) => {
    if (!SETTABLE.has(input.name)) return { inventoryAdjustmentGroup: null, userErrors: [userError(['input', 'name'], `The quantity name must be one of: ${[...SETTABLE].join(', ')}.`, 'INVALID_NAME')] };
    const errors = [];
    const resolved = [];
    if (input.ignoreCompareQuantity === true) options.onBlindOverwrite?.(input.referenceDocumentUri ?? null);
    for (const entry of entries) {
      const itemId = parseGid(entry.itemId, 'InventoryItem');
      const locationId = parseGid(entry.locationId, 'Location');
      const item = itemId === null ? undefined : state().inventoryItems[itemId];
      const level = item?.levels.find((candidate) => candidate.locationId === locationId);
      if (item === undefined) {
        errors.push(userError([...entry.path, 'inventoryItemId'], 'The specified inventory item could not be found.', 'INVALID_INVENTORY_ITEM'));
        continue;
      }
      if (level === undefined) {
        errors.push(userError([...entry.path, 'locationId'], 'The specified location could not be found.', 'INVALID_LOCATION'));
        continue;
      }
      const current = level.quantities[input.name as Name];
      if (input.ignoreCompareQuantity !== true && entry.expected !== undefined && entry.expected !== null && entry.expected !== current) {
        errors.push(userError([...entry.path, 'changeFromQuantity'], `The specified compare quantity does not match the current quantity (${current}).`, 'COMPARE_QUANTITY_STALE'));
        continue;
      }
      if (input.ignoreCompareQuantity !== true && (entry.expected === undefined || entry.expected === null)) {
        errors.push(userError([...entry.path, 'changeFromQuantity'], 'A changeFromQuantity is required unless ignoreCompareQuantity is true.', 'CHANGE_FROM_QUANTITY_REQUIRED'));
        continue;
      }
      resolved.push({ item, level, current, next: entry.target(current) });
    }
    if (errors.length > 0) return { inventoryAdjustmentGroup: null, userErrors: errors };
    const now = options.clock.iso();
    const changes = resolved.map(({ item, level, current, next }) => {
      const delta = next - current;
      level.quantities[input.name as Name] = next;
      // available and on_hand move together; committed stays.
      if (input.name === 'available') level.quantities.on_hand += delta;
      else level.quantities.available += delta;
      level.updatedAt = now;
      item.updatedAt = now;
      options.webhooks().emit('inventory_levels/update', restInventoryLevel(item, level.locationId));
      return { name: input.name, delta, quantityAfterChange: next, item: inventoryItemView(item, state()), location: locationView(state().locations[level.locationId] ?? { id: level.locationId, name: '' }) };
    });
    return {
      inventoryAdjustmentGroup: { id: gid('InventoryAdjustmentGroup', nextShopifyId(state())), createdAt: now, reason: input.reason, referenceDocumentUri: input.referenceDocumentUri ?? null, changes: () => changes },
      userErrors: [],
    };
  };

  return {
    inventorySetQuantities: (args: { input: { name: string; reason: string; referenceDocumentUri?: string | null; ignoreCompareQuantity?: boolean | null; quantities: QuantityInput[] } }) =>
      applyQuantities(
        args.input,
        args.input.quantities.map((quantity, index) => ({
          itemId: quantity.inventoryItemId,
          locationId: quantity.locationId,
          target: () => quantity.quantity,
          expected: quantity.changeFromQuantity ?? quantity.compareQuantity,
          path: ['input', 'quantities', String(index)],
        })),
      ),
    inventoryAdjustQuantities: (args: { input: { name: string; reason: string; referenceDocumentUri?: string | null; changes: { delta: number; inventoryItemId: string; locationId: string; changeFromQuantity?: number | null }[] } }) =>
      applyQuantities(
        { ...args.input, ignoreCompareQuantity: args.input.changes.every((change) => change.changeFromQuantity === undefined || change.changeFromQuantity === null) },
        args.input.changes.map((change, index) => ({
          itemId: change.inventoryItemId,
          locationId: change.locationId,
          target: (current: number) => current + change.delta,
          expected: change.changeFromQuantity,
          path: ['input', 'changes', String(index)],
        })),
      ),
    fulfillmentCreate: (args: {
      fulfillment: {
        lineItemsByFulfillmentOrder: { fulfillmentOrderId: string; fulfillmentOrderLineItems?: { id: string; quantity: number }[] | null }[];
        trackingInfo?: { company?: string | null; number?: string | null; url?: string | null } | null;
      };
    }) => {
      const groups = args.fulfillment.lineItemsByFulfillmentOrder;
      const lines: { lineItemId: string; quantity: number }[] = [];
      let owner: ShopifyState['orders'][string] | undefined;
      for (const [index, group] of groups.entries()) {
        const fulfillmentOrderId = parseGid(group.fulfillmentOrderId, 'FulfillmentOrder');
        owner = Object.values(state().orders).find((order) => order.fulfillmentOrders.some((candidate) => candidate.id === fulfillmentOrderId));
        const fulfillmentOrder = owner?.fulfillmentOrders.find((candidate) => candidate.id === fulfillmentOrderId);
        if (owner === undefined || fulfillmentOrder === undefined) {
          return { fulfillment: null, userErrors: [userError(['fulfillment', 'lineItemsByFulfillmentOrder', String(index), 'fulfillmentOrderId'], 'Fulfillment order does not exist.')] };
        }
        if (fulfillmentOrder.status === 'CLOSED' || fulfillmentOrder.status === 'CANCELLED') {
          return { fulfillment: null, userErrors: [userError(['fulfillment'], `Fulfillment order ${group.fulfillmentOrderId} has an unfulfillable status= ${fulfillmentOrder.status.toLowerCase()}.`)] };
        }
        // An empty or missing line list fulfils everything that remains.
        const requested = group.fulfillmentOrderLineItems ?? [];
        const wanted = requested.length === 0 ? fulfillmentOrder.lines.map((line) => ({ line, quantity: line.remainingQuantity })) : requested.map((entry) => ({ line: fulfillmentOrder.lines.find((line) => line.id === parseGid(entry.id, 'FulfillmentOrderLineItem')), quantity: entry.quantity }));
        for (const { line, quantity } of wanted) {
          if (line === undefined || quantity > line.remainingQuantity || quantity < 1) {
            return { fulfillment: null, userErrors: [userError(['fulfillment', 'lineItemsByFulfillmentOrder', String(index)], 'Invalid fulfillment order line item quantity requested.')] };
          }
          line.remainingQuantity -= quantity;
          lines.push({ lineItemId: line.lineItemId, quantity });
        }
        fulfillmentOrder.status = fulfillmentOrder.lines.every((line) => line.remainingQuantity === 0) ? 'CLOSED' : 'IN_PROGRESS';
      }
      if (owner === undefined) return { fulfillment: null, userErrors: [userError(['fulfillment', 'lineItemsByFulfillmentOrder'], 'At least one fulfillment order is required.')] };
      const now = options.clock.iso();
      for (const line of lines) {
        const item = owner.lineItems.find((candidate) => candidate.id === line.lineItemId);
        if (item !== undefined) item.unfulfilledQuantity -= line.quantity;
      }
      const tracking = args.fulfillment.trackingInfo;
      const fulfillment = {
        id: nextShopifyId(state()),
        status: 'SUCCESS' as const,
        createdAt: now,
        tracking: tracking === undefined || tracking === null ? [] : [{ company: tracking.company ?? null, number: tracking.number ?? null, url: tracking.url ?? null }],
        lines: lines.map((line) => ({ id: nextShopifyId(state()), ...line })),
      };
      owner.fulfillments.push(fulfillment);
      owner.updatedAt = now;
      options.webhooks().emit('fulfillments/create', restFulfillment(owner, fulfillment));
      options.webhooks().emit('orders/updated', restOrder(owner));
      const view = orderView(owner);
      const fulfillments = (view['fulfillments'] as (args: { first?: number }) => Record<string, unknown>[])({});
      return { fulfillment: fulfillments.at(-1) ?? null, userErrors: [] };
    },
    webhookSubscriptionCreate: (args: { topic: string; webhookSubscription: { callbackUrl: string; format?: string | null } }) => {
      const url = args.webhookSubscription.callbackUrl;
      if (!/^https?:\/\//.test(url)) return { webhookSubscription: null, userErrors: [userError(['webhookSubscription', 'callbackUrl'], 'Address is invalid')] };
      const topic = TOPICS[args.topic];
      if (topic === undefined) return { webhookSubscription: null, userErrors: [userError(['topic'], 'Topic is not supported by the sandbox')] };
      const subscription = options.webhooks().subscribe(url, [topic]);
      return { webhookSubscription: { id: gid('WebhookSubscription', subscription.id.replace(/\D/g, '').slice(0, 12) || '1'), topic: args.topic, callbackUrl: url, format: args.webhookSubscription.format ?? 'JSON', createdAt: options.clock.iso() }, userErrors: [] };
    },
  };
}
