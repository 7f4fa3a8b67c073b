import type { Channel, EventName } from '../../shared/ipc/contract';
import type { Envelope } from '../../shared/ipc/envelope';
import type { Invoke, Subscribe } from '../../shared/ipc/api';
import { ServerMessage, TOKEN_PROTOCOL_PREFIX, WIRE_PROTOCOL } from '../../shared/ipc/wire';

/**
 * The browser host's side of the contract: calls and events over one
 * WebSocket to 127.0.0.1, authenticated with the token from the page URL.
 */
export type ConnectionState = 'connecting' | 'open' | 'closed';

export interface HostConnection {
  readonly invoke: Invoke;
  readonly subscribe: Subscribe;
  readonly onState: (listener: (state: ConnectionState) => void) => () => void;
}

const TOKEN_KEY = 'steward.token';

/** The token arrives in the URL fragment once; it is kept for reloads of this tab only. */
export function readToken(location: Location, storage: Storage): string | null {
  const fromHash = new URLSearchParams(location.hash.slice(1)).get('token');
  if (fromHash !== null && /^[0-9a-f]{16,128}$/.test(fromHash)) {
    storage.setItem(TOKEN_KEY, fromHash);
    return fromHash;
  }
  return storage.getItem(TOKEN_KEY);
}

export function connectToHost(url: string, token: string): HostConnection {
  const socket = new WebSocket(url, [WIRE_PROTOCOL, `${TOKEN_PROTOCOL_PREFIX}${token}`]);
  const pending = new Map<number, (envelope: Envelope<unknown>) => void>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const stateListeners = new Set<(state: ConnectionState) => void>();
  let state: ConnectionState = 'connecting';
  let nextId = 0;
  // Settles when the socket opens or is refused, so no call waits forever.
  const settled = new Promise<void>((resolve) => {
    socket.addEventListener('open', () => resolve(), { once: true });
    socket.addEventListener('close', () => resolve(), { once: true });
  });

  const setState = (next: ConnectionState): void => {
    state = next;
    for (const listener of stateListeners) listener(next);
  };
  socket.addEventListener('open', () => setState('open'));
  socket.addEventListener('close', () => {
    setState('closed');
    for (const resolve of pending.values()) {
      resolve({ ok: false, error: { code: 'HOST_DISCONNECTED', message: 'The connection to Steward was lost. Restart "npm run web" and reload.' } });
    }
    pending.clear();
  });
  socket.addEventListener('message', (event: MessageEvent<string>) => {
    let parsed;
    try {
      parsed = ServerMessage.safeParse(JSON.parse(event.data));
    } catch {
      return;
    }
    if (!parsed.success) return;
    const message = parsed.data;
    if (message.type === 'result') {
      pending.get(message.id)?.(message.envelope);
      pending.delete(message.id);
    } else {
      for (const listener of listeners.get(message.name) ?? []) listener(message.payload);
    }
  });

  const invoke = async (channel: Channel, payload: unknown): Promise<Envelope<unknown>> => {
    if (state === 'connecting') await settled;
    if (state === 'closed') return { ok: false, error: { code: 'HOST_DISCONNECTED', message: 'Not connected to Steward.' } };
    const id = nextId++;
    return new Promise((resolve) => {
      pending.set(id, resolve);
      socket.send(JSON.stringify({ type: 'call', id, channel, payload }));
    });
  };
  const subscribe = (name: EventName, listener: (payload: unknown) => void): (() => void) => {
    const set = listeners.get(name) ?? new Set();
    set.add(listener);
    listeners.set(name, set);
    return () => set.delete(listener);
  };
  return {
    invoke,
    subscribe,
    onState: (listener) => {
      stateListeners.add(listener);
      listener(state);
      return () => stateListeners.delete(listener);
    },
  };
}
