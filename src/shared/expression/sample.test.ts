import { describe, expect, it } from 'vitest';
import type { ProjectModel } from '../model/project-model';
import { pinnedRecord, sampleRecord } from './sample';

const model = {
  systems: [],
  integrations: [],
  xrefs: [],
  fieldNames: [],
  ownership: [],
  entities: [{ id: 'Order', key: 'orderId', description: '', fields: [{ id: 'orderId', type: 'string', required: true, description: '' }, { id: 'name', type: 'string', required: true, description: '' }, { id: 'total', type: 'money', required: true, description: '' }] }],
} as unknown as ProjectModel;

describe('preview records', () => {
  const scope = ['Order.orderId', 'Order.name', 'Order.total'];

  it('make up a value of each field’s type when nothing is pinned', () => {
    expect(sampleRecord(model, scope)).toEqual({ orderId: 'orderId-sample', name: 'name-sample', total: 1250, Order: { orderId: 'orderId-sample', name: 'name-sample', total: 1250 } });
  });

  it('take pinned values, flat (a trigger’s record) or under the entity (a map’s output), and keep samples for the rest', () => {
    expect(pinnedRecord(model, scope, { orderId: '7000000001', name: '#1001' })).toEqual({ orderId: '7000000001', name: '#1001', total: 1250, Order: { orderId: '7000000001', name: '#1001', total: 1250 } });
    expect(pinnedRecord(model, scope, { Order: { total: 4999 }, total: 1 })).toMatchObject({ total: 4999, Order: { total: 4999 } });
  });
});
