import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../../../test/temp';
import { ReservationLedger } from './reservation-ledger';

const tempDir = useTempDir();
const ask = (id: string, quantity = 1, now = 0) => ({ id, sku: 'TEE-BLK-M', quantity, ttlSeconds: 60, now });

describe('the reservation ledger', () => {
  it('never promises more than the owner has, even with two runtimes on one ledger', () => {
    const path = join(tempDir(), 'ledger.db');
    const [one, two] = [ReservationLedger.open(path), ReservationLedger.open(path)];
    const states = Array.from({ length: 8 }, (_, index) => (index % 2 === 0 ? one : two).request(ask(`r${index}`), 5).state);
    expect(states.filter((state) => state === 'confirmed')).toHaveLength(5);
    expect(states.slice(5)).toEqual(['denied', 'denied', 'denied']);
    expect(one.availableToPromise('TEE-BLK-M', 5, 0)).toBe(0);
    expect(one.get('r7')?.reason).toBe('1 asked, 0 available to promise (5 available − 5 reserved)');
    one.close();
    two.close();
  });

  it('answers a repeated request with its first answer', () => {
    const ledger = ReservationLedger.open(join(tempDir(), 'ledger.db'));
    const first = ledger.request(ask('order-1001', 3), 5);
    expect(first.state).toBe('confirmed');
    expect(ledger.request(ask('order-1001', 3), 5)).toEqual(first);
    expect(ledger.availableToPromise('TEE-BLK-M', 5, 0)).toBe(2);
    ledger.close();
  });

  it('frees stock when a reservation is released or lapses; a committed one stays out of the promise', () => {
    const ledger = ReservationLedger.open(join(tempDir(), 'ledger.db'));
    ledger.request(ask('a', 2), 10);
    ledger.request(ask('b', 3), 10);
    ledger.request(ask('c', 4), 10);
    expect(ledger.availableToPromise('TEE-BLK-M', 10, 0)).toBe(1);
    expect(ledger.release('a', 1).state).toBe('released');
    // Committed: the owner's own stock now carries it, so it is no longer an open promise.
    expect(ledger.commit('b', 1).state).toBe('committed');
    expect(ledger.availableToPromise('TEE-BLK-M', 10, 1)).toBe(6);
    // Past its time, c lapses, and cannot be committed any more.
    expect(ledger.availableToPromise('TEE-BLK-M', 10, 61_000)).toBe(10);
    expect(() => ledger.commit('c', 61_000)).toThrow('Reservation "c" is expired; it cannot be committed.');
    expect(ledger.get('c')?.state).toBe('expired');
    expect(() => ledger.release('b', 2)).toThrow(/is committed/);
    expect(() => ledger.commit('nope')).toThrow(/no reservation "nope"/);
    ledger.close();
  });

  it('holds between processes racing for the last units', async () => {
    const dir = tempDir();
    const child = join(dir, 'child.cjs');
    buildSync({ entryPoints: [join(__dirname, '..', '..', '..', '..', 'test', 'runtime', 'ledger-race-child.ts')], bundle: true, platform: 'node', format: 'cjs', outfile: child, external: ['better-sqlite3'], logLevel: 'silent' });
    const path = join(dir, 'ledger.db');
    ReservationLedger.open(path).close();
    const race = (name: string): Promise<string[]> =>
      new Promise((resolve, reject) => {
        const process_ = spawn(process.execPath, [child, path, name, '40', '50'], { env: { ...process.env, NODE_PATH: join(__dirname, '..', '..', '..', '..', 'node_modules') }, stdio: ['ignore', 'pipe', 'pipe'] });
        let out = '';
        let errors = '';
        process_.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
        process_.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
        process_.on('exit', (code) => (code === 0 ? resolve(out.trim().split('\n')) : reject(new Error(errors))));
      });
    const answers = (await Promise.all([race('a'), race('b'), race('c')])).flat();
    expect(answers).toHaveLength(120);
    expect(answers.filter((state) => state === 'confirmed')).toHaveLength(50);
  });
});
