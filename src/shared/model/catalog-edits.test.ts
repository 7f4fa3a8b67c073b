import { describe, expect, it } from 'vitest';
import { model } from '../../../test/governance/builders';
import { addEntity, addField, removeEntity, removeField, setFieldName, setXref } from './catalog-edits';

describe('catalog edits', () => {
  it('add custom entities and fields, refusing bad or taken names with the reason', () => {
    const added = addEntity(model(), 'LoyaltyPoints');
    expect(added.ok && added.value.entities.at(-1)).toMatchObject({ id: 'LoyaltyPoints', custom: true, key: 'id' });
    expect(addEntity(model(), 'Order')).toMatchObject({ ok: false, error: { message: 'There is already an entity called Order.' } });
    expect(addEntity(model(), '2fast')).toMatchObject({ ok: false, error: { message: expect.stringContaining('start with a letter') } });
    const field = addField(model(), 'Order', 'giftNote', 'string');
    expect(field.ok && field.value.entities.find((entity) => entity.id === 'Order')?.fields.map((entry) => entry.id)).toContain('giftNote');
    expect(addField(model(), 'Order', 'total', 'money')).toMatchObject({ ok: false });
  });

  it('removing an entity or field removes what pointed at it; the key field stays', () => {
    const withName = setFieldName(setXref(model(), 'Order', 'netsuite', 'externalId', 'shopify-{key}'), 'Order', 'total', 'netsuite', 'total');
    const removed = removeEntity(withName, 'Order');
    expect(removed.ownership.some((cell) => cell.entity === 'Order')).toBe(false);
    expect(removed.xrefs).toEqual([]);
    expect(removed.fieldNames).toEqual([]);
    const field = removeField(withName, 'Order', 'total');
    expect(field.ok && field.value.fieldNames).toEqual([]);
    expect(removeField(model(), 'Order', 'orderId')).toMatchObject({ ok: false, error: { message: expect.stringContaining("Order's key") } });
  });

  it('set and clear xrefs', () => {
    const set = setXref(model(), 'Order', 'netsuite', 'externalId', 'shopify-{key}');
    expect(set.xrefs).toEqual([{ entity: 'Order', system: 'netsuite', path: 'externalId', format: 'shopify-{key}' }]);
    expect(setXref(set, 'Order', 'netsuite', '', '').xrefs).toEqual([]);
  });
});
