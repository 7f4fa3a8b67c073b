import type { FlowDocument, FlowNode } from '../../src/shared/model/flow';
import type { NodeKind } from '../../src/shared/model/node-kinds';
import type { Assignment, ProjectModel } from '../../src/shared/model/project-model';

/**
 * Small, readable fixtures for governance tests: a storefront, an ERP and a
 * 3PL; Order and InventoryLevel; ownership as the template has it.
 */
export function model(ownership?: Assignment[]): ProjectModel {
  const system = (id: string, role: 'storefront' | 'erp' | '3pl') => ({ id, name: id, role, connector: id, connectorOptions: {}, environments: [], notes: '' });
  return {
    systems: [system('shopify', 'storefront'), system('netsuite', 'erp'), system('shipbob', '3pl')],
    integrations: [],
    invariants: [],
    entities: [
      {
        id: 'InventoryLevel',
        key: 'sku',
        description: '',
        custom: false,
        fields: [
          { id: 'sku', type: 'string', required: true, description: '' },
          { id: 'available', type: 'integer', required: false, description: '' },
        ],
      },
      {
        id: 'Order',
        key: 'orderId',
        description: '',
        custom: false,
        fields: [
          { id: 'orderId', type: 'string', required: true, description: '' },
          { id: 'total', type: 'money', required: false, description: '' },
        ],
      },
    ],
    xrefs: [],
    fieldNames: [],
    ownership: ownership ?? [
      { entity: 'InventoryLevel', field: null, system: 'netsuite', role: 'owner' },
      { entity: 'InventoryLevel', field: null, system: 'shopify', role: 'replica' },
      { entity: 'Order', field: null, system: 'shopify', role: 'owner' },
      { entity: 'Order', field: null, system: 'netsuite', role: 'replica' },
    ],
  };
}

export function node(id: string, kind: NodeKind, config: Record<string, unknown> = {}): FlowNode {
  return { id, kind, label: id, position: { x: 0, y: 0 }, config };
}

export function flow(id: string, nodes: FlowNode[], edges: [string, string][]): FlowDocument {
  return { id, name: id, nodes, edges: edges.map(([source, target], index) => ({ id: `${id}-e${index}`, source, target, sourceHandle: 'out' })) };
}

const KEY = { kind: 'external-id', expression: 'sku' };

/** trigger(from) → map → write(into) → await-ack, copying InventoryLevel sku and available. */
export function stockSync(id: string, from: string, into: string, write: Record<string, unknown> = {}): FlowDocument {
  return flow(
    id,
    [
      node('trigger', 'trigger', { system: from, entity: 'InventoryLevel' }),
      node('map', 'map', { entity: 'InventoryLevel', mappings: [{ field: 'sku', expression: 'sku' }, { field: 'available', expression: 'available' }] }),
      node('write', 'write', { system: into, entity: 'InventoryLevel', fields: ['sku', 'available'], idempotencyKey: KEY, ...write }),
      node('ack', 'await-ack', { mode: 'read-back' }),
    ],
    [
      ['trigger', 'map'],
      ['map', 'write'],
      ['write', 'ack'],
    ],
  );
}
