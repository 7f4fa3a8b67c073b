import { z } from 'zod';
import { formatPath, parseJsonDocument } from '../json/validate-json';
import type { Problem, Result } from '../problem';

/**
 * The environment file of domain.md §7: which base URL and credentials each
 * system of a project uses in one environment (sandbox, staging, production).
 * The app's environments editor and the CLI read and write the same file.
 */

const REFERENCE_SOURCE = String.raw`\$\{([A-Za-z_][A-Za-z0-9_]*)\}`;

function hasReference(value: string): boolean {
  return new RegExp(REFERENCE_SOURCE).test(value);
}

/** A value that is one `${NAME}` reference and nothing else. */
export const WHOLE_REFERENCE = /^\$\{[A-Za-z_][A-Za-z0-9_]*\}$/;

/** The variable a value names when it is a whole `${NAME}` reference; null otherwise. */
export function referenceName(value: string): string | null {
  return new RegExp(`^${REFERENCE_SOURCE}$`).exec(value)?.[1] ?? null;
}

/** Every variable a text names with `${NAME}`. */
export function referenceNames(text: string): string[] {
  return [...text.matchAll(new RegExp(REFERENCE_SOURCE, 'g'))].map((match) => match[1] ?? '');
}

/** A credential value: a literal or a `${ENV_VAR}` reference resolved at run time. */
const CredentialValue = z.string().min(1, 'must not be empty');

/** `baseUrl` is scheme, host and port only: connectors append the vendor's paths. */
const BaseUrl = z.string().superRefine((value, context) => {
  // A `${VAR}` reference is checked once resolved.
  if (hasReference(value)) return;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    context.addIssue({ code: 'custom', message: `"${value}" is not a URL; expected e.g. "https://example.myshopify.com"` });
    return;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    context.addIssue({ code: 'custom', message: `baseUrl must use http or https, not ${url.protocol}` });
  }
  if ((url.pathname !== '/' && url.pathname !== '') || url.search !== '' || url.hash !== '') {
    context.addIssue({
      code: 'custom',
      message: `baseUrl must be scheme, host and port only (got path "${url.pathname}${url.search}"); the connector adds the vendor's paths`,
    });
  }
});

/** Credential keys each managed connector needs (domain.md §7). */
export const CONNECTOR_CREDENTIALS = {
  shopify: { required: [['accessToken']], optional: ['webhookSecret'] },
  netsuite: {
    required: [['token'], ['consumerKey', 'consumerSecret', 'tokenId', 'tokenSecret', 'realm']],
    optional: [],
  },
  stripe: { required: [['secretKey']], optional: ['webhookSecret'] },
  shipbob: { required: [['token']], optional: ['webhookSecret'] },
  shipstation: { required: [['apiKey', 'apiSecret']], optional: [] },
} as const satisfies Record<string, { required: readonly (readonly string[])[]; optional: readonly string[] }>;

export type ManagedConnector = keyof typeof CONNECTOR_CREDENTIALS;

/** The options each managed connector reads (what the environments editor offers), with what they mean. */
export const CONNECTOR_OPTIONS: Readonly<Record<ManagedConnector, readonly { key: string; hint: string }[]>> = {
  shopify: [
    { key: 'apiVersion', hint: 'Admin API version, e.g. 2026-01 (the default)' },
    { key: 'shopDomain', hint: 'the shop, e.g. acme.myshopify.com' },
  ],
  netsuite: [{ key: 'accountId', hint: 'the account, e.g. 1234567_SB1' }],
  stripe: [{ key: 'apiVersion', hint: "Stripe-Version to ask in; empty: the connector's own" }],
  shipbob: [{ key: 'channelId', hint: 'the ShipBob channel to act for (required)' }],
  shipstation: [],
};

function isManagedConnector(connector: string): connector is ManagedConnector {
  return Object.prototype.hasOwnProperty.call(CONNECTOR_CREDENTIALS, connector);
}

export const SystemBinding = z
  .object({
    connector: z.string().min(1, 'must name a connector, e.g. "shopify" or "rest"'),
    baseUrl: BaseUrl,
    credentials: z.record(z.string(), CredentialValue).default({}),
    options: z.record(z.string(), z.unknown()).default({}),
  })
  .strict()
  .superRefine((binding, context) => {
    if (!isManagedConnector(binding.connector)) return;
    const spec = CONNECTOR_CREDENTIALS[binding.connector];
    const present = new Set(Object.keys(binding.credentials));
    const satisfied = spec.required.some((set) => set.every((key) => present.has(key)));
    if (!satisfied) {
      const choices = spec.required.map((set) => set.join(' + ')).join(' or ');
      context.addIssue({ code: 'custom', path: ['credentials'], message: `${binding.connector} needs credentials ${choices}` });
    }
    const known = new Set<string>([...spec.required.flat(), ...spec.optional]);
    for (const key of present) {
      if (!known.has(key)) {
        context.addIssue({
          code: 'custom',
          path: ['credentials', key],
          message: `unknown ${binding.connector} credential "${key}"; expected one of ${[...known].join(', ')}`,
        });
      }
    }
    if (binding.connector === 'shipbob' && typeof binding.options['channelId'] !== 'string' && typeof binding.options['channelId'] !== 'number') {
      context.addIssue({ code: 'custom', path: ['options', 'channelId'], message: 'shipbob needs options.channelId (the ShipBob channel to act for)' });
    }
  });
export type SystemBinding = z.infer<typeof SystemBinding>;

const SystemId = z.string().regex(/^[a-z][a-z0-9-]*$/, 'system ids are lower-case slugs, e.g. "shopify" or "my-3pl"');

export const EnvironmentFile = z
  .object({
    name: z.string().min(1, 'must not be empty'),
    systems: z.record(SystemId, SystemBinding),
    webhookBaseUrl: z.string().min(1).optional(),
  })
  .strict();
export type EnvironmentFile = z.infer<typeof EnvironmentFile>;

export function parseEnvironmentFile(text: string, file: string): Result<EnvironmentFile, Problem[]> {
  return parseJsonDocument(text, EnvironmentFile, file, 'ENVIRONMENT_INVALID');
}

/**
 * Replaces `${NAME}` references anywhere in the file with values from
 * `variables`, then validates the result again. Missing variables are
 * reported, never replaced by "".
 */
export function resolveEnvironmentReferences(
  environment: EnvironmentFile,
  variables: Readonly<Record<string, string | undefined>>,
  file: string,
): Result<EnvironmentFile, Problem[]> {
  const problems: Problem[] = [];
  const resolveString = (value: string, path: string): string =>
    value.replace(new RegExp(REFERENCE_SOURCE, 'g'), (_whole, name: string) => {
      const found = variables[name];
      if (found !== undefined) return found;
      problems.push({
        code: 'ENVIRONMENT_VARIABLE_MISSING',
        message: `environment variable ${name} is not set`,
        hint: `Set ${name} before running, or put the value in the file.`,
        location: { file, path },
      });
      return '';
    });
  const walk = (value: unknown, path: string): unknown => {
    if (typeof value === 'string') return resolveString(value, path);
    if (Array.isArray(value)) return value.map((item, index) => walk(item, `${path}[${index}]`));
    if (typeof value === 'object' && value !== null) {
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, walk(item, path === '' ? key : `${path}.${key}`)]));
    }
    return value;
  };
  const resolved = walk(environment, '');
  if (problems.length > 0) return { ok: false, error: problems };
  const parsed = EnvironmentFile.safeParse(resolved);
  if (parsed.success) return { ok: true, value: parsed.data };
  return {
    ok: false,
    error: parsed.error.issues.map((issue) => ({
      code: 'ENVIRONMENT_INVALID',
      message: `after resolving variables: ${issue.message}`,
      location: { file, path: formatPath(issue.path) },
    })),
  };
}
