import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Sandbox } from '../../sandbox/sandbox';
import { loadScenario } from '../../sandbox/scenarios';
import { connectorFor } from './connectors';
import { NetSuiteConnector } from './netsuite';
import { authorizationHeader, percentEncode, sign, signatureBaseString } from './oauth1';

/**
 * OAuth 1.0a signing checked against a published worked example (Twitter's
 * "Creating a signature", HMAC-SHA1), then NetSuite token-based auth against
 * the sandbox, which checks every request's HMAC-SHA256 signature.
 */
describe('OAuth 1.0a signing', () => {
  it('reproduces the published worked example byte for byte', () => {
    const oauth = [
      ['oauth_consumer_key', 'xvz1evFS4wEEPTGEFPHBog'],
      ['oauth_nonce', 'kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg'],
      ['oauth_signature_method', 'HMAC-SHA1'],
      ['oauth_timestamp', '1318622958'],
      ['oauth_token', '370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb'],
      ['oauth_version', '1.0'],
    ] as const;
    const base = signatureBaseString({ method: 'post', url: 'https://api.twitter.com/1/statuses/update.json?include_entities=true', formParams: [['status', 'Hello Ladies + Gentlemen, a signed OAuth request!']] }, oauth);
    expect(base).toBe(
      'POST&https%3A%2F%2Fapi.twitter.com%2F1%2Fstatuses%2Fupdate.json&include_entities%3Dtrue%26oauth_consumer_key%3Dxvz1evFS4wEEPTGEFPHBog%26oauth_nonce%3DkYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D1318622958%26oauth_token%3D370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb%26oauth_version%3D1.0%26status%3DHello%2520Ladies%2520%252B%2520Gentlemen%252C%2520a%2520signed%2520OAuth%2520request%2521',
    );
    expect(sign(base, { consumerSecret: 'kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw', tokenSecret: 'LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE' }, 'HMAC-SHA1')).toBe('tnnArxj06cWHq44gCs1OSKk/jLY=');
    expect(percentEncode("a b!*'()~")).toBe('a%20b%21%2A%27%28%29~');
  });
});

describe('NetSuite token-based authentication', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await Sandbox.start({ scenario: loadScenario('order-to-cash'), seed: 1 });
  });
  afterAll(async () => {
    await sandbox.stop();
  });

  const binding = (overrides: Record<string, string> = {}) => {
    const tba = sandbox.credentials.netsuiteTba;
    const base = sandbox.environment().systems['netsuite'];
    if (base === undefined) throw new Error('no netsuite');
    return { ...base, credentials: { consumerKey: tba.consumerKey, consumerSecret: tba.consumerSecret, tokenId: tba.tokenId, tokenSecret: tba.tokenSecret, realm: tba.realm, ...overrides } };
  };

  it('signs every request, reads and writes with it, and is refused with a wrong secret', async () => {
    const netsuite = connectorFor('netsuite', binding());
    if (!(netsuite instanceof NetSuiteConnector)) throw new Error('not NetSuite');
    const read = await netsuite.get('salesOrder', { externalId: 'shopify-7000000001' });
    expect(read.ok && (read.value as { externalId?: string }).externalId).toBe('shopify-7000000001');
    // A query string is part of what is signed.
    let listed = 0;
    for await (const page of netsuite.list('inventoryItem', { q: 'itemId IS "TEE-BLK-M"' })) listed += page.length;
    expect(listed).toBe(1);
    expect((await netsuite.upsert('customer', 'tba-test', { entityId: 'TBA test', email: 'tba@example.com' })).ok).toBe(true);
    // The secret never appears in what is journaled.
    expect(JSON.stringify(read.exchanges)).not.toContain(sandbox.credentials.netsuiteTba.tokenSecret);

    const wrong = connectorFor('netsuite', binding({ tokenSecret: 'not-the-secret' }));
    if (!(wrong instanceof NetSuiteConnector)) throw new Error('not NetSuite');
    const refused = await wrong.get('salesOrder', { externalId: 'shopify-7000000001' });
    expect(refused).toMatchObject({ ok: false, status: 401, failure: { kind: 'permanent', reason: expect.stringContaining('Invalid login attempt') as string } });
  });

  it('refuses a replayed signature (same nonce) and a stale timestamp', async () => {
    const tba = sandbox.credentials.netsuiteTba;
    const credentials = { consumerKey: tba.consumerKey, consumerSecret: tba.consumerSecret, token: tba.tokenId, tokenSecret: tba.tokenSecret, realm: tba.realm };
    const url = `${sandbox.environment().systems['netsuite']?.baseUrl ?? ''}/services/rest/record/v1/salesOrder/eid:shopify-7000000001`;
    const get = async (authorization: string): Promise<number> => {
      const response = await request(url, { headers: { authorization } });
      await response.body.dump();
      return response.statusCode;
    };
    const once = authorizationHeader({ method: 'GET', url }, credentials, { nonce: 'fixed-nonce-1' });
    expect(await get(once)).toBe(200);
    expect(await get(once)).toBe(401);
    expect(await get(authorizationHeader({ method: 'GET', url }, credentials, { timestamp: Math.floor(Date.now() / 1000) - 3_600 }))).toBe(401);
  });
});
