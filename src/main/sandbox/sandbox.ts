import { randomBytes } from 'node:crypto';
import type { EnvironmentFile } from '../../shared/environment/environment-file';
import type { z } from 'zod';
import { FaultSettings, SANDBOX_SYSTEMS } from '../../shared/sandbox/faults';
import type { SandboxSystem } from '../../shared/sandbox/faults';
import { createRandom } from '../../shared/sandbox/random';
import type { ScenarioPack } from '../../shared/sandbox/scenario';
import { SandboxClock } from './core/clock';
import { WriteCounters } from './core/counters';
import { FaultEngine } from './core/fault-engine';
import { RequestLog } from './core/request-log';
import { startSimulator } from './core/simulator-server';
import type { RunningSimulator, SimulatorContext, SimulatorDefinition } from './core/simulator-server';
import { WebhookDispatcher } from './core/webhooks';
import { createNetSuiteSimulator } from './netsuite/simulator';
import { createShipBobSimulator, shipbobWebhookPolicy } from './shipbob/simulator';
import { SHIPBOB_CHANNEL } from './shipbob/state';
import { createShipStationSimulator, shipstationWebhookPolicy } from './shipstation/simulator';
import { createShopifySimulator, shopifyWebhookPolicy } from './shopify/simulator';
import { restInventoryLevel, restOrder } from './shopify/rest-shapes';
import { STRIPE_DEFAULT_VERSION, createStripeSimulator, stripeEvent, stripeWebhookPolicy } from './stripe/simulator';
import { applyPlant, plantStage } from './world/plants';
import { projectWorld } from './world/projections';
import type { SystemStates } from './world/projections';
import { generateWorld } from './world/world';

/**
 * The staging sandbox: five vendor simulators on loopback, built from one
 * scenario and seed, sharing a clock, fault settings, a request log and
 * write counters. `environment()` is the environment file that points the
 * order-to-cash template at them.
 */
export interface SandboxOptions {
  readonly scenario: ScenarioPack;
  readonly seed: number;
  /** First port: shopify, netsuite, stripe, shipbob, shipstation follow it. 0 picks free ports. */
  readonly port?: number;
  /** Subscribed to every topic of every system from the start. */
  readonly webhookUrl?: string;
  /** Enforce vendor rate and concurrency limits (default true). */
  readonly limits?: boolean;
  readonly onInternalError?: (system: SandboxSystem, error: unknown) => void;
}

export interface SandboxCredentials {
  readonly shopify: { accessToken: string; webhookSecret: string };
  readonly netsuite: { token: string };
  /** NetSuite's token-based authentication, for an environment that uses it instead of the OAuth 2.0 token. */
  readonly netsuiteTba: { consumerKey: string; consumerSecret: string; tokenId: string; tokenSecret: string; realm: string };
  readonly stripe: { secretKey: string; webhookSecret: string };
  readonly shipbob: { token: string; webhookSecret: string };
  readonly shipstation: { apiKey: string; apiSecret: string };
}

const secret = (prefix: string): string => `${prefix}${randomBytes(18).toString('hex')}`;

/** What a replay sent: how many events, and how many per `system:topic` (a run works out how many transactions to expect). */
export interface Replay {
  readonly sent: number;
  readonly topics: Readonly<Record<string, number>>;
}

export class Sandbox {
  readonly log = new RequestLog();
  readonly counters = new WriteCounters();
  readonly clock: SandboxClock;
  readonly faults: FaultEngine;
  readonly credentials: SandboxCredentials;
  private states: SystemStates;
  private readonly running = new Map<SandboxSystem, RunningSimulator>();
  private readonly webhooks = new Map<SandboxSystem, WebhookDispatcher>();

  private constructor(readonly options: SandboxOptions) {
    this.clock = new SandboxClock(Date.parse(options.scenario.world.startAt));
    this.faults = new FaultEngine(options.scenario.faults, createRandom(options.seed).fork('faults'));
    this.credentials = {
      shopify: { accessToken: secret('shpat_'), webhookSecret: secret('') },
      netsuite: { token: secret('ns_') },
      netsuiteTba: { consumerKey: secret(''), consumerSecret: secret(''), tokenId: secret(''), tokenSecret: secret(''), realm: 'SANDBOX' },
      stripe: { secretKey: secret('sk_test_'), webhookSecret: secret('whsec_') },
      shipbob: { token: secret('sb_'), webhookSecret: `whsec_${randomBytes(24).toString('base64')}` },
      shipstation: { apiKey: secret(''), apiSecret: secret('') },
    };
    this.states = buildStates(options.scenario, options.seed);
  }

  static async start(options: SandboxOptions): Promise<Sandbox> {
    const sandbox = new Sandbox(options);
    await sandbox.listen();
    sandbox.startStockWriters();
    return sandbox;
  }

  get scenario(): ScenarioPack {
    return this.options.scenario;
  }

  url(system: SandboxSystem): string {
    const running = this.running.get(system);
    if (running === undefined) throw new Error(`${system} is not running`);
    return running.url;
  }

  /** The environment file (domain.md §7) that points every system at its simulator. */
  environment(name = 'sandbox'): EnvironmentFile {
    const c = this.credentials;
    return {
      name,
      systems: {
        shopify: { connector: 'shopify', baseUrl: this.url('shopify'), credentials: { ...c.shopify }, options: { apiVersion: '2026-01', shopDomain: 'steward-sandbox.myshopify.com' } },
        netsuite: { connector: 'netsuite', baseUrl: this.url('netsuite'), credentials: { ...c.netsuite }, options: { accountId: 'SANDBOX' } },
        stripe: { connector: 'stripe', baseUrl: this.url('stripe'), credentials: { ...c.stripe }, options: {} },
        shipbob: { connector: 'shipbob', baseUrl: this.url('shipbob'), credentials: { ...c.shipbob }, options: { channelId: SHIPBOB_CHANNEL.id } },
        shipstation: { connector: 'shipstation', baseUrl: this.url('shipstation'), credentials: { ...c.shipstation }, options: {} },
      },
      ...(this.options.webhookUrl === undefined ? {} : { webhookBaseUrl: this.options.webhookUrl }),
    };
  }

  /**
   * The environment for a project's own systems: each bound to the simulator
   * of its connector's vendor, so a system whose vendor was swapped (the 3PL
   * now ShipStation) talks to that vendor's simulator under its own id.
   * Systems with no simulator are left out.
   */
  environmentFor(systems: readonly { readonly id: string; readonly connector: string }[]): EnvironmentFile {
    const all = this.environment();
    const bound = systems.flatMap((system) => {
      const binding = all.systems[system.connector];
      return binding === undefined ? [] : [[system.id, binding] as const];
    });
    return { ...all, systems: Object.fromEntries(bound) };
  }

  /** A copy of one system's state, for tests and the Sandbox view. */
  state(system: SandboxSystem): unknown {
    return structuredClone(this.states[system].current);
  }

  setFaults(settings: z.input<typeof FaultSettings>): void {
    this.faults.update(FaultSettings.parse(settings));
    this.startStockWriters();
  }

  /** Back to the scenario's seeded data; subscriptions, counters and faults are kept. */
  reset(): void {
    const fresh = buildStates(this.options.scenario, this.options.seed);
    for (const system of SANDBOX_SYSTEMS) (this.states[system] as { current: unknown }).current = fresh[system].current;
    this.counters.reset();
  }

  /** Sends `orders/create` for every storefront order, oldest first, as checkout would have. */
  replayOrders(): number {
    const orders = Object.values(this.states.shopify.current.orders).sort((a, b) => (a.createdAt < b.createdAt ? -1 : 1));
    for (const order of orders) this.dispatcher('shopify').emit('orders/create', restOrder(order));
    return orders.length;
  }

  /**
   * Sends the webhooks the seeded history would have produced — orders
   * created, payments captured, charges refunded, shipments shipped — to
   * whoever subscribed, so a run sees the scenario's traffic (and its webhook
   * faults) as it would have arrived. Returns how many events were sent.
   */
  replayHistory(): Replay {
    const topics: Record<string, number> = {};
    const send = (system: SandboxSystem, topic: string, payload: unknown): void => {
      this.dispatcher(system).emit(topic, payload);
      topics[`${system}:${topic}`] = (topics[`${system}:${topic}`] ?? 0) + 1;
    };
    topics['shopify:orders/create'] = this.replayOrders();
    const stripe = this.states.stripe.current;
    const version = this.faults.current().versions.find((entry) => entry.system === 'stripe')?.version ?? STRIPE_DEFAULT_VERSION;
    for (const intent of Object.values(stripe.paymentIntents)) {
      if (intent.status === 'succeeded') send('stripe', 'payment_intent.succeeded', stripeEvent(stripe, 'payment_intent.succeeded', intent, intent.created, version));
    }
    for (const charge of Object.values(stripe.charges)) {
      if (charge.amount_refunded > 0) send('stripe', 'charge.refunded', stripeEvent(stripe, 'charge.refunded', charge, charge.created, version));
    }
    for (const order of Object.values(this.states.shipbob.current.orders)) {
      for (const shipment of order.shipments) if (shipment.status === 'Completed' || shipment.status === 'Delivered') send('shipbob', 'order.shipped', shipment);
    }
    for (const shipment of Object.values(this.states.shipstation.current.shipments)) {
      send('shipstation', 'SHIP_NOTIFY', { resource_url: `${this.url('shipstation')}/shipments?orderNumber=${encodeURIComponent(shipment.orderNumber)}&includeShipmentItems=True`, resource_type: 'SHIP_NOTIFY' });
    }
    return { sent: Object.values(topics).reduce((sum, count) => sum + count, 0), topics };
  }

  dispatcher(system: SandboxSystem): WebhookDispatcher {
    const found = this.webhooks.get(system);
    if (found === undefined) throw new Error(`no webhook dispatcher for ${system}`);
    return found;
  }

  async stop(): Promise<void> {
    this.stopStockWriters();
    for (const dispatcher of this.webhooks.values()) dispatcher.close();
    await Promise.all([...this.running.values()].map((running) => running.close()));
    this.running.clear();
  }

  private readonly stockTimers = new Set<ReturnType<typeof setInterval>>();

  /** Second writers of storefront stock (fault `stockWriters`): blind overwrites with a stale value. */
  private startStockWriters(): void {
    this.stopStockWriters();
    for (const writer of this.faults.current().stockWriters) {
      const find = () => Object.values(this.states.shopify.current.inventoryItems).find((item) => item.sku === writer.sku);
      const stale = find()?.levels[0]?.quantities.available;
      if (stale === undefined) continue;
      const timer = setInterval(() => {
        const item = find();
        const level = item?.levels[0];
        if (item === undefined || level === undefined || level.quantities.available === stale) return;
        level.quantities.on_hand += stale - level.quantities.available;
        level.quantities.available = stale;
        level.updatedAt = this.clock.iso();
        this.counters.record('shopify', 'stock-writer', writer.sku);
        this.dispatcher('shopify').emit('inventory_levels/update', restInventoryLevel(item, level.locationId));
      }, writer.everyMs);
      this.stockTimers.add(timer);
    }
  }

  private stopStockWriters(): void {
    for (const timer of this.stockTimers) clearInterval(timer);
    this.stockTimers.clear();
  }

  private async listen(): Promise<void> {
    const context: SimulatorContext = {
      faults: this.faults,
      counters: this.counters,
      log: this.log,
      clock: this.clock,
      limits: this.options.limits ?? true,
      onInternalError: this.options.onInternalError ?? (() => undefined),
    };
    const webhookContext = { faults: this.faults, log: this.log, clock: this.clock };
    const c = this.credentials;
    const policies = {
      shopify: shopifyWebhookPolicy(c.shopify.webhookSecret, 'steward-sandbox.myshopify.com'),
      netsuite: { headers: () => ({}), corrupt: (headers: Record<string, string>) => headers, deadlineMs: 5_000, retryDelaysMs: [] },
      stripe: stripeWebhookPolicy(c.stripe.webhookSecret),
      shipbob: shipbobWebhookPolicy(c.shipbob.webhookSecret),
      shipstation: shipstationWebhookPolicy,
    };
    for (const system of SANDBOX_SYSTEMS) {
      const dispatcher = new WebhookDispatcher(system, policies[system], webhookContext);
      if (this.options.webhookUrl !== undefined) dispatcher.subscribe(`${this.options.webhookUrl.replace(/\/$/, '')}/${system}`, []);
      this.webhooks.set(system, dispatcher);
    }
    const hooks = (system: SandboxSystem) => () => this.dispatcher(system);
    const base = (system: SandboxSystem) => () => this.url(system);
    const definitions: SimulatorDefinition[] = [
      createShopifySimulator(this.states.shopify, { ...c.shopify, clock: this.clock, forcedVersion: () => this.faults.version('shopify'), webhooks: hooks('shopify'), shopDomain: 'steward-sandbox.myshopify.com', onBlindOverwrite: (reference) => this.counters.record('shopify', 'inventory.blind-overwrite', reference ?? undefined) }),
      createNetSuiteSimulator(this.states.netsuite, { ...c.netsuite, tba: c.netsuiteTba, clock: this.clock, baseUrl: base('netsuite') }),
      createStripeSimulator(this.states.stripe, { ...c.stripe, clock: this.clock, accountVersion: () => this.faults.version('stripe') ?? STRIPE_DEFAULT_VERSION, webhooks: hooks('stripe') }),
      createShipBobSimulator(this.states.shipbob, { ...c.shipbob, clock: this.clock, webhooks: hooks('shipbob') }),
      createShipStationSimulator(this.states.shipstation, { ...c.shipstation, clock: this.clock, baseUrl: base('shipstation'), webhooks: hooks('shipstation') }),
    ];
    const first = this.options.port ?? 0;
    try {
      for (const [index, definition] of definitions.entries()) {
        this.running.set(definition.system, await startSimulator(definition, context, first === 0 ? 0 : first + index));
      }
    } catch (error: unknown) {
      await this.stop();
      throw error;
    }
  }
}

/** World, world plants, projection, system plants: the same scenario and seed always give the same data. */
export function buildStates(scenario: ScenarioPack, seed: number): SystemStates {
  const world = generateWorld(createRandom(seed), scenario.world.orders, Date.parse(scenario.world.startAt));
  for (const plant of scenario.plants) if (plantStage(plant) === 'world') applyPlant(plant, world, null);
  const states = projectWorld(world, scenario.world.threePl);
  for (const plant of scenario.plants) if (plantStage(plant) === 'systems') applyPlant(plant, world, states);
  return states;
}
