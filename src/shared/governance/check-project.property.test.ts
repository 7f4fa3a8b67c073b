import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { model } from '../../../test/governance/builders';
import type { FlowDocument } from '../model/flow';
import { NODE_KINDS } from '../model/node-kinds';
import type { Assignment } from '../model/project-model';
import { checkProject } from './check-project';

/**
 * Over random projects — random ownership, random graphs, random and often
 * broken node settings — the checker never throws, gives the same answer
 * twice, and every diagnostic points at flows, nodes and edges that exist.
 */
const systems = ['shopify', 'netsuite', 'shipbob', 'ghost'];
const entities = ['InventoryLevel', 'Order', 'Nope'];
const fields = ['sku', 'available', 'orderId', 'total', 'missing'];

const assignment: fc.Arbitrary<Assignment> = fc.record({
  entity: fc.constantFrom('InventoryLevel', 'Order'),
  field: fc.option(fc.constantFrom('sku', 'available', 'orderId', 'total'), { nil: null }),
  system: fc.constantFrom(...systems),
  role: fc.constantFrom('owner', 'replica'),
});

const config = fc.record(
  {
    system: fc.constantFrom(...systems),
    entity: fc.constantFrom(...entities),
    fields: fc.array(fc.constantFrom(...fields), { maxLength: 3 }),
    mappings: fc.array(fc.record({ field: fc.constantFrom(...fields), expression: fc.constantFrom('sku', 'available * 2', 'total', '"x"', 'if(a, b, c)') }), { maxLength: 3 }),
    idempotencyKey: fc.constant({ kind: 'external-id', expression: 'sku' }),
    mode: fc.constantFrom('create', 'upsert', 'update'),
    ack: fc.constantFrom('await-node', 'connector'),
  },
  { requiredKeys: [] },
);

const flowArbitrary = (index: number): fc.Arbitrary<FlowDocument> =>
  fc.integer({ min: 0, max: 8 }).chain((size) =>
    fc
      .record({
        kinds: fc.array(fc.constantFrom(...NODE_KINDS), { minLength: size, maxLength: size }),
        configs: fc.array(config, { minLength: size, maxLength: size }),
        edges: fc.array(fc.tuple(fc.nat(Math.max(size - 1, 0)), fc.nat(Math.max(size - 1, 0))), { maxLength: size * 2 }),
      })
      .map(({ kinds, configs, edges }) => ({
        id: `flow-${index}`,
        name: `Flow ${index}`,
        nodes: kinds.map((kind, position) => ({ id: `n${position}`, kind, label: `n${position}`, position: { x: 0, y: 0 }, config: configs[position] ?? {} })),
        edges: size === 0 ? [] : edges.map(([source, target], position) => ({ id: `e${position}`, source: `n${source}`, target: `n${target}`, sourceHandle: 'out' })),
      })),
  );

const project = fc.record({
  ownership: fc.array(assignment, { maxLength: 10 }),
  flows: fc.tuple(flowArbitrary(0), flowArbitrary(1), flowArbitrary(2)),
});

describe('checkProject over random projects', () => {
  it('never throws, is deterministic, and points only at ids that exist', () => {
    fc.assert(
      fc.property(project, ({ ownership, flows }) => {
        const base = model(ownership);
        const first = checkProject(base, flows);
        expect(checkProject(base, flows)).toEqual(first);
        const flowIds = new Set(flows.map((entry) => entry.id));
        for (const finding of first) {
          if (finding.flowId !== null) expect(flowIds.has(finding.flowId)).toBe(true);
          const owner = flows.find((entry) => entry.id === finding.flowId);
          const nodeIds = new Set(owner?.nodes.map((entry) => entry.id));
          const edgeIds = new Set(owner?.edges.map((entry) => entry.id));
          for (const id of finding.nodeIds) expect(nodeIds.has(id)).toBe(true);
          for (const id of finding.edgeIds) expect(edgeIds.has(id)).toBe(true);
          for (const id of finding.relatedFlowIds) expect(flowIds.has(id)).toBe(true);
        }
      }),
      { numRuns: 300, seed: 20261125 },
    );
  });
});
