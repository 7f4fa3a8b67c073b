import { z } from 'zod';
import { CARD_SIZE, FlowEdge, FlowFrame, FlowNode, FlowNote } from './flow';
import type { FlowDocument, Position } from './flow';
import type { NodeKind } from './node-kinds';
import { NODE_KIND_INFO } from './node-kinds';

/**
 * Edits of a flow document as pure functions: each returns a new document
 * and leaves its input untouched, so undo can keep the previous one.
 */

/** The next free id with `prefix`, e.g. `write-3`. */
export function nextId(existing: Iterable<{ id: string }>, prefix: string): string {
  const taken = new Set<string>();
  for (const item of existing) taken.add(item.id);
  for (let index = 1; ; index += 1) {
    const candidate = `${prefix}-${index}`;
    if (!taken.has(candidate)) return candidate;
  }
}

export function addNode(flow: FlowDocument, kind: NodeKind, position: Position, config: Record<string, unknown> = {}): { flow: FlowDocument; node: FlowNode } {
  const id = nextId(flow.nodes, kind);
  const count = flow.nodes.filter((node) => node.kind === kind).length;
  const label = count === 0 ? NODE_KIND_INFO[kind].label : `${NODE_KIND_INFO[kind].label} ${count + 1}`;
  const node: FlowNode = { id, kind, label, position: { x: Math.round(position.x), y: Math.round(position.y) }, config: { ...config } };
  return { flow: { ...flow, nodes: [...flow.nodes, node] }, node };
}

export function moveNodes(flow: FlowDocument, moves: ReadonlyMap<string, Position>): FlowDocument {
  if (moves.size === 0) return flow;
  return {
    ...flow,
    nodes: flow.nodes.map((node) => moved(node, moves)),
    ...(flow.notes === undefined ? {} : { notes: flow.notes.map((note) => moved(note, moves)) }),
    ...(flow.frames === undefined ? {} : { frames: flow.frames.map((frame) => moved(frame, moves)) }),
  };
}

function moved<T extends { id: string; position: Position }>(item: T, moves: ReadonlyMap<string, Position>): T {
  const to = moves.get(item.id);
  return to === undefined ? item : { ...item, position: { x: Math.round(to.x), y: Math.round(to.y) } };
}

/** Adds an edge unless the same connection exists or an end is missing. */
export function connect(flow: FlowDocument, source: string, target: string, sourceHandle = 'out'): FlowDocument {
  const ids = new Set(flow.nodes.map((node) => node.id));
  if (!ids.has(source) || !ids.has(target) || source === target) return flow;
  if (flow.edges.some((edge) => edge.source === source && edge.target === target && edge.sourceHandle === sourceHandle)) return flow;
  const edge: FlowEdge = { id: nextId(flow.edges, 'edge'), source, target, sourceHandle };
  return { ...flow, edges: [...flow.edges, edge] };
}

/** Removes nodes (with their edges) and edges. */
export function removeElements(flow: FlowDocument, nodeIds: ReadonlySet<string>, edgeIds: ReadonlySet<string>): FlowDocument {
  if (nodeIds.size === 0 && edgeIds.size === 0) return flow;
  return {
    ...flow,
    nodes: flow.nodes.filter((node) => !nodeIds.has(node.id)),
    edges: flow.edges.filter((edge) => !edgeIds.has(edge.id) && !nodeIds.has(edge.source) && !nodeIds.has(edge.target)),
    // Notes and frames are removed with the same gesture as nodes; a frame's contents stay.
    ...(flow.notes === undefined ? {} : { notes: flow.notes.filter((note) => !nodeIds.has(note.id)) }),
    ...(flow.frames === undefined ? {} : { frames: flow.frames.filter((frame) => !nodeIds.has(frame.id)) }),
  };
}

/**
 * Why a connection from `source` to `target` is refused, or null when it is
 * allowed. The canvas asks before drawing an edge; the checker agrees.
 */
export function connectionProblem(flow: FlowDocument, source: string, target: string): string | null {
  const from = flow.nodes.find((node) => node.id === source);
  const to = flow.nodes.find((node) => node.id === target);
  if (from === undefined || to === undefined) return 'Both ends must be nodes of this flow.';
  if (source === target) return 'A node cannot connect to itself.';
  if (!NODE_KIND_INFO[to.kind].hasInput) return `${NODE_KIND_INFO[to.kind].label} nodes start transactions and take no input.`;
  if (NODE_KIND_INFO[from.kind].outputs.length === 0) return `${NODE_KIND_INFO[from.kind].label} nodes end a path and have no output.`;
  return null;
}

/** One end of a connection dragged out onto empty canvas: the node and which side it left from. */
export interface LooseEnd {
  readonly nodeId: string;
  readonly handle: string;
  readonly side: 'source' | 'target';
}

/**
 * Connects a dragged end to another node, whichever side it was dragged from; the
 * reason instead when the kinds cannot connect.
 */
export function connectLooseEnd(flow: FlowDocument, end: LooseEnd, otherId: string): { flow: FlowDocument; problem: string | null } {
  const [source, target] = end.side === 'source' ? [end.nodeId, otherId] : [otherId, end.nodeId];
  const problem = connectionProblem(flow, source, target);
  if (problem !== null) return { flow, problem };
  const other = flow.nodes.find((node) => node.id === otherId);
  const handle = end.side === 'source' ? end.handle : (other === undefined ? 'out' : (NODE_KIND_INFO[other.kind].outputs[0] ?? 'out'));
  return { flow: connect(flow, source, target, handle), problem: null };
}

/**
 * Adds a node where a dragged connection was dropped and wires it to the end it came
 * from (one edit). When the kinds cannot connect, the node is still added, unwired,
 * and the reason is returned so the canvas can say it.
 */
export function addNodeFrom(
  flow: FlowDocument,
  end: LooseEnd,
  kind: NodeKind,
  position: Position,
  config: Record<string, unknown> = {},
): { flow: FlowDocument; node: FlowNode; problem: string | null } {
  const added = addNode(flow, kind, position, config);
  return { ...connectLooseEnd(added.flow, end, added.node.id), node: added.node };
}

/**
 * Puts a new node on an edge: source → node → target, one edit. The edge keeps
 * its source output; the node continues on its first output. Refused, with the
 * reason, when the kind cannot sit in the middle of a path.
 */
export function insertOnEdge(
  flow: FlowDocument,
  edgeId: string,
  kind: NodeKind,
  position: Position,
  config: Record<string, unknown> = {},
): { flow: FlowDocument; node: FlowNode | null; problem: string | null } {
  const edge = flow.edges.find((candidate) => candidate.id === edgeId);
  if (edge === undefined) return { flow, node: null, problem: 'That connection is no longer in the flow.' };
  const info = NODE_KIND_INFO[kind];
  const output = info.outputs[0];
  if (!info.hasInput) return { flow, node: null, problem: `${info.label} nodes start transactions and cannot sit on a connection.` };
  if (output === undefined) return { flow, node: null, problem: `${info.label} nodes end a path and cannot sit on a connection.` };
  const added = addNode(makeRoom(flow, edge.target, edge.source, position.x + CARD_SIZE.width + ROOM_GAP), kind, position, config);
  const node = added.node;
  const rewired = { ...added.flow, edges: added.flow.edges.filter((candidate) => candidate.id !== edgeId) };
  return { flow: connect(connect(rewired, edge.source, node.id, edge.sourceHandle), node.id, edge.target, output), node, problem: null };
}

/** The space kept between an inserted node and the one it now leads to. */
const ROOM_GAP = 60;

/**
 * Moves `from` and everything downstream of it right, when `from` starts left of
 * `left`, so an inserted node does not cover it. `stop` (the inserted node's
 * source) never moves, even when a cycle leads back to it.
 */
function makeRoom(flow: FlowDocument, from: string, stop: string, left: number): FlowDocument {
  const start = flow.nodes.find((node) => node.id === from);
  if (start === undefined || start.position.x >= left) return flow;
  const shift = left - start.position.x;
  const moving = new Set<string>();
  const pending = [from];
  for (let id = pending.pop(); id !== undefined; id = pending.pop()) {
    if (moving.has(id) || id === stop) continue;
    moving.add(id);
    for (const edge of flow.edges) if (edge.source === id) pending.push(edge.target);
  }
  return { ...flow, nodes: flow.nodes.map((node) => (moving.has(node.id) ? { ...node, position: { x: node.position.x + shift, y: node.position.y } } : node)) };
}

/** What Copy puts on the clipboard: the selected nodes, the edges between them, and selected notes and frames. */
export const FlowClipboard = z
  .object({
    steward: z.literal('flow-selection'),
    nodes: z.array(FlowNode),
    edges: z.array(FlowEdge),
    notes: z.array(FlowNote).default([]),
    frames: z.array(FlowFrame).default([]),
  })
  .refine((clipboard) => clipboard.nodes.length + clipboard.notes.length + clipboard.frames.length > 0, 'the selection is empty');
export type FlowClipboard = z.infer<typeof FlowClipboard>;

export function copySelection(flow: FlowDocument, nodeIds: ReadonlySet<string>): FlowClipboard | null {
  const nodes = flow.nodes.filter((node) => nodeIds.has(node.id));
  const notes = (flow.notes ?? []).filter((note) => nodeIds.has(note.id));
  const frames = (flow.frames ?? []).filter((frame) => nodeIds.has(frame.id));
  if (nodes.length + notes.length + frames.length === 0) return null;
  return { steward: 'flow-selection', nodes, edges: flow.edges.filter((edge) => nodeIds.has(edge.source) && nodeIds.has(edge.target)), notes, frames };
}

/** Adds a copy of the clipboard's nodes (fresh ids, shifted) with their edges; works across flows and projects. */
export function pasteSelection(flow: FlowDocument, clipboard: FlowClipboard, offset: Position): { flow: FlowDocument; nodeIds: string[] } {
  // Notes and frames share the canvas's ids with nodes, so fresh ids avoid all three.
  const taken: { id: string; label?: string }[] = [...flow.nodes, ...(flow.notes ?? []), ...(flow.frames ?? [])];
  const ids = new Map<string, string>();
  const nodes = clipboard.nodes.map((node) => {
    const id = nextId(taken, node.kind);
    ids.set(node.id, id);
    const labels = new Set(taken.map((entry) => entry.label ?? ''));
    let label = node.label;
    for (let index = 2; labels.has(label); index += 1) label = `${node.label.replace(/ \d+$/, '')} ${index}`;
    const copy: FlowNode = { ...node, id, label, position: { x: Math.round(node.position.x + offset.x), y: Math.round(node.position.y + offset.y) } };
    taken.push(copy);
    return copy;
  });
  const edgeIds = [...flow.edges];
  const edges = clipboard.edges.flatMap((edge) => {
    const source = ids.get(edge.source);
    const target = ids.get(edge.target);
    if (source === undefined || target === undefined) return [];
    const copy: FlowEdge = { id: nextId(edgeIds, 'edge'), source, target, sourceHandle: edge.sourceHandle };
    edgeIds.push(copy);
    return [copy];
  });
  const shift = (position: Position): Position => ({ x: Math.round(position.x + offset.x), y: Math.round(position.y + offset.y) });
  const notes = clipboard.notes.map((note) => {
    const copy = { ...note, id: nextId(taken, 'note'), position: shift(note.position) };
    taken.push(copy);
    return copy;
  });
  const frames = clipboard.frames.map((frame) => {
    const copy = { ...frame, id: nextId(taken, 'frame'), position: shift(frame.position) };
    taken.push(copy);
    return copy;
  });
  return {
    flow: {
      ...flow,
      nodes: [...flow.nodes, ...nodes],
      edges: [...flow.edges, ...edges],
      ...(notes.length === 0 ? {} : { notes: [...(flow.notes ?? []), ...notes] }),
      // Pasted frames go behind what is already there, like new frames.
      ...(frames.length === 0 ? {} : { frames: [...frames, ...(flow.frames ?? [])] }),
    },
    nodeIds: [...nodes, ...notes, ...frames].map((item) => item.id),
  };
}

export function updateNode(flow: FlowDocument, nodeId: string, change: { label?: string; config?: Record<string, unknown> }): FlowDocument {
  return { ...flow, nodes: flow.nodes.map((node) => (node.id === nodeId ? { ...node, ...(change.label === undefined ? {} : { label: change.label }), ...(change.config === undefined ? {} : { config: change.config }) } : node)) };
}
