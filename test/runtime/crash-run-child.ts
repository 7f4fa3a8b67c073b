import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileFlow } from '../../src/shared/compile/compile-flow';
import { parseEnvironmentFile } from '../../src/shared/environment/environment-file';
import type { FlowDocument } from '../../src/shared/model/flow';
import { ProjectTemplate } from '../../src/shared/model/template';
import { connectorFor } from '../../src/main/services/connectors/connectors';
import type { CrashPoint } from '../../src/main/services/runtime/executor';
import { Executor } from '../../src/main/services/runtime/executor';
import { Journal } from '../../src/main/services/runtime/journal';
import { VendorEffects } from '../../src/main/services/runtime/vendor-effects';

/**
 * Test helper, run as its own process by crash.test.ts: runs "customers to
 * ERP" against the sandbox's NetSuite with a real journal, and kills itself
 * with SIGKILL at one write boundary of one transaction when asked to.
 * Usage: child ROOT ENV JOURNAL RUN PREFIX COUNT [POINT:INDEX]
 */
const [root = '', envFile = '', journalFile = '', runId = 'run', prefix = 'c', count = '10', crash = 'none'] = process.argv.slice(2);
const template = ProjectTemplate.parse(JSON.parse(readFileSync(join(root, 'resources', 'templates', 'order-to-cash.json'), 'utf8')));

export const CUSTOMERS_TO_ERP: FlowDocument = {
  id: 'customers',
  name: 'Customers to ERP',
  nodes: [
    { id: 'created', kind: 'trigger', label: 'Customer created', position: { x: 0, y: 0 }, config: { system: 'shopify', entity: 'Customer', mode: 'scenario' } },
    { id: 'to-customer', kind: 'map', label: 'Customer → NetSuite customer', position: { x: 260, y: 0 }, config: { entity: 'Customer', mappings: ['email', 'firstName', 'lastName', 'phone'].map((field) => ({ field, expression: field })) } },
    { id: 'upsert', kind: 'write', label: 'Upsert NetSuite customer', position: { x: 520, y: 0 }, config: { system: 'netsuite', entity: 'Customer', mode: 'upsert', fields: ['email', 'firstName', 'lastName', 'phone'], idempotencyKey: { kind: 'external-id', expression: '"shopify-" & email' } } },
    { id: 'acked', kind: 'await-ack', label: 'Read back', position: { x: 780, y: 0 }, config: { mode: 'read-back' } },
  ],
  edges: [
    { id: 'e1', source: 'created', target: 'to-customer', sourceHandle: 'out' },
    { id: 'e2', source: 'to-customer', target: 'upsert', sourceHandle: 'out' },
    { id: 'e3', source: 'upsert', target: 'acked', sourceHandle: 'out' },
  ],
};

const compiled = compileFlow(template.model, [...template.flows, CUSTOMERS_TO_ERP], 'customers');
if (!compiled.ok) throw new Error(compiled.diagnostics.map((entry) => entry.message).join('\n'));
const environment = parseEnvironmentFile(readFileSync(envFile, 'utf8'), envFile);
if (!environment.ok) throw new Error('bad environment');
const netsuite = environment.value.systems['netsuite'];
if (netsuite === undefined) throw new Error('no netsuite');

const [point, index] = crash.split(':');
const victim = `customers:${prefix}${index ?? ''}@example.com`;
const journal = Journal.open(journalFile, { windowMs: 1 });
journal.startRun({ id: runId, flows: ['customers'], environment: 'sandbox', scenario: null });
const executor = new Executor(compiled.plan, journal, new VendorEffects(new Map([['netsuite', connectorFor('netsuite', netsuite)]])), runId, {
  concurrency: 4,
  atBoundary: (at: CrashPoint, transactionId: string) => {
    if (at === point && transactionId === victim) process.kill(process.pid, 'SIGKILL');
    // Progress for the parent, which kills this process at random moments within the run.
    if (at === 'after-settle') process.stderr.write('settled\n');
  },
});
const records = Array.from({ length: Number(count) }, (_, n) => {
  const email = `${prefix}${n}@example.com`;
  return { key: email, record: { email, firstName: 'Ada', lastName: `Number ${n}`, phone: `+1555000${String(n).padStart(4, '0')}` } };
});
void (async () => {
  await executor.recover(new Map(records.map((entry) => [`customers:${entry.key}`, entry.record])));
  const results = await executor.run(records);
  journal.close();
  process.stdout.write(`${JSON.stringify(results.map((result) => result.state))}\n`);
})();
