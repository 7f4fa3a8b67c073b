import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NETSUITE_CONCURRENCY } from '../src/main/sandbox/netsuite/simulator';
import { SHIPBOB_RATE_LIMIT } from '../src/main/sandbox/shipbob/simulator';
import { SHOPIFY_BUCKET } from '../src/main/sandbox/shopify/simulator';
import { connectorsFor } from '../src/main/services/connectors/connectors';
import type { NetSuiteConnector } from '../src/main/services/connectors/netsuite';
import type { ShopifyConnector } from '../src/main/services/connectors/shopify';
import type { EnvironmentFile } from '../src/shared/environment/environment-file';
import { parseEnvironmentFile } from '../src/shared/environment/environment-file';
import { readSnapshot, writeSnapshot } from '../src/main/services/reconcile/snapshot-file';
import { reconcileSnapshot, takeSnapshot } from '../src/main/services/reconcile/reconcile';
import { shopifyFulfilment } from '../src/main/services/runtime/codecs/shopify-fulfilment';
import { ProjectTemplate } from '../src/shared/model/template';
import type { Snapshot } from '../src/shared/reconcile/snapshot';
import { TableBuilder } from '../src/shared/reconcile/table';
import type { Figure } from './report';
import { untilReady } from './processes';
import { report } from './report';

/**
 * The reconciler at scale: a million orders across the template's systems
 * (storefront, ERP, payments, 3PL), from a snapshot in the reconciler's own
 * cache format, read, joined and judged in a fresh process whose peak memory
 * is measured. One order in a thousand is planted inconsistent, in the ways
 * the scenario packs plant them, and every one must be found.
 */
const ORDERS = Number(process.env['RECONCILE_ORDERS'] ?? 1_000_000);
const template = ProjectTemplate.parse(JSON.parse(readFileSync(join(process.cwd(), 'resources', 'templates', 'order-to-cash.json'), 'utf8')));
const model = template.model;

const SKUS = ['TEE-BLK-M', 'TEE-BLK-L', 'TEE-WHT-M', 'HOODIE-GRY-L', 'CAP-NVY', 'MUG-01', 'TOTE-NAT', 'SOCK-3PK', 'BEANIE-BLK', 'POSTER-A2'];
const PRICES = [2500, 2500, 2500, 6500, 2200, 1800, 1500, 1400, 2000, 3000];
const START = Date.parse('2026-11-20T09:00:00.000Z');
const HOUR = 3_600_000;

/** A deterministic pseudo-random sequence (mulberry32), so every run judges the same world. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function buildSnapshot(): { snapshot: Snapshot; planted: number } {
  const next = random(42);
  const shopify = new TableBuilder();
  const netsuite = new TableBuilder();
  const stripe = new TableBuilder();
  const shipbob = new TableBuilder();
  let planted = 0;
  for (let index = 0; index < ORDERS; index += 1) {
    const key = String(7_000_000_001 + index);
    const name = `#${1001 + index}`;
    const placed = new Date(START - 30 * 24 * HOUR + Math.floor((index / ORDERS) * 29 * 24 * HOUR)).toISOString();
    const lines = Array.from({ length: 1 + Math.floor(next() * 3) }, (_, line) => {
      const sku = (index + line * 3) % SKUS.length;
      return { sku: SKUS[sku] ?? '', quantity: 1 + Math.floor(next() * 3), price: PRICES[sku] ?? 0 };
    });
    const total = lines.reduce((sum, line) => sum + line.quantity * line.price, 0) + 595;
    const refunded = index % 50 === 0 ? 1500 : 0;
    const shipped = index % 10 < 6;
    // One order in a thousand is planted: missing downstream, refunded without a credit memo, or shipped but not fulfilled.
    // (None in the last hundredth: those are still within their SLA, in flight.)
    const plant = index % 1000 === 500 && index < ORDERS * 0.99 ? index % 3000 === 500 ? 'missing' : index % 3000 === 1500 ? 'no-credit-memo' : 'not-fulfilled' : null;
    if (plant !== null) planted += 1;
    shopify.add({
      key,
      id: key,
      fields: { name, placedAt: placed, updatedAt: placed, currency: 'USD', total: total + 0, captured: total, refunded: plant === 'no-credit-memo' ? refunded + 1500 : refunded, cancelled: false, financialStatus: 'PAID', fulfillmentStatus: shipped ? 'FULFILLED' : 'UNFULFILLED' },
      lines: lines.map((line) => ({ sku: line.sku, quantity: line.quantity, fulfilled: shipped && plant !== 'not-fulfilled' ? line.quantity : 0 })),
    });
    stripe.add({ key, id: `pi_${index}`, fields: { status: 'succeeded', currency: 'USD', total, captured: total, refunded: plant === 'no-credit-memo' ? refunded + 1500 : refunded, createdAt: placed } });
    if (plant === 'missing') continue;
    netsuite.add({
      key: key,
      id: String(100 + index),
      fields: { name, createdAt: placed, currency: 'USD', total, billed: total, credited: refunded, status: 'Billed' },
      lines: lines.map((line) => ({ sku: line.sku, quantity: line.quantity, fulfilled: shipped ? line.quantity : 0 })),
    });
    shipbob.add({
      key: key,
      id: String(500_000 + index),
      fields: { name, status: shipped ? 'Fulfilled' : 'Processing', createdAt: placed, shippedAt: shipped ? new Date(Date.parse(placed) + 6 * HOUR).toISOString() : null },
      lines: lines.map((line) => ({ sku: line.sku, quantity: line.quantity, shipped: shipped ? line.quantity : 0 })),
    });
  }
  const stock = (available: (index: number) => number) => {
    const table = new TableBuilder();
    SKUS.forEach((sku, index) => table.add({ key: sku, id: sku, fields: { available: available(index), onHand: available(index) + 10 } }));
    return table.finish();
  };
  const payouts = new TableBuilder();
  const deposits = new TableBuilder();
  for (let index = 0; index < ORDERS / 1000; index += 1) {
    payouts.add({ key: `po_${index}`, id: `po_${index}`, fields: { amount: 100_000 + index, net: 100_000 + index, fees: 3_000, status: 'paid', currency: 'USD' } });
    deposits.add({ key: `po_${index}`, id: String(9_000 + index), fields: { deposited: 100_000 + index, currency: 'USD' } });
  }
  const snapshot: Snapshot = {
    takenAt: new Date(START).toISOString(),
    reservations: {},
    systems: [
      { system: 'shopify', vendor: 'shopify', role: 'storefront', tables: { Order: shopify.finish(), InventoryLevel: stock((index) => 50 + index) }, skipped: [] },
      { system: 'netsuite', vendor: 'netsuite', role: 'erp', tables: { Order: netsuite.finish(), InventoryLevel: stock((index) => 50 + index), Settlement: deposits.finish() }, skipped: [] },
      { system: 'stripe', vendor: 'stripe', role: 'payments', tables: { Order: stripe.finish(), Settlement: payouts.finish() }, skipped: [] },
      { system: 'shipbob', vendor: 'shipbob', role: '3pl', tables: { Order: shipbob.finish() }, skipped: [] },
    ],
  };
  return { snapshot, planted };
}

/** The measured part, in a process of its own: read the cache, join, judge, report. */
function judgeFromCache(path: string): void {
  const started = performance.now();
  const snapshot = readSnapshot(path);
  const loaded = performance.now();
  const result = reconcileSnapshot(model, snapshot, { environment: 'bench' });
  const done = performance.now();
  process.stdout.write(
    `${JSON.stringify({ load: loaded - started, join: result.timings.join, judge: result.timings.judge, total: done - started, inconsistent: result.summary.inconsistent, checked: result.summary.checked, incidents: result.summary.incidents, maxRssMiB: process.resourceUsage().maxRSS / 1024 })}\n`,
  );
}

/**
 * The live half: a merchant of LIVE orders in the sandbox, in a process of
 * its own with the vendors' limits on (Shopify Plus: 20,000 points, 1,000 a
 * second; NetSuite: 5 requests at once; ShipBob: 150 a minute), read through
 * the connectors and judged. The floor is what those limits allow at best:
 * Shopify's points spent beyond the full bucket at its refill rate; NetSuite's
 * requests, five at a time, at the latency of one on an idle server;
 * ShipBob's requests beyond its first minute's 150; Stripe's at its published
 * 100 a second. Systems are read at once, so the floor is the largest of them.
 */
const LIVE = Number(process.env['RECONCILE_LIVE'] ?? 10_000);

async function startSandbox(root: string, orders: number): Promise<{ environment: EnvironmentFile; stop: () => void }> {
  const dir = mkdtempSync(join(tmpdir(), 'steward-reconcile-bench-'));
  const envFile = join(dir, 'env.json');
  const child = spawn(process.execPath, [join(root, 'dist', 'node', 'cli.js'), 'sandbox', '--orders', String(orders), '--env-out', envFile], { stdio: ['ignore', 'pipe', 'pipe'] });
  await untilReady(child, /Ready in/);
  const parsed = parseEnvironmentFile(readFileSync(envFile, 'utf8'), envFile);
  if (!parsed.ok) throw new Error('the sandbox wrote a bad environment file');
  return { environment: parsed.value, stop: () => child.kill() };
}

async function live(root: string): Promise<Figure[]> {
  const sandbox = await startSandbox(root, LIVE);
  try {
    const connectors = connectorsFor(sandbox.environment);
    const netsuite = connectors.get('netsuite') as NetSuiteConnector;
    // One request at a time on the idle server: the latency the floor multiplies.
    const first = await netsuite.list('salesOrder', { limit: 1 }).next();
    const sampleId = (first.value as { id: string }[] | undefined)?.[0]?.id ?? '1';
    const single: number[] = [];
    for (let index = 0; index < 100; index += 1) {
      const started = performance.now();
      await netsuite.get('salesOrder', sampleId, true);
      single.push(performance.now() - started);
    }
    single.sort((a, b) => a - b);
    const latency = single[Math.floor(single.length / 2)] ?? 1;

    const started = performance.now();
    // Records read per system and kind, as the readers report them: NetSuite's are one GET each.
    const readCounts = new Map<string, number>();
    const snapshot = await takeSnapshot(model, sandbox.environment, { connectors, progress: (system, what, records) => readCounts.set(`${system} ${what}`, Math.max(records, readCounts.get(`${system} ${what}`) ?? 0)) });
    const read = performance.now() - started;
    const result = reconcileSnapshot(model, snapshot, { environment: 'sandbox' });
    const total = performance.now() - started;
    if (result.summary.byEntity['Order']?.checked !== LIVE) throw new Error(`judged ${String(result.summary.byEntity['Order']?.checked)} orders of ${LIVE}`);

    const size = (system: string, entity: 'Order' | 'InventoryLevel' | 'Settlement'): number => snapshot.systems.find((entry) => entry.system === system)?.tables[entity]?.size ?? 0;
    const points = (connectors.get('shopify') as ShopifyConnector).pointsSpent;
    const shopifyFloor = Math.max(0, points - SHOPIFY_BUCKET.maximumAvailable) / SHOPIFY_BUCKET.restoreRate;
    // The reader's NetSuite requests: a GET per record of each type (and one for each stock item's locations), plus a list page per thousand.
    const gets = [...readCounts].filter(([what]) => what.startsWith('netsuite ')).reduce((sum, [, count]) => sum + count, 0);
    const netsuiteRequests = gets + [...readCounts].filter(([what]) => what.startsWith('netsuite ') && what !== 'netsuite stock levels').reduce((sum, [, count]) => sum + Math.max(1, Math.ceil(count / 1000)), 0);
    const netsuiteFloor = (netsuiteRequests * latency) / NETSUITE_CONCURRENCY / 1000;
    const shipbobRequests = Math.ceil(size('shipbob', 'Order') / 250);
    const shipbobFloor = Math.max(0, Math.ceil((shipbobRequests - SHIPBOB_RATE_LIMIT) / SHIPBOB_RATE_LIMIT)) * 60;
    const stripeRequests = Math.ceil(size('stripe', 'Order') / 100) + size('stripe', 'Settlement') + 2;
    const stripeFloor = stripeRequests / 100;
    const floor = Math.max(shopifyFloor, netsuiteFloor, shipbobFloor, stripeFloor);
    // An incremental re-run after ten orders were fulfilled in the storefront: only what changed is read.
    const orders = snapshot.systems.find((system) => system.system === 'shopify')?.tables.Order;
    const fulfil = shopifyFulfilment(connectors.get('shopify') as ShopifyConnector);
    let changed = 0;
    for (let index = Math.floor(LIVE * 0.7); changed < 10; index += 1) {
      const key = String(7_000_000_001 + index);
      const row = orders?.index().get(key);
      if (row === undefined) break;
      const written = await fulfil.write({ orderId: key, lines: orders?.record(row).lines ?? [], trackingNumber: `BENCH${index}` }, `shopify-${key}`, 'create');
      if (written.outcome.kind === 'ok') changed += 1;
    }
    const counted = new Map<string, number>();
    const againStarted = performance.now();
    const again = await takeSnapshot(model, sandbox.environment, { connectors, previous: snapshot, progress: (system, what, records) => counted.set(`${system} ${what}`, records) });
    const incremental = reconcileSnapshot(model, again, { environment: 'sandbox', incremental: true });
    const againTotal = performance.now() - againStarted;
    if (incremental.summary.byEntity['Order']?.checked !== LIVE) throw new Error('the incremental re-run lost orders');
    liveNotes = { incrementalShopifyOrdersRead: counted.get('shopify orders') ?? 0, incrementalFulfilled: changed, incrementalInconsistent: incremental.summary.inconsistent, incrementalRead: Object.fromEntries(incremental.systems.map((system) => [system.id, system.read])) };
    incrementalFigures = [{ name: `incremental re-run after ${changed} orders changed`, value: againTotal / 1000, unit: 's', goal: 0, direction: 'reference' }];
    liveNotes = { ...liveNotes, liveOrders: LIVE, shopifyPoints: points, shopifyFloorS: shopifyFloor, netsuiteRequests, netsuiteLatencyMs: latency, netsuiteFloorS: netsuiteFloor, shipbobFloorS: shipbobFloor, stripeFloorS: stripeFloor, liveInconsistent: result.summary.inconsistent };
    return [
      { name: `${LIVE.toLocaleString('en-US')} orders read live and reconciled`, value: total / 1000, unit: 's', goal: 0, direction: 'reference' },
      { name: 'floor the vendors\' limits allow', value: floor, unit: 's', goal: 0, direction: 'reference' },
      { name: 'live time ÷ floor', value: total / 1000 / floor, unit: '×', goal: 1.5, direction: 'at-most' },
      { name: 'reading (all systems at once)', value: read / 1000, unit: 's', goal: 0, direction: 'reference' },
      ...incrementalFigures,
    ];
  } finally {
    sandbox.stop();
  }
}

let liveNotes: Record<string, unknown> = {};
let incrementalFigures: Figure[] = [];

if (process.argv[2] === '--judge') {
  judgeFromCache(process.argv[3] ?? '');
} else {
  const cache = join(process.cwd(), 'node_modules', '.cache', 'bench');
  mkdirSync(cache, { recursive: true });
  const path = join(cache, `reconcile-${ORDERS}.snapshot`);
  const plantedPath = `${path}.planted`;
  let planted: number;
  if (!existsSync(path) || !existsSync(plantedPath)) {
    process.stderr.write(`Building a snapshot of ${ORDERS.toLocaleString('en-US')} orders in four systems (once; it is cached)…\n`);
    const built = buildSnapshot();
    writeSnapshot(path, built.snapshot);
    writeSnapshot(plantedPath, { takenAt: String(built.planted), reservations: {}, systems: [] });
    planted = built.planted;
  } else {
    planted = Number(readSnapshot(plantedPath).takenAt);
  }
  const child = spawnSync(process.execPath, [process.argv[1] ?? '', '--judge', path], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 24 });
  if (child.status !== 0) throw new Error(`the judging process failed (exit ${String(child.status)})`);
  const liveFigures = LIVE > 0 ? await live(process.cwd()) : [];
  const measured = JSON.parse(child.stdout.trim().split('\n').at(-1) ?? '{}') as { load: number; join: number; judge: number; total: number; inconsistent: number; checked: number; incidents: number; maxRssMiB: number };
  if (measured.inconsistent !== planted) throw new Error(`found ${measured.inconsistent} inconsistencies, planted ${planted}`);
  report(
    'reconcile',
    [
      { name: `${ORDERS.toLocaleString('en-US')} orders end to end (load + join + judge)`, value: measured.total / 1000, unit: 's', goal: 15, direction: 'at-most' },
      { name: 'join', value: measured.join / 1000, unit: 's', goal: 2, direction: 'at-most' },
      { name: 'peak memory (RSS)', value: measured.maxRssMiB, unit: 'MiB', goal: 1024, direction: 'at-most' },
      { name: 'load from cache', value: measured.load / 1000, unit: 's', goal: 0, direction: 'reference' },
      { name: 'judge', value: measured.judge / 1000, unit: 's', goal: 0, direction: 'reference' },
      ...liveFigures,
    ],
    { ...liveNotes, orders: ORDERS, planted, found: measured.inconsistent, checked: measured.checked, incidents: measured.incidents, cacheBytes: statSync(path).size },
  );
}
