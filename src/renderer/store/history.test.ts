import { describe, expect, it } from 'vitest';
import type { StewardApi } from '../../shared/ipc/api';
import type { FlowDocument } from '../../shared/model/flow';
import { addNode, connect, moveNodes, removeElements } from '../../shared/model/flow-edits';
import { assignOwner } from '../../shared/model/model-edits';
import { model } from '../../../test/governance/builders';
import { createStewardStore } from './store';

/**
 * Every edit's undo restores the exact previous document (the same object),
 * and redo restores the exact next one. The api is a stub at the test's edge:
 * saves succeed and change nothing.
 */
function store() {
  const api = { flow: { save: ({ document }: { document: FlowDocument }) => Promise.resolve({ id: document.id, name: document.name, nodeCount: document.nodes.length, updatedAt: '' }) }, model: { save: () => Promise.resolve(model()) } } as unknown as StewardApi;
  const created = createStewardStore(api);
  created.setState({ flow: { id: 'f', name: 'Flow', nodes: [], edges: [] }, model: model() });
  return created;
}

describe('undo and redo', () => {
  it('undo each flow action restores the exact previous document, redo the exact next', () => {
    const steward = store();
    const documents: FlowDocument[] = [];
    const edits: ((flow: FlowDocument) => FlowDocument)[] = [
      (flow) => addNode(flow, 'trigger', { x: 0, y: 0 }).flow,
      (flow) => addNode(flow, 'write', { x: 200, y: 0 }).flow,
      (flow) => connect(flow, 'trigger-1', 'write-1'),
      (flow) => moveNodes(flow, new Map([['write-1', { x: 300, y: 80 }]])),
      (flow) => removeElements(flow, new Set(['trigger-1']), new Set()),
    ];
    for (const edit of edits) {
      const current = steward.getState().flow;
      if (current === null) throw new Error('no flow');
      documents.push(current);
      steward.getState().commitFlow(edit(current));
    }
    const last = steward.getState().flow;
    for (const expected of [...documents].reverse()) {
      steward.getState().undo();
      expect(steward.getState().flow).toBe(expected);
    }
    expect(steward.getState().past).toEqual([]);
    for (let step = 0; step < edits.length; step += 1) steward.getState().redo();
    expect(steward.getState().flow).toBe(last);
  });

  it('a new edit after undo drops the redo stack', () => {
    const steward = store();
    const start = steward.getState().flow;
    if (start === null) throw new Error('no flow');
    steward.getState().commitFlow(addNode(start, 'map', { x: 0, y: 0 }).flow);
    steward.getState().undo();
    steward.getState().commitFlow(addNode(start, 'check', { x: 0, y: 0 }).flow);
    expect(steward.getState().future).toEqual([]);
    expect(steward.getState().flow?.nodes.map((node) => node.kind)).toEqual(['check']);
  });

  it('undoes ownership edits too', () => {
    const steward = store();
    const before = steward.getState().model;
    if (before === null) throw new Error('no model');
    steward.getState().commitModel(assignOwner(before, 'InventoryLevel', 'available', 'shopify'));
    steward.getState().undo();
    expect(steward.getState().model).toBe(before);
  });
});
