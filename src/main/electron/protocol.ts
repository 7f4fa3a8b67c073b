import { protocol } from 'electron';
import { contentSecurityPolicy, SECURITY_HEADERS } from '../security/csp';
import { readStaticFile } from '../host/static-files';

/**
 * The renderer is served from `app://steward/`, not `file://` (Electron
 * security checklist item 18), with the CSP as a real header.
 */
export const APP_SCHEME = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://steward`;
export const APP_URL = `${APP_ORIGIN}/index.html`;

/** Must run before the app is ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

export function serveRenderer(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    const file = url.host === 'steward' ? await readStaticFile(rendererDir, url.pathname) : null;
    if (file === null) return new Response('Not found', { status: 404 });
    return new Response(new Uint8Array(file.body), {
      headers: { ...SECURITY_HEADERS, 'Content-Type': file.contentType, 'Content-Security-Policy': contentSecurityPolicy() },
    });
  });
}
