import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../../test/temp';
import type { RunStatus } from '../../shared/runtime/run-view';
import { RunService } from './run-service';
import { SettingsStore } from './settings/settings-store';
import { loadTemplate } from './templates';
import { Workspace } from './workspace';

/**
 * A run as the app drives it: the open project's flows against a sandbox
 * started for the scenario, status pushed while it goes (counts, a counter
 * per node), then a dead-lettered transaction opened step by step, the
 * mapping fixed, and the transaction replayed to success against the same
 * sandbox.
 */
const tempDir = useTempDir();

/** A workspace with a new project from the order-to-cash template open. */
function templateProject(): Workspace {
  const dir = tempDir();
  const workspace = new Workspace(new SettingsStore({ file: join(dir, 'settings.json') }));
  workspace.create(join(dir, 'acme.steward'), 'Acme', loadTemplate('order-to-cash'));
  return workspace;
}

async function until(service: RunService, done: (status: RunStatus) => boolean): Promise<RunStatus> {
  for (let waited = 0; waited < 30_000; waited += 50) {
    const status = service.status();
    if (done(status)) return status;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`the run did not end: ${JSON.stringify(service.status())}`);
}

describe('the run service', () => {
  it('runs, counts per node, opens a dead-lettered transaction, and replays it to success after the mapping is fixed', async () => {
    const workspace = templateProject();
    // The 3PL mapping written as a code step, with a consultant's slip: the ship-to keeps only the name.
    const orders = workspace.getFlow('order-to-erp-and-3pl');
    const withShipTo = (shipTo: string) => ({
      ...orders,
      nodes: orders.nodes.map((node) =>
        node.id === 'to-3pl-order'
          ? { ...node, config: { ...node.config, code: `export default function step(input: Input): Output {\n  const order = input.Order;\n  return { orderId: order.orderId, name: order.name, placedAt: order.placedAt, customerEmail: order.customerEmail, currency: order.currency, total: order.total, lines: order.lines, shipTo: ${shipTo} };\n}\n` } }
          : node,
      ),
    });
    workspace.saveFlow(withShipTo('{ name: (order.shipTo as { name: string }).name }'));

    const pushed: RunStatus[] = [];
    const service = new RunService({ workspace, status: (status) => pushed.push(status) });
    try {
      const started = await service.start({ scenario: 'order-to-cash' });
      expect(started, started.message ?? '').toMatchObject({ state: 'running' });
      const ended = await until(service, (status) => status.state === 'done');
      expect(ended.counts.transactions).toBe(92);
      expect(ended.counts.deadLettered).toBeGreaterThan(0);
      expect(ended.expected).toBeGreaterThanOrEqual(58);
      // Pushed while it went, with the counters moving.
      expect(pushed.some((status) => status.state === 'running' && status.counts.transactions > 0 && status.counts.transactions < 92)).toBe(true);
      expect(ended.nodes['order-to-erp-and-3pl:create-3pl-order']?.failed).toBe(ended.counts.deadLettered);
      expect(ended.nodes['order-to-erp-and-3pl:upsert-sales-order']?.passed).toBe(24);

      const page = service.transactions({ flowId: 'order-to-erp-and-3pl', state: 'dead-lettered', offset: 0, limit: 50 });
      expect(page.total).toBe(ended.counts.deadLettered);
      const first = page.items[0];
      if (first === undefined) throw new Error('no dead letter');
      expect(first).toMatchObject({ failingNode: 'create-3pl-order', reason: expect.stringContaining('ShipBob needs a recipient') as string });
      const detail = service.transaction(first.id);
      expect(detail.steps.map((step) => step.nodeId)).toEqual(['order-created', 'to-sales-order', 'upsert-sales-order', 'sales-order-acked', 'to-3pl-order', 'create-3pl-order']);
      // The mapping's output shows the slip, and the upsert's HTTP exchange is there, credentials redacted.
      expect(Object.keys((detail.steps[4]?.output as { shipTo: object }).shipTo)).toEqual(['name']);
      expect(JSON.stringify(detail.steps[2]?.exchanges)).toContain('"authorization":"[redacted]"');

      // Still broken: the replay dead-letters again, with the same reason.
      expect((await service.replay(first.id)).state).toBe('dead-lettered');
      workspace.saveFlow(withShipTo('order.shipTo'));
      const replayed = await service.replay(first.id);
      expect(replayed).toMatchObject({ id: first.id, state: 'succeeded', replayOf: 'replay-2' });
      expect(service.status().counts.deadLettered).toBe(ended.counts.deadLettered - 1);
      expect(service.transactions({ flowId: 'order-to-erp-and-3pl', state: 'dead-lettered', offset: 0, limit: 50 }).items.find((item) => item.id === first.id)?.state).toBe('succeeded');
      expect(service.transaction(first.id).steps.at(-1)?.nodeId).toBe('3pl-order-acked');
    } finally {
      await service.dispose();
      workspace.close();
    }
  }, 60_000);

  it('cancels cleanly: nothing new starts, what is in flight finishes, and the run ends cancelled', async () => {
    const workspace = templateProject();
    const service = new RunService({ workspace, status: () => undefined });
    try {
      // NetSuite answers slowly in this pack (300 ms a call), so the run is still going when it is cancelled.
      await service.start({ scenario: 'webhook-redelivery' });
      await until(service, (status) => status.counts.transactions > 0);
      service.cancel();
      const ended = await until(service, (status) => status.state !== 'running');
      expect(ended.state).toBe('cancelled');
      expect(ended.counts.transactions).toBeLessThan(92);
      // Every transaction that started also ended: none is left running in the journal.
      expect(service.transactions({ state: 'running', offset: 0, limit: 50 }).total).toBe(0);
    } finally {
      await service.dispose();
      workspace.close();
    }
  }, 60_000);

  it('refuses to start a flow the checker rejects, and says so', async () => {
    const workspace = templateProject();
    const orders = workspace.getFlow('order-to-erp-and-3pl');
    // The sales-order mapping deleted, edges and all: the upsert's fields have no source any more.
    workspace.saveFlow({ ...orders, nodes: orders.nodes.filter((node) => node.id !== 'to-sales-order'), edges: orders.edges.filter((edge) => edge.source !== 'to-sales-order' && edge.target !== 'to-sales-order') });
    const service = new RunService({ workspace, status: () => undefined });
    const status = await service.start({ scenario: 'order-to-cash' });
    expect(status).toMatchObject({ state: 'failed', message: expect.stringMatching(/^"Order to ERP and 3PL" cannot run: the checker found \d+ errors?/) as string });
    await service.dispose();
    workspace.close();
  });
});
