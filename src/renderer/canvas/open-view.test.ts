import { describe, expect, it } from 'vitest';
import type { FlowDocument } from '../../shared/model/flow';
import { BIG_FLOW_NODES, nodesToFitOnOpen } from './open-view';

const grid = (size: number): FlowDocument => ({
  id: 'f',
  name: 'Grid',
  nodes: Array.from({ length: size }, (_, index) => ({ id: `n${index}`, kind: 'map', label: `n${index}`, position: { x: (index % 50) * 230, y: Math.floor(index / 50) * 120 }, config: {} })),
  edges: [],
});

describe('the view a flow opens on', () => {
  it('fits a small flow whole', () => {
    expect(nodesToFitOnOpen(grid(BIG_FLOW_NODES))).toBeUndefined();
  });

  it('opens a big flow on its top-left corner, a screenful of nodes', () => {
    const fitted = nodesToFitOnOpen(grid(2_000)) ?? [];
    expect(fitted.length).toBeLessThanOrEqual(12);
    expect(fitted[0]).toEqual({ id: 'n0' });
    const ids = new Set(fitted.map(({ id }) => id));
    expect(ids.has('n1')).toBe(true);
    expect(ids.has('n50')).toBe(true);
    expect(ids.has('n2')).toBe(true);
    expect(ids.has('n20')).toBe(false);
    expect(ids.has('n1999')).toBe(false);
  });
});
