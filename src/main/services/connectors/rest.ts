import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { OpenApiSpec, Operation } from '../../../shared/openapi/operations';
import { readOpenApi } from '../../../shared/openapi/operations';
import { ProblemError } from '../../../shared/problem';
import type { ConnectorResult } from './connector';
import { VendorConnector, basic, bearer } from './connector';
import type { HttpClient } from './http-client';

/**
 * The universal REST connector: any API described by an OpenAPI 3 document,
 * so systems without a managed connector (Klaviyo, Recharge, Avalara, …) are
 * reachable. Its operations are the read and write targets; credentials come
 * from the environment file: `token` (bearer), `username` + `password`
 * (basic) or `apiKey` (sent as the document's API-key scheme says).
 */
export interface RestCall {
  readonly path?: Readonly<Record<string, string | number>>;
  readonly query?: Readonly<Record<string, string | number | undefined>>;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: unknown;
  /** Sent as `Idempotency-Key` on writes, the common convention. */
  readonly idempotencyKey?: string;
}

export class RestConnector extends VendorConnector {
  constructor(
    baseUrl: string,
    readonly api: OpenApiSpec,
    private readonly credentials: Readonly<Record<string, string>>,
    client: HttpClient,
    system: string,
  ) {
    super(system, baseUrl, client, authHeaders(api, credentials));
  }

  operation(id: string): Operation {
    const found = this.api.operations.find((operation) => operation.id === id);
    if (found === undefined) {
      const known = this.api.operations.slice(0, 8).map((operation) => operation.id).join(', ');
      throw new ProblemError({ code: 'REST_OPERATION_UNKNOWN', message: `${this.system}'s API (${this.api.title}) has no operation "${id}".`, hint: `Its operations include ${known}.` });
    }
    return found;
  }

  /** Calls one operation; a missing required parameter is refused before anything is sent. */
  async invoke(id: string, call: RestCall = {}): Promise<ConnectorResult<unknown>> {
    const operation = this.operation(id);
    const given = (parameter: { name: string; in: 'path' | 'query' | 'header' }): unknown =>
      parameter.in === 'path' ? call.path?.[parameter.name] : parameter.in === 'query' ? call.query?.[parameter.name] : Object.entries(call.headers ?? {}).find(([name]) => name.toLowerCase() === parameter.name.toLowerCase())?.[1];
    const missing = operation.parameters.filter((parameter) => parameter.required && given(parameter) === undefined);
    if (missing.length > 0 || (operation.body?.required === true && call.body === undefined)) {
      const names = [...missing.map((parameter) => `${parameter.in} parameter "${parameter.name}"`), ...(operation.body?.required === true && call.body === undefined ? ['a request body'] : [])];
      throw new ProblemError({ code: 'REST_CALL_INCOMPLETE', message: `${id} needs ${names.join(', ')}.` });
    }
    const path = operation.path.replace(/\{([^}]+)\}/g, (_whole, name: string) => encodeURIComponent(String(call.path?.[name] ?? '')));
    const auth = this.api.auth;
    const apiKey = this.credentials['apiKey'];
    const keyInQuery = auth?.kind === 'api-key' && auth.in === 'query' && auth.name !== undefined && apiKey !== undefined ? { [auth.name]: apiKey } : {};
    const headers: Record<string, string> = { ...(call.headers ?? {}) };
    if (call.body !== undefined) headers['content-type'] = operation.body?.contentType ?? 'application/json';
    if (call.idempotencyKey !== undefined && operation.kind === 'write') headers['idempotency-key'] = call.idempotencyKey;
    return this.bodyOf({
      method: operation.method.toUpperCase() as 'GET',
      path,
      query: { ...(call.query ?? {}), ...keyInQuery },
      headers,
      ...(call.body === undefined ? {} : { body: JSON.stringify(call.body) }),
      changesState: operation.kind === 'write',
    });
  }
}

/** The auth headers the credentials give: a token, a user and password, or an API key in the header the document names. */
function authHeaders(api: OpenApiSpec, credentials: Readonly<Record<string, string>>): Record<string, string> {
  const { token, username, password, apiKey } = credentials;
  if (token !== undefined) return bearer(token);
  if (username !== undefined && password !== undefined) return basic(username, password);
  const auth = api.auth;
  if (apiKey !== undefined && auth?.kind === 'api-key' && auth.in === 'header' && auth.name !== undefined) return { [auth.name.toLowerCase()]: apiKey };
  return {};
}

/** Reads an OpenAPI document from a JSON or YAML file, refusing anything else with a located reason. */
export function loadOpenApi(file: string): OpenApiSpec {
  const text = readFileSync(file, 'utf8');
  let document: unknown;
  try {
    document = file.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (error: unknown) {
    throw new ProblemError({ code: 'OPENAPI_UNREADABLE', message: `${file} cannot be read as ${file.endsWith('.json') ? 'JSON' : 'YAML'}: ${error instanceof Error ? error.message : String(error)}`, location: { file } });
  }
  const spec = readOpenApi(document, file);
  if (!spec.ok) throw new ProblemError(spec.error[0] ?? { code: 'OPENAPI_INVALID', message: `${file} is not an OpenAPI 3 document.` });
  return spec.value;
}
