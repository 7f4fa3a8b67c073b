import { describe, expect, it } from 'vitest';
import { model } from '../../../test/governance/builders';
import { ownershipOf } from '../../shared/governance/ownership';
import { cellState, cycleCell, rowOwners } from './ownership-matrix';

describe('ownership matrix cells', () => {
  it('show inherited owners and replicas on field rows', () => {
    expect(cellState(model(), 'InventoryLevel', null, 'netsuite')).toBe('owner');
    expect(cellState(model(), 'InventoryLevel', 'available', 'netsuite')).toBe('inherited-owner');
    expect(cellState(model(), 'InventoryLevel', 'available', 'shopify')).toBe('inherited-replica');
    expect(cellState(model(), 'InventoryLevel', 'available', 'shipbob')).toBe('none');
  });

  it('a second owner of a field makes both explicit: a visible conflict, not a silent override', () => {
    const contested = cycleCell(model(), 'InventoryLevel', 'available', 'shopify');
    expect(rowOwners(contested, 'InventoryLevel', 'available')).toEqual(['netsuite', 'shopify']);
    expect(ownershipOf(contested, 'InventoryLevel', 'available').owners).toHaveLength(2);
    const resolved = cycleCell(contested, 'InventoryLevel', 'available', 'netsuite');
    expect(ownershipOf(resolved, 'InventoryLevel', 'available')).toMatchObject({ owners: ['shopify'], replicas: ['netsuite'] });
  });

  it('cycles none → owner → replica → none', () => {
    const first = cycleCell(model([]), 'Order', null, 'shopify');
    expect(cellState(first, 'Order', null, 'shopify')).toBe('owner');
    const second = cycleCell(first, 'Order', null, 'shopify');
    expect(cellState(second, 'Order', null, 'shopify')).toBe('replica');
    expect(cycleCell(second, 'Order', null, 'shopify').ownership).toEqual([]);
  });
});
