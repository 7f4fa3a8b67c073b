import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../../test/temp';
import type { ReconcileStatus } from '../../shared/reconcile/reconcile-view';
import type { RunStatus } from '../../shared/runtime/run-view';
import { ReconcileService } from './reconcile-service';
import { RunService } from './run-service';
import { SettingsStore } from './settings/settings-store';
import { loadTemplate } from './templates';
import { Workspace } from './workspace';

/**
 * Reconciliation as the app drives it: after a run of the settlement-drift
 * scenario, the systems as the run left them are read, the drifting orders
 * and payout are the only findings, one of them opens side by side, and an
 * edited rule is judged again against the kept snapshot without reading.
 */
const tempDir = useTempDir();

async function until<T>(read: () => T, done: (value: T) => boolean): Promise<T> {
  for (let waited = 0; waited < 30_000; waited += 50) {
    const value = read();
    if (done(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`gave up waiting: ${JSON.stringify(read())}`);
}

describe('the reconcile service', () => {
  it('reads the run’s sandbox, finds only the drift, shows one order side by side, and rejudges an edited rule', async () => {
    const dir = tempDir();
    const workspace = new Workspace(new SettingsStore({ file: join(dir, 'settings.json') }));
    workspace.create(join(dir, 'acme.steward'), 'Acme', loadTemplate('order-to-cash'));
    const runs = new RunService({ workspace, status: () => undefined });
    const pushed: ReconcileStatus[] = [];
    const service = new ReconcileService({ workspace, runSandbox: (scenario) => runs.liveEnvironment(scenario), status: (status) => pushed.push(status) });
    try {
      await runs.start({ scenario: 'settlement-drift', limits: false });
      await until(() => runs.status(), (status: RunStatus) => status.state === 'done');
      expect(runs.liveEnvironment('settlement-drift')).not.toBeNull();

      expect(service.start({ scenario: 'settlement-drift' }).state).toBe('reading');
      const done = await until(() => service.status(), (status) => status.state !== 'reading');
      expect(done, done.message ?? '').toMatchObject({ state: 'done', target: 'scenario settlement-drift' });
      expect(pushed.some((status) => Object.keys(status.progress).length > 0)).toBe(true);
      expect(existsSync(join(dir, 'acme.steward.snapshot'))).toBe(true);

      // The run's billing flow booked the refund the old integration missed (#1006); the partial capture
      // invoiced in full (#1014) and the payout booked gross are what is left.
      const report = service.latest();
      expect(report?.inconsistencies.map((entry) => `${entry.entity} ${entry.key}`)).toEqual(['Order 7000000014', 'Settlement stripe:po_sbx00000001']);

      const detail = service.record('Order', '7000000014');
      expect(detail.owner).toBe('shopify');
      expect(detail.systems.map((system) => system.id)).toEqual(['shopify', 'netsuite', 'stripe', 'shipbob']);
      const captured = detail.systems.find((system) => system.id === 'stripe')?.record?.fields['captured'];
      const billed = detail.systems.find((system) => system.id === 'netsuite')?.record?.fields['billed'];
      expect(typeof captured === 'number' && typeof billed === 'number' && billed > captured).toBe(true);
      expect(detail.inconsistency?.differing).toContain('netsuite.billed');
      const payout = service.record('Settlement', 'stripe:po_sbx00000001');
      expect(payout.systems.find((system) => system.id === 'netsuite')?.record?.fields['deposited']).toBeGreaterThan(0);

      // A tolerance wide enough to swallow the partial capture leaves only the payout.
      const model = workspace.getModel();
      workspace.saveModel({ ...model, invariants: model.invariants.map((rule) => (rule.id === 'payment-economics' ? { ...rule, tolerance: 10_000 } : rule)) });
      const again = service.rejudge();
      expect(again.inconsistencies.map((entry) => entry.key)).toEqual(['stripe:po_sbx00000001']);
    } finally {
      await service.settled();
      await runs.dispose();
      workspace.close();
    }
  });
});
