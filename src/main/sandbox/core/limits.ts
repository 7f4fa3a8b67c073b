import type { SimRequest, SimResponse } from './http';
import type { Limiter } from './simulator-server';

/**
 * A sliding one-minute request budget (ShipBob 150/min, ShipStation 40/min).
 * Over budget, the vendor's throttled response says when to come back.
 */
export function perMinuteLimiter(limit: number, now: () => number, throttled: (retryAfterSeconds: number, request: SimRequest) => SimResponse): Limiter {
  const window: number[] = [];
  return {
    acquire: (request) => {
      const time = now();
      while (window.length > 0 && (window[0] ?? 0) <= time - 60_000) window.shift();
      if (window.length >= limit) return throttled(Math.max(1, Math.ceil(((window[0] ?? time) + 60_000 - time) / 1000)), request);
      window.push(time);
      return null;
    },
    release: () => undefined,
  };
}
