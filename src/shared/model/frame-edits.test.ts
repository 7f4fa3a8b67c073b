import { describe, expect, it } from 'vitest';
import { node, stockSync } from '../../../test/governance/builders';
import { FlowDocument } from './flow';
import { moveNodes, removeElements } from './flow-edits';
import { addFrame, frameContents, resizeFrame, setFrameLabel } from './frame-edits';
import { addNote } from './note-edits';

const placed = (): FlowDocument => {
  const base = stockSync('s', 'netsuite', 'shopify');
  const positions: Record<string, { x: number; y: number }> = { trigger: { x: 0, y: 0 }, map: { x: 300, y: 0 }, write: { x: 600, y: 0 }, ack: { x: 900, y: 200 } };
  return { ...base, nodes: base.nodes.map((entry) => ({ ...entry, position: positions[entry.id] ?? entry.position })) };
};

describe('frames', () => {
  it('frame the chosen nodes with room for a title, and hold exactly what sits inside', () => {
    const { flow, frame } = addFrame(placed(), new Set(['map', 'write']), { x: 0, y: 0 }, 'Write to the storefront');
    expect(frame).toEqual({ id: 'frame-1', label: 'Write to the storefront', position: { x: 270, y: -50 }, size: { width: 550, height: 142 } });
    expect(frameContents(flow, 'frame-1').sort()).toEqual(['map', 'write']);
    expect(FlowDocument.safeParse(flow).success).toBe(true);
    const noted = addNote(flow, { x: 400, y: 10 });
    expect(frameContents(noted.flow, 'frame-1').sort()).toEqual(['map', 'note-1', 'write']);
  });

  it('hold a smaller frame inside them but never the frame around them', () => {
    const inner = addFrame(placed(), new Set(['map']), { x: 0, y: 0 }, 'Inner');
    const outer = addFrame(inner.flow, new Set(['frame-1', 'write']), { x: 0, y: 0 }, 'Outer');
    expect(frameContents(outer.flow, 'frame-2').sort()).toEqual(['frame-1', 'map', 'write']);
    expect(frameContents(outer.flow, 'frame-1')).toEqual(['map']);
    // The enclosing frame is drawn first, behind the one it holds.
    expect(outer.flow.frames?.map((entry) => entry.id)).toEqual(['frame-2', 'frame-1']);
  });

  it('rename, resize, move and delete as document edits; deleting a frame keeps its contents', () => {
    const { flow } = addFrame(placed(), new Set(), { x: 10.4, y: 20.6 });
    expect(flow.frames?.[0]).toMatchObject({ position: { x: 10, y: 21 }, size: { width: 480, height: 300 }, label: 'Group' });
    const named = setFrameLabel(flow, 'frame-1', 'Stock');
    expect(setFrameLabel(named, 'frame-1', 'Stock')).toBe(named);
    const resized = resizeFrame(named, 'frame-1', { x: 0, y: 0, width: 10, height: 1000.4 });
    expect(resized.frames?.[0]?.size).toEqual({ width: 40, height: 1000 });
    const moved = moveNodes(resized, new Map([['frame-1', { x: 5, y: 5 }]]));
    expect(moved.frames?.[0]?.position).toEqual({ x: 5, y: 5 });
    const removed = removeElements(moved, new Set(['frame-1']), new Set());
    expect(removed.frames).toEqual([]);
    expect(removed.nodes).toHaveLength(4);
  });

  it('may not share an id with a node, and edges may not end on one', () => {
    const { flow } = addFrame(placed(), new Set(), { x: 0, y: 0 });
    const clash = { ...flow, nodes: [...flow.nodes, node('frame-1', 'check')] };
    expect(FlowDocument.safeParse(clash).success).toBe(false);
    const dangling = { ...flow, edges: [...flow.edges, { id: 'e', source: 'ack', target: 'frame-1', sourceHandle: 'out' }] };
    expect(FlowDocument.safeParse(dangling).success).toBe(false);
  });
});

describe('copy and paste with notes and frames', () => {
  it('carries the selected notes and frames with fresh ids, shifted, and the document stays valid', async () => {
    const { copySelection, pasteSelection, FlowClipboard } = await import('./flow-edits');
    const framed = addFrame(placed(), new Set(['map']), { x: 0, y: 0 }, 'Mapping');
    const noted = addNote(framed.flow, { x: 300, y: 120 }, 'Why this map');
    const clipboard = copySelection(noted.flow, new Set(['map', 'note-1', 'frame-1']));
    if (clipboard === null) throw new Error('nothing copied');
    // Through JSON and the clipboard's schema, as a paste in another project would see it.
    const parsed = FlowClipboard.parse(JSON.parse(JSON.stringify(clipboard)));
    const pasted = pasteSelection(noted.flow, parsed, { x: 40, y: 40 });
    expect(pasted.nodeIds).toEqual(['map-1', 'note-2', 'frame-2']);
    expect(pasted.flow.notes?.find((note) => note.id === 'note-2')).toMatchObject({ text: 'Why this map', position: { x: 340, y: 160 } });
    expect(pasted.flow.frames?.map((frame) => frame.id)).toEqual(['frame-2', 'frame-1']);
    expect(FlowDocument.safeParse(pasted.flow).success).toBe(true);
    // A note alone is a selection too; nothing at all is not.
    expect(copySelection(noted.flow, new Set(['note-1']))?.notes).toHaveLength(1);
    expect(copySelection(noted.flow, new Set())).toBeNull();
  });
});
