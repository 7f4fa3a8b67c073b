import type { FlowDocument, FlowEdge, FlowNode } from './flow';
import { connect, nextId } from './flow-edits';

/**
 * Extracting a selection into a sub-flow (domain.md §2, "reuse of another
 * flow"). The selected steps move to a new flow that starts with a trigger in
 * `sub-flow` mode — the record its caller hands over — and the caller gets one
 * sub-flow node in their place, wired to the same neighbours.
 */
export type Extraction =
  | { readonly ok: true; readonly parent: FlowDocument; readonly child: FlowDocument; readonly nodeId: string }
  | { readonly ok: false; readonly problem: string };

/** How far left of the extracted steps the new flow's trigger is placed. */
const TRIGGER_GAP = 280;

export function extractSubFlow(parent: FlowDocument, selected: ReadonlySet<string>, child: { readonly id: string; readonly name: string }): Extraction {
  const chosen = parent.nodes.filter((node) => selected.has(node.id));
  if (chosen.length === 0) return { ok: false, problem: 'Select the steps to extract first.' };
  const trigger = chosen.find((node) => node.kind === 'trigger');
  if (trigger !== undefined) {
    return { ok: false, problem: `"${trigger.label}" is a trigger. A sub-flow starts with the record its caller hands over, so leave triggers out of the selection.` };
  }
  const inside = (id: string): boolean => selected.has(id) && parent.nodes.some((node) => node.id === id);
  const entering = parent.edges.filter((edge) => !inside(edge.source) && inside(edge.target));
  const leaving = parent.edges.filter((edge) => inside(edge.source) && !inside(edge.target));
  const exits = unique(leaving.map((edge) => `${edge.source}\u0000${edge.sourceHandle}`));
  if (exits.length > 1) {
    const labels = unique(leaving.map((edge) => label(parent, edge.source)));
    return { ok: false, problem: `A sub-flow has one output, but ${exits.length} paths leave the selection (from ${labels.map((name) => `"${name}"`).join(', ')}). Extract a part with one way out.` };
  }

  const left = Math.min(...chosen.map((node) => node.position.x));
  const top = Math.min(...chosen.map((node) => node.position.y));

  // The child: a sub-flow trigger, then the chosen steps as they were, wired as they were.
  const entryTargets = unique(entering.map((edge) => edge.target));
  const firstEntry = chosen.find((node) => node.id === entryTargets[0]);
  const start: FlowNode = {
    id: nextId(chosen, 'trigger'),
    kind: 'trigger',
    label: `From ${parent.name}`,
    position: { x: left - TRIGGER_GAP, y: firstEntry?.position.y ?? top },
    config: { mode: 'sub-flow', ...entryRecord(parent, entering[0]?.source) },
  };
  const internal = parent.edges.filter((edge) => inside(edge.source) && inside(edge.target));
  let childFlow: FlowDocument = { id: child.id, name: child.name, nodes: [start, ...chosen], edges: internal };
  for (const target of entryTargets) childFlow = connect(childFlow, start.id, target);

  // The caller: one sub-flow node where the steps were.
  const nodeId = nextId(parent.nodes, 'sub-flow');
  const call: FlowNode = { id: nodeId, kind: 'sub-flow', label: child.name, position: { x: left, y: top }, config: { flowId: child.id } };
  let parentFlow: FlowDocument = {
    ...parent,
    nodes: [...parent.nodes.filter((node) => !inside(node.id)), call],
    edges: parent.edges.filter((edge) => !inside(edge.source) && !inside(edge.target)),
  };
  for (const edge of entering) parentFlow = connect(parentFlow, edge.source, nodeId, edge.sourceHandle);
  for (const edge of leaving) parentFlow = connect(parentFlow, nodeId, edge.target, 'out');
  return { ok: true, parent: parentFlow, child: childFlow, nodeId };
}

/**
 * What record the sub-flow receives: the entity of the nearest step upstream
 * that names one, from the system of the trigger or read it came in by — so
 * the checker traces the child's writes back to the same origin.
 */
function entryRecord(flow: FlowDocument, from: string | undefined): { system?: string; entity?: string } {
  const byId = new Map(flow.nodes.map((node) => [node.id, node]));
  const upstream = new Map<string, FlowEdge[]>();
  for (const edge of flow.edges) upstream.set(edge.target, [...(upstream.get(edge.target) ?? []), edge]);
  let entity: string | undefined;
  const seen = new Set<string>();
  for (let id = from; id !== undefined && !seen.has(id); id = upstream.get(id)?.[0]?.source) {
    seen.add(id);
    const config = byId.get(id)?.config ?? {};
    if (entity === undefined && typeof config['entity'] === 'string') entity = config['entity'];
    const kind = byId.get(id)?.kind;
    if ((kind === 'trigger' || kind === 'read') && typeof config['system'] === 'string') {
      return { system: config['system'], ...(entity === undefined ? {} : { entity }) };
    }
  }
  return entity === undefined ? {} : { entity };
}

function label(flow: FlowDocument, nodeId: string): string {
  return flow.nodes.find((node) => node.id === nodeId)?.label ?? nodeId;
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}
