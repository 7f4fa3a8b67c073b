import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../../../test/temp';
import { compileFlow } from '../../../shared/compile/compile-flow';
import type { PipelinePlan } from '../../../shared/compile/plan';
import type { Outcome } from '../../../shared/runtime/failure';
import { loadTemplate } from '../templates';
import type { Effects } from './executor';
import { Executor } from './executor';
import { Journal } from './journal';

/**
 * The executor over the template's real flows and a real journal; the
 * systems are a small in-memory staging stand-in at the edge (the vendor
 * effects over connectors are tested against the sandbox on their own).
 */
const tempDir = useTempDir();
const template = loadTemplate('order-to-cash');
const plan = (flowId: string): PipelinePlan => {
  const compiled = compileFlow(template.model, template.flows, flowId);
  if (!compiled.ok) throw new Error(compiled.diagnostics.map((entry) => entry.message).join('\n'));
  return compiled.plan;
};

class Staging implements Effects {
  readonly stored = new Map<string, unknown>();
  readonly sends: string[] = [];
  writeOutcome: (key: string, system: string) => Outcome = () => ({ kind: 'ok' });
  dropAck = new Set<string>();
  available = 0;
  confirmed = 0;
  read = (): Promise<{ outcome: Outcome; record: Record<string, unknown> }> => Promise.resolve({ outcome: { kind: 'ok' }, record: {} });
  write(step: Parameters<Effects['write']>[0], record: Record<string, unknown>, key: string) {
    this.sends.push(`${step.system}:${key}`);
    const outcome = this.writeOutcome(key, step.system);
    // An unknown outcome here means the write took effect but its answer was lost.
    if (outcome.kind === 'ok' || outcome.kind === 'unknown') this.stored.set(`${step.system}:${key}`, record);
    return Promise.resolve(outcome.kind === 'ok' ? { outcome, response: { id: key } } : { outcome });
  }
  lookup(step: Parameters<Effects['lookup']>[0], _record: Record<string, unknown>, key: string) {
    const found = this.stored.get(`${step.system}:${key}`);
    return Promise.resolve(found === undefined ? { found: false } : { found: true, response: { id: key } });
  }
  ack(_step: Parameters<Effects['ack']>[0], write: Parameters<Effects['ack']>[1]) {
    const key = `${write.step.system}:${write.idempotencyKey}`;
    const acked = this.stored.has(key) && !this.dropAck.has(key);
    return Promise.resolve({ acked, reason: acked ? 'read back' : `${key} was accepted but is not there on read-back` });
  }
  request() {
    const confirmed = this.confirmed < this.available;
    if (confirmed) this.confirmed += 1;
    return Promise.resolve({ confirmed, reason: confirmed ? 'confirmed' : `0 available to promise` });
  }
}

const order = (id: number) => ({ key: String(id), record: { orderId: String(id), name: `#${id}`, placedAt: '2026-11-20T09:00:00Z', customerEmail: `c${id}@example.com`, currency: 'USD', subtotal: 1000, shipping: 500, tax: 80, total: 1580 } });

describe('the executor', () => {
  it('runs the template’s order flow: upserts into the ERP, then the 3PL, each acked; all journaled', async () => {
    const journal = Journal.open(join(tempDir(), 'run.journal'));
    journal.startRun({ id: 'run-1', flows: ['order-to-erp-and-3pl'], environment: 'staging', scenario: null });
    const staging = new Staging();
    const results = await new Executor(plan('order-to-erp-and-3pl'), journal, staging, 'run-1').run([order(1001), order(1002), order(1003)]);
    expect(results.map((result) => result.state)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    expect(staging.sends.filter((send) => send.startsWith('netsuite:'))).toEqual(['netsuite:shopify-1001', 'netsuite:shopify-1002', 'netsuite:shopify-1003']);
    expect(staging.stored.get('netsuite:shopify-1002')).toMatchObject({ orderId: '1002', total: 1580 });
    expect(journal.transactions('run-1').map((transaction) => transaction.state)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    journal.close();
  });

  it('dead-letters a rejected write with its node and reason, flags a missing ack, and leaves the others alone', async () => {
    const journal = Journal.open(join(tempDir(), 'run.journal'));
    journal.startRun({ id: 'run-1', flows: ['order-to-erp-and-3pl'], environment: 'staging', scenario: null });
    const staging = new Staging();
    staging.writeOutcome = (key, system) => (system === 'netsuite' && key === 'shopify-1002' ? { kind: 'permanent', reason: 'HTTP 400: Invalid item reference key' } : { kind: 'ok' });
    staging.dropAck.add('shipbob:shopify-1003');
    const results = await new Executor(plan('order-to-erp-and-3pl'), journal, staging, 'run-1').run([order(1001), order(1002), order(1003)]);
    expect(results).toEqual([
      // The last write's answer travels with a success (a replying webhook answers with it).
      { id: 'order-to-erp-and-3pl:1001', key: '1001', state: 'succeeded', response: { id: 'shopify-1001' } },
      { id: 'order-to-erp-and-3pl:1002', key: '1002', state: 'dead-lettered', failingNode: 'upsert-sales-order', reason: 'HTTP 400: Invalid item reference key' },
      { id: 'order-to-erp-and-3pl:1003', key: '1003', state: 'unacknowledged', failingNode: '3pl-order-acked', reason: 'shipbob:shopify-1003 was accepted but is not there on read-back' },
    ]);
    // The rejected order never reached the 3PL.
    expect(staging.sends).not.toContain('shipbob:shopify-1002');
    journal.close();
  });

  it('after a crash, looks an unknown write up instead of sending it again, and resumes with one effect', async () => {
    const path = join(tempDir(), 'run.journal');
    const staging = new Staging();
    // First attempt: the ERP takes the order but its answer is lost.
    staging.writeOutcome = (_key, system) => (system === 'netsuite' ? { kind: 'unknown', reason: 'no answer (ECONNRESET)' } : { kind: 'ok' });
    const first = Journal.open(path);
    first.startRun({ id: 'run-1', flows: ['order-to-erp-and-3pl'], environment: 'staging', scenario: null });
    const [failed] = await new Executor(plan('order-to-erp-and-3pl'), first, staging, 'run-1').run([order(1001)]);
    expect(failed?.reason).toMatch(/^outcome unknown: no answer \(ECONNRESET\)/);
    first.close();

    // Resumed: the pending effect is looked up, found, and not sent again.
    staging.writeOutcome = () => ({ kind: 'ok' });
    const again = Journal.open(path);
    const executor = new Executor(plan('order-to-erp-and-3pl'), again, staging, 'run-1');
    expect(again.pendingEffects('run-1').map((effect) => effect.idempotencyKey)).toEqual(['shopify-1001']);
    expect(await executor.recover(new Map([['order-to-erp-and-3pl:1001', order(1001).record]]))).toBe(1);
    const [resumed] = await executor.run([order(1001)]);
    expect(resumed?.state).toBe('succeeded');
    expect(staging.sends.filter((send) => send === 'netsuite:shopify-1001')).toHaveLength(1);
    expect(again.pendingEffects('run-1')).toEqual([]);
    again.close();
  });

  it('prevents oversell: the stock flow’s denied reservations go to the dead letter with the reason', async () => {
    const journal = Journal.open(join(tempDir(), 'run.journal'));
    journal.startRun({ id: 'run-1', flows: ['stock'], environment: 'staging', scenario: null });
    const staging = new Staging();
    staging.available = 2;
    const stock = plan('stock');
    const results = await new Executor(stock, journal, staging, 'run-1', 1).run([order(1), order(2), order(3)], 'order-placed');
    expect(results.map((result) => result.state)).toEqual(['succeeded', 'succeeded', 'dead-lettered']);
    expect(results[2]).toMatchObject({ failingNode: 'oversold', reason: '0 available to promise' });
    journal.close();
  });
});
