import { describe, expect, it } from 'vitest';
import type { FlowDocument } from './flow';
import { FlowDocument as FlowSchema } from './flow';
import { FlowClipboard, addNode, addNodeFrom, connect, connectLooseEnd, connectionProblem, copySelection, insertOnEdge, moveNodes, pasteSelection, removeElements } from './flow-edits';
import { autoLayout } from './layout';

const base: FlowDocument = {
  id: 'f',
  name: 'Orders',
  nodes: [
    { id: 'trigger-1', kind: 'trigger', label: 'Trigger', position: { x: 0, y: 0 }, config: {} },
    { id: 'write-1', kind: 'write', label: 'Write', position: { x: 200, y: 0 }, config: {} },
    { id: 'error-1', kind: 'error', label: 'Error', position: { x: 200, y: 100 }, config: {} },
  ],
  edges: [{ id: 'edge-1', source: 'trigger-1', target: 'write-1', sourceHandle: 'out' }],
};
const frozen = JSON.stringify(base);

describe('flow edits', () => {
  it('add a node with a fresh id and label, snapped to whole pixels', () => {
    const { flow, node } = addNode(base, 'write', { x: 10.4, y: 20.6 });
    expect(node).toMatchObject({ id: 'write-2', label: 'Write 2', position: { x: 10, y: 21 } });
    expect(flow.nodes).toHaveLength(4);
    expect(FlowSchema.safeParse(flow).success).toBe(true);
  });

  it('move only the named nodes', () => {
    const flow = moveNodes(base, new Map([['write-1', { x: 300, y: 50 }]]));
    expect(flow.nodes.map((node) => node.position)).toEqual([{ x: 0, y: 0 }, { x: 300, y: 50 }, { x: 200, y: 100 }]);
  });

  it('connect once, and never to a missing node or to itself', () => {
    const flow = connect(base, 'write-1', 'error-1');
    expect(flow.edges).toHaveLength(2);
    expect(connect(flow, 'write-1', 'error-1')).toBe(flow);
    expect(connect(base, 'write-1', 'nope')).toBe(base);
    expect(connect(base, 'write-1', 'write-1')).toBe(base);
  });

  it('remove nodes together with their edges', () => {
    const flow = removeElements(base, new Set(['write-1']), new Set());
    expect(flow.nodes.map((node) => node.id)).toEqual(['trigger-1', 'error-1']);
    expect(flow.edges).toEqual([]);
  });

  it('never change the document they were given', () => {
    addNode(base, 'map', { x: 0, y: 0 });
    moveNodes(base, new Map([['trigger-1', { x: 9, y: 9 }]]));
    connect(base, 'write-1', 'error-1');
    removeElements(base, new Set(['trigger-1']), new Set(['edge-1']));
    expect(JSON.stringify(base)).toBe(frozen);
  });

  it.each([
    ['write-1', 'trigger-1', 'take no input'],
    ['error-1', 'write-1', 'have no output'],
    ['write-1', 'write-1', 'itself'],
  ])('refuse %s → %s with a reason', (source, target, reason) => {
    expect(connectionProblem(base, source, target)).toContain(reason);
  });

  it('allow a valid connection', () => {
    expect(connectionProblem(base, 'write-1', 'error-1')).toBeNull();
  });
});

describe('adding a node from a dragged connection', () => {
  it('wires a node dropped from an output to that output', () => {
    const result = addNodeFrom(base, { nodeId: 'write-1', handle: 'out', side: 'source' }, 'map', { x: 400, y: 0 });
    expect(result.problem).toBeNull();
    expect(result.flow.edges.at(-1)).toMatchObject({ source: 'write-1', target: result.node.id, sourceHandle: 'out' });
  });

  it('wires a node dropped from an input with its first output', () => {
    const result = addNodeFrom(base, { nodeId: 'write-1', handle: 'in', side: 'target' }, 'request', { x: -200, y: 0 });
    expect(result.flow.edges.at(-1)).toMatchObject({ source: result.node.id, target: 'write-1', sourceHandle: 'confirmed' });
  });

  it('connects an end dropped on a node body, from either side', () => {
    expect(connectLooseEnd(base, { nodeId: 'write-1', handle: 'out', side: 'source' }, 'error-1').flow.edges.at(-1)).toMatchObject({ source: 'write-1', target: 'error-1' });
    expect(connectLooseEnd(base, { nodeId: 'write-1', handle: 'in', side: 'target' }, 'trigger-1').flow).toBe(base);
    expect(connectLooseEnd(base, { nodeId: 'trigger-1', handle: 'in', side: 'target' }, 'write-1').problem).toMatch(/take no input/);
  });

  it('adds a node that cannot take the connection unwired, and says why', () => {
    const result = addNodeFrom(base, { nodeId: 'write-1', handle: 'out', side: 'source' }, 'trigger', { x: 400, y: 0 });
    expect(result.flow.nodes).toHaveLength(4);
    expect(result.flow.edges).toEqual(base.edges);
    expect(result.problem).toMatch(/take no input/);
  });
});

describe('copy and paste', () => {
  it('copies the selection with its inner edges and pastes it with fresh ids, shifted', () => {
    const clipboard = copySelection(base, new Set(['trigger-1', 'write-1']));
    expect(clipboard?.edges.map((edge) => edge.id)).toEqual(['edge-1']);
    const parsed = FlowClipboard.parse(JSON.parse(JSON.stringify(clipboard)));
    const { flow, nodeIds } = pasteSelection(base, parsed, { x: 40, y: 40 });
    expect(nodeIds).toEqual(['trigger-2', 'write-2']);
    expect(flow.nodes.find((node) => node.id === 'write-2')?.position).toEqual({ x: 240, y: 40 });
    expect(flow.edges.at(-1)).toEqual({ id: 'edge-2', source: 'trigger-2', target: 'write-2', sourceHandle: 'out' });
    expect(FlowSchema.safeParse(flow).success).toBe(true);
    expect(JSON.stringify(base)).toBe(frozen);
  });

  it('copies nothing from an empty selection', () => {
    expect(copySelection(base, new Set())).toBeNull();
  });
});

describe('auto-layout', () => {
  it('lays the graph out left to right, keeping its corner, without touching other nodes', () => {
    const laid = autoLayout(base, new Set(['trigger-1', 'write-1']));
    const [trigger, write, error] = laid.nodes;
    expect(trigger?.position).toEqual({ x: 0, y: 0 });
    expect((write?.position.x ?? 0) - (trigger?.position.x ?? 0)).toBeGreaterThanOrEqual(200);
    expect(write?.position.y).toBe(trigger?.position.y);
    expect(error?.position).toEqual({ x: 200, y: 100 });
    expect(JSON.stringify(base)).toBe(frozen);
  });
});

describe('inserting on a connection', () => {
  const base: FlowDocument = {
    id: 'f',
    name: 'f',
    nodes: [
      { id: 'request-1', kind: 'request', label: 'Ask', position: { x: 0, y: 0 }, config: {} },
      { id: 'error-1', kind: 'error', label: 'Dead letter', position: { x: 400, y: 0 }, config: {} },
    ],
    edges: [{ id: 'edge-1', source: 'request-1', target: 'error-1', sourceHandle: 'denied' }],
  };

  it('puts the node between the two ends, keeping the output the connection left from', () => {
    const result = insertOnEdge(base, 'edge-1', 'map', { x: 200, y: 0 });
    expect(result.problem).toBeNull();
    expect(result.flow.edges.map((edge) => [edge.source, edge.target, edge.sourceHandle])).toEqual([
      ['request-1', 'map-1', 'denied'],
      ['map-1', 'error-1', 'out'],
    ]);
    expect(base.edges).toHaveLength(1);
  });

  it('moves the rest of the path right when the new node would cover it', () => {
    const crowded = insertOnEdge(base, 'edge-1', 'map', { x: 300, y: 0 });
    expect(crowded.flow.nodes.map((node) => [node.id, node.position.x])).toEqual([['request-1', 0], ['error-1', 550], ['map-1', 300]]);
    const roomy = insertOnEdge(base, 'edge-1', 'map', { x: 100, y: 0 });
    expect(roomy.flow.nodes.find((node) => node.id === 'error-1')?.position.x).toBe(400);
  });

  it('refuses kinds that cannot sit on a path, and a connection that is gone', () => {
    expect(insertOnEdge(base, 'edge-1', 'trigger', { x: 0, y: 0 })).toMatchObject({ flow: base, problem: 'Trigger nodes start transactions and cannot sit on a connection.' });
    expect(insertOnEdge(base, 'edge-1', 'error', { x: 0, y: 0 }).problem).toBe('Error nodes end a path and cannot sit on a connection.');
    expect(insertOnEdge(base, 'edge-9', 'map', { x: 0, y: 0 }).flow).toBe(base);
  });
});
