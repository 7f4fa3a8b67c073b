import { describe, expect, it } from 'vitest';
import { compileFlow } from '../../shared/compile/compile-flow';
import { checkProject } from '../../shared/governance/check-project';
import { ENTITIES } from '../../shared/sandbox/scenario';
import { ownershipOf } from '../../shared/governance/ownership';
import { loadTemplate } from './templates';

describe('the order-to-cash template', () => {
  const { model } = loadTemplate('order-to-cash');

  it('has the four systems of domain.md §6 and every canonical entity', () => {
    expect(model.systems.map((system) => system.id)).toEqual(['shopify', 'netsuite', 'stripe', 'shipbob']);
    expect(model.entities.map((entity) => entity.id).sort()).toEqual([...ENTITIES].sort());
  });

  it('gives the ownership of domain.md §6, one owner per written field', () => {
    expect(ownershipOf(model, 'Order', 'total').owners).toEqual(['shopify']);
    expect(ownershipOf(model, 'OrderLine', 'unitPrice').owners).toEqual(['shopify']);
    expect(ownershipOf(model, 'InventoryLevel', 'available')).toMatchObject({ owners: ['netsuite'], replicas: ['shipbob', 'shopify'] });
    expect(ownershipOf(model, 'Product', 'cost').owners).toEqual(['netsuite']);
    expect(ownershipOf(model, 'Invoice', 'total').owners).toEqual(['netsuite']);
    expect(ownershipOf(model, 'Refund', 'amount').owners).toEqual(['stripe']);
    expect(ownershipOf(model, 'Settlement', 'net').owners).toEqual(['stripe']);
    expect(ownershipOf(model, 'Shipment', 'trackingNumber').owners).toEqual(['shipbob']);
  });

  it('uses the xref conventions of domain.md §6', () => {
    const order = (system: string) => model.xrefs.find((xref) => xref.entity === 'Order' && xref.system === system);
    expect(order('shopify')).toMatchObject({ path: 'legacyResourceId', format: '{key}' });
    expect(order('netsuite')).toMatchObject({ path: 'externalId', format: 'shopify-{key}' });
    expect(order('stripe')).toMatchObject({ path: 'metadata.shopify_order_id', format: '{key}' });
    expect(order('shipbob')).toMatchObject({ path: 'reference_id', format: 'shopify-{key}' });
  });

  it('ships working flows that are clean under the checker', () => {
    const { flows } = loadTemplate('order-to-cash');
    expect(flows.map((flow) => flow.name)).toEqual(['Order to ERP and 3PL', 'Shipment to storefront and ERP', 'Captures and refunds to billing', 'Stock: reservations and storefront availability']);
    expect(checkProject(model, flows)).toEqual([]);
  });

  it('compiles every one of its flows to a plan', () => {
    const { flows } = loadTemplate('order-to-cash');
    for (const flow of flows) expect(compileFlow(model, flows, flow.id).ok).toBe(true);
  });
});
