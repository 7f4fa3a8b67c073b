import { contextBridge, ipcRenderer } from 'electron';
import { CHANNEL_NAMES, EVENT_NAMES } from '../../shared/ipc/channels';

/**
 * Exposes named functions only (`steward.project.open(request)`), one per
 * contract channel, plus a listener for the contract's events. Raw
 * ipcRenderer never reaches the page.
 */
const api: Record<string, Record<string, (payload?: unknown) => Promise<unknown>>> = {};
for (const channel of CHANNEL_NAMES) {
  const [namespace = '', method = ''] = channel.split('.');
  const target = (api[namespace] ??= {});
  target[method] = (payload?: unknown) => ipcRenderer.invoke(channel, payload);
}

const knownEvents = new Set<string>(EVENT_NAMES);

contextBridge.exposeInMainWorld('steward', {
  ...api,
  events: {
    on(name: string, listener: (payload: unknown) => void): () => void {
      if (!knownEvents.has(name)) throw new Error(`Unknown event "${name}"`);
      const wrapped = (_event: unknown, payload: unknown): void => listener(payload);
      ipcRenderer.on(`event:${name}`, wrapped);
      return () => ipcRenderer.removeListener(`event:${name}`, wrapped);
    },
  },
});
