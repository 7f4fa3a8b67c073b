import type { FlowDocument, FlowFrame, Position } from './flow';
import { CARD_SIZE } from './flow';
import { nextId } from './flow-edits';

/**
 * Frames group the nodes, notes and smaller frames that sit inside them, so a
 * frame moves with its contents. Like notes they are never run or checked.
 */

/** Room around the framed cards, with a taller band on top for the frame's title. */
const PADDING = { side: 30, top: 50, bottom: 30 } as const;
const EMPTY_FRAME = { width: 480, height: 300 } as const;

interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** Notes are drawn about as wide as a card and a little taller. */
const NOTE_SIZE = { width: 220, height: 90 } as const;

function boxesOf(flow: FlowDocument): Map<string, Box> {
  const boxes = new Map<string, Box>();
  for (const node of flow.nodes) boxes.set(node.id, { ...node.position, ...CARD_SIZE });
  for (const note of flow.notes ?? []) boxes.set(note.id, { ...note.position, ...NOTE_SIZE });
  for (const frame of flow.frames ?? []) boxes.set(frame.id, { ...frame.position, ...frame.size });
  return boxes;
}

/**
 * Adds a frame around the given items (nodes, notes or frames), or an empty one
 * at `position` when none are given.
 */
export function addFrame(flow: FlowDocument, around: ReadonlySet<string>, position: Position, label = 'Group'): { flow: FlowDocument; frame: FlowFrame } {
  const frames = flow.frames ?? [];
  const id = nextId([...flow.nodes, ...(flow.notes ?? []), ...frames], 'frame');
  const boxes = [...boxesOf(flow)].filter(([itemId]) => around.has(itemId)).map(([, box]) => box);
  let frame: FlowFrame;
  if (boxes.length === 0) {
    frame = { id, label, position: { x: Math.round(position.x), y: Math.round(position.y) }, size: { ...EMPTY_FRAME } };
  } else {
    const left = Math.min(...boxes.map((box) => box.x)) - PADDING.side;
    const top = Math.min(...boxes.map((box) => box.y)) - PADDING.top;
    const right = Math.max(...boxes.map((box) => box.x + box.width)) + PADDING.side;
    const bottom = Math.max(...boxes.map((box) => box.y + box.height)) + PADDING.bottom;
    frame = { id, label, position: { x: Math.round(left), y: Math.round(top) }, size: { width: Math.round(right - left), height: Math.round(bottom - top) } };
  }
  // Frames are drawn in document order; a new frame goes first so it sits behind the frames it encloses.
  return { flow: { ...flow, frames: [frame, ...frames] }, frame };
}

export function setFrameLabel(flow: FlowDocument, frameId: string, label: string): FlowDocument {
  const frames = flow.frames ?? [];
  if (!frames.some((frame) => frame.id === frameId && frame.label !== label)) return flow;
  return { ...flow, frames: frames.map((frame) => (frame.id === frameId ? { ...frame, label } : frame)) };
}

export function resizeFrame(flow: FlowDocument, frameId: string, box: Box): FlowDocument {
  const frames = flow.frames ?? [];
  const position = { x: Math.round(box.x), y: Math.round(box.y) };
  const size = { width: Math.max(40, Math.round(box.width)), height: Math.max(40, Math.round(box.height)) };
  return { ...flow, frames: frames.map((frame) => (frame.id === frameId ? { ...frame, position, size } : frame)) };
}

/**
 * What a frame holds: every node and note whose centre lies inside it, and every
 * frame wholly inside it. Membership is geometry, so it needs no bookkeeping
 * when things move.
 */
export function frameContents(flow: FlowDocument, frameId: string): string[] {
  const frame = (flow.frames ?? []).find((candidate) => candidate.id === frameId);
  if (frame === undefined) return [];
  const right = frame.position.x + frame.size.width;
  const bottom = frame.position.y + frame.size.height;
  const holds = (x: number, y: number): boolean => x >= frame.position.x && x <= right && y >= frame.position.y && y <= bottom;
  const frameIds = new Set((flow.frames ?? []).map((candidate) => candidate.id));
  const inside = (id: string, box: Box): boolean =>
    frameIds.has(id)
      ? holds(box.x, box.y) && holds(box.x + box.width, box.y + box.height) && box.width * box.height < frame.size.width * frame.size.height
      : holds(box.x + box.width / 2, box.y + box.height / 2);
  return [...boxesOf(flow)].filter(([id, box]) => id !== frameId && inside(id, box)).map(([id]) => id);
}
