import { describe, expect, it } from 'vitest';
import { flow, model, node, stockSync } from '../../../test/governance/builders';
import type { FlowDocument } from '../model/flow';
import { compileFlow } from './compile-flow';

describe('compileFlow', () => {
  it('turns a clean flow into a plan: entries, an order where each step follows its sources, and where each output leads', () => {
    const sync = stockSync('down', 'netsuite', 'shopify');
    const result = compileFlow(model(), [sync], 'down');
    if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
    const { plan } = result;
    expect(plan.entries).toEqual(['trigger']);
    expect(plan.order).toEqual(['trigger', 'map', 'write', 'ack']);
    expect(plan.steps.get('trigger')).toMatchObject({ kind: 'trigger', system: 'netsuite', entity: 'InventoryLevel', mode: 'webhook', next: { out: ['map'] } });
    expect(plan.steps.get('write')).toMatchObject({ kind: 'write', system: 'shopify', mode: 'upsert', fields: ['sku', 'available'], ack: 'await-node', next: { out: ['ack'] } });
    expect(plan.steps.get('ack')).toMatchObject({ kind: 'await-ack', mode: 'read-back', deadlineSeconds: 30 });
  });

  it('compiles every expression to a closure once: the map and the idempotency key evaluate records directly', () => {
    const result = compileFlow(model(), [stockSync('down', 'netsuite', 'shopify')], 'down');
    if (!result.ok) throw new Error('refused');
    const map = result.plan.steps.get('map');
    const write = result.plan.steps.get('write');
    if (map?.kind !== 'map' || write?.kind !== 'write') throw new Error('wrong kinds');
    const record = { sku: 'TEE-BLK-M', available: 7 };
    expect(Object.fromEntries(map.fields.map((field) => [field.field, field.value.evaluate(record)]))).toEqual({ sku: 'TEE-BLK-M', available: 7 });
    expect(write.idempotency).toMatchObject({ kind: 'external-id' });
    expect(write.idempotency.key.evaluate(record)).toBe('TEE-BLK-M');
  });

  it('keeps named outputs apart: a request’s confirmed and denied paths', () => {
    const reserve: FlowDocument = {
      ...flow('reserve', [node('t', 'trigger', { system: 'shopify', entity: 'Order' }), node('ask', 'request', { system: 'netsuite', entity: 'InventoryLevel', fields: ['available'] }), node('ok', 'check', { expression: 'true' }), node('no', 'error')], [['t', 'ask']]),
    };
    const wired = { ...reserve, edges: [...reserve.edges, { id: 'c', source: 'ask', target: 'ok', sourceHandle: 'confirmed' }, { id: 'd', source: 'ask', target: 'no', sourceHandle: 'denied' }] };
    const result = compileFlow(model(), [wired], 'reserve');
    if (!result.ok) throw new Error(JSON.stringify(result.diagnostics.map((entry) => entry.message)));
    expect(result.plan.steps.get('ask')?.next).toEqual({ confirmed: ['ok'], denied: ['no'] });
    expect(result.plan.steps.get('ask')).toMatchObject({ kind: 'request', ttlSeconds: 1800 });
  });

  it('refuses a flow with governance errors, with the checker’s located diagnostics, and never builds a plan', () => {
    const racing = model([...model().ownership, { entity: 'InventoryLevel', field: null, system: 'shipbob', role: 'replica' }]);
    const flows = [stockSync('erp-to-store', 'netsuite', 'shopify'), stockSync('3pl-to-store', 'shipbob', 'shopify')];
    const result = compileFlow(racing, flows, 'erp-to-store');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(new Set(result.diagnostics.map((entry) => entry.code))).toEqual(new Set(['DOUBLE_WRITE']));
    expect(result.diagnostics.every((entry) => entry.nodeIds.length > 0)).toBe(true);
  });

  it('refuses for a model error about an entity the flow touches, and not for one about an entity it does not', () => {
    const contested = model([...model().ownership, { entity: 'Order', field: 'total', system: 'netsuite', role: 'owner' }, { entity: 'Order', field: 'total', system: 'shopify', role: 'owner' }]);
    expect(compileFlow(contested, [stockSync('down', 'netsuite', 'shopify')], 'down').ok).toBe(true);
    const orders = flow('orders', [node('t', 'trigger', { system: 'shopify', entity: 'Order' }), node('c', 'check', { expression: 'true' })], [['t', 'c']]);
    const refused = compileFlow(contested, [orders], 'orders');
    expect(refused.ok ? [] : refused.diagnostics.map((entry) => entry.code)).toEqual(['OWNER_CONTESTED']);
  });

  it('refuses an unknown flow and a flow with nothing to start it', () => {
    expect(compileFlow(model(), [], 'nope')).toMatchObject({ ok: false, diagnostics: [{ code: 'FLOW_NOT_FOUND' }] });
    const empty = flow('empty', [], []);
    expect(compileFlow(model(), [empty], 'empty')).toMatchObject({ ok: false, diagnostics: [{ code: 'FLOW_NO_TRIGGER' }] });
  });
});
