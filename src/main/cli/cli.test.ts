import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../../test/temp';
import { stockSync } from '../../../test/governance/builders';
import { APP_VERSION } from '../services/app-meta';
import { ProjectStore } from '../services/project/project-store';
import { runCli } from './cli';
import type { CliIo } from './cli-io';

const tempDir = useTempDir();

async function run(argv: string[], cwd = tempDir(), env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (line) => out.push(line), err: (line) => err.push(line), env, cwd };
  const code = await runCli(argv, io, Promise.resolve());
  return { code, out: out.join('\n'), err, lastErr: err.at(-1) ?? '' };
}

describe('steward CLI', () => {
  it('prints help and version, exit 0', async () => {
    expect(await run(['--help'])).toMatchObject({ code: 0, out: expect.stringContaining('Usage: steward <command>') });
    expect(await run(['--version'])).toMatchObject({ code: 0, out: APP_VERSION });
  });

  it('exits 2 with a one-line reason last on stderr for bad arguments', async () => {
    expect(await run(['frobnicate'])).toMatchObject({ code: 2, lastErr: 'steward: unknown command "frobnicate"; run steward --help for the list' });
    expect(await run(['info'])).toMatchObject({ code: 2, lastErr: 'steward: usage: steward info PROJECT' });
    expect((await run(['--bogus'])).code).toBe(2);
  });

  it('creates a project and reads it back through the same store as the app', async () => {
    const dir = tempDir();
    expect((await run(['new', 'acme.steward', '--name', 'Acme'], dir)).code).toBe(0);
    const info = await run(['info', 'acme.steward'], dir);
    expect(info.code).toBe(0);
    expect(info.out).toContain('Acme');
    expect(info.out).toContain('Main flow  0 nodes');
  });

  it('exits 2 with the located reason when a project cannot be read', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'notes.steward'), 'plain text');
    const result = await run(['info', 'notes.steward'], dir);
    expect(result.code).toBe(2);
    expect(result.lastErr).toContain('is not a Steward project: it is not a SQLite database');
  });

  it('checks an environment file: 0 when valid, 1 with located findings, 2 when unreadable', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'ok.json'), JSON.stringify({ name: 'sandbox', systems: { stripe: { connector: 'stripe', baseUrl: 'http://127.0.0.1:4003', credentials: { secretKey: '${STRIPE_KEY}' } } } }));
    expect(await run(['env', 'check', 'ok.json'], dir, { STRIPE_KEY: 'sk_test' })).toMatchObject({ code: 0, out: expect.stringContaining('stripe: stripe at http://127.0.0.1:4003') });
    expect(await run(['env', 'check', 'ok.json'], dir)).toMatchObject({ code: 1, out: expect.stringContaining('environment variable STRIPE_KEY is not set') });
    writeFileSync(join(dir, 'bad.json'), '{\n  "name": "x",\n  "systems": {\n    "stripe": {"connector": "stripe", "baseUrl": "http://h:1/v1", "credentials": {"secretKey": "k"}}\n  }\n}');
    expect(await run(['env', 'check', 'bad.json'], dir)).toMatchObject({ code: 1, out: expect.stringMatching(/^bad\.json:4:\d+ \(systems\.stripe\.baseUrl\): baseUrl must be scheme, host and port only/) });
    expect((await run(['env', 'check', 'missing.json'], dir)).code).toBe(2);
  });
});

describe('steward check', () => {
  it('exits 0 on the order-to-cash template with its flows, 1 once a second writer of stock is added, 2 on an unreadable file', async () => {
    const dir = tempDir();
    expect((await run(['new', 'o2c.steward', '--template', 'order-to-cash'], dir)).code).toBe(0);
    const clean = await run(['check', 'o2c.steward'], dir);
    expect(clean).toMatchObject({ code: 0, lastErr: '0 errors, 0 warnings in 4 flows.' });

    // The template already publishes NetSuite's stock to Shopify; the 3PL writing it too is the field note's race.
    const store = ProjectStore.open(join(dir, 'o2c.steward'));
    const created = store.createFlow('3PL stock to storefront');
    store.saveFlow({ ...stockSync(created.id, 'shipbob', 'shopify'), id: created.id, name: '3PL stock to storefront' });
    store.close();
    const racing = await run(['check', 'o2c.steward'], dir);
    expect(racing.code).toBe(1);
    expect(racing.out).toMatch(/error\s+DOUBLE_WRITE\s+flow "Stock: reservations and storefront availability".*"Stock: reservations and storefront availability" and "3PL stock to storefront"/);
    expect(racing.out).toContain('request node');

    writeFileSync(join(dir, 'broken.steward'), 'not a project');
    expect((await run(['check', 'broken.steward'], dir)).code).toBe(2);
  });

  it('refuses an unknown template with exit 2', async () => {
    expect(await run(['new', 'x.steward', '--template', 'nope'])).toMatchObject({ code: 2, lastErr: expect.stringContaining('There is no template "nope"') });
  });
});

describe('steward run', () => {
  it('runs the template’s order flow against the sandbox: a dropped upsert is caught by the read-back, exit 1, the report says where and why', async () => {
    const dir = tempDir();
    await run(['new', 'o2c.steward', '--template', 'order-to-cash'], dir);
    const result = await run(['run', 'o2c.steward', '--scenario', 'silent-failure', '--flow', 'order-to-erp-and-3pl', '--report', 'report.json'], dir);
    expect(result.code).toBe(1);
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as { summary: Record<string, number>; transactions: { key: string; state: string; failingNode?: string; reason?: string }[] };
    expect(report.summary['transactions']).toBe(24);
    // NetSuite accepts then drops 30 % of upserts in this pack: a 2xx alone is no ack.
    const unacknowledged = report.transactions.filter((transaction) => transaction.state === 'unacknowledged');
    expect(unacknowledged.length).toBeGreaterThan(0);
    for (const transaction of unacknowledged) expect(transaction).toMatchObject({ failingNode: 'sales-order-acked', reason: `sales order eid:shopify-${transaction.key} is not in NetSuite on read-back` });
    expect(result.lastErr).toMatch(/^24 transactions in [\d.]+ s: /);
  });

  it('dead-letters the bad product import at the ERP with NetSuite’s own reason, and refuses a flow the checker rejects', async () => {
    const dir = tempDir();
    await run(['new', 'o2c.steward', '--template', 'order-to-cash'], dir);
    const result = await run(['run', 'o2c.steward', '--scenario', 'bad-product-import', '--no-limits', '--flow', 'Order to ERP and 3PL', '--report', 'report.json'], dir);
    expect(result.code).toBe(1);
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as { transactions: { failingNode?: string; reason?: string }[] };
    const rejected = report.transactions.filter((transaction) => transaction.failingNode === 'upsert-sales-order');
    expect(rejected).toHaveLength(200);
    expect(rejected.every((transaction) => /^HTTP 400: Invalid item reference key null for line \d+\.$/.test(transaction.reason ?? ''))).toBe(true);

    const store = ProjectStore.open(join(dir, 'o2c.steward'));
    const created = store.createFlow('3PL stock to storefront');
    store.saveFlow({ ...stockSync(created.id, 'shipbob', 'shopify'), id: created.id, name: '3PL stock to storefront' });
    store.close();
    const refused = await run(['run', 'o2c.steward', '--scenario', 'order-to-cash', '--flow', '3PL stock to storefront'], dir);
    expect(refused).toMatchObject({ code: 2, lastErr: expect.stringMatching(/^Flow "3PL stock to storefront" cannot run: the checker found \d+ errors/) as string });
    expect(refused.out).toContain('DOUBLE_WRITE');
  });
});

describe('steward run under faults', () => {
  it('waits out a Shopify throttle storm and NetSuite’s 429s: nothing is skipped or dead-lettered for them', async () => {
    const dir = tempDir();
    await run(['new', 'o2c.steward', '--template', 'order-to-cash'], dir);
    const result = await run(['run', 'o2c.steward', '--scenario', 'rate-limit-storm', '--flow', 'order-to-erp-and-3pl', '--report', 'report.json'], dir);
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as { summary: Record<string, number>; transactions: { state: string; failingNode?: string; reason?: string }[] };
    expect(result.lastErr).toMatch(/^24 transactions/);
    expect(report.summary['transactions']).toBe(24);
    // Every order got past the ERP and the 3PL, acked.
    expect(report.transactions.filter((transaction) => transaction.state !== 'succeeded')).toEqual([]);
    expect(report.transactions.some((transaction) => /429|THROTTLED|CONCURRENCY/.test(transaction.reason ?? ''))).toBe(false);
  }, 60_000);
});

describe('the 3PL swap (field note 3)', () => {
  it('rebinds ShipBob to ShipStation with no flow changed, and the same flows run green on both vendors', async () => {
    const dir = tempDir();
    await run(['new', 'o2c.steward', '--template', 'order-to-cash'], dir);
    const flowsBefore = (() => {
      const store = ProjectStore.open(join(dir, 'o2c.steward'));
      const flows = store.allFlows();
      store.close();
      return flows;
    })();
    const onShipBob = await run(['run', 'o2c.steward', '--scenario', 'order-to-cash', '--no-limits', '--report', 'shipbob.json'], dir);
    expect(onShipBob.code).toBe(0);

    const bound = await run(['bind', 'o2c.steward', 'shipbob', 'shipstation', '--name', 'ShipStation'], dir);
    expect(bound.code).toBe(0);
    expect(bound.out).toContain('shipbob: connector shipbob → shipstation; 6 field names and 3 cross-references are now shipstation\'s; 4 flows unchanged.');
    const store = ProjectStore.open(join(dir, 'o2c.steward'));
    expect(store.allFlows()).toEqual(flowsBefore);
    expect(store.getModel().systems.find((system) => system.id === 'shipbob')).toMatchObject({ connector: 'shipstation', name: 'ShipStation' });
    store.close();
    expect((await run(['check', 'o2c.steward'], dir)).code).toBe(0);

    // The merchant's world after the move: orders and shipments live in ShipStation.
    const onShipStation = await run(['run', 'o2c.steward', '--scenario', '3pl-swap', '--no-limits', '--report', 'shipstation.json'], dir);
    expect(onShipStation.code).toBe(0);
    type Report = { summary: Record<string, number>; transactions: { flow: string; state: string }[] };
    const [before, after] = ['shipbob.json', 'shipstation.json'].map((name) => JSON.parse(readFileSync(join(dir, name), 'utf8')) as Report);
    for (const report of [before, after]) {
      expect(report?.summary['succeeded']).toBe(report?.summary['transactions']);
      // Orders reached the 3PL and were read back from it; shipments came back from it into Shopify and NetSuite.
      expect(report?.transactions.filter((transaction) => transaction.flow === 'order-to-erp-and-3pl')).toHaveLength(24);
      expect(report?.transactions.filter((transaction) => transaction.flow === 'shipment-to-storefront-and-erp').length).toBeGreaterThan(0);
    }
  }, 60_000);
});

describe('steward run --resume', () => {
  it('continues a run by its id: what it finished stands, nothing is sent again', async () => {
    const dir = tempDir();
    await run(['new', 'o2c.steward', '--template', 'order-to-cash'], dir);
    const first = await run(['run', 'o2c.steward', '--scenario', 'order-to-cash', '--flow', 'order-to-erp-and-3pl', '--report', 'first.json'], dir);
    const runId = /^Run (\S+) /.exec(first.err.find((line) => line.startsWith('Run ')) ?? '')?.[1] ?? '';
    expect(runId).not.toBe('');
    const again = await run(['run', 'o2c.steward', '--scenario', 'order-to-cash', '--flow', 'order-to-erp-and-3pl', '--resume', runId, '--report', 'again.json'], dir);
    expect(again.err).toContain(`Resuming run ${runId}: 0 writes in doubt found done, not sent again.`);
    const [a, b] = ['first.json', 'again.json'].map((name) => JSON.parse(readFileSync(join(dir, name), 'utf8')) as { transactions: unknown[] });
    expect(b?.transactions).toEqual(a?.transactions);
  });

  it('reconciles against the sandbox: exit 0 when clean, 1 with the report of domain.md §7 when not, the same again offline from the snapshot', async () => {
    const dir = tempDir();
    await run(['new', 'o2c.steward', '--template', 'order-to-cash'], dir);
    const clean = await run(['reconcile', 'o2c.steward', '--scenario', 'order-to-cash', '--no-limits'], dir);
    expect(clean.code).toBe(0);
    expect(clean.lastErr).toMatch(/^35 records checked as of .*: 0 inconsistent in 0 incidents/);

    const drift = await run(['reconcile', 'o2c.steward', '--scenario', 'settlement-drift', '--no-limits', '--report', 'report.json', '--snapshot', 'drift.snapshot', '--audit', 'audit.html'], dir);
    expect(drift.code).toBe(1);
    const audit = readFileSync(join(dir, 'audit.html'), 'utf8');
    expect(audit).toContain('<strong>3 inconsistent</strong>');
    expect(audit).toContain('#1006');
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as { summary: { checked: number; inconsistent: number; byRule: Record<string, number> }; inconsistencies: { rule: string; entity: string; key: string; severity: string; observed: Record<string, unknown>; incident: string }[]; incidents: { id: string; count: number; keys: string[] }[] };
    expect(report.summary).toMatchObject({ checked: 35, inconsistent: 3, byRule: { 'payment-economics': 2, 'settlement-net': 1 } });
    expect(report.inconsistencies.map((entry) => `${entry.entity} ${entry.key} ${entry.rule}`)).toEqual(['Order 7000000006 payment-economics', 'Order 7000000014 payment-economics', 'Settlement stripe:po_sbx00000001 settlement-net']);
    for (const entry of report.inconsistencies) expect(report.incidents.find((incident) => incident.id === entry.incident)?.keys).toContain(entry.key);

    const offline = await run(['reconcile', 'o2c.steward', '--snapshot', 'drift.snapshot', '--offline', '--report', 'again.json'], dir);
    expect(offline.code).toBe(1);
    expect((JSON.parse(readFileSync(join(dir, 'again.json'), 'utf8')) as typeof report).inconsistencies).toEqual(report.inconsistencies);
  });

  it('exits 2 with the system and the reason last on stderr when a system cannot be read', async () => {
    const dir = tempDir();
    await run(['new', 'o2c.steward', '--template', 'order-to-cash'], dir);
    // Port 9 (discard) is closed on loopback: every connection is refused.
    const down = { baseUrl: 'http://127.0.0.1:9', options: {} };
    const systems = {
      shopify: { ...down, connector: 'shopify', credentials: { accessToken: 'x' } },
      netsuite: { ...down, connector: 'netsuite', credentials: { token: 'x' } },
      stripe: { ...down, connector: 'stripe', credentials: { secretKey: 'x' } },
      shipbob: { ...down, connector: 'shipbob', credentials: { token: 'x' }, options: { channelId: 1 } },
    };
    writeFileSync(join(dir, 'down.json'), JSON.stringify({ name: 'down', systems }));
    const result = await run(['reconcile', 'o2c.steward', '--env', 'down.json'], dir);
    expect(result.code).toBe(2);
    expect(result.lastErr).toMatch(/^Not reconciled: (shopify|netsuite|stripe|shipbob) \(http:\/\/127\.0\.0\.1:9\) could not be read: /);
  });

  it('puts the latest run’s dead letters into the incident of the records they left inconsistent: the bad import is one incident', async () => {
    const dir = tempDir();
    await run(['new', 'o2c.steward', '--template', 'order-to-cash'], dir);
    expect((await run(['run', 'o2c.steward', '--scenario', 'bad-product-import', '--flow', 'order-to-erp-and-3pl', '--no-limits'], dir)).code).toBe(1);
    const result = await run(['reconcile', 'o2c.steward', '--scenario', 'bad-product-import', '--no-limits', '--report', 'report.json'], dir);
    expect(result.code).toBe(1);
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as { incidents: { id: string; title: string; count: number; runFailures: number; rootCause: string }[]; runFailures: { state: string; nodeLabel: string; incident: string }[] };
    expect(report.incidents).toHaveLength(1);
    expect(report.incidents[0]).toMatchObject({ count: 200, runFailures: 200 });
    expect(report.incidents[0]?.rootCause).toContain('HAT-RED-L');
    expect(report.incidents[0]?.rootCause).toMatch(/The latest run failed on 200 transactions for it \(HTTP N: Invalid item reference key/);
    expect(new Set(report.runFailures.map((failure) => `${failure.state} ${failure.nodeLabel} ${failure.incident}`))).toEqual(new Set([`dead-lettered Upsert NetSuite sales order ${report.incidents[0]?.id ?? ''}`]));
  });
});
