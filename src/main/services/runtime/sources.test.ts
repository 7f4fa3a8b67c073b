import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { templatePlans } from '../../../../test/runtime/template-plans';
import { useTempDir } from '../../../../test/temp';
import type { PipelinePlan } from '../../../shared/compile/plan';
import { Sandbox } from '../../sandbox/sandbox';
import { loadScenario } from '../../sandbox/scenarios';
import { connectorsFor } from '../connectors/connectors';
import { triggerRecords } from './sources';

/**
 * A run against an environment reads what its webhook triggers would have
 * been sent: every captured payment, every refund (numbered within its
 * payment), every shipped shipment — from ShipBob, or from ShipStation after
 * the 3PL swap — as the same records the webhooks make.
 */
const tempDir = useTempDir();
let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await Sandbox.start({ scenario: loadScenario('settlement-drift'), seed: 2, limits: false });
});
afterAll(async () => {
  await sandbox.stop();
});

async function plans(threePl: 'shipbob' | 'shipstation'): Promise<{ byId: Map<string, PipelinePlan>; systems: readonly { id: string; connector: string }[] }> {
  const { plans: compiled, systems } = await templatePlans(tempDir(), { threePl });
  return { byId: new Map(compiled.map((plan) => [plan.flowId, plan])), systems };
}

async function read(plan: PipelinePlan | undefined, entry: string, systems: ReturnType<Sandbox['environment']>) {
  if (plan === undefined) throw new Error('no plan');
  const polled = await triggerRecords(plan, entry, connectorsFor(systems));
  if (typeof polled === 'string') throw new Error(polled);
  return polled.records;
}

describe('backfilling webhook triggers', () => {
  it('reads captured payments and numbered refunds from Stripe, and shipped shipments from ShipBob', async () => {
    const { byId } = await plans('shipbob');
    const environment = sandbox.environment();
    const stripe = sandbox.state('stripe') as { paymentIntents: Record<string, { status: string }>; refunds: Record<string, { payment_intent: string }> };
    const payments = await read(byId.get('payments-to-billing'), 'payment-captured', environment);
    expect(payments.map((payment) => payment.key).sort()).toEqual(Object.entries(stripe.paymentIntents).filter(([, intent]) => intent.status === 'succeeded').map(([id]) => id).sort());
    expect(payments[0]?.record).toMatchObject({ paymentIntentId: payments[0]?.key, orderId: expect.stringMatching(/^\d+$/) as string, currency: 'USD', status: 'succeeded' });

    const refunds = await read(byId.get('payments-to-billing'), 'refund-created', environment);
    expect(refunds.length).toBe(Object.keys(stripe.refunds).length);
    expect(refunds.length).toBeGreaterThan(0);
    // Numbered within their payment, as the ERP's credit memos are: 1, 2, … per order.
    for (const refund of refunds) expect(refund.record).toMatchObject({ refundId: refund.key, sequence: expect.any(Number) as number, orderId: expect.stringMatching(/^\d+$/) as string });

    const shipbob = sandbox.state('shipbob') as { orders: Record<string, { shipments: { status: string }[] }> };
    const shipped = Object.values(shipbob.orders).flatMap((order) => order.shipments).filter((shipment) => shipment.status === 'Completed' || shipment.status === 'Delivered');
    const shipments = await read(byId.get('shipment-to-storefront-and-erp'), 'order-shipped', environment);
    expect(shipments).toHaveLength(shipped.length);
    expect(shipments[0]?.record).toMatchObject({ orderId: expect.stringMatching(/^\d+$/) as string, trackingNumber: expect.any(String) as string, lines: expect.arrayContaining([{ sku: expect.any(String) as string, quantity: expect.any(Number) as number }]) as unknown });
  });

  it('reads shipments from ShipStation once the 3PL is swapped', async () => {
    // The merchant moved to ShipStation: its shipments are there, and the project's 3PL is bound to it.
    const moved = await Sandbox.start({ scenario: loadScenario('3pl-swap'), seed: 2, limits: false });
    try {
      const { byId, systems } = await plans('shipstation');
      const shipments = await read(byId.get('shipment-to-storefront-and-erp'), 'order-shipped', moved.environmentFor(systems));
      const stored = Object.values((moved.state('shipstation') as { shipments: Record<string, { voided?: boolean }> }).shipments).filter((shipment) => shipment.voided !== true);
      expect(stored.length).toBeGreaterThan(0);
      expect(shipments).toHaveLength(stored.length);
      expect(shipments[0]?.record).toMatchObject({ orderId: expect.stringMatching(/^\d+$/) as string, status: 'Completed' });
    } finally {
      await moved.stop();
    }
  });
});
