import { describe, expect, it } from 'vitest';
import { model, stockSync } from '../../../test/governance/builders';
import type { FlowDocument } from '../model/flow';
import { checkProject } from './check-project';

/** stockSync with its map turned into a code step, optionally fed by a second trigger. */
function codeSync(from: string, into: string, alsoFrom?: string): FlowDocument {
  const base = stockSync('code', from, into);
  const nodes = base.nodes.map((node) => (node.id === 'map' ? { ...node, config: { entity: 'InventoryLevel', mappings: [], code: 'export default (input) => input.InventoryLevel;' } } : node));
  if (alsoFrom === undefined) return { ...base, nodes };
  return {
    ...base,
    nodes: [...nodes, { id: 'second', kind: 'trigger', label: 'second', position: { x: 0, y: 0 }, config: { system: alsoFrom, entity: 'InventoryLevel' } }],
    edges: [...base.edges, { id: 'code-e9', source: 'second', target: 'map', sourceHandle: 'out' }],
  };
}

describe('a code step in the lineage', () => {
  it('passes on what it receives, so a copy from the owner stays clean', () => {
    expect(checkProject(model(), [codeSync('netsuite', 'shopify')])).toEqual([]);
  });

  it('is assumed to use everything it receives: a non-owner among its inputs is an error', () => {
    const codes = checkProject(model(), [codeSync('netsuite', 'shopify', 'shipbob')]).map((entry) => entry.code);
    expect(codes).toContain('ORIGIN_NOT_OWNER');
  });
});
