import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTempDir } from '../../../../test/temp';
import { runCli } from '../../cli/cli';
import { Sandbox } from '../../sandbox/sandbox';
import { loadScenario } from '../../sandbox/scenarios';
import { connectorFor } from '../connectors/connectors';
import { NetSuiteConnector } from '../connectors/netsuite';

/**
 * NetSuite sends no webhooks, so its triggers poll — from a cursor: a run
 * against an environment reads what changed since the last run against it,
 * and nothing else.
 */
const tempDir = useTempDir();
let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await Sandbox.start({ scenario: loadScenario('order-to-cash'), seed: 6, limits: false });
});
afterAll(async () => {
  await sandbox.stop();
});

describe('polling NetSuite with a cursor', () => {
  it('reads every item the first time, nothing when nothing changed, and only the item that changed after', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'env.json'), JSON.stringify(sandbox.environment()));
    const lines: string[] = [];
    const io = { out: (line: string) => lines.push(line), err: (line: string) => lines.push(line), env: {}, cwd: dir };
    expect(await runCli(['new', 'o2c.steward', '--template', 'order-to-cash'], io, Promise.resolve())).toBe(0);
    const run = async (): Promise<string | undefined> => {
      lines.length = 0;
      await runCli(['run', 'o2c.steward', '--env', 'env.json', '--flow', 'stock'], io, Promise.resolve());
      return lines.find((line) => line.includes('"Stock changed in NetSuite"'));
    };
    expect(await run()).toMatch(/trigger "Stock changed in NetSuite": 10 transactions…$/);
    expect(await run()).toMatch(/trigger "Stock changed in NetSuite": 0 transactions changed since 20\d\d-/);

    // One item changes in NetSuite (a later modification date than any seen): only it is read next time.
    const netsuite = connectorFor('netsuite', sandbox.environment().systems['netsuite'] ?? never());
    if (!(netsuite instanceof NetSuiteConnector)) throw new Error('not NetSuite');
    sandbox.clock.advance(60_000);
    const page = (await netsuite.list('inventoryItem', { limit: 1 }).next()).value as { id: string }[];
    const patched = await fetch(`${sandbox.environment().systems['netsuite']?.baseUrl ?? ''}/services/rest/record/v1/inventoryItem/${page[0]?.id ?? ''}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${sandbox.credentials.netsuite.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ displayName: 'Renamed in NetSuite' }),
    });
    expect(patched.status).toBe(204);
    expect(await run()).toMatch(/trigger "Stock changed in NetSuite": 1 transaction changed since 20\d\d-/);
  }, 60_000);
});

describe('reading before listening', () => {
  it('with --listen and --no-backfill, a webhook trigger takes only what arrives; without it, reads what is there first', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'env.json'), JSON.stringify(sandbox.environment()));
    const lines: string[] = [];
    const io = { out: (line: string) => lines.push(line), err: (line: string) => lines.push(line), env: {}, cwd: dir };
    expect(await runCli(['new', 'o2c.steward', '--template', 'order-to-cash'], io, Promise.resolve())).toBe(0);
    const run = async (...flags: string[]): Promise<string> => {
      lines.length = 0;
      await runCli(['run', 'o2c.steward', '--env', 'env.json', '--flow', 'order-to-erp-and-3pl', '--listen', '1', ...flags], io, Promise.resolve());
      return lines.join('\n');
    };
    const fresh = await run('--no-backfill');
    expect(fresh).toContain('Subscribed to shopify: orders/create.');
    expect(fresh).not.toContain('trigger "Order created"');
    expect(fresh).toMatch(/^0 transactions in /m);
    expect(await run()).toMatch(/trigger "Order created": 24 transactions…/);
  }, 60_000);
});

function never(): never {
  throw new Error('missing');
}
