import type { Channel, RequestOf, ResponseOf } from '../../shared/ipc/contract';
import { contract, isChannel } from '../../shared/ipc/contract';
import type { Envelope } from '../../shared/ipc/envelope';
import { formatPath } from '../../shared/json/validate-json';
import { ProblemError } from '../../shared/problem';

/**
 * One function per channel. Electron's ipcMain and the browser host's
 * WebSocket both call `dispatch`, so validation happens in exactly one place.
 */
export type Handlers = {
  readonly [C in Channel]: (request: RequestOf<C>) => Promise<ResponseOf<C>> | ResponseOf<C>;
};

export type Dispatch = (channel: string, payload: unknown) => Promise<Envelope<unknown>>;

export function createDispatcher(handlers: Handlers, onInternalError: (channel: string, error: unknown) => void): Dispatch {
  return async (channel, payload) => {
    if (!isChannel(channel)) {
      return { ok: false, error: { code: 'IPC_UNKNOWN_CHANNEL', message: `There is no channel "${channel}".` } };
    }
    const request = contract[channel].request.safeParse(payload);
    if (!request.success) {
      const issue = request.error.issues[0];
      const where = issue === undefined || issue.path.length === 0 ? '' : ` at ${formatPath(issue.path.filter((part) => typeof part !== 'symbol'))}`;
      return { ok: false, error: { code: 'IPC_INVALID_PAYLOAD', message: `Invalid request for ${channel}${where}: ${issue?.message ?? 'rejected'}.` } };
    }
    try {
      const handler = handlers[channel] as (request: unknown) => unknown;
      const value: unknown = await handler(request.data);
      // Parsing the answer strips anything the contract does not promise.
      return { ok: true, value: contract[channel].response.parse(value) };
    } catch (error: unknown) {
      if (error instanceof ProblemError) return { ok: false, error: error.problem };
      onInternalError(channel, error);
      return { ok: false, error: { code: 'INTERNAL', message: `Steward hit an internal error while handling ${channel}. Details are in the log.` } };
    }
  };
}
