import { z } from 'zod';
import type { Problem, Result } from '../problem';

/**
 * The operations an OpenAPI 3 document offers, for the universal REST
 * connector (issue 6): each becomes a read (GET, HEAD) or write target. Only
 * what a call needs is read — method, path, parameters, body, auth — and
 * local `$ref`s to parameters are followed; the rest of the document is left
 * alone.
 */
export const HTTP_METHODS = ['get', 'head', 'post', 'put', 'patch', 'delete'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export interface OperationParameter {
  readonly name: string;
  readonly in: 'path' | 'query' | 'header';
  readonly required: boolean;
}

export interface Operation {
  /** `operationId`, or `METHOD /path` when the document gives none. */
  readonly id: string;
  readonly method: HttpMethod;
  readonly path: string;
  readonly summary: string;
  readonly kind: 'read' | 'write';
  readonly parameters: readonly OperationParameter[];
  readonly body: { readonly contentType: string; readonly required: boolean } | null;
}

export interface ApiAuth {
  readonly kind: 'bearer' | 'basic' | 'api-key';
  /** For an API key: the header (or query parameter) that carries it. */
  readonly name?: string;
  readonly in?: 'header' | 'query';
}

export interface OpenApiSpec {
  readonly title: string;
  readonly version: string;
  readonly operations: readonly Operation[];
  readonly auth: ApiAuth | null;
}

const Parameter = z.object({ name: z.string().min(1), in: z.enum(['path', 'query', 'header', 'cookie']), required: z.boolean().optional() });
const Reference = z.object({ $ref: z.string() });

const Document = z.object({
  openapi: z.string().regex(/^3\./, 'Steward reads OpenAPI 3 documents (openapi: "3.x")'),
  info: z.object({ title: z.string().default('API'), version: z.string().default('') }).loose(),
  paths: z.record(z.string(), z.record(z.string(), z.unknown())),
  components: z
    .object({
      parameters: z.record(z.string(), z.unknown()).optional(),
      securitySchemes: z.record(z.string(), z.object({ type: z.string(), scheme: z.string().optional(), name: z.string().optional(), in: z.string().optional() }).loose()).optional(),
    })
    .loose()
    .optional(),
}).loose();

export function readOpenApi(document: unknown, file: string): Result<OpenApiSpec, Problem[]> {
  const parsed = Document.safeParse(document);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => ({
      code: 'OPENAPI_INVALID',
      message: `${file} is not an OpenAPI 3 document: ${issue.path.length === 0 ? '' : `${issue.path.join('.')}: `}${issue.message}`,
      location: { file, path: issue.path.join('.') },
    }));
    return { ok: false, error: problems };
  }
  const spec = parsed.data;
  const shared = spec.components?.parameters ?? {};
  const problems: Problem[] = [];
  const parameter = (raw: unknown, where: string): OperationParameter | null => {
    let value = raw;
    const reference = Reference.safeParse(raw);
    if (reference.success) {
      const name = /^#\/components\/parameters\/(.+)$/.exec(reference.data.$ref)?.[1];
      value = name === undefined ? undefined : shared[name];
      if (value === undefined) {
        problems.push({ code: 'OPENAPI_REF', message: `${file}: ${where} refers to ${reference.data.$ref}, which is not in components.parameters.`, location: { file, path: where } });
        return null;
      }
    }
    const found = Parameter.safeParse(value);
    if (!found.success || found.data.in === 'cookie') return null;
    return { name: found.data.name, in: found.data.in, required: found.data.in === 'path' || found.data.required === true };
  };

  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(spec.paths)) {
    const common = Array.isArray(item['parameters']) ? (item['parameters'] as unknown[]) : [];
    for (const method of HTTP_METHODS) {
      const operation = item[method] as { operationId?: unknown; summary?: unknown; parameters?: unknown; requestBody?: unknown } | undefined;
      if (operation === undefined || typeof operation !== 'object') continue;
      const where = `paths.${path}.${method}`;
      const own = Array.isArray(operation.parameters) ? (operation.parameters as unknown[]) : [];
      const parameters = new Map<string, OperationParameter>();
      for (const [index, raw] of [...common, ...own].entries()) {
        const found = parameter(raw, `${where}.parameters.${index}`);
        if (found !== null) parameters.set(`${found.in}:${found.name}`, found);
      }
      const body = operation.requestBody as { content?: Record<string, unknown>; required?: boolean } | undefined;
      const contentType = body?.content === undefined ? undefined : (Object.keys(body.content).find((type) => type.includes('json')) ?? Object.keys(body.content)[0]);
      operations.push({
        id: typeof operation.operationId === 'string' && operation.operationId !== '' ? operation.operationId : `${method.toUpperCase()} ${path}`,
        method,
        path,
        summary: typeof operation.summary === 'string' ? operation.summary : '',
        kind: method === 'get' || method === 'head' ? 'read' : 'write',
        parameters: [...parameters.values()],
        body: contentType === undefined ? null : { contentType, required: body?.required === true },
      });
    }
  }
  if (problems.length > 0) return { ok: false, error: problems };
  return { ok: true, value: { title: spec.info.title, version: spec.info.version, operations, auth: authOf(spec.components?.securitySchemes ?? {}) } };
}

/** The first security scheme Steward can speak: HTTP bearer or basic, or an API key in a header or query. */
function authOf(schemes: Record<string, { type: string; scheme?: string | undefined; name?: string | undefined; in?: string | undefined }>): ApiAuth | null {
  for (const scheme of Object.values(schemes)) {
    if (scheme.type === 'http' && scheme.scheme?.toLowerCase() === 'bearer') return { kind: 'bearer' };
    if (scheme.type === 'http' && scheme.scheme?.toLowerCase() === 'basic') return { kind: 'basic' };
    if (scheme.type === 'apiKey' && scheme.name !== undefined && (scheme.in === 'header' || scheme.in === 'query')) return { kind: 'api-key', name: scheme.name, in: scheme.in };
    if (scheme.type === 'oauth2' || scheme.type === 'openIdConnect') return { kind: 'bearer' };
  }
  return null;
}
