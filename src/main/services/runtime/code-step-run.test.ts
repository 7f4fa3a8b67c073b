import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../../../test/temp';
import { compileFlow } from '../../../shared/compile/compile-flow';
import { runCli } from '../../cli/cli';
import { Sandbox } from '../../sandbox/sandbox';
import { loadScenario } from '../../sandbox/scenarios';
import { ProjectStore } from '../project/project-store';
import { executeRun } from './run-session';

/**
 * A code step in a real run: the template's order flow with its sales-order
 * mapping written as TypeScript instead, run against the sandbox. The code
 * runs in the code host's own process (dist/node/code-host.js, from the
 * build), and what it returned is what NetSuite holds afterwards.
 */
const tempDir = useTempDir();

const CODE = `export default function step(input: Input): Output {
  const order = input.Order;
  return { orderId: order.orderId, name: order.name + ' (code)', placedAt: order.placedAt, customerEmail: order.customerEmail, currency: order.currency, total: order.total, lines: order.lines, shipTo: order.shipTo };
}
`;

describe('a code step in a run', () => {
  it('maps every order through QuickJS, and a step that throws dead-letters its transaction with the reason', async () => {
    const dir = tempDir();
    const io = { out: () => undefined, err: () => undefined, env: {}, cwd: dir };
    expect(await runCli(['new', 'o2c.steward', '--template', 'order-to-cash'], io, Promise.resolve())).toBe(0);
    const store = ProjectStore.open(join(dir, 'o2c.steward'));
    const flows = store.allFlows();
    const orders = flows.find((flow) => flow.id === 'order-to-erp-and-3pl');
    if (orders === undefined) throw new Error('no order flow');
    const withCode = (code: string) => ({ ...orders, nodes: orders.nodes.map((node) => (node.id === 'to-sales-order' ? { ...node, config: { ...node.config, code } } : node)) });
    const model = store.getModel();
    store.close();

    const run = async (code: string, name: string) => {
      const compiled = compileFlow(model, [withCode(code)], 'order-to-erp-and-3pl');
      if (!compiled.ok) throw new Error(compiled.diagnostics.map((entry) => `${entry.code}: ${entry.message}`).join('\n'));
      const sandbox = await Sandbox.start({ scenario: loadScenario('order-to-cash'), seed: 1, limits: false });
      try {
        const report = await executeRun({ plans: [compiled.plan], environment: sandbox.environment(), journalPath: join(dir, `${name}.journal`), runId: name, resume: false, scenario: 'order-to-cash', replay: () => sandbox.replayHistory(), quietMs: 500, log: () => undefined });
        return { report, salesOrders: Object.values((sandbox.state('netsuite') as { records: { salesOrder: Record<string, { externalId?: string; otherRefNum?: string }> } }).records.salesOrder) };
      } finally {
        await sandbox.stop();
      }
    };

    const good = await run(CODE, 'good');
    expect(good.report.summary).toMatchObject({ transactions: 24, succeeded: 24 });
    const made = good.salesOrders.filter((order) => order.externalId?.startsWith('shopify-'));
    expect(made.length).toBeGreaterThanOrEqual(24);
    expect(made.every((order) => order.otherRefNum?.endsWith(' (code)'))).toBe(true);

    const bad = await run(CODE.replace('const order = input.Order;', 'const order = input.Order; if (order.orderId.endsWith("3")) throw new Error("no orders ending in 3");'), 'bad');
    const refused = bad.report.transactions.filter((transaction) => transaction.state === 'dead-lettered');
    expect(refused.length).toBeGreaterThan(0);
    for (const transaction of refused) expect(transaction).toMatchObject({ failingNode: 'to-sales-order', reason: 'the code step threw Error: no orders ending in 3' });
    expect(bad.report.summary.succeeded).toBe(24 - refused.length);
  }, 60_000);
});
