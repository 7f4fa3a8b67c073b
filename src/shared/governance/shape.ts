import type { FlowDocument } from '../model/flow';
import { NODE_KIND_INFO } from '../model/node-kinds';
import type { Diagnostic } from './diagnostic';

/**
 * Shape rules of domain.md §3 that need only the graph: where transactions
 * enter, what they can reach, and cycles. Pure and cheap enough to run on
 * every edit.
 */
export function checkFlowShape(flow: FlowDocument): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const report = (code: string, severity: Diagnostic['severity'], message: string, hint: string, nodeIds: string[], edgeIds: string[] = []): void => {
    diagnostics.push({ code, severity, message, hint, flowId: flow.id, nodeIds, edgeIds, fields: [], systems: [], relatedFlowIds: [] });
  };

  const byId = new Map(flow.nodes.map((node) => [node.id, node]));
  const outgoing = new Map<string, string[]>();
  for (const edge of flow.edges) {
    const target = byId.get(edge.target);
    if (target !== undefined && !NODE_KIND_INFO[target.kind].hasInput) {
      report('EDGE_INTO_TRIGGER', 'error', `"${target.label}" is a trigger and cannot receive an edge.`, 'Connect the edge to a read, map or write node instead.', [target.id], [edge.id]);
    }
    outgoing.set(edge.source, [...(outgoing.get(edge.source) ?? []), edge.target]);
  }

  const triggers = flow.nodes.filter((node) => node.kind === 'trigger');
  if (flow.nodes.length > 0 && triggers.length === 0) {
    report('FLOW_NO_TRIGGER', 'warning', `Flow "${flow.name}" has no trigger, so no transaction can start.`, 'Add a trigger node from the palette.', []);
  }

  if (triggers.length > 0) {
    const reached = new Set<string>();
    const pending = triggers.map((node) => node.id);
    for (let id = pending.pop(); id !== undefined; id = pending.pop()) {
      if (reached.has(id)) continue;
      reached.add(id);
      pending.push(...(outgoing.get(id) ?? []));
    }
    for (const node of flow.nodes) {
      if (!reached.has(node.id)) {
        report('NODE_UNREACHABLE', 'error', `"${node.label}" cannot be reached from any trigger.`, 'Connect it to the flow or delete it.', [node.id]);
      }
    }
  }

  const cycle = findCycle(flow, outgoing);
  if (cycle.length > 0) {
    report('FLOW_CYCLE', 'error', 'The flow has a cycle; transactions would loop forever.', 'Remove one of the edges in the cycle.', cycle);
  }
  return diagnostics;
}

/** Node ids of one cycle, or [] when the graph is acyclic (iterative DFS). */
function findCycle(flow: FlowDocument, outgoing: ReadonlyMap<string, readonly string[]>): string[] {
  const state = new Map<string, 'open' | 'done'>();
  for (const start of flow.nodes) {
    if (state.has(start.id)) continue;
    const stack: { id: string; next: number }[] = [{ id: start.id, next: 0 }];
    state.set(start.id, 'open');
    while (stack.length > 0) {
      const frame = stack[stack.length - 1];
      if (frame === undefined) break;
      const targets = outgoing.get(frame.id) ?? [];
      const target = targets[frame.next];
      frame.next += 1;
      if (target === undefined) {
        state.set(frame.id, 'done');
        stack.pop();
      } else if (state.get(target) === 'open') {
        const from = stack.findIndex((entry) => entry.id === target);
        return stack.slice(from).map((entry) => entry.id);
      } else if (!state.has(target)) {
        state.set(target, 'open');
        stack.push({ id: target, next: 0 });
      }
    }
  }
  return [];
}
