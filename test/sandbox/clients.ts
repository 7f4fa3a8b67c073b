import type { EnvironmentFile } from '../../src/shared/environment/environment-file';

/**
 * Plain HTTP clients for the sandbox's vendor APIs, written from the public
 * API shapes (design/apis.md), as any staging client would call them.
 */
export interface Clients {
  shopify(query: string, variables?: Record<string, unknown>): Promise<{ status: number; body: Record<string, unknown> }>;
  netsuite(path: string, init?: RequestInit): Promise<Response>;
  stripe(path: string, init?: RequestInit): Promise<Response>;
  shipbob(path: string, init?: RequestInit): Promise<Response>;
  shipstation(path: string, init?: RequestInit): Promise<Response>;
}

export function clientsFor(environment: EnvironmentFile): Clients {
  const system = (id: string) => {
    const binding = environment.systems[id];
    if (binding === undefined) throw new Error(`no ${id} in the environment`);
    return binding;
  };
  const call = (id: string, headers: Record<string, string>) => (path: string, init: RequestInit = {}) =>
    fetch(`${system(id).baseUrl}${path}`, { ...init, headers: { ...headers, ...(init.headers as Record<string, string> | undefined) } });
  const shopify = system('shopify');
  return {
    shopify: async (query, variables = {}) => {
      const response = await fetch(`${shopify.baseUrl}/admin/api/2026-01/graphql.json`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-shopify-access-token': shopify.credentials['accessToken'] ?? '' },
        body: JSON.stringify({ query, variables }),
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    },
    netsuite: call('netsuite', { authorization: `Bearer ${system('netsuite').credentials['token'] ?? ''}` }),
    stripe: call('stripe', { authorization: `Bearer ${system('stripe').credentials['secretKey'] ?? ''}` }),
    shipbob: call('shipbob', { authorization: `Bearer ${system('shipbob').credentials['token'] ?? ''}` }),
    shipstation: call('shipstation', {
      authorization: `Basic ${Buffer.from(`${system('shipstation').credentials['apiKey'] ?? ''}:${system('shipstation').credentials['apiSecret'] ?? ''}`).toString('base64')}`,
    }),
  };
}

export async function json<T>(response: Promise<Response> | Response): Promise<T> {
  const resolved = await response;
  if (!resolved.ok) throw new Error(`${resolved.url} answered ${resolved.status}: ${await resolved.text()}`);
  return (await resolved.json()) as T;
}
