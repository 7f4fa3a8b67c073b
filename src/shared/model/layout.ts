import dagre from '@dagrejs/dagre';
import type { FlowDocument } from './flow';

/**
 * Left-to-right layered layout (dagre) of the whole flow or of a selection;
 * the rest stays where it is. One call is one edit, so one undo step.
 */
const NODE_WIDTH = 200;
const NODE_HEIGHT = 80;

export function autoLayout(flow: FlowDocument, only?: ReadonlySet<string>): FlowDocument {
  const chosen = flow.nodes.filter((node) => only === undefined || only.size === 0 || only.has(node.id));
  if (chosen.length === 0) return flow;
  const ids = new Set(chosen.map((node) => node.id));
  const graph = new dagre.graphlib.Graph();
  graph.setGraph({ rankdir: 'LR', nodesep: 40, ranksep: 90, marginx: 0, marginy: 0 });
  graph.setDefaultEdgeLabel(() => ({}));
  for (const node of chosen) graph.setNode(node.id, { width: NODE_WIDTH, height: NODE_HEIGHT });
  for (const edge of flow.edges) if (ids.has(edge.source) && ids.has(edge.target)) graph.setEdge(edge.source, edge.target);
  dagre.layout(graph);
  // Keep the laid-out group where it was: anchor it at the selection's top-left corner.
  const left = Math.min(...chosen.map((node) => node.position.x));
  const top = Math.min(...chosen.map((node) => node.position.y));
  const placed = chosen.map((node) => graph.node(node.id));
  const minX = Math.min(...placed.map((entry) => entry.x - NODE_WIDTH / 2));
  const minY = Math.min(...placed.map((entry) => entry.y - NODE_HEIGHT / 2));
  return {
    ...flow,
    nodes: flow.nodes.map((node) => {
      if (!ids.has(node.id)) return node;
      const at = graph.node(node.id);
      return { ...node, position: { x: Math.round(left + at.x - NODE_WIDTH / 2 - minX), y: Math.round(top + at.y - NODE_HEIGHT / 2 - minY) } };
    }),
  };
}
