import { describe, expect, it } from 'vitest';
import type { FlowDocument } from '../../shared/model/flow';
import { keepUnchanged, toReactFlow } from './projection';

const flow: FlowDocument = {
  id: 'f',
  name: 'Orders',
  nodes: [
    { id: 'trigger-1', kind: 'trigger', label: 'Order created', position: { x: 0, y: 10 }, config: {} },
    { id: 'request-1', kind: 'request', label: 'Reserve', position: { x: 200, y: 10 }, config: {} },
  ],
  edges: [{ id: 'edge-1', source: 'trigger-1', target: 'request-1', sourceHandle: 'out' }],
};

describe('toReactFlow', () => {
  it('projects every node and edge, typed by kind, at its document position', () => {
    const { nodes, edges } = toReactFlow(flow);
    expect(nodes).toEqual([
      { id: 'trigger-1', type: 'trigger', position: { x: 0, y: 10 }, initialWidth: 190, initialHeight: 62, selected: false, data: { label: 'Order created', kind: 'trigger', detail: '', errors: 0, warnings: 0 } },
      { id: 'request-1', type: 'request', position: { x: 200, y: 10 }, initialWidth: 190, initialHeight: 62, selected: false, data: { label: 'Reserve', kind: 'request', detail: '', errors: 0, warnings: 0 } },
    ]);
    expect(edges).toEqual([{ id: 'edge-1', type: 'insertable', source: 'trigger-1', target: 'request-1', sourceHandle: 'out', selected: false }]);
  });

  it('keeps the selection it is given and counts findings per node', () => {
    const diagnostic = { code: 'X', hint: '', message: '', flowId: 'f', edgeIds: [], fields: [], systems: [], relatedFlowIds: [] };
    const { nodes, edges } = toReactFlow(flow, {
      selectedNodeIds: new Set(['request-1']),
      selectedEdgeIds: new Set(['edge-1']),
      diagnostics: [
        { ...diagnostic, severity: 'error', nodeIds: ['request-1'] },
        { ...diagnostic, severity: 'warning', nodeIds: ['request-1', 'trigger-1'] },
      ],
    });
    expect(nodes.map((node) => [node.selected, node.data.errors, node.data.warnings])).toEqual([
      [false, 0, 1],
      [true, 1, 1],
    ]);
    expect(edges[0]?.selected).toBe(true);
  });

  it('draws frames behind notes and notes behind steps, frames moved by their title', () => {
    const framed: FlowDocument = {
      ...flow,
      notes: [{ id: 'note-1', text: 'Ask NetSuite', position: { x: 0, y: 100 } }],
      frames: [{ id: 'frame-1', label: 'Reserve stock', position: { x: -30, y: -40 }, size: { width: 500, height: 300 } }],
    };
    const { nodes } = toReactFlow(framed, { selectedNodeIds: new Set(['frame-1']) });
    expect(nodes.map((node) => [node.id, node.type, node.zIndex ?? 0])).toEqual([
      ['frame-1', 'frame', -2],
      ['note-1', 'note', -1],
      ['trigger-1', 'trigger', 0],
      ['request-1', 'request', 0],
    ]);
    expect(nodes[0]).toMatchObject({ position: { x: -30, y: -40 }, width: 500, height: 300, dragHandle: '.canvas-frame-title', selected: true, data: { label: 'Reserve stock' } });
  });

  it('is pure: the same input gives equal output and the document is not touched', () => {
    const before = JSON.stringify(flow);
    expect(toReactFlow(flow)).toEqual(toReactFlow(flow));
    expect(JSON.stringify(flow)).toBe(before);
  });
});

describe('keepUnchanged', () => {
  it('hands back the objects React Flow holds for what did not change, and new ones for what did', () => {
    const first = toReactFlow(flow);
    const moved: FlowDocument = { ...flow, nodes: flow.nodes.map((node) => (node.id === 'request-1' ? { ...node, position: { x: 260, y: 10 } } : node)) };
    const next = keepUnchanged(first.nodes, toReactFlow(moved).nodes);
    expect(next[0]).toBe(first.nodes[0]);
    expect(next[1]).not.toBe(first.nodes[1]);
    expect(next[1]?.position).toEqual({ x: 260, y: 10 });
    // Nothing changed at all: the very same array, so React Flow has nothing to do.
    expect(keepUnchanged(first.nodes, toReactFlow(flow).nodes)).toBe(first.nodes);
    expect(keepUnchanged(first.edges, toReactFlow(flow).edges)).toBe(first.edges);
  });

  it('sees a new finding, a selection or a dimmed node as a change', () => {
    const first = toReactFlow(flow);
    const diagnostic = { code: 'X', hint: '', message: '', flowId: 'f', edgeIds: [], fields: [], systems: [], relatedFlowIds: [], severity: 'error' as const, nodeIds: ['trigger-1'] };
    expect(keepUnchanged(first.nodes, toReactFlow(flow, { diagnostics: [diagnostic] }).nodes)[0]).not.toBe(first.nodes[0]);
    expect(keepUnchanged(first.nodes, toReactFlow(flow, { selectedNodeIds: new Set(['trigger-1']) }).nodes)[0]).not.toBe(first.nodes[0]);
    const dimmed = toReactFlow(flow, { highlight: new Set(['request-1']) }).nodes;
    expect(keepUnchanged(first.nodes, dimmed)[0]).not.toBe(first.nodes[0]);
    // And back: a key the projection no longer sets is a change too.
    expect(keepUnchanged(dimmed, first.nodes)[0]).toBe(first.nodes[0]);
    // What React Flow adds to the objects it holds is not.
    const measured = first.nodes.map((node) => ({ ...node, measured: { width: 190, height: 62 } }));
    expect(keepUnchanged(measured, toReactFlow(flow).nodes)).toBe(measured);
  });
});
