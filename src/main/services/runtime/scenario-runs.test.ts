import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { templatePlans } from '../../../../test/runtime/template-plans';
import { useTempDir } from '../../../../test/temp';
import type { PipelinePlan } from '../../../shared/compile/plan';
import type { RuntimeAnswer, ScenarioPack } from '../../../shared/sandbox/scenario';
import { Sandbox } from '../../sandbox/sandbox';
import { loadScenario, scenarioNames } from '../../sandbox/scenarios';
import { connectorFor } from '../connectors/connectors';
import { StripeConnector } from '../connectors/stripe';
import type { RunReport } from './run-session';
import { executeRun } from './run-session';

/**
 * The template's four flows run against the sandbox for every scenario pack,
 * its history arriving as signed webhooks: each pack's run-time answer key is
 * checked against the run report and the simulators' own state afterwards.
 * Every answer in every pack must have a check here — a new answer without
 * one fails the suite.
 */
const tempDir = useTempDir();

interface Outcome {
  readonly report: RunReport;
  readonly sandbox: Sandbox;
}

/** Runs the pack; the sandbox is left open for the checks to read, and stopped after. */
async function runPack(pack: ScenarioPack, plans: PipelinePlan[], check: (outcome: Outcome) => void | Promise<void>): Promise<void> {
  // Rate limits stay on where the pack is about them; elsewhere they only slow the suite.
  const limits = pack.answers.runtime.some((answer) => /429|throttl|storm/i.test(`${answer.fault} ${answer.note}`));
  const sandbox = await Sandbox.start({ scenario: pack, seed: 1, limits });
  try {
    const report = await executeRun({ plans, environment: sandbox.environment(), journalPath: join(tempDir(), 'run.journal'), runId: `run-${pack.name}`, resume: false, scenario: pack.name, replay: () => sandbox.replayHistory(), quietMs: 600, log: () => undefined });
    await check({ report, sandbox });
  } finally {
    await sandbox.stop();
  }
}

function fail(message: string): never {
  throw new Error(message);
}

const ofFlow = (report: RunReport, flow: string) => report.transactions.filter((transaction) => transaction.flow === flow);

/** What a correct runtime does with each injected fault, by the answer it meets. */
const CHECKS: { readonly matches: (answer: RuntimeAnswer) => boolean; readonly check: (outcome: Outcome, answer: RuntimeAnswer) => void | Promise<void> }[] = [
  {
    // silent-failure: NetSuite accepts then drops upserts — a 2xx alone is no ack.
    matches: (answer) => answer.fault.startsWith('accept-then-drop'),
    check: ({ report, sandbox }) => {
      const unacked = ofFlow(report, 'order-to-erp-and-3pl').filter((transaction) => transaction.state === 'unacknowledged');
      expect(unacked.length).toBeGreaterThan(0);
      const salesOrders = Object.values((sandbox.state('netsuite') as { records: { salesOrder: Record<string, { externalId?: string }> } }).records.salesOrder);
      for (const transaction of unacked) {
        expect(transaction.reason).toBe(`sales order eid:shopify-${transaction.key} is not in NetSuite on read-back`);
        // Reported unacknowledged exactly because the record is not there: nothing missing is counted a success.
        expect(salesOrders.some((order) => order.externalId === `shopify-${transaction.key}`)).toBe(false);
      }
      for (const transaction of ofFlow(report, 'order-to-erp-and-3pl').filter((entry) => entry.state === 'succeeded')) {
        expect(salesOrders.some((order) => order.externalId === `shopify-${transaction.key}`)).toBe(true);
      }
    },
  },
  {
    // bad-product-import: 200 orders with an unknown SKU — dead-lettered with NetSuite's own reason.
    matches: (answer) => answer.fault.includes('INVALID_KEY_OR_REF'),
    check: ({ report }) => {
      const rejected = report.transactions.filter((transaction) => transaction.failingNode === 'upsert-sales-order');
      expect(rejected).toHaveLength(200);
      for (const transaction of rejected) expect(transaction).toMatchObject({ state: 'dead-lettered', reason: expect.stringMatching(/^HTTP 400: Invalid item reference key null for line \d+\.$/) as string });
    },
  },
  {
    // double-write: stock writes race a blind overwrite — compare-and-set from a fresh read, never forced.
    matches: (answer) => answer.endpoint === 'graphql' && answer.fault.includes('blind overwrite'),
    check: ({ report, sandbox }) => {
      const stock = ofFlow(report, 'stock').filter((transaction) => transaction.failingNode === 'set-storefront-stock' || transaction.failingNode === 'stock-acked');
      for (const transaction of stock) expect(transaction.reason).toMatch(/another writer is racing|Shopify shows/);
      // No blind overwrite of stock came from the run (the scenario's own second writer bypasses the API).
      expect(sandbox.counters.list('shopify').filter((entry) => entry.endpoint === 'inventory.blind-overwrite')).toEqual([]);
      expect(sandbox.counters.list('shopify').some((entry) => entry.endpoint === 'graphql')).toBe(true);
    },
  },
  {
    // double-write: the second writer itself is the reconciler's to report; the run's own writes are acked or say why.
    matches: (answer) => answer.endpoint === 'stock-writer',
    check: ({ report }) => {
      // The raced SKU was published by compare-and-set like every other, and its outcome is acked or says why;
      // the drift the second writer leaves behind is for the reconciler (issue 8) to report.
      const raced = ofFlow(report, 'stock').find((transaction) => transaction.key === 'TEE-BLK-M');
      expect(raced).toBeDefined();
      expect(raced?.state === 'succeeded' || /Shopify shows \d+ available for TEE-BLK-M|another writer is racing/.test(raced?.reason ?? '')).toBe(true);
    },
  },
  {
    // out-of-order-events: Stripe's events arrive newest first — state is read from Stripe, so every capture and refund lands once.
    matches: (answer) => answer.fault.includes('reverse order'),
    check: ({ report, sandbox }) => {
      const billing = ofFlow(report, 'payments-to-billing');
      expect(billing.length).toBeGreaterThan(0);
      expect(billing.filter((transaction) => transaction.state !== 'succeeded')).toEqual([]);
      const stripe = sandbox.state('stripe') as { refunds: Record<string, { payment_intent: string }>; paymentIntents: Record<string, { id: string; metadata: Record<string, string> }> };
      const netsuite = sandbox.state('netsuite') as { records: { creditMemo: Record<string, { externalId?: string }> } };
      // One credit memo per refund: the order's n-th refund is credit memo shopify-<order>-refund-<n>, never two.
      const memos = Object.values(netsuite.records.creditMemo).map((memo) => memo.externalId);
      expect(new Set(memos).size).toBe(memos.length);
      const refundsByOrder = new Map<string, number>();
      for (const refund of Object.values(stripe.refunds)) {
        const order = Object.values(stripe.paymentIntents).find((intent) => intent.id === refund.payment_intent)?.metadata['shopify_order_id'] ?? '';
        refundsByOrder.set(order, (refundsByOrder.get(order) ?? 0) + 1);
      }
      for (const [order, count] of refundsByOrder) {
        for (let n = 1; n <= count; n += 1) expect(memos).toContain(`shopify-${order}-refund-${n}`);
      }
    },
  },
  {
    // rate-limit-storm: Shopify THROTTLED forty times, NetSuite 429s — waited out, nothing skipped.
    matches: (answer) => /throttled|429/i.test(answer.fault),
    check: ({ report }) => {
      expect(report.transactions.filter((transaction) => /429|THROTTLED|CONCURRENCY/.test(transaction.reason ?? ''))).toEqual([]);
      expect(ofFlow(report, 'order-to-erp-and-3pl')).toHaveLength(24);
      expect(report.summary.succeeded).toBe(report.summary.transactions);
    },
  },
  {
    // shipped-not-fulfilled: 20 % of ShipBob's webhooks carry a bad signature — refused and reported, never processed.
    matches: (answer) => answer.fault.includes('bad signature'),
    check: ({ report, sandbox }) => {
      expect(report.webhooks.refused).toBeGreaterThan(0);
      expect(report.webhooks.refusals.every((refusal) => refusal.system === 'shipbob' && /signature/.test(refusal.reason))).toBe(true);
      const badlySigned = sandbox.log.recent(2000).filter((entry) => entry.kind === 'webhook' && entry.fault === 'bad-signature');
      expect(badlySigned.length).toBeGreaterThan(0);
      expect(badlySigned.every((entry) => entry.status === 401)).toBe(true);
      // The shipments whose every delivery was forged never became transactions.
      expect(ofFlow(report, 'shipment-to-storefront-and-erp').length).toBeLessThan(14);
    },
  },
  {
    // webhook-redelivery: every Shopify webhook twice under one event id — one transaction, one sales order, one 3PL order each.
    matches: (answer) => answer.fault.includes('delivered twice'),
    check: ({ report, sandbox }) => {
      expect(report.webhooks.duplicates).toBeGreaterThanOrEqual(24);
      expect(ofFlow(report, 'order-to-erp-and-3pl')).toHaveLength(24);
      const upserts = sandbox.counters.list('netsuite').filter((entry) => entry.endpoint === 'salesOrder.upsert');
      expect(upserts.length).toBe(24);
      expect(upserts.every((entry) => entry.count === 1)).toBe(true);
      const references = Object.values((sandbox.state('shipbob') as { orders: Record<string, { reference_id: string }> }).orders).map((order) => order.reference_id);
      expect(new Set(references).size).toBe(references.length);
    },
  },
  {
    // api-version-drift (Stripe): the account is pinned to 2022-08-01; the connector asks in its own version.
    matches: (answer) => answer.system === 'stripe' && answer.fault.includes('API version'),
    check: async ({ report, sandbox }) => {
      const stripe = connectorFor('stripe', sandbox.environment().systems['stripe'] ?? fail('no stripe'));
      if (!(stripe instanceof StripeConnector)) return fail('not the Stripe connector');
      const page = await stripe.list('/v1/payment_intents', { limit: 1 }).next();
      const first: { id: string } | undefined = page.done === true ? undefined : page.value[0];
      const intent = await stripe.get(`/v1/payment_intents/${first?.id ?? ''}`);
      // 2022-08-01 has no latest_charge; the connector's own version does.
      expect(intent.ok && Object.hasOwn(intent.value as object, 'latest_charge')).toBe(true);
      expect(ofFlow(report, 'payments-to-billing').every((transaction) => transaction.state === 'succeeded')).toBe(true);
    },
  },
  {
    // api-version-drift (Shopify): InventoryLevel.available is gone in 2026-01; Steward reads quantities(names:) and is unaffected.
    // Reporting the drift on the node is the reconciler's schema-drift work (issue 8).
    matches: (answer) => answer.system === 'shopify' && answer.fault.includes('available removed'),
    check: ({ report }) => {
      expect(ofFlow(report, 'stock').length).toBeGreaterThan(0);
      expect(ofFlow(report, 'stock').filter((transaction) => transaction.state !== 'succeeded')).toEqual([]);
    },
  },
];

describe('the template against every scenario pack', () => {
  const packs = scenarioNames().map((name) => loadScenario(name));

  it('has a check for every run-time answer in every pack', () => {
    const unchecked = packs.flatMap((pack) => pack.answers.runtime.filter((answer) => !CHECKS.some((entry) => entry.matches(answer))).map((answer) => `${pack.name}: ${answer.fault}`));
    expect(unchecked).toEqual([]);
  });

  for (const pack of packs) {
    it(`${pack.name}: ${pack.answers.runtime.length === 0 ? 'runs to the end, every transaction in a final state with its reason' : pack.answers.runtime.map((answer) => `${answer.expect}s ${answer.fault}`).join('; ')}`, async () => {
      const { plans } = await templatePlans(tempDir());
      await runPack(pack, plans, async (outcome) => {
        const { report } = outcome;
        expect(report.summary.transactions).toBeGreaterThan(0);
        for (const transaction of report.transactions) {
          expect(['succeeded', 'dead-lettered', 'unacknowledged', 'filtered', 'failed']).toContain(transaction.state);
          if (transaction.state !== 'succeeded') expect(transaction.reason, `${transaction.flow}:${transaction.key}`).toBeTruthy();
          // A failure of Steward's own making would be a bug, not a finding.
          expect(transaction.reason ?? '').not.toMatch(/not wired|cannot (read|write|take)|TypeError|undefined/);
        }
        for (const answer of pack.answers.runtime) {
          for (const entry of CHECKS.filter((candidate) => candidate.matches(answer))) await entry.check(outcome, answer);
        }
      });
    }, 60_000);
  }
});
