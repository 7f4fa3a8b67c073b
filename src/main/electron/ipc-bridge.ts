import { ipcMain } from 'electron';
import type { WebContents } from 'electron';
import { CHANNELS } from '../../shared/ipc/contract';
import type { EventName, EventPayload } from '../../shared/ipc/contract';
import type { Dispatch } from '../ipc/dispatch';
import { isTrustedSender } from '../ipc/sender-guard';
import { APP_ORIGIN } from './protocol';

/**
 * The one place `ipcMain` is used. Every channel checks its sender frame
 * before the dispatcher validates the payload and runs the handler.
 */
export function bridgeIpc(dispatch: Dispatch): void {
  for (const channel of CHANNELS) {
    ipcMain.handle(channel, async (event, payload: unknown) => {
      const frame = event.senderFrame;
      const trusted = isTrustedSender(frame === null ? null : { url: frame.url, isMainFrame: frame.parent === null }, APP_ORIGIN);
      if (!trusted) {
        return { ok: false, error: { code: 'IPC_UNTRUSTED_SENDER', message: `Refused ${channel} from an untrusted frame.` } };
      }
      return dispatch(channel, payload);
    });
  }
}

export function sendEvent<E extends EventName>(contents: WebContents, name: E, payload: EventPayload<E>): void {
  if (!contents.isDestroyed()) contents.send(`event:${name}`, payload);
}
