import { z } from 'zod';
import { EnvelopeSchema } from './envelope';

/**
 * Messages of the browser host's WebSocket, which carries the same contract
 * as Electron's IPC: calls answered by id, and pushed events.
 */
export const ClientMessage = z.object({
  type: z.literal('call'),
  id: z.number().int().nonnegative(),
  channel: z.string().max(100),
  payload: z.unknown().optional(),
});
export type ClientMessage = z.infer<typeof ClientMessage>;

export const ServerMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('result'), id: z.number().int().nonnegative(), envelope: EnvelopeSchema }),
  z.object({ type: z.literal('event'), name: z.string(), payload: z.unknown() }),
]);
export type ServerMessage = z.infer<typeof ServerMessage>;

/** Subprotocol that carries the per-launch token (kept out of URLs and logs). */
export const TOKEN_PROTOCOL_PREFIX = 'steward.token.';
export const WIRE_PROTOCOL = 'steward.v1';
export const IPC_PATH = '/ipc';
