import { describe, expect, it } from 'vitest';
import { flow, model, node, stockSync } from '../../../test/governance/builders';
import { checkProject } from '../governance/check-project';
import { FlowDocument } from './flow';
import { extractSubFlow } from './subflow-edits';

const steps = new Set(['map', 'write', 'ack']);

describe('extracting a selection into a sub-flow', () => {
  it('moves the steps into a new flow that starts from the caller’s record, and leaves one sub-flow node wired in their place', () => {
    const parent = stockSync('down', 'netsuite', 'shopify');
    const result = extractSubFlow(parent, steps, { id: 'stock-write', name: 'Write stock' });
    if (!result.ok) throw new Error(result.problem);
    expect(result.parent.nodes.map((entry) => [entry.id, entry.kind])).toEqual([['trigger', 'trigger'], ['sub-flow-1', 'sub-flow']]);
    expect(result.parent.nodes[1]?.config).toEqual({ flowId: 'stock-write' });
    expect(result.parent.edges.map((edge) => [edge.source, edge.target])).toEqual([['trigger', 'sub-flow-1']]);
    expect(result.child.nodes.map((entry) => entry.id)).toEqual(['trigger-1', 'map', 'write', 'ack']);
    expect(result.child.nodes[0]?.config).toEqual({ mode: 'sub-flow', system: 'netsuite', entity: 'InventoryLevel' });
    expect(result.child.edges.map((edge) => [edge.source, edge.target])).toEqual([['map', 'write'], ['write', 'ack'], ['trigger-1', 'map']]);
    expect(FlowDocument.safeParse(result.parent).success).toBe(true);
    expect(FlowDocument.safeParse(result.child).success).toBe(true);
    // The input is untouched, so undo can put it back.
    expect(parent.nodes).toHaveLength(4);
  });

  it('keeps a clean project clean, and a double write still found inside the sub-flow', () => {
    const parent = stockSync('down', 'netsuite', 'shopify');
    const result = extractSubFlow(parent, steps, { id: 'stock-write', name: 'Write stock' });
    if (!result.ok) throw new Error(result.problem);
    expect(checkProject(model(), [parent])).toEqual([]);
    expect(checkProject(model(), [result.parent, result.child])).toEqual([]);

    const racing = model([...model().ownership, { entity: 'InventoryLevel', field: null, system: 'shipbob', role: 'replica' }]);
    const other = stockSync('3pl-to-store', 'shipbob', 'shopify');
    const extracted = extractSubFlow(other, steps, { id: 'store-write', name: 'Store write' });
    if (!extracted.ok) throw new Error(extracted.problem);
    const found = checkProject(racing, [parent, extracted.parent, extracted.child]).filter((entry) => entry.code === 'DOUBLE_WRITE');
    expect([...new Set(found.map((entry) => entry.flowId))].sort()).toEqual(['down', 'store-write']);
  });

  it('wires a sub-flow in the middle of a path to what came before and after it', () => {
    const path = flow('p', [node('t', 'trigger', { system: 'shopify', entity: 'Order' }), node('a', 'check', { expression: 'true' }), node('b', 'check', { expression: 'true' }), node('c', 'error')], [['t', 'a'], ['a', 'b'], ['b', 'c']]);
    const result = extractSubFlow(path, new Set(['a', 'b']), { id: 'checks', name: 'Checks' });
    if (!result.ok) throw new Error(result.problem);
    expect(result.parent.edges.map((edge) => [edge.source, edge.target, edge.sourceHandle])).toEqual([['t', 'sub-flow-1', 'out'], ['sub-flow-1', 'c', 'out']]);
    expect(result.child.nodes[0]?.config).toEqual({ mode: 'sub-flow', system: 'shopify', entity: 'Order' });
  });

  it('refuses, saying why, a selection with a trigger, with two ways out, or empty', () => {
    const parent = stockSync('down', 'netsuite', 'shopify');
    const withTrigger = extractSubFlow(parent, new Set(['trigger', 'map']), { id: 'x', name: 'x' });
    expect(withTrigger).toEqual({ ok: false, problem: expect.stringContaining('"trigger" is a trigger') as string });
    const forked = flow('f', [node('t', 'trigger'), node('a', 'check'), node('b', 'check'), node('x', 'error'), node('y', 'error')], [['t', 'a'], ['t', 'b'], ['a', 'x'], ['b', 'y']]);
    const twoWays = extractSubFlow(forked, new Set(['a', 'b']), { id: 'x', name: 'x' });
    expect(twoWays).toEqual({ ok: false, problem: 'A sub-flow has one output, but 2 paths leave the selection (from "a", "b"). Extract a part with one way out.' });
    expect(extractSubFlow(parent, new Set(), { id: 'x', name: 'x' }).ok).toBe(false);
  });
});
