import type { Random } from '../../../shared/sandbox/random';

/**
 * The merchant's true business, before any system holds a copy of it:
 * products, orders, payments and shipments. Each simulator's state is a
 * projection of this world (projections.ts); scenarios then plant
 * inconsistencies in those copies. Ids are sequential and independent of the
 * seed, so answer keys can name them; the seed varies everything else.
 */
export interface WorldProduct {
  readonly sku: string;
  /** False for a product that reached the storefront but not the ERP (a bad import). */
  readonly inErp: boolean;
  readonly title: string;
  readonly priceCents: number;
  /** NetSuite's quantity on hand at the start. */
  readonly onHand: number;
  readonly index: number;
}

export interface WorldLine {
  readonly sku: string;
  readonly quantity: number;
  readonly unitPriceCents: number;
}

export interface WorldOrder {
  readonly index: number;
  /** Shopify's numeric id: the business key of every order (domain.md §6). */
  readonly legacyResourceId: string;
  readonly name: string;
  readonly createdAt: string;
  readonly email: string;
  readonly firstName: string;
  readonly lastName: string;
  lines: WorldLine[];
  currency: string;
  shippingCents: number;
  taxCents: number;
  totalCents: number;
  /** Captured by the payment system: all of it once released, nothing while only authorised. */
  capturedCents: number;
  refunds: { amountCents: number; at: string }[];
  /** Synced downstream: in the ERP, captured, and sent to the 3PL. */
  released: boolean;
  shipped: boolean;
  shippedAt: string | null;
  trackingNumber: string | null;
}

export interface World {
  readonly products: WorldProduct[];
  readonly orders: WorldOrder[];
  readonly locationId: string;
  readonly startAt: number;
}

const CATALOG: readonly [string, string, number][] = [
  ['TEE-BLK-M', 'Classic Tee — Black / M', 2500],
  ['TEE-BLK-L', 'Classic Tee — Black / L', 2500],
  ['TEE-WHT-M', 'Classic Tee — White / M', 2500],
  ['HOODIE-GRY-L', 'Heavy Hoodie — Grey / L', 6500],
  ['CAP-NVY', 'Dad Cap — Navy', 2200],
  ['MUG-01', 'Enamel Mug', 1800],
  ['TOTE-NAT', 'Canvas Tote — Natural', 1500],
  ['SOCK-3PK', 'Crew Socks 3-pack', 1400],
  ['BEANIE-BLK', 'Rib Beanie — Black', 2000],
  ['POSTER-A2', 'Poster A2', 3000],
];

const FIRST_NAMES = ['Ava', 'Liam', 'Maya', 'Noah', 'Zoe', 'Ethan', 'Iris', 'Omar', 'Lena', 'Hugo', 'Nina', 'Theo'];
const LAST_NAMES = ['Carter', 'Nguyen', 'Okafor', 'Schmidt', 'Rossi', 'Tanaka', 'Dubois', 'Kowalski', 'Silva', 'Haddad'];

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export const FIRST_LEGACY_ID = 7_000_000_001;
export const FIRST_ORDER_NUMBER = 1001;
/** Sales tax of the seeded orders: 8.25 % on lines and shipping. */
const TAX_RATE = 0.0825;

export function generateWorld(random: Random, orderCount: number, startAt: number): World {
  const stock = random.fork('stock');
  const products: WorldProduct[] = CATALOG.map(([sku, title, priceCents], index) => ({ sku, title, priceCents, onHand: stock.int(40, 160), index, inErp: true }));
  const pick = random.fork('orders');
  const orders: WorldOrder[] = [];
  for (let index = 0; index < orderCount; index += 1) {
    const lineCount = pick.int(1, 3);
    const skus = new Set<string>();
    while (skus.size < lineCount) skus.add(pick.pick(products).sku);
    const lines = [...skus].map((sku) => ({ sku, quantity: pick.int(1, 3), unitPriceCents: products.find((product) => product.sku === sku)?.priceCents ?? 0 }));
    const subtotal = lines.reduce((sum, line) => sum + line.quantity * line.unitPriceCents, 0);
    const shippingCents = subtotal >= 7500 ? 0 : 595;
    const taxCents = Math.round((subtotal + shippingCents) * TAX_RATE);
    // Synced orders arrived over the week before the scenario starts; the
    // newest 15 % arrived in its last hour and are still on their way
    // downstream (within any reasonable SLA, so not inconsistent).
    const released = index < Math.floor(orderCount * 0.85);
    const synced = Math.floor(orderCount * 0.85);
    const createdAt = new Date(
      released
        ? startAt - 7 * DAY + Math.floor((index * (7 * DAY - 2 * HOUR)) / Math.max(synced, 1))
        : startAt - HOUR + Math.floor(((index - synced) * 55 * 60_000) / Math.max(orderCount - synced, 1)),
    ).toISOString();
    const shipped = index < Math.floor(orderCount * 0.6);
    const firstName = pick.pick(FIRST_NAMES);
    const lastName = pick.pick(LAST_NAMES);
    orders.push({
      index,
      legacyResourceId: String(FIRST_LEGACY_ID + index),
      name: `#${FIRST_ORDER_NUMBER + index}`,
      createdAt,
      currency: 'USD',
      email: `${firstName}.${lastName}${index}@example.com`.toLowerCase(),
      firstName,
      lastName,
      lines,
      shippingCents,
      taxCents,
      totalCents: subtotal + shippingCents + taxCents,
      capturedCents: released ? subtotal + shippingCents + taxCents : 0,
      refunds: [],
      released,
      shipped,
      shippedAt: shipped ? new Date(Date.parse(createdAt) + 6 * 3_600_000).toISOString() : null,
      trackingNumber: shipped ? `9400${String(100000000000000000 + index * 7919 + pick.int(0, 999)).slice(0, 18)}` : null,
    });
  }
  return { products, orders, locationId: '1', startAt };
}

/** Units of each SKU that left the warehouse in shipped orders. */
export function shippedUnits(world: World): Map<string, number> {
  const units = new Map<string, number>();
  for (const order of world.orders) {
    if (!order.shipped) continue;
    for (const line of order.lines) units.set(line.sku, (units.get(line.sku) ?? 0) + line.quantity);
  }
  return units;
}

/** Units of each SKU promised to orders not yet shipped (committed stock). */
export function committedUnits(world: World): Map<string, number> {
  const units = new Map<string, number>();
  for (const order of world.orders) {
    if (order.shipped) continue;
    for (const line of order.lines) units.set(line.sku, (units.get(line.sku) ?? 0) + line.quantity);
  }
  return units;
}

/** ISO 4217 minor-unit exponents that are not 2. */
const EXPONENTS: Readonly<Record<string, number>> = { JPY: 0, KRW: 0, VND: 0, CLP: 0, ISK: 0, BHD: 3, KWD: 3, JOD: 3, OMR: 3, TND: 3 };

export function minorUnitExponent(currency: string): number {
  return EXPONENTS[currency.toUpperCase()] ?? 2;
}

/** Minor units to a major-unit number (NetSuite, ShipStation). */
export function toMajor(amount: number, currency = 'USD'): number {
  return amount / 10 ** minorUnitExponent(currency);
}

/** Minor units to a decimal string with the currency's digits (Shopify's money). */
export function money(amount: number, currency = 'USD'): string {
  return toMajor(amount, currency).toFixed(minorUnitExponent(currency));
}

/** Recomputes an order's tax and totals after its lines or currency changed. */
export function retotal(order: WorldOrder): void {
  const subtotal = order.lines.reduce((sum, line) => sum + line.quantity * line.unitPriceCents, 0);
  order.taxCents = Math.round((subtotal + order.shippingCents) * TAX_RATE);
  order.totalCents = subtotal + order.shippingCents + order.taxCents;
  order.capturedCents = order.released ? order.totalCents : 0;
}
