import type { FlowDocument } from '../model/flow';
import type { Inconsistency } from './report';

/**
 * Where on the canvas an inconsistency comes from: the step that writes (or
 * asks for) the disagreeing value in the system that disagrees, and the path
 * from its trigger to it. A billed total that is wrong points at the invoice
 * request; an order missing from the 3PL at the 3PL write.
 */
export interface CanvasFocus {
  readonly flowId: string;
  /** The responsible step. */
  readonly nodeId: string;
  /** Every step from the flow's trigger to the responsible one, itself included. */
  readonly path: readonly string[];
}

/** The record a disagreeing canonical field is written as. */
const ENTITY_OF_FIELD: Readonly<Record<string, readonly string[]>> = {
  billed: ['Invoice'],
  credited: ['CreditMemo'],
  captured: ['Payment', 'Invoice'],
  refunded: ['Refund', 'CreditMemo'],
  fulfilled: ['Fulfillment', 'ItemFulfillment', 'Shipment'],
  shipped: ['Shipment', 'Order'],
  available: ['InventoryLevel'],
  deposited: ['Settlement', 'Deposit'],
};

/** The systems that disagree (not the reference they were compared with) and the fields involved. */
function culprits(entry: Inconsistency, owner: string | null): { system: string; fields: string[] }[] {
  const bySystem = new Map<string, Set<string>>();
  for (const [system, record] of Object.entries(entry.observed)) if (record === null) bySystem.set(system, new Set());
  for (const path of entry.differing) {
    const [system = '', field] = path.split('.');
    if (!(system in entry.observed) || system === 'steward') continue;
    const fields = bySystem.get(system) ?? new Set<string>();
    if (field !== undefined) fields.add(field);
    bySystem.set(system, fields);
  }
  const all = [...bySystem].map(([system, fields]) => ({ system, fields: [...fields] }));
  // The owner is the reference; it is to blame only when nothing else is.
  const others = all.filter((candidate) => candidate.system !== owner);
  return others.length > 0 ? others : all;
}

function ancestors(flow: FlowDocument, nodeId: string): string[] {
  const seen = new Set<string>([nodeId]);
  const queue = [nodeId];
  while (queue.length > 0) {
    const current = queue.shift() as string;
    for (const edge of flow.edges) {
      if (edge.target !== current || seen.has(edge.source)) continue;
      seen.add(edge.source);
      queue.push(edge.source);
    }
  }
  return [...seen];
}

export function responsibleStep(entry: Inconsistency, flows: readonly FlowDocument[], owner: string | null): CanvasFocus | null {
  for (const { system, fields } of culprits(entry, owner)) {
    const wanted = new Set(fields.flatMap((field) => ENTITY_OF_FIELD[field] ?? []));
    if (wanted.size === 0 || fields.length === 0) wanted.add(entry.entity);
    const candidates = flows.flatMap((flow) =>
      flow.nodes.filter((node) => (node.kind === 'write' || node.kind === 'request') && node.config['system'] === system).map((node) => ({ flow, node, fits: typeof node.config['entity'] === 'string' && wanted.has(node.config['entity']) })),
    );
    const best = candidates.find((candidate) => candidate.fits) ?? candidates[0];
    if (best !== undefined) return { flowId: best.flow.id, nodeId: best.node.id, path: ancestors(best.flow, best.node.id) };
  }
  return null;
}
