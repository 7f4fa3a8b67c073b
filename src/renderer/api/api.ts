import type { Channel, EventName } from '../../shared/ipc/contract';
import type { Envelope } from '../../shared/ipc/envelope';
import { createApi } from '../../shared/ipc/api';
import type { StewardApi } from '../../shared/ipc/api';
import type { ConnectionState } from './host-client';
import { connectToHost, readToken } from './host-client';
import { IPC_PATH } from '../../shared/ipc/wire';

/**
 * The renderer's one way to reach main. Inside Electron the preload has put
 * named functions on `window.steward`; in a browser the same contract runs
 * over the browser host's WebSocket.
 */
type PreloadFunction = (payload?: unknown) => Promise<Envelope<unknown>>;

interface PreloadBridge {
  readonly [namespace: string]: unknown;
  readonly events: { readonly on: (name: string, listener: (payload: unknown) => void) => () => void };
}

declare global {
  interface Window {
    readonly steward?: PreloadBridge;
  }
}

export interface Connection {
  readonly api: StewardApi;
  readonly host: 'electron' | 'browser';
  /** Why the connection cannot work, known before trying (a URL without its token). */
  readonly problem: string | null;
  readonly onState: (listener: (state: ConnectionState) => void) => () => void;
}

function fromPreload(bridge: PreloadBridge): Connection {
  const invoke = (channel: Channel, payload: unknown): Promise<Envelope<unknown>> => {
    const [namespace = '', method = ''] = channel.split('.');
    const functions = bridge[namespace] as Record<string, PreloadFunction> | undefined;
    const call = functions?.[method];
    if (call === undefined) return Promise.resolve({ ok: false, error: { code: 'IPC_UNKNOWN_CHANNEL', message: `The preload has no ${channel}.` } });
    return call(payload);
  };
  const subscribe = (name: EventName, listener: (payload: unknown) => void): (() => void) => bridge.events.on(name, listener);
  return {
    api: createApi(invoke, subscribe),
    host: 'electron',
    problem: null,
    onState: (listener) => {
      listener('open');
      return () => undefined;
    },
  };
}

function fromBrowserHost(): Connection {
  const token = readToken(window.location, window.sessionStorage);
  const url = `${window.location.protocol === 'https:' ? 'wss' : 'ws'}://${window.location.host}${IPC_PATH}`;
  const connection = connectToHost(url, token ?? '');
  const problem = token === null ? 'This page was opened without its access token. Open the full address that "npm run web" printed (it ends in #token=…).' : null;
  return { api: createApi(connection.invoke, connection.subscribe), host: 'browser', problem, onState: connection.onState };
}

export const connection: Connection = window.steward === undefined ? fromBrowserHost() : fromPreload(window.steward);
export const api: StewardApi = connection.api;
