import type { Edge, Node } from '@xyflow/react';
import type { Diagnostic } from '../../shared/governance/diagnostic';
import type { FlowDocument } from '../../shared/model/flow';
import { CARD_SIZE } from '../../shared/model/flow';
import type { NodeKind } from '../../shared/model/node-kinds';

/**
 * The canvas is a projection of the flow document (style.md §7): this pure
 * function is the only way document nodes become React Flow nodes.
 * Selection is view state, passed in so a re-projection keeps it.
 */
export interface FlowNodeData extends Record<string, unknown> {
  readonly label: string;
  /** What the node does, in a few words: `shopify · Order`, `→ netsuite · Order (6 fields)`. */
  readonly detail: string;
  readonly kind: NodeKind;
  readonly errors: number;
  readonly warnings: number;
}

export type StepNode = Node<FlowNodeData, NodeKind>;

export interface NoteData extends Record<string, unknown> {
  readonly text: string;
}
export type NoteNode = Node<NoteData, 'note'>;

export interface FrameData extends Record<string, unknown> {
  readonly label: string;
}
export type FrameNode = Node<FrameData, 'frame'>;

/** What the canvas draws: the flow's steps, sticky notes behind them, and frames behind both. */
export type CanvasNode = StepNode | NoteNode | FrameNode;

/** Every connection can take a node in its middle (see InsertableEdge). */
export const EDGE_TYPE = 'insertable';

export interface ProjectionInput {
  readonly selectedNodeIds?: ReadonlySet<string>;
  readonly selectedEdgeIds?: ReadonlySet<string>;
  readonly diagnostics?: readonly Diagnostic[];
  /** Canvas search matches: when set, every other node is dimmed. */
  readonly highlight?: ReadonlySet<string> | null;
}

export function toReactFlow(flow: FlowDocument, input: ProjectionInput = {}): { nodes: CanvasNode[]; edges: Edge[] } {
  const counts = new Map<string, { errors: number; warnings: number }>();
  for (const diagnostic of input.diagnostics ?? []) {
    for (const id of diagnostic.nodeIds) {
      const count = counts.get(id) ?? { errors: 0, warnings: 0 };
      if (diagnostic.severity === 'error') count.errors += 1;
      else count.warnings += 1;
      counts.set(id, count);
    }
  }
  const steps = flow.nodes.map(
    (node): StepNode => ({
      id: node.id,
      type: node.kind,
      position: node.position,
      // A size before measuring lets React Flow skip nodes off screen on the first render.
      initialWidth: CARD_SIZE.width,
      initialHeight: CARD_SIZE.height,
      selected: input.selectedNodeIds?.has(node.id) ?? false,
      ...(input.highlight !== undefined && input.highlight !== null && !input.highlight.has(node.id) ? { className: 'is-dimmed' } : {}),
      data: { label: node.label, kind: node.kind, detail: detailOf(node), errors: counts.get(node.id)?.errors ?? 0, warnings: counts.get(node.id)?.warnings ?? 0 },
    }),
  );
  const edges = flow.edges.map(
    (edge): Edge => ({
      id: edge.id,
      type: EDGE_TYPE,
      source: edge.source,
      target: edge.target,
      sourceHandle: edge.sourceHandle,
      selected: input.selectedEdgeIds?.has(edge.id) ?? false,
    }),
  );
  const notes = (flow.notes ?? []).map(
    (note): NoteNode => ({
      id: note.id,
      type: 'note',
      position: note.position,
      zIndex: -1,
      selected: input.selectedNodeIds?.has(note.id) ?? false,
      data: { text: note.text },
    }),
  );
  const frames = (flow.frames ?? []).map(
    (frame): FrameNode => ({
      id: frame.id,
      type: 'frame',
      position: frame.position,
      width: frame.size.width,
      height: frame.size.height,
      zIndex: -2,
      // Moved by its title only, so a marquee started inside it still selects.
      dragHandle: '.canvas-frame-title',
      selected: input.selectedNodeIds?.has(frame.id) ?? false,
      data: { label: frame.label },
    }),
  );
  return { nodes: [...frames, ...notes, ...steps], edges };
}

function detailOf(node: FlowDocument['nodes'][number]): string {
  const config = node.config;
  const text = (key: string): string => (typeof config[key] === 'string' ? config[key] : '');
  const count = (key: string): number => (Array.isArray(config[key]) ? config[key].length : 0);
  const where = [text('system'), text('entity')].filter((part) => part !== '').join(' · ');
  switch (node.kind) {
    case 'trigger':
    case 'read':
      return where;
    case 'map':
      if (text('entity') === '') return '';
      return text('code') === '' ? `→ ${text('entity')} (${count('mappings')} mapped)` : `→ ${text('entity')} (code step)`;
    case 'write':
      return where === '' ? '' : `→ ${where} (${count('fields')} fields)`;
    case 'request':
      return where === '' ? '' : `ask ${where}`;
    case 'await-ack':
      return text('mode') === '' ? 'read-back' : text('mode');
    case 'check':
      return text('expression');
    default:
      return '';
  }
}

/**
 * The next projection, with every node and edge that did not change replaced
 * by the object React Flow already holds. React Flow re-processes only nodes
 * whose object changed, so a finding or an edit re-renders what it touched,
 * not all of a 2,000-node flow.
 */
export function keepUnchanged<T extends CanvasNode | Edge>(previous: readonly T[], next: T[]): T[] {
  const before = new Map(previous.map((item) => [item.id, item]));
  let reused = 0;
  const merged = next.map((item) => {
    const old = before.get(item.id);
    if (old === undefined || !sameProjection(old, item)) return item;
    reused += 1;
    return old;
  });
  return reused === previous.length && previous.length === next.length ? (previous as T[]) : merged;
}

/**
 * Every key `toReactFlow` may set. React Flow adds its own (`measured`,
 * `dragging`) to the objects it holds, so those are left out of the comparison,
 * and a key the projection drops (a node no longer dimmed) still counts.
 */
const PROJECTED_KEYS = ['type', 'position', 'initialWidth', 'initialHeight', 'width', 'height', 'zIndex', 'dragHandle', 'selected', 'className', 'data', 'source', 'target', 'sourceHandle'] as const;

/** Whether two projected items agree on everything the projection sets. */
function sameProjection(old: CanvasNode | Edge, item: CanvasNode | Edge): boolean {
  const before = old as unknown as Record<string, unknown>;
  const after = item as unknown as Record<string, unknown>;
  for (const key of PROJECTED_KEYS) {
    if (before[key] === after[key]) continue;
    // Positions and data are rebuilt on every projection; compare what they hold.
    if (!((key === 'position' || key === 'data') && shallowEqual(before[key], after[key]))) return false;
  }
  return true;
}

function shallowEqual(a: unknown, b: unknown): boolean {
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = Object.keys(right);
  return keys.length === Object.keys(left).length && keys.every((key) => left[key] === right[key]);
}
