import { describe, expect, it } from 'vitest';
import { FlowDocument } from './flow';
import { moveNodes, removeElements } from './flow-edits';
import { addNote, setNoteText } from './note-edits';

const base: FlowDocument = {
  id: 'f',
  name: 'Orders',
  nodes: [{ id: 'trigger-1', kind: 'trigger', label: 'Trigger', position: { x: 0, y: 0 }, config: {} }],
  edges: [],
};

describe('sticky notes', () => {
  it('adds a note with a fresh id, edits its text, and validates', () => {
    const first = addNote(base, { x: 10.6, y: 20.2 }, 'Stock is owned by NetSuite');
    const second = addNote(first.flow, { x: 300, y: 0 });
    expect(first.note).toEqual({ id: 'note-1', text: 'Stock is owned by NetSuite', position: { x: 11, y: 20 } });
    expect(second.note.id).toBe('note-2');
    const edited = setNoteText(second.flow, 'note-2', 'Ask the 3PL');
    expect(edited.notes?.map((note) => note.text)).toEqual(['Stock is owned by NetSuite', 'Ask the 3PL']);
    expect(setNoteText(edited, 'note-2', 'Ask the 3PL')).toBe(edited);
    expect(FlowDocument.safeParse(edited).success).toBe(true);
    expect(base.notes).toBeUndefined();
  });

  it('move and delete with the nodes, in the same gesture', () => {
    const { flow } = addNote(base, { x: 0, y: 100 });
    const moved = moveNodes(flow, new Map([['note-1', { x: 50, y: 150 }], ['trigger-1', { x: 5, y: 5 }]]));
    expect(moved.notes?.[0]?.position).toEqual({ x: 50, y: 150 });
    expect(moved.nodes[0]?.position).toEqual({ x: 5, y: 5 });
    const removed = removeElements(moved, new Set(['note-1']), new Set());
    expect(removed.notes).toEqual([]);
    expect(removed.nodes).toHaveLength(1);
  });

  it('reads documents written before notes, and refuses a note id that a node has', () => {
    expect(FlowDocument.parse(base).notes).toBeUndefined();
    const clash = FlowDocument.safeParse({ ...base, notes: [{ id: 'trigger-1', text: '', position: { x: 0, y: 0 } }] });
    expect(clash.success).toBe(false);
    expect(clash.error?.issues[0]?.path).toEqual(['notes', 0, 'id']);
  });
});
