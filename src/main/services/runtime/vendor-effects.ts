import type { ManagedConnectorInstance } from '../connectors/connectors';
import { NetSuiteConnector } from '../connectors/netsuite';
import { ShipBobConnector } from '../connectors/shipbob';
import { ShipStationConnector } from '../connectors/shipstation';
import { ShopifyConnector } from '../connectors/shopify';
import type { ReservationLedger } from './reservation-ledger';
import { netsuiteAvailable, netsuiteItemId } from './sources';
import type { Codec, Data } from './codecs/codec';
import { linesOf, text } from './codecs/codec';
import { netsuiteCustomer } from './codecs/netsuite-customer';
import { netsuiteItemFulfilment } from './codecs/netsuite-item-fulfilment';
import { netsuiteSalesOrder } from './codecs/netsuite-sales-order';
import { shipbobOrder } from './codecs/shipbob-order';
import { shipstationOrder } from './codecs/shipstation-order';
import { shopifyFulfilment } from './codecs/shopify-fulfilment';
import { shopifyStock } from './codecs/shopify-stock';
import { Billing } from './billing';
import type { Exchange } from '../connectors/http-client';
import type { Effects } from './executor';

/**
 * Effects over the managed connectors: each (system, entity) a flow writes
 * has a codec from Steward's canonical record to the vendor's and back.
 * Entities without one yet are refused with that reason, never skipped.
 *
 * Codecs so far: Customer in NetSuite (`customer`, upserted by external id);
 * Order in NetSuite (`salesOrder` by external id, its customer upserted as
 * `shopify-customer-<order id>` and its items found by SKU); Order in ShipBob
 * (by `reference_id`, the recipient from the order's `shipTo`) and in
 * ShipStation (by `orderKey`, found before it is made); Shipment in
 * Shopify (`fulfillmentCreate`) and in NetSuite (`!transform/itemFulfillment`);
 * InventoryLevel in Shopify (available-to-promise by compare-and-set).
 * Requests to NetSuite: reservations (decided by the ledger from NetSuite's
 * available), invoices and credit memos (billing.ts).
 */
export class VendorEffects implements Effects {
  /** NetSuite item ids by SKU, found once per run and shared by every sales order. */
  private readonly items = new Map<string, string | null>();

  constructor(
    private readonly connectors: ReadonlyMap<string, ManagedConnectorInstance>,
    /** The governor's ledger: reservation requests are decided here, and stock published net of them. */
    private readonly ledger: ReservationLedger | null = null,
  ) {}

  /** The codec for a (system, entity), over a view of its connector that notes the step's exchanges in `sink`. */
  private codec(system: string, entity: string, sink: Exchange[] = []): Codec | null {
    const shared = this.connectors.get(system);
    if (shared === undefined) return null;
    const connector = shared.scoped(sink);
    if (connector instanceof NetSuiteConnector && entity === 'Customer') return netsuiteCustomer(connector);
    if (connector instanceof ShopifyConnector && entity === 'InventoryLevel') return shopifyStock(connector, this.ledger);
    if (connector instanceof NetSuiteConnector && entity === 'Order') return netsuiteSalesOrder(connector, this.items);
    if (connector instanceof NetSuiteConnector && entity === 'Shipment') return netsuiteItemFulfilment(connector);
    if (connector instanceof ShipBobConnector && entity === 'Order') return shipbobOrder(connector);
    if (connector instanceof ShipStationConnector && entity === 'Order') return shipstationOrder(connector);
    if (connector instanceof ShopifyConnector && entity === 'Shipment') return shopifyFulfilment(connector);
    return null;
  }

  private missing(system: string, entity: string): { kind: 'permanent'; reason: string } {
    if (!this.connectors.has(system)) return { kind: 'permanent', reason: `the environment has no system "${system}"` };
    return { kind: 'permanent', reason: `Steward cannot write ${entity} into ${system} yet` };
  }

  async read(step: Parameters<Effects['read']>[0], _record: Data, key: string | null): ReturnType<Effects['read']> {
    const exchanges: Exchange[] = [];
    const codec = this.codec(step.system, step.entity, exchanges);
    if (codec?.read === undefined || key === null) return { outcome: { kind: 'permanent', reason: `Steward cannot read ${step.entity} from ${step.system}${key === null ? ' without a key' : ''} yet` } };
    return { ...(await codec.read(key)), exchanges };
  }

  async write(step: Parameters<Effects['write']>[0], record: Data, key: string): ReturnType<Effects['write']> {
    const exchanges: Exchange[] = [];
    const codec = this.codec(step.system, step.entity, exchanges);
    if (codec === null) return { outcome: this.missing(step.system, step.entity) };
    return { ...(await codec.write(record, key, step.mode)), exchanges };
  }

  async lookup(step: Parameters<Effects['lookup']>[0], _record: Data, key: string): ReturnType<Effects['lookup']> {
    return (await this.codec(step.system, step.entity)?.lookup(_record, key)) ?? { found: false };
  }

  async ack(step: Parameters<Effects['ack']>[0], write: Parameters<Effects['ack']>[1]): ReturnType<Effects['ack']> {
    const exchanges: Exchange[] = [];
    const codec = this.codec(write.step.system, write.step.entity, exchanges);
    if (codec === null) return { acked: false, reason: `no way to read ${write.step.entity} back from ${write.step.system} yet` };
    if (step.mode !== 'read-back') return { acked: false, reason: `${step.mode} acks are not implemented yet; use read-back` };
    const answer = await codec.readBack(write.record, write.idempotencyKey, write.step.fields, write.response);
    // An order the stock owner now holds has taken its stock there: its reservations are committed, no longer held apart.
    if (answer.acked && write.step.entity === 'Order' && this.connectors.get(write.step.system) instanceof NetSuiteConnector) this.ledger?.commitOrder(text(write.record['orderId']));
    return { ...answer, exchanges };
  }

  /**
   * A request asked of the owner. A reservation: every line of the order is
   * reserved from the owner's available quantity, or none is (a line refused
   * releases the others). An invoice or a credit memo: billing.ts. Anything
   * else is denied with the reason that it is not wired.
   */
  async request(step: Parameters<Effects['request']>[0], record: Data, transactionId: string): ReturnType<Effects['request']> {
    const exchanges: Exchange[] = [];
    return { ...(await this.ask(step, record, transactionId, exchanges)), exchanges };
  }

  private async ask(step: Parameters<Effects['request']>[0], record: Data, transactionId: string, sink: Exchange[]): ReturnType<Effects['request']> {
    const owner = this.connectors.get(step.system)?.scoped(sink);
    if (owner instanceof NetSuiteConnector && (step.entity === 'Invoice' || step.entity === 'CreditMemo')) {
      const billing = new Billing(owner);
      return step.entity === 'Invoice' ? billing.invoice(record) : billing.creditMemo(record);
    }
    if (step.entity !== 'Reservation' || !(owner instanceof NetSuiteConnector) || this.ledger === null) {
      return { confirmed: false, reason: `requests for ${step.entity} to ${step.system} are not wired yet` };
    }
    const ledger = this.ledger;
    const lines = linesOf(record);
    const held: string[] = [];
    for (const line of lines) {
      const sku = text(line.sku);
      const available = await this.ownerAvailable(owner, sku);
      const reservation = ledger.request({ id: `${transactionId}:${sku}`, sku, quantity: Number(line.quantity ?? 0), orderId: text(record['orderId']), ttlSeconds: step.ttlSeconds }, available ?? 0);
      if (reservation.state !== 'confirmed' && reservation.state !== 'committed') {
        for (const id of held) ledger.release(id);
        return { confirmed: false, reason: `${sku}: ${reservation.reason}` };
      }
      held.push(reservation.id);
    }
    return { confirmed: true, reason: `${held.length} line${held.length === 1 ? '' : 's'} reserved` };
  }

  /** The owner's available quantity for a SKU, read from NetSuite (never from a replica). */
  private async ownerAvailable(netsuite: NetSuiteConnector, sku: string): Promise<number | null> {
    const itemId = await netsuiteItemId(netsuite, sku);
    return itemId === null ? null : netsuiteAvailable(netsuite, itemId);
  }
}
