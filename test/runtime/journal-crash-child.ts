import { Journal } from '../../src/main/services/runtime/journal';

/**
 * Test helper, run as its own process by journal.test.ts: journals intents as
 * fast as it can and prints each key once its intent is durable, until it is
 * killed. Whatever it printed must be in the file afterwards.
 */
const [path = '', runId = 'run'] = process.argv.slice(2);
const journal = Journal.open(path, { windowMs: 1 });
journal.startRun({ id: runId, flows: ['f'], environment: 'test', scenario: null });
let index = 0;
const next = async (): Promise<void> => {
  for (;;) {
    const id = `t${index}`;
    index += 1;
    journal.begin({ runId, id, key: id, flowId: 'f', input: { n: index } });
    await journal.intend({ runId, transactionId: id, nodeId: 'write', system: 'netsuite', idempotencyKey: `k-${id}`, request: { body: 'x'.repeat(200) } });
    process.stdout.write(`${id}\n`);
    journal.settle({ runId, transactionId: id, nodeId: 'write', state: 'done', response: { status: 204 } });
  }
};
void Promise.all([next(), next(), next(), next()]);
