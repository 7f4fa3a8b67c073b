import { spawn } from 'node:child_process';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileFlow } from '../src/shared/compile/compile-flow';
import { parseEnvironmentFile } from '../src/shared/environment/environment-file';
import type { FlowDocument } from '../src/shared/model/flow';
import type { ProjectModel } from '../src/shared/model/project-model';
import { connectorFor } from '../src/main/services/connectors/connectors';
import { NetSuiteConnector } from '../src/main/services/connectors/netsuite';
import { Executor } from '../src/main/services/runtime/executor';
import { Journal } from '../src/main/services/runtime/journal';
import { VendorEffects } from '../src/main/services/runtime/vendor-effects';
import { loadTemplate } from '../src/main/services/templates';
import { untilReady } from './processes';
import { percentile, report } from './report';

/**
 * Records through the runtime with the durable journal on (group commit,
 * synchronous=FULL): a GET → map → POST flow — read a NetSuite customer by
 * external id, map it, upsert it back — against the sandbox running in its
 * own process (`steward sandbox --no-limits`), on loopback. Goal: ≥ 4,000
 * records/s with p99 ≤ 20 ms per record.
 */
const RECORDS = 20_000;
// On 2 cores throughput levels off from about 24 transactions in flight (the sandbox's process is then the
// busier one); more only adds queueing to the latency.
const CONCURRENCY = Number(process.env['PIPELINE_CONCURRENCY'] ?? 24);
const root = process.cwd();

/** The template's model with NetSuite owning customers, so refreshing its own records is governed. */
function benchModel(): ProjectModel {
  const { model } = loadTemplate('order-to-cash');
  return {
    ...model,
    ownership: [...model.ownership.filter((entry) => entry.entity !== 'Customer'), { entity: 'Customer', field: null, system: 'netsuite', role: 'owner' }],
  };
}

const FLOW: FlowDocument = {
  id: 'refresh',
  name: 'Refresh NetSuite customers',
  nodes: [
    { id: 'keys', kind: 'trigger', label: 'Customer keys', position: { x: 0, y: 0 }, config: { system: 'netsuite', entity: 'Customer', mode: 'scenario' } },
    { id: 'get', kind: 'read', label: 'GET customer', position: { x: 260, y: 0 }, config: { system: 'netsuite', entity: 'Customer', key: '"bench-" & email' } },
    { id: 'map', kind: 'map', label: 'Tidy', position: { x: 520, y: 0 }, config: { entity: 'Customer', mappings: [{ field: 'email', expression: 'lower(email)' }, { field: 'firstName', expression: 'firstName' }, { field: 'lastName', expression: 'upper(lastName)' }, { field: 'phone', expression: 'phone' }] } },
    { id: 'post', kind: 'write', label: 'Upsert customer', position: { x: 780, y: 0 }, config: { system: 'netsuite', entity: 'Customer', mode: 'upsert', fields: ['email', 'firstName', 'lastName', 'phone'], idempotencyKey: { kind: 'external-id', expression: '"bench-" & email' }, ack: 'connector' } },
  ],
  edges: [
    { id: 'e1', source: 'keys', target: 'get', sourceHandle: 'out' },
    { id: 'e2', source: 'get', target: 'map', sourceHandle: 'out' },
    { id: 'e3', source: 'map', target: 'post', sourceHandle: 'out' },
  ],
};

const dir = mkdtempSync(join(tmpdir(), 'steward-pipeline-bench-'));
const envFile = join(dir, 'env.json');
const sandbox = spawn(process.execPath, [join(root, 'dist', 'node', 'cli.js'), 'sandbox', '--no-limits', '--env-out', envFile], { stdio: ['ignore', 'pipe', 'pipe'] });
try {
  await untilReady(sandbox, /Ready in/);
  const environment = parseEnvironmentFile(readFileSync(envFile, 'utf8'), envFile);
  if (!environment.ok) throw new Error('bad environment file');
  const binding = environment.value.systems['netsuite'];
  if (binding === undefined) throw new Error('no netsuite');
  const netsuite = connectorFor('netsuite', binding, { timeoutMs: 10_000 });
  if (!(netsuite instanceof NetSuiteConnector)) throw new Error('not netsuite');

  // Set-up, not measured: the customers the flow will read.
  const emails = Array.from({ length: RECORDS }, (_, index) => `customer${index}@bench.example`);
  for (let start = 0; start < emails.length; start += 256) {
    await Promise.all(emails.slice(start, start + 256).map((email, offset) => netsuite.upsert('customer', `bench-${email}`, { email, firstName: 'Ada', lastName: `Lovelace ${start + offset}`, phone: '+15550000000' })));
  }

  const compiled = compileFlow(benchModel(), [FLOW], 'refresh');
  if (!compiled.ok) throw new Error(compiled.diagnostics.map((entry) => entry.message).join('\n'));
  const journal = Journal.open(join(dir, 'run.journal'));
  journal.startRun({ id: 'bench', flows: ['refresh'], environment: 'sandbox', scenario: null });
  const latencies: number[] = [];
  const executor = new Executor(compiled.plan, journal, new VendorEffects(new Map([['netsuite', netsuite]])), 'bench', {
    concurrency: CONCURRENCY,
    onTransaction: (_result, ms) => latencies.push(ms),
  });
  // The runtime's event loop is the app's main process loop: how long it is held up matters as much as throughput.
  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  const started = performance.now();
  const results = await executor.run(emails.map((email) => ({ key: email, record: { email } })));
  const seconds = (performance.now() - started) / 1000;
  loop.disable();
  const stats = journal.stats();
  journal.close();
  const failed = results.filter((result) => result.state !== 'succeeded');
  if (failed.length > 0) throw new Error(`${failed.length} transactions did not succeed, e.g. ${JSON.stringify(failed[0])}`);
  latencies.sort((a, b) => a - b);
  report(
    'pipeline',
    [
      { name: 'GET → map → POST: records per second', value: RECORDS / seconds, unit: 'records/s', goal: 4_000, direction: 'at-least' },
      { name: 'GET → map → POST: p99 per record', value: percentile(latencies, 99), unit: 'ms', goal: 20, direction: 'at-most' },
      { name: 'GET → map → POST: p50 per record', value: percentile(latencies, 50), unit: 'ms', goal: 0, direction: 'reference' },
      { name: 'event loop delay p99 during the run', value: loop.percentile(99) / 1e6, unit: 'ms', goal: 20, direction: 'at-most' },
      { name: 'journal commits (group commit)', value: stats.commits, unit: 'commits', goal: 0, direction: 'reference' },
    ],
    { records: RECORDS, concurrency: CONCURRENCY, journal: 'WAL, synchronous=FULL, 2 ms group commit', sandbox: 'own process, loopback, vendor limits off' },
  );
} finally {
  sandbox.kill('SIGINT');
  rmSync(dir, { recursive: true, force: true });
}
