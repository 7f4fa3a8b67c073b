import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../../test/temp';
import type { RunStatus } from '../../shared/runtime/run-view';
import { Sandbox } from '../sandbox/sandbox';
import { loadScenario } from '../sandbox/scenarios';
import { Environments } from './environments';
import { RunService } from './run-service';
import { keyFileSealer } from './secrets/key-file-sealer';
import { SealedFileSecretStore } from './secrets/secret-store';
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

  it('listens for webhooks against an environment: a payment and a refund made in Stripe while it listens each run once, until Stop listening ends the run done', async () => {
    const sandbox = await Sandbox.start({ scenario: loadScenario('order-to-cash'), seed: 4, limits: false });
    const workspace = templateProject();
    const project = workspace.current()?.path ?? '';
    const secrets = new SealedFileSecretStore(`${project}.secrets.json`, keyFileSealer(`${project}.key`));
    const environments = new Environments(() => project, secrets, {});
    const systems = sandbox.environment().systems;
    await environments.save({
      name: 'staging',
      webhookBaseUrl: null,
      systems: Object.fromEntries(Object.entries(systems).map(([id, binding]) => [id, { ...binding, credentials: Object.fromEntries(Object.entries(binding.credentials).map(([key, value]) => [key, { value }])) }])),
    });
    const service = new RunService({ workspace, environments, status: () => undefined });
    try {
      expect((await service.start({ environment: 'staging', listen: true })).state).toBe('running');
      // What is there is read first; then the run listens, with nothing more expected.
      const heard = await until(service, (status) => status.listening !== null && status.expected !== null && status.expected > 0 && status.counts.transactions === status.expected);
      expect(heard.listening?.subscriptions).toContainEqual({ system: 'stripe', topics: ['payment_intent.succeeded', 'charge.refunded'], refused: null });
      expect(heard.listening?.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(service.status()).toMatchObject({ state: 'running', counts: { transactions: heard.counts.transactions }, listening: { received: 0 } });

      // Shopify sends orders/create for the orders the run has just read: the same transactions, run and counted once.
      const orders = sandbox.replayOrders();
      const redelivered = await until(service, (status) => status.listening?.received === orders);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(service.status()).toMatchObject({ counts: { transactions: heard.counts.transactions }, expected: heard.counts.transactions });
      expect(redelivered.nodes['order-to-erp-and-3pl:upsert-sales-order']).toEqual(heard.nodes['order-to-erp-and-3pl:upsert-sales-order']);

      // The shop takes a payment for an order the run just read, then refunds a dollar of it: Stripe sends
      // payment_intent.succeeded and charge.refunded to the receiver, and NetSuite is asked to invoice, then credit.
      const order = service.transactions({ flowId: 'order-to-erp-and-3pl', offset: 0, limit: 200 }).items.at(-1)?.key ?? '';
      const stripe = systems['stripe'];
      const post = (path: string, body: string) => fetch(`${stripe?.baseUrl ?? ''}${path}`, { method: 'POST', headers: { authorization: `Bearer ${stripe?.credentials['secretKey'] ?? ''}`, 'content-type': 'application/x-www-form-urlencoded' }, body });
      const paid = (await (await post('/v1/payment_intents', `amount=2500&currency=usd&metadata[shopify_order_id]=${order}`)).json()) as { id: string; status: string };
      expect(paid.status).toBe('succeeded');
      await until(service, (status) => status.counts.transactions === heard.counts.transactions + 1);
      expect((await post('/v1/refunds', `payment_intent=${paid.id}&amount=100`)).status).toBe(200);
      const taken = await until(service, (status) => status.counts.transactions === heard.counts.transactions + 2);
      expect(taken).toMatchObject({ state: 'running', listening: { received: orders + 2 } });

      expect(service.stopListening().state).toBe('running');
      const ended = await until(service, (status) => status.state !== 'running');
      expect(ended).toMatchObject({ state: 'done', counts: { transactions: heard.counts.transactions + 2 }, listening: { received: orders + 2, duplicates: 0, refused: 0 } });
      // The payments and refunds already in Stripe were read first (a backfill); these two came by webhook.
      const billing = service.transactions({ flowId: 'payments-to-billing', offset: 0, limit: 200 }).items;
      const backfilled = heard.nodes['payments-to-billing:payment-captured']?.passed ?? 0;
      expect(backfilled).toBeGreaterThan(0);
      expect(billing).toHaveLength(backfilled + (heard.nodes['payments-to-billing:refund-created']?.passed ?? 0) + 2);
      expect(billing.find((item) => item.key === paid.id)?.state).toBe('succeeded');
      expect(billing.filter((item) => item.state !== 'succeeded')).toEqual([]);
      expect(() => service.stopListening()).toThrow(/not listening/);
    } finally {
      await service.dispose();
      workspace.close();
      await sandbox.stop();
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
