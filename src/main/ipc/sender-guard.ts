/**
 * Which renderer frames may call main (architecture.md, security baseline):
 * only the app's own top-level frame, loaded from the app's origin. Compares
 * parsed origins, never string prefixes (`app://steward.evil` must fail).
 */
export interface SenderFrame {
  readonly url: string;
  readonly isMainFrame: boolean;
}

export function isTrustedSender(frame: SenderFrame | null | undefined, appOrigin: string): boolean {
  if (frame === null || frame === undefined || !frame.isMainFrame) return false;
  const actual = originOf(frame.url);
  return actual !== null && actual === originOf(appOrigin);
}

/**
 * `URL.origin` is "null" for custom schemes such as `app:`, which would make
 * every `app://` page equal; scheme plus host is the comparison that holds.
 */
function originOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.host === '' ? null : `${parsed.protocol}//${parsed.host}`;
  } catch {
    return null;
  }
}
