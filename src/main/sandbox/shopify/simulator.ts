import { createHmac, randomUUID } from 'node:crypto';
import { GraphQLError, execute, parse, validate } from 'graphql';
import type { DocumentNode, ExecutionResult } from 'graphql';
import type { SandboxClock } from '../core/clock';
import { header, json, jsonBody } from '../core/http';
import type { Route, SimRequest, SimResponse } from '../core/http';
import type { SimulatorDefinition } from '../core/simulator-server';
import type { WebhookDispatcher, WebhookPolicy } from '../core/webhooks';
import { sameSecret } from '../stripe/simulator';
import { queryCost } from './cost';
import { createMutations } from './mutations';
import { SHOPIFY_VERSION, schemaFor } from './schema';
import { matchesSearch, parseSearch } from './search';
import type { ShopifyState } from './state';
import { connection, inventoryItemView, locationView, orderSearchFields, orderView, parseGid } from './views';

/**
 * Shopify's Admin GraphQL API at `/admin/api/{version}/graphql.json`,
 * executed by graphql-js against the subset schema, with Shopify's query
 * cost, leaky-bucket throttling (HTTP 200 with a THROTTLED error) and the
 * `extensions.cost` block on every answer.
 */
export const SHOPIFY_BUCKET = { maximumAvailable: 20_000, restoreRate: 1_000 } as const;
const MAX_QUERY_COST = 1_000;
const DOCS = 'https://shopify.dev/api/usage/rate-limits';

export interface ShopifyOptions {
  readonly accessToken: string;
  readonly webhookSecret: string;
  readonly clock: SandboxClock;
  /** A forced API version (the version-switch fault), else the URL's. */
  readonly forcedVersion: () => string | undefined;
  readonly webhooks: () => WebhookDispatcher;
  readonly shopDomain: string;
  readonly onBlindOverwrite?: (referenceDocumentUri: string | null) => void;
}

const graphqlError = (message: string, extensions: Record<string, unknown>): { message: string; extensions: Record<string, unknown> } => ({ message, extensions });

export function shopifyWebhookPolicy(secret: string, shopDomain: string): WebhookPolicy {
  return {
    headers: (event) => ({
      'x-shopify-topic': event.topic,
      'x-shopify-hmac-sha256': createHmac('sha256', secret).update(event.body).digest('base64'),
      'x-shopify-shop-domain': shopDomain,
      'x-shopify-api-version': SHOPIFY_VERSION,
      'x-shopify-webhook-id': randomUUID(),
      'x-shopify-event-id': event.id,
      'x-shopify-triggered-at': new Date(event.timestamp * 1000).toISOString(),
    }),
    corrupt: (headers) => ({ ...headers, 'x-shopify-hmac-sha256': Buffer.alloc(32).toString('base64') }),
    // Shopify waits 5 s and retries 8 times over 4 hours; compressed here.
    deadlineMs: 5_000,
    retryDelaysMs: [1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 64_000],
  };
}

export function createShopifySimulator(state: { current: ShopifyState }, options: ShopifyOptions): SimulatorDefinition {
  const s = (): ShopifyState => state.current;

  /** The bucket refills at the restore rate; it starts full. */
  const bucket = (): number => {
    const now = options.clock.now();
    const current = s().bucket;
    if (Number.isNaN(current.available)) current.available = SHOPIFY_BUCKET.maximumAvailable;
    current.available = Math.min(SHOPIFY_BUCKET.maximumAvailable, current.available + ((now - current.updatedAt) / 1000) * SHOPIFY_BUCKET.restoreRate);
    current.updatedAt = now;
    return current.available;
  };
  const throttleStatus = () => ({ maximumAvailable: SHOPIFY_BUCKET.maximumAvailable, currentlyAvailable: Math.floor(bucket()), restoreRate: SHOPIFY_BUCKET.restoreRate });

  const root = {
    orders: (args: { first?: number; after?: string; query?: string; sortKey?: string; reverse?: boolean }) => {
      const search = args.query === undefined || args.query === null || args.query.trim() === '' ? null : parseSearch(args.query);
      const key = args.sortKey ?? 'ID';
      const sortValue = (order: ShopifyState['orders'][string]): string | number =>
        key === 'CREATED_AT' || key === 'PROCESSED_AT' ? order.createdAt : key === 'UPDATED_AT' ? order.updatedAt : key === 'TOTAL_PRICE' ? order.totalCents : Number(order.id);
      const orders = Object.values(s().orders)
        .filter((order) => search === null || matchesSearch(search, orderSearchFields(order)))
        .sort((a, b) => (sortValue(a) < sortValue(b) ? -1 : sortValue(a) > sortValue(b) ? 1 : 0) * (args.reverse === true ? -1 : 1));
      return connection(orders.map(orderView), args, (view) => String(view['legacyResourceId']));
    },
    order: (args: { id: string }) => {
      const id = parseGid(args.id, 'Order');
      const order = id === null ? undefined : s().orders[id];
      return order === undefined ? null : orderView(order);
    },
    inventoryItems: (args: { first?: number; after?: string; query?: string }) => {
      const search = args.query === undefined || args.query === null || args.query.trim() === '' ? null : parseSearch(args.query);
      const items = Object.values(s().inventoryItems).filter((item) => search === null || matchesSearch(search, { sku: item.sku, id: Number(item.id), updated_at: item.updatedAt }));
      return connection(items.map((item) => inventoryItemView(item, s())), args, (view) => String(view['legacyResourceId']));
    },
    inventoryItem: (args: { id: string }) => {
      const id = parseGid(args.id, 'InventoryItem');
      const item = id === null ? undefined : s().inventoryItems[id];
      return item === undefined ? null : inventoryItemView(item, s());
    },
    locations: (args: { first?: number; after?: string }) => connection(Object.values(s().locations).map(locationView), args, (view) => String(view['legacyResourceId'])),
    ...createMutations(() => s(), options),
  };

  const handle = async (request: SimRequest): Promise<SimResponse> => {
    const version = options.forcedVersion() ?? request.params['version'] ?? SHOPIFY_VERSION;
    const schema = schemaFor(version);
    const input = jsonBody(request, () => json(400, { errors: { query: 'Required parameter missing or invalid' } })) as { query?: unknown; variables?: unknown; operationName?: unknown };
    if (typeof input.query !== 'string') return json(400, { errors: { query: 'Required parameter missing or invalid' } });
    const variables = (typeof input.variables === 'object' && input.variables !== null ? input.variables : {}) as Record<string, unknown>;
    const operationName = typeof input.operationName === 'string' ? input.operationName : undefined;
    let document: DocumentNode;
    try {
      document = parse(input.query);
    } catch (error: unknown) {
      const syntax = error instanceof GraphQLError ? error : new GraphQLError(String(error));
      return json(200, { errors: [{ message: syntax.message, locations: syntax.locations, extensions: { code: 'parseError' } }] });
    }
    const invalid = validate(schema, document);
    if (invalid.length > 0) return json(200, { errors: invalid.map(shopifyValidationError) });

    const requested = queryCost(schema, document, variables, operationName);
    if (requested > MAX_QUERY_COST) {
      return json(200, {
        errors: [
          graphqlError(`Query cost is ${requested}, which exceeds the single query max cost limit (${MAX_QUERY_COST}).\n\nSee ${DOCS} for more information on how the cost of a query is calculated.\n\nTo query larger amounts of data with fewer limits, bulk operations should be used instead.`, {
            code: 'MAX_COST_EXCEEDED',
            cost: requested,
            maxCost: MAX_QUERY_COST,
            documentation: DOCS,
          }),
        ],
      });
    }
    if (requested > bucket()) return throttled(requested);
    const result: ExecutionResult = await execute({ schema, document, rootValue: root, variableValues: variables, operationName: operationName ?? null });
    const actual = queryCost(schema, document, variables, operationName, result.data ?? undefined);
    s().bucket.available -= actual;
    return json(200, {
      ...(result.data === undefined ? {} : { data: result.data }),
      ...(result.errors === undefined ? {} : { errors: result.errors.map((error) => ({ message: error.message, locations: error.locations, path: error.path })) }),
      extensions: { cost: { requestedQueryCost: requested, actualQueryCost: actual, throttleStatus: throttleStatus() } },
    });
  };

  const throttled = (requested: number | null): SimResponse =>
    json(200, {
      errors: [graphqlError('Throttled', { code: 'THROTTLED', documentation: DOCS })],
      extensions: { cost: { requestedQueryCost: requested, actualQueryCost: null, throttleStatus: throttleStatus() } },
    });

  const routes: Route[] = [{ method: 'POST', pattern: '/admin/api/{version}/graphql.json', name: 'graphql', write: true, handle }];

  return {
    system: 'shopify',
    routes,
    authenticate: (request) => {
      const token = header(request, 'x-shopify-access-token');
      return token !== undefined && sameSecret(token, options.accessToken) ? null : json(401, { errors: '[API] Invalid API key or access token (unrecognized login or wrong password)' });
    },
    errors: {
      notFound: () => json(404, { errors: 'Not Found' }),
      methodNotAllowed: () => json(405, { errors: 'Method Not Allowed' }),
      serverError: () => json(500, { errors: 'Internal Server Error' }),
      throttled: () => throttled(null),
      rejected: () => json(200, { data: null, errors: [graphqlError('Internal error. Looks like something went wrong on our end.', { code: 'INTERNAL_SERVER_ERROR' })] }),
    },
    snapshot: () => structuredClone(state.current),
    restore: (saved) => {
      state.current = saved as ShopifyState;
    },
  };
}

/** graphql-js says it its way; Shopify says "Field 'x' doesn't exist on type 'Y'". */
function shopifyValidationError(error: GraphQLError): Record<string, unknown> {
  const undefinedField = /^Cannot query field "(\w+)" on type "(\w+)"\./.exec(error.message);
  if (undefinedField !== null) {
    const [, fieldName = '', typeName = ''] = undefinedField;
    return { message: `Field '${fieldName}' doesn't exist on type '${typeName}'`, locations: error.locations, path: error.path, extensions: { code: 'undefinedField', typeName, fieldName } };
  }
  return { message: error.message, locations: error.locations, extensions: { code: 'invalid' } };
}
