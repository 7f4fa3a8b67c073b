import type { Envelope } from './envelope';
import type { Channel, EventName, EventPayload, RequestInputOf, ResponseOf } from './contract';
import { CHANNELS } from './contract';
import type { Problem } from '../problem';
import { formatProblem } from '../problem';

/**
 * The renderer's view of the contract: `api.project.open({ path })`. Built the
 * same way over Electron's preload and over the browser host's WebSocket, so
 * the rest of the renderer never knows which one it talks to.
 */

type Namespace<C extends string> = C extends `${infer N}.${string}` ? N : never;
type Method<C extends string, N extends string> = C extends `${N}.${infer M}` ? M : never;

type CallOf<C extends Channel> = RequestInputOf<C> extends undefined
  ? () => Promise<ResponseOf<C>>
  : (request: RequestInputOf<C>) => Promise<ResponseOf<C>>;

export type StewardApi = {
  readonly [N in Namespace<Channel>]: { readonly [M in Method<Channel, N>]: CallOf<Extract<`${N}.${M}`, Channel>> };
} & {
  readonly events: {
    on<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): () => void;
  };
};

export type Invoke = (channel: Channel, payload: unknown) => Promise<Envelope<unknown>>;
export type Subscribe = (name: EventName, listener: (payload: unknown) => void) => () => void;

/** A failed call, with the problem main reported. */
export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(formatProblem(problem));
    this.name = 'ApiError';
  }
}

export function createApi(invoke: Invoke, subscribe: Subscribe): StewardApi {
  const namespaces: Record<string, Record<string, (payload?: unknown) => Promise<unknown>>> = {};
  for (const channel of CHANNELS) {
    const [namespace = '', method = ''] = channel.split('.');
    const target = (namespaces[namespace] ??= {});
    target[method] = async (payload?: unknown) => {
      const envelope = await invoke(channel, payload);
      if (!envelope.ok) throw new ApiError(envelope.error);
      return envelope.value;
    };
  }
  const events = {
    on: (name: EventName, listener: (payload: never) => void) => subscribe(name, listener as (payload: unknown) => void),
  };
  // The object is assembled from the channel list, which the contract types.
  return { ...namespaces, events } as unknown as StewardApi;
}
