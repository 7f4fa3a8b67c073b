import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toMinorUnits, fromMinorUnits } from '../../../shared/money';
import { ORDER_QUERY, ShopifyOrder, decodeShopifyOrder } from '../../../shared/vendors/shopify-order';
import { ShopifyConnector } from '../connectors/shopify';
import { connectorFor } from '../connectors/connectors';
import { Sandbox } from '../../sandbox/sandbox';
import { loadScenario } from '../../sandbox/scenarios';

/** Shopify orders read over GraphQL from the sandbox and decoded to canonical orders. */
let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await Sandbox.start({ scenario: loadScenario('order-to-cash'), seed: 2, limits: true });
});
afterAll(async () => {
  await sandbox.stop();
});

describe('Shopify orders as canonical orders', () => {
  it('reads every order with the binding surface and decodes money to minor units and lines', async () => {
    const binding = sandbox.environment().systems['shopify'];
    if (binding === undefined) throw new Error('no shopify');
    const shopify = connectorFor('shopify', binding);
    if (!(shopify instanceof ShopifyConnector)) throw new Error('not shopify');
    const orders = [];
    for await (const page of shopify.paginate<unknown>(ORDER_QUERY, (data) => (data as { orders: never }).orders, { first: 100 })) orders.push(...page.map((node) => decodeShopifyOrder(ShopifyOrder.parse(node))));
    // Asked for 100 a page, the first page costs more than Shopify allows in one query;
    // the read gets everything only because the connector halves the page until it fits.
    expect(orders.length).toBe(24);
    for (const order of orders) {
      expect(order.orderId).toMatch(/^\d+$/);
      expect(Number.isInteger(order.total)).toBe(true);
      expect(order.lines.length).toBeGreaterThan(0);
      for (const line of order.lines) expect(line).toMatchObject({ orderId: order.orderId, sku: expect.stringMatching(/^[A-Z]/) as string });
    }
    // The order total covers its lines (before tax and shipping, after discounts it may be less, never zero).
    expect(orders.every((order) => order.total > 0)).toBe(true);
  });

  it('converts money by the currency’s exponent', () => {
    expect(toMinorUnits('12.50', 'USD')).toBe(1250);
    expect(toMinorUnits('1250', 'JPY')).toBe(1250);
    expect(toMinorUnits('1.005', 'KWD')).toBe(1005);
    expect(toMinorUnits('abc', 'USD')).toBeNull();
    expect(fromMinorUnits(1250, 'USD')).toBe('12.50');
  });
});
