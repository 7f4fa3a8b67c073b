import type { SandboxClock } from '../core/clock';
import { SimError, header, json, jsonBody, text } from '../core/http';
import type { Route, SimRequest, SimResponse } from '../core/http';
import type { Limiter, SimulatorDefinition } from '../core/simulator-server';
import { parseAuthorization, signatureBaseString, sign } from '../../services/connectors/oauth1';
import { sameSecret } from '../stripe/simulator';
import { parseNetSuiteQuery } from './query';
import type { NetSuiteState, NsRecord, RecordType } from './state';
import { LOCATION, ORDER_STATUS, RECORD_TYPES, USD, nextNsId } from './state';

/**
 * NetSuite's REST record API v1: list with `q`, get by id or `eid:`,
 * create (204 + Location), the idempotent `PUT …/eid:X` upsert, PATCH,
 * transforms of a sales order into an item fulfilment or invoice, item
 * locations, the `o:errorDetails` envelope and a cap on concurrent requests.
 */
export const NETSUITE_BASE = '/services/rest/record/v1';
/** Concurrent requests allowed per account (a sandbox with no SuiteCloud Plus licence). */
export const NETSUITE_CONCURRENCY = 5;
const TRANSACTION_TYPES: ReadonlySet<RecordType> = new Set(['salesOrder', 'invoice', 'creditMemo', 'customerRefund', 'itemFulfillment']);

export interface NetSuiteOptions {
  readonly token: string;
  /** Token-based authentication (OAuth 1.0a, HMAC-SHA256): every request's signature is checked. */
  readonly tba?: { readonly consumerKey: string; readonly consumerSecret: string; readonly tokenId: string; readonly tokenSecret: string; readonly realm: string };
  readonly clock: SandboxClock;
  /** Where this simulator is reachable, for `Location` headers and links. */
  readonly baseUrl: () => string;
}

const STATUS_TITLES: Readonly<Record<number, string>> = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed', 429: 'Too Many Requests', 500: 'Internal Server Error' };

export function netsuiteError(status: number, code: string, detail: string, path?: string): SimResponse {
  return json(status, {
    type: `https://www.rfc-editor.org/rfc/rfc9110.html#section-15.${status >= 500 ? '6.1' : `5.${status === 429 ? 30 : status - 399}`}`,
    title: STATUS_TITLES[status] ?? 'Error',
    status,
    'o:errorDetails': [{ detail, 'o:errorCode': code, ...(path === undefined ? {} : { 'o:errorPath': path }) }],
  });
}

const notFound = (): SimError => new SimError(netsuiteError(404, 'NONEXISTENT_ID', 'The record instance does not exist. Provide a valid record instance ID.'));
const round = (value: number): number => Math.round(value * 100) / 100;

/** OAuth 1.0a as NetSuite checks it: the keys, the realm, a fresh timestamp, an unused nonce, and the signature over the request as it came. */
function verifyTba(request: SimRequest, authorization: string, tba: NonNullable<NetSuiteOptions['tba']>, baseUrl: string, usedNonces: Set<string>): boolean {
  const fields = parseAuthorization(authorization);
  if (fields === null) return false;
  if (fields.get('oauth_consumer_key') !== tba.consumerKey || fields.get('oauth_token') !== tba.tokenId || fields.get('realm') !== tba.realm || fields.get('oauth_signature_method') !== 'HMAC-SHA256') return false;
  if (Math.abs(Date.now() / 1000 - Number(fields.get('oauth_timestamp'))) > 300) return false;
  const nonce = fields.get('oauth_nonce') ?? '';
  if (nonce === '' || usedNonces.has(nonce)) return false;
  const oauth = [...fields].filter(([name]) => name.startsWith('oauth_') && name !== 'oauth_signature');
  const query = request.query.toString();
  const expected = sign(signatureBaseString({ method: request.method, url: `${baseUrl}${request.path}${query === '' ? '' : `?${query}`}` }, oauth), tba, 'HMAC-SHA256');
  if (!sameSecret(expected, fields.get('oauth_signature') ?? '')) return false;
  if (usedNonces.size > 100_000) usedNonces.clear();
  usedNonces.add(nonce);
  return true;
}

export function createNetSuiteSimulator(state: { current: NetSuiteState }, options: NetSuiteOptions): SimulatorDefinition {
  const s = (): NetSuiteState => state.current;
  const usedNonces = new Set<string>();
  const url = (type: RecordType, id?: string): string => `${options.baseUrl()}${NETSUITE_BASE}/${type}${id === undefined ? '' : `/${id}`}`;
  const body = (request: SimRequest): Record<string, unknown> => {
    const parsed = jsonBody(request, (message) => netsuiteError(400, 'INVALID_CONTENT', `Invalid content in the request body: ${message}`));
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new SimError(netsuiteError(400, 'INVALID_CONTENT', 'The request body must be a JSON object.'));
    return parsed as Record<string, unknown>;
  };

  const render = (type: RecordType, record: NsRecord, expand: boolean): Record<string, unknown> => {
    const links = [{ rel: 'self', href: url(type, record.id) }];
    const item = record['item'];
    if (item === undefined || expand) return { links, ...record };
    return { links, ...record, item: { links: [{ rel: 'self', href: `${url(type, record.id)}/item` }] } };
  };

  /**
   * Records by external id, per record table: built on first use and kept as
   * records are saved (every write goes through save), so an `eid:` look-up
   * does not scan thousands of records. A table that is replaced (a scenario
   * reset) gets its own index.
   */
  const indexes = new WeakMap<Record<string, NsRecord>, Map<string, NsRecord>>();
  const byExternalId = (type: RecordType, externalId: string): NsRecord | undefined => {
    const table = s().records[type];
    let index = indexes.get(table);
    if (index === undefined) {
      index = new Map(Object.values(table).flatMap((record) => (typeof record.externalId === 'string' ? [[record.externalId, record] as const] : [])));
      indexes.set(table, index);
    }
    const found = index.get(externalId);
    // Every write goes through save(), which keeps the index; a stale entry is a miss.
    return found !== undefined && found.externalId === externalId && table[found.id] === found ? found : undefined;
  };

  const find = (type: RecordType, id: string): NsRecord => {
    const record = id.startsWith('eid:') ? byExternalId(type, id.slice(4)) : s().records[type][id];
    if (record === undefined) throw notFound();
    return record;
  };

  /** Checks references and derives amounts, as NetSuite does on save. */
  const normalise = (type: RecordType, input: Record<string, unknown>, existing: NsRecord | undefined): Record<string, unknown> => {
    const record: Record<string, unknown> = { ...existing, ...input };
    if (!TRANSACTION_TYPES.has(type)) return record;
    const entity = record['entity'] as { id?: unknown } | undefined;
    if (type !== 'itemFulfillment' && (entity === undefined || typeof entity.id !== 'string' || s().records.customer[entity.id] === undefined)) {
      throw new SimError(netsuiteError(400, 'INVALID_KEY_OR_REF', `Invalid entity reference key ${JSON.stringify(entity?.id ?? null)}.`, 'entity'));
    }
    if (entity !== undefined && typeof entity.id === 'string') {
      const customer = s().records.customer[entity.id];
      record['entity'] = { id: entity.id, refName: text(customer?.['entityId'], entity.id) };
    }
    const sublist = (record['item'] as { items?: unknown } | undefined)?.items;
    if (sublist !== undefined) {
      if (!Array.isArray(sublist)) throw new SimError(netsuiteError(400, 'INVALID_CONTENT', 'item.items must be an array.', 'item.items'));
      const items = sublist.map((raw: unknown, index) => {
        const line = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
        const reference = line['item'] as { id?: unknown } | undefined;
        const product = typeof reference?.id === 'string' ? s().records.inventoryItem[reference.id] : undefined;
        if (product === undefined) {
          throw new SimError(netsuiteError(400, 'INVALID_KEY_OR_REF', `Invalid item reference key ${JSON.stringify(reference?.id ?? null)} for line ${index + 1}.`, `item.items[${index}].item`));
        }
        const quantity = Number(line['quantity'] ?? 1);
        const rate = Number(line['rate'] ?? product['basePrice'] ?? 0);
        return { ...line, line: index + 1, item: { id: product.id, refName: String(product['itemId']) }, quantity, ...(type === 'itemFulfillment' ? {} : { rate, amount: round(quantity * rate) }) };
      });
      record['item'] = { items };
      if (type !== 'itemFulfillment') {
        const subtotal = round(items.reduce((sum, line) => sum + ((line as { amount?: number }).amount ?? 0), 0));
        record['subtotal'] = subtotal;
        record['total'] = round(subtotal + Number(record['taxTotal'] ?? 0) + Number(record['shippingCost'] ?? 0));
      }
    }
    record['currency'] ??= USD;
    if (type === 'salesOrder') record['orderStatus'] ??= ORDER_STATUS.pendingFulfillment;
    return record;
  };

  const save = (type: RecordType, input: Record<string, unknown>, existing: NsRecord | undefined, externalId?: string): NsRecord => {
    const now = options.clock.iso();
    const id = existing?.id ?? nextNsId(s());
    const record = {
      ...normalise(type, input, existing),
      id,
      ...(externalId === undefined ? {} : { externalId }),
      createdDate: existing?.createdDate ?? now,
      lastModifiedDate: now,
    } as NsRecord;
    if (type === 'salesOrder' && existing === undefined) {
      record['tranId'] ??= `SO${id}`;
      record['status'] = record['orderStatus'];
    }
    s().records[type][id] = record;
    if (typeof record.externalId === 'string') indexes.get(s().records[type])?.set(record.externalId, record);
    return record;
  };

  const created = (type: RecordType, record: NsRecord): SimResponse => ({ status: 204, headers: { location: url(type, record.id) } });

  const routes: Route[] = [];
  for (const type of RECORD_TYPES) {
    const base = `${NETSUITE_BASE}/${type}`;
    routes.push(
      {
        method: 'GET',
        pattern: base,
        name: `${type}.list`,
        write: false,
        handle: (request) => {
          const limit = Number(request.query.get('limit') ?? 1000);
          const offset = Number(request.query.get('offset') ?? 0);
          if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new SimError(netsuiteError(400, 'INVALID_PARAMETER', 'Invalid value for the limit parameter. The value must be between 1 and 1000.'));
          if (!Number.isInteger(offset) || offset < 0 || offset % limit !== 0) throw new SimError(netsuiteError(400, 'INVALID_PARAMETER', 'Invalid value for the offset parameter. The offset must be a multiple of the limit.'));
          const q = request.query.get('q');
          const predicate = q === null ? () => true : parseNetSuiteQuery(q);
          if (typeof predicate !== 'function') throw new SimError(netsuiteError(400, 'INVALID_PARAMETER', predicate.error, 'q'));
          const all = Object.values(s().records[type])
            .filter(predicate)
            .sort((a, b) => Number(a.id) - Number(b.id));
          const page = all.slice(offset, offset + limit);
          const self = `${url(type)}?limit=${limit}&offset=${offset}${q === null ? '' : `&q=${encodeURIComponent(q)}`}`;
          const links = [{ rel: 'self', href: self }];
          if (offset + limit < all.length) links.push({ rel: 'next', href: self.replace(`offset=${offset}`, `offset=${offset + limit}`) });
          return json(200, { links, count: page.length, hasMore: offset + limit < all.length, items: page.map((record) => ({ links: [{ rel: 'self', href: url(type, record.id) }], id: record.id })), offset, totalResults: all.length });
        },
      },
      {
        method: 'GET',
        pattern: `${base}/{id}`,
        name: `${type}.get`,
        write: false,
        handle: (request) => json(200, render(type, find(type, request.params['id'] ?? ''), request.query.get('expandSubResources') === 'true')),
      },
      {
        method: 'PUT',
        pattern: `${base}/{id}`,
        name: `${type}.upsert`,
        write: true,
        idempotencyKey: (request) => request.params['id'],
        handle: (request) => {
          const key = request.params['id'] ?? '';
          if (!key.startsWith('eid:')) throw new SimError(netsuiteError(405, 'METHOD_NOT_ALLOWED', 'PUT is supported only with an external ID: use PUT /{record}/eid:{externalId}, or PATCH to update by internal ID.'));
          const externalId = key.slice(4);
          const existing = byExternalId(type, externalId);
          return created(type, save(type, body(request), existing, externalId));
        },
      },
      {
        method: 'POST',
        pattern: base,
        name: `${type}.create`,
        write: true,
        idempotencyKey: (request) => header(request, 'x-netsuite-idempotency-key'),
        handle: (request) => {
          const input = body(request);
          const externalId = typeof input['externalId'] === 'string' ? input['externalId'] : undefined;
          if (externalId !== undefined && byExternalId(type, externalId) !== undefined) {
            throw new SimError(netsuiteError(400, 'DUP_RCRD', `A record with external ID ${externalId} already exists. Use PUT …/eid:${externalId} to update it.`, 'externalId'));
          }
          return created(type, save(type, input, undefined, externalId));
        },
      },
      {
        method: 'PATCH',
        pattern: `${base}/{id}`,
        name: `${type}.update`,
        write: true,
        handle: (request) => {
          const existing = find(type, request.params['id'] ?? '');
          save(type, body(request), existing, existing.externalId);
          return { status: 204 };
        },
      },
    );
  }

  const transform = (target: 'itemFulfillment' | 'invoice'): Route => ({
    method: 'POST',
    pattern: `${NETSUITE_BASE}/salesOrder/{id}/!transform/${target}`,
    name: `salesOrder.transform.${target}`,
    write: true,
    handle: (request) => {
      const order = find('salesOrder', request.params['id'] ?? '');
      const input = request.body.length === 0 ? {} : body(request);
      const lines = ((order['item'] as { items?: Record<string, unknown>[] } | undefined)?.items ?? []).map((line) => ({ ...line }));
      const source = { id: order.id, refName: `Sales Order #${String(order['tranId'])}` };
      const record = save(
        target,
        {
          createdFrom: source,
          entity: order['entity'],
          tranDate: options.clock.iso().slice(0, 10),
          ...(target === 'invoice' ? { taxTotal: order['taxTotal'], shippingCost: order['shippingCost'], status: { id: 'A', refName: 'Open' } } : { shipStatus: { id: 'C', refName: 'Shipped' } }),
          item: { items: lines.map((line) => ({ item: line['item'], quantity: line['quantity'], ...(target === 'invoice' ? { rate: line['rate'] } : { location: LOCATION }) })) },
          ...input,
        },
        undefined,
      );
      const field = target === 'invoice' ? 'quantityBilled' : 'quantityFulfilled';
      for (const line of (order['item'] as { items: Record<string, unknown>[] }).items) line[field] = line['quantity'];
      order['orderStatus'] = order['status'] = target === 'invoice' ? ORDER_STATUS.billed : ORDER_STATUS.pendingBilling;
      order.lastModifiedDate = options.clock.iso();
      return created(target, record);
    },
  });
  routes.push(transform('itemFulfillment'), transform('invoice'), {
    method: 'GET',
    pattern: `${NETSUITE_BASE}/inventoryItem/{id}/locations`,
    name: 'inventoryItem.locations',
    write: false,
    handle: (request) => {
      const item = find('inventoryItem', request.params['id'] ?? '');
      const locations = (item['locations'] as Record<string, unknown>[] | undefined) ?? [];
      return json(200, { links: [{ rel: 'self', href: `${url('inventoryItem', item.id)}/locations` }], count: locations.length, hasMore: false, items: locations, offset: 0, totalResults: locations.length });
    },
  });
  // More specific patterns (eid:, !transform, /locations) are matched first.
  routes.sort((a, b) => specificity(b.pattern) - specificity(a.pattern));

  let inFlight = 0;
  const limiter: Limiter = {
    acquire: () => {
      if (inFlight >= NETSUITE_CONCURRENCY) return netsuiteError(429, 'CONCURRENCY_LIMIT_EXCEEDED', 'Concurrent request limit exceeded. Request blocked.');
      inFlight += 1;
      return null;
    },
    release: () => {
      inFlight -= 1;
    },
  };

  return {
    system: 'netsuite',
    routes,
    limiter,
    authenticate: (request) => {
      const authorization = header(request, 'authorization') ?? '';
      const bearer = /^Bearer (.+)$/.exec(authorization)?.[1];
      if (bearer !== undefined && sameSecret(bearer, options.token)) return null;
      if (options.tba !== undefined && verifyTba(request, authorization, options.tba, options.baseUrl(), usedNonces)) return null;
      return netsuiteError(401, 'INVALID_LOGIN', 'Invalid login attempt. For more details, see the Login Audit Trail in the NetSuite UI at Setup > Users/Roles > User Management > View Login Audit Trail.');
    },
    errors: {
      notFound: (request) => netsuiteError(404, 'INVALID_URL', `Invalid URL: the path ${request.path} does not match any record or sub-resource.`),
      methodNotAllowed: (request) => netsuiteError(405, 'METHOD_NOT_ALLOWED', `The ${request.method} method is not allowed for this resource.`),
      serverError: () => netsuiteError(500, 'UNEXPECTED_ERROR', 'An unexpected error occurred. Error ID: sbx-unexpected.'),
      throttled: () => netsuiteError(429, 'CONCURRENCY_LIMIT_EXCEEDED', 'Concurrent request limit exceeded. Request blocked.'),
      rejected: (_request, route) => netsuiteError(400, 'INVALID_KEY_OR_REF', `Invalid item reference key for line 1 (${route.name}).`, 'item.items[0].item'),
    },
    snapshot: () => structuredClone(state.current),
    restore: (saved) => {
      state.current = saved as NetSuiteState;
    },
  };
}

function specificity(pattern: string): number {
  return pattern.split('/').length * 10 + (pattern.includes('!transform') || pattern.endsWith('/locations') ? 5 : 0) - (pattern.endsWith('{id}') ? 1 : 0);
}
