import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTempDir } from '../../../../test/temp';
import { runCli } from '../../cli/cli';
import { Sandbox } from '../../sandbox/sandbox';
import { loadScenario } from '../../sandbox/scenarios';
import { connectorFor } from '../connectors/connectors';
import { NetSuiteConnector } from '../connectors/netsuite';
import { ShopifyConnector } from '../connectors/shopify';
import { ReservationLedger } from './reservation-ledger';
import { netsuiteAvailable } from './sources';

/**
 * The template's stock flow against the sandbox: the storefront's orders ask
 * NetSuite for reservations, the ledger decides from NetSuite's available, and
 * the runtime publishes available-to-promise to Shopify by compare-and-set.
 * Afterwards, for every SKU: Shopify available = NetSuite available − open
 * reservations (domain.md §5's stock invariant).
 */
const tempDir = useTempDir();
let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await Sandbox.start({ scenario: loadScenario('order-to-cash'), seed: 4 });
});
afterAll(async () => {
  await sandbox.stop();
});

describe('the stock flow', () => {
  it('publishes NetSuite’s available less open reservations to Shopify, for every SKU', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'env.json'), JSON.stringify(sandbox.environment()));
    const lines: string[] = [];
    const io = { out: (line: string) => lines.push(line), err: (line: string) => lines.push(line), env: {}, cwd: dir };
    expect(await runCli(['new', 'o2c.steward', '--template', 'order-to-cash'], io, Promise.resolve())).toBe(0);
    expect(await runCli(['run', 'o2c.steward', '--env', 'env.json', '--flow', 'stock', '--report', 'report.json'], io, Promise.resolve())).toBe(0);

    const environment = sandbox.environment();
    const [netsuite, shopify] = [connectorFor('netsuite', environment.systems['netsuite'] ?? never()), connectorFor('shopify', environment.systems['shopify'] ?? never())];
    if (!(netsuite instanceof NetSuiteConnector) || !(shopify instanceof ShopifyConnector)) throw new Error('wrong connectors');
    const ledger = ReservationLedger.open(join(dir, 'o2c.steward.journal'));
    let checked = 0;
    let reduced = 0;
    for await (const page of netsuite.list('inventoryItem')) {
      for (const { id } of page) {
        const item = await netsuite.get('inventoryItem', id);
        const sku = (item.ok ? (item.value as { itemId: string }) : never()).itemId;
        const owner = (await netsuiteAvailable(netsuite, id)) ?? never();
        const storefront = await shopify.query<{ inventoryItems: { nodes: { inventoryLevels: { nodes: { quantities: { quantity: number }[] }[] } }[] } }>(
          'query($q: String!) { inventoryItems(first: 1, query: $q) { nodes { inventoryLevels(first: 1) { nodes { quantities(names: ["available"]) { quantity } } } } } }',
          { q: `sku:${sku}` },
        );
        const shown = storefront.ok ? storefront.value.inventoryItems.nodes[0]?.inventoryLevels.nodes[0]?.quantities[0]?.quantity : undefined;
        if (shown === undefined) continue;
        expect({ sku, shown }).toEqual({ sku, shown: ledger.availableToPromise(sku, owner) });
        checked += 1;
        if (shown < owner) reduced += 1;
      }
    }
    ledger.close();
    expect(checked).toBeGreaterThan(3);
    // Reservations really were taken: some SKUs show less than NetSuite has.
    expect(reduced).toBeGreaterThan(0);
    expect(lines.join('\n')).toMatch(/trigger "Order placed": \d+ transactions/);
  });
});

function never(): never {
  throw new Error('missing');
}
