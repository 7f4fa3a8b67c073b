import { z } from 'zod';
import { WHOLE_REFERENCE } from './environment-file';

/**
 * The environments editor's view of an environment file: everything but the
 * secrets. A credential is shown as stored (sealed in the app's secret
 * store), a `${VAR}` reference the consultant wrote, or missing — its value
 * never crosses to the window. Edits send a new value, a reference, or keep.
 */
export const EnvironmentName = z.string().regex(/^[a-z0-9][a-z0-9-]{0,40}$/, 'lower-case letters, digits and dashes, e.g. "staging"');

export const CredentialView = z.object({ state: z.enum(['stored', 'reference', 'missing']), reference: z.string().nullable() });
export type CredentialView = z.infer<typeof CredentialView>;

export const SystemBindingView = z.object({
  connector: z.string(),
  baseUrl: z.string(),
  options: z.record(z.string(), z.unknown()),
  credentials: z.record(z.string(), CredentialView),
});
export type SystemBindingView = z.infer<typeof SystemBindingView>;

export const EnvironmentView = z.object({
  name: EnvironmentName,
  file: z.string(),
  systems: z.record(z.string(), SystemBindingView),
  webhookBaseUrl: z.string().nullable(),
  /** What protects stored credentials here (the OS keychain, or a key file). */
  secretsKind: z.string(),
});
export type EnvironmentView = z.infer<typeof EnvironmentView>;

export const CredentialEdit = z.union([z.object({ value: z.string().min(1).max(4096) }), z.object({ reference: z.string().regex(WHOLE_REFERENCE) }), z.object({ keep: z.literal(true) })]);
export type CredentialEdit = z.infer<typeof CredentialEdit>;

export const EnvironmentEdit = z.object({
  name: EnvironmentName,
  systems: z.record(
    z.string().regex(/^[a-z][a-z0-9-]*$/),
    z.object({ connector: z.string().min(1), baseUrl: z.string().min(1).max(2048), options: z.record(z.string(), z.unknown()).default({}), credentials: z.record(z.string(), CredentialEdit).default({}) }),
  ),
  webhookBaseUrl: z.string().max(2048).nullable().default(null),
});
export type EnvironmentEdit = z.infer<typeof EnvironmentEdit>;

export const ConnectionResult = z.object({
  system: z.string(),
  ok: z.boolean(),
  /** What failed, in the consultant's terms. */
  kind: z.enum(['ok', 'config', 'dns', 'tls', 'refused', 'timeout', 'auth', 'path', 'rate-limited', 'server', 'other']),
  message: z.string(),
  ms: z.number().nonnegative(),
});
export type ConnectionResult = z.infer<typeof ConnectionResult>;
