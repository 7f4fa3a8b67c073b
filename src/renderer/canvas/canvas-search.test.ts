import { describe, expect, it } from 'vitest';
import { flow, node } from '../../../test/governance/builders';
import { searchNodes } from './canvas-search';

const document = flow(
  'f',
  [node('t', 'trigger', { system: 'shopify', entity: 'Order' }), node('w1', 'write', { system: 'netsuite', entity: 'Order' }), node('w2', 'write', { system: 'shipbob', entity: 'Order' }), node('a', 'await-ack')],
  [],
);
const problems = [{ code: 'X', severity: 'error' as const, message: '', hint: '', flowId: 'f', nodeIds: ['w2'], edgeIds: [], fields: [], systems: [], relatedFlowIds: [] }];

describe('canvas search', () => {
  it.each([
    ['kind:write', ['w1', 'w2']],
    ['kind:write system:netsuite', ['w1']],
    ['entity:order system:shop', ['t']],
    ['is:invalid', ['w2']],
    ['is:error kind:write', ['w2']],
    ['is:warning', []],
    ['w1', ['w1']],
    ['', []],
  ])('%s → %j', (query, expected) => {
    expect([...searchNodes(document, problems, query)].sort()).toEqual(expected);
  });
});
