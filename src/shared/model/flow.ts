import { z } from 'zod';
import { NODE_KINDS } from './node-kinds';

/**
 * The flow document: the source of truth that the canvas projects
 * (architecture.md, Data). Kind-specific settings live in `config` and are
 * typed per kind as the designer and compiler grow.
 */

const Id = z.string().min(1).max(120).regex(/^[A-Za-z0-9_.:-]+$/, 'ids use letters, digits and _ . : -');

export const Position = z.object({ x: z.number(), y: z.number() });
export type Position = z.infer<typeof Position>;

/** The room a node card takes on the canvas: frames and layout measure with it. */
export const CARD_SIZE = { width: 190, height: 62 } as const;

export const FlowNode = z.object({
  id: Id,
  kind: z.enum(NODE_KINDS),
  label: z.string().max(200),
  position: Position,
  config: z.record(z.string(), z.unknown()).default({}),
});
export type FlowNode = z.infer<typeof FlowNode>;

export const FlowEdge = z.object({
  id: Id,
  source: Id,
  target: Id,
  /** The source's named output (`out`, `confirmed`, `denied`). */
  sourceHandle: z.string().min(1).default('out'),
});
export type FlowEdge = z.infer<typeof FlowEdge>;

/** A sticky note on the canvas: explanation for the people reading the flow; never run or checked. */
export const FlowNote = z.object({
  id: Id,
  text: z.string().max(4000),
  position: Position,
});
export type FlowNote = z.infer<typeof FlowNote>;

/**
 * A frame: a labelled area that groups the nodes inside it. Membership is
 * where a node sits, not a list, so moving a node out of the area ungroups it.
 */
export const FlowFrame = z.object({
  id: Id,
  label: z.string().max(200),
  position: Position,
  size: z.object({ width: z.number().min(40).max(100_000), height: z.number().min(40).max(100_000) }),
});
export type FlowFrame = z.infer<typeof FlowFrame>;

export const FlowDocument = z
  .object({
    id: Id,
    name: z.string().min(1).max(200),
    nodes: z.array(FlowNode),
    edges: z.array(FlowEdge),
    /** Optional, so documents written before notes existed read unchanged. */
    notes: z.array(FlowNote).optional(),
    frames: z.array(FlowFrame).optional(),
    /** A node's output pinned from a run, by node id: the sample its downstream mappings preview on. */
    pins: z.record(z.string(), z.record(z.string(), z.unknown())).optional(),
  })
  .superRefine((flow, context) => {
    const ids = new Set<string>();
    flow.nodes.forEach((node, index) => {
      if (ids.has(node.id)) context.addIssue({ code: 'custom', path: ['nodes', index, 'id'], message: `duplicate node id "${node.id}"` });
      ids.add(node.id);
    });
    // Notes and frames share the canvas with nodes, so their ids must not collide with them.
    const canvasIds = new Set(ids);
    for (const [list, items] of [['notes', flow.notes ?? []], ['frames', flow.frames ?? []]] as const) {
      items.forEach((item, index) => {
        if (canvasIds.has(item.id)) context.addIssue({ code: 'custom', path: [list, index, 'id'], message: `duplicate id "${item.id}"` });
        canvasIds.add(item.id);
      });
    }
    flow.edges.forEach((edge, index) => {
      for (const end of ['source', 'target'] as const) {
        if (!ids.has(edge[end])) {
          context.addIssue({ code: 'custom', path: ['edges', index, end], message: `edge ${end} "${edge[end]}" is not a node of this flow` });
        }
      }
    });
  });
export type FlowDocument = z.infer<typeof FlowDocument>;

export const FlowSummary = z.object({ id: Id, name: z.string(), nodeCount: z.number().int().nonnegative(), updatedAt: z.string() });
export type FlowSummary = z.infer<typeof FlowSummary>;

export function emptyFlow(id: string, name: string): FlowDocument {
  return { id, name, nodes: [], edges: [] };
}
