import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTempDir } from '../../../test/temp';
import { Sandbox } from '../sandbox/sandbox';
import { loadScenario } from '../sandbox/scenarios';
import { Environments } from './environments';
import { keyFileSealer } from './secrets/key-file-sealer';
import { SealedFileSecretStore } from './secrets/secret-store';

/**
 * The environments editor's service against the real sandbox: credentials
 * typed in are sealed in the secret store and the file holds references;
 * the connection test makes a real authenticated read per system and says
 * exactly what failed — refused credentials, nothing listening, no such host,
 * a wrong path.
 */
const tempDir = useTempDir();
let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await Sandbox.start({ scenario: loadScenario('order-to-cash'), seed: 2 });
});
afterAll(async () => {
  await sandbox.stop();
});

function setup() {
  const dir = tempDir();
  const secrets = new SealedFileSecretStore(join(dir, 'secrets.json'), keyFileSealer(join(dir, 'secret.key')));
  return { dir, secrets, environments: new Environments(() => join(dir, 'acme.steward'), secrets, {}) };
}

const edit = (overrides: Record<string, Partial<{ baseUrl: string; credentials: Record<string, { value: string } | { keep: true } | { reference: string }> }>> = {}) => ({
  name: 'staging',
  webhookBaseUrl: null,
  systems: Object.fromEntries(
    Object.entries(sandbox.environment().systems).map(([id, binding]) => [
      id,
      { connector: binding.connector, baseUrl: binding.baseUrl, options: binding.options, credentials: Object.fromEntries(Object.entries(binding.credentials).map(([key, value]) => [key, { value }])), ...(overrides[id] ?? {}) },
    ]),
  ),
});

describe('environments', () => {
  it('seals typed credentials, writes only references, and resolves them back for a run', async () => {
    const { dir, environments } = setup();
    const view = await environments.save(edit());
    expect(environments.list()).toEqual(['staging']);
    expect(view.file).toBe(join(dir, 'acme.environments', 'staging.json'));
    expect(view.systems['shopify']?.credentials['accessToken']).toEqual({ state: 'stored', reference: null });
    expect(view.secretsKind).toBe('key file (AES-256-GCM)');
    const text = readFileSync(view.file, 'utf8');
    expect(text).toContain('"accessToken": "${STEWARD_STAGING_SHOPIFY_ACCESSTOKEN}"');
    const sealed = readFileSync(join(dir, 'secrets.json'), 'utf8');
    for (const binding of Object.values(sandbox.environment().systems)) {
      for (const value of Object.values(binding.credentials)) {
        expect(text).not.toContain(value);
        expect(sealed).not.toContain(value);
      }
    }
    const resolved = await environments.resolve('staging');
    expect(resolved.systems['netsuite']?.credentials).toEqual(sandbox.environment().systems['netsuite']?.credentials);
    // Saving again with "keep" leaves the stored credential as it was.
    await environments.save(edit({ shopify: { credentials: { accessToken: { keep: true } } } }));
    expect((await environments.resolve('staging')).systems['shopify']?.credentials['accessToken']).toBe(sandbox.environment().systems['shopify']?.credentials['accessToken']);
  });

  it('tests each connection for real, and names what failed', async () => {
    const { environments } = setup();
    await environments.save(edit());
    for (const system of ['shopify', 'netsuite', 'stripe', 'shipbob', 'shipstation']) {
      expect(await environments.test('staging', system), system).toMatchObject({ ok: true, kind: 'ok' });
    }
    await environments.save(edit({ stripe: { credentials: { secretKey: { value: 'sk_test_wrong' } } } }));
    expect(await environments.test('staging', 'stripe')).toMatchObject({ ok: false, kind: 'auth', message: expect.stringMatching(/refused the credentials \(HTTP 401\)/) as string });
    await environments.save(edit({ netsuite: { baseUrl: 'http://127.0.0.1:9' } }));
    expect(await environments.test('staging', 'netsuite')).toMatchObject({ ok: false, kind: 'refused', message: 'Nothing is listening at 127.0.0.1:9 (connection refused). Is the system up, and is the port right?' });
    await environments.save(edit({ shipbob: { baseUrl: 'http://steward-no-such-host.invalid' } }));
    expect(await environments.test('staging', 'shipbob')).toMatchObject({ ok: false, kind: 'dns' });
    // The right host with the wrong service behind it: the vendor's paths are not there.
    await environments.save(edit({ shipstation: { baseUrl: sandbox.environment().systems['stripe']?.baseUrl ?? '' } }));
    expect((await environments.test('staging', 'shipstation')).ok).toBe(false);
    expect(await environments.test('staging', 'nowhere')).toMatchObject({ ok: false, kind: 'config' });
  });

  it('names a TLS failure, a wrong base URL and rate-limiting for what they are', async () => {
    const { environments } = setup();
    const stripe = new URL(sandbox.environment().systems['stripe']?.baseUrl ?? '');
    // https:// to a server that speaks plain HTTP: the handshake fails.
    await environments.save(edit({ stripe: { baseUrl: `https://${stripe.host}` } }));
    expect(await environments.test('staging', 'stripe')).toMatchObject({ ok: false, kind: 'tls', message: expect.stringContaining(`The TLS handshake with ${stripe.host} failed`) as string });
    // A base URL with a path is refused when saved, with where and why.
    await expect(environments.save(edit({ stripe: { baseUrl: `${stripe.origin}/api` } }))).rejects.toThrow(/systems\.stripe\.baseUrl\): baseUrl must be scheme, host and port only \(got path "\/api"\)/);
    // Another vendor's server at the base URL: the vendor's paths are not there.
    await environments.save(edit({ shipbob: { baseUrl: stripe.origin } }));
    expect(await environments.test('staging', 'shipbob')).toMatchObject({ ok: false, kind: 'path', message: expect.stringContaining('the base URL is probably wrong') as string });
    // ShipBob throttling every request: said at once, not waited out.
    sandbox.setFaults({ rules: [{ system: 'shipbob', endpoint: '*', throttleRate: 1 }], webhooks: [], versions: [] });
    try {
      await environments.save(edit());
      const started = performance.now();
      expect(await environments.test('staging', 'shipbob')).toMatchObject({ ok: false, kind: 'rate-limited', message: expect.stringContaining('is rate-limiting these credentials (HTTP 429)') as string });
      expect(performance.now() - started).toBeLessThan(5_000);
    } finally {
      sandbox.setFaults({ rules: [], webhooks: [], versions: [] });
    }
  });
});
