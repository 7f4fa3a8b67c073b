import { describe, expect, it } from 'vitest';
import { formatProblem } from '../problem';
import { parseEnvironmentFile, resolveEnvironmentReferences } from './environment-file';

const valid = {
  name: 'sandbox',
  systems: {
    shopify: { connector: 'shopify', baseUrl: 'http://127.0.0.1:4001', credentials: { accessToken: '${SHOPIFY_TOKEN}', webhookSecret: 's' } },
    netsuite: { connector: 'netsuite', baseUrl: 'https://1234.suitetalk.api.netsuite.com', credentials: { token: 't' } },
    stripe: { connector: 'stripe', baseUrl: 'http://127.0.0.1:4003', credentials: { secretKey: 'sk_test_1' } },
    shipbob: { connector: 'shipbob', baseUrl: 'http://127.0.0.1:4004', credentials: { token: 't' }, options: { channelId: 12 } },
    shipstation: { connector: 'shipstation', baseUrl: 'http://127.0.0.1:4005', credentials: { apiKey: 'k', apiSecret: 's' } },
    erp2: { connector: 'rest', baseUrl: 'http://127.0.0.1:4006', credentials: { anything: 'goes' } },
  },
  webhookBaseUrl: 'http://127.0.0.1:4100',
};

describe('environment file', () => {
  it('accepts every managed connector with its credentials, and custom connectors', () => {
    const parsed = parseEnvironmentFile(JSON.stringify(valid, null, 2), 'sandbox.json');
    expect(parsed.ok).toBe(true);
  });

  it('locates a malformed file at its line and column', () => {
    const parsed = parseEnvironmentFile('{\n  "name": "x",\n  "systems": {,}\n}', 'env.json');
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.error[0]?.location).toMatchObject({ file: 'env.json', line: 3, column: 15 });
    expect(formatProblem(parsed.error[0] ?? { code: 'X', message: '' })).toMatch(/^env\.json:3:15: Not valid JSON/);
  });

  it('locates a schema error at the offending value', () => {
    const text = JSON.stringify({ ...valid, systems: { shopify: { ...valid.systems.shopify, baseUrl: 'https://shop.example/admin/api' } } }, null, 2);
    const parsed = parseEnvironmentFile(text, 'env.json');
    if (parsed.ok) throw new Error('expected a problem');
    const problem = parsed.error[0];
    expect(problem?.message).toContain('scheme, host and port only');
    expect(problem?.location).toMatchObject({ path: 'systems.shopify.baseUrl', line: 6 });
  });

  it.each([
    ['stripe without a secret key', { connector: 'stripe', baseUrl: 'http://h:1', credentials: {} }, 'stripe needs credentials secretKey'],
    ['netsuite with half a TBA set', { connector: 'netsuite', baseUrl: 'http://h:1', credentials: { consumerKey: 'a' } }, 'token or consumerKey + consumerSecret'],
    ['shipbob without a channel', { connector: 'shipbob', baseUrl: 'http://h:1', credentials: { token: 't' } }, 'options.channelId'],
    ['a misspelt credential', { connector: 'shopify', baseUrl: 'http://h:1', credentials: { accessToken: 'a', acessToken: 'b' } }, 'unknown shopify credential "acessToken"'],
    ['an ftp base URL', { connector: 'rest', baseUrl: 'ftp://h:1' }, 'http or https'],
  ])('reports %s', (_label, binding, message) => {
    const parsed = parseEnvironmentFile(JSON.stringify({ name: 'x', systems: { s: binding } }), 'env.json');
    expect(parsed.ok ? [] : parsed.error.map((problem) => problem.message).join(' | ')).toContain(message);
  });

  it('resolves ${VAR} references and reports missing ones by path', () => {
    const parsed = parseEnvironmentFile(JSON.stringify(valid), 'env.json');
    if (!parsed.ok) throw new Error('fixture should parse');
    const resolved = resolveEnvironmentReferences(parsed.value, { SHOPIFY_TOKEN: 'shpat_123' }, 'env.json');
    expect(resolved.ok && resolved.value.systems['shopify']?.credentials['accessToken']).toBe('shpat_123');
    const missing = resolveEnvironmentReferences(parsed.value, {}, 'env.json');
    expect(missing.ok ? null : missing.error[0]).toMatchObject({ code: 'ENVIRONMENT_VARIABLE_MISSING', location: { path: 'systems.shopify.credentials.accessToken' } });
  });

  it('checks a base URL given as a reference once it is resolved', () => {
    const file = { name: 'x', systems: { shopify: { connector: 'shopify', baseUrl: '${SHOP_URL}', credentials: { accessToken: 'a' } } } };
    const parsed = parseEnvironmentFile(JSON.stringify(file), 'env.json');
    if (!parsed.ok) throw new Error('references are accepted before resolution');
    const bad = resolveEnvironmentReferences(parsed.value, { SHOP_URL: 'https://shop.example/path' }, 'env.json');
    expect(bad.ok ? null : bad.error[0]?.message).toContain('scheme, host and port only');
    expect(resolveEnvironmentReferences(parsed.value, { SHOP_URL: 'https://shop.example' }, 'env.json').ok).toBe(true);
  });
});
