import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../../../test/temp';
import { ProjectStore } from '../project/project-store';
import { Journal } from './journal';

const tempDir = useTempDir();
const intent = (transactionId: string) => ({ runId: 'r1', transactionId, nodeId: 'write', system: 'netsuite', idempotencyKey: `shopify-${transactionId}`, request: { method: 'PUT' } });

describe('the run journal', () => {
  it('is a WAL SQLite file marked as a journal, and refuses files that are not journals', () => {
    const path = join(tempDir(), 'run.journal');
    const journal = Journal.open(path);
    journal.close();
    const db = new Database(path, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('application_id', { simple: true })).toBe(0x53544a52);
    db.close();
    const project = join(tempDir(), 'p.steward');
    ProjectStore.create(project, 'P').close();
    expect(() => Journal.open(project)).toThrow(/is not a Steward run journal/);
    const text = join(tempDir(), 'notes.txt');
    writeFileSync(text, 'hello, this is not SQLite at all, not even close to it..........................................');
    expect(() => Journal.open(text)).toThrow();
  });

  it('finishes a journal whose making was cut short (found by the random crash test)', () => {
    const path = join(tempDir(), 'run.journal');
    const half = new Database(path);
    half.pragma('application_id = 1398032978');
    half.close();
    const journal = Journal.open(path);
    journal.startRun({ id: 'r1', flows: ['f'], environment: 'e', scenario: null });
    journal.flush();
    expect(journal.transactions('r1')).toEqual([]);
    journal.close();
  });

  it('reports an intent durable only once it is committed, and batches what arrives together', async () => {
    const path = join(tempDir(), 'run.journal');
    const journal = Journal.open(path, { windowMs: 5 });
    journal.startRun({ id: 'r1', flows: ['orders'], environment: 'sandbox', scenario: null });
    const reader = new Database(path, { readonly: true });
    const count = (): number => (reader.prepare('SELECT COUNT(*) AS n FROM effects').get() as { n: number }).n;
    const durable = journal.intend(intent('t0'));
    expect(count()).toBe(0);
    await durable;
    expect(count()).toBe(1);

    const before = journal.stats().commits;
    await Promise.all(Array.from({ length: 2_000 }, (_, index) => journal.intend(intent(`t${index + 1}`))));
    expect(count()).toBe(2_001);
    // Two thousand intents, a handful of commits: group commit, not one fsync each.
    expect(journal.stats().commits - before).toBeLessThan(5);
    reader.close();
    journal.close();
  });

  it('takes each webhook event once per run: a redelivery is known from memory in a new run, and from the file after a restart', async () => {
    const path = join(tempDir(), 'run.journal');
    const event = (eventId: string) => ({ runId: 'r1', system: 'shopify', eventId, topic: 'orders/create', body: '{}' });
    const first = Journal.open(path);
    first.startRun({ id: 'r1', flows: ['f'], environment: 'e', scenario: null });
    const taken = first.receive(event('a'));
    expect(taken.fresh).toBe(true);
    expect(first.receive(event('a')).fresh).toBe(false);
    await taken.durable;
    // Committed and forgotten by the batch bookkeeping: still a redelivery.
    expect(first.receive(event('a')).fresh).toBe(false);
    first.close();

    // The run resumed by another process: what it had is read from the file.
    const second = Journal.open(path);
    second.startRun({ id: 'r1', flows: ['f'], environment: 'e', scenario: null });
    expect(second.receive(event('a')).fresh).toBe(false);
    const next = second.receive(event('b'));
    expect(next.fresh).toBe(true);
    await next.durable;
    expect(second.inboxEvents('r1').map((row) => row.eventId)).toEqual(['a', 'b']);
    second.close();
  });

  it('lists effects whose outcome is unknown and transactions left running, for a resume', async () => {
    const path = join(tempDir(), 'run.journal');
    const journal = Journal.open(path);
    journal.startRun({ id: 'r1', flows: ['orders'], environment: 'sandbox', scenario: null });
    for (const id of ['a', 'b', 'c']) journal.begin({ runId: 'r1', id, key: id, flowId: 'orders', input: { id } });
    await Promise.all(['a', 'b', 'c'].map((id) => journal.intend(intent(id))));
    journal.settle({ runId: 'r1', transactionId: 'a', nodeId: 'write', state: 'done', response: { status: 204 } });
    journal.settle({ runId: 'r1', transactionId: 'b', nodeId: 'write', state: 'unknown' });
    journal.finish({ runId: 'r1', id: 'a', state: 'succeeded' });
    journal.close();

    // Reopened, as after a crash.
    const again = Journal.open(path);
    expect(again.pendingEffects('r1').map((effect) => [effect.transactionId, effect.state, effect.idempotencyKey])).toEqual([
      ['b', 'unknown', 'shopify-b'],
      ['c', 'intent', 'shopify-c'],
    ]);
    expect(again.unfinished('r1').map((transaction) => [transaction.id, transaction.input])).toEqual([
      ['b', { id: 'b' }],
      ['c', { id: 'c' }],
    ]);
    // Beginning a transaction again on resume keeps its first row; intending an effect again does not reset it.
    again.begin({ runId: 'r1', id: 'a', key: 'a', flowId: 'orders', input: { changed: true } });
    await again.intend(intent('a'));
    expect(again.effectState('r1', 'a', 'write')).toBe('done');
    expect(again.transactions('r1').find((transaction) => transaction.id === 'a')?.state).toBe('succeeded');
    again.close();
  });

  it('loses no durable row when its process is killed mid-run, and stays intact', async () => {
    const dir = tempDir();
    // The child runs the real Journal, bundled; better-sqlite3 is found through NODE_PATH.
    const child = join(dir, 'child.cjs');
    buildSync({ entryPoints: [join(__dirname, '..', '..', '..', '..', 'test', 'runtime', 'journal-crash-child.ts')], bundle: true, platform: 'node', format: 'cjs', outfile: child, external: ['better-sqlite3'], logLevel: 'silent' });
    const path = join(dir, 'run.journal');
    const printed: string[] = [];
    await new Promise<void>((resolve, reject) => {
      const process_ = spawn(process.execPath, [child, path, 'crash'], { env: { ...process.env, NODE_PATH: join(__dirname, '..', '..', '..', '..', 'node_modules') }, stdio: ['ignore', 'pipe', 'pipe'] });
      let buffer = '';
      let errors = '';
      process_.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
      process_.stdout.on('data', (chunk: Buffer) => {
        buffer += chunk.toString();
        const lines = buffer.split('\n');
        buffer = lines.pop() ?? '';
        printed.push(...lines);
        if (printed.length >= 1_500) process_.kill('SIGKILL');
      });
      process_.on('exit', (code, signal) => (signal === 'SIGKILL' ? resolve() : reject(new Error(`the child ended by itself (${String(code)}): ${errors}`))));
    });
    const db = new Database(path, { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const journaled = new Set((db.prepare("SELECT transaction_id AS id FROM effects WHERE run_id = 'crash'").all() as { id: string }[]).map((row) => row.id));
    db.close();
    expect(printed.length).toBeGreaterThanOrEqual(1_500);
    expect(printed.filter((id) => !journaled.has(id))).toEqual([]);
  });
});
