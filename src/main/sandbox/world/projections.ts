import type { NetSuiteState } from '../netsuite/state';
import { createNetSuiteState, nextNsId } from '../netsuite/state';
import type { ShipBobState } from '../shipbob/state';
import { createShipBobState } from '../shipbob/state';
import type { ShipStationState } from '../shipstation/state';
import { createShipStationState } from '../shipstation/state';
import type { ShopifyState } from '../shopify/state';
import { createShopifyState } from '../shopify/state';
import type { StripeState } from '../stripe/state';
import { createStripeState } from '../stripe/state';
import type { World } from './world';

/** Every simulator's state; each sits in a box so a dropped write can put it back. */
export interface SystemStates {
  shopify: { current: ShopifyState };
  netsuite: { current: NetSuiteState };
  stripe: { current: StripeState };
  shipbob: { current: ShipBobState };
  shipstation: { current: ShipStationState };
}

/**
 * Projects the world into each system the way a correct integration would
 * have left them: consistent everywhere, except for orders still on their way.
 */
export function projectWorld(world: World, threePl: 'shipbob' | 'shipstation'): SystemStates {
  const stripe = createStripeState(world);
  const netsuite = createNetSuiteState(world);
  bookDeposits(netsuite, stripe);
  return {
    shopify: { current: createShopifyState(world) },
    netsuite: { current: netsuite },
    stripe: { current: stripe },
    shipbob: { current: createShipBobState(world, threePl === 'shipbob') },
    shipstation: { current: createShipStationState(world, threePl === 'shipstation') },
  };
}

/** Each Stripe payout is booked in NetSuite as a bank deposit of its net amount. */
export function bookDeposits(netsuite: NetSuiteState, stripe: StripeState): void {
  for (const payout of Object.values(stripe.payouts)) {
    const id = nextNsId(netsuite);
    const date = new Date(payout.arrival_date * 1000).toISOString();
    netsuite.records.deposit[id] = {
      id,
      externalId: `stripe-${payout.id}`,
      tranId: `DEP${id}`,
      tranDate: date.slice(0, 10),
      account: { id: '12', refName: '1010 Operating Bank' },
      currency: { id: '1', refName: payout.currency.toUpperCase() },
      total: payout.amount / 100,
      memo: `Stripe payout ${payout.id}`,
      createdDate: date,
      lastModifiedDate: date,
    };
  }
}
