import { afterAll, describe, expect, it } from 'vitest';
import { rebindSystem } from '../../../shared/model/rebind';
import type { ProjectModel } from '../../../shared/model/project-model';
import { Sandbox } from '../../sandbox/sandbox';
import { loadScenario, scenarioNames } from '../../sandbox/scenarios';
import { loadTemplate } from '../templates';
import type { SystemBinding } from '../../../shared/environment/environment-file';
import { connectorFor } from '../connectors/connectors';
import type { ShopifyConnector } from '../connectors/shopify';
import { shopifyFulfilment } from '../runtime/codecs/shopify-fulfilment';
import { driftDiagnostics } from '../../../shared/reconcile/shapes';
import type { ReconcileReport } from '../../../shared/reconcile/report';
import { reconcileSnapshot, takeSnapshot } from './reconcile';

/**
 * The reconciler against every scenario pack, faults and vendor limits on:
 * it reports exactly the planted inconsistencies (entity + key, precision
 * and recall 100 %), reading the systems only through their public APIs.
 */
const running: Sandbox[] = [];
afterAll(async () => {
  await Promise.all(running.map((sandbox) => sandbox.stop()));
});

function templateFor(threePl: 'shipbob' | 'shipstation'): ProjectModel {
  const { model } = loadTemplate('order-to-cash');
  if (threePl === 'shipbob') return model;
  const rebound = rebindSystem(model, 'shipbob', 'shipstation', 'ShipStation');
  if (!rebound.ok) throw new Error(rebound.error.message);
  return rebound.value.model;
}

/** A pack's sandbox read by the template (re-bound to the pack's 3PL) and judged; the sandbox is stopped after. */
async function reconciled(name: string, options: { seed?: number; limits?: boolean } = {}): Promise<ReconcileReport> {
  const scenario = loadScenario(name);
  const sandbox = await Sandbox.start({ scenario, seed: options.seed ?? 1, limits: options.limits ?? true });
  running.push(sandbox);
  try {
    const model = templateFor(scenario.world.threePl);
    return reconcileSnapshot(model, await takeSnapshot(model, sandbox.environmentFor(model.systems)), { environment: 'sandbox' });
  } finally {
    await sandbox.stop();
  }
}

const keys = (entries: readonly { entity: string; key: string }[]): string[] => [...new Set(entries.map((entry) => `${entry.entity} ${entry.key}`))].sort();

describe('reconcile', () => {
  for (const name of scenarioNames()) {
    it(`${name}: reports exactly the planted inconsistencies`, async () => {
      const scenario = loadScenario(name);
      const report = await reconciled(name);

      expect(report.problems).toEqual([]);
      expect(keys(report.inconsistencies)).toEqual(keys(scenario.answers.state));
      for (const answer of scenario.answers.state) {
        const found = report.inconsistencies.find((entry) => entry.entity === answer.entity && entry.key === answer.key);
        // Each planted record names the systems the answer key says disagree.
        for (const system of answer.systems) expect(Object.keys(found?.observed ?? {}), `${answer.key} observed in ${system}`).toContain(system);
      }
      // Every order of the world was judged; the newest are in flight, not missing.
      expect(report.summary.byEntity['Order']?.checked).toBe(scenario.world.orders);
      expect(report.summary.inFlight).toBeGreaterThan(0);
    });
  }

  it('collapses the bad product import into one incident naming the product', async () => {
    const report = await reconciled('bad-product-import', { seed: 7, limits: false });
    expect(report.inconsistencies).toHaveLength(200);
    expect(report.incidents).toHaveLength(1);
    expect(report.incidents[0]?.count).toBe(200);
    expect(report.incidents[0]?.title).toContain('HAT-RED-L');
    expect(report.incidents[0]?.rootCause).toContain('HAT-RED-L');
    expect(new Set(report.inconsistencies.map((entry) => entry.incident))).toEqual(new Set([report.incidents[0]?.id]));
  });

  it('shows a drifting order side by side: captured, refunded and billed, with the mismatch marked', async () => {
    const report = await reconciled('settlement-drift', { limits: false });
    const refund = report.inconsistencies.find((entry) => entry.key === '7000000006');
    expect(refund?.rule).toBe('payment-economics');
    expect(refund?.observed['stripe']).toMatchObject({ refunded: 1500 });
    expect(refund?.observed['netsuite']).toMatchObject({ credited: 0 });
    expect(refund?.differing).toContain('netsuite.credited');
    const payout = report.inconsistencies.find((entry) => entry.entity === 'Settlement');
    expect(payout?.key).toBe('stripe:po_sbx00000001');
    expect(payout?.differing).toContain('netsuite.deposited');
  });

  it('reports schema drift on the steps that use the endpoint when a vendor answers in an older API version', async () => {
    const scenario = loadScenario('order-to-cash');
    const sandbox = await Sandbox.start({ scenario, seed: 1, limits: false });
    running.push(sandbox);
    const { model, flows } = loadTemplate('order-to-cash');
    const environment = sandbox.environmentFor(model.systems);
    const before = await takeSnapshot(model, environment);
    // The same account read by a connector pinned to 2022-08-01: PaymentIntent.latest_charge does not exist there.
    const stripe = environment.systems['stripe'];
    if (stripe === undefined) throw new Error('no stripe');
    const pinned = { ...environment, systems: { ...environment.systems, stripe: { ...stripe, options: { ...stripe.options, apiVersion: '2022-08-01' } } } };
    const after = await takeSnapshot(model, pinned);
    const report = reconcileSnapshot(model, after, { environment: 'sandbox', previous: before, flows });
    const drift = report.drift.find((entry) => entry.path === 'latest_charge');
    expect(drift).toMatchObject({ system: 'stripe', endpoint: '/v1/payment_intents', change: 'removed' });
    expect(drift?.nodes.map((node) => node.label)).toContain('Payment captured');
    // On the canvas it is a warning on that step, which the Problems panel lists.
    const captured = drift?.nodes.find((node) => node.label === 'Payment captured');
    expect(driftDiagnostics(report.drift)).toContainEqual(expect.objectContaining({ code: 'SCHEMA_DRIFT', severity: 'warning', flowId: captured?.flowId, nodeIds: [captured?.nodeId] }));
    // Nothing else moved, and the money still agrees: the reader does not depend on the field.
    expect(report.drift.every((entry) => entry.system === 'stripe')).toBe(true);
    expect(report.inconsistencies).toEqual([]);
    // Read again the same way, nothing has drifted.
    expect(reconcileSnapshot(model, after, { environment: 'sandbox', previous: after, flows }).drift).toEqual([]);
    await sandbox.stop();
  });

  it('re-reads only what changed: one order fulfilled in the storefront is read again, and its new inconsistency found', async () => {
    const scenario = loadScenario('order-to-cash');
    const sandbox = await Sandbox.start({ scenario, seed: 1, limits: false });
    running.push(sandbox);
    const model = templateFor('shipbob');
    const environment = sandbox.environmentFor(model.systems);
    const first = await takeSnapshot(model, environment);
    expect(reconcileSnapshot(model, first, { environment: 'sandbox' }).inconsistencies).toEqual([]);

    // #1016 is with the 3PL, not shipped; someone fulfils it in the Shopify admin anyway.
    const orders = first.systems.find((system) => system.system === 'shopify')?.tables.Order;
    const row = orders?.index().get('7000000016');
    const lines = row === undefined ? [] : (orders?.record(row).lines ?? []);
    const shopify = connectorFor('shopify', environment.systems['shopify'] as SystemBinding) as ShopifyConnector;
    const fulfilled = await shopifyFulfilment(shopify).write({ orderId: '7000000016', lines, trackingNumber: '9400TEST' }, 'shopify-7000000016', 'create');
    expect(fulfilled.outcome.kind).toBe('ok');

    const read = new Map<string, number>();
    const second = await takeSnapshot(model, environment, { previous: first, progress: (system, what, records) => read.set(`${system} ${what}`, records) });
    const report = reconcileSnapshot(model, second, { environment: 'sandbox', incremental: true });
    expect(report.systems.find((system) => system.id === 'shopify')?.read).toBe('changes');
    // The storefront gave back the order that changed (and any last touched within the ten-minute margin
    // before the last reading), merged into the last reading — not its 24 orders.
    expect(read.get('shopify orders')).toBeGreaterThanOrEqual(1);
    expect(read.get('shopify orders')).toBeLessThan(4);
    expect(report.summary.byEntity['Order']?.checked).toBe(24);
    expect(report.inconsistencies.map((entry) => `${entry.key} ${entry.rule}`)).toEqual(['7000000016 shipped-fulfilled']);
    await sandbox.stop();
  });
});
