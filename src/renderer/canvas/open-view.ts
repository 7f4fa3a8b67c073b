import type { FlowDocument } from '../../shared/model/flow';

/** Above this many nodes the canvas renders only what is on screen. */
export const BIG_FLOW_NODES = 300;

/** How many nodes a big flow shows when it opens: a readable screenful. */
const OPENING_NODES = 12;

/**
 * The nodes to fit when a flow opens. A small flow is shown whole. A big one
 * opens on its start, the nodes nearest its top-left corner (flows read left to
 * right), at a zoom where labels can be read: fitting thousands of nodes would
 * render every one of them at a size nobody can read. `0` still fits the whole.
 */
export function nodesToFitOnOpen(flow: FlowDocument): { id: string }[] | undefined {
  if (flow.nodes.length <= BIG_FLOW_NODES) return undefined;
  let left = Infinity;
  let top = Infinity;
  for (const node of flow.nodes) {
    left = Math.min(left, node.position.x);
    top = Math.min(top, node.position.y);
  }
  const distance = (position: { x: number; y: number }): number => (position.x - left) ** 2 + (position.y - top) ** 2;
  return flow.nodes
    .map((node) => ({ id: node.id, distance: distance(node.position) }))
    .sort((a, b) => a.distance - b.distance)
    .slice(0, OPENING_NODES)
    .map(({ id }) => ({ id }));
}
