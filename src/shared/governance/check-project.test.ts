import { describe, expect, it } from 'vitest';
import { flow, model, node, stockSync } from '../../../test/governance/builders';
import type { FlowDocument } from '../model/flow';
import type { ProjectModel } from '../model/project-model';
import { checkProject } from './check-project';

/**
 * One table per rule of domain.md §3: projects that must raise the code and
 * projects that must not.
 */
const codes = (project: ProjectModel, flows: FlowDocument[]) => checkProject(project, flows).map((entry) => entry.code);

interface Case {
  readonly name: string;
  readonly model: ProjectModel;
  readonly flows: FlowDocument[];
}

const rules: { code: string; raise: Case[]; clean: Case[] }[] = [
  {
    code: 'OWNER_CONTESTED',
    raise: [
      { name: 'two owners of a field in the matrix', model: model([...model().ownership, { entity: 'InventoryLevel', field: 'available', system: 'shopify', role: 'owner' }, { entity: 'InventoryLevel', field: 'available', system: 'netsuite', role: 'owner' }]), flows: [] },
      { name: 'two entity-level owners', model: model([{ entity: 'Order', field: null, system: 'shopify', role: 'owner' }, { entity: 'Order', field: null, system: 'netsuite', role: 'owner' }]), flows: [] },
    ],
    clean: [{ name: 'a field-level owner overriding the entity owner', model: model([{ entity: 'Order', field: null, system: 'shopify', role: 'owner' }, { entity: 'Order', field: 'total', system: 'netsuite', role: 'owner' }]), flows: [] }],
  },
  {
    code: 'OWNER_MISSING',
    raise: [{ name: 'a write of a field nobody owns', model: model([]), flows: [stockSync('sync', 'netsuite', 'shopify')] }],
    clean: [{ name: 'an ownerless field nobody writes', model: model([{ entity: 'Order', field: null, system: 'shopify', role: 'owner' }]), flows: [] }],
  },
  {
    code: 'ORIGIN_NOT_OWNER',
    raise: [{ name: 'stock copied into the 3PL from the storefront, not the ERP', model: model(), flows: [stockSync('copy', 'shopify', 'shipbob')] }],
    clean: [{ name: 'stock copied from its owner', model: model(), flows: [stockSync('copy', 'netsuite', 'shopify')] }],
  },
  {
    code: 'WRITE_TO_OWNER',
    raise: [{ name: 'the storefront writing stock into the ERP', model: model(), flows: [stockSync('push', 'shopify', 'netsuite')] }],
    clean: [{ name: 'the owner updating its own record', model: model(), flows: [stockSync('self', 'netsuite', 'netsuite')] }],
  },
  {
    code: 'DOUBLE_WRITE',
    raise: [
      {
        name: 'storefront stock written from the ERP and from the 3PL',
        model: model([...model().ownership, { entity: 'InventoryLevel', field: null, system: 'shipbob', role: 'replica' }]),
        flows: [stockSync('erp-to-store', 'netsuite', 'shopify'), stockSync('3pl-to-store', 'shipbob', 'shopify')],
      },
    ],
    clean: [{ name: 'two flows copying from the same owner', model: model(), flows: [stockSync('a', 'netsuite', 'shopify'), stockSync('b', 'netsuite', 'shopify')] }],
  },
  {
    code: 'ECHO_LOOP',
    raise: [{ name: 'stock synced ERP → storefront and storefront → ERP', model: model(), flows: [stockSync('down', 'netsuite', 'shopify'), stockSync('up', 'shopify', 'netsuite')] }],
    clean: [{ name: 'one direction only', model: model(), flows: [stockSync('down', 'netsuite', 'shopify')] }],
  },
  {
    code: 'WRITE_WITHOUT_ACK',
    raise: [
      {
        name: 'a write with nothing after it',
        model: model(),
        flows: [flow('f', [node('t', 'trigger', { system: 'netsuite', entity: 'InventoryLevel' }), node('w', 'write', { system: 'shopify', entity: 'InventoryLevel', fields: ['sku'], idempotencyKey: { kind: 'external-id', expression: 'sku' } })], [['t', 'w']])],
      },
    ],
    clean: [
      { name: 'a write followed by await-ack', model: model(), flows: [stockSync('f', 'netsuite', 'shopify')] },
      { name: 'a connector with a synchronous semantic ack', model: model(), flows: [stockSync('f', 'netsuite', 'shopify', { ack: 'connector' })] },
    ],
  },
  {
    code: 'WRITE_NOT_IDEMPOTENT',
    raise: [{ name: 'a write without an idempotency key', model: model(), flows: [stockSync('f', 'netsuite', 'shopify', { idempotencyKey: undefined })] }],
    clean: [{ name: 'an external-id upsert', model: model(), flows: [stockSync('f', 'netsuite', 'shopify')] }],
  },
  {
    code: 'CONNECTOR_NOT_TRANSPORT',
    raise: [{ name: 'carrier choice inside the 3PL connector', model: { ...model(), systems: model().systems.map((system) => (system.id === 'shipbob' ? { ...system, connectorOptions: { carrierRules: 'UPS if > 5 kg' } } : system)) }, flows: [] }],
    clean: [{ name: 'transport settings only', model: { ...model(), systems: model().systems.map((system) => (system.id === 'shipbob' ? { ...system, connectorOptions: { channelId: 12, timeoutMs: 5000 } } : system)) }, flows: [] }],
  },
  {
    code: 'WRITE_REQUIRED_MISSING',
    raise: [{ name: 'an upsert without the key field', model: model(), flows: [stockSync('f', 'netsuite', 'shopify', { fields: ['available'] })] }],
    clean: [{ name: 'an update of one field', model: model(), flows: [stockSync('f', 'netsuite', 'shopify', { fields: ['available'], mode: 'update' })] }],
  },
  {
    code: 'WRITE_FIELD_UNSOURCED',
    raise: [
      {
        name: 'a write of a field no map provides',
        model: model(),
        flows: [stockSync('f', 'netsuite', 'shopify')].map((document) => ({ ...document, nodes: document.nodes.map((entry) => (entry.id === 'map' ? { ...entry, config: { entity: 'InventoryLevel', mappings: [{ field: 'sku', expression: 'sku' }] } } : entry)) })),
      },
    ],
    clean: [{ name: 'every written field mapped', model: model(), flows: [stockSync('f', 'netsuite', 'shopify')] }],
  },
  {
    code: 'MAP_TYPE_MISMATCH',
    raise: [
      {
        name: 'a decimal literal into a money field',
        model: model(),
        flows: [flow('f', [node('t', 'trigger', { system: 'shopify', entity: 'Order' }), node('m', 'map', { entity: 'Order', mappings: [{ field: 'total', expression: '12.50' }] })], [['t', 'm']])],
      },
      {
        name: 'a string key into a stock level',
        model: model(),
        flows: [flow('f', [node('t', 'trigger', { system: 'netsuite', entity: 'InventoryLevel' }), node('m', 'map', { entity: 'InventoryLevel', mappings: [{ field: 'available', expression: 'sku' }] })], [['t', 'm']])],
      },
    ],
    clean: [
      { name: 'an integer into an integer', model: model(), flows: [stockSync('f', 'netsuite', 'shopify')] },
      {
        name: 'an integer literal into money (minor units)',
        model: model(),
        flows: [flow('f', [node('t', 'trigger', { system: 'shopify', entity: 'Order' }), node('m', 'map', { entity: 'Order', mappings: [{ field: 'total', expression: '1250' }] })], [['t', 'm']])],
      },
    ],
  },
  {
    code: 'MAP_EXPRESSION_INVALID',
    raise: [
      { name: 'a misspelt field', model: model(), flows: [flow('f', [node('t', 'trigger', { system: 'netsuite', entity: 'InventoryLevel' }), node('m', 'map', { entity: 'InventoryLevel', mappings: [{ field: 'available', expression: 'availabel - 1' }] })], [['t', 'm']])] },
      { name: 'a broken expression', model: model(), flows: [flow('f', [node('t', 'trigger', { system: 'netsuite', entity: 'InventoryLevel' }), node('m', 'map', { entity: 'InventoryLevel', mappings: [{ field: 'available', expression: 'available *' }] })], [['t', 'm']])] },
    ],
    clean: [{ name: 'arithmetic over upstream fields', model: model(), flows: [flow('f', [node('t', 'trigger', { system: 'netsuite', entity: 'InventoryLevel' }), node('m', 'map', { entity: 'InventoryLevel', mappings: [{ field: 'available', expression: 'max(available - 1, 0)' }] })], [['t', 'm']])] }],
  },
  {
    code: 'NODE_CONFIG_INVALID',
    raise: [{ name: 'a write without a system', model: model(), flows: [flow('f', [node('t', 'trigger', { system: 'netsuite', entity: 'InventoryLevel' }), node('w', 'write', { entity: 'InventoryLevel' })], [['t', 'w']])] }],
    clean: [{ name: 'complete nodes', model: model(), flows: [stockSync('f', 'netsuite', 'shopify')] }],
  },
  {
    code: 'NODE_UNKNOWN_SYSTEM',
    raise: [{ name: 'a trigger on a system not on the map', model: model(), flows: [stockSync('f', 'magento', 'shopify')] }],
    clean: [{ name: 'known systems', model: model(), flows: [stockSync('f', 'netsuite', 'shopify')] }],
  },
  {
    code: 'REQUEST_NOT_TO_OWNER',
    raise: [{ name: 'a reservation asked of the storefront', model: model(), flows: [flow('f', [node('t', 'trigger', { system: 'shopify', entity: 'Order' }), node('r', 'request', { system: 'shopify', entity: 'InventoryLevel', fields: ['available'] })], [['t', 'r']])] }],
    clean: [{ name: 'a reservation asked of the ERP', model: model(), flows: [flow('f', [node('t', 'trigger', { system: 'shopify', entity: 'Order' }), node('r', 'request', { system: 'netsuite', entity: 'InventoryLevel', fields: ['available'] })], [['t', 'r']])] }],
  },
  {
    code: 'NODE_UNREACHABLE',
    raise: [{ name: 'a write no trigger reaches', model: model(), flows: [{ ...stockSync('f', 'netsuite', 'shopify'), edges: stockSync('f', 'netsuite', 'shopify').edges.filter((edge) => edge.target !== 'map') }] }],
    clean: [{ name: 'a connected flow', model: model(), flows: [stockSync('f', 'netsuite', 'shopify')] }],
  },
];

describe('governance rules', () => {
  for (const rule of rules) {
    describe(rule.code, () => {
      it.each(rule.raise.map((entry) => [entry.name, entry] as const))('raised by %s', (_name, entry) => {
        expect(codes(entry.model, entry.flows)).toContain(rule.code);
      });
      it.each(rule.clean.map((entry) => [entry.name, entry] as const))('not raised by %s', (_name, entry) => {
        expect(codes(entry.model, entry.flows)).not.toContain(rule.code);
      });
    });
  }

  it('catches the double-write race of field note 1 and points to a request node', () => {
    const project = model([...model().ownership, { entity: 'InventoryLevel', field: null, system: 'shipbob', role: 'replica' }]);
    const found = checkProject(project, [stockSync('erp-to-store', 'netsuite', 'shopify'), stockSync('store-from-3pl', 'shipbob', 'shopify')]).filter((entry) => entry.code === 'DOUBLE_WRITE' && entry.fields.includes('InventoryLevel.available'));
    expect(found).toHaveLength(2);
    expect(found[0]).toMatchObject({ severity: 'error', fields: ['InventoryLevel.available'], nodeIds: ['write'] });
    expect(found[0]?.hint).toContain('request node');
    expect(found.map((entry) => entry.message).join()).toContain('"erp-to-store" and "store-from-3pl"');
    expect(found.flatMap((entry) => entry.relatedFlowIds).sort()).toEqual(['erp-to-store', 'store-from-3pl']);
  });

  it('a clean stock sync from the owner has no findings at all', () => {
    expect(checkProject(model(), [stockSync('sync', 'netsuite', 'shopify')])).toEqual([]);
  });
});
