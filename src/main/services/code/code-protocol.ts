/**
 * What the main process and the code host say to each other: JSON only.
 * Request: the step's source, its input record and its deadline. Reply: the
 * step's output, or why there is none (and whether the host must restart).
 */
export interface HostRequest {
  readonly id: number;
  readonly code: string;
  readonly input: unknown;
  readonly deadlineMs: number;
}

export type HostReply = { readonly id: number; readonly ok: true; readonly output: unknown; readonly restart?: undefined } | { readonly id: number; readonly ok: false; readonly reason: string; readonly restart?: boolean };

export const HOST_LIMITS = {
  /** QuickJS's own heap limit (it does not count ArrayBuffers; the WebAssembly ceiling below does). */
  heapBytes: 64 * 1024 * 1024,
  stackBytes: 1024 * 1024,
  /** The WebAssembly memory's fixed maximum, in 64 KiB pages: 128 MiB. */
  wasmPages: 2048,
  /** The host is killed when its resident memory passes this, whatever it is doing. */
  rssBytes: 256 * 1024 * 1024,
} as const;
