import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { Sandbox } from '../src/main/sandbox/sandbox';
import { loadScenario } from '../src/main/sandbox/scenarios';
import { report } from './report';

/**
 * How fast a simulator answers, so it is never the bottleneck of a run:
 * keep-alive GETs of one record by id, and writes, from a load generator in
 * another process (bench/load-generator.mjs), 16 connections, 4 s measured
 * after 0.5 s of warm-up. Vendor rate limits are off, as in the runtime bench.
 */
interface LoadResult {
  completed: number;
  failed: number;
  elapsed: number;
  perSecond: number;
  p50: number;
  p99: number;
}

function load(origin: string, requests: readonly { method: string; path: string; headers: Record<string, string>; body?: string }[]): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(process.cwd(), 'bench', 'load-generator.mjs'), JSON.stringify({ origin, requests, connections: 16, durationMs: 4000, warmupMs: 500 })], { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(output) as LoadResult) : reject(new Error(`load generator exited ${String(code)}`))));
  });
}

const sandbox = await Sandbox.start({ scenario: loadScenario('order-to-cash'), seed: 1, limits: false });
try {
  const stripe = { authorization: `Bearer ${sandbox.credentials.stripe.secretKey}` };
  const netsuite = { authorization: `Bearer ${sandbox.credentials.netsuite.token}`, 'content-type': 'application/json' };
  const state = sandbox.state('netsuite') as { records: { customer: Record<string, { id: string }>; inventoryItem: Record<string, { id: string }> } };
  const customer = Object.keys(state.records.customer)[0] ?? '';
  const item = Object.keys(state.records.inventoryItem)[0] ?? '';

  const stripeGet = await load(sandbox.url('stripe'), [{ method: 'GET', path: '/v1/payment_intents/pi_sbx00000007', headers: stripe }]);
  const netsuiteGet = await load(sandbox.url('netsuite'), [{ method: 'GET', path: '/services/rest/record/v1/salesOrder/eid:shopify-7000000007', headers: netsuite }]);
  const stripeWrite = await load(sandbox.url('stripe'), [
    { method: 'POST', path: '/v1/payment_intents', headers: { ...stripe, 'content-type': 'application/x-www-form-urlencoded' }, body: 'amount=2500&currency=usd&capture_method=manual&metadata[shopify_order_id]=bench' },
  ]);
  const upserts = Array.from({ length: 100 }, (_, index) => ({
    method: 'PUT',
    path: `/services/rest/record/v1/salesOrder/eid:bench-${index}`,
    headers: netsuite,
    body: JSON.stringify({ entity: { id: customer }, otherRefNum: `#B${index}`, item: { items: [{ item: { id: item }, quantity: 2, rate: 25 }] } }),
  }));
  const netsuiteWrite = await load(sandbox.url('netsuite'), upserts);
  for (const [name, result] of Object.entries({ stripeGet, netsuiteGet, stripeWrite, netsuiteWrite })) {
    if (result.failed > 0) throw new Error(`${name}: ${result.failed} of ${result.completed} answers were not 2xx`);
  }
  report(
    'sandbox',
    [
      { name: 'Stripe GET payment_intent by id', value: stripeGet.perSecond, unit: 'req/s', goal: 10_000, direction: 'at-least' },
      { name: 'NetSuite GET salesOrder by eid', value: netsuiteGet.perSecond, unit: 'req/s', goal: 10_000, direction: 'at-least' },
      { name: 'Stripe POST payment_intents', value: stripeWrite.perSecond, unit: 'req/s', goal: 5_000, direction: 'at-least' },
      { name: 'NetSuite PUT salesOrder/eid upsert', value: netsuiteWrite.perSecond, unit: 'req/s', goal: 5_000, direction: 'at-least' },
      { name: 'GET p99 latency (Stripe)', value: stripeGet.p99, unit: 'ms', goal: 10, direction: 'at-most' },
    ],
    { connections: 16, measuredSeconds: 4, loadGenerator: 'separate process, undici Pool, keep-alive' },
  );
} finally {
  await sandbox.stop();
}
