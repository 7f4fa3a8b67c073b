import { AsyncLocalStorage } from 'node:async_hooks';
import type { Exchange } from './http-client';

/**
 * Every HTTP exchange a step makes, gathered without threading a log through
 * each codec: the step runs inside `collectExchanges`, and each connector
 * call adds what it exchanged (already redacted) to the step it belongs to.
 * The journal stores them with the step; the run view shows them.
 */
const current = new AsyncLocalStorage<Exchange[]>();

export function noteExchanges(exchanges: readonly Exchange[]): void {
  current.getStore()?.push(...exchanges);
}

export async function collectExchanges<T>(work: () => Promise<T>): Promise<{ value: T; exchanges: Exchange[] }> {
  const exchanges: Exchange[] = [];
  const value = await current.run(exchanges, work);
  return { value, exchanges };
}
