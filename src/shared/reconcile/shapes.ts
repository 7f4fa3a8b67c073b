import { z } from 'zod';
import type { Diagnostic } from '../governance/diagnostic';
import { diagnostic } from '../governance/report';

/**
 * Payload shapes, endpoint by endpoint: which field paths a system's records
 * carry and with what types, from a sample of what was read. Kept with each
 * snapshot, so the next reading can say what changed — a field removed,
 * renamed or retyped by an API version change — before it corrupts data.
 */
export const EndpointShape = z.object({
  samples: z.number().int().nonnegative(),
  /** `lines[].sku` → how many samples had it, and the types seen. */
  paths: z.record(z.string(), z.object({ count: z.number().int().nonnegative(), types: z.array(z.string()) })),
});
export type EndpointShape = z.infer<typeof EndpointShape>;
export const Shapes = z.record(z.string(), EndpointShape);
export type Shapes = z.infer<typeof Shapes>;

/** Records looked at per endpoint: enough to know its shape, cheap at a million. */
const SAMPLE = 200;
/** Deeper than this a path is not followed (vendor payloads are shallow; a cycle is impossible in JSON). */
const DEPTH = 6;

const typeOf = (value: unknown): string => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);

export class ShapeRecorder {
  private readonly shapes = new Map<string, { samples: number; paths: Map<string, { count: number; types: Set<string> }> }>();

  observe(endpoint: string, record: unknown): void {
    let shape = this.shapes.get(endpoint);
    if (shape === undefined) this.shapes.set(endpoint, (shape = { samples: 0, paths: new Map() }));
    if (shape.samples >= SAMPLE) return;
    shape.samples += 1;
    const seen = new Map<string, Set<string>>();
    const walk = (value: unknown, path: string, depth: number): void => {
      if (path !== '') {
        const types = seen.get(path) ?? new Set<string>();
        types.add(typeOf(value));
        seen.set(path, types);
      }
      if (depth >= DEPTH || value === null || typeof value !== 'object') return;
      if (Array.isArray(value)) {
        for (const item of value.slice(0, 5)) walk(item, `${path}[]`, depth + 1);
        return;
      }
      for (const [key, child] of Object.entries(value)) walk(child, path === '' ? key : `${path}.${key}`, depth + 1);
    };
    walk(record, '', 0);
    for (const [path, types] of seen) {
      const entry = shape.paths.get(path) ?? { count: 0, types: new Set<string>() };
      entry.count += 1;
      for (const type of types) entry.types.add(type);
      shape.paths.set(path, entry);
    }
  }

  toJSON(): Shapes {
    return Object.fromEntries([...this.shapes].map(([endpoint, shape]) => [endpoint, { samples: shape.samples, paths: Object.fromEntries([...shape.paths].map(([path, entry]) => [path, { count: entry.count, types: [...entry.types].sort() }])) }]));
  }
}

export const Drift = z.object({
  system: z.string(),
  endpoint: z.string(),
  change: z.enum(['removed', 'renamed', 'retyped']),
  path: z.string(),
  /** The types before, and now (retyped), or the path it seems to have become (renamed). */
  was: z.string(),
  now: z.string(),
  message: z.string(),
  /** Steps of the project's flows that talk to this system about this endpoint's records. */
  nodes: z.array(z.object({ flowId: z.string(), nodeId: z.string(), label: z.string() })).default([]),
});
export type Drift = z.infer<typeof Drift>;

/** A path every sample carried, with the types it had (null is not a type change: a value may be absent). */
function always(shape: EndpointShape): Map<string, string[]> {
  return new Map(Object.entries(shape.paths).filter(([, entry]) => shape.samples > 0 && entry.count === shape.samples).map(([path, entry]) => [path, entry.types.filter((type) => type !== 'null')]));
}

const parentOf = (path: string): string => path.slice(0, Math.max(0, path.lastIndexOf('.')));

/** What changed in one system's payloads between two readings. */
export function compareShapes(system: string, before: Shapes, now: Shapes): Omit<Drift, 'nodes'>[] {
  const drift: Omit<Drift, 'nodes'>[] = [];
  for (const [endpoint, previous] of Object.entries(before)) {
    const current = now[endpoint];
    if (current === undefined || current.samples === 0) continue;
    const was = always(previous);
    const present = new Map(Object.entries(current.paths).map(([path, entry]) => [path, entry.types.filter((type) => type !== 'null')]));
    const appeared = [...present.keys()].filter((path) => previous.paths[path] === undefined);
    for (const [path, types] of was) {
      const found = present.get(path);
      if (found === undefined) {
        // Gone; a new path under the same parent with the same type is likely its new name.
        const renamed = appeared.find((candidate) => parentOf(candidate) === parentOf(path) && (present.get(candidate) ?? []).join() === types.join());
        drift.push(
          renamed === undefined
            ? { system, endpoint, change: 'removed', path, was: types.join(' | '), now: '', message: `${system} ${endpoint}: ${path} is no longer in the payload` }
            : { system, endpoint, change: 'renamed', path, was: path, now: renamed, message: `${system} ${endpoint}: ${path} is gone and ${renamed} has appeared — renamed?` },
        );
      } else if (types.length > 0 && found.length > 0 && types.join() !== found.join()) {
        drift.push({ system, endpoint, change: 'retyped', path, was: types.join(' | '), now: found.join(' | '), message: `${system} ${endpoint}: ${path} was ${types.join(' | ')}, now ${found.join(' | ')}` });
      }
    }
  }
  // A parent gone takes its children with it: report the parent only.
  return drift.filter((entry) => !drift.some((other) => other !== entry && other.endpoint === entry.endpoint && other.change !== 'retyped' && (entry.path.startsWith(`${other.path}.`) || entry.path.startsWith(`${other.path}[]`))));
}

/** The entities an endpoint's records are, for finding the steps that use them. */
const ENDPOINT_ENTITIES: Readonly<Record<string, readonly string[]>> = {
  orders: ['Order', 'Shipment'],
  inventoryItems: ['InventoryLevel'],
  salesOrder: ['Order'],
  invoice: ['Invoice'],
  creditMemo: ['CreditMemo'],
  itemFulfillment: ['Shipment'],
  deposit: ['Settlement'],
  inventoryItem: ['InventoryLevel', 'Reservation'],
  '/v1/payment_intents': ['Payment', 'Order'],
  '/v1/refunds': ['Refund'],
  '/v1/payouts': ['Settlement'],
  '/v1/balance_transactions': ['Settlement'],
  order: ['Order', 'Shipment'],
  shipments: ['Shipment'],
};

/** The steps that talk to the drifting system about the drifting endpoint's records. */
export function nodesUsing(flows: readonly { id: string; nodes: readonly { id: string; label: string; config: Readonly<Record<string, unknown>> }[] }[], system: string, endpoint: string): Drift['nodes'] {
  const entities = ENDPOINT_ENTITIES[endpoint];
  return flows.flatMap((flow) =>
    flow.nodes
      .filter((node) => node.config['system'] === system && (entities === undefined || (typeof node.config['entity'] === 'string' && entities.includes(node.config['entity']))))
      .map((node) => ({ flowId: flow.id, nodeId: node.id, label: node.label })),
  );
}

/** Drift as findings on the steps it touches: the canvas marks them and the Problems panel lists them. */
export function driftDiagnostics(drift: readonly Drift[]): Diagnostic[] {
  return drift.flatMap((entry) =>
    entry.nodes.map((node) =>
      diagnostic(
        'SCHEMA_DRIFT',
        'warning',
        `Schema drift since the last reconciliation: ${entry.message}.`,
        `Check what "${node.label}" reads and writes against the new shape, or pin the connector's API version in the environment (options.apiVersion).`,
        { flowId: node.flowId, nodeIds: [node.nodeId], systems: [entry.system] },
      ),
    ),
  );
}
