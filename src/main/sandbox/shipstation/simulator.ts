import type { SandboxClock } from '../core/clock';
import { SimError, header, json, jsonBody, text } from '../core/http';
import type { Route, SimRequest, SimResponse } from '../core/http';
import { perMinuteLimiter } from '../core/limits';
import type { SimulatorDefinition } from '../core/simulator-server';
import type { WebhookDispatcher, WebhookPolicy } from '../core/webhooks';
import { sameSecret } from '../stripe/simulator';
import type { ShipStationOrder, ShipStationState } from './state';

/**
 * ShipStation API V1, the second 3PL: `createorder` creates or updates by
 * `orderKey`, orders and shipments list by `orderNumber` with paging,
 * `markasshipped`, and thin unsigned webhooks whose `resource_url` the
 * receiver must fetch. 40 requests a minute.
 */
export const SHIPSTATION_RATE_LIMIT = 40;

export interface ShipStationOptions {
  readonly apiKey: string;
  readonly apiSecret: string;
  readonly clock: SandboxClock;
  readonly baseUrl: () => string;
  readonly webhooks: () => WebhookDispatcher;
}

/** ASP.NET Web API error bodies, as ShipStation V1 answers. */
const message = (status: number, text: string, extra: Record<string, unknown> = {}, headers?: Record<string, string>): SimResponse => json(status, { Message: text, ...extra }, headers);

export const shipstationWebhookPolicy: WebhookPolicy = {
  headers: () => ({}),
  corrupt: (headers) => headers,
  deadlineMs: 10_000,
  retryDelaysMs: [2_000, 10_000],
};

export function createShipStationSimulator(state: { current: ShipStationState }, options: ShipStationOptions): SimulatorDefinition {
  const s = (): ShipStationState => state.current;
  const body = (request: SimRequest): Record<string, unknown> => {
    const parsed = jsonBody(request, (text) => message(400, 'The request is invalid.', { ModelState: { request: [`Unexpected character encountered while parsing value: ${text}`] } }));
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new SimError(message(400, 'The request is invalid.', { ModelState: { request: ['An object is required.'] } }));
    return parsed as Record<string, unknown>;
  };
  const page = (request: SimRequest, items: readonly unknown[], key: 'orders' | 'shipments'): SimResponse => {
    const pageNumber = Math.max(1, Number(request.query.get('page') ?? 1));
    const pageSize = Math.min(500, Math.max(1, Number(request.query.get('pageSize') ?? 100)));
    return json(200, { [key]: items.slice((pageNumber - 1) * pageSize, pageNumber * pageSize), total: items.length, page: pageNumber, pages: Math.max(1, Math.ceil(items.length / pageSize)) });
  };
  const now = (): string => options.clock.iso();

  const routes: Route[] = [
    {
      method: 'POST',
      pattern: '/orders/createorder',
      name: 'orders.createorder',
      write: true,
      idempotencyKey: (request) => {
        try {
          const parsed = JSON.parse(request.body.toString('utf8')) as { orderKey?: unknown };
          return typeof parsed.orderKey === 'string' ? parsed.orderKey : undefined;
        } catch {
          return undefined;
        }
      },
      handle: (request) => {
        const input = body(request);
        const errors: Record<string, string[]> = {};
        for (const field of ['orderNumber', 'orderDate', 'orderStatus', 'billTo', 'shipTo']) if (input[field] === undefined) errors[`apiOrder.${field}`] = [`The ${field} field is required.`];
        if (Object.keys(errors).length > 0) return message(400, 'The request is invalid.', { ModelState: errors });
        const key = typeof input['orderKey'] === 'string' ? input['orderKey'] : undefined;
        const existing = key === undefined ? undefined : Object.values(s().orders).find((order) => order.orderKey === key);
        const orderId = existing?.orderId ?? (s().sequence += 1);
        const items = (Array.isArray(input['items']) ? input['items'] : []).map((raw: unknown, index) => {
          const item = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
          return { lineItemKey: text(item['lineItemKey'], String(index + 1)), sku: text(item['sku']), name: text(item['name'], text(item['sku'])), quantity: Number(item['quantity'] ?? 1), unitPrice: Number(item['unitPrice'] ?? 0) };
        });
        const saved: ShipStationOrder = {
          orderId,
          orderNumber: String(input['orderNumber']),
          orderKey: key ?? `ss-${orderId}`,
          orderDate: String(input['orderDate']),
          createDate: existing?.createDate ?? now(),
          modifyDate: now(),
          orderStatus: input['orderStatus'] as ShipStationOrder['orderStatus'],
          customerEmail: text(input['customerEmail']),
          shipTo: input['shipTo'] as ShipStationOrder['shipTo'],
          items,
          amountPaid: Number(input['amountPaid'] ?? 0),
          taxAmount: Number(input['taxAmount'] ?? 0),
          shippingAmount: Number(input['shippingAmount'] ?? 0),
        };
        s().orders[String(orderId)] = saved;
        options.webhooks().emit('ORDER_NOTIFY', { resource_url: `${options.baseUrl()}/orders?orderNumber=${encodeURIComponent(saved.orderNumber)}`, resource_type: 'ORDER_NOTIFY' });
        return json(200, saved);
      },
    },
    {
      method: 'GET',
      pattern: '/orders',
      name: 'orders.list',
      write: false,
      handle: (request) => {
        const number = request.query.get('orderNumber');
        const status = request.query.get('orderStatus');
        const items = Object.values(s().orders)
          .filter((order) => (number === null || order.orderNumber.startsWith(number)) && (status === null || order.orderStatus === status))
          .sort((a, b) => a.orderId - b.orderId);
        return page(request, items, 'orders');
      },
    },
    {
      method: 'GET',
      pattern: '/orders/{id}',
      name: 'orders.get',
      write: false,
      handle: (request) => {
        const found = s().orders[request.params['id'] ?? ''];
        if (found === undefined) throw new SimError(message(404, `Order not found with orderId: ${request.params['id'] ?? ''}`));
        return json(200, found);
      },
    },
    {
      method: 'POST',
      pattern: '/orders/markasshipped',
      name: 'orders.markasshipped',
      write: true,
      idempotencyKey: (request) => {
        try {
          return text((JSON.parse(request.body.toString('utf8')) as { orderId?: unknown }).orderId) || undefined;
        } catch {
          return undefined;
        }
      },
      handle: (request) => {
        const input = body(request);
        const order = s().orders[String(input['orderId'])];
        if (order === undefined) return message(400, 'The request is invalid.', { ModelState: { 'request.orderId': ['Order not found.'] } });
        order.orderStatus = 'shipped';
        order.modifyDate = now();
        const shipmentId = (s().sequence += 1);
        const tracking = typeof input['trackingNumber'] === 'string' ? input['trackingNumber'] : `1Z${String(shipmentId).padStart(16, '0')}`;
        s().shipments[String(shipmentId)] = {
          shipmentId,
          orderId: order.orderId,
          orderKey: order.orderKey,
          orderNumber: order.orderNumber,
          createDate: now(),
          shipDate: typeof input['shipDate'] === 'string' ? input['shipDate'] : now().slice(0, 10),
          trackingNumber: tracking,
          carrierCode: typeof input['carrierCode'] === 'string' ? input['carrierCode'] : 'ups',
          serviceCode: 'ups_ground',
          voided: false,
          batchId: shipmentId,
          shipmentItems: order.items.map((item) => ({ sku: item.sku, name: item.name, quantity: item.quantity })),
        };
        options.webhooks().emit('SHIP_NOTIFY', { resource_url: `${options.baseUrl()}/shipments?batchId=${shipmentId}&includeShipmentItems=True`, resource_type: 'SHIP_NOTIFY' });
        return json(200, { orderId: order.orderId, orderNumber: order.orderNumber });
      },
    },
    {
      method: 'GET',
      pattern: '/shipments',
      name: 'shipments.list',
      write: false,
      handle: (request) => {
        const number = request.query.get('orderNumber');
        const batch = request.query.get('batchId');
        const items = Object.values(s().shipments)
          .filter((shipment) => (number === null || shipment.orderNumber === number) && (batch === null || String(shipment.batchId) === batch))
          .sort((a, b) => a.shipmentId - b.shipmentId);
        return page(request, items, 'shipments');
      },
    },
    {
      method: 'POST',
      pattern: '/webhooks/subscribe',
      name: 'webhooks.subscribe',
      write: true,
      handle: (request) => {
        const input = body(request);
        const url = input['target_url'];
        const event = input['event'];
        if (typeof url !== 'string' || typeof event !== 'string') return message(400, 'The request is invalid.', { ModelState: { target_url: ['target_url and event are required.'] } });
        const subscription = options.webhooks().subscribe(url, [event]);
        return json(201, { id: subscription.id });
      },
    },
    { method: 'GET', pattern: '/webhooks', name: 'webhooks.list', write: false, handle: () => json(200, { webhooks: options.webhooks().list().map((entry) => ({ WebHookID: entry.id, Url: entry.url, HookType: entry.topics[0] ?? 'ALL' })) }) },
  ];

  return {
    system: 'shipstation',
    routes,
    limiter: perMinuteLimiter(SHIPSTATION_RATE_LIMIT, () => options.clock.now(), (retryAfter) =>
      json(429, { message: 'Too Many Requests' }, { 'x-rate-limit-limit': String(SHIPSTATION_RATE_LIMIT), 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': String(retryAfter), 'retry-after': String(retryAfter) }),
    ),
    authenticate: (request) => {
      const encoded = /^Basic (.+)$/.exec(header(request, 'authorization') ?? '')?.[1];
      const [key = '', secret = ''] = encoded === undefined ? [] : Buffer.from(encoded, 'base64').toString('utf8').split(':');
      return sameSecret(key, options.apiKey) && sameSecret(secret, options.apiSecret) ? null : { status: 401, text: '401 Unauthorized', headers: { 'content-type': 'text/plain', 'www-authenticate': 'Basic realm="ShipStation"' } };
    },
    errors: {
      notFound: (request) => message(404, `No HTTP resource was found that matches the request URI '${options.baseUrl()}${request.path}'.`),
      methodNotAllowed: (request) => message(405, `The requested resource does not support http method '${request.method}'.`),
      serverError: () => message(500, 'An error has occurred.'),
      throttled: () => json(429, { message: 'Too Many Requests' }, { 'x-rate-limit-limit': String(SHIPSTATION_RATE_LIMIT), 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': '30', 'retry-after': '30' }),
      rejected: () => message(400, 'The request is invalid.', { ModelState: { 'apiOrder.items[0].sku': ['Unknown SKU.'] } }),
    },
    snapshot: () => structuredClone(state.current),
    restore: (saved) => {
      state.current = saved as ShipStationState;
    },
  };
}
