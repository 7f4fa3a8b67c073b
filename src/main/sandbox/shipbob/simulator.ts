import { createHmac } from 'node:crypto';
import type { SandboxClock } from '../core/clock';
import { SimError, header, json, jsonBody, text } from '../core/http';
import type { Route, SimRequest, SimResponse } from '../core/http';
import { perMinuteLimiter } from '../core/limits';
import type { SimulatorDefinition } from '../core/simulator-server';
import type { WebhookDispatcher, WebhookPolicy } from '../core/webhooks';
import { sameSecret } from '../stripe/simulator';
import type { ShipBobOrder, ShipBobShipment, ShipBobState } from './state';
import { SHIPBOB_CHANNEL, SHIPBOB_LOCATION } from './state';

/**
 * ShipBob's Developer API 2026-01: orders keyed by `reference_id` per
 * channel, shipments inline, inventory levels, the sandbox's
 * `simulate/shipment`, Standard Webhooks, and 150 requests a minute.
 */
export const SHIPBOB_VERSION = '2026-01';
const V = `/${SHIPBOB_VERSION}`;
export const SHIPBOB_RATE_LIMIT = 150;

export interface ShipBobOptions {
  readonly token: string;
  readonly clock: SandboxClock;
  readonly webhooks: () => WebhookDispatcher;
}

/** ASP.NET-style problem details, as ShipBob answers. */
export function shipbobProblem(status: number, title: string, errors?: Record<string, string[]>, headers?: Record<string, string>): SimResponse {
  return json(status, { type: `https://tools.ietf.org/html/rfc9110#section-15.${status >= 500 ? 6 : 5}`, title, status, ...(errors === undefined ? {} : { errors }) }, headers);
}

/** Standard Webhooks signing; a `whsec_` secret's key is the base64 after the prefix. */
export function standardWebhookSignature(secret: string, id: string, timestamp: number, body: string): string {
  const key = secret.startsWith('whsec_') ? Buffer.from(secret.slice(6), 'base64') : Buffer.from(secret, 'utf8');
  return `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}

export function shipbobWebhookPolicy(secret: string): WebhookPolicy {
  return {
    headers: (event) => ({
      'webhook-id': event.id,
      'webhook-timestamp': String(event.timestamp),
      'webhook-signature': standardWebhookSignature(secret, event.id, event.timestamp, event.body),
      'x-webhook-topic': event.topic,
    }),
    corrupt: (headers) => ({ ...headers, 'webhook-signature': `v1,${Buffer.alloc(32).toString('base64')}` }),
    deadlineMs: 15_000,
    retryDelaysMs: [0, 5_000, 30_000],
  };
}

export function createShipBobSimulator(state: { current: ShipBobState }, options: ShipBobOptions): SimulatorDefinition {
  const s = (): ShipBobState => state.current;
  const body = (request: SimRequest): Record<string, unknown> => {
    const parsed = jsonBody(request, (message) => shipbobProblem(400, 'One or more validation errors occurred.', { $: [`The JSON value could not be converted: ${message}`] }));
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new SimError(shipbobProblem(400, 'One or more validation errors occurred.', { $: ['A JSON object is required.'] }));
    return parsed as Record<string, unknown>;
  };
  const order = (id: string): ShipBobOrder => {
    const found = s().orders[id];
    if (found === undefined) throw new SimError(shipbobProblem(404, 'Not Found'));
    return found;
  };
  const nextId = (): number => (s().sequence += 1);

  const createOrder = (request: SimRequest): SimResponse => {
    const channel = header(request, 'shipbob_channel_id');
    if (channel === undefined) return shipbobProblem(400, 'One or more validation errors occurred.', { shipbob_channel_id: ['The shipbob_channel_id header is required.'] });
    if (channel !== String(SHIPBOB_CHANNEL.id)) return shipbobProblem(403, 'Forbidden: the token has no access to this channel.');
    const input = body(request);
    const referenceId = input['reference_id'];
    const products = input['products'];
    const errors: Record<string, string[]> = {};
    if (typeof referenceId !== 'string' || referenceId === '') errors['ReferenceId'] = ['The ReferenceId field is required.'];
    if (!Array.isArray(products) || products.length === 0) errors['Products'] = ['The Products field is required.'];
    if (typeof input['recipient'] !== 'object' || input['recipient'] === null) errors['Recipient'] = ['The Recipient field is required.'];
    const lines = (Array.isArray(products) ? products : []).map((raw: unknown, index) => {
      const line = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
      const sku = text(line['reference_id']);
      const stock = s().inventory[sku];
      if (stock === undefined) errors[`Products[${index}].ReferenceId`] = [`Product with reference id '${sku}' does not exist.`];
      return { id: stock?.inventory_id ?? 0, reference_id: sku, sku, quantity: Number(line['quantity'] ?? 0) };
    });
    if (Object.keys(errors).length > 0) return shipbobProblem(422, 'One or more validation errors occurred.', errors);
    if (Object.values(s().orders).some((existing) => existing.reference_id === referenceId)) {
      return shipbobProblem(422, 'One or more validation errors occurred.', { ReferenceId: [`An order with reference id '${String(referenceId)}' already exists for this channel.`] });
    }
    const id = nextId();
    const recipient = input['recipient'] as ShipBobOrder['recipient'];
    const created: ShipBobOrder = {
      id,
      reference_id: String(referenceId),
      order_number: typeof input['order_number'] === 'string' ? input['order_number'] : String(referenceId),
      status: 'Processing',
      type: input['type'] === 'B2B' || input['type'] === 'DropShip' ? input['type'] : 'DTC',
      channel: SHIPBOB_CHANNEL,
      created_date: options.clock.iso(),
      purchase_date: typeof input['purchase_date'] === 'string' ? input['purchase_date'] : null,
      // Unknown ship options quietly become Standard, as on ShipBob.
      shipping_method: typeof input['shipping_method'] === 'string' && /^(Standard|Expedited|2-Day|Overnight)$/.test(input['shipping_method']) ? input['shipping_method'] : 'Standard',
      recipient,
      products: lines,
      shipments: [],
    };
    created.shipments.push({
      id: nextId(),
      order_id: id,
      reference_id: created.reference_id,
      status: 'Processing',
      status_details: [],
      location: SHIPBOB_LOCATION,
      products: lines,
      actual_fulfillment_date: null,
      estimated_fulfillment_date: null,
      delivery_date: null,
      is_tracking_uploaded: false,
      tracking: null,
    });
    for (const line of lines) {
      const stock = s().inventory[line.sku];
      if (stock !== undefined) {
        stock.total_committed_quantity += line.quantity;
        stock.total_fulfillable_quantity -= line.quantity;
      }
    }
    s().orders[String(id)] = created;
    return json(201, created);
  };

  const ship = (shipment: ShipBobShipment, action: string): void => {
    const parent = s().orders[String(shipment.order_id)];
    if (action === 'DeliverOrder') {
      shipment.status = 'Delivered';
      shipment.delivery_date = options.clock.iso();
      options.webhooks().emit('order.shipment.delivered', shipment);
      return;
    }
    if (shipment.status !== 'Processing') return;
    const now = options.clock.iso();
    const number = `9400${String(shipment.id).padStart(18, '0')}`;
    Object.assign(shipment, {
      status: 'Completed',
      actual_fulfillment_date: now,
      is_tracking_uploaded: true,
      tracking: { carrier: 'USPS', carrier_service: 'Ground Advantage', tracking_number: number, tracking_url: `https://tools.usps.com/go/TrackConfirmAction?tLabels=${number}`, shipping_date: now },
    });
    for (const line of shipment.products) {
      const stock = s().inventory[line.sku];
      if (stock !== undefined) {
        stock.total_committed_quantity -= line.quantity;
        stock.total_onhand_quantity -= line.quantity;
      }
    }
    if (parent !== undefined) parent.status = 'Fulfilled';
    options.webhooks().emit('order.shipped', shipment);
  };

  const routes: Route[] = [
    { method: 'POST', pattern: `${V}/order`, name: 'order.create', write: true, idempotencyKey: (request) => referenceOf(request), handle: createOrder },
    {
      method: 'GET',
      pattern: `${V}/order`,
      name: 'order.list',
      write: false,
      handle: (request) => {
        const page = Number(request.query.get('Page') ?? 1);
        const limit = Number(request.query.get('Limit') ?? 50);
        if (!Number.isInteger(page) || page < 1 || !Number.isInteger(limit) || limit < 1 || limit > 250) {
          return shipbobProblem(400, 'One or more validation errors occurred.', { Limit: ['Limit must be between 1 and 250 and Page at least 1.'] });
        }
        const references = request.query.get('ReferenceIds')?.split(',').map((id) => id.trim());
        const all = Object.values(s().orders)
          .filter((entry) => references === undefined || references.includes(entry.reference_id))
          .sort((a, b) => a.id - b.id);
        const pages = Math.max(1, Math.ceil(all.length / limit));
        const headers: Record<string, string> = { 'total-count': String(all.length), 'total-pages': String(pages), 'page-number': String(page) };
        if (page < pages) {
          const next = new URLSearchParams(request.query);
          next.set('Page', String(page + 1));
          headers['next-page'] = `${V}/order?${next.toString()}`;
        }
        return json(200, all.slice((page - 1) * limit, page * limit), headers);
      },
    },
    { method: 'GET', pattern: `${V}/order/{id}`, name: 'order.get', write: false, handle: (request) => json(200, order(request.params['id'] ?? '')) },
    { method: 'GET', pattern: `${V}/order/{id}/shipment`, name: 'order.shipments', write: false, handle: (request) => json(200, order(request.params['id'] ?? '').shipments) },
    {
      method: 'GET',
      pattern: `${V}/shipment/{id}`,
      name: 'shipment.get',
      write: false,
      handle: (request) => {
        const found = Object.values(s().orders)
          .flatMap((entry) => entry.shipments)
          .find((shipment) => String(shipment.id) === request.params['id']);
        if (found === undefined) throw new SimError(shipbobProblem(404, 'Not Found'));
        return json(200, found);
      },
    },
    {
      method: 'GET',
      pattern: `${V}/inventory-level`,
      name: 'inventory.levels',
      write: false,
      handle: (request) => {
        const sku = request.query.get('SKU');
        return json(200, Object.values(s().inventory).filter((level) => sku === null || level.sku === sku));
      },
    },
    {
      method: 'POST',
      pattern: `${V}/simulate/shipment`,
      name: 'simulate.shipment',
      write: true,
      handle: (request) => {
        const input = body(request);
        const simulation = (input['simulation'] ?? {}) as { action?: unknown };
        const action = typeof simulation.action === 'string' ? simulation.action : 'ShipOrder';
        const shipments = Object.values(s().orders).flatMap((entry) => entry.shipments);
        const target = shipments.find((shipment) => String(shipment.id) === String(input['shipment_id'])) ?? shipments.find((shipment) => String(shipment.order_id) === String(input['order_id']));
        if (target === undefined) return shipbobProblem(404, 'Not Found');
        if (action !== 'ShipOrder' && action !== 'DeliverOrder') return shipbobProblem(422, 'One or more validation errors occurred.', { 'Simulation.Action': ['Action must be ShipOrder or DeliverOrder.'] });
        ship(target, action);
        return json(201, { simulation_id: `sim_${target.id}_${action}`, shipment_id: target.id, action, status: 'Success' });
      },
    },
    {
      method: 'POST',
      pattern: `${V}/webhook`,
      name: 'webhook.create',
      write: true,
      handle: (request) => {
        const input = body(request);
        const url = input['url'];
        const topics = Array.isArray(input['topics']) ? input['topics'].map(String) : [];
        if (typeof url !== 'string' || !/^https?:\/\//.test(url)) return shipbobProblem(422, 'One or more validation errors occurred.', { Url: ['The Url field must be an absolute http(s) URL.'] });
        const subscription = options.webhooks().subscribe(url, topics);
        return json(201, { id: subscription.id, url, topics, created_at: options.clock.iso() });
      },
    },
    { method: 'GET', pattern: `${V}/webhook`, name: 'webhook.list', write: false, handle: () => json(200, options.webhooks().list().map((entry) => ({ id: entry.id, url: entry.url, topics: entry.topics }))) },
  ];

  return {
    system: 'shipbob',
    routes,
    limiter: perMinuteLimiter(SHIPBOB_RATE_LIMIT, () => options.clock.now(), (retryAfter) =>
      shipbobProblem(429, 'Too Many Requests', undefined, { 'x-retry-after': String(retryAfter), 'x-remaining-calls': '0' }),
    ),
    authenticate: (request) => {
      const token = /^Bearer (.+)$/.exec(header(request, 'authorization') ?? '')?.[1];
      return token !== undefined && sameSecret(token, options.token) ? null : shipbobProblem(401, 'Unauthorized');
    },
    errors: {
      notFound: () => shipbobProblem(404, 'Not Found'),
      methodNotAllowed: () => shipbobProblem(405, 'Method Not Allowed'),
      serverError: () => shipbobProblem(500, 'An error occurred while processing your request.'),
      throttled: () => shipbobProblem(429, 'Too Many Requests', undefined, { 'x-retry-after': '30', 'x-remaining-calls': '0' }),
      rejected: () => shipbobProblem(422, 'One or more validation errors occurred.', { 'Products[0].ReferenceId': ['Product with this reference id does not exist.'] }),
    },
    snapshot: () => structuredClone(state.current),
    restore: (saved) => {
      state.current = saved as ShipBobState;
    },
  };
}

function referenceOf(request: SimRequest): string | undefined {
  try {
    const parsed = JSON.parse(request.body.toString('utf8')) as { reference_id?: unknown };
    return typeof parsed.reference_id === 'string' ? parsed.reference_id : undefined;
  } catch {
    return undefined;
  }
}
