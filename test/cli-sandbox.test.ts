import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { EnvironmentFile } from '../src/shared/environment/environment-file';
import { clientsFor, json } from './sandbox/clients';
import { useTempDir } from './temp';

/**
 * `npx steward sandbox` as a user runs it: the built CLI in its own process.
 * It must be ready within 3 s and write a valid environment file whose
 * endpoints answer with vendor-shaped data.
 */
const root = join(import.meta.dirname, '..');
const cli = join(root, 'bin', 'steward.js');
const tempDir = useTempDir();

describe('steward sandbox (built CLI)', () => {
  beforeAll(() => {
    // `npm install` builds the CLI (prepare); `npm test` builds it again first.
    expect(existsSync(join(root, 'dist', 'node', 'cli.js')), 'dist/node/cli.js is missing: run npm run build:node').toBe(true);
  });

  it('starts within 3 s, writes env.json, serves every vendor, and stops cleanly on SIGINT', async () => {
    const dir = tempDir();
    const started = Date.now();
    const child = spawn(process.execPath, [cli, 'sandbox', '--scenario', 'silent-failure', '--seed', '5', '--env-out', 'env.json'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await expect.poll(() => output.includes('Press Ctrl+C to stop.'), { timeout: 3_000, interval: 25 }).toBe(true);
    expect(Date.now() - started).toBeLessThan(3_000);

    const environment = EnvironmentFile.parse(JSON.parse(readFileSync(join(dir, 'env.json'), 'utf8')));
    expect(Object.keys(environment.systems).sort()).toEqual(['netsuite', 'shipbob', 'shipstation', 'shopify', 'stripe']);
    const clients = clientsFor(environment);
    const { body } = await clients.shopify('{ orders(first: 3) { edges { node { legacyResourceId name } } } }');
    expect(body).toMatchObject({ data: { orders: { edges: [{ node: { legacyResourceId: '7000000001', name: '#1001' } }, {}, {}] } } });
    expect(await json(clients.netsuite('/services/rest/record/v1/salesOrder?limit=5'))).toMatchObject({ count: 5, hasMore: true });
    expect(await json(clients.stripe('/v1/payment_intents?limit=2'))).toMatchObject({ object: 'list', data: [{ object: 'payment_intent' }, {}] });
    expect(await json(clients.shipbob('/2026-01/order?Limit=2'))).toMatchObject([{ reference_id: expect.stringMatching(/^shopify-\d+$/) }, {}]);
    expect(await json(clients.shipstation('/orders'))).toMatchObject({ orders: [], total: 0, page: 1 });

    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
  });

  it('exits 2 with a one-line reason for an unknown scenario', async () => {
    const child = spawn(process.execPath, [cli, 'sandbox', '--scenario', 'nope'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let errors = '';
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', (exit) => resolve(exit)));
    expect(code).toBe(2);
    expect(errors.trim().split('\n').at(-1)).toContain('There is no scenario "nope".');
  });
});
