import type { FieldName, Xref } from '../model/project-model';

/**
 * What each managed connector calls the template's canonical fields, and
 * where it keeps the cross-reference to the storefront's record (domain.md
 * §6) — the part of a system's binding that changes when one vendor replaces
 * another. Flows never name these: they speak canonical fields, so swapping
 * a 3PL rewrites this and the connector, never a flow.
 */
export interface Vocabulary {
  /** The vendor's name, as a rebound system is called. */
  readonly label: string;
  readonly fieldNames: readonly Omit<FieldName, 'system'>[];
  readonly xrefs: readonly Omit<Xref, 'system'>[];
}

export const VOCABULARIES: Readonly<Record<string, Vocabulary>> = {
  shipbob: {
    label: 'ShipBob',
    fieldNames: [
      { entity: 'InventoryLevel', field: 'available', name: 'total_fulfillable_quantity' },
      { entity: 'InventoryLevel', field: 'onHand', name: 'total_onhand_quantity' },
      { entity: 'Order', field: 'name', name: 'order_number' },
      { entity: 'Shipment', field: 'trackingNumber', name: 'tracking.tracking_number' },
    ],
    xrefs: [
      { entity: 'Order', path: 'reference_id', format: 'shopify-{key}' },
      { entity: 'InventoryLevel', path: 'sku', format: '{key}' },
      { entity: 'Product', path: 'reference_id', format: '{key}' },
      { entity: 'Shipment', path: 'id', format: '{key}' },
    ],
  },
  shipstation: {
    label: 'ShipStation',
    fieldNames: [
      { entity: 'Order', field: 'name', name: 'orderNumber' },
      { entity: 'Order', field: 'customerEmail', name: 'customerEmail' },
      { entity: 'Order', field: 'shipTo', name: 'shipTo' },
      { entity: 'Shipment', field: 'trackingNumber', name: 'trackingNumber' },
      { entity: 'Shipment', field: 'carrier', name: 'carrierCode' },
      { entity: 'Shipment', field: 'shippedAt', name: 'shipDate' },
    ],
    xrefs: [
      { entity: 'Order', path: 'orderKey', format: 'shopify-{key}' },
      { entity: 'Product', path: 'sku', format: '{key}' },
      { entity: 'Shipment', path: 'shipmentId', format: '{key}' },
    ],
  },
};

/** The same event under each vendor's name, so a trigger keeps working when its system's vendor changes. */
const EQUIVALENT_TOPICS: readonly Readonly<Record<string, string>>[] = [{ shipbob: 'order.shipped', shipstation: 'SHIP_NOTIFY' }];

/** The topic a connector uses for the event a trigger names (perhaps in another vendor's words). */
export function topicFor(connector: string, topic: string): string {
  const group = EQUIVALENT_TOPICS.find((names) => Object.values(names).includes(topic));
  return group?.[connector] ?? topic;
}
