import type { EnvironmentFile } from '../../../shared/environment/environment-file';
import type { ProjectModel } from '../../../shared/model/project-model';
import { ProblemError } from '../../../shared/problem';
import { isReconciled } from '../../../shared/reconcile/canonical';
import { judge } from '../../../shared/reconcile/evaluate';
import type { ReconcileReport } from '../../../shared/reconcile/report';
import { buildReport } from '../../../shared/reconcile/report';
import { compileRules } from '../../../shared/reconcile/rules';
import type { Snapshot, SystemSnapshot } from '../../../shared/reconcile/snapshot';
import { activityHorizon } from '../../../shared/reconcile/snapshot';
import { ShapeRecorder, compareShapes, nodesUsing } from '../../../shared/reconcile/shapes';
import type { FlowDocument } from '../../../shared/model/flow';
import type { RunFailure } from '../../../shared/reconcile/incidents';
import { ConnectorFailure } from '../connectors/connector';
import type { ManagedConnectorInstance } from '../connectors/connectors';
import { connectorFor } from '../connectors/connectors';
import { NetSuiteConnector } from '../connectors/netsuite';
import { ShipBobConnector } from '../connectors/shipbob';
import { ShipStationConnector } from '../connectors/shipstation';
import { ShopifyConnector } from '../connectors/shopify';
import { StripeConnector } from '../connectors/stripe';
import { readNetSuite } from './readers/netsuite';
import type { ReadContext, SystemReading } from './readers/reader';
import { readShopify } from './readers/shopify';
import { readStripe } from './readers/stripe';
import { readShipBob, readShipStation } from './readers/threepl';

/**
 * The reconciler (domain.md §5): reads every system of an environment
 * through the same connectors the runtime uses, all systems at once, then
 * joins and judges. Reading is I/O (here); judging is the pure core's.
 */
export interface ReadOptions {
  /** Progress lines: which system, what, how many so far. */
  readonly progress?: (system: string, what: string, records: number) => void;
  /** Open reservations by SKU, from Steward's ledger. */
  readonly reservations?: Readonly<Record<string, number>>;
  /** The last reading of the same environment: an incremental re-run asks only for what changed since. */
  readonly previous?: Snapshot | null;
  /** Connectors to read through, by system id (default: made from the environment file). */
  readonly connectors?: ReadonlyMap<string, ManagedConnectorInstance>;
}

function read(connector: ManagedConnectorInstance, context: ReadContext): Promise<SystemReading> | null {
  if (connector instanceof ShopifyConnector) return readShopify(connector, context);
  if (connector instanceof NetSuiteConnector) return readNetSuite(connector, context);
  if (connector instanceof StripeConnector) return readStripe(connector, context);
  if (connector instanceof ShipBobConnector) return readShipBob(connector, context);
  if (connector instanceof ShipStationConnector) return readShipStation(connector, context);
  return null;
}

/** Changes are asked for from a little before the last reading's latest activity: clocks and commits are not instant. */
const INCREMENT_MARGIN_MS = 10 * 60_000;

function previousOf(previous: Snapshot | null, system: string, vendor: string): ReadContext['previous'] {
  const snapshot = previous?.systems.find((entry) => entry.system === system && entry.vendor === vendor);
  if (previous === null || snapshot === undefined) return null;
  const horizon = activityHorizon({ ...previous, systems: [snapshot] });
  return horizon === null ? null : { snapshot, since: new Date(horizon - INCREMENT_MARGIN_MS).toISOString() };
}

/** Reads every system of the project that the environment binds; a system that cannot be read stops the whole (the result would be incomplete). */
export async function takeSnapshot(model: ProjectModel, environment: EnvironmentFile, options: ReadOptions = {}): Promise<Snapshot> {
  const takenAt = new Date().toISOString();
  const systems = await Promise.all(
    model.systems.map(async (system): Promise<SystemSnapshot> => {
      const binding = environment.systems[system.id];
      if (binding === undefined) return { system: system.id, vendor: system.connector, role: system.role, tables: {}, skipped: [`not in environment ${environment.name}`] };
      if (binding.connector === 'rest') return { system: system.id, vendor: 'rest', role: system.role, tables: {}, skipped: ['the REST connector has no reader: invariants over this system are not checked'] };
      const connector = options.connectors?.get(system.id) ?? connectorFor(system.id, binding);
      const shapes = new ShapeRecorder();
      const context: ReadContext = {
        system: system.id,
        xref: (entity) => model.xrefs.find((xref) => xref.entity === entity && xref.system === system.id) ?? null,
        concurrency: typeof binding.options['concurrency'] === 'number' ? binding.options['concurrency'] : 5,
        progress: (what, records) => options.progress?.(system.id, what, records),
        previous: previousOf(options.previous ?? null, system.id, binding.connector),
        observe: (endpoint, record) => shapes.observe(endpoint, record),
      };
      const reading = read(connector, context);
      if (reading === null) return { system: system.id, vendor: binding.connector, role: system.role, tables: {}, skipped: [`no reader for connector ${binding.connector}`] };
      try {
        const { tables, skipped, read: how = 'full' } = await reading;
        const previous = options.previous?.systems.find((entry) => entry.system === system.id);
        // Unchanged: the shapes are the last reading's too (nothing was read to sample).
        return { system: system.id, vendor: binding.connector, role: system.role, tables, skipped, shapes: how === 'unchanged' && previous?.shapes !== undefined ? previous.shapes : shapes.toJSON(), read: how };
      } catch (error) {
        if (error instanceof ConnectorFailure) {
          throw new ProblemError({ code: 'RECONCILE_SYSTEM_UNREADABLE', message: `${system.id} (${binding.baseUrl}) could not be read: ${error.message}`, location: { path: `systems.${system.id}` } });
        }
        throw error;
      }
    }),
  );
  return { takenAt, systems, reservations: options.reservations ?? {} };
}

export interface JudgeOptions {
  readonly environment: string;
  /** Judge lag as of this moment; by default, the latest activity the systems record. */
  readonly asOf?: number | null;
  readonly incremental?: boolean;
  /** The snapshot read before this one: its payload shapes are what drift is measured from. */
  readonly previous?: Snapshot | null;
  /** The project's flows, to name the steps a drift touches. */
  readonly flows?: readonly FlowDocument[];
  /** The latest run's failed transactions, grouped into incidents with the inconsistencies. */
  readonly runFailures?: readonly RunFailure[];
}

/** Joins and judges a snapshot with the project's rules: the report of domain.md §7. */
export function reconcileSnapshot(model: ProjectModel, snapshot: Snapshot, options: JudgeOptions): ReconcileReport & { timings: { join: number; judge: number } } {
  const participants = snapshot.systems.filter((system) => Object.keys(system.tables).some(isReconciled)).map((system) => ({ id: system.system, role: system.role }));
  const { rules, problems } = compileRules(model, participants);
  const judgement = judge(model, snapshot, rules, { asOf: options.asOf ?? activityHorizon(snapshot) });
  const drift = snapshot.systems.flatMap((system) => {
    const before = options.previous?.systems.find((entry) => entry.system === system.system && entry.vendor === system.vendor)?.shapes;
    if (before === undefined || system.shapes === undefined) return [];
    return compareShapes(system.system, before, system.shapes).map((entry) => ({ ...entry, nodes: nodesUsing(options.flows ?? [], entry.system, entry.endpoint) }));
  });
  return { ...buildReport(model, snapshot, judgement, problems, { environment: options.environment, incremental: options.incremental ?? false, ...(options.runFailures === undefined ? {} : { runFailures: options.runFailures }) }), drift, timings: judgement.timings };
}

/** A step's label in the project's flows, for reports; its id where it is gone. */
export function stepLabels(flows: readonly FlowDocument[]): (flowId: string, nodeId: string) => string {
  const labels = new Map(flows.flatMap((flow) => flow.nodes.map((node) => [`${flow.id}:${node.id}`, node.label] as const)));
  return (flowId, nodeId) => labels.get(`${flowId}:${nodeId}`) ?? nodeId;
}
