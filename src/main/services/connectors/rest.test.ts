import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { useTempDir } from '../../../../test/temp';
import { readOpenApi } from '../../../shared/openapi/operations';
import { connectorFor } from './connectors';
import { RestConnector, loadOpenApi } from './rest';

const SPEC = join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'openapi', 'marketing.yaml');
const tempDir = useTempDir();

let server: Server | undefined;
const seen: { method: string; url: string; headers: IncomingHttpHeaders; body: string }[] = [];
afterEach(async () => {
  seen.length = 0;
  await new Promise<void>((resolve) => (server === undefined ? resolve() : server.close(() => resolve())));
  server = undefined;
});
async function serve(): Promise<string> {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      seen.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, body });
      response.writeHead(request.method === 'POST' ? 202 : 200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ data: { id: 'p1', type: 'profile' } }));
    });
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server?.address() as AddressInfo).port}`;
}

describe('OpenAPI import', () => {
  it('offers each operation as a read or write target, with its parameters, body and auth', () => {
    const api = loadOpenApi(SPEC);
    expect(api).toMatchObject({ title: 'Marketing API', version: '2026-01-15', auth: { kind: 'api-key', name: 'Authorization', in: 'header' } });
    expect(api.operations.map((operation) => [operation.id, operation.kind])).toEqual([
      ['getProfile', 'read'],
      ['createEvent', 'write'],
      ['GET /api/lists', 'read'],
    ]);
    expect(api.operations[0]?.parameters).toEqual([
      { name: 'revision', in: 'header', required: true },
      { name: 'id', in: 'path', required: true },
      { name: 'fields[profile]', in: 'query', required: false },
    ]);
    expect(api.operations[1]?.body).toEqual({ contentType: 'application/vnd.api+json', required: true });
  });

  it('refuses a document that is not OpenAPI 3, or a broken $ref, with where it is', () => {
    const swagger = readOpenApi({ swagger: '2.0', paths: {} }, 'old.json');
    expect(swagger.ok ? '' : swagger.error[0]?.message).toMatch(/^old\.json is not an OpenAPI 3 document: openapi:/);
    const broken = readOpenApi({ openapi: '3.1.0', info: { title: 'x', version: '1' }, paths: { '/a': { get: { parameters: [{ $ref: '#/components/parameters/Nope' }] } } } }, 'api.json');
    expect(broken.ok ? '' : broken.error[0]?.message).toBe('api.json: paths./a.get.parameters.0 refers to #/components/parameters/Nope, which is not in components.parameters.');
    const yaml = join(tempDir(), 'bad.yaml');
    writeFileSync(yaml, 'openapi: [unclosed');
    expect(() => loadOpenApi(yaml)).toThrow(/cannot be read as YAML/);
  });
});

describe('the universal REST connector', () => {
  it('calls an operation over HTTP with its path and query filled in and the API key where the document says', async () => {
    const base = await serve();
    const rest = connectorFor('klaviyo', { connector: 'rest', baseUrl: base, credentials: { apiKey: 'Klaviyo-API-Key pk_secret_123' }, options: {} }, {}, loadOpenApi(SPEC));
    if (!(rest instanceof RestConnector)) throw new Error('not a REST connector');
    const profile = await rest.invoke('getProfile', { path: { id: 'a b/c' }, query: { 'fields[profile]': 'email' }, headers: { revision: '2026-01-15' } });
    expect(profile).toMatchObject({ ok: true, value: { data: { id: 'p1' } } });
    expect(seen[0]?.url).toBe('/api/profiles/a%20b%2Fc?fields%5Bprofile%5D=email');
    expect(seen[0]?.headers['authorization']).toBe('Klaviyo-API-Key pk_secret_123');
    expect(seen[0]?.headers['revision']).toBe('2026-01-15');
    expect(JSON.stringify(profile.exchanges)).not.toContain('pk_secret_123');

    const event = await rest.invoke('createEvent', { body: { data: { type: 'event' } }, idempotencyKey: 'order-1001-placed' });
    expect(event.ok).toBe(true);
    expect(seen[1]).toMatchObject({ method: 'POST', url: '/api/events', body: '{"data":{"type":"event"}}' });
    expect(seen[1]?.headers['content-type']).toBe('application/vnd.api+json');
    expect(seen[1]?.headers['idempotency-key']).toBe('order-1001-placed');
  });

  it('refuses an unknown operation or a call missing what it needs, before sending anything', async () => {
    const base = await serve();
    const rest = connectorFor('klaviyo', { connector: 'rest', baseUrl: base, credentials: { token: 't' }, options: {} }, {}, loadOpenApi(SPEC));
    if (!(rest instanceof RestConnector)) throw new Error('not a REST connector');
    await expect(rest.invoke('deleteEverything')).rejects.toThrow(/has no operation "deleteEverything".*/);
    await expect(rest.invoke('getProfile')).rejects.toThrow('getProfile needs header parameter "revision", path parameter "id".');
    await expect(rest.invoke('createEvent')).rejects.toThrow('createEvent needs a request body.');
    expect(seen).toHaveLength(0);
    expect(() => connectorFor('klaviyo', { connector: 'rest', baseUrl: base, credentials: {}, options: {} })).toThrow(/needs its API's OpenAPI document/);
  });
});
