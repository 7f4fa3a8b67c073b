import { describe, expect, it } from 'vitest';
import type { FlowDocument, FlowNode } from '../model/flow';
import type { NodeKind } from '../model/node-kinds';
import { checkFlowShape } from './shape';

const node = (id: string, kind: NodeKind): FlowNode => ({ id, kind, label: id, position: { x: 0, y: 0 }, config: {} });
const flow = (nodes: FlowNode[], edges: [string, string][]): FlowDocument => ({
  id: 'f',
  name: 'Flow',
  nodes,
  edges: edges.map(([source, target], index) => ({ id: `e${index}`, source, target, sourceHandle: 'out' })),
});
const codes = (document: FlowDocument) => checkFlowShape(document).map((diagnostic) => [diagnostic.code, diagnostic.nodeIds]);

describe('checkFlowShape', () => {
  it('is quiet on an empty flow and on a connected one', () => {
    expect(codes(flow([], []))).toEqual([]);
    expect(codes(flow([node('t', 'trigger'), node('w', 'write'), node('a', 'await-ack')], [['t', 'w'], ['w', 'a']]))).toEqual([]);
  });

  it('warns when no trigger can start a transaction', () => {
    expect(codes(flow([node('w', 'write')], []))).toEqual([['FLOW_NO_TRIGGER', []]]);
  });

  it('reports each node no trigger reaches', () => {
    expect(codes(flow([node('t', 'trigger'), node('w', 'write'), node('m', 'map')], [['t', 'w']]))).toEqual([['NODE_UNREACHABLE', ['m']]]);
  });

  it('reports an edge into a trigger', () => {
    const found = checkFlowShape(flow([node('t', 'trigger'), node('w', 'write')], [['t', 'w'], ['w', 't']]));
    expect(found.find((diagnostic) => diagnostic.code === 'EDGE_INTO_TRIGGER')).toMatchObject({ nodeIds: ['t'], edgeIds: ['e1'] });
  });

  it('reports a cycle with the nodes on it', () => {
    const found = codes(flow([node('t', 'trigger'), node('a', 'map'), node('b', 'route'), node('c', 'write')], [['t', 'a'], ['a', 'b'], ['b', 'c'], ['c', 'a']]));
    expect(found).toEqual([['FLOW_CYCLE', ['a', 'b', 'c']]]);
  });
});
