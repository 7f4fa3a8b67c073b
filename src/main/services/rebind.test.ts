import { describe, expect, it } from 'vitest';
import { rebindSystem } from '../../shared/model/rebind';
import { topicFor } from '../../shared/vendors/vocabulary';
import { loadTemplate } from './templates';

describe('rebinding a system to another vendor', () => {
  const { model } = loadTemplate('order-to-cash');

  it('replaces the connector and that system’s vocabulary, and nothing else', () => {
    const result = rebindSystem(model, 'shipbob', 'shipstation', 'ShipStation');
    if (!result.ok) throw new Error(result.error.message);
    const next = result.value.model;
    expect(next.systems.find((system) => system.id === 'shipbob')).toMatchObject({ connector: 'shipstation', name: 'ShipStation' });
    expect(next.fieldNames.filter((entry) => entry.system === 'shipbob').map((entry) => entry.name)).toContain('orderNumber');
    expect(next.fieldNames.filter((entry) => entry.system === 'shipbob').map((entry) => entry.name)).not.toContain('order_number');
    expect(next.xrefs.find((entry) => entry.system === 'shipbob' && entry.entity === 'Order')).toMatchObject({ path: 'orderKey', format: 'shopify-{key}' });
    // Ownership, entities, integrations and the other systems' vocabulary stay as they were.
    expect(next.ownership).toEqual(model.ownership);
    expect(next.entities).toEqual(model.entities);
    expect(next.integrations).toEqual(model.integrations);
    expect(next.fieldNames.filter((entry) => entry.system !== 'shipbob')).toEqual(model.fieldNames.filter((entry) => entry.system !== 'shipbob'));
    // And back again: the original vocabulary returns.
    const back = rebindSystem(next, 'shipbob', 'shipbob', 'ShipBob');
    if (!back.ok) throw new Error(back.error.message);
    const names = (entries: typeof model.fieldNames) => new Set(entries.map((entry) => `${entry.entity}.${entry.field}@${entry.system}=${entry.name}`));
    expect(names(back.value.model.fieldNames)).toEqual(names(model.fieldNames));
  });

  it('refuses an unknown system or a connector it has no vocabulary for, saying which exist', () => {
    expect(rebindSystem(model, 'warehouse', 'shipstation')).toMatchObject({ ok: false, error: { code: 'SYSTEM_UNKNOWN', hint: expect.stringContaining('shipbob') as string } });
    expect(rebindSystem(model, 'shipbob', 'flexport')).toMatchObject({ ok: false, error: { code: 'CONNECTOR_UNKNOWN', hint: 'Known: shipbob, shipstation.' } });
  });

  it('names a trigger’s event in the new vendor’s words', () => {
    expect(topicFor('shipstation', 'order.shipped')).toBe('SHIP_NOTIFY');
    expect(topicFor('shipbob', 'SHIP_NOTIFY')).toBe('order.shipped');
    expect(topicFor('shopify', 'orders/create')).toBe('orders/create');
  });
});
