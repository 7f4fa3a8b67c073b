import { z } from 'zod';
import { Problem } from '../problem';

/**
 * What crosses the process boundary for every call. Errors travel as data:
 * Electron's contextBridge and JSON over a WebSocket both drop an Error's
 * own properties, and the renderer needs the code and location.
 */
export type Envelope<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: Problem };

export const EnvelopeSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: Problem }),
]);
